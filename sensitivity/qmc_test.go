package sensitivity

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSobolSequenceKnownPoints checks the unscrambled sequence against its
// well-known first points in three dimensions (Gray-code order).
func TestSobolSequenceKnownPoints(t *testing.T) {
	want := [][]float64{
		{0, 0, 0}, {0.5, 0.5, 0.5}, {0.75, 0.25, 0.25}, {0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875},
		{0.125, 0.625, 0.375}, {0.1875, 0.3125, 0.9375}, {0.6875, 0.8125, 0.4375},
	}
	got := newSobolSeq(3, nil).points(len(want))
	for i := range want {
		for d := range want[i] {
			if math.Abs(got[i][d]-want[i][d]) > 1e-15 {
				t.Fatalf("point %d = %v, want %v", i, got[i], want[i])
			}
		}
	}
}

// TestJoeKuoTable checks each entry's internal consistency: m_k odd and
// below 2^k, the degree matching the number of m's, and the polynomial
// primitive (x has order 2^s − 1 modulo it). A mistyped entry would almost
// surely break one of these.
func TestJoeKuoTable(t *testing.T) {
	for j, e := range joeKuo {
		s := int(e.s)
		if len(e.m) != s || e.a >= 1<<(s-1) {
			t.Fatalf("dimension %d: degree %d, a = %d, %d m's", j+2, s, e.a, len(e.m))
		}
		for k, m := range e.m {
			if m%2 != 1 || m >= 1<<(k+1) {
				t.Errorf("dimension %d: m_%d = %d", j+2, k+1, m)
			}
		}
		poly := uint64(1)<<s | uint64(e.a)<<1 | 1
		x, order := uint64(1), 0
		for {
			x <<= 1
			if x>>s&1 == 1 {
				x ^= poly
			}
			order++
			if x == 1 || order > 1<<s {
				break
			}
		}
		if order != 1<<s-1 {
			t.Errorf("dimension %d: polynomial (s = %d, a = %d) has x of order %d, not primitive", j+2, s, e.a, order)
		}
	}
}

// TestSobolSequenceNets checks the equidistribution that makes the
// sequence a (t, s)-sequence, scrambled or not: in every dimension the
// first 2^m points fall one in each interval of width 2^−m, and in the
// first two dimensions (t = 0) one in each elementary box of area 2^−m.
func TestSobolSequenceNets(t *testing.T) {
	const m = 10
	n := 1 << m
	for _, scramble := range []bool{false, true} {
		var rng *rand.Rand
		if scramble {
			rng = rand.New(rand.NewPCG(5, 6))
		}
		pts := newSobolSeq(MaxSobolDimensions, rng).points(n)
		for d := range MaxSobolDimensions {
			seen := make([]bool, n)
			for _, p := range pts {
				c := int(p[d] * float64(n))
				if seen[c] {
					t.Fatalf("scrambled %v, dimension %d: two of the first %d points in cell %d", scramble, d+1, n, c)
				}
				seen[c] = true
			}
		}
		for a := 0; a <= m; a++ {
			seen := make(map[[2]int]bool, n)
			for _, p := range pts {
				c := [2]int{int(p[0] * float64(int(1)<<a)), int(p[1] * float64(int(1)<<(m-a)))}
				if seen[c] {
					t.Fatalf("scrambled %v: box 2^-%d × 2^-%d %v holds two points", scramble, a, m-a, c)
				}
				seen[c] = true
			}
		}
	}
}

// TestScrambledSobolUniform checks that a scrambled point is uniform: the
// mean of one coordinate of the first point over many independent
// scrambles is 1/2 within 4 standard errors.
func TestScrambledSobolUniform(t *testing.T) {
	const scrambles = 4000
	for _, d := range []int{0, 7, 63} {
		var sum float64
		for i := range scrambles {
			sum += newSobolSeq(d+1, rand.New(rand.NewPCG(uint64(i), 99))).points(1)[0][d]
		}
		mean := sum / scrambles
		if se := math.Sqrt(1.0 / 12 / scrambles); math.Abs(mean-0.5) > 4*se {
			t.Errorf("dimension %d: mean of the first point over %d scrambles = %.4f", d+1, scrambles, mean)
		}
	}
}
