package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/report"
	"github.com/orgsim/orgsim/scenarios"
)

// metricNames lists the metric names of a scenario with n disruptions.
func metricNames(n int) []string {
	var out []string
	for _, m := range experiment.Metrics(n) {
		out = append(out, m.Name)
	}
	return out
}

// shardFlag is "-shard i/n".
type shardFlag struct {
	textFlag
	i, n int
}

func (s *shardFlag) String() string {
	if s.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.i, s.n)
}

// shard defines -shard.
func (c *cli) shard() *shardFlag {
	s := &shardFlag{}
	c.fs.Var(s, "shard", "run only shard `i/n` (0 ≤ i < n), e.g. 0/4; combine the folders with orgsim merge")
	c.checks = append(c.checks, func() error {
		if !s.set {
			return nil
		}
		a, b, ok := strings.Cut(s.raw, "/")
		i, err1 := strconv.Atoi(a)
		n, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || n < 1 || n > maxShards || i < 0 || i >= n {
			return notAllowed("shard", s.raw, "i/n with 0 ≤ i < n, e.g. 0/4")
		}
		s.i, s.n = i, n
		return nil
	})
	return s
}

func sweepCmd(e *env, args []string) error {
	c := newCLI("sweep", e)
	fs := c.fs
	out := fs.String("out", "", "output folder `DIR` (default results/<sweep>; a shard's folder when sharded)")
	workers := c.int("workers", 0, 0, maxWorkers, "`N` parallel runs, 0 … 4096 (default 0: all cores)")
	quiet := fs.Bool("quiet", false, "no progress line and no time estimate")
	dry := fs.Bool("dry-run", false, "print the number of units and runs, the points that cannot run, and estimates of time and memory, and stop")
	resume := fs.Bool("resume", false, "continue an interrupted sweep in the same folder")
	force := fs.Bool("force", false, "write into a folder that holds other results, discarding a journal that cannot be continued")
	shardF := c.shard()
	reps := c.int("replications", 0, 1, maxReplications, "`N` replications per point, 1 … 100000 (replaces the file's replications or precision target)")
	horizon := c.duration("horizon", maxHorizonHours, "horizon `DUR` of every point, a working-time duration such as 20w, at most 1000y")
	maxMem := c.maxMemory()
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one sweep file or embedded sweep name")
	}
	shard := *shardF
	sw, err := scenarios.OpenSweep(pos[0], metricNames)
	if err != nil {
		return err
	}
	if reps.set {
		sw.Replications, sw.Precision = int(reps.v), nil
	}
	if horizon.set {
		setHorizon(sw, horizon.h)
	}
	sweep := experiment.NewSweep(sw)
	plan := sweep.Plan
	count := sweep.Count(shard.i, shard.n)
	opt := experiment.SweepOptions{Workers: int(workers.v), Resume: *resume, Force: *force, Shard: shard.i, Shards: shard.n, MaxMemory: maxMem.limit()}
	est := sweep.Estimate(opt)
	if *dry {
		return dryRun(e, sweep, count, est, shard, maxMem.limit())
	}
	if count.Valid == 0 {
		return &experiment.NoValidPointError{Plan: plan}
	}
	dir, res, took, cl, err := runInFolder(e, "sweep", sw.Name, sweep, opt, est, shard, *out, *quiet)
	if err != nil {
		return err
	}
	defer cl.release(true)
	perUnit := 0.0
	if count.Units > 0 {
		perUnit = count.Runs / float64(count.Units)
	}
	done := fmt.Sprintf("ran %d unit(s) (%.0f runs) in %s", res.Ran, float64(res.Ran)*perUnit, took)
	if res.Ran == 0 {
		done = "nothing was left to run"
	}
	switch {
	case res.Ran == 0 && res.Skipped > 0:
		done += fmt.Sprintf(": all %d unit(s) were already done (%s)", res.Skipped, filepath.Join(dir, experiment.JournalFile))
	case res.Skipped > 0:
		done += fmt.Sprintf("; %d unit(s) were already done (%s)", res.Skipped, filepath.Join(dir, experiment.JournalFile))
	}
	if shard.n > 1 {
		fmt.Fprintf(e.stdout, "shard %s of %s: %s. Its journal is in %s; combine the shards with orgsim merge -out DIR %s …\n",
			shard.String(), sw.Name, done, dir, dir)
		if len(res.Failures) > 0 {
			// A shard succeeds once its units are journalled, so that the
			// merge runs; the merge reports the failures and exits 1.
			fmt.Fprintf(e.stderr, "orgsim sweep: note: %d unit(s) of this shard failed; orgsim merge will report them:\n", len(res.Failures))
			printReasons(e, experiment.Reasons(&experiment.Plan{Points: nil}, res.Failures))
		}
		return nil
	}
	if err := report.WriteSweep(dir, res, sweepMeta(e)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s. %s.\nResults: %s (runs.csv, summary.csv, figures).\n", plan.Name, done, pointsLine(count), dir)
	return sweepProblems(plan, res, dir)
}

// setHorizon gives the base and every point of sw the horizon h (-horizon),
// leaving out the disruptions at or after it; a point that is then invalid
// keeps its error.
func setHorizon(sw *scenarios.Sweep, h float64) {
	scs := []*scenarios.Scenario{sw.Base}
	for i := range sw.Points {
		if sw.Points[i].Scenario != nil {
			scs = append(scs, sw.Points[i].Scenario)
		}
	}
	for _, sc := range scs {
		sc.Config.Horizon = h
		var kept []model.Disruption
		for _, d := range sc.Config.Disruptions {
			if d.At < h {
				kept = append(kept, d)
			}
		}
		sc.Config.Disruptions = kept
	}
	for i := range sw.Points {
		if sc := sw.Points[i].Scenario; sc != nil {
			if err := sc.Config.Validate(); err != nil {
				sw.Points[i].Scenario, sw.Points[i].Err = nil, err
			}
		}
	}
}

// pointsLine says how many points a sweep has and how many can run.
func pointsLine(c experiment.Count) string {
	if c.Valid == c.Points {
		return fmt.Sprintf("%d point(s), all valid", c.Points)
	}
	return fmt.Sprintf("%d point(s), %d valid, %d cannot run", c.Points, c.Valid, c.Points-c.Valid)
}

// sweepProblems returns, after everything is written, the error that says
// which points could not run and which units failed, with the reasons;
// nil when every unit of every point finished.
func sweepProblems(plan *experiment.Plan, res *experiment.SweepResult, dir string) error {
	invalid := 0
	for _, p := range plan.Points {
		if p.Status != "ok" {
			invalid++
		}
	}
	if invalid == 0 && len(res.Failures) == 0 {
		return nil
	}
	var parts []string
	if invalid > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d point(s) cannot run", invalid, len(plan.Points)))
	}
	if len(res.Failures) > 0 {
		parts = append(parts, fmt.Sprintf("%d unit(s) failed", len(res.Failures)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s; everything else is written to %s, and the status column of runs.csv says why:", strings.Join(parts, " and "), dir)
	writeReasons(&b, experiment.Reasons(plan, res.Failures))
	return errors.New(b.String())
}

// maxReasons is the number of reasons listed; the rest are counted.
const maxReasons = 5

// writeReasons lists the first reasons, one a line, and counts the rest.
func writeReasons(b *strings.Builder, rs []experiment.Reason) {
	for i, r := range rs {
		if i == maxReasons {
			fmt.Fprintf(b, "\n  … and %d more reason(s)", len(rs)-maxReasons)
			break
		}
		fmt.Fprintf(b, "\n  %s", r)
	}
}

func printReasons(e *env, rs []experiment.Reason) {
	var b strings.Builder
	writeReasons(&b, rs)
	fmt.Fprintln(e.stderr, strings.TrimPrefix(b.String(), "\n"))
}

// dryRun prints what the sweep would run, the points that cannot run with
// their reasons, and the estimates; it fails when no point can run or the
// estimate exceeds the limit.
func dryRun(e *env, s *experiment.Sweep, c experiment.Count, est experiment.Estimate, shard shardFlag, limit int64) error {
	p := s.Plan
	upTo := ""
	reps := p.Replications
	if c.UpTo {
		upTo, reps = "up to ", p.Precision.Max
	}
	runs := fmt.Sprintf("%d organisation(s)", len(p.Organisations))
	if len(p.Metrics) > len(experiment.Metrics(0)) {
		runs += ", each with its undisturbed twin"
	}
	who := p.Name
	if shard.n > 1 {
		who = fmt.Sprintf("%s, shard %s", p.Name, shard.String())
	}
	fmt.Fprintf(e.stdout, "%s: %d points (%d valid) × %s%d replications = %s%d units to run, %s%.0f runs (%s), about %.3g million issues.\n",
		who, c.Points, c.Valid, upTo, reps, upTo, c.Units, upTo, c.Runs, runs, c.Issues/1e6)
	if limit == 0 {
		limit = experiment.DefaultMaxMemory
	}
	fmt.Fprintf(e.stdout, "Estimate with %d worker(s): about %s (at %s per issue and worker; measure with a first run); peak memory about %s (limit %s).\n",
		est.Workers, roughly(est.Time()), experiment.CostPerIssue, experiment.FormatBytes(est.Bytes), experiment.FormatBytes(float64(limit)))
	if c.Valid < c.Points {
		fmt.Fprintln(e.stdout, "Points that cannot run (not run; runs.csv gives their status):")
		for i, pt := range p.Points {
			if pt.Status != "ok" {
				fmt.Fprintf(e.stdout, "  point %d (%s): %s\n", i, strings.Join(pt.Values, ", "), pt.Status)
			}
		}
	}
	if c.Valid == 0 {
		return fmt.Errorf("none of the %d point(s) of sweep %q can run", c.Points, p.Name)
	}
	if err := est.Check(limit); err != nil {
		return memoryAdvice(err)
	}
	return nil
}

func sweepMeta(e *env) report.Meta {
	return report.Meta{Command: e.commandLine(), Version: Version, GoVersion: runtime.Version(), GOARCH: runtime.GOARCH}
}

func mergeCmd(e *env, args []string) error {
	c := newCLI("merge", e)
	out := c.fs.String("out", "", "folder for the merged results (required)")
	force := c.fs.Bool("force", false, "write into a folder that holds other results")
	maxMem := c.maxMemory()
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) == 0 {
		return usagef("want -out DIR and one or more shard folders")
	}
	var plan *experiment.Plan
	for _, d := range pos {
		p, err := experiment.ReadPlan(d)
		if err != nil {
			return err
		}
		if p.Model != experiment.ModelVersion {
			return fmt.Errorf("%s was written by model version %s, but this orgsim runs model version %s: its units cannot be merged with this model's (allowed: merge with the orgsim that wrote it, or run the sweep again)", d, p.Model, experiment.ModelVersion)
		}
		if plan == nil {
			plan = p
			continue
		}
		if p.Hash != plan.Hash {
			return fmt.Errorf("%s is a shard of a different sweep (%s, hash %.12s) than %s (%s, hash %.12s); merge only shards of one sweep", d, p.Name, p.Hash, pos[0], plan.Name, plan.Hash)
		}
	}
	if err := experiment.EstimateMerge(plan).Check(maxMem.limit()); err != nil {
		return memoryAdvice(err)
	}
	cl, err := claimFolder(e, *out, report.Folder{Kind: report.SweepFolder, Name: plan.Name, Hash: plan.Hash}, *force)
	if err != nil {
		return err
	}
	written := false
	defer func() { cl.release(written) }()
	res, err := experiment.Assemble(plan, pos)
	if err != nil {
		var ie *experiment.IncompleteError
		if errors.As(err, &ie) {
			return fmt.Errorf("cannot merge: %v", err)
		}
		return err
	}
	if err := experiment.WriteMerged(*out, res, pos); err != nil {
		return err
	}
	written = true
	if plan.Sensitivity != nil {
		fmt.Fprintf(e.stdout, "merged %d folder(s) of %s: %d rows into %s\n", len(pos), plan.Name, len(res.Runs), *out)
		return writeStudy(e, *out, res)
	}
	if err := report.WriteSweep(*out, res, sweepMeta(e)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "merged %d folder(s) of %s: %d rows into %s\n", len(pos), plan.Name, len(res.Runs), *out)
	return sweepProblems(plan, res, *out)
}

// runInFolder is what orgsim sweep and orgsim sensitivity share once the
// plan is checked: the memory estimate checked against the limit, the
// output folder claimed (out, else results/NAME or its shard's folder),
// the expected time noted, and every unit run with a progress line. It
// returns the folder, the result, the time taken and the claim, which the
// caller releases as written; when the run fails it has released the
// claim already (removing the folders it created).
func runInFolder(e *env, command, name string, sweep *experiment.Sweep, opt experiment.SweepOptions, est experiment.Estimate, shard shardFlag, out string, quiet bool) (string, *experiment.SweepResult, time.Duration, *claim, error) {
	if err := est.Check(opt.MaxMemory); err != nil {
		return "", nil, 0, nil, memoryAdvice(err)
	}
	dir := out
	if dir == "" {
		dir = "results/" + name
		if shard.n > 1 {
			dir += fmt.Sprintf("/shard-%d-of-%d", shard.i, shard.n)
		}
	}
	want := report.Folder{Kind: report.SweepFolder, Name: sweep.Plan.Name, Hash: sweep.Plan.Hash}
	if shard.n > 1 {
		want.Kind, want.Shard = report.ShardFolder, shard.String()
	}
	cl, err := claimFolder(e, dir, want, opt.Force)
	if err != nil {
		return "", nil, 0, nil, err
	}
	if !quiet {
		timeNote(e, command, est)
	}
	prog := newProgress(e, quiet)
	opt.Dir, opt.Progress = dir, prog.update
	if e.debug() {
		opt.Stacks = e.stderr
	}
	start := time.Now()
	res, err := sweep.Run(opt)
	prog.done()
	if err != nil {
		cl.release(false)
		return "", nil, 0, nil, memoryAdvice(err)
	}
	return dir, res, time.Since(start).Round(100 * time.Millisecond), cl, nil
}
