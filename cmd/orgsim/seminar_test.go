package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/gif"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a running command and the test may use
// at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSeminarCommandsHelp(t *testing.T) {
	for _, c := range []string{"serve", "record"} {
		code, out, _ := orgsim(t, c, "-h")
		if code != 0 || !strings.Contains(out, "Example:\n  orgsim "+c) {
			t.Errorf("%s -h: exit %d, output %q", c, code, out)
		}
	}
	_, out, _ := orgsim(t, "-h")
	if !strings.Contains(out, "orgsim serve") || !strings.Contains(out, "orgsim record") {
		t.Errorf("usage lacks serve and record: %s", out)
	}
}

func TestRecordCommand(t *testing.T) {
	dir := t.TempDir()
	// A folder named like the scenario does not hide the embedded one.
	if err := os.Mkdir(filepath.Join(dir, "seminar"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, out, errs := orgsim(t, "record", "-out", "slides/seminar.gif", "-width", "320", "-step", "1w", "-until", "4w")
	if code != 0 || !strings.Contains(out, "wrote slides/seminar.gif") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	f, err := os.Open(filepath.Join("slides", "seminar.gif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	// A title frame and a frame a week.
	if err != nil || g.Config.Width != 320 || g.Config.Height != 180 || len(g.Image) != 6 {
		t.Fatalf("%v: %d×%d, %d frames", err, g.Config.Width, g.Config.Height, len(g.Image))
	}
	if left, _ := filepath.Glob("slides/.*.tmp"); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"record"}, 2, "-out FILE.gif is required"},
		{[]string{"record", "-out", "x.png"}, 2, "want a .gif file"},
		{[]string{"record", "-out", "x.gif", "-width", "333"}, 2, "-width 333"},
		{[]string{"record", "-out", "x.gif", "-fps", "0"}, 2, "-fps 0"},
		{[]string{"record", "-out", "x.gif", "-until", "100w"}, 2, "at most the scenario's horizon"},
		{[]string{"record", "no-such-scenario", "-out", "x.gif"}, 1, "neither a scenario file nor an embedded scenario"},
		{[]string{"record", "-out", "x.gif", "-replay", "missing.jsonl"}, 1, "-replay missing.jsonl"},
		{[]string{"record", "-out", "x.gif", "-orgs", "hierarchy,matrix"}, 1, `no organisation "matrix"`},
		{[]string{"record", "-out", "x.gif", "-run", "2"}, 2, "-run N goes with -replay LOG"},
	} {
		code, _, errs := orgsim(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// startServe runs orgsim serve with args until the returned stop function
// is called, and returns the address it printed, on loopback: a server
// that listens on every interface is reached through 127.0.0.1 too.
func startServe(t *testing.T, args ...string) (url string, stdout, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	old := serveContext
	serveContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	t.Cleanup(func() { serveContext = old })
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	all := append([]string{"serve"}, args...)
	go func() { done <- run(all, &env{stdout: stdout, stderr: stderr, args: all}) }()
	re := regexp.MustCompile(`http://[^\s/]+:(\d+)/`)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			url = "http://127.0.0.1:" + m[1] + "/"
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d: %s %s", code, stdout, stderr)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve printed no address: %s %s", stdout, stderr)
		}
	}
	return url, stdout, stderr, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
}

func TestServeCommand(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "session.jsonl")
	url, _, stderr, stop := startServe(t, "-addr", "127.0.0.1:0", "-seed", "7", "-speed", "100", "-log", logFile)
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(page, []byte("<title>orgsim seminar</title>")) {
		t.Fatalf("GET /: %d", res.StatusCode)
	}
	post := func(body string) int {
		res, err := http.Post(url+"api/control", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if post(`{"action":"play"}`) != 200 {
		t.Fatal("play refused")
	}
	time.Sleep(300 * time.Millisecond)
	if post(`{"action":"press","button":"surge"}`) != 202 {
		t.Fatal("press refused")
	}
	time.Sleep(300 * time.Millisecond)
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "run 1: seminar, seed 7") || !strings.Contains(stderr.String(), "demand doubles for a week") {
		t.Errorf("stderr: %s", stderr)
	}
	if strings.Contains(stderr.String(), "warning: disruption") {
		t.Errorf("warnings about disruptions that do not run: %s", stderr)
	}
	log, err := os.ReadFile(logFile)
	if err != nil || !strings.Contains(string(log), `"seed":7`) || !strings.Contains(string(log), `"button":"surge"`) {
		t.Fatalf("log: %s %v", log, err)
	}
	// The log re-runs the session.
	url, _, stderr, stop = startServe(t, "-addr", "127.0.0.1:0", "-replay", logFile)
	res, err = http.Get(url + "api/init")
	if err != nil {
		t.Fatal(err)
	}
	var init struct {
		Frame struct{ Seed uint64 }
	}
	json.NewDecoder(res.Body).Decode(&init)
	res.Body.Close()
	if init.Frame.Seed != 7 {
		t.Errorf("replay runs seed %d, want 7", init.Frame.Seed)
	}
	if code := stop(); code != 0 {
		t.Fatalf("replay: exit %d: %s", code, stderr)
	}
}

// Bound to every interface, the server keeps the presenter's slots free
// of viewers and bounds the viewers per client address with
// -viewers-per-client; the test talks to it over loopback only.
func TestServeViewerLimits(t *testing.T) {
	url, stdout, stderr, stop := startServe(t, "-addr", "0.0.0.0:0", "-viewers-per-client", "2", "-max-viewers", "3")
	m := regexp.MustCompile(`presenter token: (\S+)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no presenter token: %s", stdout)
	}
	token := m[1]
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// events opens an event stream and returns its status and, when it is
	// refused, the reason; an admitted stream stays open until the test ends.
	events := func(query string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, "GET", url+"api/events"+query, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == http.StatusOK {
			t.Cleanup(func() { res.Body.Close() })
			return res.StatusCode, ""
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for i := 0; i < 2; i++ {
		if code, body := events(""); code != 200 {
			t.Fatalf("viewer %d: %d %s", i, code, body)
		}
	}
	if code, body := events(""); code != 503 || !strings.Contains(body, "too many viewers from your address (at most 2 at once)") {
		t.Fatalf("a third viewer from loopback: %d %q", code, body)
	}
	if code, body := events("?token=" + token); code != 200 {
		t.Fatalf("the presenter: %d %s", code, body)
	}
	cancel()
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// -max-viewers bounds the room.
	url, _, stderr, stop = startServe(t, "-addr", "0.0.0.0:0", "-max-viewers", "1", "-viewers-per-client", "9")
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	if code, body := events(""); code != 200 {
		t.Fatalf("the only viewer: %d %s", code, body)
	}
	if code, body := events(""); code != 503 || !strings.Contains(body, "the room is full: this seminar serves 1 viewer at once") {
		t.Fatalf("a second viewer: %d %q", code, body)
	}
	cancel()
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestServeReportsABusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errs := orgsim(t, "serve", "-addr", ln.Addr().String())
	if code != 1 || !strings.Contains(errs, ln.Addr().String()+" is already in use") || !strings.Contains(errs, "-addr") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "-speed", "0"}, 2, "-speed 0"},
		{[]string{"serve", "a", "b"}, 2, "want one scenario"},
		{[]string{"serve", "-viewers-per-client", "0"}, 2, "-viewers-per-client 0: not allowed (allowed: a whole number from 1 to 10000)"},
		{[]string{"serve", "-max-viewers", "-1"}, 2, "-max-viewers -1: not allowed (allowed: a whole number from 1 to 10000)"},
		{[]string{"serve", "-addr", "127.0.0.1:0", "-orgs", "matrix"}, 1, `no organisation "matrix"`},
		{[]string{"serve", "-weeks", "0"}, 2, "-weeks 0: not allowed (allowed: a whole number from 1 to 1000)"},
		{[]string{"serve", "-run", "1"}, 2, "-run N goes with -replay LOG"},
	} {
		code, _, errs := orgsim(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// A session log with two runs: -run chooses which one serve and record
// replay, and a run the log does not hold is refused with the list of
// those it does.
func TestReplayChoosesARun(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "two.jsonl")
	log := `{"run":1,"kind":"start","scenario":"embedded:seminar","seed":4,"organisations":["hierarchy","lattice"],"t":0}
{"run":1,"kind":"press","t":120,"button":"top-leader"}
{"run":2,"kind":"start","scenario":"embedded:seminar","seed":5,"organisations":["hierarchy","lattice"],"params":{"span":10},"end":2400,"t":0}
{"run":2,"kind":"press","t":80,"button":"surge"}
`
	if err := os.WriteFile(logFile, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	gifs := map[string][]byte{}
	for _, n := range []string{"1", "2"} {
		out := filepath.Join(dir, "run"+n+".gif")
		code, _, errs := orgsim(t, "record", "-replay", logFile, "-run", n, "-out", out, "-width", "320", "-step", "1w", "-until", "3w")
		if code != 0 {
			t.Fatalf("-run %s: exit %d: %s", n, code, errs)
		}
		gifs[n], _ = os.ReadFile(out)
	}
	if bytes.Equal(gifs["1"], gifs["2"]) {
		t.Error("runs 1 and 2 gave the same GIF")
	}
	code, _, errs := orgsim(t, "record", "-replay", logFile, "-run", "3", "-out", filepath.Join(dir, "x.gif"))
	if code != 2 || !strings.Contains(errs, "-run 3: not allowed") || !strings.Contains(errs, "2 (seminar, seed 5, 1 presses)") {
		t.Errorf("-run 3: exit %d: %s", code, errs)
	}
	url, _, stderr, stop := startServe(t, "-addr", "127.0.0.1:0", "-replay", logFile, "-run", "1")
	res, err := http.Get(url + "api/init")
	if err != nil {
		t.Fatal(err)
	}
	var init struct {
		Layouts []struct{ Nodes []any }
		Frame   struct{ Seed uint64 }
	}
	json.NewDecoder(res.Body).Decode(&init)
	res.Body.Close()
	if init.Frame.Seed != 4 || len(init.Layouts[0].Nodes) != 25 {
		t.Errorf("-run 1 serves seed %d with %d hierarchy nodes, want seed 4 and span 5's 25", init.Frame.Seed, len(init.Layouts[0].Nodes))
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// Bound to every interface, serve prints the machine's IP address for the
// room's phones and serves it as a QR code; a question's answers go to the
// -room file as CSV. The test talks to the server over loopback only.
func TestServeForARoom(t *testing.T) {
	roomFile := filepath.Join(t.TempDir(), "room.csv")
	url, stdout, stderr, stop := startServe(t, "-addr", "0.0.0.0:0", "-room", roomFile, "-weeks", "30", "-pause-after", "-viewers-per-client", "30")
	m := regexp.MustCompile(`viewers and phones: http://([^\s/]+):\d+/`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no address for phones: %s", stdout)
	}
	host := strings.Trim(m[1], "[]")
	if ip := net.ParseIP(host); ip == nil || ip.IsLoopback() || ip.IsUnspecified() {
		t.Logf("phones' address %q is not an IP address (a machine without a network); %s", host, stdout)
	}
	tok := regexp.MustCompile(`presenter token: (\S+)`).FindStringSubmatch(stdout.String())[1]
	res, err := http.Get(url + "api/qr.png")
	if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr.png: %v %v", res, err)
	}
	res.Body.Close()
	control := func(body string) (int, string) {
		req, _ := http.NewRequest("POST", url+"api/control", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Orgsim-Token", tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := control(`{"action":"ask","kind":"first"}`); code != 200 {
		t.Fatalf("ask: %d %s", code, body)
	}
	var init struct {
		Horizon float64
		Frame   struct {
			PauseAfter bool
			Poll       struct{ ID int }
		}
	}
	res, err = http.Get(url + "api/init")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&init)
	res.Body.Close()
	if init.Horizon != 30*40 || !init.Frame.PauseAfter || init.Frame.Poll.ID != 1 {
		t.Fatalf("init: %+v", init)
	}
	for i := range 3 {
		res, err := http.Post(url+"api/answer", "application/json", strings.NewReader(fmt.Sprintf(`{"poll":1,"choice":%d,"voter":"phone-%d-voter"}`, i%3, i)))
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("answer %d: %v %v", i, res, err)
		}
		res.Body.Close()
	}
	if code, body := control(`{"action":"close-poll"}`); code != 200 {
		t.Fatalf("close: %d %s", code, body)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(roomFile)
	if err != nil || strings.Count(string(b), "phone-") != 3 || !strings.HasPrefix(string(b), "run,question_id,") {
		t.Fatalf("room file: %v\n%s", err, b)
	}
}
