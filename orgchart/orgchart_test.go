package orgchart

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
)

// TestMalformedCharts: every malformed chart is refused with a message
// naming the CSV line.
func TestMalformedCharts(t *testing.T) {
	cases := []struct {
		name string
		csv  string
		cols func(*Columns)
		want string
	}{
		{"empty file", "", nil,
			`people.csv:1: empty file: want a header with the columns "id" and "manager_id"`},
		{"no rows", "id,manager_id\n", nil,
			`people.csv:1: no people: the file has a header and no rows`},
		{"no manager column", "id,boss\np1,\n", nil,
			`people.csv:1: no column "manager_id" for the manager's id (the header has "id", "boss")`},
		{"a team column asked for and missing", "id,manager_id\np1,\np2,p1\n", func(c *Columns) { c.Team = "squad" },
			`people.csv:1: no column "squad" for the team (the header has "id", "manager_id")`},
		{"a column to keep that is missing", "id,manager_id\np1,\np2,p1\n", func(c *Columns) { c.Keep = []string{"name"} },
			`people.csv:1: no column "name" for a column to keep (the header has "id", "manager_id")`},
		{"id and manager the same column", "id,manager_id\np1,\n", func(c *Columns) { c.Manager = "ID" },
			`people.csv:1: the id and the manager's id are the same column "id"`},
		{"a row with more fields", "id,manager_id\np1,\np2,p1,x\n", nil,
			`people.csv:3: a different number of fields than the header has`},
		{"a stray quote", "id,manager_id\np1,\np2,\"p1\n", nil,
			`people.csv:3: extraneous or missing " in quoted-field`},
		{"duplicate id", "id,manager_id\np1,\np2,p1\np3,p1\np2,p1\n", nil,
			`people.csv:5: duplicate id "p2" (first on line 3)`},
		{"empty id", "id,manager_id\np1,\n ,p1\n", nil,
			`people.csv:3: empty id (column "id")`},
		{"every problem of the rows at once", "id,manager_id\np1,\n,p1\np1,\n", nil,
			"people.csv:3: empty id (column \"id\")\npeople.csv:4: duplicate id \"p1\" (first on line 2)"},
		{"unknown manager", "id,manager_id\np1,\np2,p1\np3,p9\n", nil,
			`people.csv:4: the manager "p9" of "p3" is not in the chart (column "manager_id")`},
		{"several roots", "id,manager_id\np1,\np2,p1\np3,\np4,\n", nil,
			`people.csv:4: several people have no manager: "p3", and "p1" on line 2 (and 1 more); a chart has one person at the top`},
		{"a cycle", "id,manager_id\np1,\np2,p3\np3,p4\np4,p2\np5,p1\n", nil,
			`people.csv:3: cycle in the reporting lines (each reports to the next): p2 → p3 → p4 → p2`},
		{"one's own manager", "id,manager_id\np1,\np2,p1\np3,p3\n", nil,
			`people.csv:4: cycle in the reporting lines (each reports to the next): p3 → p3`},
		{"nobody at the top", "id,manager_id\np1,p2\np2,p1\n", nil,
			`people.csv:2: cycle in the reporting lines (each reports to the next): p1 → p2 → p1`},
		{"empty team", "id,manager_id,team\np1,,\np2,p1,A\np3,p1,\n", nil,
			`people.csv:4: empty team for "p3", who manages nobody (column "team"; everyone who manages nobody works in a team)`},
		{"a top who manages nobody", "id,manager_id\np1,\n", nil,
			`people.csv:2: "p1", at the top, manages nobody: the chart has no team`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cols := DefaultColumns()
			if c.cols != nil {
				c.cols(&cols)
			}
			_, err := Read(strings.NewReader(c.csv), "people.csv", cols)
			if err == nil {
				t.Fatalf("no error, want %s", c.want)
			}
			if err.Error() != c.want {
				t.Errorf("error\n%s\nwant\n%s", err, c.want)
			}
		})
	}
}

func readExample(t testing.TB, cols Columns) *Chart {
	t.Helper()
	f, err := os.Open("../examples/orgchart/people.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Read(f, "examples/orgchart/people.csv", cols)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestExampleImportsAndRuns: the example chart's scenario loads, has the
// structure the rule gives, and runs.
func TestExampleImportsAndRuns(t *testing.T) {
	c := readExample(t, DefaultColumns())
	src, s, err := Scenario(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if *s != (Summary{People: 49, Teams: 8, Managers: 10, Coaches: 3, Joined: 6, Rate: 0.25, Busiest: s.Busiest, BusiestLoad: s.BusiestLoad}) {
		t.Errorf("summary %+v", *s)
	}
	sc, err := scenarios.Parse("orgchart.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	if cfg.Work.Teams != 8 || cfg.Work.TeamSize != 5 || cfg.Work.Rate != 0.25 || len(cfg.Organisations) != 2 {
		t.Fatalf("work %+v, %d organisations", cfg.Work, len(cfg.Organisations))
	}
	parents := func(org int) map[string]string {
		units, err := model.Units(&cfg, org)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, u := range units {
			out[u.ID] = u.Parent + " " + strings.Join(u.Peers, ",")
		}
		return out
	}
	chart, lattice := parents(0), parents(1)
	// The chart: the CEO's office reports to the root, Payments to its
	// team lead under the engineering director, Sales Operations to the
	// sales director.
	for id, want := range map[string]string{"t1": "root ", "t2": "m2-1 ", "m2-1": "m1-1 ", "m1-1": "root ", "t7": "m1-3 ", "t8": "m2-6 "} {
		if chart[id] != want {
			t.Errorf("chart: %s reports to %q, want %q", id, chart[id], want)
		}
	}
	// The lattice: the directors are coaches under the circle, the team
	// leads joined their teams; the CEO's office asks the teams nearest in
	// the chart: Sales Operations (one line from the top), then those two
	// lines away, nearer on the ring first.
	for id, want := range map[string]string{"c1": "circle ", "t1": "circle t7,t2,t8,t3", "t2": "c1 t1,t3,t4,t7", "t5": "c2 t6,t1,t7,t4"} {
		if lattice[id] != want {
			t.Errorf("lattice: %s has %q (parent, peers), want %q", id, lattice[id], want)
		}
	}
	if len(chart) != 18 || len(lattice) != 12 {
		t.Errorf("%d units in the chart, %d in the lattice; want 18 and 12", len(chart), len(lattice))
	}
	// A short run of both organisations.
	cfg.Horizon, cfg.WarmUp = 400, 80
	for org := range cfg.Organisations {
		res, err := model.Run(&cfg, org, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Decided < 100 || res.Open > 0 {
			t.Errorf("%s decided %d issues in 400 h with %d open at the end, want hundreds and none", cfg.Organisations[org].Name, res.Decided, res.Open)
		}
	}
}

// TestNoPersonalData: names, e-mails and locations never reach the
// scenario unless asked for, and then only its comments; the same chart
// gives the same bytes.
func TestNoPersonalData(t *testing.T) {
	c := readExample(t, DefaultColumns())
	src, _, err := Scenario(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	again, _, _ := Scenario(readExample(t, DefaultColumns()), DefaultOptions())
	if !bytes.Equal(src, again) {
		t.Error("two imports of the example differ")
	}
	for _, secret := range []string{"Hugo", "Holm", "@example.org", "Lisbon", "Porto"} {
		if bytes.Contains(src, []byte(secret)) {
			t.Errorf("the scenario contains %q, from a column not asked for", secret)
		}
	}
	cols := DefaultColumns()
	cols.Keep = []string{"name"}
	kept, _, err := Scenario(readExample(t, cols), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(string(kept), "\n") {
		if strings.Contains(line, "Hugo Holm") {
			found = true
			if !strings.HasPrefix(strings.TrimSpace(line), "#") {
				t.Errorf("a kept name outside a comment: %q", line)
			}
		}
	}
	if !found {
		t.Error("-keep name: the name is not in the comments")
	}
	sc, err := scenarios.Parse("x.toml", kept)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(scenarios.Format(sc)), "Hugo") {
		t.Error("a kept name reaches the resolved scenario, which results record")
	}
}

// TestSpreadsheetCSV: a byte-order mark, CRLF line ends, quoted fields,
// spaces and column names in another case are read as a spreadsheet
// writes them.
func TestSpreadsheetCSV(t *testing.T) {
	src := "\ufeff\"ID\",\"Manager_ID\",\"Team\"\r\np1,,\r\n p2 , p1 ,\"Ops, North\"\r\np3,p1,\"Ops, North\"\r\n"
	c, err := Read(strings.NewReader(src), "x.csv", DefaultColumns())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.People) != 3 || c.People[1].ID != "p2" || c.People[1].Manager != "p1" || c.People[2].Team != "Ops, North" ||
		c.Columns.ID != "ID" || !c.HasTeams || c.People[2].Line != 4 {
		t.Errorf("read %+v with columns %+v", c.People, c.Columns)
	}
}

// TestTeamsWithoutATeamColumn: without a team column each manager's
// direct reports who manage nobody form a team; a director's assistant is
// a team of one.
func TestTeamsWithoutATeamColumn(t *testing.T) {
	chart := "id,manager_id\nceo,\nd1,ceo\nd2,ceo\na,d1\nb,d1\nm1,d1\nc,m1\nd,m1\ne,d2\n"
	c, err := Read(strings.NewReader(chart), "c.csv", DefaultColumns())
	if err != nil {
		t.Fatal(err)
	}
	if c.HasTeams {
		t.Fatal("a team column was read from a file without one")
	}
	src, s, err := Scenario(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Teams: d1's (a, b), m1's (c, d), d2's (e); units root, d1, m1, d2.
	if s.Teams != 3 || s.Managers != 4 || s.Coaches != 1 || s.Joined != 2 {
		t.Errorf("summary %+v; want 3 teams, 4 managers, d1 a coach, m1 and d2 joining teams", *s)
	}
	for _, want := range []string{
		"# the direct reports of d1, 2 people: a, b",
		"# the direct reports of m1, 3 people: c, d, m1 (its manager in the chart, m2-1)",
		"# person d1; in the chart m1-1",
	} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("the scenario lacks %q", want)
		}
	}
}

// TestCoachRoles: a first-line manager whose role is a coach role becomes
// a coach and keeps its team under it.
func TestCoachRoles(t *testing.T) {
	c := readExample(t, DefaultColumns())
	opt := DefaultOptions()
	opt.CoachRoles = []string{"engineering manager"}
	src, s, err := Scenario(c, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Coaches != 4 || s.Joined != 5 {
		t.Errorf("%d coaches, %d joined; want the Platform manager a coach too (4, 5)", s.Coaches, s.Joined)
	}
	if !bytes.Contains(src, []byte("# person p013 (Engineering Manager); in the chart m2-2")) {
		t.Error("the Platform manager is not a coach")
	}
}

// TestRateLoweredForAWideTop: a top person over many teams would be
// overloaded at 2 a team a day; the rate is lowered so that the busiest
// unit is at 0.7, and the scenario says why.
func TestRateLoweredForAWideTop(t *testing.T) {
	c, err := Read(strings.NewReader(chart(2000, 8, 10)), "big.csv", DefaultColumns())
	if err != nil {
		t.Fatal(err)
	}
	src, s, err := Scenario(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !(s.Rate < defaultRate) || s.BusiestLoad <= targetLoad {
		t.Fatalf("rate %v/h with the busiest at %v: want it lowered", s.Rate, s.BusiestLoad)
	}
	sc, err := scenarios.Parse("big.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	busiest := 0.0
	for org := range sc.Config.Organisations {
		loads, _ := model.OfferedLoad(&sc.Config, org)
		for _, l := range loads {
			busiest = math.Max(busiest, l.Load)
		}
	}
	if busiest > targetLoad || busiest < 0.63 {
		t.Errorf("busiest unit at %v after the import, want just under %v", busiest, targetLoad)
	}
	if !bytes.Contains(src, []byte("lowered from 2/d, at which the busiest unit ("+s.Busiest+")")) {
		t.Error("the scenario does not say why the rate was lowered")
	}
}

// chart writes a synthetic chart of n people or a few more: teams of size
// people and their lead, under managers of span reports each, level upon
// level up to one person at the top. It is deterministic.
func chart(n, size, span int) string {
	teams := (n + size) / (size + 1)
	counts := []int{teams} // units per level, from the teams' leads up
	for counts[len(counts)-1] > 1 {
		counts = append(counts, (counts[len(counts)-1]+span-1)/span)
	}
	var b strings.Builder
	b.WriteString("id,manager_id,team,name\n")
	id := func(level, k int) string { return fmt.Sprintf("p%d-%d", level, k) }
	for level := len(counts) - 1; level >= 1; level-- {
		for k := 0; k < counts[level]; k++ {
			up := ""
			if level < len(counts)-1 {
				up = id(level+1, k/span)
			}
			fmt.Fprintf(&b, "%s,%s,,Manager %d %d\n", id(level, k), up, level, k)
		}
	}
	for k := 0; k < teams; k++ {
		lead := id(0, k)
		fmt.Fprintf(&b, "%s,%s,T%d,Lead %d\n", lead, id(1, k/span), k, k)
		for j := 0; j < size; j++ {
			fmt.Fprintf(&b, "%s-%d,%s,T%d,Member %d %d\n", lead, j, lead, k, k, j)
		}
	}
	return b.String()
}

// BenchmarkImport10000 imports a 10,000-person chart: 1,111 teams of 8
// and their leads under four levels of managers with span 8, with a name
// column that is dropped.
func BenchmarkImport10000(b *testing.B) {
	src := chart(10000, 8, 8)
	b.ReportAllocs()
	for b.Loop() {
		c, err := Read(strings.NewReader(src), "big.csv", DefaultColumns())
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Scenario(c, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
