package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// num formats a number with three significant figures.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	case math.Abs(x) >= 1000:
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}

func stat(s experiment.Stat) string {
	if s.N == 0 || math.IsNaN(s.Mean) {
		return "–"
	}
	if math.IsNaN(s.Low) {
		return num(s.Mean)
	}
	return fmt.Sprintf("%s [%s, %s]", num(s.Mean), num(s.Low), num(s.High))
}

// printTable writes the comparison table: every metric of runs.csv in the
// fixed order of experiment.Metrics, under the headings of its group, with
// its mean and 95 % interval per organisation (kept in the metric's range)
// and the paired comparison of the first two organisations: the ratio
// (×) for a positive metric, the difference (Δ) for one that can be 0 or
// negative. The busiest unit, the number of units and the Kaplan–Meier
// median recovery are shown beside the metrics they explain. Then a note
// when organisations change over the run, and the folder.
func printTable(w io.Writer, o *experiment.Outcome, dir string, took time.Duration) {
	printComparison(w, o, took)
	if note := changingNote(o); note != "" {
		fmt.Fprintf(w, "\n%s\n", note)
	}
	if len(o.Expectations) > 0 {
		fmt.Fprintln(w)
		printExpectations(w, o.Expectations)
	}
	fmt.Fprintf(w, "\nResults: %s (runs.csv, summary.csv, expectations.csv, headline.md, figures; docs/outputs.md explains every column).\n", dir)
}

// printComparison writes the table itself.
func printComparison(w io.Writer, o *experiment.Outcome, took time.Duration) {
	sum := map[[2]string]experiment.Stat{}
	for _, r := range o.Summary {
		sum[[2]string{r.Organisation, r.Metric}] = r.Stat
	}
	reps := o.Replications
	fmt.Fprintf(w, "%s: %d replication(s), seed %d, %s each (%s).\n", o.Scenario, reps, seedOf(o), hoursText(horizonOf(o)), took.Round(100*time.Millisecond))
	fmt.Fprintf(w, "Means over replications with 95 %% confidence intervals, kept in each metric's range; times in working hours.\n")
	compare := len(o.Organisations) >= 2
	var a, b string
	paired := map[string]experiment.PairedRow{}
	if compare {
		a, b = o.Organisations[0], o.Organisations[1]
		for _, r := range o.Paired {
			if r.A == a && r.B == b {
				paired[r.Metric] = r
			}
		}
		fmt.Fprintf(w, "%s vs %s, pair by pair over replications: × the ratio %s/%s (exp of the mean log ratio) for a metric\n"+
			"above 0 in every run; Δ the difference %s − %s for one that can be 0 or negative.\n", a, b, a, b, a, b)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 8, 3, ' ', 0)
	cols := len(o.Organisations)
	header := "\t" + strings.Join(o.Organisations, "\t")
	if compare {
		header += "\t" + a + " vs " + b
		cols++
	}
	fmt.Fprintln(tw, header)
	row := func(label string, cell func(org string) string, pair string) {
		cells := []string{"  " + label}
		for _, org := range o.Organisations {
			cells = append(cells, cell(org))
		}
		if compare {
			cells = append(cells, pair)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	group := ""
	for _, m := range o.Metrics {
		if m.Group != group {
			group = m.Group
			fmt.Fprintln(tw, groupTitle(o, group)+strings.Repeat("\t", cols))
		}
		label := m.Name
		if m.Unit != "" {
			label += " (" + m.Unit + ")"
		}
		row(label, func(org string) string { return stat(sum[[2]string{org, m.Name}]) }, pairText(paired[m.Name]))
		switch {
		case m.Name == "util_max":
			row("busiest unit", func(org string) string { return busiest(o, org) }, "")
		case m.Name == "deciders_effective":
			row("units", func(org string) string { return strconv.Itoa(unitCount(o, org)) }, "")
		case strings.HasPrefix(m.Name, "recovery_time_d"):
			i, _ := strconv.Atoi(strings.TrimPrefix(m.Name, "recovery_time_d"))
			row("recovery, Kaplan–Meier median (h)", func(org string) string { return kmText(o, org, i-1) }, "")
		}
	}
	tw.Flush()
}

// groupTitle is the heading of a group of metrics: a disruption's names its
// kind and when it strikes.
func groupTitle(o *experiment.Outcome, group string) string {
	if n, ok := strings.CutPrefix(group, "Disruption "); ok && o.Config != nil {
		if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= len(o.Config.Disruptions) {
			d := o.Config.Disruptions[i-1]
			return fmt.Sprintf("%s: %s at week %s", group, d.Kind, num(d.At/sim.Week))
		}
	}
	return group
}

// pairText writes a paired comparison: "×3.6 [3.29, 3.92]" or
// "Δ+0.002 [−0.001, 0.005]".
func pairText(r experiment.PairedRow) string {
	if r.N == 0 || math.IsNaN(r.Mean) {
		return "–"
	}
	if r.Compare == experiment.Ratio {
		return "×" + stat(r.Stat)
	}
	sign := "+"
	if r.Mean < 0 || r.Mean == 0 && math.Signbit(r.Mean) {
		sign = ""
	}
	return "Δ" + sign + stat(r.Stat)
}

// busiest writes the unit of org with the highest mean utilisation.
func busiest(o *experiment.Outcome, org string) string {
	best, where := experiment.Stat{Mean: -1}, ""
	for _, u := range o.Units {
		if u.Organisation == org && u.Utilisation.Mean > best.Mean {
			best, where = u.Utilisation, u.Unit
		}
	}
	if where == "" {
		return "–"
	}
	return where + " " + stat(best)
}

func unitCount(o *experiment.Outcome, org string) int {
	n := 0
	for _, u := range o.Units {
		if u.Organisation == org {
			n++
		}
	}
	return n
}

// kmText writes org's Kaplan–Meier median recovery from disruption d
// (0-based), with the share not recovered.
func kmText(o *experiment.Outcome, org string, d int) string {
	for _, rr := range o.Recovery {
		if rr.Organisation == org && rr.Disruption == d {
			s := num(rr.KMMedian)
			if rr.Censored > 0 {
				s += fmt.Sprintf(" (%.0f %% not recovered)", 100*rr.Censored)
			}
			return s
		}
	}
	return "–"
}

func seedOf(o *experiment.Outcome) uint64 {
	if o.Config != nil {
		return o.Config.Seed
	}
	return 0
}

func horizonOf(o *experiment.Outcome) float64 {
	if o.Config != nil {
		return o.Config.Horizon
	}
	return 0
}

// verdictLegend says what the verdicts mean.
const verdictLegend = "Expectations: held when the interval lies wholly inside the range or beyond the minimum effect,\n" +
	"failed when wholly on the other side, undecided otherwise.\n"

// printExpectations writes the legend of the verdicts, then each
// expectation's verdict with the estimate and the interval behind it.
func printExpectations(w io.Writer, rows []experiment.ExpectRow) {
	fmt.Fprint(w, verdictLegend)
	printVerdicts(w, rows)
}

// printVerdicts writes each expectation's verdict with the estimate and
// the interval behind it.
func printVerdicts(w io.Writer, rows []experiment.ExpectRow) {
	for i := range rows {
		r := &rows[i]
		fmt.Fprintf(w, "  %-10s %s\n", r.Verdict, r.Claim)
		fmt.Fprintf(w, "  %-10s %s\n", "", expectDetail(r))
	}
}

// expectDetail writes what an expectation's verdict rests on: the metric,
// the estimate with its interval and level, and what was claimed.
func expectDetail(r *experiment.ExpectRow) string {
	est := "not measured in this run"
	switch st := r.Estimate; {
	case st.N == 0 || math.IsNaN(st.Mean):
	case math.IsNaN(st.Low):
		est = fmt.Sprintf("%s %s, no interval (%d replication(s) with a value)", r.Statistic, num(st.Mean), st.N)
	default:
		est = fmt.Sprintf("%s %s (%s %%, %d replications)", r.Statistic, stat(st), num(100*r.Confidence), st.N)
	}
	claimed := ""
	switch {
	case r.IsRange():
		claimed = fmt.Sprintf("in [%s, %s]", num(r.Range[0]), num(r.Range[1]))
	case r.Direction == scenarios.Less:
		claimed = "< " + num(r.Threshold())
	default:
		claimed = "> " + num(r.Threshold())
	}
	return fmt.Sprintf("%s of %s: %s; claimed %s", r.Metric, r.Subject(), est, claimed)
}

// changingNote says which organisations change over the run — units that
// learn by deciding, teams whose authority grows — and so what the table's
// means are; "" when none does.
func changingNote(o *experiment.Outcome) string {
	if o.Config == nil {
		return ""
	}
	var learn, grow []string
	for _, org := range o.Config.Organisations {
		if org.Learning.On {
			learn = append(learn, org.Name)
		}
		if org.Routing.Grow != model.GrowOff {
			grow = append(grow, org.Name)
		}
	}
	var what []string
	if len(learn) > 0 {
		what = append(what, "units learn by deciding ("+strings.Join(learn, ", ")+")")
	}
	if len(grow) > 0 {
		what = append(what, "teams' authority grows ("+strings.Join(grow, ", ")+")")
	}
	if len(what) == 0 {
		return ""
	}
	return "Organisations change over the run: " + strings.Join(what, "; ") + ". The means above are\n" +
		"steady-state means over the measured window and average over that change;\n" +
		"leadership.png shows capability and who decides over time."
}

func hoursText(h float64) string {
	if h >= sim.Year && math.Mod(h, sim.Year) == 0 {
		return fmt.Sprintf("%g working year(s)", h/sim.Year)
	}
	return fmt.Sprintf("%g working weeks", h/sim.Week)
}
