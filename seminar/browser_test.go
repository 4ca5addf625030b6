package seminar

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
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

// The page in a real browser: it loads, receives frames, and after a click
// on "the top leader leaves" shows the hierarchy's backlog rising while the
// lattice's stays lower.
func TestBrowserTopLeaderLeaves(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found (install it, e.g. apt-get install -y chromium, or set ORGSIM_CHROMIUM)")
		}
		t.Skip("no Chromium found; install chromium to run the browser test")
	}
	sc := seminarScenario(t)
	srv, err := NewServer(sc, Options{Seed: 3, Speed: 80})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	url := "http://" + ln.Addr().String() + "/"

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
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

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
