package experiment

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/scenarios"
)

// claimsOutcome is an outcome of two organisations, a and b, over three
// replications, with p95 latencies whose paired ratio a/b is 0.5 in every
// replication, and accuracies that differ by −0.05, +0.05 and 0.
func claimsOutcome(reps int) *Outcome {
	o := &Outcome{Organisations: []string{"a", "b"}, Metrics: Metrics(0), Replications: reps}
	p95 := [][]float64{{10, 11, 12}, {20, 22, 24}}
	acc := [][]float64{{0.8, 0.9, 0.85}, {0.85, 0.85, 0.85}}
	for org := range 2 {
		for rep := range reps {
			v := make([]float64, len(o.Metrics))
			for i := range v {
				v[i] = math.NaN()
			}
			for i, m := range o.Metrics {
				switch m.Name {
				case "latency_p95":
					v[i] = p95[org][rep]
				case "accuracy":
					v[i] = acc[org][rep]
				}
			}
			o.Runs = append(o.Runs, RunRow{Organisation: o.Organisations[org], Org: org, Replication: rep, Values: v})
		}
	}
	return o
}

func TestEvaluate(t *testing.T) {
	ratio := func(dir scenarios.Direction, min float64) scenarios.Expectation {
		return scenarios.Expectation{Metric: "latency_p95", First: "a", Second: "b", Direction: dir, MinEffect: min, Compare: Ratio, Confidence: 0.95}
	}
	diff := func(dir scenarios.Direction, min float64) scenarios.Expectation {
		return scenarios.Expectation{Metric: "accuracy", First: "a", Second: "b", Direction: dir, MinEffect: min, Compare: Difference, Confidence: 0.95}
	}
	rng := func(org string, lo, hi float64) scenarios.Expectation {
		return scenarios.Expectation{Metric: "accuracy", Organisation: org, Range: [2]float64{lo, hi}, Confidence: 0.95}
	}
	inf := math.Inf(1)
	// The differences −0.05, 0.05, 0 have mean 0 and sd 0.05: the 95 %
	// interval is ±4.302653·0.05/√3 = ±0.124207.
	h := 4.302653 * 0.05 / math.Sqrt(3)
	for _, c := range []struct {
		name string
		e    scenarios.Expectation
		want Verdict
		est  Stat
	}{
		{"a is faster by 1.5", ratio(scenarios.Less, 1.5), Held, Stat{0.5, 0.5, 0.5, 3}},
		{"a is faster by 2, exactly what it is", ratio(scenarios.Less, 2), Failed, Stat{0.5, 0.5, 0.5, 3}},
		{"a is faster by 3", ratio(scenarios.Less, 3), Failed, Stat{0.5, 0.5, 0.5, 3}},
		{"a is slower", ratio(scenarios.Greater, 1), Failed, Stat{0.5, 0.5, 0.5, 3}},
		{"b is slower by 1.9", scenarios.Expectation{Metric: "latency_p95", First: "b", Second: "a", Direction: scenarios.Greater, MinEffect: 1.9, Compare: Ratio, Confidence: 0.95}, Held, Stat{2, 2, 2, 3}},
		{"a is more accurate", diff(scenarios.Greater, 0), Undecided, Stat{0, -h, h, 3}},
		{"a is less accurate by 0.2", diff(scenarios.Less, 0.2), Failed, Stat{0, -h, h, 3}},
		{"a is more accurate, or less by up to 0.2", diff(scenarios.Greater, -0.2), Held, Stat{0, -h, h, 3}},
		{"b's accuracy in [0.8, 0.9]", rng("b", 0.8, 0.9), Held, Stat{0.85, 0.85, 0.85, 3}},
		{"b's accuracy at least 0.9", rng("b", 0.9, inf), Failed, Stat{0.85, 0.85, 0.85, 3}},
		{"a's accuracy in [0.85, 1]", rng("a", 0.85, 1), Undecided, Stat{}},
		{"a metric the run lacks", scenarios.Expectation{Metric: "resilience_loss_d1", Organisation: "a", Range: [2]float64{0, 1}, Confidence: 0.95}, Undecided, Stat{math.NaN(), math.NaN(), math.NaN(), 0}},
		{"an organisation the run lacks", rng("c", 0, 1), Undecided, Stat{math.NaN(), math.NaN(), math.NaN(), 0}},
	} {
		rows := Evaluate(claimsOutcome(3), []scenarios.Expectation{c.e})
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows", c.name, len(rows))
		}
		r := rows[0]
		if r.Verdict != c.want {
			t.Errorf("%s: %v on %+v, want %v", c.name, r.Verdict, r.Estimate, c.want)
		}
		if c.est != (Stat{}) && !(r.Estimate.N == c.est.N && sameFloat3(r.Estimate, c.est)) {
			t.Errorf("%s: estimate %+v, want %+v", c.name, r.Estimate, c.est)
		}
	}
	// One replication gives no interval: every claim is undecided.
	for _, e := range []scenarios.Expectation{ratio(scenarios.Less, 1.5), rng("b", 0.8, 0.9)} {
		if r := Evaluate(claimsOutcome(1), []scenarios.Expectation{e})[0]; r.Verdict != Undecided || r.Estimate.N != 1 {
			t.Errorf("one replication: %v over %d, want undecided over 1", r.Verdict, r.Estimate.N)
		}
	}
	rows := Evaluate(claimsOutcome(3), []scenarios.Expectation{ratio(scenarios.Less, 1.5), diff(scenarios.Less, 0), rng("a", 0, 1)})
	for i, want := range []string{"a/b", "a-b", "a"} {
		if got := rows[i].Subject(); got != want {
			t.Errorf("row %d: subject %q, want %q", i, got, want)
		}
	}
	if rows[0].Statistic != "ratio" || rows[1].Statistic != "difference" || rows[2].Statistic != "mean" {
		t.Errorf("statistics %q, %q, %q", rows[0].Statistic, rows[1].Statistic, rows[2].Statistic)
	}
	// A lower confidence narrows the interval: at 50 % the difference's
	// interval is ±0.816497·0.05/√3.
	e := diff(scenarios.Greater, 0)
	e.Confidence = 0.5
	if r := Evaluate(claimsOutcome(3), []scenarios.Expectation{e})[0]; !near(r.Estimate.High, 0.816497*0.05/math.Sqrt(3), 1e-6) {
		t.Errorf("at 50 %%: %+v", r.Estimate)
	}
}

func sameFloat3(a, b Stat) bool {
	return near(a.Mean, b.Mean, 1e-9) && near(a.Low, b.Low, 1e-6) && near(a.High, b.High, 1e-6) ||
		math.IsNaN(a.Mean) && math.IsNaN(b.Mean) && math.IsNaN(a.Low) && math.IsNaN(b.Low)
}
