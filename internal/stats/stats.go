package stats

import (
	"math"
	"slices"
)

// rankTol absorbs the rounding of p·n in [Quantile], so that p = k/n selects
// exactly rank k (0.07·100 is 7.000000000000001 in float64, not 7).
const rankTol = 1e-9

// Quantile returns the p-quantile of sorted, which must be in ascending
// order, by the nearest-rank definition: the order statistic
//
//	Q(p) = sorted[k],  k = ceil(p·n) − 1 clamped to [0, n−1],
//
// where n = len(sorted). The result is always one of the values of sorted,
// never an interpolation between two of them: Quantile of 1..100 at p = 0.95
// is 95 and at p = 0.5 is 50. p·n is reduced by 1e-9 before the ceiling so
// that floating-point rounding of p·n cannot move an exact rank up by one.
// Quantile returns NaN for an empty slice or a NaN p. It does not allocate.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	r := math.Ceil(p*float64(n)-rankTol) - 1
	switch {
	case r < 0:
		r = 0
	case r > float64(n-1):
		r = float64(n - 1)
	}
	return sorted[int(r)]
}

// Quantiles returns the nearest-rank quantile (see [Quantile]) of x at each
// of ps, in the order given. It sorts a copy of x, so x may be in any order
// and is left unchanged; the copy and the result are its only allocations.
// For an empty x every result is NaN.
func Quantiles(x []float64, ps ...float64) []float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = Quantile(s, p)
	}
	return out
}

// MeanSE returns the sample mean of x and its standard error
//
//	mean = Σ x_i / n,  sd = sqrt(Σ (x_i − mean)² / (n − 1)),  se = sd / sqrt(n).
//
// The standard error is 0 when n < 2, where no spread can be estimated; the
// mean of an empty slice is NaN. The sum of squares is taken about the mean
// in a second pass, which keeps it accurate for values far from zero.
func MeanSE(x []float64) (mean, se float64) {
	n := len(x)
	if n == 0 {
		return math.NaN(), 0
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	mean = sum / float64(n)
	if n < 2 {
		return mean, 0
	}
	var ss float64
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	sd := math.Sqrt(ss / float64(n-1))
	return mean, sd / math.Sqrt(float64(n))
}

// Gini returns the Gini coefficient of the non-negative values x, from the
// ascending order statistics x_(1) ≤ … ≤ x_(n):
//
//	G = 2 Σ_{i=1..n} i·x_(i) / (n Σ x) − (n + 1)/n.
//
// G is 0 when all values are equal and tends to 1 as the total concentrates
// on one value ((n−1)/n exactly when a single value is non-zero, so 0.75 for
// [0, 0, 0, 1]). Gini returns 0 for an empty or all-zero x and NaN if any
// value is negative or NaN. It sorts a copy of x and leaves x unchanged.
func Gini(x []float64) float64 {
	var sum float64
	for _, v := range x {
		if !(v >= 0) {
			return math.NaN()
		}
		sum += v
	}
	if len(x) == 0 || sum == 0 {
		return 0
	}
	s := slices.Clone(x)
	slices.Sort(s)
	var w float64
	for i, v := range s {
		w += float64(i+1) * v
	}
	n := float64(len(s))
	return 2*w/(n*sum) - (n+1)/n
}

// EffectiveNumber returns the effective number of the categories whose
// non-negative weights are x, as the Hill numbers of order 1 and 2:
//
//	shannon = exp(−Σ p_i ln p_i),  simpson = 1 / Σ p_i²,  p_i = x_i / Σ x.
//
// Both are n when n categories weigh the same and 1 when one holds
// everything; shannon ≥ simpson. For [1, 1, 2] they are 2.828… and 2.667.
// EffectiveNumber returns 0, 0 for an empty or all-zero x and NaN, NaN if
// any weight is negative or NaN.
func EffectiveNumber(x []float64) (shannon, simpson float64) {
	var sum float64
	for _, v := range x {
		if !(v >= 0) {
			return math.NaN(), math.NaN()
		}
		sum += v
	}
	if sum == 0 {
		return 0, 0
	}
	var h, s2 float64
	for _, v := range x {
		if v > 0 {
			p := v / sum
			h -= p * math.Log(p)
			s2 += p * p
		}
	}
	return math.Exp(h), 1 / s2
}

// BatchMeansSE returns the grand mean of a time-ordered, possibly
// autocorrelated series x and the batch-means standard error of that mean.
// x is cut into `batches` contiguous batches of b = ⌊n/batches⌋ values each;
// when n is not a multiple of batches, the first n − batches·b values (the
// earliest, nearest the warm-up) are dropped. With batch means ȳ_1 … ȳ_k
// (k = batches),
//
//	mean = Σ ȳ_j / k,  se = sqrt(Σ (ȳ_j − mean)² / (k − 1)) / sqrt(k),
//
// which stays honest under autocorrelation as long as each batch is much
// longer than the correlation time. The se is 0 when batches == 1 (as in
// [MeanSE]); when n < batches no batch can be formed and BatchMeansSE returns
// the plain mean of x (NaN if x is empty) with a NaN se. It panics if
// batches < 1. It does not allocate.
func BatchMeansSE(x []float64, batches int) (mean, se float64) {
	if batches < 1 {
		panic("stats: BatchMeansSE needs at least one batch")
	}
	n := len(x)
	if n < batches {
		mean, _ = MeanSE(x)
		return mean, math.NaN()
	}
	b := n / batches
	x = x[n-batches*b:]
	batchMean := func(j int) float64 {
		var s float64
		for _, v := range x[j*b : (j+1)*b] {
			s += v
		}
		return s / float64(b)
	}
	var sum float64
	for j := range batches {
		sum += batchMean(j)
	}
	mean = sum / float64(batches)
	if batches < 2 {
		return mean, 0
	}
	var ss float64
	for j := range batches {
		d := batchMean(j) - mean
		ss += d * d
	}
	sd := math.Sqrt(ss / float64(batches-1))
	return mean, sd / math.Sqrt(float64(batches))
}
