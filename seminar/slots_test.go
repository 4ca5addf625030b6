package seminar

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// waitCount waits until the hub holds n streams.
func waitCount(t *testing.T, s *testServer, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); s.hub.count() != n; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams open, want %d", s.hub.count(), n)
		}
	}
}

// nextFrame returns the stream's next frame event, skipping nothing else.
func nextFrame(t *testing.T, who string, st *stream) frame {
	t.Helper()
	ev, data, err := st.next()
	if err != nil || ev != "frame" {
		t.Fatalf("%s: event %q, %v; want a frame", who, ev, err)
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", who, err)
	}
	return f
}

// initRole reads a stream's init event and returns its role.
func initRole(t *testing.T, who string, st *stream) string {
	t.Helper()
	ev, data, err := st.next()
	if err != nil || ev != "init" {
		t.Fatalf("%s: first event %q, %v", who, ev, err)
	}
	var m initMsg
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", who, err)
	}
	return m.Role
}

// Viewers who take every slot of the room do not lock the presenter out:
// the presenter's streams have slots of their own, at most
// PresenterStreams of them, the newest taking the oldest's place.
func TestPresenterAlwaysHasASlot(t *testing.T) {
	const room = 5
	s := newTestServer(t, Options{Seed: 1, Speed: 40, Token: "sesame", MaxViewers: room, ViewersPerClient: 100})
	var viewers []*stream
	for i := 0; i < room; i++ {
		st := openStream(t, s.ts.URL+"/api/events")
		defer st.close()
		if r := initRole(t, "viewer", st); r != "viewer" {
			t.Fatalf("viewer %d has role %q", i, r)
		}
		viewers = append(viewers, st)
	}
	for _, tok := range []string{"", "?token=wrong"} {
		code, body, h := s.get(t, "/api/events"+tok)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "the room is full") || h.Get("Retry-After") == "" {
			t.Fatalf("a viewer in a full room (%q): %d %q %v", tok, code, body, h)
		}
	}
	// The presenter gets in, by the link's query parameter or the header,
	// and receives frames.
	var pres []*stream
	for i := 0; i < PresenterStreams; i++ {
		var st *stream
		if i%2 == 0 {
			st = openStream(t, s.ts.URL+"/api/events?token=sesame")
		} else {
			st = openStream(t, s.ts.URL+"/api/events", "X-Orgsim-Token", "sesame")
		}
		defer st.close()
		if r := initRole(t, "presenter", st); r != "presenter" {
			t.Fatalf("presenter stream %d has role %q", i, r)
		}
		pres = append(pres, st)
	}
	waitCount(t, s, room+PresenterStreams)
	if code, body := s.post(t, `{"action":"play"}`, "X-Orgsim-Token", "sesame"); code != http.StatusOK {
		t.Fatalf("play: %d %s", code, body)
	}
	s.step()
	for i, st := range pres {
		if f := nextFrame(t, fmt.Sprint("presenter ", i), st); f.T <= 0 {
			t.Fatalf("presenter %d: frame at t = %v", i, f.T)
		}
	}
	nextFrame(t, "viewer 0", viewers[0])
	// One more presenter page takes the oldest one's place, whose page is
	// told why; the viewers are untouched.
	newest := openStream(t, s.ts.URL+"/api/events?token=sesame")
	defer newest.close()
	if r := initRole(t, "newest presenter", newest); r != "presenter" {
		t.Fatalf("newest presenter stream has role %q", r)
	}
	ev, data, err := pres[0].next()
	for err == nil && ev == "frame" {
		ev, data, err = pres[0].next()
	}
	if err != nil || ev != "replaced" || !strings.Contains(string(data), "took this page's place") {
		t.Fatalf("the oldest presenter stream: %q %s %v", ev, data, err)
	}
	if _, _, err := pres[0].next(); err == nil {
		t.Fatal("the replaced stream goes on")
	}
	waitCount(t, s, room+PresenterStreams)
	s.step()
	nextFrame(t, "newest presenter", newest)
	if code, _, _ := s.get(t, "/api/events"); code != http.StatusServiceUnavailable {
		t.Fatalf("a viewer after the presenters came: %d, want the room still full", code)
	}
	// A viewer who leaves frees a viewer's slot, and only one.
	viewers[0].close()
	waitCount(t, s, room-1+PresenterStreams)
	again := openStream(t, s.ts.URL+"/api/events")
	defer again.close()
	if code, _, _ := s.get(t, "/api/events"); code != http.StatusServiceUnavailable {
		t.Fatalf("a second viewer into one freed slot: %d", code)
	}
}

// One client address holds at most ViewersPerClient viewers' streams;
// another address still gets in. The other addresses are simulated: the
// requests come over loopback with X-Test-Remote-Addr.
func TestViewersPerClient(t *testing.T) {
	const per = 2
	s := newTestServer(t, Options{Seed: 1, Token: "sesame", MaxViewers: 100, ViewersPerClient: per})
	url := s.ts.URL + "/api/events"
	for i := 0; i < per; i++ {
		st := openStream(t, url)
		defer st.close()
		initRole(t, "loopback viewer", st)
	}
	const why = "too many viewers from your address"
	code, body, h := s.get(t, "/api/events")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, why) || !strings.Contains(body, fmt.Sprintf("at most %d at once", per)) || h.Get("Retry-After") == "" {
		t.Fatalf("viewer %d from one address: %d %q", per+1, code, body)
	}
	// Another address: its own slots, however its port and form vary.
	other := []string{"192.0.2.7:5000", "[::ffff:192.0.2.7]:6001"}
	for _, a := range other {
		st := openStream(t, url, "X-Test-Remote-Addr", a)
		defer st.close()
		if r := initRole(t, a, st); r != "viewer" {
			t.Fatalf("%s: role %q", a, r)
		}
	}
	if code, body, _ := s.get(t, "/api/events", "X-Test-Remote-Addr", "192.0.2.7:7000"); code != http.StatusServiceUnavailable || !strings.Contains(body, why) {
		t.Fatalf("a third viewer from 192.0.2.7: %d %q", code, body)
	}
	v6 := openStream(t, url, "X-Test-Remote-Addr", "[2001:db8::1]:443")
	defer v6.close()
	initRole(t, "IPv6 viewer", v6)
	// The presenter is not a viewer: a full address does not keep it out.
	pres := openStream(t, url+"?token=sesame")
	defer pres.close()
	if r := initRole(t, "presenter", pres); r != "presenter" {
		t.Fatalf("presenter from a full address: role %q", r)
	}
	waitCount(t, s, per+len(other)+2)
	s.step()
	nextFrame(t, "IPv6 viewer", v6)
	nextFrame(t, "presenter", pres)
}

// Without a token every page may control the run, so every page is the
// presenter's: the newest always connects, and at most PresenterStreams
// are open, whatever the viewers' bounds.
func TestWithoutATokenEveryPageIsThePresenters(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1, MaxViewers: 1, ViewersPerClient: 1})
	var st []*stream
	for i := 0; i <= PresenterStreams; i++ {
		x := openStream(t, s.ts.URL+"/api/events")
		defer x.close()
		if r := initRole(t, "local page", x); r != "presenter" {
			t.Fatalf("local page %d: role %q", i, r)
		}
		st = append(st, x)
	}
	if ev, _, err := st[0].next(); err != nil || ev != "replaced" {
		t.Fatalf("the oldest local page: %q %v", ev, err)
	}
	waitCount(t, s, PresenterStreams)
	s.step()
	nextFrame(t, "newest local page", st[PresenterStreams])
}

func TestClientAddr(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1:1234":          "192.0.2.1",
		"[::ffff:192.0.2.1]:80":   "192.0.2.1",
		"[2001:db8::1]:443":       "2001:db8::1",
		"[fe80::1%eth0]:8080":     "fe80::1",
		"[::1]:5":                 "::1",
		"@":                       "@",
		"not an address at all:x": "not an address at all",
	} {
		if got := clientAddr(in); got != want {
			t.Errorf("clientAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
