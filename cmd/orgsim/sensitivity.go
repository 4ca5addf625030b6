package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/report"
	"github.com/orgsim/orgsim/scenarios"
)

func init() {
	commands = append(commands, &command{name: "sensitivity", args: "FILE|NAME",
		summary: "which scenario keys drive a result: Morris or Sobol' indices on the sweep machinery",
		example: "orgsim sensitivity sensitivity-knowledge -dry-run\n  orgsim sensitivity my-study.toml -workers 8\n  orgsim sensitivity my-study.toml -resume          # after an interruption\n  orgsim sensitivity my-study.toml -shard 0/4 -out shards/0\n  orgsim merge -out results/my-study shards/0 shards/1 shards/2 shards/3",
		run:     sensitivityCmd})
}

// sensitivityCmd runs a sensitivity file: its design's points as a sweep
// (journalled, resumable, shardable, the same bytes at any worker count),
// then the indices of every output.
func sensitivityCmd(e *env, args []string) error {
	c := newCLI("sensitivity", e)
	fs := c.fs
	out := fs.String("out", "", "output folder `DIR` (default results/<study>; a shard's folder when sharded)")
	workers := c.int("workers", 0, 0, maxWorkers, "`N` parallel runs, 0 … 4096 (default 0: all cores)")
	quiet := fs.Bool("quiet", false, "no progress line and no time estimate")
	dry := fs.Bool("dry-run", false, "print the design, the number of units and runs, the points that cannot run, and estimates of time and memory, and stop")
	resume := fs.Bool("resume", false, "continue an interrupted study in the same folder")
	force := fs.Bool("force", false, "write into a folder that holds other results, discarding a journal that cannot be continued")
	shardF := c.shard()
	reps := c.int("replications", 0, 1, maxReplications, "`N` replications per point, 1 … 100000 (replaces the file's)")
	horizon := c.duration("horizon", maxHorizonHours, "horizon `DUR` of every point, a working-time duration such as 20w, at most 1000y")
	maxMem := c.maxMemory()
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one sensitivity file or embedded sensitivity file name")
	}
	shard := *shardF
	st, err := scenarios.OpenSensitivity(pos[0], metricNames)
	if err != nil {
		return err
	}
	if reps.set {
		st.Replications, st.Sweep.Replications = int(reps.v), int(reps.v)
	}
	if horizon.set {
		setHorizon(st.Sweep, horizon.h)
	}
	sweep := experiment.NewStudy(st)
	count := sweep.Count(shard.i, shard.n)
	opt := experiment.SweepOptions{Workers: int(workers.v), Resume: *resume, Force: *force, Shard: shard.i, Shards: shard.n, MaxMemory: maxMem.limit()}
	est := sweep.Estimate(opt)
	if *dry {
		fmt.Fprintln(e.stdout, designLine(st))
		if err := dryRun(e, sweep, count, est, shard, maxMem.limit()); err != nil {
			return err
		}
		return experiment.CheckStudy(sweep)
	}
	if err := experiment.CheckStudy(sweep); err != nil {
		return err
	}
	dir, res, took, cl, err := runInFolder(e, "sensitivity", st.Name, sweep, opt, est, shard, *out, *quiet)
	if err != nil {
		return err
	}
	defer cl.release(true)
	done := fmt.Sprintf("ran %d unit(s) in %s", res.Ran, took)
	switch {
	case res.Ran == 0 && res.Skipped > 0:
		done = fmt.Sprintf("nothing was left to run: all %d unit(s) were already done (%s)", res.Skipped, filepath.Join(dir, experiment.JournalFile))
	case res.Skipped > 0:
		done += fmt.Sprintf("; %d unit(s) were already done (%s)", res.Skipped, filepath.Join(dir, experiment.JournalFile))
	}
	if shard.n > 1 {
		fmt.Fprintf(e.stdout, "shard %s of %s: %s. Its journal is in %s; combine the shards with orgsim merge -out DIR %s …\n",
			shard.String(), st.Name, done, dir, dir)
		if len(res.Failures) > 0 {
			fmt.Fprintf(e.stderr, "orgsim sensitivity: note: %d unit(s) of this shard failed; orgsim merge will report them:\n", len(res.Failures))
			printReasons(e, experiment.Reasons(&experiment.Plan{}, res.Failures))
		}
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %s. %s.\n", st.Name, done, designLine(st))
	return writeStudy(e, dir, res)
}

// writeStudy analyses a finished study, writes its folder and prints each
// output's factors in order of influence; when the analysis fails (a
// failed unit, an output without a value) it writes the runs and the
// summary and returns why.
func writeStudy(e *env, dir string, res *experiment.SweepResult) error {
	sr, aerr := experiment.AnalyseStudy(res)
	if aerr != nil && !experiment.IsStudyError(aerr) {
		return aerr
	}
	if err := report.WriteStudy(dir, res, sr, sweepMeta(e)); err != nil {
		return err
	}
	if aerr != nil {
		why := ""
		var fe *experiment.StudyFailedError
		if errors.As(aerr, &fe) {
			why = "; the status column says why a unit failed"
		}
		return fmt.Errorf("%v\nThe runs are written to %s (runs.csv, summary.csv%s); sensitivity.csv is not", aerr, dir, why)
	}
	printRanking(e, sr)
	fmt.Fprintf(e.stdout, "Results: %s (sensitivity.csv, runs.csv, summary.csv, figures).\n", dir)
	return nil
}

// designLine describes a study's design in one sentence.
func designLine(st *scenarios.Sensitivity) string {
	d := st.Design
	k := len(d.Factors)
	dummy := ""
	if slices.ContainsFunc(d.Factors, func(f scenarios.Factor) bool { return f.Distribution == scenarios.DistDummy }) {
		dummy = ", the dummy included"
	}
	n := len(st.Sweep.Points)
	if d.Method == "morris" {
		spread := ""
		if d.Candidates > 0 {
			spread = fmt.Sprintf(" chosen from %d for their spread", d.Candidates)
		}
		return fmt.Sprintf("Morris design: %d factor(s)%s, %d trajectories%s on %d levels: %d points × %d replication(s)", k, dummy, d.Trajectories, spread, d.Levels, n, st.Sweep.Replications)
	}
	return fmt.Sprintf("Sobol' design (%s): %d factor(s)%s, %d replicates of N = %d: %d points × %d replication(s)", d.Sampling, k, dummy, d.Replicates, d.N, n, st.Sweep.Replications)
}

// printRanking prints, per output, the factors in decreasing order of μ*
// (Morris) or of the total index (Sobol'), each marked where its interval
// does not clear the dummy's.
func printRanking(e *env, sr *experiment.StudyResult) {
	index := experiment.IndexMuStar
	if sr.Design.Method == "sobol" {
		index = experiment.IndexTotal
	}
	fmt.Fprintf(e.stdout, "Factors by %s (· marks one whose interval does not clear the dummy's, the noise floor):\n", map[string]string{experiment.IndexMuStar: "μ*", experiment.IndexTotal: "total index"}[index])
	for _, o := range sr.Outputs {
		var rows []experiment.IndexRow
		for _, r := range sr.Rows {
			if r.Output == o.Output && r.Index == index {
				rows = append(rows, r)
			}
		}
		slices.SortStableFunc(rows, func(a, b experiment.IndexRow) int {
			switch {
			case a.Estimate > b.Estimate:
				return -1
			case a.Estimate < b.Estimate:
				return 1
			}
			return 0
		})
		parts := make([]string, len(rows))
		for i, r := range rows {
			mark := ""
			if r.AboveNoise == "false" {
				mark = "·"
			}
			parts[i] = fmt.Sprintf("%s %s%s", r.Factor, short(r.Estimate), mark)
		}
		fmt.Fprintf(e.stdout, "  %s: %s\n", o.Output, strings.Join(parts, ", "))
	}
}

// short writes an index to three significant figures.
func short(x float64) string { return fmt.Sprintf("%.3g", x) }
