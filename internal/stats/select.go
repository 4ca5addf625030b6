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
// be in ascending order, reordering x as it goes (see [Select]); for a large
// x and at most four levels it finds each rank's bucket in a histogram of
// x first and leaves x as it is, allocating what those buckets hold. It is the
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
	if len(x) >= bracketAbove && len(ps) <= maxBrackets {
		var ks [maxBrackets]int
		ok := true
		for i, p := range ps {
			ks[i] = Rank(len(x), p)
			if ks[i] < 0 || i > 0 && ks[i] < ks[i-1] {
				ok = false // NaN level, or out of order: the plain path says so
			}
		}
		if ok {
			var got [maxBrackets]float64
			if bracketSelect(got[:len(ps)], x, ks[:len(ps)]) {
				return append(dst, got[:len(ps)]...)
			}
		}
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

// Bracketed selection, for large samples: one pass counts the values of x
// in 65,536 buckets by the top 16 bits of an order-preserving key (sign,
// exponent and four bits of mantissa: sixteen buckets an octave), which
// finds the bucket that holds each wanted rank and how many values lie
// below it; a second pass gathers those buckets' values, and each rank is
// selected among the few gathered. Two passes without a mispredicted
// branch replace the several passes of quickselect, each of which
// mispredicts about one comparison in two.
const (
	bracketAbove = 1 << 16 // samples at least this large are bracketed
	maxBrackets  = 4       // at most this many levels are bracketed at once
	bucketShift  = 48      // key bits below a bucket's
)

// orderKey maps a float64 to a uint64 in the same order (−Inf lowest;
// −0 below +0; negative NaNs below and positive NaNs above everything).
func orderKey(v float64) uint64 {
	b := math.Float64bits(v)
	return b ^ (uint64(int64(b)>>63) | 1<<63)
}

// Keys outside [keyLo, keyHi] are NaNs or −0, whose order the plain path
// decides (quickselect treats −0 and +0 as equal, a key does not).
var (
	keyLo   = orderKey(math.Inf(-1))
	keyHi   = orderKey(math.Inf(1))
	keyNegZ = orderKey(math.Copysign(0, -1))
)

// bracketSelect sets dst[i] to the value of rank ks[i] (ascending) in x,
// leaving x as it is, and reports whether it could: it gives up, having
// changed nothing, when x holds a NaN or a −0, or when the buckets of the
// ranks hold more than a quarter of x (a flood of ties or a narrow
// spread), so that the caller selects the plain way.
func bracketSelect(dst, x []float64, ks []int) bool {
	if len(x) > math.MaxInt32 {
		return false // the counts are int32
	}
	counts := make([]int32, 1<<(64-bucketShift))
	bad := false
	for _, v := range x {
		k := orderKey(v)
		bad = bad || k < keyLo || k > keyHi || k == keyNegZ
		counts[k>>bucketShift]++
	}
	if bad {
		return false
	}
	// The bucket of each rank, and the values below it.
	var bucket [maxBrackets]uint64
	var below [maxBrackets]int
	var size [maxBrackets]int
	i, seen := 0, 0
	for b, c := range counts {
		for i < len(ks) && ks[i] < seen+int(c) {
			bucket[i], below[i], size[i] = uint64(b), seen, int(c)
			i++
		}
		seen += int(c)
	}
	total := 0
	for j := range ks {
		if j == 0 || bucket[j] != bucket[j-1] {
			total += size[j]
		}
	}
	if total > len(x)/4 {
		return false
	}
	// Gather each distinct bucket once; ranks sharing a bucket share it.
	var in [maxBrackets][]float64
	for j := range ks {
		if j > 0 && bucket[j] == bucket[j-1] {
			continue
		}
		in[j] = make([]float64, 0, size[j])
	}
	for len(ks) < maxBrackets { // unused slots repeat the last bucket
		ks = append(ks[:len(ks):len(ks)], ks[len(ks)-1])
		bucket[len(ks)-1] = bucket[len(ks)-2]
	}
	b0, b1, b2, b3 := bucket[0], bucket[1], bucket[2], bucket[3]
	for _, v := range x {
		k := orderKey(v) >> bucketShift
		if k == b0 || k == b1 || k == b2 || k == b3 {
			for j := range maxBrackets {
				if k == bucket[j] && in[j] != nil {
					in[j] = append(in[j], v)
					break
				}
			}
		}
	}
	for j := range dst {
		src := j
		for src > 0 && in[src] == nil {
			src--
		}
		// Select reorders in[src]; a later rank in the same bucket is
		// still its own order statistic there.
		dst[j] = Select(in[src], ks[j]-below[j])
	}
	return true
}
