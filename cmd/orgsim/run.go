package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/report"
	"github.com/orgsim/orgsim/scenarios"
)

// durationFlag is a working-time duration flag ("20w").
type durationFlag struct {
	h   float64
	set bool
}

func (d *durationFlag) String() string {
	if !d.set {
		return ""
	}
	return strconv.FormatFloat(d.h, 'g', -1, 64) + "h"
}

func (d *durationFlag) Set(s string) error {
	h, err := scenarios.ParseDuration(s)
	if err != nil {
		return err
	}
	d.h, d.set = h, true
	return nil
}

func runCmd(e *env, args []string) error {
	fs := flags("run", e)
	out := fs.String("out", "", "output folder (default results/<scenario>)")
	reps := fs.Int("replications", 0, "replications (default: the scenario's)")
	seed := fs.Int64("seed", -1, "seed (default: the scenario's)")
	var horizon durationFlag
	fs.Var(&horizon, "horizon", "horizon as a working-time duration, e.g. 20w (default: the scenario's)")
	only := fs.Int("replication", -1, "run only replication N, to reproduce one row of runs.csv")
	trace := fs.String("trace", "", "write every issue (origin, path, decider, times) to this CSV file")
	quiet := fs.Bool("quiet", false, "no progress line and no table")
	workers := fs.Int("workers", 0, "parallel runs (default: all cores)")
	pos, err := parse(fs, args)
	if err != nil {
		return parseErr(err)
	}
	if len(pos) > 1 {
		return usagef("want one scenario, got %d arguments", len(pos))
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := scenarios.Open(arg)
	if err != nil {
		return err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, w)
	}
	if *reps != 0 {
		if *reps < 1 {
			return usagef("-replications %d: want ≥ 1", *reps)
		}
		sc.Replications = *reps
	}
	if *seed >= 0 {
		sc.Config.Seed = uint64(*seed)
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
			fmt.Fprintf(e.stderr, "orgsim run: -horizon %s leaves out %d disruption(s) after it\n", fs.Lookup("horizon").Value, len(sc.Config.Disruptions)-len(kept))
		}
		sc.Config.Disruptions = kept
		if err := sc.Config.Validate(); err != nil {
			return fmt.Errorf("with -horizon: %w", err)
		}
	}
	if *only >= 0 && *only >= max(sc.Replications, *only+1) {
		return usagef("-replication %d: want 0 … %d", *only, sc.Replications-1)
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", sc.Name)
	}
	// Check the folder before computing anything, so a typo does not cost
	// a long run.
	if err := writable(dir); err != nil {
		return err
	}
	if *trace != "" {
		if err := writable(filepath.Dir(*trace)); err != nil {
			return err
		}
	}

	opt := experiment.Options{Replications: sc.Replications, Only: *only, Workers: *workers, KeepIssues: *trace != ""}
	prog := newProgress(e, *quiet)
	opt.Progress = prog.update
	start := time.Now()
	o, err := experiment.Run(sc.Name, &sc.Config, opt)
	prog.done()
	if err != nil {
		return err
	}
	meta := report.Meta{
		Command: "orgsim " + strings.Join(e.args, " "), Version: Version,
		GoVersion: runtime.Version(), GOARCH: runtime.GOARCH,
		ScenarioHash: scenarios.Hash(sc), Scenario: string(scenarios.Format(sc)),
	}
	if err := report.Write(dir, o, meta); err != nil {
		// Keep what was computed: try a fresh temporary folder.
		tmp, terr := os.MkdirTemp("", "orgsim-"+sc.Name+"-")
		if terr == nil && report.Write(tmp, o, meta) == nil {
			return fmt.Errorf("%v\nthe results were written to %s instead", err, tmp)
		}
		return err
	}
	if *trace != "" {
		if err := writeTrace(*trace, sc, o); err != nil {
			return err
		}
	}
	if !*quiet {
		printTable(e.stdout, sc, o, dir, time.Since(start))
	}
	return nil
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
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trace-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
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
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

var _ = math.NaN
