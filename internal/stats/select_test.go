package stats

import (
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
