package report

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/orgsim/orgsim/model"
)

// tierGlyphs mark the tiers' lines in the leadership figure: a circle for
// the teams, a square for the middle, a triangle for the top, all filled.
var tierGlyphs = [model.NumTiers]draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}

// tierLabels name the tiers in the leadership figure's legend.
var tierLabels = [model.NumTiers]string{"teams", "middle (managers, coaches under a circle)", "top (root, circle)"}

// markersPerLine is about how many glyphs mark each line of the
// leadership figure.
const markersPerLine = 8

// leadershipFigure draws, over time in working weeks, the share of each
// grid step's decisions made at each tier (left) and the mean share of
// issues the units of each tier resolve, with its 95 % band (right), for
// every organisation on the same axes: the organisation's colour and dash,
// and a glyph per tier.
func leadershipFigure(d *data, c draw.Canvas) error {
	const title = "Who decides, and how capability moves"
	if len(d.series) == 0 {
		messageFigure(c, title, "timeseries.csv has no rows to draw.")
		return nil
	}
	fr := frame{
		title: title,
		subtitle: "Mean over " + d.replications() + d.stepText() +
			"; right: issues resolved, 95 % band",
	}
	who := newPanel("Who decides", "time (working weeks)", "share of the decisions (%)")
	able := newPanel("Capability", "time (working weeks)", "issues resolved (%)")
	who.Add(verticalGrid(), horizontalGrid())
	able.Add(verticalGrid(), horizontalGrid())
	anyShare, anyCap := false, false
	lo := math.Inf(1) // the lowest capability drawn, percent
	for i, org := range d.orgs {
		var ts []float64
		var capab [model.NumTiers][]ci
		var share [model.NumTiers][]float64
		for _, s := range d.series {
			if s.org != org {
				continue
			}
			ts = append(ts, s.t/hoursPerWeek)
			for k := range model.NumTiers {
				cp := s.capability[k]
				capab[k] = append(capab[k], ci{100 * cp.mean, 100 * cp.low, 100 * cp.high})
				share[k] = append(share[k], 100*s.decided[k])
			}
		}
		if len(ts) == 0 {
			continue
		}
		var line *curve
		for k := range model.NumTiers {
			m, l, h := split(capab[k])
			if drawn := finiteCount(m); drawn > 0 {
				anyCap = true
				line = &curve{xs: ts, ys: m, style: orgLine(i)}
				able.Add(&band{xs: ts, low: l, high: h, color: orgTint(i)}, line,
					tierMarks(ts, m, k, i, len(d.orgs)))
				for j := range m {
					for _, v := range []float64{m[j], l[j]} {
						if finite(v) {
							lo = math.Min(lo, v)
						}
					}
				}
			}
			// A tier without units (no capability) made no decision: its
			// line of zeros is left out.
			if finiteCount(share[k]) > 0 && (finiteCount(m) > 0 || anyPositive(share[k])) {
				anyShare = true
				line = &curve{xs: ts, ys: share[k], style: orgLine(i)}
				who.Add(line, tierMarks(ts, share[k], k, i, len(d.orgs)))
			}
		}
		if line == nil {
			line = &curve{style: orgLine(i)}
		}
		fr.legend = append(fr.legend, legendEntry{label: org,
			thumbs: []plot.Thumbnailer{&band{color: orgTint(i)}, line}})
	}
	for k, label := range tierLabels {
		fr.legend = append(fr.legend, legendEntry{label: label,
			thumbs: []plot.Thumbnailer{&marks{shape: tierGlyphs[k], color: ink}}})
	}
	marked := markDisruptions(d, &fr, who, able)
	if !anyShare {
		who.Add(panelMessage("no decisions in timeseries.csv"))
	}
	if !anyCap {
		able.Add(panelMessage("no capability in timeseries.csv"))
	}
	// Both panels share the time axis from zero. Shares run from 0 to
	// 100 %, with room on top for the disruption labels; capability from
	// a round value below the lowest drawn to 100 %.
	xmin, xmax := math.Min(who.X.Min, able.X.Min), math.Max(who.X.Max, able.X.Max)
	if !(xmin < 0) {
		xmin = 0
	}
	if !(xmax > xmin) {
		xmax = xmin + 1
	}
	percentTicks := plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 25, Label: "25"},
		{Value: 50, Label: "50"}, {Value: 75, Label: "75"}, {Value: 100, Label: "100"}}
	who.Y.Min, who.Y.Max = 0, 104
	if marked {
		who.Y.Max = 122
	}
	who.Y.Tick.Marker = percentTicks
	able.Y.Min, able.Y.Max = capabilityFloor(lo), 102
	for _, p := range []*plot.Plot{who, able} {
		p.X.Min, p.X.Max = xmin, xmax
	}
	pc := fr.draw(c)
	cs := plot.Align([][]*plot.Plot{{who, able}}, draw.Tiles{Rows: 1, Cols: 2, PadX: 30}, pc)
	who.Draw(cs[0][0])
	able.Draw(cs[0][1])
	return nil
}

// capabilityFloor is the lower end of the capability axis: a multiple of
// 10 % at least 5 points below lo (percent), and 0 when nothing is drawn.
func capabilityFloor(lo float64) float64 {
	if !finite(lo) {
		return 0
	}
	return math.Max(0, math.Floor((lo-5)/10)*10)
}

// stepText describes the left panel of the leadership figure for its
// subtitle: "; left: share of each 10-hour step's decisions by tier", the step from
// the first two times of the first organisation in timeseries.csv.
func (d *data) stepText() string {
	var ts []float64
	for _, s := range d.series {
		if s.org == d.series[0].org && finite(s.t) {
			ts = append(ts, s.t)
		}
	}
	if len(ts) < 2 || !(ts[1] > ts[0]) {
		return "; left: share of each step's decisions by tier"
	}
	step := math.Round((ts[1]-ts[0])*100) / 100
	return "; left: share of each " + strconv.FormatFloat(step, 'f', -1, 64) + "-hour step's decisions by tier"
}

// finiteCount is the number of finite values of x.
func finiteCount(x []float64) int {
	n := 0
	for _, v := range x {
		if finite(v) {
			n++
		}
	}
	return n
}

// anyPositive reports whether any value of x is above zero.
func anyPositive(x []float64) bool {
	for _, v := range x {
		if v > 0 {
			return true
		}
	}
	return false
}

// tierMarks marks about markersPerLine points of organisation org's line
// (xs, ys) with tier k's glyph in the organisation's colour; the marks of
// the norg organisations are staggered so that they do not cover each
// other.
func tierMarks(xs, ys []float64, k, org, norg int) *marks {
	every := max(1, len(xs)/markersPerLine)
	m := &marks{shape: tierGlyphs[k], color: orgColour(org)}
	for j := (every/2 + org*every/max(norg, 1)) % every; j < len(xs); j += every {
		m.xs = append(m.xs, xs[j])
		m.ys = append(m.ys, ys[j])
	}
	return m
}

// marks draws a glyph ringed in white at each point (xs, ys).
type marks struct {
	xs, ys []float64
	shape  draw.GlyphDrawer
	color  color.Color
}

func (m *marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ring := draw.GlyphStyle{Color: white, Radius: 6.5, Shape: m.shape}
	glyph := draw.GlyphStyle{Color: m.color, Radius: 4.5, Shape: m.shape}
	for i := range m.xs {
		if finite(m.xs[i]) && finite(m.ys[i]) {
			pt := vg.Point{X: trX(m.xs[i]), Y: trY(m.ys[i])}
			if c.Contains(pt) {
				c.DrawGlyph(ring, pt)
				c.DrawGlyph(glyph, pt)
			}
		}
	}
}

func (m *marks) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle{Color: m.color, Radius: 5, Shape: m.shape}, c.Center())
}
