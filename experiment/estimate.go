package experiment

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/orgsim/orgsim/model"
)

// DefaultMaxMemory is the memory limit of a run or a sweep when none is
// given: 8 GiB. It is fixed rather than a share of the machine's memory,
// so that the same command is accepted or refused the same way on every
// machine; a larger machine raises it explicitly (orgsim's -max-memory).
const DefaultMaxMemory int64 = 8 << 30

// MaxIssuesPerRun is the most issues one run can record (a record's index
// is a 32-bit integer); a run expected to simulate more is refused.
const MaxIssuesPerRun = math.MaxInt32

// CostPerIssue is the indicative time one worker spends per simulated
// issue, everything included: the run, its undisturbed twin's share, the
// resilience analysis and the statistics. It was measured on the default
// scenario (orgsim run -workers 1) on an x86-64 laptop core; a slower
// machine or a busy one takes longer. The estimates that use it are
// printed, never enforced.
const CostPerIssue = 2500 * time.Nanosecond

// Sizes of the memory model, in bytes. [model.IssueRecord] is 64 bytes;
// the other sizes are rounded up from the structures that hold them.
const (
	recordBytes    = 64      // one issue record
	sampleBytes    = 64      // one sample of a run's time series ([model.Sample]: time, backlog, decisions and capability by tier)
	openIssueBytes = 400     // engine state of one open issue: slot, tasks, events
	unitStateBytes = 256     // one unit's state and result
	perRunBytes    = 2 << 10 // a Result's fixed part and the bookkeeping of one run
	valueBytes     = 80      // one metric value kept as text, parsed and written to CSV
	journalBytes   = 400     // one journalled unit's id and status in memory
	baseBytes      = 64 << 20
	// gcFactor: the Go collector lets the heap grow to twice the live data
	// before it collects (GOGC=100), so peak memory is about twice what is
	// live.
	gcFactor = 2
)

// Estimate is what a run or a sweep is expected to need, computed from its
// settings alone before anything is simulated or allocated.
type Estimate struct {
	Issues  float64 // issues to simulate, undisturbed twins included
	Runs    float64 // model runs: organisation × replication, twins included
	Workers int     // runs in flight at once
	MaxRun  float64 // issues of the largest single run
	Bytes   float64 // peak memory in bytes: live data × 2 for the collector, plus 64 MiB for the program
	Parts   []Part  // what the live data is made of, largest first
}

// Part is one component of an [Estimate]'s memory.
type Part struct {
	What  string   // what is kept, in words
	Bytes float64  // its peak bytes (collector headroom included)
	Keys  []string // the settings that scale it: scenario keys or flags
}

// Time is the indicative wall time: issues × [CostPerIssue] spread over
// the workers.
func (e Estimate) Time() time.Duration {
	w := max(e.Workers, 1)
	s := e.Issues * CostPerIssue.Seconds() / float64(w)
	if !(s < 1e9) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(s * float64(time.Second))
}

// Check returns a *[LimitError] if the estimate exceeds limit bytes
// (0: [DefaultMaxMemory]; negative: no memory limit) or if one run would
// simulate more than [MaxIssuesPerRun] issues.
func (e Estimate) Check(limit int64) error {
	if limit == 0 {
		limit = DefaultMaxMemory
	}
	if !(e.MaxRun <= MaxIssuesPerRun) {
		return &LimitError{Estimate: e, Limit: limit, TooManyIssues: true}
	}
	if limit > 0 && !(e.Bytes <= float64(limit)) {
		return &LimitError{Estimate: e, Limit: limit}
	}
	return nil
}

// LimitError reports a run or a sweep refused by its [Estimate] before it
// started: it would need more memory than the limit, or one of its runs
// would simulate more issues than a run can record.
type LimitError struct {
	Estimate      Estimate
	Limit         int64 // the memory limit, in bytes
	TooManyIssues bool  // refused for the issues of one run, not for memory
}

// Error says what was refused and which settings would make it fit.
func (e *LimitError) Error() string {
	if e.TooManyIssues {
		return fmt.Sprintf("one run would simulate about %.3g issues, more than the %d one run can record (to fit, lower %s)",
			e.Estimate.MaxRun, MaxIssuesPerRun, strings.Join(runKeys, ", "))
	}
	s := fmt.Sprintf("it would need about %s of memory, more than the limit of %s", FormatBytes(e.Estimate.Bytes), FormatBytes(float64(e.Limit)))
	if len(e.Estimate.Parts) > 0 {
		p := e.Estimate.Parts[0]
		s += fmt.Sprintf("; most of it (%s) is %s (to fit, lower %s)", FormatBytes(p.Bytes), p.What, strings.Join(p.Keys, ", "))
	}
	return s
}

// The settings that scale each part, as a user changes them.
var (
	runKeys      = []string{"horizon", "work.teams", "work.rate"}
	inflightKeys = []string{"horizon", "work.teams", "work.rate", "-workers"}
	repKeys      = []string{"replications", "horizon", "work.teams", "work.rate"}
	sweepKeys    = []string{"replications (or precision.max)", "the axes' values"}
)

// FormatBytes writes a byte count with a binary unit: "512 MiB", "8 GiB",
// "7.3 TiB".
func FormatBytes(b float64) string {
	if math.IsNaN(b) || math.IsInf(b, 0) {
		return "more than can be counted"
	}
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if b >= 1024 {
		return fmt.Sprintf("%.3g %s", b, units[i])
	}
	if b == math.Trunc(b) || b >= 100 {
		return fmt.Sprintf("%.0f %s", b, units[i])
	}
	return fmt.Sprintf("%.2g %s", b, units[i])
}

// runIssues returns the issues one run of cfg is expected to simulate at
// each team's rate ([model.Work.TeamRate]), surges included, and those of
// its undisturbed twin (no surges).
func runIssues(cfg *model.Config) (run, twin float64) {
	rate := float64(cfg.Work.Teams) * cfg.Work.TeamRate()
	twin = rate * cfg.Horizon
	run = twin
	for _, d := range cfg.Disruptions {
		if d.Kind == model.Surge && d.Factor > 1 {
			run += (d.Factor - 1) * rate * math.Max(0, math.Min(d.Until, cfg.Horizon)-d.At)
		}
	}
	return run, twin
}

// gridPoints is the number of points of a run's resilience grid and
// backlog samples (step Metrics.Window/4 up to the horizon).
func gridPoints(cfg *model.Config) float64 {
	step := cfg.Metrics.Window / 4
	if !(step > 0) {
		step = 10
	}
	return cfg.Horizon/step + 2
}

// seriesBytes is what a unit of work keeps per grid point for the time
// series: the grid, the backlog, the p95 signal, the quality, and the
// capability and decision share of each tier, 8 bytes each.
const seriesBytes = 8 * (4 + 2*model.NumTiers)

// unitsPer is an upper bound on the units of one organisation.
func unitsPer(cfg *model.Config) float64 { return 2*float64(cfg.Work.Teams) + 2 }

// reserved is the capacity the model reserves for a run's records.
func reserved(base float64) float64 { return math.Min(base*1.01+1024, 1<<28) }

// inflightBytes is the live memory of one organisation's run and its
// undisturbed twin while a worker runs them and compares them: their
// issue records, the scratch of their summaries and of the resilience
// signal, the backlog samples and the engine state of a run that jams
// (max_open open issues).
func inflightBytes(cfg *model.Config) float64 {
	n, base := runIssues(cfg)
	g := gridPoints(cfg)
	capacity := reserved(base)
	rec := recordBytes * capacity
	if n > capacity {
		// The record slice grows past its reservation: the old and the
		// new array are live at once while it is copied.
		rec = recordBytes * (capacity + 1.25*n)
	}
	engine := openIssueBytes*math.Min(float64(cfg.MaxOpen), n) + unitStateBytes*unitsPer(cfg)
	b := rec + 8*n + sampleBytes*g + engine + 32*n + 40*g
	if len(cfg.Disruptions) > 0 {
		b += recordBytes*capacity + sampleBytes*g + 16*n
	}
	if len(cfg.Disruptions) > 1 {
		// With several disruptions each is measured against the run with
		// the ones before it: a third run is alive while the chain is run.
		b += recordBytes*capacity + sampleBytes*g + 16*n
	}
	return b
}

// EstimateRun estimates what [Run] needs for cfg with opt: the runs in
// flight (workers × an organisation's run and its twin) and what is kept
// across replications per organisation and replication: the latencies
// pooled for latency.csv (8 bytes per measured issue), the time-series
// grids and backlog samples, the unit values, the metrics, and with
// KeepIssues every issue record; then the pooled latencies' copy when the
// quantiles are taken, and the tables written. It allocates nothing that
// grows with the settings.
func EstimateRun(cfg *model.Config, opt Options) Estimate {
	reps := float64(opt.Replications)
	if opt.Only >= 0 {
		reps = 1
	}
	norg := float64(len(cfg.Organisations))
	twins := len(cfg.Disruptions) > 0
	n, base := runIssues(cfg)
	e := Estimate{MaxRun: n}
	e.Issues = norg * reps * n
	e.Runs = norg * reps
	if twins {
		// The twin and the runs with the first k disruptions (k < K).
		chain := float64(len(cfg.Disruptions))
		e.Issues += norg * reps * base * chain
		e.Runs *= 1 + chain
	}
	units := norg * reps
	e.Workers = workersFor(opt.Workers, units)
	measured := math.Max(0, n-float64(cfg.Work.Teams)*cfg.Work.TeamRate()*cfg.WarmUp)
	g := gridPoints(cfg)
	nm := float64(len(baseMetrics) + len(cfg.Disruptions)*len(disruptionMetrics))
	parts := []Part{
		{What: fmt.Sprintf("the issue records of the %d run(s) in flight", e.Workers), Bytes: float64(e.Workers) * inflightBytes(cfg), Keys: inflightKeys},
		{What: fmt.Sprintf("the latencies, time series and unit values kept across %.0f replication(s) of %.0f organisation(s)", reps, norg),
			Bytes: units*(8*measured+(sampleBytes+seriesBytes)*g+unitStateBytes*unitsPer(cfg)+8*nm+perRunBytes+24) + reps*8 + 8*measured*reps,
			Keys:  repKeys},
		{What: "the tables written", Bytes: units * nm * valueBytes, Keys: []string{"replications"}},
	}
	if opt.KeepIssues {
		parts = append(parts, Part{What: "every issue's record kept for the trace", Bytes: units * recordBytes * reserved(base), Keys: append([]string{"-trace"}, repKeys...)})
	}
	e.finish(parts)
	return e
}

// workersFor is the number of workers that run at once.
func workersFor(workers int, units float64) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if units < float64(workers) {
		workers = int(math.Max(units, 1))
	}
	return workers
}

// finish sums the parts into Bytes, applies the collector's headroom and
// orders the parts, largest first.
func (e *Estimate) finish(parts []Part) {
	live := 0.0
	for i := range parts {
		parts[i].Bytes *= gcFactor
		live += parts[i].Bytes
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].Bytes > parts[j].Bytes })
	e.Parts = parts
	e.Bytes = live + baseBytes
	if math.IsNaN(e.Bytes) {
		e.Bytes = math.Inf(1)
	}
}
