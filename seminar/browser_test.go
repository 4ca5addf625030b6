package seminar

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

// The page in a real browser: it loads, receives frames, and after a click
// on "the top leader leaves" shows the hierarchy's backlog rising while the
// lattice's stays lower.
func TestBrowserTopLeaderLeaves(t *testing.T) {
	bin := needChromium(t)
	sc := seminarScenario(t)
	srv, err := NewServer(sc, Options{Seed: 3, Speed: 80})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	url := serveLoopback(t, ctx, srv)
	bctx := browser(t, ctx, bin)

	// eval reads a number the page shows.
	eval := func(expr string) float64 {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[float64](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	frameTime := func() float64 { return eval(`+(document.body.dataset.t || 0)`) }
	backlog := func(o int) float64 {
		return eval(fmt.Sprintf(`+document.getElementById("backlog%d").textContent`, o))
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				st, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("status").textContent + " | " + document.getElementById("caption").textContent + " | " + document.body.dataset.frames + " | " + document.body.dataset.t`))
				t.Fatalf("timed out waiting for %s (page: %s)", what, st)
			}
		}
	}
	if err := chromedp.Do(bctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`#controls button[data-button="top-leader"]`)),
		chromedp.Click(chromedp.CSS("#play")),
	); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	// Frames arrive and the clock runs: wait for two working weeks.
	waitFor("frames", func() bool {
		return eval(`+document.body.dataset.frames`) >= 5 && frameTime() >= 2*sim.Week
	})
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`button[data-button="top-leader"]`))); err != nil {
		t.Fatal(err)
	}
	pressed := frameTime()
	before := backlog(0)
	var hier, latt float64
	waitFor("the hierarchy's backlog to rise above the lattice's", func() bool {
		now := frameTime()
		if now > pressed+8*sim.Week {
			t.Fatalf("8 weeks after the press the hierarchy's backlog is %v (it was %v), the lattice's %v", hier, before, latt)
		}
		hier, latt = backlog(0), backlog(1)
		return now > pressed+sim.Week && hier >= before+15 && latt < hier
	})
	caption, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("caption").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%.0f h after the press: hierarchy backlog %v → %v, lattice %v; caption: %s", frameTime()-pressed, before, hier, latt, caption)
	png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(artifactDir(t), fmt.Sprintf("orgsim-seminar-browser-%d.png", time.Now().UnixNano()))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
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
		return !strings.Contains(text("caption"), "too many") && strings.Contains(text("status"), "watching")
	})
	// A presenter page whose place newer presenter pages take says so and
	// stays closed, rather than taking a place back in turn.
	if err := chromedp.Do(bctx, chromedp.Navigate(url+"?token=sesame")); err != nil {
		t.Fatal(err)
	}
	// The viewer's page it replaces lets its slot go.
	waitUntil("the presenter's page alone", func() bool {
		return strings.HasPrefix(text("status"), "paused") && !strings.Contains(text("status"), "watching") && srv.hub.count() == 1
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
