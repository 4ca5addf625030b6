package main

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// tableOutcome is a small outcome of the default configuration with a
// leader loss: every metric, a few of them with values and paired
// comparisons, and units by organisation.
func tableOutcome() *experiment.Outcome {
	cfg := model.Default()
	cfg.Disruptions = []model.Disruption{model.DefaultLeaderLoss(20*sim.Week, "root")}
	o := &experiment.Outcome{Scenario: "tiers", Config: &cfg, Replications: 20, Organisations: []string{"hierarchy", "lattice"},
		Metrics: experiment.Metrics(1)}
	vals := map[string][2]experiment.Stat{
		"latency_p95":           {{Mean: 79.8, Low: 73.3, High: 87, N: 20}, {Mean: 21.9, Low: 21.5, High: 22.2, N: 20}},
		"decision_share_team":   {{Mean: 0.506, Low: 0.504, High: 0.508, N: 20}, {Mean: 0.941, Low: 0.94, High: 0.942, N: 20}},
		"decision_share_middle": {{Mean: 0.379, Low: 0.377, High: 0.382, N: 20}, {Mean: 0.057, Low: 0.0564, High: 0.0576, N: 20}},
		"decision_share_top":    {{Mean: 0.115, Low: 0.114, High: 0.116, N: 20}, {Mean: 0.00196, Low: 0.00177, High: 0.00215, N: 20}},
		"deciders_effective":    {{Mean: 39.05, Low: 38.9, High: 39.2, N: 20}, {Mean: 51.08, Low: 51.05, High: 51.1, N: 20}},
		"resilience_loss_d1":    {{Mean: 65546, Low: 61300, High: 70087, N: 20}, {Mean: 31.6, Low: 18, High: 55.6, N: 20}},
	}
	for m, v := range vals {
		for i, org := range o.Organisations {
			o.Summary = append(o.Summary, experiment.SummaryRow{Organisation: org, Metric: m, Stat: v[i]})
		}
	}
	o.Paired = []experiment.PairedRow{
		{Metric: "latency_p95", A: "hierarchy", B: "lattice", Compare: experiment.Ratio, Stat: experiment.Stat{Mean: 3.6, Low: 3.29, High: 3.92, N: 20}},
		{Metric: "decision_share_team", A: "hierarchy", B: "lattice", Compare: experiment.Difference, Stat: experiment.Stat{Mean: -0.435, Low: -0.437, High: -0.433, N: 20}},
		{Metric: "resilience_loss_d1", A: "hierarchy", B: "lattice", Compare: experiment.Difference, Stat: experiment.Stat{Mean: 65515, Low: 61128, High: 69902, N: 20}},
	}
	o.Recovery = []experiment.RecoveryRow{
		{Organisation: "hierarchy", Disruption: 0, Kind: "leader-loss", At: 20 * sim.Week, Censored: 0.6, KMMedian: math.Inf(1)},
		{Organisation: "lattice", Disruption: 0, Kind: "leader-loss", At: 20 * sim.Week, KMMedian: 0},
	}
	for i, org := range o.Organisations {
		for k := range []int{57, 52}[i] {
			u := experiment.UnitRow{Organisation: org, Unit: "u"}
			if k == 3 {
				u.Unit, u.Utilisation = "busy", experiment.Stat{Mean: 0.9, Low: 0.89, High: 0.91, N: 20}
			}
			o.Units = append(o.Units, u)
		}
	}
	return o
}

// rowRE matches a table row: its cells separated by at least three spaces.
func rowRE(cells ...string) *regexp.Regexp {
	for i, c := range cells {
		cells[i] = regexp.QuoteMeta(c)
	}
	return regexp.MustCompile(`(?m)^` + strings.Join(cells, ` {3,}`) + ` *$`)
}

func TestTableShowsEveryMetric(t *testing.T) {
	o := tableOutcome()
	var b strings.Builder
	printTable(&b, o, "out", time.Second)
	got := b.String()
	for _, want := range [][]string{
		{"", "hierarchy", "lattice", "hierarchy vs lattice"},
		{"  latency_p95 (h)", "79.8 [73.3, 87]", "21.9 [21.5, 22.2]", "×3.6 [3.29, 3.92]"},
		{"  decision_share_team (share)", "0.506 [0.504, 0.508]", "0.941 [0.94, 0.942]", "Δ-0.435 [-0.437, -0.433]"},
		{"  decision_share_middle (share)", "0.379 [0.377, 0.382]", "0.057 [0.0564, 0.0576]", "–"},
		{"  decision_share_top (share)", "0.115 [0.114, 0.116]", "0.00196 [0.00177, 0.00215]", "–"},
		{"  deciders_effective (units)", "39 [38.9, 39.2]", "51.1 [51, 51.1]", "–"},
		{"  units", "57", "52"},
		{"  busiest unit", "busy 0.9 [0.89, 0.91]", "busy 0.9 [0.89, 0.91]"},
		{"Disruption 1: leader-loss at week 20"},
		{"  resilience_loss_d1 (%·h)", "65546 [61300, 70087]", "31.6 [18, 55.6]", "Δ+65515 [61128, 69902]"},
		{"  recovery, Kaplan–Meier median (h)", "∞ (60 % not recovered)", "0"},
	} {
		if !rowRE(want...).MatchString(got) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
	// Every metric, in the fixed order, under its group's heading.
	at := 0
	for _, m := range o.Metrics {
		i := strings.Index(got[at:], "\n  "+m.Name+" (")
		if i < 0 {
			t.Fatalf("%s is missing or out of order", m.Name)
		}
		at += i + 1
	}
	var headings []string
	for _, line := range strings.Split(got, "\n") {
		if line != "" && !strings.HasPrefix(line, " ") && strings.TrimSpace(line) != "" && !strings.Contains(line, ":") && !strings.Contains(line, ".") &&
			!strings.Contains(line, "hierarchy") {
			headings = append(headings, strings.TrimSpace(line))
		}
	}
	want := "Latency|Flow and load|Escalation and communication|Quality and value|Effort per decision|People and decision rights under stress|Messages between units|Who decides"
	if strings.Join(headings, "|") != want {
		t.Errorf("headings %q, want %q", strings.Join(headings, "|"), want)
	}
	if strings.Contains(got, "change over the run") || strings.Contains(got, "Expectations") {
		t.Errorf("a note on change, or expectations, without either:\n%s", got)
	}

	// With learning on in the lattice and growth in the hierarchy, a note
	// says the means average over the change and where to see it.
	o.Config.Organisations[1].Learning.On = true
	o.Config.Organisations[0].Routing.Grow = model.GrowSchedule
	b.Reset()
	printTable(&b, o, "out", time.Second)
	note := "\nOrganisations change over the run: units learn by deciding (lattice); teams' authority grows (hierarchy). The means above are\n" +
		"steady-state means over the measured window and average over that change;\n" +
		"leadership.png shows capability and who decides over time.\n"
	if got := b.String(); !strings.Contains(got, note) {
		t.Errorf("the table lacks the note %q:\n%s", note, got)
	}
}
