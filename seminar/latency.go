package seminar

import (
	"math"
	"sort"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
)

// injection is one disruption injected into one organisation's runner at
// simulated time t (a press, or a scenario disruption applied by the view).
type injection struct {
	t float64
	d model.Disruption
}

// decision is one issue's decision as the latency chart needs it.
type decision struct {
	at      float64 // when it reached its origin team, hours
	latency float64 // hours
}

// replayDecisions re-runs organisation org of cfg for replication 0 from
// time 0 to t — with arrivals stopping at t — applying the scenario's
// disruptions (unless undisturbed) and the injections in order, each at its
// time through [model.Runner.Inject], and returns every issue decided by t,
// in order of decision time. The issues decided by t are the same as in a
// run that goes on past t, since nothing after t can change them; the
// replay's end only decides what happens to the rest.
func replayDecisions(cfg *model.Config, org int, undisturbed bool, inj []injection, t float64) ([]decision, error) {
	if !(t > 0) {
		return nil, nil
	}
	c := *cfg
	c.Horizon = t
	c.Drain = 0
	c.WarmUp = min(c.WarmUp, t/2)
	c.Metrics.KeepIssues = true
	if undisturbed {
		c.Disruptions = nil
	} else {
		// The scenario's disruptions keep their places (their index keys
		// their random streams, and an injection's index follows them);
		// those not yet due become surges of factor 1, which draw nothing
		// and change nothing.
		c.Disruptions = make([]model.Disruption, len(cfg.Disruptions))
		for i, d := range cfg.Disruptions {
			if d.At >= t {
				d = model.Disruption{Kind: model.Surge, At: c.WarmUp, Until: c.WarmUp + 1, Factor: 1}
			}
			c.Disruptions[i] = d
		}
	}
	p, err := model.NewPlan(&c)
	if err != nil {
		return nil, err
	}
	r, err := p.Runner(org, 0, undisturbed)
	if err != nil {
		return nil, err
	}
	for _, in := range inj {
		if in.t > t {
			break
		}
		if err := r.RunUntil(in.t); err != nil {
			return nil, err
		}
		if err := r.Inject(in.d); err != nil {
			return nil, err
		}
	}
	res, err := r.Finish()
	if err != nil {
		return nil, err
	}
	out := make([]decision, 0, res.Decided)
	for i := range res.Issues {
		rc := &res.Issues[i]
		if rc.Censored() {
			continue
		}
		out = append(out, decision{at: rc.Arrival + rc.Latency, latency: rc.Latency})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out, nil
}

// minWindowDecisions is the fewest decisions a window needs for its p95 to
// be shown.
const minWindowDecisions = 5

// windowedP95 returns, for each grid time k·step with from ≤ k < to, the p95
// latency (nearest rank) of the decisions made in (k·step − window, k·step],
// or NaN where fewer than minWindowDecisions were made. ds is in order of
// decision time.
func windowedP95(ds []decision, step, window float64, from, to int) []float64 {
	out := make([]float64, 0, max(to-from, 0))
	var buf []float64
	lo, hi := 0, 0
	for k := from; k < to; k++ {
		g := float64(k) * step
		for hi < len(ds) && ds[hi].at <= g {
			hi++
		}
		for lo < hi && ds[lo].at <= g-window {
			lo++
		}
		if hi-lo < minWindowDecisions {
			out = append(out, math.NaN())
			continue
		}
		buf = buf[:0]
		for _, d := range ds[lo:hi] {
			buf = append(buf, d.latency)
		}
		q := stats.SelectQuantiles(nil, buf, 0.95)
		out = append(out, q[0])
	}
	return out
}
