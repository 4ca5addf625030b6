package model_test

import (
	"fmt"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// The default comparison: the same 49 teams organised as a hierarchy and as
// a lattice, one replication of a working year.
func ExampleRun() {
	cfg := model.Default()
	for org := range cfg.Organisations {
		res, err := model.Run(&cfg, org, 0, false)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9s busiest unit %-6s p95 latency %2.0f h, escalated %2.0f %%\n",
			res.Organisation, res.MaxUtilUnit, res.Latency.P95, 100*res.EscalationRate)
	}
	// Output:
	// hierarchy busiest unit root   p95 latency 20 h, escalated 50 %
	// lattice   busiest unit t30    p95 latency 19 h, escalated  6 %
}

// Before a run, the traffic equations give every unit's baseline load; a
// unit at or above 1 would make the Config invalid.
func ExampleOfferedLoad() {
	cfg := model.Default()
	loads, _ := model.OfferedLoad(&cfg, 0)
	for _, l := range loads {
		if l.ID == "root" || l.ID == "m1-1" || l.ID == "t1" {
			fmt.Printf("%-4s %-7s %.2f issues/h of %.2f: load %.2f\n", l.ID, l.Role, l.Arrivals, l.Capacity, l.Load)
		}
	}
	// Output:
	// t1   team    0.25 issues/h of 0.70: load 0.36
	// root root    1.41 issues/h of 1.94: load 0.73
	// m1-1 manager 0.87 issues/h of 1.40: load 0.62
}

// A disruption strikes every organisation at the same time; Attribute
// measures each organisation's resilience to each disruption against the
// run without it (here, with one disruption, the undisturbed twin).
func ExampleAttribute() {
	cfg := model.Default()
	cfg.Disruptions = []model.Disruption{model.DefaultLeaderLoss(20*sim.Week, "root")}
	plan, _ := model.NewPlan(&cfg)
	for org := range cfg.Organisations {
		twin, _ := plan.RunThrough(org, 0, 0)
		hit, _ := plan.RunThrough(org, 0, 1)
		rs, _ := model.Attribute(&cfg, []*model.Result{twin, hit})
		fmt.Printf("%-9s excess delay %5.0f issue-hours\n", hit.Organisation, rs[0].ExcessDelay)
	}
	// Output:
	// hierarchy excess delay 34904 issue-hours
	// lattice   excess delay    37 issue-hours
}
