package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Sweep data: a sweep's summary.csv, read through the reader of the run
// folders' tables ([eachRecord]), and what the figures ask of it.

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

// parseSweepFig parses the sweep summary.csv bytes b through the reader
// of the run folders' tables ([eachRecord]); errors name the file name and
// the line.
func parseSweepFig(name string, b []byte) (*sweepFigData, error) {
	var d *sweepFigData
	k := 0                  // axis columns
	points := map[int]int{} // point index → position in d.points
	header := func(header []string) error {
		k = len(header) - 1 - len(sweepFigTail)
		if k < 1 || header[0] != "point" || !slices.Equal(header[k+1:], sweepFigTail) {
			return fmt.Errorf("%s:1: header is %q, want point, one column per axis, then %q",
				name, header, sweepFigTail)
		}
		d = &sweepFigData{axes: header[1 : k+1], cells: map[sweepFigKey]ci{}, nmin: math.MaxInt, nmax: -1}
		for i, a := range d.axes {
			if a == "" || slices.Contains(d.axes[:i], a) {
				return fmt.Errorf("%s:1: axis column %d is empty or repeated: %q", name, i+1, a)
			}
		}
		return nil
	}
	err := eachRecord(name, b, header, func(r *row) {
		at := k + 1
		pt := r.int(0)
		org, metric, stat := r.str(at), r.str(at+1), r.str(at+2)
		v := r.ci(at + 3)
		n := r.int(at + 6)
		if r.err != nil {
			return
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
				if r.str(a+1) != want {
					r.fail(a+1, fmt.Sprintf("point %d is %q here but %q above", pt, r.str(a+1), want))
				}
			}
		} else {
			points[pt] = len(d.points)
			d.points = append(d.points, sweepFigPoint{index: pt, values: slices.Clone(r.fields[1 : k+1])})
		}
		key := sweepFigKey{point: pt, org: org, metric: metric, diff: stat == sweepStatDiff, ratio: stat == sweepStatRatio}
		if _, dup := d.cells[key]; dup {
			r.fail(at, fmt.Sprintf("a second %s row of point %d, %s, %s", stat, pt, org, metric))
		}
		if r.err != nil {
			return
		}
		d.cells[key] = v
		if !slices.Contains(d.metrics, metric) {
			d.metrics = append(d.metrics, metric)
		}
		switch {
		case key.diff:
			if !slices.Contains(d.diffs, org) {
				d.diffs = append(d.diffs, org)
			}
		case key.ratio:
			if !slices.Contains(d.ratios, org) {
				d.ratios = append(d.ratios, org)
			}
		default:
			if !slices.Contains(d.orgs, org) {
				d.orgs = append(d.orgs, org)
			}
			d.nmin, d.nmax = min(d.nmin, n), max(d.nmax, n)
		}
	})
	if err != nil {
		return nil, err
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
