package seminar

import (
	"fmt"
	"math"
	"strings"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// assumptions lists the running configuration's key parameters in words,
// for the page's assumptions panel: the work, each organisation's
// structure, knowledge and decision times, the channels and the
// succession a press starts. Who wins depends on them.
func assumptions(cfg *model.Config, p Params) []string {
	w := cfg.Work
	out := []string{fmt.Sprintf("%d teams of %d; each receives %s issues a working day; %s of issues involve other teams.",
		w.Teams, w.TeamSize, trimFloat(w.TeamRate()*sim.Day), pct(w.CrossTeam))}
	for i := range cfg.Organisations {
		out = append(out, orgAssumptions(cfg, i))
	}
	if len(cfg.Organisations) > 0 {
		out = append(out, "A message between units takes "+distText(cfg.Organisations[0].Routing.Hop)+".")
	}
	d := model.DisruptionDefaults(model.LeaderLoss, 0)
	out = append(out, fmt.Sprintf("A leader who leaves (buttons 1 and 2): the post is vacant for %s, then an interim works at %s of the leader's pace; a successor arrives %s after the loss, starting at %s speed.",
		duration(d.Vacancy), pct(p.interimFactor()), duration(d.Successor), pct(d.RampStart)))
	out = append(out, "Demand doubling and slower communication (buttons 3 and 4) last one working week.")
	return out
}

// orgAssumptions describes organisation i of cfg in a sentence or two.
func orgAssumptions(cfg *model.Config, i int) string {
	o := &cfg.Organisations[i]
	w := cfg.Work
	var b strings.Builder
	b.WriteString(capitalise(o.Name) + ": ")
	switch o.Structure {
	case model.Hierarchy:
		if o.Levels == 1 {
			fmt.Fprintf(&b, "every team reports to one root; ")
		} else {
			spans := o.Span
			first := spans[len(spans)-1]
			fmt.Fprintf(&b, "%d levels above the teams, %d teams per first-line manager; ", o.Levels, first)
		}
	case model.Lattice:
		fmt.Fprintf(&b, "self-managing teams with %d peers each", o.PeerLinks)
		switch {
		case o.TeamsPerCoach > 0 && o.Circle:
			fmt.Fprintf(&b, ", a coach per %d teams and a coordinating circle; ", o.TeamsPerCoach)
		case o.TeamsPerCoach > 0:
			fmt.Fprintf(&b, ", a coach per %d teams; ", o.TeamsPerCoach)
		default:
			b.WriteString(", no coaches; ")
		}
	default:
		fmt.Fprintf(&b, "units listed one by one; ")
	}
	fmt.Fprintf(&b, "teams resolve %s of issues themselves and spend %s per issue", knowledgeText(o.Team.Knowledge, w.Theta), handsOnText(o.Team))
	switch o.Structure {
	case model.Hierarchy:
		fmt.Fprintf(&b, "; the root spends %s", handsOnText(o.Root))
		if o.Levels > 1 {
			fmt.Fprintf(&b, ", a manager %s", handsOnText(o.Manager))
		}
		fmt.Fprintf(&b, " and knows %s", knowledgeText(o.Root.Knowledge, w.Theta))
	case model.Lattice:
		if o.Routing.Advice > 0 {
			fmt.Fprintf(&b, "; a team asks %d peers for advice on what it does not know", o.Routing.Advice)
		}
		if o.Routing.Consult {
			b.WriteString(" and consults the teams an issue touches")
		}
	}
	b.WriteString(".")
	return b.String()
}

// handsOnText writes a unit's time per issue: the hands-on mean stretched
// by its share of time for decisions.
func handsOnText(u model.UnitParams) string {
	h := u.Decision.Expect()
	if u.TimeShare > 0 {
		h /= u.TimeShare
	}
	s := "about " + durationFine(h)
	if u.TimeShare > 0 && u.TimeShare < 1 {
		s += fmt.Sprintf(" (%s hands-on at %s of its time)", durationFine(u.Decision.Expect()), pct(u.TimeShare))
	}
	return s
}

// knowledgeText writes knowledge z as the share of issues it resolves
// (difficulty Exp(theta)).
func knowledgeText(z, theta float64) string {
	if math.IsInf(z, 1) {
		return "everything"
	}
	return pct(1 - math.Exp(-theta*z))
}

// distText writes a delay distribution for people.
func distText(d model.Dist) string {
	switch d.Kind {
	case model.Deterministic:
		return "exactly " + durationFine(d.Mean)
	case model.Exponential:
		return "on average " + durationFine(d.Mean) + " (exponential)"
	case model.LogNormal:
		median := d.Mean / math.Sqrt(1+d.CV*d.CV)
		return "a median of " + durationFine(median) + ", sometimes much longer"
	}
	return "on average " + durationFine(d.Expect())
}

// durationFine writes working hours with minutes for short times: "22
// min", "3 h", "2.5 days".
func durationFine(h float64) string {
	if h < 1 {
		return fmt.Sprintf("%.0f min", h*60)
	}
	if h < 10 {
		return trimFloat(h) + " h"
	}
	return duration(h)
}

// pct writes a share in per cent: "70 %".
func pct(x float64) string { return trimFloat(100*x) + " %" }
