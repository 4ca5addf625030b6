package seminar

import (
	"fmt"
	"math"
	"strconv"

	"github.com/orgsim/orgsim/model"
)

// A Button is one of the presenter's disruption buttons.
type Button string

// The disruption buttons (see the package documentation for what each does
// in each structure).
const (
	TopLeader Button = "top-leader" // the top leader leaves
	TeamLead  Button = "team-lead"  // a team lead leaves
	Surge     Button = "surge"      // demand doubles for a week
	Slowdown  Button = "slowdown"   // communication slows for a week
)

// Buttons lists the disruption buttons in the order the page shows them.
var Buttons = []Button{TopLeader, TeamLead, Surge, Slowdown}

// Label returns the button's text as the audience reads it.
func (b Button) Label() string {
	switch b {
	case TopLeader:
		return "the top leader leaves"
	case TeamLead:
		return "a team lead leaves"
	case Surge:
		return "demand doubles for a week"
	case Slowdown:
		return "communication slows"
	}
	return string(b)
}

// text is the button's text on the page: short enough for a row of
// buttons on a projector.
func (b Button) text() string {
	switch b {
	case TopLeader:
		return "Top leader leaves"
	case TeamLead:
		return "Team lead leaves"
	case Surge:
		return "Demand doubles"
	case Slowdown:
		return "Messages slow"
	}
	return string(b)
}

func validButton(b Button) bool {
	for _, x := range Buttons {
		if x == b {
			return true
		}
	}
	return false
}

// structure holds what the view knows of one organisation's units, from
// [model.Units], and which of them is its top leader, as the model says.
type structure struct {
	name   string
	kind   model.Structure
	units  []model.Unit
	byID   map[string]int
	parent []int
	top    int // the unit a loss of the top leader strikes; −1: the model finds none
}

// newStructure reads organisation org of cfg; its top leader is left for
// the session to ask the model (see topLeader).
func newStructure(cfg *model.Config, org int) (*structure, error) {
	us, err := model.Units(cfg, org)
	if err != nil {
		return nil, err
	}
	s := &structure{name: cfg.Organisations[org].Name, kind: cfg.Organisations[org].Structure, units: us, byID: map[string]int{}, top: -1}
	for i, u := range us {
		s.byID[u.ID] = i
	}
	s.parent = make([]int, len(us))
	for i, u := range us {
		s.parent[i] = -1
		if u.Parent != "" {
			s.parent[i] = s.byID[u.Parent]
		}
	}
	return s, nil
}

// topLeader returns the unit that the top leader button's disruption (a
// leader loss with the model's "root" selector) strikes in organisation
// org, or −1 where the model finds no single top leader. The view does not
// resolve selectors itself: it asks the model.
func topLeader(plan *model.Plan, org int) (int, error) {
	u, err := plan.Resolve(org, model.DisruptionDefaults(model.LeaderLoss, 0).Selector)
	if err != nil {
		return -1, nil
	}
	return u, nil
}

// strike is what one press does to one organisation: the disruption to
// inject, or nothing.
type strike struct {
	d    model.Disruption
	none bool   // nothing happens in this organisation
	why  string // why nothing happens
}

// strikes returns, for each organisation, the disruption button b pressed
// at time t injects: the model's defaults for its kind
// ([model.DisruptionDefaults]), with only what the button means set on
// top (which leader, which team) and the interim's capacity the
// presenter's slider chose. team is the team a team lead's loss concerns
// (0-based).
func strikes(b Button, t float64, team int, orgs []*structure, interim float64) []strike {
	out := make([]strike, len(orgs))
	for i, s := range orgs {
		var st strike
		switch b {
		case TopLeader:
			if s.top < 0 {
				st.none, st.why = true, "no top leader"
				break
			}
			st.d = model.DisruptionDefaults(model.LeaderLoss, t) // selector "root"
			st.d.InterimFactor = interim
		case TeamLead:
			if p := s.parent[team]; p >= 0 {
				st.d = model.DisruptionDefaults(model.LeaderLoss, t)
				st.d.Selector = s.units[p].ID
				st.d.InterimFactor = interim
			} else {
				st.d = model.DisruptionDefaults(model.MemberLoss, t)
				st.d.Team = teamID(team)
			}
		case Surge:
			st.d = model.DisruptionDefaults(model.Surge, t)
		case Slowdown:
			st.d = model.DisruptionDefaults(model.Slowdown, t)
		}
		out[i] = st
	}
	return out
}

// teamID is the id of team k (0-based), as scenarios and the log write it.
func teamID(k int) string { return "t" + strconv.Itoa(k+1) }

// marker is a disruption as the charts and captions show it: a press or a
// scenario's own disruption. What it struck is the model's to say: the
// view keeps, per organisation, the disruption's index in the runner (see
// [model.Runner.Struck]).
type marker struct {
	T      float64  `json:"t"`
	Button Button   `json:"button,omitempty"` // empty for a scenario disruption
	Label  string   `json:"label"`
	Short  string   `json:"short"`           // one or two characters for the chart
	Until  float64  `json:"until,omitempty"` // when its window closes (surge, slowdown, a member's return); 0 for none
	Team   int      `json:"-"`
	What   []string `json:"what"` // per organisation
	dis    []int    // per organisation: the disruption's index in its runner, −1 where none was injected
	d      []model.Disruption
}

// shortLabel is the chart mark of each button.
func shortLabel(b Button) string {
	switch b {
	case TopLeader:
		return "1"
	case TeamLead:
		return "2"
	case Surge:
		return "3"
	case Slowdown:
		return "4"
	}
	return "•"
}

// windowEnd returns when disruption d's window closes: the end of a surge
// or slowdown, or a lost member's return; 0 when it has none.
func windowEnd(d model.Disruption) float64 {
	switch d.Kind {
	case model.Surge, model.Slowdown, model.MemberLoss, model.Attrition:
		return d.Until
	}
	return 0
}

// window reports whether a disruption of kind k that m stands for is still
// on at time t.
func (m *marker) window(k model.DisruptionKind, t float64) bool {
	for _, d := range m.d {
		if d.Kind == k && t < windowEnd(d) {
			return true
		}
	}
	return false
}

// scenarioLabel names a scenario's own disruption d for the charts: its
// label and its chart mark.
func scenarioLabel(d model.Disruption) (label, short string) {
	switch d.Kind {
	case model.LeaderLoss:
		if d.Selector == "root" {
			return "the top leader leaves", "1"
		}
		return "leader loss (" + d.Selector + ")", "S"
	case model.Surge:
		if d.Factor == 2 {
			return "demand doubles", "3"
		}
		return fmt.Sprintf("demand ×%g", d.Factor), "3"
	case model.Slowdown:
		return fmt.Sprintf("hops ×%g", d.Factor), "4"
	case model.MemberLoss:
		return "a member leaves (" + d.Team + ")", "S"
	}
	return d.Kind.String(), "S"
}

// describe says what disruption d did to organisation s, from the units
// the model reports it struck; b is the button pressed ("" for a
// scenario's disruption), team the team a team lead's loss concerns, and
// label what to say of a disruption that strikes no unit in particular.
func describe(b Button, d model.Disruption, struck []int, team int, s *structure, label string) string {
	switch d.Kind {
	case model.LeaderLoss:
		if len(struck) == 0 {
			return "nobody leaves"
		}
		id := s.units[struck[0]].ID
		if b == TeamLead {
			return id + " (above " + teamID(team) + ") leaves"
		}
		return id + " leaves"
	case model.MemberLoss:
		if len(struck) == 0 {
			return "nobody is left in " + d.Team + " to leave"
		}
		return s.units[struck[0]].ID + " loses a member"
	case model.Surge:
		if b != "" {
			return fmt.Sprintf("arrivals ×%g", d.Factor)
		}
	case model.Slowdown:
		if b != "" {
			return fmt.Sprintf("hops ×%g", d.Factor)
		}
	}
	return label
}

// filling reports whether a post in state st is still being filled (vacant,
// or held by someone standing in): a press that would strike it again is
// refused.
func filling(st model.UnitStatus) bool {
	switch st {
	case model.StatusVacant, model.StatusSkipLevel, model.StatusDeputy, model.StatusInterim:
		return true
	}
	return false
}

// fillingText says how a post being filled stands and until when, from the
// model's state: "held by an interim until week 17, Mon 09:00".
func fillingText(st model.UnitState) string {
	var how string
	switch st.Status {
	case model.StatusVacant:
		how = "vacant"
	case model.StatusSkipLevel:
		how = "vacant, its work passed to the unit above,"
	case model.StatusDeputy:
		how = "covered by a deputy"
	case model.StatusInterim:
		how = "held by an interim"
	default:
		how = st.Status.String()
	}
	if !finite(st.Until) {
		return how + ", for a time not yet known"
	}
	return how + " until " + clockLabel(st.Until)
}

// stateNames are the words written by a unit drawn with a dashed outline,
// in rank order: a node that stands for several units shows the first that
// applies to any of them.
var stateNames = [...]string{"vacant", "skip-level", "deputy", "interim", "new", "short"}

// drawnRank returns the index in stateNames of the word written by a unit
// in state st, or −1 for a unit drawn plainly (at full strength, or a
// leader who has delegated).
func drawnRank(st model.UnitStatus) int {
	switch st {
	case model.StatusVacant:
		return 0
	case model.StatusSkipLevel:
		return 1
	case model.StatusDeputy:
		return 2
	case model.StatusInterim:
		return 3
	case model.StatusRamping:
		return 4
	case model.StatusShort:
		return 5
	}
	return -1
}

// finite reports whether x is a finite number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
