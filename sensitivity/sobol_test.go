package sensitivity

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// tolerance is the absolute tolerance of an index against its exact
// value, allowed besides 3 standard errors: it covers the O(1/N) bias of
// a ratio estimator, which the replicates' spread does not show.
const tolerance = 0.01

// dummyTolerance bounds the estimate of a dummy's index.
const dummyTolerance = 0.005

func ishigamiFactors() []Factor {
	return []Factor{
		NewUniform("x1", -math.Pi, math.Pi),
		NewUniform("x2", -math.Pi, math.Pi),
		NewUniform("x3", -math.Pi, math.Pi),
		NewDummy("dummy"),
	}
}

// within checks an index against its exact value: within max(3 SE,
// tolerance).
func within(t *testing.T, what string, iv Interval, exact float64) {
	t.Helper()
	allowed := math.Max(3*iv.SE, tolerance)
	t.Logf("%-12s estimate %.4f ± %.4f (SE)  exact %.4f  [%.4f, %.4f]", what, iv.Estimate, iv.SE, exact, iv.Low, iv.High)
	if math.Abs(iv.Estimate-exact) > allowed {
		t.Errorf("%s = %.4f (SE %.4f), exact %.4f: off by more than %.4f", what, iv.Estimate, iv.SE, exact, allowed)
	}
}

// zero checks a dummy's index: its interval contains 0 and its estimate
// is below dummyTolerance.
func zero(t *testing.T, what string, iv Interval) {
	t.Helper()
	t.Logf("%-12s estimate %.4f ± %.4f (SE)  [%.4f, %.4f]", what, iv.Estimate, iv.SE, iv.Low, iv.High)
	if !iv.Contains(0) || math.Abs(iv.Estimate) > dummyTolerance {
		t.Errorf("%s = %.4f [%.4f, %.4f]: not indistinguishable from 0 (tolerance %v)", what, iv.Estimate, iv.Low, iv.High, dummyTolerance)
	}
}

func runSobol(t *testing.T, factors []Factor, s SobolSettings, seed uint64, f func([]float64) float64) *SobolResult {
	t.Helper()
	d, err := NewSobol(factors, s, seed)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Analyse(Evaluate(d.Points, f))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSobolIshigami(t *testing.T) {
	first, total := ishigamiExact(7, 0.1)
	for _, c := range []struct {
		name string
		s    SobolSettings
	}{
		{"scrambled-sobol", SobolSettings{N: 1 << 12, Replicates: 10}},
		{"monte-carlo", SobolSettings{N: 1 << 13, Replicates: 10, Sampling: MonteCarlo}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := runSobol(t, ishigamiFactors(), c.s, 1, ishigami(7, 0.1))
			for i := range 3 {
				within(t, "S_"+res.Indices[i].Factor, res.Indices[i].First, first[i])
				within(t, "S_T"+res.Indices[i].Factor, res.Indices[i].Total, total[i])
			}
			zero(t, "S_dummy", res.Indices[3].First)
			zero(t, "S_Tdummy", res.Indices[3].Total)
		})
	}
}

func TestSobolGFunction(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	first, total := gExact(a)
	var factors []Factor
	for i := range a {
		factors = append(factors, NewUniform("x"+string(rune('1'+i)), 0, 1))
	}
	factors = append(factors, NewDummy("dummy"))
	res := runSobol(t, factors, SobolSettings{N: 1 << 12, Replicates: 10}, 2, gFunction(a))
	for i := range a {
		within(t, "S_"+res.Indices[i].Factor, res.Indices[i].First, first[i])
		within(t, "S_T"+res.Indices[i].Factor, res.Indices[i].Total, total[i])
	}
	zero(t, "S_dummy", res.Indices[len(a)].First)
	zero(t, "S_Tdummy", res.Indices[len(a)].Total)
}

// TestSobolIntervalCoverage checks that the intervals are valid: over 200
// independent designs (seeds), the 95 % intervals of the Ishigami indices
// cover the exact values about 95 % of the time. With 200 designs the
// binomial standard deviation of the coverage is 1.5 points; 88 % is
// more than 4 below 95 %.
func TestSobolIntervalCoverage(t *testing.T) {
	first, total := ishigamiExact(7, 0.1)
	const designs = 200
	var cover [6]int
	for seed := range designs {
		d, err := NewSobol(ishigamiFactors()[:3], SobolSettings{N: 256, Replicates: 5}, uint64(1000+seed))
		if err != nil {
			t.Fatal(err)
		}
		res, err := d.Analyse(Evaluate(d.Points, ishigami(7, 0.1)))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if res.Indices[i].First.Contains(first[i]) {
				cover[i]++
			}
			if res.Indices[i].Total.Contains(total[i]) {
				cover[3+i]++
			}
		}
	}
	for j, c := range cover {
		rate := float64(c) / designs
		t.Logf("index %d: coverage %.3f", j, rate)
		if rate < 0.88 {
			t.Errorf("index %d: 95 %% intervals cover the exact value in %.1f %% of %d designs", j, 100*rate, designs)
		}
	}
}

// TestSobolNoiseFloor runs a stochastic model, the Ishigami function plus
// Gaussian noise of standard deviation σ, whose random numbers are drawn
// from the design's NoiseKey: points with the same key share their noise,
// so every difference the estimators take for a real factor cancels the
// noise (common random numbers), while the dummy's
// indices measure the share of the output variance that is replication
// noise, σ²/(V + σ²). The real factors' indices are their shares of the
// total variance V + σ².
func TestSobolNoiseFloor(t *testing.T) {
	const sigma = 1.5
	a, b := 7.0, 0.1
	f := ishigami(a, b)
	first, total := ishigamiExact(a, b)
	pi4, pi8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	share := v / (v + sigma*sigma)
	floor := sigma * sigma / (v + sigma*sigma)
	d, err := NewSobol(ishigamiFactors(), SobolSettings{N: 1 << 12, Replicates: 10}, 3)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(d.Points))
	for i, x := range d.Points {
		out[i] = f(x) + sigma*rand.New(rand.NewPCG(42, d.NoiseKey(i))).NormFloat64()
	}
	res, err := d.Analyse(out)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		within(t, "S_"+res.Indices[i].Factor, res.Indices[i].First, first[i]*share)
		within(t, "S_T"+res.Indices[i].Factor, res.Indices[i].Total, total[i]*share)
	}
	within(t, "S_dummy", res.Indices[3].First, floor)
	within(t, "S_Tdummy", res.Indices[3].Total, floor)
}

func TestSobolDeterministic(t *testing.T) {
	for _, sampling := range []Sampling{ScrambledSobol, MonteCarlo} {
		s := SobolSettings{N: 64, Replicates: 3, Sampling: sampling}
		d1, err := NewSobol(ishigamiFactors(), s, 7)
		if err != nil {
			t.Fatal(err)
		}
		d2, _ := NewSobol(ishigamiFactors(), s, 7)
		d3, _ := NewSobol(ishigamiFactors(), s, 8)
		if !reflect.DeepEqual(d1, d2) {
			t.Errorf("%v: the same seed gives different designs", sampling)
		}
		if reflect.DeepEqual(d1.Points, d3.Points) {
			t.Errorf("%v: seeds 7 and 8 give the same design", sampling)
		}
		r1, err := d1.Analyse(Evaluate(d1.Points, ishigami(7, 0.1)))
		if err != nil {
			t.Fatal(err)
		}
		r2, _ := d2.Analyse(Evaluate(d2.Points, ishigami(7, 0.1)))
		if !reflect.DeepEqual(r1, r2) {
			t.Errorf("%v: the same design and outputs give different results", sampling)
		}
	}
}

// TestSobolLayout checks the blocks of a design: A_B^(i) is A with column
// i from B, in unit and natural coordinates, and replicates differ.
func TestSobolLayout(t *testing.T) {
	fs := []Factor{NewUniform("u", 2, 4), NewLogUniform("rate", 0.01, 100), NewDiscrete("n", 1, 2, 3), NewDummy("d")}
	s := SobolSettings{N: 16, Replicates: 2}
	d, err := NewSobol(fs, s, 11)
	if err != nil {
		t.Fatal(err)
	}
	k := len(fs)
	if len(d.Points) != s.Replicates*s.N*(k+2) || len(d.Unit) != len(d.Points) {
		t.Fatalf("%d points, want %d", len(d.Points), s.Replicates*s.N*(k+2))
	}
	for rep := range s.Replicates {
		for j := range s.N {
			a, b := d.Unit[d.Index(rep, BlockA, j)], d.Unit[d.Index(rep, BlockB, j)]
			for i := range k {
				ab := d.Unit[d.Index(rep, BlockAB+i, j)]
				for c := range k {
					want := a[c]
					if c == i {
						want = b[c]
					}
					if ab[c] != want {
						t.Fatalf("rep %d row %d: A_B^(%d)[%d] = %v, want %v", rep, j, i, c, ab[c], want)
					}
				}
			}
		}
	}
	for p, u := range d.Unit {
		for i, f := range fs {
			if !(u[i] > 0 && u[i] < 1) || d.Points[p][i] != f.Value(u[i]) {
				t.Fatalf("point %d factor %s: unit %v, value %v", p, f.Name, u[i], d.Points[p][i])
			}
		}
	}
	if reflect.DeepEqual(d.Unit[d.Index(0, BlockA, 0)], d.Unit[d.Index(1, BlockA, 0)]) {
		t.Error("replicates 0 and 1 start at the same point")
	}
}

func TestSobolErrors(t *testing.T) {
	fs := ishigamiFactors()
	many := make([]Factor, MaxSobolDimensions/2+1)
	for i := range many {
		many[i] = NewUniform(string(rune('a'+i%26))+string(rune('a'+i/26)), 0, 1)
	}
	for _, c := range []struct {
		name    string
		factors []Factor
		s       SobolSettings
	}{
		{"one replicate", fs, SobolSettings{N: 64, Replicates: 1}},
		{"one sample", fs, SobolSettings{N: 1, Replicates: 4, Sampling: MonteCarlo}},
		{"not a power of two", fs, SobolSettings{N: 100, Replicates: 4}},
		{"too many factors for QMC", many, SobolSettings{N: 64, Replicates: 4}},
		{"bad level", fs, SobolSettings{N: 64, Replicates: 4, Level: 1.5}},
		{"unknown sampling", fs, SobolSettings{N: 64, Replicates: 4, Sampling: 9}},
		{"no factors", nil, SobolSettings{N: 64, Replicates: 4}},
		{"bad factor", []Factor{NewUniform("x", 1, 1)}, SobolSettings{N: 64, Replicates: 4}},
	} {
		if _, err := NewSobol(c.factors, c.s, 1); err == nil {
			t.Errorf("%s: no error", c.name)
		} else {
			t.Logf("%s: %v", c.name, err)
		}
	}
	if _, err := NewSobol(many, SobolSettings{N: 100, Replicates: 2, Sampling: MonteCarlo}, 1); err != nil {
		t.Errorf("Monte Carlo with %d factors and N = 100: %v", len(many), err)
	}

	d, err := NewSobol(fs, SobolSettings{N: 8, Replicates: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	out := Evaluate(d.Points, ishigami(7, 0.1))
	if _, err := d.Analyse(out[1:]); err == nil {
		t.Error("too few outputs: no error")
	}
	out[5] = math.NaN()
	var oe *OutputError
	if _, err := d.Analyse(out); !errors.As(err, &oe) || oe.Index != 5 {
		t.Errorf("NaN output: got %v, want an *OutputError at 5", err)
	}
	out[5] = math.Inf(1)
	if _, err := d.Analyse(out); !errors.As(err, &oe) {
		t.Errorf("infinite output: got %v", err)
	}
	flat := make([]float64, len(d.Points))
	if _, err := d.Analyse(flat); err == nil {
		t.Error("constant outputs: no error")
	}
}

// TestSobolNoiseKeys checks which points share random numbers: row j of A
// with row j of A_B^(i) for a real factor, row j of B with row j of
// A_B^(i) for a dummy, and nothing else.
func TestSobolNoiseKeys(t *testing.T) {
	fs := ishigamiFactors() // x1, x2, x3, dummy
	d, err := NewSobol(fs, SobolSettings{N: 8, Replicates: 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[uint64][]int{}
	for i := range d.Points {
		groups[d.NoiseKey(i)] = append(groups[d.NoiseKey(i)], i)
	}
	if want := 3 * 8 * 2; len(groups) != want {
		t.Errorf("%d distinct keys, want %d (A and B rows of every replicate)", len(groups), want)
	}
	for rep := range 3 {
		for j := range 8 {
			a, b := d.NoiseKey(d.Index(rep, BlockA, j)), d.NoiseKey(d.Index(rep, BlockB, j))
			if a == b {
				t.Errorf("rep %d row %d: A and B share a key", rep, j)
			}
			for i := range 3 {
				if d.NoiseKey(d.Index(rep, BlockAB+i, j)) != a {
					t.Errorf("rep %d row %d: A_B^(%d) does not share A's key", rep, j, i)
				}
			}
			if d.NoiseKey(d.Index(rep, BlockAB+3, j)) != b {
				t.Errorf("rep %d row %d: A_B^(dummy) does not share B's key", rep, j)
			}
		}
	}
}

func TestSamplingString(t *testing.T) {
	if ScrambledSobol.String() != "scrambled-sobol" || MonteCarlo.String() != "monte-carlo" || Sampling(7).String() != "Sampling(7)" {
		t.Error("Sampling.String")
	}
}
