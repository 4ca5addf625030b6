package structure

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/orgsim/orgsim/internal/numtext"
)

// File is the name of the structure table in a run folder.
const File = "structure.csv"

// Header is structure.csv's header: one value per row.
var Header = []string{"organisation", "unit", "class", "measure", "value"}

// A row's level says what its measure describes: the organisation (unit
// and class empty), an issue class (unit empty), a unit (class empty) or
// a unit for one class.
const (
	levelOrganisation = "organisation"
	levelClass        = "class"
	levelUnit         = "unit"
	levelUnitClass    = "unit × class"
)

// measures lists every measure of structure.csv with its level, in the
// order rows are written; docs/outputs.md documents each (a test checks).
var measures = []struct{ level, name string }{
	{levelOrganisation, "depth"}, {levelOrganisation, "units"}, {levelOrganisation, "teams"},
	{levelOrganisation, "leaders"}, {levelOrganisation, "span_min"}, {levelOrganisation, "span_median"},
	{levelOrganisation, "span_mean"}, {levelOrganisation, "span_max"}, {levelOrganisation, "betweenness_max"},
	{levelOrganisation, "spof_units"}, {levelOrganisation, "single_decider_share"},
	{levelClass, "class_share"}, {levelClass, "single_decider_share"}, {levelClass, "deciders_min"},
	{levelUnit, "depth"}, {levelUnit, "span"}, {levelUnit, "teams_below"}, {levelUnit, "betweenness"},
	{levelUnit, "decide_share"}, {levelUnit, "help_share"}, {levelUnit, "path_share"}, {levelUnit, "spof_share"},
	{levelUnitClass, "spof_share"},
}

// CSV writes the analytics of orgs as structure.csv: per organisation its
// own rows, then one group per class, then per unit (in unit order) its
// rows followed by one spof_share row per class it is a single point of
// failure for. Numbers are written as the shortest decimal that reads back
// to the same float64. The same analytics always give the same bytes.
func CSV(orgs []*Organisation) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(Header)
	row := func(org, unit, class, measure, value string) { _ = w.Write([]string{org, unit, class, measure, value}) }
	itoa := strconv.Itoa
	num := numtext.Format
	for _, o := range orgs {
		for _, m := range []struct{ name, v string }{
			{"depth", itoa(o.Depth)}, {"units", itoa(len(o.Units))}, {"teams", itoa(o.Teams)},
			{"leaders", itoa(o.Leaders)}, {"span_min", itoa(o.SpanMin)}, {"span_median", itoa(o.SpanMedian)},
			{"span_mean", num(o.SpanMean)}, {"span_max", itoa(o.SpanMax)}, {"betweenness_max", num(o.MaxBetweenness)},
			{"spof_units", itoa(o.SPOFUnits)}, {"single_decider_share", num(o.SingleDecider)},
		} {
			row(o.Name, "", "", m.name, m.v)
		}
		for _, c := range o.Classes {
			row(o.Name, "", c.Name, "class_share", num(c.Share))
			row(o.Name, "", c.Name, "single_decider_share", num(c.SingleDecider))
			row(o.Name, "", c.Name, "deciders_min", itoa(c.DecidersMin))
		}
		for _, u := range o.Units {
			for _, m := range []struct{ name, v string }{
				{"depth", itoa(u.Depth)}, {"span", itoa(u.Span)}, {"teams_below", itoa(u.TeamsBelow)},
				{"betweenness", num(u.Betweenness)}, {"decide_share", num(u.DecideShare)},
				{"help_share", num(u.HelpShare)}, {"path_share", num(u.PathShare)}, {"spof_share", num(u.SPOFShare)},
			} {
				row(o.Name, u.ID, "", m.name, m.v)
			}
			for _, s := range u.SPOF {
				row(o.Name, u.ID, s.Class, "spof_share", num(s.Share))
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

// Text prints the analytics of o for a reader: a summary, a table of the
// units (the leaders first, then the teams, each in unit order) and a
// table of the issue classes. Shares are in percent. Unless allTeams is
// set, an organisation with leaders gets one line for its teams, giving
// each measure's range over them, instead of a row per team.
func Text(w io.Writer, o *Organisation, allTeams bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: depth %d, %d units (%d teams, %d leaders)\n", o.Name, o.Depth, len(o.Units), o.Teams, o.Leaders)
	if o.Leaders > 0 {
		var dist []string
		for _, s := range o.Spans {
			dist = append(dist, fmt.Sprintf("%d×%d", s.Leaders, s.Span))
		}
		fmt.Fprintf(&b, "  span of the leaders: min %d, median %d, mean %s, max %d (leaders × span: %s)\n",
			o.SpanMin, o.SpanMedian, strconv.FormatFloat(math.Round(1000*o.SpanMean)/1000, 'f', -1, 64), o.SpanMax, strings.Join(dist, ", "))
	}
	fmt.Fprintf(&b, "  largest betweenness %s at %s; %s of issues have a single unit able to decide them; %d unit(s) are a single point of failure\n\n",
		pct(o.MaxBetweenness), o.MaxBetweennessUnit, pct(o.SingleDecider), o.SPOFUnits)

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "unit\trole\tdepth\tspan\tteams below\tbetweenness\tdecides\thelps\tpath needs it\tonly decider\tSPOF classes")
	var teams []Unit
	for _, u := range o.Units {
		if u.Role == "team" {
			teams = append(teams, u)
			continue
		}
		unitRow(tw, u)
	}
	if allTeams || o.Leaders == 0 {
		for _, u := range teams {
			unitRow(tw, u)
		}
	} else if len(teams) > 0 {
		span := func(f func(Unit) float64) string {
			lo, hi := f(teams[0]), f(teams[0])
			for _, u := range teams {
				lo, hi = min(lo, f(u)), max(hi, f(u))
			}
			if pct(lo) == pct(hi) {
				return pct(lo)
			}
			return pct(lo) + "–" + pct(hi)
		}
		spof := 0
		for _, u := range teams {
			spof = max(spof, len(u.SPOF))
		}
		most := "0"
		if spof > 0 {
			most = "≤ " + strconv.Itoa(spof)
		}
		fmt.Fprintf(tw, "%d teams\tteam\t\t\t\t%s\t%s\t%s\t%s\t%s\t%s\n", len(teams),
			span(func(u Unit) float64 { return u.Betweenness }), span(func(u Unit) float64 { return u.DecideShare }),
			span(func(u Unit) float64 { return u.HelpShare }), span(func(u Unit) float64 { return u.PathShare }),
			span(func(u Unit) float64 { return u.SPOFShare }), most)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "class\tshare\tsingle decider\tfewest deciders\tsingle point of failure")
	for _, c := range o.Classes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", c.Name, pct(c.Share), pct(c.SingleDecider), c.DecidersMin, units(c.SPOF))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// unitRow writes one unit's row of the unit table.
func unitRow(tw io.Writer, u Unit) {
	fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d\n", u.ID, u.Role, u.Depth, u.Span, u.TeamsBelow,
		pct(u.Betweenness), pct(u.DecideShare), pct(u.HelpShare), pct(u.PathShare), pct(u.SPOFShare), len(u.SPOF))
}

// pct writes a share in percent with three significant digits.
func pct(x float64) string {
	if x == 0 {
		return "0 %"
	}
	return strconv.FormatFloat(100*x, 'g', 3, 64) + " %"
}

// units lists up to five unit ids, then how many more.
func units(ids []string) string {
	if len(ids) <= 5 {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:5], ", ") + fmt.Sprintf(" and %d more", len(ids)-5)
}
