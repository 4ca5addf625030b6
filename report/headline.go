package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/sim"
)

// HeadlineFile is the name of the headline in an output folder.
const HeadlineFile = "headline.md"

// headlineFacts is what a headline is written from: the first two
// organisations' paired comparisons and each organisation's recovery.
// Both an Outcome and a folder's CSV files give it, so that the headline
// of a folder can be checked against its tables.
type headlineFacts struct {
	orgs     []string
	reps     int
	mean     map[[2]string]ci // (organisation, metric) → mean and interval
	paired   map[string]ci    // metric → the first organisation against the second
	isRatio  map[string]bool  // metric → compared by ratio
	recovery []recoveryRec    // organisation-major, disruptions numbered from 1
}

// Headline writes what the comparison table of o supports, in one or two
// sentences: which organisation is faster at p95 latency, by the paired
// ratio of the first two organisations with its 95 % interval; which
// recovers sooner from each disruption, by the paired difference of the
// recovery times (a claim only where the interval excludes 0 and the
// organisation said to recover sooner recovered in every replication; the
// other's unrecovered runs count at the horizon, so the difference is then
// a lower bound, and the headline says "at least"); and whether they differ
// in accuracy and in value per issue, by the paired differences. Where an
// interval holds 0 the headline says that the difference is not resolved;
// it never states a direction the interval does not support. With one
// organisation it gives its p95 latency and accuracy. The text ends in a
// newline; results/default/headline.md is the README's headline.
func Headline(o *experiment.Outcome) string {
	f := &headlineFacts{orgs: o.Organisations, reps: o.Replications,
		mean: map[[2]string]ci{}, paired: map[string]ci{}, isRatio: map[string]bool{}}
	for _, s := range o.Summary {
		f.mean[[2]string{s.Organisation, s.Metric}] = ci{s.Mean, s.Low, s.High}
	}
	for _, p := range o.Paired {
		if len(o.Organisations) >= 2 && p.A == o.Organisations[0] && p.B == o.Organisations[1] {
			f.paired[p.Metric] = ci{p.Mean, p.Low, p.High}
			f.isRatio[p.Metric] = p.Compare == experiment.Ratio
		}
	}
	for _, r := range o.Recovery {
		f.recovery = append(f.recovery, recoveryRec{org: r.Organisation, disruption: r.Disruption + 1,
			kind: r.Kind, at: r.At, censored: r.Censored, kmMedian: r.KMMedian, mean: ci{r.Mean.Mean, r.Mean.Low, r.Mean.High}})
	}
	return f.write()
}

// headlineOf gives the facts of a headline from a folder's tables.
func headlineOf(d *data) *headlineFacts {
	f := &headlineFacts{orgs: d.orgs, mean: map[[2]string]ci{}, paired: map[string]ci{}, isRatio: map[string]bool{}, recovery: d.recovery}
	if len(d.orgs) > 0 {
		f.reps = d.reps[d.orgs[0]]
	}
	for _, s := range d.summary {
		switch {
		case len(d.orgs) >= 2 && s.org == d.orgs[0]+"/"+d.orgs[1] && strings.HasSuffix(s.metric, RatioSuffix):
			m := strings.TrimSuffix(s.metric, RatioSuffix)
			f.paired[m], f.isRatio[m] = s.v, true
		case len(d.orgs) >= 2 && s.org == d.orgs[0]+"-"+d.orgs[1] && strings.HasSuffix(s.metric, DifferenceSuffix):
			f.paired[strings.TrimSuffix(s.metric, DifferenceSuffix)] = s.v
		case !isPaired(s.metric):
			f.mean[[2]string{s.org, s.metric}] = s.v
		}
	}
	return f
}

// pair returns the first two organisations' comparison on metric, NaN
// where there is none.
func (f *headlineFacts) pair(metric string) ci {
	if x, ok := f.paired[metric]; ok {
		return x
	}
	nan := math.NaN()
	return ci{nan, nan, nan}
}

func (f *headlineFacts) write() string {
	if len(f.orgs) == 0 {
		return "No organisation was run.\n"
	}
	if len(f.orgs) == 1 {
		a := f.orgs[0]
		return fmt.Sprintf("Over %s, the %s's p95 latency is %s h (%s) and its accuracy %s (%s).\n",
			replications(f.reps), a, hnum(f.mean[[2]string{a, "latency_p95"}].mean), interval(f.mean[[2]string{a, "latency_p95"}], ""),
			hnum(f.mean[[2]string{a, "accuracy"}].mean), interval(f.mean[[2]string{a, "accuracy"}], ""))
	}
	a, b := f.orgs[0], f.orgs[1]
	var out strings.Builder
	out.WriteString(f.speed(a, b))
	var clauses []string
	for _, r := range f.recovery {
		if r.org == a {
			clauses = append(clauses, f.recovers(a, b, r))
		}
	}
	clauses = append(clauses, f.quality(a, b))
	out.WriteString(" " + capitalise(strings.Join(clauses, "; ")) + ".\n")
	return out.String()
}

// speed is the sentence on p95 latency.
func (f *headlineFacts) speed(a, b string) string {
	r := f.pair("latency_p95")
	lead := fmt.Sprintf("Over %s paired on the same issues, ", replications(f.reps))
	if !f.isRatio["latency_p95"] || math.IsNaN(r.mean) {
		return lead + "p95 latency cannot be compared."
	}
	switch {
	case r.high < 1:
		return lead + fmt.Sprintf("the %s is faster at p95: the %s's p95 latency is %s times the %s's (95 %% interval [%s, %s]).",
			a, b, hnum(1/r.mean), a, hnum(1/r.high), hnum(1/r.low))
	case r.low > 1:
		return lead + fmt.Sprintf("the %s is faster at p95: the %s's p95 latency is %s times the %s's (95 %% interval [%s, %s]).",
			b, a, hnum(r.mean), b, hnum(r.low), hnum(r.high))
	}
	return lead + fmt.Sprintf("neither is measurably faster at p95: the %s's p95 latency is %s times the %s's (%s).",
		a, hnum(r.mean), b, interval(r, ""))
}

// recovers is the clause on recovery from one disruption, r being the
// first organisation's recovery row.
func (f *headlineFacts) recovers(a, b string, r recoveryRec) string {
	what := fmt.Sprintf("the %s in week %s", strings.ReplaceAll(r.kind, "-", " "), strconv.FormatFloat(r.at/sim.Week, 'g', 4, 64))
	d := f.pair("recovery_time_d" + strconv.Itoa(r.disruption))
	if math.IsNaN(d.mean) {
		return fmt.Sprintf("recovery from %s cannot be compared", what)
	}
	censored := map[string]float64{}
	for _, x := range f.recovery {
		if x.disruption == r.disruption {
			censored[x.org] = x.censored
		}
	}
	sooner, later, low := "", "", 0.0
	switch {
	case d.low > 0 && censored[b] == 0:
		sooner, later, low = b, a, d.low
	case d.high < 0 && censored[a] == 0:
		sooner, later, low = a, b, -d.high
	default:
		return fmt.Sprintf("neither recovers measurably sooner from %s (difference %s h, %s)", what, hnum(d.mean), interval(d, ""))
	}
	if c := censored[later]; c > 0 {
		share := "in " + strconv.FormatFloat(math.Round(100*c), 'f', -1, 64) + " % of replications"
		if c == 1 {
			share = "in any replication"
		}
		return fmt.Sprintf("the %s recovers sooner from %s (by at least %s h at 95 %% confidence; the %s had not recovered by the horizon %s)",
			sooner, what, hnum(low), later, share)
	}
	m := math.Abs(d.mean)
	lo, hi := math.Abs(d.low), math.Abs(d.high)
	return fmt.Sprintf("the %s recovers sooner from %s (by %s h, 95 %% interval [%s, %s])", sooner, what, hnum(m), hnum(math.Min(lo, hi)), hnum(math.Max(lo, hi)))
}

// quality is the clause on accuracy and value per issue.
func (f *headlineFacts) quality(a, b string) string {
	acc, val := f.pair("accuracy"), f.pair("value_per_issue")
	pp := ci{100 * acc.mean, 100 * acc.low, 100 * acc.high}
	var parts []string
	switch {
	case math.IsNaN(acc.mean):
		parts = append(parts, "accuracy cannot be compared")
	case acc.low > 0:
		parts = append(parts, fmt.Sprintf("the %s is more accurate by %s (%s)", a, points(pp.mean), interval(pp, "")))
	case acc.high < 0:
		parts = append(parts, fmt.Sprintf("the %s is more accurate by %s (%s)", b, points(-pp.mean), interval(pp, "-")))
	default:
		parts = append(parts, fmt.Sprintf("accuracy does not differ measurably (%s − %s: %s, %s)", a, b, points(pp.mean), interval(pp, "")))
	}
	switch {
	case math.IsNaN(val.mean):
		parts = append(parts, "value per issue cannot be compared")
	case val.low > 0:
		parts = append(parts, fmt.Sprintf("the %s delivers %s more value per issue (%s)", a, hnum(val.mean), interval(val, "")))
	case val.high < 0:
		parts = append(parts, fmt.Sprintf("the %s delivers %s more value per issue (%s)", b, hnum(-val.mean), interval(val, "-")))
	default:
		parts = append(parts, fmt.Sprintf("value per issue does not differ measurably (%s − %s: %s, %s)", a, b, hnum(val.mean), interval(val, "")))
	}
	return strings.Join(parts, ", and ")
}

// interval writes "95 % interval [low, high]", negated with sign "-", or
// says why there is none.
func interval(x ci, sign string) string {
	lo, hi := x.low, x.high
	if sign == "-" {
		lo, hi = -x.high, -x.low
	}
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "no interval: fewer than two replications"
	}
	return fmt.Sprintf("95 %% interval [%s, %s]", hnum(lo), hnum(hi))
}

// points writes a difference of shares in percentage points.
func points(x float64) string {
	if s := hnum(x); s != "1" {
		return s + " percentage points"
	}
	return "1 percentage point"
}

// hnum writes a number for a sentence: three significant figures, whole
// numbers from 1000 on with thousands separated by commas, a minus sign
// for negatives.
func hnum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "undefined"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	}
	sign := ""
	if x < 0 {
		sign, x = "−", -x
	}
	if x < 1000 {
		s := strconv.FormatFloat(x, 'g', 3, 64)
		if strings.Contains(s, "e") {
			// Small: three significant figures without an exponent.
			s = strconv.FormatFloat(x, 'f', 2-int(math.Floor(math.Log10(x))), 64)
		}
		if s == "0" {
			sign = ""
		}
		return sign + s
	}
	digits := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String()
}

func replications(n int) string {
	if n == 1 {
		return "1 replication"
	}
	return strconv.Itoa(n) + " replications"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
