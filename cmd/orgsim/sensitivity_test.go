package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/orgsim/orgsim/internal/safefile"
)

// testStudy screens three keys of the embedded scenario
// sweep-base-knowledge with Morris, small enough for a test: 5
// trajectories of 5 points (three factors and the dummy), 2 replications.
const testStudy = `name = "test-study"
base = "sweep-base-knowledge"
seed = 5
method = "morris"
replications = 2
metrics = ["latency_p95"]
ratios = ["latency_p95"]

[morris]
trajectories = 5

[[factor]]
key = "work.cross_team"
name = "cross_team"
distribution = "uniform"
range = [0.05, 0.3]

[[factor]]
key = "work.rate"
name = "arrival_rate"
distribution = "log-uniform"
range = [1, 2]
unit = "/d"

[[factor]]
key = "organisation[1].team.knowledge"
name = "lattice_knowledge"
distribution = "list"
values = ["p60", "p70", "p80", "p90"]
`

// studyFiles are the files of a finished study that must not depend on
// how it was computed.
var studyFiles = []string{"sensitivity.csv", "runs.csv", "summary.csv", "manifest.json",
	"sensitivity-latency_p95.png", "sensitivity-latency_p95.svg", "morris-latency_p95.png", "morris-latency_p95.svg"}

func sameStudyFiles(t *testing.T, a, b, what string) {
	t.Helper()
	for _, f := range studyFiles {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s: %s differs (%v, %v)", what, f, err1, err2)
		}
	}
}

func writeStudyFile(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "study.toml")
	writeFile(t, path, src)
	return path
}

// TestSensitivityWorkersAndShardsGiveTheSameBytes: 1 and 2 workers, and 2
// shards merged, write the same bytes; the dummy's rows stand beside every
// factor's with the noise floor.
func TestSensitivityWorkersAndShardsGiveTheSameBytes(t *testing.T) {
	study := writeStudyFile(t, testStudy)
	root := t.TempDir()
	args := []string{"sensitivity", study, "-horizon", "14w", "-quiet"}
	one, two := filepath.Join(root, "one"), filepath.Join(root, "two")
	code, out, errs := orgsim(t, append(args, "-workers", "1", "-out", one)...)
	if code != 0 {
		t.Fatalf("1 worker: %s", errs)
	}
	if !strings.Contains(out, "test-study: ran 50 unit(s) in ") || !strings.Contains(out, "Morris design: 4 factor(s), the dummy included, 5 trajectories on 4 levels: 25 points × 2 replication(s)") ||
		!strings.Contains(out, "  latency_p95 of hierarchy: ") || !strings.Contains(out, "lattice_knowledge 0·") {
		t.Errorf("output:\n%s", out)
	}
	if code, _, errs := orgsim(t, append(args, "-workers", "2", "-out", two)...); code != 0 {
		t.Fatalf("2 workers: %s", errs)
	}
	sameStudyFiles(t, one, two, "1 vs 2 workers")
	var shards []string
	for i := range 2 {
		d := filepath.Join(root, "shard", strconv.Itoa(i))
		if code, out, errs := orgsim(t, append(args, "-shard", fmt.Sprintf("%d/2", i), "-out", d)...); code != 0 || !strings.Contains(out, "combine the shards with orgsim merge") {
			t.Fatalf("shard %d: %s %s", i, out, errs)
		}
		if _, err := os.Stat(filepath.Join(d, "sensitivity.csv")); err == nil {
			t.Fatalf("shard %d wrote sensitivity.csv; a shard's indices come from merge", i)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(root, "merged")
	if code, _, errs := orgsim(t, append([]string{"merge", "-out", merged}, shards[:1]...)...); code != 1 || !strings.Contains(errs, "cannot merge: the journals lack point") {
		t.Fatalf("merge of 1 of 2 shards: exit %d, %s", code, errs)
	}
	if code, _, errs := orgsim(t, append([]string{"merge", "-out", merged}, shards...)...); code != 0 {
		t.Fatalf("merge: %s", errs)
	}
	sameStudyFiles(t, one, merged, "2 shards merged vs 1 worker")
	// orgsim plot redraws the same figures from sensitivity.csv.
	for _, f := range studyFiles[4:] {
		os.Remove(filepath.Join(merged, f))
	}
	if code, _, errs := orgsim(t, "plot", merged); code != 0 {
		t.Fatalf("plot: %s", errs)
	}
	sameStudyFiles(t, one, merged, "figures redrawn by orgsim plot")
	checkDummyRows(t, filepath.Join(one, "sensitivity.csv"))
}

// checkDummyRows reads sensitivity.csv and checks that every output and
// index has a dummy row, that every row's noise floor is the dummy's
// estimate, that the dummy's μ* is above 0 (it changes the random numbers,
// and they matter), and that the lattice's knowledge, on common random
// numbers, changes nothing in the hierarchy.
func checkDummyRows(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "metric,organisation,statistic,factor,method,index,estimate,se,low,high,noise_floor,above_noise"
	if got := strings.Join(recs[0], ","); got != want {
		t.Fatalf("header %s, want %s", got, want)
	}
	if n := len(recs) - 1; n != 3*4*3 {
		t.Fatalf("%d rows, want 3 outputs × 4 factors (the dummy included) × 3 indices", n)
	}
	dummy := map[string]string{} // organisation|index → the dummy's estimate
	dummyHigh := map[string]float64{}
	for _, r := range recs[1:] {
		if r[3] == "dummy" {
			dummy[r[1]+"|"+r[5]] = r[6]
			dummyHigh[r[1]+"|"+r[5]], _ = strconv.ParseFloat(r[9], 64)
		}
	}
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q is not a number", s)
		}
		return x
	}
	if len(dummy) != 3*3 {
		t.Fatalf("%d dummy rows, want one per output and index", len(dummy))
	}
	for _, r := range recs[1:] {
		if r[10] != dummy[r[1]+"|"+r[5]] {
			t.Errorf("%v: noise floor %s, the dummy's estimate %s", r, r[10], dummy[r[1]+"|"+r[5]])
		}
		switch {
		case r[1] == "hierarchy" && r[3] == "lattice_knowledge" && r[5] == "mu_star":
			if r[6] != "0" || r[11] != "false" {
				t.Errorf("the lattice's knowledge moves the hierarchy's latency: %v", r)
			}
		case r[3] == "dummy" && r[5] == "mu_star":
			if !(num(r[6]) > 0) || r[11] != "" {
				t.Errorf("the dummy's μ* is %v; want > 0 with no above_noise", r)
			}
		case r[5] == "mu_star":
			if want := fmt.Sprint(num(r[8]) > dummyHigh[r[1]+"|mu_star"]); r[11] != want {
				t.Errorf("%v: above_noise %s, want %s (low against the dummy's high %v)", r, r[11], want, dummyHigh[r[1]+"|mu_star"])
			}
			if r[1] == "hierarchy" && r[3] == "cross_team" && !(num(r[6]) > 2*num(r[10])) {
				t.Errorf("cross-team issues move the hierarchy's latency by less than twice the noise floor: %v", r)
			}
		}
	}
}

// TestKilledSensitivityResumesToTheSameResults: a study killed (SIGKILL)
// in the middle and resumed writes what an uninterrupted one writes, and
// runs only the units the journal lacks.
func TestKilledSensitivityResumesToTheSameResults(t *testing.T) {
	study := writeStudyFile(t, testStudy)
	root := t.TempDir()
	full, cut := filepath.Join(root, "full"), filepath.Join(root, "cut")
	args := []string{"sensitivity", study, "-horizon", "30w", "-workers", "1", "-quiet"}
	if out, err := process(append(args, "-out", full)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted: %v\n%s", err, out)
	}
	c := process(append(args, "-out", cut)...)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(cut, "journal.jsonl")
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(journal)
		if bytes.Count(b, []byte("\n")) >= 4 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.Process.Signal(syscall.SIGKILL)
	c.Wait()
	b, _ := os.ReadFile(journal)
	units := bytes.Count(b, []byte("\n")) - 1
	if units < 3 || units >= 50 {
		t.Fatalf("killed after %d units; want a study cut in the middle", units)
	}
	for _, f := range []string{"sensitivity.csv", "runs.csv", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(cut, f)); err == nil {
			t.Fatalf("a killed study left %s behind", f)
		}
	}
	out, err := process(append(args, "-out", cut, "-resume")...).CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	b, _ = os.ReadFile(journal)
	if got := bytes.Count(b, []byte("\n")) - 1; got != 50 {
		t.Errorf("the resumed journal holds %d units, want 50", got)
	}
	if want := fmt.Sprintf("ran %d unit(s) in ", 50-units); !strings.Contains(string(out), want) || !strings.Contains(string(out), fmt.Sprintf("; %d unit(s) were already done", units)) {
		t.Errorf("resume output lacks %q and the units already done:\n%s", want, out)
	}
	if _, err := os.Stat(filepath.Join(cut, safefile.LockFile)); !os.IsNotExist(err) {
		t.Fatal("the lock file is left after the study")
	}
	sameStudyFiles(t, full, cut, "killed and resumed vs uninterrupted")
}

func TestSensitivityRefusals(t *testing.T) {
	// A positioned error in the file; nothing is written.
	bad := writeStudyFile(t, strings.Replace(testStudy, "range = [0.05, 0.3]", "range = [0.05, 1.3]", 1))
	out := filepath.Join(t.TempDir(), "out")
	code, _, errs := orgsim(t, "sensitivity", bad, "-out", out)
	if code != 1 || !strings.Contains(errs, bad+":16:1: factor[0].range: at 1.3 the base is invalid: work.cross_team: ") {
		t.Errorf("a bad range: exit %d, %s", code, errs)
	}
	// Points that cannot run together: refused before anything is
	// written, with the reasons.
	over := writeStudyFile(t, strings.Replace(testStudy, "range = [1, 2]", "range = [1, 2.4]", 1))
	code, _, errs = orgsim(t, "sensitivity", over, "-out", out, "-quiet")
	if code != 1 || !strings.Contains(errs, "cannot run, and the indices need every point; nothing was run or written") || !strings.Contains(errs, "overloaded at baseline") {
		t.Errorf("points that cannot run: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused study created %s", out)
	}
	// An output without a value (no traffic, so no traffic latency): the
	// runs are written, the indices are not, and the message says why.
	undefined := writeStudyFile(t, strings.Replace(strings.Replace(testStudy, `metrics = ["latency_p95"]`, `metrics = ["traffic_latency_p95"]`, 1), `ratios = ["latency_p95"]`, "", 1))
	code, _, errs = orgsim(t, "sensitivity", undefined, "-out", out, "-quiet", "-replications", "1", "-horizon", "10w")
	if code != 1 || !strings.Contains(errs, "traffic_latency_p95 of hierarchy has no value at point 0 (") || !strings.Contains(errs, "replication 0 has none") ||
		!strings.Contains(errs, "The runs are written to "+out) {
		t.Errorf("an undefined output: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "runs.csv")); err != nil {
		t.Errorf("runs.csv: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "sensitivity.csv")); err == nil {
		t.Error("sensitivity.csv written without indices")
	}
	// The dry run states the design and the units.
	code, stdout, errs := orgsim(t, "sensitivity", "sensitivity-knowledge", "-dry-run")
	if code != 0 || !strings.Contains(stdout, "Morris design: 4 factor(s), the dummy included, 20 trajectories on 4 levels: 100 points × 5 replication(s)") ||
		!strings.Contains(stdout, "sensitivity-knowledge: 100 points (100 valid) × 5 replications = 500 units to run, 1000 runs") {
		t.Errorf("dry run: exit %d, %s %s", code, stdout, errs)
	}
	// A sweep is not a sensitivity file, and the reverse.
	if code, _, errs := orgsim(t, "sensitivity", "sweep-surge"); code != 1 || !strings.Contains(errs, "run it with orgsim sweep sweep-surge") {
		t.Errorf("a sweep's name: exit %d, %s", code, errs)
	}
	if code, _, errs := orgsim(t, "sweep", bad); code != 1 || !strings.Contains(errs, "this is a sensitivity file, not a sweep (it has [[factor]]): run it with orgsim sensitivity "+bad) {
		t.Errorf("a sensitivity file as a sweep: exit %d, %s", code, errs)
	}
}
