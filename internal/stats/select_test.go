package stats

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSelectQuantilesEqualSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ps := []float64{0.01, 0.5, 0.9, 0.95, 0.99, 1}
	for _, n := range []int{1, 2, 3, 17, 100, 1001, 50000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(n/3 + 1)) // many ties
		}
		want := Quantiles(x, ps...)
		got := SelectQuantiles(nil, slices.Clone(x), ps...)
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d: select %v, sort %v", n, got, want)
		}
	}
	if got := SelectQuantiles(nil, nil, 0.5); len(got) != 1 || got[0] == got[0] {
		t.Fatalf("empty sample: %v, want [NaN]", got)
	}
}
