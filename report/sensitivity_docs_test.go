package report

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docs/outputs.md documents every column of sensitivity.csv, in the
// file's order.
func TestOutputsDocumentsEverySensitivityColumn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "outputs.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n### sensitivity.csv\n")
	if start < 0 {
		t.Fatal("docs/outputs.md has no section ### sensitivity.csv")
	}
	section := text[start+1:]
	if end := strings.Index(section[4:], "\n#"); end >= 0 {
		section = section[:end+4]
	}
	name := regexp.MustCompile("`([a-z_]+)`")
	var documented []string
	inTable := false
	for _, line := range strings.Split(section, "\n") {
		switch {
		case strings.HasPrefix(line, "| column | meaning |"):
			inTable = true
		case !strings.HasPrefix(line, "|"):
			inTable = false
		case inTable && strings.HasPrefix(line, "| `"):
			cell := strings.Split(line, " | ")[0]
			for _, m := range name.FindAllStringSubmatch(cell, -1) {
				documented = append(documented, m[1])
			}
		}
	}
	if !slices.Equal(documented, sensitivityHeader) {
		t.Errorf("docs/outputs.md documents the columns\n%v\nsensitivity.csv has\n%v", documented, sensitivityHeader)
	}
	for _, f := range []string{"sensitivity-<metric>", "morris-<metric>"} {
		if !strings.Contains(text, "`"+f+".png/.svg`") {
			t.Errorf("docs/outputs.md does not document the figure %s", f)
		}
	}
}
