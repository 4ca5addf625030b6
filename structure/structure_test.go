package structure_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/structure"
)

const tol = 1e-12

// tree is the default hierarchy preset on four teams with span 2: a root
// over m1-1 (t1, t2) and m1-2 (t3, t4). Teams know p70 and may decide
// values up to p90; managers p95 and p99; the root p99.5 and any value.
func tree(cross float64) model.Config {
	cfg := model.Default()
	cfg.Work.Teams = 4
	cfg.Work.CrossTeam = cross
	cfg.Work.Radius = 1
	cfg.Work.ScopeMin, cfg.Work.ScopeMax = 2, 2
	h := model.DefaultHierarchy()
	h.Levels, h.Span = 2, []int{2}
	cfg.Organisations = []model.Organisation{h}
	return cfg
}

func analyse(t *testing.T, cfg model.Config) *structure.Organisation {
	t.Helper()
	o, err := structure.Analyse(&cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func unit(t *testing.T, o *structure.Organisation, id string) structure.Unit {
	t.Helper()
	for _, u := range o.Units {
		if u.ID == id {
			return u
		}
	}
	t.Fatalf("no unit %s", id)
	return structure.Unit{}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestTree: local issues only. A team decides what lies within p70 and
// p90 (63 %), its manager what lies within p95 and p99 (94.05 % in all,
// so 31.05 %), the root the rest (5.95 %). Each manager relays the root's
// share of its two teams' issues: betweenness ½ × 0.0595 = 0.02975. The
// root is the only unit able to decide an issue beyond p95 or above p99,
// so it is a single point of failure for exactly the eight classes it
// alone decides, and for 5.95 % of all issues.
func TestTree(t *testing.T) {
	o := analyse(t, tree(0))
	m, root, t1 := unit(t, o, "m1-1"), unit(t, o, "root"), unit(t, o, "t1")
	near(t, "betweenness(m1-1)", m.Betweenness, 0.5*0.0595)
	near(t, "decide share(m1-1)", m.DecideShare, 0.5*0.3105)
	near(t, "path share(m1-1)", m.PathShare, 0.5*0.37)
	near(t, "betweenness(root)", root.Betweenness, 0)
	near(t, "decide share(root)", root.DecideShare, 0.0595)
	near(t, "path share(root)", root.PathShare, 0.0595)
	near(t, "decide share(t1)", t1.DecideShare, 0.25*0.63)
	near(t, "path share(t1)", t1.PathShare, 0.25)
	near(t, "spof share(root)", root.SPOFShare, 0.0595)
	near(t, "single decider share", o.SingleDecider, 0.0595)
	near(t, "max betweenness", o.MaxBetweenness, 0.5*0.0595)
	if o.MaxBetweennessUnit != "m1-1" {
		t.Errorf("max betweenness at %s, want m1-1 (the first of the two managers)", o.MaxBetweennessUnit)
	}
	if m.SPOFShare != 0 || t1.SPOFShare != 0 || o.SPOFUnits != 1 {
		t.Errorf("spof shares m1-1 %v, t1 %v, spof units %d; want only the root", m.SPOFShare, t1.SPOFShare, o.SPOFUnits)
	}
	var got []string
	for _, c := range root.SPOF {
		got = append(got, c.Class)
		if c.Share != 1 {
			t.Errorf("root is the only decider of %v of class %s, want all of it", c.Share, c.Class)
		}
	}
	want := []string{
		"d0-70/v99-100/local", "d70-95/v99-100/local",
		"d95-99.5/v0-90/local", "d95-99.5/v90-99/local", "d95-99.5/v99-100/local",
		"d99.5-100/v0-90/local", "d99.5-100/v90-99/local", "d99.5-100/v99-100/local",
	}
	if !slices.Equal(got, want) {
		t.Errorf("root is a single point of failure for %q, want %q", got, want)
	}
	// The classes: four difficulty bands × three value bands, all local.
	if len(o.Classes) != 12 || o.Classes[0].Name != "d0-70/v0-90/local" {
		t.Fatalf("%d classes, first %q; want 12, first d0-70/v0-90/local", len(o.Classes), o.Classes[0].Name)
	}
	near(t, "share of d0-70/v0-90", o.Classes[0].Share, 0.63)
	if c := o.Classes[0]; c.DecidersMin != 3 || c.SingleDecider != 0 || len(c.SPOF) != 0 {
		t.Errorf("class %s: %d deciders at least, single %v, spof %v; want all three units of the chain", c.Name, c.DecidersMin, c.SingleDecider, c.SPOF)
	}
	// Depth, span and teams below.
	if root.Depth != 0 || root.Span != 2 || root.TeamsBelow != 4 || m.Depth != 1 || m.Span != 2 || m.TeamsBelow != 2 ||
		t1.Depth != 2 || t1.Span != 0 || t1.TeamsBelow != 0 {
		t.Errorf("root %d/%d/%d, m1-1 %d/%d/%d, t1 %d/%d/%d (depth/span/teams below)", root.Depth, root.Span, root.TeamsBelow,
			m.Depth, m.Span, m.TeamsBelow, t1.Depth, t1.Span, t1.TeamsBelow)
	}
	if o.Depth != 2 || o.Leaders != 3 || o.SpanMin != 2 || o.SpanMedian != 2 || o.SpanMax != 2 || o.SpanMean != 2 ||
		!slices.Equal(o.Spans, []structure.SpanCount{{Span: 2, Leaders: 3}}) {
		t.Errorf("depth %d, %d leaders, spans %v (min %d, median %d, mean %v, max %d)", o.Depth, o.Leaders, o.Spans,
			o.SpanMin, o.SpanMedian, o.SpanMean, o.SpanMax)
	}
}

// TestTreeCrossTeam: every value within every authority; 20 % of issues
// span two teams, the origin and one of its two ring neighbours — one
// under the same manager, one under the other. A cross-team issue climbs
// to the lowest unit covering its scope: the shared manager (to the root
// beyond p95), or straight through the manager to the root. Each manager
// relays ½ × (0.8 × 0.05 + 0.1 × 0.05 + 0.1) = 0.0725 of all issues; the
// root is the only unit able to decide all it decides (0.145), and half
// of each cross-team class.
func TestTreeCrossTeam(t *testing.T) {
	cfg := tree(0.2)
	h := &cfg.Organisations[0]
	h.Team.Authority, h.Manager.Authority = math.Inf(1), math.Inf(1)
	o := analyse(t, cfg)
	m, root := unit(t, o, "m1-2"), unit(t, o, "root")
	near(t, "betweenness(m1-2)", m.Betweenness, 0.0725)
	near(t, "decide share(root)", root.DecideShare, 0.145)
	near(t, "spof share(root)", root.SPOFShare, 0.145)
	var c *structure.Class
	for i := range o.Classes {
		if o.Classes[i].Name == "d0-70/v0-100/cross" {
			c = &o.Classes[i]
		}
	}
	if c == nil {
		t.Fatalf("no class d0-70/v0-100/cross among %v", o.Classes)
	}
	near(t, "share of d0-70/v0-100/cross", c.Share, 0.2*0.7)
	near(t, "single decider share of d0-70/v0-100/cross", c.SingleDecider, 0.5)
	if c.DecidersMin != 1 || !slices.Equal(c.SPOF, []string{"root"}) {
		t.Errorf("class %s: fewest deciders %d, spof %v; want 1, the root", c.Name, c.DecidersMin, c.SPOF)
	}
	for _, s := range root.SPOF {
		if s.Class == c.Name {
			near(t, "root's share of "+c.Name, s.Share, 0.5)
		}
	}
}

// lattice is the lattice preset on four teams on a ring, each with its
// two neighbours as peers, local issues only, every value within every
// authority: teams know p85 and ask both peers beyond it.
func lattice(perCoach int) model.Config {
	cfg := model.Default()
	cfg.Work.Teams = 4
	cfg.Work.CrossTeam = 0
	l := model.DefaultLattice()
	l.PeerLinks, l.TeamsPerCoach, l.Circle = 2, perCoach, perCoach > 0
	l.Team.Authority = math.Inf(1)
	l.Routing.AdviceBy = model.ByPeers
	cfg.Organisations = []model.Organisation{l}
	return cfg
}

// TestLatticeWithoutCoaches: with nobody above them, teams decide all
// their own issues and each is the only unit able to: a single point of
// failure for every class of its issues (a quarter of all). Beyond p85 a
// team asks its two ring neighbours, so each team helps with 2 × ¼ × 0.15
// of issues and its path share is 0.25 + 0.075. Nothing is relayed.
func TestLatticeWithoutCoaches(t *testing.T) {
	cfg := lattice(0)
	cfg.Organisations[0].Routing.MaxDifficulty = math.Inf(1)
	o := analyse(t, cfg)
	for _, u := range o.Units {
		near(t, "betweenness("+u.ID+")", u.Betweenness, 0)
		near(t, "decide share("+u.ID+")", u.DecideShare, 0.25)
		near(t, "help share("+u.ID+")", u.HelpShare, 0.075)
		near(t, "path share("+u.ID+")", u.PathShare, 0.325)
		near(t, "spof share("+u.ID+")", u.SPOFShare, 0.25)
		if len(u.SPOF) != 2 || u.SPOF[0].Class != "d0-85/v0-100/local" || u.SPOF[1].Class != "d85-100/v0-100/local" {
			t.Errorf("%s is a single point of failure for %v, want both classes", u.ID, u.SPOF)
		}
	}
	near(t, "single decider share", o.SingleDecider, 1)
	if o.SPOFUnits != 4 || o.Depth != 0 || o.Leaders != 0 || o.SpanMax != 0 {
		t.Errorf("%d spof units, depth %d, %d leaders, span max %d; want 4, 0, 0, 0", o.SPOFUnits, o.Depth, o.Leaders, o.SpanMax)
	}
}

// TestLatticeWithCircle: two coaches of two teams each under a circle;
// teams know p85 and escalate above z_max = p99; coaches and the circle
// know p99.9. Teams decide up to p99 (after advice beyond p85); a coach
// decides (p99, p99.9] and relays the rest to the circle: betweenness
// ½ × 0.001. Only the circle can decide an issue beyond p99.9, so it is
// the single point of failure for that class alone; every other issue has
// its coach and the circle, and the team up to p99.
func TestLatticeWithCircle(t *testing.T) {
	o := analyse(t, lattice(2))
	c1, circle, t1 := unit(t, o, "c1"), unit(t, o, "circle"), unit(t, o, "t1")
	near(t, "betweenness(c1)", c1.Betweenness, 0.0005)
	near(t, "decide share(c1)", c1.DecideShare, 0.5*0.009)
	near(t, "decide share(circle)", circle.DecideShare, 0.001)
	near(t, "decide share(t1)", t1.DecideShare, 0.25*0.99)
	near(t, "help share(t1)", t1.HelpShare, 2*0.25*0.14)
	near(t, "spof share(circle)", circle.SPOFShare, 0.001)
	near(t, "single decider share", o.SingleDecider, 0.001)
	if len(circle.SPOF) != 1 || circle.SPOF[0].Class != "d99.9-100/v0-100/local" || circle.SPOF[0].Share != 1 {
		t.Errorf("circle is a single point of failure for %v, want d99.9-100/v0-100/local only", circle.SPOF)
	}
	if o.SPOFUnits != 1 || c1.SPOFShare != 0 || t1.SPOFShare != 0 {
		t.Errorf("%d spof units (c1 %v, t1 %v), want the circle alone", o.SPOFUnits, c1.SPOFShare, t1.SPOFShare)
	}
	var names []string
	for _, c := range o.Classes {
		names = append(names, c.Name)
	}
	if want := []string{"d0-85/v0-100/local", "d85-99/v0-100/local", "d99-99.9/v0-100/local", "d99.9-100/v0-100/local"}; !slices.Equal(names, want) {
		t.Errorf("classes %q, want %q", names, want)
	}
	if c := o.Classes[2]; c.DecidersMin != 2 {
		t.Errorf("class %s has %d deciders at least, want 2 (the coach and the circle)", c.Name, c.DecidersMin)
	}
	if o.Depth != 2 || circle.TeamsBelow != 4 || c1.TeamsBelow != 2 || o.Leaders != 3 {
		t.Errorf("depth %d, circle covers %d teams, c1 %d, %d leaders", o.Depth, circle.TeamsBelow, c1.TeamsBelow, o.Leaders)
	}
}

// TestCSV: structure.csv has one row per measure, every measure of the
// documented list appears, and the same scenario gives the same bytes.
func TestCSV(t *testing.T) {
	cfg := model.Default()
	orgs, err := structure.AnalyseAll(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := structure.CSV(orgs)
	again, _ := structure.AnalyseAll(&cfg)
	if !bytes.Equal(b, structure.CSV(again)) {
		t.Fatal("two analyses of the default scenario wrote different bytes")
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], structure.Header) {
		t.Fatalf("header %q, want %q", recs[0], structure.Header)
	}
	rows := 0
	for _, o := range orgs {
		rows += 11 + 3*len(o.Classes) + 8*len(o.Units)
		for _, u := range o.Units {
			rows += len(u.SPOF)
		}
	}
	if len(recs)-1 != rows {
		t.Errorf("%d rows, want %d", len(recs)-1, rows)
	}
	// The hierarchy's root: every issue it decides is one only it can.
	var decides, spof string
	for _, r := range recs[1:] {
		if r[0] == "hierarchy" && r[1] == "root" && r[2] == "" {
			switch r[3] {
			case "decide_share":
				decides = r[4]
			case "spof_share":
				spof = r[4]
			}
		}
	}
	if decides == "" || decides != spof {
		t.Errorf("hierarchy root decides %s of issues and is the only decider of %s; want the same share", decides, spof)
	}
	if !strings.Contains(string(b), "\nlattice,circle,d99.9-100/") {
		t.Error("the lattice's circle is not reported as a single point of failure for the issues beyond its coaches' knowledge")
	}
}
