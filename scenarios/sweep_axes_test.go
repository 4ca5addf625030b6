package scenarios

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
)

// axesBase is a small base with a leader loss, for the axis tests.
const axesBase = `
name = "b"
horizon = "12w"
warm_up = "2w"
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
teams_per_coach = 9
[[disruption]]
kind = "leader-loss"
at = "4w"
`

func allMetrics(int) []string {
	return []string{"latency_p50", "latency_p95", "util_max", "accuracy", "messages_per_decision", "resilience_loss_d1", "recovery_time_d1"}
}

// openAxes writes the base and the sweep src into a folder and opens the
// sweep.
func openAxes(t *testing.T, src string) (*Sweep, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.toml"), []byte(axesBase), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return OpenSweep(path, allMetrics)
}

// TestNamedLabelledAxes: a name replaces the key in outputs, labels
// replace the values, and the points still set the values.
func TestNamedLabelledAxes(t *testing.T) {
	sw, err := openAxes(t, `
base = "b.toml"
metrics = ["latency_p95", "accuracy"]
ratios = ["latency_p95"]
[[axis]]
name = "knowledge_advantage"
key = "organisation[1].team.knowledge"
values = ["p80", "p90"]
labels = [0.1, 0.2]
`)
	if err != nil {
		t.Fatal(err)
	}
	a := sw.Axes[0]
	if a.Name != "knowledge_advantage" || a.Key != "organisation[1].team.knowledge" || !slices.Equal(a.Values, []string{"0.1", "0.2"}) {
		t.Fatalf("axis = %+v", a)
	}
	if !slices.Equal(sw.Ratios, []string{"latency_p95"}) {
		t.Fatalf("ratios = %v", sw.Ratios)
	}
	for k, p := range sw.Points {
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		want := []float64{0.8, 0.9}[k]
		if got := p.Scenario.Config.Organisations[1].Team.Knowledge; math.Abs(got+math.Log(1-want)) > 1e-12 {
			t.Errorf("point %d: knowledge %v, want the threshold resolving %v", k, got, want)
		}
		if p.Values[0] != a.Values[k] || p.Set[0] != []string{"p80", "p90"}[k] {
			t.Errorf("point %d: values %v, set %v", k, p.Values, p.Set)
		}
	}
	f := string(FormatSweep(sw))
	for _, want := range []string{`name = "knowledge_advantage"`, `ratios = ["latency_p95"]`, "# point 1: 0.2 (set: p90)"} {
		if !strings.Contains(f, want) {
			t.Errorf("FormatSweep lacks %q:\n%s", want, f)
		}
	}
}

// TestTableAxisSetsKeysTogether: a table's path takes inline tables, and a
// later axis overrides an earlier one's key — how sweep-succession gives
// both policies the same successor.
func TestTableAxisSetsKeysTogether(t *testing.T) {
	sw, err := openAxes(t, `
base = "b.toml"
[[axis]]
name = "successor_w"
key = "disruption[0]"
values = [{vacancy = "2w", successor = "2w"}, {vacancy = "4w", successor = "4w"}]
labels = [2, 4]
[[axis]]
name = "policy"
key = "disruption[0]"
values = [{policy = "freeze"}, {policy = "interim", vacancy = "1d"}]
labels = ["freeze", "interim"]
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Points) != 4 {
		t.Fatalf("%d points", len(sw.Points))
	}
	for _, p := range sw.Points {
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		d := p.Scenario.Config.Disruptions[0]
		succ := map[string]float64{"2": 80, "4": 160}[p.Values[0]]
		switch p.Values[1] {
		case "freeze":
			// The freeze's successor arrives when its vacancy ends.
			if d.Policy != model.Freeze || d.Vacancy != succ {
				t.Errorf("%v: policy %v, vacancy %v h", p.Values, d.Policy, d.Vacancy)
			}
		case "interim":
			if d.Policy != model.Interim || d.Vacancy != 8 || d.Successor != succ {
				t.Errorf("%v: policy %v, vacancy %v h, successor %v h", p.Values, d.Policy, d.Vacancy, d.Successor)
			}
		}
		if p.Set[1] == p.Values[1] || !strings.HasPrefix(p.Set[1], "{policy = ") {
			t.Errorf("set %q", p.Set[1])
		}
	}
}

// TestLoadAxisScalesTheDecisionTime: "organisation[0].root.load" gives the
// root exactly that baseline load, by its decision time alone.
func TestLoadAxisScalesTheDecisionTime(t *testing.T) {
	sw, err := openAxes(t, `
base = "b.toml"
[[axis]]
name = "root_load_per_share"
key = "organisation[0].root.load"
range = [0.3, 0.6]
steps = 3
labels = [0.6, 0.9, 1.2]
threshold = 1
threshold_label = "stable below"
`)
	if err != nil {
		t.Fatal(err)
	}
	if th := sw.Axes[0].Threshold; th == nil || *th != 1 || sw.Axes[0].ThresholdLabel != "stable below" {
		t.Fatalf("threshold %v %q", th, sw.Axes[0].ThresholdLabel)
	}
	for k, p := range sw.Points {
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		loads, err := model.OfferedLoad(&p.Scenario.Config, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{0.3, 0.45, 0.6}[k]
		for _, l := range loads {
			if l.Role == model.RoleRoot && math.Abs(l.Load-want) > 1e-9 {
				t.Errorf("point %d: root load %v, want %v", k, l.Load, want)
			}
		}
		// Everything else is the base's: the lattice and the managers.
		base := sw.Base.Config
		c := p.Scenario.Config
		if c.Organisations[0].Manager.Decision != base.Organisations[0].Manager.Decision ||
			c.Organisations[1].Coach.Decision != base.Organisations[1].Coach.Decision ||
			c.Organisations[0].Root.Decision.CV != base.Organisations[0].Root.Decision.CV {
			t.Errorf("point %d changed more than the root's mean decision time", k)
		}
		// The resolved scenario round-trips, so its hash is what runs.
		again, err := Parse("again.toml", Format(p.Scenario))
		if err != nil || Hash(again) != Hash(p.Scenario) {
			t.Errorf("point %d: the resolved form does not round-trip: %v", k, err)
		}
	}
	// A load in an organisation without that role is an invalid point.
	sw, err = openAxes(t, "base = \"b.toml\"\n[[axis]]\nkey = \"organisation[1].root.load\"\nvalues = [0.5]\n")
	if err != nil {
		t.Fatal(err)
	}
	if e := sw.Points[0].Err; e == nil || !strings.Contains(e.Error(), `organisation "lattice" has no root unit`) {
		t.Fatalf("err = %v", e)
	}
}

// TestAxisProblems: the new axis keys are checked with positions.
func TestAxisProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"a name taken by a column", `name = "point"` + "\nkey = \"work.cross_team\"\nvalues = [0.1]", []string{
			`s.toml:5:1: axis[0].name: "point" is already a column of runs.csv or summary.csv (allowed: another name)`}},
		{"a name with a space", `name = "a b"` + "\nkey = \"work.cross_team\"\nvalues = [0.1]", []string{
			`s.toml:5:1: axis[0].name: "a b" contains ' ' (allowed: letters, digits, _, . and -, not starting with ., at most 100)`}},
		{"too few labels", "key = \"work.cross_team\"\nvalues = [0.1, 0.2]\nlabels = [1]", []string{
			`s.toml:7:1: axis[0].labels: 1 label(s) for 2 value(s) (allowed: one label per value, in order)`}},
		{"a repeated label", "key = \"work.cross_team\"\nvalues = [0.1, 0.2]\nlabels = [1, 1]", []string{
			`s.toml:7:14: axis[0].labels[1]: "1" labels two values (allowed: a different label for each value)`}},
		{"a threshold on words", "key = \"work.locality\"\nvalues = [\"ring\", \"grid\"]\nthreshold = 1", []string{
			`s.toml:7:1: axis[0].threshold: the axis shows string "ring", not a number (allowed: a threshold on an axis whose labels, or values, are numbers)`}},
		{"a misspelt key of a table", "key = \"disruption[0]\"\nvalues = [{polcy = \"freeze\"}]", []string{
			`s.toml:6:12: axis[0].values[0].polcy: "polcy" is not a key of [disruption] (did you mean "policy"?) (allowed: kind, at, until, selector, policy, vacancy, interim_factor, successor, knowledge_start, deputy, deputy_share, leaders, successor_from, successor_practice, ramp_start, ramp_tau, team, realloc, rate, factor, theta)`}},
		{"a range for a table", "key = \"disruption[0]\"\nrange = [1, 2]", []string{
			`s.toml:5:1: axis[0].key: "disruption[0]" is a table: its values are inline tables of its keys, such as {kind = …} (allowed: values, not a range)`}},
		{"a negative load", "key = \"organisation[0].root.load\"\nvalues = [0.5, -1]", []string{
			`s.toml:6:16: axis[0].values[1]: found integer -1 (allowed: a load, a finite number > 0, such as 0.7)`}},
		{"a ratio of a metric not summarised", "key = \"work.cross_team\"\nvalues = [0.1]\n", []string{
			`s.toml:3:11: ratios[0]: "util_max" is not a summarised metric (allowed: the sweep's metrics: latency_p95)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "base = \"b.toml\"\nmetrics = [\"latency_p95\"]\n"
			if strings.HasPrefix(tc.name, "a ratio") {
				src += "ratios = [\"util_max\"]\n"
			} else {
				src += "\n"
			}
			src += "[[axis]]\n" + tc.src + "\n"
			_, err := openAxes(t, src)
			got := problemLines(t, err)
			for i := range got {
				got[i] = filepath.Base(strings.SplitN(got[i], ":", 2)[0]) + ":" + strings.SplitN(got[i], ":", 2)[1]
			}
			checkLines(t, got, tc.want)
		})
	}
}

// TestFrontierAxesSayWhatTheyVary checks every point of the embedded sweep
// frontier against the meaning of its labels: the lattice's teams resolve
// 0.5 + knowledge_advantage of the issues and the hierarchy's 0.5; both
// organisations' hops have the median hop_median_h; the root's baseline
// load is root_load_per_interim_share × the interim's share; and every
// other unit stays at or below 0.8 of its capacity.
func TestFrontierAxesSayWhatTheyVary(t *testing.T) {
	sw, err := OpenSweep("frontier", func(int) []string {
		return []string{"latency_p95", "accuracy", "value_per_issue", "effort_hours_per_decision", "resilience_loss_d1"}
	})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"knowledge_advantage", "hop_median_h", "root_load_per_interim_share"}
	for i, a := range sw.Axes {
		if a.Name != names[i] {
			t.Fatalf("axis %d is %q, want %q", i, a.Name, names[i])
		}
	}
	if th := sw.Axes[2].Threshold; th == nil || *th != 1 {
		t.Fatalf("the stability threshold is %v, want 1", th)
	}
	if len(sw.Points) != 5*5*4 {
		t.Fatalf("%d points", len(sw.Points))
	}
	num := func(s string) float64 {
		x, ok := toFloat(mustDecode(t, s))
		if !ok {
			t.Fatalf("label %q is not a number", s)
		}
		return x
	}
	for _, p := range sw.Points {
		if p.Err != nil {
			t.Fatalf("point %v: %v", p.Values, p.Err)
		}
		c := &p.Scenario.Config
		resolves := func(o int) float64 { return 1 - math.Exp(-c.Work.Theta*c.Organisations[o].Team.Knowledge) }
		if got, want := resolves(1)-resolves(0), num(p.Values[0]); math.Abs(got-want) > 1e-9 || math.Abs(resolves(0)-0.5) > 1e-9 {
			t.Errorf("point %v: the lattice's teams resolve %.4f more than the hierarchy's %.4f, want %v more than 0.5", p.Values, got, resolves(0), want)
		}
		for o := range c.Organisations {
			h := c.Organisations[o].Routing.Hop
			median := h.Mean / math.Sqrt(1+h.CV*h.CV)
			if want := num(p.Values[1]); h.Kind != model.LogNormal || math.Abs(median-want) > 1e-9*want {
				t.Errorf("point %v: organisation %d's hop median %v h, want %v", p.Values, o, median, want)
			}
		}
		share := c.Disruptions[0].InterimFactor
		for o := range c.Organisations {
			loads, err := model.OfferedLoad(c, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range loads {
				if l.Role == model.RoleRoot {
					if want := num(p.Values[2]); math.Abs(l.Load/share-want) > 1e-9 {
						t.Errorf("point %v: root load %v ÷ interim share %v = %v, want %v", p.Values, l.Load, share, l.Load/share, want)
					}
				} else if l.Load > 0.8 {
					t.Errorf("point %v: %s's unit %s at %.3f of its capacity", p.Values, c.Organisations[o].Name, l.ID, l.Load)
				}
			}
		}
	}
}

// mustDecode reads a label as TOML reads the number it writes.
func mustDecode(t *testing.T, s string) any {
	t.Helper()
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return x
	}
	return s
}
