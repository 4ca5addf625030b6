package scenarios

// Every feature an embedded scenario names is a mechanism that does
// something: switching it off in the scenario's own file moves a metric of
// the organisation that has it, in the direction the mechanism implies, by
// at least a minimum effect fixed (with its reason) before the runs. The
// comparison is paired: the scenario as written and the one edit, same
// seeds, same issues. Enough replications are run that the 95 % interval
// of the paired difference is under a third of the minimum effect.

import (
	"bytes"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"gonum.org/v1/gonum/stat/distuv"
)

// edit is one textual change of a scenario file: old must occur exactly n
// times (n = 0 means once) and is replaced everywhere.
type edit struct {
	old, new string
	n        int
}

// featureCase switches one named feature of an embedded scenario off.
type featureCase struct {
	scenario, feature string
	off               []edit
	org               string                      // the organisation that has the feature
	metric            string                      // for messages
	get               func(*model.Result) float64 // the metric
	sign              float64                     // expected sign of (with − without)
	minEffect         float64                     // smallest |with − without| that counts, in the metric's unit
	why               string                      // the reason for that minimum
	disturbed         bool                        // run with the scenario's disruptions (the feature acts on them)
	reps              int
}

// The minimum effects were fixed from what a reader of the scenario would
// call a difference worth naming (the reason is given with each), and the
// replications from a pilot of 8 so that the interval is under a third of
// the minimum. Two first choices of metric moved nothing and taught
// something: a team that also asks its coach or sponsor still escalates what
// it would have escalated (the advice goes into its own decision, so it is
// accuracy that moves, not the escalation rate), and approval chains make
// latency shorter, not longer (a rejection ends the climb), so the
// bureaucracy's approvals are tested on their errors, as Sah and Stiglitz
// state them.
var featureCases = []featureCase{
	{
		scenario: "buurtzorg", feature: "team size: Steiner's process loss makes size matter",
		off: []edit{{old: "process_loss = 0.045", new: "process_loss = 0"}},
		org: "buurtzorg", metric: "latency_mean", get: latencyMean, sign: +1,
		minEffect: 0.5, why: "half an hour of mean latency, about 5 % of a nurse team's decision latency", reps: 8,
	},
	{
		scenario: "buurtzorg", feature: "team size: 11 nurses pool more capacity than 6",
		off: []edit{{old: "team_size = 11", new: "team_size = 6"}},
		org: "buurtzorg", metric: "latency_mean", get: latencyMean, sign: -1,
		minEffect: 0.5, why: "half an hour of mean latency, about 5 % of a nurse team's decision latency", reps: 8,
	},
	{
		scenario: "buurtzorg", feature: "coaches who advise rather than decide",
		off: []edit{{old: "advise_up = true", new: "advise_up = false"}},
		org: "buurtzorg", metric: "accuracy", get: accuracy, sign: +1,
		minEffect: 0.005, why: "one decision in 200 right instead of wrong", reps: 8,
	},
	{
		scenario: "morning-star", feature: "the conflict-resolution ladder (panel, then president)",
		off: []edit{{old: "k_max = 4 ", new: "k_max = 5\n  max_difficulty = \"inf\" "}},
		org: "morning-star", metric: "effort_hours_per_decision", get: func(r *model.Result) float64 { return r.EffortHours }, sign: -1,
		minEffect: 0.02, why: "over a minute of hands-on time per decision: without a ladder every affected team of a wide issue is consulted", reps: 8,
	},
	{
		scenario: "morning-star", feature: "consultation settles issues of up to 4 other teams",
		off: []edit{{old: "k_max = 4", new: "k_max = 3"}},
		org: "morning-star", metric: "escalation_rate", get: escalationRate, sign: -1,
		minEffect: 0.01, why: "one issue in a hundred climbing the ladder instead of being settled by the teams", reps: 8,
	},
	{
		scenario: "mission-command", feature: "managers who advise rather than decide",
		off: []edit{{old: "advise_up = true", new: "advise_up = false"}},
		org: "mission-command", metric: "escalation_rate", get: escalationRate, sign: -1,
		minEffect: 0.02, why: "two issues in a hundred sent up instead of decided by the team", reps: 8,
	},
	{
		scenario: "mission-command", feature: "acting on intent when cut off",
		off: []edit{{old: `deadline = "3d"`, new: `deadline = "inf"`}},
		org: "mission-command", metric: "latency_p99", get: func(r *model.Result) float64 { return r.Latency.P99 }, sign: -1, disturbed: true,
		minEffect: 40, why: "a working week off the slowest issues' latency in a run whose root is vacant for four", reps: 20,
	},
	{
		scenario: "gore-lattice", feature: "sponsors who mentor rather than decide",
		off: []edit{{old: "advise_up = true", new: "advise_up = false"}},
		org: "gore", metric: "accuracy", get: accuracy, sign: +1,
		minEffect: 0.005, why: "one decision in 200 right instead of wrong", reps: 16,
	},
	{
		scenario: "haier-microenterprises", feature: "internal contracts: what they cost the microenterprises",
		off: []edit{{old: `rate = "0.5/d"`, new: `rate = "0/d"`}},
		org: "microenterprises", metric: "effort_hours_per_decision", get: func(r *model.Result) float64 { return r.EffortHours }, sign: +1,
		minEffect: 0.01, why: "36 seconds of hands-on time per decision, one per cent of a unit's hour-long decision", reps: 8,
	},
	{
		scenario: "haier-microenterprises", feature: "internal contracts: relayed through the hierarchy's managers",
		off: []edit{{old: `rate = "0.5/d"`, new: `rate = "0/d"`}},
		org: "hierarchy", metric: "latency_p95", get: func(r *model.Result) float64 { return r.Latency.P95 }, sign: +1,
		minEffect: 0.25, why: "a quarter of an hour of p95 latency, about 1 % of it", reps: 8,
	},
	{
		scenario: "bureaucracy", feature: "approval chains reject more good issues (Sah–Stiglitz Type I)",
		off: []edit{{old: `approval = "all"`, new: `approval = "off"`}},
		org: "bureaucracy", metric: "type1_rate", get: func(r *model.Result) float64 { return r.TypeI }, sign: +1,
		minEffect: 0.01, why: "one good issue in a hundred rejected", reps: 8,
	},
	{
		scenario: "bureaucracy", feature: "approval chains accept fewer bad issues (Sah–Stiglitz Type II)",
		off: []edit{{old: `approval = "all"`, new: `approval = "off"`}},
		org: "bureaucracy", metric: "type2_rate", get: func(r *model.Result) float64 { return r.TypeII }, sign: -1,
		minEffect: 0.01, why: "one bad issue in a hundred accepted", reps: 8,
	},
	{
		scenario: "bureaucracy", feature: "slow approvers (25 minutes a decision)",
		off: []edit{{old: `decision = "lognormal(mean=25m, cv=1)"`, new: `decision = "lognormal(mean=12m, cv=1)"`, n: 5}},
		org: "bureaucracy", metric: "latency_mean", get: latencyMean, sign: +1,
		minEffect: 0.5, why: "half an hour, about 6 % of the bureaucracy's mean latency of 8 hours", reps: 8,
	},
}

func latencyMean(r *model.Result) float64    { return r.Latency.Mean }
func accuracy(r *model.Result) float64       { return r.Accuracy }
func escalationRate(r *model.Result) float64 { return r.EscalationRate }

// switchedOff returns the embedded scenario name with its feature edited
// away, and the scenario as written.
func switchedOff(t *testing.T, name string, edits []edit) (on, off *Scenario) {
	t.Helper()
	src, err := Source(name)
	if err != nil {
		t.Fatal(err)
	}
	if on, err = Parse("embedded:"+name+".toml", src); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		want := max(e.n, 1)
		if got := bytes.Count(src, []byte(e.old)); got != want {
			t.Fatalf("%s: %q occurs %d times, want %d", name, e.old, got, want)
		}
		src = bytes.ReplaceAll(src, []byte(e.old), []byte(e.new))
	}
	if off, err = Parse("embedded:"+name+".toml (feature off)", src); err != nil {
		t.Fatal(err)
	}
	return on, off
}

func orgIndex(t *testing.T, cfg *model.Config, name string) int {
	t.Helper()
	for i, o := range cfg.Organisations {
		if o.Name == name {
			return i
		}
	}
	t.Fatalf("no organisation %q", name)
	return -1
}

func TestEveryNamedFeatureMovesAMetric(t *testing.T) {
	if testing.Short() {
		t.Skip("runs each scenario twice per feature")
	}
	for _, c := range featureCases {
		t.Run(c.scenario+"/"+c.feature, func(t *testing.T) {
			t.Parallel()
			on, off := switchedOff(t, c.scenario, c.off)
			diffs := pairedDiffs(t, on, off, c.org, c.get, c.disturbed, c.reps)
			d, se := stats.MeanSE(diffs)
			hw := tQuantile975(len(diffs)-1) * se
			t.Logf("%s of %s: with − without = %+.4g ± %.2g (minimum effect %g: %s)", c.metric, c.org, d, hw, c.minEffect, c.why)
			if !(c.sign*d-hw >= c.minEffect) {
				t.Errorf("switching %q off does not move %s of %s by at least %g in the expected direction: with − without = %+.4g ± %.2g", c.feature, c.metric, c.org, c.minEffect, d, hw)
			}
			if !(hw < c.minEffect/3) {
				t.Errorf("interval half-width %.3g is not under a third of the minimum effect %g: more replications", hw, c.minEffect)
			}
		})
	}
}

// pairedDiffs runs organisation org of both scenarios for reps paired
// replications and returns metric(on) − metric(off) per replication.
func pairedDiffs(t *testing.T, on, off *Scenario, org string, get func(*model.Result) float64, disturbed bool, reps int) []float64 {
	t.Helper()
	plans := [2]*model.Plan{}
	idx := [2]int{}
	for k, sc := range [2]*Scenario{on, off} {
		cfg := sc.Config
		p, err := model.NewPlan(&cfg)
		if err != nil {
			t.Fatal(err)
		}
		plans[k], idx[k] = p, orgIndex(t, &cfg, org)
	}
	vals := make([][2]float64, reps)
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))
	for r := range reps {
		for k := range 2 {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				res, err := plans[k].Run(idx[k], uint64(r), !disturbed)
				if err != nil {
					t.Error(err)
					vals[r][k] = math.NaN()
					return
				}
				vals[r][k] = get(res)
			}()
		}
	}
	wg.Wait()
	out := make([]float64, reps)
	for r, v := range vals {
		out[r] = v[0] - v[1]
	}
	return out
}

// tQuantile975 is Student's t quantile at 0.975 for df degrees of freedom.
func tQuantile975(df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
}
