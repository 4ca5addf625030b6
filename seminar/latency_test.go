package seminar

import (
	"math"
	"sort"
	"testing"
	"time"

	"github.com/orgsim/orgsim/sim"
)

// The live p95 series, read from the runners as they go, equals the p95 of
// the last window computed afterwards from the finished runs' decisions:
// the chart is exact.
func TestLiveP95IsExact(t *testing.T) {
	sc := seminarScenario(t)
	sc.Config.Horizon = 24 * sim.Week
	e, err := newSession(sessionConfig{sc: sc, seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	e.advanceTo(12*sim.Week, time.Time{})
	if _, err := e.apply(TopLeader, ""); err != nil {
		t.Fatal(err)
	}
	e.advanceTo(sc.Config.Horizon, time.Time{})
	for o, r := range e.runners {
		res, err := r.Finish()
		if err != nil {
			t.Fatal(err)
		}
		var ds []decision
		for _, rc := range res.Issues {
			if !rc.Censored() {
				ds = append(ds, decision{at: rc.Arrival + rc.Latency, latency: rc.Latency})
			}
		}
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].at < ds[j].at })
		want := windowedP95(ds, e.step, e.window, 0, len(e.p95[o]))
		if len(want) < 100 {
			t.Fatalf("only %d grid points", len(want))
		}
		for k := range want {
			if g, w := e.p95[o][k], want[k]; !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
				t.Fatalf("%s at grid point %d: live p95 %v, from the finished run %v", e.cfg.Organisations[o].Name, k, g, w)
			}
		}
	}
}

// windowedP95 agrees with a direct computation over each window.
func TestWindowedP95(t *testing.T) {
	var ds []decision
	for i := 0; i < 400; i++ {
		ds = append(ds, decision{at: float64(i) * 0.37, latency: math.Mod(float64(i*7919), 101)})
	}
	const step, window = 4.0, 20.0
	got := windowedP95(ds, step, window, 3, 37)
	for k := 3; k < 37; k++ {
		g := float64(k) * step
		var xs []float64
		for _, d := range ds {
			if d.at > g-window && d.at <= g {
				xs = append(xs, d.latency)
			}
		}
		want := math.NaN()
		if len(xs) >= minWindowDecisions {
			sort.Float64s(xs)
			want = xs[int(math.Ceil(0.95*float64(len(xs))))-1]
		}
		if v := got[k-3]; !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
			t.Errorf("grid point %d: %v, want %v", k, v, want)
		}
	}
}
