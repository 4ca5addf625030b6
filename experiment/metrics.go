package experiment

import (
	"fmt"
	"math"

	"github.com/orgsim/orgsim/model"
)

// baseMetrics are the metrics of every run, in their fixed order; each
// disruption adds the metrics of [disruptionMetrics].
var baseMetrics = []Metric{
	{"latency_mean", "h", "mean latency of measured issues (arrival to decision back at the origin)"},
	{"latency_p50", "h", "median latency of measured issues"},
	{"latency_p90", "h", "90th percentile of latency"},
	{"latency_p95", "h", "95th percentile of latency"},
	{"latency_p99", "h", "99th percentile of latency"},
	{"wait_mean", "h", "mean hours an issue spent queued"},
	{"service_mean", "h", "mean hours an issue spent in service"},
	{"comm_mean", "h", "mean hours an issue spent in hops and waiting for advice or consultation"},
	{"throughput", "decisions/h", "decisions per hour of issues arriving in the measured window"},
	{"backlog_mean", "issues", "time-average open issues over the measured window"},
	{"backlog_peak", "issues", "most open issues at once"},
	{"util_max", "share", "utilisation of the busiest unit"},
	{"util_gini", "index", "Gini coefficient of the units' utilisation"},
	{"escalation_rate", "share", "share of measured issues escalated at least once"},
	{"escalation_depth", "levels", "mean levels climbed per measured issue"},
	{"messages_per_decision", "messages", "hops (escalations, requests, replies, the way back) per issue"},
	{"helper_hours_per_decision", "h", "hands-on hours per issue of units other than its team: advisors, consulted teams, and leaders it was escalated to"},
	{"accuracy", "share", "share of decisions that were correct"},
	{"type1_rate", "share", "share of good issues rejected"},
	{"type2_rate", "share", "share of bad issues accepted"},
	{"value_per_issue", "value", "mean payoff per decision: value × e^(−δ·latency) for a good issue accepted, −bad_cost × value for a bad one accepted, 0 for a rejection"},
	{"beyond_share", "share", "share of decisions taken beyond the decider's knowledge"},
	{"effort_hours_per_decision", "h", "hands-on hours per issue of every unit (relays of traffic included)"},
	{"effort_team_hours", "h", "hands-on hours per issue spent by teams"},
	{"effort_manager_hours", "h", "hands-on hours per issue spent by managers"},
	{"effort_coach_hours", "h", "hands-on hours per issue spent by coaches and circles"},
	{"effort_root_hours", "h", "hands-on hours per issue spent by the root"},
	{"members_present", "people", "time-average members present per team over the measured window"},
	{"deadline_share", "share", "share of measured issues decided at their deadline (forced, or returned and decided on intent)"},
	{"deadline_accuracy", "share", "share of the decisions taken at a deadline that were correct"},
	{"delegations", "count", "times a leader delegated under overload"},
	{"delegated_hours", "h", "leader-hours of delegation"},
	{"traffic_latency_p95", "h", "95th percentile of the latency of messages between units (traffic)"},
	{"traffic_relays", "units", "units relaying a delivered message between its sender and its destination, on average"},
	{"decision_share_team", "share", "share of the measured issues' decisions made by teams"},
	{"decision_share_middle", "share", "share of the measured issues' decisions made by the middle tier: units with a unit above them, not teams (managers, coaches under a circle)"},
	{"decision_share_top", "share", "share of the measured issues' decisions made by the top tier: units with no unit above them (the root, the circle, coaches without one)"},
	{"decision_gini", "index", "Gini coefficient of the measured issues' decisions over the units (0: every unit decides as many; near 1: one unit decides them all)"},
	{"deciders_effective", "units", "effective number of deciders: exp of the Shannon entropy of the units' shares of the measured issues' decisions (Hill number of order 1)"},
	{"deciders_effective_share", "share", "deciders_effective ÷ the organisation's number of units"},
	{"deciders_simpson", "units", "effective number of deciders of order 2: 1 ÷ Σ of the squares of the units' shares of the decisions (inverse Simpson)"},
	{"authority_steps", "steps", "steps by which the teams' authority grew over the run, summed over teams and knowledge domains (routing.grow)"},
}

// disruptionMetrics are the metrics of one disruption, named with the
// suffix _d<i> (1-based). Each is measured in the run with the disruptions
// up to this one (in the order they strike) against the run without it.
var disruptionMetrics = []Metric{
	{"recovery_time", "h", "hours from the disruption until Q stays at or above the threshold for the hold, against the run without it (censored: at the horizon)"},
	{"resilience_loss", "%·h", "∫(100 − Q) dt from the disruption to the horizon, against the run without it"},
	{"peak_degradation", "ratio", "largest m/m0 (p95 latency signal over that of the run without it) after the disruption"},
	{"excess_delay", "issue-hours", "Σ latency difference to the run without it over every paired issue; the disruptions' excess delays add up to the total"},
	{"recovered", "share", "1 if recovered before the horizon, else 0"},
}

// Metrics returns the metrics of a scenario with the given number of
// disruptions, in the order of [RunRow].Values: the 42 metrics of every run
// (latency_mean … traffic_relays, then who decides: decision_share_team …
// authority_steps), then for each disruption i = 1, 2, …
// recovery_time_d<i>, resilience_loss_d<i>, peak_degradation_d<i>,
// excess_delay_d<i> and recovered_d<i>.
func Metrics(disruptions int) []Metric {
	out := make([]Metric, 0, len(baseMetrics)+disruptions*len(disruptionMetrics))
	out = append(out, baseMetrics...)
	for i := 1; i <= disruptions; i++ {
		for _, m := range disruptionMetrics {
			out = append(out, Metric{
				Name: fmt.Sprintf("%s_d%d", m.Name, i), Unit: m.Unit,
				Doc: fmt.Sprintf("disruption %d: %s", i, m.Doc),
			})
		}
	}
	return out
}

// values returns a run's metrics in the order of [Metrics]; rs holds its
// resilience per disruption.
func values(r *model.Result, rs []model.Resilience) []float64 {
	v := make([]float64, 0, len(baseMetrics)+len(rs)*len(disruptionMetrics))
	v = append(v,
		r.Latency.Mean, r.Latency.P50, r.Latency.P90, r.Latency.P95, r.Latency.P99,
		r.Wait.Mean, r.Service.Mean, r.Comm.Mean,
		r.Throughput, r.MeanBacklog, float64(r.PeakBacklog),
		r.MaxUtil, r.GiniUtil, r.EscalationRate, r.MeanDepth,
		r.Messages, r.HelperHours,
		r.Accuracy, r.TypeI, r.TypeII, r.ValuePerIssue, r.BeyondShare,
		r.EffortHours, r.EffortByRole[model.RoleTeam], r.EffortByRole[model.RoleManager],
		r.EffortByRole[model.RoleCoach], r.EffortByRole[model.RoleRoot],
		r.MembersPresent, r.DeadlineShare, r.DeadlineAccuracy,
		float64(r.Delegations), r.DelegatedHours,
		trafficP95(r), r.TrafficRelays,
		r.DecisionShare[model.TierTeam], r.DecisionShare[model.TierMiddle], r.DecisionShare[model.TierTop],
		r.DecisionGini, r.EffectiveDeciders, ratio(r.EffectiveDeciders, float64(len(r.Units))),
		r.InverseSimpson, float64(r.AuthoritySteps),
	)
	for _, d := range rs {
		rec := 1.0
		if d.Censored {
			rec = 0
		}
		v = append(v, d.Recovery, d.Loss, d.PeakDegradation, d.ExcessDelay, rec)
	}
	return v
}

// trafficP95 is the p95 latency of a run's messages, NaN without traffic.
func trafficP95(r *model.Result) float64 {
	if r.TrafficDelivered == 0 {
		return math.NaN()
	}
	return r.TrafficLatency.P95
}

// ratio is a/b, NaN when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
