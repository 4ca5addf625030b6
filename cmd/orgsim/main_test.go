package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// orgsim runs the command in-process and returns its exit status, stdout
// and stderr.
func orgsim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &env{stdout: &out, stderr: &errb, args: args})
	return code, out.String(), errb.String()
}

func TestHelpAndUsage(t *testing.T) {
	for _, c := range []string{"run", "check", "validate", "scenarios", "plot"} {
		code, out, _ := orgsim(t, c, "-h")
		if code != 0 || !strings.Contains(out, "Example:\n  orgsim "+c) {
			t.Errorf("%s -h: exit %d, output %q", c, code, out)
		}
	}
	if code, _, errs := orgsim(t, "frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
	if code, _, errs := orgsim(t, "run", "-bogus"); code != 2 || !strings.Contains(errs, "flag provided but not defined: -bogus") {
		t.Errorf("unknown flag: exit %d, %q", code, errs)
	}
	if code, _, errs := orgsim(t, "run", "no-such-scenario"); code != 1 || !strings.Contains(errs, `"no-such-scenario" is neither a scenario file nor an embedded scenario`) {
		t.Errorf("unknown scenario: exit %d, %q", code, errs)
	}
}

func TestScenariosCommand(t *testing.T) {
	code, out, _ := orgsim(t, "scenarios")
	if code != 0 || !strings.Contains(out, "ceo-leaves") || !strings.Contains(out, "buurtzorg") {
		t.Fatalf("exit %d: %s", code, out)
	}
	code, out, _ = orgsim(t, "scenarios", "show", "default")
	if code != 0 || !strings.HasPrefix(out, "# orgsim scenario: the default comparison.") {
		t.Fatalf("show: exit %d: %.80s", code, out)
	}
	code, out, _ = orgsim(t, "scenarios", "keys")
	if code != 0 || !strings.Contains(out, "organisation.team.knowledge") {
		t.Fatalf("keys: exit %d", code)
	}
}

func TestValidateReportsPositions(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	src, _ := os.ReadFile("../../scenarios/builtin/default.toml")
	os.WriteFile(good, src, 0o644)
	os.WriteFile(bad, bytes.Replace(src, []byte("team_size = 8"), []byte("team_sise = 8"), 1), 0o644)
	if code, out, _ := orgsim(t, "validate", good); code != 0 || !strings.Contains(out, "good.toml: ok") {
		t.Fatalf("good file: exit %d, %q", code, out)
	}
	line := bytes.Count(src[:bytes.Index(src, []byte("team_size = 8"))], []byte("\n")) + 1
	code, _, errs := orgsim(t, "validate", good, bad)
	if code != 1 || !strings.Contains(errs, fmt.Sprintf("%s:%d:1: work.team_sise: unknown key (did you mean \"team_size\"?", bad, line)) {
		t.Fatalf("bad file: exit %d, %q", code, errs)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestRunEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	// Flags before and after the scenario name.
	code, out, errs := orgsim(t, "run", "-replications", "3", "ceo-leaves", "-horizon", "30w", "-out", dir, "-trace", filepath.Join(dir, "trace.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv", "units.csv", "latency.csv", "expectations.csv", "structure.csv", "headline.md", "manifest.json", "command.txt",
		"latency.png", "latency.svg", "timeline.png", "timeline.svg", "resilience.png", "resilience.svg", "bottlenecks.png", "bottlenecks.svg", "leadership.png", "leadership.svg", "trace.csv"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty", f)
		}
	}
	if !strings.Contains(out, "  latency_p95 (h)  ") || !strings.Contains(out, "  decision_share_top (share)  ") ||
		!strings.Contains(out, "hierarchy vs lattice") || !strings.Contains(out, "Disruption 1: leader-loss at week 20") {
		t.Errorf("no comparison table:\n%s", out)
	}
	runs := readCSV(t, filepath.Join(dir, "runs.csv"))
	if len(runs) != 1+2*3 {
		t.Fatalf("runs.csv has %d rows, want 7", len(runs))
	}
	// -replication reproduces one row exactly.
	one := filepath.Join(t.TempDir(), "one")
	if code, _, errs := orgsim(t, "run", "ceo-leaves", "-horizon", "30w", "-replication", "2", "-out", one, "-quiet"); code != 0 {
		t.Fatalf("-replication: exit %d: %s", code, errs)
	}
	again := readCSV(t, filepath.Join(one, "runs.csv"))
	if strings.Join(again[1], ",") != strings.Join(runs[3], ",") {
		t.Fatalf("replication 2 reproduced as\n%v\nwant\n%v", again[1], runs[3])
	}
	// plot redraws identical figures from the CSV files alone.
	redraw := t.TempDir()
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv", "units.csv", "latency.csv", "recovery.csv", "structure.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(redraw, f), b, 0o644)
	}
	if code, _, errs := orgsim(t, "plot", redraw); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, errs)
	}
	for _, f := range []string{"latency.png", "timeline.svg", "resilience.png", "bottlenecks.svg", "leadership.png", "leadership.svg"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(redraw, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs after orgsim plot", f)
		}
	}
}

func TestUnwritableOutputFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	code, _, errs := orgsim(t, "run", "-out", filepath.Join(file, "sub"), "-replications", "1", "-horizon", "12w")
	if code != 1 || !strings.Contains(errs, "output folder "+filepath.Join(file, "sub")+" cannot be created") {
		t.Fatalf("exit %d: %q", code, errs)
	}
}

func TestOutputDoesNotDependOnWorkers(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for dir, w := range map[string]string{a: "1", b: "3"} {
		if code, _, errs := orgsim(t, "run", "demand-surge", "-replications", "3", "-horizon", "24w", "-workers", w, "-out", dir, "-quiet"); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv", "units.csv", "latency.csv", "recovery.csv", "timeline.png", "latency.svg", "leadership.png", "leadership.svg"} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between 1 and 3 workers", f)
		}
	}
}

// BenchmarkDefaultRun is the wall time of `orgsim run` on the embedded
// default scenario (20 replications), figures included.
func BenchmarkDefaultRun(b *testing.B) {
	dir := b.TempDir()
	for range b.N {
		var out, errb bytes.Buffer
		if code := run([]string{"run", "-out", dir, "-quiet"}, &env{stdout: &out, stderr: &errb}); code != 0 {
			b.Fatal(errb.String())
		}
	}
}

// BenchmarkReferenceRun is the whole orgsim run of the reference hierarchy
// as a scenario file (scripts/bench/refhier.toml: about 200,000 issues, one
// replication), figures and files included: what figures-ratio.sh times as
// a process against the reference loop's.
func BenchmarkReferenceRun(b *testing.B) {
	dir := b.TempDir()
	file := filepath.Join("..", "..", "scripts", "bench", "refhier.toml")
	for range b.N {
		var out, errb bytes.Buffer
		if code := run([]string{"run", "-out", dir, "-quiet", "-force", file}, &env{stdout: &out, stderr: &errb}); code != 0 {
			b.Fatal(errb.String())
		}
	}
}

// TestEqualMechanisms: -mechanisms equal gives every organisation the
// first one's mechanisms, names its folder apart, and records the equalised
// scenario; another word is a usage error.
func TestEqualMechanisms(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := orgsim(t, "run", "-mechanisms", "equal", "-replications", "2", "-horizon", "16w", "-quiet", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_ = stdout
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Scenario string `json:"scenario"`
		Resolved string `json:"resolved_scenario"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Scenario != "default-equal-mechanisms" {
		t.Fatalf("scenario %q", m.Scenario)
	}
	// Both organisations' teams resolve the hierarchy's 70 %.
	if n := strings.Count(m.Resolved, "knowledge = 1.203972804325936\n"); n < 2 {
		t.Fatalf("the teams' knowledge is written %d times at the hierarchy's level:\n%s", n, m.Resolved)
	}
	if code, _, stderr := orgsim(t, "run", "-mechanisms", "same", "-out", t.TempDir()); code != 2 || !strings.Contains(stderr, "-mechanisms same: not allowed (allowed: preset or equal)") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
