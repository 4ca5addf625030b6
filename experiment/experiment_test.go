package experiment

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// short returns the default comparison over 40 weeks (10 of warm-up),
// optionally with the root's leader lost at week 20.
func short(disrupt bool) *model.Config {
	cfg := model.Default()
	cfg.Horizon = 40 * sim.Week
	cfg.Drain = 20 * sim.Week
	if disrupt {
		cfg.Disruptions = []model.Disruption{model.DefaultLeaderLoss(20*sim.Week, "root")}
	}
	return &cfg
}

// dump formats an Outcome with every pointer followed, so that two
// Outcomes print the same exactly when they hold the same values.
func dump(o *Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %v %+v\n%+v\n", o.Scenario, o.Replications, o.Organisations, o.Metrics, *o.Config)
	for _, r := range o.Runs {
		fmt.Fprintln(&b, dumpRun(r))
	}
	fmt.Fprintf(&b, "%+v\n%+v\n%+v\n%+v\n%+v\n%+v\n", o.Summary, o.Paired, o.Recovery, o.Series, o.Units, o.Latency)
	return b.String()
}

func dumpRun(r RunRow) string {
	return fmt.Sprintf("%s %d %d %d %v %+v %+v", r.Organisation, r.Org, r.Replication, r.Seed, r.Values, *r.Result, r.Resilience)
}

func mustRun(t *testing.T, cfg *model.Config, opt Options) *Outcome {
	t.Helper()
	o, err := Run("test", cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func metricIndex(t *testing.T, o *Outcome, name string) int {
	t.Helper()
	i := slices.IndexFunc(o.Metrics, func(m Metric) bool { return m.Name == name })
	if i < 0 {
		t.Fatalf("no metric %q", name)
	}
	return i
}

func summary(t *testing.T, o *Outcome, org, metric string) Stat {
	t.Helper()
	for _, r := range o.Summary {
		if r.Organisation == org && r.Metric == metric {
			return r.Stat
		}
	}
	t.Fatalf("no summary of %s %s", org, metric)
	return Stat{}
}

// The leader-loss outcome is shared by the tests that only read it.
var (
	lossOnce sync.Once
	lossOut  *Outcome
	lossErr  error
)

const lossReps = 4

func leaderLoss(t *testing.T) *Outcome {
	t.Helper()
	lossOnce.Do(func() {
		lossOut, lossErr = Run("leader-loss", short(true), Options{Replications: lossReps, Only: -1, Workers: 3})
	})
	if lossErr != nil {
		t.Fatal(lossErr)
	}
	return lossOut
}

func TestCanonicalOrderAndWorkers(t *testing.T) {
	cfg := short(true)
	var calls []int
	one := mustRun(t, cfg, Options{Replications: lossReps, Only: -1, Workers: 1,
		Progress: func(done, total int) {
			if total != 2*lossReps {
				t.Errorf("progress total %d, want %d", total, 2*lossReps)
			}
			calls = append(calls, done)
		}})
	three := leaderLoss(t)
	if want := []int{1, 2, 3, 4, 5, 6, 7, 8}; !slices.Equal(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
	if len(one.Runs) != 2*lossReps {
		t.Fatalf("%d runs, want %d", len(one.Runs), 2*lossReps)
	}
	for i, r := range one.Runs {
		org, rep := i/lossReps, i%lossReps
		if r.Org != org || r.Replication != rep || r.Organisation != cfg.Organisations[org].Name || r.Seed != cfg.Seed {
			t.Errorf("run %d is %s (org %d) replication %d seed %d, want org %d replication %d", i, r.Organisation, r.Org, r.Replication, r.Seed, org, rep)
		}
		if r.Result.Replication != uint64(rep) || r.Result.Undisturbed || r.Result.Issues != nil {
			t.Errorf("run %d: result of replication %d, undisturbed %v, %d issues kept", i, r.Result.Replication, r.Result.Undisturbed, len(r.Result.Issues))
		}
	}
	one.Scenario = three.Scenario
	if a, b := dump(one), dump(three); a != b {
		t.Errorf("1 and 3 workers differ:\n%.2000s\n----\n%.2000s", a, b)
	}
	if cfg.Metrics.KeepIssues != model.DefaultMetrics().KeepIssues || len(cfg.Disruptions) != 1 {
		t.Errorf("the caller's Config changed")
	}
}

func TestOnlyReproducesRow(t *testing.T) {
	full := leaderLoss(t)
	one := mustRun(t, short(true), Options{Only: 2})
	if one.Replications != 1 || len(one.Runs) != 2 {
		t.Fatalf("Only=2: %d replications, %d runs, want 1 and 2", one.Replications, len(one.Runs))
	}
	for org, r := range one.Runs {
		want := full.Runs[org*lossReps+2]
		if r.Replication != 2 || dumpRun(r) != dumpRun(want) {
			t.Errorf("Only=2, organisation %d:\n%.500s\nwant\n%.500s", org, dumpRun(r), dumpRun(want))
		}
	}
	// With one replication every interval is undefined.
	if s := one.Summary[0].Stat; s.N != 1 || !math.IsNaN(s.Low) {
		t.Errorf("one replication: %+v, want N 1 and a NaN interval", s)
	}
}

func TestMetricsAndValues(t *testing.T) {
	o := leaderLoss(t)
	names := make([]string, len(o.Metrics))
	for i, m := range o.Metrics {
		names[i] = m.Name
		if m.Unit == "" || m.Doc == "" {
			t.Errorf("metric %s has no unit or doc", m.Name)
		}
	}
	want := "latency_mean latency_p50 latency_p90 latency_p95 latency_p99 wait_mean service_mean comm_mean " +
		"throughput backlog_mean backlog_peak util_max util_gini escalation_rate escalation_depth " +
		"messages_per_decision helper_hours_per_decision accuracy type1_rate type2_rate value_per_issue beyond_share " +
		"effort_hours_per_decision effort_team_hours effort_manager_hours effort_coach_hours effort_root_hours " +
		"members_present deadline_share deadline_accuracy delegations delegated_hours traffic_latency_p95 traffic_relays " +
		"decision_share_team decision_share_middle decision_share_top decision_gini " +
		"deciders_effective deciders_effective_share deciders_simpson authority_steps " +
		"recovery_time_d1 resilience_loss_d1 peak_degradation_d1 excess_delay_d1 recovered_d1"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("metrics\n%s\nwant\n%s", got, want)
	}
	for _, r := range o.Runs {
		res, rs := r.Result, r.Resilience[0]
		check := map[string]float64{
			"latency_p95": res.Latency.P95, "wait_mean": res.Wait.Mean, "backlog_peak": float64(res.PeakBacklog),
			"util_max": res.MaxUtil, "escalation_rate": res.EscalationRate, "beyond_share": res.BeyondShare,
			"resilience_loss_d1": rs.Loss, "excess_delay_d1": rs.ExcessDelay, "recovery_time_d1": rs.Recovery,
			"decision_share_team": res.DecisionShare[model.TierTeam], "decision_share_middle": res.DecisionShare[model.TierMiddle],
			"decision_share_top": res.DecisionShare[model.TierTop], "decision_gini": res.DecisionGini,
			"deciders_effective": res.EffectiveDeciders, "deciders_simpson": res.InverseSimpson,
			"deciders_effective_share": res.EffectiveDeciders / float64(len(res.Units)),
			"authority_steps":          float64(res.AuthoritySteps),
		}
		for name, v := range check {
			if got := r.Values[metricIndex(t, o, name)]; got != v {
				t.Errorf("%s %d %s = %v, want %v", r.Organisation, r.Replication, name, got, v)
			}
		}
		rec := r.Values[metricIndex(t, o, "recovered_d1")]
		if (rec == 1) == rs.Censored || (rec != 0 && rec != 1) {
			t.Errorf("recovered_d1 = %v with censored %v", rec, rs.Censored)
		}
	}
	// A summary row is MeanCIIn of its column on the metric's scale.
	for _, name := range []string{"latency_p95", "accuracy", "excess_delay_d1"} {
		j := metricIndex(t, o, name)
		col := make([]float64, lossReps)
		for k := range col {
			col[k] = o.Runs[lossReps+k].Values[j]
		}
		if got, want := summary(t, o, "lattice", name), MeanCIIn(col, o.Metrics[j].Scale, 0.95); got != want {
			t.Errorf("summary lattice %s = %+v, want %+v", name, got, want)
		}
	}
}

func TestLeaderLossHitsHierarchyHarder(t *testing.T) {
	o := leaderLoss(t)
	h := summary(t, o, "hierarchy", "resilience_loss_d1")
	l := summary(t, o, "lattice", "resilience_loss_d1")
	if h.N != lossReps || l.N != lossReps || !(h.Mean > l.Mean) {
		t.Errorf("resilience loss: hierarchy %+v, lattice %+v; want the hierarchy's larger", h, l)
	}
	if h.Mean < 10000 || l.Mean > h.Mean/10 {
		t.Errorf("resilience loss: hierarchy %.0f, lattice %.0f %%·h; want ≥ 10000 and a tenth of it at most", h.Mean, l.Mean)
	}
	if len(o.Recovery) != 2 {
		t.Fatalf("%d recovery rows, want 2", len(o.Recovery))
	}
	for i, r := range o.Recovery {
		if r.Organisation != o.Organisations[i] || r.Disruption != 0 || r.Kind != "leader-loss" || r.At != 20*sim.Week {
			t.Errorf("recovery row %d: %+v", i, r)
		}
		var times []float64
		var cens []bool
		nc := 0
		for _, run := range o.Runs[i*lossReps : (i+1)*lossReps] {
			rs := run.Resilience[0]
			times, cens = append(times, rs.Recovery), append(cens, rs.Censored)
			if rs.Censored {
				nc++
			}
		}
		if r.Censored != float64(nc)/lossReps || !sameFloat(r.KMMedian, KaplanMeierMedian(times, cens)) || r.Mean != MeanCIIn(times, NonNegative, 0.95) {
			t.Errorf("recovery row %d: %+v from times %v censored %v", i, r, times, cens)
		}
	}
	// The hierarchy's loss exceeds the lattice's, pair by pair: a paired
	// difference (a loss can be 0) whose interval lies above 10000 %·h.
	for _, r := range o.Paired {
		if r.Metric == "resilience_loss_d1" && !(r.A == "hierarchy" && r.B == "lattice" && r.Compare == Difference && r.Low > 10000) {
			t.Errorf("paired %+v, want the difference hierarchy − lattice with Low > 10000", r)
		}
	}
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func sameStat(a, b Stat) bool {
	return a.N == b.N && sameFloat(a.Mean, b.Mean) && sameFloat(a.Low, b.Low) && sameFloat(a.High, b.High)
}

func TestSeriesUnitsLatency(t *testing.T) {
	cfg := short(true)
	o := mustRun(t, cfg, Options{Replications: 2, Only: -1, KeepIssues: true})
	// Series: on the grid of model.Signal against the twin.
	for org := range o.Organisations {
		r0, r1 := o.Runs[org*2], o.Runs[org*2+1]
		twin0, err := model.Run(cfg, org, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		twin1, err := model.Run(cfg, org, 1, true)
		if err != nil {
			t.Fatal(err)
		}
		grid, m0, _, q0 := model.Signal(cfg, r0.Result, twin0)
		_, m1, _, q1 := model.Signal(cfg, r1.Result, twin1)
		var pts []SeriesPoint
		for _, p := range o.Series {
			if p.Organisation == o.Organisations[org] {
				pts = append(pts, p)
			}
		}
		if len(pts) != len(grid) || grid[0] != cfg.Metrics.Window || grid[len(grid)-1] != cfg.Horizon {
			t.Fatalf("%d series points, grid %d from %v to %v", len(pts), len(grid), grid[0], grid[len(grid)-1])
		}
		for i, p := range pts {
			j := int(p.T / (cfg.Metrics.Window / 4))
			s0, s1 := r0.Result.Samples[j], r1.Result.Samples[j]
			b0, b1 := float64(s0.Backlog), float64(s1.Backlog)
			if p.T != grid[i] || p.Backlog != MeanCIIn([]float64{b0, b1}, NonNegative, 0.95) ||
				!sameStat(p.P95, MeanCIIn([]float64{m0[i], m1[i]}, NonNegative, 0.95)) || !sameStat(p.Quality, percentCI([]float64{q0[i], q1[i]})) {
				t.Fatalf("%s point %d: %+v", p.Organisation, i, p)
			}
			// Capability: the samples' by tier. Decision shares: each
			// tier's share of the decisions since the sample before.
			p0, p1 := r0.Result.Samples[j-1], r1.Result.Samples[j-1]
			share := func(now, before model.Sample, k int) float64 {
				total := 0
				for tier := range model.NumTiers {
					total += now.Decided[tier] - before.Decided[tier]
				}
				if total == 0 {
					return math.NaN()
				}
				return float64(now.Decided[k]-before.Decided[k]) / float64(total)
			}
			var sum float64
			for k := range model.NumTiers {
				if c := MeanCIIn([]float64{s0.Capability[k], s1.Capability[k]}, Proportion, 0.95); !sameStat(p.Capability[k], c) {
					t.Fatalf("%s point %d tier %d: capability %+v, want %+v", p.Organisation, i, k, p.Capability[k], c)
				}
				if d := MeanCIIn([]float64{share(s0, p0, k), share(s1, p1, k)}, Proportion, 0.95); !sameStat(p.DecidedShare[k], d) {
					t.Fatalf("%s point %d tier %d: decided share %+v, want %+v", p.Organisation, i, k, p.DecidedShare[k], d)
				}
				sum += p.DecidedShare[k].Mean
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Fatalf("%s point %d: decided shares sum to %v", p.Organisation, i, sum)
			}
		}
		// The default hierarchy has every tier; the lattice's coaches are
		// under its circle. Teams resolve 70 % (hierarchy) and 85 %
		// (lattice) of issues; without learning their capability and the
		// middle's stay as they are, while the top's falls with the
		// leader's loss (a successor starts below the leader's knowledge).
		first, last := pts[0], pts[len(pts)-1]
		for k := range model.NumTiers {
			c0, c1 := first.Capability[k], last.Capability[k]
			moved := c0.Mean != c1.Mean
			if c0.N != 2 || c1.N != 2 || moved != (k == int(model.TierTop)) || (moved && !(c1.Mean < c0.Mean)) {
				t.Errorf("%s tier %d: capability %+v at the start, %+v at the end; want it defined, lower at the top and flat below",
					o.Organisations[org], k, c0, c1)
			}
		}
		if c, want := first.Capability[model.TierTeam].Mean, []float64{0.7, 0.85}[org]; math.Abs(c-want) > 0.02 {
			t.Errorf("%s: teams resolve %v of issues, want about %v", o.Organisations[org], c, want)
		}
	}
	// Units: the model's unit order, MeanCIIn over replications.
	units, err := model.Units(cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Units[0].Organisation != "hierarchy" || o.Units[len(units)-1].Unit != units[len(units)-1].ID ||
		o.Units[len(units)].Organisation != "lattice" {
		t.Errorf("unit rows are not in the model's order: %+v", o.Units[len(units)-1:len(units)+1])
	}
	for i, u := range units {
		row := o.Units[i]
		a, b := o.Runs[0].Result.Units[i], o.Runs[1].Result.Units[i]
		if row.Unit != u.ID || row.Role != a.Role.String() || row.Depth != a.Depth ||
			row.Utilisation != MeanCIIn([]float64{a.Utilisation, b.Utilisation}, Proportion, 0.95) ||
			row.PeakQueue != MeanCIIn([]float64{float64(a.PeakQueue), float64(b.PeakQueue)}, NonNegative, 0.95) ||
			row.Tier != a.Tier.String() ||
			row.Decided != MeanCIIn([]float64{float64(a.Decided), float64(b.Decided)}, NonNegative, 0.95) ||
			row.Escalated != MeanCIIn([]float64{float64(a.Escalated), float64(b.Escalated)}, NonNegative, 0.95) ||
			row.Advised != MeanCIIn([]float64{float64(a.Advised), float64(b.Advised)}, NonNegative, 0.95) {
			t.Errorf("unit row %d: %+v", i, row)
		}
	}
	// The hierarchy's root is the top, its managers the middle; every
	// escalation ends above a team, and the root decides some.
	tiers := map[string]string{}
	var root UnitRow
	for _, row := range o.Units[:len(units)] {
		tiers[row.Role] += row.Tier + " "
		if row.Role == "root" {
			root = row
		}
	}
	if tiers["root"] != "top " || tiers["manager"] != strings.Repeat("middle ", 7) || tiers["team"] != strings.Repeat("team ", 49) {
		t.Errorf("tiers by role: %q", tiers)
	}
	if !(root.Decided.Mean > 0) || !(root.Escalated.Mean >= root.Decided.Mean) {
		t.Errorf("root row %+v: want decisions, and at least as many escalations received", root)
	}
	// Latency: pooled nearest-rank quantiles of the measured issues.
	for org, name := range o.Organisations {
		var all []float64
		byClass := map[string][]float64{}
		for _, r := range o.Runs[org*2 : org*2+2] {
			for _, rc := range r.Result.Issues {
				if rc.Arrival >= cfg.WarmUp && rc.Arrival <= cfg.Horizon {
					all = append(all, rc.Latency)
					byClass[rc.Class.String()] = append(byClass[rc.Class.String()], rc.Latency)
				}
			}
		}
		byClass["all"] = all
		got := map[string][]LatencyRow{}
		var order []string
		for _, r := range o.Latency {
			if r.Organisation == name {
				if len(got[r.Class]) == 0 {
					order = append(order, r.Class)
				}
				got[r.Class] = append(got[r.Class], r)
			}
		}
		var wantOrder []string
		for _, c := range []string{"all", "local", "advice", "consulted", "escalated"} {
			if len(byClass[c]) >= minClassIssues {
				wantOrder = append(wantOrder, c)
			}
		}
		if !slices.Equal(order, wantOrder) {
			t.Errorf("%s latency classes %v, want %v", name, order, wantOrder)
		}
		for c, rows := range got {
			ps := latencyLevels()
			want := stats.Quantiles(byClass[c], ps...)
			if len(rows) != 101 || ps[0] != 0.01 || ps[49] != 0.5 || ps[98] != 0.99 || ps[100] != 0.999 {
				t.Fatalf("%s %s: %d levels", name, c, len(rows))
			}
			for i, r := range rows {
				if r.P != ps[i] || r.Latency != want[i] {
					t.Errorf("%s %s p%.2f = %v, want %v", name, c, r.P, r.Latency, want[i])
				}
			}
		}
	}
}

func TestPairedAgainstCopy(t *testing.T) {
	cfg := short(false)
	lat := model.DefaultLattice()
	twin := model.DefaultLattice()
	twin.Name = "lattice-copy"
	cfg.Organisations = []model.Organisation{lat, twin}
	o := mustRun(t, cfg, Options{Replications: 3, Only: -1})
	if len(o.Paired) != len(o.Metrics) {
		t.Fatalf("%d paired rows for %d metrics", len(o.Paired), len(o.Metrics))
	}
	for j, r := range o.Paired {
		if r.A != "lattice" || r.B != "lattice-copy" || r.Metric != o.Metrics[j].Name {
			t.Errorf("row %d compares %s of %s with %s", j, r.Metric, r.A, r.B)
		}
		if r.Compare != o.Metrics[j].Scale.Compare() {
			t.Errorf("%s: compared by %v, want %v for a %v metric", r.Metric, r.Compare, o.Metrics[j].Scale.Compare(), o.Metrics[j].Scale)
		}
		if r.N == 0 {
			continue // undefined in every replication (traffic without traffic)
		}
		want := 1.0 // a copy is the same, pair by pair
		if r.Compare == Difference {
			want = 0
		}
		if r.N != 3 || r.Mean != want || r.Low != want || r.High != want {
			t.Errorf("%s: %+v, want exactly %v with zero width over 3", r.Metric, r.Stat, want)
		}
	}
	for _, c := range []struct {
		metric string
		by     Compare
	}{{"latency_p95", Ratio}, {"throughput", Ratio}, {"util_max", Difference}, {"accuracy", Difference}, {"value_per_issue", Difference}, {"effort_root_hours", Difference}} {
		if r := o.Paired[metricIndex(t, o, c.metric)]; r.N != 3 || r.Compare != c.by {
			t.Errorf("%s: %v over %d replications, want a %v over 3", c.metric, r.Compare, r.N, c.by)
		}
	}
}

// Every value of every run lies in its metric's range: the scales the
// intervals are kept in are true of the model.
func TestValuesInTheirScale(t *testing.T) {
	o := leaderLoss(t)
	for _, r := range o.Runs {
		for j, m := range o.Metrics {
			v := r.Values[j]
			lo, hi := m.Scale.Bounds()
			if math.IsNaN(v) {
				continue
			}
			if v < lo || v > hi || m.Scale == Positive && v == 0 {
				t.Errorf("%s replication %d: %s = %v, outside its scale %v %s", r.Organisation, r.Replication, m.Name, v, m.Scale, m.Scale.Interval())
			}
		}
	}
	for _, s := range o.Summary {
		m := o.Metrics[metricIndex(t, o, s.Metric)]
		lo, hi := m.Scale.Bounds()
		if s.N == 0 {
			continue // undefined in every run: deadline accuracy without deadlines
		}
		if s.Low < lo || s.High > hi || !(s.Low <= s.Mean && s.Mean <= s.High) {
			t.Errorf("%s %s: %+v leaves %s or misses its mean", s.Organisation, s.Metric, s.Stat, m.Scale.Interval())
		}
	}
}

var perDisruption = regexp.MustCompile(`_d[0-9]+$`)

func TestNoDisruptions(t *testing.T) {
	o := mustRun(t, short(false), Options{Replications: 2, Only: -1})
	if len(o.Metrics) != 42 {
		t.Errorf("%d metrics without disruptions, want 42", len(o.Metrics))
	}
	for _, m := range o.Metrics {
		if perDisruption.MatchString(m.Name) {
			t.Errorf("metric %s without disruptions", m.Name)
		}
	}
	if len(o.Recovery) != 0 || o.Runs[0].Resilience != nil || len(o.Runs[0].Values) != 42 {
		t.Errorf("recovery %d rows, resilience %v, %d values", len(o.Recovery), o.Runs[0].Resilience, len(o.Runs[0].Values))
	}
	if len(o.Series) == 0 {
		t.Fatal("no series")
	}
	for _, p := range o.Series {
		if !math.IsNaN(p.Quality.Mean) || p.Quality.N != 0 || p.Backlog.N != 2 || math.IsNaN(p.P95.Mean) {
			t.Fatalf("point %+v: want a NaN quality, a backlog over 2 and a p95", p)
		}
	}
}

func TestErrors(t *testing.T) {
	cfg := short(false)
	cfg.MaxOpen = 30
	for _, w := range []int{1, 3} {
		_, err := Run("unstable", cfg, Options{Replications: 3, Only: -1, Workers: w})
		var ue *model.UnstableError
		if !errors.As(err, &ue) || ue.Organisation != "hierarchy" || !strings.HasPrefix(err.Error(), "replication 0: ") {
			t.Errorf("workers %d: %v, want the hierarchy's replication 0 unstable", w, err)
		}
	}
	if _, err := Run("none", short(false), Options{Only: -1}); err == nil {
		t.Error("no replications: no error")
	}
	bad := short(false)
	bad.Horizon = -1
	var ce *model.ConfigError
	if _, err := Run("bad", bad, Options{Replications: 1, Only: -1}); !errors.As(err, &ce) {
		t.Errorf("invalid Config: %v, want a *model.ConfigError", err)
	}
}
