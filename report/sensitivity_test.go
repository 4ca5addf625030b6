package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/scenarios"
)

const studyBase = `
name = "base"
horizon = "10w"
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

const sobolStudy = `
name = "sobol-study"
base = "base.toml"
method = "sobol"
seed = 4
replications = 1
metrics = ["latency_p95"]
ratios = ["latency_p95"]
[sobol]
n = 4
replicates = 2
[[factor]]
key = "work.cross_team"
distribution = "uniform"
range = [0.0, 0.3]
[[factor]]
key = "organisation[1].team.knowledge"
name = "knowledge"
distribution = "list"
values = ["p60", "p90"]
`

// A Sobol' study's folder: sensitivity.csv with the documented header, and
// the figures, which orgsim plot (PlotSweep on a study's folder) redraws
// byte for byte from sensitivity.csv.
func TestStudyFolderAndRedrawnFigures(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "base.toml"), []byte(studyBase), 0o644)
	os.WriteFile(filepath.Join(src, "study.toml"), []byte(sobolStudy), 0o644)
	metrics := func(n int) []string {
		var out []string
		for _, m := range experiment.Metrics(n) {
			out = append(out, m.Name)
		}
		return out
	}
	st, err := scenarios.OpenSensitivity(filepath.Join(src, "study.toml"), metrics)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, sr, err := experiment.RunStudy(st, experiment.SweepOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteStudy(dir, res, sr, Meta{Command: "orgsim sensitivity study.toml"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, SensitivityFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != strings.Join(sensitivityHeader, ",") || len(lines) != 1+3*3*2 {
		t.Fatalf("sensitivity.csv: %d lines, header %s", len(lines), lines[0])
	}
	figs := []string{"sensitivity-latency_p95.png", "sensitivity-latency_p95.svg"}
	want := map[string][]byte{}
	for _, f := range figs {
		if want[f], err = os.ReadFile(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, f))
	}
	if _, err := os.Stat(filepath.Join(dir, "morris-latency_p95.png")); err == nil {
		t.Error("a Sobol' study drew a Morris figure")
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep-latency_p95.png")); err == nil {
		t.Error("a study drew a sweep figure")
	}
	if err := PlotSweep(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !bytes.Equal(got, want[f]) {
			t.Errorf("%s redrawn differs (%v)", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep-latency_p95.png")); err == nil {
		t.Error("redrawing a study's folder drew a sweep figure")
	}
	// A damaged table is refused with its line.
	os.WriteFile(filepath.Join(dir, SensitivityFile), []byte(strings.Join(sensitivityHeader, ",")+"\nlatency_p95,hierarchy,mean,x,sobol,first,zero,,,,,\n"), 0o644)
	if err := PlotSweep(dir); err == nil || !strings.Contains(err.Error(), "sensitivity.csv:2: estimate: \"zero\" is not a number") {
		t.Errorf("a damaged table: %v", err)
	}
}
