package main

import (
	"fmt"
	"io"
	"math"
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

// printTable writes the comparison table: per organisation, median and p95
// latency, recovery and resilience loss per disruption, the busiest unit,
// accuracy, messages, the shares decided by the teams, the middle and the
// top and the effective number of deciders, each with its 95 % interval;
// a note when organisations change over the run; and the paired ratios of
// the first two organisations.
func printTable(w io.Writer, sc *scenarios.Scenario, o *experiment.Outcome, dir string, took time.Duration) {
	sum := map[[2]string]experiment.Stat{}
	for _, r := range o.Summary {
		sum[[2]string{r.Organisation, r.Metric}] = r.Stat
	}
	reps := o.Replications
	fmt.Fprintf(w, "%s: %d replication(s), seed %d, %s each (%s).\n", o.Scenario, reps, o.Config.Seed, hoursText(o.Config.Horizon), took.Round(100*time.Millisecond))
	fmt.Fprintf(w, "Means over replications with 95 %% confidence intervals; latency in working hours.\n\n")
	tw := tabwriter.NewWriter(w, 2, 8, 3, ' ', 0)
	fmt.Fprint(tw, "\t"+strings.Join(o.Organisations, "\t")+"\n")
	row := func(label string, cell func(org string) string) {
		cells := []string{label}
		for _, org := range o.Organisations {
			cells = append(cells, cell(org))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	metric := func(label, m string) {
		row(label, func(org string) string { return stat(sum[[2]string{org, m}]) })
	}
	metric("median latency (h)", "latency_p50")
	metric("p95 latency (h)", "latency_p95")
	for i, d := range o.Config.Disruptions {
		fmt.Fprintf(tw, "%s at week %s%s\n", d.Kind, num(d.At/sim.Week), strings.Repeat("\t", len(o.Organisations)))
		row("  recovery, KM median (h)", func(org string) string {
			for _, rr := range o.Recovery {
				if rr.Organisation == org && rr.Disruption == i {
					s := num(rr.KMMedian)
					if rr.Censored > 0 {
						s += fmt.Sprintf(" (%.0f %% not recovered)", 100*rr.Censored)
					}
					return s
				}
			}
			return "–"
		})
		metric("  recovery, mean (h; censored as ≥)", fmt.Sprintf("recovery_time_d%d", i+1))
		metric("  resilience loss (%·h)", fmt.Sprintf("resilience_loss_d%d", i+1))
		metric("  excess delay (issue-h)", fmt.Sprintf("excess_delay_d%d", i+1))
	}
	row("max utilisation", func(org string) string {
		best, where := experiment.Stat{Mean: -1}, ""
		for _, u := range o.Units {
			if u.Organisation == org && u.Utilisation.Mean > best.Mean {
				best, where = u.Utilisation, u.Unit
			}
		}
		return stat(best) + " at " + where
	})
	metric("accuracy", "accuracy")
	metric("messages per decision", "messages_per_decision")
	metric("share decided by teams", "decision_share_team")
	metric("share decided in the middle", "decision_share_middle")
	metric("share decided at the top", "decision_share_top")
	row("effective deciders", func(org string) string {
		n := 0
		for _, u := range o.Units {
			if u.Organisation == org {
				n++
			}
		}
		return fmt.Sprintf("%s of %d units", stat(sum[[2]string{org, "deciders_effective"}]), n)
	})
	tw.Flush()
	if note := changingNote(o); note != "" {
		fmt.Fprintf(w, "\n%s\n", note)
	}
	if len(o.Organisations) >= 2 && reps >= 2 {
		a, b := o.Organisations[0], o.Organisations[1]
		fmt.Fprintf(w, "\nPaired ratio %s / %s (same issues; exp of the mean log ratio):\n", a, b)
		tw = tabwriter.NewWriter(w, 2, 8, 3, ' ', 0)
		for _, r := range o.Paired {
			if r.A != a || r.B != b || r.Compare != experiment.Ratio {
				continue
			}
			label := ""
			switch {
			case r.Metric == "latency_p50":
				label = "median latency"
			case r.Metric == "latency_p95":
				label = "p95 latency"
			case strings.HasPrefix(r.Metric, "resilience_loss_d"):
				label = "resilience loss " + strings.TrimPrefix(r.Metric, "resilience_loss_")
			case r.Metric == "util_max":
				label = "max utilisation"
			}
			if label != "" {
				fmt.Fprintf(tw, "  %s\t×%s\n", label, stat(r.Stat))
			}
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\nResults: %s (runs.csv, summary.csv, figures; docs/outputs.md explains every column).\n", dir)
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
