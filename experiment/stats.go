package experiment

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// level is the two-sided confidence level of every interval.
const level = 0.95

// tQuantile returns the (1+level)/2 quantile of Student's t distribution
// with df degrees of freedom: 2.776445 for df = 4 at 95 %.
func tQuantile(df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile((1 + level) / 2)
}

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
// an infinite mean has a NaN interval.
func MeanCI(x []float64) Stat {
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
		return st
	}
	n := float64(st.N)
	st.Mean = shift + sum/n
	if st.N < 2 || math.IsInf(st.Mean, 0) || math.IsNaN(st.Mean) {
		return st
	}
	var ss float64
	for _, v := range x {
		if !math.IsNaN(v) {
			d := v - st.Mean
			ss += d * d
		}
	}
	half := tQuantile(st.N-1) * math.Sqrt(ss/(n-1)) / math.Sqrt(n)
	st.Low, st.High = st.Mean-half, st.Mean+half
	return st
}

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
func PairedRatio(a, b []float64) Stat {
	if len(a) != len(b) {
		panic("experiment: PairedRatio needs paired slices")
	}
	d := make([]float64, 0, len(a))
	for i := range a {
		if usable(a[i]) && usable(b[i]) {
			d = append(d, math.Log(a[i]/b[i]))
		}
	}
	st := MeanCI(d)
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
