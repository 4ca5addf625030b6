package main

import (
	"errors"
	"fmt"
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
type shardFlag struct{ i, n int }

func (s *shardFlag) String() string {
	if s.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.i, s.n)
}

func (s *shardFlag) Set(v string) error {
	a, b, ok := strings.Cut(v, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return fmt.Errorf("want i/n with 0 ≤ i < n, e.g. 0/4")
	}
	s.i, s.n = i, n
	return nil
}

func sweepCmd(e *env, args []string) error {
	fs := flags("sweep", e)
	out := fs.String("out", "", "output folder (default results/<sweep>; a shard's folder when sharded)")
	workers := fs.Int("workers", 0, "parallel runs (default: all cores)")
	quiet := fs.Bool("quiet", false, "no progress line")
	dry := fs.Bool("dry-run", false, "print the number of runs and an estimate of the time, and stop")
	resume := fs.Bool("resume", false, "continue an interrupted sweep in the same folder")
	var shard shardFlag
	fs.Var(&shard, "shard", "run only shard i of n (0-based), e.g. 0/4; combine the folders with orgsim merge")
	reps := fs.Int("replications", 0, "replications per point (replaces the file's replications or precision target)")
	var horizon durationFlag
	fs.Var(&horizon, "horizon", "horizon of every point, e.g. 20w")
	pos, err := parse(fs, args)
	if err != nil {
		return parseErr(err)
	}
	if len(pos) != 1 {
		return usagef("want one sweep file or embedded sweep name")
	}
	sw, err := scenarios.OpenSweep(pos[0], metricNames)
	if err != nil {
		return err
	}
	if *reps < 0 {
		return usagef("-replications %d: want ≥ 1", *reps)
	}
	if *reps > 0 {
		sw.Replications, sw.Precision = *reps, nil
	}
	if horizon.set {
		scs := []*scenarios.Scenario{sw.Base}
		for i := range sw.Points {
			if sw.Points[i].Scenario != nil {
				scs = append(scs, sw.Points[i].Scenario)
			}
		}
		for _, sc := range scs {
			sc.Config.Horizon = horizon.h
			var kept []model.Disruption
			for _, d := range sc.Config.Disruptions {
				if d.At < horizon.h {
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
	plan := experiment.NewPlan(sw)
	units, runs, issues := 0, 0, 0.0
	valid := 0
	for i, pt := range plan.Points {
		n := plan.Replications
		if plan.Precision != nil {
			n = plan.Precision.Max
		}
		units += n
		if pt.Status != "ok" {
			continue
		}
		valid++
		cfg := &sw.Points[i].Scenario.Config
		per := len(cfg.Organisations)
		if len(cfg.Disruptions) > 0 {
			per *= 2
		}
		runs += n * per
		issues += float64(n*per) * float64(cfg.Work.Teams) * cfg.Work.Rate * cfg.Horizon
	}
	w := *workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	if *dry {
		upTo := ""
		if plan.Precision != nil {
			upTo = "up to "
		}
		est := time.Duration(issues / (5e5 * float64(w)) * float64(time.Second))
		fmt.Fprintf(e.stdout, "%s: %d points (%d valid) × %s%d replications = %s%d units, %d runs (organisations and their undisturbed twins), about %.3g million issues.\n",
			sw.Name, len(plan.Points), valid, upTo, max(plan.Replications, 0), upTo, units, runs, issues/1e6)
		fmt.Fprintf(e.stdout, "Estimate with %d worker(s): %s (at about 0.5 million issues per second per worker; measure with a first run).\n", w, est.Round(time.Second))
		if shard.n > 1 {
			fmt.Fprintf(e.stdout, "Shard %d/%d runs about 1/%d of the units.\n", shard.i, shard.n, shard.n)
		}
		return nil
	}
	dir := *out
	if dir == "" {
		dir = "results/" + sw.Name
		if shard.n > 1 {
			dir += fmt.Sprintf("/shard-%d-of-%d", shard.i, shard.n)
		}
	}
	if err := writable(dir); err != nil {
		return err
	}
	prog := newProgress(e, *quiet)
	start := time.Now()
	res, err := experiment.RunSweep(sw, experiment.SweepOptions{
		Dir: dir, Workers: *workers, Resume: *resume, Shard: shard.i, Shards: shard.n, Progress: prog.update,
	})
	prog.done()
	if err != nil {
		return err
	}
	if res.Runs == nil { // a shard: merge gives the results
		fmt.Fprintf(e.stdout, "shard %d/%d of %s done in %s: its journal is in %s; combine the shards with orgsim merge -out DIR %s …\n",
			shard.i, shard.n, sw.Name, time.Since(start).Round(100*time.Millisecond), dir, dir)
		return nil
	}
	if err := report.WriteSweep(dir, res, sweepMeta(e)); err != nil {
		return err
	}
	summariseSweep(e, res, dir, time.Since(start))
	return nil
}

func sweepMeta(e *env) report.Meta {
	return report.Meta{Command: "orgsim " + strings.Join(e.args, " "), Version: Version, GoVersion: runtime.Version(), GOARCH: runtime.GOARCH}
}

// summariseSweep prints one line per point: its values and its status.
func summariseSweep(e *env, r *experiment.SweepResult, dir string, took time.Duration) {
	p := r.Plan
	bad := 0
	for _, pt := range p.Points {
		if pt.Status != "ok" {
			bad++
		}
	}
	for _, run := range r.Runs {
		if run.Status != "ok" && p.Points[run.Point].Status == "ok" {
			bad++
			break
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d points, %d runs in %s.\n", p.Name, len(p.Points), len(r.Runs), took.Round(100*time.Millisecond))
	for i, pt := range p.Points {
		if pt.Status != "ok" {
			fmt.Fprintf(e.stdout, "  point %d (%s): %s\n", i, strings.Join(pt.Values, ", "), pt.Status)
		}
	}
	seen := map[int]bool{}
	for _, run := range r.Runs {
		if run.Status != "ok" && p.Points[run.Point].Status == "ok" && !seen[run.Point] {
			seen[run.Point] = true
			fmt.Fprintf(e.stdout, "  point %d (%s): %s\n", run.Point, strings.Join(p.Points[run.Point].Values, ", "), run.Status)
		}
	}
	fmt.Fprintf(e.stdout, "Results: %s (runs.csv, summary.csv, figures).\n", dir)
}

func mergeCmd(e *env, args []string) error {
	fs := flags("merge", e)
	out := fs.String("out", "", "folder for the merged results (required)")
	pos, err := parse(fs, args)
	if err != nil {
		return parseErr(err)
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
		if plan == nil {
			plan = p
			continue
		}
		if p.Hash != plan.Hash {
			return fmt.Errorf("%s is a shard of a different sweep (%s, hash %.12s) than %s (%s, hash %.12s); merge only shards of one sweep", d, p.Name, p.Hash, pos[0], plan.Name, plan.Hash)
		}
	}
	if err := writable(*out); err != nil {
		return err
	}
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
	if err := report.WriteSweep(*out, res, sweepMeta(e)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "merged %d folder(s) of %s: %d runs into %s\n", len(pos), plan.Name, len(res.Runs), *out)
	return nil
}
