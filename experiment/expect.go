package experiment

import (
	"math"
	"slices"

	"github.com/orgsim/orgsim/scenarios"
)

// Verdict is what a run's replications say of an expectation.
type Verdict uint8

// The verdicts.
const (
	// Undecided: the interval reaches both sides of the range's ends or of
	// the minimum effect, or there is no interval (fewer than two
	// replications give the metric a value, or the run lacks the metric).
	Undecided Verdict = iota
	// Held: the interval lies entirely inside the range, or entirely
	// beyond the minimum effect on the claimed side.
	Held
	// Failed: the interval lies entirely outside the range, or entirely on
	// the other side of the minimum effect: the claim at its minimum
	// effect is excluded.
	Failed
)

var verdictNames = []string{"undecided", "held", "failed"}

// String names the verdict: "held", "failed" or "undecided".
func (v Verdict) String() string {
	if int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return "undecided"
}

// ExpectRow is one expectation judged on an [Outcome].
type ExpectRow struct {
	scenarios.Expectation
	// Statistic is what the estimate is: "mean" for a range claim,
	// "ratio" or "difference" for a comparison.
	Statistic string
	// Estimate is the organisation's mean with its interval kept in the
	// metric's range ([MeanCIIn]), or the paired ratio First/Second or
	// difference First − Second ([Paired]), at the expectation's
	// confidence level.
	Estimate Stat
	Verdict  Verdict
}

// Subject names what the estimate is of: the organisation, "A/B" for a
// ratio or "A-B" for a difference.
func (r *ExpectRow) Subject() string {
	switch {
	case r.IsRange():
		return r.Organisation
	case r.Compare == Ratio:
		return r.First + "/" + r.Second
	}
	return r.First + "-" + r.Second
}

// Evaluate judges each expectation on the runs of o, in the order given.
// A range claim takes the mean of its organisation's metric over the
// replications with its interval at the claim's confidence, kept in the
// metric's range ([MeanCIIn]); a comparison takes the paired ratio or
// difference of First against Second at that level ([Paired]). The
// verdict is
//
//	range [lo, hi]:  Held when lo ≤ Low and High ≤ hi; Failed when High < lo or Low > hi
//	greater than c:  Held when Low > c;  Failed when High ≤ c
//	less than c:     Held when High < c; Failed when Low ≥ c
//
// with c the expectation's Threshold (MinEffect, or its reciprocal or
// negative for "less"), and Undecided otherwise or without an interval.
// An expectation naming an organisation or a metric that o lacks (a
// disruption left out by a shorter horizon) is Undecided with N = 0.
func Evaluate(o *Outcome, exps []scenarios.Expectation) []ExpectRow {
	rows := make([]ExpectRow, 0, len(exps))
	for _, e := range exps {
		r := ExpectRow{Expectation: e, Statistic: "mean"}
		if !e.IsRange() {
			r.Statistic = e.Compare.String()
		}
		nan := math.NaN()
		r.Estimate = Stat{Mean: nan, Low: nan, High: nan}
		mi := slices.IndexFunc(o.Metrics, func(m Metric) bool { return m.Name == e.Metric })
		col := func(org string) []float64 {
			oi := slices.Index(o.Organisations, org)
			if mi < 0 || oi < 0 {
				return nil
			}
			var xs []float64
			for _, run := range o.Runs {
				if run.Org == oi {
					xs = append(xs, run.Values[mi])
				}
			}
			return xs
		}
		if e.IsRange() {
			if xs := col(e.Organisation); xs != nil {
				r.Estimate = MeanCIIn(xs, o.Metrics[mi].Scale, e.Confidence)
			}
		} else if a, b := col(e.First), col(e.Second); a != nil && b != nil {
			r.Estimate = Paired(a, b, e.Compare, e.Confidence)
		}
		r.Verdict = judge(&e, r.Estimate)
		rows = append(rows, r)
	}
	return rows
}

// judge gives the verdict of e on its estimate.
func judge(e *scenarios.Expectation, st Stat) Verdict {
	lo, hi := st.Low, st.High
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return Undecided
	}
	if e.IsRange() {
		switch {
		case e.Range[0] <= lo && hi <= e.Range[1]:
			return Held
		case hi < e.Range[0] || lo > e.Range[1]:
			return Failed
		}
		return Undecided
	}
	c := e.Threshold()
	if e.Direction == scenarios.Less {
		switch {
		case hi < c:
			return Held
		case lo >= c:
			return Failed
		}
		return Undecided
	}
	switch {
	case lo > c:
		return Held
	case hi <= c:
		return Failed
	}
	return Undecided
}
