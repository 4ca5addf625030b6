package experiment

import (
	"fmt"

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
	{"helper_hours_per_decision", "h", "advisor and consulted-team hours per issue"},
	{"accuracy", "share", "share of decisions that were correct"},
	{"type1_rate", "share", "share of good issues rejected"},
	{"type2_rate", "share", "share of bad issues accepted"},
	{"value_per_issue", "value", "mean of value × (+1 if correct, −1 if wrong) per decision"},
	{"beyond_share", "share", "share of decisions taken beyond the decider's knowledge"},
}

// disruptionMetrics are the metrics of one disruption, named with the
// suffix _d<i> (1-based).
var disruptionMetrics = []Metric{
	{"recovery_time", "h", "hours from the disruption until Q stays at or above the threshold for the hold (censored: until the next disruption or the horizon)"},
	{"resilience_loss", "%·h", "∫(100 − Q) dt from the disruption to the next one or the horizon"},
	{"peak_degradation", "ratio", "largest m/m0 (p95 latency signal over its undisturbed twin's) after the disruption"},
	{"excess_delay", "issue-hours", "Σ latency difference to the undisturbed twin over paired issues arriving after the disruption"},
	{"recovered", "share", "1 if recovered before the next disruption or the horizon, else 0"},
}

// Metrics returns the metrics of a scenario with the given number of
// disruptions, in the order of [RunRow].Values: the 22 metrics of every run
// (latency_mean … beyond_share), then for each disruption i = 1, 2, …
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
