package report

import (
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmaps of a sweep: cells coloured on a colour scale and labelled with
// their values, and the colour bar beside them.

// colourScale maps [lo, hi] onto stops, evenly spaced, clamping outside.
type colourScale struct {
	stops  []color.NRGBA
	lo, hi float64
}

// at returns the colour of v; noValue when v is not finite.
func (s colourScale) at(v float64) color.NRGBA {
	if !finite(v) {
		return noValue
	}
	f := 0.5
	if s.hi > s.lo {
		f = math.Max(0, math.Min(1, (v-s.lo)/(s.hi-s.lo)))
	}
	f *= float64(len(s.stops) - 1)
	i := min(int(f), len(s.stops)-2)
	t := f - float64(i)
	a, b := s.stops[i], s.stops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.NRGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// newScale returns a scale over the finite values of vs: stops from the
// lowest to the highest or, when diverging, symmetric about zero.
func newScale(stops []color.NRGBA, vs []float64, diverging bool) colourScale {
	lo, hi, _, _ := extent(vs, nil, nil, nil)
	switch {
	case !finite(lo):
		lo, hi = 0, 1
		if diverging {
			lo = -1
		}
	case diverging:
		m := math.Min(math.Max(math.Abs(lo), math.Abs(hi)), maxLimit)
		if m == 0 {
			m = 1
		}
		lo, hi = -m, m
	case lo == hi:
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	lo, hi = clampLimit(lo), clampLimit(hi)
	return colourScale{stops: stops, lo: lo, hi: hi}
}

// heatCells draws a grid of values as coloured cells at (i, j), i along x
// and j along y, each labelled with its value in three significant figures.
type heatCells struct {
	vals  [][]float64 // [j][i]
	scale colourScale
	size  vg.Length // of the values' font; 0 for none
}

// cellFontSize returns the largest font size, from noteSize down to 9
// points, at which every value of hs fits a cell w wide and h high; 0
// when even 9 points is too large.
func cellFontSize(hs []*heatCells, w, h vg.Length) vg.Length {
	for s := vg.Length(noteSize); s >= 9; s-- {
		ts := sans(s, false, ink)
		fits := ts.Height("0") <= h-4
		for _, hc := range hs {
			for _, row := range hc.vals {
				for _, v := range row {
					fits = fits && ts.Width(sig3(v)) <= w-6
				}
			}
		}
		if fits {
			return s
		}
	}
	return 0
}

func (h *heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if len(h.vals) == 0 || len(h.vals[0]) == 0 {
		return
	}
	size := h.size
	gap := cellGap
	for j, row := range h.vals {
		for i, v := range row {
			x0, x1 := trX(float64(i)-0.5), trX(float64(i)+0.5)
			y0, y1 := trY(float64(j)-0.5), trY(float64(j)+0.5)
			rect := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
			fill := h.scale.at(v)
			c.FillPolygon(fill, rect)
			c.StrokeLines(gap, append(rect, rect[0]))
			if size == 0 {
				continue
			}
			var fg color.Color = ink
			if luminance(fill) < 0.4 {
				fg = white
			}
			ts := sans(size, false, fg)
			ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
			c.FillText(ts, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, sig3(v))
		}
	}
}

// luminance is the relative luminance of c, from 0 (black) to 1 (white).
func luminance(c color.NRGBA) float64 {
	lin := func(u uint8) float64 {
		v := float64(u) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// colourBar draws the scale s as a horizontal bar in r with tick labels
// below and label above.
func colourBar(c draw.Canvas, r vg.Rectangle, s colourScale, label string) {
	ls := sans(legendSize, false, ink)
	ls.XAlign = draw.XCenter
	c.FillText(ls, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: r.Max.Y + 5}, label)
	// Each step overlaps the next, which is drawn over it, so that no
	// seams show between them.
	const steps = 96
	w := (r.Max.X - r.Min.X) / steps
	for k := range steps {
		v := s.lo + (s.hi-s.lo)*(float64(k)+0.5)/steps
		x0 := r.Min.X + vg.Length(k)*w
		x1 := min(x0+2*w, r.Max.X)
		c.FillPolygon(s.at(v), []vg.Point{
			{X: x0, Y: r.Min.Y}, {X: x0, Y: r.Max.Y}, {X: x1, Y: r.Max.Y}, {X: x1, Y: r.Min.Y},
		})
	}
	c.StrokeLines(frameLine, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}, r.Min})
	ts := sans(tickSize, false, ink)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	if !(s.hi > s.lo) {
		return
	}
	for _, t := range (niceTicks{}).Ticks(s.lo, s.hi) {
		if t.Label == "" {
			continue
		}
		x := r.Min.X + vg.Length((t.Value-s.lo)/(s.hi-s.lo))*(r.Max.X-r.Min.X)
		c.StrokeLine2(frameLine, x, r.Min.Y, x, r.Min.Y-4)
		c.FillText(ts, vg.Point{X: x, Y: r.Min.Y - 6}, strings.Replace(t.Label, "-", "−", 1))
	}
}

// heatmapFigure draws the heatmaps of metric over the first two axes: one
// per organisation on a shared scale, and one per paired difference on a
// diverging scale centred on zero.
func (d *sweepFigData) heatmapFigure(metric string, c draw.Canvas) {
	title := "Sweep: " + metric + " by " + d.axes[0] + " and " + d.axes[1]
	pts, fixed := d.fixed()
	if len(d.orgs) == 0 && len(d.diffs) == 0 {
		messageFigure(c, title, "summary.csv has no rows of "+metric+" to draw.")
		return
	}
	var xv, yv []string
	for _, p := range pts {
		xv, yv = append(xv, p.values[0]), append(yv, p.values[1])
	}
	x := newSweepFigAxis(d.axes[0], xv)
	y := newSweepFigAxis(d.axes[1], yv)
	grid := func(key sweepFigKey) [][]float64 {
		g := make([][]float64, len(y.labels))
		for j := range g {
			g[j] = make([]float64, len(x.labels))
			for i := range g[j] {
				g[j][i] = math.NaN()
			}
		}
		for _, p := range pts {
			i, j := slices.Index(x.labels, p.values[0]), slices.Index(y.labels, p.values[1])
			if i < 0 || j < 0 || !math.IsNaN(g[j][i]) {
				continue
			}
			key.point = p.index
			g[j][i] = d.value(key).mean
		}
		return g
	}
	type panel struct {
		title string
		clr   color.Color
		vals  [][]float64
		diff  bool
	}
	var ps []panel
	var means, diffs []float64
	for i, org := range d.orgs {
		g := grid(sweepFigKey{org: org, metric: metric})
		ps = append(ps, panel{org, orgColour(i), g, false})
		for _, r := range g {
			means = append(means, r...)
		}
	}
	for _, diff := range d.diffs {
		g := grid(sweepFigKey{org: diff, metric: metric, diff: true})
		ps = append(ps, panel{d.diffLabel(diff), ink, g, true})
		for _, r := range g {
			diffs = append(diffs, r...)
		}
	}
	meanScale := newScale(viridis, means, false)
	diffScale := newScale(blueOrange, diffs, true)

	fr := frame{title: title,
		subtitle: "Mean over " + d.replications() + " in each cell; paired differences in the same replications"}
	if fixed != "" {
		fr.subtitle += ";\n" + fixed
	}
	all := append(slices.Clone(means), diffs...)
	var notes []string
	if slices.ContainsFunc(all, math.IsNaN) {
		notes = append(notes, "no value (–)")
	}
	if slices.ContainsFunc(all, func(v float64) bool { return math.IsInf(v, 0) }) {
		notes = append(notes, "infinite (∞)")
	}
	if len(notes) > 0 {
		fr.legend = append(fr.legend, legendEntry{label: strings.Join(notes, " or "),
			thumbs: []plot.Thumbnailer{swatch(noValue)}})
	}

	pc := fr.draw(c)
	const barStrip vg.Length = 74
	area := pc
	area.Min.Y += barStrip

	// At most four panels to a row. Only the first column carries the
	// y axis, its labels wrapped to a moderate width; the x labels wrap to
	// their cells.
	rows := (len(ps) + 3) / 4
	cols := (len(ps) + rows - 1) / rows
	g := newCellGrid(area, x, y, rows, cols, 24, 14)
	var hm []*heatCells
	for k, pn := range ps {
		p := newPanel(pn.title, "", "")
		p.Title.TextStyle.Color = pn.clr
		scale := meanScale
		if pn.diff {
			scale = diffScale
		}
		h := &heatCells{vals: pn.vals, scale: scale}
		hm = append(hm, h)
		p.Add(h)
		g.axes(p)
		g.bareY(p, k)
		g.fitYLabel(p)
		p.X.Padding, p.Y.Padding = 2, 2
		g.plots[k/cols][k%cols] = p
	}
	plots := g.plots

	// One font size for the values of every panel: the largest that fits
	// the smallest cells.
	cs, cellW, cellH := g.align(area, len(ps), x, y)
	size := cellFontSize(hm, cellW, cellH)
	for k := range ps {
		hm[k].size = size
		plots[k/cols][k%cols].Draw(cs[k/cols][k%cols])
	}

	// Colour bars: under their panels when they fit on one row, else
	// side by side.
	barY := vg.Rectangle{Min: vg.Point{Y: pc.Min.Y + 28}, Max: vg.Point{Y: pc.Min.Y + 44}}
	span := func(from, to int) (vg.Length, vg.Length) {
		if rows == 1 {
			a := plots[0][from].DataCanvas(cs[0][from])
			z := plots[0][to-1].DataCanvas(cs[0][to-1])
			return a.Min.X, z.Max.X
		}
		half := (pc.Max.X - pc.Min.X) / 2
		if from == 0 && len(d.diffs) > 0 {
			return pc.Min.X, pc.Min.X + half - 24
		}
		if from == 0 {
			return pc.Min.X, pc.Max.X
		}
		return pc.Min.X + half + 24, pc.Max.X
	}
	bar := func(from, to int, s colourScale, label string) {
		lo, hi := span(from, to)
		if w := hi - lo; w > 420 {
			lo, hi = lo+(w-420)/2, hi-(w-420)/2
		}
		r := barY
		r.Min.X, r.Max.X = lo, hi
		colourBar(c, r, s, label)
	}
	if n := len(d.orgs); n > 0 {
		bar(0, n, meanScale, metricLabel(metric))
	}
	if len(d.diffs) > 0 {
		label := "difference" + metricUnit(metric)
		if len(d.diffs) == 1 {
			label = d.diffLabel(d.diffs[0]) + metricUnit(metric)
		}
		bar(len(d.orgs), len(ps), diffScale, label)
	}
}

// swatch is a legend thumbnail: a square of one colour.
type swatch color.NRGBA

func (s swatch) Thumbnail(c *draw.Canvas) {
	m := c.Center()
	h := (c.Max.Y - c.Min.Y) / 2
	c.FillPolygon(color.NRGBA(s), []vg.Point{
		{X: m.X - h, Y: m.Y - h}, {X: m.X - h, Y: m.Y + h}, {X: m.X + h, Y: m.Y + h}, {X: m.X + h, Y: m.Y - h},
	})
}
