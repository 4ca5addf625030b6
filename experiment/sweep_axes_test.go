package experiment

import (
	"math"
	"slices"
	"testing"
)

// labelledSweep uses the axis keys of the frontier sweep: names, labels, a
// load target with a threshold, and paired log-ratios.
const labelledSweep = `
name = "labelled"
base = "base.toml"
seed = 6
replications = 3
metrics = ["latency_p95", "util_max"]
ratios = ["latency_p95"]

[[axis]]
name = "lattice_knows"
key = "organisation[1].team.knowledge"
values = ["p80", "p95"]
labels = [0.8, 0.95]

[[axis]]
name = "root_load"
key = "organisation[0].root.load"
values = [0.3, 0.6]
threshold = 0.5
threshold_label = "half"
`

func TestPairedLogRatio(t *testing.T) {
	a := []float64{2, 4, 6, 0, math.NaN()}
	b := []float64{1, 2, 3, 5, 1}
	st := PairedLogRatio(a, b)
	// The pairs with a zero or NaN are left out; the rest are all ×2.
	if st.N != 3 || math.Abs(st.Mean-math.Ln2) > 1e-15 || math.Abs(st.Low-math.Ln2) > 1e-15 || math.Abs(st.High-math.Ln2) > 1e-15 {
		t.Fatalf("%+v, want log 2 with zero width over 3 pairs", st)
	}
	// Its exponential is PairedRatio.
	x, y := []float64{1.5, 2.5, 0.9, 3}, []float64{1, 2, 1, 2}
	lr, r := PairedLogRatio(x, y), PairedRatio(x, y)
	for _, p := range [][2]float64{{lr.Mean, r.Mean}, {lr.Low, r.Low}, {lr.High, r.High}} {
		if math.Abs(math.Exp(p[0])-p[1]) > 1e-12 {
			t.Fatalf("log-ratio %+v against ratio %+v", lr, r)
		}
	}
}

// TestLabelledSweepSummary: the plan names the axes and keeps their keys,
// values and threshold; summary rows are means, differences, then
// log-ratios; and workers and shards give the same results.
func TestLabelledSweepSummary(t *testing.T) {
	sw := loadSweep(t, labelledSweep)
	one, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := one.Plan
	if !slices.Equal(p.Axes, []string{"lattice_knows", "root_load"}) || !slices.Equal(p.Ratios, []string{"latency_p95"}) {
		t.Fatalf("axes %v, ratios %v", p.Axes, p.Ratios)
	}
	if len(p.AxisInfo) != 2 || p.AxisInfo[0].Key != "organisation[1].team.knowledge" ||
		p.AxisInfo[1].Threshold == nil || *p.AxisInfo[1].Threshold != 0.5 || p.AxisInfo[1].ThresholdLabel != "half" {
		t.Fatalf("axis info %+v", p.AxisInfo)
	}
	if pt := p.Points[3]; !slices.Equal(pt.Values, []string{"0.95", "0.6"}) || !slices.Equal(pt.Set, []string{"p95", "0.6"}) {
		t.Fatalf("point 3: %+v", pt)
	}
	// Per point: 2 organisations × 2 means, 2 differences, 1 log-ratio.
	if len(one.Summary) != 4*(4+2+1) {
		t.Fatalf("%d summary rows", len(one.Summary))
	}
	for pt := range 4 {
		rows := one.Summary[pt*7 : pt*7+7]
		r := rows[6]
		if r.Statistic != StatPairedLogRatio || r.Organisation != "hierarchy/lattice" || r.Metric != "latency_p95" || rows[4].Statistic != StatPairedDiff {
			t.Fatalf("point %d rows: %+v", pt, rows)
		}
		var h, l []float64
		for _, run := range one.Runs {
			if run.Point == pt {
				if run.Organisation == "hierarchy" {
					h = append(h, run.Values[3])
				} else {
					l = append(l, run.Values[3])
				}
			}
		}
		if want := PairedLogRatio(h, l); r.Stat != want || r.N != 3 {
			t.Fatalf("point %d: log-ratio %+v, want %+v", pt, r.Stat, want)
		}
	}
	two, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for i := range 2 {
		d := t.TempDir()
		if _, err := RunSweep(sw, SweepOptions{Dir: d, Shard: i, Shards: 2, Workers: 1}); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	plan, _ := ReadPlan(dirs[0])
	merged, err := Assemble(plan, dirs)
	if err != nil {
		t.Fatal(err)
	}
	if render(one) != render(two) || render(merged) != render(one) {
		t.Fatal("workers or shards change a labelled sweep's results")
	}
}
