package model_test

// Tests of the model's mechanisms against expectations derived without
// running it: closed forms, or a second run that differs in one thing.

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// qTeams returns n independent teams of size people, each a pooled
// decider with exponential hands-on time of mean 1/mu, fed at lambda: no
// structure above them, nothing shared.
func qTeams(n, size int, lambda, mu, horizon float64) model.Config {
	cfg := qConfig(n, size, lambda, horizon, 0)
	p := qUnit(0, model.Exp(1/mu), qInf)
	cfg.Organisations = []model.Organisation{{
		Name: "teams", Structure: model.Lattice, PeerLinks: 0, TeamsPerCoach: 0,
		Team: p, Manager: p, Coach: p, Root: p, Routing: qRouting(model.Det(0)),
	}}
	return cfg
}

// TestAttritionMembersPresent: every member present leaves at rate r and
// is replaced after a vacancy v, so each post alternates Exp(1/r) present
// and v vacant: the mean number present per team is n/(1 + r·v) (renewal
// reward). SE across replications.
func TestAttritionMembersPresent(t *testing.T) {
	const n = 5
	for _, c := range []struct{ rate, vacancy float64 }{
		{4 / sim.Year, 4 * sim.Week}, // r·v = 0.32
		{8 / sim.Year, 8 * sim.Week}, // r·v = 1.28
	} {
		reps, horizon := qPlan(16, 40000)
		cfg := qTeams(40, n, 0.05, 1, horizon)
		cfg.Disruptions = []model.Disruption{{Kind: model.Attrition, At: 0, Rate: c.rate, Vacancy: c.vacancy, RampStart: 1}}
		res := qReplicate(t, &cfg, reps)
		m, se := qAcross(res, func(r *model.Result) float64 { return r.MembersPresent })
		qExpectClose(t, "members present per team", m, se, n/(1+c.rate*c.vacancy), 0.01)
	}
}

// TestAttritionNeverBreaksARun: attrition at rates up to 8 a year and
// vacancies up to 8 weeks, with newcomers ramping up, on the default
// comparison. A newcomer who leaves again once left the team's effective
// size negative and the run panicked with a negative delay.
func TestAttritionNeverBreaksARun(t *testing.T) {
	for _, rate := range []float64{0.5, 2, 8} {
		for _, vac := range []float64{0, 1, 4, 8} {
			cfg := short()
			cfg.Horizon = 16 * sim.Week
			cfg.Disruptions = []model.Disruption{{
				Kind: model.Attrition, At: 4 * sim.Week, Rate: rate / sim.Year, Vacancy: vac * sim.Week,
				Realloc: sim.Week, RampStart: 0.5, RampTau: 333,
			}}
			for org := range cfg.Organisations {
				res, err := model.Run(&cfg, org, 3, false)
				if err != nil {
					t.Fatalf("rate %v/y, vacancy %vw, %s: %v", rate, vac, cfg.Organisations[org].Name, err)
				}
				if !(res.MembersPresent > 0 && res.MembersPresent <= float64(cfg.Work.TeamSize)) {
					t.Fatalf("rate %v/y, vacancy %vw: %v members present per team", rate, vac, res.MembersPresent)
				}
			}
		}
	}
}

// TestQualityFadesTowardsACoin: a tandem t1 → m1 → root in which only the
// root knows anything decides every issue two hops from its origin, right
// with probability 0.5 + (π − 0.5)·fidelity² (0.756 for π 0.9, fidelity
// 0.8; the earlier π·fidelity² gave 0.576, below what the root knows).
// Judgements are independent: binomial SE.
func TestQualityFadesTowardsACoin(t *testing.T) {
	const pi, fid = 0.9, 0.8
	cfg := qConfig(1, 1, 1, qScale(20000, 5000), 0)
	cfg.Metrics.KeepIssues = true
	none := qUnit(1, model.Det(0), 0)
	root := qUnit(1, model.Det(0), qInf)
	root.Accuracy = pi
	rt := qRouting(model.Det(0))
	rt.Fidelity = fid
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), none, none, root, rt)}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, is := range res.Issues {
		if is.Correct() {
			hits++
		}
	}
	qExpectProportion(t, "accuracy two hops away", hits, len(res.Issues), 0.5+(pi-0.5)*fid*fid, 0.005)
}

// TestValuePayoffTable: in the same tandem with one-hour hops and no
// service time every issue's latency is T = 4 h (two hops up, two down),
// so its payoff is v·e^(−δT) when good and accepted, −b·v when bad and
// accepted, 0 when rejected; with value v, good share α and accuracy p the
// mean is α·p·v·e^(−δT) − (1−α)(1−p)·b·v. SE from the payoffs' own spread.
func TestValuePayoffTable(t *testing.T) {
	const pi, alpha, v, bad, halfLife = 0.8, 0.6, 2.0, 2.0, 4.0
	cfg := qConfig(1, 1, 2, qScale(40000, 10000), 0)
	cfg.Metrics.KeepIssues = true
	cfg.Work.GoodShare = alpha
	cfg.Work.Value = model.Det(v)
	cfg.Work.ValueHalfLife = halfLife
	cfg.Work.BadCost = bad
	none := qUnit(1, model.Det(0), 0)
	root := qUnit(1, model.Det(0), qInf)
	root.Accuracy = pi
	rt := qRouting(model.Det(1))
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), none, none, root, rt)}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	pays := make([]float64, len(res.Issues))
	for i, is := range res.Issues {
		if math.Abs(is.Latency-4) > 1e-9 {
			t.Fatalf("latency %v, want 4", is.Latency)
		}
		switch {
		case !is.Accepted():
		case is.Good():
			pays[i] = v * 0.5 // one half-life
		default:
			pays[i] = -bad * v
		}
	}
	m, se := stats.MeanSE(pays)
	if math.Abs(m-res.ValuePerIssue) > 1e-9 {
		t.Fatalf("ValuePerIssue %v, payoffs recomputed %v", res.ValuePerIssue, m)
	}
	want := alpha*pi*v*0.5 - (1-alpha)*(1-pi)*bad*v
	qExpectClose(t, "value per decision", m, se, want, 0.002)
}

// TestUtilisationPerPresentCapacity: an M/M/3 team that loses a member for
// good at the start of the measured window is an M/M/2 queue over it, busy
// λ/(2μ) of the time its two servers are present; the earlier report
// divided by the three configured servers, λ/(3μ).
func TestUtilisationPerPresentCapacity(t *testing.T) {
	const c, lambda, mu = 3, 1.5, 1.0
	reps, horizon := qPlan(16, 20000)
	cfg := qSingle(c, model.Exp(1/mu), lambda, horizon, 500)
	cfg.Disruptions = []model.Disruption{{Kind: model.MemberLoss, At: 500, Team: "t1"}}
	res := qReplicate(t, &cfg, reps)
	m, se := qAcross(res, func(r *model.Result) float64 { return r.Units[0].Utilisation })
	qExpectClose(t, "utilisation of two servers present", m, se, lambda/(2*mu), 0.01)
}

// TestEffortCountsLeadersAsHelpers: in the tandem t1 → m1 → root where
// only the root decides, each issue takes the team's, the manager's and the
// root's hands-on time (0.5, 0.25 and 0.2 h, deterministic, at a time share
// of one half): 0.95 hands-on hours of effort per decision, of which the
// manager's and the root's 0.45 are help — a knowledge hierarchy's helping
// cost, which the earlier accounting left at 0.
func TestEffortCountsLeadersAsHelpers(t *testing.T) {
	cfg := qConfig(1, 1, 0.2, 5000, 0)
	team := qUnit(1, model.Det(0.5), 0)
	mgr := qUnit(1, model.Det(0.25), 0)
	root := qUnit(1, model.Det(0.2), qInf)
	for _, p := range []*model.UnitParams{&team, &mgr, &root} {
		p.TimeShare = 0.5
	}
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), team, mgr, root, qRouting(model.Det(0.1)))}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"effort", res.EffortHours, 0.95},
		{"help", res.HelperHours, 0.45},
		{"team", res.EffortByRole[model.RoleTeam], 0.5},
		{"manager", res.EffortByRole[model.RoleManager], 0.25},
		{"root", res.EffortByRole[model.RoleRoot], 0.2},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s hours per decision %v, want %v", c.what, c.got, c.want)
		}
	}
}

// chain runs organisation org with the first k disruptions for every k.
func chain(t *testing.T, cfg *model.Config, org int, rep uint64) []*model.Result {
	t.Helper()
	p, err := model.NewPlan(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*model.Result, len(cfg.Disruptions)+1)
	for k := range out {
		if out[k], err = p.RunThrough(org, rep, k); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestAttributionChargesEachDisruptionItsOwn: a slowdown by a factor of one
// changes nothing, so after a leader loss it must be charged nothing: no
// resilience loss, no excess delay. Measured against the undisturbed twin,
// as before, it was charged the leader loss's damage.
func TestAttributionChargesEachDisruptionItsOwn(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{
		{Kind: model.Slowdown, At: 12 * sim.Week, Until: 13 * sim.Week, Factor: 1},
		model.DefaultLeaderLoss(8*sim.Week, "root"),
	}
	runs := chain(t, &cfg, 0, 1)
	rs, err := model.Attribute(&cfg, runs)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Loss != 0 || rs[0].ExcessDelay != 0 || rs[0].Recovery != 0 {
		t.Fatalf("the no-op slowdown is charged: %+v", rs[0])
	}
	if !(rs[1].Loss > 0 && rs[1].ExcessDelay > 0) {
		t.Fatalf("the root's loss costs nothing: %+v", rs[1])
	}
	old, err := model.Compare(&cfg, runs[2], runs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !(old[0].Loss > 0) {
		t.Fatalf("against the undisturbed twin the slowdown was charged %v %%·h; the test no longer shows the difference", old[0].Loss)
	}
}

// TestAttributionAddsUp: the excess delays of a leader loss and a later
// surge, each against the run without it, add up to the full run's excess
// delay over its undisturbed twin.
func TestAttributionAddsUp(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{
		model.DefaultLeaderLoss(8*sim.Week, "root"),
		{Kind: model.Surge, At: 11 * sim.Week, Until: 12 * sim.Week, Factor: 2},
	}
	for org := range cfg.Organisations {
		runs := chain(t, &cfg, org, 2)
		rs, err := model.Attribute(&cfg, runs)
		if err != nil {
			t.Fatal(err)
		}
		var total, pairs float64
		j := 0
		for _, a := range runs[2].Issues {
			if a.Surge() {
				continue
			}
			total += a.Latency - runs[0].Issues[j].Latency
			pairs++
			j++
		}
		sum := rs[0].ExcessDelay + rs[1].ExcessDelay
		if math.Abs(sum-total) > 1e-9*math.Max(1, math.Abs(total)) || float64(rs[0].Paired) != pairs {
			t.Fatalf("%s: %v + %v = %v, total excess %v over %v issues (%d paired)", cfg.Organisations[org].Name,
				rs[0].ExcessDelay, rs[1].ExcessDelay, sum, total, pairs, rs[0].Paired)
		}
	}
}

// TestDisruptionDefaults: one function gives every kind's defaults; the
// attrition vacancy is the documented week.
func TestDisruptionDefaults(t *testing.T) {
	if d := model.DisruptionDefaults(model.Attrition, 100); d.Vacancy != sim.Week || d.RampStart != 0.7 || d.Realloc != sim.Week {
		t.Fatalf("attrition defaults %+v", d)
	}
	if d := model.DisruptionDefaults(model.LeaderLoss, 100); d != func() model.Disruption {
		x := model.DefaultLeaderLoss(100, "root")
		x.Deputy, x.DeputyShare = "peer", 1
		return x
	}() {
		t.Fatalf("leader-loss defaults %+v", d)
	}
	for k := model.LeaderLoss; k <= model.Slowdown; k++ {
		cfg := short()
		d := model.DisruptionDefaults(k, 6*sim.Week)
		if k == model.KnowledgeShock {
			d.Theta = 0.8
		}
		if k == model.Attrition {
			d.Rate = 1 / sim.Year
		}
		cfg.Disruptions = []model.Disruption{d}
		if err := cfg.Validate(); err != nil {
			t.Errorf("%v with its defaults: %v", k, err)
		}
	}
}

// TestEqualMechanisms: with the mechanisms made equal the lattice's teams
// know what the hierarchy's know, and its structure stays a lattice.
func TestEqualMechanisms(t *testing.T) {
	cfg := model.Default()
	model.EqualMechanisms(&cfg)
	h, l := cfg.Organisations[0], cfg.Organisations[1]
	if l.Team.Knowledge != h.Team.Knowledge || l.Team.Authority != h.Team.Authority || l.Routing.Hop != h.Routing.Hop {
		t.Fatalf("lattice teams %+v, hierarchy teams %+v", l.Team, h.Team)
	}
	if l.Structure != model.Lattice || l.Routing.Advice != 2 || !l.Routing.Consult || h.Routing.Advice != 0 {
		t.Fatalf("structure changed: %v advice %d consult %v; hierarchy advice %d", l.Structure, l.Routing.Advice, l.Routing.Consult, h.Routing.Advice)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestWhoDecides: in the tandem t1 → m1 → root where the team resolves
// half the issues and the manager the rest, the decisions split between
// the team tier and the middle tier as the knowledge says, nothing is
// decided at the top, and the effective number of deciders is that of two
// units with shares ½ and ½ (2); the manager received every escalation.
func TestWhoDecides(t *testing.T) {
	cfg := qConfig(1, 1, 2, 4000, 100)
	team := qUnit(1, model.Det(0), math.Ln2)
	mgr := qUnit(1, model.Det(0), qInf)
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), team, mgr, mgr, qRouting(model.Det(0)))}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	n := int(res.Throughput * (cfg.Horizon - cfg.WarmUp))
	qExpectProportion(t, "decided by the team", int(res.DecisionShare[model.TierTeam]*float64(n)+0.5), n, 0.5, 0.01)
	if res.DecisionShare[model.TierTop] != 0 || math.Abs(res.DecisionShare[0]+res.DecisionShare[1]-1) > 1e-12 {
		t.Fatalf("shares %v", res.DecisionShare)
	}
	p := res.DecisionShare[model.TierTeam]
	h := math.Exp(-p*math.Log(p) - (1-p)*math.Log(1-p))
	if math.Abs(res.EffectiveDeciders-h) > 1e-9 || math.Abs(res.InverseSimpson-1/(p*p+(1-p)*(1-p))) > 1e-9 {
		t.Fatalf("effective deciders %v, %v; want %v, %v", res.EffectiveDeciders, res.InverseSimpson, h, 1/(p*p+(1-p)*(1-p)))
	}
	if m := res.Units[1]; m.ID != "m1" || m.Escalated != res.Arrived-res.Units[0].Decided || m.Tier != model.TierMiddle {
		t.Fatalf("m1: %+v (arrived %d, the team decided %d)", m, res.Arrived, res.Units[0].Decided)
	}
	last := res.Samples[len(res.Samples)-1]
	if last.Capability[model.TierTeam] != 0.5 || last.Capability[model.TierMiddle] != 1 {
		t.Fatalf("capability %v", last.Capability)
	}
}
