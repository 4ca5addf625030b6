package experiment

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
)

// Options says how many replications [Run] makes and how.
type Options struct {
	// Replications is the number of replications, numbered 0 … n−1; at
	// least 1 unless Only picks one.
	Replications int
	// Only, when ≥ 0, runs replication Only alone (it reproduces that
	// replication's rows of a full run exactly); −1 (any negative value)
	// runs them all.
	Only int
	// Workers is the number of goroutines running units of work
	// (organisation × replication); 0 means runtime.GOMAXPROCS(0).
	Workers int
	// Progress, when set, is called after each finished unit with the
	// number done and the total; calls never overlap.
	Progress func(done, total int)
	// KeepIssues keeps every issue's record in Outcome.Runs[i].Result
	// (for traces); otherwise they are dropped once a unit is analysed.
	KeepIssues bool
	// MaxMemory is the memory limit in bytes: Run refuses, before it
	// allocates anything, an experiment whose [EstimateRun] exceeds it.
	// 0 means [DefaultMaxMemory]; a negative value means no limit.
	MaxMemory int64
}

// minClassIssues is the fewest pooled issues of a class for which
// [Outcome].Latency reports that class's quantiles.
const minClassIssues = 20

// latencyLevels returns the probability levels of [Outcome].Latency:
// 0.01, 0.02, …, 0.99 (step 0.01), 0.995 and 0.999.
func latencyLevels() []float64 {
	var ps []float64
	for k := 1; k <= 99; k++ {
		ps = append(ps, float64(k)/100)
	}
	return append(ps, 0.995, 0.999)
}

// Run runs the scenario cfg, named name, for the replications of opt and
// returns every run's metrics and the statistics over replications, in
// canonical order (organisation, then replication) whatever the number of
// workers. cfg is validated ([model.NewPlan]) and never modified; the
// Outcome holds a copy. A run that fails, such as one stopped by a
// [model.UnstableError], aborts the experiment: Run returns the error of
// the first failing unit in canonical order, wrapped with its replication.
// A panic inside a unit (a bug) is returned as a *[PanicError].
//
// Before anything is allocated, the experiment's [EstimateRun] is checked
// against opt.MaxMemory: an experiment that would not fit is refused with
// a *[LimitError].
func Run(name string, cfg *model.Config, opt Options) (*Outcome, error) {
	if cfg == nil {
		return nil, errors.New("experiment: no Config")
	}
	if opt.Only < 0 && opt.Replications < 1 {
		return nil, fmt.Errorf("experiment: %d replications (need at least 1)", opt.Replications)
	}
	if err := EstimateRun(cfg, opt).Check(opt.MaxMemory); err != nil {
		return nil, err
	}
	var reps []uint64
	switch {
	case opt.Only >= 0:
		reps = []uint64{uint64(opt.Only)}
	default:
		for r := range opt.Replications {
			reps = append(reps, uint64(r))
		}
	}
	kept := cloneConfig(cfg)
	run := *kept // every run keeps its issues' series for resilience and latency; the full records only for a trace
	run.Metrics.KeepIssues = opt.KeepIssues
	plan, err := model.NewPlan(&run)
	if err != nil {
		return nil, err
	}
	x := &experiment{
		cfg: &run, plan: plan, keep: opt.KeepIssues,
		nrep: len(reps), pools: make([]latencyPool, len(run.Organisations)),
	}
	units, err := x.runAll(reps, opt)
	if err != nil {
		return nil, err
	}
	out := &Outcome{
		Scenario: name, Config: kept, Replications: len(reps),
		Metrics: Metrics(len(run.Disruptions)),
	}
	for _, o := range run.Organisations {
		out.Organisations = append(out.Organisations, o.Name)
	}
	for _, u := range units {
		out.Runs = append(out.Runs, u.run)
	}
	x.assemble(out, units)
	return out, nil
}

// experiment is the shared state of one call of [Run].
type experiment struct {
	cfg   *model.Config // the runs' Config (issues kept)
	plan  *model.Plan
	keep  bool // keep the issues in the Outcome
	nrep  int
	pools []latencyPool // per organisation
}

// unit is what one organisation in one replication leaves for assembly.
type unit struct {
	run        RunRow
	grid       []float64                 // the resilience signal's grid
	backlog    []float64                 // backlog at each grid time
	p95        []float64                 // m(t)
	quality    []float64                 // Q(t) against the twin; nil without disruptions
	capability [model.NumTiers][]float64 // per tier, the mean share of issues resolved at each grid time
	decided    [model.NumTiers][]float64 // per tier, its share of the decisions of each grid step
	unitValues []model.UnitResult
}

// latencyPool gathers one organisation's latencies of measured issues over
// every replication, by class. Units append in whatever order they finish:
// quantiles are order statistics, so the order does not change them.
type latencyPool struct {
	mu      sync.Mutex
	byClass [model.NumClasses][]float64
}

// runAll runs every unit of work, in parallel, and returns them in
// canonical order (organisation-major, then replication).
func (x *experiment) runAll(reps []uint64, opt Options) ([]*unit, error) {
	norg := len(x.cfg.Organisations)
	total := norg * len(reps)
	units := make([]*unit, total)
	errs := make([]error, total)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, total))
	var (
		next   atomic.Int64
		failAt atomic.Int64 // lowest failing unit index so far
		mu     sync.Mutex   // serialises Progress
		done   int
		wg     sync.WaitGroup
	)
	failAt.Store(int64(total))
	work := func() {
		defer wg.Done()
		for {
			i := int(next.Add(1) - 1)
			if i >= total {
				return
			}
			if int64(i) > failAt.Load() {
				continue // a unit before it failed: its result is not needed
			}
			org, rep := i/len(reps), reps[i%len(reps)]
			u, err := x.safeUnit(org, rep)
			if err != nil {
				var pe *PanicError
				if !errors.As(err, &pe) {
					err = fmt.Errorf("replication %d: %w", rep, err)
				}
				errs[i] = err
				for {
					f := failAt.Load()
					if int64(i) >= f || failAt.CompareAndSwap(f, int64(i)) {
						break
					}
				}
				continue
			}
			units[i] = u
			mu.Lock()
			done++
			if opt.Progress != nil {
				opt.Progress(done, total)
			}
			mu.Unlock()
		}
	}
	wg.Add(workers)
	for range workers {
		go work()
	}
	wg.Wait()
	if f := int(failAt.Load()); f < total {
		return nil, errs[f]
	}
	return units, nil
}

// unitHook, when set (by tests), is called at the start of every unit of
// [Run]; a panic in it stands for a bug in the model.
var unitHook func(org int, rep uint64)

// safeUnit is unit with a panic turned into a *PanicError naming the unit.
func (x *experiment) safeUnit(org int, rep uint64) (u *unit, err error) {
	defer func() {
		if r := recover(); r != nil {
			u, err = nil, &PanicError{Value: r, Stack: debug.Stack(),
				Where: fmt.Sprintf("organisation %q, replication %d", x.cfg.Organisations[org].Name, rep)}
		}
	}()
	if unitHook != nil {
		unitHook(org, rep)
	}
	return x.unit(org, rep)
}

// PanicError is a panic caught inside a unit of work: a bug in orgsim, not
// a problem of the input.
type PanicError struct {
	Value any    // what was passed to panic
	Where string // the unit, e.g. `organisation "hierarchy", replication 3`
	Stack []byte // the goroutine's stack where it was caught
}

// Error says what panicked and where.
func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error in %s: panic: %v", e.Where, e.Value)
}

// unit runs organisation org in replication rep, with its undisturbed twin
// when the scenario has disruptions, and extracts what the Outcome needs.
func (x *experiment) unit(org int, rep uint64) (*unit, error) {
	cfg := x.cfg
	res, twin, rs, sigs, err := runChainSignals(x.plan, org, rep)
	if err != nil {
		return nil, err
	}
	sig := sigs.Signal(res, twin) // from the series the chain computed
	grid, m, q := sig.Grid, sig.M, sig.Q
	if twin == nil {
		q = nil // a run against itself says nothing about quality
	}
	u := &unit{
		run: RunRow{
			Organisation: cfg.Organisations[org].Name, Org: org,
			Replication: int(rep), Seed: cfg.Seed,
			Values: values(res, rs), Result: res, Resilience: rs,
		},
		grid: grid, p95: m, quality: q,
		unitValues: res.Units,
	}
	u.onGrid(res.Samples, cfg.Metrics.Window/4)
	x.pools[org].add(res, cfg.WarmUp, cfg.Horizon)
	if !x.keep {
		res.DropIssues()
	}
	return u, nil
}

// add appends the latencies of res's issues arriving in [from, to].
func (p *latencyPool) add(res *model.Result, from, to float64) {
	arr, lat, class := res.Series()
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, t := range arr {
		if c := class[i]; t >= from && t <= to && int(c) < len(p.byClass) {
			p.byClass[c] = append(p.byClass[c], lat[i])
		}
	}
}

// sampleAt returns, for each grid time T, the index of the last sample at
// or before T (tol absorbs rounding of the sample times); −1 before the
// first sample.
func sampleAt(samples []model.Sample, grid []float64, tol float64) []int {
	out := make([]int, len(grid))
	j := 0
	for i, t := range grid {
		for j < len(samples) && samples[j].T <= t+tol {
			j++
		}
		out[i] = j - 1
	}
	return out
}

// onGrid fills u's backlog, capability and decision shares on its grid
// from a run's samples, taken every step hours: the backlog and capability
// of the last sample at or before each grid time T (NaN before the first),
// and each tier's share of the decisions made between the samples at or
// before T − step and T (NaN without a decision between them).
func (u *unit) onGrid(samples []model.Sample, step float64) {
	tol := 1e-9 * step
	n := len(u.grid)
	at := sampleAt(samples, u.grid, tol)
	prev := make([]float64, n)
	for i, t := range u.grid {
		prev[i] = t - step
	}
	before := sampleAt(samples, prev, tol)
	u.backlog = make([]float64, n)
	for k := range model.NumTiers {
		u.capability[k] = make([]float64, n)
		u.decided[k] = make([]float64, n)
	}
	nan := math.NaN()
	for i, j := range at {
		if j < 0 {
			u.backlog[i] = nan
			for k := range model.NumTiers {
				u.capability[k][i], u.decided[k][i] = nan, nan
			}
			continue
		}
		s := &samples[j]
		u.backlog[i] = float64(s.Backlog)
		var d [model.NumTiers]int
		total := 0
		for k := range model.NumTiers {
			u.capability[k][i] = s.Capability[k]
			d[k] = s.Decided[k]
			if b := before[i]; b >= 0 {
				d[k] -= samples[b].Decided[k]
			}
			total += d[k]
		}
		for k := range model.NumTiers {
			u.decided[k][i] = nan
			if total > 0 {
				u.decided[k][i] = float64(d[k]) / float64(total)
			}
		}
	}
}

// assemble computes every statistic of out from the units, in canonical
// order.
func (x *experiment) assemble(out *Outcome, units []*unit) {
	cfg := x.cfg
	norg, nrep := len(cfg.Organisations), x.nrep
	of := func(org int) []*unit { return units[org*nrep : (org+1)*nrep] }
	col := func(org, metric int) []float64 {
		v := make([]float64, nrep)
		for k, u := range of(org) {
			v[k] = u.run.Values[metric]
		}
		return v
	}
	for org := range norg {
		for j, m := range out.Metrics {
			out.Summary = append(out.Summary, SummaryRow{
				Organisation: out.Organisations[org], Metric: m.Name, Stat: MeanCIIn(col(org, j), m.Scale, level),
			})
		}
	}
	for b := 1; b < norg; b++ {
		for j, m := range out.Metrics {
			c := m.Scale.Compare()
			out.Paired = append(out.Paired, PairedRow{
				Metric: m.Name, A: out.Organisations[0], B: out.Organisations[b], Compare: c,
				Stat: Paired(col(0, j), col(b, j), c, level),
			})
		}
	}
	for org := range norg {
		for d, dis := range cfg.Disruptions {
			times := make([]float64, nrep)
			cens := make([]bool, nrep)
			var nc int
			for k, u := range of(org) {
				r := u.run.Resilience[d]
				times[k], cens[k] = r.Recovery, r.Censored
				if r.Censored {
					nc++
				}
			}
			out.Recovery = append(out.Recovery, RecoveryRow{
				Organisation: out.Organisations[org], Disruption: d,
				Kind: dis.Kind.String(), At: dis.At,
				Censored: float64(nc) / float64(nrep),
				KMMedian: KaplanMeierMedian(times, cens), Mean: MeanCIIn(times, NonNegative, level),
			})
		}
	}
	// The series are the largest part of an outcome (a point per grid
	// step): made in place, not copied.
	n := 0
	for org := range norg {
		n += len(of(org)[0].grid)
	}
	out.Series = slices.Grow(out.Series, n)
	for org := range norg {
		out.Series = appendSeries(out.Series, out.Organisations[org], of(org))
	}
	for org := range norg {
		out.Units = append(out.Units, unitRows(out.Organisations[org], of(org))...)
	}
	for org := range norg {
		out.Latency = append(out.Latency, x.pools[org].rows(out.Organisations[org])...)
		x.pools[org] = latencyPool{}
	}
}

// appendSeries appends to dst one organisation's time series over its
// replications on the grid of its first replication (the grid depends
// only on the Config) and returns it.
func appendSeries(dst []SeriesPoint, name string, us []*unit) []SeriesPoint {
	grid := us[0].grid
	nrep := len(us)
	dst = slices.Grow(dst, len(grid))
	pts := dst[len(dst) : len(dst)+len(grid)]
	b, m, q := make([]float64, nrep), make([]float64, nrep), make([]float64, nrep)
	c, d := make([]float64, nrep), make([]float64, nrep)
	at := func(s []float64, i int) float64 {
		if i < len(s) {
			return s[i]
		}
		return math.NaN()
	}
	for i, t := range grid {
		for k, u := range us {
			b[k], m[k], q[k] = at(u.backlog, i), at(u.p95, i), at(u.quality, i)
		}
		pts[i] = SeriesPoint{Organisation: name, T: t,
			Backlog: MeanCIIn(b, NonNegative, level), P95: MeanCIIn(m, NonNegative, level), Quality: percentCI(q)}
		for tier := range model.NumTiers {
			for k, u := range us {
				c[k], d[k] = at(u.capability[tier], i), at(u.decided[tier], i)
			}
			pts[i].Capability[tier], pts[i].DecidedShare[tier] = MeanCIIn(c, Proportion, level), MeanCIIn(d, Proportion, level)
		}
	}
	return dst[:len(dst)+len(grid)]
}

// percentCI is [MeanCIIn] of percentages, in [0, 100]: the interval of the
// shares x/100 on the logit scale, times 100, around the mean of x.
func percentCI(x []float64) Stat {
	share := make([]float64, len(x))
	for i, v := range x {
		share[i] = v / 100
	}
	st := MeanCIIn(share, Proportion, level)
	plain := MeanCI(x)
	st.Mean, st.Low, st.High = plain.Mean, math.Min(100*st.Low, plain.Mean), math.Max(100*st.High, plain.Mean)
	return st
}

// unitRows returns one organisation's units, in the model's unit order,
// over its replications.
func unitRows(name string, us []*unit) []UnitRow {
	first := us[0].unitValues
	rows := make([]UnitRow, len(first))
	col := func() []float64 { return make([]float64, len(us)) }
	util, queue, peak, dec, esc, adv := col(), col(), col(), col(), col(), col()
	for i, ur := range first {
		for k, u := range us {
			v := u.unitValues[i]
			util[k], queue[k], peak[k] = v.Utilisation, v.MeanQueue, float64(v.PeakQueue)
			dec[k], esc[k], adv[k] = float64(v.Decided), float64(v.Escalated), float64(v.Advised)
		}
		rows[i] = UnitRow{
			Organisation: name, Unit: ur.ID, Role: ur.Role.String(), Depth: ur.Depth, Tier: ur.Tier.String(),
			Utilisation: MeanCIIn(util, Proportion, level), MeanQueue: MeanCIIn(queue, NonNegative, level),
			PeakQueue: MeanCIIn(peak, NonNegative, level), Decided: MeanCIIn(dec, NonNegative, level),
			Escalated: MeanCIIn(esc, NonNegative, level), Advised: MeanCIIn(adv, NonNegative, level),
		}
	}
	return rows
}

// rows returns the pooled latency quantiles: class "all", then each class
// with at least minClassIssues issues. It sorts each class of the pool in
// place and merges them into the sorted pool of all classes, which costs
// one pass instead of another sort.
func (p *latencyPool) rows(name string) []LatencyRow {
	ps := latencyLevels()
	var out []LatencyRow
	// Each level is one order statistic (nearest rank), so the levels are
	// selected, not sorted for: a class's values are reordered in place,
	// and all classes together are selected from one copy.
	emit := func(class string, x []float64) {
		if len(x) == 0 {
			return
		}
		ranks := make([]int, len(ps))
		for i, q := range ps {
			ranks[i] = stats.Rank(len(x), q)
		}
		for i, v := range stats.SelectRanks(x, ranks) {
			out = append(out, LatencyRow{Organisation: name, P: ps[i], Latency: v, Class: class})
		}
	}
	n := 0
	for _, c := range p.byClass {
		n += len(c)
	}
	all := make([]float64, 0, n)
	for _, c := range p.byClass {
		all = append(all, c...)
	}
	emit("all", all)
	for c, x := range p.byClass {
		if len(x) >= minClassIssues {
			emit(model.Class(c).String(), x)
		}
	}
	return out
}

// cloneConfig returns a copy of c that shares no slice or pointer with it.
func cloneConfig(c *model.Config) *model.Config {
	k := *c
	k.Disruptions = slices.Clone(c.Disruptions)
	k.Organisations = slices.Clone(c.Organisations)
	for i := range k.Organisations {
		o := &k.Organisations[i]
		o.Span = slices.Clone(o.Span)
		o.ManagerLevels = slices.Clone(o.ManagerLevels)
		o.Units = slices.Clone(o.Units)
		for j := range o.Units {
			u := &o.Units[j]
			u.Peers = slices.Clone(u.Peers)
			if u.Params != nil {
				p := *u.Params
				u.Params = &p
			}
		}
	}
	return &k
}
