package seminar

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/skip2/go-qrcode"

	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// Frame pacing and limits of the live server.
const (
	frameEvery     = 100 * time.Millisecond // at most ten frames a second
	tickBudget     = 60 * time.Millisecond  // simulation time per frame before the clock slows
	idleFrameEvery = 2 * time.Second        // a frame while paused and unchanged
	heartbeatEvery = 15 * time.Second       // an SSE comment keeps proxies from closing a quiet stream
	writeTimeout   = 10 * time.Second       // a viewer that takes longer to accept a frame is dropped
	maxControlBody = 1 << 10
	maxLogBytes    = 1 << 20 // the session log kept in memory for /api/log
)

// Pace and room limits of a live seminar.
const (
	// DefaultSpeed is the default pace in working hours per wall-clock
	// second: one working day a second, a working week in five.
	DefaultSpeed = 8.0
	// MinSpeed and MaxSpeed bound the pace a presenter may set.
	MinSpeed = 0.5
	MaxSpeed = 400.0
	// DefaultMaxViewers is how many viewers' event streams one server
	// serves at once by default.
	DefaultMaxViewers = 200
	// DefaultViewersPerClient is how many viewers' event streams one client
	// address may hold at once by default: a phone or laptop with a few
	// pages open, not a room's worth.
	DefaultViewersPerClient = 4
	// PresenterStreams is how many of the presenter's event streams are
	// open at most. They have slots of their own, outside the viewers'
	// bounds; a new one takes the place of the oldest, whose page is told
	// so, so the presenter always gets in.
	PresenterStreams = 4
)

// Options configure a live seminar [Server].
type Options struct {
	// Organisations names the two organisations to show, in pane order;
	// empty shows the scenario's first two.
	Organisations []string
	// Seed is the first run's seed; a restart takes the next one.
	Seed uint64
	// Speed is the starting pace in working hours per wall-clock second
	// (0: DefaultSpeed).
	Speed float64
	// Scripted runs the scenario's own disruptions too; without it the
	// presenter's buttons are the only disruptions.
	Scripted bool
	// Replay, when set, re-runs a logged run: its seed, organisations and
	// presses, each at its logged simulated time. It overrides Seed,
	// Organisations and Scripted.
	Replay *LoggedRun
	// Token, when not empty, is the presenter token: only requests that
	// carry it may control the run, and only their event streams take the
	// presenter's slots; everyone else watches. Without a token every
	// request may control the run, so every page is the presenter's: at
	// most PresenterStreams pages are open at once (the newest wins) and
	// the viewers' bounds do not apply. Loopback servers run so, for the
	// single local user.
	Token string
	// Log receives the session log (JSON Lines, see [LogEntry]); may be nil.
	Log io.Writer
	// Notify receives one line for people per run started and per press;
	// may be nil.
	Notify io.Writer
	// Clock is the wall clock; nil means time.Now.
	Clock func() time.Time
	// MaxViewers bounds the viewers' concurrent event streams
	// (0: DefaultMaxViewers); the presenter's do not count.
	MaxViewers int
	// ViewersPerClient bounds the viewers' concurrent event streams from
	// one client address, its IP without the port
	// (0: DefaultViewersPerClient), and the voters of one address per
	// question. Viewers behind one NAT or proxy share an address.
	ViewersPerClient int
	// Scenarios are the other scenarios the presenter may switch to; the
	// page lists them after the running one. May be empty.
	Scenarios []*scenarios.Scenario
	// Params are the first run's slider values (zero fields keep the
	// scenario's values).
	Params Params
	// Weeks is how long a run lasts, in working weeks, before the page
	// offers to continue it (0: DefaultWeeks, or the scenario's horizon if
	// that is longer).
	Weeks float64
	// PauseAfter pauses the run by itself each time a disruption strikes;
	// the presenter may switch it on and off on the page.
	PauseAfter bool
	// JoinURL is the address the room's phones open to watch and answer
	// (the machine's IP address, without the presenter token); the page
	// shows it with a QR code made on this machine. Empty: the page says
	// phones cannot join (a server on loopback).
	JoinURL string
	// Room receives the room's questions and answers as CSV (as
	// /api/room.csv serves them) each time a question closes or its
	// outcome settles; may be nil.
	Room func(csv []byte) error
}

// Server is a live seminar: one session at a time, its page, its event
// stream and its controls. Create one with [NewServer] and run it with
// [Server.Serve].
type Server struct {
	opt    Options
	sc     *scenarios.Scenario
	clock  func() time.Time
	hub    *hub
	budget time.Duration // simulation time allowed per tick; 0: no limit
	wait   time.Duration // how long a viewer may take to accept a frame
	closed chan struct{}
	once   sync.Once

	mu      sync.Mutex
	e       *session
	playing bool
	speed   float64
	dirty   bool
	lastPub time.Time
	notices []string
	logged  int // presses of the current run already logged
	log     bytes.Buffer

	scs        []*scenarios.Scenario // the scenarios offered, the one running at the start first
	past       []pastRun             // earlier runs of the running scenario, drawn faint
	pauseAfter bool
	polls      []*poll // every question of the session, oldest first
	poll       *poll   // the question the page shows; nil: none
	pollID     int
	qr         []byte // the join address as a QR code (PNG); nil without one
}

// maxPast is how many earlier runs the charts keep as faint lines.
const maxPast = 4

// pastRun is an earlier run kept for comparison: its charts' series.
type pastRun struct {
	Run     int     `json:"run"`
	Label   string  `json:"label"` // what set it apart: its seed and slider values
	Step    float64 `json:"step"`
	Backlog [][]int `json:"backlog"`
	P95     [][]num `json:"p95"`
}

// NewServer prepares a live seminar of scenario sc. The first run is paused
// at time 0.
func NewServer(sc *scenarios.Scenario, opt Options) (*Server, error) {
	if opt.Speed == 0 {
		opt.Speed = DefaultSpeed
	}
	if !(opt.Speed >= MinSpeed && opt.Speed <= MaxSpeed) {
		return nil, fmt.Errorf("speed %v: want %v … %v working hours a second", opt.Speed, MinSpeed, MaxSpeed)
	}
	if opt.MaxViewers <= 0 {
		opt.MaxViewers = DefaultMaxViewers
	}
	if opt.ViewersPerClient <= 0 {
		opt.ViewersPerClient = DefaultViewersPerClient
	}
	if opt.Weeks < 0 || opt.Weeks*sim.Week > liveHorizon {
		return nil, fmt.Errorf("weeks %v: want 1 … %v", opt.Weeks, liveHorizon/sim.Week)
	}
	s := &Server{opt: opt, sc: sc, clock: opt.Clock, hub: newHub(opt.MaxViewers, opt.ViewersPerClient, PresenterStreams), budget: tickBudget, wait: writeTimeout, closed: make(chan struct{}), speed: opt.Speed, pauseAfter: opt.PauseAfter}
	if s.clock == nil {
		s.clock = time.Now
	}
	s.scs = []*scenarios.Scenario{sc}
	for _, o := range opt.Scenarios {
		if o != nil && o.Name != sc.Name && !slices.ContainsFunc(s.scs, func(x *scenarios.Scenario) bool { return x.Name == o.Name }) {
			s.scs = append(s.scs, o)
		}
	}
	seed, orgs, scripted, params, end := opt.Seed, opt.Organisations, opt.Scripted, opt.Params, s.runEnd(sc)
	var replay []LogEntry
	if opt.Replay != nil {
		st := opt.Replay.Start
		seed, orgs, scripted = st.Seed, st.Organisations, st.Scripted
		params = Params{}
		if st.Params != nil {
			params = *st.Params
		}
		if st.End > 0 {
			end = st.End
		}
		replay = opt.Replay.Presses
	}
	e, err := newSession(sessionConfig{sc: sc, orgs: orgs, seed: seed, scripted: scripted, params: params, run: 1, replay: replay, paced: true, now: s.clock(), speed: s.speed, end: end, live: true})
	if err != nil {
		return nil, err
	}
	if len(e.runners) != 2 {
		return nil, fmt.Errorf("the live view shows two organisations side by side; this scenario has %d", len(e.runners))
	}
	if opt.JoinURL != "" {
		if s.qr, err = qrcode.Encode(opt.JoinURL, qrcode.Medium, 512); err != nil {
			return nil, fmt.Errorf("a QR code for %s: %v", opt.JoinURL, err)
		}
	}
	s.e = e
	s.opt.Organisations = orgs
	s.opt.Scripted = scripted
	s.logStart()
	return s, nil
}

// runEnd is when a run of scenario sc ends before the page offers to
// continue it.
func (s *Server) runEnd(sc *scenarios.Scenario) float64 {
	if s.opt.Weeks > 0 {
		return max(s.opt.Weeks*sim.Week, sim.Week)
	}
	return liveEnd(sc)
}

// NewToken returns a fresh presenter token: 20 random characters.
func NewToken() string {
	var b [15]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("seminar: no random bytes for a token: " + err.Error())
	}
	return strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
}

// Loopback reports whether addr (host:port) listens on the loopback
// interface only; an empty host means every interface.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve runs the seminar on ln until ctx is done: the frame loop and the
// HTTP server. It returns nil after a clean stop.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.frameLoop(ctx)
	}()
	go func() {
		defer wg.Done()
		<-ctx.Done()
		s.Close()
		sctx, c := context.WithTimeout(context.Background(), 2*time.Second)
		defer c()
		srv.Shutdown(sctx)
	}()
	err := srv.Serve(ln)
	cancel()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close ends every event stream; the server answers no more frames.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closed) })
}

func (s *Server) frameLoop(ctx context.Context) {
	t := time.NewTicker(frameEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.tick(s.clock())
		}
	}
}

// tick advances the run to the wall clock's time, applies the presses that
// came since the last frame, and publishes a frame.
func (s *Server) tick(now time.Time) {
	s.mu.Lock()
	e := s.e
	e.clock = now
	changed := s.dirty
	struck := len(e.markers)
	if s.playing && !e.ended {
		target := e.pacers[0].Target()
		var deadline time.Time
		if s.budget > 0 {
			deadline = time.Now().Add(s.budget)
		}
		e.advanceTo(target, deadline)
		if !e.ended && target-e.t > s.speed/2 {
			// The machine cannot keep up: let simulated time slow down
			// rather than fall further behind the wall clock.
			for _, p := range e.pacers {
				p.Pause()
				p.Resume()
			}
		}
		changed = true
	}
	for _, err := range e.applyQueued() {
		s.notices = append(s.notices, err.Error())
		changed = true
	}
	for _, err := range e.replayErrs {
		s.notices = append(s.notices, err.Error())
		if s.opt.Notify != nil {
			fmt.Fprintln(s.opt.Notify, "replay:", err)
		}
	}
	e.replayErrs = nil
	if len(e.markers) > struck {
		s.onStrike(struck)
		changed = true
	}
	if s.resolvePolls() {
		changed = true
	}
	s.flushLog()
	if e.ended && s.playing {
		s.setPlaying(false)
		changed = true
	}
	if !changed && now.Sub(s.lastPub) < idleFrameEvery {
		s.mu.Unlock()
		return
	}
	msg := s.frameLocked()
	s.dirty = false
	s.lastPub = now
	s.mu.Unlock()
	s.hub.publish(msg)
}

// frameLocked encodes the current frame as an SSE message.
func (s *Server) frameLocked() []byte {
	f := s.snapshotLocked()
	f.Notices, s.notices = s.notices, nil
	return sseMessage("frame", f)
}

// snapshotLocked is the session's frame with what the server adds.
func (s *Server) snapshotLocked() frame {
	f := s.e.snapshot(!s.playing, true, s.speed)
	f.PauseAfter = s.pauseAfter
	f.Viewers = s.hub.viewerCount()
	if s.poll != nil {
		f.Poll = s.poll.view()
	}
	return f
}

// onStrike is called when disruptions struck in the last tick, the first
// of them marker first: an open prediction closes and predicts it, an
// open vote closes, and the run pauses if the presenter asked for it.
func (s *Server) onStrike(first int) {
	if p := s.poll; p != nil && p.open {
		p.close(s.e.t)
		if p.kind != AskVote {
			p.marker = first
		}
		s.logPoll(p)
	}
	if s.pauseAfter && s.playing {
		s.setPlaying(false)
		s.notices = append(s.notices, "paused after the disruption (Space plays on)")
	}
}

// resolvePolls brings the predictions of the running run up to date and
// reports whether any outcome changed.
func (s *Server) resolvePolls() bool {
	changed := false
	for _, p := range s.polls {
		if p.final || p.run != s.e.run || p.marker < 0 {
			continue
		}
		before, was := p.outcome, p.correct
		p.resolve(s.e)
		if p.outcome != before || p.correct != was {
			changed = true
		}
		if p.final && !p.logged {
			s.logPoll(p)
		}
	}
	return changed
}

// logPoll writes a question's tally and outcome to the session log, and
// the room's CSV to Options.Room.
func (s *Server) logPoll(p *poll) {
	le := LogEntry{Run: p.run, Kind: "poll", T: s.e.t, Poll: p.id, Question: p.question, Options: p.options, Counts: p.counts(), Outcome: p.outcome}
	if p.final {
		c := p.correct
		le.Correct = &c
		p.logged = true
	}
	le.Wall = s.clock().UTC().Format(time.RFC3339)
	s.writeLog(le)
	s.writeRoom()
}

// writeRoom hands the room's CSV to Options.Room.
func (s *Server) writeRoom() {
	if s.opt.Room == nil {
		return
	}
	if err := s.opt.Room(roomCSV(s.polls, s.e)); err != nil {
		s.notices = append(s.notices, "the room's answers: "+err.Error())
	}
}

func sseMessage(event string, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		data = []byte(`{"error":` + fmt.Sprintf("%q", err.Error()) + `}`)
	}
	var b bytes.Buffer
	b.Grow(len(data) + 32)
	b.WriteString("event: ")
	b.WriteString(event)
	b.WriteString("\ndata: ")
	b.Write(data)
	b.WriteString("\n\n")
	return b.Bytes()
}

// setPlaying starts or stops the simulated clock.
func (s *Server) setPlaying(p bool) {
	s.e.clock = s.clock()
	for _, pc := range s.e.pacers {
		if p {
			pc.Resume()
		} else {
			pc.Pause()
		}
	}
	s.playing = p
	s.dirty = true
}

// newRun starts run n+1 of scenario sc with the given seed and slider
// values, applying presses at their logged times, and keeps play or
// pause. The run it replaces stays on the charts as faint lines when it
// ran the same scenario; another scenario clears them.
func (s *Server) newRun(sc *scenarios.Scenario, orgs []string, seed uint64, params Params, presses []LogEntry) error {
	var replay []LogEntry
	for _, p := range presses {
		replay = append(replay, LogEntry{Kind: "press", T: p.T, Button: p.Button, Team: p.Team})
	}
	same := sc == s.e.sc
	scripted := s.opt.Scripted && same
	e, err := newSession(sessionConfig{sc: sc, orgs: orgs, seed: seed, scripted: scripted, params: params, run: s.e.run + 1, replay: replay, paced: true, now: s.clock(), speed: s.speed, end: s.runEnd(sc), live: true})
	if err != nil {
		return err
	}
	if len(e.runners) != 2 {
		return fmt.Errorf("the live view shows two organisations side by side; %s has %d", sc.Name, len(e.runners))
	}
	if same {
		s.keepPast(s.e)
	} else {
		s.past = nil
		s.opt.Organisations, s.opt.Scripted = orgs, scripted
	}
	if p := s.poll; p != nil && p.open {
		p.close(s.e.t)
		s.logPoll(p)
	}
	s.e = e
	s.logged = 0
	s.logStart()
	if s.playing {
		s.setPlaying(true)
	}
	s.dirty = true
	return nil
}

// keepPast keeps run e's charts as an earlier run.
func (s *Server) keepPast(e *session) {
	label := fmt.Sprintf("run %d, seed %d", e.run, e.cfg.Seed)
	if e.params != (Params{}) {
		for _, sl := range sliders(&e.cfg, e.params) {
			if sl.Off == "" && (sl.ID == "span" && e.params.Span > 0 || sl.ID == "knowledge" && e.params.Knowledge > 0 || sl.ID == "interim" && e.params.Interim > 0) {
				label += ", " + sliderText(sl)
			}
		}
	}
	pr := pastRun{Run: e.run, Label: label, Step: e.step}
	for o := range e.runners {
		pr.Backlog = append(pr.Backlog, slices.Clone(e.backlog[o]))
		pr.P95 = append(pr.P95, nums(e.p95[o]))
	}
	s.past = append(s.past, pr)
	if len(s.past) > maxPast {
		s.past = s.past[len(s.past)-maxPast:]
	}
}

// sliderText writes a slider's value: "span of control 5 teams".
func sliderText(sl slider) string {
	if sl.Unit == "%" {
		return sl.Label + " " + pct(sl.Value)
	}
	return sl.Label + " " + trimFloat(sl.Value) + " " + sl.Unit
}

// logStart writes the current run's start to the session log.
func (s *Server) logStart() {
	le := s.e.start()
	le.Wall = s.clock().UTC().Format(time.RFC3339)
	s.writeLog(le)
	if s.opt.Notify != nil {
		params := ""
		if le.Params != nil {
			for _, sl := range sliders(&s.e.cfg, s.e.params) {
				params += ", " + sliderText(sl)
			}
		}
		fmt.Fprintf(s.opt.Notify, "run %d: %s, seed %d, %s%s\n", le.Run, s.e.name, le.Seed, strings.Join(le.Organisations, " and "), params)
	}
}

// flushLog writes the presses that took effect since the last call.
func (s *Server) flushLog() {
	e := s.e
	for ; s.logged < len(e.presses); s.logged++ {
		le := e.presses[s.logged]
		le.Wall = s.clock().UTC().Format(time.RFC3339)
		s.writeLog(le)
		if s.opt.Notify != nil {
			var m *marker
			for i := len(e.markers) - 1; i >= 0; i-- {
				if e.markers[i].T == le.T && e.markers[i].Button == le.Button {
					m = &e.markers[i]
					break
				}
			}
			what := ""
			if m != nil {
				var parts []string
				for o, w := range m.What {
					parts = append(parts, e.orgs[o].name+": "+w)
				}
				what = " (" + strings.Join(parts, "; ") + ")"
			}
			fmt.Fprintf(s.opt.Notify, "run %d, %s (t = %.2f h): %s%s\n", le.Run, clockLabel(le.T), le.T, le.Button.Label(), what)
		}
	}
}

func (s *Server) writeLog(le LogEntry) {
	line, _ := json.Marshal(le)
	line = append(line, '\n')
	if s.opt.Log != nil {
		if _, err := s.opt.Log.Write(line); err != nil {
			s.notices = append(s.notices, "session log: "+err.Error())
		}
	}
	if s.log.Len()+len(line) <= maxLogBytes {
		s.log.Write(line)
	}
}

// initMsg is what a viewer needs to draw the page from scratch: the
// layout, the whole series so far, the earlier runs, what the presenter
// may change, and the current frame.
type initMsg struct {
	Run         int            `json:"run"`
	Scenario    string         `json:"scenario"`
	Description string         `json:"description"`
	Assumptions []string       `json:"assumptions"`
	Scenarios   []scenarioInfo `json:"scenarios"`
	Role        string         `json:"role"` // presenter or viewer
	Horizon     float64        `json:"horizon"`
	Step        float64        `json:"step"`
	Window      float64        `json:"window"`
	MinSpeed    float64        `json:"minSpeed"`
	MaxSpeed    float64        `json:"maxSpeed"`
	Layouts     []*orgLayout   `json:"layouts"`
	Buttons     []buttonInfo   `json:"buttons"`
	Sliders     []slider       `json:"sliders"`
	Backlog     [][]int        `json:"backlog"`
	P95         [][]num        `json:"p95"`
	TwinBacklog [][]int        `json:"twinBacklog"`
	TwinP95     [][]num        `json:"twinP95"`
	Past        []pastRun      `json:"past"`
	Markers     []marker       `json:"markers"`
	JoinURL     string         `json:"joinURL"`
	Style       style          `json:"style"`
	Rule        string         `json:"rule"` // the recovery rule and the smoothing, in words
	Frame       frame          `json:"frame"`
}

type buttonInfo struct {
	ID    Button `json:"id"`
	Label string `json:"label"`
	Text  string `json:"text"` // on the button
	Key   string `json:"key"`
}

// scenarioInfo is a scenario the presenter may switch to.
type scenarioInfo struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	Running bool   `json:"running"`
}

// RecoveryRule says in words how the page decides that an organisation is
// recovering, and how its numbers are smoothed.
var RecoveryRule = fmt.Sprintf("Each organisation runs twice on the same issues: as you see it, and undisturbed, struck by nothing. "+
	"After a disruption an organisation is recovering until its backlog has stayed at most %g issues or %g %% above its undisturbed twin's, "+
	"and its p95 latency at most %g working hours or %g %% above the twin's, for a working week. "+
	"Backlogs in the caption and headings are averages over the last working day; p95 is over the decisions of the last working week.",
	backlogSlack, 100*relSlack, p95Slack, 100*relSlack)

func (s *Server) initLocked(presenter bool) initMsg {
	e := s.e
	m := initMsg{
		Run: e.run, Scenario: e.name, Description: e.sc.Description, Assumptions: assumptions(&e.cfg, e.params),
		Role: "viewer", Horizon: e.end, Step: e.step, Window: e.window,
		MinSpeed: MinSpeed, MaxSpeed: MaxSpeed, Layouts: e.layouts, Markers: e.markers,
		Sliders: sliders(&e.cfg, e.params), Backlog: e.backlog, TwinBacklog: e.twinBacklog, Past: s.past,
		JoinURL: s.opt.JoinURL, Style: pageStyle(), Rule: RecoveryRule, Frame: s.snapshotLocked(),
	}
	if m.Markers == nil {
		m.Markers = []marker{}
	}
	if m.Past == nil {
		m.Past = []pastRun{}
	}
	if presenter {
		m.Role = "presenter"
	}
	for _, b := range Buttons {
		m.Buttons = append(m.Buttons, buttonInfo{ID: b, Label: b.Label(), Text: b.text(), Key: shortLabel(b)})
	}
	for o := range e.p95 {
		m.P95 = append(m.P95, nums(e.p95[o]))
		m.TwinP95 = append(m.TwinP95, nums(e.twinP95[o]))
	}
	for _, sc := range s.scs {
		m.Scenarios = append(m.Scenarios, scenarioInfo{Name: sc.Name, Summary: firstSentence(sc.Description), Running: sc == e.sc})
	}
	return m
}

// firstSentence returns a description's first sentence.
func firstSentence(d string) string {
	if i := strings.Index(d, ". "); i > 0 {
		return d[:i+1]
	}
	return d
}

//go:embed static
var static embed.FS

// page is one embedded file the server answers with.
type page struct {
	path, file, ctype string
}

var pages = []page{
	{"/", "static/index.html", "text/html; charset=utf-8"},
	{"/index.html", "static/index.html", "text/html; charset=utf-8"},
	{"/app.js", "static/app.js", "text/javascript; charset=utf-8"},
	{"/style.css", "static/style.css", "text/css; charset=utf-8"},
}

// Handler returns the server's HTTP handler: the embedded page and its
// files, and the API (/api/init, /api/events, /api/control, /api/answer,
// /api/log, /api/room.csv, /api/qr.png). Nothing else is served.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, p := range pages {
		body, err := static.ReadFile(p.file)
		if err != nil {
			panic("seminar: embedded file missing: " + p.file)
		}
		ctype := p.ctype
		pattern := "GET " + p.path
		if p.path == "/" {
			pattern = "GET /{$}"
		}
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-cache")
			w.Write(body)
		})
	}
	mux.HandleFunc("GET /api/init", s.handleInit)
	mux.HandleFunc("GET /api/events", s.handleEvents)
	mux.HandleFunc("GET /api/log", s.handleLog)
	mux.HandleFunc("GET /api/room.csv", s.handleRoom)
	mux.HandleFunc("GET /api/qr.png", s.handleQR)
	mux.HandleFunc("POST /api/control", s.handleControl)
	mux.HandleFunc("POST /api/answer", s.handleAnswer)
	return securityHeaders(mux)
}

// securityHeaders sets the headers every answer carries: no sniffing, no
// framing, no referrer (a presenter's address holds the token), and a
// content policy that allows only the page's own files.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.ServeHTTP(w, r)
	})
}

// presenter reports whether the request may control the run: always when
// the server has no token, else when it carries the token (the
// X-Orgsim-Token header, or for GET requests the token query parameter).
func (s *Server) presenter(r *http.Request, queryOK bool) bool {
	if s.opt.Token == "" {
		return true
	}
	got := r.Header.Get("X-Orgsim-Token")
	if got == "" && queryOK {
		got = r.URL.Query().Get("token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) == 1
}

func (s *Server) handleInit(w http.ResponseWriter, r *http.Request) {
	pres := s.presenter(r, true)
	s.mu.Lock()
	m := s.initLocked(pres)
	data, err := json.Marshal(m)
	s.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// handleRoom serves the room's questions and answers as CSV.
func (s *Server) handleRoom(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data := roomCSV(s.polls, s.e)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="orgsim-room.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// handleQR serves the join address as a QR code, made on this machine.
func (s *Server) handleQR(w http.ResponseWriter, r *http.Request) {
	if s.qr == nil {
		http.Error(w, "phones cannot join: the server listens on loopback only (orgsim serve -addr 0.0.0.0:8080 lets them)", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(s.qr)
}

func (s *Server) handleLog(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data := bytes.Clone(s.log.Bytes())
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="orgsim-session.jsonl"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// handleEvents streams frames as server-sent events: first an init event
// with everything needed to draw the page, then a frame event per frame.
// A viewer that falls behind skips frames; one that stops reading is
// dropped after writeTimeout; one that disconnects is forgotten at once.
// A stream that is not admitted gets 503 with the reason as plain text; a
// presenter stream whose place a newer one took gets a replaced event with
// the reason, and ends.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.closed:
		http.Error(w, "the seminar has ended", http.StatusServiceUnavailable)
		return
	default:
	}
	pres := s.presenter(r, true)
	v, err := s.hub.join(clientAddr(r.RemoteAddr), pres)
	if err != nil {
		w.Header().Set("Retry-After", "10")
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer s.hub.leave(v)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	s.mu.Lock()
	first := sseMessage("init", s.initLocked(pres))
	s.mu.Unlock()
	send := func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(s.wait))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send(append([]byte("retry: 2000\n\n"), first...)) {
		return
	}
	beat := time.NewTicker(heartbeatEvery)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case <-v.replaced:
			send(sseMessage("replaced", map[string]string{"message": fmt.Sprintf("a newer page with the presenter's controls took this page's place (at most %d are open at once); reload this page to take it back", PresenterStreams)}))
			return
		case msg := <-v.box:
			if !send(msg) {
				return
			}
		case <-beat.C:
			if !send([]byte(": ping\n\n")) {
				return
			}
		}
	}
}

// control is the body of a POST /api/control.
type control struct {
	Action string   `json:"action"`           // see Server.do
	Speed  *float64 `json:"speed,omitempty"`  // speed: working hours per second
	Seed   *uint64  `json:"seed,omitempty"`   // restart: the seed (default: the next one)
	Button Button   `json:"button,omitempty"` // press: which button
	On     *bool    `json:"on,omitempty"`     // pause-after: on or off
	// params: the sliders' new values; an absent one is kept, 0 restores
	// the scenario's value.
	Span      *int     `json:"span,omitempty"`
	Knowledge *float64 `json:"knowledge,omitempty"`
	Interim   *float64 `json:"interim,omitempty"`
	Name      string   `json:"name,omitempty"` // scenario: its name
	Kind      string   `json:"kind,omitempty"` // ask: first, peak or vote
	Org       *int     `json:"org,omitempty"`  // ask peak: the organisation (0 or 1)
}

// actions lists the control actions for error messages.
const actions = "play, pause, toggle, speed, restart, again, continue, press, pause-after, params, scenario, ask, close-poll, apply-vote or hide-poll"

// maxSeed bounds a seed given by the page, so that it survives JSON
// numbers in a browser.
const maxSeed = 1<<53 - 1

// sameOrigin reports whether a request that names its origin comes from
// this server's page.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// replyJSON answers with {"message": msg}, or {"error": msg} for a code of
// 400 or more.
func replyJSON(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	key := "message"
	if code >= 400 {
		key = "error"
	}
	json.NewEncoder(w).Encode(map[string]string{key: msg})
}

// decodeJSON reads one JSON object of at most limit bytes into v, or
// answers why not and returns false.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any, what string) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		replyJSON(w, http.StatusUnsupportedMediaType, "want Content-Type: application/json")
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			replyJSON(w, http.StatusRequestEntityTooLarge, "request too large")
			return false
		}
		replyJSON(w, http.StatusBadRequest, "not a "+what+": "+err.Error())
		return false
	}
	if dec.More() {
		replyJSON(w, http.StatusBadRequest, "one "+what+" at a time")
		return false
	}
	return true
}

func (s *Server) handleControl(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		replyJSON(w, http.StatusForbidden, "cross-origin requests may not control the run")
		return
	}
	if !s.presenter(r, false) {
		replyJSON(w, http.StatusForbidden, "only the presenter may control the run (the presenter's link carries a token)")
		return
	}
	var c control
	if !decodeJSON(w, r, maxControlBody, &c, "control request") {
		return
	}
	code, msg := s.do(c)
	replyJSON(w, code, msg)
}

// answerBody is the body of a POST /api/answer: a phone's answer to the
// open question.
type answerBody struct {
	Poll   int    `json:"poll"`
	Choice int    `json:"choice"`
	Voter  string `json:"voter"` // a random id the phone keeps, so that it may change its answer
}

// handleAnswer records an answer to the open question. Anyone who can see
// the page may answer, at most ViewersPerClient voters per client address
// and question.
func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		replyJSON(w, http.StatusForbidden, "cross-origin requests may not answer")
		return
	}
	var a answerBody
	if !decodeJSON(w, r, maxAnswerBody, &a, "answer") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.poll
	if p == nil || p.id != a.Poll {
		replyJSON(w, http.StatusConflict, "this question is no longer asked")
		return
	}
	if err := p.answer(a.Voter, clientAddr(r.RemoteAddr), a.Choice, s.opt.ViewersPerClient, s.clock()); err != nil {
		code := http.StatusBadRequest
		switch {
		case !p.open:
			code = http.StatusConflict
		case strings.HasPrefix(err.Error(), "too many"):
			code = http.StatusTooManyRequests
		}
		replyJSON(w, code, err.Error())
		return
	}
	s.dirty = true
	replyJSON(w, http.StatusOK, "your answer: "+p.options[a.Choice])
}

// do carries out a control request and returns the HTTP status and a
// message for the presenter.
func (s *Server) do(c control) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Action {
	case "play", "pause", "toggle":
		p := c.Action == "play" || c.Action == "toggle" && !s.playing
		if p && s.e.ended {
			return http.StatusConflict, "the run has ended; continue it (C) or start a new run (R)"
		}
		if p != s.playing {
			s.setPlaying(p)
		}
		if p {
			return http.StatusOK, "playing"
		}
		return http.StatusOK, "paused"
	case "speed":
		if c.Speed == nil || !(*c.Speed >= MinSpeed && *c.Speed <= MaxSpeed) || math.IsNaN(*c.Speed) {
			return http.StatusBadRequest, fmt.Sprintf("speed: want %v … %v working hours a second", MinSpeed, MaxSpeed)
		}
		s.speed = *c.Speed
		s.e.clock = s.clock()
		for _, p := range s.e.pacers {
			p.SetSpeed(s.speed)
		}
		s.dirty = true
		return http.StatusOK, fmt.Sprintf("speed %g working hours a second", s.speed)
	case "restart", "again":
		seed := s.e.cfg.Seed + 1
		if c.Seed != nil {
			if *c.Seed > maxSeed {
				return http.StatusBadRequest, fmt.Sprintf("seed: want 0 … %d", uint64(maxSeed))
			}
			seed = *c.Seed
		}
		var presses []LogEntry
		if c.Action == "again" {
			if len(s.e.presses) == 0 {
				return http.StatusConflict, "no presses in this run to play again; press a disruption first, or R for a new run"
			}
			presses = s.e.presses
		}
		if err := s.newRun(s.e.sc, s.opt.Organisations, seed, s.e.params, presses); err != nil {
			return http.StatusInternalServerError, err.Error()
		}
		if c.Action == "again" {
			return http.StatusOK, fmt.Sprintf("run %d, seed %d: the same %d presses at the same times", s.e.run, seed, len(presses))
		}
		return http.StatusOK, fmt.Sprintf("run %d, seed %d", s.e.run, seed)
	case "continue":
		if !s.e.ended {
			return http.StatusConflict, "the run has not ended"
		}
		if !s.e.extend(ContinueWeeks * sim.Week) {
			return http.StatusConflict, "the run cannot go on; press R for a new run"
		}
		s.setPlaying(true)
		return http.StatusOK, fmt.Sprintf("continuing until %s", clockLabel(s.e.end))
	case "press":
		if !validButton(c.Button) {
			return http.StatusBadRequest, fmt.Sprintf("button %q: want one of %s", c.Button, buttonList())
		}
		if err := s.e.press(c.Button); err != nil {
			return http.StatusConflict, err.Error()
		}
		s.dirty = true
		return http.StatusAccepted, c.Button.Label() + ": at the next frame"
	case "pause-after":
		if c.On == nil {
			return http.StatusBadRequest, "pause-after: want on: true or false"
		}
		s.pauseAfter = *c.On
		s.dirty = true
		if s.pauseAfter {
			return http.StatusOK, "the run pauses by itself after each disruption"
		}
		return http.StatusOK, "the run no longer pauses after a disruption"
	case "params":
		p := s.e.params
		if c.Span != nil {
			p.Span = *c.Span
		}
		if c.Knowledge != nil {
			p.Knowledge = *c.Knowledge
		}
		if c.Interim != nil {
			p.Interim = *c.Interim
		}
		if err := p.check(s.e.cfg.Work.Teams); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		if p == s.e.params {
			return http.StatusOK, "unchanged"
		}
		if err := s.newRun(s.e.sc, s.opt.Organisations, s.e.cfg.Seed, p, s.e.presses); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		var parts []string
		for _, sl := range sliders(&s.e.cfg, p) {
			if sl.Off == "" {
				parts = append(parts, sliderText(sl))
			}
		}
		return http.StatusOK, fmt.Sprintf("run %d, the same seed and presses: %s", s.e.run, strings.Join(parts, ", "))
	case "scenario":
		for _, sc := range s.scs {
			if sc.Name == c.Name {
				if sc == s.e.sc {
					return http.StatusOK, "already running " + sc.Name
				}
				if err := s.newRun(sc, nil, sc.Config.Seed, Params{}, nil); err != nil {
					return http.StatusBadRequest, err.Error()
				}
				return http.StatusOK, fmt.Sprintf("run %d: %s", s.e.run, sc.Name)
			}
		}
		var names []string
		for _, sc := range s.scs {
			names = append(names, sc.Name)
		}
		return http.StatusBadRequest, fmt.Sprintf("scenario %q: want one of %s", c.Name, strings.Join(names, ", "))
	case "ask":
		org := 0
		if c.Org != nil {
			org = *c.Org
		}
		if s.e.ended {
			return http.StatusConflict, "the run has ended; continue it (C) or start a new run (R) first"
		}
		s.pollID++
		p, err := newPoll(s.pollID, c.Kind, org, s.e)
		if err != nil {
			return http.StatusBadRequest, err.Error()
		}
		if old := s.poll; old != nil && old.open {
			old.close(s.e.t)
			s.logPoll(old)
		}
		s.polls = append(s.polls, p)
		if len(s.polls) > maxPolls {
			s.polls = s.polls[len(s.polls)-maxPolls:]
		}
		s.poll = p
		s.dirty = true
		return http.StatusOK, "asked the room: " + p.question
	case "close-poll":
		p := s.poll
		if p == nil || !p.open {
			return http.StatusConflict, "no question is open"
		}
		p.close(s.e.t)
		s.logPoll(p)
		s.dirty = true
		return http.StatusOK, fmt.Sprintf("closed: %d answers", len(p.answers))
	case "apply-vote":
		p := s.poll
		if p == nil || p.kind != AskVote {
			return http.StatusConflict, "no vote to apply; ask the room to vote first"
		}
		k := p.winner()
		if k < 0 {
			return http.StatusConflict, "nobody has voted yet"
		}
		if err := s.e.press(p.buttons[k]); err != nil {
			return http.StatusConflict, err.Error()
		}
		if p.open {
			p.close(s.e.t)
		}
		p.correct, p.outcome, p.final = k, "applied: "+p.options[k], true
		s.logPoll(p)
		s.dirty = true
		return http.StatusAccepted, "the room's choice, " + p.options[k] + ": at the next frame"
	case "hide-poll":
		if p := s.poll; p != nil && p.open {
			p.close(s.e.t)
			s.logPoll(p)
		}
		s.poll = nil
		s.dirty = true
		return http.StatusOK, "hidden"
	}
	return http.StatusBadRequest, fmt.Sprintf("action %q: want %s", c.Action, actions)
}
