package seminar

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgsim/orgsim/scenarios"
)

// seminarScenario loads the embedded seminar scenario.
func seminarScenario(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Embedded("seminar")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// fakeClock is a wall clock that moves only when the test says so.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// testServer is a Server on a loopback test listener whose frames the test
// drives itself, tick by tick, on a fake clock.
type testServer struct {
	*Server
	ts  *httptest.Server
	clk *fakeClock
}

func newTestServer(t *testing.T, opt Options) *testServer {
	t.Helper()
	clk := newFakeClock()
	opt.Clock = clk.now
	s, err := NewServer(seminarScenario(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	s.budget = 0
	// Every request comes over loopback; X-Test-Remote-Addr makes one
	// look as if it came from another client address.
	h := s.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("X-Test-Remote-Addr"); a != "" {
			r.RemoteAddr = a
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return &testServer{Server: s, ts: ts, clk: clk}
}

// step moves the fake clock one frame on and ticks.
func (s *testServer) step() {
	s.tick(s.clk.add(frameEvery))
}

// post sends a control request and returns the status and the body.
func (s *testServer) post(t *testing.T, body string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", s.ts.URL+"/api/control", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := s.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// get fetches a path, with the given header fields (name, value, …), and
// returns the status, the body and the header.
func (s *testServer) get(t *testing.T, path string, hdr ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", s.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := s.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// stream is one viewer's event stream.
type stream struct {
	cancel context.CancelFunc
	res    *http.Response
	r      *bufio.Reader
}

// openStream opens an event stream, with the given header fields (name,
// value, …), and fails the test unless it is admitted.
func openStream(t *testing.T, url string, hdr ...string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("GET %s: %s, %s", url, res.Status, res.Header.Get("Content-Type"))
	}
	return &stream{cancel: cancel, res: res, r: bufio.NewReader(res.Body)}
}

// next returns the next event's name and data.
func (s *stream) next() (string, []byte, error) {
	var event string
	var data bytes.Buffer
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return "", nil, err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			if event != "" || data.Len() > 0 {
				return event, data.Bytes(), nil
			}
		case strings.HasPrefix(line, "event: "):
			event = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data.WriteString(line[len("data: "):])
		}
	}
}

func (s *stream) close() {
	s.cancel()
	s.res.Body.Close()
}

// metrics is what a session computed, for comparing two sessions.
type metrics struct {
	T       float64
	Backlog [][]int
	P95     []string // exact bits, NaN included
	Counts  [][3]int
	Queues  [][]int
	Presses []LogEntry
}

func metricsOf(t *testing.T, e *session) metrics {
	t.Helper()
	m := metrics{T: e.t, Backlog: e.backlog}
	for o, r := range e.runners {
		var b strings.Builder
		for _, v := range e.p95[o] {
			fmt.Fprintf(&b, "%x ", math.Float64bits(v))
		}
		m.P95 = append(m.P95, b.String())
		a, d, op := r.Counts()
		m.Counts = append(m.Counts, [3]int{a, d, op})
		m.Queues = append(m.Queues, r.Queues(nil))
	}
	for _, p := range e.presses {
		p.Wall = ""
		m.Presses = append(m.Presses, p)
	}
	return m
}

func (m metrics) String() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// zero is "no deadline".
var zero time.Time
