package seminar

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// seminarVariant returns the seminar scenario with its lattice changed by
// edit, and without its own disruptions (its leader loss of "root" would
// not validate in a lattice without a single top leader).
func seminarVariant(t *testing.T, edit func(o *model.Organisation)) *scenarios.Scenario {
	t.Helper()
	sc := *seminarScenario(t)
	sc.Config.Organisations = slices.Clone(sc.Config.Organisations)
	sc.Config.Disruptions = nil
	edit(&sc.Config.Organisations[1])
	return &sc
}

// awayAt returns organisation o's highlighted nodes now: node → the word
// written by it.
func awayAt(e *session, o int) map[int]string {
	out := map[int]string{}
	for _, a := range e.snapshot(false, false, 0).Orgs[o].Away {
		out[a.Node] = a.State
	}
	return out
}

// After every press, in both organisations, the highlight changes on
// exactly the units the model says the press struck (Runner.Struck), and
// on nothing else: a post that lost its leader is drawn vacant, a team that
// lost a member short. An organisation the press leaves alone changes
// nowhere.
func TestPressHighlightsWhatTheModelStruck(t *testing.T) {
	for _, c := range []struct {
		name string
		sc   *scenarios.Scenario
	}{
		{"seminar", seminarScenario(t)},
		{"lattice without a circle", seminarVariant(t, func(o *model.Organisation) { o.Circle = false })},
		{"lattice without coaches", seminarVariant(t, func(o *model.Organisation) { o.TeamsPerCoach = 0 })},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, err := newSession(sessionConfig{sc: c.sc, seed: 4, run: 1})
			if err != nil {
				t.Fatal(err)
			}
			e.advanceTo(5*sim.Week, zero)
			// Presses a day apart, and some after the posts struck
			// before are filled again.
			presses := []struct {
				wait float64
				b    Button
				team string
			}{
				{0, TopLeader, ""}, {sim.Day, TeamLead, "t3"}, {sim.Day, Surge, ""}, {sim.Day, TeamLead, "t17"}, {sim.Day, TeamLead, ""},
				{9 * sim.Week, TeamLead, "t17"}, {sim.Day, TopLeader, ""}, {sim.Day, TeamLead, ""}, {sim.Day, TeamLead, "t3"},
			}
			struckSome, refused := 0, 0
			for _, p := range presses {
				e.advanceTo(e.t+p.wait, zero)
				var before []map[int]string
				for o := range e.runners {
					before = append(before, awayAt(e, o))
				}
				if _, err := e.apply(p.b, p.team); err != nil {
					if !errors.Is(err, errRefused) {
						t.Fatal(err)
					}
					// A refused press changes nothing.
					refused++
					for o := range e.runners {
						if after := awayAt(e, o); !maps.Equal(after, before[o]) {
							t.Errorf("%s refused at %v h: highlights went from %v to %v", p.b, e.t, before[o], after)
						}
					}
					continue
				}
				m := &e.markers[len(e.markers)-1]
				for o, s := range e.orgs {
					var struck []int
					if m.dis[o] >= 0 {
						struck = e.runners[o].Struck(m.dis[o])
					}
					want := ""
					switch k := m.d[o].Kind; {
					case m.dis[o] < 0:
					case k == model.LeaderLoss:
						want = "vacant"
					case k == model.MemberLoss:
						want = "short"
					}
					if want != "" && len(struck) != 1 {
						t.Fatalf("%s at %v h in %s: struck %v, want one unit", p.b, e.t, s.name, struck)
					}
					after := awayAt(e, o)
					hit := map[int]bool{}
					for _, u := range struck {
						n := e.layouts[o].unitNode[u]
						hit[n] = true
						if after[n] != want {
							t.Errorf("%s at %v h in %s: struck %s is drawn %q, want %q", p.b, e.t, s.name, s.units[u].ID, after[n], want)
						}
						if !strings.Contains(m.What[o], s.units[u].ID) {
							t.Errorf("%s in %s: %q does not name %s", p.b, s.name, m.What[o], s.units[u].ID)
						}
						struckSome++
					}
					for n := range e.layouts[o].Nodes {
						if !hit[n] && after[n] != before[o][n] {
							t.Errorf("%s at %v h in %s: node %s went from %q to %q, but the press did not strike it", p.b, e.t, s.name, e.layouts[o].Nodes[n].ID, before[o][n], after[n])
						}
					}
					if p.b == TopLeader && s.top < 0 && (m.dis[o] >= 0 || m.What[o] != "no top leader") {
						t.Errorf("%s: top leader of an organisation without one: %d, %q", s.name, m.dis[o], m.What[o])
					}
				}
			}
			t.Logf("%d units struck, %d presses refused", struckSome, refused)
			if struckSome < 6 {
				t.Errorf("only %d units struck in all", struckSome)
			}
		})
	}
}

// A press refused because the top post is still being filled says until
// when, from the model's state of the post (UnitState.Until): the end of
// the vacancy, then the successor's arrival.
func TestRefusalSaysUntilWhenFromTheModel(t *testing.T) {
	e, err := newSession(sessionConfig{sc: seminarScenario(t), seed: 2, run: 1})
	if err != nil {
		t.Fatal(err)
	}
	e.advanceTo(6*sim.Week+3, zero)
	if _, err := e.apply(TopLeader, ""); err != nil {
		t.Fatal(err)
	}
	at := e.t
	m := &e.markers[len(e.markers)-1]
	top := e.runners[0].Struck(m.dis[0])
	if len(top) != 1 || top[0] != e.orgs[0].top {
		t.Fatalf("the press struck %v, the top leader is %d", top, e.orgs[0].top)
	}
	d := model.DisruptionDefaults(model.LeaderLoss, at)
	for _, c := range []struct {
		t      float64
		status model.UnitStatus
		how    string
		until  float64
	}{
		{at + 1, model.StatusVacant, "vacant", at + d.Vacancy},
		{at + d.Vacancy + sim.Day, model.StatusInterim, "held by an interim", at + d.Successor},
	} {
		e.advanceTo(c.t, zero)
		st := e.runners[0].States(nil)[top[0]]
		if st.Status != c.status || st.Until != c.until {
			t.Fatalf("at %v h the top post is %v until %v, want %v until %v", e.t, st.Status, st.Until, c.status, c.until)
		}
		err := e.press(TopLeader)
		want := "the top post of hierarchy is still being filled (" + c.how + " until " + clockLabel(st.Until) + ")"
		if !errors.Is(err, errRefused) || !strings.Contains(err.Error(), want) {
			t.Errorf("at %v h: %v, want %q", e.t, err, want)
		}
	}
	// Once the successor is in post, the button strikes again.
	e.advanceTo(at+d.Successor+1, zero)
	if st := e.runners[0].States(nil)[top[0]]; st.Status != model.StatusRamping {
		t.Fatalf("after the successor's arrival the top post is %v", st.Status)
	}
	if st := awayAt(e, 0)[e.layouts[0].unitNode[top[0]]]; st != "new" {
		t.Errorf("a successor ramping up is drawn %q", st)
	}
	if err := e.press(TopLeader); err != nil {
		t.Errorf("with the successor in post: %v", err)
	}
}
