package experiment

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestTQuantile(t *testing.T) {
	for _, c := range []struct {
		df   int
		want float64
	}{{1, 12.706205}, {4, 2.776445}, {9, 2.262157}, {30, 2.042272}} {
		if got := tQuantile(c.df, 0.95); !near(got, c.want, 1e-6) {
			t.Errorf("t(0.975, %d) = %.7f, want %.6f", c.df, got, c.want)
		}
	}
}

func TestMeanCI(t *testing.T) {
	// sd = sqrt(2.5); half-width = 2.776445·sqrt(2.5)/sqrt(5) = 1.963243.
	s := MeanCI([]float64{1, 2, 3, 4, 5})
	if s.N != 5 || s.Mean != 3 || !near(s.High-3, 1.963243, 1e-6) || !near(3-s.Low, 1.963243, 1e-6) {
		t.Errorf("MeanCI(1..5) = %+v, want 3 ± 1.963243 over 5", s)
	}
	// NaN values are skipped: the same as {2, 4}: 3 ± 12.706205·sqrt(2)/sqrt(2).
	s = MeanCI([]float64{math.NaN(), 2, math.NaN(), 4})
	if s.N != 2 || s.Mean != 3 || !near(s.High, 3+12.706205, 1e-6) || !near(s.Low, 3-12.706205, 1e-6) {
		t.Errorf("MeanCI(NaN, 2, NaN, 4) = %+v, want 3 ± 12.706205 over 2", s)
	}
	s = MeanCI([]float64{7})
	if s.N != 1 || s.Mean != 7 || !math.IsNaN(s.Low) || !math.IsNaN(s.High) {
		t.Errorf("MeanCI(7) = %+v, want mean 7 with a NaN interval", s)
	}
	s = MeanCI([]float64{math.NaN()})
	if s.N != 0 || !math.IsNaN(s.Mean) || !math.IsNaN(s.Low) {
		t.Errorf("MeanCI(NaN) = %+v, want all NaN over 0", s)
	}
	// Equal values: exactly that value with zero width, without rounding.
	s = MeanCI([]float64{0.1, 0.1, 0.1})
	if s.Mean != 0.1 || s.Low != 0.1 || s.High != 0.1 {
		t.Errorf("MeanCI(0.1 ×3) = %+v, want exactly 0.1", s)
	}
	s = MeanCI([]float64{math.Inf(1), 1})
	if !math.IsInf(s.Mean, 1) || !math.IsNaN(s.Low) {
		t.Errorf("MeanCI(+Inf, 1) = %+v, want +Inf with a NaN interval", s)
	}
}

func TestPairedRatio(t *testing.T) {
	b := []float64{1, 3, 0.25, 7, 11.5}
	a := make([]float64, len(b))
	for i := range b {
		a[i] = 2 * b[i]
	}
	s := PairedRatio(a, b)
	if s.N != 5 || s.Mean != 2 || s.Low != 2 || s.High != 2 {
		t.Errorf("PairedRatio(2b, b) = %+v, want exactly 2 with zero width", s)
	}
	// Ratios 1, 4 and 2 (the pairs with 0, −1, NaN and +Inf are left out):
	// logs 0, 2 ln 2, ln 2 have mean ln 2 and sd ln 2, so the interval is
	// 2·exp(∓4.302653·ln2/sqrt(3)).
	a = []float64{1, 8, 0, 4, -1, math.NaN(), 3, math.Inf(1)}
	b = []float64{1, 2, 5, 2, 2, 1, math.Inf(1), 3}
	s = PairedRatio(a, b)
	h := 4.302653 * math.Ln2 / math.Sqrt(3)
	if s.N != 3 || !near(s.Mean, 2, 1e-12) || !near(s.Low, 2*math.Exp(-h), 1e-5) || !near(s.High, 2*math.Exp(h), 1e-5) {
		t.Errorf("PairedRatio = %+v, want 2 in [%.5f, %.5f] over 3", s, 2*math.Exp(-h), 2*math.Exp(h))
	}
	if s := PairedRatio([]float64{0}, []float64{1}); s.N != 0 || !math.IsNaN(s.Mean) {
		t.Errorf("PairedRatio with no usable pair = %+v, want NaN over 0", s)
	}
}

func TestKaplanMeierMedian(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name     string
		times    []float64
		censored []bool
		want     float64
	}{
		// t=1: 6 at risk, 1 event: S = 5/6. t=2 censored. t=3: 4 at risk:
		// S = 5/6·3/4 = 0.625. t=4: 3 at risk: S = 0.625·2/3 = 0.417 ≤ 0.5.
		// (Ignoring the censoring would give 3.)
		{"censored", []float64{4, 1, 6, 2, 5, 3}, []bool{false, false, false, true, true, false}, 4},
		// No censoring: the smallest t with at least half the events, 2.
		{"plain", []float64{3, 1, 2, 4}, nil, 2},
		// A tie of an event and a censoring at 2: S(2) = 2/3, S(3) = 0.
		{"tie", []float64{2, 2, 3}, []bool{false, true, false}, 3},
		// S(1) = 3/4 and every other time is censored: never ≤ 0.5.
		{"never", []float64{1, 2, 3, 4}, []bool{false, true, true, true}, inf},
		{"NaN skipped", []float64{math.NaN(), 5, 7}, []bool{false, false, false}, 5},
		{"empty", nil, nil, math.NaN()},
	} {
		cens := c.censored
		if cens == nil {
			cens = make([]bool, len(c.times))
		}
		got := KaplanMeierMedian(c.times, cens)
		if got != c.want && !(math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%s: KaplanMeierMedian = %v, want %v", c.name, got, c.want)
		}
	}
}
