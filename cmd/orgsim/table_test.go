package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
)

// tableOutcome is a small outcome of the default configuration with the
// metrics of who decides, and units by organisation.
func tableOutcome() *experiment.Outcome {
	cfg := model.Default()
	o := &experiment.Outcome{Scenario: "tiers", Config: &cfg, Replications: 1, Organisations: []string{"hierarchy", "lattice"}}
	vals := map[string][2]experiment.Stat{
		"decision_share_team":   {{Mean: 0.506, Low: 0.504, High: 0.508, N: 20}, {Mean: 0.941, Low: 0.94, High: 0.942, N: 20}},
		"decision_share_middle": {{Mean: 0.379, Low: 0.377, High: 0.382, N: 20}, {Mean: 0.057, Low: 0.0564, High: 0.0576, N: 20}},
		"decision_share_top":    {{Mean: 0.115, Low: 0.114, High: 0.116, N: 20}, {Mean: 0.00196, Low: 0.00177, High: 0.00215, N: 20}},
		"deciders_effective":    {{Mean: 39.05, Low: 38.9, High: 39.2, N: 20}, {Mean: 51.08, Low: 51.05, High: 51.1, N: 20}},
	}
	for m, v := range vals {
		for i, org := range o.Organisations {
			o.Summary = append(o.Summary, experiment.SummaryRow{Organisation: org, Metric: m, Stat: v[i]})
		}
	}
	for i, org := range o.Organisations {
		for range []int{57, 52}[i] {
			o.Units = append(o.Units, experiment.UnitRow{Organisation: org})
		}
	}
	return o
}

func TestTableShowsWhoDecides(t *testing.T) {
	o := tableOutcome()
	var b strings.Builder
	printTable(&b, nil, o, "out", time.Second)
	got := b.String()
	for _, want := range [][]string{
		{"share decided by teams", "0.506 [0.504, 0.508]", "0.941 [0.94, 0.942]"},
		{"share decided in the middle", "0.379 [0.377, 0.382]", "0.057 [0.0564, 0.0576]"},
		{"share decided at the top", "0.115 [0.114, 0.116]", "0.00196 [0.00177, 0.00215]"},
		{"effective deciders", "39 [38.9, 39.2] of 57 units", "51.1 [51, 51.1] of 52 units"},
	} {
		for i, c := range want {
			want[i] = regexp.QuoteMeta(c)
		}
		if !regexp.MustCompile(`(?m)^` + strings.Join(want, ` {3,}`) + ` *$`).MatchString(got) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "change over the run") {
		t.Errorf("a note on change without learning or growth:\n%s", got)
	}

	// With learning on in the lattice and growth in the hierarchy, a note
	// says the means average over the change and where to see it.
	o.Config.Organisations[1].Learning.On = true
	o.Config.Organisations[0].Routing.Grow = model.GrowSchedule
	b.Reset()
	printTable(&b, nil, o, "out", time.Second)
	want := "\nOrganisations change over the run: units learn by deciding (lattice); teams' authority grows (hierarchy). The means above are\n" +
		"steady-state means over the measured window and average over that change;\n" +
		"leadership.png shows capability and who decides over time.\n"
	if got := b.String(); !strings.Contains(got, want) {
		t.Errorf("the table lacks the note %q:\n%s", want, got)
	}
}
