package scenarios

import (
	"cmp"

	"github.com/orgsim/orgsim/model"
)

// field is one documented key of a table: its name, the codec that reads
// and writes its value bound to where the value lives (val), and its
// documentation. Adding a key to the format is one field in the schema
// below, next to the model field it sets:
//
//	{key: "teams", doc: "number of teams", unit: "teams", def: "49", rng: "≥ 1",
//		val: bind(integer, func(w *model.Work) *int { return &w.Teams })},
//
// The codec gives the key its type text and, where it enforces one, its
// range; rng documents the range the model checks.
type field struct {
	key   string
	doc   string // meaning
	unit  string // unit, for the documentation
	def   string // default, as written in a file
	rng   string // allowed range, for the documentation; the codec's when empty
	kinds []model.DisruptionKind
	val   binding
}

// allowed is the documented range of the key.
func (f *field) allowed() string { return cmp.Or(f.rng, f.val.rng) }

// table is one table of the schema.
type table struct {
	key    string // path segment ("" for the top)
	array  bool   // an array of tables ([[key]])
	doc    string
	fields []field
	subs   []*table
}

func (t *table) field(key string) *field {
	for i := range t.fields {
		if t.fields[i].key == key {
			return &t.fields[i]
		}
	}
	return nil
}

func (t *table) sub(key string) *table {
	for _, s := range t.subs {
		if s.key == key {
			return s
		}
	}
	return nil
}

// keys lists the table's keys, fields then sub-tables.
func (t *table) keys() []string {
	var out []string
	for _, f := range t.fields {
		out = append(out, f.key)
	}
	for _, s := range t.subs {
		out = append(out, s.key)
	}
	return out
}

// Targets of the tables whose keys do not all live in one model struct.
type (
	top struct {
		name, description string
		replications      int
		cfg               *model.Config
	}
	orgDecl struct {
		org    *model.Organisation
		preset model.Structure
	}
	unitDecl struct {
		spec   model.UnitSpec
		params model.UnitParams
	}
)

// The codecs of the model's enumerations.
var (
	localityCodec   = enumCodec[model.Locality]()
	structureCodec  = enumCodec[model.Structure]()
	roleCodec       = enumCodec[model.Role]()
	approvalCodec   = enumCodec[model.ApprovalRule]()
	policyCodec     = enumCodec[model.Policy]()
	disruptionCodec = enumCodec[model.DisruptionKind]()
	adviceByCodec   = enumCodec[model.AdviceBy]()
	teamFormCodec   = enumCodec[model.TeamForm]()
	deadlineCodec   = enumCodec[model.DeadlineAction]()
	trafficToCodec  = enumCodec[model.TrafficDest]()
	growCodec       = enumCodec[model.GrowPolicy]()
)

// only lists the disruption kinds a key applies to.
func only(kinds ...model.DisruptionKind) []model.DisruptionKind { return kinds }

// unitParamFields are the keys of a unit's parameters, found in a target of
// type Tgt by p; the role tables, manager levels and explicit units use them.
func unitParamFields[Tgt any](p func(*Tgt) *model.UnitParams) []field {
	return []field{
		{key: "servers", doc: "parallel deciders; for a team 0 means one pooled decider whose rate scales with the members present, c ≥ 1 means c deciders (one goes with each member lost)", unit: "deciders", def: "0 for teams, 1 otherwise", rng: "≥ 0",
			val: bind(integer, func(t *Tgt) *int { return &p(t).Servers })},
		{key: "decision", doc: "hands-on time to examine one issue, whether the unit decides it or passes it on", unit: "working time", def: "preset", rng: "any distribution with mean > 0",
			val: bind(durationDist, func(t *Tgt) *model.Dist { return &p(t).Decision })},
		{key: "time_share", doc: "share of working time spent on decisions: elapsed service = hands-on time ÷ time_share", unit: "share", def: "0.35 (McKinsey 2019: managers spend just over 30 % of their time on decisions)", rng: "0 < x ≤ 1",
			val: bind(number, func(t *Tgt) *float64 { return &p(t).TimeShare })},
		{key: "knowledge", doc: "difficulty up to which the unit resolves issues itself (difficulty ~ Exp(work.theta)); \"p70\" resolves 70 % of issues", unit: "difficulty", def: "preset", rng: "≥ 0, inf or pNN",
			val: bind(knowledge, func(t *Tgt) *float64 { return &p(t).Knowledge })},
		{key: "authority", doc: "largest issue value the unit may decide; above it the issue escalates", unit: "value", def: "preset", rng: "≥ 0, inf or pNN",
			val: bind(authority, func(t *Tgt) *float64 { return &p(t).Authority })},
		{key: "difficulty_authority", doc: "the hardest issue the unit is allowed to decide: above it the issue escalates even where the unit knows it (routing.grow widens it); \"inf\" or 0 for no limit beyond its knowledge", unit: "difficulty", def: `"inf"`, rng: "≥ 0, inf or pNN",
			val: bind(knowledge, func(t *Tgt) *float64 { return &p(t).DifficultyAuthority })},
		{key: "accuracy", doc: "base probability π of deciding correctly within knowledge, at the unit's own team (distance fades it towards 0.5 by fidelity^hops)", unit: "probability", def: "0.9", rng: "0 … 1",
			val: bind(number, func(t *Tgt) *float64 { return &p(t).Accuracy })},
		{key: "availability", doc: "share of working time the unit is present; scales its rate", unit: "share", def: "1", rng: "0 < x ≤ 1",
			val: bind(number, func(t *Tgt) *float64 { return &p(t).Availability })},
		{key: "accept_good", doc: "probability of accepting a good issue within knowledge, at its own team (asymmetric screening; then faded towards 0.5 by fidelity^hops); 0 with accept_bad 0: accuracy decides", unit: "probability", def: "0 (from accuracy: π)", rng: "0 … 1",
			val: bind(number, func(t *Tgt) *float64 { return &p(t).AcceptGood })},
		{key: "accept_bad", doc: "probability of accepting a bad issue within knowledge, at its own team; 0 with accept_good 0: accuracy decides", unit: "probability", def: "0 (from accuracy: 1 − π)", rng: "0 … 1",
			val: bind(number, func(t *Tgt) *float64 { return &p(t).AcceptBad })},
		{key: "knowledge_spread", doc: "how much the share of issues the unit resolves differs between knowledge domains: in each domain it resolves F(knowledge) + σ·ε of them, ε standard normal, drawn per replication (a team's draws are the same in every organisation)", unit: "share of issues", def: "0.1 for teams in both presets (assumption), 0 for leaders", rng: "≥ 0",
			val: bind(number, func(t *Tgt) *float64 { return &p(t).KnowledgeSpread })},
		{key: "domain_knowledge", doc: "the unit's knowledge in each domain, one value per work.domains (instead of knowledge and knowledge_spread)", unit: "difficulty", def: "[] (knowledge in every domain)",
			val: bind(knowledgeList, func(t *Tgt) *[]float64 { return &p(t).DomainKnowledge })},
	}
}

// roleTable is the table of one role's parameters in an organisation.
func roleTable(key, doc string, p func(o *model.Organisation) *model.UnitParams) *table {
	return &table{key: key, doc: doc, fields: unitParamFields(func(d *orgDecl) *model.UnitParams { return p(d.org) })}
}

// schema is the whole scenario file format.
var schema = &table{
	doc: "A scenario: run settings, the work, the organisations compared and the disruptions.",
	fields: []field{
		{key: "name", doc: "the scenario's name, used for the output folder results/<name>/", def: "the file's base name",
			val: bind(ident, func(t *top) *string { return &t.name })},
		{key: "description", doc: "what the scenario shows and which parameters are assumptions", def: `""`,
			val: bind(text, func(t *top) *string { return &t.description })},
		{key: "seed", doc: "the seed: a run is reproducible from (seed, replication)", def: "1",
			val: bind(unsigned, func(t *top) *uint64 { return &t.cfg.Seed })},
		{key: "replications", doc: "replications: each runs every organisation on the same issues", def: "20",
			val: bind(intIn(1, MaxReplications), func(t *top) *int { return &t.replications })},
		{key: "horizon", doc: "arrivals stop at the horizon; the system then drains", unit: "working time", def: "1y",
			val: bind(horizonDuration, func(t *top) *float64 { return &t.cfg.Horizon })},
		{key: "warm_up", doc: "issues arriving earlier are left out of the metrics", unit: "working time", def: "10w", rng: "0 ≤ warm_up < horizon",
			val: bind(duration, func(t *top) *float64 { return &t.cfg.WarmUp })},
		{key: "drain", doc: "time allowed after the horizon for open issues to be decided; what is left is censored", unit: "working time", def: "1y",
			val: bind(drainDuration, func(t *top) *float64 { return &t.cfg.Drain })},
		{key: "max_open", doc: "open issues in one organisation at which a run stops as unstable, naming the jammed unit", unit: "issues", def: "100000", rng: "≥ 1",
			val: bind(integer, func(t *top) *int { return &t.cfg.MaxOpen })},
	},
	subs: []*table{
		{key: "work", doc: "The teams and the issues arriving at them, shared by every organisation.", fields: []field{
			{key: "teams", doc: "number of teams", unit: "teams", def: "49", rng: "1 … 1000000",
				val: bind(integer, func(w *model.Work) *int { return &w.Teams })},
			{key: "team_size", doc: "people per team", unit: "people", def: "8", rng: "≥ 1",
				val: bind(integer, func(w *model.Work) *int { return &w.TeamSize })},
			{key: "locality", doc: "where teams sit: on a ring, or on a grid (Chebyshev distance); every generator uses it", def: `"ring"`,
				val: bind(localityCodec, func(w *model.Work) *model.Locality { return &w.Locality })},
			{key: "grid_width", doc: "columns of the grid; 0 means ⌈√teams⌉", def: "0", rng: "≥ 0",
				val: bind(integer, func(w *model.Work) *int { return &w.GridWidth })},
			{key: "rate", doc: "issues arriving at each team (Poisson)", unit: "issues per working time", def: `"2/d"`, rng: "≥ 0",
				val: bind(rate, func(w *model.Work) *float64 { return &w.Rate })},
			{key: "theta", doc: "difficulty scale: an issue's difficulty is Exp(theta), mean 1/theta", def: "1", rng: "> 0",
				val: bind(number, func(w *model.Work) *float64 { return &w.Theta })},
			{key: "cross_team", doc: "probability that an issue's scope spans several teams", unit: "probability", def: "0.2 (assumption)", rng: "0 … 1",
				val: bind(number, func(w *model.Work) *float64 { return &w.CrossTeam })},
			{key: "scope", doc: "[min, max] teams in a cross-team scope; k is uniform on it", unit: "teams", def: "[2, 3]", rng: "2 ≤ min ≤ max ≤ 8",
				val: bindFunc(intPair, func(w *model.Work) [2]int { return [2]int{w.ScopeMin, w.ScopeMax} },
					func(w *model.Work, p [2]int) { w.ScopeMin, w.ScopeMax = p[0], p[1] })},
			{key: "radius", doc: "the other teams of a scope lie within this locality distance of the origin", unit: "teams", def: "2", rng: "1 … 10",
				val: bind(integer, func(w *model.Work) *int { return &w.Radius })},
			{key: "good_share", doc: "probability that an issue is good (should be accepted)", unit: "probability", def: "0.7", rng: "0 … 1",
				val: bind(number, func(w *model.Work) *float64 { return &w.GoodShare })},
			{key: "value", doc: "an issue's value, compared with authority limits", def: `"lognormal(mean=1, cv=1)"`,
				val: bind(plainDist, func(w *model.Work) *model.Dist { return &w.Value })},
			{key: "value_half_life", doc: "working time in which a good issue's value halves while it waits: accepting it earns value × e^(−δ·latency), δ = ln 2 ÷ half-life (Van Zandt's staleness; the rate is an assumption to sweep)", unit: "working time", def: `"4w"`, rng: `> 0, or "inf" for no decay`,
				val: bind(durationOrNone, func(w *model.Work) *float64 { return &w.ValueHalfLife })},
			{key: "bad_cost", doc: "what accepting a bad issue costs, as a multiple of its value, without decay (a rejection earns 0)", unit: "× value", def: "1", rng: "≥ 0",
				val: bind(number, func(w *model.Work) *float64 { return &w.BadCost })},
			{key: "domains", doc: "knowledge domains; each issue belongs to one, uniformly", unit: "domains", def: "4 (assumption)", rng: "1 … 64",
				val: bind(integer, func(w *model.Work) *int { return &w.Domains })},
			{key: "rate_per_person", doc: "issues per person instead of per team: each team's rate is this × team_size (with headcount fixed, a sweep over team_size keeps the total demand)", unit: "issues per working time", def: `"0/d" (rate applies)`, rng: "≥ 0",
				val: bind(rate, func(w *model.Work) *float64 { return &w.RatePerPerson })},
			{key: "headcount", doc: "people in all teams together; when set, teams = round(headcount ÷ team_size), so larger teams mean fewer teams", unit: "people", def: "0 (teams applies)", rng: "≥ 0",
				val: bind(integer, func(w *model.Work) *int { return &w.Headcount })},
			{key: "team_form", doc: "the queueing form of a team: whole (the decision time is the whole team's; members present scale a pooled team's rate), pooled (the decision time is one member's; one decider at n·μ·(1 − c(n−1))), members (one decider per member present, each at μ·(1 − c(n−1)))", def: `"whole"`,
				val: bind(teamFormCodec, func(w *model.Work) *model.TeamForm { return &w.TeamForm })},
			{key: "process_loss", doc: "Steiner's process loss c: the share of a member's rate lost per other member present (pooled and members forms); a team's capacity is largest at n* = (1 + 1/c)/2", unit: "share per member", def: "0", rng: "0 ≤ c < 1, c·(team_size − 1) < 1",
				val: bind(number, func(w *model.Work) *float64 { return &w.ProcessLoss })},
		},
			subs: []*table{
				{key: "traffic", doc: "Messages between any two units — a class of work that is not a decision: every unit sends them at a rate to another unit, on a shortest path over reports_to and peer links; each relay and the destination serve them.", fields: []field{
					{key: "rate", doc: "messages each unit sends (0: none)", unit: "messages per working time", def: `"0/d"`, rng: "≥ 0",
						val: bind(rate, func(t *model.Traffic) *float64 { return &t.Rate })},
					{key: "to", doc: "destinations: any other unit, or any team other than the sender", def: `"any"`,
						val: bind(trafficToCodec, func(t *model.Traffic) *model.TrafficDest { return &t.To })},
					{key: "effort", doc: "share of a hands-on decision time each relay and the destination spend on a message", unit: "share", def: "0.1", rng: "0 < x ≤ 1 with traffic",
						val: bind(number, func(t *model.Traffic) *float64 { return &t.Effort })},
				}},
			}},
		{key: "metrics", doc: "Settings of the metrics computed after each run.", fields: []field{
			{key: "window", doc: "width w of the windows of the resilience signal (p95 latency of issues arriving in the window); grid step w/4", unit: "working time", def: `"1w"`, rng: "> 0",
				val: bind(duration, func(m *model.MetricsConfig) *float64 { return &m.Window })},
			{key: "min_issues", doc: "a window is widened until it holds this many issues", unit: "issues", def: "30", rng: "≥ 1",
				val: bind(integer, func(m *model.MetricsConfig) *int { return &m.MinIssues })},
			{key: "threshold", doc: "quality Q at or above which an organisation counts as recovered", unit: "percent", def: "90", rng: "0 < x ≤ 100",
				val: bind(number, func(m *model.MetricsConfig) *float64 { return &m.Threshold })},
			{key: "hold", doc: "how long Q must stay at or above the threshold to count as recovered", unit: "working time", def: `"5w"`, rng: "≥ 0",
				val: bind(duration, func(m *model.MetricsConfig) *float64 { return &m.Hold })},
		}},
		{key: "organisation", array: true, doc: "One organisation being compared: a preset made from a few numbers, or units listed one by one.", fields: []field{
			{key: "name", doc: "the organisation's name, unique in the scenario", def: "the preset's name",
				val: bind(text, func(d *orgDecl) *string { return &d.org.Name })},
			{key: "preset", doc: "how the units are made: a generated hierarchy, a generated lattice, or explicit units ([[organisation.unit]]); sets the defaults of every other key", def: `"hierarchy"`,
				val: bind(structureCodec, func(d *orgDecl) *model.Structure { return &d.preset })},
			{key: "levels", doc: "hierarchy: levels of units above the teams, the root included (1: every team reports to the root)", unit: "levels", def: "2", rng: "1 … 12",
				val: bind(integer, func(d *orgDecl) *int { return &d.org.Levels })},
			{key: "span", doc: "hierarchy: span of control, one value for every level or one per level from the top", unit: "units", def: "[7]", rng: "each ≥ 1",
				val: bind(intList, func(d *orgDecl) *[]int { return &d.org.Span })},
			{key: "peer_links", doc: "lattice: peers per team by locality, nearest first (advice goes to the first routing.advice of them)", unit: "teams", def: "4", rng: "≥ 0",
				val: bind(integer, func(d *orgDecl) *int { return &d.org.PeerLinks })},
			{key: "rewire", doc: "lattice: probability that a peer link is rewired to a random team (small-world)", unit: "probability", def: "0", rng: "0 … 1",
				val: bind(number, func(d *orgDecl) *float64 { return &d.org.Rewire })},
			{key: "teams_per_coach", doc: "lattice: one coach per this many consecutive teams; 0 for none (issues past the limits are then decided at their origin)", unit: "teams", def: "25", rng: "≥ 0",
				val: bind(integer, func(d *orgDecl) *int { return &d.org.TeamsPerCoach })},
			{key: "circle", doc: "lattice: the coaches report to one coordinating circle (what \"root\" selects in a lattice)", def: "true",
				val: bind(boolean, func(d *orgDecl) *bool { return &d.org.Circle })},
			{key: "tacit", doc: "share of a member's know-how not replicated in the team (institutional memory, Carley 1992): a team of n with m members missing knows (1 − tacit·m/n) of its knowledge, newcomers counting by their ramp-up", unit: "share", def: "0.5 in both presets (assumption)", rng: "0 … 1",
				val: bind(number, func(d *orgDecl) *float64 { return &d.org.Tacit })},
		},
			subs: []*table{
				{key: "routing", doc: "The organisation's settings of the one routing rule.", fields: []field{
					{key: "advice", doc: "peers asked for advice when an issue is beyond a unit's knowledge (0: escalate instead)", unit: "peers", def: "0 hierarchy, 2 lattice (advice process: AES, Laloux)", rng: "≥ 0",
						val: bind(integer, func(r *model.Routing) *int { return &r.Advice })},
					{key: "advice_timeout", doc: "how long the asker waits for advice and consultation before deciding anyway", unit: "working time", def: `"2d"`, rng: "> 0",
						val: bind(duration, func(r *model.Routing) *float64 { return &r.AdviceTimeout })},
					{key: "consult", doc: "the origin team consults the affected teams of a cross-team issue instead of escalating it", def: "false hierarchy, true lattice",
						val: bind(boolean, func(r *model.Routing) *bool { return &r.Consult })},
					{key: "k_max", doc: "the most teams a consultation may involve; beyond it the issue escalates", unit: "teams", def: "1 hierarchy, 3 lattice (assumption)", rng: "≥ 1",
						val: bind(integer, func(r *model.Routing) *int { return &r.KMax })},
					{key: "max_difficulty", doc: "difficulty above which a team escalates at once", unit: "difficulty", def: `"inf" hierarchy, "p99" lattice`, rng: "≥ 0, inf or pNN",
						val: bind(knowledge, func(r *model.Routing) *float64 { return &r.MaxDifficulty })},
					{key: "fidelity", doc: "information kept per hop between the origin and the decider (Williamson's control loss): within knowledge P(correct) = 0.5 + (accuracy − 0.5) × fidelity^hops", unit: "share", def: "0.95 (assumption)", rng: "0 < x ≤ 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.Fidelity })},
					{key: "hop", doc: "delay of one message between units", unit: "working time", def: `"lognormal(median=48m, sigma=1.5)" (Kooti et al. 2015, email reply times)`,
						val: bind(durationDist, func(r *model.Routing) *model.Dist { return &r.Hop })},
					{key: "approval", doc: "serial approval chain for issues valued above approval_above: all (one rejection returns it) or any (one acceptance suffices)", def: `"off"`,
						val: bind(approvalCodec, func(r *model.Routing) *model.ApprovalRule { return &r.Approval })},
					{key: "approval_above", doc: "issues valued above this need approval", unit: "value", def: `"inf"`, rng: "≥ 0, inf or pNN",
						val: bind(authority, func(r *model.Routing) *float64 { return &r.ApprovalAbove })},
					{key: "advisors", doc: "who is asked for advice: peers (the first `advice` peer links, nearest first) or directory (the candidates believed most competent in the issue's domain — peer links and teams within advice_radius — less hop_cost per unit of distance; transactive memory)", def: `"peers" hierarchy, "directory" lattice`,
						val: bind(adviceByCodec, func(r *model.Routing) *model.AdviceBy { return &r.AdviceBy })},
					{key: "advise_up", doc: "a team also asks the unit above it for advice — a coach, sponsor or manager who advises rather than decides — alongside its advice peers (or alone when advice is 0), instead of escalating what it does not know; the team decides", def: "false",
						val: bind(boolean, func(r *model.Routing) *bool { return &r.AdviseUp })},
					{key: "advice_radius", doc: "directory: teams within this locality distance are candidates (with the peer links)", unit: "teams", def: "0 hierarchy, 2 lattice (assumption)", rng: "0 … 10",
						val: bind(integer, func(r *model.Routing) *int { return &r.AdviceRadius })},
					{key: "directory_accuracy", doc: "directory: probability that the asker knows a candidate's knowledge in a domain (drawn once per asker, candidate and domain); otherwise it believes the candidate's mean knowledge", unit: "probability", def: "0 hierarchy, 0.7 lattice (assumption)", rng: "0 … 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.DirectoryAccuracy })},
					{key: "hop_cost", doc: "directory: believed knowledge given up per unit of locality distance", unit: "difficulty", def: "0 hierarchy, 0.1 lattice (assumption)", rng: "≥ 0",
						val: bind(number, func(r *model.Routing) *float64 { return &r.HopCost })},
					{key: "deadline", doc: "deadline of an escalated issue, after its arrival: past it the unit holding it acts at once (on_deadline)", unit: "working time", def: `"inf"`, rng: `> 0, or "inf" for none`,
						val: bind(durationOrNone, func(r *model.Routing) *float64 { return &r.Deadline })},
					{key: "on_deadline", doc: "what the holder does at the deadline: decide (with what it knows, taking deadline_effort of a hands-on time) or return (the issue goes back to its team, which decides on the leader's intent)", def: `"decide"`,
						val: bind(deadlineCodec, func(r *model.Routing) *model.DeadlineAction { return &r.OnDeadline })},
					{key: "deadline_effort", doc: "share of a normal hands-on time a forced decision takes (a forced decision is never free)", unit: "share", def: "0.5", rng: "0 < x ≤ 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.DeadlineEffort })},
					{key: "intent", doc: "what the leader's intent gives a team deciding a returned issue beyond its knowledge: P(correct) = 0.5 + intent·(accuracy − 0.5) (mission command)", unit: "share", def: "0", rng: "0 … 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.Intent })},
					{key: "delegate_above", doc: "delegation under overload: a leader busy at least this share of the last delegate_window delegates to the units reporting to it (0: never; Aghion and Tirole's real authority)", unit: "utilisation", def: "0", rng: "0 … 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.DelegateAbove })},
					{key: "delegate_below", doc: "the leader takes the rights back once its utilisation over the window falls to this (hysteresis) and delegate_for has passed", unit: "utilisation", def: "0", rng: "0 ≤ x < delegate_above",
						val: bind(number, func(r *model.Routing) *float64 { return &r.DelegateBelow })},
					{key: "delegate_window", doc: "the window over which a leader's utilisation is measured (on the metrics grid)", unit: "working time", def: `"1w"`, rng: "> 0",
						val: bind(duration, func(r *model.Routing) *float64 { return &r.DelegateWindow })},
					{key: "delegate_for", doc: "the least time a delegation lasts", unit: "working time", def: `"1w"`, rng: "≥ 0",
						val: bind(duration, func(r *model.Routing) *float64 { return &r.DelegateFor })},
					{key: "delegate_difficulty", doc: "how much further the units below may decide beyond their knowledge while delegated, as a share of issues (0.1: a team resolving 70 % may decide up to 80 %, guessing beyond what it knows)", unit: "share of issues", def: "0", rng: "0 … 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.DelegateDifficulty })},
					{key: "delegate_authority", doc: "how much higher the units below may decide in value while delegated, as a share of the value distribution", unit: "share of values", def: "0", rng: "0 … 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.DelegateAuthority })},
					{key: "grow", doc: "delegation as a policy over time: the teams' authority widens step by step — on a schedule (every team, every domain), by rule (in each domain where a team's measured accuracy earns it; needs learning), or not at all", def: `"off"`,
						val: bind(growCodec, func(r *model.Routing) *model.GrowPolicy { return &r.Grow })},
					{key: "grow_from", doc: "when the first step is due", unit: "working time", def: `"0"`, rng: "≥ 0",
						val: bind(duration, func(r *model.Routing) *float64 { return &r.GrowFrom })},
					{key: "grow_every", doc: "the pause between steps", unit: "working time", def: `"4w" (assumption)`, rng: "> 0",
						val: bind(duration, func(r *model.Routing) *float64 { return &r.GrowEvery })},
					{key: "grow_step", doc: "how much of the difficulty distribution each step adds to a team's difficulty_authority, as a share of issues (it still escalates what it does not know; with learning it comes to know more of what it may decide)", unit: "share of issues", def: "0.05 (assumption)", rng: "0 < x < 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.GrowStep })},
					{key: "grow_max", doc: "the most a team's authority grows in all", unit: "share of issues", def: "0.2 (assumption)", rng: "0 < x < 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.GrowMax })},
					{key: "grow_accuracy", doc: "rule: the measured accuracy (feedback on the team's own decisions in the domain, over at least 10) that earns a step", unit: "share", def: "0.8 (assumption)", rng: "0 … 1",
						val: bind(number, func(r *model.Routing) *float64 { return &r.GrowAccuracy })},
					{key: "grow_window", doc: "rule: feedback is weighted by e^(−age / grow_window)", unit: "working time", def: `"8w" (assumption)`, rng: "> 0",
						val: bind(duration, func(r *model.Routing) *float64 { return &r.GrowWindow })},
				}},
				{key: "learning", doc: "Learning by deciding and forgetting: per unit and domain a stock of practice grows by one with the feedback on each decision and halves in half_life without practice (Argote, Beckman and Epple 1990); it moves the share of issues the unit resolves and its accuracy towards a plateau, and its hands-on time along De Jong's curve. Stocks start at the steady state of a burn-in on issues of their own.", fields: []field{
					{key: "on", doc: "switch learning by deciding on", def: "false",
						val: bind(boolean, func(l *model.Learning) *bool { return &l.On })},
					{key: "feedback_delay", doc: "time from a decision to the feedback that says whether it was right", unit: "working time", def: `"1w" (assumption)`, rng: "≥ 0",
						val: bind(duration, func(l *model.Learning) *float64 { return &l.FeedbackDelay })},
					{key: "half_life", doc: "time in which practice halves without feedback (Argote, Beckman and Epple's Liberty ships: about 3 % of a stock left after a year, taken as an assumption for decision skill)", unit: "working time", def: `"10w"`, rng: `> 0, or "inf" for no forgetting`,
						val: bind(durationOrNone, func(l *model.Learning) *float64 { return &l.HalfLife })},
					{key: "scale", doc: "practice at which 63 % of the gain in knowledge and accuracy is made: gain = 1 − e^(−practice/scale)", unit: "decisions", def: "20 (assumption)", rng: "> 0",
						val: bind(number, func(l *model.Learning) *float64 { return &l.Scale })},
					{key: "knowledge_cap", doc: "the share of issues a unit resolves at the plateau (a unit that starts above it keeps its knowledge)", unit: "share of issues", def: "0.95 (assumption)", rng: "0 < x < 1",
						val: bind(number, func(l *model.Learning) *float64 { return &l.KnowledgeCap })},
					{key: "accuracy_cap", doc: "accuracy at the plateau", unit: "probability", def: "0.95 (assumption)", rng: "0.5 … 1",
						val: bind(number, func(l *model.Learning) *float64 { return &l.AccuracyCap })},
					{key: "speed_floor", doc: "the incompressible share of the hands-on time: × (speed_floor + (1 − speed_floor)·(1 + practice)^(−speed_exponent)) (De Jong)", unit: "share", def: "0.5 (assumption)", rng: "0 … 1",
						val: bind(number, func(l *model.Learning) *float64 { return &l.SpeedFloor })},
					{key: "speed_exponent", doc: "the learning curve's exponent b (0.32: an 80 % curve, Wright 1936)", def: "0.32", rng: "≥ 0",
						val: bind(number, func(l *model.Learning) *float64 { return &l.SpeedExponent })},
					{key: "burn_in", doc: "a burn-in, discarded, that brings the stocks to the steady state of the organisation's own behaviour before the run (0: stocks start empty)", unit: "working time", def: `"1y"`, rng: "≥ 0",
						val: bind(duration, func(l *model.Learning) *float64 { return &l.BurnIn })},
				}},
				roleTable("team", "Parameters of every team.", func(o *model.Organisation) *model.UnitParams { return &o.Team }),
				roleTable("manager", "Parameters of every manager (hierarchy) unless manager_level says otherwise.", func(o *model.Organisation) *model.UnitParams { return &o.Manager }),
				roleTable("coach", "Parameters of every coach and of the circle (lattice).", func(o *model.Organisation) *model.UnitParams { return &o.Coach }),
				roleTable("root", "Parameters of the root (hierarchy).", func(o *model.Organisation) *model.UnitParams { return &o.Root }),
				{key: "manager_level", array: true, doc: "Parameters of the managers of one level, from the top down (the first is just under the root); unset keys keep the manager table's values.",
					fields: unitParamFields(func(u *model.UnitParams) *model.UnitParams { return u })},
				{key: "unit", array: true, doc: "One unit of an explicit structure. Teams are t1 … tN (one per team of the work); parameter keys override the role's.", fields: append([]field{
					{key: "id", doc: "the unit's id, used in reports_to, peers, selectors and outputs", rng: "unique; teams are t1 … tN",
						val: bind(text, func(u *unitDecl) *string { return &u.spec.ID })},
					{key: "role", doc: "what the unit is", def: `"manager"`,
						val: bind(roleCodec, func(u *unitDecl) *model.Role { return &u.spec.Role })},
					{key: "reports_to", doc: "the unit above; empty for none", def: `""`,
						val: bind(text, func(u *unitDecl) *string { return &u.spec.ReportsTo })},
					{key: "peers", doc: "units asked for advice, nearest first", def: "[]",
						val: bind(stringList, func(u *unitDecl) *[]string { return &u.spec.Peers })},
				}, unitParamFields(func(u *unitDecl) *model.UnitParams { return &u.params })...)},
			}},
		{key: "disruption", array: true, doc: "One disruption; it strikes every organisation at the same time.", fields: []field{
			{key: "kind", doc: "what happens", def: "required",
				val: bind(disruptionCodec, func(d *model.Disruption) *model.DisruptionKind { return &d.Kind })},
			{key: "at", doc: "when it strikes", unit: "working time", def: "required", rng: "warm_up ≤ at < horizon",
				val: bind(duration, func(d *model.Disruption) *float64 { return &d.At })},
			{key: "until", doc: "when it ends (surge, slowdown; member-loss: the member returns; attrition: it stops)", unit: "working time", def: "=at + 1w for surge and slowdown; never otherwise", rng: "> at",
				kinds: only(model.Surge, model.Slowdown, model.MemberLoss, model.Attrition),
				val:   bind(duration, func(d *model.Disruption) *float64 { return &d.Until })},
			{key: "selector", doc: `which leader: "root" (a lattice's circle), "level:N" (depth N from the top, a random one of them), "random-manager" or a unit id`, def: "",
				kinds: only(model.LeaderLoss), val: bind(text, func(d *model.Disruption) *string { return &d.Selector })},
			{key: "policy", doc: "succession (leader-loss, and attrition with leaders): the queue waits (freeze), moves to the unit above (skip-level), an interim takes over after the vacancy (interim), or a deputy acts up for a share of the work, the rest waiting (deputy)", def: "",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(policyCodec, func(d *model.Disruption) *model.Policy { return &d.Policy })},
			{key: "vacancy", doc: "leader-loss: time until the interim (interim) or the successor (freeze, skip-level, deputy); attrition: time until a replacement", unit: "working time", def: "", rng: "≥ 0",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(duration, func(d *model.Disruption) *float64 { return &d.Vacancy })},
			{key: "interim_factor", doc: "the interim's capacity as a share of the leader's", unit: "share", def: "(assumption; Ballinger and Marcel 2010: interim periods perform worse)", rng: "0 < x ≤ 1",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(number, func(d *model.Disruption) *float64 { return &d.InterimFactor })},
			{key: "successor", doc: "interim policy: time after the loss when the permanent successor arrives", unit: "working time", def: "(assumption)", rng: "≥ vacancy",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(duration, func(d *model.Disruption) *float64 { return &d.Successor })},
			{key: "knowledge_start", doc: "share of the lost leader's knowledge the interim has and the successor starts with, learning back along the ramp (ramp_tau)", unit: "share", def: "(assumption)", rng: "0 < x ≤ 1",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(number, func(d *model.Disruption) *float64 { return &d.KnowledgeStart })},
			{key: "deputy", doc: `deputy policy: who acts up — "peer" (the least loaded fellow leader under the same unit above; for a top leader, the least loaded unit reporting to it) or a unit id`, def: "",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(text, func(d *model.Disruption) *string { return &d.Deputy })},
			{key: "deputy_share", doc: "deputy policy: share of the vacant post's work the deputy takes, at its own knowledge and time; the rest waits for the successor", unit: "share", def: "", rng: "0 < x ≤ 1",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(number, func(d *model.Disruption) *float64 { return &d.DeputyShare })},
			{key: "leaders", doc: "attrition: leaders leave too, each a person at the same rate, covered by policy as a leader loss is", def: "",
				kinds: only(model.Attrition), val: bind(boolean, func(d *model.Disruption) *bool { return &d.Leaders })},
			{key: "successor_from", doc: `with learning: the team the successor is promoted from (it brings that team's practice and leaves it a member short), or "" for a hire from outside`, def: "",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(text, func(d *model.Disruption) *string { return &d.SuccessorFrom })},
			{key: "successor_practice", doc: "with learning: the practice a successor hired from outside starts with in every domain", unit: "decisions", def: "(assumption)", rng: "≥ 0",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(number, func(d *model.Disruption) *float64 { return &d.SuccessorPractice })},
			{key: "ramp_start", doc: "a successor's or replacement's starting share of full rate", unit: "share", def: "(assumption)", rng: "0 < x ≤ 1",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(number, func(d *model.Disruption) *float64 { return &d.RampStart })},
			{key: "ramp_tau", doc: "e-folding time of the ramp-up: rate = full × (1 − (1 − ramp_start)·e^(−t/ramp_tau)); 0 for none", unit: "working time", def: "(the gap to full closes by 95 % in 3·ramp_tau, which defaults to about 6 months: Watkins' breakeven of about 6.2 months for mid-level hires)", rng: "≥ 0",
				kinds: only(model.LeaderLoss, model.Attrition), val: bind(duration, func(d *model.Disruption) *float64 { return &d.RampTau })},
			{key: "team", doc: `member-loss: the team losing a member ("tK" or "random-team"), the same team in every organisation`, def: "",
				kinds: only(model.MemberLoss), val: bind(text, func(d *model.Disruption) *string { return &d.Team })},
			{key: "realloc", doc: "time during which the team answers no advice requests after losing a member (the lost member's advice role is vacant; the asker's timeout covers it)", unit: "working time", def: "(assumption)", rng: "≥ 0",
				kinds: only(model.MemberLoss, model.Attrition), val: bind(duration, func(d *model.Disruption) *float64 { return &d.Realloc })},
			{key: "rate", doc: "attrition: losses per person", unit: "per working time", def: "required", rng: "> 0",
				kinds: only(model.Attrition), val: bind(rate, func(d *model.Disruption) *float64 { return &d.Rate })},
			{key: "factor", doc: "surge: arrival multiplier; slowdown: hop-delay multiplier", def: "", rng: "surge ≥ 1; slowdown > 0",
				kinds: only(model.Surge, model.Slowdown), val: bind(number, func(d *model.Disruption) *float64 { return &d.Factor })},
			{key: "theta", doc: "knowledge-shock: the new difficulty scale (smaller: harder issues)", def: "required", rng: "> 0",
				kinds: only(model.KnowledgeShock), val: bind(number, func(d *model.Disruption) *float64 { return &d.Theta })},
		}},
		expectTable,
	},
}

// MaxReplications bounds a scenario's, a sweep's and a sensitivity study's
// replications, in their files and in the command's -replications flag.
const MaxReplications = 100000

// appliesTo reports whether a disruption key applies to kind k.
func (f *field) appliesTo(k model.DisruptionKind) bool {
	if f.kinds == nil {
		return true
	}
	for _, x := range f.kinds {
		if x == k {
			return true
		}
	}
	return false
}

// kindNames writes the names of disruption kinds, quoted.
func kindNames(kinds []model.DisruptionKind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.String()
	}
	return out
}
