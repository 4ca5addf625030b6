package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func oneTo(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

func TestQuantile(t *testing.T) {
	x := oneTo(100)
	cases := []struct{ p, want float64 }{
		{0.95, 95}, {0.5, 50}, {0.99, 99}, {0.07, 7}, {0.071, 8},
		{0, 1}, {-1, 1}, {0.001, 1}, {1, 100}, {2, 100},
	}
	for _, c := range cases {
		if got := Quantile(x, c.p); got != c.want {
			t.Errorf("Quantile(1..100, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := Quantile([]float64{3, 7, 9}, 0.5); got != 7 {
		t.Errorf("median of 3,7,9 = %v, want 7", got)
	}
	if got := Quantile([]float64{3, 7}, 0.5); got != 3 {
		t.Errorf("nearest-rank median of 3,7 = %v, want 3", got)
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("Quantile of empty slice is not NaN")
	}
	if !math.IsNaN(Quantile(x, math.NaN())) {
		t.Error("Quantile at NaN p is not NaN")
	}
}

func TestQuantileMatchesCountDefinition(t *testing.T) {
	// Nearest rank: the smallest value v with #{x ≤ v} ≥ p·n.
	r := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 60; n++ {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i) // distinct, sorted
		}
		for k := 1; k <= n; k++ {
			p := float64(k) / float64(n)
			if got := Quantile(x, p); got != x[k-1] {
				t.Fatalf("n=%d p=%d/%d: got %v, want %v", n, k, n, got, x[k-1])
			}
		}
		for range 20 {
			p := r.Float64()
			want := x[n-1]
			for i, v := range x {
				if float64(i+1) >= p*float64(n) {
					want = v
					break
				}
			}
			if got := Quantile(x, p); got != want {
				t.Fatalf("n=%d p=%v: got %v, want %v", n, p, got, want)
			}
		}
	}
}

func TestQuantiles(t *testing.T) {
	x := oneTo(100)
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
	before := slices.Clone(x)
	got := Quantiles(x, 0.5, 0.95, 1)
	if !slices.Equal(got, []float64{50, 95, 100}) {
		t.Errorf("Quantiles = %v, want [50 95 100]", got)
	}
	if !slices.Equal(x, before) {
		t.Error("Quantiles modified its input")
	}
	e := Quantiles(nil, 0.5)
	if len(e) != 1 || !math.IsNaN(e[0]) {
		t.Errorf("Quantiles(nil) = %v, want [NaN]", e)
	}
}

func TestMeanSE(t *testing.T) {
	m, se := MeanSE([]float64{1, 2, 3, 4})
	if m != 2.5 || !near(se, math.Sqrt(5.0/3)/2, 1e-15) || !near(se, 0.6455, 1e-4) {
		t.Errorf("MeanSE(1,2,3,4) = %v, %v, want 2.5, 0.6455", m, se)
	}
	m, se = MeanSE([]float64{7})
	if m != 7 || se != 0 {
		t.Errorf("MeanSE(7) = %v, %v, want 7, 0", m, se)
	}
	m, se = MeanSE(nil)
	if !math.IsNaN(m) || se != 0 {
		t.Errorf("MeanSE(nil) = %v, %v, want NaN, 0", m, se)
	}
	// Large offset: the two-pass sum of squares keeps full accuracy.
	m, se = MeanSE([]float64{1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4})
	if m != 1e9+2.5 || !near(se, math.Sqrt(5.0/3)/2, 1e-9) {
		t.Errorf("MeanSE with offset = %v, %v", m, se)
	}
}

func TestGini(t *testing.T) {
	cases := []struct {
		x    []float64
		want float64
	}{
		{[]float64{1, 1, 1, 1}, 0},
		{[]float64{0, 0, 0, 1}, 0.75},
		{[]float64{1, 0, 0, 0}, 0.75},
		{[]float64{1, 2, 3, 4}, 0.25}, // 2·30/(4·10) − 5/4
		{[]float64{5}, 0},
		{nil, 0},
		{[]float64{0, 0}, 0},
	}
	for _, c := range cases {
		if got := Gini(c.x); !near(got, c.want, 1e-15) {
			t.Errorf("Gini(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Gini([]float64{1, -1})) {
		t.Error("Gini with a negative value is not NaN")
	}
	x := []float64{4, 1, 3, 2}
	Gini(x)
	if !slices.Equal(x, []float64{4, 1, 3, 2}) {
		t.Error("Gini modified its input")
	}
}

func TestGiniMeanDifference(t *testing.T) {
	// G equals the mean absolute difference over all ordered pairs / (2·mean).
	r := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, 50)
	for i := range x {
		x[i] = r.ExpFloat64()
	}
	var sum, diff float64
	for _, a := range x {
		sum += a
		for _, b := range x {
			diff += math.Abs(a - b)
		}
	}
	n := float64(len(x))
	want := diff / (2 * n * sum)
	if got := Gini(x); !near(got, want, 1e-12) {
		t.Errorf("Gini = %v, want %v", got, want)
	}
}

func TestBatchMeansSE(t *testing.T) {
	// Batches of 1..12 in 3: means 2.5, 6.5, 10.5 → mean 6.5, sd 4, se 4/√3.
	m, se := BatchMeansSE(oneTo(12), 3)
	if m != 6.5 || !near(se, 4/math.Sqrt(3), 1e-14) {
		t.Errorf("BatchMeansSE(1..12, 3) = %v, %v, want 6.5, %v", m, se, 4/math.Sqrt(3))
	}
	// 14 values in 3 batches of 4: the first two are dropped.
	x := append([]float64{100, 100}, oneTo(12)...)
	m2, se2 := BatchMeansSE(x, 3)
	if m2 != m || se2 != se {
		t.Errorf("leading remainder not dropped: %v, %v", m2, se2)
	}
	// One value per batch is the plain MeanSE.
	m, se = BatchMeansSE([]float64{1, 2, 3, 4}, 4)
	if wm, wse := MeanSE([]float64{1, 2, 3, 4}); m != wm || !near(se, wse, 1e-15) {
		t.Errorf("BatchMeansSE(…, n) = %v, %v, want %v, %v", m, se, wm, wse)
	}
	m, se = BatchMeansSE(oneTo(10), 1)
	if m != 5.5 || se != 0 {
		t.Errorf("one batch = %v, %v, want 5.5, 0", m, se)
	}
	m, se = BatchMeansSE(oneTo(3), 5)
	if m != 2 || !math.IsNaN(se) {
		t.Errorf("too few values = %v, %v, want 2, NaN", m, se)
	}
	defer func() {
		if recover() == nil {
			t.Error("BatchMeansSE with 0 batches did not panic")
		}
	}()
	BatchMeansSE(oneTo(3), 0)
}

func TestBatchMeansSEAutocorrelated(t *testing.T) {
	// For an AR(1) series with strong positive correlation the naive standard
	// error is far too small; batch means recover most of the true spread.
	r := rand.New(rand.NewPCG(7, 8))
	const phi, n = 0.95, 200000
	x := make([]float64, n)
	v := 0.0
	for i := range x {
		v = phi*v + r.NormFloat64()
		x[i] = v
	}
	_, naive := MeanSE(x)
	_, bm := BatchMeansSE(x, 20)
	// Asymptotic inflation of the variance of the mean: (1+φ)/(1−φ) = 39.
	ratio := bm / naive
	if ratio < 3.5 || ratio > 9 {
		t.Errorf("batch-means se / naive se = %v, want about √39 ≈ 6.2", ratio)
	}
}

func TestNoAllocations(t *testing.T) {
	x := oneTo(1000)
	if a := testing.AllocsPerRun(10, func() {
		Quantile(x, 0.9)
		MeanSE(x)
		BatchMeansSE(x, 10)
	}); a != 0 {
		t.Errorf("allocations = %v, want 0", a)
	}
}

// TestEffectiveNumber checks the Hill numbers on hand-computed splits.
func TestEffectiveNumber(t *testing.T) {
	for _, c := range []struct {
		x                []float64
		shannon, simpson float64
	}{
		{[]float64{5, 5, 5, 5}, 4, 4},
		{[]float64{0, 7, 0}, 1, 1},
		// p = (1/4, 1/4, 1/2): H = 1.5 ln 2, exp(H) = 2^1.5; Σp² = 3/8.
		{[]float64{1, 1, 2}, math.Pow(2, 1.5), 8.0 / 3},
		// p = (0.1, 0.9): H = −0.1 ln 0.1 − 0.9 ln 0.9; Σp² = 0.82.
		{[]float64{1, 9}, math.Exp(-0.1*math.Log(0.1) - 0.9*math.Log(0.9)), 1 / 0.82},
		{nil, 0, 0},
	} {
		sh, si := EffectiveNumber(c.x)
		if math.Abs(sh-c.shannon) > 1e-12 || math.Abs(si-c.simpson) > 1e-12 {
			t.Errorf("%v: %v, %v; want %v, %v", c.x, sh, si, c.shannon, c.simpson)
		}
	}
	if sh, _ := EffectiveNumber([]float64{1, -1}); !math.IsNaN(sh) {
		t.Errorf("a negative weight gave %v", sh)
	}
	// And Gini on a hand-computed split: [1, 1, 2] → 2·(1+2+6)/(3·4) − 4/3 = 1/6.
	if g := Gini([]float64{2, 1, 1}); math.Abs(g-1.0/6) > 1e-12 {
		t.Errorf("Gini [2 1 1] = %v, want 1/6", g)
	}
}
