package stats

import (
	"math"
	"slices"
)

// selectMany is the number of quantile levels above which [SelectQuantiles]
// sorts rather than selects.
const selectMany = 8

// Rank returns the 0-based index of the nearest-rank p-quantile in a sample
// of n values (see [Quantile]), or −1 for n = 0 or a NaN p.
func Rank(n int, p float64) int {
	if n == 0 || math.IsNaN(p) {
		return -1
	}
	r := math.Ceil(p*float64(n)-rankTol) - 1
	return int(min(max(r, 0), float64(n-1)))
}

// Select reorders x so that x[k] holds the value that would be there if x
// were sorted, every value before it is ≤ x[k] and every value after it is
// ≥ x[k], and returns x[k]. It runs in expected linear time (Hoare's
// quickselect with a median-of-three pivot), does not allocate, and is
// deterministic. It panics if k is out of range.
func Select(x []float64, k int) float64 {
	if k < 0 || k >= len(x) {
		panic("stats: Select rank out of range")
	}
	lo, hi := 0, len(x)-1
	for hi > lo {
		if hi-lo < 16 {
			insertion(x[lo : hi+1])
			break
		}
		mid := lo + (hi-lo)/2
		// Median of three into x[mid].
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for x[j] > pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	return x[k]
}

func insertion(x []float64) {
	for i := 1; i < len(x); i++ {
		v := x[i]
		j := i - 1
		for j >= 0 && x[j] > v {
			x[j+1] = x[j]
			j--
		}
		x[j+1] = v
	}
}

// SelectQuantiles returns the nearest-rank quantiles of x at ps, which must
// be in ascending order, reordering x as it goes (see [Select]). It is the
// linear-time alternative to sorting when only a few quantiles are needed;
// the results equal [Quantiles]. For more than selectMany levels it sorts x
// in place instead: each selection scans what is left above the previous
// rank, so many levels would cost more than one sort. It writes into dst
// (grown as needed) and returns it; for an empty x every result is NaN.
func SelectQuantiles(dst, x []float64, ps ...float64) []float64 {
	dst = dst[:0]
	if len(ps) > selectMany {
		slices.Sort(x)
		for _, p := range ps {
			dst = append(dst, Quantile(x, p))
		}
		return dst
	}
	from := 0
	for _, p := range ps {
		k := Rank(len(x), p)
		if k < 0 {
			dst = append(dst, math.NaN())
			continue
		}
		if k < from {
			panic("stats: SelectQuantiles needs ascending ps")
		}
		dst = append(dst, Select(x[from:], k-from))
		from = k
	}
	return dst
}
