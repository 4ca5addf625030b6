package model_test

import (
	"fmt"
	"testing"

	"github.com/orgsim/orgsim/internal/queueing"
	"github.com/orgsim/orgsim/model"
)

// oneTeam is a single team of n members, each taking Exp(1) hands-on hours
// per decision at full time share, with demand per member rp and process
// loss c, in the given team form.
func oneTeam(form model.TeamForm, n int, rp, c, horizon float64) model.Config {
	cfg := qTeams(1, n, 0, 1, horizon)
	cfg.WarmUp = 500
	cfg.Work.RatePerPerson = rp
	cfg.Work.TeamForm = form
	cfg.Work.ProcessLoss = c
	return cfg
}

// TestTeamSizeOptimum: with demand per member rp and each member's rate
// μ(1 − c(n−1)), a pooled team is an M/M/1 queue with arrival rate rp·n and
// service rate n·μ(1 − c(n−1)), so its mean latency 1/(n(μ(1−c(n−1)) − rp))
// is least at n* = (μ(1+c) − rp)/(2μc): 4 for μ 1, c 0.1, rp 0.3. A team of
// one decider per member is an M/M/n queue with the reduced rate (Erlang
// C); its optimum is the least of those closed forms over n. The simulated
// means match the closed forms (SE across replications) and are least at
// the same size.
func TestTeamSizeOptimum(t *testing.T) {
	const mu, c, rp = 1.0, 0.1, 0.3
	reps, horizon := qPlan(16, 40000)
	for _, form := range []model.TeamForm{model.TeamPooled, model.TeamMembers} {
		t.Run(form.String(), func(t *testing.T) {
			closed := func(n int) float64 {
				m := mu * (1 - c*float64(n-1))
				lam := rp * float64(n)
				if form == model.TeamPooled {
					return queueing.MM1Sojourn(lam, float64(n)*m)
				}
				return queueing.MMcSojourn(n, lam, m)
			}
			best, bestN := 0.0, 0
			for n := 1; n <= 7; n++ {
				if w := closed(n); bestN == 0 || w < best {
					best, bestN = w, n
				}
			}
			if nStar := (mu*(1+c) - rp) / (2 * mu * c); form == model.TeamPooled && float64(bestN) != nStar {
				t.Fatalf("the closed forms are least at n = %d, not at n* = (μ(1+c) − rp)/(2μc)", bestN)
			}
			simBest, simN := 0.0, 0
			for n := 2; n <= 6; n++ {
				cfg := oneTeam(form, n, rp, c, horizon)
				res := qReplicate(t, &cfg, reps)
				m, se := qAcross(res, func(r *model.Result) float64 { return r.Latency.Mean })
				qExpectClose(t, fmt.Sprintf("mean latency, team of %d", n), m, se, closed(n), 0.01)
				if simN == 0 || m < simBest {
					simBest, simN = m, n
				}
			}
			if simN != bestN {
				t.Fatalf("simulated latency is least at %d members, the closed forms at %d", simN, bestN)
			}
		})
	}
}

// TestTeamSizeMattersOnlyWithAForm: in the whole-team form (the default)
// the decision time is the whole team's, so its size changes nothing; in
// the pooled form a larger team is faster.
func TestTeamSizeMattersOnlyWithAForm(t *testing.T) {
	lat := func(form model.TeamForm, n int) float64 {
		cfg := oneTeam(form, n, 0.3/float64(n), 0, 4000)
		r, err := model.Run(&cfg, 0, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		return r.Latency.Mean
	}
	if a, b := lat(model.TeamWhole, 3), lat(model.TeamWhole, 11); a != b {
		t.Fatalf("whole form: team size changed the latency from %v to %v", a, b)
	}
	if a, b := lat(model.TeamPooled, 3), lat(model.TeamPooled, 11); !(b < a/2) {
		t.Fatalf("pooled form: a team of 11 takes %v h, one of 3 %v h", b, a)
	}
}
