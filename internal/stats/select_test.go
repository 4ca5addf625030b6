package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectQuantilesEqualSorting: a few levels (selected) and many levels
// (sorted in place, as the latency table's 101 levels are) give the
// quantiles of a sorted copy exactly.
func TestSelectQuantilesEqualSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	few := []float64{0.01, 0.5, 0.9, 0.95, 0.99, 1}
	var many []float64
	for k := 0; k <= 100; k++ {
		many = append(many, float64(k)/100)
	}
	for _, ps := range [][]float64{few, many} {
		for _, n := range []int{1, 2, 3, 17, 100, 1001, 50000} {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(rng.IntN(n/3 + 1)) // many ties
			}
			want := Quantiles(x, ps...)
			got := SelectQuantiles(nil, slices.Clone(x), ps...)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d, %d levels: select %v, sort %v", n, len(ps), got, want)
			}
		}
	}
	if got := SelectQuantiles(nil, nil, 0.5); len(got) != 1 || got[0] == got[0] {
		t.Fatalf("empty sample: %v, want [NaN]", got)
	}
}

// TestBracketSelect: large samples, whose ranks are first found in a
// histogram of buckets, give the quantiles of a sorted copy exactly,
// whatever their shape, ranks sharing a bucket included; the bucketed path
// gives up, so the plain one answers, on a NaN, on −0 and on a flood of
// ties.
func TestBracketSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ps := []float64{0.5, 0.9, 0.95, 0.99}
	n := 3*bracketAbove + 17
	shapes := map[string]func(i int) float64{
		"exponential": func(int) float64 { return rng.ExpFloat64() },
		"ascending":   func(i int) float64 { return float64(i) },
		"descending":  func(i int) float64 { return float64(n - i) },
		"few values":  func(int) float64 { return float64(rng.IntN(5)) },
		"one value":   func(int) float64 { return 2.5 },
		"infinities": func(i int) float64 {
			switch i % 7 {
			case 0:
				return math.Inf(1)
			case 1:
				return math.Inf(-1)
			}
			return rng.NormFloat64()
		},
		"periodic": func(i int) float64 { return float64(i % (n / 1024)) },
		"heavy":    func(int) float64 { return math.Exp(8 * rng.NormFloat64()) },
	}
	for name, f := range shapes {
		x := make([]float64, n)
		for i := range x {
			x[i] = f(i)
		}
		want := Quantiles(x, ps...)
		y := slices.Clone(x)
		got := SelectQuantiles(nil, y, ps...)
		if !slices.Equal(got, want) {
			t.Errorf("%s: select %v, sort %v", name, got, want)
		}
		var dst [4]float64
		ks := []int{Rank(n, 0.5), Rank(n, 0.9), Rank(n, 0.95), Rank(n, 0.99)}
		y = slices.Clone(x)
		if ok := bracketSelect(dst[:], y, ks); ok {
			if !slices.Equal(dst[:], want) {
				t.Errorf("%s: bracketed %v, sort %v", name, dst, want)
			}
			if !slices.Equal(y, x) {
				t.Errorf("%s: bracketing changed x", name)
			}
		} else if name != "one value" && name != "few values" {
			t.Errorf("%s: bracketing gave up on a sample it should handle", name)
		}
	}
	// A NaN: the bracketed path declines and the plain one answers, as
	// before.
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.Float64()
	}
	x[n/2] = math.NaN()
	var dst [1]float64
	if bracketSelect(dst[:], x, []int{n / 2}) {
		t.Error("bracketing accepted a sample holding a NaN")
	}
	// −0, which quickselect takes as equal to +0: declined.
	x[n/2] = math.Copysign(0, -1)
	if bracketSelect(dst[:], x, []int{n / 2}) {
		t.Error("bracketing accepted a sample holding −0")
	}
	// Neighbouring ranks share a bucket: each is its own order statistic.
	for i := range x {
		x[i] = rng.ExpFloat64()
	}
	ks := []int{n / 2, n/2 + 1, n/2 + 2}
	sorted := slices.Sorted(slices.Values(x))
	var three [3]float64
	if !bracketSelect(three[:], x, ks) {
		t.Fatal("bracketing gave up on neighbouring ranks of an exponential sample")
	}
	for i, k := range ks {
		if three[i] != sorted[k] {
			t.Errorf("rank %d: bracketed %v, sorted %v", k, three[i], sorted[k])
		}
	}
	// Ties that would flood a bracket: declined.
	for i := range x {
		x[i] = 1
	}
	if bracketSelect(dst[:], x, []int{n / 2}) {
		t.Error("bracketing accepted a sample of one value (every value in the bracket)")
	}
}

// BenchmarkSelectQuantiles takes the four summary levels of a million
// exponential values, as a long run's latency summary does.
func BenchmarkSelectQuantiles(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	x := make([]float64, 1<<20)
	for i := range x {
		x[i] = rng.ExpFloat64()
	}
	y := make([]float64, len(x))
	var q [4]float64
	for b.Loop() {
		copy(y, x)
		SelectQuantiles(q[:0], y, 0.5, 0.9, 0.95, 0.99)
	}
}
