package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInspectTellsTheKinds(t *testing.T) {
	root := t.TempDir()
	write := func(dir, name, content string) {
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := filepath.Join(root, "run")
	write(run, ManifestFile, `{"scenario":"default","scenario_hash":"abc","seed":1,"replications":20}`)
	sweep := filepath.Join(root, "sweep")
	write(sweep, ManifestFile, `{"sweep":"sweep-surge","sweep_hash":"def","model":"m"}`)
	running := filepath.Join(root, "running")
	write(running, "sweep.json", `{"name":"sweep-surge","hash":"def","model":"m"}`)
	shard := filepath.Join(root, "shard")
	write(shard, "sweep.json", `{"name":"sweep-surge","hash":"def","model":"m","shard":"1/4"}`)
	loose := filepath.Join(root, "loose")
	write(loose, RunsFile, "organisation\n")
	other := filepath.Join(root, "other")
	write(other, "notes.txt", "mine")
	for _, c := range []struct {
		dir  string
		kind Kind
		desc string
	}{
		{run, RunFolder, `the results of scenario "default" (20 replication(s), seed 1)`},
		{sweep, SweepFolder, `the results of sweep "sweep-surge"`},
		{running, SweepFolder, `the unfinished journal of sweep "sweep-surge"`},
		{shard, ShardFolder, `shard 1/4 of sweep "sweep-surge"`},
		{loose, UnknownFolder, "orgsim files (runs.csv) without a manifest.json or sweep.json that says whose they are"},
		{other, Empty, "nothing orgsim wrote"},
		{filepath.Join(root, "missing"), Empty, "nothing orgsim wrote"},
	} {
		f, err := Inspect(c.dir)
		if err != nil || f.Kind != c.kind || f.Describe() != c.desc {
			t.Errorf("%s: %v, kind %v, %q; want %v, %q", filepath.Base(c.dir), err, f.Kind, f.Describe(), c.kind, c.desc)
		}
	}
	if f, _ := Inspect(run); f.Hash != "abc" || f.Name != "default" || f.Replications != 20 {
		t.Errorf("run folder read as %+v", f)
	}
	if _, err := Inspect(filepath.Join(run, ManifestFile)); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("Inspect of a file: %v", err)
	}
}

func TestPlotRedrawsASweepFolder(t *testing.T) {
	// PlotSweep's figures of a case, then Plot on a folder holding only
	// its summary.csv: the same files, the same bytes.
	want := plotSweepCase(t, "twoaxis")
	dir := t.TempDir()
	b, _ := os.ReadFile(filepath.Join(want, SummaryFile))
	os.WriteFile(filepath.Join(dir, SummaryFile), b, 0o644)
	if err := Plot(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range sweepFiles([]string{"latency_p95", "util_max"}, true) {
		x, err1 := os.ReadFile(filepath.Join(want, f))
		y, err2 := os.ReadFile(filepath.Join(dir, f))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs (%v, %v)", f, err1, err2)
		}
	}
	// A shard folder has nothing to plot, and says what to do.
	shard := t.TempDir()
	os.WriteFile(filepath.Join(shard, "sweep.json"), []byte(`{"name":"s","hash":"h","shard":"0/2"}`), 0o644)
	err := Plot(shard)
	if err == nil || err.Error() != shard+` holds shard 0/2 of sweep "s": a shard has no results of its own; merge the shards first (orgsim merge -out DIR SHARD…) and plot the merged folder` {
		t.Fatalf("Plot on a shard: %v", err)
	}
}

// TestPlotDamagedSweepSummary: a sweep's folder whose summary.csv is
// damaged is reported as a sweep's (naming summary.csv and what its header
// should be), not read as a run's folder and reported by runs.csv's header.
func TestPlotDamagedSweepSummary(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"manifest.json", "sweep.json"} { // committed; runs.csv is not
		b, err := os.ReadFile(filepath.Join("..", "results", "frontier", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), []byte("garbage\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Plot(dir)
	if err == nil {
		t.Fatal("a damaged summary.csv was plotted")
	}
	msg := err.Error()
	if !strings.Contains(msg, filepath.Join(dir, SummaryFile)+":1: header") || !strings.Contains(msg, "want point") || strings.Contains(msg, "runs.csv") {
		t.Errorf("error %q, want summary.csv's header named with what a sweep's should be", msg)
	}
}
