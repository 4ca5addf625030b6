package report

import (
	"cmp"
	"image/color"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Line figures of a sweep: a metric against the first axis, with its 95 %
// band, per organisation and paired difference.

// sweepSeries is one line of a sweep figure: means with their interval at
// positions xs, in increasing x.
type sweepSeries struct {
	xs, mean, low, high []float64
}

// series gathers, for the points pts in axis order of x, the values of
// key's organisation and metric (key.point is set per point).
func (d *sweepFigData) series(pts []sweepFigPoint, x *sweepFigAxis, key sweepFigKey) sweepSeries {
	type pv struct {
		x float64
		v ci
	}
	var vs []pv
	for _, p := range pts {
		key.point = p.index
		vs = append(vs, pv{x.at(p.values[0]), d.value(key)})
	}
	slices.SortStableFunc(vs, func(a, b pv) int { return cmp.Compare(a.x, b.x) })
	var s sweepSeries
	for _, v := range vs {
		s.xs = append(s.xs, v.x)
		s.mean = append(s.mean, v.v.mean)
		s.low = append(s.low, v.v.low)
		s.high = append(s.high, v.v.high)
	}
	return s
}

// gapNote explains the gaps in a line figure's lines.
const gapNote = "gaps: no finite value"

// gappy reports whether some point of s has no finite mean.
func (s sweepSeries) gappy() bool {
	return slices.ContainsFunc(s.mean, func(v float64) bool { return !finite(v) })
}

// addSeries adds s to p as a band, a line, dots at the means and whiskers
// where a lone point has no band; it returns the legend thumbnails.
func addSeries(p *plot.Plot, s sweepSeries, style draw.LineStyle) []plot.Thumbnailer {
	b := &band{xs: s.xs, low: s.low, high: s.high, color: tint(style.Color)}
	l := &curve{xs: s.xs, ys: s.mean, style: style}
	p.Add(b, l, &loneWhiskers{s: s, color: style.Color},
		&dots{xs: s.xs, ys: s.mean, color: style.Color})
	return []plot.Thumbnailer{&band{color: tint(style.Color)}, l}
}

// loneWhiskers draws the interval of each point whose neighbours leave it
// without a band, as a vertical whisker.
type loneWhiskers struct {
	s     sweepSeries
	color color.Color
}

func (w *loneWhiskers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ok := func(i int) bool {
		return i >= 0 && i < len(w.s.xs) && finite(w.s.low[i]) && finite(w.s.high[i])
	}
	st := draw.LineStyle{Color: w.color, Width: 2}
	for i := range w.s.xs {
		if !ok(i) || ok(i-1) || ok(i+1) {
			continue
		}
		x, a, z := trX(w.s.xs[i]), trY(w.s.low[i]), trY(w.s.high[i])
		c.StrokeLines(st, c.ClipLinesXY(
			[]vg.Point{{X: x, Y: a}, {X: x, Y: z}},
			[]vg.Point{{X: x - 6, Y: a}, {X: x + 6, Y: a}},
			[]vg.Point{{X: x - 6, Y: z}, {X: x + 6, Y: z}})...)
	}
}

func (w *loneWhiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	return extent(w.s.xs, nil, w.s.low, w.s.high)
}

// linesFigure draws the sweep figure of metric: with one axis, the means
// against the axis value over the paired differences; with more, one panel
// per organisation and one line per value of the second axis.
func (d *sweepFigData) linesFigure(metric string, c draw.Canvas) {
	if len(d.axes) == 1 {
		d.linesOneAxis(metric, c)
		return
	}
	d.linesManyAxes(metric, c)
}

// linesOneAxis draws the one-axis sweep figure of metric.
func (d *sweepFigData) linesOneAxis(metric string, c draw.Canvas) {
	title := "Sweep: " + metric + " against " + d.axes[0]
	vals := make([]string, len(d.points))
	for i, p := range d.points {
		vals[i] = p.values[0]
	}
	if len(d.orgs) == 0 && len(d.diffs) == 0 {
		messageFigure(c, title, "summary.csv has no rows of "+metric+" to draw.")
		return
	}
	x := newSweepFigAxis(d.axes[0], vals)
	fr := frame{title: title, subtitle: "Mean over " + d.replications() + " with its 95 % confidence band"}
	top := newPanel("", "", metricLabel(metric))
	top.Add(horizontalGrid())
	var panels []*plot.Plot
	panels = append(panels, top)
	gaps := false
	for i, org := range d.orgs {
		s := d.series(d.points, &x, sweepFigKey{org: org, metric: metric})
		gaps = gaps || s.gappy()
		th := addSeries(top, s, orgLine(i))
		fr.legend = append(fr.legend, legendEntry{label: org, thumbs: th})
	}
	yRange([]*plot.Plot{top}, false)
	if len(d.diffs) > 0 {
		bottom := newPanel("", "", "")
		bottom.Add(horizontalGrid())
		bottom.Add(&refLines{horizontal: true, at: []float64{0}, style: zeroLine})
		for k, diff := range d.diffs {
			s := d.series(d.points, &x, sweepFigKey{org: diff, metric: metric, diff: true})
			gaps = gaps || s.gappy()
			th := addSeries(bottom, s, orgLine(d.diffStyle(k, diff)))
			if len(d.diffs) > 1 {
				fr.legend = append(fr.legend, legendEntry{label: d.diffLabel(diff) + " (difference)", thumbs: th})
			}
		}
		yRange([]*plot.Plot{bottom}, true)
		if gaps {
			fr.subtitle += "; " + gapNote
		}
		if len(d.diffs) == 1 {
			bottom.Y.Label.Text = d.diffLabel(d.diffs[0]) + metricUnit(metric)
			fr.subtitle += ";\nbelow: paired difference " + d.diffLabel(d.diffs[0]) + " in the same replications"
		} else {
			bottom.Y.Label.Text = "difference" + metricUnit(metric)
			fr.subtitle += ";\nbelow: paired differences, the first organisation minus each other, in the same replications"
		}
		panels = append(panels, bottom)
	} else if gaps {
		fr.subtitle += "; " + gapNote
	}
	for i, p := range panels {
		x.apply(&p.X, figWidth-2*margin-110)
		p.Add(verticalGrid())
		if i < len(panels)-1 {
			p.X.Label.Text = ""
		}
	}
	if x.log {
		panels[len(panels)-1].X.Label.Text = x.key + " (log scale)"
	}
	pc := fr.draw(c)
	fitYLabels(panels, (pc.Max.Y-pc.Min.Y-14*vg.Length(len(panels)-1))/vg.Length(len(panels))-50)
	grid := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		grid[i] = []*plot.Plot{p}
	}
	cs := plot.Align(grid, draw.Tiles{Rows: len(panels), Cols: 1, PadY: 14}, pc)
	for i, p := range panels {
		p.Draw(cs[i][0])
	}
}

// linesManyAxes draws the sweep figure of metric for two or more axes.
func (d *sweepFigData) linesManyAxes(metric string, c draw.Canvas) {
	title := "Sweep: " + metric + " against " + d.axes[0] + " and " + d.axes[1]
	pts, fixed := d.fixed()
	if len(d.orgs) == 0 {
		messageFigure(c, title, "summary.csv has no means of "+metric+" to draw.")
		return
	}
	var xv, sv []string
	for _, p := range pts {
		xv, sv = append(xv, p.values[0]), append(sv, p.values[1])
	}
	x := newSweepFigAxis(d.axes[0], xv)
	lines := newSweepFigAxis(d.axes[1], sv)
	fr := frame{title: title,
		subtitle: "Mean over " + d.replications() + " with its 95 % confidence band, one panel per organisation"}
	if fixed != "" {
		fr.subtitle += ";\n" + fixed
	}
	var panels []*plot.Plot
	gaps := false
	for i, org := range d.orgs {
		p := newPanel(org, x.key, "")
		if i == 0 {
			p.Y.Label.Text = metricLabel(metric)
		}
		p.Add(horizontalGrid())
		for j, v := range lines.labels {
			var on []sweepFigPoint
			for _, q := range pts {
				if q.values[1] == v {
					on = append(on, q)
				}
			}
			s := d.series(on, &x, sweepFigKey{org: org, metric: metric})
			gaps = gaps || s.gappy()
			th := addSeries(p, s, orgLine(j))
			if i == 0 {
				fr.legend = append(fr.legend, legendEntry{label: lines.key + " = " + v, thumbs: th})
			}
		}
		panels = append(panels, p)
	}
	yRange(panels, false)
	if gaps {
		fr.subtitle = strings.Replace(fr.subtitle, ", one panel", "; "+gapNote+"; one panel", 1)
	}
	width := (figWidth-2*margin)/vg.Length(len(panels)) - 90
	for _, p := range panels {
		x.apply(&p.X, width)
		p.Add(verticalGrid())
		if x.log {
			p.X.Label.Text = x.key + " (log scale)"
		}
	}
	pc := fr.draw(c)
	fitYLabels(panels, pc.Max.Y-pc.Min.Y-90)
	cs := plot.Align([][]*plot.Plot{panels}, draw.Tiles{Rows: 1, Cols: len(panels), PadX: 24}, pc)
	for i, p := range panels {
		p.Draw(cs[0][i])
	}
}
