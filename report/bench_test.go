package report

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/orgsim/orgsim/experiment"
)

// longOutcome is the synthetic outcome with a time series of the given
// number of steps per organisation, 10 hours apart, as noisy as a long
// run's: backlog and p95 latency that jump from step to step with their
// bands, capability that drifts, and decisions that fall to one tier in
// one step and to another in the next. The disruptions sit at a third
// and a half of the run. The noise is seeded, so the figures are the same
// on every run.
func longOutcome(steps int) *experiment.Outcome {
	o := synthetic()
	o.Series = nil
	horizon := 10 * float64(steps)
	o.Recovery[0].At, o.Recovery[2].At = horizon/3, horizon/3
	o.Recovery[1].At, o.Recovery[3].At = horizon/2, horizon/2
	rng := rand.New(rand.NewPCG(1, 2))
	for _, org := range o.Organisations {
		backlog, p95 := 10.0, 12.0
		for k := 1; k <= steps; k++ {
			backlog = math.Max(0, 0.9*backlog+1+3*rng.NormFloat64())
			p95 = math.Max(1, 0.8*p95+2.5+4*math.Abs(rng.NormFloat64()))
			pt := experiment.SeriesPoint{
				Organisation: org, T: 10 * float64(k),
				Backlog: experiment.Stat{Mean: backlog, Low: 0.8 * backlog, High: 1.2 * backlog, N: 20},
				P95:     experiment.Stat{Mean: p95, Low: 0.85 * p95, High: 1.15 * p95, N: 20},
				Quality: experiment.Stat{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()},
			}
			top := rng.Float64() < 0.3
			for tier := range pt.Capability {
				c := math.Min(1, 0.7+0.1*float64(tier)+0.02*rng.NormFloat64())
				pt.Capability[tier] = experiment.Stat{Mean: c, Low: c - 0.02, High: math.Min(1, c+0.02), N: 20}
				share := 0.0
				if top == (tier == len(pt.Capability)-1) {
					share = 1
				}
				pt.DecidedShare[tier] = experiment.Stat{Mean: share, Low: math.NaN(), High: math.NaN(), N: 20}
			}
			o.Series = append(o.Series, pt)
		}
	}
	return o
}

// BenchmarkFigures redraws every figure of a run folder (Plot: reading the
// CSV files, drawing five figures as PNG and SVG, writing them) whose time
// series has 250, 2,500 and 25,000 steps per organisation: a run of 2,500
// to 250,000 hours. Curves are thinned to what each pixel column can show,
// so the time per op should grow with the steps only as far as reading
// the CSV files and thinning do, not as drawing did.
func BenchmarkFigures(b *testing.B) {
	for _, steps := range []int{250, 2500, 25000} {
		b.Run("steps="+strconv.Itoa(steps), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "out")
			if err := Write(dir, longOutcome(steps), meta); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if err := Plot(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
