package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/orgsim/orgsim/model/resilience"
)

// Resilience holds the resilience of one organisation to one disruption,
// measured against its paired undisturbed run (same seed, same issues).
type Resilience struct {
	Disruption      int            // index in Config.Disruptions
	Kind            DisruptionKind //
	At              float64        // when it struck, hours
	End             float64        // end of the window: the horizon ([Attribute]), or the next disruption ([Compare])
	Loss            float64        // resilience loss ∫(100 − Q) dt over [At, End], %·h
	Recovery        float64        // hours from At until Q stays ≥ threshold for the hold window
	Censored        bool           // not recovered by End: Recovery is End − At
	PeakDegradation float64        // max m/m0 over [At, End]
	MinQ            float64        // lowest Q over [At, End]
	ExcessDelay     float64        // Σ over paired issues arriving in [At, End) of the latency difference, issue-hours
	Paired          int            // issues in that sum
}

// Compare computes the resilience to each of cfg's disruptions of a
// disturbed run against its paired undisturbed run. The signal m(t) is the
// p95 latency of issues arriving in [t−w, t) on a grid of step w/4 (windows
// widened until the baseline holds Metrics.MinIssues issues); Q =
// 100·min(1, m0/m). Both runs must still hold their issues ([Result.Series]).
func Compare(cfg *Config, disturbed, baseline *Result) ([]Resilience, error) {
	if disturbed.arrival == nil || baseline.arrival == nil {
		return nil, fmt.Errorf("model: Compare needs the issues of both runs (dropped, or not made by a run)")
	}
	if len(cfg.Disruptions) == 0 {
		return nil, nil
	}
	m := &cfg.Metrics
	grid, s, s0, _ := Signal(cfg, disturbed, baseline)
	starts := make([]float64, len(cfg.Disruptions))
	for i, d := range cfg.Disruptions {
		starts[i] = d.At
	}
	sorted := slices.Clone(starts)
	slices.Sort(sorted)
	out := make([]Resilience, len(cfg.Disruptions))
	for i, d := range cfg.Disruptions {
		end := cfg.Horizon
		for _, t := range sorted {
			if t > d.At {
				end = t
				break
			}
		}
		a := resilience.Analyse(grid, s, s0, d.At, end, m.Threshold, m.Hold)
		ex, n, err := excess(disturbed, baseline, d.At, end)
		if err != nil {
			return nil, err
		}
		out[i] = Resilience{
			Disruption: i, Kind: d.Kind, At: d.At, End: end,
			Loss: a.Loss, Recovery: a.Recovery, Censored: a.Censored,
			PeakDegradation: a.PeakDegradation, MinQ: a.MinQ,
			ExcessDelay: ex, Paired: n,
		}
	}
	return out, nil
}

// Attribute computes the resilience to each of cfg's disruptions, each
// measured against a counterfactual that differs from it by that
// disruption alone. chain[k] is the run with the first k disruptions in the
// order they strike ([Config.Order], [Plan.RunThrough]): chain[0] is the
// undisturbed twin, chain[K] the full run. Disruption k (in that order) is
// measured in chain[k] against chain[k−1], on the same issues: its signal
// over [At, horizon] (no later disruption is in either run, so its recovery
// is censored only at the horizon), and its excess delay over every paired
// issue. The excess delays therefore add up exactly to the full run's
// excess over its twin, and an interaction of two disruptions is charged to
// the later one. The result is in the order of cfg.Disruptions. Every run
// must still hold its issues ([Result.Series]).
func Attribute(cfg *Config, chain []*Result) ([]Resilience, error) {
	if len(chain) != len(cfg.Disruptions)+1 {
		return nil, fmt.Errorf("model: Attribute needs %d runs (none, then each disruption added in order), got %d", len(cfg.Disruptions)+1, len(chain))
	}
	for k, r := range chain {
		if r == nil || r.arrival == nil {
			return nil, fmt.Errorf("model: Attribute needs the issues of every run; run %d has none", k)
		}
		if r.Through != k {
			return nil, fmt.Errorf("model: run %d of the chain has %d disruptions, want %d", k, r.Through, k)
		}
	}
	out := make([]Resilience, len(cfg.Disruptions))
	for k, i := range cfg.Order() {
		r, err := AttributeStep(cfg, k+1, chain[k], chain[k+1])
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// AttributeStep is one step of [Attribute]: the resilience to the k-th
// disruption to strike (k = 1 … K, [Config.Order]) of the run with the first
// k disruptions (treated) against the run with the first k − 1 (counter).
// A caller that runs the chain one step at a time needs only these two
// runs, not the whole chain, at once.
func AttributeStep(cfg *Config, k int, counter, treated *Result) (Resilience, error) {
	return attributeStep(cfg, k, counter, treated, func() SignalSeries { return signalSeries(cfg, treated, counter) })
}

// attributeStep is [AttributeStep] with the signal of treated against
// counter from sig.
func attributeStep(cfg *Config, k int, counter, treated *Result, sig func() SignalSeries) (Resilience, error) {
	if k < 1 || k > len(cfg.Disruptions) {
		return Resilience{}, fmt.Errorf("model: AttributeStep: disruption %d of %d", k, len(cfg.Disruptions))
	}
	if counter.arrival == nil || treated.arrival == nil {
		return Resilience{}, fmt.Errorf("model: AttributeStep needs the issues of both runs")
	}
	if counter.Through != k-1 || treated.Through != k {
		return Resilience{}, fmt.Errorf("model: AttributeStep %d: runs with %d and %d disruptions, want %d and %d", k, counter.Through, treated.Through, k-1, k)
	}
	i := cfg.Order()[k-1]
	d := cfg.Disruptions[i]
	m := &cfg.Metrics
	sg := sig()
	end := cfg.Horizon
	a := resilience.Analyse(sg.Grid, sg.M, sg.M0, d.At, end, m.Threshold, m.Hold)
	ex, n, err := excess(treated, counter, math.Inf(-1), math.Inf(1))
	if err != nil {
		return Resilience{}, err
	}
	return Resilience{
		Disruption: i, Kind: d.Kind, At: d.At, End: end,
		Loss: a.Loss, Recovery: a.Recovery, Censored: a.Censored,
		PeakDegradation: a.PeakDegradation, MinQ: a.MinQ,
		ExcessDelay: ex, Paired: n,
	}, nil
}

// SignalSeries is a run's resilience signal against a baseline on the
// metrics grid, as [Signal] returns it.
type SignalSeries struct {
	Grid []float64 // grid times, hours
	M    []float64 // m(t): p95 latency of the run's issues arriving in the window ending at t
	M0   []float64 // m0(t): the same for the baseline
	Q    []float64 // Q(t) = 100·min(1, m0/m)
}

func signalSeries(cfg *Config, run, baseline *Result) SignalSeries {
	var s SignalSeries
	s.Grid, s.M, s.M0, s.Q = Signal(cfg, run, baseline)
	return s
}

// ChainSignals computes the resilience signals among the runs of one
// chain — one organisation and replication of a [Plan], with 0 … K of its
// disruptions ([Plan.RunThrough]), told apart by Result.Through — so that
// each baseline's windows and each run's p95 series on each distinct set
// of windows are computed once, however many comparisons use them (the
// runs with the first k disruptions share their windows with the twin
// unless a surge adds issues to them). It keeps those series, not the
// runs. Its results share slices: do not modify them. A ChainSignals is
// used by one goroutine at a time.
type ChainSignals struct {
	cfg   *Config
	org   string
	rep   uint64
	wins  [][]resilience.Window // distinct sets of windows
	grids [][]float64           // the grid of each
	winOf map[int]int           // a baseline's Through → its set of windows
	p95   map[[2]int][]float64  // (a run's Through, set of windows) → m
}

// NewChainSignals returns an empty ChainSignals for the runs of cfg.
func NewChainSignals(cfg *Config) *ChainSignals {
	return &ChainSignals{cfg: cfg, winOf: map[int]int{}, p95: map[[2]int][]float64{}}
}

// Signal is [Signal] of run against baseline, both runs of the chain.
// It panics if they belong to another chain than the runs it saw before.
func (c *ChainSignals) Signal(run, baseline *Result) SignalSeries {
	if baseline == nil {
		baseline = run
	}
	for _, r := range []*Result{run, baseline} {
		if len(c.winOf) == 0 && len(c.p95) == 0 {
			c.org, c.rep = r.Organisation, r.Replication
		}
		if r.Organisation != c.org || r.Replication != c.rep {
			panic(fmt.Sprintf("model: ChainSignals of %q replication %d given a run of %q replication %d", c.org, c.rep, r.Organisation, r.Replication))
		}
	}
	w, ok := c.winOf[baseline.Through]
	if !ok {
		mc := &c.cfg.Metrics
		grid, win := resilience.Windows(baseline.arrival, 0, c.cfg.Horizon, mc.Window, mc.MinIssues)
		w = slices.IndexFunc(c.wins, func(x []resilience.Window) bool { return slices.Equal(x, win) })
		if w < 0 {
			w = len(c.wins)
			c.wins, c.grids = append(c.wins, win), append(c.grids, grid)
		}
		c.winOf[baseline.Through] = w
	}
	s := SignalSeries{Grid: c.grids[w], M0: c.series(baseline, w), M: c.series(run, w)}
	s.Q = make([]float64, len(s.Grid))
	for i := range s.Q {
		s.Q[i] = resilience.Quality(s.M[i], s.M0[i])
	}
	return s
}

// series returns run's p95 series on the windows w.
func (c *ChainSignals) series(run *Result, w int) []float64 {
	k := [2]int{run.Through, w}
	m, ok := c.p95[k]
	if !ok {
		m = resilience.WindowP95(run.arrival, run.latency, c.wins[w])
		c.p95[k] = m
	}
	return m
}

// AttributeStep is [AttributeStep] with its signal from c.
func (c *ChainSignals) AttributeStep(k int, counter, treated *Result) (Resilience, error) {
	return attributeStep(c.cfg, k, counter, treated, func() SignalSeries { return c.Signal(treated, counter) })
}

// Signal returns the resilience signal of a run on the metrics grid: the
// grid times, the p95 latency m(t) of the run's issues arriving in the
// window ending at each time, the same for the paired baseline run m0(t),
// and the quality Q(t) = 100·min(1, m0/m). The windows are widened until
// the baseline holds Metrics.MinIssues issues. With baseline nil the run is
// its own baseline (Q ≡ 100). Both runs must still hold their issues
// ([Result.Series]).
func Signal(cfg *Config, run, baseline *Result) (grid, m, m0, q []float64) {
	if baseline == nil {
		baseline = run
	}
	arr0, lat0 := baseline.arrival, baseline.latency
	arr, lat := run.arrival, run.latency
	mc := &cfg.Metrics
	grid, win := resilience.Windows(arr0, 0, cfg.Horizon, mc.Window, mc.MinIssues)
	m0 = resilience.WindowP95(arr0, lat0, win)
	m = resilience.WindowP95(arr, lat, win)
	q = make([]float64, len(grid))
	for i := range q {
		q[i] = resilience.Quality(m[i], m0[i])
	}
	return grid, m, m0, q
}

// excess sums the latency difference over issues present in both runs
// (surge arrivals have no pair) that arrived in [from, to). Paired issues
// arrive at the same time in both runs (their arrivals come from the same
// keyed streams), which checks the pairing.
func excess(a, b *Result, from, to float64) (float64, int, error) {
	i, j := 0, 0
	var sum float64
	n := 0
	na, nb := len(a.arrival), len(b.arrival)
	for {
		for i < na && a.flags[i]&flagSurge != 0 {
			i++
		}
		for j < nb && b.flags[j]&flagSurge != 0 {
			j++
		}
		if i == na || j == nb {
			break
		}
		t := a.arrival[i]
		if t != b.arrival[j] {
			return 0, 0, fmt.Errorf("model: runs are not paired: an issue arrived at %v h in one and %v h in the other", t, b.arrival[j])
		}
		if t >= from && t < to {
			sum += a.latency[i] - b.latency[j]
			n++
		}
		i++
		j++
	}
	if math.IsNaN(sum) {
		return 0, 0, fmt.Errorf("model: excess delay is NaN")
	}
	return sum, n, nil
}
