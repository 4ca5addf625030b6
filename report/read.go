package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/structure"
)

// data is what the figures are drawn from: the CSV tables of one output
// folder, parsed. Rows keep their file order.
type data struct {
	orgs     []string       // organisations in canonical order
	reps     map[string]int // replications per organisation (rows of runs.csv)
	summary  []summaryRec
	series   []seriesRec
	units    []unitRec
	latency  []latencyRec
	recovery []recoveryRec
	// routes holds the unit rows of structure.csv that the bottleneck
	// figure draws, by organisation and unit; empty for a folder without
	// the file (written before orgsim had it).
	routes map[[2]string]routeRec
}

// routeRec is a unit's place on the routes, from structure.csv.
type routeRec struct {
	pathShare, betweenness float64
}

// ci is a mean with its 95 % interval; NaN where a field was empty.
type ci struct{ mean, low, high float64 }

type summaryRec struct {
	org, metric string
	v           ci
	n           int
}

type seriesRec struct {
	org              string
	t                float64 // hours
	backlog, p95, qu ci
	capability       [model.NumTiers]ci      // share of issues resolved, by [model.Tier]
	decided          [model.NumTiers]float64 // share of the step's decisions, by tier
}

type unitRec struct {
	org, unit, role             string
	depth                       int
	tier                        string
	util                        ci
	meanQueue, peakQueue        float64
	decided, escalated, advised float64
}

type latencyRec struct {
	org, class string
	p, latency float64
}

type recoveryRec struct {
	org        string
	disruption int // numbered from 1
	kind       string
	at         float64 // hours
	censored   float64 // share
	kmMedian   float64 // hours, +Inf when more than half are censored
	mean       ci      // hours
}

// parseData reads and parses the six CSV tables of the folder dir through
// read, which returns a file's bytes by name, and structure.csv where it
// exists. Errors name the file's path and line.
func parseData(dir string, read func(name string) ([]byte, error)) (*data, error) {
	return parseTables(dir, read, nil)
}

// parseTables is [parseData], but where series is not nil it takes
// *series as the rows of timeseries.csv instead of reading that file:
// [Write] hands over the rows it is writing, which read back as they are
// ([seriesRecords]), so that drawing need not wait for the longest table
// to be written and parsed again.
func parseTables(dir string, read func(name string) ([]byte, error), series *[]seriesRec) (*data, error) {
	d := &data{reps: map[string]int{}}
	addOrg := func(org string) {
		if !slices.Contains(d.orgs, org) {
			d.orgs = append(d.orgs, org)
		}
	}

	err := eachRow(dir, read, RunsFile, runsHeader, true, func(r *row) {
		org := r.str(0)
		addOrg(org)
		d.reps[org]++
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(dir, read, SummaryFile, summaryHeader, false, func(r *row) {
		d.summary = append(d.summary, summaryRec{
			org: r.str(0), metric: r.str(1), v: r.ci(2), n: r.int(5),
		})
	})
	if err != nil {
		return nil, err
	}
	if series != nil {
		d.series = *series
		for _, s := range d.series {
			addOrg(s.org)
		}
	} else {
		err = eachRow(dir, read, TimeseriesFile, timeseriesHeader, false, func(r *row) {
			s := seriesRec{org: r.str(0), t: r.num(1), backlog: r.ci(2), p95: r.ci(5), qu: r.ci(8)}
			for k := range model.NumTiers {
				s.capability[k] = r.ci(11 + 3*k)
				s.decided[k] = r.num(11 + 3*model.NumTiers + k)
			}
			addOrg(s.org)
			d.series = append(d.series, s)
		})
		if err != nil {
			return nil, err
		}
	}
	err = eachRow(dir, read, UnitsFile, unitsHeader, false, func(r *row) {
		u := unitRec{org: r.str(0), unit: r.str(1), role: r.str(2), depth: r.int(3),
			util: r.ci(4), meanQueue: r.num(7), peakQueue: r.num(8),
			tier: r.str(9), decided: r.num(10), escalated: r.num(11), advised: r.num(12)}
		addOrg(u.org)
		d.units = append(d.units, u)
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(dir, read, LatencyFile, latencyHeader, false, func(r *row) {
		l := latencyRec{org: r.str(0), class: r.str(1), p: r.num(2), latency: r.num(3)}
		addOrg(l.org)
		d.latency = append(d.latency, l)
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(dir, read, RecoveryFile, recoveryHeader, false, func(r *row) {
		x := recoveryRec{org: r.str(0), disruption: r.int(1), kind: r.str(2), at: r.num(3),
			censored: r.num(4), kmMedian: r.num(5), mean: r.ci(6)}
		addOrg(x.org)
		d.recovery = append(d.recovery, x)
	})
	if err != nil {
		return nil, err
	}
	if b, err := read(StructureFile); err == nil && b != nil {
		d.routes = map[[2]string]routeRec{}
		err = eachRow(dir, func(string) ([]byte, error) { return b, nil }, StructureFile, structure.Header, false, func(r *row) {
			if r.str(1) == "" || r.str(2) != "" {
				return // an organisation's or a class's row
			}
			k := [2]string{r.str(0), r.str(1)}
			x := d.routes[k]
			switch r.str(3) {
			case "path_share":
				x.pathShare = r.num(4)
			case "betweenness":
				x.betweenness = r.num(4)
			default:
				return
			}
			d.routes[k] = x
		})
		if err != nil {
			return nil, err
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	// Organisations named only in summary.csv come last; the rows of
	// paired comparisons ("A/B", "A-B") name a pair, not an organisation.
	for _, s := range d.summary {
		if !isPaired(s.metric) {
			addOrg(s.org)
		}
	}
	return d, nil
}

// seriesRecords is what parseData reads back from the timeseries.csv
// that [Write] makes of pts, column for column: every number is written
// as the shortest decimal that reads back to it, NaN as an empty field,
// so each reads back as itself (TestSeriesRecordsReadBack).
func seriesRecords(pts []experiment.SeriesPoint) []seriesRec {
	out := make([]seriesRec, len(pts))
	val := func(s experiment.Stat) ci { return ci{s.Mean, s.Low, s.High} }
	for i := range pts {
		p := &pts[i]
		s := &out[i]
		*s = seriesRec{org: p.Organisation, t: p.T, backlog: val(p.Backlog), p95: val(p.P95), qu: val(p.Quality)}
		for k := range model.NumTiers {
			s.capability[k] = val(p.Capability[k])
			s.decided[k] = p.DecidedShare[k].Mean
		}
	}
	return out
}

// isPaired reports whether a summary.csv metric name is a paired ratio or
// difference.
func isPaired(metric string) bool {
	return strings.HasSuffix(metric, RatioSuffix) || strings.HasSuffix(metric, DifferenceSuffix)
}

// row is one CSV record being parsed; the first bad field sets err.
type row struct {
	file   string
	line   int
	header []string
	fields []string
	err    error
}

func (r *row) fail(i int, msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s:%d: column %s: %s", r.file, r.line, r.header[i], msg)
	}
}

func (r *row) str(i int) string {
	if i >= len(r.fields) {
		return ""
	}
	return r.fields[i]
}

func (r *row) num(i int) float64 {
	s := r.str(i)
	if s == "" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		r.fail(i, fmt.Sprintf("%q is not a number", s))
		return math.NaN()
	}
	return x
}

func (r *row) int(i int) int {
	s := r.str(i)
	n, err := strconv.Atoi(s)
	if err != nil {
		r.fail(i, fmt.Sprintf("%q is not a whole number", s))
	}
	return n
}

func (r *row) ci(i int) ci { return ci{r.num(i), r.num(i + 1), r.num(i + 2)} }

// firstColumns is, for the tables that have gained columns at their end
// since orgsim 0.2.0, how many columns that release wrote: a folder it
// wrote is still read, and the figures that need only those columns are
// redrawn as before.
var firstColumns = map[string]int{TimeseriesFile: 11, UnitsFile: 9}

// eachRow parses the CSV file name, checks its header against want (only
// its first columns when prefix is set; or the first columns of
// firstColumns) and calls f on every record, whose fields past its
// header read as empty.
func eachRow(dir string, read func(string) ([]byte, error), file string, want []string, prefix bool, f func(*row)) error {
	b, err := read(file)
	if err != nil {
		return err
	}
	name := filepath.Join(dir, file)
	return eachRecord(name, b, func(header []string) error {
		ok := len(header) == len(want)
		if prefix {
			ok = len(header) >= len(want)
		}
		ok = ok && slices.Equal(header[:len(want)], want)
		if n := firstColumns[file]; !ok && n > 0 && len(header) == n {
			// A folder of an earlier orgsim: the columns added since are
			// read as empty.
			ok = slices.Equal(header, want[:n])
		}
		if !ok {
			return fmt.Errorf("%s: header is %q, want %q", name, header, want)
		}
		return nil
	}, f)
}

// eachRecord is the CSV reader of every table report reads back, a run
// folder's and a sweep's: it parses b, the file name (for messages), hands
// its header to header, which returns an error for a header it does not
// take, and calls f on every record as a [row] that names the file and the
// line. It stops at the first error: a malformed file, a refused header, or
// a field f found bad ([row.fail]).
func eachRecord(name string, b []byte, header func([]string) error, f func(*row)) error {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: empty file, want a header", name)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := header(head); err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		r := &row{file: name, line: line, header: head, fields: rec}
		f(r)
		if r.err != nil {
			return r.err
		}
	}
}
