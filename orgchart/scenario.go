package orgchart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
)

// Options shape the scenario written from a chart.
type Options struct {
	Name string // the scenario's name (its results go to results/<name>/); "" for "orgchart"
	// PeerLinks is the number of peers each lattice team gets, its
	// nearest by distance in the chart (0: none).
	PeerLinks int
	// CoachRoles lists roles (values of the role column, matched without
	// regard to case) whose managers become coaches in the lattice even
	// when they lead teams only.
	CoachRoles []string
}

// DefaultOptions returns the options used when none are given: the name
// "orgchart" and 4 peer links, as the lattice preset has.
func DefaultOptions() Options { return Options{Name: "orgchart", PeerLinks: 4} }

// Summary says what an import made of a chart.
type Summary struct {
	People   int // rows of the chart
	Teams    int
	Managers int // managers who are units of the chart organisation (the top included)
	LeftOut  int // managers with no team below them, not units
	Coaches  int // managers who became coaches in the lattice (the circle not included)
	Joined   int // first-line managers who joined a team in the lattice
	// Rate is the issue rate per team per hour written into the scenario;
	// Busiest and BusiestLoad name the unit with the highest baseline
	// load at the default rate (2 a team a working day) and that load.
	Rate        float64
	Busiest     string
	BusiestLoad float64
}

// defaultRate is the default issue rate per team, per hour (2 a working
// day); targetLoad the busiest unit's baseline load the rate is lowered
// to when the default would exceed it.
const (
	defaultRate = 0.25
	targetLoad  = 0.7
)

// Scenario writes the scenario of chart c (see the package documentation
// for the rules) and says what it made. The scenario is parsed and
// validated before it is returned: it always loads and runs.
func Scenario(c *Chart, opt Options) ([]byte, *Summary, error) {
	if opt.Name == "" {
		opt.Name = "orgchart"
	}
	if opt.PeerLinks < 0 {
		return nil, nil, fmt.Errorf("orgchart: %d peer links (allowed: 0 or more)", opt.PeerLinks)
	}
	p := newPlan(c, opt)
	s := &Summary{People: len(c.People), Teams: len(p.teams), Managers: len(p.managers), LeftOut: len(p.leftOut)}
	for _, m := range p.managers {
		if strings.HasPrefix(p.coach[m], "c") && p.coach[m] != "circle" {
			s.Coaches++
		}
	}
	for _, t := range p.teams {
		if t.joined >= 0 {
			s.Joined++
		}
	}

	// The rate: write the scenario without arrivals (it validates at any
	// load), read back its configuration, and find the loads at the
	// default rate on exactly what the file says.
	file := opt.Name + ".toml"
	sc, err := scenarios.Parse(file, p.write(opt, s, 0))
	if err != nil {
		return nil, nil, fmt.Errorf("orgchart: the scenario made from %s does not load (a bug): %w", c.File, err)
	}
	cfg := sc.Config
	cfg.Work.Rate = defaultRate
	for org := range cfg.Organisations {
		loads, err := model.OfferedLoad(&cfg, org)
		if err != nil {
			return nil, nil, fmt.Errorf("orgchart: %w", err)
		}
		for _, l := range loads {
			if l.Load > s.BusiestLoad {
				s.Busiest = cfg.Organisations[org].Name + " " + l.ID
				s.BusiestLoad = l.Load
			}
		}
	}
	s.Rate = defaultRate
	if s.BusiestLoad > targetLoad {
		// Two significant digits, rounded down, per working day.
		perDay := defaultRate * 8 * targetLoad / s.BusiestLoad
		scale := math.Pow(10, math.Floor(math.Log10(perDay))-1)
		s.Rate = math.Floor(perDay/scale) * scale / 8
	}
	src := p.write(opt, s, s.Rate)
	if _, err := scenarios.Parse(file, src); err != nil {
		return nil, nil, fmt.Errorf("orgchart: the scenario made from %s does not load (a bug): %w", c.File, err)
	}
	return src, s, nil
}

// write writes the scenario text with the given issue rate per hour.
func (p *plan) write(opt Options, s *Summary, rate float64) []byte {
	c := p.c
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	size := 0
	lo, hi := math.MaxInt, 0
	for _, t := range p.teams {
		size += len(t.members)
		lo, hi = min(lo, len(t.members)), max(hi, len(t.members))
	}
	teamSize := max(1, int(math.Round(float64(size)/float64(len(p.teams)))))

	line("# orgsim scenario imported from an organisation chart: %s, %d people.", clean(c.File), len(c.People))
	line("#")
	line("# Two organisations on the same %d teams:", len(p.teams))
	line("#   chart    the chart as it is: each team reports to the manager most of its members report to,")
	line("#            each manager to their own; %d managers are units (the top person is the root).", len(p.managers))
	if len(p.leftOut) > 0 {
		line("#            %d managers lead no team in their part of the chart and are not units.", len(p.leftOut))
	}
	line("#   lattice  the same people as self-managing teams, by this rule: the teams are kept; the top")
	line("#            person becomes the coordinating circle; a manager who leads managers%s", coachRoleText(opt))
	line("#            becomes a coach (%d coaches); every team and every coach reports to the nearest coach", s.Coaches)
	line("#            above it in the chart, or to the circle; every other manager (%d, each leading teams", s.Joined)
	line("#            only) joins the first team they led as a member. Each team asks its %d nearest teams", opt.PeerLinks)
	line("#            in the chart for advice: fewest reporting lines between their managers.")
	line("#")
	line("# Headcount: the chart's %d people are %d in teams, %d managers who are units and %d who are not.",
		len(c.People), size, len(p.managers), len(p.leftOut))
	line("# In the lattice the teams hold %d (with the %d managers who joined them), the coaches %d and the",
		size+s.Joined, s.Joined, s.Coaches)
	line("# circle 1. team_size is one number for every team, shared by both organisations: the chart's")
	line("# mean team size.")
	line("#")
	line("# Locality follows the chart: teams are numbered t1 … t%d walking down it, each manager's teams", len(p.teams))
	line("# first, then their reports in file order, so teams that share a manager are neighbours.")
	line("#")
	line("# No personal data: unit ids are made here (root, m<level>-<k>, c<k>, circle, t<k>); the comments")
	line("# beside the units give the people's ids%s, and comments never reach results.", keptText(c))
	line("# Lines marked CALIBRATE are this organisation's to set: the preset values are placeholders.")
	line("")
	line("name = %s", scenarios.Quote(opt.Name))
	line("description = %s", scenarios.Quote(fmt.Sprintf("An organisation chart of %d people in %d teams, as it is and as a lattice of self-managing teams made of the same people. Imported with orgsim import orgchart; the work and the units' parameters are the presets' until calibrated.", len(c.People), len(p.teams))))
	line("")
	line("[work]")
	kv := func(key, value, comment string) { line("%-27s # %s", key+" = "+value, comment) }
	kv("teams", strconv.Itoa(len(p.teams)), "from the chart, one per team: do not change")
	if lo == hi {
		kv("team_size", strconv.Itoa(teamSize), fmt.Sprintf("from the chart: every team has %s", people(lo)))
	} else {
		kv("team_size", strconv.Itoa(teamSize), fmt.Sprintf("from the chart: its mean team size (teams have %d to %d people)", lo, hi))
	}
	kv("locality", `"ring"`, "teams in the chart's order: do not change")
	rateNote := "the default, 2 a team a working day"
	if rate < defaultRate {
		rateNote = fmt.Sprintf("lowered from 2/d, at which the busiest unit (%s) would be at %.2f of its capacity, to keep it at %.1f; give it more servers, or its level more knowledge, to raise it", s.Busiest, s.BusiestLoad, targetLoad)
	}
	kv("rate", scenarios.Quote(formatRate(rate)), "CALIBRATE: decisions per team per working day that need more than routine work; "+rateNote)
	kv("cross_team", "0.2", "CALIBRATE: share of issues that touch other teams")
	kv("scope", "[2, 3]", "CALIBRATE: how many teams such an issue touches")
	kv("radius", "2", "CALIBRATE: how far along the chart's order those teams lie")
	kv("theta", "1", `difficulty scale: knowledge below is a share of issues ("p70"), so it can stay`)
	kv("value", `"lognormal(mean=1, cv=1)"`, "CALIBRATE: the stakes of an issue, compared with authority")
	line("")

	// The chart.
	line("[[organisation]]")
	line("name = \"chart\"")
	line("preset = \"explicit\"        # the hierarchy preset's parameters and routing, units as listed")
	line("")
	line("  # CALIBRATE what the chart's units know and may decide; the hierarchy preset's values:")
	line("  # [organisation.team]     knowledge = \"p70\", authority = \"p90\", decision = \"lognormal(mean=30m, cv=1)\"")
	line("  # [organisation.manager]  knowledge = \"p95\", authority = \"p99\", decision = \"lognormal(mean=15m, cv=1)\", time_share = 0.35")
	line("  # [organisation.root]     knowledge = \"p99.5\", authority = \"inf\", servers = 1 (a leadership team: more)")
	line("  # Managers of each level may get their own with [[organisation.manager_level]] tables, from the")
	line("  # top down (docs/scenarios.md).")
	for _, m := range p.managers {
		line("")
		line("  [[organisation.unit]]")
		line("  id = %s", scenarios.Quote(p.unit[m]))
		if m == c.Top {
			line("  role = \"root\"")
		} else {
			line("  role = \"manager\"")
			line("  reports_to = %s", scenarios.Quote(p.unit[p.parentUnit(m)]))
		}
		line("  # %s", p.personText(m))
	}
	for t := range p.teams {
		line("")
		line("  [[organisation.unit]]")
		line("  id = \"t%d\"", t+1)
		line("  role = \"team\"")
		line("  reports_to = %s", scenarios.Quote(p.unit[p.teamUp[t]]))
		line("  # %s", p.teamText(t, false))
	}
	line("")

	// The lattice.
	line("[[organisation]]")
	line("name = \"lattice\"")
	line("preset = \"explicit\"        # units as listed; the lattice preset's parameters and routing below")
	line("")
	line("  [organisation.routing]    # the lattice preset's: advice, consultation, escalation past the limits")
	line("  advice = 2")
	line("  advisors = \"directory\"")
	line("  advice_radius = 2")
	line("  directory_accuracy = 0.7")
	line("  hop_cost = 0.1")
	line("  consult = true")
	line("  k_max = 3")
	line("  max_difficulty = \"p99\"")
	line("")
	line("  [organisation.team]       # CALIBRATE: what self-managing teams know and may decide")
	line("  knowledge = \"p85\"")
	line("  authority = \"p95\"")
	line("")
	line("  [organisation.coach]      # CALIBRATE: coaches and the circle (the preset's values)")
	line("  knowledge = \"p99.9\"")
	line("  authority = \"inf\"")
	line("  decision = \"lognormal(mean=30m, cv=1)\"")
	line("  time_share = 0.5")
	line("")
	line("  [[organisation.unit]]")
	line("  id = \"circle\"")
	line("  role = \"coach\"")
	line("  # the top of the chart: %s", p.personText(c.Top))
	for _, m := range p.managers {
		if m == c.Top || p.coach[m] == "" {
			continue
		}
		line("")
		line("  [[organisation.unit]]")
		line("  id = %s", scenarios.Quote(p.coach[m]))
		line("  role = \"coach\"")
		line("  reports_to = %s", scenarios.Quote(p.coachUp[m]))
		line("  # %s; in the chart %s", p.personText(m), p.unit[m])
	}
	for t := range p.teams {
		line("")
		line("  [[organisation.unit]]")
		line("  id = \"t%d\"", t+1)
		line("  role = \"team\"")
		line("  reports_to = %s", scenarios.Quote(p.latUp[t]))
		if len(p.peers[t]) > 0 {
			ids := make([]string, len(p.peers[t]))
			for k, u := range p.peers[t] {
				ids[k] = scenarios.Quote("t" + strconv.Itoa(u+1))
			}
			line("  peers = [%s]", strings.Join(ids, ", "))
		}
		line("  # %s", p.teamText(t, true))
	}
	return []byte(b.String())
}

// parentUnit returns the manager m reports to.
func (p *plan) parentUnit(m int) int { return p.parent[m] }

// personText describes person i for a comment: id, role and the kept
// columns.
func (p *plan) personText(i int) string {
	person := p.c.People[i]
	s := "person " + clean(person.ID)
	if person.Role != "" {
		s += " (" + clean(person.Role) + ")"
	}
	for k, v := range person.Kept {
		s += ", " + clean(p.c.Columns.Keep[k]) + ": " + clean(v)
	}
	return s
}

// teamText describes team t for a comment: its name, people and, in the
// lattice, the manager who joined it.
func (p *plan) teamText(t int, lattice bool) string {
	tm := p.teams[t]
	var who []string
	for _, m := range tm.members {
		who = append(who, p.memberText(m))
	}
	name := "the direct reports of " + clean(p.c.People[tm.anchor].ID)
	if tm.name != "" {
		name = "team " + scenarios.Quote(clean(tm.name))
	}
	n := len(tm.members)
	if lattice && tm.joined >= 0 {
		n++
		who = append(who, p.memberText(tm.joined)+" (its manager in the chart, "+p.unit[tm.joined]+")")
	}
	return fmt.Sprintf("%s, %s: %s", name, people(n), strings.Join(who, ", "))
}

// people writes "1 person" or "n people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
}

// memberText is a team member in a comment: the id and the kept columns.
func (p *plan) memberText(i int) string {
	person := p.c.People[i]
	s := clean(person.ID)
	var kept []string
	for k, v := range person.Kept {
		kept = append(kept, clean(p.c.Columns.Keep[k])+": "+clean(v))
	}
	if len(kept) > 0 {
		s += " (" + strings.Join(kept, ", ") + ")"
	}
	return s
}

func coachRoleText(opt Options) string {
	if len(opt.CoachRoles) == 0 {
		return ""
	}
	return " (or whose role is " + strings.Join(opt.CoachRoles, " or ") + ")"
}

func keptText(c *Chart) string {
	var parts []string
	if c.Columns.Role != "" {
		parts = append(parts, "roles")
	}
	if c.Columns.Team != "" {
		parts = append(parts, "team names")
	}
	parts = append(parts, c.Columns.Keep...)
	if len(parts) == 0 {
		return ""
	}
	return " (and " + strings.Join(parts, ", ") + ")"
}

// clean makes s safe for a one-line comment: control characters become
// spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

// formatRate writes a rate per hour per working day: "2/d".
func formatRate(perHour float64) string {
	x := math.Round(perHour*8*1e9) / 1e9
	return strconv.FormatFloat(x, 'f', -1, 64) + "/d"
}
