package experiment

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sensitivity"
)

// A sensitivity study runs on the sweep machinery: its design's points are
// a sweep of design "list" whose plan also carries the design
// (Plan.Sensitivity), so that the journal of any folder — resumed, or
// merged from shards — can be analysed without the file. Each point's
// outputs are scalars computed from its replications, passed in point
// order to the design's estimators.

// Index names of a study's rows.
const (
	IndexMu     = "mu"      // Morris: the mean elementary effect
	IndexMuStar = "mu_star" // Morris: the mean absolute elementary effect
	IndexSigma  = "sigma"   // Morris: the elementary effects' standard deviation
	IndexFirst  = "first"   // Sobol': the first-order index
	IndexTotal  = "total"   // Sobol': the total index
)

// morrisLevel is the confidence level of the Morris intervals.
const morrisLevel = 0.95

// NewStudy resolves a sensitivity study into a sweep ready to run: the
// plan of its design's points, carrying the design.
func NewStudy(st *scenarios.Sensitivity) *Sweep {
	s := NewSweep(st.Sweep)
	d := st.Design
	s.Plan.Sensitivity = &d
	return s
}

// StudyPointsError reports a study some of whose points cannot run: every
// estimator pairs points, so none may be missing, and nothing is run.
type StudyPointsError struct{ Plan *Plan }

// Error says how many points cannot run, and why.
func (e *StudyPointsError) Error() string {
	bad := 0
	for _, p := range e.Plan.Points {
		if p.Status != "ok" {
			bad++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of the %d point(s) of study %q cannot run, and the indices need every point; nothing was run or written (allowed: narrow the factors' ranges or values so that every combination runs):", bad, len(e.Plan.Points), e.Plan.Name)
	for i, r := range Reasons(e.Plan, nil) {
		if i == 5 {
			fmt.Fprintf(&b, "\n  … and %d more reason(s)", len(Reasons(e.Plan, nil))-5)
			break
		}
		fmt.Fprintf(&b, "\n  %s", r)
	}
	return b.String()
}

// CheckStudy returns a *StudyPointsError when a point of the study's
// sweep cannot run (an invalid or overloaded combination of values), else
// nil.
func CheckStudy(s *Sweep) error {
	for _, p := range s.Plan.Points {
		if p.Status != "ok" {
			return &StudyPointsError{Plan: s.Plan}
		}
	}
	return nil
}

// Output is one scalar per point that a study explains: an organisation's
// mean of a metric over the replications (Statistic StatMean), or the
// paired log-ratio of the first organisation over another, the mean over
// the replications of log(A ÷ B) (StatPairedLogRatio, Organisation "A/B").
type Output struct {
	Metric       string
	Organisation string
	Statistic    string
}

// String names the output: "latency_p95 of hierarchy", "log(latency_p95
// hierarchy/lattice)".
func (o Output) String() string {
	if o.Statistic == StatPairedLogRatio {
		return fmt.Sprintf("log(%s %s)", o.Metric, o.Organisation)
	}
	return fmt.Sprintf("%s of %s", o.Metric, o.Organisation)
}

// Outputs lists a plan's outputs in order: per summarised metric, each
// organisation's mean, then, for a metric the plan lists under ratios, the
// log-ratio of the first organisation over each other.
func (p *Plan) Outputs() []Output {
	var out []Output
	for _, m := range p.Summarised {
		for _, org := range p.Organisations {
			out = append(out, Output{Metric: m, Organisation: org, Statistic: StatMean})
		}
		if slices.Contains(p.Ratios, m) {
			for _, org := range p.Organisations[1:] {
				out = append(out, Output{Metric: m, Organisation: p.Organisations[0] + "/" + org, Statistic: StatPairedLogRatio})
			}
		}
	}
	return out
}

// IndexRow is one row of sensitivity.csv: one index of one factor for one
// output, with its standard error and confidence interval where it has
// them (NaN where not), and the dummy's estimate of the same index beside
// it.
type IndexRow struct {
	Output
	Factor   string
	Method   string // "morris" or "sobol"
	Index    string // IndexMu … IndexTotal
	Estimate float64
	SE       float64
	Low      float64
	High     float64
	// NoiseFloor is the dummy's estimate of the same index for the same
	// output (NaN without a dummy).
	NoiseFloor float64
	// AboveNoise is "true" where the factor's interval lies wholly above
	// the dummy's (Low > the dummy's High), "false" where it does not, and
	// "" for the dummy, for μ and σ, and where either has no interval.
	AboveNoise string
}

// StudyOutput is one output's values at every point and its estimates.
type StudyOutput struct {
	Output
	Values []float64                 // one per point, in the design's order
	Morris *sensitivity.MorrisResult // method "morris"
	Sobol  *sensitivity.SobolResult  // method "sobol"
}

// StudyResult is a study's indices: per output, per factor (the dummy
// last), per index.
type StudyResult struct {
	Design  *scenarios.StudyDesign
	Outputs []StudyOutput
	Rows    []IndexRow
}

// StudyFailedError reports units of a study that did not finish: its
// indices need every point, so none are computed.
type StudyFailedError struct {
	Plan     *Plan
	Failures []Failure
}

// Error says how many units failed, and why.
func (e *StudyFailedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d unit(s) of study %q failed, and the indices need every point, so they are not computed (allowed: narrow the factors' ranges, or give the base more capacity, so that every point runs):", len(e.Failures), e.Plan.Name)
	for i, r := range Reasons(e.Plan, e.Failures) {
		if i == 5 {
			fmt.Fprintf(&b, "\n  … and %d more reason(s)", len(Reasons(e.Plan, e.Failures))-5)
			break
		}
		fmt.Fprintf(&b, "\n  %s", r)
	}
	return b.String()
}

// OutputValueError reports a point whose output has no value: a metric
// undefined in one of its replications, or a log-ratio of a value that is
// not positive.
type OutputValueError struct {
	Output Output
	Point  int
	Values []string // the point's values of the factors
	Why    string
}

// Error names the output, the point and why.
func (e *OutputValueError) Error() string {
	return fmt.Sprintf("%s has no value at point %d (%s): %s; every estimator pairs points, so none may lack a value (allowed: an output defined in every run, such as latency_p95)", e.Output, e.Point, strings.Join(e.Values, ", "), e.Why)
}

// AnalysisError reports an output the estimators cannot analyse, such as
// one whose values are all equal within a Sobol' replicate (no variance to
// apportion).
type AnalysisError struct {
	Output Output
	Err    error
}

// Error names the output and the estimators' reason.
func (e *AnalysisError) Error() string {
	return fmt.Sprintf("%s cannot be analysed: %s", e.Output, strings.TrimPrefix(e.Err.Error(), "sensitivity: "))
}

// Unwrap returns the estimators' error.
func (e *AnalysisError) Unwrap() error { return e.Err }

// AnalyseStudy computes the indices of the study whose plan is res.Plan
// from its assembled result: the plan's design is rebuilt (and checked
// against the points' seeds), each output's value at every point is
// computed from the point's replications, and the values are passed in
// point order to the design's estimators. A failed unit is a
// *StudyFailedError, an output without a value an *OutputValueError, and
// one the estimators refuse an *AnalysisError.
func AnalyseStudy(res *SweepResult) (*StudyResult, error) {
	plan := res.Plan
	sd := plan.Sensitivity
	if sd == nil {
		return nil, fmt.Errorf("sweep %q is not a sensitivity study", plan.Name)
	}
	design, err := sd.Build()
	if err != nil {
		return nil, fmt.Errorf("study %q: %v", plan.Name, err)
	}
	if n := len(design.Unit()); n != len(plan.Points) {
		return nil, fmt.Errorf("study %q: its design has %d points, its plan %d", plan.Name, n, len(plan.Points))
	}
	for i := range plan.Points {
		if plan.SeedOf(i) != scenarios.PointSeed(sd.Seed, design.NoiseKey(i)) {
			return nil, fmt.Errorf("study %q: point %d's seed is not its design's", plan.Name, i)
		}
	}
	if len(res.Failures) > 0 {
		return nil, &StudyFailedError{Plan: plan, Failures: res.Failures}
	}
	mi := map[string]int{}
	for i, m := range plan.Metrics {
		mi[m.Name] = i
	}
	oi := map[string]int{}
	for i, o := range plan.Organisations {
		oi[o] = i
	}
	norg := len(plan.Organisations)
	out := &StudyResult{Design: sd}
	for _, o := range plan.Outputs() {
		so := StudyOutput{Output: o, Values: make([]float64, len(plan.Points))}
		// runs are point-major, then replication, then organisation.
		at := 0
		for pt := range plan.Points {
			reps := res.Reps[pt]
			block := res.Runs[at : at+reps*norg]
			at += reps * norg
			v, why := pointValue(o, block, norg, mi[o.Metric], oi)
			if why != "" {
				return nil, &OutputValueError{Output: o, Point: pt, Values: plan.Points[pt].Values, Why: why}
			}
			so.Values[pt] = v
		}
		if design.Morris != nil {
			so.Morris, err = design.Morris.Analyse(so.Values)
		} else {
			so.Sobol, err = design.Sobol.Analyse(so.Values)
		}
		if err != nil {
			return nil, &AnalysisError{Output: o, Err: err}
		}
		out.Outputs = append(out.Outputs, so)
		out.Rows = append(out.Rows, indexRows(so, sd)...)
	}
	return out, nil
}

// pointValue is output o at one point, from the point's runs (replication
// then organisation): the mean over the replications of the metric of the
// organisation, or of the log-ratio of the first organisation's over the
// other's. It says why where there is none.
func pointValue(o Output, block []SweepRun, norg, metric int, orgs map[string]int) (float64, string) {
	reps := len(block) / norg
	if reps == 0 {
		return math.NaN(), "no replication"
	}
	a, b := orgs[o.Organisation], -1
	if o.Statistic == StatPairedLogRatio {
		first, other, _ := strings.Cut(o.Organisation, "/")
		a, b = orgs[first], orgs[other]
	}
	sum := 0.0
	for r := range reps {
		x := block[r*norg+a].Values[metric]
		if !finite(x) {
			return math.NaN(), fmt.Sprintf("replication %d has none", r)
		}
		if b >= 0 {
			y := block[r*norg+b].Values[metric]
			if !(x > 0 && y > 0 && finite(y)) {
				return math.NaN(), fmt.Sprintf("replication %d gives %s and %s, and a log-ratio needs both > 0", r, formatValue(x), formatValue(y))
			}
			x = math.Log(x / y)
		}
		sum += x
	}
	return sum / float64(reps), ""
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// indexRows writes an output's estimates as rows, factor by factor, with
// the dummy's estimate of each index beside it.
func indexRows(so StudyOutput, sd *scenarios.StudyDesign) []IndexRow {
	nan := math.NaN()
	var rows []IndexRow
	if m := so.Morris; m != nil {
		r := len(m.Indices[0].Effects)
		q := tQuantile(r-1, morrisLevel)
		for _, ix := range m.Indices {
			muSE, starSE := nan, nan
			if sd.Candidates == 0 {
				ss := 0.0
				for _, e := range ix.Effects {
					ss += (e - ix.Mu) * (e - ix.Mu)
				}
				muSE = math.Sqrt(ss/float64(r-1)) / math.Sqrt(float64(r))
				starSE = ix.MuStarSE
			}
			rows = append(rows,
				IndexRow{Output: so.Output, Factor: ix.Factor, Method: "morris", Index: IndexMu, Estimate: ix.Mu, SE: muSE, Low: ix.Mu - q*muSE, High: ix.Mu + q*muSE},
				// μ* is ≥ 0: its interval is kept there.
				IndexRow{Output: so.Output, Factor: ix.Factor, Method: "morris", Index: IndexMuStar, Estimate: ix.MuStar, SE: starSE, Low: math.Max(0, ix.MuStar-q*starSE), High: ix.MuStar + q*starSE},
				IndexRow{Output: so.Output, Factor: ix.Factor, Method: "morris", Index: IndexSigma, Estimate: ix.Sigma, SE: nan, Low: nan, High: nan},
			)
		}
	}
	if s := so.Sobol; s != nil {
		for _, ix := range s.Indices {
			rows = append(rows,
				IndexRow{Output: so.Output, Factor: ix.Factor, Method: "sobol", Index: IndexFirst, Estimate: ix.First.Estimate, SE: ix.First.SE, Low: ix.First.Low, High: ix.First.High},
				IndexRow{Output: so.Output, Factor: ix.Factor, Method: "sobol", Index: IndexTotal, Estimate: ix.Total.Estimate, SE: ix.Total.SE, Low: ix.Total.Low, High: ix.Total.High},
			)
		}
	}
	dummy := map[string]IndexRow{}
	hasDummy := false
	for _, f := range sd.Factors {
		hasDummy = hasDummy || f.Distribution == scenarios.DistDummy
	}
	for _, r := range rows {
		if r.Factor == scenarios.DummyName && hasDummy {
			dummy[r.Index] = r
		}
	}
	for i := range rows {
		r := &rows[i]
		r.NoiseFloor = nan
		d, ok := dummy[r.Index]
		if !ok {
			continue
		}
		r.NoiseFloor = d.Estimate
		interval := r.Index == IndexMuStar || r.Index == IndexFirst || r.Index == IndexTotal
		if r.Factor != scenarios.DummyName && interval && finite(r.Low) && finite(d.High) {
			r.AboveNoise = fmt.Sprint(r.Low > d.High)
		}
	}
	return rows
}

// RunStudy runs a study with opt (see [Sweep.Run]) and, unsharded,
// analyses it; a sharded run returns what its shard did and no analysis.
// A study with a point that cannot run is refused before anything is
// written (a *StudyPointsError).
func RunStudy(st *scenarios.Sensitivity, opt SweepOptions) (*SweepResult, *StudyResult, error) {
	s := NewStudy(st)
	if err := CheckStudy(s); err != nil {
		return nil, nil, err
	}
	res, err := s.Run(opt)
	if err != nil || opt.Shards > 1 {
		return res, nil, err
	}
	sr, err := AnalyseStudy(res)
	return res, sr, err
}

// IsStudyError reports whether err is a study's own failure after its
// units were journalled (failed units, an output without a value, or one
// the estimators refuse): the runs can still be written, the indices
// cannot.
func IsStudyError(err error) bool {
	var f *StudyFailedError
	var v *OutputValueError
	var a *AnalysisError
	return errors.As(err, &f) || errors.As(err, &v) || errors.As(err, &a)
}
