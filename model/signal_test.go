package model_test

import (
	"slices"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// TestChainSignalsEqualsSignal: a ChainSignals gives every signal and
// attribution of a chain exactly as Signal and AttributeStep do, whether
// the baselines share their windows (no surge before the last disruption)
// or not (a surge first).
func TestChainSignalsEqualsSignal(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{
		{Kind: model.Surge, At: 6 * sim.Week, Until: 7 * sim.Week, Factor: 2},
		model.DefaultLeaderLoss(9*sim.Week, "root"),
		{Kind: model.MemberLoss, At: 12 * sim.Week, Team: "t3", Realloc: sim.Week},
	}
	cfg.Metrics.KeepIssues = false // the series are enough
	p, err := model.NewPlan(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	for org := range cfg.Organisations {
		var chain []*model.Result
		for k := 0; k <= len(cfg.Disruptions); k++ {
			r, err := p.RunThrough(org, 2, k)
			if err != nil {
				t.Fatal(err)
			}
			chain = append(chain, r)
		}
		c := model.NewChainSignals(&cfg)
		for k := 1; k <= len(cfg.Disruptions); k++ {
			got, err := c.AttributeStep(k, chain[k-1], chain[k])
			if err != nil {
				t.Fatal(err)
			}
			want, err := model.AttributeStep(&cfg, k, chain[k-1], chain[k])
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s step %d: %+v, want %+v", cfg.Organisations[org].Name, k, got, want)
			}
		}
		for i, run := range chain {
			for j, base := range chain {
				s := c.Signal(run, base)
				grid, m, m0, q := model.Signal(&cfg, run, base)
				for _, x := range [][2][]float64{{s.Grid, grid}, {s.M, m}, {s.M0, m0}, {s.Q, q}} {
					if !slices.EqualFunc(x[0], x[1], func(a, b float64) bool { return a == b || a != a && b != b }) {
						t.Fatalf("%s: signal of run %d against %d differs", cfg.Organisations[org].Name, i, j)
					}
				}
			}
		}
	}
}
