package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/scenarios"
)

// Sweep output files, besides the journal and the plan the sweep keeps.
const (
	SweepRunsFile    = "runs.csv"
	SweepSummaryFile = "summary.csv"
)

// sweepManifest is manifest.json of a sweep.
type sweepManifest struct {
	Sweep         string                 `json:"sweep"`
	SweepHash     string                 `json:"sweep_hash"`
	Model         string                 `json:"model"`
	Seed          uint64                 `json:"seed"`
	Design        string                 `json:"design"`
	Replications  int                    `json:"replications"`
	Precision     any                    `json:"precision,omitempty"`
	Axes          []string               `json:"axes"`
	AxisInfo      []experiment.PlanAxis  `json:"axis_info,omitempty"`
	Points        []experiment.PlanPoint `json:"points"`
	RepsPerPoint  []int                  `json:"replications_per_point"`
	Organisations []string               `json:"organisations"`
	Metrics       []manifestMetric       `json:"metrics"`
	Summarised    []string               `json:"summarised"`
	Ratios        []string               `json:"ratios,omitempty"`
	// Sensitivity is a study's design (method, settings, factors, seed).
	Sensitivity *scenarios.StudyDesign `json:"sensitivity,omitempty"`
	Version     string                 `json:"orgsim_version"`
	GoVersion   string                 `json:"go_version"`
	GOARCH      string                 `json:"goarch"`
}

// WriteSweep writes a finished sweep into dir: runs.csv (one row per point
// × replication × organisation, canonical order, a status column naming
// what stopped an unstable point), summary.csv (point × organisation ×
// metric means with 95 % intervals, and paired differences), manifest.json,
// command.txt and the sweep figures (see PlotSweep), drawn from the
// summary.csv bytes exactly as PlotSweep draws them. The folder is written
// as one transaction: every file goes to a temporary name first and all are
// renamed into place together, manifest.json last. The same result gives
// the same bytes, however it was computed (workers, shards, resumes).
func WriteSweep(dir string, r *experiment.SweepResult, meta Meta) error {
	runs, summary := sweepTables(r)
	man, err := sweepManifestJSON(r, meta)
	if err != nil {
		return err
	}
	figs, err := sweepFigureFiles(filepath.Join(dir, SweepSummaryFile), summary, planThresholds(r.Plan))
	if err != nil {
		return err
	}
	files := []namedFile{{SweepRunsFile, runs}, {SweepSummaryFile, summary}}
	files = append(files, figs...)
	files = append(files, namedFile{CommandFile, commandText(meta)}, namedFile{ManifestFile, man})
	return writeFolder(dir, files)
}

// sweepTables returns a finished sweep's runs.csv and summary.csv.
func sweepTables(r *experiment.SweepResult) (runs, summary []byte) {
	p := r.Plan
	// runs.csv
	header := []string{"point"}
	header = append(header, p.Axes...)
	header = append(header, "replication", "seed", "organisation", "status")
	for _, m := range p.Metrics {
		header = append(header, m.Name)
	}
	t := newTable(header)
	for _, run := range r.Runs {
		row := []string{strconv.Itoa(run.Point)}
		row = append(row, p.Points[run.Point].Values...)
		row = append(row, strconv.Itoa(run.Rep), strconv.FormatUint(run.Seed, 10), run.Organisation, run.Status)
		for _, v := range run.Values {
			row = append(row, num(v))
		}
		t.add(row...)
	}
	runs = t.bytes()
	// summary.csv
	header = []string{"point"}
	header = append(header, p.Axes...)
	header = append(header, "organisation", "metric", "statistic", "mean", "ci95_low", "ci95_high", "n")
	t = newTable(header)
	for _, s := range r.Summary {
		row := []string{strconv.Itoa(s.Point)}
		row = append(row, p.Points[s.Point].Values...)
		row = append(row, s.Organisation, s.Metric, s.Statistic, num(s.Mean), num(s.Low), num(s.High), strconv.Itoa(s.N))
		t.add(row...)
	}
	return runs, t.bytes()
}

// sweepManifestJSON returns a finished sweep's manifest.json: a study's
// carries its design.
func sweepManifestJSON(r *experiment.SweepResult, meta Meta) ([]byte, error) {
	p := r.Plan
	m := sweepManifest{
		Sweep: p.Name, SweepHash: p.Hash, Model: p.Model, Seed: p.Seed, Design: p.Design,
		Replications: p.Replications, Axes: p.Axes, AxisInfo: p.AxisInfo, Points: p.Points, RepsPerPoint: r.Reps,
		Organisations: p.Organisations, Summarised: p.Summarised, Ratios: p.Ratios, Sensitivity: p.Sensitivity,
		Version: meta.Version, GoVersion: meta.GoVersion, GOARCH: meta.GOARCH,
	}
	if p.Precision != nil {
		m.Precision = p.Precision
	}
	for _, x := range p.Metrics {
		m.Metrics = append(m.Metrics, manifestMetric{x.Name, x.Unit, x.Doc})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonSafe(m)); err != nil {
		return nil, fmt.Errorf("report: encoding %s: %w", ManifestFile, err)
	}
	return buf.Bytes(), nil
}

// commandText is command.txt: the command line, ending in a newline.
func commandText(meta Meta) []byte {
	cmd := meta.Command
	if !strings.HasSuffix(cmd, "\n") {
		cmd += "\n"
	}
	return []byte(cmd)
}
