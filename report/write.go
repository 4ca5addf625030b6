package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/internal/numtext"
	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/structure"
)

// Meta says how an outcome was produced. Write records it in manifest.json
// and command.txt; it changes nothing else in the folder.
type Meta struct {
	Command      string // the command line, written to command.txt
	Version      string // orgsim's version
	GoVersion    string // the Go toolchain that built orgsim, e.g. runtime.Version()
	GOARCH       string // the architecture it ran on, e.g. runtime.GOARCH
	ScenarioHash string // the hash of the resolved scenario
	Scenario     any    // the resolved scenario, marshalled as JSON into manifest.json
}

// OutputSchema numbers the layout of an output folder's files (their names
// and columns); it changes whenever a file or a column is added, removed or
// renamed, and manifest.json records it beside the model version, which
// changes whenever the numbers a scenario and seed give change.
// CHANGELOG.md records both.
const OutputSchema = 4

// Names of the files in an output folder.
const (
	RunsFile       = "runs.csv"
	SummaryFile    = "summary.csv"
	TimeseriesFile = "timeseries.csv"
	UnitsFile      = "units.csv"
	LatencyFile    = "latency.csv"
	RecoveryFile   = "recovery.csv"
	ExpectFile     = "expectations.csv"
	StructureFile  = structure.File
	ManifestFile   = "manifest.json"
	CommandFile    = "command.txt"
)

// figureNames are the figures, without extension; each is written as
// name.png and name.svg.
var figureNames = []string{"latency", "timeline", "resilience", "bottlenecks", "leadership"}

// figureFormats are the file formats of every figure, in writing order.
var figureFormats = []string{"png", "svg"}

// Files returns the names of every file Write puts in a folder, in the
// order manifest.json lists them.
func Files() []string {
	names := []string{RunsFile, SummaryFile, TimeseriesFile, UnitsFile, LatencyFile, RecoveryFile, ExpectFile, StructureFile}
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			names = append(names, f+"."+ext)
		}
	}
	return append(names, HeadlineFile, CommandFile, ManifestFile)
}

// Fixed CSV headers; runs.csv adds one column per metric to runsHeader.
var (
	runsHeader       = []string{"organisation", "replication", "seed"}
	summaryHeader    = []string{"organisation", "metric", "mean", "ci95_low", "ci95_high", "n"}
	timeseriesHeader = []string{"organisation", "t_hours",
		"backlog_mean", "backlog_low", "backlog_high",
		"p95_mean", "p95_low", "p95_high",
		"quality_mean", "quality_low", "quality_high",
		"capability_team_mean", "capability_team_low", "capability_team_high",
		"capability_middle_mean", "capability_middle_low", "capability_middle_high",
		"capability_top_mean", "capability_top_low", "capability_top_high",
		"decided_team_share_mean", "decided_middle_share_mean", "decided_top_share_mean"}
	unitsHeader = []string{"organisation", "unit", "role", "depth",
		"utilisation_mean", "utilisation_low", "utilisation_high", "mean_queue", "peak_queue",
		"tier", "decided_mean", "escalated_mean", "advised_mean"}
	latencyHeader  = []string{"organisation", "class", "p", "latency_hours"}
	recoveryHeader = []string{"organisation", "disruption", "kind", "at_hours",
		"censored_share", "km_median_hours", "mean", "low", "high"}
	expectHeader = []string{"claim", "metric", "organisation", "statistic", "direction", "min_effect", "threshold",
		"range_low", "range_high", "confidence", "estimate", "low", "high", "n", "verdict"}
)

// RatioSuffix ends the metric name of a paired ratio in summary.csv, whose
// organisation field is "A/B"; DifferenceSuffix that of a paired
// difference, whose organisation field is "A-B". Each metric has one of
// the two, by its scale.
const (
	RatioSuffix      = "_ratio"
	DifferenceSuffix = "_difference"
)

// ResilienceLossMetric is the name, in runs.csv and summary.csv, of the
// resilience loss (%·h) from disruption number n (1 for the scenario's
// first, as recovery.csv numbers them). The resilience figure looks the
// loss up by this name.
func ResilienceLossMetric(n int) string { return "resilience_loss_d" + strconv.Itoa(n) }

// Write writes the outcome o into the folder dir, creating it if needed:
// the CSV tables, the figures (drawn from those tables exactly as Plot
// draws them), command.txt and manifest.json. Existing files of the same
// names are replaced; other files are left alone.
//
// Every file is written to a temporary file in dir and renamed into place
// once all of them are written, manifest.json last. If dir cannot be
// created or a file cannot be written, Write returns an error naming the
// path, removes its temporary files and any folders it created, and leaves
// the folder as it was. Only a rename failing part-way can leave some files
// replaced and others not, and never a half-written one. The same outcome
// and meta always give the same bytes.
func Write(dir string, o *experiment.Outcome, meta Meta) error {
	if o == nil {
		return errors.New("report: Write needs an outcome, got nil")
	}
	if dir == "" {
		return errors.New("report: Write needs a folder")
	}
	files, err := tables(o)
	if err != nil {
		return err
	}
	// The figures are drawn from the tables as read back, so that Plot
	// redraws them byte for byte. timeseries.csv, the longest by far, is
	// written while they are drawn: its rows read back as they are.
	series := make(chan []byte, 1)
	go func() { series <- timeseriesCSV(o.Series) }()
	rows := seriesRecords(o.Series)
	var figs map[string][]byte
	d, err := parseTables(dir, func(name string) ([]byte, error) { return files[name], nil }, &rows)
	if err != nil {
		err = fmt.Errorf("report: reading back the tables made for %s: %w", dir, err)
	} else {
		figs, err = drawFigures(d)
	}
	files[TimeseriesFile] = <-series
	if err != nil {
		return err
	}
	if files[TimeseriesFile] == nil {
		return fmt.Errorf("report: cannot encode %s", TimeseriesFile)
	}
	for k, v := range figs {
		files[k] = v
	}
	cmd := meta.Command
	if !strings.HasSuffix(cmd, "\n") {
		cmd += "\n"
	}
	files[CommandFile] = []byte(cmd)
	man, err := manifestJSON(o, meta)
	if err != nil {
		return err
	}
	files[ManifestFile] = man

	names := Files()
	list := make([]namedFile, len(names))
	for i, n := range names {
		list[i] = namedFile{n, files[n]}
	}
	return writeFolder(dir, list)
}

// timeseriesCSV is timeseries.csv: the time series pts, a row a point.
func timeseriesCSV(pts []experiment.SeriesPoint) []byte {
	t := newTable(timeseriesHeader)
	row := make([]string, 0, len(timeseriesHeader))
	for _, s := range pts {
		row = append(row[:0], s.Organisation, num(s.T),
			num(s.Backlog.Mean), num(s.Backlog.Low), num(s.Backlog.High),
			num(s.P95.Mean), num(s.P95.Low), num(s.P95.High),
			num(s.Quality.Mean), num(s.Quality.Low), num(s.Quality.High))
		for _, c := range s.Capability {
			row = append(row, num(c.Mean), num(c.Low), num(c.High))
		}
		for _, d := range s.DecidedShare {
			row = append(row, num(d.Mean))
		}
		t.add(row...)
	}
	return t.bytes()
}

// tables builds the CSV files of o but timeseries.csv (see
// [timeseriesCSV]), and its headline, keyed by file name.
func tables(o *experiment.Outcome) (map[string][]byte, error) {
	files := make(map[string][]byte, 9)

	// runs.csv
	header := append([]string(nil), runsHeader...)
	seen := make(map[string]bool, len(header)+len(o.Metrics))
	for _, h := range header {
		seen[h] = true
	}
	for _, m := range o.Metrics {
		if m.Name == "" || seen[m.Name] {
			return nil, fmt.Errorf("report: metric name %q is empty or repeated", m.Name)
		}
		seen[m.Name] = true
		header = append(header, m.Name)
	}
	t := newTable(header)
	for _, r := range o.Runs {
		if len(r.Values) != len(o.Metrics) {
			return nil, fmt.Errorf("report: run %s replication %d has %d values for %d metrics",
				r.Organisation, r.Replication, len(r.Values), len(o.Metrics))
		}
		row := []string{r.Organisation, strconv.Itoa(r.Replication), strconv.FormatUint(r.Seed, 10)}
		for _, v := range r.Values {
			row = append(row, num(v))
		}
		t.add(row...)
	}
	files[RunsFile] = t.bytes()

	// summary.csv
	t = newTable(summaryHeader)
	for _, s := range o.Summary {
		t.add(s.Organisation, s.Metric, num(s.Mean), num(s.Low), num(s.High), strconv.Itoa(s.N))
	}
	for _, r := range o.Paired {
		pair, suffix := r.A+"/"+r.B, RatioSuffix
		if r.Compare == experiment.Difference {
			pair, suffix = r.A+"-"+r.B, DifferenceSuffix
		}
		t.add(pair, r.Metric+suffix, num(r.Mean), num(r.Low), num(r.High), strconv.Itoa(r.N))
	}
	files[SummaryFile] = t.bytes()

	// units.csv
	t = newTable(unitsHeader)
	for _, u := range o.Units {
		t.add(u.Organisation, u.Unit, u.Role, strconv.Itoa(u.Depth),
			num(u.Utilisation.Mean), num(u.Utilisation.Low), num(u.Utilisation.High),
			num(u.MeanQueue.Mean), num(u.PeakQueue.Mean),
			u.Tier, num(u.Decided.Mean), num(u.Escalated.Mean), num(u.Advised.Mean))
	}
	files[UnitsFile] = t.bytes()

	// latency.csv
	t = newTable(latencyHeader)
	for _, l := range o.Latency {
		t.add(l.Organisation, l.Class, num(l.P), num(l.Latency))
	}
	files[LatencyFile] = t.bytes()

	// recovery.csv
	t = newTable(recoveryHeader)
	for _, r := range o.Recovery {
		// Disruptions are numbered from 1 in files, as in the metric
		// suffixes _d1, _d2, …; the Outcome indexes them from 0.
		t.add(r.Organisation, strconv.Itoa(r.Disruption+1), r.Kind, num(r.At),
			num(r.Censored), num(r.KMMedian), num(r.Mean.Mean), num(r.Mean.Low), num(r.Mean.High))
	}
	files[RecoveryFile] = t.bytes()

	// expectations.csv
	t = newTable(expectHeader)
	for i := range o.Expectations {
		e := &o.Expectations[i]
		dir, minEffect, threshold, lo, hi := "", "", "", "", ""
		if e.IsRange() {
			lo, hi = num(e.Range[0]), num(e.Range[1])
		} else {
			dir, minEffect, threshold = e.Direction.String(), num(e.MinEffect), num(e.Threshold())
		}
		t.add(e.Claim, e.Metric, e.Subject(), e.Statistic, dir, minEffect, threshold, lo, hi, num(e.Confidence),
			num(e.Estimate.Mean), num(e.Estimate.Low), num(e.Estimate.High), strconv.Itoa(e.Estimate.N), e.Verdict.String())
	}
	files[ExpectFile] = t.bytes()

	// structure.csv: the static analytics of every organisation, from the
	// resolved scenario (no run needed); only the header without one.
	var orgs []*structure.Organisation
	if o.Config != nil {
		var err error
		if orgs, err = structure.AnalyseAll(o.Config); err != nil {
			return nil, fmt.Errorf("report: %s: %w", StructureFile, err)
		}
	}
	files[StructureFile] = structure.CSV(orgs)

	files[HeadlineFile] = []byte(Headline(o))

	for _, name := range []string{RunsFile, SummaryFile, UnitsFile, LatencyFile, RecoveryFile, ExpectFile, StructureFile} {
		if files[name] == nil {
			return nil, fmt.Errorf("report: cannot encode %s", name)
		}
	}
	return files, nil
}

// num writes x as the shortest decimal that reads back to x; NaN is the
// empty string and the infinities are "Inf" and "-Inf".
func num(x float64) string { return numtext.Format(x) }

// table accumulates CSV records in memory.
type table struct {
	buf bytes.Buffer
	w   *csv.Writer
}

func newTable(header []string) *table {
	t := new(table)
	t.w = csv.NewWriter(&t.buf)
	t.add(header...)
	return t
}

func (t *table) add(fields ...string) { _ = t.w.Write(fields) }

// bytes returns the encoded table, or nil if encoding failed.
func (t *table) bytes() []byte {
	t.w.Flush()
	if t.w.Error() != nil {
		return nil
	}
	return t.buf.Bytes()
}

// manifestMetric describes one metric column in manifest.json.
type manifestMetric struct {
	Name string `json:"name"`
	Unit string `json:"unit"`
	Doc  string `json:"doc"`
}

// manifest is the layout of manifest.json; the field order is the file's.
type manifest struct {
	Scenario      string           `json:"scenario"`
	ScenarioHash  string           `json:"scenario_hash"`
	Seed          uint64           `json:"seed"`
	Replications  int              `json:"replications"`
	Organisations []string         `json:"organisations"`
	Version       string           `json:"orgsim_version"`
	ModelVersion  string           `json:"model_version"`
	OutputSchema  int              `json:"output_schema"`
	GoVersion     string           `json:"go_version"`
	GOARCH        string           `json:"goarch"`
	Metrics       []manifestMetric `json:"metrics"`
	Files         []string         `json:"files"`
	Resolved      any              `json:"resolved_scenario"`
}

func manifestJSON(o *experiment.Outcome, meta Meta) ([]byte, error) {
	m := manifest{
		Scenario:      o.Scenario,
		ScenarioHash:  meta.ScenarioHash,
		Replications:  o.Replications,
		Organisations: o.Organisations,
		Version:       meta.Version,
		ModelVersion:  model.Version,
		OutputSchema:  OutputSchema,
		GoVersion:     meta.GoVersion,
		GOARCH:        meta.GOARCH,
		Metrics:       make([]manifestMetric, len(o.Metrics)),
		Files:         Files(),
		Resolved:      jsonSafe(meta.Scenario),
	}
	if m.Organisations == nil {
		m.Organisations = []string{}
	}
	switch {
	case o.Config != nil:
		m.Seed = o.Config.Seed
	case len(o.Runs) > 0:
		m.Seed = o.Runs[0].Seed
	}
	for i, x := range o.Metrics {
		m.Metrics[i] = manifestMetric{x.Name, x.Unit, x.Doc}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("report: encoding %s: %w", ManifestFile, err)
	}
	return buf.Bytes(), nil
}

// namedFile is one file's name in the output folder and its contents.
type namedFile struct {
	name string
	data []byte
}

// writeFolder writes files into dir as one transaction of package
// safefile, creating dir if needed: each to a temporary file first, flushed
// to disk, then all renamed into place in order. On failure it removes the
// temporary files and the folders it created.
func writeFolder(dir string, files []namedFile) error {
	tx, err := safefile.Begin(dir)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, f := range files {
		if err := tx.Write(f.name, f.data); err != nil {
			tx.Abort()
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
