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
	"strings"
	"sync"
	"time"

	"github.com/orgsim/orgsim/scenarios"
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
	// (0: DefaultViewersPerClient). Viewers behind one NAT or proxy share
	// an address.
	ViewersPerClient int
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
	s := &Server{opt: opt, sc: sc, clock: opt.Clock, hub: newHub(opt.MaxViewers, opt.ViewersPerClient, PresenterStreams), budget: tickBudget, wait: writeTimeout, closed: make(chan struct{}), speed: opt.Speed}
	if s.clock == nil {
		s.clock = time.Now
	}
	seed, orgs, scripted := opt.Seed, opt.Organisations, opt.Scripted
	var replay []LogEntry
	if opt.Replay != nil {
		seed, orgs, scripted = opt.Replay.Start.Seed, opt.Replay.Start.Organisations, opt.Replay.Start.Scripted
		replay = opt.Replay.Presses
	}
	e, err := newSession(sessionConfig{sc: sc, orgs: orgs, seed: seed, scripted: scripted, run: 1, replay: replay, paced: true, now: s.clock(), speed: s.speed})
	if err != nil {
		return nil, err
	}
	if len(e.runners) != 2 {
		return nil, fmt.Errorf("the live view shows two organisations side by side; this scenario has %d", len(e.runners))
	}
	s.e = e
	s.opt.Organisations = orgs
	s.opt.Scripted = scripted
	s.logStart()
	return s, nil
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
	f := s.e.snapshot(!s.playing, s.speed)
	f.Notices, s.notices = s.notices, nil
	return sseMessage("frame", f)
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

// restart starts a new run with the given seed, keeping play or pause.
func (s *Server) restart(seed uint64) error {
	e, err := newSession(sessionConfig{sc: s.sc, orgs: s.opt.Organisations, seed: seed, scripted: s.opt.Scripted, run: s.e.run + 1, paced: true, now: s.clock(), speed: s.speed})
	if err != nil {
		return err
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

// logStart writes the current run's start to the session log.
func (s *Server) logStart() {
	le := s.e.start()
	le.Wall = s.clock().UTC().Format(time.RFC3339)
	s.writeLog(le)
	if s.opt.Notify != nil {
		fmt.Fprintf(s.opt.Notify, "run %d: %s, seed %d, %s\n", le.Run, s.e.name, le.Seed, strings.Join(le.Organisations, " and "))
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
// layout, the whole series so far and the current frame.
type initMsg struct {
	Run      int          `json:"run"`
	Scenario string       `json:"scenario"`
	Role     string       `json:"role"` // presenter or viewer
	Horizon  float64      `json:"horizon"`
	Step     float64      `json:"step"`
	Window   float64      `json:"window"`
	MinSpeed float64      `json:"minSpeed"`
	MaxSpeed float64      `json:"maxSpeed"`
	Layouts  []*orgLayout `json:"layouts"`
	Buttons  []buttonInfo `json:"buttons"`
	Backlog  [][]int      `json:"backlog"`
	P95      [][]num      `json:"p95"`
	Markers  []marker     `json:"markers"`
	Frame    frame        `json:"frame"`
}

type buttonInfo struct {
	ID    Button `json:"id"`
	Label string `json:"label"`
	Key   string `json:"key"`
}

func (s *Server) initLocked(presenter bool) initMsg {
	e := s.e
	m := initMsg{
		Run: e.run, Scenario: e.name, Role: "viewer", Horizon: e.horizon(), Step: e.step, Window: e.window,
		MinSpeed: MinSpeed, MaxSpeed: MaxSpeed, Layouts: e.layouts, Markers: e.markers,
		Backlog: e.backlog, Frame: e.snapshot(!s.playing, s.speed),
	}
	if m.Markers == nil {
		m.Markers = []marker{}
	}
	if presenter {
		m.Role = "presenter"
	}
	for _, b := range Buttons {
		m.Buttons = append(m.Buttons, buttonInfo{ID: b, Label: b.Label(), Key: shortLabel(b)})
	}
	for o := range e.p95 {
		m.P95 = append(m.P95, nums(e.p95[o]))
	}
	return m
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
// files, and the API (/api/init, /api/events, /api/control, /api/log).
// Nothing else is served.
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
	mux.HandleFunc("POST /api/control", s.handleControl)
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
	Action string   `json:"action"`           // play, pause, toggle, speed, restart or press
	Speed  *float64 `json:"speed,omitempty"`  // speed: working hours per second
	Seed   *uint64  `json:"seed,omitempty"`   // restart: the seed (default: the next one)
	Button Button   `json:"button,omitempty"` // press: which button
}

// maxSeed bounds a seed given by the page, so that it survives JSON
// numbers in a browser.
const maxSeed = 1<<53 - 1

func (s *Server) handleControl(w http.ResponseWriter, r *http.Request) {
	reply := func(code int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		key := "message"
		if code >= 400 {
			key = "error"
		}
		json.NewEncoder(w).Encode(map[string]string{key: msg})
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			reply(http.StatusForbidden, "cross-origin requests may not control the run")
			return
		}
	}
	if !s.presenter(r, false) {
		reply(http.StatusForbidden, "only the presenter may control the run (the presenter's link carries a token)")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		reply(http.StatusUnsupportedMediaType, "want Content-Type: application/json")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxControlBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var c control
	if err := dec.Decode(&c); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			reply(http.StatusRequestEntityTooLarge, "request too large")
			return
		}
		reply(http.StatusBadRequest, "not a control request: "+err.Error())
		return
	}
	if dec.More() {
		reply(http.StatusBadRequest, "one control request at a time")
		return
	}
	code, msg := s.do(c)
	reply(code, msg)
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
			return http.StatusConflict, "the run has ended; restart it first"
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
	case "restart":
		seed := s.e.cfg.Seed + 1
		if c.Seed != nil {
			if *c.Seed > maxSeed {
				return http.StatusBadRequest, fmt.Sprintf("seed: want 0 … %d", uint64(maxSeed))
			}
			seed = *c.Seed
		}
		if err := s.restart(seed); err != nil {
			return http.StatusInternalServerError, err.Error()
		}
		return http.StatusOK, fmt.Sprintf("run %d, seed %d", s.e.run, seed)
	case "press":
		if !validButton(c.Button) {
			return http.StatusBadRequest, fmt.Sprintf("button %q: want one of %s", c.Button, buttonList())
		}
		if err := s.e.press(c.Button); err != nil {
			return http.StatusConflict, err.Error()
		}
		s.dirty = true
		return http.StatusAccepted, c.Button.Label() + ": at the next frame"
	}
	return http.StatusBadRequest, fmt.Sprintf("action %q: want play, pause, toggle, speed, restart or press", c.Action)
}
