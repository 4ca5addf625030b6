package report

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/orgsim/orgsim/experiment"
)

// PlotSweep reads the summary.csv of the sweep folder dir and draws the
// sweep's figures into dir, each as PNG (1280×720 pixels) and SVG, through
// temporary files renamed into place:
//
//   - sweep-<metric> for every metric of the file: with one axis, the
//     metric's mean per organisation against the axis value with its 95 %
//     band, and below it the paired differences with theirs; with two or
//     more axes, one panel per organisation with the first axis on x and
//     one line per value of the second axis.
//   - heatmap-<metric>, only with two or more axes: one heatmap per
//     organisation and one per paired difference over the first two axes,
//     each cell labelled with its value.
//
// With three or more axes, the figures hold every other axis at its value
// in the file's first row and say so. The same file always gives the same
// bytes. Errors name the file, and the line of a malformed row. A
// sensitivity study's folder (it has sensitivity.csv) gets its own figures
// instead ([PlotSensitivity]).
func PlotSweep(dir string) error {
	if dir == "" {
		return errors.New("report: PlotSweep needs a folder")
	}
	if _, err := os.Stat(filepath.Join(dir, SensitivityFile)); err == nil {
		return PlotSensitivity(dir)
	}
	path := filepath.Join(dir, SummaryFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var th map[string]*sweepThreshold
	if plan, err := experiment.ReadPlan(dir); err == nil {
		th = planThresholds(plan)
	}
	files, err := sweepFigureFiles(path, b, th)
	if err != nil {
		return err
	}
	return writeFolder(dir, files)
}

// planThresholds returns the thresholds of a plan's axes, by axis name.
func planThresholds(p *experiment.Plan) map[string]*sweepThreshold {
	m := map[string]*sweepThreshold{}
	for _, a := range p.AxisInfo {
		if a.Threshold != nil {
			m[a.Name] = &sweepThreshold{at: *a.Threshold, label: a.ThresholdLabel}
		}
	}
	return m
}

// sweepFigureFiles draws every figure of the sweep summary.csv whose bytes
// are summary and whose path, for error messages, is name; per metric in
// file order: sweep-<metric>.png and .svg, then heatmap-<metric>.png and
// .svg when the sweep has two or more axes.
func sweepFigureFiles(name string, summary []byte, thresholds map[string]*sweepThreshold) ([]namedFile, error) {
	d, err := parseSweepFig(name, summary)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	d.thresholds = thresholds
	type figure struct {
		name string
		draw func(metric string, c draw.Canvas)
	}
	figs := []figure{{"sweep-", d.linesFigure}}
	if len(d.axes) >= 2 {
		figs = append(figs, figure{"heatmap-", d.heatmapFigure})
	}
	var jobs []figureJob
	for _, m := range d.metrics {
		figs := figs
		if _, _, ok := d.frontierPair(m); ok && len(d.axes) >= 2 {
			figs = append(slices.Clone(figs), figure{"frontier-", d.frontierFigure})
		}
		for _, f := range figs {
			for _, ext := range figureFormats {
				jobs = append(jobs, figureJob{f.name + m + "." + ext, ext,
					func(c draw.Canvas) error { f.draw(m, c); return nil }})
			}
		}
	}
	return renderAll(jobs)
}

// Statistics of a sweep summary.csv.
const (
	sweepStatMean  = "mean"
	sweepStatDiff  = "paired_difference"
	sweepStatRatio = "paired_log_ratio"
)

// sweepFigTail is the header of a sweep summary.csv after its axis columns.
var sweepFigTail = []string{"organisation", "metric", "statistic", "mean", "ci95_low", "ci95_high", "n"}

// sweepFigData is a sweep summary.csv, parsed for drawing.
type sweepFigData struct {
	axes    []string        // axis keys, in column order
	points  []sweepFigPoint // in order of first appearance
	orgs    []string        // organisations of mean rows, in file order
	diffs   []string        // organisations ("A-B") of paired_difference rows, in file order
	ratios  []string        // organisations ("A/B") of paired_log_ratio rows, in file order
	metrics []string        // in file order
	cells   map[sweepFigKey]ci
	nmin    int // fewest and most replications of a mean row; nmax < 0 when none
	nmax    int
	// thresholds are the axes' thresholds, by axis name (from sweep.json).
	thresholds map[string]*sweepThreshold
}

// sweepFigPoint is one point of a sweep: its index and its value of each
// axis, as written in the file.
type sweepFigPoint struct {
	index  int
	values []string
}

// sweepFigKey identifies one row of a sweep summary.csv.
type sweepFigKey struct {
	point       int // the point's index
	org, metric string
	diff        bool // a paired_difference row
	ratio       bool // a paired_log_ratio row
}

// parseSweepFig parses the sweep summary.csv bytes b; errors name the file
// name and the line.
func parseSweepFig(name string, b []byte) (*sweepFigData, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file, want a header", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	k := len(header) - 1 - len(sweepFigTail)
	if k < 1 || header[0] != "point" || !slices.Equal(header[k+1:], sweepFigTail) {
		return nil, fmt.Errorf("%s:1: header is %q, want point, one column per axis, then %q",
			name, header, sweepFigTail)
	}
	d := &sweepFigData{axes: header[1 : k+1], cells: map[sweepFigKey]ci{}, nmin: math.MaxInt, nmax: -1}
	for i, a := range d.axes {
		if a == "" || slices.Contains(d.axes[:i], a) {
			return nil, fmt.Errorf("%s:1: axis column %d is empty or repeated: %q", name, i+1, a)
		}
	}
	points := map[int]int{} // point index → position in d.points
	for {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		r := &row{file: name, line: line, header: header, fields: rec}
		at := k + 1
		pt := r.int(0)
		org, metric, stat := r.str(at), r.str(at+1), r.str(at+2)
		v := r.ci(at + 3)
		n := r.int(at + 6)
		if r.err != nil {
			return nil, r.err
		}
		switch {
		case pt < 0:
			r.fail(0, fmt.Sprintf("%d is negative", pt))
		case org == "":
			r.fail(at, "empty")
		case !sweepFigFileSafe(metric):
			r.fail(at+1, fmt.Sprintf("%q is not a metric name (letters, digits, _ . -)", metric))
		case stat != sweepStatMean && stat != sweepStatDiff && stat != sweepStatRatio:
			r.fail(at+2, fmt.Sprintf("%q is not %s, %s or %s", stat, sweepStatMean, sweepStatDiff, sweepStatRatio))
		}
		if j, ok := points[pt]; ok {
			for a, want := range d.points[j].values {
				if rec[a+1] != want {
					r.fail(a+1, fmt.Sprintf("point %d is %q here but %q above", pt, rec[a+1], want))
				}
			}
		} else {
			points[pt] = len(d.points)
			d.points = append(d.points, sweepFigPoint{index: pt, values: slices.Clone(rec[1 : k+1])})
		}
		key := sweepFigKey{point: pt, org: org, metric: metric, diff: stat == sweepStatDiff, ratio: stat == sweepStatRatio}
		if _, dup := d.cells[key]; dup {
			r.fail(at, fmt.Sprintf("a second %s row of point %d, %s, %s", stat, pt, org, metric))
		}
		if r.err != nil {
			return nil, r.err
		}
		d.cells[key] = v
		if !slices.Contains(d.metrics, metric) {
			d.metrics = append(d.metrics, metric)
		}
		if key.diff {
			if !slices.Contains(d.diffs, org) {
				d.diffs = append(d.diffs, org)
			}
			continue
		}
		if key.ratio {
			if !slices.Contains(d.ratios, org) {
				d.ratios = append(d.ratios, org)
			}
			continue
		}
		if !slices.Contains(d.orgs, org) {
			d.orgs = append(d.orgs, org)
		}
		d.nmin, d.nmax = min(d.nmin, n), max(d.nmax, n)
	}
	return d, nil
}

// sweepFigFileSafe reports whether a metric name can be part of a file
// name: letters, digits, '_', '.' and '-', not starting with '.'.
func sweepFigFileSafe(s string) bool {
	if s == "" || s[0] == '.' {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '_' || r == '.' || r == '-'
		if !ok {
			return false
		}
	}
	return true
}

// value returns the row of key, NaN when the file has none.
func (d *sweepFigData) value(key sweepFigKey) ci {
	if v, ok := d.cells[key]; ok {
		return v
	}
	return ci{math.NaN(), math.NaN(), math.NaN()}
}

// replications describes the replication count of the mean rows for a
// subtitle: "20 replications", "up to 20 replications" or "replications".
func (d *sweepFigData) replications() string {
	switch {
	case d.nmax <= 0:
		return "replications"
	case d.nmax == 1 && d.nmin == 1:
		return "1 replication"
	case d.nmin == d.nmax:
		return strconv.Itoa(d.nmax) + " replications"
	}
	return "up to " + strconv.Itoa(d.nmax) + " replications"
}

// fixed returns the points whose every axis after the second has its
// value in the first point, and a phrase naming those values ("" with
// fewer than three axes).
func (d *sweepFigData) fixed() ([]sweepFigPoint, string) {
	if len(d.points) == 0 || len(d.axes) < 3 {
		return d.points, ""
	}
	first := d.points[0].values
	var out []sweepFigPoint
	for _, p := range d.points {
		if slices.Equal(p.values[2:], first[2:]) {
			out = append(out, p)
		}
	}
	var parts []string
	for a := 2; a < len(d.axes); a++ {
		parts = append(parts, d.axes[a]+" = "+first[a])
	}
	return out, "other axes fixed at their first value: " + strings.Join(parts, ", ")
}

// diffPartner returns the position in d.orgs of B in the paired
// difference name "A-B" (A the first organisation), or −1.
func (d *sweepFigData) diffPartner(diff string) int {
	if len(d.orgs) == 0 {
		return -1
	}
	for i, o := range d.orgs[1:] {
		if diff == d.orgs[0]+"-"+o {
			return i + 1
		}
	}
	return -1
}

// diffLabel writes the paired difference "A-B" as "A − B".
func (d *sweepFigData) diffLabel(diff string) string {
	if i := d.diffPartner(diff); i > 0 {
		return d.orgs[0] + " − " + d.orgs[i]
	}
	return diff
}

// diffStyle returns the colour index of a paired difference: that of its
// B, else one past the organisations.
func (d *sweepFigData) diffStyle(k int, diff string) int {
	if i := d.diffPartner(diff); i > 0 {
		return i
	}
	return len(d.orgs) + k
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
		bottom.Add(&refLines{horizontal: true, at: []float64{0}, style: draw.LineStyle{Color: ink, Width: 1.25}})
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

// Colour scales: viridis for means, and a colour-blind-safe diverging
// blue–white–orange for differences, centred on zero.
var (
	viridis = []color.NRGBA{
		{0x44, 0x01, 0x54, 0xff}, {0x47, 0x2d, 0x7b, 0xff}, {0x3b, 0x52, 0x8b, 0xff},
		{0x2c, 0x72, 0x8e, 0xff}, {0x21, 0x91, 0x8c, 0xff}, {0x28, 0xae, 0x80, 0xff},
		{0x5e, 0xc9, 0x62, 0xff}, {0xad, 0xdc, 0x30, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
	}
	blueOrange = []color.NRGBA{
		{0x21, 0x66, 0xac, 0xff}, {0x67, 0xa9, 0xcf, 0xff}, {0xd1, 0xe5, 0xf0, 0xff},
		{0xf7, 0xf7, 0xf7, 0xff},
		{0xfe, 0xe0, 0xb6, 0xff}, {0xf1, 0xa3, 0x40, 0xff}, {0xb3, 0x58, 0x06, 0xff},
	}
	noValue = color.NRGBA{R: 0xd9, G: 0xd9, B: 0xd9, A: 0xff}
)

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

// sig3 formats x rounded to three significant figures, without trailing
// zeros after the point and without an exponent from 0.001 up; "–" for
// NaN and "∞" for the infinities.
func sig3(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	case x == 0:
		return "0"
	}
	a := math.Abs(x)
	if a < 0.001 {
		return strings.Replace(strconv.FormatFloat(x, 'g', 3, 64), "-", "−", 1)
	}
	// Round to three significant figures first, so that 999.7 gives 1000.
	e := int(math.Floor(math.Log10(a)))
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', 2, 64), 64)
	if e2 := int(math.Floor(math.Log10(math.Abs(r)))); e2 > e {
		e = e2
	}
	s := strconv.FormatFloat(r, 'f', max(0, 2-e), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return strings.Replace(s, "-", "−", 1)
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
	gap := draw.LineStyle{Color: white, Width: 2}
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
	frameLine := draw.LineStyle{Color: rule, Width: 1}
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
	const padX, padY vg.Length = 24, 14
	cx, cy := x, y
	cx.numeric, cy.numeric = false, false
	probe := newPanel("", "", "")
	cy.apply(&probe.Y, 130*vg.Length(len(cy.labels)))
	yAxis := vg.Length(0)
	for _, t := range probe.Y.Tick.Marker.Ticks(probe.Y.Min, probe.Y.Max) {
		yAxis = max(yAxis, probe.Y.Tick.Label.Width(t.Label))
	}
	yAxis += probe.Y.Label.TextStyle.Height("M") + 24
	width := (area.Max.X-area.Min.X-yAxis-padX*vg.Length(cols-1))/vg.Length(cols) - 10
	height := (area.Max.Y-area.Min.Y-padY*vg.Length(rows-1))/vg.Length(rows) - 80
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
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
		cx.apply(&p.X, width)
		cy.apply(&p.Y, 130*vg.Length(len(cy.labels)))
		if k%cols != 0 {
			p.Y.Label.Text = ""
			var bare plot.ConstantTicks
			for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
				bare = append(bare, plot.Tick{Value: t.Value})
			}
			p.Y.Tick.Marker = bare
		}
		// A vertical label longer than its panel would squeeze the panel.
		for sz := vg.Length(labelSize); sz > 11 && p.Y.Label.TextStyle.Width(p.Y.Label.Text) > height; sz-- {
			p.Y.Label.TextStyle.Font.Size = sz - 1
		}
		p.X.Padding, p.Y.Padding = 2, 2
		plots[k/cols][k%cols] = p
	}

	cs := plot.Align(plots, draw.Tiles{Rows: rows, Cols: cols, PadX: padX, PadY: padY}, area)
	// One font size for the values of every panel: the largest that fits
	// the smallest cells.
	cellW, cellH := vg.Length(math.Inf(1)), vg.Length(math.Inf(1))
	for k := range ps {
		p := plots[k/cols][k%cols]
		dc := p.DataCanvas(cs[k/cols][k%cols])
		cellW = min(cellW, (dc.Max.X-dc.Min.X)/vg.Length(max(len(x.labels), 1)))
		cellH = min(cellH, (dc.Max.Y-dc.Min.Y)/vg.Length(max(len(y.labels), 1)))
	}
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
