package report

import (
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sweepThreshold is a value of an axis where a closed-form result changes
// (such as an interim's stability), drawn on the frontier figures.
type sweepThreshold struct {
	at    float64
	label string
}

// better says which way a metric is better.
type better int8

const (
	betterUnknown better = iota // no direction: the figure says "larger"
	betterLower                 // latencies, effort, losses
	betterHigher                // accuracy, value
)

// metricBetter returns which way metric (a runs.csv column) is better.
func metricBetter(metric string) better {
	base := strings.TrimRight(metric, "0123456789")
	if strings.HasSuffix(base, "_d") && len(base) < len(metric) {
		base = strings.TrimSuffix(base, "_d")
	}
	switch base {
	case "accuracy", "value_per_issue", "throughput", "deadline_accuracy", "recovered":
		return betterHigher
	}
	for _, p := range []string{"latency_", "wait_", "service_", "comm_", "backlog_", "util_", "escalation_",
		"messages_", "helper_hours", "type1_", "type2_", "beyond_", "effort_", "resilience_loss",
		"recovery_time", "peak_degradation", "excess_delay", "traffic_latency"} {
		if strings.HasPrefix(base, p) {
			return betterLower
		}
	}
	return betterUnknown
}

// verdict is what a cell of a frontier figure says at 95 %.
type verdict int8

const (
	verdictNone    verdict = iota // no estimate
	verdictNeither                // the interval contains 0, or there is none
	verdictFirst                  // the first organisation is better (larger, without a direction)
	verdictOther                  // the other organisation is better (larger)
)

// cellVerdict judges an estimate of first against other (a difference or a
// log-ratio, 0 where they are equal) for a metric better in direction b.
func cellVerdict(v ci, b better) verdict {
	switch {
	case !finite(v.mean):
		return verdictNone
	case !finite(v.low) || !finite(v.high) || v.low <= 0 && v.high >= 0:
		return verdictNeither
	}
	firstLarger := v.low > 0
	if b == betterLower {
		firstLarger = !firstLarger
	}
	if firstLarger {
		return verdictFirst
	}
	return verdictOther
}

// frontierPair returns the paired statistic a frontier figure of metric
// draws: the first pair with log-ratio rows of it, else the first with
// difference rows; ok is false when there is none.
func (d *sweepFigData) frontierPair(metric string) (pair string, ratio, ok bool) {
	for _, r := range d.ratios {
		for _, p := range d.points {
			if _, has := d.cells[sweepFigKey{point: p.index, org: r, metric: metric, ratio: true}]; has {
				return r, true, true
			}
		}
	}
	for _, r := range d.diffs {
		for _, p := range d.points {
			if _, has := d.cells[sweepFigKey{point: p.index, org: r, metric: metric, diff: true}]; has {
				return r, false, true
			}
		}
	}
	return "", false, false
}

// pairNames splits a pair "A-B" or "A/B" into its organisations, using the
// organisations of the mean rows where the name is ambiguous.
func (d *sweepFigData) pairNames(pair string, ratio bool) (string, string) {
	sep := "-"
	if ratio {
		sep = "/"
	}
	if len(d.orgs) > 0 {
		if rest, ok := strings.CutPrefix(pair, d.orgs[0]+sep); ok {
			return d.orgs[0], rest
		}
	}
	if a, b, ok := strings.Cut(pair, sep); ok {
		return a, b
	}
	return pair, ""
}

// frontierFigure draws where each organisation is better in metric: the
// paired estimate (log-ratio where the sweep gives one, else difference)
// over the first two axes, one panel per value of the third, each cell
// coloured by which organisation is better at 95 % and grey where the
// interval contains 0, with thick lines along the boundaries between
// verdicts, and the axes' thresholds drawn as dashed lines.
func (d *sweepFigData) frontierFigure(metric string, c draw.Canvas) {
	title := "Where each is better: " + metric
	pair, isRatio, ok := d.frontierPair(metric)
	if !ok || len(d.axes) < 2 {
		messageFigure(c, title, "summary.csv has no paired rows of "+metric+" over two axes to draw.")
		return
	}
	first, other := d.pairNames(pair, isRatio)
	dir := metricBetter(metric)
	key := sweepFigKey{org: pair, metric: metric, diff: !isRatio, ratio: isRatio}

	// The points drawn: every axis after the third fixed at its value in
	// the first point.
	pts := d.points
	fixed := ""
	if len(d.axes) > 3 {
		firstPt := d.points[0].values
		pts = nil
		for _, p := range d.points {
			if slices.Equal(p.values[3:], firstPt[3:]) {
				pts = append(pts, p)
			}
		}
		var parts []string
		for a := 3; a < len(d.axes); a++ {
			parts = append(parts, d.axes[a]+" = "+firstPt[a])
		}
		fixed = "other axes fixed at their first value: " + strings.Join(parts, ", ")
	}
	var xv, yv, fv []string
	for _, p := range pts {
		xv, yv = append(xv, p.values[0]), append(yv, p.values[1])
		if len(d.axes) > 2 {
			fv = append(fv, p.values[2])
		}
	}
	x := newSweepFigAxis(d.axes[0], xv)
	y := newSweepFigAxis(d.axes[1], yv)
	facets := []string{""}
	var fa sweepFigAxis
	if len(d.axes) > 2 {
		fa = newSweepFigAxis(d.axes[2], fv)
		facets = fa.labels
	}

	// One grid of cells per facet.
	type facet struct {
		label string
		vals  [][]ci // [j][i]
	}
	var fs []facet
	var ests []float64
	for _, f := range facets {
		g := make([][]ci, len(y.labels))
		for j := range g {
			g[j] = make([]ci, len(x.labels))
			for i := range g[j] {
				g[j][i] = ci{math.NaN(), math.NaN(), math.NaN()}
			}
		}
		for _, p := range pts {
			if len(d.axes) > 2 && p.values[2] != f {
				continue
			}
			i, j := slices.Index(x.labels, p.values[0]), slices.Index(y.labels, p.values[1])
			if i < 0 || j < 0 || finite(g[j][i].mean) {
				continue
			}
			k := key
			k.point = p.index
			g[j][i] = d.value(k)
			ests = append(ests, g[j][i].mean)
		}
		fs = append(fs, facet{f, g})
	}

	// The colour scale over the estimate: the first organisation's side in
	// blue, the other's in orange.
	stops := blueOrange
	if dir != betterLower {
		stops = slices.Clone(blueOrange)
		slices.Reverse(stops)
	}
	scale := newScale(stops, ests, true)
	firstColour, otherColour := scale.at(scale.lo), scale.at(scale.hi)
	if dir != betterLower {
		firstColour, otherColour = otherColour, firstColour
	}

	stat := "the paired difference " + first + " − " + other + metricUnit(metric)
	barLabel := first + " − " + other + metricUnit(metric)
	if isRatio {
		stat = "the paired log-ratio log(" + first + " ÷ " + other + "), the log of the geometric-mean ratio (labelled as the ratio)"
		barLabel = "log(" + first + " ÷ " + other + ")"
	}
	word := map[better]string{betterLower: "better (lower)", betterHigher: "better (higher)", betterUnknown: "larger"}[dir]
	fr := frame{title: title,
		subtitle: "Each cell: " + stat + " over " + d.replications() + ";\n" +
			"coloured where its 95 % interval excludes 0, grey where neither is " + strings.Fields(word)[0] + " at 95 %; thick lines: the boundaries"}
	if fixed != "" {
		fr.subtitle += ";\n" + fixed
	}
	fr.legend = []legendEntry{
		{label: first + " " + word, thumbs: []plot.Thumbnailer{swatch(firstColour)}},
		{label: "neither at 95 %", thumbs: []plot.Thumbnailer{swatch(neitherFill)}},
		{label: other + " " + word, thumbs: []plot.Thumbnailer{swatch(otherColour)}},
	}
	if slices.ContainsFunc(ests, func(v float64) bool { return !finite(v) }) || len(ests) < len(facets)*len(x.labels)*len(y.labels) {
		fr.legend = append(fr.legend, legendEntry{label: "no value (–)", thumbs: []plot.Thumbnailer{swatch(noValue)}})
	}
	th := d.thresholds[d.axes[0]]
	thY := d.thresholds[d.axes[1]]
	var thF *sweepThreshold
	if len(d.axes) > 2 {
		thF = d.thresholds[d.axes[2]]
	}
	for _, t := range []*sweepThreshold{th, thY, thF} {
		if t != nil {
			fr.legend = append(fr.legend, legendEntry{label: thresholdText(t), thumbs: []plot.Thumbnailer{&refLines{style: thresholdStyle}}})
			break
		}
	}

	pc := fr.draw(c)
	const barStrip vg.Length = 74
	area := pc
	area.Min.Y += barStrip
	hs := sans(noteSize, false, muted)
	hs.YAlign = draw.YTop
	header := ""
	if len(d.axes) > 2 {
		// The facets' axis, named once above its panels.
		header = "Panels: " + fa.key
		c.FillText(hs, vg.Point{X: area.Min.X, Y: area.Max.Y}, header)
		area.Max.Y -= hs.Height("M") + 6
	}

	cols := min(len(fs), 5)
	rows := (len(fs) + cols - 1) / cols
	g := newCellGrid(area, x, y, rows, cols, 28, 14)
	var cells []*frontierCells
	for k, f := range fs {
		p := newPanel(f.label, "", "")
		fc := &frontierCells{vals: f.vals, scale: scale, dir: dir, ratio: isRatio}
		cells = append(cells, fc)
		p.Add(fc)
		g.axes(p)
		if x.log {
			p.X.Label.Text = x.key + " (log scale)"
		}
		if y.log {
			p.Y.Label.Text = y.key + " (log scale)"
		}
		if th != nil {
			p.Add(&refLines{at: []float64{x.cellPos(th.at)}, style: thresholdStyle})
		}
		if thY != nil {
			p.Add(&refLines{horizontal: true, at: []float64{y.cellPos(thY.at)}, style: thresholdStyle})
		}
		g.bareY(p, k)
		g.fitYLabel(p)
		for sz := vg.Length(labelSize); sz > 11 && p.X.Label.TextStyle.Width(p.X.Label.Text) > g.width; sz-- {
			p.X.Label.TextStyle.Font.Size = sz - 1
		}
		p.X.Padding, p.Y.Padding = 2, 2
		g.plots[k/cols][k%cols] = p
	}
	plots := g.plots
	for r := range plots {
		for k := range plots[r] {
			if plots[r][k] == nil {
				plots[r][k] = newPanel("", "", "")
				plots[r][k].HideAxes()
			}
		}
	}
	cs, cellW, cellH := g.align(area, len(fs), x, y)
	size := vg.Length(0)
	for s := vg.Length(noteSize); s >= 9 && size == 0; s-- {
		ts := sans(s, false, ink)
		fits := ts.Height("0") <= cellH-4
		for _, fc := range cells {
			for _, row := range fc.vals {
				for _, v := range row {
					fits = fits && ts.Width(cellText(v.mean, isRatio)) <= cellW-6
				}
			}
		}
		if fits {
			size = s
		}
	}
	for k := range fs {
		cells[k].size = size
		plots[k/cols][k%cols].Draw(cs[k/cols][k%cols])
	}

	// The facet axis's threshold: a dashed line in the gap between the
	// panels on either side of it, across the whole panel area.
	if thF != nil && fa.numeric {
		ts := sans(noteSize, false, muted)
		ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
		labelY := area.Max.Y + hs.Height("M") + 6
		minX := area.Min.X + hs.Width(header) + 12
		drawn := false
		for k := 0; k+1 < len(fs); k++ {
			if k%cols == cols-1 {
				continue // the next panel starts a new row
			}
			lo, hi := fa.at(fs[k].label), fa.at(fs[k+1].label)
			if !(thF.at > lo && thF.at < hi) {
				continue
			}
			a := plots[k/cols][k%cols].DataCanvas(cs[k/cols][k%cols])
			b := plots[(k+1)/cols][(k+1)%cols].DataCanvas(cs[(k+1)/cols][(k+1)%cols])
			xm := (a.Max.X + b.Min.X) / 2
			top := cs[k/cols][k%cols].Max.Y
			c.StrokeLine2(thresholdStyle, xm, a.Min.Y, xm, top)
			lx := max(xm, minX+ts.Width(thresholdText(thF))/2)
			lx = min(lx, area.Max.X-ts.Width(thresholdText(thF))/2)
			c.FillText(ts, vg.Point{X: lx, Y: labelY}, thresholdText(thF))
			drawn = true
		}
		if !drawn {
			for k, f := range fs {
				if fa.at(f.label) == thF.at {
					a := cs[k/cols][k%cols]
					msg := "panel " + f.label + " is at the threshold: " + thresholdText(thF)
					lx := max((a.Min.X+a.Max.X)/2, minX+ts.Width(msg)/2)
					lx = min(lx, area.Max.X-ts.Width(msg)/2)
					c.FillText(ts, vg.Point{X: lx, Y: labelY}, msg)
					drawn = true
				}
			}
		}
	}

	// The colour bar, under the panels, labelled with the estimate.
	lo := plots[0][0].DataCanvas(cs[0][0]).Min.X
	last := len(fs) - 1
	if last >= cols {
		last = cols - 1
	}
	hi := plots[0][last].DataCanvas(cs[0][last]).Max.X
	if w := hi - lo; w > 420 {
		lo, hi = lo+(w-420)/2, hi-(w-420)/2
	}
	colourBar(c, vg.Rectangle{Min: vg.Point{X: lo, Y: pc.Min.Y + 28}, Max: vg.Point{X: hi, Y: pc.Min.Y + 44}}, scale, barLabel)
}

// thresholdText names a threshold: its label, or its value.
func thresholdText(t *sweepThreshold) string {
	v := strconv.FormatFloat(t.at, 'g', -1, 64)
	if t.label == "" {
		return "threshold at " + v
	}
	return t.label
}

// cellPos returns the position of the value v among a categorical axis's
// cells (0, 1, …), interpolating between the numeric labels on either
// side (on a log scale where the axis is logarithmic); NaN outside them.
func (a *sweepFigAxis) cellPos(v float64) float64 {
	if !a.numeric || len(a.pos) == 0 {
		return math.NaN()
	}
	tr := func(x float64) float64 { return x }
	if a.log {
		tr = math.Log
	}
	for i := 0; i+1 < len(a.pos); i++ {
		lo, hi := a.pos[i], a.pos[i+1]
		if v >= lo && v <= hi && hi > lo {
			return float64(i) + (tr(v)-tr(lo))/(tr(hi)-tr(lo))
		}
	}
	if len(a.pos) == 1 && v == a.pos[0] {
		return 0
	}
	return math.NaN()
}

// frontierCells draws a frontier panel: a cell per (x, y) coloured by its
// estimate where its interval excludes 0 and grey where it does not,
// labelled with the estimate, and thick lines between cells of different
// verdicts.
type frontierCells struct {
	vals  [][]ci // [j][i]
	scale colourScale
	dir   better
	ratio bool      // the values are log-ratios, labelled as ratios
	size  vg.Length // of the values' font; 0 for none
}

// cellText labels a frontier cell: a difference in three significant
// figures, a log-ratio as its ratio ("×1.38").
func cellText(v float64, ratio bool) string {
	if !ratio || !finite(v) {
		return sig3(v)
	}
	return "×" + sig3(math.Exp(v))
}

func (h *frontierCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if len(h.vals) == 0 || len(h.vals[0]) == 0 {
		return
	}
	gap := cellGap
	verdicts := make([][]verdict, len(h.vals))
	for j, row := range h.vals {
		verdicts[j] = make([]verdict, len(row))
		for i, v := range row {
			vd := cellVerdict(v, h.dir)
			verdicts[j][i] = vd
			x0, x1 := trX(float64(i)-0.5), trX(float64(i)+0.5)
			y0, y1 := trY(float64(j)-0.5), trY(float64(j)+0.5)
			rect := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
			fill := noValue
			switch vd {
			case verdictNeither:
				fill = neitherFill
			case verdictFirst, verdictOther:
				fill = h.scale.at(v.mean)
			}
			c.FillPolygon(fill, rect)
			c.StrokeLines(gap, append(rect, rect[0]))
			if h.size == 0 {
				continue
			}
			var fg color.Color = ink
			if vd == verdictNeither {
				fg = muted
			} else if luminance(fill) < 0.4 {
				fg = white
			}
			ts := sans(h.size, false, fg)
			ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
			c.FillText(ts, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, cellText(v.mean, h.ratio))
		}
	}
	edge := draw.LineStyle{Color: ink, Width: 3}
	for j, row := range verdicts {
		for i, vd := range row {
			if i+1 < len(row) && row[i+1] != vd {
				x := trX(float64(i) + 0.5)
				c.StrokeLine2(edge, x, trY(float64(j)-0.5), x, trY(float64(j)+0.5))
			}
			if j+1 < len(verdicts) && verdicts[j+1][i] != vd {
				yy := trY(float64(j) + 0.5)
				c.StrokeLine2(edge, trX(float64(i)-0.5), yy, trX(float64(i)+0.5), yy)
			}
		}
	}
}

// frontierCounts counts the cells of each verdict of metric over every
// point: how many say the first organisation is better, neither, and the
// other; for tests and captions.
func (d *sweepFigData) frontierCounts(metric string) (first, neither, other int) {
	pair, isRatio, ok := d.frontierPair(metric)
	if !ok {
		return 0, 0, 0
	}
	dir := metricBetter(metric)
	for _, p := range d.points {
		switch cellVerdict(d.value(sweepFigKey{point: p.index, org: pair, metric: metric, diff: !isRatio, ratio: isRatio}), dir) {
		case verdictFirst:
			first++
		case verdictNeither:
			neither++
		case verdictOther:
			other++
		}
	}
	return first, neither, other
}
