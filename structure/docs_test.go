package structure

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
)

// docs/outputs.md documents every measure of structure.csv at its level,
// and no measure the file does not have.
func TestOutputsDocumentsEveryMeasure(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "outputs.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## "+File+"\n")
	if start < 0 {
		t.Fatalf("docs/outputs.md has no section ## %s", File)
	}
	section := text[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	row := regexp.MustCompile("^\\| ([a-z× ]+) \\| `([a-z_]+)` \\|")
	documented := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			documented[m[1]+" "+m[2]] = true
		}
	}
	want := map[string]bool{}
	for _, m := range measures {
		k := m.level + " " + m.name
		want[k] = true
		if !documented[k] {
			t.Errorf("docs/outputs.md does not document the %s measure %s", m.level, m.name)
		}
	}
	for k := range documented {
		if !want[k] {
			t.Errorf("docs/outputs.md documents %q, which structure.csv does not have", k)
		}
	}
	for _, col := range Header {
		if !strings.Contains(section, "| `"+col+"` |") {
			t.Errorf("docs/outputs.md does not document the column %s", col)
		}
	}
}

// The measures structure.csv has are the documented list, in its order
// within each level.
func TestCSVHasTheListedMeasures(t *testing.T) {
	cfg := model.Default()
	orgs, err := AnalyseAll(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(CSV(orgs))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		level := levelOrganisation
		switch {
		case r[1] == "" && r[2] != "":
			level = levelClass
		case r[1] != "" && r[2] == "":
			level = levelUnit
		case r[1] != "":
			level = levelUnitClass
		}
		if k := level + " " + r[3]; !seen[k] {
			seen[k] = true
			got = append(got, k)
		}
	}
	var want []string
	for _, m := range measures {
		want = append(want, m.level+" "+m.name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("structure.csv has the measures\n%q\nthe list\n%q", got, want)
	}
}
