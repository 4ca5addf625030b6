package resilience

import (
	"fmt"
	"math"
	"sort"

	"github.com/orgsim/orgsim/internal/stats"
)

// DefaultMinN is the usual minimum number of baseline arrivals per window
// passed to [Windows].
const DefaultMinN = 30

// gridTol lets a grid point that lands on end only up to rounding still count
// as t_i ≤ end, as a fraction of the grid step.
const gridTol = 1e-9

// A Window is the half-open time interval [Lo, Hi) of issue arrivals over
// which one value of the signal is taken.
type Window struct{ Lo, Hi float64 }

// Windows returns the evaluation grid and the window of each grid point.
//
// With step s = w/4 the grid is t_i = start + i·s for i = 4, 5, …, so it
// runs from start + w while t_i ≤ end (a point that exceeds end by no more
// than 1e-9·s of rounding is kept). The window of t_i is [t_i − w, t_i). If
// it holds fewer than minN of baseArrivals, its left edge moves left in steps
// of s, staying on the grid start + j·s, to the first edge at which the
// window holds at least minN arrivals; if that would pass start, the window
// is [start, t_i) and is used with however many arrivals it holds. minN ≤ 0
// means DefaultMinN. baseArrivals must be in ascending order. Each window
// costs two binary searches, whatever its width.
//
// Windows panics unless w > 0.
func Windows(baseArrivals []float64, start, end, w float64, minN int) (grid []float64, win []Window) {
	if !(w > 0) {
		panic("resilience: window width must be positive")
	}
	if minN <= 0 {
		minN = DefaultMinN
	}
	step := w / 4
	at := func(j int) float64 { return start + float64(j)*step }
	for i := 4; at(i) <= end+gridTol*step; i++ {
		t := at(i)
		lo := at(i - 4)
		hiIdx := firstAtOrAfter(baseArrivals, t)
		if hiIdx-firstAtOrAfter(baseArrivals, lo) < minN {
			if hiIdx < minN {
				lo = start // even [start, t) cannot hold minN
			} else {
				// The window holds minN arrivals exactly when lo ≤ target.
				target := baseArrivals[hiIdx-minN]
				j := int(math.Floor((target - start) / step))
				for j < i-4 && at(j+1) <= target {
					j++ // undo rounding of the floor
				}
				for j > 0 && at(j) > target {
					j--
				}
				j = min(j, i-4)
				if j <= 0 {
					lo = start
				} else {
					lo = at(j)
				}
			}
		}
		grid = append(grid, t)
		win = append(win, Window{Lo: lo, Hi: t})
	}
	return grid, win
}

// firstAtOrAfter returns the index of the first element of the ascending
// slice a that is ≥ x, or len(a).
func firstAtOrAfter(a []float64, x float64) int {
	return sort.Search(len(a), func(i int) bool { return a[i] >= x })
}

// WindowP95 returns, for each window, the nearest-rank p95 of the latencies
// of the issues arriving in it: with arrivals[k] in [Lo, Hi), the value
// stats.Quantile(sorted latencies, 0.95). A window with no arrival gives NaN.
// arrivals must be in ascending order and latencies[k] belongs to the issue
// that arrived at arrivals[k]; an issue that never finished should carry
// +Inf, never NaN. Each window's range is found by binary search and its
// p95 is selected (not sorted) in one scratch slice reused across windows.
//
// WindowP95 panics if arrivals and latencies differ in length.
func WindowP95(arrivals, latencies []float64, win []Window) []float64 {
	if len(arrivals) != len(latencies) {
		panic(fmt.Sprintf("resilience: %d arrivals but %d latencies", len(arrivals), len(latencies)))
	}
	out := make([]float64, len(win))
	var scratch []float64
	for i, wd := range win {
		a := firstAtOrAfter(arrivals, wd.Lo)
		b := firstAtOrAfter(arrivals, wd.Hi)
		if b <= a {
			out[i] = math.NaN()
			continue
		}
		// The nearest-rank p95 is one order statistic: select it (linear
		// time) rather than sort the window.
		scratch = append(scratch[:0], latencies[a:b]...)
		out[i] = stats.Select(scratch, stats.Rank(len(scratch), 0.95))
	}
	return out
}

// Quality returns the quality of a lower-is-better signal m against its
// baseline m0, in percent:
//
//	Q = 100·min(1, m0/m).
//
// The cases without a usable ratio are: m or m0 NaN (no evidence of
// degradation) → 100; m ≤ m0, which includes m and m0 both +Inf or both 0 →
// 100; m = +Inf with m0 finite → 0.
func Quality(m, m0 float64) float64 {
	switch {
	case math.IsNaN(m) || math.IsNaN(m0) || m <= m0:
		return 100
	case math.IsInf(m, 1):
		return 0
	}
	return 100 * m0 / m
}

// degradation returns m/m0 for a point that Quality scores below 100, and 1
// for every other point (including NaN signals).
func degradation(m, m0 float64) float64 {
	if math.IsNaN(m) || math.IsNaN(m0) || m <= m0 {
		return 1
	}
	if m0 == 0 || math.IsInf(m, 1) {
		return math.Inf(1)
	}
	return m / m0
}

// Result holds the resilience metrics of one disturbed run against its
// baseline. See [Analyse] for the exact definitions.
type Result struct {
	// Loss is ∫(100 − Q)dt over [t0, end], in percent·hours.
	Loss float64
	// Recovery is the time from t0 until quality is back above the
	// threshold to stay for the hold period, in hours.
	Recovery float64
	// Censored reports that quality never recovered before end; Recovery
	// is then end − t0.
	Censored bool
	// PeakDegradation is the largest m/m0 over grid points in [t0, end];
	// it is at least 1, and 1 when quality never dropped.
	PeakDegradation float64
	// MinQ is the lowest quality over grid points in [t0, end]; 100 when
	// quality never dropped.
	MinQ float64
}

// Analyse computes the resilience metrics of the disturbed signal m against
// the baseline signal m0, both evaluated on the ascending grid, for a
// disruption at t0 and an observation horizon end. With Q_i =
// Quality(m[i], m0[i]):
//
//   - Loss is the integral of 100 − Q over [t0, end] ∩ [grid[0],
//     grid[len−1]], with Q taken as piecewise linear between grid points
//     (the trapezoid rule, interpolating Q where t0 or end falls between two
//     grid points).
//   - Recovery is t* − t0, where t* is the first candidate time t ≥ t0 with
//     t + hold ≤ min(end, grid[len−1]) such that Q_j ≥ threshold for every
//     grid point grid[j] in [t, t + hold]. The candidates are t0 itself and
//     the grid points after it, so an undisturbed run recovers at once
//     (Recovery 0). If no candidate qualifies, Censored is true and Recovery
//     is end − t0.
//   - PeakDegradation is the maximum over grid points in [t0, end] of m/m0
//     where Q < 100, and 1 if there is none (+Inf where m is +Inf or m0 is
//     0 while m is not).
//   - MinQ is the minimum of Q_j over grid points in [t0, end], and 100 if
//     there is none.
//
// A run with m equal to m0 everywhere gives Loss 0, Recovery 0, Censored
// false, PeakDegradation 1 and MinQ 100 (provided t0 + hold ≤ the end of the
// grid). Analyse takes O(len(grid)) time and panics if m, m0 and grid differ
// in length.
func Analyse(grid, m, m0 []float64, t0, end, threshold, hold float64) Result {
	n := len(grid)
	if len(m) != n || len(m0) != n {
		panic(fmt.Sprintf("resilience: grid, m and m0 have lengths %d, %d, %d", n, len(m), len(m0)))
	}
	q := make([]float64, n)
	for i := range q {
		q[i] = Quality(m[i], m0[i])
	}
	r := Result{PeakDegradation: 1, MinQ: 100}
	for i, t := range grid {
		if t < t0 || t > end {
			continue
		}
		r.MinQ = min(r.MinQ, q[i])
		r.PeakDegradation = max(r.PeakDegradation, degradation(m[i], m0[i]))
	}
	r.Loss = loss(grid, q, t0, end)

	horizon := end
	if n > 0 {
		horizon = min(horizon, grid[n-1])
	}
	// nextBad[i] is the first j ≥ i with Q_j below threshold, or n.
	nextBad := make([]int, n+1)
	nextBad[n] = n
	for i := n - 1; i >= 0; i-- {
		if q[i] >= threshold {
			nextBad[i] = nextBad[i+1]
		} else {
			nextBad[i] = i
		}
	}
	first := sort.SearchFloat64s(grid, t0) // first grid point ≥ t0
	ok := func(t float64, j int) bool {
		// Q ≥ threshold at every grid point in [t, t+hold], the first of
		// which is grid[j].
		b := nextBad[j]
		return b == n || grid[b] > t+hold
	}
	if n > 0 && t0+hold <= horizon && ok(t0, first) {
		return r // recovered at t0: Recovery 0
	}
	for j := first; j < n && grid[j]+hold <= horizon; j++ {
		if ok(grid[j], j) {
			r.Recovery = grid[j] - t0
			return r
		}
	}
	r.Censored = true
	r.Recovery = end - t0
	return r
}

// loss integrates 100 − q, piecewise linear between grid points, over
// [t0, end] ∩ [grid[0], grid[len−1]].
func loss(grid, q []float64, t0, end float64) float64 {
	var sum float64
	for i := 1; i < len(grid); i++ {
		a, b := grid[i-1], grid[i]
		lo, hi := max(a, t0), min(b, end)
		if !(hi > lo) {
			continue
		}
		// Deficit at the ends of [lo, hi] by linear interpolation.
		d := func(t float64) float64 {
			if t == a {
				return 100 - q[i-1]
			}
			if t == b {
				return 100 - q[i]
			}
			f := (t - a) / (b - a)
			return 100 - (q[i-1] + f*(q[i]-q[i-1]))
		}
		sum += 0.5 * (d(lo) + d(hi)) * (hi - lo)
	}
	return sum
}

// ExcessDelay returns the total extra latency of the disturbed run over the
// baseline, Σ_i (latDisturbed[i] − latBaseline[i]), pairing issues by index.
// It panics if the slices differ in length.
func ExcessDelay(latDisturbed, latBaseline []float64) float64 {
	if len(latDisturbed) != len(latBaseline) {
		panic(fmt.Sprintf("resilience: %d disturbed latencies but %d baseline", len(latDisturbed), len(latBaseline)))
	}
	var sum float64
	for i, a := range latDisturbed {
		sum += a - latBaseline[i]
	}
	return sum
}
