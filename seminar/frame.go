package seminar

import (
	"fmt"
	"math"
	"slices"
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
	Backlog int    `json:"backlog"` // open issues now
	Arrived int    `json:"arrived"`
	Decided int    `json:"decided"`
	Shown   num    `json:"shown"`   // the backlog averaged over the last working day, as the page writes it
	Twin    num    `json:"twin"`    // the undisturbed twin's backlog, likewise
	P95     num    `json:"p95"`     // the latest p95 computed, hours
	TwinP95 num    `json:"twinP95"` // the twin's
	Status  string `json:"status"`  // "" (nothing struck yet), "recovering" or "normal"
	Nodes   []int  `json:"nodes"`   // queue (waiting and in service) per drawn node
	Away    []away `json:"away,omitempty"`
	Struck  []int  `json:"struck"`         // drawn nodes the disruption the caption tells of struck
	Slow    bool   `json:"slow,omitempty"` // its links are slowed (a slowdown)
	Busiest string `json:"busiest"`        // the drawn node with the longest queue per unit
}

// buttonState says whether a disruption button would take effect now.
type buttonState struct {
	ID      Button `json:"id"`
	Refused string `json:"refused,omitempty"` // why not, for the page to grey it out and say
}

// frame is what viewers receive ten times a second at most: the state at
// one instant, and the newest points of the charts.
type frame struct {
	Run         int           `json:"run"`
	T           float64       `json:"t"`
	Clock       string        `json:"clock"`
	End         float64       `json:"end"` // when the run ends
	Paused      bool          `json:"paused"`
	Ended       bool          `json:"ended"`
	CanContinue bool          `json:"canContinue"` // the presenter may continue the ended run
	Speed       float64       `json:"speed"`       // working hours per wall-clock second
	Seed        uint64        `json:"seed"`
	Caption     string        `json:"caption"`
	Announce    string        `json:"announce"` // a short line that changes only when something happens, for screen readers
	Error       string        `json:"error,omitempty"`
	Orgs        []orgFrame    `json:"orgs"`
	Active      []string      `json:"active"` // disruptions under way, one line each
	Buttons     []buttonState `json:"buttons"`

	// The charts' newest points: Backlog[o][i] is grid point From+i and
	// P95[o][i] grid point P95From+i, and the twins' likewise. A viewer
	// that has missed points fetches /api/init again.
	From        int      `json:"from"`
	Backlog     [][]int  `json:"backlog"`
	TwinBacklog [][]int  `json:"twinBacklog"`
	P95From     int      `json:"p95from"`
	P95         [][]num  `json:"p95"`
	TwinP95     [][]num  `json:"twinP95"`
	Markers     []marker `json:"markers"` // the newest disruptions
	Notices     []string `json:"notices,omitempty"`

	// Set by the server.
	PauseAfter bool      `json:"pauseAfter"`
	Viewers    int       `json:"viewers"`        // viewers' pages connected
	Poll       *pollView `json:"poll,omitempty"` // the room's latest question
}

// tailPoints is how many of the newest chart points a frame carries.
const tailPoints = 64

// maxFrameMarkers is how many of the newest markers a frame carries.
const maxFrameMarkers = 40

// snapshot returns the session's state now as a frame; interactive says
// whether the caption may name keys (the live page) or not (a GIF).
func (e *session) snapshot(paused, interactive bool, speed float64) frame {
	f := frame{
		Run: e.run, T: e.t, Clock: clockLabel(e.t), End: e.end, Paused: paused, Ended: e.ended,
		CanContinue: e.ended && e.err == nil && e.end < e.horizon(),
		Speed:       speed, Seed: e.cfg.Seed,
	}
	if e.err != nil {
		f.Error = e.err.Error()
	}
	cur := e.current()
	for o, r := range e.runners {
		e.qbuf = r.Queues(e.qbuf)
		l := e.layouts[o]
		arr, dec, _ := r.Counts()
		of := orgFrame{
			Backlog: r.Backlog(), Arrived: arr, Decided: dec, Nodes: l.nodeQueues(e.qbuf, nil),
			Shown: num(math.Round(e.smoothed(e.hourly[o]))), Twin: num(math.Round(e.smoothed(e.twinHourly[o]))),
			P95: num(latest(e.p95[o])), TwinP95: num(latest(e.twinP95[o])), Status: e.status(o),
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
		of.Struck, of.Slow = e.highlight(cur, o)
		f.Orgs = append(f.Orgs, of)
	}
	for i := range e.markers {
		if m := &e.markers[i]; m.window(model.Surge, e.t) || m.window(model.Slowdown, e.t) {
			f.Active = append(f.Active, m.Label+" until "+clockLabel(m.Until))
		}
	}
	for _, b := range Buttons {
		bs := buttonState{ID: b}
		if err := e.refuse(b); err != nil {
			bs.Refused = strings.TrimPrefix(err.Error(), errRefused.Error()+": ")
		}
		f.Buttons = append(f.Buttons, bs)
	}
	n := len(e.backlog[0])
	f.From = max(0, n-tailPoints)
	for o := range e.runners {
		f.Backlog = append(f.Backlog, e.backlog[o][f.From:])
		f.TwinBacklog = append(f.TwinBacklog, e.twinBacklog[o][f.From:])
	}
	np := len(e.p95[0])
	f.P95From = max(0, np-tailPoints)
	for o := range e.runners {
		f.P95 = append(f.P95, nums(e.p95[o][f.P95From:]))
		f.TwinP95 = append(f.TwinP95, nums(e.twinP95[o][f.P95From:]))
	}
	f.Markers = append([]marker{}, e.markers[max(0, len(e.markers)-maxFrameMarkers):]...)
	if f.Active == nil {
		f.Active = []string{}
	}
	f.Caption = e.caption(paused, interactive, cur, f.Orgs)
	f.Announce = e.announce(cur)
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

// current returns the disruption the caption tells of: the newest, while
// it is recent (four weeks), still under way (a post it emptied still
// being filled, its window open), or some organisation is recovering; nil
// when there is none.
func (e *session) current() *marker {
	if len(e.markers) == 0 {
		return nil
	}
	m := &e.markers[len(e.markers)-1]
	if e.t-m.T < 4*sim.Week || e.underWay(m) {
		return m
	}
	for o := range e.orgs {
		if e.status(o) == "recovering" {
			return m
		}
	}
	return nil
}

// highlight returns the drawn nodes of organisation o that marker m's
// disruption struck, as the model reports them (a post that lost its
// leader, a team that lost a member); for a surge, every team, where the
// extra issues arrive; and whether its links are slowed (a slowdown).
func (e *session) highlight(m *marker, o int) ([]int, bool) {
	out := []int{}
	if m == nil || o >= len(m.d) || (o < len(m.dis) && m.dis[o] < 0 && m.Button != "") {
		return out, false
	}
	l := e.layouts[o]
	seen := map[int]bool{}
	add := func(u int) {
		if n := l.unitNode[u]; !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	switch m.d[o].Kind {
	case model.Surge:
		for u, un := range e.orgs[o].units {
			if un.Role == model.RoleTeam {
				add(u)
			}
		}
	case model.Slowdown:
		return out, true
	default:
		for _, u := range e.struck(m, o) {
			add(u)
		}
	}
	slices.Sort(out)
	return out, false
}

// caption is the one or two lines that tell the room what it is seeing:
// the disruption of late and what it struck, as the model has it, and how
// each organisation stands against its undisturbed twin. It names no key
// (phones and the GIF show it too; the presenter's buttons carry their
// keys); interactive says whether the run can be paused (the live page)
// or not (a GIF).
func (e *session) caption(paused, interactive bool, m *marker, orgs []orgFrame) string {
	var b strings.Builder
	switch {
	case e.err != nil:
		return "The run stopped: " + e.err.Error()
	case e.ended:
		fmt.Fprintf(&b, "End of the run after %s. ", duration(e.t))
		b.WriteString(e.standing(orgs))
		return b.String()
	case e.t == 0 && interactive:
		return "Ready: two organisations on the same teams, receiving identical issues."
	case e.t == 0:
		return "Two organisations on the same teams, receiving identical issues."
	case paused && interactive:
		b.WriteString("Paused. ")
	}
	if m == nil {
		switch {
		case len(e.markers) > 0:
			b.WriteString("Back to normal after every disruption. ")
			b.WriteString(e.standing(orgs))
		case e.t < sim.Week:
			b.WriteString("Issues arrive at every team; the queues fill up over the first days.")
		default:
			b.WriteString("Normal work, nothing disrupted yet: ")
			for o, of := range orgs {
				if o > 0 {
					b.WriteString("; ")
				}
				fmt.Fprintf(&b, "%s backlog %d", e.orgs[o].name, int(of.Shown))
			}
			b.WriteString(".")
		}
		return b.String()
	}
	since := e.t - m.T
	ago := "just now"
	if since >= sim.Day {
		ago = duration(since) + " ago"
	} else if since > 0 {
		ago = strconv.Itoa(int(math.Round(since))) + " h ago"
	}
	fmt.Fprintf(&b, "%s (%s)", capitalise(m.Label), ago)
	if what := e.whatStruck(m); what != "" {
		b.WriteString(": " + what)
	}
	b.WriteString(". ")
	b.WriteString(e.standing(orgs))
	return b.String()
}

// standing says how each organisation stands against its twin, in a
// sentence: "Hierarchy recovering; lattice back to normal."
func (e *session) standing(orgs []orgFrame) string {
	var parts []string
	for o, of := range orgs {
		name := e.orgs[o].name
		switch of.Status {
		case "recovering":
			parts = append(parts, name+" recovering")
		case "normal":
			if rc := e.rec[o]; rc.lastOff > rc.hit {
				parts = append(parts, name+" back to normal after "+duration(rc.lastOff-rc.hit))
			} else {
				parts = append(parts, name+" not set back")
			}
		default:
			parts = append(parts, name+" not struck")
		}
	}
	return capitalise(strings.Join(parts, "; ")) + "."
}

// whatStruck says what marker m's disruption struck and how it stands now,
// from the model: "root and circle: vacant until week 10".
func (e *session) whatStruck(m *marker) string {
	var parts [][2]string // unit, state
	for o := range e.orgs {
		if o >= len(m.d) {
			break
		}
		d := m.d[o]
		switch d.Kind {
		case model.Surge:
			if e.t < windowEnd(d) {
				return fmt.Sprintf("%g× the issues at every team until %s", d.Factor, shortClock(windowEnd(d)))
			}
			return ""
		case model.Slowdown:
			if e.t < windowEnd(d) {
				return fmt.Sprintf("every message takes %g× as long until %s", d.Factor, shortClock(windowEnd(d)))
			}
			return ""
		}
		if o < len(m.dis) && m.dis[o] < 0 {
			continue
		}
		for _, u := range e.struck(m, o) {
			parts = append(parts, [2]string{e.unitPhrase(o, u), e.postText(o, u, d)})
		}
	}
	// Units in the same state share it: "root and circle: vacant until …".
	var out []string
	for i := 0; i < len(parts); i++ {
		units := []string{parts[i][0]}
		for i+1 < len(parts) && parts[i+1][1] == parts[i][1] {
			units = append(units, parts[i+1][0])
			i++
		}
		out = append(out, strings.Join(units, " and ")+": "+parts[i][1])
	}
	return strings.Join(out, "; ")
}

// unitPhrase names unit u of organisation o for the room: "root",
// "manager m1-2 (teams 6–10)", "coach c1 (teams 1–10)", "team 7".
func (e *session) unitPhrase(o, u int) string {
	s := e.orgs[o]
	un := s.units[u]
	switch un.Role {
	case model.RoleTeam:
		return "team " + strconv.Itoa(un.Team+1)
	case model.RoleRoot:
		return un.ID
	}
	role := "manager"
	if un.Role == model.RoleCoach {
		role = "coach"
		if s.parent[u] < 0 {
			return un.ID
		}
	}
	if t := teamsUnder(s, u); t != "" {
		return role + " " + un.ID + " (" + t + ")"
	}
	return role + " " + un.ID
}

// teamsUnder writes the teams below unit u: "teams 6–10", or "" when they
// do not form one run.
func teamsUnder(s *structure, u int) string {
	lo, hi, n := math.MaxInt32, -1, 0
	for v, un := range s.units {
		if un.Role != model.RoleTeam {
			continue
		}
		for p := s.parent[v]; p >= 0; p = s.parent[p] {
			if p == u {
				lo, hi, n = min(lo, un.Team), max(hi, un.Team), n+1
				break
			}
		}
	}
	if n == 0 || hi-lo+1 != n {
		return ""
	}
	if n == 1 {
		return "team " + strconv.Itoa(lo+1)
	}
	return fmt.Sprintf("teams %d–%d", lo+1, hi+1)
}

// postText says how unit u of organisation o, which disruption d struck,
// stands now, from the model's state: "vacant until week 10", "interim
// until week 17", "new leader ramping up", "a member short".
func (e *session) postText(o, u int, d model.Disruption) string {
	st := e.state(o, u)
	until := ""
	if finite(st.Until) {
		until = fmt.Sprintf(" until week %d", int(st.Until/sim.Week)+1)
	}
	switch st.Status {
	case model.StatusVacant:
		return "vacant" + until
	case model.StatusSkipLevel:
		return "vacant, work passed up," + until
	case model.StatusDeputy:
		return "deputy" + until
	case model.StatusInterim:
		return "interim" + until
	case model.StatusRamping:
		return "new leader ramping up"
	case model.StatusShort:
		return "a member short"
	}
	if d.Kind == model.MemberLoss || d.Kind == model.Attrition {
		return "back to full strength"
	}
	return "filled again"
}

// announce is a short line for screen readers that changes only when
// something happens: the newest disruption and what it struck.
func (e *session) announce(m *marker) string {
	switch {
	case e.err != nil:
		return "The run stopped."
	case e.ended:
		return "End of the run."
	case m == nil:
		return ""
	}
	var parts []string
	for o, w := range m.What {
		parts = append(parts, e.orgs[o].name+": "+w)
	}
	return fmt.Sprintf("%s, %s. %s.", capitalise(m.Label), clockLabel(m.T), strings.Join(parts, "; "))
}

// struck returns the units marker m's disruption has struck so far in
// organisation o, as the model reports them.
func (e *session) struck(m *marker, o int) []int {
	if o >= len(m.dis) || m.dis[o] < 0 {
		return nil
	}
	return e.runners[o].Struck(m.dis[o])
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

// shortClock writes simulated time t as a working week and day: "week 10,
// Mon".
func shortClock(t float64) string {
	c := clockLabel(t)
	if i := strings.LastIndexByte(c, ' '); i > 0 {
		return c[:i]
	}
	return c
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
