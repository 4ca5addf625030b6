package model_test

// Which structure wins is decided by the parameters, not built in. These
// tests take like-for-like organisations — the same teams with the same
// knowledge, decision times, time shares and channels — that differ only in
// structure: a hierarchy whose teams escalate what they do not know to one
// root, and a lattice whose teams ask two peers instead. A closed-form
// prediction (below) places each parameter set on one side of the boundary
// between the root's load and the fork–join cost of advice; the parameters
// were fixed from the prediction before any run. Each test then requires
// the simulated paired log-ratio of p95 latency to have the predicted sign
// and at least the stated minimum effect, with enough replications that
// the 95 % interval's half-width is under a third of that effect.

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/internal/queueing"
	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// duel is one like-for-like parameter set: n teams on a ring, each fed at
// lambda, deciding in Exp(st) hands-on hours at full time share, resolving
// the share 1 − q of issues (difficulty Exp(1)); hops take d hours. The
// hierarchy's root decides in Exp(sr) hours and knows everything; the
// lattice asks its two nearest peers and decides at the origin.
type duel struct {
	n              int
	lambda, st, sr float64
	q, d           float64
}

func (p duel) config(horizon float64) model.Config {
	cfg := qConfig(p.n, 4, p.lambda, horizon, 2000)
	team := qUnit(0, model.Exp(p.st), -math.Log(p.q))
	root := qUnit(1, model.Exp(p.sr), qInf)
	rt := qRouting(model.Det(p.d))
	h := model.Organisation{Name: "hierarchy", Structure: model.Hierarchy, Levels: 1, Span: []int{p.n},
		Team: team, Manager: root, Coach: root, Root: root, Routing: rt}
	lrt := rt
	lrt.Advice, lrt.AdviceTimeout = 2, 10000
	l := model.Organisation{Name: "lattice", Structure: model.Lattice, PeerLinks: 2, TeamsPerCoach: 0,
		Team: team, Manager: root, Coach: root, Root: root, Routing: lrt}
	cfg.Organisations = []model.Organisation{h, l}
	return cfg
}

// predictP95 returns the predicted p95 latency of each structure, teams
// working at the share capacity of their rate. Hierarchy: every team is an
// M/M/1 queue, and the share q of issues then take a hop, an M/M/1 sojourn
// at the root (fed at n·q·λ) and a hop back. Lattice: a team is an M/M/1
// queue fed at λ(1 + 2q) (its own issues and two requests for each advised
// issue of its peers); an advised issue adds a hop, the longer of two
// independent peer sojourns and a hop back. The max of two Exp(c) is
// Exp(2c) + Exp(c), so every path is a shifted hypoexponential and the p95
// solves the mixture CDF = 0.95.
func (p duel) predictP95(q, capacity float64) (hier, latt float64) {
	mt := capacity / p.st
	a := mt - p.lambda
	b := 1/p.sr - float64(p.n)*q*p.lambda
	a2 := mt - p.lambda*(1+2*q)
	if a <= 0 || b <= 0 || a2 <= 0 {
		return math.Inf(1), math.Inf(1)
	}
	mix := func(local, esc []float64, shift float64) float64 {
		f := func(x float64) float64 {
			return (1-q)*queueing.HypoexpCDF(local, x) + q*queueing.HypoexpCDF(esc, x-shift)
		}
		lo, hi := 0.0, 1.0
		for f(hi) < 0.95 {
			hi *= 2
		}
		for range 100 {
			mid := (lo + hi) / 2
			if f(mid) < 0.95 {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi
	}
	hier = mix([]float64{a}, []float64{a, b}, 2*p.d)
	latt = mix([]float64{a2}, []float64{a2, 2 * a2, a2}, 2*p.d)
	return hier, latt
}

// pairedLogRatio runs both organisations for replications 1 … reps and
// returns each replication's log(p95 hierarchy ÷ p95 lattice): the two see
// the same issues, so the ratio is paired.
func pairedLogRatio(t *testing.T, cfg *model.Config, reps int) (x []float64) {
	t.Helper()
	res := make([][2]*model.Result, reps)
	errs := make([]error, reps)
	qParallel(reps, func(i int) {
		for o := 0; o < 2; o++ {
			if res[i][o], errs[i] = model.Run(cfg, o, uint64(i+1), false); errs[i] != nil {
				return
			}
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replication %d: %v", i+1, err)
		}
		x = append(x, math.Log(res[i][0].Latency.P95/res[i][1].Latency.P95))
	}
	return x
}

func halfWidth(x []float64) (mean, hw float64) {
	m, se := stats.MeanSE(x)
	return m, 2.1 * se // t(0.975, df ≥ 15) ≤ 2.13
}

// TestEitherStructureCanWinOnLatency: two parameter sets on either side of
// the boundary. In the first the root is fast and little loaded while the
// teams are busy, so the two requests each advised issue adds make the
// lattice's teams slow (predicted p95: hierarchy ≈ 0.5× the lattice's); in
// the second the teams are light and the root near capacity (predicted:
// hierarchy ≈ 3× the lattice's). Minimum effect: a factor of 1.35 (|log
// ratio| ≥ 0.3).
func TestEitherStructureCanWinOnLatency(t *testing.T) {
	const minEffect = 0.3
	reps := int(qScale(16, 16))
	for _, c := range []struct {
		name string
		p    duel
		sign float64 // −1: the hierarchy is faster
	}{
		{"hierarchy wins", duel{n: 16, lambda: 0.2, st: 3, sr: 0.5, q: 0.2, d: 0.5}, -1},
		{"lattice wins", duel{n: 16, lambda: 0.2, st: 1, sr: 1.1, q: 0.25, d: 0.5}, +1},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, l := c.p.predictP95(c.p.q, 1)
			pred := math.Log(h / l)
			t.Logf("predicted p95: hierarchy %.1f h, lattice %.1f h (log ratio %+.2f)", h, l, pred)
			if !(pred*c.sign >= 2*minEffect) {
				t.Fatalf("the parameters no longer sit clearly on their side of the boundary (predicted log ratio %+.2f)", pred)
			}
			cfg := c.p.config(10000)
			m, hw := halfWidth(pairedLogRatio(t, &cfg, reps))
			t.Logf("simulated paired log ratio %+.3f ± %.3f", m, hw)
			if !(m*c.sign >= minEffect) {
				t.Errorf("paired log ratio %+.3f, want %s%.2f or beyond", m, map[bool]string{true: "≤ −", false: "≥ "}[c.sign < 0], minEffect)
			}
			if !(hw < minEffect/3) {
				t.Errorf("half-width %.3f is not under a third of the minimum effect %.2f: add replications", hw, minEffect)
			}
		})
	}
}

// TestEitherStructureCanLoseLessToTurnover: team members leave at 4 a year
// and are replaced after 4 weeks (a share rv/(1+rv) ≈ 0.24 of members
// missing), taking their know-how with them (tacit 1): teams have about
// 0.76 of their capacity and knowledge, so a larger share of issues goes
// beyond them (the prediction takes the mean share missing). In the first set (Carley 1992's finding) the hierarchy's
// root has room for the extra escalations while the lattice's busy teams
// must answer more requests: the hierarchy loses less. In the mirror set
// the root is near capacity and the teams light: the lattice loses less.
// The loss is the paired log-ratio of p95 latency with and without the
// turnover; the test compares the two structures' losses (minimum effect
// 0.3, as above).
func TestEitherStructureCanLoseLessToTurnover(t *testing.T) {
	const minEffect = 0.3
	const rate, vacancy = 4 / sim.Year, 4 * sim.Week
	missing := rate * vacancy / (1 + rate*vacancy)
	reps := int(qScale(32, 32))
	for _, c := range []struct {
		name string
		p    duel
		sign float64 // −1: the hierarchy loses less
	}{
		{"hierarchy loses less", duel{n: 16, lambda: 0.2, st: 2.5, sr: 0.3, q: 0.1, d: 0.5}, -1},
		{"lattice loses less", duel{n: 16, lambda: 0.2, st: 0.5, sr: 0.8, q: 0.25, d: 0.5}, +1},
	} {
		t.Run(c.name, func(t *testing.T) {
			q2 := math.Exp(math.Log(c.p.q) * (1 - missing))
			h0, l0 := c.p.predictP95(c.p.q, 1)
			h1, l1 := c.p.predictP95(q2, 1-missing)
			pred := math.Log(h1/h0) - math.Log(l1/l0)
			t.Logf("predicted p95 without / with turnover: hierarchy %.1f / %.1f h, lattice %.1f / %.1f h (loss difference %+.2f)", h0, h1, l0, l1, pred)
			if !(pred*c.sign >= 2*minEffect) {
				t.Fatalf("the parameters no longer sit clearly on their side (predicted %+.2f)", pred)
			}
			cfg := c.p.config(20000)
			cfg.Organisations[0].Tacit, cfg.Organisations[1].Tacit = 1, 1
			base := pairedLogRatio(t, &cfg, reps)
			cfg.Disruptions = []model.Disruption{{Kind: model.Attrition, At: 2000, Rate: rate, Vacancy: vacancy, RampStart: 1}}
			hit := pairedLogRatio(t, &cfg, reps)
			// (log h1 − log l1) − (log h0 − log l0) = loss(h) − loss(l).
			diff := make([]float64, reps)
			for i := range diff {
				diff[i] = hit[i] - base[i]
			}
			m, hw := halfWidth(diff)
			t.Logf("simulated loss difference %+.3f ± %.3f", m, hw)
			if !(m*c.sign >= minEffect) {
				t.Errorf("loss difference %+.3f, want the predicted side beyond %.2f", m, minEffect)
			}
			if !(hw < minEffect/3) {
				t.Errorf("half-width %.3f is not under a third of the minimum effect %.2f: add replications", hw, minEffect)
			}
		})
	}
}
