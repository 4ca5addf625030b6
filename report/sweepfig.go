package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

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
					func(c draw.Canvas) error { f.draw(m, c); return nil }, formatCost[ext]})
			}
		}
	}
	return renderAll(jobs)
}
