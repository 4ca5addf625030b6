package report_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/report"
)

// Write puts an outcome's tables, figures, headline, manifest and command
// line into a folder; Plot redraws the figures there from the CSV files alone.
func ExampleWrite() {
	o := &experiment.Outcome{
		Scenario:      "tiny",
		Replications:  1,
		Organisations: []string{"hierarchy"},
		Metrics:       []experiment.Metric{{Name: "latency_p95", Unit: "h", Doc: "95th percentile of latency"}},
		Runs:          []experiment.RunRow{{Organisation: "hierarchy", Seed: 1, Values: []float64{12.5}}},
	}
	dir, err := os.MkdirTemp("", "orgsim-report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "tiny")
	if err := report.Write(out, o, report.Meta{Command: "orgsim run tiny.toml"}); err != nil {
		fmt.Println(err)
		return
	}
	if err := report.Plot(out); err != nil {
		fmt.Println(err)
		return
	}
	runs, _ := os.ReadFile(filepath.Join(out, report.RunsFile))
	fmt.Print(string(runs))
	fmt.Println(report.Files())
	// Output:
	// organisation,replication,seed,latency_p95
	// hierarchy,0,1,12.5
	// [runs.csv summary.csv timeseries.csv units.csv latency.csv recovery.csv expectations.csv structure.csv latency.png latency.svg timeline.png timeline.svg resilience.png resilience.svg bottlenecks.png bottlenecks.svg leadership.png leadership.svg headline.md command.txt manifest.json]
}
