package scenarios

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/internal/queueing"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

var update = flag.Bool("update", false, "rewrite docs/scenarios.md from the schema")

// minimal is a valid scenario that bad inputs below edit.
const minimal = `name = "t"
horizon = "20w"
warm_up = "2w"

[work]
teams = 9

[[organisation]]
preset = "hierarchy"
levels = 2
span = [3]

[[organisation]]
preset = "lattice"
`

func TestMinimalScenarioLoads(t *testing.T) {
	sc, err := Parse("min.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Config.Organisations[1].Name; got != "lattice" {
		t.Fatalf("second organisation named %q, want lattice", got)
	}
	if sc.Config.Horizon != 20*sim.Week || sc.Config.Work.Rate != 0.25 || sc.Replications != 20 {
		t.Fatalf("horizon %v, rate %v, replications %d", sc.Config.Horizon, sc.Config.Work.Rate, sc.Replications)
	}
}

func TestBadInputs(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string // every problem, in order
	}{
		{"empty", "  \n\n", []string{
			"f.toml:1:1: the file is empty (allowed: a scenario; `orgsim scenarios show default` prints one to copy)"}},
		{"binary", "name = \"x\"\x00\x01", []string{
			"f.toml:1:1: the file is binary, not a TOML scenario (allowed: UTF-8 text)"}},
		{"syntax", "name = \"unterminated\n", []string{
			"f.toml:1:21: TOML syntax: strings cannot contain newlines"}},
		{"unknown key with suggestion", strings.Replace(minimal, "horizon", "horizn", 1), []string{
			`f.toml:2:1: horizn: unknown key (did you mean "horizon"? allowed in the top level: name, description, seed, replications, horizon, warm_up, drain, max_open, work, metrics, organisation, disruption, expect)`}},
		{"letter case", strings.Replace(minimal, "teams = 9", "Teams = 9", 1), []string{
			`f.toml:6:1: work.Teams: unknown key: keys are lower case (did you mean "teams"?)`}},
		{"wrong type", strings.Replace(minimal, "teams = 9", `teams = "nine"`, 1), []string{
			`f.toml:6:1: work.teams: found string "nine" (allowed: an integer)`}},
		{"duration without unit", strings.Replace(minimal, `horizon = "20w"`, "horizon = 20", 1), []string{
			`f.toml:2:1: horizon: found integer 20 without a unit (allowed: ` + usageDuration + `; e.g. "20h")`}},
		{"malformed duration", strings.Replace(minimal, `"20w"`, `"20 weeks"`, 1), []string{
			`f.toml:2:1: horizon: "20 weeks" is not a duration (allowed: ` + usageDuration + `)`}},
		{"malformed rate", strings.Replace(minimal, "teams = 9", "teams = 9\nrate = \"2 per day\"", 1), []string{
			`f.toml:7:1: work.rate: "2 per day" is not a rate (allowed: ` + usageRate + `)`}},
		{"malformed distribution", minimal + "\n  [organisation.team]\n  decision = \"lognormal(30m)\"\n", []string{
			`f.toml:17:3: organisation[1].team.decision: "lognormal(30m)" needs named parameters mean and cv (allowed: ` + usageDistDuration + `)`}},
		{"unknown enum with suggestion", strings.Replace(minimal, `preset = "lattice"`, `preset = "latice"`, 1), []string{
			`f.toml:14:1: organisation[1].preset: "latice" is not allowed (did you mean "lattice"? allowed: "hierarchy", "lattice", "explicit")`}},
		{"probability out of range", strings.Replace(minimal, "teams = 9", "teams = 9\ncross_team = 1.5", 1), []string{
			`f.toml:7:1: work.cross_team: 1.5 is not a probability (allowed: 0 … 1)`}},
		{"warm-up after horizon", strings.Replace(minimal, `warm_up = "2w"`, `warm_up = "30w"`, 1), []string{
			`f.toml:3:1: warm_up: 1200 h is not before the horizon (800 h) (allowed: 0 ≤ warm_up < horizon)`}},
		{"span", strings.Replace(minimal, "span = [3]", "span = [0]", 1), []string{
			`f.toml:11:9: organisation[0].span[0]: 0 is not allowed (allowed: span ≥ 1)`}},
		{"disruption before warm-up", minimal + "\n[[disruption]]\nkind = \"surge\"\nat = \"1w\"\n", []string{
			`f.toml:18:1: disruption[0].at: 40 h is before the end of the warm-up (80 h) (allowed: warm_up ≤ at < horizon)`}},
		{"key of another disruption kind", minimal + "\n[[disruption]]\nkind = \"surge\"\nat = \"5w\"\npolicy = \"freeze\"\n", []string{
			`f.toml:19:1: disruption[0].policy: does not apply to surge (it applies to "leader-loss", "attrition")`}},
		{"unknown selector", minimal + "\n[[disruption]]\nkind = \"leader-loss\"\nat = \"5w\"\nselector = \"m1-7\"\n", []string{
			`f.toml:19:1: disruption[0].selector: selector "m1-7" names no unit of organisation "hierarchy" (allowed: root, level:N, random-manager or a unit id (did you mean "m1-1"?))`,
			`f.toml:19:1: disruption[0].selector: selector "m1-7" names no unit of organisation "lattice" (allowed: root, level:N, random-manager or a unit id)`}},
		{"baseline overload", strings.Replace(minimal, "teams = 9", "teams = 9\nrate = \"40/d\"", 1), []string{
			"f.toml:9:1: organisation[0]: unit t1 (team) is overloaded at baseline: offered load 7.14 of its capacity, and so are 12 more (t2 at 7.14, t3 at 7.14, t4 at 7.14, t5 at 7.14, t6 at 7.14, …)",
			"f.toml:14:1: organisation[1]: unit t1 (team) is overloaded at baseline: offered load 10.92 of its capacity, and so are 9 more"}},
		{"unknown unit id", explicit(`reports_to = "bos"`), []string{
			`f.toml:7:1: organisation[0]: unit "t1" reports_to unknown unit "bos" (did you mean "boss"?)`}},
		{"cycle", explicit(`reports_to = "boss"`) + "  reports_to = \"t1\"\n", []string{
			"f.toml:7:1: organisation[0]: reports_to has a cycle through boss, t1"}},
		{"unconnected unit", explicit(`reports_to = "boss"`) + "\n  [[organisation.unit]]\n  id = \"idle\"\n", []string{
			"f.toml:7:1: organisation[0]: units idle are not connected to the structure"}},
		{"several problems at once", strings.Replace(strings.Replace(minimal, "teams = 9", "teems = 9", 1), "span = [3]", "span = 3", 1), []string{
			`f.toml:6:1: work.teems: unknown key (did you mean "teams"?`,
			`f.toml:11:1: organisation[0].span: found integer 3 (allowed: a list of integers, e.g. [7] or [4, 6])`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(tc.src))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			var got []string
			for _, p := range e.Problems {
				if !p.Warning {
					got = append(got, p.String())
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("problem %d:\n got: %s\nwant: %s", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// explicit returns a scenario with one explicit organisation of one team
// whose team unit has the given reports_to line.
func explicit(reports string) string {
	return `horizon = "20w"
warm_up = "2w"
[work]
teams = 1
cross_team = 0

[[organisation]]
name = "x"
preset = "explicit"
  [[organisation.unit]]
  id = "t1"
  role = "team"
  ` + reports + `
  [[organisation.unit]]
  id = "boss"
  role = "root"
`
}

func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !strings.HasSuffix(err.Error(), "nope.toml: no such file") {
		t.Fatalf("err = %v", err)
	}
	_, err = Open("defualt")
	if err == nil || !strings.Contains(err.Error(), `"defualt" is neither a scenario file nor an embedded scenario (did you mean "default"?)`) {
		t.Fatalf("err = %v", err)
	}
}

func TestEmbeddedScenariosAreCalibratedAndRun(t *testing.T) {
	names := Names()
	if len(names) < 10 {
		t.Fatalf("only %d embedded scenarios: %v", len(names), names)
	}
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			sc, err := Embedded(n)
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Description) < 200 || !strings.Contains(sc.Description, "ssumption") ||
				!strings.Contains(sc.Description, "docs/") && !strings.Contains(sc.Description, "_test.go") {
				t.Errorf("description does not say what it shows and cite its assumptions in the repository: %q", sc.Description)
			}
			// Every source a description cites is in the repository.
			if strings.Contains(sc.Description, "§D") || strings.Contains(sc.Description, "research/") {
				t.Errorf("description cites a source outside the repository: %q", sc.Description)
			}
			for i := range sc.Config.Organisations {
				loads, err := model.OfferedLoad(&sc.Config, i)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range loads {
					if l.Load > 0.8 {
						t.Errorf("%s: unit %s baseline utilisation %.3f > 0.8", sc.Config.Organisations[i].Name, l.ID, l.Load)
					}
				}
			}
			// A short run of every organisation.
			cfg := sc.Config
			cfg.Horizon, cfg.WarmUp = 12*sim.Week, 2*sim.Week
			var ds []model.Disruption
			for _, d := range cfg.Disruptions {
				if d.At < cfg.Horizon {
					ds = append(ds, d)
				}
			}
			cfg.Disruptions = ds
			for i := range cfg.Organisations {
				res, err := model.Run(&cfg, i, 0, false)
				if err != nil {
					t.Fatal(err)
				}
				if res.Decided == 0 || res.Open != 0 {
					t.Errorf("%s: decided %d, open %d", res.Organisation, res.Decided, res.Open)
				}
			}
		})
	}
}

func TestFormatRoundTrips(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.toml")
	var all []*Scenario
	for _, n := range Names() {
		sc, err := Embedded(n)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, sc)
	}
	for _, f := range files {
		sc, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, sc)
	}
	for _, sc := range all {
		out := Format(sc)
		again, err := Parse("resolved.toml", out)
		if err != nil {
			t.Fatalf("%s: the resolved form does not parse: %v\n%s", sc.Name, err, out)
		}
		if !reflect.DeepEqual(sc.Config, again.Config) {
			t.Fatalf("%s: round trip changed the config:\n%+v\n%+v", sc.Name, sc.Config, again.Config)
		}
		if !reflect.DeepEqual(sc.Expect, again.Expect) {
			t.Fatalf("%s: round trip changed the expectations:\n%+v\n%+v", sc.Name, sc.Expect, again.Expect)
		}
		if !bytes.Equal(Format(again), out) || Hash(again) != Hash(sc) {
			t.Fatalf("%s: the resolved form is not stable", sc.Name)
		}
	}
}

func TestKeysAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys() {
		if k.Doc == "" || k.Type == "" {
			t.Errorf("%s has no documentation", k.Path)
		}
		if seen[k.Path] {
			t.Errorf("%s documented twice", k.Path)
		}
		seen[k.Path] = true
	}
	md := Markdown()
	path := filepath.Join("..", "docs", "scenarios.md")
	if *update {
		if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != md {
		t.Fatalf("docs/scenarios.md is stale: run go test ./scenarios -update")
	}
}

// The validation cases of the model's tests are scenario files too; two of
// them are checked against their closed forms here.
func TestValidationCasesAsScenarioFiles(t *testing.T) {
	check := func(file string, want func(*model.Result) (got, exact float64)) {
		sc, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		var xs []float64
		var exact float64
		for rep := range 6 {
			res, err := model.Run(&sc.Config, 0, uint64(rep), false)
			if err != nil {
				t.Fatal(err)
			}
			var g float64
			g, exact = want(res)
			xs = append(xs, g)
		}
		var m, s float64
		for _, x := range xs {
			m += x
		}
		m /= float64(len(xs))
		for _, x := range xs {
			s += (x - m) * (x - m)
		}
		se := math.Sqrt(s / float64(len(xs)-1) / float64(len(xs)))
		if math.Abs(m-exact) > max(0.02*exact, 3*se) {
			t.Errorf("%s: %v, exact %v (SE %v)", file, m, exact, se)
		}
	}
	check("testdata/mm1.toml", func(r *model.Result) (float64, float64) {
		return r.Latency.Mean, queueing.MM1Sojourn(0.75, 1)
	})
	check("testdata/tandem.toml", func(r *model.Result) (float64, float64) {
		return r.Latency.Mean, queueing.TandemSojourn(0.6, []float64{1, 1.2, 1.5})
	})
	for _, f := range []string{"testdata/mmc.toml", "testdata/sah-stiglitz.toml", "testdata/outage.toml"} {
		if _, err := Load(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// FuzzParse checks that Parse returns a scenario or a non-empty error on
// any input, that every problem is positioned on one printable line, that
// the position index and the bounds scan are total on any text, and that a
// scenario's resolved form parses to the same resolved form.
func FuzzParse(f *testing.F) {
	for _, n := range Names() {
		src, _ := Source(n)
		f.Add(src)
		f.Add([]byte("\ufeff" + strings.ReplaceAll(string(src), "\n", "\r\n")))
	}
	for _, n := range SweepNames() {
		src, _ := SweepSource(n)
		f.Add(src)
	}
	files, _ := filepath.Glob("testdata/*.toml")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f.Add(src)
	}
	f.Add([]byte(minimal))
	f.Add([]byte("\ufeff" + minimal))
	f.Add([]byte(strings.ReplaceAll(minimal, "\n", "\r\n")))
	f.Add([]byte("\ufeffname = \"x\"\r\n[work]\r\nteams = \"a\"\r\n"))
	f.Add([]byte("[[organisation]]\n[[organisation.unit]]\nid = 1\n"))
	f.Add([]byte("a = " + strings.Repeat("[", 20) + strings.Repeat("]", 20) + "\n"))
	f.Add([]byte("a = " + strings.Repeat("{b=", 20) + "1" + strings.Repeat("}", 20) + "\n"))
	f.Add([]byte("[" + strings.Repeat("a.", 20) + "a]\nb = 1\n"))
	f.Add([]byte("organisation = [{preset = \"lattice\", team = {knowledge = \"p70\"}}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		newIndex(string(src)).lookup("organisation[0].team.knowledge")
		prescan(string(src))
		sc, err := Parse("fuzz.toml", src)
		if err == nil && sc == nil {
			t.Fatal("nil scenario without an error")
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("not a list of problems: %v", err)
			}
			for _, p := range e.Problems {
				s := p.String()
				if p.Pos.Line < 1 || p.Pos.Col < 1 || strings.ContainsFunc(s, func(r rune) bool { return r != '\t' && r < ' ' }) {
					t.Fatalf("badly placed or printed problem: %q", s)
				}
			}
			return
		}
		out := Format(sc)
		again, err := Parse("resolved.toml", out)
		if err != nil {
			t.Fatalf("the resolved form does not parse: %v\n%s", err, out)
		}
		if !bytes.Equal(Format(again), out) {
			t.Fatalf("the resolved form is not stable:\n%s\n%s", out, Format(again))
		}
	})
}

func TestEmbeddedSweepsLoad(t *testing.T) {
	names := SweepNames()
	for _, want := range []string{"sweep-span-of-control", "sweep-knowledge", "sweep-succession", "sweep-surge"} {
		if !slices.Contains(names, want) {
			t.Errorf("no embedded sweep %s", want)
		}
	}
	all := func(int) []string {
		return []string{"latency_p50", "latency_p95", "util_max", "accuracy", "messages_per_decision", "value_per_issue", "effort_hours_per_decision", "resilience_loss_d1", "recovery_time_d1", "excess_delay_d1"}
	}
	for _, n := range names {
		sw, err := OpenSweep(n, all)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		valid := 0
		for _, p := range sw.Points {
			if p.Err == nil {
				valid++
			}
		}
		if len(sw.Axes) == 0 || valid < len(sw.Points)-2 || len(sw.Description) < 100 {
			t.Errorf("%s: %d axes, %d of %d points valid", n, len(sw.Axes), valid, len(sw.Points))
		}
	}
	for _, k := range SweepKeys() {
		if k.Doc == "" {
			t.Errorf("sweep key %s has no documentation", k.Path)
		}
	}
}

// TestDisruptionDefaultsAreDocumented: a disruption key's documented
// default is the value the decoder uses (model.DisruptionDefaults), for
// every kind it applies to.
func TestDisruptionDefaultsAreDocumented(t *testing.T) {
	for _, f := range schema.sub("disruption").fields {
		if f.kinds == nil || strings.HasPrefix(f.def, "=") || f.def == "required" {
			continue
		}
		doc := f.defaultText()
		for _, k := range f.kinds {
			d := model.DisruptionDefaults(k, 0)
			if v := f.val.encode(&d); !strings.Contains(doc, v) {
				t.Errorf("disruption.%s for %s: the decoder's default is %s, the documentation says %q", f.key, k, v, doc)
			}
		}
	}
	// The attrition vacancy was documented as 1 week and decoded as 2.
	sc, err := Parse("a.toml", []byte("[[organisation]]\n[[disruption]]\nkind = \"attrition\"\nat = \"12w\"\nrate = \"1/y\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v := sc.Config.Disruptions[0].Vacancy; v != 40 {
		t.Fatalf("attrition vacancy decoded as %v h, documented as 1w", v)
	}
}
