package seminar

import (
	"bytes"
	"flag"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The recording of the seminar scenario's first ten weeks, with the top
// leader leaving in week 9, matches the golden GIF byte for byte. (The
// golden was last drawn again for the title frame, the key, the
// undisturbed twins' lines, the struck units' rings and the report
// figures' palette.)
func TestRecordGolden(t *testing.T) {
	sc := seminarScenario(t)
	opt := RecordOptions{Seed: 1, Step: sim.Week, Until: 10 * sim.Week, Width: 640}
	var a, b bytes.Buffer
	if err := Record(&a, sc, opt); err != nil {
		t.Fatal(err)
	}
	if err := Record(&b, sc, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two recordings with the same seed differ")
	}
	g, err := gif.DecodeAll(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// A title frame, then eleven weeks: each shown for DefaultDelay, the
	// title and the last for three seconds.
	if g.Config.Width != 640 || g.Config.Height != 360 || len(g.Image) != 12 {
		t.Fatalf("%d×%d, %d frames", g.Config.Width, g.Config.Height, len(g.Image))
	}
	if total := sum(g.Delay); total != 300+10*DefaultDelay+300 {
		t.Fatalf("the frames last %d hundredths of a second in all", total)
	}
	golden := filepath.Join("testdata", "seminar.gif")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, a.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./seminar -run RecordGolden -update)", err)
	}
	if !bytes.Equal(a.Bytes(), want) {
		out := filepath.Join(t.TempDir(), "seminar.gif")
		os.WriteFile(out, a.Bytes(), 0o644)
		t.Fatalf("the recording differs from %s (got %d bytes, want %d; the new one is %s); if the change is meant, run go test ./seminar -run RecordGolden -update", golden, a.Len(), len(want), out)
	}
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// The scenario's own disruptions happen on screen: they are marked, and
// the post they empty is shown vacant.
func TestRecordingShowsTheScenariosDisruptions(t *testing.T) {
	e, err := newSession(sessionConfig{sc: seminarScenario(t), seed: 1, scripted: true, run: 1})
	if err != nil {
		t.Fatal(err)
	}
	e.advanceTo(8*sim.Week+4, zero)
	f := e.snapshot(false, false, 0)
	if len(f.Markers) != 1 || f.Markers[0].T != 8*sim.Week || !strings.HasPrefix(f.Caption, "The top leader leaves") {
		t.Fatalf("markers %+v, caption %q", f.Markers, f.Caption)
	}
	if len(f.Orgs[0].Away) != 1 || f.Orgs[0].Away[0].State != "vacant" || e.layouts[0].Nodes[f.Orgs[0].Away[0].Node].ID != "root" {
		t.Fatalf("away: %+v", f.Orgs[0].Away)
	}
	if len(f.Orgs[1].Away) != 1 || e.layouts[1].Nodes[f.Orgs[1].Away[0].Node].ID != "circle" {
		t.Fatalf("lattice away: %+v", f.Orgs[1].Away)
	}
	e.advanceTo(20*sim.Week+1, zero)
	f = e.snapshot(false, false, 0)
	if len(f.Active) != 1 || !strings.Contains(f.Active[0], "demand doubles until week 22") {
		t.Fatalf("active: %q", f.Active)
	}
}

func TestRecordRejectsBadOptions(t *testing.T) {
	sc := seminarScenario(t)
	for _, c := range []struct {
		opt  RecordOptions
		want string
	}{
		{RecordOptions{Width: 333}, "width 333"},
		{RecordOptions{Step: -1}, "step -1"},
		{RecordOptions{Until: 1e6}, "at most the horizon"},
		{RecordOptions{Delay: 5000}, "delay 5000"},
		{RecordOptions{Step: 0.01}, "at most 5000"},
		{RecordOptions{Organisations: []string{"matrix"}}, `no organisation "matrix"`},
	} {
		if err := Record(&bytes.Buffer{}, sc, c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.opt, err, c.want)
		}
	}
}
