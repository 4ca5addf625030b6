package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// openStudy writes the axes' base and the sensitivity file src into a
// folder and opens the file.
func openStudy(t *testing.T, src string) (*Sensitivity, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.toml"), []byte(axesBase), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "f.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return OpenSensitivity(path, allMetrics)
}

const smallStudy = `base = "b.toml"
method = "morris"
seed = 3
metrics = ["latency_p95"]
ratios = ["latency_p95"]
[morris]
trajectories = 4
[[factor]]
key = "work.cross_team"
distribution = "uniform"
range = [0.1, 0.3]
[[factor]]
key = "work.rate"
name = "rate"
distribution = "log-uniform"
range = [1, 2]
unit = "/d"
[[factor]]
key = "organisation[1].team.knowledge"
distribution = "list"
values = ["p80", "p90"]
labels = ["low", "high"]
`

// TestStudyPoints: the design's points set the keys, named and labelled as
// the file says, and each point runs on the seed of its noise key, so a
// trajectory's points share their seed until the dummy moves, and only the
// dummy's move changes it.
func TestStudyPoints(t *testing.T) {
	st, err := openStudy(t, smallStudy)
	if err != nil {
		t.Fatal(err)
	}
	if st.Name != "f" || st.Design.Method != "morris" || st.Design.Levels != 4 || st.Design.Trajectories != 4 || st.Design.Seed != 3 {
		t.Fatalf("study %q, design %+v", st.Name, st.Design)
	}
	var names []string
	for _, f := range st.Design.Factors {
		names = append(names, f.Name+":"+f.Distribution)
	}
	if want := []string{"work.cross_team:uniform", "rate:log-uniform", "organisation[1].team.knowledge:list", "dummy:dummy"}; !slices.Equal(names, want) {
		t.Fatalf("factors %v, want %v", names, want)
	}
	sw := st.Sweep
	if sw.Design != "list" || len(sw.Points) != 4*(4+1) || len(sw.Axes) != 3 {
		t.Fatalf("sweep of design %q, %d points, %d axes; want list, 20, 3", sw.Design, len(sw.Points), len(sw.Axes))
	}
	design, err := st.Design.Build()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range sw.Points {
		if p.Err != nil {
			t.Fatalf("point %d: %v", i, p.Err)
		}
		u := design.Unit()[i]
		cfg := p.Scenario.Config
		if want := 0.1 + u[0]*0.2; abs(cfg.Work.CrossTeam-want) > 1e-9 {
			t.Errorf("point %d: cross_team %v, want %v", i, cfg.Work.CrossTeam, want)
		}
		label := map[bool]string{true: "high", false: "low"}[u[2] >= 0.5]
		if p.Values[2] != label {
			t.Errorf("point %d at u = %v shows %q, want %q", i, u[2], p.Values[2], label)
		}
		if seed := PointSeed(3, design.NoiseKey(i)); p.Seed == nil || *p.Seed != seed || cfg.Seed != seed || seed >= 1<<63 {
			t.Errorf("point %d: seed %v, config %d, want %d", i, p.Seed, cfg.Seed, seed)
		}
		if i%5 == 0 {
			continue // a trajectory's first point
		}
		prev := sw.Points[i-1]
		dummyMoved := u[3] != design.Unit()[i-1][3]
		if sameSeed := *prev.Seed == *p.Seed; sameSeed == dummyMoved {
			t.Errorf("point %d: the dummy moved %v, but the seed changed %v", i, dummyMoved, !sameSeed)
		}
		if dummyMoved && !slices.Equal(prev.Values, p.Values) {
			t.Errorf("point %d: the dummy's step changed the values %v → %v", i, prev.Values, p.Values)
		}
	}
	again, err := openStudy(t, smallStudy)
	if err != nil {
		t.Fatal(err)
	}
	if SweepHash(again.Sweep) != SweepHash(sw) {
		t.Fatal("the same file gives another sweep")
	}
	other, err := openStudy(t, strings.Replace(smallStudy, "seed = 3", "seed = 4", 1))
	if err != nil {
		t.Fatal(err)
	}
	if SweepHash(other.Sweep) == SweepHash(sw) {
		t.Fatal("another seed gives the same sweep")
	}
}

func abs(x float64) float64 { return max(x, -x) }

func TestStudySobolSize(t *testing.T) {
	src := strings.Replace(smallStudy, "method = \"morris\"", "method = \"sobol\"", 1)
	src = strings.Replace(src, "[morris]\ntrajectories = 4\n", "dummy = false\n[sobol]\nn = 8\nreplicates = 2\n", 1)
	// dummy must come before the first table.
	src = strings.Replace(src, "dummy = false\n", "", 1)
	src = "dummy = false\n" + src
	st, err := openStudy(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(st.Sweep.Points); n != 2*8*(3+2) {
		t.Fatalf("%d points, want R·N·(k+2) = 80", n)
	}
	if st.Design.Sampling != "scrambled-sobol" || st.Design.Level != 0.95 || len(st.Design.Factors) != 3 {
		t.Fatalf("design %+v", st.Design)
	}
}

func TestStudyErrorsArePositioned(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no method", "base = \"b.toml\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`method: missing (allowed: "morris", "sobol")`},
		{"sobol table with morris", "base = \"b.toml\"\nmethod = \"morris\"\n[sobol]\nn = 8\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`f.toml:3:1: sobol: [sobol] sets a Sobol' design, but method = "morris"`},
		{"values with uniform", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nvalues = [0.1, 0.2]\n",
			`f.toml:6:1: factor[0].values: distribution = "uniform" takes range = [low, high], not values`},
		{"log-uniform from 0", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"log-uniform\"\nrange = [0, 0.2]\n",
			`f.toml:6:1: factor[0].range: [0 0.2] is not allowed (allowed: [low, high] with low < high, both > 0)`},
		{"one value", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"list\"\nvalues = [0.1]\n",
			`f.toml:6:1: factor[0].values: one value (allowed: at least two`},
		{"typo", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistrbution = \"list\"\nvalues = [0.1, 0.2]\n",
			`f.toml:5:1: factor[0].distrbution: unknown key (did you mean "distribution"?`},
		{"unknown key path", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cros_team\"\ndistribution = \"list\"\nvalues = [0.1, 0.2]\n",
			`f.toml:4:1: factor[0].key: "work.cros_team" is not a scenario key (did you mean "cross_team"?`},
		{"n not a power of two", "base = \"b.toml\"\nmethod = \"sobol\"\n[sobol]\nn = 12\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`f.toml:4:1: sobol.n: 12 is not a power of two (allowed: a power of two with sampling = "scrambled-sobol", such as 16`},
		{"odd levels", "base = \"b.toml\"\nmethod = \"morris\"\n[morris]\nlevels = 5\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`f.toml:4:1: morris.levels: 5 is odd`},
		{"dummy's name", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\nname = \"dummy\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`f.toml:5:1: factor[0].name: "dummy" is the dummy factor's name`},
		{"range end invalid", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 1.5]\n",
			`f.toml:6:1: factor[0].range: at 1.5 the base is invalid: work.cross_team: `},
		{"list value invalid", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"organisation[1].team.knowledge\"\ndistribution = \"list\"\nvalues = [\"p80\", \"p180\"]\n",
			`f.toml:6:1: factor[0].values: with p180 the base is invalid: organisation[1].team.knowledge: `},
		{"unknown metric", "base = \"b.toml\"\nmethod = \"morris\"\nmetrics = [\"latency_p59\"]\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`f.toml:3:12: metrics[0]: "latency_p59" is not a metric of this base (did you mean "latency_p50"?`},
		{"too many points", "base = \"b.toml\"\nmethod = \"sobol\"\n[sobol]\nn = 4096\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n",
			`f.toml:4:1: sobol.n: the design has 81920 points (allowed: at most 10000`},
		{"a sweep file", "base = \"b.toml\"\n[[axis]]\nkey = \"work.cross_team\"\nvalues = [0.1]\n",
			`f.toml:2:1: this is a sweep file, not a sensitivity file (it has [[axis]]): run it with orgsim sweep `},
		{"a key twice", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"uniform\"\nrange = [0.1, 0.2]\n[[factor]]\nkey = \"work.cross_team\"\nname = \"again\"\ndistribution = \"list\"\nvalues = [0.1, 0.2]\n",
			`f.toml:8:1: factor[1].key: "work.cross_team" is set by another factor too`},
		{"more values than levels", "base = \"b.toml\"\nmethod = \"morris\"\n[[factor]]\nkey = \"work.cross_team\"\ndistribution = \"list\"\nvalues = [0.1, 0.15, 0.2, 0.25, 0.3]\n",
			`f.toml:6:1: factor[0].values: 5 values on a grid of 4 levels: the design would take only 4 of them`},
		{"no factor", "base = \"b.toml\"\nmethod = \"morris\"\n",
			`factor: no factor (allowed: one or more [[factor]] with a key and a distribution)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := openStudy(t, tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant …%s…", err, tc.want)
			}
		})
	}
}

// A sensitivity file given where a scenario or a sweep is expected says
// which command runs it.
func TestSensitivityFileElsewhere(t *testing.T) {
	src := []byte(smallStudy)
	_, err := Parse("f.toml", src)
	if !errors.Is(err, ErrSensitivityFile) || !strings.Contains(err.Error(), "f.toml:8:1: this is a sensitivity file, not a scenario (it has [[factor]]): run it with orgsim sensitivity f.toml") {
		t.Errorf("as a scenario: %v", err)
	}
	_, err = ParseSweep("f.toml", src, ".", allMetrics)
	if !errors.Is(err, ErrSensitivityFile) || !strings.Contains(err.Error(), "this is a sensitivity file, not a sweep") {
		t.Errorf("as a sweep: %v", err)
	}
}

// Every embedded sensitivity file loads, and every point of it is valid.
func TestEmbeddedStudies(t *testing.T) {
	if len(SensitivityNames()) == 0 {
		t.Fatal("no embedded sensitivity file")
	}
	for _, n := range SensitivityNames() {
		st, err := OpenSensitivity(n, allMetrics)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if st.Name != n || st.Description == "" {
			t.Errorf("%s: name %q, description %q", n, st.Name, st.Description)
		}
		for _, p := range st.Sweep.Points {
			if p.Err != nil {
				t.Errorf("%s: point %d: %v", n, p.Index, p.Err)
			}
		}
	}
	// A shown copy runs under its own name.
	src, err := ShowSource(SensitivityNames()[0])
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "my-study.toml")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := OpenSensitivity(path, allMetrics); err != nil || st.Name != "my-study" || st.Sweep.Name != "my-study" {
		t.Errorf("a shown copy: %v", err)
	}
	if _, err := OpenSensitivity("sweep-surge", allMetrics); err == nil || !strings.Contains(err.Error(), "run it with orgsim sweep sweep-surge") {
		t.Errorf("a sweep's name: %v", err)
	}
}
