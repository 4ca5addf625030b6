package seminar

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// chromium returns the path of a Chromium (or Chrome) binary, or "".
func chromium() string {
	if p := os.Getenv("ORGSIM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir returns where the test keeps its screenshot: the test's
// artifact folder when go test runs with -artifacts, else the system's
// temporary folder (which outlives the test).
func artifactDir(t *testing.T) string {
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		if ad, ok := any(t).(interface{ ArtifactDir() string }); ok {
			return ad.ArtifactDir()
		}
	}
	return os.TempDir()
}

// needChromium returns the Chromium binary, or skips the test (fails it
// under CI) when there is none.
func needChromium(t *testing.T) string {
	t.Helper()
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found (install it, e.g. apt-get install -y chromium, or set ORGSIM_CHROMIUM)")
		}
		t.Skip("no Chromium found; install chromium to run the browser test")
	}
	return bin
}

// serveLoopback runs srv on a loopback port until ctx is done, and returns
// its address.
func serveLoopback(t *testing.T, ctx context.Context, srv *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return "http://" + ln.Addr().String() + "/"
}

// browser starts a headless Chromium for the test and returns its context.
func browser(t *testing.T, ctx context.Context, bin string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 720),
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	return bctx
}

// pageCheck is evaluated in the page once it has drawn what changed (two
// animation frames on): every visible text's boxes (one per line of an
// HTML text, the whole of an SVG text), the texts smaller than 2.2 % of
// the window's height, the pairs of texts whose boxes overlap, and the
// texts that reach outside the window.
const pageCheck = `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))).then(() => {
  const H = innerHeight, W = innerWidth, bound = 0.022 * H;
  const items = [], small = [], outside = [];
  const name = (e) => (e.id ? "#" + e.id : e.tagName.toLowerCase() + (e.getAttribute("class") ? "." + e.getAttribute("class").split(" ")[0] : "")) + (e.parentElement && e.parentElement.id ? " in #" + e.parentElement.id : "");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (!text) continue;
    const p = n.parentElement;
    if (!p || p.closest("title, script, style, .sr-only, [hidden]")) continue;
    const cs = getComputedStyle(p);
    if (cs.visibility === "hidden" || cs.display === "none") continue;
    let rects, size = parseFloat(cs.fontSize);
    if (p instanceof SVGElement) {
      const r = p.getBoundingClientRect();
      rects = r.width > 0 && r.height > 0 ? [r] : [];
      const m = p.getScreenCTM();
      if (m) size *= Math.hypot(m.a, m.b);
    } else {
      const range = document.createRange();
      range.selectNodeContents(n);
      rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    }
    if (!rects.length) continue;
    const what = name(p) + " " + JSON.stringify(text.slice(0, 30));
    if (size < bound - 0.01) small.push(what + " " + size.toFixed(1) + " px");
    for (const r of rects) {
      if (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5) outside.push(what);
      items.push({ n, what, r });
    }
  }
  const overlaps = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i], b = items[j];
    if (a.n === b.n) continue;
    const e = 0.5;
    if (a.r.left + e < b.r.right && b.r.left + e < a.r.right && a.r.top + e < b.r.bottom && b.r.top + e < a.r.bottom) overlaps.push(a.what + " × " + b.what);
  }
  return JSON.stringify({ texts: items.length, bound, small, overlaps: overlaps.slice(0, 10), outside: outside.slice(0, 10) });
})`

// layoutReport is what pageCheck finds.
type layoutReport struct {
	Texts    int
	Bound    float64
	Small    []string
	Overlaps []string
	Outside  []string
}

// consoleErrors collects what the page writes to its console as errors
// (the browser's own log included, such as a failed request), and its
// uncaught exceptions.
type consoleErrors struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleErrors) listen(ctx context.Context) {
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				c.mu.Lock()
				c.errs = append(c.errs, m.String())
				c.mu.Unlock()
			}
		}
	}()
}

func (c *consoleErrors) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.errs
	c.errs = nil
	return out
}

// projectorSizes are the window sizes a room's projector may have.
var projectorSizes = [][2]int64{{1024, 768}, {1280, 720}, {1920, 1080}, {3840, 2160}}

// The page in a real browser at projector sizes, driven through its own
// buttons: at 1024×768, 1280×720, 1920×1080 and 3840×2160 no two texts
// overlap, none is smaller than 2.2 % of the window's height or reaches
// outside it, and the console stays clean; after each disruption button
// what the model says it struck is highlighted; the caption says an
// organisation is recovering whenever its backlog is above its
// undisturbed twin's by more than the margin; and after the top leader
// leaves the hierarchy's backlog climbs above the lattice's. At one size
// twenty simulated phones answer a prediction, and the presenter's page
// shows the tally.
func TestBrowserProjector(t *testing.T) {
	bin := needChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 240*time.Second)
	defer cancel()
	bctx := browser(t, ctx, bin)
	var console consoleErrors
	console.listen(bctx)
	for i, size := range projectorSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			srv, err := NewServer(seminarScenario(t), Options{Seed: 3, Speed: 80, Token: "sesame", ViewersPerClient: 40, JoinURL: "http://192.0.2.10:8080/"})
			if err != nil {
				t.Fatal(err)
			}
			url := serveLoopback(t, ctx, srv)
			// Leave the page before the server stops, so that it does not
			// try to reconnect.
			t.Cleanup(func() { chromedp.Do(bctx, chromedp.Navigate("about:blank")) })
			p := &projectorPage{t: t, ctx: bctx, srv: srv, console: &console, size: size}
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(url+"?token=sesame"),
				chromedp.WaitVisible(chromedp.CSS(`#controls button[data-button="top-leader"]`))); err != nil {
				t.Fatalf("loading %s: %v", url, err)
			}
			p.checkLayout("paused at the start")
			p.click("#play")
			p.waitFor("two working weeks", func() bool { return p.num(`+document.body.dataset.t`) >= 2*sim.Week })
			p.checkLayout("running")
			if i == 1 {
				p.roomAnswers(url)
			}
			for _, b := range Buttons {
				p.pressAndCheck(b)
			}
			p.shot("after the four buttons")
			if errs := console.take(); len(errs) > 0 {
				t.Errorf("console: %q", errs)
			}
		})
	}
}

// projectorPage drives the seminar page in the browser for one window
// size.
type projectorPage struct {
	t       *testing.T
	ctx     context.Context
	srv     *Server
	console *consoleErrors
	size    [2]int64
}

func (p *projectorPage) num(expr string) float64 {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func (p *projectorPage) str(expr string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func (p *projectorPage) click(sel string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		p.t.Fatalf("click %s: %v", sel, err)
	}
}

// waitFor waits until cond holds, checking the caption's claim about
// recovery at every look.
func (p *projectorPage) waitFor(what string, cond func() bool) {
	p.t.Helper()
	for deadline := time.Now().Add(40 * time.Second); ; time.Sleep(60 * time.Millisecond) {
		p.checkRecovering()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %s (page: %s)", what, p.str(`document.getElementById("status").textContent + " | " + document.getElementById("caption").textContent`))
		}
	}
}

// checkRecovering checks that the caption says an organisation is
// recovering whenever the page shows its backlog above its undisturbed
// twin's by more than the margin.
func (p *projectorPage) checkRecovering() {
	p.t.Helper()
	var st struct {
		Caption string
		Orgs    []struct {
			Name, Status string
			Shown, Twin  float64
		}
	}
	js := `JSON.stringify({caption: document.getElementById("caption").textContent, orgs: [0, 1].map((o) => { const p = document.getElementById("pane" + o); return {name: p.querySelector(".name").textContent, status: p.dataset.status || "", shown: +p.dataset.shown, twin: +p.dataset.twin}; })})`
	if err := json.Unmarshal([]byte(p.str(js)), &st); err != nil {
		p.t.Fatal(err)
	}
	if strings.HasPrefix(st.Caption, "End of the run") || strings.HasPrefix(st.Caption, "Ready") {
		return
	}
	for _, o := range st.Orgs {
		above := o.Shown-o.Twin > backlogMargin(o.Twin)
		if above && !strings.Contains(strings.ToLower(st.Caption), strings.ToLower(o.Name)+" recovering") {
			p.t.Errorf("%s's backlog %v is above its undisturbed %v, but the caption says: %s", o.Name, o.Shown, o.Twin, st.Caption)
		}
		if above && o.Status != "recovering" {
			p.t.Errorf("%s's backlog %v is above its undisturbed %v, but its status is %q", o.Name, o.Shown, o.Twin, o.Status)
		}
	}
}

// checkLayout checks the bounds of the projector mode now.
func (p *projectorPage) checkLayout(when string) {
	p.t.Helper()
	var r layoutReport
	js, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](pageCheck, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		p.t.Fatal(err)
	}
	if r.Texts < 40 {
		p.t.Errorf("%s: only %d texts on the page", when, r.Texts)
	}
	if len(r.Small) > 0 || len(r.Overlaps) > 0 || len(r.Outside) > 0 {
		p.shot(when)
		p.t.Errorf("%s at %d×%d: texts under %.1f px: %q; overlapping: %q; outside the window: %q", when, p.size[0], p.size[1], r.Bound, r.Small, r.Overlaps, r.Outside)
	}
}

// shot keeps a screenshot of the page.
func (p *projectorPage) shot(what string) {
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatal(err)
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, what)
	path := filepath.Join(artifactDir(p.t), fmt.Sprintf("orgsim-seminar-%dx%d-%s.png", p.size[0], p.size[1], name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}

// expectedStruck returns, per organisation, the ids of the drawn nodes the
// newest disruption struck as the model has it, and whether its links are
// slowed.
func (p *projectorPage) expectedStruck() ([][]string, []bool) {
	s := p.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.e
	m := &e.markers[len(e.markers)-1]
	var ids [][]string
	var slow []bool
	for o := range e.orgs {
		var want []string
		switch m.d[o].Kind {
		case model.Surge:
			for u, un := range e.orgs[o].units {
				if un.Role == model.RoleTeam {
					want = append(want, e.layouts[o].Nodes[e.layouts[o].unitNode[u]].ID)
				}
			}
		case model.Slowdown:
		default:
			for _, u := range e.struck(m, o) {
				want = append(want, e.layouts[o].Nodes[e.layouts[o].unitNode[u]].ID)
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		ids = append(ids, want)
		slow = append(slow, m.d[o].Kind == model.Slowdown)
	}
	return ids, slow
}

// pressAndCheck clicks disruption button b once it may strike, and checks
// the page then highlights what the model says it struck, in both panes,
// and that the layout holds.
func (p *projectorPage) pressAndCheck(b Button) {
	p.t.Helper()
	sel := `#controls button[data-button="` + string(b) + `"]`
	p.waitFor(string(b)+" to be allowed", func() bool { return p.num(`document.querySelector('`+sel+`').disabled ? 0 : 1`) == 1 })
	before := p.num(`+document.body.dataset.t`)
	markers := func() int {
		p.srv.mu.Lock()
		defer p.srv.mu.Unlock()
		return len(p.srv.e.markers)
	}
	n := markers()
	backlog0 := p.num(`+document.getElementById("pane0").dataset.shown`)
	p.click(sel)
	p.waitFor(string(b)+" to strike", func() bool { return markers() > n })
	want, slow := p.expectedStruck()
	js := `JSON.stringify([0, 1].map((o) => ({ids: Array.from(document.querySelectorAll("#pane" + o + " g.node.struck")).map((g) => g.dataset.id).sort(), slow: Array.from(document.querySelectorAll("#pane" + o + " svg line")).some((l) => l.getAttribute("stroke-dasharray"))})))`
	var got []struct {
		IDs  []string
		Slow bool
	}
	p.waitFor("the page to highlight what "+string(b)+" struck", func() bool {
		if err := json.Unmarshal([]byte(p.str(js)), &got); err != nil {
			p.t.Fatal(err)
		}
		for o := range got {
			if !slices.Equal(got[o].IDs, want[o]) && !(len(got[o].IDs) == 0 && len(want[o]) == 0) || got[o].Slow != slow[o] {
				return false
			}
		}
		return true
	})
	for o := range got {
		if len(want[o]) == 0 && !slow[o] && b != TopLeader {
			p.t.Errorf("%s struck nothing in organisation %d", b, o)
		}
	}
	p.t.Logf("%s at %.0f h: highlighted %v, links slowed %v", b, before, want, slow)
	p.checkLayout("after " + string(b))
	if b == TopLeader {
		// The hierarchy's root carries every escalation: its backlog
		// climbs well above its undisturbed twin's, and above the
		// lattice's.
		pressed := p.num(`+document.body.dataset.t`)
		p.waitFor("the hierarchy's backlog to climb above its twin's and the lattice's", func() bool {
			now := p.num(`+document.body.dataset.t`)
			h, tw, l := p.num(`+document.getElementById("pane0").dataset.shown`), p.num(`+document.getElementById("pane0").dataset.twin`), p.num(`+document.getElementById("pane1").dataset.shown`)
			if now > pressed+10*sim.Week {
				p.t.Fatalf("10 weeks after the press the hierarchy's backlog is %v (undisturbed %v, %v at the press), the lattice's %v", h, tw, backlog0, l)
			}
			return now > pressed+sim.Week && h >= tw+15 && l < h
		})
		p.checkLayout("the hierarchy jammed")
		p.shot("the hierarchy jammed")
	}
}

// roomAnswers opens a prediction on the presenter's page, lets twenty
// simulated phones (event streams and answers over loopback) answer it,
// and checks the presenter's page shows how many answered and then, once
// the next disruption closes the question, the tally.
func (p *projectorPage) roomAnswers(url string) {
	p.t.Helper()
	p.click("#morebtn")
	p.click(`#asks button[data-ask="first"]`)
	p.waitFor("the question on the page", func() bool { return strings.HasSuffix(p.str(`document.body.dataset.poll`), "-open") })
	p.checkLayout("a question open")
	const phones = 20
	choices := make([]int, phones)
	var wg sync.WaitGroup
	errs := make(chan error, phones)
	for i := range phones {
		choices[i] = i % 3
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs <- phone(url, fmt.Sprintf("phone-%02d-voter", i), choices[i])
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			p.t.Fatal(err)
		}
	}
	p.waitFor("20 answers on the presenter's page", func() bool {
		return strings.Contains(p.str(`(document.getElementById("answers") || {}).textContent || ""`), "20 answers so far")
	})
	p.checkLayout("twenty answers in")
	// The next disruption closes the question; the tally shows.
	p.pressAndCheck(Surge)
	var counts []int
	p.waitFor("the tally", func() bool {
		if err := json.Unmarshal([]byte(p.str(`JSON.stringify(Array.from(document.querySelectorAll("#options .count")).map((c) => +c.textContent))`)), &counts); err != nil {
			p.t.Fatal(err)
		}
		return len(counts) == 3
	})
	want := []int{7, 7, 6}
	if !slices.Equal(counts, want) {
		p.t.Errorf("tally %v, want %v", counts, want)
	}
	p.checkLayout("the tally shown")
	p.shot("the room's tally")
	// Wait for the surge's week to pass so that the buttons that follow
	// may strike.
	p.waitFor("the surge to end", func() bool {
		return p.str(`document.querySelector('#controls button[data-button="surge"]').disabled ? "on" : "off"`) == "off"
	})
}

// phone is one phone in the room: it opens the event stream as a viewer,
// reads the open question from a frame, and answers it.
func phone(base, voter string, choice int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"api/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("%s: events: %s", voter, res.Status)
	}
	st := &stream{cancel: cancel, res: res, r: bufio.NewReader(res.Body)}
	id := 0
	for id == 0 {
		ev, data, err := st.next()
		if err != nil {
			return fmt.Errorf("%s: %v", voter, err)
		}
		var f struct {
			Role  string
			Poll  *pollView
			Frame struct{ Poll *pollView }
		}
		if err := json.Unmarshal(data, &f); err != nil {
			return err
		}
		switch {
		case ev == "init" && f.Role != "viewer":
			return fmt.Errorf("%s: role %q", voter, f.Role)
		case ev == "init" && f.Frame.Poll != nil && f.Frame.Poll.Open:
			id = f.Frame.Poll.ID
		case ev == "frame" && f.Poll != nil && f.Poll.Open:
			id = f.Poll.ID
		}
	}
	body := fmt.Sprintf(`{"poll":%d,"choice":%d,"voter":%q}`, id, choice, voter)
	ares, err := http.Post(base+"api/answer", "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer ares.Body.Close()
	b, _ := io.ReadAll(ares.Body)
	if ares.StatusCode != 200 {
		return fmt.Errorf("%s: answer: %s %s", voter, ares.Status, b)
	}
	return nil
}

// A page the server refuses says why instead of waiting silently, and
// connects by itself once there is room.
func TestBrowserShowsWhyItWasRefused(t *testing.T) {
	bin := needChromium(t)
	srv, err := NewServer(seminarScenario(t), Options{Seed: 3, Token: "sesame", ViewersPerClient: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	url := serveLoopback(t, ctx, srv)
	// Another viewer from this address holds its only slot.
	sctx, scancel := context.WithCancel(ctx)
	defer scancel()
	req, _ := http.NewRequestWithContext(sctx, "GET", url+"api/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the first viewer: %v %v", res, err)
	}
	defer res.Body.Close()
	bctx := browser(t, ctx, bin)
	text := func(id string) string {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("`+id+`").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// viewing reports whether the page says its reader is watching (not
	// presenting).
	viewing := func() bool {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`!document.getElementById("viewer").hidden`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitUntil := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (status %q, caption %q)", what, text("status"), text("caption"))
			}
		}
	}
	waitUntil("the refusal", func() bool {
		return strings.Contains(text("caption"), "too many viewers from your address") && text("status") == "not connected"
	})
	t.Logf("refused page: %s", text("caption"))
	// The other viewer leaves: the page tries again and gets frames.
	scancel()
	res.Body.Close()
	waitUntil("the page to connect", func() bool {
		return !strings.Contains(text("caption"), "too many") && strings.HasPrefix(text("status"), "paused") && viewing()
	})
	// A presenter page whose place newer presenter pages take says so and
	// stays closed, rather than taking a place back in turn.
	if err := chromedp.Do(bctx, chromedp.Navigate(url+"?token=sesame")); err != nil {
		t.Fatal(err)
	}
	// The viewer's page it replaces lets its slot go.
	waitUntil("the presenter's page alone", func() bool {
		return strings.HasPrefix(text("status"), "paused") && !viewing() && srv.hub.count() == 1
	})
	for i := 0; i < PresenterStreams; i++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", url+"api/events", nil)
		req.Header.Set("X-Orgsim-Token", "sesame")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("presenter stream %d: %v %v", i, res, err)
		}
		defer res.Body.Close()
	}
	waitUntil("the replaced presenter page to say so", func() bool {
		return strings.Contains(text("caption"), "took this page's place") && text("status") == "not connected"
	})
	time.Sleep(3 * time.Second) // longer than the stream's retry
	if c := text("caption"); !strings.Contains(c, "took this page's place") || srv.hub.count() != PresenterStreams {
		t.Fatalf("the replaced page came back: %q, %d streams", c, srv.hub.count())
	}
}

// On a phone-sized window a viewer's page shows a compact view of both
// organisations with the room's question on top; a tap answers it.
func TestBrowserPhone(t *testing.T) {
	bin := needChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv, err := NewServer(seminarScenario(t), Options{Seed: 3, Speed: 80, Token: "sesame"})
	if err != nil {
		t.Fatal(err)
	}
	url := serveLoopback(t, ctx, srv)
	bctx := browser(t, ctx, bin)
	t.Cleanup(func() { chromedp.Do(bctx, chromedp.Navigate("about:blank")) })
	var console consoleErrors
	console.listen(bctx)
	p := &projectorPage{t: t, ctx: bctx, srv: srv, console: &console, size: [2]int64{390, 844}}
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`#viewer`))); err != nil {
		t.Fatal(err)
	}
	if code, msg := srv.do(control{Action: "ask", Kind: AskFirst}); code != 200 {
		t.Fatalf("ask: %d %s", code, msg)
	}
	p.waitFor("the question's buttons", func() bool { return p.num(`document.querySelectorAll("#options button.answer").length`) == 3 })
	var boxes []struct{ Left, Right, Width, Height float64 }
	js := `JSON.stringify([0, 1].map((o) => { const r = document.querySelector("#pane" + o + " svg").getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width, height: r.height}; }))`
	if err := json.Unmarshal([]byte(p.str(js)), &boxes); err != nil {
		t.Fatal(err)
	}
	for o, b := range boxes {
		if b.Width < 100 || b.Height < 80 || b.Left < 0 || b.Right > 390 {
			t.Errorf("organisation %d is drawn at %+v on a 390 px wide phone", o, b)
		}
	}
	p.click(`#options button.answer[data-choice="1"]`)
	p.waitFor("the answer to count", func() bool {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return srv.poll != nil && len(srv.poll.answers) == 1 && srv.poll.counts()[1] == 1
	})
	p.waitFor("the page to show the answer", func() bool { return p.num(`document.querySelectorAll("#options button.mine").length`) == 1 })
	p.shot("a phone answered")
	if errs := console.take(); len(errs) > 0 {
		t.Errorf("console: %q", errs)
	}
}
