package report

import (
	"math"
	"sort"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Dense curves. A thinned curve that swings across its panel in every
// column, as a one-replication run's backlog or its share of decisions
// does, is a zigzag of up to four points a column, each segment crossing
// hundreds of rows of pixels; stroking it costs the rasteriser a cell for
// every row each side of each segment crosses, and it takes longer than
// everything else a figure draws. What the zigzag inks in such a column is
// a solid bar: the line's whole height in the column, half a line width
// more above and below where the round joins turn, and what the line's
// width spills in from the columns beside it. drawThinned fills that bar
// instead, as a waveform display does, one polygon to a strip of
// bandStrip columns as fillBand fills a band, so that no path holds many
// cells to a row; it costs about the perimeter of the bars rather than the
// length of the zigzag, and the leadership figure of a one-replication run
// of 25,000 steps takes less than half the time it took. Columns where
// the line moves less than denseRise line widths (a flat or gently
// sloping curve, however many points it has) are stroked as before, so a
// smooth long line keeps its anti-aliased width and does not become a
// staircase of bars. A bar's edges are sharp across, where the stroke's
// are anti-aliased: TestDenseCurvePixels bounds what that changes.

// denseRise is, in line widths, how far the line must move up or down
// inside one pixel column for the column to be filled as a bar: more
// than its own width, so steeper than about 3.3 at the figures' 2.5-point
// width. A line that steep inks, in the column, its height there and a
// line width, what the bar covers; a gentler line is stroked.
const denseRise = 1

// drawThinned draws the line l, the result of thin on a line it shortened,
// in the style sty: the runs of its dense columns (see denseRise) filled
// as bars, the rest stroked, through the same canvas calls in PNG and SVG.
// A dense column is filled solid even for a dashed style: the many passes
// of the line it stands for leave no gap a dash pattern would show. The
// stroked parts run from the line's last point before them to its first
// point after them, in the dense columns beside them, whose bars cover
// where they end, and carry the dash pattern on from where the whole line
// has reached it. A line that goes back along x (no time series does) is
// stroked whole, as is one with no dense column.
func drawThinned(c draw.Canvas, sty draw.LineStyle, l []vg.Point) {
	first, dense := denseColumns(l, sty.Width)
	if dense == nil {
		strokeLines(c, sty, c.ClipLinesXY(l))
		return
	}
	last := first + len(dense) - 1
	xmin, xmax := l[0].X, l[len(l)-1].X

	// The stroked parts: each run of columns that are not dense, from the
	// line's last point before it to its first point after it.
	var walked []vg.Length // walked[i]: the length of l up to l[i]
	if len(sty.Dashes) > 0 {
		walked = make([]vg.Length, len(l))
		for i := 1; i < len(l); i++ {
			walked[i] = walked[i-1] + distance(l[i-1], l[i])
		}
	}
	for k := first; k <= last; {
		if dense[k-first] {
			k++
			continue
		}
		end := k // the run is columns k to end
		for end < last && !dense[end+1-first] {
			end++
		}
		x0, x1 := vg.Length(k)*pixelColumn, vg.Length(end+1)*pixelColumn
		from := max(sort.Search(len(l), func(i int) bool { return l[i].X >= x0 })-1, 0)
		to := min(sort.Search(len(l), func(i int) bool { return l[i].X >= x1 })+1, len(l))
		part := sty
		if walked != nil {
			part.DashOffs += walked[from]
		}
		if to-from >= 2 {
			strokeLines(c, part, c.ClipLinesXY(l[from:to]))
		}
		k = end + 1
	}

	// The bars: each run of barred columns in strips of bandStrip
	// columns. The dense columns are barred, and the columns beside them
	// whose middle lies within half a line width of one, into which the
	// stroke of its steep segments spills. A column's bar spans what the
	// stroke of the line inks down the middle of the column's pixels
	// ([reach]), and at least the line's heights in the column. Bars meet
	// at the edges of pixel columns, so the strips meet without a seam.
	half := sty.Width / 2
	// spread is how many columns either side of a dense one have their
	// middle within half a line width of it; b0 is the first column that
	// may be barred, and barred[j] is for the column b0+j.
	spread := int(math.Ceil(float64(half/pixelColumn)+0.5)) - 1
	b0 := first - spread
	barred := make([]bool, len(dense)+2*spread)
	for k, d := range dense {
		if d {
			for j := k; j <= k+2*spread; j++ {
				barred[j] = true
			}
		}
	}
	lows, highs := make([]vg.Length, len(barred)), make([]vg.Length, len(barred))
	for j, ok := range barred {
		if !ok {
			continue
		}
		a := vg.Length(b0+j) * pixelColumn
		lo, hi := reach(l, a+pixelColumn/2, half)
		if a, b := max(a, xmin), min(a+pixelColumn, xmax); a <= b {
			y0, y1 := heights(l, a, b)
			lo, hi = min(lo, y0), max(hi, y1)
		}
		lows[j], highs[j], barred[j] = lo, hi, lo < hi
	}
	var top, bottom []vg.Point
	for k := 0; k < len(barred); {
		if !barred[k] {
			k++
			continue
		}
		end := k
		for end+1 < len(barred) && end-k+1 < bandStrip && barred[end+1] {
			end++
		}
		x0 := vg.Length(b0+k) * pixelColumn
		top = staircase(top[:0], x0, highs[k:end+1], true)
		bottom = staircase(bottom[:0], x0, lows[k:end+1], false)
		c.FillPolygon(sty.Color, c.ClipPolygonXY(outline(top, bottom)))
		k = end + 1
	}
}

// staircase appends to e the edge of the bars of the columns from x = x0,
// a pixel column each, at the heights ys, from left to right: a step for
// each run of columns whose heights lie within an eighth of a pixel of
// each other, at the highest of them if up, else at the lowest, so that a
// bar of about even height costs two points however many columns it spans
// (the share of decisions, at 0 or 100 % in every column, draws such
// bars) and no column's edge moves, and only outward, by more than an
// eighth of a pixel.
func staircase(e []vg.Point, x0 vg.Length, ys []vg.Length, up bool) []vg.Point {
	const near = pixelColumn / 8
	for i := 0; i < len(ys); {
		lo, hi := ys[i], ys[i]
		j := i + 1
		for ; j < len(ys) && max(hi, ys[j])-min(lo, ys[j]) <= near; j++ {
			lo, hi = min(lo, ys[j]), max(hi, ys[j])
		}
		y := lo
		if up {
			y = hi
		}
		e = append(e, vg.Point{X: x0 + vg.Length(i)*pixelColumn, Y: y}, vg.Point{X: x0 + vg.Length(j)*pixelColumn, Y: y})
		i = j
	}
	return e
}

// denseColumns says which pixel columns of the line l, drawn width wide,
// are dense: dense[k] for the column first+k, from the column of l's first
// point to that of its last. A column is dense where the line, cut to the
// column and to its own extent, spans more than denseRise line widths (and
// more than a pixel) from its lowest to its highest height. dense is nil
// where no column is, and for a line that goes back along x.
func denseColumns(l []vg.Point, width vg.Length) (first int, dense []bool) {
	if len(l) < 2 || !rightward(l) {
		return 0, nil
	}
	xmin, xmax := l[0].X, l[len(l)-1].X
	first, last := column(xmin), column(xmax)
	rise := denseRise * max(width, pixelColumn)
	some := false
	dense = make([]bool, last-first+1)
	for k := first; k <= last; k++ {
		a := max(vg.Length(k)*pixelColumn, xmin)
		b := min(vg.Length(k+1)*pixelColumn, xmax)
		if b <= a {
			continue
		}
		if lo, hi := heights(l, a, b); hi-lo > rise {
			dense[k-first] = true
			some = true
		}
	}
	if !some {
		return first, nil
	}
	return first, dense
}

// reach is how far down and up the stroke of the rightward line l, r wide
// either side of it with round joins, covers the vertical x = m: the
// lowest and highest y of the points of that vertical within r of a
// segment of l. A point (x, y) of a segment covers the vertical from
// y − √(r² − (x−m)²) to y + √(r² − (x−m)²); along a segment of slope s the
// top is highest at x = m + r·s/√(1+s²), or at the end of the segment
// nearest to it, and the bottom lowest at x = m − r·s/√(1+s²). A line that
// does not come within r of m gives lo > hi.
func reach(l []vg.Point, m, r vg.Length) (lo, hi vg.Length) {
	lo, hi = vg.Length(math.Inf(1)), vg.Length(math.Inf(-1))
	a, b := m-r, m+r
	// cover is how far the disc of radius r about a point at x reaches
	// along the vertical, x within r of m.
	cover := func(x vg.Length) vg.Length {
		d := float64(x - m)
		return vg.Length(math.Sqrt(math.Max(float64(r*r)-d*d, 0)))
	}
	i := max(sort.Search(len(l), func(k int) bool { return l[k].X >= a })-1, 0)
	for ; i+1 < len(l) && l[i].X <= b; i++ {
		p, q := l[i], l[i+1]
		x0, x1 := max(p.X, a), min(q.X, b)
		if x1 < x0 {
			continue
		}
		if q.X == p.X { // a vertical segment: its ends
			e := cover(p.X)
			lo, hi = min(lo, p.Y-e, q.Y-e), max(hi, p.Y+e, q.Y+e)
			continue
		}
		s := (q.Y - p.Y) / (q.X - p.X)
		t := r * s / vg.Length(math.Sqrt(float64(1+s*s)))
		x := min(max(m+t, x0), x1)
		hi = max(hi, p.Y+s*(x-p.X)+cover(x))
		x = min(max(m-t, x0), x1)
		lo = min(lo, p.Y+s*(x-p.X)-cover(x))
	}
	return lo, hi
}

// heights is the lowest and highest height of the rightward line l between
// x = a and x = b, a ≤ b, inside l's extent: of its points there and of
// where it crosses a and b.
func heights(l []vg.Point, a, b vg.Length) (lo, hi vg.Length) {
	i := sort.Search(len(l), func(k int) bool { return l[k].X >= a })
	var y vg.Length
	switch {
	case i == len(l):
		y = l[len(l)-1].Y
	case i > 0 && l[i].X > a:
		y = cross(l[i-1], l[i], a).Y
	default:
		y = l[i].Y
	}
	lo, hi = y, y
	for ; i < len(l) && l[i].X <= b; i++ {
		lo, hi = min(lo, l[i].Y), max(hi, l[i].Y)
	}
	if i > 0 && i < len(l) && l[i-1].X < b {
		y = cross(l[i-1], l[i], b).Y
		lo, hi = min(lo, y), max(hi, y)
	}
	return lo, hi
}
