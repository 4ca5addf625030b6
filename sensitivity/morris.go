package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// MorrisSettings are the parameters of a Morris design.
type MorrisSettings struct {
	// Levels is p, the number of grid levels of every factor's coordinate
	// (0, 1/(p−1), …, 1). It must be even and at least 2; 4 is usual. The
	// step is Δ = p/(2(p−1)), which makes every level equally likely.
	Levels int
	// Trajectories is r, the number of one-factor-at-a-time paths; each
	// has k+1 points for k factors, and gives one elementary effect per
	// factor. At least 2; 10 to 50 is usual.
	Trajectories int
	// Candidates, when not 0, is the number M ≥ r of random trajectories
	// from which r are kept that spread over the input space
	// (Campolongo, Cariboni and Saltelli 2007), chosen greedily. Kept
	// trajectories are not independent, so MuStarSE no longer has its
	// usual meaning; 0 keeps r independent random trajectories.
	Candidates int
}

// MorrisDesign is a Morris elementary-effects design: Trajectories paths
// of k+1 points each, each step changing one factor by ±Δ on the grid.
// Point t·(k+1)+s is step s of trajectory t. A design is a pure function
// of its factors, settings and seed.
type MorrisDesign struct {
	Factors  []Factor
	Settings MorrisSettings
	Seed     uint64
	Delta    float64     // Δ = p/(2(p−1)), in the unit coordinates
	Points   [][]float64 // every point in the factors' natural units
	Unit     [][]float64 // the same points as grid coordinates in [0, 1]
	moved    [][]int     // moved[t][s]: the factor that step s+1 of trajectory t changes
}

// NewMorris returns the Morris design for factors with settings s, drawn
// from seed.
//
// Each trajectory starts at a level drawn uniformly from the p levels for
// every factor, then changes the factors one at a time in a random order:
// a factor at level l < p/2 moves up by p/2 levels (+Δ), one at l ≥ p/2
// moves down (−Δ). This is the Morris (1991) construction B* with its
// random base point, directions and order, written level by level.
func NewMorris(factors []Factor, s MorrisSettings, seed uint64) (*MorrisDesign, error) {
	fs, err := checkFactors(factors)
	if err != nil {
		return nil, err
	}
	p, r, m := s.Levels, s.Trajectories, s.Candidates
	switch {
	case p < 2 || p%2 != 0:
		return nil, fmt.Errorf("sensitivity: Morris needs an even number of levels of at least 2 (got %d)", p)
	case r < 2:
		return nil, fmt.Errorf("sensitivity: Morris needs at least 2 trajectories (got %d)", r)
	case m != 0 && m < r:
		return nil, fmt.Errorf("sensitivity: %d candidate trajectories cannot yield %d", m, r)
	}
	k := len(fs)
	rng := rand.New(rand.NewPCG(seed, 0x4d6f72726973)) // stream "Morris"
	n := r
	if m != 0 {
		n = m
	}
	levels := make([][][]int, n) // levels[t][s][i]
	moved := make([][]int, n)
	for t := range n {
		levels[t], moved[t] = trajectory(k, p, rng)
	}
	if m != 0 && m > r {
		keep := spread(levels, r, p)
		kl, km := make([][][]int, r), make([][]int, r)
		for j, t := range keep {
			kl[j], km[j] = levels[t], moved[t]
		}
		levels, moved = kl, km
	}
	d := &MorrisDesign{Factors: fs, Settings: s, Seed: seed, Delta: float64(p) / float64(2*(p-1)), moved: moved}
	for t := range levels {
		for _, lv := range levels[t] {
			u := make([]float64, k)
			x := make([]float64, k)
			for i, l := range lv {
				u[i] = float64(l) / float64(p-1)
				x[i] = fs[i].Value(u[i])
			}
			d.Unit = append(d.Unit, u)
			d.Points = append(d.Points, x)
		}
	}
	return d, nil
}

// trajectory draws one trajectory of k+1 points as grid levels, and which
// factor each step changes.
func trajectory(k, p int, rng *rand.Rand) ([][]int, []int) {
	cur := make([]int, k)
	for i := range cur {
		cur[i] = rng.IntN(p)
	}
	order := rng.Perm(k)
	pts := make([][]int, 0, k+1)
	pts = append(pts, append([]int(nil), cur...))
	for _, i := range order {
		if cur[i] < p/2 {
			cur[i] += p / 2
		} else {
			cur[i] -= p / 2
		}
		pts = append(pts, append([]int(nil), cur...))
	}
	return pts, order
}

// spread picks r of the candidate trajectories that are far apart: it
// starts from the farthest pair and adds, one at a time, the candidate
// whose squared distances to those kept sum highest. The distance between
// two trajectories is Campolongo et al.'s: the sum over pairs of their
// points of the Euclidean distance between them (in levels; the scale
// does not change the choice). Ties go to the earlier candidate.
func spread(levels [][][]int, r, p int) []int {
	n := len(levels)
	dist := make([][]float64, n)
	for a := range n {
		dist[a] = make([]float64, n)
	}
	for a := range n {
		for b := a + 1; b < n; b++ {
			var sum float64
			for _, x := range levels[a] {
				for _, y := range levels[b] {
					var sq float64
					for i := range x {
						dd := float64(x[i] - y[i])
						sq += dd * dd
					}
					sum += math.Sqrt(sq)
				}
			}
			dist[a][b], dist[b][a] = sum, sum
		}
	}
	ba, bb := 0, 1
	for a := range n {
		for b := a + 1; b < n; b++ {
			if dist[a][b] > dist[ba][bb] {
				ba, bb = a, b
			}
		}
	}
	keep := []int{ba, bb}
	in := make([]bool, n)
	in[ba], in[bb] = true, true
	score := make([]float64, n)
	for c := range n {
		score[c] = dist[c][ba]*dist[c][ba] + dist[c][bb]*dist[c][bb]
	}
	for len(keep) < r {
		best := -1
		for c := range n {
			if !in[c] && (best < 0 || score[c] > score[best]) {
				best = c
			}
		}
		keep = append(keep, best)
		in[best] = true
		for c := range n {
			score[c] += dist[c][best] * dist[c][best]
		}
	}
	return keep
}

// NoiseKey returns the key of the random numbers that a stochastic model
// should use at point i, 0 ≤ i < len(Points) (its replication seeds
// derived from the key and the replication number): every point of a trajectory has the same key
// until a dummy factor moves, and trajectories have independent keys. So
// every step of a real factor compares two runs on common random numbers,
// in which the noise cancels as far as it can, while a dummy's step
// changes only the random numbers, and its effects measure the replication
// noise. The keys are a pure function of the design.
func (d *MorrisDesign) NoiseKey(i int) uint64 {
	k := len(d.Factors)
	t, s := i/(k+1), i%(k+1)
	changes := 0
	for _, f := range d.moved[t][:s] {
		if d.Factors[f].Kind == Dummy {
			changes++
		}
	}
	return mix64(mix64(mix64(d.Seed^0x4d6f72726973)^uint64(t)) ^ uint64(changes))
}

// MorrisIndex is the screening measures of one factor. Elementary effects
// are in the output's units per unit of the factor's coordinate: per its
// whole range for a uniform factor, per its whole range in log for a
// log-uniform one.
type MorrisIndex struct {
	Factor string
	Mu     float64 // mean of the elementary effects
	MuStar float64 // mean of their absolute values (Campolongo et al. 2007)
	Sigma  float64 // their standard deviation (r − 1): interactions and non-linearity
	// MuStarSE is the standard error of MuStar, sd(|EE|)/√r, meaningful
	// when the trajectories are independent (Candidates = 0).
	MuStarSE float64
	Effects  []float64 // the elementary effects, one per trajectory, in order
}

// MorrisResult is the outcome of a Morris design.
type MorrisResult struct {
	Levels, Trajectories int
	Delta                float64
	Indices              []MorrisIndex // one per factor, in the factors' order
}

// Analyse computes every factor's elementary effects from the outputs,
// one per design point in the order of Points, and returns μ, μ* and σ.
// An output that is NaN or infinite is refused with an *[OutputError].
func (d *MorrisDesign) Analyse(outputs []float64) (*MorrisResult, error) {
	if d == nil || len(d.Points) == 0 {
		return nil, errors.New("sensitivity: empty Morris design")
	}
	if err := checkOutputs(outputs, len(d.Points)); err != nil {
		return nil, err
	}
	k := len(d.Factors)
	r := len(d.moved)
	ee := make([][]float64, k)
	for t := range r {
		base := t * (k + 1)
		for s, i := range d.moved[t] {
			du := d.Unit[base+s+1][i] - d.Unit[base+s][i]
			ee[i] = append(ee[i], (outputs[base+s+1]-outputs[base+s])/du)
		}
	}
	res := &MorrisResult{Levels: d.Settings.Levels, Trajectories: r, Delta: d.Delta}
	for i, f := range d.Factors {
		abs := make([]float64, r)
		for t, e := range ee[i] {
			abs[t] = math.Abs(e)
		}
		mu, v := meanVar(ee[i])
		ms, va := meanVar(abs)
		res.Indices = append(res.Indices, MorrisIndex{
			Factor: f.Name, Mu: mu, MuStar: ms, Sigma: math.Sqrt(v),
			MuStarSE: math.Sqrt(va / float64(r)), Effects: ee[i],
		})
	}
	return res, nil
}
