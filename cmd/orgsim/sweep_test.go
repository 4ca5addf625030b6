package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/orgsim/orgsim/internal/safefile"
)

// TestMain lets the test binary act as the orgsim command when
// ORGSIM_AS_COMMAND is set, so tests can run it as a real process (and
// kill it).
func TestMain(m *testing.M) {
	if os.Getenv("ORGSIM_AS_COMMAND") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func process(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), "ORGSIM_AS_COMMAND=1")
	return c
}

// sweepFiles are the files a finished sweep writes that must not depend
// on how it was computed.
var sweepFiles = []string{"runs.csv", "summary.csv", "manifest.json", "sweep-latency_p95.png", "sweep-latency_p95.svg", "sweep-resilience_loss_d1.png"}

func sameFiles(t *testing.T, a, b string, what string) {
	t.Helper()
	for _, f := range sweepFiles {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s: %s differs (%v, %v)", what, f, err1, err2)
		}
	}
}

var sweepArgs = []string{"sweep", "sweep-surge", "-replications", "3", "-horizon", "30w", "-quiet"}

func TestSweepWorkersAndShardsGiveTheSameBytes(t *testing.T) {
	root := t.TempDir()
	one, two := filepath.Join(root, "one"), filepath.Join(root, "two")
	if code, _, errs := orgsim(t, append(sweepArgs, "-workers", "1", "-out", one)...); code != 0 {
		t.Fatalf("1 worker: %s", errs)
	}
	if code, _, errs := orgsim(t, append(sweepArgs, "-workers", "2", "-out", two)...); code != 0 {
		t.Fatalf("2 workers: %s", errs)
	}
	sameFiles(t, one, two, "1 vs 2 workers")
	var shards []string
	for i := range 3 {
		d := filepath.Join(root, "shard", string(rune('0'+i)))
		if code, out, errs := orgsim(t, append(sweepArgs, "-shard", string(rune('0'+i))+"/3", "-out", d)...); code != 0 || !strings.Contains(out, "combine the shards with orgsim merge") {
			t.Fatalf("shard %d: %s %s", i, out, errs)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(root, "merged")
	if code, _, errs := orgsim(t, append([]string{"merge", "-out", merged}, shards[:2]...)...); code != 1 || !strings.Contains(errs, "cannot merge: the journals lack point") {
		t.Fatalf("merge of 2 of 3 shards: exit %d, %s", code, errs)
	}
	if code, _, errs := orgsim(t, append([]string{"merge", "-out", merged}, shards...)...); code != 0 {
		t.Fatalf("merge: %s", errs)
	}
	sameFiles(t, one, merged, "3 shards merged vs 1 worker")
	// Shards of another sweep are refused.
	other := filepath.Join(root, "other")
	if code, _, errs := orgsim(t, "sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-quiet", "-shard", "0/3", "-out", other); code != 0 {
		t.Fatalf("other sweep: %s", errs)
	}
	if code, _, errs := orgsim(t, "merge", "-out", filepath.Join(root, "x"), shards[0], other); code != 1 || !strings.Contains(errs, "is a shard of a different sweep") {
		t.Fatalf("mixed merge: exit %d, %s", code, errs)
	}
}

func TestKilledSweepResumesToTheSameResults(t *testing.T) {
	root := t.TempDir()
	full, cut := filepath.Join(root, "full"), filepath.Join(root, "cut")
	args := []string{"sweep", "sweep-surge", "-replications", "4", "-horizon", "1y", "-workers", "1", "-quiet"}
	if out, err := process(append(args, "-out", full)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted: %v\n%s", err, out)
	}
	c := process(append(args, "-out", cut)...)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it as soon as a few units are journalled.
	journal := filepath.Join(cut, "journal.jsonl")
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(journal)
		if bytes.Count(b, []byte("\n")) >= 4 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A second writer into the same folder meanwhile is refused, naming
	// the first.
	code, _, errs := orgsim(t, append(args, "-out", cut, "-resume")...)
	want := fmt.Sprintf("orgsim sweep: %s is in use by process %d on ", cut, c.Process.Pid)
	if code != 1 || !strings.HasPrefix(errs, want) || !strings.Contains(errs, "(orgsim "+strings.Join(append(args, "-out", cut), " ")+")") ||
		!strings.HasSuffix(errs, ": two runs must not write into one folder (allowed: wait for it to finish, or choose another -out folder)\n") {
		t.Fatalf("a second writer: exit %d, %q; want 1 and %q…", code, errs, want)
	}
	c.Process.Signal(syscall.SIGKILL)
	c.Wait()
	b, _ := os.ReadFile(journal)
	units := bytes.Count(b, []byte("\n")) - 1
	if units < 3 || units >= 20 {
		t.Fatalf("killed after %d units; want a sweep cut in the middle", units)
	}
	if _, err := os.Stat(filepath.Join(cut, "runs.csv")); err == nil {
		t.Fatal("a killed sweep left runs.csv behind")
	}
	// The killed process's lock is stale: taken over, and said so.
	out, err := process(append(args, "-out", cut, "-resume")...).CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	note := fmt.Sprintf("orgsim: %s: note: took over a stale lock of process %d on ", cut, c.Process.Pid)
	if !strings.Contains(string(out), note) || !strings.Contains(string(out), "which no longer runs") {
		t.Fatalf("resume output lacks %q:\n%s", note, out)
	}
	if _, err := os.Stat(filepath.Join(cut, safefile.LockFile)); !os.IsNotExist(err) {
		t.Fatal("the lock file is left after the sweep")
	}
	sameFiles(t, full, cut, "killed and resumed vs uninterrupted")
}

func TestSweepFileErrorsArePositioned(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("base = \"default\"\nreplications = 2\n\n[[axis]]\nkey = \"work.cros_team\"\nvalues = [0.1, 0.2]\n\n[[axis]]\nkey = \"organisation[0].span\"\nrange = [1]\n"), 0o644)
	code, _, errs := orgsim(t, "sweep", bad)
	want := []string{
		bad + `:5:1: axis[0].key: "work.cros_team" is not a scenario key (did you mean "cross_team"?`,
		bad + `:10:1: axis[1].range: [1] is not allowed (allowed: [low, high] with low < high)`,
	}
	for _, w := range want {
		if !strings.Contains(errs, w) {
			t.Errorf("missing %q in\n%s", w, errs)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	os.WriteFile(bad, []byte("base = \"default\"\n[[axis]\nkey = 1\n"), 0o644)
	if code, _, errs := orgsim(t, "sweep", bad); code != 1 || !strings.Contains(errs, bad+":2:7:") {
		t.Errorf("syntax error: exit %d, %s", code, errs)
	}
	if code, out, _ := orgsim(t, "sweep", "sweep-span-of-control", "-dry-run"); code != 0 || !strings.Contains(out, "12 points (12 valid) × 5 replications = 60 units to run, 120 runs") {
		t.Errorf("dry run: exit %d, %s", code, out)
	}
}

// TestAttritionSweepNeverFails: a sweep over attrition rates up to 8 a year
// and vacancies up to 8 weeks, with newcomers ramping up (where one who
// left again once crashed a run and aborted the sweep), runs every unit.
func TestAttritionSweepNeverFails(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "base.toml"), `name = "attrition-base"
horizon = "20w"
warm_up = "4w"
replications = 2

[[organisation]]
preset = "hierarchy"

[[organisation]]
preset = "lattice"

[[disruption]]
kind = "attrition"
at = "4w"
rate = "2/y"
vacancy = "4w"
`)
	writeFile(t, filepath.Join(dir, "sweep.toml"), `name = "attrition-sweep"
base = "base.toml"
[[axis]]
key = "disruption[0].rate"
values = ["0.5/y", "2/y", "4/y", "8/y"]
[[axis]]
key = "disruption[0].vacancy"
values = ["0", "2w", "4w", "8w"]
`)
	out := filepath.Join(dir, "out")
	code, _, stderr := orgsim(t, "sweep", filepath.Join(dir, "sweep.toml"), "-quiet", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(rows) != 1+16*2*2 {
		t.Fatalf("%d rows of runs.csv, want %d", len(rows)-1, 16*2*2)
	}
	status := -1
	for i, h := range strings.Split(rows[0], ",") {
		if h == "status" {
			status = i
		}
	}
	for _, r := range rows[1:] {
		if f := strings.Split(r, ","); status < 0 || f[status] != "ok" {
			t.Fatalf("a unit did not run: %s", r)
		}
	}
}
