package model_test

// Validation of the engine against queueing theory: each test sets up an
// organisation that is a textbook queue or network and compares the
// simulated metrics with the closed forms of internal/queueing.
//
// Tolerances. Every comparison accepts |got − want| ≤ max(rel·|want|,
// 3·SE), where SE is the standard error of the estimate taken from the runs
// themselves: across independent replications (rep = 1, 2, …, which share
// nothing but the scenario), by batch means over one long run, or, for a
// proportion of independent issues, the binomial standard error. Each test
// says which. The seed is fixed, so the tests are deterministic; but with
// some thirty 3·SE checks, a change of the engine's random streams has a
// chance of the order of 10 % to push one of them just past its tolerance
// by chance alone (the SE is itself estimated from 8–32 replications).
// Before calling such a failure a bug, rerun it with more replications: a
// bias persists, a fluctuation does not.

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/orgsim/orgsim/internal/queueing"
	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
)

var qInf = math.Inf(1)

// qScale returns full, or short under -short.
func qScale(full, short float64) float64 {
	if testing.Short() {
		return short
	}
	return full
}

// qPlan returns the number of replications and the horizon of a
// steady-state test: as given, or under -short a quarter of the
// replications (at least 8, so that their standard error stays usable) over
// half the horizon.
func qPlan(reps int, horizon float64) (int, float64) {
	if testing.Short() {
		return max(reps/4, 8), horizon / 2
	}
	return reps, horizon
}

// qUnit returns a unit of c servers with the given hands-on decision
// time and knowledge, spending all its time on decisions, always present,
// always right within its knowledge and without an authority limit.
func qUnit(c int, decision model.Dist, knowledge float64) model.UnitParams {
	return model.UnitParams{
		Servers: c, Decision: decision, TimeShare: 1,
		Knowledge: knowledge, Authority: qInf, Accuracy: 1, Availability: 1,
	}
}

// qRouting is the routing rule reduced to escalation: no advice, no
// consultation, no difficulty ceiling, no approval, perfect fidelity.
func qRouting(hop model.Dist) model.Routing {
	return model.Routing{
		Advice: 0, AdviceTimeout: 1, KMax: 1, MaxDifficulty: qInf,
		Fidelity: 1, Hop: hop, ApprovalAbove: qInf,
	}
}

// qConfig returns the default Config with the work replaced by teams
// teams of teamSize people receiving Poisson(lambda) issues each, local
// only, difficulty Exp(1), and the given horizon and warm-up.
func qConfig(teams, teamSize int, lambda, horizon, warmUp float64) model.Config {
	cfg := model.Default()
	cfg.Work = model.Work{
		Teams: teams, TeamSize: teamSize, Rate: lambda, Theta: 1,
		CrossTeam: 0, ScopeMin: 2, ScopeMax: 2, Radius: 1,
		GoodShare: 0.5, Value: model.Exp(1),
	}
	cfg.Horizon, cfg.WarmUp, cfg.Drain = horizon, warmUp, 10000
	cfg.MaxOpen = 1 << 20
	cfg.Disruptions = nil
	cfg.Metrics.KeepIssues = false
	return cfg
}

// qSingle returns a Config whose one organisation is one team of c
// servers with the given service time: an M/G/c queue fed at rate lambda.
func qSingle(c int, service model.Dist, lambda, horizon, warmUp float64) model.Config {
	cfg := qConfig(1, c, lambda, horizon, warmUp)
	p := qUnit(c, service, qInf)
	cfg.Organisations = []model.Organisation{{
		Name: "queue", Structure: model.Lattice, PeerLinks: 0, TeamsPerCoach: 0,
		Team: p, Manager: p, Coach: p, Root: p,
		Routing: qRouting(model.Det(0)),
	}}
	return cfg
}

// qExplicit returns an explicit organisation of the given units with
// parameters per role.
func qExplicit(units []model.UnitSpec, team, manager, root model.UnitParams, rt model.Routing) model.Organisation {
	return model.Organisation{
		Name: "net", Structure: model.Explicit, Units: units,
		Team: team, Manager: manager, Coach: manager, Root: root,
		Routing: rt,
	}
}

// qChain is team t1 → manager m1 → root.
func qChain() []model.UnitSpec {
	return []model.UnitSpec{
		{ID: "t1", Role: model.RoleTeam, ReportsTo: "m1"},
		{ID: "m1", Role: model.RoleManager, ReportsTo: "root"},
		{ID: "root", Role: model.RoleRoot},
	}
}

// qTree is four teams t1…t4, two under m1 and two under m2, under the root.
func qTree() []model.UnitSpec {
	return []model.UnitSpec{
		{ID: "t1", Role: model.RoleTeam, ReportsTo: "m1"},
		{ID: "t2", Role: model.RoleTeam, ReportsTo: "m1"},
		{ID: "t3", Role: model.RoleTeam, ReportsTo: "m2"},
		{ID: "t4", Role: model.RoleTeam, ReportsTo: "m2"},
		{ID: "m1", Role: model.RoleManager, ReportsTo: "root"},
		{ID: "m2", Role: model.RoleManager, ReportsTo: "root"},
		{ID: "root", Role: model.RoleRoot},
	}
}

// qParallel calls f(0) … f(n−1) on GOMAXPROCS goroutines.
func qParallel(n int, f func(i int)) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}

// qReplicate runs organisation 0 of cfg for replications 1 … reps, in
// parallel, and returns the results in replication order.
func qReplicate(t *testing.T, cfg *model.Config, reps int) []*model.Result {
	t.Helper()
	out := make([]*model.Result, reps)
	errs := make([]error, reps)
	qParallel(reps, func(i int) {
		out[i], errs[i] = model.Run(cfg, 0, uint64(i+1), false)
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replication %d: %v", i+1, err)
		}
	}
	for i, r := range out {
		if r.Open != 0 {
			t.Fatalf("replication %d: %d issues censored at the end of the drain", i+1, r.Open)
		}
	}
	return out
}

// qAcross returns the mean over replications of f(result) and its
// standard error across replications.
func qAcross(res []*model.Result, f func(*model.Result) float64) (mean, se float64) {
	x := make([]float64, len(res))
	for i, r := range res {
		x[i] = f(r)
	}
	return stats.MeanSE(x)
}

// qExpectClose checks got against want with tolerance max(rel·|want|, 3·se)
// and logs the comparison either way.
func qExpectClose(t *testing.T, what string, got, se, want, rel float64) {
	t.Helper()
	tol := math.Max(rel*math.Abs(want), 3*se)
	t.Logf("%-34s got %9.4f  want %9.4f  |diff| %7.4f  tol %7.4f  (rel %4.1f%% = %.4f, 3·SE = %.4f)",
		what, got, want, math.Abs(got-want), tol, 100*rel, rel*math.Abs(want), 3*se)
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.5g, want %.5g ± %.3g (rel %.1f%%, 3·SE %.3g)", what, got, want, tol, 100*rel, 3*se)
	}
}

// qExpectProportion checks an observed share hits/n of independent trials
// against p with tolerance max(rel·p, 3 binomial standard errors).
func qExpectProportion(t *testing.T, what string, hits, n int, p, rel float64) {
	t.Helper()
	if n == 0 {
		t.Fatalf("%s: no trials", what)
	}
	se := math.Sqrt(p * (1 - p) / float64(n))
	qExpectClose(t, fmt.Sprintf("%s (n=%d)", what, n), float64(hits)/float64(n), se, p, rel)
}

// TestQueueingMM1 checks one single-server team with exponential service
// against M/M/1: mean and p95 sojourn, mean wait and utilisation. SE across
// independent replications.
func TestQueueingMM1(t *testing.T) {
	const lambda, mu = 0.75, 1.0
	reps, horizon := qPlan(32, 50000)
	cfg := qSingle(1, model.Exp(1/mu), lambda, horizon, 1000)
	res := qReplicate(t, &cfg, reps)

	m, se := qAcross(res, func(r *model.Result) float64 { return r.Latency.Mean })
	qExpectClose(t, "mean sojourn", m, se, queueing.MM1Sojourn(lambda, mu), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Latency.P95 })
	qExpectClose(t, "p95 sojourn", m, se, queueing.MM1SojournQuantile(lambda, mu, 0.95), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Wait.Mean })
	qExpectClose(t, "mean wait", m, se, queueing.MM1Wait(lambda, mu), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Units[0].Utilisation })
	qExpectClose(t, "utilisation", m, se, lambda/mu, 0.005)
}

// TestQueueingMMc checks a team of three servers against M/M/3 (Erlang C):
// mean wait and utilisation. SE across independent replications.
func TestQueueingMMc(t *testing.T) {
	const c, lambda, mu = 3, 2.4, 1.0
	reps, horizon := qPlan(32, 25000)
	cfg := qSingle(c, model.Exp(1/mu), lambda, horizon, 1000)
	res := qReplicate(t, &cfg, reps)

	m, se := qAcross(res, func(r *model.Result) float64 { return r.Wait.Mean })
	qExpectClose(t, "mean wait (Erlang C)", m, se, queueing.MMcWait(c, lambda, mu), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Latency.Mean })
	qExpectClose(t, "mean sojourn", m, se, queueing.MMcSojourn(c, lambda, mu), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Units[0].Utilisation })
	qExpectClose(t, "utilisation", m, se, lambda/(c*mu), 0.005)
}

// TestQueueingMG1 checks single-server teams with deterministic, log-normal
// and gamma service against the Pollaczek–Khinchine mean wait λE[S²]/(2(1−ρ)).
// SE across independent replications; the high-variance gamma case gets
// more of them, since its replication means are skewed.
func TestQueueingMG1(t *testing.T) {
	cases := []struct {
		name    string
		service model.Dist
		lambda  float64
		reps    int
		horizon float64
		want    float64
	}{
		{"M/D/1", model.Det(1), 0.8, 32, 25000, queueing.MD1Wait(0.8, 1)},
		{"M/G/1 lognormal cv 0.6", model.LogNorm(1, 0.6), 0.8, 32, 25000,
			queueing.PKWait(0.8, 1, queueing.SecondMomentLogNormal(1, 0.6))},
		{"M/G/1 gamma cv 2", model.GammaDist(1, 2), 0.5, 24, 12500,
			queueing.PKWait(0.5, 1, queueing.SecondMomentGamma(1, 2))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reps, horizon := qPlan(tc.reps, tc.horizon)
			cfg := qSingle(1, tc.service, tc.lambda, horizon, 1000)
			res := qReplicate(t, &cfg, reps)
			m, se := qAcross(res, func(r *model.Result) float64 { return r.Wait.Mean })
			qExpectClose(t, "mean wait (P-K)", m, se, tc.want, 0.01)
			m, se = qAcross(res, func(r *model.Result) float64 { return r.Service.Mean })
			qExpectClose(t, "mean service", m, se, tc.service.Expect(), 0.01)
		})
	}
}

// TestQueueingTandem checks a three-stage line team → m1 → root of
// exponential single servers, every issue passing all three, against a
// Jackson tandem: mean end-to-end latency Σ 1/(μ_i − λ) and, since the
// sojourn times at the stations are independent exponentials (Reich), the
// p95 of their hypoexponential sum. SE across independent replications.
func TestQueueingTandem(t *testing.T) {
	const lambda = 0.6
	mus := []float64{1.0, 1.2, 1.5}
	reps, horizon := qPlan(32, 25000)
	cfg := qConfig(1, 1, lambda, horizon, 1000)
	cfg.Organisations = []model.Organisation{qExplicit(qChain(),
		qUnit(1, model.Exp(1/mus[0]), 0),
		qUnit(1, model.Exp(1/mus[1]), 0),
		qUnit(1, model.Exp(1/mus[2]), qInf),
		qRouting(model.Det(0)))}
	res := qReplicate(t, &cfg, reps)

	for i, r := range res {
		if r.EscalationRate != 1 || r.MeanDepth != 2 {
			t.Fatalf("replication %d: escalation rate %v, mean depth %v; want every issue to climb 2 levels", i+1, r.EscalationRate, r.MeanDepth)
		}
	}
	rates := make([]float64, len(mus))
	for i, mu := range mus {
		rates[i] = mu - lambda
	}
	m, se := qAcross(res, func(r *model.Result) float64 { return r.Latency.Mean })
	qExpectClose(t, "mean latency (Jackson)", m, se, queueing.TandemSojourn(lambda, mus), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Latency.P95 })
	qExpectClose(t, "p95 latency (hypoexponential)", m, se, queueing.HypoexpQuantile(rates, 0.95), 0.01)
	for u, name := range []string{"t1", "m1", "root"} {
		m, se = qAcross(res, func(r *model.Result) float64 { return r.Units[u].Utilisation })
		qExpectClose(t, "utilisation "+name, m, se, lambda/mus[u], 0.005)
	}
}

// TestQueueingTreeHops checks a tree where every issue climbs from its team
// (instant service, no knowledge) through its manager to the root, with
// deterministic hops d: mean latency = the M/M/1 sojourns at the manager
// (2λ) and the root (4λ) plus 2 levels × 2 directions × d. Every issue's
// communication time must be exactly 4d. SE across independent
// replications.
func TestQueueingTreeHops(t *testing.T) {
	const lambda, muM, muR, d = 0.3, 1.0, 2.0, 0.5
	reps, horizon := qPlan(32, 25000)
	cfg := qConfig(4, 1, lambda, horizon, 1000)
	cfg.Metrics.KeepIssues = true
	cfg.Organisations = []model.Organisation{qExplicit(qTree(),
		qUnit(1, model.Det(0), 0),
		qUnit(1, model.Exp(1/muM), 0),
		qUnit(1, model.Exp(1/muR), qInf),
		qRouting(model.Det(d)))}
	res := qReplicate(t, &cfg, reps)

	const levels = 2
	for i, r := range res {
		bad := 0
		for _, is := range r.Issues {
			if is.Esc != levels || math.Abs(float64(is.Comm)-2*levels*d) > 1e-4 {
				if bad < 3 {
					t.Errorf("replication %d: issue %x climbed %d levels with comm %v h; want %d levels and %v h", i+1, is.Key, is.Esc, is.Comm, levels, 2*levels*d)
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("replication %d: %d of %d issues with the wrong path or communication time", i+1, bad, len(r.Issues))
		}
	}
	want := queueing.MM1Sojourn(2*lambda, muM) + queueing.MM1Sojourn(4*lambda, muR) + 2*levels*d
	m, se := qAcross(res, func(r *model.Result) float64 { return r.Latency.Mean })
	qExpectClose(t, "mean latency", m, se, want, 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return r.Comm.Mean })
	qExpectClose(t, "mean communication", m, se, 2*levels*d, 1e-6)
}

// TestQueueingGaricano checks a knowledge hierarchy: teams know up to z0,
// managers up to z1, the root everything, difficulty Exp(θ). The share of
// issues decided at each level is Garicano's (q_l = e^{−θ(z_l − z_{l−1})}),
// with binomial standard errors (issues draw their difficulty
// independently); the mean latency is the Jackson network's, Σ visits ×
// sojourn plus 2d per level climbed, with the node rates from the traffic
// equations, and its SE by batch means over one long run. The offered load
// of the model's own traffic equations must match exactly.
func TestQueueingGaricano(t *testing.T) {
	const (
		theta         = 1.0
		z0, z1        = 0.7, 1.5
		lambda        = 0.5 // per team
		muT, muM, muR = 1.0, 0.8, 0.65
		d             = 0.25
	)
	cfg := qConfig(4, 1, lambda, qScale(100000, 25000), 1000)
	cfg.Work.Theta = theta
	cfg.Metrics.KeepIssues = true
	cfg.Organisations = []model.Organisation{qExplicit(qTree(),
		qUnit(1, model.Exp(1/muT), z0),
		qUnit(1, model.Exp(1/muM), z1),
		qUnit(1, model.Exp(1/muR), qInf),
		qRouting(model.Det(d)))}

	q := []float64{math.Exp(-theta * z0), math.Exp(-theta * (z1 - z0))}
	lamT := lambda
	lamM := 2 * lambda * q[0]
	lamR := 4 * lambda * q[0] * q[1]

	loads, err := model.OfferedLoad(&cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantArr := map[string]float64{"t1": lamT, "t2": lamT, "t3": lamT, "t4": lamT, "m1": lamM, "m2": lamM, "root": lamR}
	for _, l := range loads {
		if w := wantArr[l.ID]; math.Abs(l.Arrivals-w) > 1e-12*w {
			t.Errorf("OfferedLoad: unit %s receives %v issues/h, want %v from the traffic equations", l.ID, l.Arrivals, w)
		}
	}

	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	var counts [3]int
	var lat []float64
	n := 0
	for _, is := range res.Issues {
		if is.Arrival < cfg.WarmUp || is.Arrival > cfg.Horizon {
			continue
		}
		if is.Censored() || is.Esc < 0 || is.Esc > 2 {
			t.Fatalf("issue %x: censored %v, %d levels climbed", is.Key, is.Censored(), is.Esc)
		}
		counts[is.Esc]++
		lat = append(lat, is.Latency)
		n++
	}
	shares := queueing.GaricanoShares(q)
	for l, s := range shares {
		qExpectProportion(t, fmt.Sprintf("share decided at level %d", l), counts[l], n, s, 0.005)
	}

	wT := queueing.MM1Sojourn(lamT, muT)
	wM := queueing.MM1Sojourn(lamM, muM)
	wR := queueing.MM1Sojourn(lamR, muR)
	want := wT + q[0]*(2*d+wM) + q[0]*q[1]*(2*d+wR)
	m, se := stats.BatchMeansSE(lat, 20)
	qExpectClose(t, "mean latency (Jackson)", m, se, want, 0.01)
	for _, u := range res.Units {
		if u.ID == "root" {
			// Utilisation over one run; its SE is not estimated, so a
			// relative tolerance only.
			qExpectClose(t, "root utilisation", u.Utilisation, 0, lamR/muR, 0.03)
		}
	}
}

// TestQueueingOutage checks a single-server team that is down for D hours
// from an empty start (a leader loss with freeze at 0) and then restored at
// full rate: the backlog at restoration is Poisson(λD) and the time to
// drain it, with arrivals continuing, has mean λD/(μ − λ). SE across
// independent replications.
func TestQueueingOutage(t *testing.T) {
	const lambda, mu, D = 0.5, 1.0, 10.0
	reps := int(qScale(20000, 2000))
	cfg := qSingle(1, model.Exp(1/mu), lambda, 1000, 0) // the horizon only bounds the drain
	cfg.Disruptions = []model.Disruption{{
		Kind: model.LeaderLoss, At: 0, Selector: "t1", Policy: model.Freeze,
		Vacancy: D, RampStart: 1, RampTau: 0,
	}}
	backlog := make([]float64, reps)
	drain := make([]float64, reps)
	errs := make([]error, reps)
	qParallel(reps, func(i int) {
		r, err := model.NewRunner(&cfg, 0, uint64(i+1), false)
		if err != nil {
			errs[i] = err
			return
		}
		if err := r.RunUntil(D); err != nil {
			errs[i] = err
			return
		}
		backlog[i] = float64(r.Backlog())
		for r.Backlog() > 0 {
			if !r.Sim().Step() {
				errs[i] = fmt.Errorf("agenda ran empty with %d open issues at %v h", r.Backlog(), r.Now())
				return
			}
		}
		if r.Now() >= cfg.Horizon {
			errs[i] = fmt.Errorf("drain not over before the horizon (%v h)", r.Now())
			return
		}
		drain[i] = r.Now() - D
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replication %d: %v", i+1, err)
		}
	}
	m, se := stats.MeanSE(backlog)
	qExpectClose(t, "backlog at restoration", m, se, queueing.OutageBacklog(lambda, D), 0.01)
	m, se = stats.MeanSE(drain)
	qExpectClose(t, "drain time", m, se, queueing.ExpectedOutageDrain(lambda, mu, D), 0.01)
}

// TestQueueingMemberLoss checks a three-server team that loses a member for
// good at T: issues arriving before the loss wait as in M/M/3, those
// arriving well after it as in M/M/2. SE across independent replications.
func TestQueueingMemberLoss(t *testing.T) {
	const c, lambda, mu = 3, 1.5, 1.0
	reps, horizon := qPlan(24, 20000)
	T := horizon / 2
	const warm, before, after = 1000.0, 50.0, 200.0
	cfg := qSingle(c, model.Exp(1/mu), lambda, 2*T, warm)
	cfg.Metrics.KeepIssues = true
	cfg.Disruptions = []model.Disruption{{Kind: model.MemberLoss, At: T, Team: "t1"}}
	res := qReplicate(t, &cfg, reps)

	meanWait := func(r *model.Result, from, to float64) float64 {
		var s float64
		n := 0
		for _, is := range r.Issues {
			if is.Arrival >= from && is.Arrival < to {
				s += float64(is.Wait)
				n++
			}
		}
		return s / float64(n)
	}
	m, se := qAcross(res, func(r *model.Result) float64 { return meanWait(r, warm, T-before) })
	qExpectClose(t, "mean wait before the loss (M/M/3)", m, se, queueing.MMcWait(c, lambda, mu), 0.01)
	m, se = qAcross(res, func(r *model.Result) float64 { return meanWait(r, T+after, 2*T) })
	qExpectClose(t, "mean wait after the loss (M/M/2)", m, se, queueing.MMcWait(c-1, lambda, mu), 0.01)
}

// TestQueueingSahStiglitz checks a serial approval chain team → m1 → root
// in which every unit but the root lacks the authority to decide and judges
// right with probability p: under "all" a good issue is accepted with
// probability p^n and a bad one (1−p)^n; under "any" 1−(1−p)^n and 1−p^n.
// Issues are judged independently, so the standard errors are binomial.
func TestQueueingSahStiglitz(t *testing.T) {
	const p, n, lambda = 0.7, 3, 1.0
	for _, rule := range []model.ApprovalRule{model.ApprovalAll, model.ApprovalAny} {
		t.Run(rule.String(), func(t *testing.T) {
			cfg := qConfig(1, 1, lambda, qScale(40000, 10000), 0)
			cfg.Metrics.KeepIssues = true
			judge := qUnit(1, model.Exp(0.1), qInf)
			judge.Accuracy = p
			judge.Authority = 0
			top := judge
			top.Authority = qInf
			rt := qRouting(model.Det(0))
			rt.Approval = rule
			rt.ApprovalAbove = 0
			cfg.Organisations = []model.Organisation{qExplicit(qChain(), judge, judge, top, rt)}
			res, err := model.Run(&cfg, 0, 1, false)
			if err != nil {
				t.Fatal(err)
			}
			var good, goodAcc, bad, badAcc int
			for _, is := range res.Issues {
				if is.Censored() {
					t.Fatalf("issue %x censored", is.Key)
				}
				if is.Good() {
					good++
					if is.Accepted() {
						goodAcc++
					}
				} else {
					bad++
					if is.Accepted() {
						badAcc++
					}
				}
			}
			wantGood, wantBad := queueing.HierarchyAccept(p, n), queueing.HierarchyAccept(1-p, n)
			if rule == model.ApprovalAny {
				wantGood, wantBad = queueing.PolyarchyAccept(p, n), queueing.PolyarchyAccept(1-p, n)
			}
			qExpectProportion(t, "good issues accepted", goodAcc, good, wantGood, 0.005)
			qExpectProportion(t, "bad issues accepted", badAcc, bad, wantBad, 0.005)
		})
	}
}
