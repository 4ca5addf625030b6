// Package report turns an experiment's outcome into files a person can read
// and a program can load: tidy CSV tables, a manifest, the command line, and
// gonum/plot figures as PNG and SVG.
//
// It owns the output folder's format and nothing else: every number it
// writes comes from an [experiment.Outcome], and it never reruns or
// recomputes the model. [Write] writes a complete folder; [Plot] redraws the
// figures of a folder from its CSV files alone. Write draws its figures
// through the same path as Plot, from the CSV bytes it has just produced, so
// Plot on a folder that Write made gives the same figure bytes.
//
// The folder holds runs.csv (one row per organisation × replication),
// summary.csv (means with 95 % intervals kept in each metric's range, and
// paired ratios or differences), timeseries.csv, units.csv, latency.csv,
// recovery.csv, expectations.csv (the scenario's claims and their
// verdicts), structure.csv (the static analytics of every organisation's
// structure, from package structure: computed from the resolved scenario,
// not from the runs), headline.md (what the comparison supports, in a sentence or
// two: [Headline]), manifest.json, command.txt and the figures latency,
// timeline, resilience, bottlenecks (utilisation, and beside it each
// unit's share of the routes from structure.csv) and leadership, each as .png
// (1280×720 pixels) and .svg. docs/outputs.md is the data dictionary of
// every file and column.
//
// Numbers in CSV are written by strconv.FormatFloat(x, 'g', -1, 64), the
// shortest text that reads back to the same float64; an undefined value
// (NaN) is an empty field, and infinities are written "Inf" and "-Inf".
// Times are working hours (8 to a working day, 40 to a working week), as
// everywhere in orgsim.
//
// Every folder is written as one transaction of internal/safefile: each
// file goes to a temporary file in the folder, flushed to disk, and all are
// renamed into place together, manifest.json last, so a failure leaves no
// half-written file behind; the same outcome always gives the same bytes.
// [WriteSweep] and [PlotSweep] write a sweep's folder, and [Plot] redraws
// either kind. [Inspect] says what a folder holds (a run's results, a
// sweep's, a shard's), so that the command can refuse to write over them.
package report
