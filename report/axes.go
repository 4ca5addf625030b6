package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/sim"
)

// Axes: ticks, categorical and numeric axes, grids, axis labels with
// units and the ranges of y axes, for run and sweep figures.

// Hours per working day and per working week.
const (
	hoursPerDay  = sim.Day
	hoursPerWeek = sim.Week
)

// nominal puts the named categories at 0, 1, … on the axis a, without tick
// marks, and sets its range to [−0.5, len−0.5].
func nominal(a *plot.Axis, names []string) {
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	a.Tick.Marker = ticks
	a.Tick.Length = 0
	a.Min, a.Max = -0.5, float64(len(names))-0.5
}

// logTicks labels a logarithmic axis at 1, 2 and 5 times the powers of
// ten (only the powers when the range spans more than four decades), with
// unlabelled minor ticks between.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	major := []int{1, 2, 5}
	if hi-lo > 4 {
		major = []int{1}
	}
	var ticks []plot.Tick
	labelled := 0
	for e := lo; e <= hi; e++ {
		for m := 1; m <= 9; m++ {
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: v}
			for _, k := range major {
				if m == k {
					t.Label = strconv.FormatFloat(v, 'f', -1, 64)
					labelled++
				}
			}
			ticks = append(ticks, t)
		}
	}
	if labelled < 2 {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	return ticks
}

// niceTicks labels a linear axis at about six round values (1, 2 or 5
// times a power of ten apart), with unlabelled minor ticks between.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !finite(lo) || !finite(hi) {
		return nil // gonum's tick search never ends on NaN or infinite ranges
	}
	if !(span > 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := span / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minor := 10*mag, 5
	for _, m := range []struct {
		f     float64
		minor int
	}{{1, 5}, {2, 4}, {5, 5}} {
		if m.f*mag >= raw {
			step, minor = m.f*mag, m.minor
			break
		}
	}
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	sub := step / float64(minor)
	var ticks []plot.Tick
	for k := math.Ceil(lo/sub - 1e-9); k*sub <= hi+1e-9*span; k++ {
		v := k * sub
		if math.Abs(v) < 1e-12*span {
			v = 0
		}
		t := plot.Tick{Value: v}
		if int64(math.Round(k))%int64(minor) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// weeks formats hours as working weeks with at most one decimal.
func weeks(hours float64) string {
	return strconv.FormatFloat(math.Round(hours/hoursPerWeek*10)/10, 'f', -1, 64)
}

// verticalGrid and horizontalGrid are light grid lines at the major ticks
// of one axis.
func verticalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical = gridLine
	g.Horizontal.Color = nil
	return g
}

func horizontalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Horizontal = gridLine
	g.Vertical.Color = nil
	return g
}

// sweepFigUnits maps metric names (disruption metrics as <name>_d) to
// their units as experiment lists them.
var sweepFigUnits = func() map[string]string {
	m := map[string]string{}
	for _, x := range experiment.Metrics(1) {
		m[strings.TrimSuffix(x.Name, "1")] = x.Unit
	}
	return m
}()

// metricLabel names a metric with its unit for an axis or a colour bar:
// "latency_p95 (working hours)".
func metricLabel(metric string) string {
	u, ok := sweepFigUnits[metric]
	if !ok {
		base := strings.TrimRight(metric, "0123456789")
		if strings.HasSuffix(base, "_d") && len(base) < len(metric) {
			u, ok = sweepFigUnits[base]
		}
	}
	if !ok || u == "" {
		return metric
	}
	switch u {
	case "h":
		u = "working hours"
	case "%·h":
		u = "%·working hours"
	case "share":
		u = "share, 0–1"
	}
	return metric + " (" + u + ")"
}

// fitYLabels puts the unit of each panel's y label on a line of its own
// where the label is longer than height, about the height of the panel,
// so that the label does not squeeze the panel.
func fitYLabels(ps []*plot.Plot, height vg.Length) {
	for _, p := range ps {
		if p.Y.Label.TextStyle.Width(p.Y.Label.Text) > height {
			p.Y.Label.Text = strings.Replace(p.Y.Label.Text, " (", "\n(", 1)
		}
	}
}

// metricUnit is the unit part of metricLabel, with its parentheses, or "".
func metricUnit(metric string) string {
	return strings.TrimPrefix(metricLabel(metric), metric)
}

// sweepFigAxis is how one axis of the sweep is laid out on a figure: its
// distinct values in display order and where each goes.
type sweepFigAxis struct {
	key     string
	labels  []string  // the values as written in the file
	pos     []float64 // the position of each label: its number, or its rank
	numeric bool      // every value is a finite number; labels are in increasing order
	log     bool      // numeric, all positive and spanning more than a factor of 20
}

// newSweepFigAxis lays out the values vs (repeats allowed) of the axis key:
// by value when all are finite numbers, else in order of first appearance.
func newSweepFigAxis(key string, vs []string) sweepFigAxis {
	a := sweepFigAxis{key: key, numeric: len(vs) > 0}
	for _, v := range vs {
		if !slices.Contains(a.labels, v) {
			a.labels = append(a.labels, v)
		}
	}
	nums := make([]float64, len(a.labels))
	for i, l := range a.labels {
		x, err := strconv.ParseFloat(strings.TrimSpace(l), 64)
		if err != nil || !(math.Abs(x) <= maxLimit) {
			a.numeric = false
			break
		}
		nums[i] = x
	}
	if !a.numeric {
		a.pos = make([]float64, len(a.labels))
		for i := range a.pos {
			a.pos[i] = float64(i)
		}
		return a
	}
	idx := make([]int, len(a.labels))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(nums[i], nums[j]) })
	labels := make([]string, len(idx))
	a.pos = make([]float64, len(idx))
	for r, i := range idx {
		labels[r], a.pos[r] = a.labels[i], nums[i]
	}
	a.labels = labels
	lo, hi := a.pos[0], a.pos[len(a.pos)-1]
	a.log = lo > 0 && hi/lo > 20
	return a
}

// at returns the position of the value v, NaN if it is not on the axis.
func (a *sweepFigAxis) at(v string) float64 {
	if i := slices.Index(a.labels, v); i >= 0 {
		return a.pos[i]
	}
	return math.NaN()
}

// apply sets the plot axis pa to show a, whose panel's data area is about
// width wide: categories at 0, 1, … with their labels wrapped to fit, or
// numbers on a linear or logarithmic scale, ticked at the sweep's values
// when they are few and far enough apart.
func (a *sweepFigAxis) apply(pa *plot.Axis, width vg.Length) {
	pa.Label.Text = a.key
	if !a.numeric {
		names := make([]string, len(a.labels))
		cell := width / vg.Length(max(len(a.labels), 1))
		for i, l := range a.labels {
			names[i] = wrapLabel(l, pa.Tick.Label, cell-6)
		}
		nominal(pa, names)
		return
	}
	tr := func(x float64) float64 { return x }
	if a.log {
		tr = math.Log10
		pa.Scale = plot.LogScale{}
		pa.Tick.Marker = logTicks{}
	}
	lo, hi := tr(a.pos[0]), tr(a.pos[len(a.pos)-1])
	span := hi - lo
	if !(span > 0) {
		span = math.Max(math.Abs(lo), 1)
		if a.log {
			span = 1
		}
	}
	pad := 0.05 * span
	if hi == lo {
		pad = 0.5 * span
	}
	inv := func(x float64) float64 { return x }
	if a.log {
		inv = func(x float64) float64 { return math.Pow(10, x) }
	}
	pa.Min, pa.Max = inv(lo-pad), inv(hi+pad)

	// Tick at the sweep's own values when every gap between neighbours is
	// wide enough for their labels.
	if len(a.pos) > 10 {
		return
	}
	full := tr(pa.Max) - tr(pa.Min)
	for i := range a.pos {
		w := pa.Tick.Label.Width(a.labels[i])
		if i > 0 {
			gap := vg.Length((tr(a.pos[i]) - tr(a.pos[i-1])) / full * float64(width))
			wPrev := pa.Tick.Label.Width(a.labels[i-1])
			if gap < (w+wPrev)/2+12 {
				return
			}
		}
	}
	ticks := make(plot.ConstantTicks, len(a.pos))
	for i := range a.pos {
		ticks[i] = plot.Tick{Value: a.pos[i], Label: a.labels[i]}
	}
	pa.Tick.Marker = ticks
}

// wrapLabel breaks the label s after commas and spaces so that each line
// is at most width wide in style ts, where it can.
func wrapLabel(s string, ts draw.TextStyle, width vg.Length) string {
	if ts.Width(s) <= width {
		return s
	}
	// Split after each ", " or " " into pieces, then fill lines greedily.
	var pieces []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			pieces = append(pieces, s[start:i+1])
			start = i + 1
		}
	}
	pieces = append(pieces, s[start:])
	var lines []string
	cur := ""
	for _, p := range pieces {
		if cur != "" && ts.Width(strings.TrimRight(cur+p, " ")) > width {
			lines = append(lines, strings.TrimRight(cur, " "))
			cur = ""
		}
		cur += p
	}
	lines = append(lines, strings.TrimRight(cur, " "))
	return strings.Join(lines, "\n")
}

// maxLimit bounds every axis and colour scale, so that a range and its
// padding stay finite even for values near the largest float64.
const maxLimit = 1e300

// clampLimit returns x within ±maxLimit.
func clampLimit(x float64) float64 { return math.Max(-maxLimit, math.Min(maxLimit, x)) }

// yRange sets the y axes of ps to one range covering their finite data
// (and zero when withZero), with a little room above and below; with no
// finite data it writes a note in each panel instead.
func yRange(ps []*plot.Plot, withZero bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		if finite(p.Y.Min) && finite(p.Y.Max) {
			lo, hi = math.Min(lo, p.Y.Min), math.Max(hi, p.Y.Max)
		}
	}
	if !finite(lo) || !finite(hi) {
		for _, p := range ps {
			p.Add(panelMessage("no finite values"))
			p.Y.Min, p.Y.Max = 0, 1
		}
		return
	}
	if withZero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	lo, hi = clampLimit(lo), clampLimit(hi)
	span := hi - lo
	if !(span > 0) {
		span = math.Max(math.Abs(hi), 1)
		lo, hi = lo-span/2, hi+span/2
	}
	lo, hi = lo-0.06*span, hi+0.06*span
	for _, p := range ps {
		p.Y.Min, p.Y.Max = lo, hi
	}
}

// cellGrid is a grid of rows × cols panels of cells over two category axes
// (a heatmap's or a frontier's), the first column alone carrying the y
// axis; panels are padX and padY apart.
type cellGrid struct {
	rows, cols    int
	padX, padY    vg.Length
	cx, cy        sweepFigAxis // the axes as categories
	width, height vg.Length    // each panel's room for its data
	plots         [][]*plot.Plot
}

// newCellGrid lays out a cellGrid of rows × cols panels over area for the
// axes x and y: the y axis's labels (wrapped to a moderate width) take
// their room in the first column, and each panel gets an equal share of
// the rest.
func newCellGrid(area draw.Canvas, x, y sweepFigAxis, rows, cols int, padX, padY vg.Length) *cellGrid {
	g := &cellGrid{rows: rows, cols: cols, padX: padX, padY: padY, cx: x, cy: y}
	g.cx.numeric, g.cy.numeric = false, false
	probe := newPanel("", "", "")
	g.cy.apply(&probe.Y, 130*vg.Length(len(g.cy.labels)))
	yAxis := vg.Length(0)
	for _, t := range probe.Y.Tick.Marker.Ticks(probe.Y.Min, probe.Y.Max) {
		yAxis = max(yAxis, probe.Y.Tick.Label.Width(t.Label))
	}
	yAxis += probe.Y.Label.TextStyle.Height("M") + 24
	g.width = (area.Max.X-area.Min.X-yAxis-padX*vg.Length(cols-1))/vg.Length(cols) - 10
	g.height = (area.Max.Y-area.Min.Y-padY*vg.Length(rows-1))/vg.Length(rows) - 80
	g.plots = make([][]*plot.Plot, rows)
	for r := range g.plots {
		g.plots[r] = make([]*plot.Plot, cols)
	}
	return g
}

// axes gives panel p the grid's category axes.
func (g *cellGrid) axes(p *plot.Plot) {
	g.cx.apply(&p.X, g.width)
	g.cy.apply(&p.Y, 130*vg.Length(len(g.cy.labels)))
}

// bareY leaves panel p, the k-th of the grid, its y ticks without their
// labels and without the axis label when it is off the first column.
func (g *cellGrid) bareY(p *plot.Plot, k int) {
	if k%g.cols == 0 {
		return
	}
	p.Y.Label.Text = ""
	var bare plot.ConstantTicks
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		bare = append(bare, plot.Tick{Value: t.Value})
	}
	p.Y.Tick.Marker = bare
}

// fitYLabel shrinks panel p's y label (to 11 points at least) until it
// fits the panel's height: a vertical label longer than its panel would
// squeeze the panel.
func (g *cellGrid) fitYLabel(p *plot.Plot) {
	for sz := vg.Length(labelSize); sz > 11 && p.Y.Label.TextStyle.Width(p.Y.Label.Text) > g.height; sz-- {
		p.Y.Label.TextStyle.Font.Size = sz - 1
	}
}

// align places the grid's panels in area and returns their canvases, with
// the width and height of the smallest cell among the first n panels.
func (g *cellGrid) align(area draw.Canvas, n int, x, y sweepFigAxis) (cs [][]draw.Canvas, cellW, cellH vg.Length) {
	cs = plot.Align(g.plots, draw.Tiles{Rows: g.rows, Cols: g.cols, PadX: g.padX, PadY: g.padY}, area)
	cellW, cellH = vg.Length(math.Inf(1)), vg.Length(math.Inf(1))
	for k := range n {
		dc := g.plots[k/g.cols][k%g.cols].DataCanvas(cs[k/g.cols][k%g.cols])
		cellW = min(cellW, (dc.Max.X-dc.Min.X)/vg.Length(max(len(x.labels), 1)))
		cellH = min(cellH, (dc.Max.Y-dc.Min.Y)/vg.Length(max(len(y.labels), 1)))
	}
	return cs, cellW, cellH
}
