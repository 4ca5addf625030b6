package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/scenarios"
)

// checkCmd runs scenarios and judges their expectations, writing nothing.
func checkCmd(e *env, args []string) error {
	c := newCLI("check", e)
	reps := c.int("replications", 0, 1, maxReplications, "`N` replications, 1 … 100000 (default: each scenario's)")
	seed := c.seed("seed `S`, 0 … 2⁶⁴−1 (default: each scenario's)")
	workers := c.int("workers", 0, 0, maxWorkers, "`N` parallel runs, 0 … 4096 (default 0: all cores)")
	maxMem := c.maxMemory()
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("no scenario given (allowed: scenario files or embedded names; orgsim scenarios lists those)")
	}
	var failed, broken []string
	legend := false // the verdicts' legend, printed before the first
	for _, arg := range pos {
		sc, err := scenarios.Open(arg)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			broken = append(broken, arg)
			continue
		}
		for _, w := range sc.Warnings {
			fmt.Fprintln(e.stderr, w)
		}
		if len(sc.Expect) == 0 {
			fmt.Fprintf(e.stdout, "%s: no expectations to check\n", sc.Name)
			continue
		}
		if reps.set {
			sc.Replications = int(reps.v)
		}
		if seed.set {
			sc.Config.Seed = seed.v
		}
		opt := experiment.Options{Replications: sc.Replications, Only: -1, Workers: int(workers.v), MaxMemory: maxMem.limit()}
		est := experiment.EstimateRun(&sc.Config, opt)
		if err := est.Check(opt.MaxMemory); err != nil {
			fmt.Fprintf(e.stderr, "orgsim check: %s: %v\n", sc.Name, memoryAdvice(err))
			broken = append(broken, arg)
			continue
		}
		prog := newProgress(e, false)
		opt.Progress = prog.update
		o, err := experiment.Run(sc.Name, &sc.Config, opt)
		prog.done()
		if err != nil {
			if errors.As(err, new(*experiment.PanicError)) {
				return err // a bug: reported as an internal error
			}
			fmt.Fprintf(e.stderr, "orgsim check: %s: %v\n", sc.Name, memoryAdvice(err))
			broken = append(broken, arg)
			continue
		}
		rows := experiment.Evaluate(o, sc.Expect)
		count := map[experiment.Verdict]int{}
		for _, r := range rows {
			count[r.Verdict]++
		}
		if !legend {
			fmt.Fprint(e.stdout, verdictLegend)
			legend = true
		}
		fmt.Fprintf(e.stdout, "%s: %d replication(s), seed %d: %d held, %d failed, %d undecided\n",
			sc.Name, sc.Replications, sc.Config.Seed, count[experiment.Held], count[experiment.Failed], count[experiment.Undecided])
		printVerdicts(e.stdout, rows)
		if count[experiment.Failed] > 0 {
			failed = append(failed, sc.Name)
		}
	}
	var why []string
	if len(failed) > 0 {
		why = append(why, fmt.Sprintf("%d of %d scenario(s) failed an expectation (%s)", len(failed), len(pos), strings.Join(failed, ", ")))
	}
	if len(broken) > 0 {
		why = append(why, fmt.Sprintf("%d could not be run (%s)", len(broken), strings.Join(broken, ", ")))
	}
	if len(why) > 0 {
		return fmt.Errorf("orgsim check: %s", strings.Join(why, "; "))
	}
	return nil
}
