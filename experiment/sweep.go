package experiment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/orgsim/orgsim/internal/numtext"
	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
)

// ModelVersion names the behaviour of the model and the metrics
// ([model.Version]); a unit's id includes it, so a journal written by a
// model that would compute different numbers is not reused. It changes
// whenever a change alters any run's results. It is not the build's
// version.
const ModelVersion = "orgsim-model-" + model.Version

// JournalFile is the name of a sweep's journal in its output folder, and
// PlanFile that of its resolved plan.
const (
	JournalFile = "journal.jsonl"
	PlanFile    = "sweep.json"
)

// JournalFormat is the version of the journal's line format. Version 2
// gives every line a CRC-32C checksum of its content.
const JournalFormat = 2

// SweepOptions says how a sweep runs.
type SweepOptions struct {
	Dir     string // output folder: the journal and the plan go there
	Workers int    // 0: runtime.GOMAXPROCS(0)
	// Resume skips the units already in the folder's journal (its torn
	// last line is discarded). Without it, an existing journal is an error
	// unless Force is set.
	Resume bool
	// Force discards a journal that cannot be continued (another sweep's,
	// or one not asked to resume) and starts the sweep from the start.
	Force    bool
	Shard    int // this shard, 0 … Shards−1
	Shards   int // 0 or 1: no sharding
	Progress func(done, total int)
	// MaxMemory is the memory limit in bytes, checked against
	// [Sweep.Estimate] before anything is written: 0 means
	// [DefaultMaxMemory], a negative value no limit.
	MaxMemory int64
	// Stacks, when set, receives the stack of a panic caught in a unit.
	Stacks io.Writer
}

// Plan is the resolved sweep as written to sweep.json: enough to merge
// shards and write outputs without the sweep file.
type Plan struct {
	Name         string               `json:"name"`
	Hash         string               `json:"hash"`
	Model        string               `json:"model"`
	Seed         uint64               `json:"seed"`
	Design       string               `json:"design"`
	Replications int                  `json:"replications"`
	Precision    *scenarios.Precision `json:"precision,omitempty"`
	Axes         []string             `json:"axes"` // the axes' names: their columns in runs.csv and summary.csv
	// AxisInfo describes the axes that are named, labelled or carry a
	// threshold (absent when none is): the key each sets and its
	// threshold.
	AxisInfo      []PlanAxis  `json:"axis_info,omitempty"`
	Points        []PlanPoint `json:"points"`
	Organisations []string    `json:"organisations"`
	Metrics       []Metric    `json:"metrics"`
	Summarised    []string    `json:"summarised"`
	// Ratios are the summarised metrics also summarised as paired
	// log-ratios.
	Ratios []string `json:"ratios,omitempty"`
	// Shard is "i/n" in the folder of shard i of n, and empty in the
	// folder of a whole sweep (run unsharded, or merged).
	Shard string `json:"shard,omitempty"`
	// Sensitivity is the design of a sensitivity study whose points the
	// sweep runs ([NewStudy]); nil for a sweep file's.
	Sensitivity *scenarios.StudyDesign `json:"sensitivity,omitempty"`
}

// PlanPoint is one point of a plan.
type PlanPoint struct {
	Values []string `json:"values"`        // the point's label of each axis, as its columns show it
	Set    []string `json:"set,omitempty"` // the values the point sets, as written in a file, where an axis is labelled
	Hash   string   `json:"hash"`
	Status string   `json:"status"` // "ok", or why the point cannot run
	// Seed is the point's own seed, where it has one (a sensitivity
	// study's points): its replication r runs on (Seed, r).
	Seed *uint64 `json:"seed,omitempty"`
}

// PlanAxis describes one axis of a plan: its name, the scenario key it
// sets, and a threshold to draw on its figures.
type PlanAxis struct {
	Name           string   `json:"name"`
	Key            string   `json:"key"`
	Threshold      *float64 `json:"threshold,omitempty"`
	ThresholdLabel string   `json:"threshold_label,omitempty"`
}

// entry is one journalled unit: one finished (point, replication).
type entry struct {
	ID     string              `json:"id"`
	Point  int                 `json:"point"`
	Rep    int                 `json:"rep"`
	Status string              `json:"status"`
	Values map[string][]string `json:"values,omitempty"` // per organisation, every metric
}

// header is the content of the journal's first line.
type header struct {
	Sweep  string `json:"sweep"`
	Model  string `json:"model"`
	Format int    `json:"format"`
}

// journalLine is one line of the journal: the header or a unit, and the
// CRC-32C (Castagnoli) of that content's exact bytes, in hex.
type journalLine struct {
	Journal json.RawMessage `json:"journal,omitempty"`
	Unit    json.RawMessage `json:"unit,omitempty"`
	CRC     string          `json:"crc32c"`
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeLine returns the journal line, newline included, that holds the
// JSON content b under key ("journal" or "unit") with its checksum.
func encodeLine(key string, b []byte) []byte {
	return fmt.Appendf(nil, "{%q:%s,\"crc32c\":\"%08x\"}\n", key, b, crc32.Checksum(b, castagnoli))
}

// SweepRun is one row of a sweep's runs.csv.
type SweepRun struct {
	Point, Rep   int
	Seed         uint64
	Organisation string
	Status       string
	Values       []float64
}

// SweepRow is one row of a sweep's summary.csv: a mean over replications
// (Statistic "mean"), a paired difference between two organisations
// ("paired_difference", Organisation "A-B") or a paired log-ratio
// ("paired_log_ratio", Organisation "A/B").
type SweepRow struct {
	Point        int
	Organisation string
	Metric       string
	Statistic    string
	Stat
}

// SweepResult is a finished sweep in canonical order (point, replication,
// organisation), or, for one shard, what the shard did.
type SweepResult struct {
	Plan    *Plan
	Runs    []SweepRun // nil for a shard
	Summary []SweepRow // nil for a shard
	Reps    []int      // replications per point; nil for a shard
	// Ran is the number of units this call ran, Skipped the number it found
	// already journalled (resuming).
	Ran, Skipped int
	// Failures lists the units of valid points that did not finish as
	// "ok" (unstable, or failed), in canonical order: of the whole sweep,
	// or of the shard.
	Failures []Failure
}

// Failure is a unit of a valid point that did not finish as "ok".
type Failure struct {
	Point, Rep int
	Status     string // "unstable: …" or "failed: …"
}

// NewPlan resolves a sweep into its plan. A point is "ok", or its status
// says why its scenario is invalid; [NewSweep] also checks every valid
// point's stability.
func NewPlan(sw *scenarios.Sweep) *Plan {
	p := &Plan{
		Name: sw.Name, Hash: scenarios.SweepHash(sw), Model: ModelVersion, Seed: sw.Seed,
		Design: sw.Design, Replications: sw.Replications, Precision: sw.Precision,
		Metrics: Metrics(len(sw.Base.Config.Disruptions)), Summarised: sw.Metrics,
	}
	described := false
	for _, a := range sw.Axes {
		p.Axes = append(p.Axes, a.Name)
		p.AxisInfo = append(p.AxisInfo, PlanAxis{Name: a.Name, Key: a.Key, Threshold: a.Threshold, ThresholdLabel: a.ThresholdLabel})
		described = described || a.Name != a.Key || a.Threshold != nil
	}
	labelled := false
	for i := range sw.Points {
		labelled = labelled || !slices.Equal(sw.Points[i].Set, sw.Points[i].Values)
	}
	if !described && !labelled {
		p.AxisInfo = nil
	}
	p.Ratios = sw.Ratios
	for _, o := range sw.Base.Config.Organisations {
		p.Organisations = append(p.Organisations, o.Name)
	}
	for i := range sw.Points {
		pt := &sw.Points[i]
		st := "ok"
		if pt.Err != nil {
			st = pointStatus(pt.Err)
		}
		pp := PlanPoint{Values: pt.Values, Hash: scenarios.PointHash(pt), Status: st, Seed: pt.Seed}
		if labelled {
			pp.Set = pt.Set
		}
		p.Points = append(p.Points, pp)
	}
	return p
}

// pointStatus condenses a point's validation error into a status.
func pointStatus(err error) string {
	var se *scenarios.Error
	msg := err.Error()
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			if !p.Warning {
				msg = p.Path + ": " + p.Msg
				break
			}
		}
	}
	if i := strings.Index(msg, " (allowed:"); i > 0 {
		msg = msg[:i]
	}
	if strings.Contains(msg, "overloaded") {
		return "unstable: " + msg
	}
	return "invalid: " + msg
}

// unitID identifies a unit by its resolved point (and its index: two points
// may resolve alike), replication, seed and the model version.
func (p *Plan) unitID(point, rep int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%d|%d|%s", p.Points[point].Hash, point, rep, p.SeedOf(point), p.Model)))
	return hex.EncodeToString(h[:8])
}

// SeedOf returns the seed that point's replications run on: its own seed
// where it has one, else the sweep's.
func (p *Plan) SeedOf(point int) uint64 {
	if s := p.Points[point].Seed; s != nil {
		return *s
	}
	return p.Seed
}

// reps returns the replications a point of the plan runs: the fixed
// count, or with a precision target the most it may run.
func (p *Plan) maxReps() int {
	if p.Precision != nil {
		return p.Precision.Max
	}
	return p.Replications
}

// invalidReps is the number of rows runs.csv gives a point that cannot
// run: the fixed count, or the first batch of a precision target.
func (p *Plan) invalidReps() int {
	if p.Precision != nil {
		return p.Precision.Min
	}
	return p.Replications
}

// shardOf returns the shard that owns a unit: by unit with a fixed count,
// by point with a precision target (its batches depend on each other).
func (p *Plan) shardOf(point, rep, shards int) int {
	if shards <= 1 {
		return 0
	}
	if p.Precision != nil {
		return point % shards
	}
	return (point*p.Replications + rep) % shards
}

// Sweep is a sweep ready to run: its plan, with every point's status
// final (an invalid scenario, or one whose baseline load overloads a unit,
// is not "ok"), and the model of every valid point.
type Sweep struct {
	Plan   *Plan
	models []*model.Plan // nil for a point that cannot run
}

// NewSweep resolves sw: its plan, and the model of every valid point, each
// checked for stability. Nothing is written and nothing is simulated.
func NewSweep(sw *scenarios.Sweep) *Sweep {
	s := &Sweep{Plan: NewPlan(sw), models: make([]*model.Plan, len(sw.Points))}
	for i := range sw.Points {
		if sw.Points[i].Scenario == nil || s.Plan.Points[i].Status != "ok" {
			continue
		}
		c := cloneConfig(&sw.Points[i].Scenario.Config)
		c.Seed = s.Plan.SeedOf(i)
		c.Metrics.KeepIssues = len(c.Disruptions) > 0
		mp, err := model.NewPlan(c)
		if err != nil {
			s.Plan.Points[i].Status = pointStatus(err)
			continue
		}
		s.models[i] = mp
	}
	return s
}

// RunSweep runs the sweep's units (those of opt.Shard when sharded); see
// [Sweep.Run].
func RunSweep(sw *scenarios.Sweep, opt SweepOptions) (*SweepResult, error) {
	return NewSweep(sw).Run(opt)
}

// Count is how much of a sweep one shard, or the whole sweep, has to run.
type Count struct {
	Points, Valid int
	Units         int64   // (point, replication) units of valid points; with a precision target, the most it may run
	Runs          float64 // model runs of those units: every organisation, and its undisturbed twin where there are disruptions
	Issues        float64 // issues those runs simulate
	UpTo          bool    // a precision target: Units, Runs and Issues are maxima
}

// ownedUnits is the number of units of point pt that shard (of shards)
// owns, counted without enumerating them.
func (p *Plan) ownedUnits(pt, shard, shards int) int64 {
	n := int64(p.maxReps())
	if shards <= 1 {
		return n
	}
	if p.Precision != nil {
		if pt%shards == shard {
			return n
		}
		return 0
	}
	// Units x = pt·R + r for r in [0, R) with x mod shards = shard.
	lo, hi, k, s := int64(pt)*n, int64(pt)*n+n, int64(shards), int64(shard)
	return ceilDiv(hi-s, k) - ceilDiv(lo-s, k)
}

func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) == (b < 0) {
		q++
	}
	return q
}

// Count counts the units, runs and issues of the valid points that shard
// i of n owns (n ≤ 1: the whole sweep). The dry run and the run count the
// same way.
func (s *Sweep) Count(shard, shards int) Count {
	p := s.Plan
	c := Count{Points: len(p.Points), UpTo: p.Precision != nil}
	for pt := range p.Points {
		mp := s.models[pt]
		if mp == nil {
			continue
		}
		c.Valid++
		u := p.ownedUnits(pt, shard, shards)
		cfg := mp.Config()
		runs, issues := s.perUnit(cfg)
		c.Units += u
		c.Runs += float64(u) * runs
		c.Issues += float64(u) * issues
	}
	return c
}

// perUnit returns the model runs and the issues of one unit of a point.
func (s *Sweep) perUnit(cfg *model.Config) (runs, issues float64) {
	n, base := runIssues(cfg)
	norg := float64(len(cfg.Organisations))
	if len(cfg.Disruptions) > 0 {
		return 2 * norg, norg * (n + base)
	}
	return norg, norg * n
}

// Estimate estimates what running the sweep with opt needs: the runs in
// flight (workers × the largest point's organisation run and its twin;
// the organisations of a unit run one after another), the journal kept in
// memory (each unit's id and status; its values too with a precision
// target), and unsharded the results assembled from the journal: every
// unit's values parsed, the rows and the tables written.
func (s *Sweep) Estimate(opt SweepOptions) Estimate {
	p := s.Plan
	shards := max(opt.Shards, 1)
	c := s.Count(opt.Shard, shards)
	e := Estimate{Issues: c.Issues, Runs: c.Runs, Workers: workersFor(opt.Workers, float64(c.Units))}
	inflight := 0.0
	for pt := range p.Points {
		if mp := s.models[pt]; mp != nil {
			n, _ := runIssues(mp.Config())
			e.MaxRun = math.Max(e.MaxRun, n)
			inflight = math.Max(inflight, inflightBytes(mp.Config()))
		}
	}
	norg, nm := float64(len(p.Organisations)), float64(len(p.Metrics))
	perUnit := float64(journalBytes)
	if p.Precision != nil {
		perUnit += norg * nm * valueBytes / 2
	}
	parts := []Part{
		{What: fmt.Sprintf("the issue records of the %d run(s) in flight", e.Workers), Bytes: float64(e.Workers) * inflight, Keys: inflightKeys},
		{What: fmt.Sprintf("the journal of %d unit(s) kept in memory", c.Units), Bytes: float64(c.Units) * perUnit, Keys: sweepKeys},
	}
	if shards <= 1 {
		parts = append(parts, Part{What: "the results assembled from the journal", Bytes: assembleBytes(p), Keys: sweepKeys})
	}
	e.finish(parts)
	return e
}

// assembleBytes is the memory of [Assemble] and the tables written from
// its result: every unit's values as text and parsed, and the rows of
// runs.csv.
func assembleBytes(p *Plan) float64 {
	norg, nm := float64(len(p.Organisations)), float64(len(p.Metrics))
	units := float64(len(p.Points)) * float64(p.maxReps())
	return units * (norg*(nm*(valueBytes+16)+128) + journalBytes)
}

// EstimateMerge estimates what merging the shards of plan needs (see
// [Sweep.Estimate]): the results assembled from their journals.
func EstimateMerge(p *Plan) Estimate {
	e := Estimate{Workers: 1}
	e.finish([]Part{{What: "the results assembled from the journals", Bytes: assembleBytes(p), Keys: sweepKeys}})
	return e
}

// NoValidPointError reports a sweep none of whose points can run.
type NoValidPointError struct{ Plan *Plan }

// Error says so, with the reasons.
func (e *NoValidPointError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "none of the %d point(s) of sweep %q can run; nothing was run or written", len(e.Plan.Points), e.Plan.Name)
	for _, r := range Reasons(e.Plan, nil) {
		fmt.Fprintf(&b, "\n  %s", r)
	}
	return b.String()
}

// Reason is one cause of invalid points or failed units, and where it
// struck.
type Reason struct {
	Status string // the status without its details in parentheses
	Points []int  // the points it struck, ascending
	Units  int    // the units it struck; 0 for points that cannot run at all
}

// String writes the reason with its count: `3 units of points 4, 7:
// unstable: organisation "hierarchy" jammed at unit m1-2`.
func (r Reason) String() string {
	pts := make([]string, 0, 6)
	for i, p := range r.Points {
		if i == 5 {
			pts = append(pts, fmt.Sprintf("and %d more", len(r.Points)-5))
			break
		}
		pts = append(pts, strconv.Itoa(p))
	}
	where := "point"
	if len(r.Points) > 1 {
		where = "points"
	}
	if r.Units > 0 {
		return fmt.Sprintf("%d unit(s) of %s %s: %s", r.Units, where, strings.Join(pts, ", "), r.Status)
	}
	return fmt.Sprintf("%s %s: %s", where, strings.Join(pts, ", "), r.Status)
}

// reasonKey groups statuses that differ only in their details: the
// trailing parenthesis, such as the open issues of a jam, is left out.
func reasonKey(status string) string {
	if i := strings.LastIndex(status, " ("); i > 0 && strings.HasSuffix(status, ")") {
		return status[:i]
	}
	return status
}

// Reasons groups the points of plan that cannot run and the failed units
// by their status: most points struck first, then in order of the first
// point.
func Reasons(plan *Plan, failures []Failure) []Reason {
	var out []Reason
	at := map[string]int{}
	add := func(status string, pt int, unit bool) {
		k := reasonKey(status)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Reason{Status: k})
		}
		r := &out[i]
		if n := len(r.Points); n == 0 || r.Points[n-1] != pt {
			r.Points = append(r.Points, pt)
		}
		if unit {
			r.Units++
		}
	}
	for pt, p := range plan.Points {
		if p.Status != "ok" {
			add(p.Status, pt, false)
		}
	}
	for _, f := range failures {
		add(f.Status, f.Point, true)
	}
	for i := range out {
		sort.Ints(out[i].Points)
		out[i].Points = slices.Compact(out[i].Points)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if len(a.Points) != len(b.Points) {
			return len(a.Points) > len(b.Points)
		}
		return a.Points[0] < b.Points[0]
	})
	return out
}

// Run runs the units of the sweep that opt.Shard owns, journalling each
// finished unit at once, and returns the result: unsharded, the whole
// sweep assembled from the journal; sharded, what the shard did (merge the
// shards for the results).
//
// Before it writes anything it refuses a sweep with no valid point (a
// *[NoValidPointError]) and one whose [Sweep.Estimate] exceeds
// opt.MaxMemory (a *[LimitError]); an existing journal is refused unless
// opt.Resume continues it or opt.Force discards it, and a journal written
// by another model version is refused (a *[ModelVersionError]). A unit
// that fails — an unstable run, an error, or a panic in the model — is
// journalled with its status and never stops the sweep; the points that
// cannot run are not run at all, and runs.csv gives their status.
func (s *Sweep) Run(opt SweepOptions) (*SweepResult, error) {
	plan := s.Plan
	shards := max(opt.Shards, 1)
	if opt.Shard < 0 || opt.Shard >= shards {
		return nil, fmt.Errorf("shard %d/%d: want 0 ≤ i < n", opt.Shard, shards)
	}
	if s.Count(opt.Shard, shards).Valid == 0 {
		return nil, &NoValidPointError{Plan: plan}
	}
	if err := s.Estimate(opt).Check(opt.MaxMemory); err != nil {
		return nil, err
	}
	if shards > 1 {
		plan.Shard = fmt.Sprintf("%d/%d", opt.Shard, shards)
	} else {
		plan.Shard = ""
	}
	if _, err := safefile.MkdirAll(opt.Dir); err != nil {
		return nil, err
	}
	path := filepath.Join(opt.Dir, JournalFile)
	done, keep, err := prepareJournal(path, plan, opt)
	if err != nil {
		return nil, err
	}
	// The plan first: a folder with a journal always has its plan.
	if err := safefile.WriteFile(filepath.Join(opt.Dir, PlanFile), mustJSON(plan)); err != nil {
		return nil, err
	}
	if keep >= 0 {
		err = os.Truncate(path, keep) // cut a torn last line
	} else {
		b, _ := json.Marshal(header{Sweep: plan.Hash, Model: plan.Model, Format: JournalFormat})
		err = safefile.WriteFile(path, encodeLine("journal", b))
	}
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	j := &journal{f: f}
	defer j.Close()
	sw := &sweeper{plan: plan, plans: s.models, journal: j, done: done, opt: opt, shards: shards}
	for _, e := range done {
		if e.Point >= 0 && e.Point < len(s.models) && s.models[e.Point] != nil && plan.shardOf(e.Point, e.Rep, shards) == opt.Shard {
			sw.skipped++
		}
	}
	if err := sw.run(); err != nil {
		return nil, err
	}
	if err := j.Close(); err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if shards > 1 {
		return &SweepResult{Plan: plan, Ran: sw.ran, Skipped: sw.skipped, Failures: sw.failures()}, nil
	}
	res, err := Assemble(plan, []string{opt.Dir})
	if err != nil {
		return nil, err
	}
	res.Ran, res.Skipped = sw.ran, sw.skipped
	return res, nil
}

type job struct{ point, rep int }

type sweeper struct {
	plan    *Plan
	plans   []*model.Plan
	journal *journal
	done    map[string]entry
	opt     SweepOptions
	shards  int
	reps    map[int]int // replications scheduled per point
	ran     int         // units run by this call
	skipped int         // units of this shard found in the journal
	stackMu sync.Mutex  // serialises writes to opt.Stacks
}

// failures returns the failed units of the journal that this shard owns,
// in canonical order.
func (s *sweeper) failures() []Failure {
	var out []Failure
	for _, e := range s.done {
		if e.Status != "ok" && s.plans[e.Point] != nil && s.plan.shardOf(e.Point, e.Rep, s.shards) == s.opt.Shard {
			out = append(out, Failure{Point: e.Point, Rep: e.Rep, Status: e.Status})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Point != out[j].Point {
			return out[i].Point < out[j].Point
		}
		return out[i].Rep < out[j].Rep
	})
	return out
}

// run schedules and runs the units, writing each to the journal.
func (s *sweeper) run() error {
	p := s.plan
	s.reps = map[int]int{}
	var pending []job
	total := 0
	for pt := range p.Points {
		if s.plans[pt] == nil {
			continue // it cannot run: runs.csv gives its status
		}
		if p.shardOf(pt, 0, s.shards) != s.opt.Shard && p.Precision != nil {
			continue
		}
		n := p.Replications
		if p.Precision != nil {
			n = p.Precision.Min
		}
		for r := 0; r < n; r++ {
			if p.shardOf(pt, r, s.shards) == s.opt.Shard {
				pending = append(pending, job{pt, r})
			}
		}
		s.reps[pt] = n
	}
	// Units already journalled count as done; with a precision target their
	// batches are replayed below as they would have completed.
	var todo []job
	for _, jb := range pending {
		if _, ok := s.done[p.unitID(jb.point, jb.rep)]; !ok {
			todo = append(todo, jb)
		}
	}
	pending = todo
	total = len(pending)
	finished := 0
	// Batches per point: how many units of the current batch are still out.
	out := map[int]int{}
	for _, jb := range pending {
		out[jb.point]++
	}
	check := func(pt int) {
		// With a precision target, a point whose batch is complete either
		// stops or gets another batch.
		if p.Precision == nil || out[pt] > 0 {
			return
		}
		for {
			n := s.reps[pt]
			if n >= p.Precision.Max || s.precise(pt, n) {
				return
			}
			next := min(n+p.Precision.Batch, p.Precision.Max)
			added := 0
			for r := n; r < next; r++ {
				if _, ok := s.done[p.unitID(pt, r)]; !ok {
					pending = append(pending, job{pt, r})
					added++
				}
			}
			s.reps[pt] = next
			total += added
			out[pt] += added
			if added > 0 {
				return
			}
		}
	}
	for pt := range p.Points {
		if _, ok := out[pt]; !ok && s.reps[pt] > 0 {
			check(pt)
		}
	}
	workers := s.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan job)
	results := make(chan entry)
	for range workers {
		go func() {
			for jb := range jobs {
				results <- s.unit(jb)
			}
		}()
	}
	defer close(jobs)
	inflight := 0
	var firstErr error
	for len(pending) > 0 || inflight > 0 {
		var send chan job
		var next job
		if len(pending) > 0 && firstErr == nil {
			send, next = jobs, pending[0]
		}
		if send == nil && inflight == 0 {
			break
		}
		select {
		case send <- next:
			pending = pending[1:]
			inflight++
		case e := <-results:
			inflight--
			if err := s.journal.write(e); err != nil && firstErr == nil {
				firstErr = err
			}
			if p.Precision == nil {
				e.Values = nil // only the precision check reads them back
			}
			s.done[e.ID] = e
			s.ran++
			finished++
			if s.opt.Progress != nil {
				s.opt.Progress(finished, total)
			}
			out[e.Point]--
			check(e.Point)
		}
	}
	return firstErr
}

// precise reports whether the first n replications of point pt meet the
// precision target for every organisation.
func (s *sweeper) precise(pt, n int) bool {
	p := s.plan
	mi := -1
	for i, m := range p.Metrics {
		if m.Name == p.Precision.Metric {
			mi = i
		}
	}
	for _, org := range p.Organisations {
		xs := make([]float64, 0, n)
		for r := 0; r < n; r++ {
			e, ok := s.done[p.unitID(pt, r)]
			if !ok {
				return false
			}
			if e.Status != "ok" {
				return true // an unstable point gets no more replications
			}
			xs = append(xs, parseValue(e.Values[org][mi]))
		}
		st := MeanCI(xs)
		if st.N < 2 || math.IsNaN(st.Low) {
			return false
		}
		if (st.High-st.Low)/2 > p.Precision.Target*math.Abs(st.Mean) {
			return false
		}
	}
	return true
}

// sweepUnitHook, when set (by tests), is called at the start of every
// unit of a sweep; a panic in it stands for a bug in the model.
var sweepUnitHook func(point, rep int)

// unit runs every organisation of one (point, replication). A panic is
// caught and recorded as the unit's status.
func (s *sweeper) unit(jb job) (e entry) {
	p := s.plan
	e = entry{ID: p.unitID(jb.point, jb.rep), Point: jb.point, Rep: jb.rep, Status: "ok"}
	defer func() {
		if r := recover(); r != nil {
			msg := strings.Join(strings.Fields(fmt.Sprint(r)), " ")
			e.Status, e.Values = "failed: internal error (a bug in orgsim): panic: "+msg, nil
			if s.opt.Stacks != nil {
				s.stackMu.Lock()
				fmt.Fprintf(s.opt.Stacks, "panic in point %d, replication %d: %v\n%s\n", jb.point, jb.rep, r, debug.Stack())
				s.stackMu.Unlock()
			}
		}
	}()
	if sweepUnitHook != nil {
		sweepUnitHook(jb.point, jb.rep)
	}
	mp := s.plans[jb.point]
	e.Values = map[string][]string{}
	for org, name := range p.Organisations {
		res, _, rs, err := runChain(mp, org, uint64(jb.rep))
		if err != nil {
			var ue *model.UnstableError
			if errors.As(err, &ue) {
				e.Status = fmt.Sprintf("unstable: organisation %q jammed at unit %s (%d open issues at %.0f h)", ue.Organisation, ue.Unit, ue.Open, ue.At)
			} else {
				e.Status = "failed: " + err.Error()
			}
			e.Values = nil
			return e
		}
		vs := values(res, rs)
		txt := make([]string, len(vs))
		for i, v := range vs {
			txt[i] = formatValue(v)
		}
		e.Values[name] = txt
	}
	return e
}

func formatValue(v float64) string { return numtext.Format(v) }

func parseValue(s string) float64 {
	v, ok := numtext.Parse(s)
	if !ok {
		return math.NaN()
	}
	return v
}

// journal appends unit lines to the journal file: one write per line,
// flushed to disk before the next unit is recorded.
type journal struct{ f *os.File }

func (j *journal) write(e entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err = j.f.Write(encodeLine("unit", b)); err != nil {
		return fmt.Errorf("cannot write %s: %w", j.f.Name(), err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", j.f.Name(), err)
	}
	return nil
}

// Close closes the file; it is safe to call more than once.
func (j *journal) Close() error {
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// JournalError reports a journal line that cannot be trusted: its
// checksum does not match its content, or it is not a journal line.
type JournalError struct {
	Path string
	Line int // 1-based
	Msg  string
}

// Error names the file and the line.
func (e *JournalError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg) }

// ModelVersionError reports a journal written by another model version:
// its units would not give the numbers this model gives.
type ModelVersionError struct {
	Path    string
	Journal string // the model version that wrote the journal
	Running string // this build's ModelVersion
}

// Error says which version wrote it, which runs now and what to do.
func (e *ModelVersionError) Error() string {
	return fmt.Sprintf("%s was written by model version %s, but this orgsim runs model version %s: its finished units would not give the numbers this model gives, so they cannot be mixed with new ones (allowed: start the sweep in a new -out folder, or run the orgsim that wrote it)", e.Path, e.Journal, e.Running)
}

// prepareJournal checks the journal at path against plan and returns the
// units it already holds and the length of its whole part, to keep; keep
// is −1 when a new journal is to be started. Resuming, a journal of
// another model version or another sweep is refused unless opt.Force
// discards it. Without opt.Resume an existing journal is refused unless
// opt.Force discards it. It writes nothing.
func prepareJournal(path string, plan *Plan, opt SweepOptions) (done map[string]entry, keep int64, err error) {
	done = map[string]entry{}
	_, err = os.Stat(path)
	exists := err == nil
	if exists && opt.Resume {
		h, entries, good, err := readJournal(path)
		var me *ModelVersionError
		switch {
		case errors.As(err, &me) && opt.Force:
		case err != nil:
			return nil, 0, err
		case h.Sweep != plan.Hash && opt.Force:
		case h.Sweep != plan.Hash:
			return nil, 0, fmt.Errorf("%s belongs to another sweep (hash %.12s, this one %.12s) (allowed: another -out folder, or -force to discard it and start this sweep from the start)", path, h.Sweep, plan.Hash)
		default:
			for _, e := range entries {
				done[e.ID] = e
			}
			return done, good, nil
		}
	} else if exists && !opt.Force {
		return nil, 0, fmt.Errorf("%s exists: add -resume to continue that sweep, choose another -out folder, or add -force to start it again from the start", path)
	}
	return done, -1, nil
}

// readJournal reads a journal: its header, its unit lines, and the length
// in bytes of the part that is whole. A last line without its newline is
// torn (an interrupted write): it is left out. Any other line whose
// checksum does not match its content is a *JournalError naming its line;
// a header of another model version is a *ModelVersionError.
func readJournal(path string) (header, []entry, int64, error) {
	var h header
	f, err := os.Open(path)
	if err != nil {
		return h, nil, 0, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var entries []entry
	var good int64
	n := 0
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			break // a line without its newline is torn: dropped
		}
		if err != nil {
			return h, nil, 0, err
		}
		n++
		var jl journalLine
		perr := json.Unmarshal(line, &jl)
		payload, what := jl.Unit, "unit"
		if n == 1 {
			payload, what = jl.Journal, "journal header"
		}
		if perr != nil || len(payload) == 0 || jl.CRC == "" {
			if n == 1 {
				var old struct{ Sweep, Model string }
				if json.Unmarshal(line, &old) == nil && old.Sweep != "" {
					if old.Model != ModelVersion {
						return h, nil, 0, &ModelVersionError{Path: path, Journal: old.Model, Running: ModelVersion}
					}
					return h, nil, 0, &JournalError{Path: path, Line: 1, Msg: "a journal of an older orgsim, whose lines carry no checksums (allowed: start the sweep in a new -out folder)"}
				}
			}
			return h, nil, 0, &JournalError{Path: path, Line: n, Msg: fmt.Sprintf("not a %s line of a sweep journal (allowed: remove the line and resume to run its unit again, or start the sweep in a new -out folder)", what)}
		}
		if got := fmt.Sprintf("%08x", crc32.Checksum(payload, castagnoli)); got != jl.CRC {
			return h, nil, 0, &JournalError{Path: path, Line: n, Msg: fmt.Sprintf("the checksum of the %s does not match its content (crc32c %s, want %s): the line was altered or damaged (allowed: remove the line and resume to run its unit again, or start the sweep in a new -out folder)", what, got, jl.CRC)}
		}
		if n == 1 {
			if json.Unmarshal(payload, &h) != nil || h.Sweep == "" {
				return h, nil, 0, &JournalError{Path: path, Line: 1, Msg: "not a sweep journal header"}
			}
			if h.Model != ModelVersion {
				return h, nil, 0, &ModelVersionError{Path: path, Journal: h.Model, Running: ModelVersion}
			}
			good += int64(len(line))
			continue
		}
		var e entry
		if json.Unmarshal(payload, &e) != nil || e.ID == "" {
			return h, nil, 0, &JournalError{Path: path, Line: n, Msg: "not a unit of a sweep journal"}
		}
		entries = append(entries, e)
		good += int64(len(line))
	}
	if n == 0 {
		return h, nil, 0, fmt.Errorf("%s is empty", path)
	}
	return h, entries, good, nil
}

// Assemble reads the journals in dirs (one folder, or the folders of a
// sweep's shards) and returns the sweep's result in canonical order. It
// refuses journals of different sweeps or model versions and damaged
// lines, and reports missing units. The points that cannot run get rows
// with their status and no values.
func Assemble(plan *Plan, dirs []string) (*SweepResult, error) {
	units, err := readUnits(plan, dirs)
	if err != nil {
		return nil, err
	}
	res := &SweepResult{Plan: plan, Reps: make([]int, len(plan.Points))}
	var missing []string
	for pt := range plan.Points {
		if plan.Points[pt].Status != "ok" {
			res.Reps[pt] = plan.invalidReps()
			continue
		}
		n := plan.maxReps()
		for r := 0; r < n; r++ {
			if _, ok := units[plan.unitID(pt, r)]; ok {
				res.Reps[pt] = r + 1
				continue
			}
			if plan.Precision != nil && r >= plan.Precision.Min {
				break // the target was met before
			}
			missing = append(missing, fmt.Sprintf("point %d replication %d", pt, r))
			break
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		more := ""
		if len(missing) > 10 {
			more = fmt.Sprintf(" and %d more", len(missing)-10)
			missing = missing[:10]
		}
		return nil, &IncompleteError{Missing: len(missing), Msg: fmt.Sprintf("the journals lack %s%s; rerun the shards that own them (with -resume)", strings.Join(missing, ", "), more)}
	}
	for pt := range plan.Points {
		for r := 0; r < res.Reps[pt]; r++ {
			e, ok := units[plan.unitID(pt, r)]
			if !ok {
				e.Status = plan.Points[pt].Status
			} else if e.Status != "ok" {
				res.Failures = append(res.Failures, Failure{Point: pt, Rep: r, Status: e.Status})
			}
			for _, org := range plan.Organisations {
				run := SweepRun{Point: pt, Rep: r, Seed: plan.SeedOf(pt), Organisation: org, Status: e.Status}
				run.Values = make([]float64, len(plan.Metrics))
				for i := range run.Values {
					run.Values[i] = math.NaN()
					if vs := e.Values[org]; i < len(vs) {
						run.Values[i] = parseValue(vs[i])
					}
				}
				res.Runs = append(res.Runs, run)
			}
		}
	}
	res.Summary = summarise(plan, res.Runs)
	return res, nil
}

// readUnits reads the units of the journals in dirs, keyed by id, checking
// that each journal belongs to plan's sweep and model version.
func readUnits(plan *Plan, dirs []string) (map[string]entry, error) {
	units := map[string]entry{}
	for _, d := range dirs {
		path := filepath.Join(d, JournalFile)
		h, entries, _, err := readJournal(path)
		if err != nil {
			return nil, err
		}
		if h.Sweep != plan.Hash {
			return nil, fmt.Errorf("%s: a journal of a different sweep (hash %.12s, want %.12s)", d, h.Sweep, plan.Hash)
		}
		for _, e := range entries {
			if prev, ok := units[e.ID]; ok && !sameEntry(prev, e) {
				return nil, fmt.Errorf("%s: unit point %d replication %d was journalled twice with different results", d, e.Point, e.Rep)
			}
			// Equal duplicates (a unit run by two shards) are harmless: one is kept.
			units[e.ID] = e
		}
	}
	return units, nil
}

// IncompleteError reports units missing from a sweep's journals.
type IncompleteError struct {
	Missing int
	Msg     string
}

// Error says which units are missing.
func (e *IncompleteError) Error() string { return e.Msg }

func sameEntry(a, b entry) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// Statistics of a sweep's summary rows.
const (
	StatMean           = "mean"              // an organisation's mean over replications
	StatPairedDiff     = "paired_difference" // first − other, pair by pair (organisation "A-B")
	StatPairedLogRatio = "paired_log_ratio"  // log(first ÷ other), pair by pair (organisation "A/B")
)

// PairedLogRatio returns the mean of log(a_i ÷ b_i) over the pairs where
// both are finite and > 0, with its 95 % Student-t interval ([MeanCI] of
// the log-ratios) and the number of such pairs: the log of the
// geometric-mean ratio a/b, 0 where neither is larger. Its exponential is
// [PairedRatio]. It panics if a and b differ in length.
func PairedLogRatio(a, b []float64) Stat {
	if len(a) != len(b) {
		panic("experiment: PairedLogRatio needs paired slices")
	}
	d := make([]float64, 0, len(a))
	for i := range a {
		if usable(a[i]) && usable(b[i]) {
			d = append(d, math.Log(a[i]/b[i]))
		}
	}
	return MeanCI(d)
}

// summarise computes, per point, organisation and summarised metric, the
// mean with its interval (kept in the metric's range, [MeanCIIn]), the
// paired differences of the first organisation against each other one, and
// the paired log-ratios of the metrics plan.Ratios names.
func summarise(plan *Plan, runs []SweepRun) []SweepRow {
	idx := map[string]int{}
	for i, m := range plan.Metrics {
		idx[m.Name] = i
	}
	norg := len(plan.Organisations)
	var rows []SweepRow
	// runs are point-major, then replication, then organisation.
	for start := 0; start < len(runs); {
		end := start
		for end < len(runs) && runs[end].Point == runs[start].Point {
			end++
		}
		pt := runs[start].Point
		block := runs[start:end]
		reps := len(block) / norg
		col := func(org, mi int) []float64 {
			xs := make([]float64, reps)
			for r := 0; r < reps; r++ {
				xs[r] = block[r*norg+org].Values[mi]
			}
			return xs
		}
		for o, name := range plan.Organisations {
			for _, m := range plan.Summarised {
				rows = append(rows, SweepRow{Point: pt, Organisation: name, Metric: m, Statistic: StatMean, Stat: MeanCIIn(col(o, idx[m]), ScaleOf(m), level)})
			}
		}
		for o := 1; o < norg; o++ {
			for _, m := range plan.Summarised {
				a, b := col(0, idx[m]), col(o, idx[m])
				d := make([]float64, reps)
				for i := range d {
					d[i] = a[i] - b[i]
				}
				rows = append(rows, SweepRow{Point: pt, Organisation: plan.Organisations[0] + "-" + plan.Organisations[o], Metric: m, Statistic: StatPairedDiff, Stat: MeanCI(d)})
			}
		}
		for o := 1; o < norg; o++ {
			for _, m := range plan.Summarised {
				if !slices.Contains(plan.Ratios, m) {
					continue
				}
				rows = append(rows, SweepRow{Point: pt, Organisation: plan.Organisations[0] + "/" + plan.Organisations[o], Metric: m, Statistic: StatPairedLogRatio, Stat: PairedLogRatio(col(0, idx[m]), col(o, idx[m]))})
			}
		}
		start = end
	}
	return rows
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// ReadPlan reads the plan of a sweep's output or shard folder.
func ReadPlan(dir string) (*Plan, error) {
	b, err := os.ReadFile(filepath.Join(dir, PlanFile))
	if err != nil {
		return nil, fmt.Errorf("%s: not a sweep folder (no %s)", dir, PlanFile)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, PlanFile), err)
	}
	return &p, nil
}

// WriteMerged writes into dir, as one transaction, the plan (as a whole
// sweep's, not a shard's) and one journal holding every unit of the shard
// folders, in canonical order, so the merged folder can be resumed or
// merged again like an unsharded sweep's.
func WriteMerged(dir string, r *SweepResult, shards []string) error {
	units, err := readUnits(r.Plan, shards)
	if err != nil {
		return err
	}
	plan := *r.Plan
	plan.Shard = ""
	var buf bytes.Buffer
	h, _ := json.Marshal(header{Sweep: plan.Hash, Model: plan.Model, Format: JournalFormat})
	buf.Write(encodeLine("journal", h))
	for pt := range plan.Points {
		if plan.Points[pt].Status != "ok" {
			continue
		}
		for rep := 0; rep < r.Reps[pt]; rep++ {
			b, _ := json.Marshal(units[plan.unitID(pt, rep)])
			buf.Write(encodeLine("unit", b))
		}
	}
	tx, err := safefile.Begin(dir)
	if err != nil {
		return err
	}
	if err := tx.Write(PlanFile, mustJSON(&plan)); err != nil {
		tx.Abort()
		return err
	}
	if err := tx.Write(JournalFile, buf.Bytes()); err != nil {
		tx.Abort()
		return err
	}
	return tx.Commit()
}
