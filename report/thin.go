package report

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Curves over a long run have far more points than a figure has columns
// of pixels: a 250,000-hour run sampled every 10 hours gives 25,000 points
// across about 1,100 columns. Drawing them all costs time in proportion to
// the run and shows nothing more, so curves and bands are thinned to what
// each column can show before they are drawn, and long ones are drawn in
// pieces (see wholeLimit). A figure then costs about the same for any
// horizon.

// pixelColumn is the width of one column of pixels of the PNG figures, in
// points: the finest detail a figure can show across its width. The SVG
// figures, 1280 pixels wide at the same 96 dots per inch, use the same
// columns, so both show the same curves.
const pixelColumn = vg.Inch / figDPI

// thin returns the points of the polyline pts that its pixel columns can
// show. Of each run of consecutive points inside one column it keeps the
// first, the lowest, the highest and the last, in their order along the
// line: the line enters and leaves the column where it did and spans the
// same heights inside it, so it inks the same pixels up to anti-aliasing
// and to what a line wider than a pixel spills into a column from its
// neighbours' dropped points (a few per cent of the dark pixels of a
// noisy curve, see TestLongCurvePixels), and it costs at most four points
// per column however long the run it shows. Runs of four points or fewer
// are kept whole, so a curve with no more points than columns is returned
// as it is (and one of up to wholeLimit points drawn exactly as before). pts is not modified; the result may be pts itself. The result
// depends on pts alone, so figures stay byte-identical from run to run.
func thin(pts []vg.Point) []vg.Point {
	if len(pts) <= 4 {
		return pts
	}
	out := make([]vg.Point, 0, len(pts))
	thinned := false
	start := 0 // first point of the current run
	for i := 1; i <= len(pts); i++ {
		if i < len(pts) && column(pts[i].X) == column(pts[start].X) {
			continue
		}
		run := pts[start:i]
		start = i
		if len(run) <= 4 {
			out = append(out, run...)
			continue
		}
		thinned = true
		lo, hi := 0, 0
		for k, p := range run {
			if p.Y < run[lo].Y {
				lo = k
			}
			if p.Y > run[hi].Y {
				hi = k
			}
		}
		prev := -1
		for _, k := range [4]int{0, min(lo, hi), max(lo, hi), len(run) - 1} {
			if k != prev {
				out = append(out, run[k])
				prev = k
			}
		}
	}
	if !thinned {
		return pts
	}
	return out
}

// column is the pixel column of the canvas x coordinate x.
func column(x vg.Length) int { return int(math.Floor(float64(x / pixelColumn))) }

// Pieces. The rasteriser keeps the cells of each row of pixels in a list
// that it searches from the left for every cell a path adds, so one path
// costs about the square of its points per row; a thinned curve over a
// thousand columns still crosses a busy row hundreds of times. A line or
// band of up to wholeLimit points is drawn in one piece, as it always was;
// a longer line is stroked in pieces of linePiece points, and a longer band
// filled in strips of bandStrip columns.
const (
	wholeLimit = 256
	linePiece  = 64
	bandStrip  = 16
)

// strokeLines strokes lines in the style sty as [draw.Canvas.StrokeLines]
// does, a line of more than wholeLimit points in pieces of linePiece points
// that overlap by one segment, so that every join is drawn, each piece's
// dashes taking up the pattern where the line has reached it.
func strokeLines(c draw.Canvas, sty draw.LineStyle, lines [][]vg.Point) {
	for _, l := range lines {
		if len(l) <= wholeLimit {
			c.StrokeLines(sty, l)
			continue
		}
		piece := sty
		walked := vg.Length(0) // along l, to the start of the piece
		for from := 0; ; {
			to := min(from+linePiece, len(l))
			c.StrokeLines(piece, l[from:to])
			if to == len(l) {
				break
			}
			next := to - 2
			for k := from; k < next; k++ {
				walked += distance(l[k], l[k+1])
			}
			piece.DashOffs = sty.DashOffs + walked
			from = next
		}
	}
}

// distance is the length of the segment from a to b.
func distance(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)))
}

// fillBand fills the area between the lines high and low, both from left
// to right, in the colour clr, each edge thinned as a curve is. A band of
// more than wholeLimit points to an edge, both running left to right, is filled in
// strips of bandStrip columns cut at the edges of pixel columns: each
// pixel is then covered by one strip alone, and the strips meet without a
// seam.
func fillBand(c draw.Canvas, clr color.Color, high, low []vg.Point) {
	high, low = thin(high), thin(low)
	if max(len(high), len(low)) <= wholeLimit || !rightward(high) || !rightward(low) {
		c.FillPolygon(clr, c.ClipPolygonXY(outline(high, low)))
		return
	}
	first := column(min(high[0].X, low[0].X))
	last := column(max(high[len(high)-1].X, low[len(low)-1].X))
	for a := first; a <= last; a += bandStrip {
		x0, x1 := vg.Length(a)*pixelColumn, vg.Length(a+bandStrip)*pixelColumn
		top, bottom := cut(high, x0, x1), cut(low, x0, x1)
		if len(top) == 0 || len(bottom) == 0 {
			continue
		}
		c.FillPolygon(clr, c.ClipPolygonXY(outline(top, bottom)))
	}
}

// outline is the polygon along high from left to right and back along
// low.
func outline(high, low []vg.Point) []vg.Point {
	pts := make([]vg.Point, 0, len(high)+len(low))
	pts = append(pts, high...)
	for i := len(low) - 1; i >= 0; i-- {
		pts = append(pts, low[i])
	}
	return pts
}

// rightward reports whether the x coordinates of l never decrease.
func rightward(l []vg.Point) bool {
	return slices.IsSortedFunc(l, func(a, b vg.Point) int { return cmp.Compare(a.X, b.X) })
}

// cut returns the part of the line l (rightward) from x0 to x1: its points
// in [x0, x1], with a point where it crosses x0 or x1 between two of its
// points.
func cut(l []vg.Point, x0, x1 vg.Length) []vg.Point {
	i := sort.Search(len(l), func(k int) bool { return l[k].X >= x0 })
	var out []vg.Point
	if i > 0 && i < len(l) && l[i].X > x0 {
		out = append(out, cross(l[i-1], l[i], x0))
	}
	for ; i < len(l) && l[i].X <= x1; i++ {
		out = append(out, l[i])
	}
	if i > 0 && i < len(l) && l[i-1].X < x1 {
		out = append(out, cross(l[i-1], l[i], x1))
	}
	return out
}

// cross is the point at x on the segment from a to b, where a.X < x < b.X
// or x is one of them.
func cross(a, b vg.Point, x vg.Length) vg.Point {
	if b.X == a.X {
		return vg.Point{X: x, Y: b.Y}
	}
	f := (x - a.X) / (b.X - a.X)
	return vg.Point{X: x, Y: a.Y + f*(b.Y-a.Y)}
}
