package report

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/internal/metricdef"
)

// docs/outputs.md documents every metric with the range and comparison
// the catalogue gives it.
func TestOutputsDocumentsEveryMetricsScale(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "outputs.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]string{} // metric → its "range · compared by" cell
	name := regexp.MustCompile("`([a-z0-9_]+(?:_d<i>)?)`")
	inTable := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "| metric | unit | range · compared by |"):
			inTable = true
		case !strings.HasPrefix(line, "|"):
			inTable = false
		case inTable && strings.HasPrefix(line, "| `"):
			cells := strings.Split(line, " | ")
			for _, m := range name.FindAllStringSubmatch(cells[0], -1) {
				documented[strings.TrimSuffix(m[1], "_d<i>")] = cells[2]
			}
		}
	}
	for _, d := range append(append([]metricdef.Def(nil), metricdef.Base...), metricdef.PerDisruption...) {
		want := d.Scale.Interval() + " · " + d.Scale.Compare().String()
		if got, ok := documented[d.Name]; !ok {
			t.Errorf("docs/outputs.md does not document %s", d.Name)
		} else if got != want {
			t.Errorf("docs/outputs.md gives %s as %q, the catalogue as %q", d.Name, got, want)
		}
	}
}
