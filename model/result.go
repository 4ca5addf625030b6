package model

import (
	"math"
	"slices"
	"sort"

	"github.com/orgsim/orgsim/internal/stats"
)

// Class says where and how an issue was decided.
type Class uint8

// Issue classes.
const (
	ClassLocal     Class = iota // decided at its origin team alone
	ClassAdvice                 // decided at its origin after advice
	ClassConsulted              // decided at its origin after consulting the affected teams
	ClassEscalated              // decided above its origin team
	ClassForced                 // decided by the unit holding it at its deadline
	ClassIntent                 // returned at its deadline and decided by its team on intent

	// NumClasses is the number of issue classes.
	NumClasses = int(ClassIntent) + 1
)

var classNames = [...]string{"local", "advice", "consulted", "escalated", "forced", "intent"}

// String returns the class's name.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

// IssueRecord is what a run remembers of one issue, for metrics, the paired
// comparison of resilience and traces.
type IssueRecord struct {
	Key      uint64  // identifies the issue: the same issue has the same key in every organisation
	Arrival  float64 // hours
	Latency  float64 // arrival → decision received at the origin, hours (censored: until the drain ended)
	Wait     float32 // hours queued
	Service  float32 // hours in service at the units it passed
	Comm     float32 // hours in hops and waiting for advice or consultation
	Helper   float32 // hands-on hours spent on it by units other than its team: advisors, consulted teams, leaders it was escalated to
	Effort   float32 // hands-on hours spent on it by every unit, its team included
	Value    float32 // the issue's value
	Origin   int32   // team index
	Decider  int32   // unit index (see [Units]); −1 if censored
	Messages int32   // hops: escalations, requests, replies and the way back
	Esc      int16   // escalations (levels climbed)
	Class    Class
	Flags    uint8
}

// Good reports the issue's hidden label.
func (r *IssueRecord) Good() bool { return r.Flags&flagGood != 0 }

// Accepted reports whether the decision accepted the issue.
func (r *IssueRecord) Accepted() bool { return r.Flags&flagAccepted != 0 }

// Correct reports whether the decision was correct.
func (r *IssueRecord) Correct() bool { return r.Flags&flagCorrect != 0 }

// Beyond reports a decision taken beyond the decider's knowledge.
func (r *IssueRecord) Beyond() bool { return r.Flags&flagBeyond != 0 }

// Surge reports an extra arrival of a surge (it has no paired issue).
func (r *IssueRecord) Surge() bool { return r.Flags&flagSurge != 0 }

// Censored reports an issue still undecided when the drain ended.
func (r *IssueRecord) Censored() bool { return r.Flags&flagCensored != 0 }

// Sample is one point of a run's time series.
type Sample struct {
	T       float64 // hours
	Backlog int     // open issues
	// Decided counts the decisions made so far (whole run) by the units of
	// each [Tier]; Capability is the mean share of issues the units of each
	// tier resolve (over units and knowledge domains), NaN for a tier with
	// no unit.
	Decided    [NumTiers]int
	Capability [NumTiers]float64
}

// Tier is where a unit sits between the teams and the top: the levels of
// any structure folded into three, so that hierarchies and lattices
// compare.
type Tier uint8

// Tiers.
const (
	TierTeam   Tier = iota // the teams
	TierMiddle             // units with a unit above them: managers, coaches under a circle
	TierTop                // units with no unit above them: the root, the circle, coaches without one
	NumTiers   = 3
)

var tierNames = [...]string{"team", "middle", "top"}

// String returns "team", "middle" or "top".
func (t Tier) String() string {
	if int(t) < len(tierNames) {
		return tierNames[t]
	}
	return "unknown"
}

// Summary holds the mean and exact order-statistic quantiles of a sample.
type Summary struct {
	N                        int
	Mean, P50, P90, P95, P99 float64
}

// summarise returns the mean and nearest-rank quantiles of x, reordering
// x (linear-time selection rather than a sort).
func summarise(x []float64) Summary {
	if len(x) == 0 {
		nan := math.NaN()
		return Summary{Mean: nan, P50: nan, P90: nan, P95: nan, P99: nan}
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	m := sum / float64(len(x))
	var q [4]float64
	stats.SelectQuantiles(q[:0], x, 0.5, 0.9, 0.95, 0.99)
	return Summary{N: len(x), Mean: m, P50: q[0], P90: q[1], P95: q[2], P99: q[3]}
}

// UnitResult holds the metrics of one unit.
type UnitResult struct {
	ID          string
	Role        Role
	Depth       int
	Utilisation float64 // busy server-hours ÷ (servers × measured hours)
	MeanQueue   float64 // time-average number waiting
	PeakQueue   int
	Tier        Tier
	Traffic     int     // messages whose path included the unit (sender, relay or destination; whole run)
	Escalated   int     // issues escalated to it from below (whole run)
	Advised     int     // advice and consultation requests it answered (whole run)
	Decided     int     // issues decided here (whole run)
	Served      int     // services completed here (whole run)
	HandsOn     float64 // hands-on hours of its services (whole run)
}

// Result holds the metrics of one run: one organisation, one replication.
// Latency metrics cover issues arriving in [WarmUp, Horizon].
type Result struct {
	Organisation string
	Replication  uint64
	Undisturbed  bool
	Through      int // the scenario's disruptions this run had, in the order they strike (see [Plan.RunThrough])
	Horizon      float64
	WarmUp       float64
	End          float64 // when the run ended (drained or cut at the drain cap)

	Arrived  int // all issues that arrived
	Decided  int // decisions received back at their origin
	Open     int // still in the system at the end (censored)
	Measured int // issues arriving in the measured window

	Latency Summary // over measured issues; censored ones at their time so far
	Wait    Summary
	Service Summary
	Comm    Summary
	ByClass [len(classNames)]Summary // latency by [Class]
	Shares  [len(classNames)]float64 // share of measured issues per class

	Throughput       float64 // decisions per hour of issues arriving in the window
	MeanBacklog      float64 // time-average open issues over the window
	PeakBacklog      int
	OpenArea         float64    // ∫ open issues dt over the whole run (issue-hours)
	LatencySum       float64    // Σ latency of all issues (issue-hours); equals OpenArea when drained
	EscalationRate   float64    // share of measured issues escalated at least once
	MeanDepth        float64    // mean levels climbed
	Messages         float64    // messages per decision (late replies included)
	HelperHours      float64    // hands-on hours per decision of units other than the issue's team (advice, consultation, a leader's escalation work)
	EffortHours      float64    // hands-on hours per decision of every unit
	EffortByRole     [4]float64 // hands-on hours per decision by [Role] of the unit that spent them
	Accuracy         float64    // share of decisions correct
	TypeI            float64    // share of good issues rejected
	TypeII           float64    // share of bad issues accepted
	ValuePerIssue    float64    // mean payoff per decision: v·e^(−δT) for a good issue accepted, −bad_cost·v for a bad one accepted, 0 for a rejection
	BeyondShare      float64    // share decided beyond the decider's knowledge
	MembersPresent   float64    // time-average members present per team over the measured window
	DeadlineShare    float64    // share of measured issues decided at their deadline (forced, or on intent)
	DeadlineAccuracy float64    // share of those decisions that were correct
	Delegations      int        // times a leader delegated under overload
	DelegatedHours   float64    // leader-hours of delegation
	AuthoritySteps   int        // steps by which teams' authority grew (Routing.Grow), over the teams and domains

	// Who decides, over the measured issues' decisions: the share made
	// by each tier, the Gini coefficient of the decisions over the units,
	// and the effective number of deciders (Hill numbers of order 1 and
	// 2: exp of the Shannon entropy of the units' shares, and 1/Σp²),
	// which [Result.Units] counts divide into a share.
	DecisionShare     [NumTiers]float64
	DecisionGini      float64
	EffectiveDeciders float64
	InverseSimpson    float64

	// Traffic (messages between units; not decisions): sent over the whole
	// run, delivered, their latency, the relays between sender and
	// destination per delivered message, and their hops.
	TrafficSent      int
	TrafficDelivered int
	TrafficLatency   Summary
	TrafficRelays    float64
	TrafficMessages  int

	Units       []UnitResult
	MaxUtil     float64
	MaxUtilUnit string
	GiniUtil    float64
	Samples     []Sample      // backlog on the metrics grid
	Issues      []IssueRecord // every issue, in order of arrival (kept with Metrics.KeepIssues)
	Warnings    []string

	// Every issue in order of arrival, kept whatever Metrics.KeepIssues
	// says (see [Result.Series]): what the resilience signal, the paired
	// comparisons and pooled latencies need, 18 bytes an issue.
	arrival, latency []float64
	class            []Class
	flags            []uint8
}

// Series returns every issue of the run in order of arrival, as columns:
// its arrival time and latency in hours and its class, as in [IssueRecord]
// (kept whatever Metrics.KeepIssues says). The slices belong to the
// Result: do not modify them.
func (r *Result) Series() (arrival, latency []float64, class []Class) {
	return r.arrival, r.latency, r.class
}

// DropIssues lets go of what the Result keeps of every issue: Issues and
// the [Result.Series]. The metrics stay.
func (r *Result) DropIssues() {
	r.Issues = nil
	r.arrival, r.latency, r.class, r.flags = nil, nil, nil, nil
}

// payoff is a decided issue's payoff: accepting a good issue earns its value
// decayed over its latency, v·e^(−δT); accepting a bad one costs badCost·v
// without decay; a rejection earns 0.
func payoff(rc *IssueRecord, delta, badCost float64) float64 {
	return payoffOf(rc.Value, rc.Flags, rc.Latency, delta, badCost)
}

// payoffOf is [payoff] of an issue given its value, flags and latency.
func payoffOf(value float32, flags uint8, latency, delta, badCost float64) float64 {
	if flags&flagAccepted == 0 {
		return 0
	}
	v := float64(value)
	if flags&flagGood != 0 {
		if delta == 0 {
			return v
		}
		return v * math.Exp(-delta*latency)
	}
	return -badCost * v
}

// record appends the record of issue is with latency lat.
func (r *Runner) record(is *issue, lat float64, extra uint8) {
	cls := ClassLocal
	switch {
	case is.how == howForced:
		cls = ClassForced
	case is.how == howIntent:
		cls = ClassIntent
	case is.esc > 0:
		cls = ClassEscalated
	case is.flags&flagConsult != 0:
		cls = ClassConsulted
	case is.flags&flagAdvice != 0:
		cls = ClassAdvice
	}
	flags := is.flags | extra
	i := is.rec
	l := &r.log
	l.latency[i] = lat
	l.wait[i], l.service[i], l.comm[i] = float32(is.wait), float32(is.service), float32(is.comm)
	l.value[i], l.class[i], l.flags[i] = float32(is.value), cls, flags
	r.msgSum += int64(is.messages)
	if is.arrival >= r.cfg.WarmUp && is.arrival <= r.cfg.Horizon {
		if is.esc > 0 {
			r.escalated++
		}
		r.depth += int(is.esc)
		if flags&flagCensored == 0 && is.decider >= 0 {
			r.byDecider[is.decider]++
		}
	}
	if l.full != nil {
		l.full[i] = IssueRecord{
			Key: is.key, Arrival: is.arrival, Latency: lat,
			Wait: float32(is.wait), Service: float32(is.service), Comm: float32(is.comm),
			Helper: float32(is.helper), Effort: float32(is.effort), Origin: is.origin, Decider: is.decider,
			Messages: is.messages, Esc: is.esc, Class: cls, Flags: flags,
			Value: float32(is.value),
		}
	}
}

// sample records the backlog on the metrics grid (step Window/4) up to the
// horizon.
func (r *Runner) sample() {
	if !r.capOK {
		r.capability = r.capabilityNow()
		// Without learning, knowledge changes only through a unit's
		// knowledge factor (which clears capOK) or, for units flagged
		// dynamic, with time: then the next sample computes it again.
		r.capOK = r.learn == nil && !slices.Contains(r.knDyn, true)
	}
	r.samples = append(r.samples, Sample{T: r.s.Now(), Backlog: r.open, Decided: r.tierDecided, Capability: r.capability})
	if r.deleg != nil {
		r.checkDelegation()
	}
	if r.grow != nil {
		r.growStep()
	}
	next := r.s.Now() + r.cfg.Metrics.Window/4
	if next <= r.cfg.Horizon {
		r.s.At(next, evSample, 0, 0, 0)
	}
}

// capabilityNow returns the mean share of issues the units of each tier
// resolve now, over units and knowledge domains (NaN for a tier with no
// unit).
func (r *Runner) capabilityNow() [NumTiers]float64 {
	var c, n [NumTiers]float64
	for u := range r.units {
		k := r.o.tierOf(int32(u))
		for d := 0; d < r.nd; d++ {
			c[k] += -math.Expm1(-r.cfg.Work.Theta * r.knowledge(int32(u), uint8(d)))
			n[k]++
		}
	}
	for k := range c {
		c[k] /= n[k]
	}
	return c
}

// Finish runs to the end — arrivals stop at the horizon and the system
// drains for at most Config.Drain hours; what is left is censored — and
// computes the run's metrics.
func (r *Runner) Finish() (*Result, error) {
	limit := r.cfg.Horizon + r.cfg.Drain
	for r.stopErr == nil && r.s.StepUntil(limit) {
	}
	if r.stopErr != nil {
		return nil, r.stopErr
	}
	end := r.s.Now()
	if r.open > 0 {
		end = limit
		r.s.RunUntil(limit)
	}
	r.openChange(0)
	for u := range r.units {
		r.touch(int32(u))
	}
	for slot := range r.issues {
		if is := &r.issues[slot]; is.inUse && is.flags&flagTraffic == 0 {
			r.record(is, end-is.arrival, flagCensored)
		}
	}
	return r.result(end), nil
}

// Run runs organisation org of cfg for replication rep to the end and
// returns its metrics; undisturbed leaves the disruptions out (the paired
// baseline).
func Run(cfg *Config, org int, rep uint64, undisturbed bool) (*Result, error) {
	p, err := NewPlan(cfg)
	if err != nil {
		return nil, err
	}
	return p.Run(org, rep, undisturbed)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// result computes the metrics of a finished run.
func (r *Runner) result(end float64) *Result {
	cfg := r.cfg
	l := &r.log // in arrival order
	res := &Result{
		Organisation: r.o.name, Replication: r.keys.Replication, Undisturbed: r.undist, Through: r.through,
		Horizon: cfg.Horizon, WarmUp: cfg.WarmUp, End: end,
		Arrived: r.arrived, Open: r.open, Decided: r.delivered,
		OpenArea: r.openArea, PeakBacklog: r.peakOpen, Samples: r.samples,
		Warnings: r.warnings,
	}
	span := cfg.Horizon - cfg.WarmUp
	res.MeanBacklog = (r.openMark[1] - r.openMark[0]) / span
	for _, x := range l.latency {
		res.LatencySum += x
	}
	// The log is in arrival order, so the measured issues are one run of
	// it.
	n := l.len()
	lo := sort.Search(n, func(i int) bool { return l.arrival[i] >= cfg.WarmUp })
	hi := sort.Search(n, func(i int) bool { return l.arrival[i] > cfg.Horizon })
	var decided, correct, good, goodRej, bad, badAcc, beyond int
	var value float64
	var late, lateRight int
	delta := 0.0 // δ of the value's decay
	if hl := cfg.Work.ValueHalfLife; hl > 0 && !math.IsInf(hl, 1) {
		delta = math.Ln2 / hl
	}
	var count [len(classNames)]int
	for i := lo; i < hi; i++ {
		cls, f := l.class[i], l.flags[i]
		count[cls]++
		if f&flagCensored != 0 {
			continue
		}
		decided++
		ok := f&flagCorrect != 0
		if ok {
			correct++
		}
		if cls == ClassForced || cls == ClassIntent {
			late++
			if ok {
				lateRight++
			}
		}
		value += payoffOf(l.value[i], f, l.latency[i], delta, cfg.Work.BadCost)
		if f&flagGood != 0 {
			good++
			if f&flagAccepted == 0 {
				goodRej++
			}
		} else {
			bad++
			if f&flagAccepted != 0 {
				badAcc++
			}
		}
		if f&flagBeyond != 0 {
			beyond++
		}
	}
	res.Measured = hi - lo
	escalated, depth := r.escalated, r.depth
	msgs := float64(r.msgSum)
	// One scratch buffer serves every summary in turn.
	buf := make([]float64, hi-lo)
	copy(buf, l.latency[lo:hi])
	res.Latency = summarise(buf)
	for i, x := range l.wait[lo:hi] {
		buf[i] = float64(x)
	}
	res.Wait = summarise(buf)
	for i, x := range l.service[lo:hi] {
		buf[i] = float64(x)
	}
	res.Service = summarise(buf)
	for i, x := range l.comm[lo:hi] {
		buf[i] = float64(x)
	}
	res.Comm = summarise(buf)
	// By class: a counting sort into the same buffer, record order kept
	// within each class. A class that holds every measured issue (all
	// escalated, say) has the latencies in the order res.Latency summed
	// them, so its summary is that one, bit for bit.
	var off [len(classNames) + 1]int
	one := -1 // the class holding every measured issue, if one does
	for c := range count {
		off[c+1] = off[c] + count[c]
		if count[c] == res.Measured && count[c] > 0 {
			one = c
		}
	}
	if one < 0 {
		pos := off
		for i := lo; i < hi; i++ {
			c := l.class[i]
			buf[pos[c]] = l.latency[i]
			pos[c]++
		}
	}
	for c := range res.ByClass {
		if c == one {
			res.ByClass[c] = res.Latency
		} else {
			res.ByClass[c] = summarise(buf[off[c]:off[c+1]])
		}
		res.Shares[c] = ratio(float64(count[c]), float64(res.Measured))
	}
	res.Throughput = float64(decided) / span
	res.EscalationRate = ratio(float64(escalated), float64(res.Measured))
	res.MeanDepth = ratio(float64(depth), float64(res.Measured))
	res.Messages = ratio(msgs+float64(r.lateMessages), float64(n))
	res.HelperHours = ratio(r.helperHands+r.lateHelper, float64(n))
	var effort float64
	for u := range r.units {
		effort += r.units[u].handsOn
		res.EffortByRole[r.o.units[u].role] += r.units[u].handsOn
	}
	res.EffortHours = ratio(effort, float64(n))
	for k := range res.EffortByRole {
		res.EffortByRole[k] = ratio(res.EffortByRole[k], float64(n))
	}
	if cfg.Work.Teams > 0 {
		res.MembersPresent = (r.presentMark[1] - r.presentMark[0]) / span / float64(cfg.Work.Teams)
	}
	res.Accuracy = ratio(float64(correct), float64(decided))
	res.TypeI = ratio(float64(goodRej), float64(good))
	res.TypeII = ratio(float64(badAcc), float64(bad))
	res.ValuePerIssue = ratio(value, float64(decided))
	res.BeyondShare = ratio(float64(beyond), float64(decided))
	res.DeadlineShare = res.Shares[ClassForced] + res.Shares[ClassIntent]
	res.DeadlineAccuracy = ratio(float64(lateRight), float64(late))
	res.Delegations, res.DelegatedHours = r.delegations, r.delegatedHours
	res.AuthoritySteps = r.grown
	if r.tsent > 0 {
		res.TrafficSent, res.TrafficDelivered, res.TrafficMessages = r.tsent, len(r.tlat), r.tmessages
		res.TrafficRelays = ratio(float64(r.trelays), float64(len(r.tlat)))
		res.TrafficLatency = summarise(append([]float64(nil), r.tlat...))
	}
	for _, dl := range r.deleg {
		if dl.on {
			res.DelegatedHours += end - dl.since
		}
	}
	utils := make([]float64, len(r.units))
	res.Units = make([]UnitResult, len(r.units))
	for u := range r.units {
		un, us, uc := &r.o.units[u], &r.units[u], &r.cold[u]
		// Utilisation per present capacity: busy server-hours over the
		// server-hours present (none while the post is vacant).
		capa := float64(un.servers) * span
		if uc.capChanged {
			capa = uc.capMark[1] - uc.capMark[0]
		}
		util := 0.0
		if capa > 0 {
			util = (uc.busyMark[1] - uc.busyMark[0]) / capa
		}
		ur := UnitResult{
			ID: un.id, Role: un.role, Depth: int(un.depth), Tier: r.o.tierOf(int32(u)),
			Escalated: int(us.escIn), Advised: int(us.advised),
			Utilisation: util,
			MeanQueue:   (uc.queueMark[1] - uc.queueMark[0]) / span, PeakQueue: int(us.peakQueue),
			Decided: int(us.decided), Served: int(us.served), HandsOn: us.handsOn,
		}
		if r.tvisits != nil {
			ur.Traffic = r.tvisits[u]
		}
		res.Units[u] = ur
		utils[u] = ur.Utilisation
		if ur.Utilisation > res.MaxUtil || res.MaxUtilUnit == "" {
			res.MaxUtil, res.MaxUtilUnit = ur.Utilisation, ur.ID
		}
	}
	res.GiniUtil = stats.Gini(utils)
	// Who decided the measured issues.
	byUnit := r.byDecider
	var ndec float64
	for _, x := range byUnit {
		ndec += x
	}
	for u, n := range byUnit {
		res.DecisionShare[r.o.tierOf(int32(u))] += ratio(n, ndec)
	}
	res.DecisionGini = stats.Gini(byUnit)
	res.EffectiveDeciders, res.InverseSimpson = stats.EffectiveNumber(byUnit)
	res.Issues = l.full
	res.arrival, res.latency, res.class, res.flags = l.arrival, l.latency, l.class, l.flags
	return res
}
