package seminar

import (
	"fmt"
	"math"
	"strconv"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
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

func validButton(b Button) bool {
	for _, x := range Buttons {
		if x == b {
			return true
		}
	}
	return false
}

// Succession and window defaults, the same as a scenario's [[disruption]]
// of each kind gets when it says nothing more.
const (
	surgeFactor    = 2
	slowFactor     = 2
	windowHours    = sim.Week // surge and slowdown last one working week
	reallocHours   = sim.Week // a lost member's advice role moves after a week
	rampVisibleFor = 3        // a successor counts as new for this many e-folding times
)

// structure holds what the view knows of one organisation's units, from
// [model.Units]: enough to turn a button into disruptions.
type structure struct {
	name   string
	kind   model.Structure
	units  []model.Unit
	byID   map[string]int
	top    int // the single unit with no one above it (other than teams); −1 none
	parent []int
}

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
	tops := 0
	for i, u := range us {
		s.parent[i] = -1
		if u.Parent != "" {
			s.parent[i] = s.byID[u.Parent]
		} else if u.Role != model.RoleTeam {
			tops++
			s.top = i
		}
	}
	if tops != 1 {
		s.top = -1
	}
	return s, nil
}

// strike is what one press or scripted disruption does to one organisation.
type strike struct {
	d    model.Disruption
	none bool // nothing happens in this organisation
	unit int  // the unit whose leader leaves; −1 for other kinds
	what string
}

// strikes returns, for each organisation, what button b pressed at time t
// does; team is the team a team lead's loss concerns (0-based).
func strikes(b Button, t float64, team int, orgs []*structure) []strike {
	out := make([]strike, len(orgs))
	for i, s := range orgs {
		st := strike{unit: -1}
		switch b {
		case TopLeader:
			if s.top < 0 {
				st.none = true
				st.what = "no top leader"
				break
			}
			st.unit = s.top
			st.d = model.DefaultLeaderLoss(t, s.units[s.top].ID)
			st.what = s.units[s.top].ID + " leaves"
		case TeamLead:
			teamID := "t" + strconv.Itoa(team+1)
			if p := s.parent[team]; p >= 0 {
				st.unit = p
				st.d = model.DefaultLeaderLoss(t, s.units[p].ID)
				st.what = s.units[p].ID + " (above " + teamID + ") leaves"
			} else {
				st.d = model.Disruption{Kind: model.MemberLoss, At: t, Team: teamID, Realloc: reallocHours}
				st.what = teamID + " loses a member"
			}
		case Surge:
			st.d = model.Disruption{Kind: model.Surge, At: t, Until: t + windowHours, Factor: surgeFactor}
			st.what = "arrivals ×2"
		case Slowdown:
			st.d = model.Disruption{Kind: model.Slowdown, At: t, Until: t + windowHours, Factor: slowFactor}
			st.what = "hops ×2"
		}
		out[i] = st
	}
	return out
}

// marker is a disruption as the charts and captions show it: a press or a
// scenario's own disruption.
type marker struct {
	T      float64  `json:"t"`
	Button Button   `json:"button,omitempty"` // empty for a scenario disruption
	Label  string   `json:"label"`
	Short  string   `json:"short"` // one or two characters for the chart
	Until  float64  `json:"until"` // when its window or succession ends
	Team   int      `json:"-"`
	What   []string `json:"what"` // per organisation
	units  []int    // per organisation: the unit whose leader left, or −1
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

// until returns when disruption d's effect is over, as far as the view
// counts it: the end of a window, or a successor's ramp-up.
func until(d model.Disruption) float64 {
	switch d.Kind {
	case model.LeaderLoss:
		end := d.At + d.Vacancy
		if d.Policy == model.Interim {
			end = d.At + max(d.Successor, d.Vacancy)
		}
		return end + rampVisibleFor*d.RampTau
	case model.Surge, model.Slowdown:
		return d.Until
	case model.MemberLoss:
		if d.Until > 0 {
			return d.Until
		}
		return d.At + d.Realloc
	}
	return d.At
}

// scenarioMarker describes a scenario's own disruption d for the charts.
func scenarioMarker(d model.Disruption, orgs []*structure) marker {
	m := marker{T: d.At, Until: until(d), Short: "S", Team: -1}
	switch d.Kind {
	case model.LeaderLoss:
		m.Label = "leader loss (" + d.Selector + ")"
		if d.Selector == "root" {
			m.Label = "the top leader leaves"
			m.Short = "1"
		}
	case model.Surge:
		m.Label = fmt.Sprintf("demand ×%g", d.Factor)
		if d.Factor == 2 {
			m.Label = "demand doubles"
		}
		m.Short = "3"
	case model.Slowdown:
		m.Label = fmt.Sprintf("hops ×%g", d.Factor)
		m.Short = "4"
	case model.MemberLoss:
		m.Label = "a member leaves (" + d.Team + ")"
	default:
		m.Label = d.Kind.String()
	}
	for _, s := range orgs {
		u := -1
		if d.Kind == model.LeaderLoss {
			switch {
			case d.Selector == "root":
				u = s.top
			default:
				if i, ok := s.byID[d.Selector]; ok {
					u = i
				}
			}
		}
		m.units = append(m.units, u)
		w := m.Label
		if u >= 0 {
			w = s.units[u].ID + " leaves"
		}
		m.What = append(m.What, w)
		m.d = append(m.d, d)
	}
	return m
}

// leaderState says where a unit stands after its leader left at marker m's
// time, at time t: "vacant", "interim", "new" (a successor ramping up) or ""
// (back to normal).
func leaderState(d model.Disruption, t float64) string {
	if d.Kind != model.LeaderLoss || t < d.At {
		return ""
	}
	back := d.At + d.Vacancy
	if d.Policy == model.Interim {
		if t < d.At+d.Vacancy {
			return "vacant"
		}
		back = d.At + max(d.Successor, d.Vacancy)
		if t < back {
			return "interim"
		}
	} else if t < back {
		return "vacant"
	}
	if d.RampTau > 0 && d.RampStart < 1 && t < back+rampVisibleFor*d.RampTau {
		return "new"
	}
	return ""
}

// finite reports whether x is a finite number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
