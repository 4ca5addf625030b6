package stats

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectRanks: every selected rank holds the sorted value, for many
// levels and few, repeated ranks, ties and short slices.
func TestSelectRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 15, 16, 17, 100, 1000, 20000} {
		for _, m := range []int{1, 2, 7, 101} {
			for _, ties := range []bool{false, true} {
				x := make([]float64, n)
				for i := range x {
					x[i] = rng.ExpFloat64()
					if ties {
						x[i] = float64(rng.IntN(5))
					}
				}
				want := slices.Clone(x)
				slices.Sort(want)
				ranks := make([]int, m)
				for i := range ranks {
					ranks[i] = rng.IntN(n)
				}
				slices.Sort(ranks)
				got := SelectRanks(x, ranks)
				for i, k := range ranks {
					if got[i] != want[k] || x[k] != want[k] {
						t.Fatalf("n %d, %d ranks, ties %v: rank %d is %v, want %v", n, m, ties, k, got[i], want[k])
					}
				}
				slices.Sort(x)
				if !slices.Equal(x, want) {
					t.Fatalf("n %d: SelectRanks lost or changed values", n)
				}
			}
		}
	}
}

// BenchmarkSelectRanks selects the 101 levels of a latency table over
// 200,000 values, against sorting them.
func BenchmarkSelectRanks(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, 200000)
	for i := range src {
		src[i] = rng.ExpFloat64()
	}
	ranks := make([]int, 101)
	for i := range ranks {
		ranks[i] = Rank(len(src), float64(i)/100)
	}
	x := make([]float64, len(src))
	b.Run("select", func(b *testing.B) {
		for range b.N {
			copy(x, src)
			SelectRanks(x, ranks)
		}
	})
	b.Run("sort", func(b *testing.B) {
		for range b.N {
			copy(x, src)
			slices.Sort(x)
		}
	})
}
