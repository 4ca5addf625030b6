package seminar

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/orgsim/orgsim/model"
)

// The pane every organisation is drawn in, in layout units; the page scales
// it with an SVG view box and the recorder with its pixel size. Two panes
// side by side fit a 1280×720 screen with room for the charts below.
const (
	paneW = 600
	paneH = 330
	pad   = 26 // margin inside the pane
)

// Aggregation limits: beyond these a structure's units are drawn in groups,
// so that a large organisation still fits its pane.
const (
	maxRow  = 30 // units in one row of a tree
	maxRing = 40 // team nodes on a ring
	maxGrid = 64 // team nodes on a grid
	maxBand = 30 // non-team nodes at one depth of a lattice
)

// node is one drawn circle: a unit, or a group of units drawn as one.
type node struct {
	ID    string  `json:"id"`    // the unit's id, or the group's range ("t1–t7")
	Role  string  `json:"role"`  // team, manager, coach, root or group
	Top   bool    `json:"top"`   // the organisation's single top unit
	X     float64 `json:"x"`     // centre, layout units from the pane's left
	Y     float64 `json:"y"`     // centre, layout units from the pane's top
	R     float64 `json:"r"`     // radius with an empty queue
	Units int     `json:"units"` // units it stands for
	Label string  `json:"label"` // written under it: its id, or "" where there is no room
	space float64 // room for the label, layout units
}

// edge joins two drawn nodes.
type edge struct {
	A    int  `json:"a"`
	B    int  `json:"b"`
	Peer bool `json:"peer"` // an advice link between teams (else a reporting line)
}

// orgLayout is the drawing of one organisation.
type orgLayout struct {
	Name       string `json:"name"`
	Structure  string `json:"structure"`
	Summary    string `json:"summary"` // the structure in a few words: "root → 4 managers → 20 teams"
	Nodes      []node `json:"nodes"`
	Edges      []edge `json:"edges"`
	Aggregated bool   `json:"aggregated"` // some nodes stand for several units
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	unitNode   []int  // unit index → node index
}

// nodeQueues sums unit queues q (in the order of model.Units) into dst, one
// value per node.
func (l *orgLayout) nodeQueues(q []int, dst []int) []int {
	dst = dst[:0]
	for range l.Nodes {
		dst = append(dst, 0)
	}
	for u, v := range q {
		if u < len(l.unitNode) {
			dst[l.unitNode[u]] += v
		}
	}
	return dst
}

// layoutOrg draws organisation s of cfg: a tree for a hierarchy (or an
// explicit structure in which every team reports to someone), teams on
// their ring or grid with peer links and coaches inside for a lattice.
func layoutOrg(cfg *model.Config, s *structure) *orgLayout {
	l := &orgLayout{Name: s.name, Structure: s.kind.String(), Width: paneW, Height: paneH}
	tree := s.kind == model.Hierarchy
	if s.kind == model.Explicit {
		tree = true
		for _, u := range s.units {
			if u.Role == model.RoleTeam && u.Parent == "" {
				tree = false
			}
		}
	}
	if tree {
		layoutTree(l, s)
	} else {
		layoutLattice(l, s, cfg.Work)
	}
	for i := range l.Nodes {
		n := &l.Nodes[i]
		if n.Units > 1 {
			l.Aggregated = true
		}
		label := n.ID
		if n.Role == "team" && n.Units == 1 {
			label = strings.TrimPrefix(n.ID, "t") // teams are numbered; the key says so
		}
		if labelWidth(label) <= n.space || n.Top {
			n.Label = label
		}
		n.X, n.Y = math.Round(n.X*10)/10, math.Round(n.Y*10)/10
	}
	l.addEdges(s)
	l.Summary = summary(s)
	return l
}

// summary writes a structure in a few words for the pane's heading.
func summary(s *structure) string {
	var teams, managers, coaches, roots int
	circle := false
	for i, u := range s.units {
		switch u.Role {
		case model.RoleTeam:
			teams++
		case model.RoleManager:
			managers++
		case model.RoleCoach:
			if s.parent[i] < 0 && u.ID == "circle" {
				circle = true
			} else {
				coaches++
			}
		case model.RoleRoot:
			roots++
		}
	}
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	if s.kind == model.Lattice {
		out := plural(teams, "team", "teams") + ", peer advice"
		switch {
		case coaches > 0 && circle:
			out += ", " + plural(coaches, "coach", "coaches") + " and a circle"
		case coaches > 0:
			out += ", " + plural(coaches, "coach", "coaches")
		default:
			out += ", no coaches"
		}
		return out
	}
	var parts []string
	if roots > 0 {
		parts = append(parts, "root")
	}
	if managers > 0 {
		parts = append(parts, plural(managers, "manager", "managers"))
	}
	if coaches > 0 {
		parts = append(parts, plural(coaches, "coach", "coaches"))
	}
	parts = append(parts, plural(teams, "team", "teams"))
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " → "
		}
		out += p
	}
	return out
}

// labelWidth estimates a label's width in layout units (the renderers
// write labels at about 10 units).
func labelWidth(s string) float64 { return 5.6 * float64(len([]rune(s))) }

// bandRoom is the room for the label of the non-team unit at p: the
// distance to its nearest neighbour in its band.
func bandRoom(band []spot, p spot) float64 {
	room := math.Inf(1)
	for _, q := range band {
		if q.unit != p.unit {
			room = math.Min(room, math.Hypot(q.x-p.x, q.y-p.y))
		}
	}
	return room
}

// children returns each unit's children, ordered by the first team below
// them, and each unit's first team below (a large number if none).
func children(s *structure) ([][]int, []int) {
	n := len(s.units)
	kids := make([][]int, n)
	first := make([]int, n)
	for i := range first {
		first[i] = math.MaxInt32
	}
	for i, u := range s.units {
		if u.Team >= 0 {
			for v := i; v >= 0; v = s.parent[v] {
				first[v] = min(first[v], u.Team)
			}
		}
		if p := s.parent[i]; p >= 0 {
			kids[p] = append(kids[p], i)
		}
	}
	for i := range kids {
		sort.SliceStable(kids[i], func(a, b int) bool { return first[kids[i][a]] < first[kids[i][b]] })
	}
	return kids, first
}

// tops returns the units with no one above them, ordered by their first
// team.
func tops(s *structure, first []int) []int {
	var t []int
	for i := range s.units {
		if s.parent[i] < 0 {
			t = append(t, i)
		}
	}
	sort.SliceStable(t, func(a, b int) bool { return first[t[a]] < first[t[b]] })
	return t
}

// layoutTree lays a forest out top-down with its leaves evenly spread. When
// there are too many leaves, everything below some depth is drawn as one
// group under its ancestor at that depth.
func layoutTree(l *orgLayout, s *structure) {
	kids, first := children(s)
	roots := tops(s, first)
	maxDepth := 0
	for _, u := range s.units {
		maxDepth = max(maxDepth, u.Depth)
	}
	var slots func(u, cut int) int
	slots = func(u, cut int) int {
		if s.units[u].Depth >= cut || len(kids[u]) == 0 {
			return 1
		}
		n := 0
		for _, c := range kids[u] {
			n += slots(c, cut)
		}
		return n
	}
	cut := maxDepth
	for ; cut > 0; cut-- {
		n := 0
		for _, r := range roots {
			n += slots(r, cut)
		}
		if n <= maxRow {
			break
		}
	}
	type placed struct {
		unit  int // −1 for a group
		under int // a group's ancestor unit
		slot  float64
		depth int
		units []int
	}
	var ps []placed
	next := 0
	var place func(u int) float64
	place = func(u int) float64 {
		d := s.units[u].Depth
		if d >= cut || len(kids[u]) == 0 {
			x := float64(next)
			next++
			ps = append(ps, placed{unit: u, slot: x, depth: d})
			if len(kids[u]) > 0 {
				var below []int
				var walk func(v int)
				walk = func(v int) {
					for _, c := range kids[v] {
						below = append(below, c)
						walk(c)
					}
				}
				walk(u)
				ps = append(ps, placed{unit: -1, under: u, slot: x, depth: d + 1, units: below})
			}
			return x
		}
		var xs []float64
		for _, c := range kids[u] {
			xs = append(xs, place(c))
		}
		x := (xs[0] + xs[len(xs)-1]) / 2
		ps = append(ps, placed{unit: u, slot: x, depth: d})
		return x
	}
	for _, r := range roots {
		place(r)
	}
	rows := 0
	for _, p := range ps {
		rows = max(rows, p.depth+1)
	}
	colW := float64(paneW-2*pad) / float64(max(next, 1))
	// The top row leaves room above it for a swollen queue and its label.
	top := float64(pad + 14)
	rowH := 0.0
	if rows > 1 {
		rowH = (float64(paneH-pad-14) - top) / float64(rows-1)
	}
	l.unitNode = make([]int, len(s.units))
	// Nodes in unit order first (teams, then the rest), groups after, so
	// that node order is stable.
	sort.SliceStable(ps, func(a, b int) bool {
		ua, ub := ps[a].unit, ps[b].unit
		if (ua < 0) != (ub < 0) {
			return ua >= 0
		}
		if ua >= 0 {
			return ua < ub
		}
		return ps[a].under < ps[b].under
	})
	for _, p := range ps {
		x := pad + (p.slot+0.5)*colW
		y := top + float64(p.depth)*rowH
		if rows == 1 {
			y = paneH / 2
		}
		r := math.Min(baseRadius(s, p.unit), colW*0.42)
		// A node in the bottom row has its column's width for its label;
		// one higher up, the width of the columns below it at least.
		space := colW
		if p.unit >= 0 && len(kids[p.unit]) > 0 && s.units[p.unit].Depth < cut {
			space = 3 * colW
		}
		if p.unit >= 0 {
			u := s.units[p.unit]
			l.unitNode[p.unit] = len(l.Nodes)
			l.Nodes = append(l.Nodes, node{ID: u.ID, Role: roleName(u.Role), Top: p.unit == s.top, X: x, Y: y, R: r, Units: 1, space: space})
			continue
		}
		for _, v := range p.units {
			l.unitNode[v] = len(l.Nodes)
		}
		l.Nodes = append(l.Nodes, node{ID: groupID(s, p.units), Role: "group", X: x, Y: y, R: math.Min(13, colW*0.45), Units: len(p.units), space: space})
	}
}

// layoutLattice puts the teams on their ring (an ellipse filling the pane)
// or grid, and the other units inside: the top unit in the middle, deeper
// ones further out, each towards the teams below it.
func layoutLattice(l *orgLayout, s *structure, w model.Work) {
	nTeams := 0
	for _, u := range s.units {
		if u.Role == model.RoleTeam {
			nTeams++
		}
	}
	l.unitNode = make([]int, len(s.units))
	cx, cy := float64(paneW)/2, float64(paneH)/2
	rx, ry := float64(paneW)/2-pad, float64(paneH)/2-pad
	pos := make([][2]float64, len(s.units)) // teams' positions
	teamR := 9.0
	grid := w.Locality == model.Grid
	var gw, gh int
	if grid {
		gw = w.GridWidth
		if gw <= 0 {
			gw = int(math.Ceil(math.Sqrt(float64(nTeams))))
		}
		gh = (nTeams + gw - 1) / gw
	}
	teamPos := func(t int) (float64, float64) {
		if grid {
			x, y := t%gw, t/gw
			// The grid fills the lower three quarters; units above it go in
			// rows over it.
			top := pad + 0.25*float64(paneH-2*pad)
			return pad + (float64(x)+0.5)*float64(paneW-2*pad)/float64(gw),
				top + (float64(y)+0.5)*(float64(paneH-pad)-top)/float64(gh)
		}
		a := 2*math.Pi*float64(t)/float64(max(nTeams, 1)) - math.Pi/2
		return cx + rx*math.Cos(a), cy + ry*math.Sin(a)
	}
	// Teams, in blocks when there are many: runs of consecutive teams on a
	// ring, squares of b×b teams on a grid.
	var blocks [][]int
	room := 0.0
	if grid {
		b := 1
		if nTeams > maxGrid {
			b = int(math.Ceil(math.Sqrt(float64(nTeams) / maxGrid)))
		}
		cols := (gw + b - 1) / b
		cell := map[int]int{}
		for t := 0; t < nTeams; t++ {
			k := (t/gw/b)*cols + (t%gw)/b
			i, ok := cell[k]
			if !ok {
				i = len(blocks)
				cell[k] = i
				blocks = append(blocks, nil)
			}
			blocks[i] = append(blocks[i], t)
		}
		room = float64(paneW-2*pad) / float64(cols)
		rowH := 0.75 * float64(paneH-2*pad) / math.Ceil(float64(gh)/float64(b))
		if b == 1 {
			teamR = math.Min(11, math.Min(room, rowH)*0.35)
		}
		if rowH < 2*teamR+14 {
			room = 0 // no room for labels between the rows
		}
	} else {
		block := max((nTeams+maxRing-1)/maxRing, 1)
		for t0 := 0; t0 < nTeams; t0 += block {
			var units []int
			for t := t0; t < min(t0+block, nTeams); t++ {
				units = append(units, t)
			}
			blocks = append(blocks, units)
		}
		room = math.Pi * (rx + ry) / float64(max(len(blocks), 1))
		if block == 1 {
			teamR = math.Min(11, math.Pi*math.Min(rx, ry)/float64(max(nTeams, 1))*0.8)
		}
	}
	for _, units := range blocks {
		var sx, sy float64
		for _, t := range units {
			x, y := teamPos(t)
			pos[t] = [2]float64{x, y}
			sx += x
			sy += y
		}
		k := float64(len(units))
		n := node{X: sx / k, Y: sy / k, R: teamR, Units: len(units), Role: "team", space: room}
		if len(units) == 1 {
			n.ID = s.units[units[0]].ID
		} else {
			n.ID, n.Role, n.R = groupID(s, units), "group", 10
			if !grid {
				// The block's centre on the ring, not the chord's middle.
				a := 2*math.Pi*(float64(units[0])+(k-1)/2)/float64(nTeams) - math.Pi/2
				n.X, n.Y = cx+rx*math.Cos(a), cy+ry*math.Sin(a)
			}
		}
		for _, u := range units {
			l.unitNode[u] = len(l.Nodes)
		}
		l.Nodes = append(l.Nodes, n)
	}
	// The other units, band by band of depth.
	kids, _ := children(s)
	var others []int
	maxD := 0
	nTops := 0
	for i, u := range s.units {
		if u.Role != model.RoleTeam {
			others = append(others, i)
			maxD = max(maxD, u.Depth)
			if s.parent[i] < 0 {
				nTops++
			}
		}
	}
	if len(others) == 0 {
		return
	}
	shift := 0
	if nTops > 1 {
		shift = 1
	}
	// Each unit's teams: the teams in its subtree.
	teamsBelow := make([][]int, len(s.units))
	var walk func(root, v int)
	walk = func(root, v int) {
		for _, c := range kids[v] {
			if s.units[c].Role == model.RoleTeam {
				teamsBelow[root] = append(teamsBelow[root], c)
			}
			walk(root, c)
		}
	}
	for _, u := range others {
		walk(u, u)
	}
	bands := map[int][]spot{}
	for _, u := range others {
		d := s.units[u].Depth
		var x, y, sx, sy float64
		for _, t := range teamsBelow[u] {
			sx += pos[t][0]
			sy += pos[t][1]
		}
		if k := float64(len(teamsBelow[u])); k > 0 {
			sx, sy = sx/k, sy/k
		} else {
			sx, sy = cx, cy
		}
		if grid {
			rows := maxD + 1
			x = sx
			y = pad + float64(d)*(0.25*float64(paneH-2*pad)-12)/float64(max(rows, 1))
		} else {
			f := 0.9 * float64(d+shift) / float64(maxD+1+shift)
			a := math.Atan2((sy-cy)/ry, (sx-cx)/rx)
			x, y = cx+f*rx*math.Cos(a), cy+f*ry*math.Sin(a)
		}
		bands[d] = append(bands[d], spot{unit: u, x: x, y: y, ang: math.Atan2(y-cy, x-cx)})
	}
	var depths []int
	for d := range bands {
		depths = append(depths, d)
	}
	sort.Ints(depths)
	for _, d := range depths {
		sp := bands[d]
		if len(sp) <= maxBand {
			for _, p := range sp {
				u := s.units[p.unit]
				l.unitNode[p.unit] = len(l.Nodes)
				r := 11.0
				if p.unit == s.top {
					r = 14
				}
				l.Nodes = append(l.Nodes, node{ID: u.ID, Role: roleName(u.Role), Top: p.unit == s.top, X: p.x, Y: p.y, R: r, Units: 1, space: bandRoom(sp, p)})
			}
			continue
		}
		sort.SliceStable(sp, func(a, b int) bool { return sp[a].ang < sp[b].ang })
		per := (len(sp) + maxBand - 1) / maxBand
		for i := 0; i < len(sp); i += per {
			var units []int
			var sx, sy float64
			for _, p := range sp[i:min(i+per, len(sp))] {
				units = append(units, p.unit)
				sx += p.x
				sy += p.y
			}
			k := float64(len(units))
			for _, u := range units {
				l.unitNode[u] = len(l.Nodes)
			}
			l.Nodes = append(l.Nodes, node{ID: groupID(s, units), Role: "group", X: sx / k, Y: sy / k, R: 11, Units: len(units), space: 30})
		}
	}
}

// spot is a non-team unit's place in a lattice drawing.
type spot struct {
	unit int
	x, y float64
	ang  float64
}

// addEdges joins drawn nodes along reporting lines and peer links, once per
// pair.
func (l *orgLayout) addEdges(s *structure) {
	seen := map[[2]int]bool{}
	add := func(a, b int, peer bool) {
		if a == b {
			return
		}
		k := [2]int{min(a, b), max(a, b)}
		if seen[k] {
			return
		}
		seen[k] = true
		l.Edges = append(l.Edges, edge{A: k[0], B: k[1], Peer: peer})
	}
	for u := range s.units {
		if p := s.parent[u]; p >= 0 {
			add(l.unitNode[u], l.unitNode[p], false)
		}
	}
	for u, un := range s.units {
		for _, id := range un.Peers {
			if v, ok := s.byID[id]; ok {
				add(l.unitNode[u], l.unitNode[v], true)
			}
		}
	}
	sort.SliceStable(l.Edges, func(i, j int) bool {
		if l.Edges[i].Peer != l.Edges[j].Peer {
			return l.Edges[i].Peer // peer links under reporting lines
		}
		if l.Edges[i].A != l.Edges[j].A {
			return l.Edges[i].A < l.Edges[j].A
		}
		return l.Edges[i].B < l.Edges[j].B
	})
}

// baseRadius is a unit's radius with an empty queue.
func baseRadius(s *structure, u int) float64 {
	if u < 0 {
		return 13
	}
	switch {
	case u == s.top:
		return 14
	case s.units[u].Role == model.RoleTeam:
		return 10
	}
	return 12
}

func roleName(r model.Role) string { return r.String() }

// groupID names a group of units: "t1–t7" for a run of consecutive teams,
// "t1–t49 +7" for such a run with the managers over it, else "N units".
func groupID(s *structure, units []int) string {
	if len(units) == 0 {
		return "none"
	}
	teams, others := 0, 0
	lo, hi := math.MaxInt32, -1
	for _, u := range units {
		if s.units[u].Role != model.RoleTeam {
			others++
			continue
		}
		teams++
		lo, hi = min(lo, s.units[u].Team), max(hi, s.units[u].Team)
	}
	switch {
	case teams > 0 && hi-lo+1 == teams && others == 0:
		return fmt.Sprintf("t%d–t%d", lo+1, hi+1)
	case teams > 0 && hi-lo+1 == teams:
		return fmt.Sprintf("t%d–t%d +%d", lo+1, hi+1, others)
	}
	return fmt.Sprintf("%d units", len(units))
}
