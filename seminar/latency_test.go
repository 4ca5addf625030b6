package seminar

import (
	"math"
	"reflect"
	"sort"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// A replay to time T gives exactly the decisions that a run going on past
// T made by T, with their latencies: the p95 chart is exact.
func TestReplayGivesTheRunsDecisionsExactly(t *testing.T) {
	cfg := seminarScenario(t).Config
	cfg.Horizon = 24 * sim.Week
	for _, scripted := range []bool{false, true} {
		p, err := model.NewPlan(&cfg)
		if err != nil {
			t.Fatal(err)
		}
		for org := range cfg.Organisations {
			r, err := p.Runner(org, 0, !scripted)
			if err != nil {
				t.Fatal(err)
			}
			var inj []injection
			for _, at := range []float64{3 * sim.Week, 5*sim.Week + 3.7} {
				d := model.DefaultLeaderLoss(at, "root")
				if at > 4*sim.Week {
					d = model.Disruption{Kind: model.Surge, At: at, Until: at + sim.Week, Factor: 2}
				}
				if err := r.RunUntil(at); err != nil {
					t.Fatal(err)
				}
				if err := r.Inject(d); err != nil {
					t.Fatal(err)
				}
				inj = append(inj, injection{t: at, d: d})
			}
			res, err := r.Finish()
			if err != nil {
				t.Fatal(err)
			}
			// Before and after the scenario's own surge in week 21.
			for _, T := range []float64{9*sim.Week + 1.25, 21*sim.Week + 3} {
				var want []decision
				for _, rc := range res.Issues {
					if at := rc.Arrival + rc.Latency; !rc.Censored() && at <= T {
						want = append(want, decision{at: at, latency: rc.Latency})
					}
				}
				sort.SliceStable(want, func(i, j int) bool { return want[i].at < want[j].at })
				got, err := replayDecisions(&cfg, org, !scripted, inj, T)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) < 1000 || !reflect.DeepEqual(got, want) {
					t.Fatalf("scripted %v, %s: the replay has %d decisions by %v h, the run %d", scripted, cfg.Organisations[org].Name, len(got), T, len(want))
				}
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
