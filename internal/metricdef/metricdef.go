// Package metricdef is the catalogue of the metrics of a run: each one's
// name (a column of runs.csv), unit, meaning, the heading it is shown under,
// and its scale — the values it can take, which decides how its interval is
// kept in range and how two organisations are compared on it. The
// experiment computes the metrics in this order; the scenario format names
// them in expectations. It depends on nothing, so that both can use it.
package metricdef

import (
	"fmt"
	"math"
	"strings"
)

// Scale is the set of values a metric can take.
type Scale uint8

// The scales. A metric is Positive only when every run that decides an
// issue gives it a value above 0, whatever the organisation; a quantity
// that a structure or a run can make 0 is NonNegative.
const (
	// Positive: > 0 (times, rates, levels). Its interval stays in (0, ∞)
	// and two organisations are compared by their paired ratio.
	Positive Scale = iota
	// NonNegative: ≥ 0 and can be 0 (counts, costs that a structure
	// does not incur). Its interval stays in [0, ∞) and two organisations
	// are compared by their paired difference.
	NonNegative
	// Proportion: a share, probability or index in [0, 1]. Its interval
	// stays in [0, 1] and two organisations are compared by their paired
	// difference.
	Proportion
	// Signed: any real number. Its interval is the plain Student-t one
	// and two organisations are compared by their paired difference.
	Signed
)

var scaleNames = []string{"positive", "non-negative", "proportion", "signed"}

// String names the scale: "positive", "non-negative", "proportion" or
// "signed".
func (s Scale) String() string {
	if int(s) < len(scaleNames) {
		return scaleNames[s]
	}
	return fmt.Sprintf("Scale(%d)", s)
}

// Bounds returns the least and the greatest value of the scale: 0 and +Inf,
// 0 and 1, or −Inf and +Inf.
func (s Scale) Bounds() (lo, hi float64) {
	switch s {
	case Positive, NonNegative:
		return 0, math.Inf(1)
	case Proportion:
		return 0, 1
	}
	return math.Inf(-1), math.Inf(1)
}

// Interval writes the scale's range: "(0, ∞)", "[0, ∞)", "[0, 1]" or
// "(−∞, ∞)".
func (s Scale) Interval() string {
	switch s {
	case Positive:
		return "(0, ∞)"
	case NonNegative:
		return "[0, ∞)"
	case Proportion:
		return "[0, 1]"
	}
	return "(−∞, ∞)"
}

// Compare returns how two organisations are compared on a metric of the
// scale: Ratio for a positive one, Difference otherwise.
func (s Scale) Compare() Compare {
	if s == Positive {
		return Ratio
	}
	return Difference
}

// Compare is how two organisations are compared on a metric, pair by pair
// over replications.
type Compare uint8

// The comparisons.
const (
	// Ratio: exp of the mean of log(a/b), a geometric mean of the paired
	// ratios; defined only where both values are > 0.
	Ratio Compare = iota
	// Difference: the mean of a − b.
	Difference
)

var compareNames = []string{"ratio", "difference"}

// String names the comparison: "ratio" or "difference".
func (c Compare) String() string {
	if int(c) < len(compareNames) {
		return compareNames[c]
	}
	return fmt.Sprintf("Compare(%d)", c)
}

// MarshalText writes the comparison's name.
func (c Compare) MarshalText() ([]byte, error) {
	if int(c) >= len(compareNames) {
		return nil, fmt.Errorf("metricdef: no comparison %d", c)
	}
	return []byte(compareNames[c]), nil
}

// UnmarshalText reads a comparison's name.
func (c *Compare) UnmarshalText(b []byte) error {
	for i, n := range compareNames {
		if string(b) == n {
			*c = Compare(i)
			return nil
		}
	}
	return fmt.Errorf("metricdef: %q is not a comparison", b)
}

// Def defines one metric.
type Def struct {
	Name  string // snake_case, a column of runs.csv
	Unit  string
	Doc   string // one line: what it is
	Group string // the heading it is shown under in the comparison table
	Scale Scale
}

// Headings of the groups of Base, in order.
const (
	GroupLatency    = "Latency"
	GroupFlow       = "Flow and load"
	GroupEscalation = "Escalation and communication"
	GroupQuality    = "Quality and value"
	GroupEffort     = "Effort per decision"
	GroupStress     = "People and decision rights under stress"
	GroupTraffic    = "Messages between units"
	GroupWhoDecides = "Who decides"
)

// in puts defs under the heading group.
func in(group string, defs ...Def) []Def {
	for i := range defs {
		defs[i].Group = group
	}
	return defs
}

func concat(parts ...[]Def) []Def {
	var out []Def
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Base are the metrics of every run, in their fixed order.
var Base = concat(
	in(GroupLatency,
		Def{Name: "latency_mean", Unit: "h", Doc: "mean latency of measured issues (arrival to decision back at the origin)", Scale: Positive},
		Def{Name: "latency_p50", Unit: "h", Doc: "median latency of measured issues", Scale: Positive},
		Def{Name: "latency_p90", Unit: "h", Doc: "90th percentile of latency", Scale: Positive},
		Def{Name: "latency_p95", Unit: "h", Doc: "95th percentile of latency", Scale: Positive},
		Def{Name: "latency_p99", Unit: "h", Doc: "99th percentile of latency", Scale: Positive},
		Def{Name: "wait_mean", Unit: "h", Doc: "mean hours an issue spent queued", Scale: Positive},
		Def{Name: "service_mean", Unit: "h", Doc: "mean hours an issue spent in service", Scale: Positive},
		Def{Name: "comm_mean", Unit: "h", Doc: "mean hours an issue spent in hops and waiting for advice or consultation", Scale: NonNegative},
	),
	in(GroupFlow,
		Def{Name: "throughput", Unit: "decisions/h", Doc: "decisions per hour of issues arriving in the measured window", Scale: Positive},
		Def{Name: "backlog_mean", Unit: "issues", Doc: "time-average open issues over the measured window", Scale: Positive},
		Def{Name: "backlog_peak", Unit: "issues", Doc: "most open issues at once", Scale: Positive},
		Def{Name: "util_max", Unit: "share", Doc: "utilisation of the busiest unit", Scale: Proportion},
		Def{Name: "util_gini", Unit: "index", Doc: "Gini coefficient of the units' utilisation", Scale: Proportion},
	),
	in(GroupEscalation,
		Def{Name: "escalation_rate", Unit: "share", Doc: "share of measured issues escalated at least once", Scale: Proportion},
		Def{Name: "escalation_depth", Unit: "levels", Doc: "mean levels climbed per measured issue", Scale: NonNegative},
		Def{Name: "messages_per_decision", Unit: "messages", Doc: "hops (escalations, requests, replies, the way back) per issue", Scale: NonNegative},
		Def{Name: "helper_hours_per_decision", Unit: "h", Doc: "hands-on hours per issue of units other than its team: advisors, consulted teams, and leaders it was escalated to", Scale: NonNegative},
	),
	in(GroupQuality,
		Def{Name: "accuracy", Unit: "share", Doc: "share of decisions that were correct", Scale: Proportion},
		Def{Name: "type1_rate", Unit: "share", Doc: "share of good issues rejected", Scale: Proportion},
		Def{Name: "type2_rate", Unit: "share", Doc: "share of bad issues accepted", Scale: Proportion},
		Def{Name: "value_per_issue", Unit: "value", Doc: "mean payoff per decision: value × e^(−δ·latency) for a good issue accepted, −bad_cost × value for a bad one accepted, 0 for a rejection", Scale: Signed},
		Def{Name: "beyond_share", Unit: "share", Doc: "share of decisions taken beyond the decider's knowledge", Scale: Proportion},
	),
	in(GroupEffort,
		Def{Name: "effort_hours_per_decision", Unit: "h", Doc: "hands-on hours per issue of every unit (relays of traffic included)", Scale: Positive},
		Def{Name: "effort_team_hours", Unit: "h", Doc: "hands-on hours per issue spent by teams", Scale: Positive},
		Def{Name: "effort_manager_hours", Unit: "h", Doc: "hands-on hours per issue spent by managers", Scale: NonNegative},
		Def{Name: "effort_coach_hours", Unit: "h", Doc: "hands-on hours per issue spent by coaches and circles", Scale: NonNegative},
		Def{Name: "effort_root_hours", Unit: "h", Doc: "hands-on hours per issue spent by the root", Scale: NonNegative},
	),
	in(GroupStress,
		Def{Name: "members_present", Unit: "people", Doc: "time-average members present per team over the measured window", Scale: Positive},
		Def{Name: "deadline_share", Unit: "share", Doc: "share of measured issues decided at their deadline (forced, or returned and decided on intent)", Scale: Proportion},
		Def{Name: "deadline_accuracy", Unit: "share", Doc: "share of the decisions taken at a deadline that were correct", Scale: Proportion},
		Def{Name: "delegations", Unit: "count", Doc: "times a leader delegated under overload", Scale: NonNegative},
		Def{Name: "delegated_hours", Unit: "h", Doc: "leader-hours of delegation", Scale: NonNegative},
	),
	in(GroupTraffic,
		Def{Name: "traffic_latency_p95", Unit: "h", Doc: "95th percentile of the latency of messages between units (traffic)", Scale: Positive},
		Def{Name: "traffic_relays", Unit: "units", Doc: "units relaying a delivered message between its sender and its destination, on average", Scale: NonNegative},
	),
	in(GroupWhoDecides,
		Def{Name: "decision_share_team", Unit: "share", Doc: "share of the measured issues' decisions made by teams", Scale: Proportion},
		Def{Name: "decision_share_middle", Unit: "share", Doc: "share of the measured issues' decisions made by the middle tier: units with a unit above them, not teams (managers, coaches under a circle)", Scale: Proportion},
		Def{Name: "decision_share_top", Unit: "share", Doc: "share of the measured issues' decisions made by the top tier: units with no unit above them (the root, the circle, coaches without one)", Scale: Proportion},
		Def{Name: "decision_gini", Unit: "index", Doc: "Gini coefficient of the measured issues' decisions over the units (0: every unit decides as many; near 1: one unit decides them all)", Scale: Proportion},
		Def{Name: "deciders_effective", Unit: "units", Doc: "effective number of deciders: exp of the Shannon entropy of the units' shares of the measured issues' decisions (Hill number of order 1)", Scale: NonNegative},
		Def{Name: "deciders_effective_share", Unit: "share", Doc: "deciders_effective ÷ the organisation's number of units", Scale: Proportion},
		Def{Name: "deciders_simpson", Unit: "units", Doc: "effective number of deciders of order 2: 1 ÷ Σ of the squares of the units' shares of the decisions (inverse Simpson)", Scale: NonNegative},
		Def{Name: "authority_steps", Unit: "steps", Doc: "steps by which the teams' authority grew over the run, summed over teams and knowledge domains (routing.grow)", Scale: NonNegative},
	),
)

// PerDisruption are the metrics of one disruption, named with the suffix
// _d<i> (1-based) by [All].
var PerDisruption = []Def{
	{Name: "recovery_time", Unit: "h", Doc: "hours from the disruption until Q stays at or above the threshold for the hold, against the run without it (censored: at the horizon)", Scale: NonNegative},
	{Name: "resilience_loss", Unit: "%·h", Doc: "∫(100 − Q) dt from the disruption to the horizon, against the run without it", Scale: NonNegative},
	{Name: "peak_degradation", Unit: "ratio", Doc: "largest m/m0 (p95 latency signal over that of the run without it) after the disruption", Scale: Positive},
	{Name: "excess_delay", Unit: "issue-hours", Doc: "Σ latency difference to the run without it over every paired issue; the disruptions' excess delays add up to the total", Scale: Signed},
	{Name: "recovered", Unit: "share", Doc: "1 if recovered before the horizon, else 0", Scale: Proportion},
}

// DisruptionGroup is the heading of disruption i (1-based) before its kind
// and time are known: "Disruption 1".
func DisruptionGroup(i int) string { return fmt.Sprintf("Disruption %d", i) }

// All returns the metrics of a scenario with the given number of
// disruptions: Base, then for each disruption i = 1, 2, … the metrics of
// PerDisruption as [Disruption] names them.
func All(disruptions int) []Def {
	out := make([]Def, 0, len(Base)+disruptions*len(PerDisruption))
	out = append(out, Base...)
	for i := 1; i <= disruptions; i++ {
		for _, m := range PerDisruption {
			out = append(out, Disruption(m, i))
		}
	}
	return out
}

// Disruption returns m, one of PerDisruption, for disruption i (1-based):
// named <name>_d<i>, documented "disruption i: …" and grouped under
// [DisruptionGroup](i).
func Disruption(m Def, i int) Def {
	return Def{
		Name: fmt.Sprintf("%s_d%d", m.Name, i), Unit: m.Unit,
		Doc:   fmt.Sprintf("disruption %d: %s", i, m.Doc),
		Group: DisruptionGroup(i), Scale: m.Scale,
	}
}

// Find returns the metric called name in a scenario with the given number
// of disruptions.
func Find(name string, disruptions int) (Def, bool) {
	for _, d := range Base {
		if d.Name == name {
			return d, true
		}
	}
	if m, i, ok := SplitDisruption(name); ok && i <= disruptions {
		return Disruption(m, i), true
	}
	return Def{}, false
}

// SplitDisruption splits the name of a per-disruption metric into its
// metric of PerDisruption and the disruption's number: "resilience_loss_d2"
// gives the resilience_loss metric and 2. ok is false unless name is one
// of PerDisruption's names followed by _d<i>, i ≥ 1 written without
// leading zeros.
func SplitDisruption(name string) (m Def, i int, ok bool) {
	at := strings.LastIndex(name, "_d")
	if at < 0 {
		return Def{}, 0, false
	}
	digits := name[at+2:]
	if digits == "" || digits[0] == '0' || len(digits) > 6 {
		return Def{}, 0, false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return Def{}, 0, false
		}
		i = 10*i + int(r-'0')
	}
	for _, d := range PerDisruption {
		if d.Name == name[:at] {
			return d, i, true
		}
	}
	return Def{}, 0, false
}
