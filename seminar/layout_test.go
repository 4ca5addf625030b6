package seminar

import (
	"testing"

	"github.com/orgsim/orgsim/model"
)

// checkLayout checks that every unit is drawn by exactly one node, that the
// nodes account for every unit, and that every node and its largest
// circle's centre lie in the pane.
func checkLayout(t *testing.T, cfg *model.Config, org int) *orgLayout {
	t.Helper()
	s, err := newStructure(cfg, org)
	if err != nil {
		t.Fatal(err)
	}
	// A configuration drawn only for its shape need not be runnable (the
	// default on a grid overloads its root); only a runnable one has its
	// top leader marked.
	if plan, err := model.NewPlan(cfg); err == nil {
		if s.top, err = topLeader(plan, org); err != nil {
			t.Fatal(err)
		}
	}
	l := layoutOrg(cfg, s)
	if len(l.unitNode) != len(s.units) {
		t.Fatalf("%s: %d units mapped, want %d", s.name, len(l.unitNode), len(s.units))
	}
	count := make([]int, len(l.Nodes))
	for _, n := range l.unitNode {
		count[n]++
	}
	for i, n := range l.Nodes {
		if count[i] != n.Units || n.Units == 0 {
			t.Errorf("%s: node %s stands for %d units but %d map to it", s.name, n.ID, n.Units, count[i])
		}
		if n.X < 0 || n.X > paneW || n.Y < 0 || n.Y > paneH || n.R <= 0 {
			t.Errorf("%s: node %s at (%v, %v) r %v is outside the pane", s.name, n.ID, n.X, n.Y, n.R)
		}
	}
	for _, e := range l.Edges {
		if e.A == e.B || e.A < 0 || e.B >= len(l.Nodes) {
			t.Errorf("%s: bad edge %+v", s.name, e)
		}
	}
	q := make([]int, len(s.units))
	for i := range q {
		q[i] = 1
	}
	total := 0
	for _, v := range l.nodeQueues(q, nil) {
		total += v
	}
	if total != len(s.units) {
		t.Errorf("%s: node queues sum to %d, want %d", s.name, total, len(s.units))
	}
	return l
}

func TestLayoutDrawsEveryUnit(t *testing.T) {
	cfg := seminarScenario(t).Config
	h := checkLayout(t, &cfg, 0)
	l := checkLayout(t, &cfg, 1)
	// The seminar's organisations are drawn unit by unit.
	if h.Aggregated || l.Aggregated || len(h.Nodes) != 25 || len(l.Nodes) != 23 {
		t.Errorf("seminar: %d and %d nodes (aggregated %v %v)", len(h.Nodes), len(l.Nodes), h.Aggregated, l.Aggregated)
	}
	for _, c := range []struct {
		l   *orgLayout
		top string
	}{{h, "root"}, {l, "circle"}} {
		var tops []string
		for _, n := range c.l.Nodes {
			if n.Top {
				tops = append(tops, n.ID)
			}
		}
		if len(tops) != 1 || tops[0] != c.top {
			t.Errorf("%s: top nodes %v, want %s", c.l.Name, tops, c.top)
		}
	}
	peers := 0
	for _, e := range l.Edges {
		if e.Peer {
			peers++
		}
	}
	if peers == 0 {
		t.Error("the lattice has no peer links drawn")
	}
}

// Large organisations are drawn in groups so that they fit the pane.
func TestLargeOrganisationsAreAggregated(t *testing.T) {
	cfg, err := model.Scaled(1000, 8, 7)
	if err != nil {
		t.Fatal(err)
	}
	for org := range cfg.Organisations {
		l := checkLayout(t, &cfg, org)
		if !l.Aggregated || len(l.Nodes) > maxRow*3+maxRing+maxBand {
			t.Errorf("%s: %d nodes, aggregated %v", l.Name, len(l.Nodes), l.Aggregated)
		}
	}
	def := model.Default()
	def.Work.Locality = model.Grid
	for org := range def.Organisations {
		l := checkLayout(t, &def, org)
		if l.Name == "hierarchy" && (!l.Aggregated || len(l.Nodes) != 15) {
			t.Errorf("49-team hierarchy: %d nodes, aggregated %v", len(l.Nodes), l.Aggregated)
		}
		if l.Name == "lattice" && len(l.Nodes) > maxRing+maxBand {
			t.Errorf("49-team lattice on a grid: %d nodes", len(l.Nodes))
		}
	}
}
