package experiment

import (
	"math"

	"github.com/orgsim/orgsim/internal/metricdef"
	"github.com/orgsim/orgsim/model"
)

// baseMetrics are the metrics of every run, in their fixed order; each
// disruption adds the metrics of metricdef.PerDisruption. The catalogue
// (names, units, meanings, scales) lives in internal/metricdef, which the
// scenario format reads too.
var baseMetrics = metricdef.Base

// disruptionMetrics are the metrics of one disruption, named with the
// suffix _d<i> (1-based). Each is measured in the run with the disruptions
// up to this one (in the order they strike) against the run without it.
var disruptionMetrics = metricdef.PerDisruption

// Scale is the set of values a metric can take: it keeps the metric's
// intervals in range ([MeanCIIn]) and says how two organisations are
// compared on it ([Scale.Compare]).
type Scale = metricdef.Scale

// The scales of metrics.
const (
	Positive    = metricdef.Positive    // > 0: interval on the log scale, paired ratio
	NonNegative = metricdef.NonNegative // ≥ 0, can be 0: interval on the log scale, paired difference
	Proportion  = metricdef.Proportion  // in [0, 1]: interval on the logit scale, paired difference
	Signed      = metricdef.Signed      // any real: Student-t interval, paired difference
)

// Compare is how two organisations are compared on a metric, pair by pair.
type Compare = metricdef.Compare

// The comparisons.
const (
	Ratio      = metricdef.Ratio      // exp of the mean paired log ratio
	Difference = metricdef.Difference // the mean paired difference
)

// Metrics returns the metrics of a scenario with the given number of
// disruptions, in the order of [RunRow].Values: the 42 metrics of every run
// (latency_mean … traffic_relays, then who decides: decision_share_team …
// authority_steps), then for each disruption i = 1, 2, …
// recovery_time_d<i>, resilience_loss_d<i>, peak_degradation_d<i>,
// excess_delay_d<i> and recovered_d<i>.
func Metrics(disruptions int) []Metric {
	defs := metricdef.All(disruptions)
	out := make([]Metric, len(defs))
	for i, d := range defs {
		out[i] = Metric{Name: d.Name, Unit: d.Unit, Doc: d.Doc, Group: d.Group, Scale: d.Scale}
	}
	return out
}

// ScaleOf returns the scale of the metric called name (any disruption's
// number is accepted); Signed, which bounds nothing, for a name that is
// not a metric.
func ScaleOf(name string) Scale {
	if d, ok := metricdef.Find(name, math.MaxInt32); ok {
		return d.Scale
	}
	return Signed
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
