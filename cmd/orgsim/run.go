package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/report"
	"github.com/orgsim/orgsim/scenarios"
)

// timeNoteAfter is the estimated time from which run and sweep print
// their indicative time before they start.
const timeNoteAfter = 10 * time.Second

func runCmd(e *env, args []string) error {
	c := newCLI("run", e)
	out := c.fs.String("out", "", "output folder `DIR` (default results/<scenario>)")
	reps := c.int("replications", 0, 1, maxReplications, "`N` replications, 1 … 100000 (default: the scenario's)")
	seed := c.seed("seed `S`, 0 … 2⁶⁴−1 (default: the scenario's)")
	horizon := c.duration("horizon", maxHorizonHours, "horizon `DUR`, a working-time duration such as 20w, at most 1000y (default: the scenario's)")
	only := c.int("replication", -1, 0, maxReplications-1, "run only replication `N` (0 … replications−1), to reproduce its rows of runs.csv")
	trace := c.fs.String("trace", "", "write every issue (origin, path, decider, times) to the CSV `FILE`")
	quiet := c.fs.Bool("quiet", false, "no progress line, no time estimate and no table")
	workers := c.int("workers", 0, 0, maxWorkers, "`N` parallel runs, 0 … 4096 (default 0: all cores)")
	maxMem := c.maxMemory()
	force := c.fs.Bool("force", false, "write into a folder that holds other results (of another scenario, or a sweep's)")
	mechanisms := c.fs.String("mechanisms", "preset", "`HOW` each organisation's mechanisms are set: preset (as the scenario says) or equal (every organisation gets the first one's, keeping its structure; results go to results/<scenario>-equal-mechanisms)")
	arg, err := c.scenarioArg(args)
	if err != nil {
		return err
	}
	sc, err := scenarios.Open(arg)
	if err != nil {
		return err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, w)
	}
	if reps.set {
		sc.Replications = int(reps.v)
	}
	if seed.set {
		sc.Config.Seed = seed.v
	}
	if horizon.set {
		sc.Config.Horizon = horizon.h
		var kept []model.Disruption
		for _, d := range sc.Config.Disruptions {
			if d.At < horizon.h {
				kept = append(kept, d)
			}
		}
		if len(kept) < len(sc.Config.Disruptions) {
			fmt.Fprintf(e.stderr, "orgsim run: -horizon %s leaves out %d disruption(s) after it\n", horizon.raw, len(sc.Config.Disruptions)-len(kept))
		}
		sc.Config.Disruptions = kept
		if err := sc.Config.Validate(); err != nil {
			return fmt.Errorf("with -horizon: %w", err)
		}
	}
	switch *mechanisms {
	case "preset":
	case "equal":
		model.EqualMechanisms(&sc.Config)
		sc.Name += "-equal-mechanisms"
		if err := sc.Config.Validate(); err != nil {
			return fmt.Errorf("with -mechanisms equal: %w", err)
		}
	default:
		return notAllowed("mechanisms", *mechanisms, "preset or equal")
	}
	if only.set && only.v >= int64(sc.Replications) {
		return notAllowed("replication", only.raw, fmt.Sprintf("a replication of this run, 0 … %d", sc.Replications-1))
	}
	opt := experiment.Options{Replications: sc.Replications, Only: int(only.v), Workers: int(workers.v), KeepIssues: *trace != "", MaxMemory: maxMem.limit()}
	// Everything that can be refused is refused before anything runs:
	// the memory estimate, the trace's folder, the output folder.
	est := experiment.EstimateRun(&sc.Config, opt)
	if err := est.Check(opt.MaxMemory); err != nil {
		return memoryAdvice(err)
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", sc.Name)
	}
	if *trace != "" {
		if err := checkTrace(*trace, dir); err != nil {
			return err
		}
	}
	nrep := sc.Replications
	if only.set {
		nrep = 1
	}
	hash := scenarios.Hash(sc)
	cl, err := claimFolder(e, dir, report.Folder{Kind: report.RunFolder, Name: sc.Name, Hash: hash, Replications: nrep, Seed: sc.Config.Seed}, *force)
	if err != nil {
		return err
	}
	written := false
	defer func() { cl.release(written) }()

	if !*quiet {
		timeNote(e, "run", est)
	}
	prog := newProgress(e, *quiet)
	opt.Progress = prog.update
	start := time.Now()
	o, err := experiment.Run(sc.Name, &sc.Config, opt)
	prog.done()
	if err != nil {
		return memoryAdvice(err)
	}
	o.Expectations = experiment.Evaluate(o, sc.Expect)
	meta := report.Meta{
		Command: e.commandLine(), Version: Version,
		GoVersion: runtime.Version(), GOARCH: runtime.GOARCH,
		ScenarioHash: hash, Scenario: string(scenarios.Format(sc)),
	}
	if err := report.Write(dir, o, meta); err != nil {
		// Keep what was computed: try a fresh temporary folder.
		tmp, terr := os.MkdirTemp("", "orgsim-"+sc.Name+"-")
		if terr == nil && report.Write(tmp, o, meta) == nil {
			return fmt.Errorf("%v\nthe results were written to %s instead", err, tmp)
		}
		return err
	}
	written = true
	if *trace != "" {
		if err := writeTrace(*trace, sc, o); err != nil {
			return err
		}
	}
	if !*quiet {
		printTable(e.stdout, o, dir, time.Since(start))
	}
	return nil
}

// timeNote prints, on stderr, the indicative time of a long run or sweep.
func timeNote(e *env, cmd string, est experiment.Estimate) {
	if d := est.Time(); d >= timeNoteAfter {
		fmt.Fprintf(e.stderr, "orgsim %s: about %.3g million issues to simulate with %d worker(s): roughly %s (an indication at %s per issue and worker, not a promise)\n",
			cmd, est.Issues/1e6, est.Workers, roughly(d), experiment.CostPerIssue)
	}
}

// roughly writes a duration to two significant figures: "40s", "7m",
// "3.5h", "12 days".
func roughly(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 100:
		return fmt.Sprintf("%.2gs", s)
	case s < 100*60:
		return fmt.Sprintf("%.2gm", s/60)
	case s < 48*3600:
		return fmt.Sprintf("%.2gh", s/3600)
	}
	return fmt.Sprintf("%.3g days", s/86400)
}

// writable makes sure dir exists and a file can be created in it.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s cannot be created: %v", dir, unwrapPath(err))
	}
	f, err := os.CreateTemp(dir, ".orgsim-check-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %v", dir, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// progress prints a progress line on a terminal once a run takes over two
// seconds.
type progress struct {
	mu      sync.Mutex
	e       *env
	on      bool
	start   time.Time
	printed bool
}

func newProgress(e *env, quiet bool) *progress {
	return &progress{e: e, on: e.stderrIsTTY && !quiet, start: time.Now()}
}

func (p *progress) update(done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	el := time.Since(p.start)
	if el < 2*time.Second {
		return
	}
	eta := time.Duration(float64(el) / float64(done) * float64(total-done))
	fmt.Fprintf(p.e.stderr, "\r%d/%d runs, %.1f runs/s, about %s left   ", done, total, float64(done)/el.Seconds(), eta.Round(time.Second))
	p.printed = true
}

func (p *progress) done() {
	if p.printed {
		fmt.Fprint(p.e.stderr, "\r\033[K")
	}
}

// writeTrace writes every issue of every run as CSV: the path is the chain
// of units from the origin team up to the decider.
func writeTrace(path string, sc *scenarios.Scenario, o *experiment.Outcome) error {
	f, err := safefile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := bufio.NewWriterSize(f, 1<<16)
	fmt.Fprintln(w, "organisation,replication,issue,origin,arrival_hours,latency_hours,wait_hours,service_hours,comm_hours,decider,path,escalations,class,messages,helper_hours,good,accepted,correct,beyond,surge,censored")
	units := make([][]model.Unit, len(sc.Config.Organisations))
	for i := range units {
		units[i], _ = model.Units(&sc.Config, i)
	}
	b := func(x bool) string {
		if x {
			return "1"
		}
		return "0"
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, r := range o.Runs {
		us := units[r.Org]
		idx := map[string]int{}
		for i, u := range us {
			idx[u.ID] = i
		}
		for _, is := range r.Result.Issues {
			decider, chain := "", []string{us[is.Origin].ID}
			if is.Decider >= 0 {
				decider = us[is.Decider].ID
				for u := int(is.Origin); u != int(is.Decider) && us[u].Parent != ""; {
					u = idx[us[u].Parent]
					chain = append(chain, us[u].ID)
				}
			}
			fmt.Fprintf(w, "%s,%d,%x,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%d,%s,%s,%s,%s,%s,%s,%s\n",
				r.Organisation, r.Replication, is.Key, us[is.Origin].ID, g(is.Arrival), g(is.Latency),
				g(float64(is.Wait)), g(float64(is.Service)), g(float64(is.Comm)), decider, strings.Join(chain, ">"),
				is.Esc, is.Class, is.Messages, g(float64(is.Helper)),
				b(is.Good()), b(is.Accepted()), b(is.Correct()), b(is.Beyond()), b(is.Surge()), b(is.Censored()))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Commit()
}
