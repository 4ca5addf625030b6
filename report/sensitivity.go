package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/internal/numtext"
)

// SensitivityFile is a study's table of indices.
const SensitivityFile = "sensitivity.csv"

// sensitivityHeader is the header of sensitivity.csv.
var sensitivityHeader = []string{"metric", "organisation", "statistic", "factor", "method", "index",
	"estimate", "se", "low", "high", "noise_floor", "above_noise"}

// WriteStudy writes a finished sensitivity study into dir, as one
// transaction (manifest.json last): the sweep's runs.csv and summary.csv of
// its points (see WriteSweep), sensitivity.csv (one row per output ×
// factor × index, the dummy's rows among them and its estimate beside every
// row), the figures drawn from sensitivity.csv's bytes (see
// PlotSensitivity), command.txt and manifest.json, which carries the
// design. Without indices (s nil: the analysis failed) it writes the runs
// and the summary, so that what failed can be read, and no sensitivity.csv
// or figures. The same result gives the same bytes, however it was
// computed (workers, shards, resumes).
func WriteStudy(dir string, r *experiment.SweepResult, s *experiment.StudyResult, meta Meta) error {
	runs, summary := sweepTables(r)
	man, err := sweepManifestJSON(r, meta)
	if err != nil {
		return err
	}
	files := []namedFile{{SweepRunsFile, runs}, {SweepSummaryFile, summary}}
	if s != nil {
		table := sensitivityTable(s)
		figs, err := studyFigureFiles(filepath.Join(dir, SensitivityFile), table, designText(r.Plan))
		if err != nil {
			return err
		}
		files = append(files, namedFile{SensitivityFile, table})
		files = append(files, figs...)
	}
	files = append(files, namedFile{CommandFile, commandText(meta)}, namedFile{ManifestFile, man})
	return writeFolder(dir, files)
}

// sensitivityTable writes a study's rows as sensitivity.csv.
func sensitivityTable(s *experiment.StudyResult) []byte {
	t := newTable(sensitivityHeader)
	for _, r := range s.Rows {
		t.add(r.Metric, r.Organisation, r.Statistic, r.Factor, r.Method, r.Index,
			num(r.Estimate), num(r.SE), num(r.Low), num(r.High), num(r.NoiseFloor), r.AboveNoise)
	}
	return t.bytes()
}

// PlotSensitivity redraws the figures of the study folder dir from its
// sensitivity.csv, and the design its sweep.json states; they are
// byte-identical to those WriteStudy made.
func PlotSensitivity(dir string) error {
	path := filepath.Join(dir, SensitivityFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	design := ""
	if plan, err := experiment.ReadPlan(dir); err == nil {
		design = designText(plan)
	}
	files, err := studyFigureFiles(path, b, design)
	if err != nil {
		return err
	}
	return writeFolder(dir, files)
}

// designText states a study's design for its figures: the method, its
// settings, the points and the replications; "" for a plan without one.
func designText(p *experiment.Plan) string {
	d := p.Sensitivity
	if d == nil {
		return ""
	}
	reps := fmt.Sprintf("%d points × %d replication(s)", len(p.Points), p.Replications)
	if d.Method == "morris" {
		spread := ""
		if d.Candidates > 0 {
			spread = fmt.Sprintf(" (kept from %d candidates for their spread)", d.Candidates)
		}
		return fmt.Sprintf("Morris: r = %d trajectories%s on p = %d levels, %s", d.Trajectories, spread, d.Levels, reps)
	}
	return fmt.Sprintf("Sobol': R = %d replicates of N = %d (%s), %s intervals, %s", d.Replicates, d.N, d.Sampling, percent(d.Level), reps)
}

// studyRow is one row of sensitivity.csv as the figures read it.
type studyRow struct {
	metric, output, statistic, factor, method, index string
	est, low, high, floor                            float64
}

// studyFig is sensitivity.csv parsed for drawing.
type studyFig struct {
	design  string // the design, stated in the subtitles ("" where unknown)
	rows    []studyRow
	metrics []string // in file order
	method  string
	factors []string // in file order, the dummy among them
}

// parseStudyFig reads the bytes of sensitivity.csv (name for messages).
func parseStudyFig(name string, b []byte) (*studyFig, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], sensitivityHeader) {
		return nil, fmt.Errorf("%s: not a sensitivity table (want the header %s)", name, strings.Join(sensitivityHeader, ","))
	}
	d := &studyFig{}
	for i, rec := range recs[1:] {
		r := studyRow{metric: rec[0], output: rec[1], statistic: rec[2], factor: rec[3], method: rec[4], index: rec[5]}
		for k, p := range []*float64{&r.est, &r.low, &r.high, &r.floor} {
			col := []int{6, 8, 9, 10}[k]
			if *p, err = parseNum(rec[col]); err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %v", name, i+2, sensitivityHeader[col], err)
			}
		}
		if d.method != "" && r.method != d.method {
			return nil, fmt.Errorf("%s:%d: method %q after %q (allowed: one method per study)", name, i+2, r.method, d.method)
		}
		d.method = r.method
		if !slices.Contains(d.metrics, r.metric) {
			d.metrics = append(d.metrics, r.metric)
		}
		if !slices.Contains(d.factors, r.factor) {
			d.factors = append(d.factors, r.factor)
		}
		d.rows = append(d.rows, r)
	}
	return d, nil
}

// parseNum reads a number as num writes it; empty is NaN.
func parseNum(s string) (float64, error) {
	x, ok := numtext.Parse(s)
	if !ok {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return x, nil
}

// withDesign puts the design's statement before a subtitle.
func (d *studyFig) withDesign(subtitle string) string {
	if d.design == "" {
		return subtitle
	}
	return d.design + "\n" + subtitle
}

// outputs lists the outputs of metric, in file order.
func (d *studyFig) outputs(metric string) []string {
	var out []string
	for _, r := range d.rows {
		if r.metric == metric && !slices.Contains(out, r.output) {
			out = append(out, r.output)
		}
	}
	return out
}

// get returns the row of (metric, output, factor, index).
func (d *studyFig) get(metric, output, factor, index string) (studyRow, bool) {
	for _, r := range d.rows {
		if r.metric == metric && r.output == output && r.factor == factor && r.index == index {
			return r, true
		}
	}
	return studyRow{}, false
}

// studyFigureFiles draws the figures of the sensitivity.csv whose bytes are
// b (its path name, for messages), per metric in file order:
// sensitivity-<metric> (each factor's index with its interval, one panel
// per output), and for a Morris study morris-<metric> (μ* against σ), each
// as PNG and SVG.
func studyFigureFiles(name string, b []byte, design string) ([]namedFile, error) {
	d, err := parseStudyFig(name, b)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	d.design = design
	type figure struct {
		prefix string
		draw   func(metric string, c draw.Canvas)
	}
	figs := []figure{{"sensitivity-", d.indexFigure}}
	if d.method == "morris" {
		figs = append(figs, figure{"morris-", d.morrisFigure})
	}
	var jobs []figureJob
	for _, m := range d.metrics {
		for _, f := range figs {
			for _, ext := range figureFormats {
				jobs = append(jobs, figureJob{f.prefix + m + "." + ext, ext,
					func(c draw.Canvas) error { f.draw(m, c); return nil }, formatCost[ext]})
			}
		}
	}
	return renderAll(jobs)
}

// outputTitle names an output on its panel: the organisation, or the
// log-ratio of a pair.
func outputTitle(output, statistic string) string {
	if statistic == experiment.StatPairedLogRatio {
		return "log(" + output + ")"
	}
	return output
}

// panelsGrid lays panels out in rows of at most three below the frame and
// draws them.
func panelsGrid(c draw.Canvas, panels []*plot.Plot) {
	cols := min(len(panels), 3)
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range panels {
		grid[i/cols][i%cols] = p
	}
	cs := plot.Align(grid, draw.Tiles{Rows: rows, Cols: cols, PadX: 24, PadY: 18}, c)
	for i, p := range panels {
		p.Draw(cs[i/cols][i%cols])
	}
}

// indexFigure draws, per output of metric, every factor's index with its
// interval as horizontal bars, the first factor on top and the dummy in
// grey, with the noise floor as a dashed line: μ* for Morris, the
// first-order and total indices side by side for Sobol'.
func (d *studyFig) indexFigure(metric string, c draw.Canvas) {
	outs := d.outputs(metric)
	morris := d.method == "morris"
	fr := frame{title: "Which factor drives " + metric + ": Sobol' indices"}
	if morris {
		fr.title = "Which factor drives " + metric + ": Morris μ*"
		fr.subtitle = "Mean absolute elementary effect μ* with its confidence interval, in the output's units per factor range (in log for\nlog-uniform factors); the dummy (grey) changes only the random numbers: its μ* (dashed) is the replication-noise floor"
		fr.legend = []legendEntry{
			{label: "μ*", thumbs: []plot.Thumbnailer{&bars{color: orgColour(0)}}},
			{label: "interval", thumbs: []plot.Thumbnailer{whiskerThumb{horizontal: true}}},
			{label: "dummy: noise floor", thumbs: []plot.Thumbnailer{&refLines{style: floorLine}}},
		}
	} else {
		fr.subtitle = "First-order and total indices, each a share of the output's variance, with its confidence interval over the replicates;\nthe dummy (grey) changes only the random numbers: its total index (dashed) is the share of the variance that is noise"
		fr.legend = []legendEntry{
			{label: "first-order S", thumbs: []plot.Thumbnailer{&bars{color: orgColour(0)}}},
			{label: "total S_T", thumbs: []plot.Thumbnailer{&bars{color: orgColour(1)}}},
			{label: "interval", thumbs: []plot.Thumbnailer{whiskerThumb{horizontal: true}}},
			{label: "dummy: noise floor", thumbs: []plot.Thumbnailer{&refLines{style: floorLine}}},
		}
	}
	fr.subtitle = d.withDesign(fr.subtitle)
	if len(outs) == 0 {
		messageFigure(c, fr.title, "sensitivity.csv has no rows of "+metric+" to draw.")
		return
	}
	n := len(d.factors)
	names := make([]string, n)
	for i, f := range d.factors {
		names[n-1-i] = f // the first factor on top
	}
	var panels []*plot.Plot
	for _, o := range outs {
		stat := ""
		p := newPanel("", "", "")
		p.Add(verticalGrid())
		indices := []string{experiment.IndexMuStar}
		if !morris {
			indices = []string{experiment.IndexFirst, experiment.IndexTotal}
		}
		floor := math.NaN()
		for k, ix := range indices {
			off, width := 0.0, 0.6
			if len(indices) == 2 {
				off, width = 0.19*float64(1-2*k), 0.36
			}
			for _, dummy := range []bool{false, true} {
				b := &bars{horizontal: true, width: width, color: orgColour(k)}
				if dummy {
					b.color = dummyColours[k]
				}
				for i, f := range d.factors {
					if (f == "dummy") != dummy {
						continue
					}
					r, ok := d.get(metric, o, f, ix)
					if !ok {
						continue
					}
					stat = r.statistic
					b.pos = append(b.pos, float64(n-1-i)+off)
					b.val, b.low, b.high = append(b.val, r.est), append(b.low, r.low), append(b.high, r.high)
					if finite(r.floor) && (morris || ix == experiment.IndexTotal) {
						floor = r.floor
					}
				}
				if len(b.pos) > 0 {
					p.Add(b)
				}
			}
		}
		if finite(floor) {
			p.Add(&refLines{at: []float64{floor}, style: floorLine})
		}
		p.Title.Text = outputTitle(o, stat)
		if len(panels) == 0 {
			nominal(&p.Y, names)
		} else {
			nominal(&p.Y, make([]string, n)) // the first panel names the factors
		}
		label := metricLabel(metric)
		if stat == experiment.StatPairedLogRatio {
			label = "log-ratio"
		}
		if morris {
			p.X.Label.Text = "μ* of " + label
		} else {
			p.X.Label.Text = "share of the variance"
		}
		panels = append(panels, p)
	}
	panelsGrid(fr.draw(c), panels)
}

// labelledDots marks points with glyphs, each in its colour and labelled
// with its name.
type labelledDots struct {
	xs, ys []float64
	names  []string
	colors []color.Color
}

// Plot draws the glyphs, then the labels.
func (l *labelledDots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ring := draw.GlyphStyle{Color: white, Radius: 7, Shape: draw.CircleGlyph{}}
	ts := sans(noteSize, false, ink)
	ts.YAlign = draw.YCenter
	for i := range l.xs {
		if !finite(l.xs[i]) || !finite(l.ys[i]) {
			continue
		}
		pt := vg.Point{X: trX(l.xs[i]), Y: trY(l.ys[i])}
		c.DrawGlyph(ring, pt)
		c.DrawGlyph(draw.GlyphStyle{Color: l.colors[i], Radius: 5, Shape: draw.CircleGlyph{}}, pt)
	}
	// Each label goes where it overlaps no label placed before it: right
	// of its dot, left, above or below, in that order of preference (the
	// first that fits the data area, else the right).
	var placed []vg.Rectangle
	for i := range l.xs {
		if !finite(l.xs[i]) || !finite(l.ys[i]) {
			continue
		}
		pt := vg.Point{X: trX(l.xs[i]), Y: trY(l.ys[i])}
		w, h := ts.Width(l.names[i]), ts.Height(l.names[i])
		box := func(at vg.Point) vg.Rectangle {
			return vg.Rectangle{Min: vg.Point{X: at.X, Y: at.Y - h/2}, Max: vg.Point{X: at.X + w, Y: at.Y + h/2}}
		}
		spots := []vg.Point{{X: pt.X + 9, Y: pt.Y}, {X: pt.X - 9 - w, Y: pt.Y}, {X: pt.X - w/2, Y: pt.Y + h}, {X: pt.X - w/2, Y: pt.Y - h}}
		at := spots[0]
		if at.X+w > c.Max.X {
			at = spots[1]
		}
		for _, s := range spots {
			b := box(s)
			inside := b.Min.X >= c.Min.X && b.Max.X <= c.Max.X && b.Min.Y >= c.Min.Y && b.Max.Y <= c.Max.Y
			if inside && !slices.ContainsFunc(placed, func(o vg.Rectangle) bool { return overlaps(o, b) }) {
				at = s
				break
			}
		}
		placed = append(placed, box(at))
		c.FillText(ts, at, l.names[i])
	}
}

// overlaps reports whether two rectangles share any area.
func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// DataRange is the extent of the points.
func (l *labelledDots) DataRange() (xmin, xmax, ymin, ymax float64) {
	return extent(l.xs, nil, l.ys, nil)
}

// morrisFigure draws, per output of metric, every factor's μ* against its
// σ, labelled, with the dummy's μ* as the noise floor.
func (d *studyFig) morrisFigure(metric string, c draw.Canvas) {
	outs := d.outputs(metric)
	fr := frame{
		title:    "Morris screen of " + metric + ": μ* against σ",
		subtitle: "Right: a larger effect; up: effects that vary with the other factors (interactions or non-linearity). In the output's units\nper factor range; the dummy (grey) changes only the random numbers: its μ* (dashed) is the replication-noise floor",
		legend: []legendEntry{
			{label: "factor", thumbs: []plot.Thumbnailer{&dots{color: orgColour(0)}}},
			{label: "dummy", thumbs: []plot.Thumbnailer{&dots{color: dummyColour}}},
			{label: "noise floor", thumbs: []plot.Thumbnailer{&refLines{style: floorLine}}},
		},
	}
	fr.subtitle = d.withDesign(fr.subtitle)
	if len(outs) == 0 {
		messageFigure(c, fr.title, "sensitivity.csv has no rows of "+metric+" to draw.")
		return
	}
	var panels []*plot.Plot
	for _, o := range outs {
		stat := ""
		pts := &labelledDots{}
		floor := math.NaN()
		xmax, ymax := 0.0, 0.0
		for _, f := range d.factors {
			ms, ok1 := d.get(metric, o, f, experiment.IndexMuStar)
			sg, ok2 := d.get(metric, o, f, experiment.IndexSigma)
			if !ok1 || !ok2 {
				continue
			}
			stat = ms.statistic
			clr := color.Color(orgColour(0))
			if f == "dummy" {
				clr = dummyColour
			}
			pts.xs, pts.ys, pts.names, pts.colors = append(pts.xs, ms.est), append(pts.ys, sg.est), append(pts.names, f), append(pts.colors, clr)
			if finite(ms.floor) {
				floor = ms.floor
			}
			if finite(ms.est) {
				xmax = math.Max(xmax, ms.est)
			}
			if finite(sg.est) {
				ymax = math.Max(ymax, sg.est)
			}
		}
		label := metricLabel(metric)
		if stat == experiment.StatPairedLogRatio {
			label = "log-ratio"
		}
		p := newPanel(outputTitle(o, stat), "μ* of "+label, "")
		if len(panels) == 0 {
			p.Y.Label.Text = "σ"
		}
		p.Add(verticalGrid(), horizontalGrid())
		if finite(floor) {
			p.Add(&refLines{at: []float64{floor}, style: floorLine})
		}
		p.Add(pts)
		// From 0, with room for the labels.
		p.X.Min, p.Y.Min = 0, 0
		p.X.Max, p.Y.Max = 1.25*xmax, 1.15*ymax
		if !(p.X.Max > 0) {
			p.X.Max = 1
		}
		if !(p.Y.Max > 0) {
			p.Y.Max = 1
		}
		panels = append(panels, p)
	}
	panelsGrid(fr.draw(c), panels)
}
