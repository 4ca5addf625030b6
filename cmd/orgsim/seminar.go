package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/seminar"
)

func init() {
	commands = append(commands,
		&command{name: "serve", args: "[FILE|NAME]", summary: "show two organisations live in a browser, with disruption buttons for a presenter",
			example: "orgsim serve                      # the embedded seminar scenario on http://127.0.0.1:8080/\n  orgsim serve ceo-leaves -speed 20\n  orgsim serve -addr 0.0.0.0:8080    # phones join by a QR code; prints the presenter's link\n  orgsim serve -log today.jsonl -room today.csv   # keep the session log and the room's answers ...\n  orgsim serve -replay today.jsonl -run 2         # ... and run the session's second run again", run: serveCmd},
		&command{name: "record", args: "[FILE|NAME] -out GIF", summary: "write an animated GIF of the two organisations for slides",
			example: "orgsim record -out seminar.gif       # a working week a second (-step 1d at -fps 5)\n  orgsim record default -out default.gif -step 2d -until 40w\n  orgsim record -replay today.jsonl -run 2 -out today.gif", run: recordCmd},
	)
}

// serveContext is the context a server runs under: until Ctrl-C or a
// termination signal. Tests replace it.
var serveContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// seminarScenario opens the scenario named on the command line, or the one
// a replayed log names, or the embedded seminar scenario, and prints its
// warnings (those about its disruptions only when withScript says they
// run). It warns when a replayed log was made with a different version of
// the scenario.
func seminarScenario(e *env, pos []string, cmd string, replay *seminar.LoggedRun, withScript bool) (*scenarios.Scenario, error) {
	if len(pos) > 1 {
		return nil, usagef("want one scenario, got %d arguments", len(pos))
	}
	arg, embedded := "seminar", true
	switch {
	case len(pos) == 1:
		arg, embedded = pos[0], false
	case replay != nil && replay.Start.Scenario != "":
		arg = replay.Start.Scenario
		if name, ok := strings.CutPrefix(arg, "embedded:"); ok {
			arg = name
		} else {
			embedded = false
		}
	}
	// A bare name that is a folder here (say the seminar package's folder
	// in a checkout) still means the embedded scenario.
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() && !strings.ContainsAny(arg, `/\`) {
		embedded = true
	}
	var sc *scenarios.Scenario
	var err error
	if embedded {
		sc, err = scenarios.Embedded(arg)
	} else {
		sc, err = scenarios.Open(arg)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range sc.Warnings {
		// Warnings about the scenario's own disruptions matter only when
		// they run.
		if strings.HasPrefix(w.Path, "disruption") && !withScript {
			continue
		}
		fmt.Fprintln(e.stderr, w)
	}
	if replay != nil && replay.Start.Hash != "" && replay.Start.Hash != scenarios.Hash(sc) {
		fmt.Fprintf(e.stderr, "orgsim %s: warning: %s differs from the scenario the log was made with; the replay may differ\n", cmd, arg)
	}
	return sc, nil
}

// readReplay reads run n of a session log: the n-th run in the log, from
// 1 (with one serve session per log, the run number the page showed); 0
// means the last.
func readReplay(path string, n int) (*seminar.LoggedRun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("-replay %s: %v", path, unwrapPath(err))
	}
	defer f.Close()
	runs, err := seminar.ReadLog(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("-replay %s: %v", path, err)
	}
	if n == 0 {
		n = len(runs)
	}
	if n > len(runs) {
		var list []string
		for i, r := range runs {
			list = append(list, fmt.Sprintf("%d (%s, seed %d, %d presses)", i+1, strings.TrimPrefix(r.Start.Scenario, "embedded:"), r.Start.Seed, len(r.Presses)))
		}
		return nil, notAllowed("run", strconv.Itoa(n), fmt.Sprintf("a run of %s, which holds %d: %s", path, len(runs), strings.Join(list, "; ")))
	}
	return &runs[n-1], nil
}

func splitOrgs(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func serveCmd(e *env, args []string) error {
	c := newCLI("serve", e)
	fs := c.fs
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; any other than loopback prints a presenter token, and only the presenter may control the run")
	speedF := c.float("speed", seminar.DefaultSpeed, seminar.MinSpeed, seminar.MaxSpeed, fmt.Sprintf("`H` working hours per second, %g … %g (default %g)", seminar.MinSpeed, seminar.MaxSpeed, seminar.DefaultSpeed))
	seed := c.seed("seed `S` of the first run, 0 … 2⁶⁴−1 (default: the scenario's)")
	scripted := fs.Bool("scripted", false, "run the scenario's own disruptions too (default: only the presenter's buttons)")
	orgs := fs.String("orgs", "", "the two organisations to show, comma-separated (default: the scenario's first two)")
	logFile := fs.String("log", "", "append the session log (every press with its simulated time) to this file")
	replay := fs.String("replay", "", "re-run a run of a session log (the last, or -run N): its scenario, seed, slider values and presses")
	runN := c.int("run", 0, 0, 1<<30, "with -replay, run `N` of the log, its N-th start line (default: the last)")
	weeks := c.int("weeks", 0, 1, liveWeeksMax, fmt.Sprintf("`N` working weeks a run lasts before the page offers to continue it, 1 … %d (default %d, or the scenario's horizon if longer)", liveWeeksMax, seminar.DefaultWeeks))
	pauseAfter := fs.Bool("pause-after", false, "pause by itself each time a disruption strikes (the presenter can switch it on the page)")
	roomFile := fs.String("room", "", "write the room's predictions and votes, one row per answer, as CSV to this `FILE` (rewritten as questions close)")
	maxViewers := c.int("max-viewers", seminar.DefaultMaxViewers, 1, maxRoom, fmt.Sprintf("`N` viewers' pages served at once, 1 … %d (default %d); the presenter's pages (at most %d, the newest replacing the oldest) come on top, and on loopback every page is the presenter's", maxRoom, seminar.DefaultMaxViewers, seminar.PresenterStreams))
	perClient := c.int("viewers-per-client", seminar.DefaultViewersPerClient, 1, maxRoom, fmt.Sprintf("`N` viewers' pages one client address (IP) may have open at once, and voters from it per question, 1 … %d (default %d); raise it when viewers share an address (one NAT or proxy)", maxRoom, seminar.DefaultViewersPerClient))
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	speed := &speedF.v
	if runN.v != 0 && *replay == "" {
		return usagef("-run N goes with -replay LOG")
	}
	var run *seminar.LoggedRun
	if *replay != "" {
		if run, err = readReplay(*replay, int(runN.v)); err != nil {
			return err
		}
	}
	sc, err := seminarScenario(e, pos, "serve", run, *scripted || run != nil && run.Start.Scripted)
	if err != nil {
		return err
	}
	opt := seminar.Options{Organisations: splitOrgs(*orgs), Seed: sc.Config.Seed, Speed: *speed, Scripted: *scripted, Replay: run, Notify: e.stderr,
		MaxViewers: int(maxViewers.v), ViewersPerClient: int(perClient.v), Weeks: float64(weeks.v), PauseAfter: *pauseAfter,
		Scenarios: offeredScenarios()}
	if seed.set {
		opt.Seed = seed.v
	}
	if *roomFile != "" {
		if err := writable(filepath.Dir(*roomFile)); err != nil {
			return err
		}
		path := *roomFile
		opt.Room = func(csv []byte) error { return safefile.WriteFile(path, csv) }
	}
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("-log %s: %v", *logFile, unwrapPath(err))
		}
		defer f.Close()
		opt.Log = f
	}
	loopback := seminar.Loopback(*addr)
	if !loopback {
		opt.Token = seminar.NewToken()
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is already in use (is another orgsim serve running?); choose another port, e.g. -addr 127.0.0.1:8081", *addr)
		}
		return fmt.Errorf("cannot listen on %s: %v", *addr, err)
	}
	defer ln.Close()
	url := "http://" + displayAddr(ln.Addr().String()) + "/"
	if !loopback {
		opt.JoinURL = url
	}
	srv, err := seminar.NewServer(sc, opt)
	if err != nil {
		return err
	}
	if loopback {
		fmt.Fprintf(e.stdout, "orgsim serve: %s on %s (Ctrl-C stops)\n", sc.Name, url)
	} else {
		fmt.Fprintf(e.stderr, "orgsim serve: warning: listening on %s, which other machines can reach; viewers watch, only the presenter's link controls the run\n", ln.Addr())
		fmt.Fprintf(e.stdout, "orgsim serve: %s\n  viewers and phones: %s   (the page's join panel shows it as a QR code)\n  presenter: %s?token=%s\n  presenter token: %s\n", sc.Name, url, url, opt.Token, opt.Token)
		if host, port, err := net.SplitHostPort(ln.Addr().String()); err == nil && net.ParseIP(host).IsUnspecified() {
			if ips := machineIPs(); len(ips) > 1 {
				fmt.Fprintf(e.stdout, "  this machine's other addresses (if phones cannot open the one above, bind to one with -addr IP:%s): %s\n", port, strings.Join(ips[1:], ", "))
			}
		}
	}
	ctx, cancel := serveContext()
	defer cancel()
	return srv.Serve(ctx, ln)
}

// liveWeeksMax bounds -weeks: the live view's horizon.
const liveWeeksMax = 1000

// offeredScenarios are the scenarios the page lets the presenter switch
// to: the seminar scenario and the one in which the hierarchy wins.
func offeredScenarios() []*scenarios.Scenario {
	var out []*scenarios.Scenario
	for _, n := range []string{"seminar", seminar.HierarchyWins} {
		if sc, err := scenarios.Embedded(n); err == nil {
			out = append(out, sc)
		}
	}
	return out
}

// displayAddr turns a listening address into one a browser can open,
// another machine's included: the machine's IP address for an address
// that means every interface.
func displayAddr(a string) string {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return a
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = machineIP()
	}
	return net.JoinHostPort(host, port)
}

// machineIP returns the address phones on the same network most likely
// reach this machine at (see machineIPs), or the machine's name.
func machineIP() string {
	if ips := machineIPs(); len(ips) > 0 {
		return ips[0]
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}

// machineIPs returns this machine's addresses that other machines may
// reach, best first: IPv4 before IPv6, private (a room's network) before
// public, and the interfaces of containers and virtual machines (docker…,
// br-…, veth…, virbr…, vboxnet…, vmnet…) last. Loopback and link-local
// addresses are left out.
func machineIPs() []string {
	type cand struct {
		ip   string
		rank int
	}
	var cs []cand
	ifs, _ := net.Interfaces()
	for _, in := range ifs {
		if in.Flags&net.FlagUp == 0 || in.Flags&net.FlagLoopback != 0 {
			continue
		}
		virtual := false
		for _, p := range []string{"docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "cni", "flannel", "podman"} {
			if strings.HasPrefix(in.Name, p) {
				virtual = true
			}
		}
		addrs, _ := in.Addrs()
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() {
				continue
			}
			rank := 0
			if n.IP.To4() == nil {
				rank += 2
			}
			if !n.IP.IsPrivate() {
				rank++
			}
			if virtual {
				rank += 4
			}
			cs = append(cs, cand{n.IP.String(), rank})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.rank - b.rank })
	var out []string
	for _, c := range cs {
		out = append(out, c.ip)
	}
	return out
}

func recordCmd(e *env, args []string) error {
	c := newCLI("record", e)
	fs := c.fs
	out := fs.String("out", "", "the GIF file to write (required)")
	seed := c.seed("seed `S`, 0 … 2⁶⁴−1 (default: the scenario's)")
	step := c.duration("step", maxHorizonHours, "simulated working time `DUR` between frames, such as 4h or 2d (default 1d)")
	until := c.duration("until", maxHorizonHours, "simulated time `DUR` of the last frame, such as 30w (default: the horizon)")
	fpsF := c.int("fps", 5, 1, 50, "`N` frames per second of the animation, 1 … 50 (default 5); working weeks a second = fps × step ÷ 40 h, so the defaults show a working week a second")
	widthF := c.int("width", 1280, 320, 3840, "width in `PIXELS`, a multiple of 40 from 320 to 3840 (default 1280; the height is 9/16 of it)")
	orgs := fs.String("orgs", "", "the two organisations to show, comma-separated (default: the scenario's first two)")
	replay := fs.String("replay", "", "draw a run of a session log (the last, or -run N): its seed, slider values and presses")
	runN := c.int("run", 0, 0, 1<<30, "with -replay, run `N` of the log, its N-th start line (default: the last)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("-out FILE.gif is required")
	}
	if !strings.EqualFold(filepath.Ext(*out), ".gif") {
		return usagef("-out %s: want a .gif file", *out)
	}
	fps, width := int(fpsF.v), int(widthF.v)
	if width%40 != 0 {
		return notAllowed("width", widthF.raw, "a whole number from 320 to 3840 that is a multiple of 40")
	}
	if runN.v != 0 && *replay == "" {
		return usagef("-run N goes with -replay LOG")
	}
	var run *seminar.LoggedRun
	if *replay != "" {
		if run, err = readReplay(*replay, int(runN.v)); err != nil {
			return err
		}
	}
	sc, err := seminarScenario(e, pos, "record", run, run == nil || run.Start.Scripted)
	if err != nil {
		return err
	}
	if until.set && run == nil && !(until.h <= sc.Config.Horizon) {
		return notAllowed("until", until.raw, fmt.Sprintf("a time after 0 and at most the scenario's horizon (%s)", durationText(sc.Config.Horizon)))
	}
	opt := seminar.RecordOptions{Organisations: splitOrgs(*orgs), Seed: sc.Config.Seed, Step: step.h, Until: until.h, Delay: 100 / fps, Width: width, Replay: run}
	if seed.set {
		opt.Seed = seed.v
	}
	dir := filepath.Dir(*out)
	if err := writable(dir); err != nil {
		return err
	}
	f, err := safefile.Create(*out)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := bufio.NewWriter(f)
	if err := seminar.Record(w, sc, opt); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "orgsim record: wrote %s\n", *out)
	return nil
}
