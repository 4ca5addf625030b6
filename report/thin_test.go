package report

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// at is the point at column col, a fraction f of the way across it, and
// height y: a point whose column the test knows.
func at(col int, f float64, y vg.Length) vg.Point {
	return vg.Point{X: (vg.Length(col) + vg.Length(f)) * pixelColumn, Y: y}
}

// TestPixelColumn: one column of the PNG figures is one pixel at 96 dots
// per inch, 0.75 points, and a figure is 1280 of them wide.
func TestPixelColumn(t *testing.T) {
	if pixelColumn != 0.75 {
		t.Errorf("pixelColumn = %v points, want 0.75", pixelColumn)
	}
	if got := column(figWidth - pixelColumn/2); got != 1279 {
		t.Errorf("last column of the figure = %d, want 1279", got)
	}
	for _, c := range []struct {
		x    vg.Length
		want int
	}{{0, 0}, {0.74, 0}, {0.75, 1}, {1.49, 1}, {1.5, 2}, {-0.1, -1}} {
		if got := column(c.x); got != c.want {
			t.Errorf("column(%v) = %d, want %d", c.x, got, c.want)
		}
	}
}

// TestThinShortCurveUnchanged: a curve with no more points than columns,
// or with at most four points in any column, is returned as it is, the
// same slice.
func TestThinShortCurveUnchanged(t *testing.T) {
	cases := map[string][]vg.Point{
		"empty":              nil,
		"one":                {at(3, 0.5, 1)},
		"four in one column": {at(0, 0, 1), at(0, 0.2, 9), at(0, 0.4, -3), at(0, 0.6, 2)},
	}
	var perColumn []vg.Point // 1,280 points, one per column, as a figure's width
	for c := range 1280 {
		perColumn = append(perColumn, at(c, 0.5, vg.Length(math.Sin(float64(c)))))
	}
	cases["one per column"] = perColumn
	var fourPer []vg.Point
	for c := range 300 {
		for k := range 4 {
			fourPer = append(fourPer, at(c, 0.2*float64(k), vg.Length(k*c%7)))
		}
	}
	cases["four per column"] = fourPer
	for name, pts := range cases {
		got := thin(pts)
		if !slices.Equal(got, pts) {
			t.Errorf("%s: thin changed the curve: %d points to %d", name, len(pts), len(got))
		}
		if len(pts) > 0 && &got[0] != &pts[0] {
			t.Errorf("%s: thin copied a curve it need not change", name)
		}
	}
}

// TestThinKeepsFirstLowestHighestLast checks thin on hand-made columns:
// of each column with more than four points it keeps the first, the lowest,
// the highest and the last, in their order along the line.
func TestThinKeepsFirstLowestHighestLast(t *testing.T) {
	pts := []vg.Point{
		// column 0: lowest (1) before highest (9)
		at(0, 0.0, 5), at(0, 0.1, 1), at(0, 0.2, 4), at(0, 0.3, 9), at(0, 0.4, 3), at(0, 0.5, 4),
		// column 1: three points, kept whole
		at(1, 0.1, 2), at(1, 0.5, 8), at(1, 0.9, 2),
		// column 2: highest (12) before lowest (-6), the last point the lowest
		at(2, 0.0, 0), at(2, 0.2, 12), at(2, 0.4, 3), at(2, 0.6, 5), at(2, 0.8, -6),
		// column 4 (3 is empty): the first point is the highest, ties keep the first
		at(4, 0.0, 7), at(4, 0.1, 2), at(4, 0.2, 7), at(4, 0.3, 2), at(4, 0.4, 5),
		// column 5: one point, the line's last
		at(5, 0.5, 1),
	}
	want := []vg.Point{
		at(0, 0.0, 5), at(0, 0.1, 1), at(0, 0.3, 9), at(0, 0.5, 4),
		at(1, 0.1, 2), at(1, 0.5, 8), at(1, 0.9, 2),
		at(2, 0.0, 0), at(2, 0.2, 12), at(2, 0.8, -6),
		at(4, 0.0, 7), at(4, 0.1, 2), at(4, 0.4, 5),
		at(5, 0.5, 1),
	}
	got := thin(pts)
	if !slices.Equal(got, want) {
		t.Errorf("thin =\n%v\nwant\n%v", got, want)
	}
	if pts[1] != at(0, 0.1, 1) || len(pts) != 20 {
		t.Error("thin modified its input")
	}
}

// noisyCurve is a seeded random walk of n points across the columns
// [0, cols), jumping up and down as a long run's backlog does.
func noisyCurve(n, cols int) []vg.Point {
	rng := rand.New(rand.NewPCG(7, 11))
	pts := make([]vg.Point, n)
	y := 200.0
	for i := range pts {
		y += 15 * rng.NormFloat64()
		pts[i] = vg.Point{X: vg.Length(float64(i) / float64(n) * float64(cols) * float64(pixelColumn)), Y: vg.Length(y)}
	}
	return pts
}

// columnStats are, per column, the first and last point and the lowest
// and highest y of pts.
type columnStats struct {
	first, last vg.Point
	lo, hi      vg.Length
}

func statsByColumn(pts []vg.Point) map[int]columnStats {
	out := map[int]columnStats{}
	for _, p := range pts {
		c := column(p.X)
		s, ok := out[c]
		if !ok {
			s = columnStats{first: p, lo: p.Y, hi: p.Y}
		}
		s.last = p
		s.lo, s.hi = min(s.lo, p.Y), max(s.hi, p.Y)
		out[c] = s
	}
	return out
}

// pointBounds is the bounding box of pts.
func pointBounds(pts []vg.Point) vg.Rectangle {
	r := vg.Rectangle{Min: pts[0], Max: pts[0]}
	for _, p := range pts {
		r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
	}
	return r
}

// TestThinLongCurve thins 25,000 noisy points over 1,100 columns, a long
// run's curve, and checks what each column shows: its first and last
// point, its lowest and highest y, the line's first and last point, the
// order along x, and at most four points a column; the result is a
// subsequence of the input and covers the same extent.
func TestThinLongCurve(t *testing.T) {
	pts := noisyCurve(25000, 1100)
	got := thin(pts)
	if len(got) > 4*1100 || len(got) < 2*1100 {
		t.Errorf("thin kept %d of %d points over 1,100 columns, want 2 to 4 a column", len(got), len(pts))
	}
	if got[0] != pts[0] || got[len(got)-1] != pts[len(pts)-1] {
		t.Errorf("first and last points %v, %v; want %v, %v", got[0], got[len(got)-1], pts[0], pts[len(pts)-1])
	}
	if !rightward(got) {
		t.Error("thinned curve goes back along x")
	}
	// A subsequence of pts: every kept point is an input point, in order.
	k := 0
	for _, p := range got {
		for k < len(pts) && pts[k] != p {
			k++
		}
		if k == len(pts) {
			t.Fatalf("point %v is not in the input, or out of its order", p)
		}
		k++
	}
	want, have := statsByColumn(pts), statsByColumn(got)
	if len(have) != len(want) {
		t.Fatalf("thinned curve spans %d columns, want %d", len(have), len(want))
	}
	for c, w := range want {
		if h := have[c]; h != w {
			t.Errorf("column %d: first, last, lowest, highest %v, want %v", c, h, w)
		}
	}
	perColumn := map[int]int{}
	for _, p := range got {
		perColumn[column(p.X)]++
	}
	for c, n := range perColumn {
		if n > 4 {
			t.Errorf("column %d keeps %d points", c, n)
		}
	}
	if e, w := pointBounds(got), pointBounds(pts); e != w {
		t.Errorf("extent %v, want %v", e, w)
	}
	// Real values: the walk starts at (0, ~200) and spans hundreds of
	// points up and down; the extent is not degenerate.
	if e := pointBounds(pts); e.Max.X < 824 || e.Max.Y-e.Min.Y < 100 {
		t.Errorf("test curve spans %v, too little to test thinning", e)
	}
}

// pngOf draws fig on a figure-sized PNG canvas and returns its bytes.
func pngOf(t *testing.T, fig func(c draw.Canvas)) []byte {
	t.Helper()
	b, err := render("png", func(c draw.Canvas) error { fig(c); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestShortCurvePixelsUnchanged: a curve and a band of wholeLimit points,
// one every few columns as a run of up to 2,560 hours has, are rasterised
// to the same bytes through thin, strokeLines and fillBand as through the
// canvas's own StrokeLines and FillPolygon, which drew them before
// thinning.
func TestShortCurvePixelsUnchanged(t *testing.T) {
	pts := noisyCurve(wholeLimit, 1200)
	for i := range pts {
		pts[i].X += 20
	}
	low := make([]vg.Point, len(pts))
	for i, p := range pts {
		low[i] = vg.Point{X: p.X, Y: p.Y - 30}
	}
	sty := draw.LineStyle{Color: okabeIto[1], Width: 2.5, Dashes: []vg.Length{10, 5}}
	before := pngOf(t, func(c draw.Canvas) {
		c.FillPolygon(tint(okabeIto[0]), c.ClipPolygonXY(outline(pts, low)))
		c.StrokeLines(sty, c.ClipLinesXY(pts)...)
	})
	after := pngOf(t, func(c draw.Canvas) {
		fillBand(c, tint(okabeIto[0]), pts, low)
		strokeLines(c, sty, c.ClipLinesXY(thin(pts)))
	})
	if !bytes.Equal(before, after) {
		t.Error("a short curve and band are drawn differently through thin")
	}
}

// TestLongCurvePixels draws a curve of 8,000 noisy points over 1,200
// columns whole, thinned, and thinned in pieces as figures draw it. The
// thinned line inks, in every pixel column, the whole height between the
// column's lowest and highest point, as the whole line does; what differs
// is anti-aliasing and the ink a 2-pixel line spills into a column from the
// neighbouring columns' dropped points, a few per cent of the dark pixels.
// Drawing the thinned line in pieces changes only anti-aliasing at the
// joins of the pieces.
func TestLongCurvePixels(t *testing.T) {
	pts := noisyCurve(8000, 1200)
	for i := range pts {
		pts[i].X += 20
		pts[i].Y = 270 + (pts[i].Y-270)/4 // on the canvas
	}
	sty := draw.LineStyle{Color: ink, Width: 1.5}
	whole := decode(t, pngOf(t, func(c draw.Canvas) { c.StrokeLines(sty, pts) }))
	thinWhole := decode(t, pngOf(t, func(c draw.Canvas) { c.StrokeLines(sty, thin(pts)) }))
	pieces := decode(t, pngOf(t, func(c draw.Canvas) { strokeLines(c, sty, [][]vg.Point{thin(pts)}) }))

	// Each pixel column's data, from its lowest to its highest point, is
	// inked without a gap.
	if n, first := gapColumns(t, pieces, pts); n > 0 {
		t.Errorf("%d columns leave a light pixel between their highest and lowest point, the first at %s", n, first)
	}
	if dark, flipped, _ := flips(whole, thinWhole); dark < 10000 || flipped > dark/10 {
		t.Errorf("thinning: %d of %d dark pixels turn light or dark, want at most a tenth", flipped, dark)
	}
	if dark, flipped, far := flips(thinWhole, pieces); flipped > dark/100 || far > 0 {
		t.Errorf("pieces: %d of %d dark pixels turn, %d pixels by 64 grey levels or more; want a hundredth, none", flipped, dark, far)
	}
}

// flips compares the figure-sized images a and b: the dark pixels of a,
// the pixels dark in one and light in the other, and those whose grey
// levels differ by 64 or more.
func flips(a, b image.Image) (dark, flipped, far int) {
	for y := range 720 {
		for x := range 1280 {
			ga, gb := grey(a, x, y), grey(b, x, y)
			if ga < 0x80 {
				dark++
			}
			if (ga < 0x80) != (gb < 0x80) {
				flipped++
			}
			if d := ga - gb; d >= 0x40 || d <= -0x40 {
				far++
			}
		}
	}
	return
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// grey is the 8-bit grey level of the pixel (x, y).
func grey(img image.Image, x, y int) int {
	r, g, b, _ := img.At(x, y).RGBA()
	return int((r + g + b) / 3 >> 8)
}
