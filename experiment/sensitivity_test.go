package experiment

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/scenarios"
)

// smallStudy screens three keys of smallBase with Morris: the share of
// cross-team issues (both organisations), the lattice's team knowledge and
// the number of advisors its teams ask (the lattice alone), with a dummy.
const smallStudy = `
name = "small-study"
base = "base.toml"
method = "morris"
seed = 9
replications = 2
metrics = ["latency_p95"]
ratios = ["latency_p95"]
[morris]
trajectories = 4
[[factor]]
key = "work.cross_team"
name = "cross_team"
distribution = "uniform"
range = [0.0, 0.3]
[[factor]]
key = "organisation[1].team.knowledge"
name = "knowledge"
distribution = "list"
values = ["p60", "p90"]
[[factor]]
key = "organisation[1].routing.advice"
name = "advice"
distribution = "list"
values = [1, 3]
`

func loadStudy(t *testing.T, src string) *scenarios.Sensitivity {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "base.toml"), []byte(smallBase), 0o644)
	path := filepath.Join(dir, "study.toml")
	os.WriteFile(path, []byte(src), 0o644)
	st, err := scenarios.OpenSensitivity(path, metricNames)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func renderStudy(r *StudyResult) string {
	var b strings.Builder
	for _, x := range r.Rows {
		fmt.Fprintf(&b, "%+v\n", x)
	}
	return b.String()
}

func row(t *testing.T, r *StudyResult, org, factor, index string) IndexRow {
	t.Helper()
	for _, x := range r.Rows {
		if x.Organisation == org && x.Factor == factor && x.Index == index {
			return x
		}
	}
	t.Fatalf("no row %s %s %s", org, factor, index)
	return IndexRow{}
}

// TestStudyOnCommonRandomNumbers runs a small study and checks what common
// random numbers promise: a factor that only the lattice has changes
// nothing in the hierarchy's runs, so its elementary effects on the
// hierarchy's latency are exactly 0, while the dummy's, which change only
// the random numbers, are not; the dummy's estimates stand beside every
// factor's as the noise floor. Workers and shards give the same indices.
func TestStudyOnCommonRandomNumbers(t *testing.T) {
	st := loadStudy(t, smallStudy)
	res, sr, err := RunStudy(st, SweepOptions{Dir: t.TempDir(), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 4*(3+2)*2*2 || res.Plan.Sensitivity == nil || res.Plan.Design != "list" {
		t.Fatalf("%d runs, plan %+v", len(res.Runs), res.Plan)
	}
	if len(sr.Outputs) != 3 || len(sr.Rows) != 3*4*3 {
		t.Fatalf("%d outputs, %d rows; want 3 outputs (two means, one log-ratio) × 4 factors × 3 indices", len(sr.Outputs), len(sr.Rows))
	}
	for _, f := range []string{"knowledge", "advice"} {
		x := row(t, sr, "hierarchy", f, IndexMuStar)
		if x.Estimate != 0 || x.AboveNoise != "false" {
			t.Errorf("μ* of the lattice's %s on the hierarchy's latency = %v (above noise %q), want exactly 0 on common random numbers", f, x.Estimate, x.AboveNoise)
		}
	}
	dummy := row(t, sr, "hierarchy", "dummy", IndexMuStar)
	if !(dummy.Estimate > 0) || dummy.NoiseFloor != dummy.Estimate || dummy.AboveNoise != "" {
		t.Errorf("the dummy's μ* on the hierarchy's latency = %+v; want > 0, its own noise floor", dummy)
	}
	for _, x := range sr.Rows {
		d := row(t, sr, x.Organisation, "dummy", x.Index)
		if x.NoiseFloor != d.Estimate {
			t.Errorf("%s %s %s: noise floor %v, the dummy's estimate %v", x.Organisation, x.Factor, x.Index, x.NoiseFloor, d.Estimate)
		}
		if x.Index == IndexMuStar && x.Factor != "dummy" && (x.AboveNoise == "true") != (x.Low > d.High) {
			t.Errorf("%s %s: above noise %q with low %v and the dummy's high %v", x.Organisation, x.Factor, x.AboveNoise, x.Low, d.High)
		}
	}
	// The log-ratio is the mean over replications of log(A/B) at each
	// point, on the same seeds.
	for _, o := range sr.Outputs {
		if o.Statistic != StatPairedLogRatio {
			continue
		}
		mi := -1
		for i, m := range res.Plan.Metrics {
			if m.Name == "latency_p95" {
				mi = i
			}
		}
		var a, b []float64
		for _, r := range res.Runs {
			if r.Point == 3 {
				if r.Organisation == "hierarchy" {
					a = append(a, r.Values[mi])
				} else {
					b = append(b, r.Values[mi])
				}
			}
		}
		want := (math.Log(a[0]/b[0]) + math.Log(a[1]/b[1])) / 2
		if math.Abs(o.Values[3]-want) > 1e-12 {
			t.Errorf("log-ratio at point 3 = %v, want %v", o.Values[3], want)
		}
	}
	_, two, err := RunStudy(st, SweepOptions{Dir: t.TempDir(), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if renderStudy(two) != renderStudy(sr) {
		t.Fatal("1 and 2 workers give different indices")
	}
	var dirs []string
	for i := range 2 {
		d := t.TempDir()
		if _, sr, err := RunStudy(st, SweepOptions{Dir: d, Shard: i, Shards: 2}); err != nil || sr != nil {
			t.Fatalf("shard %d: %v, %v", i, sr, err)
		}
		dirs = append(dirs, d)
	}
	plan, err := ReadPlan(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	merged, err := Assemble(plan, dirs)
	if err != nil {
		t.Fatal(err)
	}
	msr, err := AnalyseStudy(merged)
	if err != nil {
		t.Fatal(err)
	}
	if renderStudy(msr) != renderStudy(sr) {
		t.Fatal("2 shards merged give other indices than one run")
	}
}

// TestStudyWithAPointThatCannotRun: an arrival rate that every team bears
// at the base's settings overloads the lattice's teams together with some
// values of the other factors; such a study is refused before anything is
// written, naming the reasons.
func TestStudyWithAPointThatCannotRun(t *testing.T) {
	src := strings.Replace(smallStudy, "[[factor]]\nkey = \"organisation[1].team.knowledge\"",
		"[[factor]]\nkey = \"work.rate\"\ndistribution = \"list\"\nvalues = [\"1/d\", \"2.5/d\"]\n[[factor]]\nkey = \"organisation[1].team.knowledge\"", 1)
	st := loadStudy(t, src)
	s := NewStudy(st)
	bad := 0
	for _, p := range s.Plan.Points {
		if p.Status != "ok" {
			bad++
			if !strings.HasPrefix(p.Status, "unstable: ") {
				t.Errorf("status %q", p.Status)
			}
		}
	}
	err := CheckStudy(s)
	var pe *StudyPointsError
	want := fmt.Sprintf("%d of the 24 point(s) of study \"small-study\" cannot run, and the indices need every point; nothing was run or written", bad)
	if bad == 0 || !errors.As(err, &pe) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "is overloaded at baseline") {
		t.Fatalf("%d points cannot run; err = %v", bad, err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, _, err := RunStudy(st, SweepOptions{Dir: dir}); !errors.As(err, &pe) {
		t.Fatalf("RunStudy: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("a refused study created its folder (%v)", err)
	}
}

// TestSobolStudyOnCommonRandomNumbers: in a Sobol' study, row j of A and
// of A_B^(i) share their random numbers, so a factor that only the lattice
// has gives the hierarchy's outputs first-order and total indices of
// exactly 0; the dummy's total index is the noise floor beside every row.
func TestSobolStudyOnCommonRandomNumbers(t *testing.T) {
	src := strings.Replace(smallStudy, "method = \"morris\"", "method = \"sobol\"", 1)
	src = strings.Replace(src, "[morris]\ntrajectories = 4\n", "[sobol]\nn = 4\nreplicates = 3\n", 1)
	src = strings.Replace(src, "replications = 2", "replications = 1", 1)
	st := loadStudy(t, src)
	res, sr, err := RunStudy(st, SweepOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Plan.Points); n != 3*4*(4+2) || len(sr.Rows) != 3*4*2 {
		t.Fatalf("%d points, %d rows; want 72 points and 3 outputs × 4 factors × 2 indices", n, len(sr.Rows))
	}
	for _, f := range []string{"knowledge", "advice"} {
		for _, ix := range []string{IndexFirst, IndexTotal} {
			if x := row(t, sr, "hierarchy", f, ix); x.Estimate != 0 || x.SE != 0 {
				t.Errorf("%s index of the lattice's %s on the hierarchy = %v ± %v, want exactly 0", ix, f, x.Estimate, x.SE)
			}
		}
	}
	for _, x := range sr.Rows {
		d := row(t, sr, x.Organisation, "dummy", x.Index)
		if x.NoiseFloor != d.Estimate || x.Method != "sobol" {
			t.Errorf("%+v: noise floor %v, the dummy's %v", x, x.NoiseFloor, d.Estimate)
		}
	}
	if d := row(t, sr, "hierarchy", "dummy", IndexTotal); !(d.Estimate > 0) {
		t.Errorf("the dummy's total index on the hierarchy is %v; the replication noise is not measured", d.Estimate)
	}
	_, again, err := RunStudy(st, SweepOptions{Dir: t.TempDir(), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if renderStudy(again) != renderStudy(sr) {
		t.Fatal("the same study gives other indices")
	}
}
