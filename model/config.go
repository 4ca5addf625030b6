package model

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/orgsim/orgsim/sim"
)

// Config is the whole input of a run: the run settings, the work shared by
// every organisation, the organisations being compared and the disruptions.
// Scenario files decode into it. [Default] returns a calibrated comparison;
// the zero value is not runnable.
type Config struct {
	Seed    uint64  // the scenario's seed; a run is reproducible from (Seed, replication)
	Horizon float64 // hours: arrivals stop at the horizon and the system drains
	WarmUp  float64 // hours: issues arriving earlier are left out of the metrics
	Drain   float64 // hours after the horizon allowed for draining; what is left is censored
	MaxOpen int     // open issues in one organisation at which a run stops as unstable

	Work          Work
	Organisations []Organisation
	Disruptions   []Disruption
	Metrics       MetricsConfig
}

// Locality is the geometry on which teams sit; every generator (peer links,
// issue scope, hierarchy grouping) uses the same positions.
type Locality uint8

// Team localities.
const (
	Ring Locality = iota // teams on a circle, neighbours by index distance
	Grid                 // teams on a torus-free rectangle, Chebyshev distance
)

// String returns "ring" or "grid".
func (l Locality) String() string {
	if l == Grid {
		return "grid"
	}
	return "ring"
}

// Work describes the teams and the issues arriving at them; it is shared by
// every organisation of a scenario, so that two organisations in one
// replication see identical issues.
type Work struct {
	Teams     int      // number of teams
	TeamSize  int      // people per team
	Locality  Locality // ring or grid
	GridWidth int      // columns of the grid; 0 means ⌈√Teams⌉
	Rate      float64  // issues per hour arriving at each team (Poisson)
	Theta     float64  // difficulty z ~ Exp(Theta): a unit with knowledge z_i resolves z ≤ z_i
	CrossTeam float64  // probability that an issue's scope spans several teams
	ScopeMin  int      // fewest teams in a cross-team scope (≥ 2)
	ScopeMax  int      // most teams in a cross-team scope (≤ MaxScope); k is uniform on [ScopeMin, ScopeMax]
	Radius    int      // the other teams of a scope lie within this locality distance of the origin
	GoodShare float64  // probability that an issue is good (should be accepted)
	Value     Dist     // an issue's value, compared with authority limits
	// Domains is the number of knowledge domains; each issue belongs to
	// one, uniformly, drawn from its own keyed number (0 means 1).
	Domains int

	// RatePerPerson, when > 0, sets every team's issue rate to
	// RatePerPerson × TeamSize instead of Rate: demand per member, so that
	// with Headcount fixed a sweep over TeamSize keeps the total demand.
	RatePerPerson float64
	// Headcount, when > 0, is the people in all teams together; the
	// scenario loader sets Teams = round(Headcount ÷ TeamSize), so larger
	// teams mean fewer teams.
	Headcount int
	// TeamForm is the queueing form of a team (see [TeamForm]).
	TeamForm TeamForm
	// Traffic is a second class of work: messages between any two units
	// (see [Traffic]); its zero value sends none.
	Traffic Traffic

	// ProcessLoss c is the share of a member's rate lost to coordination
	// per other member (Steiner's process loss): each member works at
	// μ·(1 − c·(n − 1)), floored at 0, in a team of n present. Used by the
	// pooled and members forms.
	ProcessLoss float64

	// ValueHalfLife is the working time in which a good issue's value
	// halves while it waits for its decision: accepting it earns
	// v·e^(−δT) with δ = ln 2 ÷ ValueHalfLife and T its latency (0 or
	// +Inf: no decay).
	ValueHalfLife float64
	// BadCost is what accepting a bad issue costs, as a multiple of its
	// value, without decay; rejecting any issue earns 0.
	BadCost float64
}

// TeamForm is the queueing form of a team and what its decision time means.
type TeamForm uint8

// Team forms. In the pooled and members forms a team's decision time is
// one member's hands-on time, and n members present (newcomers counted by
// their ramp-up) at process loss c give the team the capacity
// n·μ·(1 − c·(n−1)), largest at n* = (1 + 1/c)/2.
const (
	// TeamWhole: the decision time is the whole team's; one pooled decider
	// (servers 0), whose rate scales with the share of members present, or
	// servers deciders. Team size changes nothing else.
	TeamWhole TeamForm = iota
	// TeamPooled: one pooled decider (an M/G/1 queue) at rate
	// n·μ·(1 − c·(n−1)).
	TeamPooled
	// TeamMembers: one decider per member present (an M/G/n queue), each
	// at rate μ·(1 − c·(n−1)).
	TeamMembers
)

var teamFormNames = [...]string{"whole", "pooled", "members"}

// String returns "whole", "pooled" or "members".
func (f TeamForm) String() string {
	if int(f) < len(teamFormNames) {
		return teamFormNames[f]
	}
	return fmt.Sprintf("TeamForm(%d)", f)
}

// Traffic is a class of work that is not a decision: messages that every
// unit (teams, managers, coaches, the root alike) sends at Rate per hour to
// another unit drawn from To, and that travel on a shortest path over the
// reports_to and peer links (ties: each step goes to the lowest-indexed
// neighbour one step nearer the destination). Every unit on the path after
// the sender — the relays and the destination — serves the message for
// Effort of one of its hands-on decision times, and each step is a hop.
// Traffic loads queues and counts as effort and messages, but not as
// decisions: latency and quality metrics are the issues'.
type Traffic struct {
	Rate   float64     // messages per hour sent by each unit (0: none)
	To     TrafficDest // how destinations are drawn
	Effort float64     // share of a hands-on decision time each unit on the path spends on a message
}

// TrafficDest says where traffic goes.
type TrafficDest uint8

// Traffic destinations.
const (
	ToAnyUnit TrafficDest = iota // uniformly any other unit
	ToTeams                      // uniformly any team other than the sender
)

var trafficDestNames = [...]string{"any", "teams"}

// String returns "any" or "teams".
func (d TrafficDest) String() string {
	if int(d) < len(trafficDestNames) {
		return trafficDestNames[d]
	}
	return fmt.Sprintf("TrafficDest(%d)", d)
}

// MaxTrafficUnits is the largest organisation that may carry traffic: its
// routes are a next-step table per destination.
const MaxTrafficUnits = 4096

// TeamRate returns the issue rate at each team, per hour: Rate, or
// RatePerPerson × TeamSize when RatePerPerson is set.
func (w *Work) TeamRate() float64 {
	if w.RatePerPerson > 0 {
		return w.RatePerPerson * float64(w.TeamSize)
	}
	return w.Rate
}

// TeamsForHeadcount returns the number of teams Headcount people make in
// teams of TeamSize: round(Headcount ÷ TeamSize), at least 1.
func (w *Work) TeamsForHeadcount() int {
	if w.TeamSize < 1 {
		return 1
	}
	return max(1, int(math.Round(float64(w.Headcount)/float64(w.TeamSize))))
}

// processFactor is each member's share of a full rate in a team of n
// present at process loss c: 1 − c·(n − 1), floored at 0.
func processFactor(c, n float64) float64 {
	if c == 0 {
		return 1
	}
	return max(0, 1-c*(n-1))
}

// MaxScope is the largest number of teams an issue may involve.
const MaxScope = 8

// MaxDomains is the largest number of knowledge domains.
const MaxDomains = 64

// Structure says how an organisation's units are made.
type Structure uint8

// The structures: two generated presets and a hand-written one.
const (
	Hierarchy Structure = iota // generated tree of managers over the teams
	Lattice                    // generated peer links between teams, optional coaches
	Explicit                   // units listed one by one
)

var structureNames = [...]string{"hierarchy", "lattice", "explicit"}

// String returns "hierarchy", "lattice" or "explicit".
func (s Structure) String() string {
	if int(s) < len(structureNames) {
		return structureNames[s]
	}
	return fmt.Sprintf("Structure(%d)", s)
}

// Role is what a unit is in its organisation.
type Role uint8

// Unit roles.
const (
	RoleTeam    Role = iota // a team: where issues arrive
	RoleManager             // a manager between teams and the root
	RoleCoach               // a coach or coordinating circle of a lattice
	RoleRoot                // the top leader of a hierarchy
)

var roleNames = [...]string{"team", "manager", "coach", "root"}

// String returns the role's name.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", r)
}

// UnitParams are the settings of one unit; an organisation gives one set per
// role, and explicit units may override them.
type UnitParams struct {
	// Servers is the number of parallel deciders. For a team, 0 means one
	// pooled decider whose rate scales with the members present; c ≥ 1
	// means c deciders, one of which goes when a member is lost. For other
	// units 0 means 1.
	Servers      int
	Decision     Dist    // hands-on hours to examine one issue
	TimeShare    float64 // share of working time spent on decisions: elapsed service = hands-on ÷ TimeShare
	Knowledge    float64 // z_i: resolves issues of difficulty ≤ z_i
	Authority    float64 // largest issue value the unit may decide; +Inf for no limit
	Accuracy     float64 // π_i: base probability of deciding correctly within knowledge
	Availability float64 // share of working time present; scales the unit's rate

	// DifficultyAuthority is the hardest issue, as difficulty, the unit is
	// allowed to decide: above it the issue escalates even where the unit
	// knows it (a hierarchy that keeps decisions at the top). 0 or +Inf:
	// no limit beyond the unit's knowledge. Routing.Grow widens it.
	DifficultyAuthority float64

	// AcceptGood and AcceptBad are the probabilities, within the unit's
	// knowledge and at its own team, of accepting a good and a bad issue:
	// asymmetric screening. Both 0 (unset) means the symmetric shorthand
	// Accuracy: AcceptGood = π, AcceptBad = 1 − π. Distance fades each
	// towards 0.5 like P(correct); beyond its knowledge both are 0.5.
	AcceptGood, AcceptBad float64

	// KnowledgeSpread σ makes knowledge differ by domain, keeping its mean
	// in the terms that matter for routing, the share of issues resolved:
	// in each of the work's domains the unit resolves the share
	// F(Knowledge) + σ·ε of issues (kept within 0.001 … 0.999), with F the
	// difficulty's distribution function and ε standard normal, drawn per
	// replication from a stream keyed by the unit and the domain (a team's
	// draws are the same in every organisation). 0: the same knowledge in
	// every domain. A unit that knows nothing (0) or everything (+Inf)
	// does so in every domain.
	KnowledgeSpread float64
	// DomainKnowledge, when set, gives the unit's knowledge in each domain
	// explicitly (one value per domain of the work); Knowledge and
	// KnowledgeSpread are then not used for it.
	DomainKnowledge []float64
}

// capOf returns a unit's difficulty authority, +Inf when unset.
func capOf(p *UnitParams) float64 {
	if p.DifficultyAuthority == 0 {
		return math.Inf(1)
	}
	return p.DifficultyAuthority
}

// Screening returns the unit's probabilities of accepting a good and a bad
// issue within its knowledge at zero hops (see AcceptGood).
func (u *UnitParams) Screening() (good, bad float64) {
	if u.AcceptGood == 0 && u.AcceptBad == 0 {
		return u.Accuracy, 1 - u.Accuracy
	}
	return u.AcceptGood, u.AcceptBad
}

// AdviceBy says how a unit picks the peers it asks for advice.
type AdviceBy uint8

// Ways of picking advisors.
const (
	ByPeers     AdviceBy = iota // the first routing.advice of its peer links, nearest first
	ByDirectory                 // the candidates it believes most competent in the issue's domain, less a cost per distance
)

var adviceByNames = [...]string{"peers", "directory"}

// String returns "peers" or "directory".
func (a AdviceBy) String() string {
	if int(a) < len(adviceByNames) {
		return adviceByNames[a]
	}
	return fmt.Sprintf("AdviceBy(%d)", a)
}

// ApprovalRule says how a serial approval chain combines its approvers.
type ApprovalRule uint8

// Approval rules.
const (
	ApprovalOff ApprovalRule = iota // no approval chain
	ApprovalAll                     // every approver must accept (a hierarchy); one rejection returns it early
	ApprovalAny                     // one acceptance suffices (a polyarchy)
)

var approvalNames = [...]string{"off", "all", "any"}

// String returns "off", "all" or "any".
func (r ApprovalRule) String() string {
	if int(r) < len(approvalNames) {
		return approvalNames[r]
	}
	return fmt.Sprintf("ApprovalRule(%d)", r)
}

// Routing holds an organisation's settings of the one routing rule (see the
// package documentation); a hierarchy and a lattice differ only in them and
// in their units' parameters.
type Routing struct {
	Advice        int          // m: peers asked for advice when an issue is beyond a unit's knowledge (0: never)
	AdviceTimeout float64      // hours the asker waits for advice and consultation before deciding anyway
	Consult       bool         // whether the origin team consults the affected teams of a cross-team issue
	KMax          int          // the most teams a consultation may involve; beyond it the issue escalates
	MaxDifficulty float64      // difficulty above which a team escalates at once (+Inf: none)
	Fidelity      float64      // information fidelity per hop between the origin and the decider
	Hop           Dist         // delay of one message between units, hours
	Approval      ApprovalRule // approval chain rule for valuable issues
	ApprovalAbove float64      // issues with a value above this need approval (with Approval ≠ off)

	// AdviceBy picks the advisors. With ByDirectory an asker looks at its
	// peer links and the teams within AdviceRadius of it (never further,
	// so the search is bounded) and asks the Advice candidates with the
	// highest believed knowledge in the issue's domain less HopCost per
	// unit of locality distance (ties: nearer, then the lower index). Its
	// belief is right with probability DirectoryAccuracy for each
	// (asker, candidate, domain), drawn once per replication; otherwise it
	// believes the candidate's mean knowledge over the domains (it knows
	// how good a colleague is, not in what).
	AdviceBy AdviceBy
	// AdviseUp makes a team ask the unit above it (a coach, a sponsor, a
	// manager who advises rather than decides) for advice too, alongside
	// its Advice peers (or alone when Advice is 0), instead of escalating
	// what it does not know; the team decides with the advice.
	AdviseUp          bool
	AdviceRadius      int     // ByDirectory: teams within this locality distance are candidates
	DirectoryAccuracy float64 // ByDirectory: probability that the asker knows a candidate's knowledge in a domain
	HopCost           float64 // ByDirectory: believed knowledge given up per unit of locality distance (difficulty units)

	// Deadline is the escalated class's deadline, hours after an issue's
	// arrival (0 or +Inf: none; advice and consultation have their
	// timeout, and a team's own queue has none). Once it has passed, the
	// unit holding the issue in its queue acts at once, or when the issue
	// next reaches a queue above its team: by OnDeadline.
	Deadline   float64
	OnDeadline DeadlineAction
	// DeadlineEffort is the share of a normal hands-on time a forced
	// decision (OnDeadline = decide) takes; it goes to the head of the
	// holder's queue. Never 0: a forced decision is never free.
	DeadlineEffort float64
	// Intent ι is what the leader's intent gives a team acting on it
	// beyond its knowledge: P(correct) = 0.5 + ι·(π − 0.5) (0: a coin).
	Intent float64

	// Delegation under overload (Aghion and Tirole's real authority): when
	// a leader's utilisation over the last DelegateWindow hours reaches
	// DelegateAbove, every unit reporting to it may decide issues up to
	// DelegateDifficulty more of the difficulty distribution beyond its
	// knowledge (as a guess where it does not know) and values up to
	// DelegateAuthority more of the value distribution, for at least
	// DelegateFor hours and until the utilisation over the window falls to
	// DelegateBelow (hysteresis). DelegateAbove 0: never. Checked on the
	// metrics grid.
	DelegateAbove      float64
	DelegateBelow      float64
	DelegateWindow     float64
	DelegateFor        float64
	DelegateDifficulty float64 // a share of issues, e.g. 0.1: a team resolving 70 % may decide up to 80 %
	DelegateAuthority  float64 // a share of values, likewise

	// Growth of the teams' authority over time (a policy of delegation):
	// from GrowFrom hours, every GrowEvery hours, a team's difficulty
	// authority (UnitParams.DifficultyAuthority) widens by GrowStep of the
	// difficulty distribution (as a share of issues, up to GrowMax in all)
	// — every team in every domain on a schedule, or, by rule, in each
	// domain where its measured accuracy (the feedback on its own
	// decisions, weighted over the last GrowWindow hours) is at least
	// GrowAccuracy over at least 10 decisions. A team still escalates what
	// it does not know; with learning by deciding (Learning) it comes to
	// know more of what it may now decide.
	Grow         GrowPolicy
	GrowFrom     float64
	GrowEvery    float64
	GrowStep     float64
	GrowMax      float64
	GrowAccuracy float64
	GrowWindow   float64
}

// GrowPolicy says whether and how a structure widens its teams' authority
// over time.
type GrowPolicy uint8

// Growth policies.
const (
	GrowOff      GrowPolicy = iota // authority stays as set
	GrowSchedule                   // every team, every domain, step by step
	GrowRule                       // where a team's measured accuracy earns it
)

var growNames = [...]string{"off", "schedule", "rule"}

// String returns "off", "schedule" or "rule".
func (g GrowPolicy) String() string {
	if int(g) < len(growNames) {
		return growNames[g]
	}
	return fmt.Sprintf("GrowPolicy(%d)", g)
}

// MarshalText returns "off", "schedule" or "rule".
func (g GrowPolicy) MarshalText() ([]byte, error) {
	return nameText(growNames[:], int(g), "growth policy")
}

// UnmarshalText reads "off", "schedule" or "rule".
func (g *GrowPolicy) UnmarshalText(text []byte) error {
	i, err := nameIndex(growNames[:], text, "growth policy")
	if err == nil {
		*g = GrowPolicy(i)
	}
	return err
}

// DeadlineAction is what the holder of an issue does at its deadline.
type DeadlineAction uint8

// Deadline actions. Neither is free: a forced decision takes the holder's
// time (DeadlineEffort) and is made with what it knows (a coin beyond its
// knowledge); a returned issue travels back down and takes its team's time,
// and the team decides on the leader's intent (Intent) where it does not
// know.
const (
	DeadlineDecide DeadlineAction = iota // the holder decides with what it knows
	DeadlineReturn                       // the issue goes back to its team with authority to act on intent
)

var deadlineNames = [...]string{"decide", "return"}

// String returns "decide" or "return".
func (a DeadlineAction) String() string {
	if int(a) < len(deadlineNames) {
		return deadlineNames[a]
	}
	return fmt.Sprintf("DeadlineAction(%d)", a)
}

// Organisation is one structure being compared. Generated structures use the
// counts (Levels and Span; PeerLinks, Rewire and TeamsPerCoach); an explicit
// one lists its Units.
type Organisation struct {
	Name      string
	Structure Structure

	// Hierarchy: Levels of units above the teams (the root counts; 1 means
	// every team reports to the root), and the span of each level from the
	// top down (one value: the same span everywhere). Teams are grouped by
	// locality, consecutive teams under one manager.
	Levels int
	Span   []int

	// Lattice: each team has PeerLinks peers by locality (its nearest),
	// each link rewired to a random team with probability Rewire; a coach
	// serves every TeamsPerCoach consecutive teams (0: no coaches), and
	// with Circle the coaches report to one coordinating circle.
	PeerLinks     int
	Rewire        float64
	TeamsPerCoach int
	Circle        bool

	// Explicit: every unit with its id, role and links. Teams are the
	// units with role team and id "t1" … "tN" for the N teams of the work.
	Units []UnitSpec

	Team, Manager, Coach, Root UnitParams // parameters per role

	// ManagerLevels, when set, gives the managers of each level their own
	// parameters, from the top down: ManagerLevels[0] for the managers
	// just under the root. Levels beyond its length use Manager.
	ManagerLevels []UnitParams
	Routing       Routing

	// Tacit is the share of a member's know-how that is not replicated in
	// the team (institutional memory, Carley 1992): a team of n with m
	// members missing knows (1 − Tacit·m/n) of its knowledge, a newcomer
	// counting by its ramp-up. 0: nothing leaves with people. With
	// learning on, a leaver takes Tacit/n of the team's practice instead.
	Tacit float64

	// Learning is learning by deciding (off unless switched on).
	Learning Learning
}

// Learning is learning by deciding and forgetting (see [Learning.On]).
//
// Each unit has, per knowledge domain, a stock of practice K that grows by
// one with the feedback on each decision it made (feedback comes
// FeedbackDelay hours after the decision and says whether it was right)
// and depreciates continuously, halving in HalfLife working hours without
// practice: the stock form K ← λ·K + q of Argote, Beckman and Epple (1990),
// with λ per working hour. Decay is computed in closed form when the stock
// is read. The stock K maps to, with g(K) = 1 − e^(−K/Scale):
//
//   - the share of issues the unit resolves: F₀ + (max(KnowledgeCap, F₀) − F₀)·g(K),
//     F₀ being the share its knowledge parameter resolves (the unit without
//     practice);
//   - its accuracy: π₀ + (max(AccuracyCap, π₀) − π₀)·g(K);
//   - its hands-on time: × (SpeedFloor + (1 − SpeedFloor)·(1 + K)^(−SpeedExponent)),
//     De Jong's learning curve with an incompressible share SpeedFloor, so
//     that no unit becomes arbitrarily fast.
//
// Stocks start at the steady state of the organisation's own behaviour: a
// burn-in of BurnIn hours on issues of their own (a separate stream), with
// no disruption and no growth of authority, is run first and discarded.
type Learning struct {
	On            bool
	FeedbackDelay float64 // hours from a decision to its feedback
	HalfLife      float64 // hours in which practice halves without feedback (0 or +Inf: no forgetting)
	Scale         float64 // practice at which 63 % of the gain in knowledge and accuracy is made
	KnowledgeCap  float64 // share of issues resolved at the plateau
	AccuracyCap   float64 // accuracy at the plateau
	SpeedFloor    float64 // incompressible share of the hands-on time (De Jong's M)
	SpeedExponent float64 // the learning curve's exponent b (0.32: an 80 % curve)
	BurnIn        float64 // hours of burn-in before the run (0: stocks start empty)
}

// DefaultLearning returns learning's documented settings, switched off:
// feedback after 1 working week; practice halving in 10 working weeks
// (Argote, Beckman and Epple's Liberty-ship depreciation — about 3 % of a
// stock left after a year — converted to working hours, an assumption for
// decision skill); 63 % of the gain after 20 decisions in a domain; a
// plateau of 95 % of issues resolved and accuracy 0.95; an 80 % learning
// curve (b = 0.32) with half the hands-on time incompressible; a burn-in of
// one working year. All are assumptions to sweep.
func DefaultLearning() Learning {
	return Learning{
		FeedbackDelay: sim.Week, HalfLife: 10 * sim.Week, Scale: 20,
		KnowledgeCap: 0.95, AccuracyCap: 0.95, SpeedFloor: 0.5, SpeedExponent: 0.32,
		BurnIn: sim.Year,
	}
}

// UnitSpec is one unit of an explicit structure.
type UnitSpec struct {
	ID        string
	Role      Role
	ReportsTo string      // the unit above; "" for a unit with none
	Peers     []string    // units asked for advice, nearest first
	Params    *UnitParams // overrides the role's parameters; nil keeps them
}

// DisruptionKind names what a disruption does.
type DisruptionKind uint8

// Disruption kinds.
const (
	LeaderLoss     DisruptionKind = iota // a unit's leader goes (selector, policy)
	MemberLoss                           // one member of a team goes
	Attrition                            // members leave at a rate and are replaced
	Surge                                // arrivals multiply for a window
	KnowledgeShock                       // issues get harder from a time on
	Slowdown                             // hop delays multiply for a window
)

var disruptionNames = [...]string{"leader-loss", "member-loss", "attrition", "surge", "knowledge-shock", "slowdown"}

// String returns the kind's name as scenario files write it.
func (k DisruptionKind) String() string {
	if int(k) < len(disruptionNames) {
		return disruptionNames[k]
	}
	return fmt.Sprintf("DisruptionKind(%d)", k)
}

// Policy is how an organisation covers a lost leader.
type Policy uint8

// Succession policies.
const (
	Freeze    Policy = iota // the queue waits for the successor
	SkipLevel               // the queue and new work go to the unit above until the successor comes
	Interim                 // after the vacancy an interim works at a reduced rate until the successor
	Deputy                  // a deputy takes a share of the work at its own knowledge until the successor; the rest waits
)

var policyNames = [...]string{"freeze", "skip-level", "interim", "deputy"}

// String returns the policy's name.
func (p Policy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("Policy(%d)", p)
}

// Disruption is one event that strikes every organisation at the same
// simulated time. Which fields matter depends on Kind.
type Disruption struct {
	Kind DisruptionKind
	At   float64 // when it strikes, hours (after the warm-up)

	// Until ends a window: surge and slowdown (required), member loss (the
	// member returns; 0: never).
	Until float64

	// Leader loss: the unit, by selector ("root", "level:N" counted from
	// the top at 0, a unit id, "random-manager"), and the succession policy.
	Selector      string
	Policy        Policy
	Vacancy       float64 // hours until an interim (Interim) or the successor (Freeze, SkipLevel)
	InterimFactor float64 // capacity factor of the interim
	Successor     float64 // Interim: hours after At when the permanent successor arrives
	RampStart     float64 // a successor's or newcomer's starting share of full rate
	RampTau       float64 // e-folding hours of the ramp-up: rate = full·(1 − (1−RampStart)e^{−t/RampTau})
	// KnowledgeStart is the share of the lost leader's knowledge an
	// interim has, and a successor starts with before learning back along
	// the ramp: knowledge = full·(1 − (1−KnowledgeStart)e^{−t/RampTau})
	// (0 is taken as 1: the successor knows what the leader knew).
	KnowledgeStart float64
	// Deputy policy: the unit that acts up ("peer": the leader's least
	// loaded fellow leader under the same unit above, or for a top leader
	// the least loaded unit reporting to it; or a unit id), and the share
	// of the vacant post's work it takes (each issue by a keyed draw); the
	// rest waits for the successor, who comes after Vacancy.
	Deputy      string
	DeputyShare float64
	// Attrition: Leaders makes leaders leave too, each a person at the
	// same rate, covered by Policy (with Vacancy, InterimFactor,
	// Successor and the ramp) as a leader loss would be.
	Leaders bool
	// With learning on: the successor is promoted from team SuccessorFrom
	// (a unit id), bringing that team's practice and leaving it a member
	// (and Tacit/n of its practice) short; "" hires from outside, starting
	// with SuccessorPractice in every domain.
	SuccessorFrom     string
	SuccessorPractice float64

	// Member loss and attrition: the team ("tK" or "random-team"), and the
	// delay before the roles the person held (advice) move to a peer.
	Team    string
	Realloc float64
	// Attrition: losses per person per hour; each lost member is replaced
	// after Vacancy and ramps up as above.
	Rate float64

	Factor float64 // Surge: arrival multiplier; Slowdown: hop-delay multiplier
	Theta  float64 // KnowledgeShock: the new difficulty rate θ′ (smaller: harder issues)
}

// Order returns the indices of the disruptions in the order they strike:
// by time, and in file order at equal times.
func (c *Config) Order() []int {
	idx := make([]int, len(c.Disruptions))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.Disruptions[idx[a]].At < c.Disruptions[idx[b]].At })
	return idx
}

// MetricsConfig holds the settings of the metrics computed after a run.
type MetricsConfig struct {
	Window     float64 // w: width of the windows of the resilience signal, hours (grid step w/4)
	MinIssues  int     // a window is widened until it holds at least this many issues
	Threshold  float64 // Q level that counts as recovered, percent
	Hold       float64 // hours Q must stay at or above Threshold to count as recovered
	KeepIssues bool    // keep every issue's full record in Result.Issues (for traces; resilience needs only Result.Series, always kept)
}

// Default returns the calibrated default comparison: a three-layer
// hierarchy (teams, managers, root, span 7) and a lattice of self-managing
// teams with peer advice and two coaches, on the same 49 teams, over one
// working year after a 10-week warm-up, with no disruption. Every unit's
// baseline utilisation is at most 0.8 (see [OfferedLoad]).
func Default() Config {
	return Config{
		Seed:          1,
		Horizon:       sim.Year,
		WarmUp:        10 * sim.Week,
		Drain:         sim.Year,
		MaxOpen:       100000,
		Work:          DefaultWork(),
		Organisations: []Organisation{DefaultHierarchy(), DefaultLattice()},
		Metrics:       DefaultMetrics(),
	}
}

// DefaultMetrics returns the default metric settings: windows of one working
// week, at least 30 issues a window, recovered at Q ≥ 90 held for 5 weeks.
func DefaultMetrics() MetricsConfig {
	return MetricsConfig{Window: sim.Week, MinIssues: 30, Threshold: 90, Hold: 5 * sim.Week, KeepIssues: true}
}

// DefaultWork returns the default work: 49 teams of 8 on a ring, 2 issues a
// team a working day (0.25/h), difficulty Exp(1), 20 % cross-team issues
// touching 2–3 teams within distance 2, 70 % good issues, values log-normal
// with mean 1 and CV 1 (docs/model.md: rate, p_x, θ). A good issue's value
// halves in 4 working weeks of waiting and a bad one accepted costs its
// value: both assumptions (Van Zandt's staleness gives the form, not a rate).
func DefaultWork() Work {
	return Work{
		Teams: 49, TeamSize: 8, Locality: Ring,
		Rate: 2 / sim.Day, Theta: 1,
		CrossTeam: 0.2, ScopeMin: 2, ScopeMax: 3, Radius: 2,
		GoodShare: 0.7, Value: LogNorm(1, 1),
		ValueHalfLife: DefaultValueHalfLife, BadCost: 1,
		Domains: 4, Traffic: Traffic{Effort: 0.1},
	}
}

// DefaultSpread is the default spread of a team's knowledge over the
// work's domains, in shares of issues resolved (an assumption: teams know
// some domains better than others, the same in every structure).
const DefaultSpread = 0.1

// DefaultTacit is the default share of a member's know-how that is not
// replicated in the team (an assumption, the same in every structure).
const DefaultTacit = 0.5

// DefaultValueHalfLife is the default half-life of a waiting good issue's
// value: 4 working weeks (an assumption to sweep).
const DefaultValueHalfLife = 4 * sim.Week

// quantileZ returns the knowledge z with P(difficulty > z) = q under Exp(θ).
func quantileZ(q, theta float64) float64 { return -math.Log(q) / theta }

// DefaultHierarchy returns the default hierarchy preset: a root over 7
// managers over 7 teams each. Teams resolve 70 % of issues by difficulty
// (q1 = 0.3, the Garicano–Rossi-Hansberg convention) and decide values up to the 90th percentile; managers
// resolve difficulty up to the 95th percentile and values to the 99th; the
// root decides everything. Managers and the root spend 35 % of their time on
// decisions (McKinsey 2019), 15 and 11 minutes hands-on per issue, calibrated so the
// root is the busiest unit at about 0.7. Advice and consultation are off;
// hops take LogNormal(median 0.8 h, σ 1.5) (Kooti et al. 2015's email reply
// times). docs/mechanisms.md gives every setting's source.
func DefaultHierarchy() Organisation {
	w := DefaultWork()
	team := UnitParams{
		Decision: LogNorm(0.5, 1), TimeShare: 0.35,
		Knowledge: quantileZ(0.3, w.Theta), Authority: w.Value.Quantile(0.90),
		Accuracy: 0.9, Availability: 1, DifficultyAuthority: math.Inf(1), KnowledgeSpread: DefaultSpread,
	}
	return Organisation{
		Name: "hierarchy", Structure: Hierarchy, Levels: 2, Span: []int{7},
		Team: team, Tacit: DefaultTacit, Learning: DefaultLearning(),
		Manager: UnitParams{
			Servers: 1, Decision: LogNorm(0.25, 1), TimeShare: 0.35,
			Knowledge: quantileZ(0.05, w.Theta), Authority: w.Value.Quantile(0.99),
			Accuracy: 0.9, Availability: 1, DifficultyAuthority: math.Inf(1),
		},
		Root: UnitParams{
			Servers: 1, Decision: LogNorm(0.18, 1), TimeShare: 0.35,
			Knowledge: quantileZ(0.005, w.Theta), Authority: math.Inf(1),
			Accuracy: 0.9, Availability: 1, DifficultyAuthority: math.Inf(1),
		},
		Coach: defaultCoach(),
		Routing: Routing{
			AdviceTimeout: 2 * sim.Day, KMax: 1, MaxDifficulty: math.Inf(1),
			Fidelity: 0.95, Hop: LogNormMedian(0.8, 1.5), ApprovalAbove: math.Inf(1),
			Deadline: math.Inf(1), DeadlineEffort: 0.5, DelegateWindow: sim.Week, DelegateFor: sim.Week,
			GrowEvery: 4 * sim.Week, GrowStep: 0.05, GrowMax: 0.2, GrowAccuracy: 0.8, GrowWindow: 8 * sim.Week,
		},
	}
}

func defaultCoach() UnitParams {
	return UnitParams{
		Servers: 1, Decision: LogNorm(0.5, 1), TimeShare: 0.5,
		Knowledge: quantileZ(0.001, 1), Authority: math.Inf(1),
		Accuracy: 0.9, Availability: 1, DifficultyAuthority: math.Inf(1),
	}
}

// DefaultLattice returns the default lattice preset on the default work:
// self-managing teams that resolve 85 % of issues by difficulty and decide
// values up to the 95th percentile (an assumption), ask 2 peers for advice
// beyond their knowledge (the advice process; timeout 2 days), consult the
// affected teams of cross-team issues up to 3 teams, and escalate to one of
// two coaches (about 25 teams each) only past those limits or above a
// difficulty ceiling (the 99th percentile). The coaches and the circle
// resolve difficulty up to the 99.9th percentile, so that nine in ten
// issues escalated for their difficulty can be solved where they are sent
// (as the hierarchy's root solves nine in ten of what its managers pass
// up). Hops as in the hierarchy.
func DefaultLattice() Organisation {
	w := DefaultWork()
	return Organisation{
		Name: "lattice", Structure: Lattice, PeerLinks: 4, TeamsPerCoach: 25, Circle: true,
		Tacit: DefaultTacit, Learning: DefaultLearning(),
		Team: UnitParams{
			Decision: LogNorm(0.5, 1), TimeShare: 0.35,
			Knowledge: quantileZ(0.15, w.Theta), Authority: w.Value.Quantile(0.95),
			Accuracy: 0.9, Availability: 1, DifficultyAuthority: math.Inf(1), KnowledgeSpread: DefaultSpread,
		},
		Manager: defaultCoach(),
		Root:    defaultCoach(),
		Coach:   defaultCoach(),
		Routing: Routing{
			Advice: 2, AdviceTimeout: 2 * sim.Day, Consult: true, KMax: 3,
			AdviceBy: ByDirectory, AdviceRadius: 2, DirectoryAccuracy: 0.7, HopCost: 0.1,
			MaxDifficulty: quantileZ(0.01, w.Theta),
			Fidelity:      0.95, Hop: LogNormMedian(0.8, 1.5), ApprovalAbove: math.Inf(1),
			Deadline: math.Inf(1), DeadlineEffort: 0.5, DelegateWindow: sim.Week, DelegateFor: sim.Week,
			GrowEvery: 4 * sim.Week, GrowStep: 0.05, GrowMax: 0.2, GrowAccuracy: 0.8, GrowWindow: 8 * sim.Week,
		},
	}
}

// DisruptionDefaults returns a disruption of kind k at time t with every
// other field at its documented default: the one source of the defaults
// for scenario files, their key documentation and views. A leader loss
// strikes the root with [DefaultLeaderLoss]'s succession (a deputy, when
// chosen, is the least loaded fellow leader taking all the work); member
// loss strikes a random team, whose advice role moves after 1 working
// week; attrition replaces each person after a 1-week vacancy, with the
// leader-loss ramp-up; surges and slowdowns multiply by 2 for 1 week.
func DisruptionDefaults(k DisruptionKind, t float64) Disruption {
	d := Disruption{Kind: k, At: t}
	ll := DefaultLeaderLoss(t, "root")
	switch k {
	case LeaderLoss:
		d = ll
		d.Deputy, d.DeputyShare = "peer", 1
	case MemberLoss:
		d.Team, d.Realloc = "random-team", sim.Week
	case Attrition:
		d.Team, d.Realloc = "random-team", sim.Week
		d.Vacancy, d.RampStart, d.RampTau = sim.Week, ll.RampStart, ll.RampTau
		d.Policy, d.InterimFactor, d.Successor, d.KnowledgeStart = ll.Policy, ll.InterimFactor, ll.Successor, ll.KnowledgeStart
		d.Deputy, d.DeputyShare = "peer", 1
	case Surge, Slowdown:
		d.Factor, d.Until = 2, t+sim.Week
	}
	return d
}

// DefaultLeaderLoss returns a leader-loss disruption at t of the unit named
// by selector, with the default succession: after a 40-hour vacancy an
// interim at 70 % capacity, a permanent successor 8 weeks after the loss
// who starts where the interim was (70 % of the rate, 80 % of the
// knowledge) and ramps up with an e-folding time of 333 hours, so that the
// gap is down to 5 % after 3 × 333 h = 25 working weeks, about 6 months
// (Watkins' breakeven of about 6.2 months for a new leader). The vacancy, the interim's share and the
// successor's start are assumptions (docs/mechanisms.md); a successor who
// started below the interim would jam a post the interim could carry.
func DefaultLeaderLoss(t float64, selector string) Disruption {
	return Disruption{
		Kind: LeaderLoss, At: t, Selector: selector, Policy: Interim,
		Vacancy: 40, InterimFactor: 0.7, Successor: 8 * sim.Week,
		RampStart: 0.7, RampTau: 333, KnowledgeStart: 0.8,
	}
}

// Problem is one thing wrong with a Config: the key path it concerns (as a
// scenario file spells it, such as "organisation[1].span") and what is
// wrong. A Warning does not stop a run.
type Problem struct {
	Path    string
	Msg     string
	Warning bool
}

// ConfigError lists every problem found in a Config.
type ConfigError struct{ Problems []Problem }

// Error joins the problems, one per line.
func (e *ConfigError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Path)
		b.WriteString(": ")
		b.WriteString(p.Msg)
	}
	return b.String()
}

// The model's enumerations are written in scenario files by name; their
// MarshalText and UnmarshalText methods (encoding.TextMarshaler and
// encoding.TextUnmarshaler) are the one place those names are kept.

var localityNames = [...]string{"ring", "grid"}

// nameText returns names[i], or an error for a value out of range; what
// names the kind of value ("locality").
func nameText(names []string, i int, what string) ([]byte, error) {
	if i < 0 || i >= len(names) {
		return nil, fmt.Errorf("%s %d has no name (allowed: %s)", what, i, quoteNames(names))
	}
	return []byte(names[i]), nil
}

// nameIndex returns the index of text in names, or an error listing the
// allowed names.
func nameIndex(names []string, text []byte, what string) (int, error) {
	for i, n := range names {
		if n == string(text) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%q is not a known %s (allowed: %s)", text, what, quoteNames(names))
}

func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// MarshalText returns "ring" or "grid".
func (l Locality) MarshalText() ([]byte, error) {
	return nameText(localityNames[:], int(l), "locality")
}

// UnmarshalText reads "ring" or "grid".
func (l *Locality) UnmarshalText(text []byte) error {
	i, err := nameIndex(localityNames[:], text, "locality")
	if err == nil {
		*l = Locality(i)
	}
	return err
}

// MarshalText returns "hierarchy", "lattice" or "explicit".
func (s Structure) MarshalText() ([]byte, error) {
	return nameText(structureNames[:], int(s), "structure")
}

// UnmarshalText reads "hierarchy", "lattice" or "explicit".
func (s *Structure) UnmarshalText(text []byte) error {
	i, err := nameIndex(structureNames[:], text, "structure")
	if err == nil {
		*s = Structure(i)
	}
	return err
}

// MarshalText returns the role's name: "team", "manager", "coach" or "root".
func (r Role) MarshalText() ([]byte, error) {
	return nameText(roleNames[:], int(r), "role")
}

// UnmarshalText reads a role's name.
func (r *Role) UnmarshalText(text []byte) error {
	i, err := nameIndex(roleNames[:], text, "role")
	if err == nil {
		*r = Role(i)
	}
	return err
}

// MarshalText returns "off", "all" or "any".
func (r ApprovalRule) MarshalText() ([]byte, error) {
	return nameText(approvalNames[:], int(r), "approval rule")
}

// UnmarshalText reads "off", "all" or "any".
func (r *ApprovalRule) UnmarshalText(text []byte) error {
	i, err := nameIndex(approvalNames[:], text, "approval rule")
	if err == nil {
		*r = ApprovalRule(i)
	}
	return err
}

// MarshalText returns the kind's name as scenario files write it.
func (k DisruptionKind) MarshalText() ([]byte, error) {
	return nameText(disruptionNames[:], int(k), "disruption kind")
}

// UnmarshalText reads a disruption kind's name.
func (k *DisruptionKind) UnmarshalText(text []byte) error {
	i, err := nameIndex(disruptionNames[:], text, "disruption kind")
	if err == nil {
		*k = DisruptionKind(i)
	}
	return err
}

// MarshalText returns "freeze", "skip-level", "interim" or "deputy".
func (p Policy) MarshalText() ([]byte, error) {
	return nameText(policyNames[:], int(p), "policy")
}

// UnmarshalText reads "freeze", "skip-level", "interim" or "deputy".
func (p *Policy) UnmarshalText(text []byte) error {
	i, err := nameIndex(policyNames[:], text, "policy")
	if err == nil {
		*p = Policy(i)
	}
	return err
}

// MarshalText returns "peers" or "directory".
func (a AdviceBy) MarshalText() ([]byte, error) {
	return nameText(adviceByNames[:], int(a), "way of picking advisors")
}

// UnmarshalText reads "peers" or "directory".
func (a *AdviceBy) UnmarshalText(text []byte) error {
	i, err := nameIndex(adviceByNames[:], text, "way of picking advisors")
	if err == nil {
		*a = AdviceBy(i)
	}
	return err
}

// MarshalText returns "whole", "pooled" or "members".
func (f TeamForm) MarshalText() ([]byte, error) {
	return nameText(teamFormNames[:], int(f), "team form")
}

// UnmarshalText reads "whole", "pooled" or "members".
func (f *TeamForm) UnmarshalText(text []byte) error {
	i, err := nameIndex(teamFormNames[:], text, "team form")
	if err == nil {
		*f = TeamForm(i)
	}
	return err
}

// MarshalText returns "decide" or "return".
func (a DeadlineAction) MarshalText() ([]byte, error) {
	return nameText(deadlineNames[:], int(a), "deadline action")
}

// UnmarshalText reads "decide" or "return".
func (a *DeadlineAction) UnmarshalText(text []byte) error {
	i, err := nameIndex(deadlineNames[:], text, "deadline action")
	if err == nil {
		*a = DeadlineAction(i)
	}
	return err
}

// MarshalText returns "any" or "teams".
func (d TrafficDest) MarshalText() ([]byte, error) {
	return nameText(trafficDestNames[:], int(d), "traffic destination")
}

// UnmarshalText reads "any" or "teams".
func (d *TrafficDest) UnmarshalText(text []byte) error {
	i, err := nameIndex(trafficDestNames[:], text, "traffic destination")
	if err == nil {
		*d = TrafficDest(i)
	}
	return err
}
