package model_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// short returns the default comparison over a shorter horizon, for tests.
func short() model.Config {
	cfg := model.Default()
	cfg.Horizon = 20 * sim.Week
	cfg.WarmUp = 4 * sim.Week
	return cfg
}

func mustRun(t testing.TB, cfg *model.Config, org int, rep uint64, undisturbed bool) *model.Result {
	t.Helper()
	res, err := model.Run(cfg, org, rep, undisturbed)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestConservationAndLittlesLaw(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{
		model.DefaultLeaderLoss(6*sim.Week, "root"),
		{Kind: model.Surge, At: 10 * sim.Week, Until: 11 * sim.Week, Factor: 2},
		{Kind: model.MemberLoss, At: 12 * sim.Week, Team: "t3", Realloc: sim.Week},
	}
	for org := range cfg.Organisations {
		// Mid-run: every issue that arrived is decided or still open.
		r, err := model.NewRunner(&cfg, org, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range []float64{100, 250, 6*sim.Week + 1, 10.5 * sim.Week} {
			if err := r.RunUntil(at); err != nil {
				t.Fatal(err)
			}
			a, d, open := r.Counts()
			if a != d+open || open != r.Backlog() || a == 0 {
				t.Fatalf("%s at %v h: arrived %d, decided %d, open %d (backlog %d)", cfg.Organisations[org].Name, at, a, d, open, r.Backlog())
			}
		}
		res, err := r.Finish()
		if err != nil {
			t.Fatal(err)
		}
		if res.Arrived != res.Decided+res.Open || res.Open != 0 || len(res.Issues) != res.Arrived {
			t.Fatalf("%s: arrived %d, decided %d, open %d, records %d", res.Organisation, res.Arrived, res.Decided, res.Open, len(res.Issues))
		}
		// Little's law as a sample-path identity: over a run that drains,
		// the area under the number of open issues equals the sum of the
		// issues' times in the system.
		if rel := math.Abs(res.OpenArea-res.LatencySum) / res.LatencySum; rel > 1e-9 {
			t.Fatalf("%s: ∫N dt = %v, Σ T = %v (relative gap %v)", res.Organisation, res.OpenArea, res.LatencySum, rel)
		}
		// The latency split adds up, issue by issue.
		for _, is := range res.Issues {
			if sum := float64(is.Wait) + float64(is.Service) + float64(is.Comm); math.Abs(sum-is.Latency) > 1e-4*(1+is.Latency) {
				t.Fatalf("%s: issue %x: wait+service+comm = %v, latency %v", res.Organisation, is.Key, sum, is.Latency)
			}
		}
	}
}

func TestSameSeedSameResult(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{model.DefaultLeaderLoss(6*sim.Week, "root")}
	for org := range cfg.Organisations {
		a := fmt.Sprintf("%+v", *mustRun(t, &cfg, org, 3, false))
		b := fmt.Sprintf("%+v", *mustRun(t, &cfg, org, 3, false))
		if a != b {
			t.Fatalf("%s: two runs with the same seed differ", cfg.Organisations[org].Name)
		}
		c := fmt.Sprintf("%+v", *mustRun(t, &cfg, org, 4, false))
		if a == c {
			t.Fatalf("%s: replications 3 and 4 are identical", cfg.Organisations[org].Name)
		}
	}
}

func TestOrganisationsSeeIdenticalIssues(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{
		{Kind: model.Surge, At: 8 * sim.Week, Until: 9 * sim.Week, Factor: 2},
		model.DefaultLeaderLoss(10*sim.Week, "root"),
	}
	h := mustRun(t, &cfg, 0, 1, false)
	l := mustRun(t, &cfg, 1, 1, false)
	base := mustRun(t, &cfg, 1, 1, true)
	type key struct {
		k     uint64
		t     float64
		v     float32
		good  bool
		surge bool
	}
	list := func(r *model.Result) []key {
		var out []key
		for _, is := range r.Issues {
			out = append(out, key{is.Key, is.Arrival, is.Value, is.Good(), is.Surge()})
		}
		return out
	}
	hl, ll := list(h), list(l)
	if fmt.Sprint(hl) != fmt.Sprint(ll) {
		t.Fatalf("hierarchy and lattice saw different issues (%d vs %d)", len(hl), len(ll))
	}
	surges := 0
	for _, k := range hl {
		if k.surge {
			surges++
		}
	}
	// The surge doubles arrivals for a week: 49 teams × 0.25/h × 40 h.
	if want := 49 * 0.25 * 40; math.Abs(float64(surges)-want) > 4*math.Sqrt(want) {
		t.Fatalf("%d surge issues, want about %v", surges, want)
	}
	if len(base.Issues) != len(l.Issues)-surges {
		t.Fatalf("baseline has %d issues, disturbed %d with %d surge issues", len(base.Issues), len(l.Issues), surges)
	}
}

func TestUndisturbedRunHasNoResilienceLoss(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{model.DefaultLeaderLoss(8*sim.Week, "root")}
	for org := range cfg.Organisations {
		base := mustRun(t, &cfg, org, 0, true)
		rs, err := model.Compare(&cfg, base, base)
		if err != nil {
			t.Fatal(err)
		}
		if r := rs[0]; r.Loss != 0 || r.Recovery != 0 || r.Censored || r.ExcessDelay != 0 || r.PeakDegradation != 1 || r.MinQ != 100 {
			t.Fatalf("%s: undisturbed against itself: %+v", base.Organisation, r)
		}
	}
}

func TestLeaderLossHurtsTheHierarchyMore(t *testing.T) {
	cfg := model.Default()
	cfg.Horizon = 40 * sim.Week
	cfg.Disruptions = []model.Disruption{model.DefaultLeaderLoss(15*sim.Week, "root")}
	for _, pol := range []model.Policy{model.Freeze, model.SkipLevel, model.Interim} {
		if pol == model.SkipLevel {
			continue // the root has no unit above; checked in validation
		}
		cfg.Disruptions[0].Policy = pol
		var loss [2]float64
		for org := range cfg.Organisations {
			d := mustRun(t, &cfg, org, 0, false)
			b := mustRun(t, &cfg, org, 0, true)
			rs, err := model.Compare(&cfg, d, b)
			if err != nil {
				t.Fatal(err)
			}
			loss[org] = rs[0].Loss
			if d.Open != 0 || d.Decided != d.Arrived {
				t.Fatalf("%v: %s lost work: %d arrived, %d decided", pol, d.Organisation, d.Arrived, d.Decided)
			}
			if rs[0].ExcessDelay <= 0 {
				t.Fatalf("%v: %s: excess delay %v after losing its top leader", pol, d.Organisation, rs[0].ExcessDelay)
			}
		}
		// The root of the default hierarchy carries every escalation; the
		// lattice's circle only rare ones.
		if !(loss[0] > 2*loss[1]) {
			t.Fatalf("%v: resilience loss hierarchy %v, lattice %v", pol, loss[0], loss[1])
		}
	}
}

func TestSkipLevelMovesTheQueueUp(t *testing.T) {
	cfg := short()
	cfg.Organisations = cfg.Organisations[:1]
	cfg.Disruptions = []model.Disruption{{
		Kind: model.LeaderLoss, At: 8 * sim.Week, Selector: "m1-1", Policy: model.SkipLevel,
		Vacancy: 2 * sim.Week, RampStart: 1,
	}}
	r, err := model.NewRunner(&cfg, 0, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := model.Units(&cfg, 0)
	idx := map[string]int{}
	for i, u := range units {
		idx[u.ID] = i
	}
	if err := r.RunUntil(8*sim.Week + 40); err != nil {
		t.Fatal(err)
	}
	q := r.Queues(nil)
	if q[idx["m1-1"]] != 0 {
		t.Fatalf("vacant m1-1 under skip-level holds %d issues", q[idx["m1-1"]])
	}
	res, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if res.Open != 0 {
		t.Fatalf("%d issues left open", res.Open)
	}
	// m1-1 decided nothing during its vacancy: the root took its issues.
	var during, rootDuring int
	for _, is := range res.Issues {
		if is.Arrival > 8*sim.Week+10 && is.Arrival < 10*sim.Week-10 && is.Origin < 7 {
			during++
			if units[is.Decider].ID == "m1-1" {
				t.Fatalf("issue %x decided by the vacant m1-1", is.Key)
			}
			if units[is.Decider].ID == "root" {
				rootDuring++
			}
		}
	}
	if during == 0 || rootDuring == 0 {
		t.Fatalf("issues of m1-1's teams during the vacancy: %d, decided at the root: %d", during, rootDuring)
	}
}

func TestOnePersonTeamLosingItsMemberFreezes(t *testing.T) {
	cfg := short()
	cfg.Work.TeamSize = 1
	cfg.Disruptions = []model.Disruption{{Kind: model.MemberLoss, At: 8 * sim.Week, Until: 9 * sim.Week, Team: "t5"}}
	r, err := model.NewRunner(&cfg, 1, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	r.RunUntil(8*sim.Week + 1)
	before := r.Queues(nil)[4]
	r.RunUntil(9*sim.Week - 1)
	after := r.Queues(nil)[4]
	// 0.25/h for ~39 h: the frozen team's queue grows.
	if after < before+3 {
		t.Fatalf("team t5 queue %d → %d while it has nobody", before, after)
	}
	res, err := r.Finish()
	if err != nil || res.Open != 0 {
		t.Fatalf("err %v, open %d", err, res.Open)
	}
}

func TestKnowledgeShockMakesIssuesHarder(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{{Kind: model.KnowledgeShock, At: 10 * sim.Week, Theta: 0.5}}
	b := mustRun(t, &cfg, 0, 0, true)
	d := mustRun(t, &cfg, 0, 0, false)
	esc := func(r *model.Result, after bool) float64 {
		n, e := 0, 0
		for _, is := range r.Issues {
			if (is.Arrival >= 10*sim.Week) == after {
				n++
				if is.Esc > 0 {
					e++
				}
			}
		}
		return float64(e) / float64(n)
	}
	if !(esc(d, true) > esc(b, true)+0.1) || math.Abs(esc(d, false)-esc(b, false)) > 1e-12 {
		t.Fatalf("escalation share after the shock %v (baseline %v); before %v (baseline %v)",
			esc(d, true), esc(b, true), esc(d, false), esc(b, false))
	}
}

func TestSlowdownLengthensCommunication(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{{Kind: model.Slowdown, At: 8 * sim.Week, Until: 10 * sim.Week, Factor: 3}}
	b := mustRun(t, &cfg, 0, 0, true)
	d := mustRun(t, &cfg, 0, 0, false)
	comm := func(r *model.Result) float64 {
		var s float64
		for _, is := range r.Issues {
			if is.Arrival >= 8*sim.Week && is.Arrival < 9.5*sim.Week {
				s += float64(is.Comm)
			}
		}
		return s
	}
	if !(comm(d) > 2*comm(b)) {
		t.Fatalf("communication hours in the window %v, baseline %v", comm(d), comm(b))
	}
}

func TestAttritionReplacesPeople(t *testing.T) {
	cfg := short()
	cfg.Disruptions = []model.Disruption{{
		Kind: model.Attrition, At: 5 * sim.Week, Rate: 1.0 / sim.Year, Vacancy: 2 * sim.Week,
		Realloc: sim.Week, RampStart: 0.5, RampTau: 200,
	}}
	for org := range cfg.Organisations {
		d := mustRun(t, &cfg, org, 0, false)
		b := mustRun(t, &cfg, org, 0, true)
		if d.Open != 0 || d.Arrived != b.Arrived {
			t.Fatalf("%s: open %d, arrived %d vs %d", d.Organisation, d.Open, d.Arrived, b.Arrived)
		}
		if !(d.Latency.Mean > b.Latency.Mean) {
			t.Fatalf("%s: mean latency with attrition %v, without %v", d.Organisation, d.Latency.Mean, b.Latency.Mean)
		}
	}
}

func TestDefaultsAreCalibrated(t *testing.T) {
	cfg := model.Default()
	for org := range cfg.Organisations {
		loads, err := model.OfferedLoad(&cfg, org)
		if err != nil {
			t.Fatal(err)
		}
		// The traffic equations predict the simulated utilisation, on
		// average over replications (each draws the teams' knowledge by
		// domain afresh): each leader's, and the mean over the teams.
		const reps = 6
		util := make([]float64, len(loads))
		var res *model.Result
		for rep := range reps {
			res = mustRun(t, &cfg, org, uint64(rep), false)
			for i := range util {
				util[i] += res.Units[i].Utilisation / reps
			}
		}
		var offered, simulated float64
		teams := 0
		for i, l := range loads {
			if l.Load > 0.8 {
				t.Errorf("%s: unit %s baseline load %.3f > 0.8", res.Organisation, l.ID, l.Load)
			}
			u := util[i]
			if l.Role == model.RoleTeam {
				offered += l.Load
				simulated += u
				teams++
			} else if l.Load > 0.2 && math.Abs(u-l.Load) > 0.08*l.Load {
				t.Errorf("%s: unit %s offered %.3f, simulated %.3f", res.Organisation, l.ID, l.Load, u)
			}
		}
		if math.Abs(simulated-offered) > 0.03*offered {
			t.Errorf("%s: mean team load offered %.3f, simulated %.3f", res.Organisation, offered/float64(teams), simulated/float64(teams))
		}
	}
}

func meanP95(t *testing.T, cfg *model.Config, org, reps int) (float64, map[string]int) {
	var s float64
	where := map[string]int{}
	for rep := range reps {
		res := mustRun(t, cfg, org, uint64(rep), false)
		s += res.Latency.P95
		where[res.MaxUtilUnit]++
	}
	return s / float64(reps), where
}

func TestUnderDefaultsTheLatticeIsFasterAndTheRootTheBottleneck(t *testing.T) {
	cfg := model.Default()
	h, where := meanP95(t, &cfg, 0, 4)
	l, _ := meanP95(t, &cfg, 1, 4)
	if where["root"] != 4 {
		t.Fatalf("most utilised hierarchy units: %v, want the root every time", where)
	}
	if !(l < h) {
		t.Fatalf("p95 latency: lattice %.2f h, hierarchy %.2f h", l, h)
	}
}

// HierarchyFavoured is a documented parameter set under which the
// hierarchy decides faster than the lattice: the lattice's teams know little
// (half the issues are beyond them), so those wait for advice from two
// peers over slow channels (hops with a median of 4 hours), while the
// hierarchy's managers are knowledgeable and reached over fast channels
// (6-minute hops).
func hierarchyFavoured() model.Config {
	cfg := model.Default()
	h := &cfg.Organisations[0]
	h.Routing.Hop = model.Det(0.1)
	l := &cfg.Organisations[1]
	l.Team.Knowledge = -math.Log(0.5)
	l.Routing.Advice = 2
	l.Routing.Hop = model.LogNormMedian(4, 1)
	l.Routing.AdviceTimeout = 3 * sim.Day
	return cfg
}

func TestWithSlowAdviceTheHierarchyIsFaster(t *testing.T) {
	cfg := hierarchyFavoured()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	h, _ := meanP95(t, &cfg, 0, 3)
	l, _ := meanP95(t, &cfg, 1, 3)
	if !(h < l) {
		t.Fatalf("p95 latency: hierarchy %.2f h, lattice %.2f h", h, l)
	}
}

func TestBaselineOverloadNamesTheUnit(t *testing.T) {
	cfg := model.Default()
	cfg.Organisations[0].Root.Decision = model.LogNorm(1, 1)
	err := cfg.Validate()
	var ce *model.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a ConfigError", err)
	}
	if !strings.Contains(err.Error(), "organisation[0]: unit root (root) is overloaded at baseline: offered load 4.04 of its capacity (allowed: < 1;") {
		t.Fatalf("err = %v", err)
	}
}

func TestRunTimeCapStopsAnUnstableRun(t *testing.T) {
	cfg := short()
	cfg.MaxOpen = 400
	// A surge that only the disruption makes unstable: a warning before the
	// run, an error naming the jammed unit during it.
	cfg.Disruptions = []model.Disruption{{Kind: model.Surge, At: 8 * sim.Week, Until: 18 * sim.Week, Factor: 4}}
	warned := false
	for _, p := range cfg.Check() {
		if p.Warning && strings.Contains(p.Msg, "the surge overloads") && strings.Contains(p.Msg, "root at") {
			warned = true
		}
	}
	if !warned || cfg.Validate() != nil {
		t.Fatalf("problems %v, validate %v", cfg.Check(), cfg.Validate())
	}
	_, err := model.Run(&cfg, 0, 0, false)
	var ue *model.UnstableError
	if !errors.As(err, &ue) || ue.Open <= 400 || ue.At < 8*sim.Week || ue.Unit == "" || ue.Queue < 1 {
		t.Fatalf("err = %v", err)
	}
}

func TestValidationProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(c *model.Config)
		want string
	}{
		{"warm-up after horizon", func(c *model.Config) { c.WarmUp = c.Horizon }, "warm_up: 2000 h is not before the horizon (2000 h)"},
		{"probability", func(c *model.Config) { c.Work.CrossTeam = 1.5 }, "work.cross_team: 1.5 is not a probability (allowed: 0 … 1)"},
		{"span", func(c *model.Config) { c.Organisations[0].Span = []int{0} }, "organisation[0].span[0]: 0 is not allowed (allowed: span ≥ 1)"},
		{"levels and span", func(c *model.Config) { c.Organisations[0].Span = []int{3} }, "organisation[0]: levels = 2 with span [3] over 49 teams leaves 6 units at the top, not one root"},
		{"disruption in warm-up", func(c *model.Config) { c.Disruptions = []model.Disruption{model.DefaultLeaderLoss(1, "root")} }, "disruption[0].at: 1 h is before the end of the warm-up (400 h)"},
		{"skip-level at root", func(c *model.Config) {
			c.Disruptions = []model.Disruption{model.DefaultLeaderLoss(500, "root")}
			c.Disruptions[0].Policy = model.SkipLevel
		}, "disruption[0].policy: skip-level at root of organisation \"hierarchy\", which has no unit above"},
		{"unknown selector", func(c *model.Config) { c.Disruptions = []model.Disruption{model.DefaultLeaderLoss(500, "m1-9")} }, "disruption[0].selector: selector \"m1-9\" names no unit of organisation \"hierarchy\""},
		{"cycle", func(c *model.Config) {
			c.Work.Teams = 2
			c.Organisations = c.Organisations[:1]
			o := &c.Organisations[0]
			o.Structure = model.Explicit
			o.Units = []model.UnitSpec{
				{ID: "t1", Role: model.RoleTeam, ReportsTo: "a"},
				{ID: "t2", Role: model.RoleTeam, ReportsTo: "b"},
				{ID: "a", Role: model.RoleManager, ReportsTo: "b"},
				{ID: "b", Role: model.RoleManager, ReportsTo: "a"},
			}
		}, "reports_to has a cycle through"},
		{"unknown unit", func(c *model.Config) {
			c.Work.Teams = 1
			c.Organisations = c.Organisations[:1]
			o := &c.Organisations[0]
			o.Structure = model.Explicit
			o.Units = []model.UnitSpec{{ID: "t1", Role: model.RoleTeam, ReportsTo: "bos"}, {ID: "boss", Role: model.RoleRoot}}
		}, "unit \"t1\" reports_to unknown unit \"bos\" (did you mean \"boss\"?)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := model.Default()
			tc.edit(&cfg)
			err := cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestInjectActsLikeAScheduledDisruption(t *testing.T) {
	cfg := short()
	d := model.DefaultLeaderLoss(8*sim.Week, "root")
	cfg.Disruptions = []model.Disruption{d}
	scheduled := mustRun(t, &cfg, 0, 2, false)

	plain := short()
	r, err := model.NewRunner(&plain, 0, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	// Stop just before the disruption's instant, then inject it at that
	// time: the same events happen at the same simulated times.
	r.RunUntil(8*sim.Week - 1e-9)
	r.Sim().RunUntil(8 * sim.Week)
	if _, err := r.Inject(d); err != nil {
		t.Fatal(err)
	}
	injected, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if scheduled.Latency != injected.Latency || scheduled.MaxUtil != injected.MaxUtil {
		t.Fatalf("scheduled %+v, injected %+v", scheduled.Latency, injected.Latency)
	}
}

func TestDecidedSinceFollowsTheDecisions(t *testing.T) {
	cfg := short()
	r, err := model.NewRunner(&cfg, 0, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []model.Decision
	n := 0
	for _, at := range []float64{50, 51, 400, 401.5, 700} {
		r.RunUntil(at)
		got, n = r.DecidedSince(n, got)
		if _, d, _ := r.Counts(); n != d || len(got) != d {
			t.Fatalf("at %v h: %d decisions followed, %d made", at, len(got), d)
		}
	}
	res, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	got, _ = r.DecidedSince(n, got)
	if len(got) != res.Decided {
		t.Fatalf("%d decisions followed, %d made", len(got), res.Decided)
	}
	seen := map[[2]float64]int{}
	for i, d := range got {
		if i > 0 && d.At < got[i-1].At {
			t.Fatalf("decision %d at %v h after one at %v h", i, d.At, got[i-1].At)
		}
		seen[[2]float64{d.At, d.Latency}]++
	}
	for _, rc := range res.Issues {
		k := [2]float64{rc.Arrival + rc.Latency, rc.Latency}
		if seen[k] == 0 {
			t.Fatalf("issue %x decided at %v h is missing", rc.Key, k[0])
		}
		seen[k]--
	}
}
