package scenarios_test

// The default comparison's headline — the lattice decides faster (p95
// latency) and recovers sooner from the loss of its top (recovery time of
// the first disruption) — must not rest on the leader-loss parameters'
// exact values. Each of them is moved by ±20 % on its own, and all six
// together in the direction that favours the hierarchy and in the one that
// favours the lattice; in every variant the paired difference hierarchy −
// lattice (same seeds, same issues) must be positive with its 95 %
// interval above 0. The parameters and the ±20 % were fixed before the
// runs (the issue's own bound); the replications are the fewest that give
// intervals well clear of 0 in a pilot. (knowledge_start moves whether the
// interim decides right, not how fast: its variants leave both headline
// differences as they are, and show in accuracy and value instead.)

import (
	"fmt"
	"math"
	"testing"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
	"gonum.org/v1/gonum/stat/distuv"
)

// leaderLossParam is one parameter of the default leader loss, with the
// direction in which raising it favours the hierarchy (+1) or the lattice
// (−1): a longer vacancy or a later successor hurts the structure that
// depends on its top more.
type leaderLossParam struct {
	name      string
	field     func(*model.Disruption) *float64
	favoursHi float64
}

var leaderLossParams = []leaderLossParam{
	{"vacancy", func(d *model.Disruption) *float64 { return &d.Vacancy }, -1},
	{"interim_factor", func(d *model.Disruption) *float64 { return &d.InterimFactor }, +1},
	{"successor", func(d *model.Disruption) *float64 { return &d.Successor }, -1},
	{"ramp_start", func(d *model.Disruption) *float64 { return &d.RampStart }, +1},
	{"ramp_tau", func(d *model.Disruption) *float64 { return &d.RampTau }, -1},
	{"knowledge_start", func(d *model.Disruption) *float64 { return &d.KnowledgeStart }, +1},
}

type variant struct {
	name   string
	factor map[string]float64
}

func robustVariants() []variant {
	var vs []variant
	for _, p := range leaderLossParams {
		for _, f := range []float64{0.8, 1.2} {
			vs = append(vs, variant{fmt.Sprintf("%s×%.1f", p.name, f), map[string]float64{p.name: f}})
		}
	}
	hi, lo := map[string]float64{}, map[string]float64{}
	for _, p := range leaderLossParams {
		hi[p.name] = 1 + 0.2*p.favoursHi
		lo[p.name] = 1 - 0.2*p.favoursHi
	}
	return append(vs, variant{"all in the hierarchy's favour", hi}, variant{"all in the lattice's favour", lo})
}

func TestDefaultHeadlineIsRobustToLeaderLossParameters(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the default scenario fourteen times")
	}
	sc, err := scenarios.Embedded("default")
	if err != nil {
		t.Fatal(err)
	}
	const reps = 10
	for _, v := range robustVariants() {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			cfg := sc.Config
			cfg.Disruptions = append([]model.Disruption(nil), cfg.Disruptions...)
			ll := -1
			for i, d := range cfg.Disruptions {
				if d.Kind == model.LeaderLoss {
					ll = i
				}
			}
			if ll < 0 {
				t.Fatal("the default scenario has no leader loss")
			}
			d := &cfg.Disruptions[ll]
			for _, p := range leaderLossParams {
				if f, ok := v.factor[p.name]; ok {
					*p.field(d) *= f
				}
			}
			d.InterimFactor = min(d.InterimFactor, 1)
			d.RampStart = min(d.RampStart, 1)
			d.KnowledgeStart = min(d.KnowledgeStart, 1)
			out, err := experiment.Run(sc.Name, &cfg, experiment.Options{Replications: reps, Only: -1, Workers: 2, MaxMemory: -1})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range []struct{ metric, claim string }{
				{"latency_p95", "the lattice decides faster"},
				{"recovery_time_d" + fmt.Sprint(ll+1), "the lattice recovers sooner from the loss of its top"},
			} {
				diff, hw := pairedDifference(t, out, "hierarchy", "lattice", m.metric)
				t.Logf("%s: hierarchy − lattice = %+.1f ± %.1f h", m.metric, diff, hw)
				if !(diff-hw > 0) {
					t.Errorf("%s no longer holds: %s hierarchy − lattice = %+.1f ± %.1f h", m.claim, m.metric, diff, hw)
				}
			}
		})
	}
}

// pairedDifference returns the mean over replications of metric(a) −
// metric(b) on the same seeds, and the half-width of its 95 % interval.
func pairedDifference(t *testing.T, out *experiment.Outcome, a, b, metric string) (mean, hw float64) {
	t.Helper()
	k := -1
	for i, m := range out.Metrics {
		if m.Name == metric {
			k = i
		}
	}
	if k < 0 {
		t.Fatalf("no metric %q", metric)
	}
	vals := map[string]map[int]float64{a: {}, b: {}}
	for _, r := range out.Runs {
		if m, ok := vals[r.Organisation]; ok {
			m[r.Replication] = r.Values[k]
		}
	}
	var diffs []float64
	for rep, x := range vals[a] {
		if y, ok := vals[b][rep]; ok {
			diffs = append(diffs, x-y)
		}
	}
	n := float64(len(diffs))
	if n < 2 {
		t.Fatalf("%s: %v paired replications", metric, n)
	}
	var s, ss float64
	for _, x := range diffs {
		s += x
	}
	mean = s / n
	for _, x := range diffs {
		ss += (x - mean) * (x - mean)
	}
	se := math.Sqrt(ss / (n - 1) / n)
	return mean, distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975) * se
}
