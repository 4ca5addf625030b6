package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportOrgchart: the example chart becomes a scenario file that
// validates and runs; an existing file is not replaced without -force; a
// malformed chart is refused with its line and writes nothing.
func TestImportOrgchart(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "org.toml")
	code, stdout, errs := orgsim(t, "import", "orgchart", "../../examples/orgchart/people.csv", "-out", out, "-name", "example-org")
	if code != 0 || stdout != "" || !strings.Contains(errs, "49 people: 8 teams, 10 managers as units; in the lattice 3 coaches and 6 managers joining their teams.") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	if code, _, errs := orgsim(t, "validate", out); code != 0 {
		t.Fatalf("validate: exit %d: %s", code, errs)
	}
	res := filepath.Join(dir, "results")
	if code, _, errs := orgsim(t, "run", out, "-replications", "2", "-horizon", "20w", "-quiet", "-out", res); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(res, "structure.csv")); err != nil || !strings.Contains(string(b), "\nlattice,circle,,depth,0\n") {
		t.Errorf("structure.csv of the imported scenario: %v, %.200q", err, b)
	}

	// To stdout, the same bytes.
	code, stdout, _ = orgsim(t, "import", "-name", "example-org", "orgchart", "../../examples/orgchart/people.csv")
	if written, _ := os.ReadFile(out); code != 0 || stdout != string(written) {
		t.Errorf("to stdout: exit %d, %d bytes; the file has %d", code, len(stdout), len(written))
	}

	if code, _, errs := orgsim(t, "import", "orgchart", "../../examples/orgchart/people.csv", "-out", out); code != 1 || !strings.Contains(errs, "exists; not replaced") {
		t.Errorf("over an existing file: exit %d, %q", code, errs)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("id,manager_id\np1,\np2,p1\np2,p1\n"), 0o644)
	badOut := filepath.Join(dir, "bad.toml")
	if code, _, errs := orgsim(t, "import", "orgchart", bad, "-out", badOut); code != 1 || !strings.Contains(errs, bad+`:4: duplicate id "p2" (first on line 3)`) {
		t.Errorf("malformed chart: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(badOut); err == nil {
		t.Error("a malformed chart left a scenario file")
	}
	if code, _, _ := orgsim(t, "import", "people.csv"); code != 2 {
		t.Errorf("without orgchart: exit %d, want 2", code)
	}
	if code, _, _ := orgsim(t, "import", "orgchart", bad, "-peers", "-1"); code != 2 {
		t.Errorf("-peers -1: exit %d, want 2", code)
	}
}
