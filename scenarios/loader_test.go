package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
)

// topKeys is the list of keys allowed at the top level, as messages give it.
const topKeys = "name, description, seed, replications, horizon, warm_up, drain, max_open, work, metrics, organisation, disruption, expect"

// problemLines returns the one-line form of every problem of err that is
// not a warning, failing the test when err is not an *Error.
func problemLines(t *testing.T, err error) []string {
	t.Helper()
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
	return got
}

func checkLines(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("problem %d:\n got: %s\nwant: %s", i, got[i], want[i])
		}
	}
}

// TestHostileScenarioFiles gives Parse files that are wrong in every way a
// user or a hostile tester found, and checks every problem reported, in
// full, with its position.
func TestHostileScenarioFiles(t *testing.T) {
	deepArrays := "a = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"
	deepTables := "a = " + strings.Repeat("{b=", 66000) + "1" + strings.Repeat("}", 66000) + "\n"
	dottedHeader := "[" + strings.Repeat("a.", 19999) + "a]\n"
	dottedKey := strings.Repeat("a.", 19999) + "a = 1\n"
	var manyKeys strings.Builder
	for i := range maxKeys + 1 {
		fmt.Fprintf(&manyKeys, "k%d = 1\n", i)
	}
	huge := "# " + strings.Repeat("x", maxFileBytes) + "\n"
	fourMistakes := strings.NewReplacer(
		"teams = 9", "teems = 9\ncross_team = 1.5",
		"levels = 2", `levels = "two"`,
		`name = "t"`, "name = \"t\"\nreplications = 0",
	).Replace(minimal)

	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		// Encodings and sizes.
		{"empty", "  \n\n", []string{
			"f.toml:1:1: the file is empty (allowed: a scenario; `orgsim scenarios show default` prints one to copy)"}},
		{"binary", "name = \"x\"\x00\x01", []string{
			"f.toml:1:1: the file is binary, not a TOML scenario (allowed: UTF-8 text)"}},
		{"UTF-16", "\xff\xfen\x00a\x00", []string{
			"f.toml:1:1: the file is UTF-16 text, not a TOML scenario (allowed: UTF-8 text; save it as UTF-8)"}},
		{"not UTF-8", "name = \"x\"\nseed = \"\xe9\"\n", []string{
			"f.toml:2:9: the file is not UTF-8 text: byte 0xe9 (allowed: UTF-8 text; save it as UTF-8)"}},
		{"byte-order mark keeps columns", "\ufeffname = 5\n" + minimal[len(`name = "t"`)+1:], []string{
			`f.toml:1:1: name: found integer 5 (allowed: a string)`}},
		{"byte-order mark, syntax error", "\ufeffname = \"x\" y\n", []string{
			`f.toml:1:11: TOML syntax: expected a top-level item to end with a newline, comment, or EOF, but got 'y' instead`}},
		{"CRLF", strings.ReplaceAll(strings.Replace(minimal, `"20w"`, "20", 1), "\n", "\r\n"), []string{
			`f.toml:2:1: horizon: found integer 20 without a unit (allowed: ` + usageDuration + `; e.g. "20h")`}},
		{"over 1 MiB", huge, []string{
			"f.toml:1:1048577: the file is 1048579 bytes long (allowed: at most 1048576 bytes, 1 MiB)"}},
		{"200 KB of nested arrays", deepArrays, []string{
			"f.toml:1:21: arrays and inline tables nested more than 16 deep (allowed: at most 16 levels of [ and {)"}},
		{"200 KB of nested inline tables", deepTables, []string{
			"f.toml:1:39: a key path of more than 12 parts (allowed: at most 12, counting its [table] header, enclosing inline tables and dotted parts; organisation.team.knowledge is 3)"}},
		{"20,000-part dotted header", dottedHeader, []string{
			"f.toml:1:25: a key path of more than 12 parts (allowed: at most 12, counting its [table] header, enclosing inline tables and dotted parts; organisation.team.knowledge is 3)"}},
		{"20,000-part dotted key", dottedKey, []string{
			"f.toml:1:24: a key path of more than 12 parts (allowed: at most 12, counting its [table] header, enclosing inline tables and dotted parts; organisation.team.knowledge is 3)"}},
		{"too many keys", manyKeys.String(), []string{
			"f.toml:20001:8: more than 20000 keys and table headers (allowed: at most 20000)"}},

		// TOML syntax.
		{"unterminated string", "name = \"unterminated\n", []string{
			"f.toml:1:21: TOML syntax: strings cannot contain newlines"}},
		{"header without its bracket", "name = \"x\"\n[[organisation]\npreset = \"lattice\"\n", []string{
			"f.toml:2:15: TOML syntax: expected end of table array name delimiter ']', but got '\\n' instead"}},
		{"key given twice", "name = \"x\"\nseed = 1\nseed = 2\n", []string{
			"f.toml:3:1: TOML syntax: Key 'seed' has already been defined."}},

		// The results folder.
		{"name escapes the results folder", strings.Replace(minimal, `name = "t"`, `name = "../../escaped"`, 1), []string{
			`f.toml:1:1: name: "../../escaped" contains '.' (allowed: letters, digits, - and _, at most 100; it names the folder results/NAME/)`}},
		{"name with a slash", strings.Replace(minimal, `name = "t"`, `name = "a/b"`, 1), []string{
			`f.toml:1:1: name: "a/b" contains '/' (allowed: letters, digits, - and _, at most 100; it names the folder results/NAME/)`}},
		{"empty name", strings.Replace(minimal, `name = "t"`, `name = ""`, 1), []string{
			`f.toml:1:1: name: empty (allowed: letters, digits, - and _, at most 100; it names the folder results/NAME/; leave name out to use the file's base name)`}},

		// Ranges that would exhaust memory.
		{"a billion replications", strings.Replace(minimal, `name = "t"`, "name = \"t\"\nreplications = 1000000000", 1), []string{
			`f.toml:2:1: replications: 1000000000 is not allowed (allowed: 1 … 100000)`}},
		{"a million years", strings.Replace(minimal, `horizon = "20w"`, `horizon = "1000000y"`, 1), []string{
			`f.toml:2:1: horizon: "1000000y" is too long (allowed: > 0 and ≤ "1000y" (2,000,000 working hours))`}},
		{"drain beyond the bound", strings.Replace(minimal, `warm_up = "2w"`, "warm_up = \"2w\"\ndrain = \"1001y\"", 1), []string{
			`f.toml:4:1: drain: "1001y" is too long (allowed: ≥ 0 and ≤ "1000y" (2,000,000 working hours))`}},

		// Every problem at once.
		{"four mistakes", fourMistakes, []string{
			`f.toml:2:1: replications: 0 is not allowed (allowed: 1 … 100000)`,
			`f.toml:7:1: work.teems: unknown key (did you mean "teams"? allowed in [work]: teams, team_size, locality, grid_width, rate, theta, cross_team, scope, radius, good_share, value, value_half_life, bad_cost, domains, rate_per_person, headcount, team_form, process_loss, traffic)`,
			`f.toml:8:1: work.cross_team: 1.5 is not a probability (allowed: 0 … 1)`,
			`f.toml:12:1: organisation[0].levels: found string "two" (allowed: an integer)`}},

		// Keys in the wrong table.
		{"top-level key after a table", minimal + "\n[[disruption]]\nkind = \"surge\"\nat = \"5w\"\nreplications = 5\n", []string{
			`f.toml:19:1: disruption[0].replications: unknown key in [[disruption]]: replications is a top-level key, so write it before the first [table] (TOML puts every key after a [table] header into that table)`}},
		{"top-level key after [work]", strings.Replace(minimal, "teams = 9", "teams = 9\nseed = 3", 1), []string{
			`f.toml:7:1: work.seed: unknown key in [work]: seed is a top-level key, so write it before the first [table] (TOML puts every key after a [table] header into that table)`}},
		{"teams at the top level", strings.Replace(minimal, `name = "t"`, "name = \"t\"\nteams = 60", 1), []string{
			`f.toml:2:1: teams: unknown key in the top level (did you mean [work] teams? teams is a key of [work], so write it after that header)`}},
		{"a unit's key in the organisation", minimal + "knowledge = \"p70\"\n", []string{
			`f.toml:15:1: organisation[1].knowledge: unknown key in [[organisation]] (did you mean [organisation.team] knowledge? knowledge is a key of 6 tables: [organisation.team], [organisation.manager], [organisation.coach], [organisation.root], [[organisation.manager_level]], [[organisation.unit]])`}},
		{"unknown key with suggestion", strings.Replace(minimal, "horizon", "horizn", 1), []string{
			`f.toml:2:1: horizn: unknown key (did you mean "horizon"? allowed in the top level: ` + topKeys + `)`}},
		{"letter case", strings.Replace(minimal, "teams = 9", "Teams = 9", 1), []string{
			`f.toml:6:1: work.Teams: unknown key: keys are lower case (did you mean "teams"?)`}},
		{"a table where an array of tables goes", "[organisation]\npreset = \"lattice\"\n", []string{
			`f.toml:1:1: organisation: found a table (allowed: an array of tables, [[organisation]])`}},
		{"a top-level table inside another", minimal + "work.teams = 5\n", []string{
			`f.toml:15:1: organisation[1].work: unknown key in [[organisation]]: work is a top-level table, so give it its own [work] header`}},
		{"a value where a table goes", "work = 5\n[[organisation]]\n", []string{
			`f.toml:1:1: work: found integer 5 (allowed: a table, [work])`}},

		// The other kind of file.
		{"sweep file given as scenario", "name = \"s\"\nbase = \"default\"\n\n[[axis]]\nkey = \"work.cross_team\"\nvalues = [0.1, 0.2]\n", []string{
			`f.toml:2:1: this is a sweep file, not a scenario (it has base and [[axis]]): run it with orgsim sweep f.toml`}},

		// Values.
		{"wrong type", strings.Replace(minimal, "teams = 9", `teams = "nine"`, 1), []string{
			`f.toml:6:1: work.teams: found string "nine" (allowed: an integer)`}},
		{"duration without a unit", strings.Replace(minimal, `horizon = "20w"`, "horizon = 20", 1), []string{
			`f.toml:2:1: horizon: found integer 20 without a unit (allowed: ` + usageDuration + `; e.g. "20h")`}},
		{"fractional duration without a unit", strings.Replace(minimal, `warm_up = "2w"`, "warm_up = 1.5", 1), []string{
			`f.toml:3:1: warm_up: found number 1.5 without a unit (allowed: ` + usageDuration + `; e.g. "1.5h")`}},
		{"a date for a duration", strings.Replace(minimal, `horizon = "20w"`, "horizon = 2026-05-01", 1), []string{
			`f.toml:2:1: horizon: found a date or time (allowed: ` + usageDuration + `)`}},
		{"malformed duration", strings.Replace(minimal, `"20w"`, `"20 weeks"`, 1), []string{
			`f.toml:2:1: horizon: "20 weeks" is not a duration (allowed: ` + usageDuration + `)`}},
		{"malformed rate", strings.Replace(minimal, "teams = 9", "teams = 9\nrate = \"2 per day\"", 1), []string{
			`f.toml:7:1: work.rate: "2 per day" is not a rate (allowed: ` + usageRate + `)`}},
		{"not a number", strings.Replace(minimal, "teams = 9", "teams = 9\ncross_team = nan", 1), []string{
			`f.toml:7:1: work.cross_team: NaN is not allowed (allowed: a finite number)`}},
		{"unknown enum value with suggestion", strings.Replace(minimal, "teams = 9", "teams = 9\nlocality = \"grd\"", 1), []string{
			`f.toml:7:1: work.locality: "grd" is not allowed (did you mean "grid"? allowed: "ring", "grid")`}},
		{"unknown preset, and nothing the preset would decide", strings.Replace(minimal, `preset = "lattice"`, `preset = "latice"`, 1), []string{
			`f.toml:14:1: organisation[1].preset: "latice" is not allowed (did you mean "lattice"? allowed: "hierarchy", "lattice", "explicit")`}},
		{"unknown disruption kind", minimal + "\n[[disruption]]\nkind = \"surg\"\nat = \"5w\"\nfactor = 3\n", []string{
			`f.toml:17:1: disruption[0].kind: "surg" is not allowed (did you mean "surge"? allowed: "leader-loss", "member-loss", "attrition", "surge", "knowledge-shock", "slowdown")`}},
		{"disruption without kind or time", minimal + "\n[[disruption]]\nfactor = 3\n", []string{
			`f.toml:16:1: disruption[0]: no kind (allowed: kind = "leader-loss", "member-loss", "attrition", "surge", "knowledge-shock", "slowdown")`,
			`f.toml:16:1: disruption[0]: no time (allowed: at = a duration after the warm-up, e.g. "20w")`}},
		{"a list with a string", strings.Replace(minimal, "span = [3]", `span = [3, "4"]`, 1), []string{
			`f.toml:11:1: organisation[0].span: found string "4" at [1] (allowed: a list of integers, e.g. [7] or [4, 6])`}},
		{"scope of one value", strings.Replace(minimal, "teams = 9", "teams = 9\nscope = [2]", 1), []string{
			`f.toml:7:1: work.scope: 1 values (allowed: two, [min, max])`}},
		{"percentile out of range", minimal + "\n  [organisation.team]\n  knowledge = \"p100\"\n", []string{
			`f.toml:17:3: organisation[1].team.knowledge: "p100" is not allowed (allowed: ` + usageKnowledge + `)`}},
		{"negative seed", strings.Replace(minimal, `name = "t"`, "name = \"t\"\nseed = -1", 1), []string{
			`f.toml:2:1: seed: -1 is negative (allowed: an integer ≥ 0)`}},
		{"unit without id and with an unknown role", explicit(`reports_to = "boss"`) + "  [[organisation.unit]]\n  role = \"boss\"\n", []string{
			`f.toml:18:3: organisation[0].unit[2].role: "boss" is not allowed (allowed: "team", "manager", "coach", "root")`}},
		{"unit without id", explicit(`reports_to = "boss"`) + "  [[organisation.unit]]\n  role = \"manager\"\n", []string{
			`f.toml:17:3: organisation[0].unit[2]: a unit needs an id (allowed: a unique id; teams are t1 … t1)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(tc.src))
			checkLines(t, problemLines(t, err), tc.want)
		})
	}
}

// TestErrorShowsTheSourceLine checks the excerpt under each problem:
// the line, a caret under the column, tabs kept, long lines cut.
func TestErrorShowsTheSourceLine(t *testing.T) {
	src := strings.Replace(minimal, "teams = 9", "\tteams = \"nine\"", 1)
	_, err := Parse("f.toml", []byte(src))
	want := "f.toml:6:2: work.teams: found string \"nine\" (allowed: an integer)\n" +
		"    6 | \tteams = \"nine\"\n" +
		"      | \t^"
	if err == nil || err.Error() != want {
		t.Fatalf("got\n%v\nwant\n%s", err, want)
	}
	// Problem.String stays one line.
	var e *Error
	errors.As(err, &e)
	if s := e.Problems[0].String(); strings.Contains(s, "\n") {
		t.Errorf("String() has more than one line: %q", s)
	}
	// A long line is cut around the column.
	_, err = Parse("f.toml", []byte("a = "+strings.Repeat("[", 300)+strings.Repeat("]", 300)+"\n"))
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "    1 | a = [[[[") || !strings.HasSuffix(lines[1], "[…") ||
		lines[2] != "      | "+strings.Repeat(" ", 20)+"^" {
		t.Errorf("long line:\n%s", err)
	}
	// Control characters are not written to a terminal.
	_, err = Parse("f.toml", []byte("name = \"a\x1b[2Jb\"\n"))
	if lines := strings.Split(err.Error(), "\n"); len(lines) < 2 || lines[1] != `    1 | name = "a?[2Jb"` {
		t.Errorf("control character:\n%q", err)
	}
	// A problem of a key that is not in the file has no excerpt.
	_, err = Parse("f.toml", []byte("name = \"x\"\n"))
	if err == nil || err.Error() != "f.toml:1:1: organisation: none given (allowed: one or more organisations)" {
		t.Errorf("got %q", err)
	}
}

// A byte-order mark and CRLF line ends read as the same scenario, and
// columns count characters.
func TestByteOrderMarkAndCRLF(t *testing.T) {
	want, err := Parse("f.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"BOM":        "\ufeff" + minimal,
		"CRLF":       strings.ReplaceAll(minimal, "\n", "\r\n"),
		"BOM + CRLF": "\ufeff" + strings.ReplaceAll(minimal, "\n", "\r\n"),
	} {
		got, err := Parse("f.toml", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.Config, want.Config) {
			t.Errorf("%s: another config", name)
		}
	}
	src := "\ufeffdescription = \"één\"\r\n[work]\r\n  ploeg = 3\r\n[[organisation]]\r\n"
	_, err = Parse("f.toml", []byte(src))
	got := problemLines(t, err)
	if got[0] != `f.toml:3:3: work.ploeg: unknown key (allowed in [work]: teams, team_size, locality, grid_width, rate, theta, cross_team, scope, radius, good_share, value, value_half_life, bad_cost, domains, rate_per_person, headcount, team_form, process_loss, traffic)` {
		t.Errorf("got %s", got[0])
	}
	_, err = Parse("f.toml", []byte("\ufeffdescription = \"één\" x\r\n"))
	if got := problemLines(t, err); got[0] != `f.toml:1:20: TOML syntax: expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead` {
		t.Errorf("got %s", got[0])
	}
}

// TestSweepFileProblems covers the sweep loader: the other kind of file,
// names, and the bounds on a sweep's size.
func TestSweepFileProblems(t *testing.T) {
	metrics := func(int) []string {
		return []string{"latency_p50", "latency_p95", "util_max", "accuracy", "messages_per_decision", "resilience_loss_d1", "recovery_time_d1"}
	}
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"scenario given as sweep", minimal, []string{
			`s.toml:8:1: this is a scenario file, not a sweep (it has [[organisation]] and no base or [[axis]]): run it with orgsim run s.toml`}},
		{"name escapes the results folder", "name = \"../x\"\nbase = \"default\"\n[[axis]]\nkey = \"work.cross_team\"\nvalues = [0.1]\n", []string{
			`s.toml:1:1: name: "../x" contains '.' (allowed: letters, digits, - and _, at most 100; it names the folder results/NAME/)`}},
		{"a million steps", "base = \"default\"\n[[axis]]\nkey = \"work.cross_team\"\nrange = [0.1, 0.2]\nsteps = 1000000\n", []string{
			`s.toml:5:1: axis[0].steps: 1000000 is not allowed (allowed: 2 … 1000)`}},
		{"a grid too large", "base = \"default\"\n[[axis]]\nkey = \"work.cross_team\"\nrange = [0.1, 0.2]\nsteps = 1000\n[[axis]]\nkey = \"work.good_share\"\nrange = [0.1, 0.2]\nsteps = 11\n", []string{
			`s.toml:2:1: axis: the grid has more than 10000 points (allowed: at most 10000; give fewer values or steps, or design = "lhs")`}},
		{"every problem at once", "base = \"default\"\nreplications = 0\npoints = 0\nmetric = \"x\"\n[[axis]]\nkey = \"work.cros_team\"\nvalues = [0.1]\n", []string{
			`s.toml:2:1: replications: 0 is not allowed (allowed: 1 … 100000)`,
			`s.toml:3:1: points: 0 is not allowed (allowed: 1 … 10000)`,
			`s.toml:4:1: metric: unknown key in the top level (did you mean [precision] metric? metric is a key of [precision], so write it after that header)`,
			`s.toml:6:1: axis[0].key: "work.cros_team" is not a scenario key (did you mean "cross_team"?) (allowed in [work]: teams, team_size, locality, grid_width, rate, theta, cross_team, scope, radius, good_share, value, value_half_life, bad_cost, domains, rate_per_person, headcount, team_form, process_loss, traffic)`}},
		{"no base, no axis", "name = \"s\"\n", []string{
			`s.toml:1:1: axis: no axis (allowed: one or more [[axis]] with a key and values, range or log_range)`,
			`s.toml:1:1: base: missing (allowed: an embedded scenario name or a scenario file path)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSweep("s.toml", []byte(tc.src), "", metrics)
			checkLines(t, problemLines(t, err), tc.want)
		})
	}
}

// A file of the other kind is named as such, and errors.Is tells it.
func TestOtherKindOfFile(t *testing.T) {
	dir := t.TempDir()
	sweep := filepath.Join(dir, "sw.toml")
	src, _ := SweepSource("sweep-surge")
	os.WriteFile(sweep, src, 0o644)
	_, err := Open(sweep)
	if !errors.Is(err, ErrSweepFile) || errors.Is(err, ErrScenarioFile) ||
		!strings.HasSuffix(strings.Split(err.Error(), "\n")[0], "run it with orgsim sweep "+sweep) {
		t.Errorf("a sweep given as a scenario: %v", err)
	}
	scen := filepath.Join(dir, "sc.toml")
	src, _ = Source("default")
	os.WriteFile(scen, src, 0o644)
	_, err = OpenSweep(scen, func(int) []string { return nil })
	if !errors.Is(err, ErrScenarioFile) || !strings.HasSuffix(strings.Split(err.Error(), "\n")[0], "run it with orgsim run "+scen) {
		t.Errorf("a scenario given as a sweep: %v", err)
	}
	_, err = OpenSweep("default", func(int) []string { return nil })
	if err == nil || err.Error() != `"default" is an embedded scenario, not a sweep: run it with orgsim run default` {
		t.Errorf("an embedded scenario given as a sweep: %v", err)
	}
}

// A shown file runs under its own name: its results go to a folder named
// after the copy, not over the embedded one's.
func TestShownFileIsNamedAfterItsCopy(t *testing.T) {
	dir := t.TempDir()
	metrics := func(int) []string {
		return []string{"latency_p50", "latency_p95", "util_max", "accuracy", "messages_per_decision", "value_per_issue", "effort_hours_per_decision", "resilience_loss_d1", "recovery_time_d1", "excess_delay_d1"}
	}
	for _, n := range append(Names(), SweepNames()...) {
		src, err := ShowSource(n)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := Source(n)
		if orig == nil {
			orig, _ = SweepSource(n)
		}
		if !strings.Contains(string(src), "# name = \""+n+"\"\n# (without a name, results go to a folder named after this file:") ||
			len(src) <= len(orig) {
			t.Errorf("%s: the name line is not commented out", n)
		}
		path := filepath.Join(dir, "my-"+n+".toml")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var name string
		if contains(Names(), n) {
			sc, err := Load(path)
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			name = sc.Name
		} else {
			sw, err := OpenSweep(path, metrics)
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			name = sw.Name
		}
		if name != "my-"+n {
			t.Errorf("%s: a copy is named %q, want %q", n, name, "my-"+n)
		}
	}
	if _, err := ShowSource("defualt"); err == nil || !strings.HasPrefix(err.Error(), `no embedded scenario, sweep or sensitivity file "defualt" (did you mean "default"?)`) {
		t.Errorf("err = %v", err)
	}
	if got := nameFromPath("/x/my scenario.v2.toml"); got != "my-scenario-v2" {
		t.Errorf("name from path = %q", got)
	}
	if got := nameFromPath("../.toml"); got != "scenario" {
		t.Errorf("name from path = %q", got)
	}
}

// The model's enumerations are written by name, in one place: the codecs
// take their names from MarshalText, and the names round-trip. The names
// files already use keep their spelling; the model may add more.
func TestEnumNames(t *testing.T) {
	check := func(name string, got, want []string) {
		t.Helper()
		if len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
			t.Errorf("%s: names %q, want them to start with %q", name, got, want)
		}
	}
	check("locality", enumNames[model.Locality](), []string{"ring", "grid"})
	check("structure", enumNames[model.Structure](), []string{"hierarchy", "lattice", "explicit"})
	check("role", enumNames[model.Role](), []string{"team", "manager", "coach", "root"})
	check("approval", enumNames[model.ApprovalRule](), []string{"off", "all", "any"})
	check("policy", enumNames[model.Policy](), []string{"freeze", "skip-level", "interim"})
	check("disruption", enumNames[model.DisruptionKind](), []string{"leader-loss", "member-loss", "attrition", "surge", "knowledge-shock", "slowdown"})
	check("design", enumNames[design](), []string{"grid", "lhs"})

	roundTrip := func(name string, c interface {
		text(i int) (string, error)
		back(s string) (int, error)
	}, n int) {
		for i := range n {
			s, err := c.text(i)
			if err != nil {
				t.Fatalf("%s %d: %v", name, i, err)
			}
			j, err := c.back(s)
			if err != nil || j != i {
				t.Errorf("%s %d → %q → %d, %v", name, i, s, j, err)
			}
		}
		if _, err := c.text(n); err == nil {
			t.Errorf("%s %d has a name", name, n)
		}
		if _, err := c.back("nonsense"); err == nil || !strings.Contains(err.Error(), "(allowed: ") {
			t.Errorf("%s: unknown name: %v", name, err)
		}
	}
	roundTrip("locality", enumText[model.Locality]{}, len(enumNames[model.Locality]()))
	roundTrip("structure", enumText[model.Structure]{}, len(enumNames[model.Structure]()))
	roundTrip("role", enumText[model.Role]{}, len(enumNames[model.Role]()))
	roundTrip("approval", enumText[model.ApprovalRule]{}, len(enumNames[model.ApprovalRule]()))
	roundTrip("policy", enumText[model.Policy]{}, len(enumNames[model.Policy]()))
	roundTrip("disruption", enumText[model.DisruptionKind]{}, len(enumNames[model.DisruptionKind]()))

	var s model.Structure
	if err := s.UnmarshalText([]byte("latice")); err == nil || err.Error() != `"latice" is not a known structure (allowed: "hierarchy", "lattice", "explicit")` {
		t.Errorf("err = %v", err)
	}
	// The codec encodes what it decodes.
	for i := range enumNames[model.Policy]() {
		x := model.Policy(i)
		back, err := policyCodec.decode(strings.Trim(policyCodec.encode(x), `"`), nil)
		if err != nil || back != x {
			t.Errorf("policy %v → %v, %v", x, back, err)
		}
	}
}

// enumText adapts an enumeration's text methods for TestEnumNames.
type enumText[T interface {
	~uint8
	MarshalText() ([]byte, error)
}] struct{}

func (enumText[T]) text(i int) (string, error) {
	b, err := T(i).MarshalText()
	return string(b), err
}

func (enumText[T]) back(s string) (int, error) {
	var x T
	u, ok := any(&x).(interface{ UnmarshalText([]byte) error })
	if !ok {
		return 0, fmt.Errorf("%T has no UnmarshalText", x)
	}
	err := u.UnmarshalText([]byte(s))
	return int(x), err
}

// The position index never panics and always ends, whatever the text
// (Parse only gives it text the decoder accepted).
func TestIndexIsTotal(t *testing.T) {
	for _, src := range []string{
		"\ufeffname = 1", "[", "[[", "[a", "a", "a =", "a = [", "a = {", "a = {b", "a = {b = [1,", `a = "`, `a = """`, "a = '''x''''",
		"= 1", "[]", "a.=1", "a = [,]", "a = {,}", "a = [1 2]", "\"a\" = 1\n'b'.c = 2",
		strings.Repeat("[", 1000), "a = " + strings.Repeat("{b=", 1000),
	} {
		ix := newIndex(src)
		if ix == nil {
			t.Fatalf("%q: no index", src)
		}
		ix.lookup("a.b[3].c")
	}
	ix := newIndex("[[organisation]]\n[[organisation]]\n  [organisation.team]\n  knowledge = 1\n")
	for path, want := range map[string]Pos{
		"organisation":                   {1, 1},
		"organisation[1]":                {2, 1},
		"organisation[1].team":           {3, 3},
		"organisation[1].team.knowledge": {4, 3},
	} {
		if got, found, _ := ix.lookup(path); got != want || !found {
			t.Errorf("%s at %v (found %v), want %v", path, got, found, want)
		}
	}
}
