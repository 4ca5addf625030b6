package seminar

import (
	"math"

	"github.com/orgsim/orgsim/internal/stats"
)

// decision is one issue's decision as the latency chart needs it.
type decision struct {
	at      float64 // when it reached its origin team, hours
	latency float64 // hours
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
