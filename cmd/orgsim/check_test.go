package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tiny is a scenario small enough to run in a blink: a hierarchy and a
// lattice on nine teams for four working weeks, three replications.
const tiny = `name = "tiny"
replications = 3
horizon = "4w"
warm_up = "1w"
drain = "4w"

[work]
teams = 9

[[organisation]]
name = "hierarchy"
preset = "hierarchy"
levels = 2
span = [3]

[[organisation]]
name = "lattice"
preset = "lattice"
`

// Claims whose verdicts are certain whatever the runs give.
const (
	// An accuracy lies in [0, 1], and so does its interval.
	heldClaim = `
[[expect]]
claim = "accuracy is a share"
metric = "accuracy"
organisation = "lattice"
range = [0, 1]
`
	// A lattice has no managers: its manager hours are 0 in every run,
	// the hierarchy's above 0, so the difference lattice − hierarchy is
	// negative in every replication.
	failedClaim = `
[[expect]]
claim = "the lattice's managers work more"
metric = "effort_manager_hours"
first = "lattice"
second = "hierarchy"
direction = "greater"
`
	// No decision is taken at a deadline without deadlines: the accuracy
	// of such decisions has no value in any run, and so no interval.
	undecidedClaim = `
[[expect]]
claim = "decisions at the deadline are mostly right"
metric = "deadline_accuracy"
organisation = "hierarchy"
range = [0.5, 1]
`
)

// scenarioFile writes a scenario into a temporary folder.
func scenarioFile(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckVerdictsAndExitCodes(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	pass := scenarioFile(t, "pass.toml", tiny+heldClaim+undecidedClaim)
	fail := scenarioFile(t, "fail.toml", strings.Replace(tiny, `"tiny"`, `"tiny-fail"`, 1)+heldClaim+failedClaim)
	none := scenarioFile(t, "none.toml", strings.Replace(tiny, `"tiny"`, `"tiny-none"`, 1))

	code, out, errs := orgsim(t, "check", pass)
	if code != 0 || errs != "" {
		t.Fatalf("held and undecided: exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"tiny: 3 replication(s), seed 1: 1 held, 0 failed, 1 undecided\n",
		"  held       accuracy is a share\n",
		"accuracy of lattice: mean ",
		"(95 %, 3 replications); claimed in [0, 1]\n",
		"  undecided  decisions at the deadline are mostly right\n",
		"             deadline_accuracy of hierarchy: not measured in this run; claimed in [0.5, 1]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}

	code, out, errs = orgsim(t, "check", none, fail)
	if code != 1 {
		t.Fatalf("a failed claim: exit %d, want 1\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"tiny-none: no expectations to check\n",
		"tiny-fail: 3 replication(s), seed 1: 1 held, 1 failed, 0 undecided\n",
		"  failed     the lattice's managers work more\n",
		"             effort_manager_hours of lattice-hierarchy: difference -",
		"; claimed > 0\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if want := "orgsim check: 1 of 2 scenario(s) failed an expectation (tiny-fail)\n"; errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}

	// With one replication nothing has an interval: every claim is
	// undecided and check passes.
	code, out, _ = orgsim(t, "check", fail, "-replications", "1")
	if code != 0 || !strings.Contains(out, "tiny-fail: 1 replication(s), seed 1: 0 held, 0 failed, 2 undecided\n") ||
		!strings.Contains(out, "no interval (1 replication(s) with a value)") {
		t.Errorf("one replication: exit %d\n%s", code, out)
	}

	// A bad entry is a positioned problem and exit 1; no argument is a
	// usage error.
	bad := scenarioFile(t, "bad.toml", tiny+strings.Replace(heldClaim, `"lattice"`, `"latice"`, 1))
	code, _, errs = orgsim(t, "check", bad)
	if code != 1 || !strings.Contains(errs, bad+`:23:1: expect[0].organisation: "latice" is not an organisation of this scenario (did you mean "lattice"? allowed: "hierarchy", "lattice")`) ||
		!strings.Contains(errs, "orgsim check: 1 could not be run ("+bad+")") {
		t.Errorf("bad entry: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := orgsim(t, "check"); code != 2 || !strings.Contains(errs, "no scenario given") {
		t.Errorf("no argument: exit %d, %q", code, errs)
	}

	// check writes nothing.
	if ents, _ := os.ReadDir(work); len(ents) != 0 {
		t.Errorf("check wrote into the working folder: %v", ents)
	}
}

// run reports the verdicts after the table and in expectations.csv.
func TestRunReportsExpectations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	src := scenarioFile(t, "tiny.toml", tiny+heldClaim+failedClaim+undecidedClaim)
	code, out, errs := orgsim(t, "run", src, "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	i, j := strings.Index(out, "Expectations: held when"), strings.Index(out, "Results: ")
	if i < 0 || j < i || !strings.Contains(out[i:j], "  failed     the lattice's managers work more\n") {
		t.Errorf("the expectations do not follow the table:\n%s", out)
	}
	rows := readCSV(t, filepath.Join(dir, "expectations.csv"))
	if len(rows) != 4 {
		t.Fatalf("%d rows in expectations.csv, want a header and 3", len(rows))
	}
	want := [][]string{
		{"accuracy is a share", "accuracy", "lattice", "mean", "", "", "", "0", "1", "0.95"},
		{"the lattice's managers work more", "effort_manager_hours", "lattice-hierarchy", "difference", "greater", "0", "0", "", "", "0.95"},
		{"decisions at the deadline are mostly right", "deadline_accuracy", "hierarchy", "mean", "", "", "", "0.5", "1", "0.95", "", "", "", "0"},
	}
	verdicts := []string{"held", "failed", "undecided"}
	for k, w := range want {
		r := rows[k+1]
		if strings.Join(r[:len(w)], "|") != strings.Join(w, "|") || r[len(r)-1] != verdicts[k] {
			t.Errorf("row %d = %q, want %q … %s", k+1, r, w, verdicts[k])
		}
	}
	if h, err := os.ReadFile(filepath.Join(dir, "headline.md")); err != nil || !strings.HasPrefix(string(h), "Over 3 replications paired on the same issues, ") {
		t.Errorf("headline.md: %q, %v", h, err)
	}
}
