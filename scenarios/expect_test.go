package scenarios

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/internal/metricdef"
)

// withExpect is minimal with a leader loss and the given [[expect]]
// tables appended; the first header is on line 21.
func withExpect(tables string) string {
	return minimal + `
[[disruption]]
kind = "leader-loss"
at = "8w"
selector = "root"
` + tables
}

func TestExpectationsDecode(t *testing.T) {
	src := withExpect(`
[[expect]]
claim = "the lattice is faster at p95"
metric = "latency_p95"
first = "lattice"
second = "hierarchy"
direction = "less"
min_effect = 1.5

[[expect]]
claim = "the hierarchy loses more to its root's loss"
metric = "resilience_loss_d1"
first = "hierarchy"
second = "lattice"
direction = "greater"
confidence = 0.9

[[expect]]
claim = "the lattice decides at least 80 % correctly"
metric = "accuracy"
organisation = "lattice"
range = [0.8, inf]
`)
	sc, err := Parse("f.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Expectation{
		{Claim: "the lattice is faster at p95", Metric: "latency_p95", First: "lattice", Second: "hierarchy",
			Direction: Less, MinEffect: 1.5, Compare: metricdef.Ratio, Confidence: 0.95},
		{Claim: "the hierarchy loses more to its root's loss", Metric: "resilience_loss_d1", First: "hierarchy", Second: "lattice",
			Direction: Greater, MinEffect: 0, Compare: metricdef.Difference, Confidence: 0.9},
		{Claim: "the lattice decides at least 80 % correctly", Metric: "accuracy", Organisation: "lattice",
			Range: [2]float64{0.8, math.Inf(1)}, Confidence: 0.95},
	}
	if !reflect.DeepEqual(sc.Expect, want) {
		t.Fatalf("expectations\n%+v\nwant\n%+v", sc.Expect, want)
	}
	if th := sc.Expect[0].Threshold(); th != 1/1.5 {
		t.Errorf("threshold of a ratio less by 1.5 = %v, want 1/1.5", th)
	}
	if !sc.Expect[2].IsRange() || sc.Expect[0].IsRange() {
		t.Error("IsRange is wrong")
	}
	// The resolved form keeps the keys of each kind, defaults written.
	out := string(Format(sc))
	for _, w := range []string{
		"[[expect]]\nclaim = \"the lattice is faster at p95\"\nmetric = \"latency_p95\"\nfirst = \"lattice\"\nsecond = \"hierarchy\"\ndirection = \"less\"\nmin_effect = 1.5\ncompare = \"ratio\"\nconfidence = 0.95\n",
		"[[expect]]\nclaim = \"the lattice decides at least 80 % correctly\"\nmetric = \"accuracy\"\norganisation = \"lattice\"\nrange = [0.8, inf]\nconfidence = 0.95\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("the resolved form lacks\n%s\nin\n%s", w, out[strings.Index(out, "[[expect]]"):])
		}
	}
}

// TestBadExpectations checks every problem of bad [[expect]] tables, in
// full, with its position.
func TestBadExpectations(t *testing.T) {
	for _, tc := range []struct {
		name  string
		table string
		want  []string
	}{
		{"unknown organisation", `
[[expect]]
claim = "c"
metric = "accuracy"
organisation = "latice"
range = [0.8, 1]
`, []string{`f.toml:24:1: expect[0].organisation: "latice" is not an organisation of this scenario (did you mean "lattice"? allowed: "hierarchy", "lattice")`}},
		{"unknown metric", `
[[expect]]
claim = "c"
metric = "latncy_p95"
organisation = "lattice"
range = [0, 24]
`, []string{`f.toml:23:1: expect[0].metric: "latncy_p95" is not a metric (did you mean "latency_p95"? allowed: a metric of runs.csv (docs/outputs.md): latency_mean … authority_steps; for the disruption, recovery_time_d1 … recovered_d1)`}},
		{"a disruption the scenario lacks", `
[[expect]]
claim = "c"
metric = "resilience_loss_d2"
first = "hierarchy"
second = "lattice"
direction = "greater"
`, []string{`f.toml:23:1: expect[0].metric: "resilience_loss_d2" is not a metric (the scenario has 1 disruption(s), so there is no resilience_loss_d2; allowed: a metric of runs.csv (docs/outputs.md): latency_mean … authority_steps; for the disruption, recovery_time_d1 … recovered_d1)`}},
		{"range in the wrong order", `
[[expect]]
claim = "c"
metric = "accuracy"
organisation = "lattice"
range = [0.9, 0.8]
`, []string{`f.toml:25:1: expect[0].range: [0.9, 0.8] is not allowed (allowed: [low, high] with low < high)`}},
		{"range of three", `
[[expect]]
claim = "c"
metric = "accuracy"
organisation = "lattice"
range = [0.8, 0.9, 1]
`, []string{`f.toml:25:1: expect[0].range: 3 values (allowed: two numbers [low, high], e.g. [0.8, 1])`}},
		{"ratio on a metric that can be 0", `
[[expect]]
claim = "c"
metric = "resilience_loss_d1"
first = "hierarchy"
second = "lattice"
direction = "greater"
min_effect = 2
compare = "ratio"
`, []string{`f.toml:28:1: expect[0].compare: "ratio" is not allowed for resilience_loss_d1, which can be 0 (allowed: "difference"; a ratio needs a metric above 0 in every run)`}},
		{"ratio on a signed metric", `
[[expect]]
claim = "c"
metric = "value_per_issue"
first = "hierarchy"
second = "lattice"
direction = "greater"
compare = "ratio"
`, []string{`f.toml:27:1: expect[0].compare: "ratio" is not allowed for value_per_issue, which can be 0 or negative (allowed: "difference"; a ratio needs a metric above 0 in every run)`}},
		{"a ratio's minimum effect below 1", `
[[expect]]
claim = "c"
metric = "latency_p95"
first = "lattice"
second = "hierarchy"
direction = "less"
min_effect = 0.8
`, []string{`f.toml:27:1: expect[0].min_effect: 0.8 is not allowed for a ratio (allowed: a factor ≥ 1; direction says which way: less with 1.25 claims first ÷ second < 0.8)`}},
		{"a negative difference", `
[[expect]]
claim = "c"
metric = "accuracy"
first = "lattice"
second = "hierarchy"
direction = "less"
min_effect = -0.1
`, []string{`f.toml:27:1: expect[0].min_effect: -0.1 is not allowed for a difference (allowed: an amount ≥ 0 in the metric's unit; direction says which way: less with 2 claims first − second < −2)`}},
		{"both kinds at once", `
[[expect]]
claim = "c"
metric = "accuracy"
organisation = "lattice"
range = [0.8, 1]
first = "lattice"
second = "hierarchy"
direction = "less"
`, []string{`f.toml:26:1: expect[0].first: a claim is about one organisation (organisation and range) or compares two (first, second and direction), not both (allowed: leave out first, second, direction, or organisation and range)`}},
		{"neither kind", `
[[expect]]
claim = "c"
metric = "accuracy"
`, []string{`f.toml:21:1: expect[0]: no organisation or first and second (allowed: organisation = NAME with range = [low, high]; or first = NAME, second = NAME and direction = "greater" or "less")`}},
		{"no claim, no metric, no range", `
[[expect]]
organisation = "lattice"
`, []string{
			`f.toml:21:1: expect[0]: no claim (allowed: claim = "the sentence a reader sees")`,
			`f.toml:21:1: expect[0]: no metric (allowed: metric = a metric of runs.csv, e.g. "latency_p95")`,
			`f.toml:21:1: expect[0]: a range claim needs range (allowed: organisation = NAME with range = [low, high])`}},
		{"a comparison without direction, with itself", `
[[expect]]
claim = "  "
metric = "accuracy"
first = "lattice"
second = "lattice"
`, []string{
			`f.toml:21:1: expect[0]: a comparison needs direction (allowed: first = NAME, second = NAME and direction = "greater" or "less")`,
			`f.toml:22:1: expect[0].claim: empty (allowed: the sentence a reader sees)`,
			`f.toml:25:1: expect[0].second: "lattice" is first too (allowed: another organisation of this scenario: "hierarchy")`}},
		{"a direction and a level out of range", `
[[expect]]
claim = "c"
metric = "accuracy"
first = "lattice"
second = "hierarchy"
direction = "more"
confidence = 95
`, []string{
			`f.toml:26:1: expect[0].direction: "more" is not allowed (allowed: "greater", "less")`,
			`f.toml:27:1: expect[0].confidence: 95 is not allowed (allowed: a level 0.5 ≤ x < 1, e.g. 0.95)`}},
		{"an unknown key in the second", `
[[expect]]
claim = "c"
metric = "accuracy"
organisation = "lattice"
range = [0.8, 1]

[[expect]]
claim = "d"
metric = "accuracy"
organisation = "hierarchy"
rnage = [0.8, 1]
`, []string{
			`f.toml:27:1: expect[1]: a range claim needs range (allowed: organisation = NAME with range = [low, high])`,
			`f.toml:31:1: expect[1].rnage: unknown key (did you mean "range"? allowed in [[expect]]: claim, metric, organisation, range, first, second, direction, min_effect, compare, confidence)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(withExpect(tc.table)))
			checkLines(t, problemLines(t, err), tc.want)
		})
	}
}
