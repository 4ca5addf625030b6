package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// problems collects the problems of a Config.
type problems struct{ list []Problem }

func (p *problems) add(path, format string, args ...any) {
	p.list = append(p.list, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) warn(path, format string, args ...any) {
	p.list = append(p.list, Problem{Path: path, Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (p *problems) err() error {
	for _, q := range p.list {
		if !q.Warning {
			return &ConfigError{Problems: p.list}
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (p *problems) positive(path string, x float64) {
	if !(x > 0) || !finite(x) {
		p.add(path, "%v is not allowed (allowed: a finite number > 0)", x)
	}
}

func (p *problems) nonNegative(path string, x float64) {
	if !(x >= 0) || !finite(x) {
		p.add(path, "%v is not allowed (allowed: a finite number ≥ 0)", x)
	}
}

func (p *problems) prob(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		p.add(path, "%v is not a probability (allowed: 0 … 1)", x)
	}
}

func (p *problems) dist(path string, d Dist) {
	if err := d.Validate(); err != nil {
		p.add(path, "%v", err)
	}
}

// Validate checks every setting, each organisation's structure and the
// baseline offered load of every unit. It returns a *ConfigError listing
// all problems (warnings included) when any problem is an error, and nil
// otherwise; [Config.Check] returns the warnings too.
func (c *Config) Validate() error {
	return c.check().err()
}

// Check returns every problem of the Config, errors and warnings, in a
// fixed order.
func (c *Config) Check() []Problem { return c.check().list }

func (c *Config) check() *problems {
	p, _ := c.checkCompile()
	return p
}

// checkCompile checks the Config and returns its problems and, when every
// field is in range, its organisations compiled (nil for one that does not
// compile), each with its baseline offered load: what a [Plan] runs.
func (c *Config) checkCompile() (*problems, []*org) {
	var p problems
	p.positive("horizon", c.Horizon)
	p.nonNegative("warm_up", c.WarmUp)
	if c.WarmUp >= c.Horizon && c.Horizon > 0 {
		p.add("warm_up", "%v h is not before the horizon (%v h) (allowed: 0 ≤ warm_up < horizon)", c.WarmUp, c.Horizon)
	}
	p.nonNegative("drain", c.Drain)
	if c.MaxOpen < 1 {
		p.add("max_open", "%d is not allowed (allowed: an integer ≥ 1)", c.MaxOpen)
	}
	w := &c.Work
	if w.Teams < 1 || w.Teams > 1000000 {
		p.add("work.teams", "%d is not allowed (allowed: 1 … 1000000)", w.Teams)
	}
	if w.TeamSize < 1 {
		p.add("work.team_size", "%d is not allowed (allowed: an integer ≥ 1)", w.TeamSize)
	}
	if w.GridWidth < 0 {
		p.add("work.grid_width", "%d is not allowed (allowed: 0 for ⌈√teams⌉, or a width ≥ 1)", w.GridWidth)
	}
	p.nonNegative("work.rate", w.Rate)
	p.nonNegative("work.rate_per_person", w.RatePerPerson)
	p.nonNegative("work.traffic.rate", w.Traffic.Rate)
	if w.Traffic.To > ToTeams {
		p.add("work.traffic.to", "unknown (allowed: any, teams)")
	}
	if w.Traffic.Rate > 0 && !(w.Traffic.Effort > 0 && w.Traffic.Effort <= 1) {
		p.add("work.traffic.effort", "%v is not allowed (allowed: 0 < effort ≤ 1: a relay is never free)", w.Traffic.Effort)
	}
	if w.Headcount < 0 {
		p.add("work.headcount", "%d is not allowed (allowed: 0 for none, or the people of all teams)", w.Headcount)
	} else if w.Headcount > 0 && w.TeamSize >= 1 && w.Teams != w.TeamsForHeadcount() {
		p.add("work.teams", "%d teams of %d do not make headcount %d (allowed: round(headcount ÷ team_size) = %d, or no headcount)", w.Teams, w.TeamSize, w.Headcount, w.TeamsForHeadcount())
	}
	if w.TeamForm > TeamMembers {
		p.add("work.team_form", "unknown (allowed: whole, pooled, members)")
	}
	if !(w.ProcessLoss >= 0 && w.ProcessLoss < 1) {
		p.add("work.process_loss", "%v is not allowed (allowed: 0 ≤ c < 1)", w.ProcessLoss)
	} else if w.TeamForm != TeamWhole && w.TeamSize > 1 && processFactor(w.ProcessLoss, float64(w.TeamSize)) <= 0 {
		p.add("work.process_loss", "%v leaves a team of %d no capacity: each member keeps 1 − c·(n−1) = %.3g of its rate (allowed: c·(team_size − 1) < 1)", w.ProcessLoss, w.TeamSize, 1-w.ProcessLoss*float64(w.TeamSize-1))
	}
	p.positive("work.theta", w.Theta)
	p.prob("work.cross_team", w.CrossTeam)
	if w.ScopeMin < 2 || w.ScopeMax < w.ScopeMin || w.ScopeMax > MaxScope {
		p.add("work.scope", "[%d, %d] is not allowed (allowed: 2 ≤ min ≤ max ≤ %d)", w.ScopeMin, w.ScopeMax, MaxScope)
	}
	if w.Radius < 1 || w.Radius > 10 {
		p.add("work.radius", "%d is not allowed (allowed: 1 … 10)", w.Radius)
	}
	if w.Domains < 0 || w.Domains > MaxDomains {
		p.add("work.domains", "%d is not allowed (allowed: 1 … %d; 0 means 1)", w.Domains, MaxDomains)
	}
	p.prob("work.good_share", w.GoodShare)
	p.dist("work.value", w.Value)
	if !(w.ValueHalfLife >= 0) {
		p.add("work.value_half_life", "%v is not allowed (allowed: a duration > 0, or inf for no decay)", w.ValueHalfLife)
	}
	p.nonNegative("work.bad_cost", w.BadCost)
	if len(c.Organisations) == 0 {
		p.add("organisation", "none given (allowed: one or more organisations)")
	}
	names := map[string]bool{}
	for i := range c.Organisations {
		o := &c.Organisations[i]
		path := fmt.Sprintf("organisation[%d]", i)
		if o.Name == "" {
			p.add(path+".name", "empty (allowed: a name, unique in the scenario)")
		} else if names[o.Name] {
			p.add(path+".name", "%q is used twice (allowed: a name, unique in the scenario)", o.Name)
		}
		names[o.Name] = true
		c.checkOrganisation(&p, path, o)
	}
	m := &c.Metrics
	p.positive("metrics.window", m.Window)
	if m.MinIssues < 1 {
		p.add("metrics.min_issues", "%d is not allowed (allowed: an integer ≥ 1)", m.MinIssues)
	}
	if !(m.Threshold > 0 && m.Threshold <= 100) {
		p.add("metrics.threshold", "%v is not allowed (allowed: 0 < threshold ≤ 100)", m.Threshold)
	}
	p.nonNegative("metrics.hold", m.Hold)
	c.checkDisruptions(&p, false)
	if p.err() != nil {
		return &p, nil
	}
	// Structure and load: only once every field is in range.
	orgs := make([]*org, len(c.Organisations))
	for i := range c.Organisations {
		path := fmt.Sprintf("organisation[%d]", i)
		o, err := compile(c, i)
		if err != nil {
			p.add(path, "%v", err)
			continue
		}
		orgs[i] = o
		o.load = offeredLoad(c, o)
		if c.Work.Traffic.Rate > 0 && len(o.units) > MaxTrafficUnits {
			p.add("work.traffic.rate", "organisation %q has %d units; traffic needs a route table per destination and allows at most %d (allowed: 0, or a smaller organisation)", o.name, len(o.units), MaxTrafficUnits)
		}
		for j, d := range c.Disruptions {
			if d.Kind != LeaderLoss {
				continue
			}
			dp := fmt.Sprintf("disruption[%d].selector", j)
			u, err := o.resolveSelector(d.Selector, nil)
			if err != nil {
				p.add(dp, "%v", err)
				continue
			}
			if d.Policy == SkipLevel && o.units[u].parent < 0 {
				p.add(fmt.Sprintf("disruption[%d].policy", j), "skip-level at %s of organisation %q, which has no unit above (allowed: freeze, interim or deputy)", o.units[u].id, o.name)
			}
			if d.SuccessorFrom != "" {
				if t, ok := o.byID[d.SuccessorFrom]; !ok || o.units[t].role != RoleTeam {
					p.add(fmt.Sprintf("disruption[%d].successor_from", j), "%q is not a team of organisation %q (allowed: a team's id, such as t3, or \"\" for a hire from outside)", d.SuccessorFrom, o.name)
				}
			}
			if d.Policy == Deputy && d.Selector != "random-manager" && !strings.HasPrefix(d.Selector, "level:") {
				if _, err := o.deputyOf(u, d.Deputy); err != nil {
					p.add(fmt.Sprintf("disruption[%d].deputy", j), "%v", err)
				}
			}
		}
		if o.kind == Lattice && c.Organisations[i].TeamsPerCoach == 0 && c.Organisations[i].Routing.MaxDifficulty < math.Inf(1) {
			p.warn(path+".teams_per_coach", "the lattice has no coach, so issues past its limits are decided at their origin (flagged as beyond competence)")
		}
		load := o.load
		var over []int
		for u, l := range load {
			if l >= 1 {
				over = append(over, u)
			}
		}
		if len(over) > 0 {
			sort.SliceStable(over, func(a, b int) bool { return load[over[a]] > load[over[b]] })
			u := over[0]
			more := ""
			if n := len(over) - 1; n > 0 {
				var names []string
				for _, v := range over[1:min(len(over), 6)] {
					names = append(names, fmt.Sprintf("%s at %.2f", o.units[v].id, load[v]))
				}
				if n > 5 {
					names = append(names, "…")
				}
				more = fmt.Sprintf(", and so are %d more (%s)", n, strings.Join(names, ", "))
			}
			p.add(path, "unit %s (%s) is overloaded at baseline: offered load %.2f of its capacity%s (allowed: < 1; lower work.rate, or raise servers, time_share or the decision speed)", o.units[u].id, o.units[u].role, load[u], more)
		}
		c.disruptionWarnings(&p, o, load, i)
	}
	return &p, orgs
}

func (c *Config) checkUnitParams(p *problems, path string, u *UnitParams, team bool) {
	if u.Servers < 0 {
		p.add(path+".servers", "%d is not allowed (allowed: 0 for one pooled decider, or c ≥ 1)", u.Servers)
	}
	p.dist(path+".decision", u.Decision)
	if !(u.TimeShare > 0 && u.TimeShare <= 1) {
		p.add(path+".time_share", "%v is not allowed (allowed: 0 < time_share ≤ 1)", u.TimeShare)
	}
	if !(u.Knowledge >= 0) {
		p.add(path+".knowledge", "%v is not allowed (allowed: a number ≥ 0, or inf)", u.Knowledge)
	}
	if !(u.Authority >= 0) {
		p.add(path+".authority", "%v is not allowed (allowed: a number ≥ 0, or inf)", u.Authority)
	}
	if !(u.DifficultyAuthority >= 0) {
		p.add(path+".difficulty_authority", "%v is not allowed (allowed: a number ≥ 0, pNN, or inf for no limit)", u.DifficultyAuthority)
	}
	p.prob(path+".accuracy", u.Accuracy)
	if u.AcceptGood != 0 || u.AcceptBad != 0 {
		p.prob(path+".accept_good", u.AcceptGood)
		p.prob(path+".accept_bad", u.AcceptBad)
	}
	if !(u.KnowledgeSpread >= 0) || math.IsInf(u.KnowledgeSpread, 0) {
		p.add(path+".knowledge_spread", "%v is not allowed (allowed: a finite number ≥ 0)", u.KnowledgeSpread)
	}
	if n := len(u.DomainKnowledge); n > 0 {
		if n != max(c.Work.Domains, 1) {
			p.add(path+".domain_knowledge", "%d values for %d domains (allowed: one value per domain of work.domains)", n, max(c.Work.Domains, 1))
		}
		for j, z := range u.DomainKnowledge {
			if !(z >= 0) {
				p.add(fmt.Sprintf("%s.domain_knowledge[%d]", path, j), "%v is not allowed (allowed: a number ≥ 0, or inf)", z)
			}
		}
	}
	if !(u.Availability > 0 && u.Availability <= 1) {
		p.add(path+".availability", "%v is not allowed (allowed: 0 < availability ≤ 1)", u.Availability)
	}
}

func (c *Config) checkOrganisation(p *problems, path string, o *Organisation) {
	switch o.Structure {
	case Hierarchy:
		if o.Levels < 1 || o.Levels > 12 {
			p.add(path+".levels", "%d is not allowed (allowed: 1 … 12 levels above the teams)", o.Levels)
		}
		if len(o.Span) != 1 && len(o.Span) != o.Levels {
			p.add(path+".span", "%d values for %d levels (allowed: one span, or one per level from the top)", len(o.Span), o.Levels)
		}
		for j, s := range o.Span {
			if s < 1 {
				p.add(fmt.Sprintf("%s.span[%d]", path, j), "%d is not allowed (allowed: span ≥ 1)", s)
			}
		}
	case Lattice:
		if o.PeerLinks < 0 {
			p.add(path+".peer_links", "%d is not allowed (allowed: an integer ≥ 0)", o.PeerLinks)
		}
		p.prob(path+".rewire", o.Rewire)
		if o.TeamsPerCoach < 0 {
			p.add(path+".teams_per_coach", "%d is not allowed (allowed: 0 for no coaches, or N ≥ 1)", o.TeamsPerCoach)
		}
	case Explicit:
		if len(o.Units) == 0 {
			p.add(path+".unit", "none given (allowed: the units of an explicit structure)")
		}
		for j := range o.Units {
			if o.Units[j].Params != nil {
				c.checkUnitParams(p, fmt.Sprintf("%s.unit[%d]", path, j), o.Units[j].Params, o.Units[j].Role == RoleTeam)
			}
		}
	default:
		p.add(path+".structure", "unknown (allowed: hierarchy, lattice, explicit)")
	}
	p.prob(path+".tacit", o.Tacit)
	if l := &o.Learning; l.On {
		lp := path + ".learning"
		p.nonNegative(lp+".feedback_delay", l.FeedbackDelay)
		if !(l.HalfLife >= 0) {
			p.add(lp+".half_life", "%v is not allowed (allowed: a duration > 0, or inf for no forgetting)", l.HalfLife)
		}
		p.positive(lp+".scale", l.Scale)
		if !(l.KnowledgeCap > 0 && l.KnowledgeCap < 1) {
			p.add(lp+".knowledge_cap", "%v is not allowed (allowed: a share of issues, 0 < x < 1)", l.KnowledgeCap)
		}
		if !(l.AccuracyCap >= 0.5 && l.AccuracyCap <= 1) {
			p.add(lp+".accuracy_cap", "%v is not allowed (allowed: 0.5 … 1)", l.AccuracyCap)
		}
		p.prob(lp+".speed_floor", l.SpeedFloor)
		p.nonNegative(lp+".speed_exponent", l.SpeedExponent)
		p.nonNegative(lp+".burn_in", l.BurnIn)
	}
	c.checkUnitParams(p, path+".team", &o.Team, true)
	c.checkUnitParams(p, path+".manager", &o.Manager, false)
	c.checkUnitParams(p, path+".coach", &o.Coach, false)
	c.checkUnitParams(p, path+".root", &o.Root, false)
	for j := range o.ManagerLevels {
		c.checkUnitParams(p, fmt.Sprintf("%s.manager_level[%d]", path, j), &o.ManagerLevels[j], false)
	}
	rt := &o.Routing
	rp := path + ".routing"
	if rt.Advice < 0 {
		p.add(rp+".advice", "%d is not allowed (allowed: 0 for none, or m ≥ 1 peers)", rt.Advice)
	}
	p.positive(rp+".advice_timeout", rt.AdviceTimeout)
	if rt.KMax < 1 {
		p.add(rp+".k_max", "%d is not allowed (allowed: an integer ≥ 1)", rt.KMax)
	}
	if !(rt.MaxDifficulty >= 0) {
		p.add(rp+".max_difficulty", "%v is not allowed (allowed: a number ≥ 0, or inf)", rt.MaxDifficulty)
	}
	if !(rt.Fidelity > 0 && rt.Fidelity <= 1) {
		p.add(rp+".fidelity", "%v is not allowed (allowed: 0 < fidelity ≤ 1)", rt.Fidelity)
	}
	p.dist(rp+".hop", rt.Hop)
	if rt.Approval > ApprovalAny {
		p.add(rp+".approval", "unknown rule (allowed: off, all, any)")
	}
	if !(rt.Deadline >= 0) {
		p.add(rp+".deadline", "%v is not allowed (allowed: a duration > 0, or inf for none)", rt.Deadline)
	}
	if rt.OnDeadline > DeadlineReturn {
		p.add(rp+".on_deadline", "unknown (allowed: decide, return)")
	}
	if rt.Deadline > 0 && !math.IsInf(rt.Deadline, 1) && rt.OnDeadline == DeadlineDecide && !(rt.DeadlineEffort > 0 && rt.DeadlineEffort <= 1) {
		p.add(rp+".deadline_effort", "%v is not allowed (allowed: 0 < deadline_effort ≤ 1: a forced decision is never free)", rt.DeadlineEffort)
	}
	p.prob(rp+".intent", rt.Intent)
	if rt.DelegateAbove != 0 {
		if !(rt.DelegateAbove > 0 && rt.DelegateAbove <= 1) {
			p.add(rp+".delegate_above", "%v is not allowed (allowed: 0 < delegate_above ≤ 1, or 0 for never)", rt.DelegateAbove)
		}
		if !(rt.DelegateBelow >= 0 && rt.DelegateBelow < rt.DelegateAbove) {
			p.add(rp+".delegate_below", "%v is not allowed (allowed: 0 ≤ delegate_below < delegate_above)", rt.DelegateBelow)
		}
		p.positive(rp+".delegate_window", rt.DelegateWindow)
		p.nonNegative(rp+".delegate_for", rt.DelegateFor)
		if !(rt.DelegateDifficulty >= 0 && rt.DelegateDifficulty < 1) {
			p.add(rp+".delegate_difficulty", "%v is not allowed (allowed: a share 0 … 1)", rt.DelegateDifficulty)
		}
		if !(rt.DelegateAuthority >= 0 && rt.DelegateAuthority < 1) {
			p.add(rp+".delegate_authority", "%v is not allowed (allowed: a share 0 … 1)", rt.DelegateAuthority)
		}
	}
	if rt.Grow > GrowRule {
		p.add(rp+".grow", "unknown (allowed: off, schedule, rule)")
	}
	if rt.Grow != GrowOff {
		p.nonNegative(rp+".grow_from", rt.GrowFrom)
		p.positive(rp+".grow_every", rt.GrowEvery)
		if !(rt.GrowStep > 0 && rt.GrowStep < 1) {
			p.add(rp+".grow_step", "%v is not allowed (allowed: a share of issues, 0 < x < 1)", rt.GrowStep)
		}
		if !(rt.GrowMax > 0 && rt.GrowMax < 1) {
			p.add(rp+".grow_max", "%v is not allowed (allowed: a share of issues, 0 < x < 1)", rt.GrowMax)
		}
		if rt.Grow == GrowRule {
			p.prob(rp+".grow_accuracy", rt.GrowAccuracy)
			p.positive(rp+".grow_window", rt.GrowWindow)
		}
		if math.IsInf(capOf(&o.Team), 1) {
			p.warn(rp+".grow", "the teams have no difficulty_authority to widen, so growth changes nothing (allowed: set team.difficulty_authority, e.g. \"p70\")")
		}
		if rt.Grow == GrowRule && !o.Learning.On {
			p.add(rp+".grow", "rule needs learning: the measured accuracy that earns a step is the feedback on the team's decisions (allowed: schedule, or switch learning.on)")
		}
	}
	if rt.AdviceBy > ByDirectory {
		p.add(rp+".advisors", "unknown (allowed: peers, directory)")
	}
	if rt.AdviceRadius < 0 || rt.AdviceRadius > 10 {
		p.add(rp+".advice_radius", "%d is not allowed (allowed: 0 … 10)", rt.AdviceRadius)
	}
	p.prob(rp+".directory_accuracy", rt.DirectoryAccuracy)
	p.nonNegative(rp+".hop_cost", rt.HopCost)
	if !(rt.ApprovalAbove >= 0) {
		p.add(rp+".approval_above", "%v is not allowed (allowed: a number ≥ 0, or inf)", rt.ApprovalAbove)
	}
}

// validateDisruptions checks the disruptions alone; inject relaxes the
// warm-up rule for disruptions injected at run time.
func (c *Config) validateDisruptions(inject bool) error {
	var p problems
	c.checkDisruptions(&p, inject)
	return p.err()
}

func (c *Config) checkDisruptions(p *problems, inject bool) {
	for j := range c.Disruptions {
		d := &c.Disruptions[j]
		path := fmt.Sprintf("disruption[%d]", j)
		if !finite(d.At) || d.At < 0 {
			p.add(path+".at", "%v is not allowed (allowed: a time ≥ 0)", d.At)
		} else if !inject && d.At < c.WarmUp {
			p.add(path+".at", "%v h is before the end of the warm-up (%v h) (allowed: warm_up ≤ at < horizon)", d.At, c.WarmUp)
		} else if !inject && d.At >= c.Horizon {
			p.add(path+".at", "%v h is not before the horizon (%v h) (allowed: warm_up ≤ at < horizon)", d.At, c.Horizon)
		}
		window := func() {
			if !(d.Until > d.At) || !finite(d.Until) {
				p.add(path+".until", "%v h does not come after at (%v h) (allowed: a time after at)", d.Until, d.At)
			}
		}
		ramp := func() {
			if !(d.RampStart > 0 && d.RampStart <= 1) {
				p.add(path+".ramp_start", "%v is not allowed (allowed: 0 < ramp_start ≤ 1)", d.RampStart)
			}
			p.nonNegative(path+".ramp_tau", d.RampTau)
			if !(d.KnowledgeStart >= 0 && d.KnowledgeStart <= 1) {
				p.add(path+".knowledge_start", "%v is not allowed (allowed: 0 < knowledge_start ≤ 1)", d.KnowledgeStart)
			}
		}
		succession := func() {
			if d.Policy > Deputy {
				p.add(path+".policy", "unknown (allowed: %s)", strings.Join(policyNames[:], ", "))
			}
			p.nonNegative(path+".vacancy", d.Vacancy)
			switch d.Policy {
			case Interim:
				if !(d.InterimFactor > 0 && d.InterimFactor <= 1) {
					p.add(path+".interim_factor", "%v is not allowed (allowed: 0 < interim_factor ≤ 1)", d.InterimFactor)
				}
				if !(d.Successor >= d.Vacancy) {
					p.add(path+".successor", "%v h is before the vacancy ends (%v h) (allowed: successor ≥ vacancy)", d.Successor, d.Vacancy)
				}
			case Deputy:
				if d.Deputy == "" {
					p.add(path+".deputy", "empty (allowed: peer, or the id of the unit that acts up)")
				}
				if !(d.DeputyShare > 0 && d.DeputyShare <= 1) {
					p.add(path+".deputy_share", "%v is not allowed (allowed: 0 < deputy_share ≤ 1)", d.DeputyShare)
				}
			}
			ramp()
		}
		switch d.Kind {
		case LeaderLoss:
			if d.Selector == "" {
				p.add(path+".selector", "empty (allowed: root, level:N, random-manager or a unit id)")
			}
			succession()
			p.nonNegative(path+".successor_practice", d.SuccessorPractice)
		case MemberLoss:
			if _, err := resolveTeam(d.Team, max(c.Work.Teams, 1), nil); err != nil {
				p.add(path+".team", "%v", err)
			}
			p.nonNegative(path+".realloc", d.Realloc)
			if d.Until != 0 {
				window()
			}
		case Attrition:
			p.positive(path+".rate", d.Rate)
			if d.Leaders {
				succession()
			}
			p.nonNegative(path+".vacancy", d.Vacancy)
			p.nonNegative(path+".realloc", d.Realloc)
			ramp()
			if d.Until != 0 {
				window()
			}
		case Surge:
			if !(d.Factor >= 1) || !finite(d.Factor) {
				p.add(path+".factor", "%v is not allowed (allowed: a multiplier ≥ 1)", d.Factor)
			}
			window()
		case KnowledgeShock:
			p.positive(path+".theta", d.Theta)
		case Slowdown:
			if !(d.Factor > 0) || !finite(d.Factor) {
				p.add(path+".factor", "%v is not allowed (allowed: a multiplier > 0)", d.Factor)
			}
			window()
		default:
			p.add(path+".kind", "unknown (allowed: %s)", strings.Join(disruptionNames[:], ", "))
		}
	}
}

// disruptionWarnings warns about units that only a disruption overloads,
// one warning per disruption and organisation naming the worst units.
func (c *Config) disruptionWarnings(p *problems, o *org, load []float64, oi int) {
	for j, d := range c.Disruptions {
		path := fmt.Sprintf("disruption[%d]", j)
		var over []int
		var with []float64
		consider := func(u int, l float64) {
			if l >= 1 && load[u] < 1 {
				over = append(over, u)
				with = append(with, l)
			}
		}
		why := ""
		switch d.Kind {
		case Surge:
			why = "the surge"
			for u, l := range load {
				consider(u, l*d.Factor)
			}
		case LeaderLoss:
			u, err := o.resolveSelector(d.Selector, nil)
			if err != nil || d.Selector == "random-manager" {
				continue
			}
			switch d.Policy {
			case Interim:
				why = "the interim"
				consider(int(u), load[u]/d.InterimFactor)
			case SkipLevel:
				why = "skip-level"
				if par := o.units[u].parent; par >= 0 {
					consider(int(par), load[par]+load[u]*capacity(o, u)/capacity(o, par))
				}
			}
		case MemberLoss:
			why = "the member loss"
			if t, err := resolveTeam(d.Team, c.Work.Teams, nil); err == nil && d.Team != "random-team" && c.Work.TeamSize > 1 {
				consider(int(t), load[t]*float64(c.Work.TeamSize)/float64(c.Work.TeamSize-1))
			}
		case KnowledgeShock:
			why = "the knowledge shock"
			shocked := *c
			shocked.Work.Theta = d.Theta
			for u, l := range offeredLoad(&shocked, o) {
				consider(u, l)
			}
		}
		if len(over) == 0 {
			continue
		}
		idx := make([]int, len(over))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return with[idx[a]] > with[idx[b]] })
		var names []string
		for _, i := range idx[:min(3, len(idx))] {
			names = append(names, fmt.Sprintf("%s at %.2f", o.units[over[i]].id, with[i]))
		}
		more := ""
		if len(over) > 3 {
			more = fmt.Sprintf(" and %d more", len(over)-3)
		}
		tail := "queues grow until it ends"
		if c.Organisations[oi].Learning.On {
			tail = "queues grow until it ends, unless practice has made the units faster than their configured decision times (learning is on)"
		}
		p.warn(path, "%s overloads %d unit(s) of %q while it lasts (load %s%s); %s",
			why, len(over), o.name, strings.Join(names, ", "), more, tail)
	}
}
