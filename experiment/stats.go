package experiment

import (
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// level is the two-sided confidence level of the intervals of an
// [Outcome]; an expectation may ask for another ([Evaluate]).
const level = 0.95

// tQuantile returns the (1+level)/2 quantile of Student's t distribution
// with df degrees of freedom: 2.776445 for df = 4 at 95 %.
// Quantiles are cached: an outcome needs a few of them many times over.
func tQuantile(df int, level float64) float64 {
	key := tKey{df, level}
	if q, ok := tCache.Load(key); ok {
		return q.(float64)
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile((1 + level) / 2)
	tCache.Store(key, q)
	return q
}

type tKey struct {
	df    int
	level float64
}

var tCache sync.Map // tKey → float64

// MeanCI returns the mean of the values of x that are not NaN and its 95 %
// Student-t confidence interval. With n such values x_1 … x_n,
//
//	mean = x_1 + Σ (x_i − x_1) / n,
//	s    = sqrt(Σ (x_i − mean)² / (n − 1)),
//	Low, High = mean ∓ t_{0.975, n−1} · s / sqrt(n),
//
// and N = n. Taking the mean about x_1 makes it exact when all values are
// equal (an infinite x_1 is replaced by 0 in the shift). For n = 1 the
// interval is undefined (Low = High = NaN); for n = 0 the mean is NaN too;
// an infinite mean has a NaN interval. The interval is that of a signed
// quantity: [MeanCIIn] keeps the interval of a bounded one in its range.
func MeanCI(x []float64) Stat { return MeanCIAt(x, level) }

// MeanCIAt is [MeanCI] at the two-sided confidence level lev (0.95 for
// 95 %), with t_{(1+lev)/2, n−1}; a level outside (0, 1) gives a NaN
// interval.
func MeanCIAt(x []float64, lev float64) Stat {
	st, _, _ := meanSE(x, lev)
	return st
}

// meanSE returns [MeanCIAt], the standard error s / sqrt(n) behind it
// and the t quantile q (both NaN where the interval is).
func meanSE(x []float64, lev float64) (Stat, float64, float64) {
	nan := math.NaN()
	st := Stat{Mean: nan, Low: nan, High: nan}
	shift := math.NaN()
	var sum float64
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		if st.N == 0 {
			shift = v
			if math.IsInf(v, 0) {
				shift = 0
			}
		}
		st.N++
		sum += v - shift
	}
	if st.N == 0 {
		return st, nan, nan
	}
	n := float64(st.N)
	st.Mean = shift + sum/n
	if st.N < 2 || math.IsInf(st.Mean, 0) || math.IsNaN(st.Mean) || !(lev > 0 && lev < 1) {
		return st, nan, nan
	}
	var ss float64
	for _, v := range x {
		if !math.IsNaN(v) {
			d := v - st.Mean
			ss += d * d
		}
	}
	se := math.Sqrt(ss/(n-1)) / math.Sqrt(n)
	q := tQuantile(st.N-1, lev)
	st.Low, st.High = st.Mean-q*se, st.Mean+q*se
	return st, se, q
}

// MeanCIIn returns the mean of the values of x that are not NaN with its
// Student-t interval at the two-sided level lev (0.95 for 95 %), kept in
// the range of scale s. With the mean m, the standard error se = s/√n of
// [MeanCIAt] and q = t_{(1+lev)/2, n−1}, the interval is the Student-t
// interval of g(m) on a scale g that maps the range onto the whole line,
// by the delta method (se of g(m) ≈ g′(m)·se), mapped back:
//
//	Positive, NonNegative  g = log:    Low, High = m · e^(∓q·se/m)
//	Proportion             g = logit:  Low, High = expit(logit(m) ∓ q·se / (m(1 − m)))
//	Signed                 none:       Low, High = m ∓ q·se
//
// so the interval never leaves (0, ∞), [0, 1] or (0, 1), always contains
// m, and approaches the plain Student-t interval as se/m (or se/(m(1 − m)))
// shrinks. It is an interval for the mean m, not for a geometric mean: the
// values themselves may be 0 (a resilience loss where a run lost nothing).
// A mean on a bound means every value is on it (all 0, or all 1), and the
// interval is that bound alone. Where some value lies outside the scale's
// range, or is infinite, the scale cannot hold and the plain interval is
// returned. Mean and N are those of [MeanCIAt]; so are a NaN interval for
// n < 2 and a NaN mean for n = 0.
func MeanCIIn(x []float64, s Scale, lev float64) Stat {
	st, se, q := meanSE(x, lev)
	if s == Signed || math.IsNaN(st.Low) {
		return st
	}
	lo, hi := s.Bounds()
	for _, v := range x {
		if v < lo || v > hi || math.IsInf(v, 0) {
			return st
		}
	}
	m := st.Mean
	switch {
	case m <= lo || m >= hi || se == 0:
		// Every value is on the bound, or all are equal.
		st.Low, st.High = m, m
		return st
	case s == Proportion:
		h := q * se / (m * (1 - m))
		z := math.Log(m / (1 - m))
		st.Low, st.High = expit(z-h), expit(z+h)
	default:
		h := q * se / m
		st.Low, st.High = m*math.Exp(-h), m*math.Exp(h)
	}
	// Rounding must not put the mean outside its interval.
	st.Low, st.High = math.Min(st.Low, m), math.Max(st.High, m)
	return st
}

// expit is the inverse of logit: 1 / (1 + e^(−z)).
func expit(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// PairedRatio returns the geometric-mean ratio of a over b, pair by pair,
// with a 95 % interval. Over the pairs i where a_i and b_i are both finite
// and > 0, with d_i = log(a_i / b_i) and [MeanCI] of the d_i giving
// (mean, low, high),
//
//	Mean = exp(mean),  Low = exp(low),  High = exp(high),
//
// and N is the number of such pairs. Pairs where either value is zero,
// negative, infinite or NaN are left out. a = 2·b gives exactly 2 with zero
// width. PairedRatio panics if a and b differ in length.
func PairedRatio(a, b []float64) Stat { return Paired(a, b, Ratio, level) }

// Paired compares a with b pair by pair (a_i and b_i from the same
// replication) at the two-sided level lev. Ratio gives [PairedRatio]'s
// geometric-mean ratio a/b at that level; Difference gives the mean of
// a_i − b_i over the pairs where neither is NaN, with its Student-t
// interval ([MeanCIAt]): a signed quantity, never kept in a range. Paired
// panics if a and b differ in length.
func Paired(a, b []float64, c Compare, lev float64) Stat {
	if len(a) != len(b) {
		panic("experiment: Paired needs paired slices")
	}
	d := make([]float64, 0, len(a))
	if c == Difference {
		for i := range a {
			if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
				d = append(d, a[i]-b[i])
			}
		}
		return MeanCIAt(d, lev)
	}
	for i := range a {
		if usable(a[i]) && usable(b[i]) {
			d = append(d, math.Log(a[i]/b[i]))
		}
	}
	st := MeanCIAt(d, lev)
	st.Mean, st.Low, st.High = math.Exp(st.Mean), math.Exp(st.Low), math.Exp(st.High)
	return st
}

// usable reports whether v can enter a log ratio.
func usable(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

// KaplanMeierMedian returns the median of right-censored times by the
// Kaplan–Meier product-limit estimator. With the distinct uncensored times
// t_1 < t_2 < …, d_j of them equal to t_j and n_j times (censored or not)
// ≥ t_j still at risk,
//
//	S(t) = Π_{t_j ≤ t} (1 − d_j / n_j),
//
// and the median is the smallest t_j with S(t_j) ≤ 0.5; it is +Inf when
// S stays above 0.5 (more than half censored early enough). A time censored
// at t_j counts as at risk at t_j. NaN times are left out; with no time left
// the result is NaN. KaplanMeierMedian panics if the slices differ in
// length; it sorts a private copy and leaves its inputs unchanged.
func KaplanMeierMedian(times []float64, censored []bool) float64 {
	if len(times) != len(censored) {
		panic("experiment: KaplanMeierMedian needs one censoring flag per time")
	}
	type obs struct {
		t        float64
		censored bool
	}
	o := make([]obs, 0, len(times))
	for i, t := range times {
		if !math.IsNaN(t) {
			o = append(o, obs{t, censored[i]})
		}
	}
	if len(o) == 0 {
		return math.NaN()
	}
	slices.SortFunc(o, func(x, y obs) int {
		switch {
		case x.t < y.t:
			return -1
		case x.t > y.t:
			return 1
		}
		return 0
	})
	s := 1.0
	for i := 0; i < len(o); {
		t, atRisk, deaths := o[i].t, len(o)-i, 0
		for ; i < len(o) && o[i].t == t; i++ {
			if !o[i].censored {
				deaths++
			}
		}
		if deaths == 0 {
			continue
		}
		s *= 1 - float64(deaths)/float64(atRisk)
		if s <= 0.5 {
			return t
		}
	}
	return math.Inf(1)
}
