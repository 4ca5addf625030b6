package model

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	suggestpkg "github.com/orgsim/orgsim/internal/suggest"
	"github.com/orgsim/orgsim/sim"
)

// unit is one compiled unit of an organisation: its place in the structure
// and its parameters. Units 0 … Teams−1 are the teams, in team order.
type unit struct {
	id      string
	role    Role
	parent  int32 // the unit above; −1 for none
	depth   int32 // distance from the top of its tree (top = 0)
	p       UnitParams
	servers int  // parallel deciders (a pooled team: 1)
	pooled  bool // a team whose one decider's rate scales with members present
	// symmetric: the unit screens by Accuracy alone (AcceptGood and
	// AcceptBad unset)
	symmetric bool
	// advisable: the unit has someone to ask for advice (peer links, or
	// teams within the advice radius)
	svc       sampler // the compiled decision-time distribution
	peers     []int32 // advice partners, nearest first
	advisable bool
	tin       int32 // Euler-tour entry index: u covers v iff tin[u] ≤ tin[v] < tout[u]
	tout      int32
}

// unitFast is what the events at a unit read of its compiled parameters,
// copied from its unit into one cache line (TestUnitFastLayout): the
// array of them for 10,000 teams is 0.7 MB, where the units' are 3.5 MB
// with the hot fields spread over several lines of each.
type unitFast struct {
	rate      float64 // TimeShare × Availability
	accuracy  float64
	good, bad float64 // Screening()
	parent    int32
	tin, tout int32
	svc       int32 // the decision-time sampler: org.svcs[svc]
	role      Role
	pooled    bool
	symmetric bool
	advisable bool
	_         [12]byte
}

// org is a compiled organisation.
type org struct {
	name     string
	kind     Structure
	units    []unit
	routing  Routing
	byID     map[string]int32
	hop      sampler     // the compiled hop delay
	fidelity [32]float64 // fidelity^hops for short paths
	// the work's team form, for capacities
	form        TeamForm
	teamSize    int
	processLoss float64
	tacit       float64    // the organisation's Tacit
	children    [][]int32  // per unit: the units reporting to it
	leaders     []int32    // the units that others report to
	load        []float64  // baseline offered load per unit, when a deputy policy needs it
	next        []int32    // with traffic: next step towards each destination, next[dest*n+u]
	fast        []unitFast // parallel to units
	svcs        []sampler  // the distinct decision-time samplers
}

// tierOf returns where unit u sits: a team, a unit with one above it, or
// one at the top.
func (o *org) tierOf(u int32) Tier {
	un := &o.fast[u]
	switch {
	case un.role == RoleTeam:
		return TierTeam
	case un.parent >= 0:
		return TierMiddle
	}
	return TierTop
}

// covers reports whether unit u's subtree contains unit v.
func (o *org) covers(u, v int32) bool {
	a, b := &o.fast[u], &o.fast[v]
	return a.tin <= b.tin && b.tin < a.tout
}

// positions returns each team's coordinates on the locality.
func (w *Work) gridWidth() int {
	if w.GridWidth > 0 {
		return w.GridWidth
	}
	return int(math.Ceil(math.Sqrt(float64(w.Teams))))
}

// distance is the locality distance between teams a and b.
func (w *Work) distance(a, b int) int {
	if w.Locality == Grid {
		gw := w.gridWidth()
		dx, dy := a%gw-b%gw, a/gw-b/gw
		return max(abs(dx), abs(dy))
	}
	d := abs(a - b)
	return min(d, w.Teams-d)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// neighbours returns the teams other than t within locality distance r,
// nearest first; the order is the same for every organisation. On a ring
// the team d places ahead (t+d) comes before the one d behind (t−d); on a
// grid each ring of distance d is taken row by row, left to right.
func (w *Work) neighbours(t, r int, dst []int32) []int32 {
	dst = dst[:0]
	if w.Locality == Grid {
		gw := w.gridWidth()
		x, y := t%gw, t/gw
		for d := 1; d <= r; d++ {
			for yy := y - d; yy <= y+d; yy++ {
				for xx := x - d; xx <= x+d; xx++ {
					if max(abs(xx-x), abs(yy-y)) != d || xx < 0 || xx >= gw || yy < 0 {
						continue
					}
					if v := yy*gw + xx; v < w.Teams {
						dst = append(dst, int32(v))
					}
				}
			}
		}
		return dst
	}
	n := w.Teams
	for d := 1; d <= r && d < n; d++ {
		for _, v := range [2]int32{int32((t + d) % n), int32((t - d%n + n) % n)} {
			if v != int32(t) && !contains(dst, v) {
				dst = append(dst, v)
			}
		}
	}
	return dst
}

// teamID is the id of team i (0-based): "t1", "t2", …
func teamID(i int) string { return "t" + strconv.Itoa(i+1) }

// compile builds organisation i of cfg. The Config must have passed
// validation of its own fields; structural problems are reported as errors.
func compile(cfg *Config, i int) (*org, error) {
	spec := &cfg.Organisations[i]
	w := &cfg.Work
	o := &org{name: spec.Name, kind: spec.Structure, routing: spec.Routing, byID: map[string]int32{}, hop: compileDist(spec.Routing.Hop),
		form: w.TeamForm, teamSize: w.TeamSize, processLoss: w.ProcessLoss}
	teams := make([]unit, w.Teams)
	for t := range teams {
		teams[t] = unit{id: teamID(t), role: RoleTeam, parent: -1}
	}
	o.units = teams
	add := func(id string, role Role) int32 {
		o.units = append(o.units, unit{id: id, role: role, parent: -1})
		return int32(len(o.units) - 1)
	}
	switch spec.Structure {
	case Hierarchy:
		spans := spec.Span
		levels := spec.Levels
		// Counts per level, bottom-up: the lowest managers take span
		// consecutive teams each.
		span := func(level int) int { // level counted from the top (root = 0)
			if len(spans) == 1 {
				return spans[0]
			}
			return spans[level]
		}
		counts := make([]int, levels) // counts[level], level 0 = root
		below := w.Teams
		for l := levels - 1; l >= 0; l-- {
			counts[l] = (below + span(l) - 1) / span(l)
			below = counts[l]
		}
		if counts[0] != 1 {
			return nil, fmt.Errorf("levels = %d with span %v over %d teams leaves %d units at the top, not one root (allowed: levels and span with span^levels ≥ teams, e.g. levels = %d)",
				levels, spans, w.Teams, counts[0], levelsNeeded(w.Teams, span, levels))
		}
		first := make([]int32, levels)
		for l := 0; l < levels; l++ {
			first[l] = int32(len(o.units))
			for k := 0; k < counts[l]; k++ {
				if l == 0 {
					add("root", RoleRoot)
				} else {
					id := fmt.Sprintf("m%d-%d", l, k+1)
					u := add(id, RoleManager)
					o.units[u].parent = first[l-1] + int32(k/span(l-1))
				}
			}
		}
		for t := 0; t < w.Teams; t++ {
			o.units[t].parent = first[levels-1] + int32(t/span(levels-1))
		}
	case Lattice:
		var nb []int32
		rng := sim.Keys{Seed: cfg.Seed}.Stream(purposeStructure, uint64(i))
		for t := 0; t < w.Teams; t++ {
			for r := 1; ; r++ {
				nb = w.neighbours(t, r, nb)
				if len(nb) >= spec.PeerLinks || r >= w.Teams {
					break
				}
			}
			k := min(spec.PeerLinks, len(nb))
			peers := append([]int32(nil), nb[:k]...)
			for j := range peers {
				if spec.Rewire > 0 && rng.Float64() < spec.Rewire {
					// Rewire to a random team that is neither t nor already a peer.
					for try := 0; try < 32; try++ {
						v := int32(rng.IntN(w.Teams))
						if v != int32(t) && !contains(peers, v) {
							peers[j] = v
							break
						}
					}
				}
			}
			o.units[t].peers = peers
		}
		if c := spec.TeamsPerCoach; c > 0 {
			var circle int32 = -1
			nCoach := (w.Teams + c - 1) / c
			firstCoach := int32(len(o.units))
			for k := 0; k < nCoach; k++ {
				add(fmt.Sprintf("c%d", k+1), RoleCoach)
			}
			if spec.Circle {
				circle = add("circle", RoleCoach)
			}
			for k := int32(0); k < int32(nCoach); k++ {
				o.units[firstCoach+k].parent = circle
			}
			for t := 0; t < w.Teams; t++ {
				o.units[t].parent = firstCoach + int32(t/c)
			}
		}
	case Explicit:
		if err := o.explicit(spec, w); err != nil {
			return nil, err
		}
	}
	for h := range o.fidelity {
		o.fidelity[h] = math.Pow(o.routing.Fidelity, float64(h))
	}
	for u := range o.units {
		o.byID[o.units[u].id] = int32(u)
	}
	if err := o.tour(); err != nil {
		return nil, err
	}
	o.tacit = spec.Tacit
	o.children = make([][]int32, len(o.units))
	for u := range o.units {
		if p := o.units[u].parent; p >= 0 {
			if len(o.children[p]) == 0 {
				o.leaders = append(o.leaders, p)
			}
			o.children[p] = append(o.children[p], int32(u))
		}
	}
	slices.Sort(o.leaders)
	if spec.Structure == Explicit {
		// Every unit must be reachable from some team along reports_to.
		reached := make([]bool, len(o.units))
		for t := 0; t < w.Teams; t++ {
			for u := int32(t); u >= 0 && !reached[u]; u = o.units[u].parent {
				reached[u] = true
			}
		}
		var loose []string
		for u := w.Teams; u < len(o.units); u++ {
			if !reached[u] {
				loose = append(loose, o.units[u].id)
			}
		}
		if len(loose) > 0 {
			return nil, fmt.Errorf("units %s are not connected to the structure: no team reports to them, directly or through others", strings.Join(loose, ", "))
		}
	}
	for u := range o.units {
		un := &o.units[u]
		switch un.role {
		case RoleTeam:
			un.p = spec.Team
		case RoleManager:
			un.p = spec.Manager
			if d := int(un.depth) - 1; d >= 0 && d < len(spec.ManagerLevels) {
				un.p = spec.ManagerLevels[d]
			}
		case RoleCoach:
			un.p = spec.Coach
		case RoleRoot:
			un.p = spec.Root
		}
		if spec.Structure == Explicit {
			if ps := spec.Units[o.specIndex(u, spec)].Params; ps != nil {
				un.p = *ps
			}
		}
		un.svc = compileDist(un.p.Decision)
		un.servers = max(un.p.Servers, 1)
		un.pooled = un.role == RoleTeam && un.p.Servers == 0
		if un.role == RoleTeam {
			switch w.TeamForm {
			case TeamPooled:
				un.servers, un.pooled = 1, true
			case TeamMembers:
				un.servers, un.pooled = w.TeamSize, false
			}
		}
		un.symmetric = un.p.AcceptGood == 0 && un.p.AcceptBad == 0
		un.advisable = len(un.peers) > 0 ||
			spec.Routing.AdviceBy == ByDirectory && un.role == RoleTeam && spec.Routing.AdviceRadius > 0 && w.Teams > 1
	}
	o.compileFast()
	return o, nil
}

// compileFast fills o.fast and o.svcs from the compiled units.
func (o *org) compileFast() {
	o.fast = make([]unitFast, len(o.units))
	index := map[Dist]int32{}
	for u := range o.units {
		un := &o.units[u]
		k, ok := index[un.p.Decision]
		if !ok {
			k = int32(len(o.svcs))
			index[un.p.Decision] = k
			o.svcs = append(o.svcs, un.svc)
		}
		f := &o.fast[u]
		f.rate = un.p.TimeShare * un.p.Availability
		f.accuracy = un.p.Accuracy
		f.good, f.bad = un.p.Screening()
		f.parent, f.tin, f.tout, f.svc = un.parent, un.tin, un.tout, k
		f.role, f.pooled, f.symmetric, f.advisable = un.role, un.pooled, un.symmetric, un.advisable
	}
}

// levelsNeeded returns the number of levels that puts one root over n teams
// with the given spans (a hint for an error message).
func levelsNeeded(n int, span func(int) int, levels int) int {
	s := span(levels - 1)
	if s < 2 {
		return levels
	}
	l := 0
	for c := n; c > 1; c = (c + s - 1) / s {
		l++
	}
	return max(l, 1)
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// specIndex maps compiled unit u back to its UnitSpec in an explicit
// structure.
func (o *org) specIndex(u int, spec *Organisation) int {
	id := o.units[u].id
	for i := range spec.Units {
		if spec.Units[i].ID == id {
			return i
		}
	}
	panic("model: unit " + id + " has no spec")
}

// explicit builds the units of an explicit structure. Team units keep their
// team order; the rest follow in file order.
func (o *org) explicit(spec *Organisation, w *Work) error {
	ids := map[string]int32{}
	for t := 0; t < w.Teams; t++ {
		ids[teamID(t)] = int32(t)
	}
	seenTeam := make([]bool, w.Teams)
	for _, us := range spec.Units {
		if us.Role == RoleTeam {
			t, ok := ids[us.ID]
			if !ok {
				return fmt.Errorf("team unit %q: teams are t1 … t%d (one per team of the work)", us.ID, w.Teams)
			}
			if seenTeam[t] {
				return fmt.Errorf("unit %q listed twice", us.ID)
			}
			seenTeam[t] = true
			continue
		}
		if _, dup := ids[us.ID]; dup {
			return fmt.Errorf("unit %q listed twice or clashes with a team id", us.ID)
		}
		o.units = append(o.units, unit{id: us.ID, role: us.Role, parent: -1})
		ids[us.ID] = int32(len(o.units) - 1)
	}
	var missing []string
	for t, ok := range seenTeam {
		if !ok {
			missing = append(missing, teamID(t))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("teams %s are not listed (every team of the work must be a unit)", strings.Join(missing, ", "))
	}
	for _, us := range spec.Units {
		u := ids[us.ID]
		if us.ReportsTo != "" {
			p, ok := ids[us.ReportsTo]
			if !ok {
				return fmt.Errorf("unit %q reports_to unknown unit %q%s", us.ID, us.ReportsTo, suggest(us.ReportsTo, ids))
			}
			if p == u {
				return fmt.Errorf("unit %q reports to itself", us.ID)
			}
			o.units[u].parent = p
		}
		for _, peer := range us.Peers {
			p, ok := ids[peer]
			if !ok {
				return fmt.Errorf("unit %q has unknown peer %q%s", us.ID, peer, suggest(peer, ids))
			}
			if p != u {
				o.units[u].peers = append(o.units[u].peers, p)
			}
		}
	}
	return nil
}

// suggest returns ` (did you mean "x"?)` for the known id nearest to s, or
// "" when none is near.
func suggest(s string, ids map[string]int32) string {
	names := make([]string, 0, len(ids))
	for id := range ids {
		names = append(names, id)
	}
	sort.Strings(names)
	if best := suggestpkg.Nearest(s, names, 3); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// tour numbers the units in depth-first order over the reports_to forest,
// sets depths and subtree intervals, and rejects cycles.
func (o *org) tour() error {
	n := len(o.units)
	children := make([][]int32, n)
	var tops []int32
	for u := range o.units {
		if p := o.units[u].parent; p >= 0 {
			children[p] = append(children[p], int32(u))
		} else {
			tops = append(tops, int32(u))
		}
	}
	var clock int32
	seen := 0
	type frame struct {
		u    int32
		next int
	}
	var stack []frame
	for _, top := range tops {
		o.units[top].depth = 0
		o.units[top].tin = clock
		clock++
		seen++
		stack = append(stack[:0], frame{u: top})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < len(children[f.u]) {
				c := children[f.u][f.next]
				f.next++
				o.units[c].depth = o.units[f.u].depth + 1
				o.units[c].tin = clock
				clock++
				seen++
				stack = append(stack, frame{u: c})
				continue
			}
			o.units[f.u].tout = clock
			stack = stack[:len(stack)-1]
		}
	}
	if seen != n {
		var in []string
		for u := range o.units {
			if o.units[u].tout == 0 && o.units[u].tin == 0 && !containsTop(tops, int32(u)) {
				in = append(in, o.units[u].id)
			}
		}
		sort.Strings(in)
		return fmt.Errorf("reports_to has a cycle through %s", strings.Join(in, ", "))
	}
	return nil
}

func containsTop(tops []int32, u int32) bool { return contains(tops, u) }

// Unit describes one unit of a compiled organisation, for views and reports.
type Unit struct {
	ID     string
	Role   Role
	Parent string   // id of the unit above, "" for none
	Depth  int      // distance from the top of its tree
	Team   int      // team index for a team unit, −1 otherwise
	Peers  []string // advice partners, nearest first
}

// Units compiles organisation i of cfg and returns its units: the teams
// first, in team order, then the others.
func Units(cfg *Config, i int) ([]Unit, error) {
	o, err := compile(cfg, i)
	if err != nil {
		return nil, err
	}
	out := make([]Unit, len(o.units))
	for u, un := range o.units {
		out[u] = Unit{ID: un.id, Role: un.role, Depth: int(un.depth), Team: -1}
		if un.parent >= 0 {
			out[u].Parent = o.units[un.parent].id
		}
		if un.role == RoleTeam {
			out[u].Team = u
		}
		for _, p := range un.peers {
			out[u].Peers = append(out[u].Peers, o.units[p].id)
		}
	}
	return out, nil
}
