package report

import (
	"bytes"
	"errors"
	"image"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// filesOf reads the named files of dir.
func filesOf(t *testing.T, dir string, names []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = b
	}
	return out
}

// withProcs runs f with GOMAXPROCS set to n.
func withProcs(n int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

// TestFiguresSameOnAnyProcessors redraws long runs' figures and a
// sweep's with GOMAXPROCS 1, one figure at a time, and with GOMAXPROCS 4,
// several at once: the bytes are the same. The run of 2,500 steps has
// curves drawn in pieces; that of 25,000 steps has curves thinned, whose
// decision shares jump between 0 and 100 % and whose backlog swings in
// every column, so that they are drawn as bars ([drawThinned]).
func TestFiguresSameOnAnyProcessors(t *testing.T) {
	if testing.Short() {
		t.Skip("draws long runs' figures twice")
	}
	var figs []string
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			figs = append(figs, f+"."+ext)
		}
	}
	for _, steps := range []int{2500, 25000} {
		dir := filepath.Join(t.TempDir(), "out")
		if err := Write(dir, longOutcome(steps), meta); err != nil {
			t.Fatal(err)
		}
		plotWith := func(n int) map[string][]byte {
			withProcs(n, func() {
				if err := Plot(dir); err != nil {
					t.Fatal(err)
				}
			})
			return filesOf(t, dir, figs)
		}
		one, four := plotWith(1), plotWith(4)
		for _, n := range figs {
			if len(one[n]) == 0 || !bytes.Equal(one[n], four[n]) {
				t.Errorf("%d steps: %s differs between GOMAXPROCS 1 and 4 (or is empty)", steps, n)
			}
		}
	}

	c := sweepCases[len(sweepCases)-1] // frontier: heatmaps and frontiers too
	var sweepOne, sweepFour map[string][]byte
	withProcs(1, func() { sweepOne = filesOf(t, plotSweepCase(t, c.name), sweepFiles(c.metrics, c.heatmap)) })
	withProcs(4, func() { sweepFour = filesOf(t, plotSweepCase(t, c.name), sweepFiles(c.metrics, c.heatmap)) })
	for n, b := range sweepOne {
		if len(b) == 0 || !bytes.Equal(b, sweepFour[n]) {
			t.Errorf("sweep %s: %s differs between GOMAXPROCS 1 and 4 (or is empty)", c.name, n)
		}
	}
}

// TestRenderAllIsSequentialRender: renderAll returns, in the order of its
// jobs, the bytes render gives for each job alone, and the error of the
// first failing job in that order, even when a later one, handed out first
// for its cost, fails too.
func TestRenderAllIsSequentialRender(t *testing.T) {
	dir := writeSynthetic(t)
	d, err := parseData(dir, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
	if err != nil {
		t.Fatal(err)
	}
	var jobs []figureJob
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			name := f + "." + ext
			jobs = append(jobs, figureJob{name, ext, func(c draw.Canvas) error { return figureFuncs[f](d, c) }, figureCost[name]})
		}
	}
	var got []namedFile
	withProcs(4, func() {
		if got, err = renderAll(jobs); err != nil {
			t.Fatal(err)
		}
	})
	if len(got) != len(jobs) {
		t.Fatalf("renderAll returned %d files for %d jobs", len(got), len(jobs))
	}
	for i, j := range jobs {
		want, err := render(j.format, j.draw)
		if err != nil {
			t.Fatal(err)
		}
		if got[i].name != j.name || !bytes.Equal(got[i].data, want) {
			t.Errorf("file %d: %s, want %s drawn alone", i, got[i].name, j.name)
		}
	}

	boom := errors.New("boom")
	bad := append(jobs[:2:2],
		figureJob{"a.png", "png", func(draw.Canvas) error { return boom }, 0},
		figureJob{"b.gif", "gif", func(draw.Canvas) error { return nil }, 1000})
	if _, err := renderAll(bad); !errors.Is(err, boom) || !strings.Contains(err.Error(), "a.png") {
		t.Errorf("renderAll error %v, want the first failing job's, naming a.png", err)
	}
}

// TestImageCanvas: leaving out white fills over white pixels changes no
// pixel, whatever was drawn before or after, under transforms, and the
// colour restored by Pop is the one a fill uses.
func TestImageCanvas(t *testing.T) {
	square := func(x0, y0, x1, y1 vg.Length) vg.Path {
		var p vg.Path
		p.Move(vg.Point{X: x0, Y: y0})
		p.Line(vg.Point{X: x1, Y: y0})
		p.Line(vg.Point{X: x1, Y: y1})
		p.Line(vg.Point{X: x0, Y: y1})
		p.Close()
		return p
	}
	disc := func(x, y, r vg.Length) vg.Path {
		var p vg.Path
		p.Move(vg.Point{X: x + r, Y: y})
		p.Arc(vg.Point{X: x, Y: y}, r, 0, 2*math.Pi)
		p.Close()
		return p
	}
	steps := []func(vg.Canvas){
		func(c vg.Canvas) { c.SetColor(white); c.Fill(square(0, 0, figWidth, figHeight)) },
		func(c vg.Canvas) { c.Push(); c.SetColor(white); c.Pop(); c.Fill(square(10, 10, 50.5, 60.25)) },
		func(c vg.Canvas) { c.SetColor(white); c.Push(); c.SetColor(ink); c.Pop(); c.Fill(square(5, 5, 20, 20)) },
		func(c vg.Canvas) { c.SetLineWidth(3); c.SetColor(ink); c.Stroke(square(100, 100, 300, 200)) },
		func(c vg.Canvas) { c.SetColor(white); c.Fill(square(150.3, 90, 250.7, 150)) },
		func(c vg.Canvas) { c.SetColor(white); c.Fill(square(302.2, 90, 400, 150)) }, // a hair right of the stroke
		func(c vg.Canvas) { c.SetColor(white); c.Fill(disc(320, 150, 19)) },          // touches it
		func(c vg.Canvas) {
			dc := draw.NewCanvas(c, figWidth, figHeight)
			dc.FillText(sans(labelSize, false, ink), vg.Point{X: 500, Y: 300}, "text")
		},
		func(c vg.Canvas) { c.SetColor(white); c.Fill(square(495, 295, 530, 310)) },
		func(c vg.Canvas) {
			c.Push()
			c.Translate(vg.Point{X: 600, Y: 200})
			c.Rotate(math.Pi / 2)
			c.SetColor(white)
			c.Fill(square(-10, -10, 120, 30)) // over the text, turned
			c.Pop()
		},
		func(c vg.Canvas) { c.SetColor(nil); c.Fill(square(400, 400, 410, 420)) },
	}
	for first := range steps {
		plain := vgimg.NewWith(vgimg.UseWH(figWidth, figHeight), vgimg.UseDPI(figDPI), vgimg.UseBackgroundColor(white))
		ic := newImageCanvas()
		for _, s := range steps[first:] {
			s(plain)
			s(ic)
		}
		if !bytes.Equal(plain.Image().(*image.RGBA).Pix, ic.img.Pix) {
			t.Errorf("from step %d: the pixels differ from a plain canvas's", first)
		}
	}
}

// TestExtent: extent is the range math.Min and math.Max give over the
// finite values, −0 and +0 told apart.
func TestExtent(t *testing.T) {
	neg := math.Copysign(0, -1)
	cases := [][]float64{
		{}, {math.NaN()}, {0, neg}, {neg, 0}, {neg}, {0}, {1, math.Inf(1), -2, math.NaN(), 3},
		{math.Inf(-1), 5, 5, neg, 0, -7.5}, {2, 2, 2},
	}
	for _, xs := range cases {
		for _, ys := range cases {
			ref := func(ss ...[]float64) (lo, hi float64) {
				lo, hi = math.Inf(1), math.Inf(-1)
				for _, s := range ss {
					for _, v := range s {
						if finite(v) {
							lo, hi = math.Min(lo, v), math.Max(hi, v)
						}
					}
				}
				return
			}
			wx0, wx1 := ref(xs)
			wy0, wy1 := ref(ys, xs)
			x0, x1, y0, y1 := extent(xs, xs, ys, xs)
			for i, p := range [][2]float64{{x0, wx0}, {x1, wx1}, {y0, wy0}, {y1, wy1}} {
				if math.Float64bits(p[0]) != math.Float64bits(p[1]) {
					t.Errorf("extent(%v, %v): bound %d is %v, want %v", xs, ys, i, p[0], p[1])
				}
			}
		}
	}
}
