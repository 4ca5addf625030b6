package scenarios

import (
	"slices"
	"strings"
	"testing"
)

// TestListDesignTakesExplicitPoints: design = "list" makes point i of the
// i-th value of every axis, not their combinations.
func TestListDesignTakesExplicitPoints(t *testing.T) {
	sw, err := openAxes(t, `
base = "b.toml"
design = "list"
metrics = ["latency_p95"]
[[axis]]
key = "work.cross_team"
values = [0.1, 0.2, 0.3]
[[axis]]
key = "organisation[1].team.knowledge"
values = ["p80", "p90", "p80"]
`)
	if err != nil {
		t.Fatal(err)
	}
	if sw.Design != "list" || len(sw.Points) != 3 {
		t.Fatalf("design %q with %d points, want list with 3", sw.Design, len(sw.Points))
	}
	want := [][]string{{"0.1", "p80"}, {"0.2", "p90"}, {"0.3", "p80"}}
	for i, p := range sw.Points {
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		if !slices.Equal(p.Values, want[i]) {
			t.Errorf("point %d = %v, want %v", i, p.Values, want[i])
		}
		if got := p.Scenario.Config.Work.CrossTeam; got != []float64{0.1, 0.2, 0.3}[i] {
			t.Errorf("point %d sets cross_team %v", i, got)
		}
	}
	if !slices.Equal(sw.Axes[1].Values, []string{"p80", "p90"}) {
		t.Errorf("axis values %v, want the distinct values in first-use order", sw.Axes[1].Values)
	}
}

func TestListDesignErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`
base = "b.toml"
design = "list"
[[axis]]
key = "work.cross_team"
values = [0.1, 0.2, 0.3]
[[axis]]
key = "organisation[1].team.knowledge"
values = ["p80", "p90"]
`, `s.toml:9:1: axis[1].values: 2 value(s), but axis[0] has 3 (allowed: as many values on every axis, one per point)`},
		{`
base = "b.toml"
design = "list"
[[axis]]
key = "work.cross_team"
range = [0.1, 0.3]
`, `s.toml:4:1: axis[0]: design = "list" takes each point's value from values`},
	} {
		_, err := openAxes(t, tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v\nwant %s", err, tc.want)
		}
	}
}
