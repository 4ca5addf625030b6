package model_test

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
)

// learningTeam is one team that knows a little (it resolves 30 % of issues
// without practice), decides every issue itself (no one above it), with a
// deterministic hands-on time of one hour at full time share, learning by
// deciding with feedback after fb hours and practice halving in halfLife.
func learningTeam(fb, halfLife float64) model.Config {
	cfg := qTeams(1, 1, 0.3, 1, 4000)
	cfg.Organisations[0].Team.Decision = model.Det(1)
	cfg.Organisations[0].Team.Knowledge = -math.Log(0.7)
	cfg.Organisations[0].Team.Accuracy = 0.7
	cfg.Metrics.KeepIssues = true
	l := model.DefaultLearning()
	l.On, l.FeedbackDelay, l.HalfLife, l.BurnIn = true, fb, halfLife, 0
	cfg.Organisations[0].Learning = l
	return cfg
}

// stockAt is the closed form of the practice stock at time t: every
// decision adds one when its feedback comes, fb hours after it, and decays
// by e^(−ln 2·age/halfLife) from then.
func stockAt(recs []model.IssueRecord, t, fb, halfLife float64) float64 {
	k := 0.0
	for _, is := range recs {
		if is.Censored() {
			continue
		}
		if at := is.Arrival + is.Latency + fb; at <= t {
			k += math.Exp(-math.Ln2 * (t - at) / halfLife)
		}
	}
	return k
}

// TestPracticeStockClosedForm: the stock a unit has built is the sum over
// its decisions' feedback of one decayed by the time since: checked at the
// end of the run against the decisions' times, and its decay between two
// reads with no feedback in between.
func TestPracticeStockClosedForm(t *testing.T) {
	const fb, hl = 40, 400
	cfg := learningTeam(fb, hl)
	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	end := r.Now()
	got := r.Practice(0, 0)
	want := stockAt(res.Issues, end, fb, hl)
	if math.Abs(got-want) > 1e-9*want || want < 10 {
		t.Fatalf("practice %v at %v h, closed form %v", got, end, want)
	}
	// After the last feedback, the stock only decays.
	r.RunUntil(end + 1000)
	if after := r.Practice(0, 0); math.Abs(after-got*math.Exp(-math.Ln2*(r.Now()-end)/hl)) > 1e-9*got {
		t.Fatalf("practice %v after %v h without feedback, want %v", after, r.Now()-end, got*math.Exp(-math.Ln2*(r.Now()-end)/hl))
	}
}

// TestLearningCurvesClosedForm: each service takes the hands-on time times
// M + (1 − M)(1 + K)^(−b) with K the stock when it starts (De Jong's curve
// with an incompressible share M: no unit gets arbitrarily fast), and the
// unit's knowledge is the share F₀ + (cap − F₀)(1 − e^(−K/scale)) of
// issues; at a large stock both reach their plateau.
func TestLearningCurvesClosedForm(t *testing.T) {
	const fb, hl = 10, 1e9 // no forgetting to speak of
	cfg := learningTeam(fb, hl)
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.Organisations[0].Learning
	for _, is := range res.Issues {
		start := is.Arrival + float64(is.Wait)
		k := stockAt(res.Issues, start, fb, hl)
		// Feedback at the very instant a service starts may come before
		// or after it; such ties are left out.
		if tie := stockAt(res.Issues, start-1e-9, fb, hl); tie != k {
			continue
		}
		want := l.SpeedFloor + (1-l.SpeedFloor)*math.Pow(1+k, -l.SpeedExponent)
		if math.Abs(float64(is.Service)-want) > 1e-5 {
			t.Fatalf("service of the issue arriving at %v h: %v, want %v (stock %v)", is.Arrival, is.Service, want, k)
		}
	}
	r, _ := model.NewRunner(&cfg, 0, 1, false)
	for _, at := range []float64{100, 1000, 4000} {
		r.RunUntil(at)
		k := r.Practice(0, 0)
		share := 0.3 + (l.KnowledgeCap-0.3)*(1-math.Exp(-k/l.Scale))
		if got := -math.Expm1(-r.Knowledge(0, 0)); math.Abs(got-share) > 1e-9 {
			t.Fatalf("at %v h with practice %v: resolves %v of issues, want %v", at, k, got, share)
		}
		if at == 4000 && !(k > 100 && math.Abs(share-l.KnowledgeCap) < 1e-3) {
			t.Fatalf("practice %v has not reached the plateau: %v", k, share)
		}
	}
}

// TestBurnInStartsAtTheSteadyState: with a burn-in, stocks start where
// the organisation's own behaviour keeps them: a unit deciding at rate λ
// in a domain with practice halving in H holds about λ·H/ln 2 (the mean of
// a shot-noise process), less what the burn-in's finite length and the
// feedback still under way leave out.
func TestBurnInStartsAtTheSteadyState(t *testing.T) {
	const lambda, hl, fb, burn = 0.3, 200, 10, 4000
	cfg := qTeams(20, 1, lambda, 1, 500)
	l := model.DefaultLearning()
	l.On, l.HalfLife, l.FeedbackDelay, l.BurnIn = true, hl, fb, burn
	cfg.Organisations[0].Learning = l
	cfg.Organisations[0].Team.Knowledge = qInf
	var ks []float64
	for rep := uint64(1); rep <= 4; rep++ {
		r, err := model.NewRunner(&cfg, 0, rep, false)
		if err != nil {
			t.Fatal(err)
		}
		for u := 0; u < 20; u++ {
			ks = append(ks, r.Practice(u, 0))
		}
	}
	tau := hl / math.Ln2
	want := lambda * tau * (1 - math.Exp(-(burn-fb)/tau))
	m, se := stats.MeanSE(ks)
	qExpectClose(t, "practice at the start", m, se, want, 0.03)
}

// growTandem is team t1 → manager m1 → root: the team knows every issue
// but may decide only the easier half (its difficulty authority), the
// manager decides the rest; hops and services are instant.
func growTandem() model.Config {
	cfg := qConfig(1, 1, 5, 3000, 0)
	cfg.Metrics.KeepIssues = true
	team := qUnit(1, model.Det(0), qInf)
	team.DifficultyAuthority = math.Ln2
	mgr := qUnit(1, model.Det(0), qInf)
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), team, mgr, mgr, qRouting(model.Det(0)))}
	return cfg
}

// TestAuthorityGrowsOnASchedule: from GrowFrom, every GrowEvery hours, the
// team may decide GrowStep more of the issues, up to GrowMax, so the share
// it escalates falls from 0.5 to 0.5 − g(t) with
// g(t) = min(step·(1 + ⌊(t − from)/every⌋), max). Binomial SE per window.
func TestAuthorityGrowsOnASchedule(t *testing.T) {
	cfg := growTandem()
	rt := &cfg.Organisations[0].Routing
	rt.Grow, rt.GrowFrom, rt.GrowEvery, rt.GrowStep, rt.GrowMax = model.GrowSchedule, 500, 500, 0.1, 0.25
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ from, to, g float64 }{
		{0, 500, 0}, {510, 990, 0.1}, {1010, 1490, 0.2}, {1510, 2990, 0.25},
	} {
		esc, n := 0, 0
		for _, is := range res.Issues {
			if is.Arrival >= w.from && is.Arrival < w.to {
				n++
				if is.Esc > 0 {
					esc++
				}
			}
		}
		qExpectProportion(t, "share escalated", esc, n, 0.5-w.g, 0.01)
	}
}

// TestAuthorityGrowsByRule: by rule, a step is earned only where the
// team's measured accuracy reaches the threshold: never at a threshold of
// 1 (it is right 90 % of the time), from the first step on at a threshold
// of 0.
func TestAuthorityGrowsByRule(t *testing.T) {
	for _, c := range []struct {
		acc  float64
		want bool
	}{{1, false}, {0, true}} {
		cfg := growTandem()
		cfg.Organisations[0].Team.Accuracy = 0.9
		l := model.DefaultLearning()
		l.On, l.BurnIn = true, 0
		cfg.Organisations[0].Learning = l
		rt := &cfg.Organisations[0].Routing
		rt.Grow, rt.GrowFrom, rt.GrowEvery, rt.GrowStep, rt.GrowMax, rt.GrowAccuracy = model.GrowRule, 500, 500, 0.1, 0.25, c.acc
		rt.GrowWindow = 500
		res, err := model.Run(&cfg, 0, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.AuthoritySteps > 0; got != c.want {
			t.Fatalf("threshold %v: %d steps of authority", c.acc, res.AuthoritySteps)
		}
	}
	cfg := growTandem()
	cfg.Organisations[0].Routing.Grow = model.GrowRule
	if err := cfg.Validate(); err == nil {
		t.Fatal("growth by rule validated without learning")
	}
}

// TestSuccessorsWithAHistory: a successor promoted from a team brings that
// team's practice and leaves it a member short; one hired from outside
// starts with the practice stated.
func TestSuccessorsWithAHistory(t *testing.T) {
	cfg := short()
	for i := range cfg.Organisations {
		l := model.DefaultLearning()
		l.On, l.BurnIn = true, 0
		cfg.Organisations[i].Learning = l
	}
	d := model.DefaultLeaderLoss(8*40, "root")
	d.Policy, d.Vacancy, d.SuccessorFrom = model.Freeze, 40, "t3"
	cfg.Disruptions = []model.Disruption{d}
	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := model.NewPlan(&cfg)
	root, _ := p.Resolve(0, "root")
	r.RunUntil(d.At + d.Vacancy - 1e-6)
	team := make([]float64, cfg.Work.Domains)
	for k := range team {
		team[k] = r.Practice(2, k)
	}
	before := r.States(nil)[2].Present
	r.RunUntil(d.At + d.Vacancy + 1e-6)
	for k := range team {
		if got := r.Practice(root, k); math.Abs(got-team[k]) > 1e-6*max(1, team[k]) || team[k] == 0 {
			t.Fatalf("domain %d: the successor's practice %v, the team's was %v", k, got, team[k])
		}
	}
	if after := r.States(nil)[2].Present; after != before-1 {
		t.Fatalf("t3 had %d members, now %d", before, after)
	}
	d.SuccessorFrom, d.SuccessorPractice = "", 7
	cfg.Disruptions = []model.Disruption{d}
	r, _ = model.NewRunner(&cfg, 0, 1, false)
	r.RunUntil(d.At + d.Vacancy + 1e-6)
	if got := r.Practice(root, 0); math.Abs(got-7) > 1e-6 {
		t.Fatalf("a hire from outside starts with practice %v, want 7", got)
	}
}
