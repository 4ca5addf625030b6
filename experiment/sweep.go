package experiment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/orgsim/orgsim/internal/numtext"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
)

// ModelVersion names the behaviour of the model and the metrics; a unit's
// id includes it, so a journal written by a model that would compute
// different numbers is not reused. Change it whenever a change alters any
// run's results. It is not the build's version.
const ModelVersion = "orgsim-model-2026.11.1"

// JournalFile is the name of a sweep's journal in its output folder, and
// PlanFile that of its resolved plan.
const (
	JournalFile = "journal.jsonl"
	PlanFile    = "sweep.json"
)

// SweepOptions says how a sweep runs.
type SweepOptions struct {
	Dir      string // output folder: the journal and the plan go there
	Workers  int    // 0: runtime.GOMAXPROCS(0)
	Resume   bool   // skip units already in the journal (its torn last line is discarded)
	Shard    int    // this shard, 0 … Shards−1
	Shards   int    // 0 or 1: no sharding
	Progress func(done, total int)
}

// Plan is the resolved sweep as written to sweep.json: enough to merge
// shards and write outputs without the sweep file.
type Plan struct {
	Name          string               `json:"name"`
	Hash          string               `json:"hash"`
	Model         string               `json:"model"`
	Seed          uint64               `json:"seed"`
	Design        string               `json:"design"`
	Replications  int                  `json:"replications"`
	Precision     *scenarios.Precision `json:"precision,omitempty"`
	Axes          []string             `json:"axes"`
	Points        []PlanPoint          `json:"points"`
	Organisations []string             `json:"organisations"`
	Metrics       []Metric             `json:"metrics"`
	Summarised    []string             `json:"summarised"`
}

// PlanPoint is one point of a plan.
type PlanPoint struct {
	Values []string `json:"values"`
	Hash   string   `json:"hash"`
	Status string   `json:"status"` // "ok", or why the point cannot run
}

// entry is one journal line: one finished (point, replication) unit.
type entry struct {
	ID     string              `json:"id"`
	Point  int                 `json:"point"`
	Rep    int                 `json:"rep"`
	Status string              `json:"status"`
	Values map[string][]string `json:"values,omitempty"` // per organisation, every metric
}

// header is the journal's first line.
type header struct {
	Sweep string `json:"sweep"`
	Model string `json:"model"`
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
// (Statistic "mean") or a paired difference between two organisations
// ("paired_difference", Organisation "A-B").
type SweepRow struct {
	Point        int
	Organisation string
	Metric       string
	Statistic    string
	Stat
}

// SweepResult is a finished sweep in canonical order (point, replication,
// organisation).
type SweepResult struct {
	Plan    *Plan
	Runs    []SweepRun
	Summary []SweepRow
	Reps    []int // replications run per point
}

// NewPlan resolves a sweep into its plan.
func NewPlan(sw *scenarios.Sweep) *Plan {
	p := &Plan{
		Name: sw.Name, Hash: scenarios.SweepHash(sw), Model: ModelVersion, Seed: sw.Seed,
		Design: sw.Design, Replications: sw.Replications, Precision: sw.Precision,
		Metrics: Metrics(len(sw.Base.Config.Disruptions)), Summarised: sw.Metrics,
	}
	for _, a := range sw.Axes {
		p.Axes = append(p.Axes, a.Key)
	}
	for _, o := range sw.Base.Config.Organisations {
		p.Organisations = append(p.Organisations, o.Name)
	}
	for i := range sw.Points {
		pt := &sw.Points[i]
		st := "ok"
		if pt.Err != nil {
			st = pointStatus(pt.Err)
		}
		p.Points = append(p.Points, PlanPoint{Values: pt.Values, Hash: scenarios.PointHash(pt), Status: st})
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
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%d|%d|%s", p.Points[point].Hash, point, rep, p.Seed, p.Model)))
	return hex.EncodeToString(h[:8])
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

// RunSweep runs the sweep's units (those of opt.Shard when sharded),
// journalling each finished unit at once. Unsharded, it returns the result;
// sharded, it returns nil after its units are done (merge the shards).
func RunSweep(sw *scenarios.Sweep, opt SweepOptions) (*SweepResult, error) {
	plan := NewPlan(sw)
	shards := max(opt.Shards, 1)
	if opt.Shard < 0 || opt.Shard >= shards {
		return nil, fmt.Errorf("shard %d/%d: want 0 ≤ i < n", opt.Shard, shards)
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s cannot be created: %v", opt.Dir, err)
	}
	if err := writeAtomic(filepath.Join(opt.Dir, PlanFile), mustJSON(plan)); err != nil {
		return nil, err
	}
	j, done, err := openJournal(filepath.Join(opt.Dir, JournalFile), plan, opt.Resume)
	if err != nil {
		return nil, err
	}
	defer j.Close()

	cfgs := make([]*model.Plan, len(sw.Points))
	for i := range sw.Points {
		if sw.Points[i].Scenario == nil {
			continue
		}
		c := cloneConfig(&sw.Points[i].Scenario.Config)
		c.Seed = plan.Seed
		c.Metrics.KeepIssues = len(c.Disruptions) > 0
		mp, err := model.NewPlan(c)
		if err != nil {
			plan.Points[i].Status = pointStatus(err)
			continue
		}
		cfgs[i] = mp
	}
	s := &sweeper{plan: plan, plans: cfgs, journal: j, done: done, opt: opt, shards: shards}
	if err := s.run(); err != nil {
		return nil, err
	}
	if shards > 1 {
		return nil, nil
	}
	return Assemble(plan, []string{opt.Dir})
}

type job struct{ point, rep int }

type sweeper struct {
	plan    *Plan
	plans   []*model.Plan
	journal *journal
	done    map[string]entry
	opt     SweepOptions
	shards  int
	// precision bookkeeping: values of the checked metric per point and
	// organisation, by replication
	reps map[int]int // replications scheduled per point
}

// run schedules and runs the units, writing each to the journal.
func (s *sweeper) run() error {
	p := s.plan
	s.reps = map[int]int{}
	var pending []job
	total := 0
	for pt := range p.Points {
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

// unit runs every organisation of one (point, replication).
func (s *sweeper) unit(jb job) entry {
	p := s.plan
	e := entry{ID: p.unitID(jb.point, jb.rep), Point: jb.point, Rep: jb.rep, Status: p.Points[jb.point].Status}
	mp := s.plans[jb.point]
	if e.Status != "ok" || mp == nil {
		return e
	}
	cfg := mp.Config()
	e.Values = map[string][]string{}
	for org, name := range p.Organisations {
		res, err := mp.Run(org, uint64(jb.rep), false)
		var rs []model.Resilience
		if err == nil && len(cfg.Disruptions) > 0 {
			var twin *model.Result
			if twin, err = mp.Run(org, uint64(jb.rep), true); err == nil {
				rs, err = model.Compare(cfg, res, twin)
			}
		}
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

// journal appends unit lines to the journal file, one write per line.
type journal struct{ f *os.File }

func (j *journal) write(e entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = j.f.Write(append(b, '\n'))
	return err
}

func (j *journal) Close() error { return j.f.Close() }

// openJournal opens (or, resuming, reopens) the journal and returns the
// units it already holds. A torn last line is cut off; a journal of another
// sweep or model is refused.
func openJournal(path string, plan *Plan, resume bool) (*journal, map[string]entry, error) {
	done := map[string]entry{}
	if resume {
		h, entries, good, err := readJournal(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			resume = false
		case err != nil:
			return nil, nil, err
		case h.Sweep != plan.Hash || h.Model != plan.Model:
			return nil, nil, fmt.Errorf("%s belongs to a different sweep or model version; use another -out folder or remove it", path)
		default:
			if err := os.Truncate(path, good); err != nil {
				return nil, nil, err
			}
			for _, e := range entries {
				done[e.ID] = e
			}
		}
	}
	if !resume {
		if _, err := os.Stat(path); err == nil {
			return nil, nil, fmt.Errorf("%s exists: add -resume to continue that sweep, or choose another -out folder", path)
		}
		b, _ := json.Marshal(header{Sweep: plan.Hash, Model: plan.Model})
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			return nil, nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, nil, err
	}
	return &journal{f: f}, done, nil
}

// readJournal reads a journal: its header, its complete unit lines, and the
// length in bytes of the part that is whole (a torn last line is left out).
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
	first := true
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			break // a line without its newline is torn: dropped
		}
		if err != nil {
			return h, nil, 0, err
		}
		if first {
			if json.Unmarshal(line, &h) != nil || h.Sweep == "" {
				return h, nil, 0, fmt.Errorf("%s is not a sweep journal", path)
			}
			first = false
			good += int64(len(line))
			continue
		}
		var e entry
		if json.Unmarshal(line, &e) != nil || e.ID == "" {
			break // a damaged line: it and anything after are discarded
		}
		entries = append(entries, e)
		good += int64(len(line))
	}
	if first {
		return h, nil, 0, fmt.Errorf("%s is empty", path)
	}
	return h, entries, good, nil
}

// Assemble reads the journals in dirs (one folder, or the folders of a
// sweep's shards) and returns the sweep's result in canonical order. It
// refuses journals of different sweeps and reports missing or duplicated
// units.
func Assemble(plan *Plan, dirs []string) (*SweepResult, error) {
	units := map[string]entry{}
	var dups []string
	for _, d := range dirs {
		h, entries, _, err := readJournal(filepath.Join(d, JournalFile))
		if err != nil {
			return nil, err
		}
		if h.Sweep != plan.Hash || h.Model != plan.Model {
			return nil, fmt.Errorf("%s: a journal of a different sweep (hash %.12s, want %.12s) or model version", d, h.Sweep, plan.Hash)
		}
		for _, e := range entries {
			if prev, ok := units[e.ID]; ok {
				if !sameEntry(prev, e) {
					return nil, fmt.Errorf("%s: unit point %d replication %d was journalled twice with different results", d, e.Point, e.Rep)
				}
				dups = append(dups, fmt.Sprintf("point %d replication %d (%s)", e.Point, e.Rep, d))
			}
			units[e.ID] = e
		}
	}
	res := &SweepResult{Plan: plan, Reps: make([]int, len(plan.Points))}
	var missing []string
	for pt := range plan.Points {
		n := plan.Replications
		if plan.Precision != nil {
			n = plan.Precision.Max
		}
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
	_ = dups // duplicates with equal results are harmless: one is kept
	for pt := range plan.Points {
		for r := 0; r < res.Reps[pt]; r++ {
			e := units[plan.unitID(pt, r)]
			for _, org := range plan.Organisations {
				run := SweepRun{Point: pt, Rep: r, Seed: plan.Seed, Organisation: org, Status: e.Status}
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

// summarise computes, per point, organisation and summarised metric, the
// mean with its interval, and the paired differences of the first
// organisation against each other one.
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
				rows = append(rows, SweepRow{Point: pt, Organisation: name, Metric: m, Statistic: "mean", Stat: MeanCI(col(o, idx[m]))})
			}
		}
		for o := 1; o < norg; o++ {
			for _, m := range plan.Summarised {
				a, b := col(0, idx[m]), col(o, idx[m])
				d := make([]float64, reps)
				for i := range d {
					d[i] = a[i] - b[i]
				}
				rows = append(rows, SweepRow{Point: pt, Organisation: plan.Organisations[0] + "-" + plan.Organisations[o], Metric: m, Statistic: "paired_difference", Stat: MeanCI(d)})
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

// writeAtomic writes b to path through a temporary file and a rename.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
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

// WriteMerged writes into dir the plan and one journal holding every unit
// of the shard folders, in canonical order, so the merged folder can be
// resumed or merged again like an unsharded sweep's.
func WriteMerged(dir string, r *SweepResult, shards []string) error {
	units := map[string][]byte{}
	for _, d := range shards {
		_, entries, _, err := readJournal(filepath.Join(d, JournalFile))
		if err != nil {
			return err
		}
		for _, e := range entries {
			b, _ := json.Marshal(e)
			units[e.ID] = b
		}
	}
	var buf bytes.Buffer
	h, _ := json.Marshal(header{Sweep: r.Plan.Hash, Model: r.Plan.Model})
	buf.Write(append(h, '\n'))
	for pt := range r.Plan.Points {
		for rep := 0; rep < r.Reps[pt]; rep++ {
			buf.Write(append(units[r.Plan.unitID(pt, rep)], '\n'))
		}
	}
	if err := writeAtomic(filepath.Join(dir, PlanFile), mustJSON(r.Plan)); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, JournalFile), buf.Bytes())
}
