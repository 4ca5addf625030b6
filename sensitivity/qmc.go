package sensitivity

import (
	"math/bits"
	"math/rand/v2"
)

// MaxSobolDimensions is the number of Sobol' dimensions with direction
// numbers here; a Saltelli design uses two per factor, so scrambled
// Sobol' sampling takes at most MaxSobolDimensions/2 factors.
const MaxSobolDimensions = len(joeKuo) + 1

// sobolBits is the number of direction numbers per dimension: at most
// 2^sobolBits points.
const sobolBits = 32

// directions returns the direction numbers v_1 … v_32 of Sobol' dimension
// dim (0-based) as 64-bit binary fractions: the most significant bit is
// the digit 1/2. They are the columns of the dimension's generator matrix.
func directions(dim int) [sobolBits]uint64 {
	var v [sobolBits]uint64
	if dim == 0 {
		for k := range v {
			v[k] = 1 << (63 - k)
		}
		return v
	}
	e := joeKuo[dim-1]
	s := int(e.s)
	for k := 0; k < s; k++ {
		v[k] = uint64(e.m[k]) << (63 - k)
	}
	// v_k = a_1 v_{k−1} ⊕ … ⊕ a_{s−1} v_{k−s+1} ⊕ v_{k−s} ⊕ (v_{k−s} >> s)
	for k := s; k < sobolBits; k++ {
		x := v[k-s] ^ (v[k-s] >> s)
		for j := 1; j < s; j++ {
			if (e.a>>(s-1-j))&1 == 1 {
				x ^= v[k-j]
			}
		}
		v[k] = x
	}
	return v
}

// sobolSeq is a Sobol' sequence randomised by a random linear matrix
// scramble and a random digital shift (Matoušek 1998; Owen 2003): every
// point is uniform on the unit cube, the net structure of the sequence is
// kept, and sequences scrambled with independent generators are
// independent, so estimates from them are independent replicates.
type sobolSeq struct {
	v     [][sobolBits]uint64 // scrambled generator columns, per dimension
	shift []uint64            // digital shift, per dimension
}

// newSobolSeq returns the first dims dimensions of the Sobol' sequence,
// scrambled with rng; a nil rng leaves the sequence unscrambled (tests).
func newSobolSeq(dims int, rng *rand.Rand) *sobolSeq {
	s := &sobolSeq{v: make([][sobolBits]uint64, dims), shift: make([]uint64, dims)}
	for d := range dims {
		v := directions(d)
		if rng != nil {
			// Row i of a random lower-triangular matrix with a unit
			// diagonal: digit i of the output is digit i of the input
			// plus a random combination of the more significant digits.
			var rows [64]uint64
			for i := range rows {
				above := ^uint64(0) << (64 - i) // the i digits above digit i (none for i = 0)
				rows[i] = rng.Uint64()&above | 1<<(63-i)
			}
			for k := range v {
				var x uint64
				for i, row := range rows {
					x |= uint64(bits.OnesCount64(row&v[k])&1) << (63 - i)
				}
				v[k] = x
			}
			s.shift[d] = rng.Uint64()
		}
		s.v[d] = v
	}
	return s
}

// points returns the first n points (n ≤ 2^32), in Gray-code order: the
// same set as the first n points in natural order when n is a power of
// two. Coordinates are in (0, 1).
func (s *sobolSeq) points(n int) [][]float64 {
	dims := len(s.v)
	x := make([]uint64, dims)
	out := make([][]float64, n)
	flat := make([]float64, n*dims)
	for i := range n {
		if i > 0 {
			c := bits.TrailingZeros64(uint64(i))
			for d := range dims {
				x[d] ^= s.v[d][c]
			}
		}
		p := flat[i*dims : (i+1)*dims : (i+1)*dims]
		for d := range dims {
			p[d] = unit(x[d] ^ s.shift[d])
		}
		out[i] = p
	}
	return out
}

// unit maps a 64-bit binary fraction to the centre of its 2^−53 cell, in
// (0, 1).
func unit(w uint64) float64 { return (float64(w>>11) + 0.5) / (1 << 53) }
