package model_test

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/model"
)

// TestRoutesAreTheOfferedLoadsPaths: the routes' shares add up to 1, and
// the visits they imply — every unit of a path and every helper, at the
// route's share of all issues × the teams' total rate — are the arrivals
// the offered-load check computes, unit by unit, for the default hierarchy
// and lattice (the two walk the same routes).
func TestRoutesAreTheOfferedLoadsPaths(t *testing.T) {
	cfg := model.Default()
	rate := cfg.Work.TeamRate() * float64(cfg.Work.Teams)
	for org := range cfg.Organisations {
		units, err := model.Units(&cfg, org)
		if err != nil {
			t.Fatal(err)
		}
		visits := make([]float64, len(units))
		total, n := 0.0, 0
		err = model.Routes(&cfg, org, func(r *model.Route) {
			n++
			total += r.Share
			for _, u := range r.Path {
				visits[u] += r.Share * rate
			}
			for _, u := range r.Helpers {
				visits[u] += r.Share * rate
			}
			if last := r.Path[len(r.Path)-1]; r.Deciders[0] != last {
				t.Fatalf("route from t%d: first decider %d, want the path's last unit %d", r.Origin+1, r.Deciders[0], last)
			}
			if r.Scope[0] != r.Origin || r.Path[0] != r.Origin {
				t.Fatalf("route from t%d: scope %v, path %v do not start at the origin", r.Origin+1, r.Scope, r.Path)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(total-1) > 1e-9 {
			t.Errorf("%s: shares add up to %v over %d routes, want 1", cfg.Organisations[org].Name, total, n)
		}
		loads, err := model.OfferedLoad(&cfg, org)
		if err != nil {
			t.Fatal(err)
		}
		for u, l := range loads {
			if math.Abs(visits[u]-l.Arrivals) > 1e-9*math.Max(1, l.Arrivals) {
				t.Errorf("%s: unit %s: routes give %v issues per hour, the offered load %v", cfg.Organisations[org].Name, l.ID, visits[u], l.Arrivals)
			}
		}
	}
}

// TestRoutesOfATandem: one team under a manager under the root, local
// issues only, team knowledge p70, the manager's p95 and the root's p99.5:
// 70 % of issues are decided at the team, 25 % at the manager and 5 % at
// the root, which is the only unit able to decide issues beyond p95.
func TestRoutesOfATandem(t *testing.T) {
	cfg := model.Default()
	cfg.Work.Teams = 1
	cfg.Work.CrossTeam = 0
	h := model.DefaultHierarchy()
	h.Structure = model.Explicit
	h.Units = []model.UnitSpec{
		{ID: "t1", Role: model.RoleTeam, ReportsTo: "m"},
		{ID: "m", Role: model.RoleManager, ReportsTo: "root"},
		{ID: "root", Role: model.RoleRoot},
	}
	h.Team.Authority, h.Manager.Authority = math.Inf(1), math.Inf(1)
	cfg.Organisations = []model.Organisation{h}
	decided := map[int]float64{}
	only := map[int]float64{}
	err := model.Routes(&cfg, 0, func(r *model.Route) {
		decided[r.Path[len(r.Path)-1]] += r.Share
		if len(r.Deciders) == 1 {
			only[r.Deciders[0]] += r.Share
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]float64{0: 0.7, 1: 0.25, 2: 0.05}
	for u, w := range want {
		if math.Abs(decided[u]-w) > 1e-12 {
			t.Errorf("unit %d decides %v of issues, want %v", u, decided[u], w)
		}
	}
	if len(only) != 1 || math.Abs(only[2]-0.05) > 1e-12 {
		t.Errorf("single deciders %v, want the root alone for 5 %% of issues", only)
	}
}
