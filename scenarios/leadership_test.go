package scenarios

// The leadership-development scenario's findings, computed from runs. The
// parameters are the scenario file's, fixed with their rationale before
// these tests were run: learning by deciding at its documented settings
// (practice halving in 10 working weeks, an assumption after Argote,
// Beckman and Epple), a delegation step of 5 % of the issues every 8
// weeks from week 50; and, as the mirror case, the same with practice
// halving in 1 working week (fast forgetting). The minimum effect that
// counts as "delegation pays" is a gain in value per decision, once the
// delegation has settled, of 0.25 % of the central hierarchy's value per
// decision.

import (
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// delegationGain runs the central and the delegating hierarchy of cfg
// undisturbed for replication rep and returns, on their paired issues, the
// time after which the delegating one's cumulative value stays ahead (NaN
// if it never is at the end), its gain in value per decision once
// delegation has settled (from the last step of authority plus two
// half-lives of practice to the horizon) relative to the central one's
// value per decision, and both runs.
func delegationGain(t *testing.T, cfg *model.Config, plan *model.Plan, rep uint64) (cross, gain float64, central, deleg *model.Result) {
	var err error
	if central, err = plan.Run(0, rep, true); err != nil {
		t.Error(err)
		return
	}
	if deleg, err = plan.Run(1, rep, true); err != nil {
		t.Error(err)
		return
	}
	delta := math.Ln2 / cfg.Work.ValueHalfLife
	pay := func(rc *model.IssueRecord) float64 {
		switch {
		case rc.Censored() || !rc.Accepted():
			return 0
		case rc.Good():
			return float64(rc.Value) * math.Exp(-delta*rc.Latency)
		}
		return -cfg.Work.BadCost * float64(rc.Value)
	}
	a, b := central.Issues, deleg.Issues
	if len(a) != len(b) {
		t.Fatalf("the runs are not paired: %d and %d issues", len(a), len(b))
	}
	rt := &cfg.Organisations[1].Routing
	from := rt.GrowFrom
	steps := math.Ceil(rt.GrowMax/rt.GrowStep) - 1
	settled := from + steps*rt.GrowEvery + 2*cfg.Organisations[1].Learning.HalfLife
	var cum, sumA, sumB float64
	n := 0
	cross = math.NaN()
	for i := range a {
		if a[i].Key != b[i].Key {
			t.Fatalf("issue %d: keys %x and %x", i, a[i].Key, b[i].Key)
		}
		pa, pb := pay(&a[i]), pay(&b[i])
		cum += pb - pa
		switch {
		case a[i].Arrival < from:
		case cum > 0 && math.IsNaN(cross):
			cross = a[i].Arrival
		case cum <= 0:
			cross = math.NaN()
		}
		if a[i].Arrival >= settled && a[i].Arrival <= cfg.Horizon {
			sumA += pa
			sumB += pb
			n++
		}
	}
	return cross, (sumB - sumA) / sumA, central, deleg
}

func TestLeadershipDevelopmentFinding(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four simulated years")
	}
	const minEffect = 0.0025
	sc, err := Embedded("leadership-development")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		halfLife float64
		pays     bool
	}{
		{"practice halving in 10 weeks", 10 * sim.Week, true},
		{"mirror: practice halving in 1 week", sim.Week, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := sc.Config
			cfg.Metrics.KeepIssues = true
			cfg.Organisations = append([]model.Organisation(nil), cfg.Organisations...)
			for i := range cfg.Organisations {
				cfg.Organisations[i].Learning.HalfLife = c.halfLife
			}
			plan, err := model.NewPlan(&cfg)
			if err != nil {
				t.Fatal(err)
			}
			reps := 16
			cross := make([]float64, reps)
			gain := make([]float64, reps)
			var wg sync.WaitGroup
			sem := make(chan struct{}, runtime.GOMAXPROCS(0))
			for r := range reps {
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer wg.Done()
					defer func() { <-sem }()
					var central, deleg *model.Result
					cross[r], gain[r], central, deleg = delegationGain(t, &cfg, plan, uint64(r))
					if central == nil {
						return
					}
					// Sanity checks, true by construction: the delegating
					// hierarchy's teams end up more capable, and the
					// share of decisions made above them falls. (The
					// root's own share stays as it is: what climbs past
					// the managers is beyond what the teams can come to
					// know, so delegation moves decisions from the
					// managers to the teams.)
					cc := central.Samples[len(central.Samples)-1].Capability[model.TierTeam]
					dc := deleg.Samples[len(deleg.Samples)-1].Capability[model.TierTeam]
					if c.pays && !(dc > cc) {
						t.Errorf("replication %d: the delegating teams' capability %v, the central ones' %v", r, dc, cc)
					}
					if !(deleg.DecisionShare[model.TierTeam] > central.DecisionShare[model.TierTeam]) {
						t.Errorf("replication %d: the teams decide %v when delegating, %v when not", r, deleg.DecisionShare[model.TierTeam], central.DecisionShare[model.TierTeam])
					}
				}()
			}
			wg.Wait()
			g, se := stats.MeanSE(gain)
			hw := 2.13 * se // t(0.975, 15)
			var crossed []float64
			for _, x := range cross {
				if !math.IsNaN(x) {
					crossed = append(crossed, x/sim.Week)
				}
			}
			cm, cse := stats.MeanSE(crossed)
			t.Logf("gain in value per decision once settled: %+.3f %% ± %.3f %%; delegation ahead for good after week %.0f ± %.0f in %d of %d replications",
				100*g, 100*hw, cm, 2.13*cse, len(crossed), reps)
			if !(hw < minEffect/3) {
				t.Errorf("half-width %.4f is not under a third of the minimum effect %.4f", hw, minEffect)
			}
			if c.pays {
				if !(g-hw >= minEffect) || len(crossed) < reps*3/4 {
					t.Errorf("delegation does not pay: gain %+.4f ± %.4f, ahead in %d of %d", g, hw, len(crossed), reps)
				}
				return
			}
			if !(g+hw < minEffect) {
				t.Errorf("with fast forgetting delegation still pays: gain %+.4f ± %.4f", g, hw)
			}
		})
	}
}
