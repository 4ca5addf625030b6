package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/scenarios"
)

// smallSweep is a quick sweep on a short base: 3 points × 4 replications.
const smallSweep = `
name = "small"
base = "base.toml"
seed = 5
replications = 4
metrics = ["latency_p95", "util_max"]

[[axis]]
key = "work.cross_team"
values = [0.0, 0.1, 0.2]
`

const smallBase = `
name = "base"
horizon = "12w"
warm_up = "2w"
[work]
teams = 9
[[organisation]]
preset = "hierarchy"
levels = 2
span = [3]
[[organisation]]
preset = "lattice"
teams_per_coach = 9
`

func metricNames(n int) []string {
	var out []string
	for _, m := range Metrics(n) {
		out = append(out, m.Name)
	}
	return out
}

func loadSweep(t *testing.T, src string) *scenarios.Sweep {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "base.toml"), []byte(smallBase), 0o644)
	path := filepath.Join(dir, "sweep.toml")
	os.WriteFile(path, []byte(src), 0o644)
	sw, err := scenarios.OpenSweep(path, metricNames)
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

func render(r *SweepResult) string {
	var b strings.Builder
	for _, x := range r.Runs {
		fmt.Fprintf(&b, "%+v\n", x)
	}
	for _, x := range r.Summary {
		fmt.Fprintf(&b, "%+v\n", x)
	}
	return b.String()
}

func TestSweepIsTheSameWhateverWorkersAndShards(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	one, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if render(one) != render(two) {
		t.Fatal("1 and 2 workers differ")
	}
	if len(one.Runs) != 3*4*2 || len(one.Summary) != 3*(2*2+2) {
		t.Fatalf("%d runs, %d summary rows", len(one.Runs), len(one.Summary))
	}
	var dirs []string
	for i := range 3 {
		d := t.TempDir()
		r, err := RunSweep(sw, SweepOptions{Dir: d, Shard: i, Shards: 3, Workers: 1})
		if err != nil || r.Runs != nil || r.Ran != 4 || r.Skipped != 0 {
			t.Fatalf("shard %d: %+v %v; want 4 units run and no rows (a shard's rows come from merge)", i, r, err)
		}
		dirs = append(dirs, d)
	}
	plan, _ := ReadPlan(dirs[0])
	merged, err := Assemble(plan, dirs)
	if err != nil {
		t.Fatal(err)
	}
	if render(merged) != render(one) {
		t.Fatal("3 shards merged differ from one run")
	}
	// A missing shard is reported.
	_, err = Assemble(plan, dirs[:2])
	var ie *IncompleteError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "rerun the shards") {
		t.Fatalf("missing shard: %v", err)
	}
	// Every point of a replication runs on the same seed: the paired runs
	// of point 0 (no cross-team issues) differ from point 2 only through it.
	if one.Runs[0].Seed != one.Runs[len(one.Runs)-1].Seed {
		t.Fatal("points of a sweep run on different seeds")
	}
}

func TestResumeAfterATornJournal(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	full, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := RunSweep(sw, SweepOptions{Dir: dir, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	// Keep the header and five units, then half of the sixth line.
	path := filepath.Join(dir, JournalFile)
	b, _ := os.ReadFile(path)
	lines := bytes.SplitAfter(b, []byte("\n"))
	torn := append(bytes.Join(lines[:6], nil), lines[6][:len(lines[6])/2]...)
	os.WriteFile(path, torn, 0o644)
	if _, err := RunSweep(sw, SweepOptions{Dir: dir}); err == nil || !strings.Contains(err.Error(), "add -resume") {
		t.Fatalf("rerun without -resume: %v", err)
	}
	ran := 0
	again, err := RunSweep(sw, SweepOptions{Dir: dir, Resume: true, Progress: func(d, n int) { ran = n }})
	if err != nil {
		t.Fatal(err)
	}
	if ran != 12-5 || render(again) != render(full) {
		t.Fatalf("resumed %d units; results equal: %v", ran, render(again) == render(full))
	}
}

func TestPrecisionTargetStopsWhenItShould(t *testing.T) {
	loose := func(target string) *SweepResult {
		s := strings.Replace(smallSweep, "replications = 4\n", "", 1) +
			"\n[precision]\nmetric = \"util_max\"\ntarget = " + target + "\nbatch = 2\nmin = 3\nmax = 9\n"
		sw := loadSweep(t, s)
		r, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	easy := loose("0.5")
	hard := loose("0.0001")
	for pt := range easy.Reps {
		if easy.Reps[pt] != 3 || hard.Reps[pt] != 9 {
			t.Fatalf("point %d: %d replications with a loose target (want 3), %d with a strict one (want 9)", pt, easy.Reps[pt], hard.Reps[pt])
		}
	}
	mid := loose("0.02")
	for pt, n := range mid.Reps {
		// It stopped at the first batch boundary where the half-width met
		// the target, and not before.
		var xs [2][]float64
		for _, r := range mid.Runs {
			if r.Point == pt {
				o := 0
				if r.Organisation == "lattice" {
					o = 1
				}
				xs[o] = append(xs[o], r.Values[11])
			}
		}
		met := func(k int) bool {
			for _, x := range xs {
				s := MeanCI(x[:k])
				if (s.High-s.Low)/2 > 0.02*s.Mean {
					return false
				}
			}
			return true
		}
		if n < 9 && !met(n) || n > 3 && met(n-2) {
			t.Fatalf("point %d stopped at %d replications", pt, n)
		}
	}
}

// benchmarkSweep runs a sweep of 3 points × 20 replications × 2
// organisations of a short scenario and reports runs per second.
func benchmarkSweep(b *testing.B, workers int) {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "base.toml"), []byte(smallBase), 0o644)
	path := filepath.Join(dir, "sweep.toml")
	os.WriteFile(path, []byte(strings.Replace(smallSweep, "replications = 4", "replications = 20", 1)), 0o644)
	sw, err := scenarios.OpenSweep(path, metricNames)
	if err != nil {
		b.Fatal(err)
	}
	runs := 0
	for i := range b.N {
		r, err := RunSweep(sw, SweepOptions{Dir: filepath.Join(dir, fmt.Sprint(i)), Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		runs += len(r.Runs)
	}
	b.ReportMetric(float64(runs)/b.Elapsed().Seconds(), "runs/s")
}

func BenchmarkSweep1Worker(b *testing.B)  { benchmarkSweep(b, 1) }
func BenchmarkSweep2Workers(b *testing.B) { benchmarkSweep(b, 2) }
