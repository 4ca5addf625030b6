package sensitivity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// linearFactors and linear: f = 3·u + (−5)·v + 2·ln(rate) + 0.5·n, whose
// elementary effects are exact: the coefficient times the factor's range
// (in log for the log-uniform rate; for the discrete n, whose four equally
// spaced values the four levels reach one each, the range of its values).
func linearFactors() []Factor {
	return []Factor{
		NewUniform("u", 2, 6),
		NewUniform("v", -1, 1),
		NewLogUniform("rate", 0.01, 100),
		NewDiscrete("n", 0, 1, 2, 3),
		NewDummy("dummy"),
	}
}

func linear(x []float64) float64 { return 3*x[0] - 5*x[1] + 2*math.Log(x[2]) + 0.5*x[3] }

func TestMorrisLinearExact(t *testing.T) {
	d, err := NewMorris(linearFactors(), MorrisSettings{Levels: 4, Trajectories: 20}, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Analyse(Evaluate(d.Points, linear))
	if err != nil {
		t.Fatal(err)
	}
	wantMu := []float64{3 * 4, -5 * 2, 2 * math.Log(1e4), 0.5 * 3, 0}
	for i, ix := range res.Indices {
		t.Logf("%-6s μ %8.4f  μ* %8.4f  σ %.2g  (exact μ %8.4f)", ix.Factor, ix.Mu, ix.MuStar, ix.Sigma, wantMu[i])
		if math.Abs(ix.Mu-wantMu[i]) > 1e-9 || math.Abs(ix.MuStar-math.Abs(wantMu[i])) > 1e-9 || ix.Sigma > 1e-9 {
			t.Errorf("%s: μ %v μ* %v σ %v, want μ %v μ* %v σ 0", ix.Factor, ix.Mu, ix.MuStar, ix.Sigma, wantMu[i], math.Abs(wantMu[i]))
		}
		if len(ix.Effects) != 20 {
			t.Errorf("%s: %d effects, want 20", ix.Factor, len(ix.Effects))
		}
	}
	if res.Delta != 4.0/6 || res.Levels != 4 || res.Trajectories != 20 {
		t.Errorf("Δ %v, p %d, r %d", res.Delta, res.Levels, res.Trajectories)
	}
}

// gMorrisExact returns the expected μ* of each factor of the g-function
// for a Morris design with p levels: every factor's level is uniform over
// the p levels at every point of a trajectory, independently of the
// others, so
//
//	μ*_i = E|g_i(l') − g_i(l)|/Δ · Π_{j≠i} E g_j(l)
//
// with l uniform over the levels and l' its partner p/2 levels away.
func gMorrisExact(a []float64, p int) []float64 {
	delta := float64(p) / float64(2*(p-1))
	gi := func(ai, x float64) float64 { return (math.Abs(4*x-2) + ai) / (1 + ai) }
	step, mean := make([]float64, len(a)), make([]float64, len(a))
	for i, ai := range a {
		for l := range p {
			partner := l + p/2
			if l >= p/2 {
				partner = l - p/2
			}
			x, y := float64(l)/float64(p-1), float64(partner)/float64(p-1)
			step[i] += math.Abs(gi(ai, y)-gi(ai, x)) / delta / float64(p)
			mean[i] += gi(ai, x) / float64(p)
		}
	}
	out := make([]float64, len(a))
	for i := range a {
		out[i] = step[i]
		for j := range a {
			if j != i {
				out[i] *= mean[j]
			}
		}
	}
	return out
}

// TestMorrisGFunction checks μ* of the g-function (a = 0, 1, 4.5, 9, 99)
// with p = 4 levels and r = 100 trajectories against its expected value
// for that grid (within 3 standard errors or 0.01), the ranking of μ*
// against the exact ranking, and the dummy's μ* of exactly 0.
func TestMorrisGFunction(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99}
	var fs []Factor
	for i := range a {
		fs = append(fs, NewUniform("x"+string(rune('1'+i)), 0, 1))
	}
	fs = append(fs, NewDummy("dummy"))
	d, err := NewMorris(fs, MorrisSettings{Levels: 4, Trajectories: 100}, 3)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Analyse(Evaluate(d.Points, gFunction(a)))
	if err != nil {
		t.Fatal(err)
	}
	exact := append(gMorrisExact(a, 4), 0)
	for i, ix := range res.Indices {
		t.Logf("%-6s μ* %.4f ± %.4f (SE)  exact %.4f  σ %.4f", ix.Factor, ix.MuStar, ix.MuStarSE, exact[i], ix.Sigma)
		if math.Abs(ix.MuStar-exact[i]) > math.Max(3*ix.MuStarSE, tolerance) {
			t.Errorf("%s: μ* = %.4f (SE %.4f), exact %.4f", ix.Factor, ix.MuStar, ix.MuStarSE, exact[i])
		}
	}
	if res.Indices[len(a)].MuStar != 0 {
		t.Errorf("dummy μ* = %v, want 0", res.Indices[len(a)].MuStar)
	}
	rank := func(v []float64) []int {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(x, y int) bool { return v[idx[x]] > v[idx[y]] })
		return idx
	}
	got := make([]float64, len(res.Indices))
	for i, ix := range res.Indices {
		got[i] = ix.MuStar
	}
	if g, w := rank(got), rank(exact); !reflect.DeepEqual(g, w) {
		t.Errorf("μ* ranking %v, exact %v", g, w)
	}
}

// TestMorrisNoiseFloor: a noisy linear model whose noise is drawn from the
// design's NoiseKey. Every step of a real factor keeps the key, so the
// noise cancels and the effects stay exact; the dummy's steps see only noise,
// |ε₁ − ε₂|/Δ with ε ~ N(0, σ²), whose mean is 2σ/(√π·Δ).
func TestMorrisNoiseFloor(t *testing.T) {
	const sigma = 0.3
	d, err := NewMorris(linearFactors(), MorrisSettings{Levels: 4, Trajectories: 200}, 4)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(d.Points))
	for i, x := range d.Points {
		out[i] = linear(x) + sigma*rand.New(rand.NewPCG(9, d.NoiseKey(i))).NormFloat64()
	}
	res, err := d.Analyse(out)
	if err != nil {
		t.Fatal(err)
	}
	if ix := res.Indices[0]; math.Abs(ix.MuStar-12) > 1e-9 || ix.Sigma > 1e-9 {
		t.Errorf("u: μ* %v σ %v, want 12 and 0 (the noise should cancel)", ix.MuStar, ix.Sigma)
	}
	dummy := res.Indices[4]
	want := 2 * sigma / math.Sqrt(math.Pi) / d.Delta
	t.Logf("dummy μ* %.4f ± %.4f (SE), expected %.4f", dummy.MuStar, dummy.MuStarSE, want)
	if math.Abs(dummy.MuStar-want) > 3*dummy.MuStarSE {
		t.Errorf("dummy μ* = %.4f (SE %.4f), want %.4f", dummy.MuStar, dummy.MuStarSE, want)
	}
}

// TestMorrisDesign checks the structure of a design: points on the grid,
// each step changing exactly one factor by ±Δ, each factor once per
// trajectory, and starting levels spread evenly over the p levels.
func TestMorrisDesign(t *testing.T) {
	const p, r = 6, 600
	fs := linearFactors()
	k := len(fs)
	d, err := NewMorris(fs, MorrisSettings{Levels: p, Trajectories: r}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != r*(k+1) || len(d.Unit) != len(d.Points) {
		t.Fatalf("%d points, want %d", len(d.Points), r*(k+1))
	}
	if want := float64(p) / float64(2*(p-1)); d.Delta != want {
		t.Errorf("Δ = %v, want %v", d.Delta, want)
	}
	count := make([][]int, k)
	for i := range count {
		count[i] = make([]int, p)
	}
	for tr := range r {
		changed := make([]int, k)
		for s := range k + 1 {
			u := d.Unit[tr*(k+1)+s]
			for i := range k {
				l := u[i] * (p - 1)
				if math.Abs(l-math.Round(l)) > 1e-12 {
					t.Fatalf("trajectory %d point %d: coordinate %v off the grid", tr, s, u[i])
				}
				if s == 0 {
					count[i][int(math.Round(l))]++
				}
				if d.Points[tr*(k+1)+s][i] != fs[i].Value(u[i]) {
					t.Fatalf("trajectory %d point %d: value is not the factor's", tr, s)
				}
			}
			if s == 0 {
				continue
			}
			prev, moves := d.Unit[tr*(k+1)+s-1], 0
			for i := range k {
				if u[i] != prev[i] {
					moves++
					changed[i]++
					if math.Abs(math.Abs(u[i]-prev[i])-d.Delta) > 1e-12 {
						t.Fatalf("trajectory %d step %d: factor %d moves by %v, not ±Δ", tr, s, i, u[i]-prev[i])
					}
				}
			}
			if moves != 1 {
				t.Fatalf("trajectory %d step %d changes %d factors", tr, s, moves)
			}
		}
		for i, c := range changed {
			if c != 1 {
				t.Fatalf("trajectory %d changes factor %d %d times", tr, i, c)
			}
		}
	}
	// Each start level has probability 1/p: 100 expected per level, sd ≈ 9.1.
	for i := range k {
		for l, c := range count[i] {
			if c < 60 || c > 140 {
				t.Errorf("factor %d starts at level %d in %d of %d trajectories", i, l, c, r)
			}
		}
	}
}

// trajectorySpread is Campolongo et al.'s criterion for a design: the sum
// over pairs of trajectories of their squared distance.
func trajectorySpread(d *MorrisDesign) float64 {
	k := len(d.Factors)
	r := len(d.Points) / (k + 1)
	var total float64
	for a := range r {
		for b := a + 1; b < r; b++ {
			var dist float64
			for _, x := range d.Unit[a*(k+1) : (a+1)*(k+1)] {
				for _, y := range d.Unit[b*(k+1) : (b+1)*(k+1)] {
					var sq float64
					for i := range x {
						sq += (x[i] - y[i]) * (x[i] - y[i])
					}
					dist += math.Sqrt(sq)
				}
			}
			total += dist * dist
		}
	}
	return total
}

func TestMorrisCandidates(t *testing.T) {
	fs := linearFactors()
	plain, err := NewMorris(fs, MorrisSettings{Levels: 4, Trajectories: 10}, 6)
	if err != nil {
		t.Fatal(err)
	}
	chosen, err := NewMorris(fs, MorrisSettings{Levels: 4, Trajectories: 10, Candidates: 100}, 6)
	if err != nil {
		t.Fatal(err)
	}
	if len(chosen.Points) != len(plain.Points) {
		t.Fatalf("%d points, want %d", len(chosen.Points), len(plain.Points))
	}
	sp, sc := trajectorySpread(plain), trajectorySpread(chosen)
	t.Logf("spread: 10 random trajectories %.1f, 10 chosen of 100 %.1f", sp, sc)
	if sc <= sp {
		t.Errorf("chosen trajectories spread %.1f, no more than random ones %.1f", sc, sp)
	}
	res, err := chosen.Analyse(Evaluate(chosen.Points, linear))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Indices[0].MuStar-12) > 1e-9 {
		t.Errorf("u: μ* = %v with chosen trajectories, want 12", res.Indices[0].MuStar)
	}
}

func TestMorrisDeterministic(t *testing.T) {
	for _, m := range []int{0, 30} {
		s := MorrisSettings{Levels: 4, Trajectories: 10, Candidates: m}
		d1, err := NewMorris(linearFactors(), s, 7)
		if err != nil {
			t.Fatal(err)
		}
		d2, _ := NewMorris(linearFactors(), s, 7)
		d3, _ := NewMorris(linearFactors(), s, 8)
		if !reflect.DeepEqual(d1, d2) {
			t.Errorf("candidates %d: the same seed gives different designs", m)
		}
		if reflect.DeepEqual(d1.Points, d3.Points) {
			t.Errorf("candidates %d: seeds 7 and 8 give the same design", m)
		}
		r1, err := d1.Analyse(Evaluate(d1.Points, gFunction([]float64{0, 1, 2, 3})))
		if err != nil {
			t.Fatal(err)
		}
		r2, _ := d2.Analyse(Evaluate(d2.Points, gFunction([]float64{0, 1, 2, 3})))
		if !reflect.DeepEqual(r1, r2) {
			t.Errorf("candidates %d: the same design and outputs give different results", m)
		}
	}
}

func TestMorrisErrors(t *testing.T) {
	fs := linearFactors()
	for _, s := range []MorrisSettings{
		{Levels: 3, Trajectories: 10},
		{Levels: 0, Trajectories: 10},
		{Levels: 4, Trajectories: 1},
		{Levels: 4, Trajectories: 10, Candidates: 5},
	} {
		if _, err := NewMorris(fs, s, 1); err == nil {
			t.Errorf("%+v: no error", s)
		} else {
			t.Logf("%+v: %v", s, err)
		}
	}
	d, err := NewMorris(fs, MorrisSettings{Levels: 4, Trajectories: 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	out := Evaluate(d.Points, linear)
	if _, err := d.Analyse(out[:len(out)-1]); err == nil {
		t.Error("too few outputs: no error")
	}
	out[2] = math.NaN()
	if _, err := d.Analyse(out); err == nil {
		t.Error("NaN output: no error")
	}
}

// TestFactorsCopied checks that a design keeps its own copy of the
// factors: changing the caller's values afterwards changes nothing.
func TestFactorsCopied(t *testing.T) {
	fs := []Factor{NewDiscrete("n", 1, 2, 3), NewUniform("u", 0, 1)}
	d, err := NewMorris(fs, MorrisSettings{Levels: 4, Trajectories: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	fs[0].Values[0] = 99
	fs[1].Name = "changed"
	if d.Factors[0].Values[0] != 1 || d.Factors[1].Name != "u" {
		t.Errorf("the design's factors changed with the caller's: %+v", d.Factors)
	}
}

// TestMorrisNoiseKeys checks that the key of a trajectory's points changes
// exactly when a dummy moves, and that trajectories do not share keys.
func TestMorrisNoiseKeys(t *testing.T) {
	fs := append(linearFactors(), NewDummy("dummy2"))
	k := len(fs)
	d, err := NewMorris(fs, MorrisSettings{Levels: 4, Trajectories: 50}, 2)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[uint64]int{}
	for tr := range 50 {
		for s := 1; s <= k; s++ {
			i := tr*(k+1) + s
			dummyMoved := d.Unit[i][4] != d.Unit[i-1][4] || d.Unit[i][5] != d.Unit[i-1][5]
			if same := d.NoiseKey(i) == d.NoiseKey(i-1); same == dummyMoved {
				t.Fatalf("trajectory %d step %d: dummy moved %v, key kept %v", tr, s, dummyMoved, same)
			}
		}
		for s := range k + 1 {
			key := d.NoiseKey(tr*(k+1) + s)
			if o, ok := owner[key]; ok && o != tr {
				t.Fatalf("trajectories %d and %d share a key", o, tr)
			}
			owner[key] = tr
		}
	}
}
