package orgchart

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// team is one team of the chart.
type team struct {
	name    string // the team column's value; "" without one
	members []int  // people who manage nobody, in CSV order
	anchor  int    // the manager the team reports to
	joined  int    // lattice: the first-line manager who joins it; −1 for none
}

// plan is the chart turned into units: the teams in ring order and, per
// person, what they become in each organisation.
type plan struct {
	c        *Chart
	parent   []int  // per person: their manager; −1 for the top
	teams    []team // t1 … tN
	depth    []int  // per person: reporting lines below the top
	kept     []bool // per person: a manager with a team in their part of the chart
	managers []int  // kept managers in the order of the walk down the chart
	unit     []string
	coach    []string // per person: the lattice unit they become ("circle", "c<k>"); "" for none
	teamUp   []int    // per team: the person whose unit it reports to in the chart (its anchor)
	latUp    []string // per team: the lattice unit it reports to
	coachUp  []string // per person who is a coach: the lattice unit the coach reports to
	peers    [][]int  // per team: its lattice peers, nearest first
	leftOut  []int    // managers with no team below: not units
}

// newPlan forms the teams and the units of both organisations.
func newPlan(c *Chart, opt Options) *plan {
	n := len(c.People)
	p := &plan{c: c, depth: make([]int, n), kept: make([]bool, n), unit: make([]string, n), coach: make([]string, n)}
	manages := func(i int) bool { return len(c.Reports[i]) > 0 }
	parent := make([]int, n)
	for i := range parent {
		parent[i] = -1
	}
	for m, rs := range c.Reports {
		for _, r := range rs {
			parent[r] = m
		}
	}
	p.parent = parent
	// Depths, top down.
	order := []int{c.Top}
	for k := 0; k < len(order); k++ {
		for _, r := range c.Reports[order[k]] {
			p.depth[r] = p.depth[order[k]] + 1
			order = append(order, r)
		}
	}

	// Teams, in the order their first member appears.
	var teams []team
	byKey := map[string]int{}
	for i, person := range c.People {
		if manages(i) {
			continue
		}
		key := person.Team
		if !c.HasTeams {
			key = c.People[parent[i]].ID
		}
		t, ok := byKey[key]
		if !ok {
			t = len(teams)
			byKey[key] = t
			teams = append(teams, team{joined: -1})
			if c.HasTeams {
				teams[t].name = person.Team
			}
		}
		teams[t].members = append(teams[t].members, i)
	}
	// A team reports to the manager of most of its members; a tie goes
	// to the manager met first among them.
	anchored := make([][]int, n) // per manager: its teams, in creation order
	for t := range teams {
		count := map[int]int{}
		best, most := -1, 0
		for _, m := range teams[t].members {
			count[parent[m]]++
		}
		for _, m := range teams[t].members {
			if k := count[parent[m]]; k > most {
				best, most = parent[m], k
			}
		}
		teams[t].anchor = best
		anchored[best] = append(anchored[best], t)
		for a := best; a >= 0 && !p.kept[a]; a = parent[a] {
			p.kept[a] = true
		}
	}

	// Walk down the chart: each kept manager's teams, then its reports in
	// CSV order. Teams are numbered, and managers named, in this order.
	perDepth := map[int]int{}
	stack := []int{c.Top}
	for len(stack) > 0 {
		m := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		p.managers = append(p.managers, m)
		if m == c.Top {
			p.unit[m] = "root"
		} else {
			perDepth[p.depth[m]]++
			p.unit[m] = fmt.Sprintf("m%d-%d", p.depth[m], perDepth[p.depth[m]])
		}
		for _, t := range anchored[m] {
			p.teams = append(p.teams, teams[t])
		}
		rs := c.Reports[m]
		for k := len(rs) - 1; k >= 0; k-- {
			if p.kept[rs[k]] {
				stack = append(stack, rs[k])
			}
		}
	}
	for i := range c.People {
		if manages(i) && !p.kept[i] {
			p.leftOut = append(p.leftOut, i)
		}
	}
	p.teamUp = make([]int, len(p.teams))
	for t := range p.teams {
		p.teamUp[t] = p.teams[t].anchor
	}

	// The lattice rule: the top becomes the circle; a manager who leads
	// managers, or has a coach role, a coach; every other manager joins
	// the first team they led.
	leadsManagers := func(m int) bool {
		for _, r := range c.Reports[m] {
			if p.kept[r] {
				return true
			}
		}
		return false
	}
	coachRole := func(m int) bool {
		for _, r := range opt.CoachRoles {
			if r != "" && strings.EqualFold(strings.TrimSpace(r), c.People[m].Role) {
				return true
			}
		}
		return false
	}
	coaches := 0
	for _, m := range p.managers {
		switch {
		case m == c.Top:
			p.coach[m] = "circle"
		case leadsManagers(m) || coachRole(m):
			coaches++
			p.coach[m] = fmt.Sprintf("c%d", coaches)
		}
	}
	firstTeam := map[int]int{}
	for t := range p.teams {
		if _, ok := firstTeam[p.teams[t].anchor]; !ok {
			firstTeam[p.teams[t].anchor] = t
		}
	}
	for _, m := range p.managers {
		if t, ok := firstTeam[m]; ok && p.coach[m] == "" {
			p.teams[t].joined = m
		}
	}
	// Teams report to the nearest coach above them in the chart, coaches
	// to the nearest coach above theirs; the circle is above all.
	above := func(a int) string {
		for p.coach[a] == "" {
			a = parent[a]
		}
		return p.coach[a]
	}
	p.latUp = make([]string, len(p.teams))
	for t := range p.teams {
		p.latUp[t] = above(p.teams[t].anchor)
	}
	p.coachUp = make([]string, n)
	for _, m := range p.managers {
		if m != c.Top && p.coach[m] != "" {
			p.coachUp[m] = above(parent[m])
		}
	}
	p.peers = p.peerLinks(parent, opt.PeerLinks)
	return p
}

// peerLinks returns each team's k nearest other teams by distance in the
// chart: the reporting lines between the managers the two report to,
// ties to the nearer on the ring, then the lower number. A breadth-first
// walk over the kept managers from the team's own finds them layer by
// layer.
func (p *plan) peerLinks(parent []int, k int) [][]int {
	nt := len(p.teams)
	k = min(k, nt-1)
	out := make([][]int, nt)
	if k <= 0 {
		return out
	}
	teamsAt := map[int][]int{}
	for t := range p.teams {
		teamsAt[p.teams[t].anchor] = append(teamsAt[p.teams[t].anchor], t)
	}
	ring := func(a, b int) int {
		d := a - b
		if d < 0 {
			d = -d
		}
		return min(d, nt-d)
	}
	dist := map[int]int{}
	type cand struct{ t, d int }
	for t := range p.teams {
		clear(dist)
		var found []cand
		start := p.teams[t].anchor
		dist[start] = 0
		layer := []int{start}
		for d := 0; len(layer) > 0 && len(found) < k; d++ {
			var next []int
			for _, m := range layer {
				for _, u := range teamsAt[m] {
					if u != t {
						found = append(found, cand{u, d})
					}
				}
				near := p.c.Reports[m]
				if parent[m] >= 0 {
					near = append([]int{parent[m]}, near...)
				}
				for _, v := range near {
					if _, seen := dist[v]; !seen && p.kept[v] {
						dist[v] = d + 1
						next = append(next, v)
					}
				}
			}
			layer = next
		}
		slices.SortFunc(found, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(ring(a.t, t), ring(b.t, t)), cmp.Compare(a.t, b.t))
		})
		for _, f := range found[:min(k, len(found))] {
			out[t] = append(out[t], f.t)
		}
	}
	return out
}
