package report

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// shareCurve is n points across the columns [0, cols) from x = 20 that
// jump at random between the heights low and high, as the share of a
// one-replication run's decisions made at one tier jumps between 0 and
// 100 % from step to step.
func shareCurve(n, cols int, low, high vg.Length) []vg.Point {
	rng := rand.New(rand.NewPCG(3, 5))
	pts := make([]vg.Point, n)
	for i := range pts {
		y := low
		if rng.Float64() < 0.4 {
			y = high
		}
		pts[i] = vg.Point{X: 20 + vg.Length(float64(i)/float64(n)*float64(cols))*pixelColumn, Y: y}
	}
	return pts
}

// smoothCurve is n points across the columns [0, cols) from x = 20 at the
// heights f(x), x the fraction of the way across.
func smoothCurve(n, cols int, f func(x float64) float64) []vg.Point {
	pts := make([]vg.Point, n)
	for i := range pts {
		x := float64(i) / float64(n-1)
		pts[i] = vg.Point{X: 20 + vg.Length(x*float64(cols))*pixelColumn, Y: vg.Length(f(x))}
	}
	return pts
}

// gapColumns counts the pixel columns from 30 to 1200 where img, which
// drew the line pts, leaves a light pixel between the column's highest
// and lowest point, and names the first.
func gapColumns(t *testing.T, img image.Image, pts []vg.Point) (n int, first string) {
	t.Helper()
	cols := statsByColumn(pts)
	for c := 30; c < 1200; c++ {
		s, ok := cols[c]
		if !ok {
			t.Fatalf("column %d has no point", c)
		}
		// Canvas y runs up, rows down: row = (540 - y)·4/3.
		top, bottom := int((figHeight-s.hi)*4/3), int((figHeight-s.lo)*4/3)
		for y := top + 1; y < bottom; y++ {
			if grey(img, c, y) > 0xc0 {
				if n == 0 {
					first = fmt.Sprintf("column %d, row %d between rows %d and %d", c, y, top, bottom)
				}
				n++
				break
			}
		}
	}
	return n, first
}

// darkPixels counts the pixels of img darker than mid-grey.
func darkPixels(img image.Image) int {
	n := 0
	for y := range 720 {
		for x := range 1280 {
			if grey(img, x, y) < 0x80 {
				n++
			}
		}
	}
	return n
}

// TestDenseColumns: a flat or gently sloping line of many points has no
// dense column, however many points it has; a line that jumps across its
// panel in every column has nothing but; a line that goes back along x is
// not split.
func TestDenseColumns(t *testing.T) {
	flat := smoothCurve(25000, 1100, func(float64) float64 { return 200 })
	slanted := smoothCurve(25000, 1100, func(x float64) float64 { return 100 + 350*x })
	for name, l := range map[string][]vg.Point{"flat": flat, "slanted": slanted} {
		if _, dense := denseColumns(thin(l), 2.5); dense != nil {
			t.Errorf("%s line: dense columns %v, want none", name, dense)
		}
	}
	share := thin(shareCurve(25000, 1100, 100, 400))
	first, dense := denseColumns(share, 2.5)
	if first != column(share[0].X) || len(dense) != column(share[len(share)-1].X)-first+1 {
		t.Fatalf("columns from %d, %d of them; want the line's, %d to %d", first, len(dense),
			column(share[0].X), column(share[len(share)-1].X))
	}
	for k, d := range dense {
		if !d {
			t.Errorf("jumping line: column %d not dense", first+k)
		}
	}
	back := []vg.Point{{X: 10, Y: 0}, {X: 10.2, Y: 300}, {X: 10.1, Y: 0}, {X: 10.3, Y: 300}}
	if _, dense := denseColumns(back, 2.5); dense != nil {
		t.Errorf("line that goes back along x: dense columns %v, want none", dense)
	}
}

// TestDenseCurvePixels draws dense curves, thinned, through drawThinned as
// figures draw them, and compares them with the whole curve before
// thinning, stroked in pieces of linePiece points (stroking 25,000
// segments that cross hundreds of rows in one path takes the rasteriser
// minutes; pieces change only anti-aliasing at their joins, see
// TestLongCurvePixels). In every pixel column the whole height between the
// column's lowest and highest point is inked, and at most a tenth of the
// dark pixels turn light or dark. The numbers are logged: 9.5 % for the
// random walk drawn 1.5 points wide and 3.8 % at the figures' 2.5, 0.2 %
// for the jumping share and 3.9 % for the spiking latency, where stroking
// the thinned line turns 6.7, 2.4, 0.2 and 1.6 %. Most of the difference
// is the bars' edges, sharp across where a stroke's are anti-aliased, and
// the whole line's many short segments, which ink the edges of a stroke
// darker than one segment does (see TestSmoothCurveStaysThin).
func TestDenseCurvePixels(t *testing.T) {
	walk := noisyCurve(8000, 1200)
	for i := range walk {
		walk[i].X += 20
		walk[i].Y = 270 + (walk[i].Y-270)/4
	}
	spikes := make([]vg.Point, 25000)
	rng := rand.New(rand.NewPCG(13, 17))
	p95 := 12.0
	for i := range spikes {
		p95 = math.Max(1, 0.8*p95+2.5+4*math.Abs(rng.NormFloat64()))
		if rng.Float64() < 0.002 {
			p95 *= 4
		}
		spikes[i] = vg.Point{X: 20 + vg.Length(float64(i)/25000*1200)*pixelColumn, Y: vg.Length(150 + 3*p95)}
	}
	cases := []struct {
		name string
		pts  []vg.Point
		sty  draw.LineStyle
	}{
		{"random walk", walk, draw.LineStyle{Color: ink, Width: 1.5}},
		{"random walk, figures' width", walk, draw.LineStyle{Color: ink, Width: 2.5}},
		{"jumping share", shareCurve(25000, 1200, 100, 420), draw.LineStyle{Color: ink, Width: 2.5}},
		{"spiking latency", spikes, draw.LineStyle{Color: ink, Width: 2.5}},
	}
	for _, c := range cases {
		thinned := thin(c.pts)
		first, dense := denseColumns(thinned, c.sty.Width)
		n := 0
		for _, d := range dense {
			if d {
				n++
			}
		}
		whole := decode(t, pngOf(t, func(cv draw.Canvas) { strokeLines(cv, c.sty, [][]vg.Point{c.pts}) }))
		stroked := decode(t, pngOf(t, func(cv draw.Canvas) { strokeLines(cv, c.sty, [][]vg.Point{thinned}) }))
		drawn := decode(t, pngOf(t, func(cv draw.Canvas) { drawThinned(cv, c.sty, thinned) }))
		if n < len(dense)/2 {
			t.Errorf("%s: %d of %d columns from %d dense, want most", c.name, n, len(dense), first)
		}
		if gaps, where := gapColumns(t, drawn, c.pts); gaps > 0 {
			t.Errorf("%s: %d columns with a blank between their highest and lowest point, the first at %s", c.name, gaps, where)
		}
		dark, flipped, _ := flips(whole, drawn)
		_, strokedFlipped, _ := flips(whole, stroked)
		t.Logf("%s: %d of %d columns dense; %d of %d dark pixels turn (%.1f %%); stroking the thinned line turns %d (%.1f %%)",
			c.name, n, len(dense), flipped, dark, 100*float64(flipped)/float64(dark),
			strokedFlipped, 100*float64(strokedFlipped)/float64(dark))
		if dark < 10000 || flipped > dark/10 {
			t.Errorf("%s: %d of %d dark pixels turn light or dark, want at most a tenth", c.name, flipped, dark)
		}
	}
}

// TestSmoothCurveStaysThin draws long smooth curves of 25,000 points, a
// slow sine, a slanted straight line and a sine steep enough on its flanks
// to fill bars there, through drawThinned: each inks within a tenth as
// many dark pixels as the whole curve stroked, so that a smooth line does
// not thicken into a staircase of bars. The first two have no dense column
// and are drawn to the same bytes as the thinned line stroked; they ink
// 7 to 8 % fewer dark pixels than the whole line, whose segments, 20 to a
// pixel, darken the anti-aliased edges of its stroke. The steep sine inks
// 5 % more.
func TestSmoothCurveStaysThin(t *testing.T) {
	cases := []struct {
		name  string
		f     func(x float64) float64
		dense bool
	}{
		{"slow sine", func(x float64) float64 { return 270 + 120*math.Sin(4*math.Pi*x) }, false},
		{"slanted line", func(x float64) float64 { return 100 + 350*x }, false},
		{"steep sine", func(x float64) float64 { return 270 + 200*math.Sin(50*math.Pi*x) }, true},
	}
	sty := draw.LineStyle{Color: ink, Width: 2.5}
	for _, c := range cases {
		pts := smoothCurve(25000, 1200, c.f)
		thinned := thin(pts)
		_, dense := denseColumns(thinned, sty.Width)
		if (dense != nil) != c.dense {
			t.Errorf("%s: dense columns %v, want some: %v", c.name, dense != nil, c.dense)
		}
		wholeBytes := pngOf(t, func(cv draw.Canvas) { strokeLines(cv, sty, [][]vg.Point{pts}) })
		drawnBytes := pngOf(t, func(cv draw.Canvas) { drawThinned(cv, sty, thinned) })
		if !c.dense {
			stroked := pngOf(t, func(cv draw.Canvas) { strokeLines(cv, sty, [][]vg.Point{thinned}) })
			if !bytes.Equal(stroked, drawnBytes) {
				t.Errorf("%s: drawn differently from the thinned line stroked", c.name)
			}
		}
		whole, drawn := decode(t, wholeBytes), decode(t, drawnBytes)
		dw, dd := darkPixels(whole), darkPixels(drawn)
		_, flipped, _ := flips(whole, drawn)
		t.Logf("%s: %d dark pixels drawn, %d stroked whole (%+.1f %%); %d turn", c.name, dd, dw,
			100*float64(dd-dw)/float64(dw), flipped)
		if dw < 2000 || math.Abs(float64(dd-dw)) > float64(dw)/10 || flipped > dw/10 {
			t.Errorf("%s: %d dark pixels, %d turn; the whole line stroked has %d, want within a tenth", c.name, dd, flipped, dw)
		}
	}
}
