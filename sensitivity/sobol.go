package sensitivity

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Sampling is how the base samples of a Sobol' design are drawn.
type Sampling uint8

// The samplings of a Sobol' design.
const (
	// ScrambledSobol is randomised quasi-Monte Carlo: each replicate is a
	// Sobol' sequence (Joe–Kuo direction numbers) with its own random
	// linear matrix scramble and digital shift. N must be a power of two.
	// At most MaxSobolDimensions/2 factors.
	ScrambledSobol Sampling = iota
	// MonteCarlo is plain Monte Carlo: each replicate draws its own
	// independent uniform points. Any N, any number of factors.
	MonteCarlo
)

var samplingNames = [...]string{ScrambledSobol: "scrambled-sobol", MonteCarlo: "monte-carlo"}

// String returns "scrambled-sobol" or "monte-carlo".
func (s Sampling) String() string {
	if int(s) < len(samplingNames) {
		return samplingNames[s]
	}
	return fmt.Sprintf("Sampling(%d)", uint8(s))
}

// SobolSettings are the parameters of a Sobol' (Saltelli) design.
type SobolSettings struct {
	// N is the number of base samples per replicate (rows of A and of
	// B); a replicate costs N·(k+2) evaluations for k factors.
	N int
	// Replicates is R ≥ 2, the number of independent replicate designs;
	// the intervals come from the spread of their estimates.
	Replicates int
	// Sampling draws the base samples; the zero value is ScrambledSobol.
	Sampling Sampling
	// Level is the confidence level of the intervals; 0 means 0.95.
	Level float64
}

// Blocks of a replicate of a Sobol' design, in order: A, then B, then
// A_B^(i) for each factor i (block BlockAB+i).
const (
	BlockA  = 0
	BlockB  = 1
	BlockAB = 2
)

// SobolDesign is a Saltelli design: per replicate, two independent base
// samples A and B of N rows, and for each factor i the matrix A_B^(i),
// which is A with column i taken from B. The points are laid out
// replicate by replicate, block by block, row by row: point
// (rep·(k+2) + block)·N + row; [SobolDesign.Index] computes it. A design
// is a pure function of its factors, settings and seed.
type SobolDesign struct {
	Factors  []Factor
	Settings SobolSettings // with Level filled in
	Seed     uint64
	Points   [][]float64 // every point in the factors' natural units
	Unit     [][]float64 // the same points as coordinates in (0, 1)
}

// NewSobol returns the Saltelli design for factors with settings s, drawn
// from seed. Replicate j draws its base samples from its own generator,
// seeded from (seed, j), so the replicates are independent.
func NewSobol(factors []Factor, s SobolSettings, seed uint64) (*SobolDesign, error) {
	fs, err := checkFactors(factors)
	if err != nil {
		return nil, err
	}
	if s.Level == 0 {
		s.Level = 0.95
	}
	k, n := len(fs), s.N
	switch {
	case !(s.Level > 0 && s.Level < 1):
		return nil, fmt.Errorf("sensitivity: confidence level %v is not in (0, 1)", s.Level)
	case s.Replicates < 2:
		return nil, fmt.Errorf("sensitivity: Sobol' indices need at least 2 independent replicates for an interval (got %d)", s.Replicates)
	case n < 2:
		return nil, fmt.Errorf("sensitivity: Sobol' indices need at least 2 base samples (got %d)", n)
	case s.Sampling > MonteCarlo:
		return nil, fmt.Errorf("sensitivity: unknown sampling %d", uint8(s.Sampling))
	case s.Sampling == ScrambledSobol && n&(n-1) != 0:
		return nil, fmt.Errorf("sensitivity: scrambled Sobol' sampling needs N a power of two (got %d; try %d)", n, ceilPow2(n))
	case s.Sampling == ScrambledSobol && n > 1<<sobolBits:
		return nil, fmt.Errorf("sensitivity: N = %d exceeds 2^%d", n, sobolBits)
	case s.Sampling == ScrambledSobol && 2*k > MaxSobolDimensions:
		return nil, fmt.Errorf("sensitivity: scrambled Sobol' sampling takes at most %d factors (got %d); use MonteCarlo", MaxSobolDimensions/2, k)
	}
	d := &SobolDesign{Factors: fs, Settings: s, Seed: seed}
	rows := s.Replicates * (k + 2) * n
	d.Points, d.Unit = make([][]float64, 0, rows), make([][]float64, 0, rows)
	ub, xb := make([]float64, rows*k), make([]float64, rows*k) // one backing array each
	for rep := range s.Replicates {
		rng := rand.New(rand.NewPCG(mix64(seed^mix64(uint64(rep))), mix64(uint64(rep)+0x536f626f6c))) // stream "Sobol"
		var base [][]float64                                                                          // N rows of 2k coordinates: A | B
		if s.Sampling == ScrambledSobol {
			base = newSobolSeq(2*k, rng).points(n)
		} else {
			base = make([][]float64, n)
			for j := range base {
				base[j] = make([]float64, 2*k)
				for c := range base[j] {
					base[j][c] = (float64(rng.Uint64()>>11) + 0.5) / (1 << 53)
				}
			}
		}
		for block := range k + 2 {
			for _, row := range base {
				at := len(d.Points) * k
				u, x := ub[at:at+k:at+k], xb[at:at+k:at+k]
				switch block {
				case BlockA:
					copy(u, row[:k])
				case BlockB:
					copy(u, row[k:])
				default:
					copy(u, row[:k])
					i := block - BlockAB
					u[i] = row[k+i]
				}
				for i := range u {
					x[i] = fs[i].Value(u[i])
				}
				d.Unit = append(d.Unit, u)
				d.Points = append(d.Points, x)
			}
		}
	}
	return d, nil
}

func ceilPow2(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

// Index returns the position in Points of row j of block in replicate
// rep (block BlockA, BlockB or BlockAB+i for factor i).
func (d *SobolDesign) Index(rep, block, j int) int {
	return (rep*(len(d.Factors)+2)+block)*d.Settings.N + j
}

// NoiseKey returns the key of the random numbers that a stochastic model
// should use at point i, 0 ≤ i < len(Points) (its replication seeds
// derived from the key and the replication number). Row j of A and row j of every A_B^(i) for a
// real factor i share a key, so each difference the estimators take
// compares two runs on common random numbers; row j of B and of A_B^(i)
// for a dummy factor i share another, so a dummy changes only the random
// numbers and its indices measure the share of the output variance that
// is replication noise. Rows and replicates have independent keys. The
// keys are a pure function of the design.
func (d *SobolDesign) NoiseKey(i int) uint64 {
	k, n := len(d.Factors), d.Settings.N
	rep, block, j := i/(n*(k+2)), i/n%(k+2), i%n
	side := uint64(0)
	if block == BlockB || block >= BlockAB && d.Factors[block-BlockAB].Kind == Dummy {
		side = 1
	}
	return mix64(mix64(mix64(d.Seed^0x536f626f6c)^uint64(rep)) ^ (uint64(j)<<1 | side))
}

// SobolIndex is one factor's first-order and total indices, each with its
// interval over the replicates.
type SobolIndex struct {
	Factor string
	First  Interval // S_i: the share of the variance due to the factor alone
	Total  Interval // S_Ti: the share due to the factor with all its interactions
}

// SobolResult is the outcome of a Sobol' design.
type SobolResult struct {
	N, Replicates int
	Sampling      Sampling
	Level         float64
	Mean          Interval     // of the output
	Variance      Interval     // of the output
	Indices       []SobolIndex // one per factor, in the factors' order
	// First[rep][i] and Total[rep][i] are replicate rep's estimates.
	First, Total [][]float64
}

// Analyse estimates every factor's first-order index with Saltelli et
// al.'s (2010) estimator and its total index with Jansen's (1999), in each
// replicate, from the outputs (one per design point, in the order of
// Points), and summarises each over the replicates as a mean with a
// Student-t interval. With f_A, f_B and f_ABi the outputs of rows of A, B
// and A_B^(i), and V the variance of the 2N outputs of A and B:
//
//	S_i  = mean(f_B · (f_ABi − f_A)) / V
//	S_Ti = mean((f_A − f_ABi)²) / (2V)
//
// An output that is NaN or infinite is refused with an *[OutputError]; a
// replicate whose outputs are all equal (no variance to apportion) is an
// error.
func (d *SobolDesign) Analyse(outputs []float64) (*SobolResult, error) {
	if d == nil || len(d.Points) == 0 {
		return nil, errors.New("sensitivity: empty Sobol' design")
	}
	if err := checkOutputs(outputs, len(d.Points)); err != nil {
		return nil, err
	}
	k, n, reps := len(d.Factors), d.Settings.N, d.Settings.Replicates
	res := &SobolResult{N: n, Replicates: reps, Sampling: d.Settings.Sampling, Level: d.Settings.Level,
		First: make([][]float64, reps), Total: make([][]float64, reps)}
	means, vars := make([]float64, reps), make([]float64, reps)
	for rep := range reps {
		fa := outputs[d.Index(rep, BlockA, 0):][:n]
		fb := outputs[d.Index(rep, BlockB, 0):][:n]
		mean, v := meanVar(append(append(make([]float64, 0, 2*n), fa...), fb...))
		if v == 0 {
			return nil, fmt.Errorf("sensitivity: replicate %d: the outputs of A and B are all %v; with no variance the indices are undefined", rep, mean)
		}
		means[rep], vars[rep] = mean, v
		first, total := make([]float64, k), make([]float64, k)
		for i := range k {
			fab := outputs[d.Index(rep, BlockAB+i, 0):][:n]
			var s1, st float64
			for j := range n {
				s1 += fb[j] * (fab[j] - fa[j])
				st += (fa[j] - fab[j]) * (fa[j] - fab[j])
			}
			first[i] = s1 / float64(n) / v
			total[i] = st / float64(2*n) / v
		}
		res.First[rep], res.Total[rep] = first, total
	}
	lev := d.Settings.Level
	res.Mean, res.Variance = tInterval(means, lev), tInterval(vars, lev)
	col := make([]float64, reps)
	for i, f := range d.Factors {
		ix := SobolIndex{Factor: f.Name}
		for rep := range reps {
			col[rep] = res.First[rep][i]
		}
		ix.First = tInterval(col, lev)
		for rep := range reps {
			col[rep] = res.Total[rep][i]
		}
		ix.Total = tInterval(col, lev)
		res.Indices = append(res.Indices, ix)
	}
	return res, nil
}

// Evaluate calls f at every point, in order, and returns the outputs: the
// whole of a study when the model is a plain Go function. f must not keep
// or change the slice it is given.
func Evaluate(points [][]float64, f func(x []float64) float64) []float64 {
	out := make([]float64, len(points))
	for i, x := range points {
		out[i] = f(x)
	}
	return out
}
