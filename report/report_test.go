package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/structure"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldenDir = "testdata/golden"

// synthetic builds a small outcome by hand: a hierarchy and a lattice,
// three replications, a leader loss at week 20 and a surge at week 30.
func synthetic() *experiment.Outcome {
	nan := math.NaN()
	orgs := []string{"hierarchy", "lattice"}
	o := &experiment.Outcome{
		Scenario:      "synthetic",
		Replications:  3,
		Organisations: orgs,
		Metrics: []experiment.Metric{
			{Name: "latency_p50", Unit: "h", Doc: "median latency", Scale: experiment.Positive},
			{Name: "latency_p95", Unit: "h", Doc: "95th percentile latency", Scale: experiment.Positive},
			{Name: "throughput", Unit: "issues/h", Doc: "decisions per hour", Scale: experiment.Positive},
			{Name: "accuracy", Unit: "share", Doc: "share of decisions correct", Scale: experiment.Proportion},
			{Name: "recovery_time_d1", Unit: "h", Doc: "recovery time from disruption 1", Scale: experiment.NonNegative},
			{Name: ResilienceLossMetric(1), Unit: "%·h", Doc: "resilience loss from disruption 1", Scale: experiment.NonNegative},
			{Name: ResilienceLossMetric(2), Unit: "%·h", Doc: "resilience loss from disruption 2", Scale: experiment.NonNegative},
		},
	}
	base := [][]float64{
		{3.5, 41.25, 12.2, 0.81, 150, 5200, 9100},
		{1.75, 9.5, 12.25, 0.78, 40, 1400, 2300},
	}
	for i, org := range orgs {
		for r := range 3 {
			vals := make([]float64, len(base[i]))
			for k, v := range base[i] {
				vals[k] = v * (1 + 0.05*float64(r-1))
			}
			if i == 0 && r == 2 {
				vals[4] = nan // not recovered in this replication
			}
			o.Runs = append(o.Runs, experiment.RunRow{
				Organisation: org, Org: i, Replication: r, Seed: 12345, Values: vals,
			})
		}
		for k, m := range o.Metrics {
			v := base[i][k]
			s := experiment.Stat{Mean: v, Low: v * 0.9, High: v * 1.1, N: 3}
			if m.Name == "recovery_time_d1" && i == 0 {
				s.N = 2
			}
			o.Summary = append(o.Summary, experiment.SummaryRow{Organisation: org, Metric: m.Name, Stat: s})
		}
	}
	for k, m := range o.Metrics {
		c := m.Scale.Compare()
		st := experiment.Stat{N: 3}
		if c == experiment.Ratio {
			r := base[0][k] / base[1][k]
			st.Mean, st.Low, st.High = r, r*0.8, r*1.25
		} else {
			d := base[0][k] - base[1][k]
			st.Mean, st.Low, st.High = d, d-0.5*math.Abs(d), d+0.5*math.Abs(d)
		}
		o.Paired = append(o.Paired, experiment.PairedRow{Metric: m.Name, A: orgs[0], B: orgs[1], Compare: c, Stat: st})
	}
	o.Expectations = []experiment.ExpectRow{
		{Expectation: scenarios.Expectation{Claim: "the lattice is faster at p95", Metric: "latency_p95",
			First: "lattice", Second: "hierarchy", Direction: scenarios.Less, MinEffect: 2, Compare: experiment.Ratio, Confidence: 0.95},
			Statistic: "ratio", Estimate: experiment.Stat{Mean: 0.23, Low: 0.2, High: 0.27, N: 3}, Verdict: experiment.Held},
		{Expectation: scenarios.Expectation{Claim: "the hierarchy decides, \"mostly\", correctly", Metric: "accuracy",
			Organisation: "hierarchy", Range: [2]float64{0.9, math.Inf(1)}, Confidence: 0.9},
			Statistic: "mean", Estimate: experiment.Stat{Mean: 0.81, Low: 0.729, High: 0.891, N: 3}, Verdict: experiment.Failed},
	}
	o.Recovery = []experiment.RecoveryRow{
		{Organisation: orgs[0], Disruption: 0, Kind: "leader-loss", At: 800, Censored: 1.0 / 3, KMMedian: 120,
			Mean: experiment.Stat{Mean: 150, Low: 90, High: 210, N: 3}},
		{Organisation: orgs[0], Disruption: 1, Kind: "surge", At: 1200, Censored: 2.0 / 3, KMMedian: math.Inf(1),
			Mean: experiment.Stat{Mean: 260, Low: 180, High: 340, N: 3}},
		{Organisation: orgs[1], Disruption: 0, Kind: "leader-loss", At: 800, Censored: 0, KMMedian: 40,
			Mean: experiment.Stat{Mean: 45, Low: 30, High: 60, N: 3}},
		{Organisation: orgs[1], Disruption: 1, Kind: "surge", At: 1200, Censored: 0, KMMedian: 64,
			Mean: experiment.Stat{Mean: 70, Low: 52, High: 88, N: 3}},
	}
	for i, org := range orgs {
		level := []float64{22, 11}[i]
		hit := []float64{2.2, 0.6}[i]
		decay := []float64{160, 48}[i]
		for t := 8.0; t <= 1600; t += 8 {
			shock := 0.0
			if t >= 800 {
				shock += hit * math.Exp(-(t-800)/decay)
			}
			if t >= 1200 {
				shock += 1.5 * hit * math.Exp(-(t-1200)/decay)
			}
			wiggle := 0.06 * math.Sin(t/37+float64(i))
			b := level * (1 + shock + wiggle)
			p95 := []float64{40, 9}[i] * (1 + 0.8*shock + wiggle)
			q := nan
			if t >= 800 {
				q = 100 / (1 + 0.8*shock)
			}
			pt := experiment.SeriesPoint{
				Organisation: org, T: t,
				Backlog: experiment.Stat{Mean: b, Low: b * 0.88, High: b * 1.12, N: 3},
				P95:     experiment.Stat{Mean: p95, Low: p95 * 0.85, High: p95 * 1.15, N: 3},
				Quality: experiment.Stat{Mean: q, Low: q * 0.95, High: math.Min(100, q*1.05), N: 3},
			}
			// Teams learn and take over decisions from the tiers above;
			// the root's successor starts below the leader's capability.
			// The lattice has no middle tier, and its first step no
			// decision.
			learnt := 1 - math.Exp(-t/600)
			capab := [][3]float64{
				{0.7 + 0.1*learnt, 0.95, 0.995 - 0.05*shock/(1+shock)},
				{0.85 + 0.05*learnt, nan, 0.999},
			}[i]
			team := []float64{0.5 + 0.15*learnt, 0.94 + 0.02*learnt}[i] + 0.02*wiggle
			top := []float64{0.12 - 0.05*learnt, 0.06 - 0.02*learnt}[i]
			if i == 0 && t >= 800 && t < 840 {
				top = 0 // the root's post is vacant
			}
			share := [3]float64{team, 1 - team - top, top}
			if i == 1 {
				share = [3]float64{team, 0, 1 - team}
			}
			for k := range 3 {
				c := capab[k]
				pt.Capability[k] = experiment.Stat{Mean: c, Low: c - 0.01, High: math.Min(1, c+0.01), N: 3}
				pt.DecidedShare[k] = experiment.Stat{Mean: share[k], Low: nan, High: nan, N: 3}
				if math.IsNaN(c) {
					pt.Capability[k].N = 0
				}
				if i == 1 && t == 8 {
					pt.DecidedShare[k] = experiment.Stat{Mean: nan, Low: nan, High: nan}
				}
			}
			o.Series = append(o.Series, pt)
		}
	}
	hier := []struct {
		unit, role string
		depth      int
		util       float64
	}{
		{"root", "root", 0, 0.97}, {"m1", "manager", 1, 0.91}, {"m2", "manager", 1, 0.88},
		{"m3", "manager", 1, 0.84},
	}
	for k := 1; k <= 9; k++ {
		hier = append(hier, struct {
			unit, role string
			depth      int
			util       float64
		}{"t" + strconv.Itoa(k), "team", 2, 0.45 + 0.03*float64(k%5)})
	}
	for _, u := range hier {
		o.Units = append(o.Units, unit(orgs[0], u.unit, u.role, u.depth, u.util))
	}
	o.Units = append(o.Units, unit(orgs[1], "circle", "coach", 0, 0.42))
	for k := 1; k <= 6; k++ {
		o.Units = append(o.Units, unit(orgs[1], "t"+strconv.Itoa(k), "team", 1, 0.55+0.04*float64(k%4)))
	}
	for i := range o.Units {
		u := &o.Units[i]
		switch u.Role {
		case "team":
			u.Tier = "team"
			u.Decided = experiment.Stat{Mean: 180 + float64(10*i), N: 3}
			u.Advised = experiment.Stat{Mean: float64(3 * i), N: 3}
		case "manager":
			u.Tier = "middle"
			u.Decided = experiment.Stat{Mean: 120.5, N: 3}
			u.Escalated = experiment.Stat{Mean: 160.25, N: 3}
		default:
			u.Tier = "top"
			u.Decided = experiment.Stat{Mean: 60, N: 3}
			u.Escalated = experiment.Stat{Mean: 75, N: 3}
		}
	}
	levels := []float64{0.01}
	for k := 1; k <= 19; k++ {
		levels = append(levels, float64(k)/20)
	}
	levels = append(levels, 0.99)
	for i, org := range orgs {
		mu := math.Log(base[i][0])
		sigma := []float64{1.5, 1.05}[i]
		for _, class := range []string{"all", "local"} {
			for _, p := range levels {
				o.Latency = append(o.Latency, experiment.LatencyRow{Organisation: org, Class: class, P: p,
					Latency: math.Exp(mu + sigma*math.Sqrt2*math.Erfinv(2*p-1))})
			}
		}
	}
	o.Config = syntheticConfig()
	return o
}

// syntheticConfig is a scenario for the synthetic outcome's structure.csv:
// nine teams under three managers under the root (the hierarchy), and
// under one circle, each asking its two ring neighbours (the lattice;
// its units.csv rows cover six of its teams).
func syntheticConfig() *model.Config {
	cfg := model.Default()
	cfg.Seed = 12345
	cfg.Work.Teams = 9
	h := model.DefaultHierarchy()
	h.Structure = model.Explicit
	h.Units = []model.UnitSpec{{ID: "root", Role: model.RoleRoot}}
	l := model.DefaultLattice()
	l.Structure = model.Explicit
	l.Units = []model.UnitSpec{{ID: "circle", Role: model.RoleCoach}}
	for m := 1; m <= 3; m++ {
		h.Units = append(h.Units, model.UnitSpec{ID: "m" + strconv.Itoa(m), Role: model.RoleManager, ReportsTo: "root"})
	}
	for k := 1; k <= 9; k++ {
		id := "t" + strconv.Itoa(k)
		h.Units = append(h.Units, model.UnitSpec{ID: id, Role: model.RoleTeam, ReportsTo: "m" + strconv.Itoa((k+2)/3)})
		peers := []string{"t" + strconv.Itoa(k%9+1), "t" + strconv.Itoa((k+7)%9+1)}
		l.Units = append(l.Units, model.UnitSpec{ID: id, Role: model.RoleTeam, ReportsTo: "circle", Peers: peers})
	}
	cfg.Organisations = []model.Organisation{h, l}
	return &cfg
}

func unit(org, id, role string, depth int, util float64) experiment.UnitRow {
	return experiment.UnitRow{
		Organisation: org, Unit: id, Role: role, Depth: depth,
		Utilisation: experiment.Stat{Mean: util, Low: util - 0.04, High: math.Min(1, util+0.04), N: 3},
		MeanQueue:   experiment.Stat{Mean: util / (1 - util*0.99), N: 3},
		PeakQueue:   experiment.Stat{Mean: math.Round(10 * util / (1 - util*0.99)), N: 3},
	}
}

var meta = Meta{
	Command:      "orgsim run -replications 3 synthetic.toml",
	Version:      "v0.0.0-test",
	GoVersion:    "go1.26.8",
	GOARCH:       "amd64",
	ScenarioHash: "sha256:0123abcd",
	Scenario:     map[string]any{"name": "synthetic", "seed": 12345, "horizon_hours": 1600},
}

func writeSynthetic(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, synthetic(), meta); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestGolden compares every file Write produces with testdata/golden; run
// with -update to rewrite them after a deliberate change.
func TestGolden(t *testing.T) {
	dir := writeSynthetic(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := slices.Sorted(slices.Values(Files()))
	if !slices.Equal(got, want) {
		t.Fatalf("folder holds %q, want %q", got, want)
	}
	compareGolden(t, dir, Files(), "")
}

// TestGoldenNoStructure: without structure.csv rows (an outcome without a
// scenario, or a folder written before orgsim had the file) the bottleneck
// figure shows utilisation alone, as it did before.
func TestGoldenNoStructure(t *testing.T) {
	o := synthetic()
	o.Config = nil
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, o, meta); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, dir, []string{"bottlenecks.png", StructureFile}, "nostructure-")
}

// TestGoldenNoDisruption checks the figures of a scenario without
// disruptions: the resilience figure says so, and the timeline has no
// marks.
func TestGoldenNoDisruption(t *testing.T) {
	o := synthetic()
	o.Recovery = nil
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, o, meta); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, dir, []string{"resilience.png", "timeline.png", "leadership.png"}, "nodisruption-")
}

func compareGolden(t *testing.T, dir string, names []string, prefix string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, name, got, filepath.Join(goldenDir, prefix+name))
	}
}

// checkGolden compares got, the file name, with the golden file, or
// rewrites the golden file under -update.
func checkGolden(t *testing.T, name string, got []byte, golden string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (%d bytes, want %d); run go test -update if the change is intended",
			name, golden, len(got), len(want))
	}
}

// TestWriteIsDeterministic writes the same outcome twice.
func TestWriteIsDeterministic(t *testing.T) {
	a, b := writeSynthetic(t), writeSynthetic(t)
	for _, name := range Files() {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s: two writes of one outcome differ (or are empty)", name)
		}
	}
}

// TestPlotRedrawsFromCSV copies only the CSV files to a new folder, redraws
// the figures there and expects the bytes Write made.
func TestPlotRedrawsFromCSV(t *testing.T) {
	src := writeSynthetic(t)
	dst := t.TempDir()
	for _, name := range []string{RunsFile, SummaryFile, TimeseriesFile, UnitsFile, LatencyFile, RecoveryFile, StructureFile} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Plot(dst); err != nil {
		t.Fatal(err)
	}
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			name := f + "." + ext
			x, err := os.ReadFile(filepath.Join(src, name))
			if err != nil {
				t.Fatal(err)
			}
			y, err := os.ReadFile(filepath.Join(dst, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x, y) {
				t.Errorf("%s: Plot drew %d bytes, Write %d; they differ", name, len(y), len(x))
			}
		}
	}
	assertNoTemporaries(t, dst)
}

func TestPlotMissingCSV(t *testing.T) {
	dir := t.TempDir()
	err := Plot(dir)
	want := dir + " holds no results to plot: no summary.csv (want a folder written by orgsim run, orgsim sweep or orgsim merge)"
	if err == nil || err.Error() != want {
		t.Fatalf("Plot on an empty folder: err = %v, want %q", err, want)
	}
	// A run folder that lacks one of its tables: the error names it.
	os.WriteFile(filepath.Join(dir, SummaryFile), []byte("organisation,metric,mean,ci95_low,ci95_high,n\n"), 0o644)
	err = Plot(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, RunsFile)) {
		t.Fatalf("Plot without runs.csv: err = %v, want one naming %s", err, filepath.Join(dir, RunsFile))
	}
	os.Remove(filepath.Join(dir, SummaryFile))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("Plot left %d entries in an empty folder", len(entries))
	}
}

func TestPlotBadNumber(t *testing.T) {
	dir := writeSynthetic(t)
	path := filepath.Join(dir, LatencyFile)
	b, _ := os.ReadFile(path)
	b = bytes.Replace(b, []byte("hierarchy,all,0.01,"), []byte("hierarchy,all,zero,"), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	err := Plot(dir)
	if err == nil || !strings.Contains(err.Error(), path+":2: column p") {
		t.Fatalf("err = %v, want one naming %s:2: column p", err, path)
	}
}

// TestWriteUnwritable writes under a regular file: the error names the
// path and nothing is left behind.
func TestWriteUnwritable(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "plain")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "results", "out")
	err := Write(dir, synthetic(), meta)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want one naming %s", err, dir)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "plain" {
		t.Errorf("left behind: %v", entries)
	}
}

// TestWriteFailureLeavesNothing makes one file impossible to rename into
// place (a folder holds its name) and expects no other file, temporary or
// final, and no created folder to remain.
func TestWriteFailureLeavesNothing(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b")
	blocker := filepath.Join(dir, RunsFile, "keep")
	if err := os.MkdirAll(blocker, 0o755); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, synthetic(), meta)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, RunsFile)) {
		t.Fatalf("err = %v, want one naming %s", err, filepath.Join(dir, RunsFile))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != RunsFile {
		t.Errorf("left behind in %s: %v", dir, entries)
	}

	// A folder Write creates is removed again when it fails.
	if err := os.RemoveAll(filepath.Join(root, "a")); err != nil {
		t.Fatal(err)
	}
	bad := synthetic()
	bad.Runs[0].Values = bad.Runs[0].Values[:2]
	if err := Write(dir, bad, meta); err == nil {
		t.Fatal("Write accepted a run with too few values")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left behind in %s: %v", root, entries)
	}
}

func assertNoTemporaries(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestCSVShape reads every table back and checks its header, its row count
// and how undefined and infinite values are written.
func TestCSVShape(t *testing.T) {
	o := synthetic()
	dir := writeSynthetic(t)
	assertNoTemporaries(t, dir)
	orgs, err := structure.AnalyseAll(o.Config)
	if err != nil || len(orgs) != 2 {
		t.Fatalf("analysing the synthetic scenario: %v", err)
	}
	runs := append(slices.Clone(runsHeader), "latency_p50", "latency_p95", "throughput", "accuracy",
		"recovery_time_d1", "resilience_loss_d1", "resilience_loss_d2")
	cases := []struct {
		file   string
		header []string
		rows   int
	}{
		{RunsFile, runs, len(o.Organisations) * o.Replications},
		{SummaryFile, summaryHeader, len(o.Summary) + len(o.Paired)},
		{TimeseriesFile, timeseriesHeader, len(o.Series)},
		{UnitsFile, unitsHeader, len(o.Units)},
		{LatencyFile, latencyHeader, len(o.Latency)},
		{RecoveryFile, recoveryHeader, len(o.Recovery)},
		{StructureFile, structure.Header, len(bytes.Split(structure.CSV(orgs), []byte("\n"))) - 2},
	}
	tables := map[string][][]string{}
	for _, c := range cases {
		f, err := os.Open(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if !slices.Equal(recs[0], c.header) {
			t.Errorf("%s header = %q, want %q", c.file, recs[0], c.header)
		}
		if len(recs)-1 != c.rows {
			t.Errorf("%s has %d rows, want %d", c.file, len(recs)-1, c.rows)
		}
		tables[c.file] = recs
	}

	// Row 3 of runs.csv is hierarchy replication 2, not recovered: empty.
	if r := tables[RunsFile][3]; r[0] != "hierarchy" || r[1] != "2" || r[2] != "12345" || r[7] != "" {
		t.Errorf("runs.csv row 3 = %q, want hierarchy,2,12345 with an empty recovery_time_d1", r)
	}
	if r := tables[RecoveryFile][2]; r[1] != "2" || r[5] != "Inf" {
		t.Errorf("recovery.csv row 2 = %q, want disruption 2 with km_median_hours Inf", r)
	}
	// units.csv: the root's tier and counts; timeseries.csv: the lattice
	// has no middle tier (empty capability, no share of decisions) and no
	// decision in its first step (empty shares).
	if r := tables[UnitsFile][1]; strings.Join(r[:4], ",") != "hierarchy,root,root,0" ||
		strings.Join(r[9:], ",") != "top,60,75,0" {
		t.Errorf("units.csv row 1 = %q, want the root in the top tier with 60 decided, 75 escalated, 0 advised", r)
	}
	if r := tables[UnitsFile][2]; strings.Join(r[9:], ",") != "middle,120.5,160.25,0" {
		t.Errorf("units.csv row 2 = %q, want a manager in the middle tier", r)
	}
	col := func(name string) int { return slices.Index(timeseriesHeader, name) }
	first := tables[TimeseriesFile][1]
	s0 := o.Series[0]
	if first[0] != "hierarchy" || first[col("capability_team_mean")] != num(s0.Capability[0].Mean) ||
		first[col("capability_middle_low")] != "0.94" || first[col("capability_top_high")] != "1" ||
		first[col("decided_top_share_mean")] != num(s0.DecidedShare[2].Mean) || !(s0.DecidedShare[2].Mean > 0.1) {
		t.Errorf("timeseries.csv row 1 = %q", first)
	}
	var lattice [][]string
	for _, r := range tables[TimeseriesFile][1:] {
		if r[0] == "lattice" {
			lattice = append(lattice, r)
		}
	}
	for i, r := range lattice {
		for _, c := range []string{"capability_middle_mean", "capability_middle_low", "capability_middle_high"} {
			if r[col(c)] != "" {
				t.Fatalf("lattice row %d: %s = %q, want empty", i, c, r[col(c)])
			}
		}
		shares := r[col("decided_team_share_mean"):]
		if empty := shares[0] == "" && shares[1] == "" && shares[2] == ""; empty != (i == 0) || (i > 0 && shares[1] != "0") {
			t.Fatalf("lattice row %d: decision shares %q", i, shares)
		}
	}
	// The paired comparisons follow the organisations' rows: a ratio for a
	// positive metric, a difference for one that can be 0.
	sum := tables[SummaryFile]
	if r := sum[len(sum)-len(o.Paired)+1]; r[0] != "hierarchy/lattice" || r[1] != "latency_p95_ratio" {
		t.Errorf("second paired row = %q, want the ratio hierarchy/lattice of latency_p95", r)
	}
	if last := sum[len(sum)-1]; last[0] != "hierarchy-lattice" || last[1] != "resilience_loss_d2_difference" || last[2] != "6800" {
		t.Errorf("last summary row = %q, want the difference hierarchy-lattice of resilience_loss_d2, 6800", last)
	}
	// Every number reads back exactly.
	for _, r := range tables[LatencyFile][1:] {
		if _, err := strconv.ParseFloat(r[3], 64); err != nil {
			t.Fatalf("latency.csv: %v", err)
		}
	}
	if got, want := tables[LatencyFile][1][3], strconv.FormatFloat(o.Latency[0].Latency, 'g', -1, 64); got != want {
		t.Errorf("latency.csv first latency = %s, want %s", got, want)
	}

	var man map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "scenario_hash", "seed", "replications", "orgsim_version",
		"go_version", "goarch", "resolved_scenario", "files", "metrics"} {
		if _, ok := man[k]; !ok {
			t.Errorf("manifest.json lacks %q", k)
		}
	}
	if cmd, _ := os.ReadFile(filepath.Join(dir, CommandFile)); string(cmd) != meta.Command+"\n" {
		t.Errorf("command.txt = %q", cmd)
	}
}

func TestNum(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {1e21, "1e+21"}, {-2.5, "-2.5"},
		{math.NaN(), ""}, {math.Inf(1), "Inf"}, {math.Inf(-1), "-Inf"},
	} {
		if got := num(c.x); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestQuantileAt(t *testing.T) {
	ps, ls := []float64{0.25, 0.5, 0.9, 1}, []float64{1, 2, 10, 20}
	for _, c := range []struct{ q, want float64 }{{0.5, 2}, {0.95, 15}, {0.3, 1.2}} {
		if got := quantileAt(ps, ls, c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("quantileAt(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if got := quantileAt(ps, ls, 0.1); !math.IsNaN(got) {
		t.Errorf("quantileAt below the table = %v, want NaN", got)
	}
}

func TestCapabilityFloor(t *testing.T) {
	for _, c := range []struct{ lo, want float64 }{
		{70, 60}, {70.2, 60}, {85, 80}, {99.5, 90}, {3, 0}, {math.Inf(1), 0}, {math.NaN(), 0},
	} {
		if got := capabilityFloor(c.lo); got != c.want {
			t.Errorf("capabilityFloor(%v) = %v, want %v", c.lo, got, c.want)
		}
	}
}

// TestLeadershipWithoutTiers draws the leadership figure from a time
// series without capability or decisions (every tier's columns empty): it
// says so in each panel instead of failing, and the other figures are as
// before.
func TestLeadershipWithoutTiers(t *testing.T) {
	o := synthetic()
	nan := math.NaN()
	for i := range o.Series {
		for k := range o.Series[i].Capability {
			o.Series[i].Capability[k] = experiment.Stat{Mean: nan, Low: nan, High: nan}
			o.Series[i].DecidedShare[k] = experiment.Stat{Mean: nan, Low: nan, High: nan}
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, o, meta); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "leadership.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"no decisions in timeseries.csv", "no capability in timeseries.csv"} {
		if !bytes.Contains(svg, []byte(msg)) {
			t.Errorf("leadership.svg does not say %q", msg)
		}
	}
	compareGolden(t, dir, []string{"timeline.png"}, "")
}

// TestPlotReadsAnEarlierFolder redraws a folder whose timeseries.csv and
// units.csv have only the columns orgsim 0.2.0 wrote, and which has no
// structure.csv: the figures that need no more are as before (the
// bottleneck figure as for an outcome without a scenario, whose
// structure.csv has no rows), and the leadership figure says what is
// missing.
func TestPlotReadsAnEarlierFolder(t *testing.T) {
	o := synthetic()
	o.Config = nil
	src := filepath.Join(t.TempDir(), "out")
	if err := Write(src, o, meta); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, name := range []string{RunsFile, SummaryFile, TimeseriesFile, UnitsFile, LatencyFile, RecoveryFile} {
		f, err := os.Open(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if n := firstColumns[name]; n > 0 {
			for i := range recs {
				recs[i] = recs[i][:n]
			}
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.WriteAll(recs)
		if err := os.WriteFile(filepath.Join(dst, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if h, _ := os.ReadFile(filepath.Join(dst, UnitsFile)); !bytes.HasPrefix(h, []byte("organisation,unit,role,depth,utilisation_mean,utilisation_low,utilisation_high,mean_queue,peak_queue\n")) {
		t.Fatalf("units.csv of 0.2.0 starts %.120q", h)
	}
	if err := Plot(dst); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"latency.png", "timeline.svg", "resilience.png", "bottlenecks.svg"} {
		x, _ := os.ReadFile(filepath.Join(src, name))
		y, _ := os.ReadFile(filepath.Join(dst, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s of the earlier folder differs", name)
		}
	}
	svg, _ := os.ReadFile(filepath.Join(dst, "leadership.svg"))
	if !bytes.Contains(svg, []byte("no decisions in timeseries.csv")) || !bytes.Contains(svg, []byte("no capability in timeseries.csv")) {
		t.Error("the leadership figure of an earlier folder does not say what is missing")
	}
	// A table cut elsewhere is still refused.
	b, _ := os.ReadFile(filepath.Join(src, TimeseriesFile))
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if l != "" {
			f := strings.Split(l, ",")
			lines[i] = strings.Join(f[:12], ",")
		}
	}
	os.WriteFile(filepath.Join(dst, TimeseriesFile), []byte(strings.Join(lines, "\n")), 0o644)
	if err := Plot(dst); err == nil || !strings.Contains(err.Error(), "timeseries.csv: header is") {
		t.Errorf("Plot with 12 columns of timeseries.csv: err = %v, want a header error", err)
	}
}
