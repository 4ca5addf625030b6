package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/orgsim/orgsim/internal/queueing"
	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// deadlineTandem is team t1 → manager m1 → root in which the team passes
// every issue up at once (no knowledge, no service time, no hop delay) and
// the manager, an exponential server at rate mu, decides every one: the
// manager is an M/M/1 queue fed at lambda. Escalated issues have a
// deadline tau after their arrival.
func deadlineTandem(lambda, mu, tau float64, action model.DeadlineAction, horizon float64) model.Config {
	cfg := qConfig(1, 1, lambda, horizon, 1000)
	cfg.Metrics.KeepIssues = true
	team := qUnit(1, model.Det(0), 0)
	mgr := qUnit(1, model.Exp(1/mu), qInf)
	rt := qRouting(model.Det(0))
	rt.Deadline, rt.OnDeadline, rt.DeadlineEffort = tau, action, 0.5
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), team, mgr, mgr, rt)}
	return cfg
}

// TestDeadlineShareClosedForm: issues waiting at the manager past their
// deadline go back to their team, which decides them on intent at once, so
// the manager is an M/M/1 queue whose customers leave unserved once they
// have waited τ (FCFS, deterministic patience). A customer leaves exactly
// when the work of those ahead of it that will be served exceeds τ, and
// the stationary density of that virtual waiting time gives
//
//	P(returned) = ρ(1−ρ)e^(−(μ−λ)τ) ÷ (1 − ρ²e^(−(μ−λ)τ))
//
// (Barrer 1957, "Queuing with impatient customers and ordered service",
// Operations Research 5(5); by level crossing: f(x) = λP₀e^(−(μ−λ)x) below
// τ, f(τ)e^(−μ(x−τ)) above it). τ → ∞ gives 0, τ = 0 the M/M/1/1 loss
// ρ/(1+ρ). SE across replications.
func TestDeadlineShareClosedForm(t *testing.T) {
	const lambda, mu = 0.8, 1.0
	reps, horizon := qPlan(16, 20000)
	for _, tau := range []float64{0.5, 2, 5} {
		cfg := deadlineTandem(lambda, mu, tau, model.DeadlineReturn, horizon)
		res := qReplicate(t, &cfg, reps)
		m, se := qAcross(res, func(r *model.Result) float64 { return r.Shares[model.ClassIntent] })
		rho, e := lambda/mu, math.Exp(-(mu-lambda)*tau)
		want := rho * (1 - rho) * e / (1 - rho*rho*e)
		qExpectClose(t, fmt.Sprintf("share returned at deadline %v h", tau), m, se, want, 0.01)
	}
}

// TestForcedDecisionsTakeTimeAndComeLate: a forced decision is made only
// after the deadline has passed and costs the holder hands-on time; a
// manager who knows every issue decides forced ones as well as others.
func TestForcedDecisionsTakeTimeAndComeLate(t *testing.T) {
	const tau = 2.0
	cfg := deadlineTandem(0.9, 1, tau, model.DeadlineDecide, 20000)
	cfg.Organisations[0].Manager.Accuracy = 0.8
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	forced, right := 0, 0
	for _, is := range res.Issues {
		if is.Class != model.ClassForced {
			continue
		}
		forced++
		if is.Correct() {
			right++
		}
		if is.Latency < tau || is.Effort <= 0 {
			t.Fatalf("forced decision after %v h (deadline %v h) with %v hands-on hours", is.Latency, tau, is.Effort)
		}
	}
	if forced < 100 {
		t.Fatalf("%d forced decisions", forced)
	}
	qExpectProportion(t, "accuracy of forced decisions", right, forced, 0.8, 0.01)
}

// deputyTree is four teams, two under each of m1 and m2, under the root.
// Teams pass every issue up; m1 resolves every issue, m2 passes the share q
// to the root. Every unit is an exponential server (mean 1 h for managers,
// 0.5 h for the root), hops are instant. m1's own work never reaches the
// root, so when m1 acts up for the root nothing it passes up comes back to
// it.
func deputyTree(lambda, q float64) model.Config {
	cfg := qConfig(4, 1, lambda, 4000, 500)
	team := qUnit(1, model.Det(0), 0)
	mgr := qUnit(1, model.Exp(1), -math.Log(q))
	root := qUnit(1, model.Exp(0.5), qInf)
	units := qTree()
	m1 := mgr
	m1.Knowledge = qInf
	units[4].Params = &m1
	cfg.Organisations = []model.Organisation{qExplicit(units, team, mgr, root, qRouting(model.Det(0)))}
	return cfg
}

// TestDeputyStability: when the root is lost and a fellow of its managers
// acts up for all of its work, that deputy is a queue fed with its own
// arrivals plus the root's; it is stable, and the organisation's backlog
// stays near the undisturbed one, exactly when its load plus the root's
// arrivals over its capacity is below 1 — otherwise the backlog grows like
// the fluid limit (load − 1)·capacity·t. The prediction comes from the
// traffic equations (OfferedLoad) before any run.
func TestDeputyStability(t *testing.T) {
	const vacancy = 2000.0
	for _, c := range []struct{ lambda, q float64 }{{0.2, 0.5}, {0.3, 1}} {
		cfg := deputyTree(c.lambda, c.q)
		loads, err := model.OfferedLoad(&cfg, 0)
		if err != nil {
			t.Fatal(err)
		}
		var m1, root model.UnitLoad
		for _, l := range loads {
			switch l.ID {
			case "m1":
				m1 = l
			case "root":
				root = l
			}
		}
		pred := m1.Load + root.Arrivals/m1.Capacity
		cfg.Disruptions = []model.Disruption{{
			Kind: model.LeaderLoss, At: 500, Selector: "root", Policy: model.Deputy,
			Deputy: "m1", DeputyShare: 1, Vacancy: vacancy, RampStart: 1,
		}}
		reps := int(qScale(12, 6))
		extra := make([]float64, reps)
		qParallel(reps, func(i int) {
			var open [2]float64
			for k, undisturbed := range []bool{false, true} {
				r, err := model.NewRunner(&cfg, 0, uint64(i+1), undisturbed)
				if err != nil {
					panic(err)
				}
				r.RunUntil(500 + vacancy - 1)
				open[k] = float64(r.Backlog())
			}
			extra[i] = open[0] - open[1]
		})
		m, se := stats.MeanSE(extra)
		if pred < 1 {
			if !(m < 10+3*se) {
				t.Errorf("deputy load %.2f < 1, yet %v ± %v more issues open at the end of the vacancy", pred, m, se)
			}
			t.Logf("deputy load %.2f: %.1f ± %.1f extra open issues", pred, m, se)
			continue
		}
		want := (pred - 1) * m1.Capacity * (vacancy - 1)
		qExpectClose(t, fmt.Sprintf("backlog growth at deputy load %.2f", pred), m, se, want, 0.1)
	}
}

// TestFreezeRecoveryIncludesTheDrain: a frozen post recovers no sooner than
// its vacancy plus the drain of the backlog it built (λD issues, drained in
// λD/(μ−λ) hours, a sum of busy periods), up to one window of the signal.
func TestFreezeRecoveryIncludesTheDrain(t *testing.T) {
	const lambda, mu, D = 0.5, 1.0, 200.0
	cfg := qSingle(1, model.Exp(1/mu), lambda, 6000, 1000)
	cfg.Metrics.KeepIssues = true
	cfg.Disruptions = []model.Disruption{{Kind: model.LeaderLoss, At: 2000, Selector: "t1", Policy: model.Freeze, Vacancy: D, RampStart: 1}}
	floor := D + queueing.DrainTime(queueing.OutageBacklog(lambda, D), lambda, mu) - cfg.Metrics.Window
	p, err := model.NewPlan(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	for rep := uint64(1); rep <= 4; rep++ {
		a, _ := p.RunThrough(0, rep, 0)
		b, _ := p.RunThrough(0, rep, 1)
		rs, err := model.Attribute(&cfg, []*model.Result{a, b})
		if err != nil {
			t.Fatal(err)
		}
		if rs[0].Recovery < floor {
			t.Fatalf("replication %d recovered after %v h, before the vacancy and the drain (%v h)", rep, rs[0].Recovery, floor)
		}
	}
}

// unitIndex returns the index in [model.Units] of the unit with the given
// id in organisation org of cfg.
func unitIndex(t *testing.T, cfg *model.Config, org int, id string) int {
	t.Helper()
	units, err := model.Units(cfg, org)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range units {
		if u.ID == id {
			return i
		}
	}
	t.Fatalf("organisation %d has no unit %q", org, id)
	return -1
}

// TestSuccessorLearnsBack: a successor who starts with half the leader's
// knowledge learns back along the ramp, z·(1 − 0.5·e^(−t/τ)); an interim
// knows half throughout.
func TestSuccessorLearnsBack(t *testing.T) {
	cfg := short()
	d := model.DefaultLeaderLoss(6*sim.Week, "root")
	d.KnowledgeStart, d.RampTau = 0.5, 200
	cfg.Disruptions = []model.Disruption{d}
	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	root := unitIndex(t, &cfg, 0, "root")
	full := cfg.Organisations[0].Root.Knowledge
	r.RunUntil(d.At + d.Vacancy + 1)
	if got := r.Knowledge(root, 0); math.Abs(got-0.5*full) > 1e-12 {
		t.Fatalf("interim knows %v, want %v", got, 0.5*full)
	}
	for _, dt := range []float64{0, 100, 400} {
		r.RunUntil(d.At + d.Successor + dt)
		want := full * (1 - 0.5*math.Exp(-dt/200))
		if got := r.Knowledge(root, 0); math.Abs(got-want) > 1e-9*full {
			t.Fatalf("%v h after the successor came: knowledge %v, want %v", dt, got, want)
		}
	}
}

// TestUnboundedLeaderShareOfKnowledge: an interim for a root that resolves
// everything (knowledge "inf") resolves the share knowledge_start of the
// issues that reach it beyond its managers' knowledge: up to
// z_m − ln(1 − 0.8)/θ, not "inf" (0.8 × ∞ would leave knowledge_start
// doing nothing); the successor learns back towards unbounded.
func TestUnboundedLeaderShareOfKnowledge(t *testing.T) {
	cfg := short()
	cfg.Organisations[0].Root.Knowledge = math.Inf(1)
	d := model.DefaultLeaderLoss(6*sim.Week, "root")
	d.KnowledgeStart, d.RampTau = 0.8, 200
	cfg.Disruptions = []model.Disruption{d}
	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := model.Units(&cfg, 0)
	root := unitIndex(t, &cfg, 0, "root")
	if got := r.Knowledge(root, 0); !math.IsInf(got, 1) {
		t.Fatalf("the root knows %v before its loss, want +Inf", got)
	}
	zm := 0.0
	for i, u := range units {
		if u.Role == model.RoleManager {
			zm = max(zm, r.Knowledge(i, 0))
		}
	}
	r.RunUntil(d.At + d.Vacancy + 1)
	want := zm - math.Log(0.2)/cfg.Work.Theta
	if got := r.Knowledge(root, 0); math.Abs(got-want) > 1e-9*want {
		t.Fatalf("interim knows %v, want %v (managers %v)", got, want, zm)
	}
	r.RunUntil(d.At + d.Successor + 400)
	want = zm - math.Log(0.2*math.Exp(-2))/cfg.Work.Theta
	if got := r.Knowledge(root, 0); math.Abs(got-want) > 1e-9*want {
		t.Fatalf("successor after 400 h knows %v, want %v", got, want)
	}
}

// TestTacitKnowledgeLeavesWithAMember: with Tacit 1 a team of four that
// loses a member knows three quarters of what it knew until the member
// returns.
func TestTacitKnowledgeLeavesWithAMember(t *testing.T) {
	cfg := short()
	cfg.Work.TeamSize = 4
	cfg.Organisations[1].Tacit = 1
	cfg.Disruptions = []model.Disruption{{Kind: model.MemberLoss, At: 6 * sim.Week, Until: 8 * sim.Week, Team: "t2"}}
	r, err := model.NewRunner(&cfg, 1, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	full := r.Knowledge(1, 0)
	r.RunUntil(7 * sim.Week)
	if got := r.Knowledge(1, 0); math.Abs(got-0.75*full) > 1e-12 {
		t.Fatalf("knowledge with a member missing %v, want %v", got, 0.75*full)
	}
	if st := r.States(nil)[1]; st.Status != model.StatusShort || st.Present != 3 {
		t.Fatalf("state %+v, want short with 3 present", st)
	}
	r.RunUntil(9 * sim.Week)
	if got := r.Knowledge(1, 0); got != full {
		t.Fatalf("knowledge after the member returned %v, want %v", got, full)
	}
	if got := r.Struck(0); len(got) != 1 || got[0] != 1 {
		t.Fatalf("struck %v, want [1] (t2)", got)
	}
}

// TestLeadersLeaveByAttrition: with leaders in the attrition, leaders are
// lost at the per-person rate too (each struck post is listed), covered by
// the disruption's succession policy.
func TestLeadersLeaveByAttrition(t *testing.T) {
	cfg := short()
	cfg.Horizon = 40 * sim.Week
	cfg.Disruptions = []model.Disruption{{
		Kind: model.Attrition, At: 4 * sim.Week, Rate: 2 / sim.Year, Vacancy: sim.Week, RampStart: 0.5, RampTau: 100,
		Leaders: true, Policy: model.Interim, InterimFactor: 0.8, Successor: 4 * sim.Week,
	}}
	teams := cfg.Work.Teams
	leaders, n := 0, 0
	for rep := uint64(1); rep <= 6; rep++ {
		r, err := model.NewRunner(&cfg, 0, rep, false)
		if err != nil {
			t.Fatal(err)
		}
		r.RunUntil(cfg.Horizon)
		for _, u := range r.Struck(0) {
			n++
			if u >= teams {
				leaders++
			}
		}
		if _, err := r.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	// 8 leaders among 8 + 49·8 people: about 2 % of the losses.
	share := 8.0 / (8 + 49*8)
	qExpectProportion(t, "share of losses that are leaders", leaders, n, share, 0.2)
}

// TestStatesFollowSuccession: a view learns from the model which unit a
// disruption struck and how its post is held: vacant, then interim, then a
// successor ramping up.
func TestStatesFollowSuccession(t *testing.T) {
	cfg := short()
	d := model.DefaultLeaderLoss(6*sim.Week, "root")
	cfg.Disruptions = []model.Disruption{d}
	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := model.Units(&cfg, 0)
	check := func(at float64, want model.UnitStatus, until float64) {
		t.Helper()
		r.RunUntil(at)
		struck := r.Struck(0)
		if len(struck) != 1 || units[struck[0]].ID != "root" {
			t.Fatalf("struck %v, want the root", struck)
		}
		st := r.States(nil)[struck[0]]
		if st.Status != want || !(math.Abs(st.Until-until) < 1e-9 || math.IsNaN(until) && math.IsNaN(st.Until)) {
			t.Fatalf("at %v h: %v until %v, want %v until %v", at, st.Status, st.Until, want, until)
		}
	}
	check(d.At+1, model.StatusVacant, d.At+d.Vacancy)
	check(d.At+d.Vacancy+1, model.StatusInterim, d.At+d.Successor)
	check(d.At+d.Successor+1, model.StatusRamping, d.At+d.Successor+d.RampTau*math.Log((1-d.RampStart)/0.05))
}

// TestDelegationUnderOverload: a surge that doubles the root's load makes it
// delegate to its managers (so the root decides fewer issues) and take the
// rights back after the surge; the surge makes leaders delegate more often
// than chance jams of the calm run do (a queue at load 0.6 has busy periods
// of days now and then, and its leader delegates then too).
func TestDelegationUnderOverload(t *testing.T) {
	cfg := short()
	cfg.Horizon = 24 * sim.Week
	rt := &cfg.Organisations[0].Routing
	rt.DelegateAbove, rt.DelegateBelow = 0.9, 0.7
	cfg.Organisations[0].Root.Decision = model.LogNorm(0.15, 1) // baseline load about 0.6
	rt.DelegateWindow, rt.DelegateFor = 2*sim.Week, sim.Week
	rt.DelegateDifficulty, rt.DelegateAuthority = 0.04, 0.01
	cfg.Disruptions = []model.Disruption{{Kind: model.Surge, At: 8 * sim.Week, Until: 11 * sim.Week, Factor: 2}}
	calm, err := model.Run(&cfg, 0, 1, true)
	if err != nil {
		t.Fatal(err)
	}

	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := model.Units(&cfg, 0)
	root := len(units) - 1
	for ; units[root].ID != "root"; root-- {
	}
	r.RunUntil(11 * sim.Week)
	if st := r.States(nil)[root]; st.Status != model.StatusDelegating {
		t.Fatalf("the root is %v at the end of the surge, want delegating", st.Status)
	}
	r.RunUntil(20 * sim.Week)
	if st := r.States(nil)[root]; st.Status != model.StatusNormal {
		t.Fatalf("the root is %v long after the surge, want normal", st.Status)
	}
	hit, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	off := cfg
	off.Organisations = append([]model.Organisation(nil), cfg.Organisations...)
	off.Organisations[0].Routing.DelegateAbove = 0
	base, err := model.Run(&off, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if !(hit.Delegations > calm.Delegations && hit.DelegatedHours > calm.DelegatedHours) {
		t.Fatalf("%d delegations for %v leader-hours with the surge, %d for %v without", hit.Delegations, hit.DelegatedHours, calm.Delegations, calm.DelegatedHours)
	}
	if !(hit.Units[root].Decided < base.Units[root].Decided) {
		t.Fatalf("the root decided %d issues with delegation, %d without", hit.Units[root].Decided, base.Units[root].Decided)
	}
}

// TestReadingStatesChangesNothing: a view reading the units' states as
// often as it likes leaves the run exactly as it is, with attrition of
// leaders and delegation both on (the two rules that consult a unit's
// status).
func TestReadingStatesChangesNothing(t *testing.T) {
	cfg := short()
	cfg.Horizon = 30 * sim.Week
	rt := &cfg.Organisations[0].Routing
	rt.DelegateAbove, rt.DelegateBelow, rt.DelegateWindow, rt.DelegateFor = 0.8, 0.6, sim.Week, sim.Week
	rt.DelegateDifficulty = 0.05
	cfg.Disruptions = []model.Disruption{{
		Kind: model.Attrition, At: 4 * sim.Week, Rate: 4 / sim.Year, Vacancy: sim.Week, RampStart: 0.5, RampTau: 100,
		Leaders: true, Policy: model.Interim, InterimFactor: 0.8, Successor: 3 * sim.Week,
	}}
	quiet, err := model.Run(&cfg, 0, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.NewRunner(&cfg, 0, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	var st []model.UnitState
	for at := 1.0; at < cfg.Horizon; at += 3 {
		r.RunUntil(at)
		st = r.States(st)
	}
	watched, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if resultHash(quiet) != resultHash(watched) || quiet.Delegations != watched.Delegations {
		t.Fatal("reading the states changed the run")
	}
}

// TestALaterLossOfAPostStartsItsOwnSuccession: a post lost again while it
// is still being filled is filled by the later loss's succession; the
// earlier successor's arrival lapses.
func TestALaterLossOfAPostStartsItsOwnSuccession(t *testing.T) {
	cfg := short()
	first := model.DefaultLeaderLoss(6*sim.Week, "root")
	first.Policy, first.Vacancy = model.Freeze, 2*sim.Week
	second := first
	second.At = 7 * sim.Week
	cfg.Disruptions = []model.Disruption{first, second}
	r, err := model.NewRunner(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := model.NewPlan(&cfg)
	root, err := p.Resolve(0, "root")
	if err != nil {
		t.Fatal(err)
	}
	r.RunUntil(8*sim.Week + 1) // the first successor would have come at week 8
	if st := r.States(nil)[root]; st.Status != model.StatusVacant || st.Until != 9*sim.Week {
		t.Fatalf("after the first succession's date: %v until %v, want vacant until week 9", st.Status, st.Until)
	}
	r.RunUntil(9*sim.Week + 1)
	if st := r.States(nil)[root]; st.Status != model.StatusRamping {
		t.Fatalf("after the second succession's date: %v, want ramping", st.Status)
	}
}

// TestResolve: the model names the unit a selector strikes, and says when
// the unit is only drawn as it strikes.
func TestResolve(t *testing.T) {
	cfg := short()
	p, err := model.NewPlan(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := model.Units(&cfg, 0)
	if u, err := p.Resolve(0, "root"); err != nil || units[u].ID != "root" {
		t.Fatalf("root: %v, %v", u, err)
	}
	if u, err := p.Resolve(1, "root"); err != nil || u < 0 {
		t.Fatalf("the lattice's circle: %v, %v", u, err)
	}
	if _, err := p.Resolve(0, "random-manager"); err == nil {
		t.Fatal("random-manager resolved before it strikes")
	}
	if _, err := p.Resolve(0, "m9-9"); err == nil {
		t.Fatal("an unknown unit resolved")
	}
}
