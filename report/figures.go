package report

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// Plot redraws every figure of the output folder dir from its CSV files
// alone and writes them into dir as PNG and SVG, all renamed into place
// together once drawn. A run folder's figures are drawn from runs.csv,
// summary.csv, timeseries.csv, units.csv, latency.csv and recovery.csv; a
// sweep folder's (its summary.csv starts with a point column) from its
// summary.csv, as [PlotSweep] does. The figures are byte-identical to those
// Write or WriteSweep made from the same tables. A folder without
// summary.csv gets an error that says what it holds instead.
func Plot(dir string) error {
	if dir == "" {
		return errors.New("report: Plot needs a folder")
	}
	sweep, err := isSweepSummary(filepath.Join(dir, SummaryFile))
	if err != nil {
		return noSummary(dir, err)
	}
	if !sweep {
		// A sweep's folder whose summary.csv is damaged is reported as a
		// sweep's, not read as a run's.
		if f, err := Inspect(dir); err == nil && f.Kind == SweepFolder {
			sweep = true
		}
	}
	if sweep {
		return PlotSweep(dir)
	}
	d, err := parseData(dir, func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, name))
	})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	figs, err := drawFigures(d)
	if err != nil {
		return err
	}
	var list []namedFile
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			name := f + "." + ext
			list = append(list, namedFile{name, figs[name]})
		}
	}
	return writeFolder(dir, list)
}

// figureFuncs draws each figure by name.
var figureFuncs = map[string]func(*data, draw.Canvas) error{
	"latency":     latencyFigure,
	"timeline":    timelineFigure,
	"resilience":  resilienceFigure,
	"bottlenecks": bottlenecksFigure,
	"leadership":  leadershipFigure,
}

// figureCost ranks the run figures' files by what they cost to draw, for
// [renderAll] to start the costliest first: measured on a 200,000-issue
// run, a PNG costs 30 to 120 ms (rasterising and encoding 1280 × 720
// pixels) and an SVG under 1 ms, except the SVGs of the two figures with
// long time series (15 to 35 ms).
var figureCost = map[string]int{
	"timeline.png": 120, "leadership.png": 110, "bottlenecks.png": 75,
	"latency.png": 65, "resilience.png": 35,
	"leadership.svg": 35, "timeline.svg": 15, "bottlenecks.svg": 3, "latency.svg": 1,
}

// formatCost ranks a file's format by what it costs to draw, where
// nothing finer is known: rasterising and encoding a PNG costs tens of
// milliseconds, writing an SVG of a figure without long series about one.
var formatCost = map[string]int{"png": 2, "svg": 1}

// drawFigures draws every figure of d in every format, keyed by file name.
func drawFigures(d *data) (map[string][]byte, error) {
	var jobs []figureJob
	for _, f := range figureNames {
		fig := figureFuncs[f]
		for _, ext := range figureFormats {
			name := f + "." + ext
			jobs = append(jobs, figureJob{name, ext, func(c draw.Canvas) error { return fig(d, c) }, figureCost[name]})
		}
	}
	files, err := renderAll(jobs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		out[f.name] = f.data
	}
	return out, nil
}

// replications describes the replication count for a subtitle: "20
// replications", or "replications" when organisations differ or none is
// known.
func (d *data) replications() string {
	n := -1
	for _, org := range d.orgs {
		r := d.reps[org]
		if n >= 0 && r != n {
			return "replications"
		}
		n = r
	}
	switch n {
	case -1, 0:
		return "replications"
	case 1:
		return "1 replication"
	}
	return strconv.Itoa(n) + " replications"
}

// latencyFigure draws each organisation's latency distribution (class
// "all" of latency.csv) as the share of issues decided within x, on a
// logarithmic time axis, with p50 and p95 marked.
func latencyFigure(d *data, c draw.Canvas) error {
	const title = "Decision latency: how long until an issue is decided"
	fr := frame{
		title: title,
		subtitle: "Share of issues decided within x working hours, pooled over " +
			d.replications() + "; dots: median (p50) and p95",
	}
	p := newPanel("", "latency (working hours, log scale)", "issues decided within x (%)")
	p.Add(&refLines{horizontal: true, at: []float64{50, 95}, labels: []string{"p50", "p95"},
		style: guideLine})
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for i, org := range d.orgs {
		var ps, ls []float64
		for _, r := range d.latency {
			if r.org == org && r.class == "all" && finite(r.p) && finite(r.latency) && r.latency > 0 {
				ps = append(ps, r.p)
				ls = append(ls, r.latency)
			}
		}
		if len(ls) == 0 {
			continue
		}
		ys := make([]float64, len(ps))
		for j, v := range ps {
			ys[j] = 100 * v
		}
		x0, x1, _, _ := extent(ls, nil, nil, nil)
		xmin, xmax = math.Min(xmin, x0), math.Max(xmax, x1)
		line := &curve{xs: ls, ys: ys, style: orgLine(i)}
		q50, q95 := quantileAt(ps, ls, 0.5), quantileAt(ps, ls, 0.95)
		p.Add(line, &dots{xs: []float64{q50, q95}, ys: []float64{50, 95}, color: orgColour(i)})
		fr.legend = append(fr.legend, legendEntry{
			label:  fmt.Sprintf("%s: p50 %s h, p95 %s h", org, short(q50), short(q95)),
			thumbs: []plot.Thumbnailer{line},
		})
	}
	if len(fr.legend) == 0 {
		messageFigure(c, title, "latency.csv has no quantiles of class \"all\" to draw.")
		return nil
	}
	if xmin == xmax {
		xmin, xmax = xmin/2, xmax*2
	}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logTicks{}
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 25, Label: "25"},
		{Value: 50, Label: "50"}, {Value: 75, Label: "75"}, {Value: 100, Label: "100"}}
	p.Add(verticalGrid(), horizontalGrid())
	p.Draw(fr.draw(c))
	return nil
}

// quantileAt returns the latency at probability level q, interpolating
// linearly between the tabulated levels ps (increasing); NaN outside them.
func quantileAt(ps, ls []float64, q float64) float64 {
	for j := range ps {
		if ps[j] == q {
			return ls[j]
		}
		if j > 0 && ps[j-1] < q && q < ps[j] {
			f := (q - ps[j-1]) / (ps[j] - ps[j-1])
			return ls[j-1] + f*(ls[j]-ls[j-1])
		}
	}
	return math.NaN()
}

// disruptions returns the distinct disruptions of recovery.csv in index
// order.
func (d *data) disruptions() []recoveryRec {
	var out []recoveryRec
	for _, r := range d.recovery {
		if !slices.ContainsFunc(out, func(x recoveryRec) bool { return x.disruption == r.disruption }) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b recoveryRec) int { return cmp.Compare(a.disruption, b.disruption) })
	return out
}

// timelineFigure draws the p95 latency signal (top) and the backlog
// (bottom) of every organisation over time in working weeks, each mean with
// its 95 % band over replications, and marks the disruptions.
func timelineFigure(d *data, c draw.Canvas) error {
	const title = "Latency signal and backlog over time"
	if len(d.series) == 0 {
		messageFigure(c, title, "timeseries.csv has no rows to draw.")
		return nil
	}
	fr := frame{
		title:    title,
		subtitle: "Mean over " + d.replications() + " with its 95 % confidence band",
	}
	top := newPanel("", "", "p95 latency (working hours)")
	bottom := newPanel("", "time (working weeks)", "backlog (open issues)")
	top.Add(verticalGrid(), horizontalGrid())
	bottom.Add(verticalGrid(), horizontalGrid())
	for i, org := range d.orgs {
		var ts []float64
		var p95, backlog []ci
		for _, s := range d.series {
			if s.org == org {
				ts = append(ts, s.t/hoursPerWeek)
				p95 = append(p95, s.p95)
				backlog = append(backlog, s.backlog)
			}
		}
		if len(ts) == 0 {
			continue
		}
		var line *curve
		for _, pp := range []struct {
			p *plot.Plot
			v []ci
		}{{top, p95}, {bottom, backlog}} {
			m, lo, hi := split(pp.v)
			b := &band{xs: ts, low: lo, high: hi, color: orgTint(i)}
			line = &curve{xs: ts, ys: m, style: orgLine(i)}
			pp.p.Add(b, line)
		}
		fr.legend = append(fr.legend, legendEntry{label: org,
			thumbs: []plot.Thumbnailer{&band{color: orgTint(i)}, line}})
	}
	marked := markDisruptions(d, &fr, top, bottom)
	// Both panels share the time axis; y starts at zero with room on top
	// for the disruption labels.
	xmin, xmax := math.Min(top.X.Min, bottom.X.Min), math.Max(top.X.Max, bottom.X.Max)
	if xmin >= 0 {
		xmin = 0
	}
	for k, p := range []*plot.Plot{top, bottom} {
		p.X.Min, p.X.Max = xmin, xmax
		p.Y.Min = 0
		if p.Y.Max > 0 && !math.IsInf(p.Y.Max, 0) {
			head := 1.05
			if k == 0 && marked {
				head = 1.22
			}
			p.Y.Max *= head
		}
	}
	pc := fr.draw(c)
	cs := plot.Align([][]*plot.Plot{{top}, {bottom}}, draw.Tiles{Rows: 2, Cols: 1, PadY: 14}, pc)
	top.Draw(cs[0][0])
	bottom.Draw(cs[1][0])
	return nil
}

// split returns the means, lows and highs of v.
func split(v []ci) (mean, low, high []float64) {
	mean, low, high = make([]float64, len(v)), make([]float64, len(v)), make([]float64, len(v))
	for i, x := range v {
		mean[i], low[i], high[i] = x.mean, x.low, x.high
	}
	return
}

// resilienceFigure draws, per disruption and organisation, the recovery
// time (Kaplan–Meier median, with the censored share noted and the mean's
// interval) and the resilience loss with its 95 % interval, both in
// working days.
func resilienceFigure(d *data, c draw.Canvas) error {
	const title = "Resilience: recovery time and resilience loss per disruption"
	dis := d.disruptions()
	if len(dis) == 0 {
		messageFigure(c, title, "This scenario has no disruption, so there is no recovery to show.\n"+
			"Add a [[disruption]] to the scenario to measure resilience.")
		return nil
	}
	fr := frame{
		title: title,
		subtitle: "Median recovery time (Kaplan–Meier) and mean resilience loss over " + d.replications() +
			"; labels: share censored",
	}
	cats := make([]string, len(dis))
	for k, r := range dis {
		cats[k] = "d" + strconv.Itoa(r.disruption) + " " + r.kind + "\nweek " + weeks(r.at)
	}
	rec := newPanel("Recovery time", "", "working days")
	loss := newPanel("Resilience loss", "", "%·working days")
	rec.Add(horizontalGrid())
	loss.Add(horizontalGrid())
	n := len(d.orgs)
	width := 0.8 / float64(max(n, 1))
	anyLoss, anyOpen := false, false
	for i, org := range d.orgs {
		off := (float64(i) - float64(n-1)/2) * width
		rb := &bars{width: width * 0.92, color: orgColour(i)}
		lb := &bars{width: width * 0.92, color: orgColour(i)}
		for k, x := range dis {
			pos := float64(k) + off
			r, ok := d.recoveryOf(org, x.disruption)
			km, m, note, open := math.NaN(), ci{math.NaN(), math.NaN(), math.NaN()}, "", false
			if ok {
				m = ci{r.mean.mean / hoursPerDay, r.mean.low / hoursPerDay, r.mean.high / hoursPerDay}
				switch {
				case math.IsInf(r.kmMedian, 1):
					// No median: an open bar up to the mean, a lower bound.
					km, open = m.mean, true
					note = "not recovered\n" + percent(r.censored) + " cens."
					anyOpen = true
				case finite(r.kmMedian):
					km = r.kmMedian / hoursPerDay
					if r.censored > 0 {
						note = percent(r.censored) + "\ncens."
					}
				}
			}
			rb.pos = append(rb.pos, pos)
			rb.val = append(rb.val, km)
			rb.open = append(rb.open, open)
			rb.low = append(rb.low, m.low)
			rb.high = append(rb.high, m.high)
			rb.mid = append(rb.mid, m.mean)
			rb.notes = append(rb.notes, note)

			l := d.summaryOf(org, ResilienceLossMetric(x.disruption))
			anyLoss = anyLoss || finite(l.mean)
			lb.pos = append(lb.pos, pos)
			lb.val = append(lb.val, l.mean/hoursPerDay)
			lb.low = append(lb.low, l.low/hoursPerDay)
			lb.high = append(lb.high, l.high/hoursPerDay)
		}
		rec.Add(rb)
		loss.Add(lb)
		fr.legend = append(fr.legend, legendEntry{label: org, thumbs: []plot.Thumbnailer{rb}})
	}
	fr.legend = append(fr.legend, legendEntry{
		label:  "mean, 95 % CI (recovery: censored runs count as recovered)",
		thumbs: []plot.Thumbnailer{whiskerThumb{}},
	})
	if anyOpen {
		fr.legend = append(fr.legend, legendEntry{
			label:  "no median: most runs not recovered; the bar is the mean, a lower bound",
			thumbs: []plot.Thumbnailer{openBarThumb{color: ink}},
		})
	}
	for _, p := range []*plot.Plot{rec, loss} {
		nominal(&p.X, cats)
		p.Y.Min = 0
		if !(p.Y.Max > 0) || math.IsInf(p.Y.Max, 0) {
			p.Y.Max = 1
		}
		p.Y.Max *= 1.25
	}
	if !anyLoss {
		loss.Add(panelMessage("summary.csv has no " + ResilienceLossMetric(dis[0].disruption) + " or its like"))
	}
	pc := fr.draw(c)
	cs := plot.Align([][]*plot.Plot{{rec, loss}}, draw.Tiles{Rows: 1, Cols: 2, PadX: 30}, pc)
	rec.Draw(cs[0][0])
	loss.Draw(cs[0][1])
	return nil
}

// recoveryOf returns the recovery.csv row of organisation org and
// disruption k.
func (d *data) recoveryOf(org string, k int) (recoveryRec, bool) {
	for _, r := range d.recovery {
		if r.org == org && r.disruption == k {
			return r, true
		}
	}
	return recoveryRec{}, false
}

// summaryOf returns organisation org's summary of metric, NaN if absent.
func (d *data) summaryOf(org, metric string) ci {
	for _, s := range d.summary {
		if s.org == org && s.metric == metric {
			return s.v
		}
	}
	return ci{math.NaN(), math.NaN(), math.NaN()}
}

// topUnits is how many of each organisation's most utilised units the
// bottleneck figure shows.
const topUnits = 10

// bottlenecksFigure draws, for each organisation side by side, the
// utilisation of its most utilised units as horizontal bars with their
// 95 % intervals, against lines at 80 % and 100 %; where the folder has
// structure.csv, beside each organisation's panel the same units' static
// load on the routes (routesPanel).
func bottlenecksFigure(d *data, c draw.Canvas) error {
	title := "Bottlenecks: the most utilised units"
	if len(d.routes) > 0 {
		title = "Bottlenecks: the most utilised units, and the routes through them"
	}
	if len(d.units) == 0 || len(d.orgs) == 0 {
		messageFigure(c, title, "units.csv has no rows to draw.")
		return nil
	}
	limit := markLine
	fr := frame{
		title: title,
		subtitle: fmt.Sprintf("Mean share of time busy over %s, top %d units per organisation",
			d.replications(), topUnits),
		legend: []legendEntry{
			{label: "95 % CI", thumbs: []plot.Thumbnailer{whiskerThumb{horizontal: true}}},
			{label: "80 % and 100 % utilisation", thumbs: []plot.Thumbnailer{&refLines{style: limit}}},
		},
	}
	if len(d.routes) > 0 {
		fr.subtitle += "; beside it, the share of issues whose route needs the unit"
		fr.legend = append(fr.legend, routesLegend()...)
	}
	var panels, routes []*plot.Plot
	xmax, rmax := 100.0, 0.0
	for i, org := range d.orgs {
		var us []unitRec
		for _, u := range d.units {
			if u.org == org {
				us = append(us, u)
			}
		}
		// Most utilised first; undefined last; ties keep file order.
		slices.SortStableFunc(us, func(a, b unitRec) int {
			x, y := a.util.mean, b.util.mean
			switch {
			case math.IsNaN(x) && math.IsNaN(y):
				return 0
			case math.IsNaN(x):
				return 1
			case math.IsNaN(y):
				return -1
			}
			return cmp.Compare(y, x)
		})
		us = us[:min(len(us), topUnits)]
		p := newPanel(org, "utilisation (%)", "")
		p.Title.TextStyle.Color = orgColour(i)
		p.Add(verticalGrid())
		if len(d.routes) > 0 {
			rp, m := d.routesPanel(i, org, us)
			routes = append(routes, rp)
			rmax = math.Max(rmax, m)
		}
		if len(us) == 0 {
			p.Add(panelMessage("no units"))
			p.HideY()
			panels = append(panels, p)
			continue
		}
		// The most utilised unit goes on top: category k counts from the bottom.
		k := len(us)
		names := make([]string, k)
		b := &bars{horizontal: true, width: 0.7, color: orgColour(i)}
		for j, u := range us {
			names[k-1-j] = unitLabel(u)
		}
		for j := range k {
			u := us[k-1-j]
			b.pos = append(b.pos, float64(j))
			b.val = append(b.val, 100*u.util.mean)
			b.low = append(b.low, 100*u.util.low)
			b.high = append(b.high, 100*u.util.high)
			b.notes = append(b.notes, strconv.FormatFloat(100*u.util.mean, 'f', 0, 64))
			for _, x := range []float64{u.util.mean, u.util.high} {
				if finite(x) {
					xmax = math.Max(xmax, 100*x)
				}
			}
		}
		p.Add(&refLines{at: []float64{80, 100}, style: limit}, b)
		nominal(&p.Y, names)
		// Keep rows the same height in every panel.
		p.Y.Min, p.Y.Max = float64(k)-topUnits-0.5, float64(k)-0.5
		panels = append(panels, p)
	}
	for _, p := range panels {
		p.X.Min, p.X.Max = 0, xmax*1.16
	}
	if len(routes) > 0 {
		// Each organisation's routes beside its utilisation, on one scale.
		var all []*plot.Plot
		for i, p := range panels {
			routes[i].X.Min, routes[i].X.Max = 0, routesMax(rmax)
			all = append(all, p, routes[i])
		}
		panels = all
	}
	pc := fr.draw(c)
	cs := plot.Align([][]*plot.Plot{panels}, draw.Tiles{Rows: 1, Cols: len(panels), PadX: 24}, pc)
	for i, p := range panels {
		p.Draw(cs[0][i])
	}
	return nil
}

// unitLabel names a unit in the bottleneck figure: its id and its role.
func unitLabel(u unitRec) string {
	if u.role == "" || u.role == u.unit {
		return u.unit
	}
	return u.unit + " (" + u.role + ")"
}

// noSummary explains why a folder without a readable summary.csv cannot be
// plotted, naming what it holds.
func noSummary(dir string, err error) error {
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("report: %w", err)
	}
	f, ierr := Inspect(dir)
	switch {
	case ierr != nil:
		return ierr
	case f.Kind == ShardFolder:
		return fmt.Errorf("%s holds %s: a shard has no results of its own; merge the shards first (orgsim merge -out DIR SHARD…) and plot the merged folder", dir, f.Describe())
	case f.Kind == SweepFolder:
		return fmt.Errorf("%s holds %s: finish it first (orgsim sweep … -resume -out %s)", dir, f.Describe(), dir)
	case f.Kind == Empty:
		return fmt.Errorf("%s holds no results to plot: no %s (want a folder written by orgsim run, orgsim sweep or orgsim merge)", dir, SummaryFile)
	}
	return fmt.Errorf("%s holds no results to plot: %s is missing", dir, filepath.Join(dir, SummaryFile))
}

// markDisruptions draws a line in week units at each disruption of d across
// the time panels, labelled in the first, and adds it to fr's legend; a run
// without disruptions gets neither. It reports whether there were any.
func markDisruptions(d *data, fr *frame, labelled *plot.Plot, others ...*plot.Plot) bool {
	var at []float64
	var labels []string
	for _, r := range d.disruptions() {
		at = append(at, r.at/hoursPerWeek)
		labels = append(labels, r.kind)
	}
	if len(at) == 0 {
		return false
	}
	labelled.Add(&refLines{at: at, labels: labels, style: markLine})
	for _, p := range others {
		p.Add(&refLines{at: at, style: markLine})
	}
	fr.legend = append(fr.legend, legendEntry{label: "disruption", thumbs: []plot.Thumbnailer{&refLines{style: markLine}}})
	return true
}
