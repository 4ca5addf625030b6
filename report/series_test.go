package report

import (
	"math"
	"reflect"
	"testing"

	"github.com/orgsim/orgsim/experiment"
)

// TestSeriesRecordsReadBack: the rows Write hands to the figures instead
// of parsing timeseries.csv again are, bit for bit, what parsing the file
// it writes gives, for long noisy series and for the numbers that are
// hard to write: NaN, the infinities, −0, the smallest subnormal, the
// largest float and decimals without an exact binary form.
func TestSeriesRecordsReadBack(t *testing.T) {
	hard := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1, 1.0 / 3, 2.5e-300, -123456.789e10}
	odd := synthetic()
	for i, x := range hard {
		st := experiment.Stat{Mean: x, Low: -x, High: hard[(i+1)%len(hard)], N: i}
		pt := experiment.SeriesPoint{Organisation: odd.Organisations[i%2], T: float64(i) + x,
			Backlog: st, P95: st, Quality: st}
		for k := range pt.Capability {
			pt.Capability[k] = st
			pt.DecidedShare[k] = experiment.Stat{Mean: hard[(i+k)%len(hard)]}
		}
		odd.Series = append(odd.Series, pt)
	}
	for name, o := range map[string]*experiment.Outcome{
		"synthetic": synthetic(), "long": longOutcome(3000), "hard numbers": odd,
	} {
		files, err := tables(o)
		if err != nil {
			t.Fatal(err)
		}
		files[TimeseriesFile] = timeseriesCSV(o.Series)
		read := func(n string) ([]byte, error) { return files[n], nil }
		parsed, err := parseData("dir", read)
		if err != nil {
			t.Fatal(err)
		}
		rows := seriesRecords(o.Series)
		handed, err := parseTables("dir", read, &rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(parsed.series) != len(o.Series) || len(handed.series) != len(parsed.series) {
			t.Fatalf("%s: %d rows parsed, %d handed over, for %d points", name, len(parsed.series), len(handed.series), len(o.Series))
		}
		for i := range parsed.series {
			if p, h := bitsOf(parsed.series[i]), bitsOf(handed.series[i]); !reflect.DeepEqual(p, h) {
				t.Fatalf("%s: row %d parsed %+v, handed over %+v", name, i, parsed.series[i], handed.series[i])
			}
		}
		parsed.series, handed.series = nil, nil
		if !reflect.DeepEqual(parsed, handed) {
			t.Errorf("%s: the other tables read differently with the series handed over", name)
		}
	}
}

// bitsOf is a series row with every number as its bits, so that −0
// differs from +0, and every NaN as one NaN (an empty field reads back as
// NaN whatever NaN was written; the figures test for NaN, never its bits).
func bitsOf(s seriesRec) []any {
	out := []any{s.org}
	add := func(xs ...float64) {
		for _, x := range xs {
			if math.IsNaN(x) {
				x = math.NaN()
			}
			out = append(out, math.Float64bits(x))
		}
	}
	add(s.t, s.backlog.mean, s.backlog.low, s.backlog.high, s.p95.mean, s.p95.low, s.p95.high,
		s.qu.mean, s.qu.low, s.qu.high)
	for k := range s.capability {
		add(s.capability[k].mean, s.capability[k].low, s.capability[k].high, s.decided[k])
	}
	return out
}
