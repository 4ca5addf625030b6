package seminar

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// num is a number that is written as null in JSON when it is not finite
// (a p95 with too few decisions behind it).
type num float64

// MarshalJSON writes n, or null.
func (n num) MarshalJSON() ([]byte, error) {
	if !finite(float64(n)) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(n), 'g', 6, 64), nil
}

func nums(x []float64) []num {
	out := make([]num, len(x))
	for i, v := range x {
		out[i] = num(v)
	}
	return out
}

// away marks a drawn node that is not at full strength: a post vacant,
// held by someone standing in or newly filled, or a team short of members.
type away struct {
	Node  int    `json:"node"`
	State string `json:"state"` // vacant, skip-level, deputy, interim, new or short
}

// orgFrame is one organisation at one instant.
type orgFrame struct {
	Backlog int    `json:"backlog"` // open issues
	Arrived int    `json:"arrived"`
	Decided int    `json:"decided"`
	P95     num    `json:"p95"`   // the latest p95 computed, hours
	Nodes   []int  `json:"nodes"` // queue (waiting and in service) per drawn node
	Away    []away `json:"away,omitempty"`
	Busiest string `json:"busiest"` // the drawn node with the longest queue per unit
}

// frame is what viewers receive ten times a second at most: the state at
// one instant, and the newest points of the charts.
type frame struct {
	Run     int        `json:"run"`
	T       float64    `json:"t"`
	Clock   string     `json:"clock"`
	Paused  bool       `json:"paused"`
	Ended   bool       `json:"ended"`
	Speed   float64    `json:"speed"` // working hours per wall-clock second
	Seed    uint64     `json:"seed"`
	Caption string     `json:"caption"`
	Error   string     `json:"error,omitempty"`
	Orgs    []orgFrame `json:"orgs"`
	Active  []string   `json:"active"` // disruptions under way, one line each

	// The charts' newest points: Backlog[o][i] is grid point From+i and
	// P95[o][i] grid point P95From+i. A viewer that has missed points
	// fetches /api/init again.
	From    int      `json:"from"`
	Backlog [][]int  `json:"backlog"`
	P95From int      `json:"p95from"`
	P95     [][]num  `json:"p95"`
	Markers []marker `json:"markers"` // the newest disruptions
	Notices []string `json:"notices,omitempty"`
}

// tailPoints is how many of the newest chart points a frame carries.
const tailPoints = 64

// maxFrameMarkers is how many of the newest markers a frame carries.
const maxFrameMarkers = 40

// snapshot returns the session's state now as a frame.
func (e *session) snapshot(paused bool, speed float64) frame {
	f := frame{
		Run: e.run, T: e.t, Clock: clockLabel(e.t), Paused: paused, Ended: e.ended,
		Speed: speed, Seed: e.cfg.Seed,
	}
	if e.err != nil {
		f.Error = e.err.Error()
	}
	for o, r := range e.runners {
		e.qbuf = r.Queues(e.qbuf)
		l := e.layouts[o]
		arr, dec, _ := r.Counts()
		of := orgFrame{Backlog: r.Backlog(), Arrived: arr, Decided: dec, Nodes: l.nodeQueues(e.qbuf, nil), P95: num(math.NaN())}
		if n := len(e.p95[o]); n > 0 {
			for i := n - 1; i >= 0; i-- {
				if finite(e.p95[o][i]) {
					of.P95 = num(e.p95[o][i])
					break
				}
			}
		}
		best, bq := -1, -1.0
		for i, q := range of.Nodes {
			per := float64(q) / float64(max(l.Nodes[i].Units, 1))
			if per > bq {
				best, bq = i, per
			}
		}
		if best >= 0 {
			of.Busiest = l.Nodes[best].ID
		}
		of.Away = e.away(o)
		f.Orgs = append(f.Orgs, of)
	}
	for i := range e.markers {
		if m := &e.markers[i]; m.window(model.Surge, e.t) || m.window(model.Slowdown, e.t) {
			f.Active = append(f.Active, m.Label+" until "+clockLabel(m.Until))
		}
	}
	n := len(e.backlog[0])
	f.From = max(0, n-tailPoints)
	for o := range e.runners {
		f.Backlog = append(f.Backlog, e.backlog[o][f.From:])
	}
	np := len(e.p95[0])
	f.P95From = max(0, np-tailPoints)
	for o := range e.runners {
		f.P95 = append(f.P95, nums(e.p95[o][f.P95From:]))
	}
	f.Markers = append([]marker{}, e.markers[max(0, len(e.markers)-maxFrameMarkers):]...)
	if f.Active == nil {
		f.Active = []string{}
	}
	f.Caption = e.caption(paused, f.Orgs)
	return f
}

// away returns the drawn nodes of organisation o that are not at full
// strength, in node order, from the model's state of every unit
// ([model.Runner.States]). A node that stands for several units shows the
// state furthest from normal among them.
func (e *session) away(o int) []away {
	e.states[o] = e.runners[o].States(e.states[o])
	l := e.layouts[o]
	rank := make([]int, len(l.Nodes))
	for i := range rank {
		rank[i] = -1
	}
	for u, st := range e.states[o] {
		if k := drawnRank(st.Status); k >= 0 {
			if n := l.unitNode[u]; rank[n] < 0 || k < rank[n] {
				rank[n] = k
			}
		}
	}
	var out []away
	for n, k := range rank {
		if k >= 0 {
			out = append(out, away{Node: n, State: stateNames[k]})
		}
	}
	return out
}

// backlogAt returns organisation o's backlog at the grid point at or before
// time t.
func (e *session) backlogAt(o int, t float64) int {
	k := int(t / e.step)
	k = max(0, min(k, len(e.backlog[o])-1))
	return e.backlog[o][k]
}

// caption is the one line that tells the room what it is seeing.
func (e *session) caption(paused bool, orgs []orgFrame) string {
	var b strings.Builder
	switch {
	case e.err != nil:
		return "The run stopped: " + e.err.Error()
	case e.ended:
		return fmt.Sprintf("End of the run (%s). Press R for a new run with another seed.", clockLabel(e.t))
	case paused && e.t == 0:
		return "Ready: two organisations on the same teams, receiving identical issues. Press Space to start."
	case paused:
		b.WriteString("Paused. ")
	}
	// The newest disruption that is recent (four weeks) or still under way
	// (a post vacant or held by an interim, a window still open).
	var m *marker
	for i := len(e.markers) - 1; i >= 0 && m == nil; i-- {
		if e.t-e.markers[i].T < 4*sim.Week || e.underWay(&e.markers[i]) {
			m = &e.markers[i]
		}
	}
	if m == nil {
		if e.t < sim.Week {
			b.WriteString("Issues arrive at every team; the queues fill up over the first days.")
			return b.String()
		}
		b.WriteString("Normal work: ")
		for o, of := range orgs {
			if o > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s backlog %d, busiest %s", e.orgs[o].name, of.Backlog, of.Busiest)
			if finite(float64(of.P95)) {
				fmt.Fprintf(&b, ", p95 %s", duration(float64(of.P95)))
			}
		}
		b.WriteString(".")
		return b.String()
	}
	since := e.t - m.T
	ago := "just now"
	if since >= sim.Day {
		ago = duration(since) + " ago"
	} else if since > 0 {
		ago = strconv.Itoa(int(math.Round(since))) + " h ago"
	}
	fmt.Fprintf(&b, "%s (%s): ", capitalise(m.Label), ago)
	for o, of := range orgs {
		if o > 0 {
			b.WriteString("; ")
		}
		before := e.backlogAt(o, m.T)
		fmt.Fprintf(&b, "%s backlog %d → %d", e.orgs[o].name, before, of.Backlog)
		if u := e.postStruck(m, o); u >= 0 {
			l := e.layouts[o]
			q := of.Nodes[l.unitNode[u]]
			fmt.Fprintf(&b, ", %s holds %d", e.orgs[o].units[u].ID, q)
		} else if o < len(m.What) && (m.Button == TopLeader || m.Button == TeamLead) {
			b.WriteString(" (" + m.What[o] + ")")
		}
	}
	b.WriteString(".")
	return b.String()
}

// struck returns the units marker m's disruption has struck so far in
// organisation o, as the model reports them.
func (e *session) struck(m *marker, o int) []int {
	if o >= len(m.dis) || m.dis[o] < 0 {
		return nil
	}
	return e.runners[o].Struck(m.dis[o])
}

// postStruck returns the post whose leader marker m's leader loss took
// away in organisation o, or −1 where it took none (another kind).
func (e *session) postStruck(m *marker, o int) int {
	if o >= len(m.d) || m.d[o].Kind != model.LeaderLoss {
		return -1
	}
	if s := e.struck(m, o); len(s) > 0 {
		return s[0]
	}
	return -1
}

// underWay reports whether marker m's disruption still holds: a post it
// emptied is still being filled (the model's state of the post), or its
// window is open.
func (e *session) underWay(m *marker) bool {
	for o, d := range m.d {
		switch d.Kind {
		case model.LeaderLoss, model.Attrition:
			if s := e.struck(m, o); len(s) > 0 {
				e.states[o] = e.runners[o].States(e.states[o])
				for _, u := range s {
					if filling(e.states[o][u].Status) {
						return true
					}
				}
			}
		case model.Surge, model.Slowdown:
			if e.t < windowEnd(d) {
				return true
			}
		}
	}
	return false
}

// duration writes working hours for people: "6 h", "2.5 days", "3 weeks".
func duration(h float64) string {
	switch {
	case h < 2*sim.Day:
		return strconv.FormatFloat(math.Round(h), 'f', -1, 64) + " h"
	case h < 2*sim.Week:
		return strconv.FormatFloat(math.Round(h/sim.Day*10)/10, 'f', -1, 64) + " days"
	}
	return strconv.FormatFloat(math.Round(h/sim.Week*10)/10, 'f', -1, 64) + " weeks"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
