package seminar

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// A session driven tick by tick, with presses sent as POST requests, while
// n viewers are connected: half of them read every frame, half never read.
// It returns the session's metrics and its log.
func driveSession(t *testing.T, viewers int) (metrics, []byte, []int64) {
	t.Helper()
	// Every viewer comes from loopback: one address holds them all.
	s := newTestServer(t, Options{Seed: 5, Speed: 40, Token: "sesame", ViewersPerClient: viewers})
	var streams []*stream
	got := make([]int64, viewers)
	var wg sync.WaitGroup
	for i := 0; i < viewers; i++ {
		st := openStream(t, s.ts.URL+"/api/events")
		streams = append(streams, st)
		if ev, _, err := st.next(); err != nil || ev != "init" {
			t.Fatalf("viewer %d: first event %q, %v", i, ev, err)
		}
		if i%2 == 0 {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for {
					ev, data, err := st.next()
					if err != nil {
						return
					}
					var f frame
					if ev != "frame" || json.Unmarshal(data, &f) != nil {
						t.Errorf("viewer %d: bad event %q", i, ev)
						return
					}
					atomic.AddInt64(&got[i], 1)
				}
			}(i)
		}
	}
	if n := s.hub.count(); n != viewers {
		t.Fatalf("%d viewers connected, want %d", n, viewers)
	}
	if code, body := s.post(t, `{"action":"play"}`, "X-Orgsim-Token", "sesame"); code != http.StatusOK {
		t.Fatalf("play: %d %s", code, body)
	}
	presses := map[int]string{
		40:  `{"action":"press","button":"top-leader"}`,
		90:  `{"action":"press","button":"team-lead"}`,
		150: `{"action":"press","button":"surge"}`,
		200: `{"action":"press","button":"slowdown"}`,
		220: `{"action":"speed","speed":80}`,
	}
	for i := 0; i < 300; i++ {
		if body, ok := presses[i]; ok {
			if code, msg := s.post(t, body, "X-Orgsim-Token", "sesame"); code >= 300 {
				t.Fatalf("tick %d: %s: %d %s", i, body, code, msg)
			}
		}
		s.step()
	}
	_, logText, _ := s.get(t, "/api/log")
	s.mu.Lock()
	m := metricsOf(t, s.e)
	s.mu.Unlock()
	for _, st := range streams {
		st.close()
	}
	wg.Wait()
	// Disconnected viewers are forgotten.
	for deadline := time.Now().Add(5 * time.Second); s.hub.count() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d viewers still registered after they left", s.hub.count())
		}
	}
	return m, []byte(logText), got
}

// The same seed and the same presses give the same metrics whether fifty
// viewers watch (some of them too slow to read anything) or nobody does,
// and a replay of the session's log gives them again.
func TestSameSeedSamePressesSameMetricsWithOrWithoutViewers(t *testing.T) {
	watched, log, got := driveSession(t, 50)
	alone, _, _ := driveSession(t, 0)
	if !reflect.DeepEqual(watched, alone) {
		t.Fatalf("metrics differ with viewers:\n%v\nwithout:\n%v", watched, alone)
	}
	if len(watched.Presses) != 4 {
		t.Fatalf("presses logged: %+v", watched.Presses)
	}
	for i, n := range got {
		if i%2 == 0 && n == 0 {
			t.Errorf("reading viewer %d got no frame", i)
		}
	}
	runs, err := ReadLog(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if len(runs) != 1 || runs[0].Start.Seed != 5 || len(runs[0].Presses) != 4 || runs[0].Start.Scenario != "embedded:seminar" {
		t.Fatalf("log: %+v", runs)
	}
	e, err := newSession(sessionConfig{sc: seminarScenario(t), orgs: runs[0].Start.Organisations, seed: runs[0].Start.Seed, run: 1, replay: runs[0].Presses, end: runs[0].Start.End, live: true})
	if err != nil {
		t.Fatal(err)
	}
	e.advanceTo(watched.T, time.Time{})
	if len(e.replayErrs) > 0 {
		t.Fatal(e.replayErrs)
	}
	if replayed := metricsOf(t, e); !reflect.DeepEqual(replayed, watched) {
		t.Fatalf("the replay differs:\n%v\nsession:\n%v", replayed, watched)
	}
}

// A press takes effect at the simulated time of the next frame, not
// before, and that time is logged.
func TestPressTakesEffectAtTheNextFrame(t *testing.T) {
	s := newTestServer(t, Options{Seed: 2, Speed: 40})
	s.post(t, `{"action":"play"}`)
	for i := 0; i < 30; i++ {
		s.step()
	}
	code, body := s.post(t, `{"action":"press","button":"top-leader"}`)
	if code != http.StatusAccepted || !strings.Contains(body, "next frame") {
		t.Fatalf("press: %d %s", code, body)
	}
	s.mu.Lock()
	before, n := s.e.t, len(s.e.presses)
	s.mu.Unlock()
	if n != 0 {
		t.Fatal("the press took effect before the next frame")
	}
	s.step()
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.e
	if len(e.presses) != 1 || e.presses[0].T != e.t || e.t <= before {
		t.Fatalf("press at %v, frame at %v (previous %v)", e.presses, e.t, before)
	}
	if st := e.state(0, e.orgs[0].top); st.Status != model.StatusVacant {
		t.Fatalf("the hierarchy's root is %v after the press", st.Status)
	}
	if !strings.Contains(s.log.String(), `"button":"top-leader"`) {
		t.Fatalf("not logged: %s", s.log.String())
	}
}

// Controls are validated; a press that cannot take effect is refused with
// the reason.
func TestControlsAreValidated(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1})
	cases := []struct {
		body string
		hdr  []string
		code int
		want string
	}{
		{`{"action":"fly"}`, nil, 400, "want play, pause"},
		{`{"action":"press","button":"ceo"}`, nil, 400, "want one of"},
		{`{"action":"speed"}`, nil, 400, "speed: want"},
		{`{"action":"speed","speed":1e9}`, nil, 400, "speed: want"},
		{`{"action":"speed","speed":-2}`, nil, 400, "speed: want"},
		{`{"action":"restart","seed":9007199254740993}`, nil, 400, "seed: want"},
		{`{"action":"play","extra":1}`, nil, 400, "unknown field"},
		{`{"action":"play"}{"action":"pause"}`, nil, 400, "one control request"},
		{`not json`, nil, 400, "not a control request"},
		{`{"action":"play","pad":"` + strings.Repeat("x", 2000) + `"}`, nil, 413, "too large"},
		{`{"action":"play"}`, []string{"Content-Type", "text/plain"}, 415, "application/json"},
		{`{"action":"play"}`, []string{"Origin", "http://evil.example"}, 403, "cross-origin"},
		{`{"action":"speed","speed":20}`, nil, 200, "speed 20"},
		{`{"action":"press","button":"slowdown"}`, nil, 202, "next frame"},
	}
	for _, c := range cases {
		code, body := s.post(t, c.body, c.hdr...)
		if code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want %d %q", c.body, code, body, c.code, c.want)
		}
	}
	s.step()
	// The slowdown is on for a week: a second one is refused.
	if code, body := s.post(t, `{"action":"press","button":"slowdown"}`); code != 409 || !strings.Contains(body, "still on") {
		t.Errorf("second slowdown: %d %s", code, body)
	}
	s.post(t, `{"action":"press","button":"top-leader"}`)
	s.step()
	s.mu.Lock()
	root := s.e.runners[0].States(nil)[s.e.orgs[0].top]
	s.mu.Unlock()
	want := "still being filled (vacant until " + clockLabel(root.Until) + ")"
	if code, body := s.post(t, `{"action":"press","button":"top-leader"}`); code != 409 || !strings.Contains(body, want) {
		t.Errorf("second top leader: %d %s, want %q", code, body, want)
	}
	code, _, _ := s.get(t, "/api/control")
	if code != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/control: %d", code)
	}
	// Restart: a new run with the next seed, logged.
	if code, body := s.post(t, `{"action":"restart"}`); code != 200 || !strings.Contains(body, "run 2, seed 2") {
		t.Errorf("restart: %d %s", code, body)
	}
	runs, err := ReadLog(strings.NewReader(s.log.String()))
	if err != nil || len(runs) != 2 || runs[1].Start.Seed != 2 || len(runs[0].Presses) != 2 {
		t.Errorf("log after restart: %+v, %v", runs, err)
	}
}

// Bound to another address, the server wants the presenter's token for
// every control; everyone may watch.
func TestPresenterToken(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1, Token: "sesame"})
	if code, body := s.post(t, `{"action":"play"}`); code != 403 || !strings.Contains(body, "presenter") {
		t.Errorf("no token: %d %s", code, body)
	}
	if code, _ := s.post(t, `{"action":"play"}`, "X-Orgsim-Token", "sesam"); code != 403 {
		t.Errorf("wrong token: %d", code)
	}
	if code, _ := s.post(t, `{"action":"play"}`, "X-Orgsim-Token", "sesame"); code != 200 {
		t.Errorf("token: %d", code)
	}
	for path, role := range map[string]string{"/api/init": "viewer", "/api/init?token=sesame": "presenter", "/api/init?token=x": "viewer"} {
		_, body, _ := s.get(t, path)
		var m initMsg
		if err := json.Unmarshal([]byte(body), &m); err != nil || m.Role != role {
			t.Errorf("%s: role %q, want %q (%v)", path, m.Role, role, err)
		}
	}
	st := openStream(t, s.ts.URL+"/api/events")
	defer st.close()
	if ev, data, err := st.next(); err != nil || ev != "init" || !strings.Contains(string(data), `"role":"viewer"`) {
		t.Errorf("a viewer's stream: %q %v", ev, err)
	}
	for _, a := range []struct {
		addr string
		lo   bool
	}{{"127.0.0.1:8080", true}, {"localhost:8080", true}, {"[::1]:8080", true}, {"0.0.0.0:8080", false}, {":8080", false}, {"192.168.1.5:80", false}, {"bad", false}} {
		if Loopback(a.addr) != a.lo {
			t.Errorf("Loopback(%q) = %v", a.addr, !a.lo)
		}
	}
	if a, b := NewToken(), NewToken(); len(a) != 24 || a == b {
		t.Errorf("tokens %q %q", a, b)
	}
}

// Only the embedded files are served: no path reaches the disk.
func TestOnlyEmbeddedFilesAreServed(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1})
	for path, ctype := range map[string]string{"/": "text/html", "/index.html": "text/html", "/app.js": "text/javascript", "/style.css": "text/css"} {
		code, body, h := s.get(t, path)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), ctype) || len(body) < 100 {
			t.Errorf("%s: %d %s", path, code, h.Get("Content-Type"))
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers missing: %v", path, h)
		}
	}
	bad := []string{
		"/static/app.js", "/server.go", "/../server.go", "/static/../server.go", "/%2e%2e/server.go",
		"/..%2fserver.go", "/%2e%2e%2fgo.mod", "/app.js/../server.go", "/./server.go", "//etc/passwd",
		"/static/", "/seminar/doc.go", "/api/../server.go", "/api/", "/favicon.ico", "/index.html/", "/..%5cserver.go",
	}
	for _, p := range bad {
		// A raw request, so that the client does not clean the path.
		conn, err := net.Dial("tcp", s.ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", p)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		var buf bytes.Buffer
		buf.ReadFrom(conn)
		conn.Close()
		resp := buf.String()
		status := strings.SplitN(resp, "\r\n", 2)[0]
		leaks := strings.Contains(resp, "package seminar") || strings.Contains(resp, "module github.com") || strings.Contains(resp, "root:x:")
		served := strings.Contains(status, " 200 ") && !strings.Contains(resp, "<title>orgsim seminar</title>") && !strings.Contains(resp, "orgsim seminar page")
		if leaks || served || !(strings.Contains(status, " 404 ") || strings.Contains(status, " 307 ") || strings.Contains(status, " 400 ")) {
			t.Errorf("GET %s: %s (leaks %v)", p, status, leaks)
		}
		// A redirect goes to the cleaned path, which is not there either.
		if strings.Contains(status, " 307 ") {
			loc := ""
			for _, l := range strings.Split(resp, "\r\n") {
				if v, ok := strings.CutPrefix(l, "Location: "); ok {
					loc = v
				}
			}
			if code, body, _ := s.get(t, loc); code != 404 || strings.Contains(body, "package") {
				t.Errorf("GET %s → %s: %d", p, loc, code)
			}
		}
	}
}

// The event stream starts with everything needed to draw the page, then
// brings frames with the newest chart points.
func TestEventStream(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1, Speed: 40})
	st := openStream(t, s.ts.URL+"/api/events")
	defer st.close()
	ev, data, err := st.next()
	if err != nil || ev != "init" {
		t.Fatalf("%q %v", ev, err)
	}
	var m initMsg
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Role != "presenter" || len(m.Layouts) != 2 || m.Layouts[0].Name != "hierarchy" || m.Layouts[1].Name != "lattice" || len(m.Buttons) != 4 || m.Horizon != DefaultWeeks*sim.Week {
		t.Fatalf("init: %+v", m)
	}
	s.post(t, `{"action":"play"}`)
	var f frame
	for i := 0; i < 20; i++ {
		s.step()
	}
	for f.T < 40*0.1*20-1e-9 {
		ev, data, err = st.next()
		if err != nil || ev != "frame" {
			t.Fatalf("%q %v", ev, err)
		}
		f = frame{}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
	}
	if f.Run != 1 || f.Paused || len(f.Orgs) != 2 || len(f.Orgs[0].Nodes) != len(m.Layouts[0].Nodes) || f.Clock != "week 3, Mon 09:00" {
		t.Fatalf("frame: %+v", f)
	}
	if f.From+len(f.Backlog[0]) != int(f.T/m.Step)+1 {
		t.Fatalf("frame carries backlog points %d…%d at t = %v", f.From, f.From+len(f.Backlog[0]), f.T)
	}
	if f.Caption == "" {
		t.Fatal("no caption")
	}
}

// A viewer that stops reading is dropped once a frame waits too long, and
// one that cannot be admitted is told so.
func TestStalledViewerIsDroppedAndTheRoomHasALimit(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1, Token: "sesame", MaxViewers: 2, ViewersPerClient: 10})
	s.wait = 200 * time.Millisecond
	conn, err := net.Dial("tcp", s.ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(4096)
	}
	fmt.Fprintf(conn, "GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
	reader := openStream(t, s.ts.URL+"/api/events")
	defer reader.close()
	for deadline := time.Now().Add(5 * time.Second); s.hub.count() < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("viewers did not connect")
		}
	}
	code, body, _ := s.get(t, "/api/events")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "the room is full") {
		t.Errorf("a third viewer: %d %s", code, body)
	}
	go func() {
		for {
			if _, _, err := reader.next(); err != nil {
				return
			}
		}
	}()
	// Frames pile up in the stalled viewer's socket until a write times
	// out; the run never waits for it.
	start := time.Now()
	for i := 0; s.hub.count() > 1; i++ {
		s.mu.Lock()
		s.dirty = true
		s.mu.Unlock()
		s.step()
		if time.Since(start) > 20*time.Second {
			t.Fatalf("the stalled viewer was not dropped after %d frames", i)
		}
	}
	// The hub keeps at most one frame per viewer.
	h := newHub(1, 1, 1)
	v, _ := h.join("192.0.2.1", false)
	for i := 0; i < 1000; i++ {
		h.publish([]byte{byte(i)})
	}
	if len(v.box) != 1 || (<-v.box)[0] != byte(999%256) {
		t.Fatal("the hub did not keep only the newest frame")
	}
}
