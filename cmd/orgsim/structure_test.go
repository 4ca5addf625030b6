package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStructureCommand: orgsim structure prints each organisation's
// structure, names the hierarchy's root as its one single point of
// failure, and with -csv writes the bytes a run folder's structure.csv
// holds.
func TestStructureCommand(t *testing.T) {
	for _, c := range []string{"structure", "import"} {
		if code, out, _ := orgsim(t, c, "-h"); code != 0 || !strings.Contains(out, "Example:\n  orgsim "+c) {
			t.Errorf("%s -h: exit %d, output %q", c, code, out)
		}
	}
	code, out, errs := orgsim(t, "structure", "default")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"hierarchy: depth 2, 57 units (49 teams, 8 leaders)",
		"1 unit(s) are a single point of failure",
		"d95-99.5/v0-90/local     3.24 %   100 %           1                root",
		"lattice: depth 2, 52 units (49 teams, 3 leaders)",
		"49 teams  team",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, all, _ := orgsim(t, "structure", "default", "-teams")
	if code != 0 || !strings.Contains(all, "\nt49 ") || strings.Contains(all, "49 teams  team") {
		t.Errorf("-teams: exit %d, want a row per team", code)
	}

	code, csv, _ := orgsim(t, "structure", "-csv", "default")
	if code != 0 || !strings.HasPrefix(csv, "organisation,unit,class,measure,value\nhierarchy,,,depth,2\n") {
		t.Fatalf("-csv: exit %d, %.80q", code, csv)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := orgsim(t, "run", "default", "-replications", "2", "-horizon", "20w", "-quiet", "-out", dir); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	written, err := os.ReadFile(filepath.Join(dir, "structure.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(written) != csv {
		t.Error("orgsim structure -csv differs from the run folder's structure.csv")
	}

	if code, _, errs := orgsim(t, "structure", "sweep-surge"); code != 2 || !strings.Contains(errs, "is a sweep") {
		t.Errorf("a sweep: exit %d, %q", code, errs)
	}
	if code, _, errs := orgsim(t, "structure", "no-such-scenario"); code != 1 || !strings.Contains(errs, "no-such-scenario") {
		t.Errorf("unknown scenario: exit %d, %q", code, errs)
	}
}
