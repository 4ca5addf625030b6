package model_test

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// TestTopLeadersAbsenceCostsMost: in the same hierarchy, losing the root
// costs more than losing a manager (Bennedsen, Pérez-González and
// Wolfenzon 2020: the chief executive's absence hurts performance, other
// senior executives' does not, or far less). Under the default succession
// (a week's vacancy, an interim at 70 %, a successor after 8 weeks), the
// root's loss costs the issues at least twice the excess delay of a
// manager's, paired on the same issues. The factor was fixed before the
// run: the root holds every escalation the managers cannot decide, a
// manager one-seventh of the escalations, and the root's interim cannot
// carry its load while a manager's can.
func TestTopLeadersAbsenceCostsMost(t *testing.T) {
	cfg := model.Default()
	cfg.Organisations = cfg.Organisations[:1] // the hierarchy
	cfg.Horizon, cfg.WarmUp = 40*sim.Week, 4*sim.Week
	cfg.Metrics.KeepIssues = true
	excess := func(selector string, rep uint64) float64 {
		c := cfg
		c.Disruptions = []model.Disruption{model.DefaultLeaderLoss(10*sim.Week, selector)}
		p, err := model.NewPlan(&c)
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.RunThrough(0, rep, 0)
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.RunThrough(0, rep, 1)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := model.Attribute(&c, []*model.Result{a, b})
		if err != nil {
			t.Fatal(err)
		}
		return rs[0].ExcessDelay
	}
	const reps = 16
	var root, manager, logRatio []float64
	for rep := uint64(0); rep < reps; rep++ {
		r, m := excess("root", rep), excess("m1-1", rep)
		if !(r > 0 && m > 0) {
			t.Fatalf("replication %d: excess delay %v for the root's loss, %v for a manager's", rep, r, m)
		}
		root, manager = append(root, r), append(manager, m)
		logRatio = append(logRatio, math.Log(r/m))
	}
	rm, _ := stats.MeanSE(root)
	mm, _ := stats.MeanSE(manager)
	q, qse := stats.MeanSE(logRatio)
	const t15 = 2.131 // Student's t, 0.975, 15 degrees of freedom
	lo, hi := math.Exp(q-t15*qse), math.Exp(q+t15*qse)
	t.Logf("excess delay: root %.0f, manager %.0f issue-hours; paired ratio ×%.2f [%.2f, %.2f]", rm, mm, math.Exp(q), lo, hi)
	if !(lo > 2) {
		t.Errorf("the root's loss costs ×%.2f [%.2f, %.2f] a manager's excess delay, not clearly more than twice", math.Exp(q), lo, hi)
	}
}
