package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const sweepGoldenDir = "testdata/sweep"

// sweepCases are the hand-written sweep summaries in testdata/sweep, each
// with the figures PlotSweep must draw from it.
var sweepCases = []struct {
	name    string
	metrics []string
	heatmap bool // two or more axes: heatmaps, and frontiers of the paired rows
}{
	{"onenum", []string{"latency_p95", "util_max"}, false},
	{"onecat", []string{"latency_p95", "resilience_loss_d1"}, false},
	{"onelog", []string{"latency_p95", "recovery_time_d1", "accuracy"}, false},
	{"twoaxis", []string{"latency_p95", "util_max"}, true},
	{"nan", []string{"latency_p95", "recovery_time_d1"}, true},
	// Three named axes, a log-ratio and a threshold from sweep.json.
	{"frontier", []string{"latency_p95", "resilience_loss_d1"}, true},
}

// sweepFiles returns the figure files of a case, in writing order.
func sweepFiles(metrics []string, heatmap bool) []string {
	var out []string
	for _, m := range metrics {
		out = append(out, "sweep-"+m+".png", "sweep-"+m+".svg")
		if heatmap {
			out = append(out, "heatmap-"+m+".png", "heatmap-"+m+".svg", "frontier-"+m+".png", "frontier-"+m+".svg")
		}
	}
	return out
}

// plotSweepCase copies a case's summary.csv into a fresh folder, runs
// PlotSweep there, failing if it does not return within a minute, and
// returns the folder.
func plotSweepCase(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sweepGoldenDir, name, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// A case's sweep.json, where it has one, gives its axes' thresholds.
	if b, err := os.ReadFile(filepath.Join(sweepGoldenDir, name, "sweep.json")); err == nil {
		if err := os.WriteFile(filepath.Join(dir, "sweep.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- PlotSweep(dir) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatalf("PlotSweep on %s did not return within a minute", name)
	}
	return dir
}

// TestPlotSweepGolden draws every case and compares each figure with
// testdata/sweep/<case>/; run with -update to rewrite them after a
// deliberate change.
func TestPlotSweepGolden(t *testing.T) {
	for _, c := range sweepCases {
		t.Run(c.name, func(t *testing.T) {
			dir := plotSweepCase(t, c.name)
			want := sweepFiles(c.metrics, c.heatmap)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			have := []string{SummaryFile}
			if _, err := os.Stat(filepath.Join(sweepGoldenDir, c.name, "sweep.json")); err == nil {
				have = append(have, "sweep.json")
			}
			all := slices.Sorted(slices.Values(append(have, want...)))
			if !slices.Equal(got, all) {
				t.Fatalf("folder holds %q, want %q", got, all)
			}
			for _, name := range want {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, name, b, filepath.Join(sweepGoldenDir, c.name, name))
			}
		})
	}
}

// TestPlotSweepDeterministic draws each case twice.
func TestPlotSweepDeterministic(t *testing.T) {
	for _, c := range sweepCases {
		a, b := plotSweepCase(t, c.name), plotSweepCase(t, c.name)
		for _, name := range sweepFiles(c.metrics, c.heatmap) {
			x, _ := os.ReadFile(filepath.Join(a, name))
			y, _ := os.ReadFile(filepath.Join(b, name))
			if len(x) == 0 || !bytes.Equal(x, y) {
				t.Errorf("%s/%s: two drawings differ (or are empty)", c.name, name)
			}
		}
		assertNoTemporaries(t, a)
	}
}

// TestPlotSweepErrors feeds malformed files and expects errors naming the
// file and, for a bad row, its line.
func TestPlotSweepErrors(t *testing.T) {
	const header = "point,work.cross_team,organisation,metric,statistic,mean,ci95_low,ci95_high,n\n"
	const good = "0,0.1,hierarchy,latency_p95,mean,1,0.5,1.5,20\n"
	cases := []struct {
		name, csv, want string
	}{
		{"empty", "", ": empty file"},
		{"no axis", "point,organisation,metric,statistic,mean,ci95_low,ci95_high,n\n", ":1: header"},
		{"bad header", "pt,a,organisation,metric,statistic,mean,ci95_low,ci95_high,n\n", ":1: header"},
		{"bad number", header + good + "1,0.2,hierarchy,latency_p95,mean,fast,0.5,1.5,20\n", ":3: column mean"},
		{"bad point", header + good + "x,0.2,hierarchy,latency_p95,mean,1,0.5,1.5,20\n", ":3: column point"},
		{"bad n", header + good + good[:len(good)-3] + "2.5\n", ":3: column n"},
		{"bad statistic", header + good + "1,0.2,hierarchy,latency_p95,median,1,0.5,1.5,20\n", ":3: column statistic"},
		{"bad metric", header + "0,0.1,hierarchy,../x,mean,1,0.5,1.5,20\n", ":2: column metric"},
		{"point moved", header + good + "0,0.2,lattice,latency_p95,mean,1,0.5,1.5,20\n", ":3: column work.cross_team"},
		{"duplicate", header + good + good, ":3: column organisation"},
		{"short row", header + good + "1,0.2,hierarchy\n", "line 3"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := filepath.Join(dir, SummaryFile)
		if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		err := PlotSweep(dir)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one naming %s and %q", c.name, err, path, c.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s: PlotSweep left %d entries, want only %s", c.name, len(entries), SummaryFile)
		}
	}
	missing := t.TempDir()
	if err := PlotSweep(missing); err == nil || !strings.Contains(err.Error(), filepath.Join(missing, SummaryFile)) {
		t.Errorf("missing file: err = %v, want one naming %s", err, filepath.Join(missing, SummaryFile))
	}
	if err := PlotSweep(""); err == nil {
		t.Error("PlotSweep(\"\") gave no error")
	}
}

// TestPlotSweepNonFinite draws sweeps whose every value is empty or
// infinite, or whose axis values are, and expects them to finish.
func TestPlotSweepNonFinite(t *testing.T) {
	header1 := "point,a,organisation,metric,statistic,mean,ci95_low,ci95_high,n\n"
	header2 := "point,a,b,organisation,metric,statistic,mean,ci95_low,ci95_high,n\n"
	files := []string{
		header1 + "0,1,A,m,mean,,,,0\n1,2,A,m,mean,Inf,-Inf,Inf,3\n0,1,A-B,m,paired_difference,NaN,,,0\n",
		header1 + "0,Inf,A,m,mean,1,0,2,3\n1,NaN,A,m,mean,2,1,3,3\n2,-Inf,A,m,mean,-Inf,-Inf,,3\n",
		header1 + "0,5,A,m,mean,1,1,1,3\n",
		header1 + "0,0,A,m,mean,1e308,-1e308,1e308,3\n1,1e-300,A,m,mean,5e-324,0,1e-320,3\n",
		header2 + "0,1,x,A,m,mean,Inf,,,3\n1,2,x,A,m,mean,,,,3\n0,1,x,A-B,m,paired_difference,-Inf,,,3\n",
		header2 + "0,1,x,A,m,mean,0,0,0,3\n0,1,x,A-B,m,paired_difference,0,0,0,3\n",
		header2 + "0,1,x,A,m,mean,1e308,1e308,1e308,3\n0,1,x,A-B,m,paired_difference,-1e308,-1e308,1e308,3\n",
		header1 + "0,1e308,A,m,mean,1e308,1e308,1e308,3\n1,-1e308,A,m,mean,1e308,1e308,1e308,3\n",
	}
	for i, f := range files {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, SummaryFile), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- PlotSweep(dir) }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("file %d: %v", i, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("file %d: PlotSweep did not return within a minute", i)
		}
	}
}

func TestSweepFigAxis(t *testing.T) {
	a := newSweepFigAxis("k", []string{"0.4", "0.1", "0.2", "0.1"})
	if !a.numeric || a.log || !slices.Equal(a.labels, []string{"0.1", "0.2", "0.4"}) {
		t.Errorf("numeric axis = %+v, want 0.1, 0.2, 0.4 on a linear scale", a)
	}
	a = newSweepFigAxis("k", []string{"1", "10", "100"})
	if !a.numeric || !a.log {
		t.Errorf("axis 1…100 = %+v, want a log scale", a)
	}
	a = newSweepFigAxis("k", []string{"0", "10", "100"})
	if !a.numeric || a.log {
		t.Errorf("axis 0…100 = %+v, want a linear scale", a)
	}
	a = newSweepFigAxis("k", []string{"4w", "2/d", "[4, 12]", "1"})
	if a.numeric || !slices.Equal(a.labels, []string{"4w", "2/d", "[4, 12]", "1"}) ||
		!slices.Equal(a.pos, []float64{0, 1, 2, 3}) {
		t.Errorf("categorical axis = %+v, want file order at 0…3", a)
	}
	if a := newSweepFigAxis("k", []string{"1", "Inf"}); a.numeric {
		t.Errorf("axis with Inf = %+v, want categorical", a)
	}
}

func TestSig3(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {12.345, "12.3"}, {999.7, "1000"}, {1234.5, "1230"}, {100.4, "100"},
		{0.012345, "0.0123"}, {0.01, "0.01"}, {-2.5, "−2.5"}, {0.95, "0.95"}, {0.00012, "0.00012"},
		{math.NaN(), "–"}, {math.Inf(1), "∞"}, {math.Inf(-1), "−∞"},
	} {
		if got := sig3(c.x); got != c.want {
			t.Errorf("sig3(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestMetricLabel(t *testing.T) {
	for _, c := range []struct{ metric, want string }{
		{"latency_p95", "latency_p95 (working hours)"},
		{"util_max", "util_max (share, 0–1)"},
		{"resilience_loss_d3", "resilience_loss_d3 (%·working hours)"},
		{"recovery_time_d12", "recovery_time_d12 (working hours)"},
		{"custom", "custom"},
	} {
		if got := metricLabel(c.metric); got != c.want {
			t.Errorf("metricLabel(%q) = %q, want %q", c.metric, got, c.want)
		}
	}
}
