package queueing

import (
	"math"
	"strings"
	"testing"
)

// near reports whether got is within relative (or, near zero, absolute)
// tolerance tol of want.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestClosedForms(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"MM1Sojourn 0.8/1", MM1Sojourn(0.8, 1), 5},
		{"MM1Wait 0.8/1", MM1Wait(0.8, 1), 4},
		{"MM1SojournQuantile p95", MM1SojournQuantile(0.8, 1, 0.95), 5 * math.Log(20)},
		{"MM1SojournQuantile p95 value", MM1SojournQuantile(0.8, 1, 0.95), 14.978661367769954},
		{"MM1SojournQuantile median", MM1SojournQuantile(1, 3, 0.5), math.Ln2 / 2},
		{"MM1WaitQuantile atom", MM1WaitQuantile(0.8, 1, 0.2), 0},
		{"MM1WaitQuantile below atom", MM1WaitQuantile(0.8, 1, 0.1), 0},
		{"MM1WaitQuantile p95", MM1WaitQuantile(0.8, 1, 0.95), 5 * math.Log(16)},
		{"ErlangC c=2", ErlangC(2, 1, 1), 1.0 / 3},
		{"MMcWait c=2", MMcWait(2, 1, 1), 1.0 / 3},
		{"MMcSojourn c=2", MMcSojourn(2, 1, 1), 4.0 / 3},
		{"ErlangC c=1 is rho", ErlangC(1, 0.8, 1), 0.8},
		{"MMcWait c=1 is MM1Wait", MMcWait(1, 0.8, 1), 4},
		{"MMcSojourn c=1 is MM1Sojourn", MMcSojourn(1, 0.8, 1), 5},
		// Textbook value: c=3, a=2 (lambda=2, mu=1) gives C = 4/9.
		{"ErlangC c=3 a=2", ErlangC(3, 2, 1), 4.0 / 9},
		{"PK exponential is MM1", PKWait(0.8, 1, SecondMomentExp(1)), MM1Wait(0.8, 1)},
		{"PK exponential is MM1 (rates 3, 5)", PKWait(3, 0.2, SecondMomentExp(0.2)), MM1Wait(3, 5)},
		{"MD1 is half MM1", MD1Wait(0.8, 1), MM1Wait(0.8, 1) / 2},
		{"MD1 value", MD1Wait(0.5, 1), 0.5},
		{"SecondMomentExp", SecondMomentExp(3), 18},
		{"SecondMomentUniform [0,1]", SecondMomentUniform(0, 1), 1.0 / 3},
		{"SecondMomentUniform [1,3]", SecondMomentUniform(1, 3), 13.0 / 3},
		{"SecondMomentLogNormal", SecondMomentLogNormal(2, 0.5), 5},
		{"SecondMomentGamma cv=1 is exp", SecondMomentGamma(2, 1), SecondMomentExp(2)},
		{"SecondMomentGamma cv=0", SecondMomentGamma(2, 0), 4},
		{"Tandem 2,3,4", TandemSojourn(1, []float64{2, 3, 4}), 1 + 0.5 + 1.0/3},
		{"Tandem single is MM1", TandemSojourn(0.8, []float64{1}), 5},
		{"OutageBacklog", OutageBacklog(3, 2), 6},
		{"DrainTime", DrainTime(6, 3, 5), 3},
		{"OutageDelayArea k=0", OutageDelayArea(0, 3, 5), 0},
		{"OutageDelayArea k=1 is busy-period area", OutageDelayArea(1, 3, 5), 5.0 / 4},
		{"OutageDelayArea k=4", OutageDelayArea(4, 1, 2), 16.0/2 + 4*3.0/2},
		{"OutageDelayArea alt form", OutageDelayArea(7, 0.5, 2), 7*6/(2*1.5) + 7*2/(1.5*1.5)},
		{"ExpectedOutageDrain", ExpectedOutageDrain(3, 5, 2), 3},
		{"ExpectedOutageDrain matches DrainTime", ExpectedOutageDrain(0.5, 2, 4), DrainTime(OutageBacklog(0.5, 4), 0.5, 2)},
		{"HierarchyAccept", HierarchyAccept(0.8, 3), 0.512},
		{"PolyarchyAccept", PolyarchyAccept(0.8, 3), 0.992},
		{"HierarchyAccept n=1", HierarchyAccept(0.3, 1), 0.3},
		{"PolyarchyAccept n=1", PolyarchyAccept(0.3, 1), 0.3},
		{"MajorityAccuracy 0.7/3", MajorityAccuracy(0.7, 3), 0.784},
		{"MajorityAccuracy n=1", MajorityAccuracy(0.7, 1), 0.7},
		{"MajorityAccuracy n=2 tie coin", MajorityAccuracy(0.7, 2), 0.7},
		{"MajorityAccuracy 0.6/5", MajorityAccuracy(0.6, 5), 0.68256},
		{"MajorityAccuracy 0.5/101", MajorityAccuracy(0.5, 101), 0.5},
		{"MajorityAccuracy p=1", MajorityAccuracy(1, 4), 1},
		{"MajorityAccuracy p=0", MajorityAccuracy(0, 5), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !near(tc.got, tc.want, 1e-12) {
				t.Errorf("got %.15g, want %.15g", tc.got, tc.want)
			}
		})
	}
}

func TestErlangCLarge(t *testing.T) {
	// Large c must not overflow; C must be a probability and Wq must fall
	// as servers are added at fixed load.
	prev := math.Inf(1)
	for _, c := range []int{200, 250, 500, 1000} {
		got := ErlangC(c, 180, 1)
		if math.IsNaN(got) || got < 0 || got > 1 {
			t.Fatalf("ErlangC(%d, 180, 1) = %v", c, got)
		}
		w := MMcWait(c, 180, 1)
		if !(w < prev) {
			t.Errorf("MMcWait not decreasing at c=%d: %v >= %v", c, w, prev)
		}
		prev = w
	}
	// Heavy load with many servers: C approaches 1.
	if got := ErlangC(500, 499.9, 1); got < 0.9 || got > 1 {
		t.Errorf("ErlangC(500, 499.9, 1) = %v, want near 1", got)
	}
}

func TestHypoexpCDF(t *testing.T) {
	twoRate := func(x float64) float64 { return 1 - 2*math.Exp(-x) + math.Exp(-2*x) }
	erlang := func(k int, r, x float64) float64 {
		var s, term float64 = 0, 1
		for i := 0; i < k; i++ {
			if i > 0 {
				term *= r * x / float64(i)
			}
			s += term
		}
		return 1 - math.Exp(-r*x)*s
	}
	tests := []struct {
		name  string
		rates []float64
		t     float64
		want  float64
	}{
		{"rates 1,2 at 1", []float64{1, 2}, 1, twoRate(1)},
		{"rates 1,2 at 1 value", []float64{1, 2}, 1, 0.3995764008937266},
		{"rates 2,1 at 1 (order-free)", []float64{2, 1}, 1, twoRate(1)},
		{"rates 1,2 at 0.01", []float64{1, 2}, 0.01, twoRate(0.01)},
		{"rates 1,2 at 5", []float64{1, 2}, 5, twoRate(5)},
		{"rates 1,2 at 30", []float64{1, 2}, 30, twoRate(30)},
		{"single exponential", []float64{3}, 0.4, -math.Expm1(-1.2)},
		{"rates 1,2 at 0", []float64{1, 2}, 0, 0},
		{"rates 1,2 negative t", []float64{1, 2}, -1, 0},
		{"rates 1,2 at +Inf", []float64{1, 2}, math.Inf(1), 1},
		{"erlang 3 repeated rates", []float64{2, 2, 2}, 1.5, erlang(3, 2, 1.5)},
		{"erlang 10 repeated rates", []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 12, erlang(10, 1, 12)},
		{"three distinct rates", []float64{1, 2, 3}, 2,
			// 1 - 3e^{-t} + 3e^{-2t} - e^{-3t}
			1 - 3*math.Exp(-2) + 3*math.Exp(-4) - math.Exp(-6)},
		{"widely spread rates", []float64{1000, 0.01}, 100,
			1 - (1000*math.Exp(-0.01*100)-0.01*math.Exp(-1000*100))/(1000-0.01)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := HypoexpCDF(tc.rates, tc.t)
			if !near(got, tc.want, 1e-12) {
				t.Errorf("HypoexpCDF(%v, %v) = %.16g, want %.16g", tc.rates, tc.t, got, tc.want)
			}
		})
	}
	// Small t: relative accuracy, F(t) ~ 2 t^2 / 2 = t^2 for rates 1, 2.
	x := 1e-6
	want := -2*math.Expm1(-x) + math.Expm1(-2*x) // 1 - 2e^{-x} + e^{-2x} without cancellation
	if got := HypoexpCDF([]float64{1, 2}, x); math.Abs(got-want) > 1e-9*want {
		t.Errorf("HypoexpCDF small t = %.16g, want %.16g", got, want)
	}
}

func TestHypoexpQuantileRoundTrip(t *testing.T) {
	cases := []struct {
		rates []float64
		ts    []float64
	}{
		{[]float64{1, 2}, []float64{1e-3, 0.05, 0.5, 1, 2.5, 10}},
		{[]float64{2, 2, 2}, []float64{0.1, 1, 4}},
		{[]float64{0.5, 1, 4, 8}, []float64{0.3, 3, 12}},
	}
	for _, c := range cases {
		for _, x := range c.ts {
			p := HypoexpCDF(c.rates, x)
			got := HypoexpQuantile(c.rates, p)
			if !near(got, x, 1e-9) {
				t.Errorf("HypoexpQuantile(%v, CDF(%v)=%v) = %.15g", c.rates, x, p, got)
			}
		}
	}
	// Single exponential: closed-form quantile.
	if got, want := HypoexpQuantile([]float64{3}, 0.95), math.Log(20)/3; !near(got, want, 1e-11) {
		t.Errorf("HypoexpQuantile exp = %v, want %v", got, want)
	}
	if got := HypoexpQuantile([]float64{1, 2}, 0); got != 0 {
		t.Errorf("HypoexpQuantile p=0 = %v, want 0", got)
	}
	// Matches the tandem of M/M/1 sojourn times: each exponential with
	// rate mu - lambda, so the mean of the quantile's distribution agrees.
	rates := []float64{2 - 1, 3 - 1, 4 - 1}
	var mean float64
	for _, r := range rates {
		mean += 1 / r
	}
	if !near(mean, TandemSojourn(1, []float64{2, 3, 4}), 1e-15) {
		t.Errorf("tandem mean mismatch")
	}
}

func TestGaricanoShares(t *testing.T) {
	tests := []struct {
		q    []float64
		want []float64
	}{
		{[]float64{0.3, 0.2}, []float64{0.7, 0.24, 0.06}},
		{nil, []float64{1}},
		{[]float64{0}, []float64{1, 0}},
		{[]float64{1, 1}, []float64{0, 0, 1}},
		{[]float64{0.5, 0.5, 0.5}, []float64{0.5, 0.25, 0.125, 0.125}},
	}
	for _, tc := range tests {
		got := GaricanoShares(tc.q)
		if len(got) != len(tc.want) {
			t.Fatalf("GaricanoShares(%v) length %d, want %d", tc.q, len(got), len(tc.want))
		}
		var sum float64
		for i := range got {
			sum += got[i]
			if !near(got[i], tc.want[i], 1e-12) {
				t.Errorf("GaricanoShares(%v)[%d] = %v, want %v", tc.q, i, got[i], tc.want[i])
			}
		}
		if !near(sum, 1, 1e-12) {
			t.Errorf("GaricanoShares(%v) sums to %v", tc.q, sum)
		}
	}
}

func TestScreeningOrdering(t *testing.T) {
	// A majority of more judges is more accurate when p > 1/2.
	for _, p := range []float64{0.55, 0.7, 0.9} {
		prev := 0.0
		for n := 1; n <= 21; n += 2 {
			got := MajorityAccuracy(p, n)
			if got < prev {
				t.Errorf("MajorityAccuracy(%v, %d) = %v < %v", p, n, got, prev)
			}
			prev = got
		}
		if h, pl := HierarchyAccept(p, 3), PolyarchyAccept(p, 3); !(h < p && p < pl) {
			t.Errorf("hierarchy %v, single %v, polyarchy %v not ordered", h, p, pl)
		}
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"MM1 rho=1", func() { MM1Sojourn(1, 1) }},
		{"MM1 rho>1", func() { MM1Wait(2, 1) }},
		{"MM1 zero lambda", func() { MM1Sojourn(0, 1) }},
		{"MM1 negative mu", func() { MM1Sojourn(0.5, -1) }},
		{"MM1 NaN", func() { MM1Sojourn(math.NaN(), 1) }},
		{"MM1 quantile p=1", func() { MM1SojournQuantile(0.5, 1, 1) }},
		{"MM1 wait quantile p<0", func() { MM1WaitQuantile(0.5, 1, -0.1) }},
		{"ErlangC c=0", func() { ErlangC(0, 1, 1) }},
		{"ErlangC unstable", func() { ErlangC(2, 2, 1) }},
		{"MMcWait unstable", func() { MMcWait(3, 4, 1) }},
		{"PK unstable", func() { PKWait(1, 1, 2) }},
		{"PK bad moment", func() { PKWait(0.5, 1, 0.5) }},
		{"MD1 zero s", func() { MD1Wait(0.5, 0) }},
		{"Uniform a>b", func() { SecondMomentUniform(2, 1) }},
		{"Uniform negative a", func() { SecondMomentUniform(-1, 1) }},
		{"Exp zero mean", func() { SecondMomentExp(0) }},
		{"LogNormal negative cv", func() { SecondMomentLogNormal(1, -1) }},
		{"Gamma zero mean", func() { SecondMomentGamma(0, 1) }},
		{"Tandem empty", func() { TandemSojourn(1, nil) }},
		{"Tandem unstable", func() { TandemSojourn(1, []float64{2, 1}) }},
		{"Hypoexp empty", func() { HypoexpCDF(nil, 1) }},
		{"Hypoexp zero rate", func() { HypoexpCDF([]float64{1, 0}, 1) }},
		{"Hypoexp NaN t", func() { HypoexpCDF([]float64{1}, math.NaN()) }},
		{"HypoexpQuantile p=1", func() { HypoexpQuantile([]float64{1}, 1) }},
		{"Garicano q>1", func() { GaricanoShares([]float64{1.5}) }},
		{"OutageBacklog negative D", func() { OutageBacklog(1, -1) }},
		{"DrainTime negative k", func() { DrainTime(-1, 1, 2) }},
		{"DrainTime unstable", func() { DrainTime(1, 2, 2) }},
		{"OutageDelayArea unstable", func() { OutageDelayArea(1, 3, 2) }},
		{"ExpectedOutageDrain unstable", func() { ExpectedOutageDrain(3, 2, 1) }},
		{"HierarchyAccept n=0", func() { HierarchyAccept(0.5, 0) }},
		{"PolyarchyAccept p>1", func() { PolyarchyAccept(1.1, 2) }},
		{"MajorityAccuracy n=0", func() { MajorityAccuracy(0.5, 0) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, ok := r.(string)
				if !ok || !strings.HasPrefix(msg, "queueing: ") {
					t.Errorf("panic value %#v, want string starting with %q", r, "queueing: ")
				}
			}()
			tc.f()
		})
	}
}

func TestHypoexpMethodsAgree(t *testing.T) {
	// The matrix-exponential and partial-fraction evaluations must agree
	// wherever the latter is well-conditioned.
	rateSets := [][]float64{{1, 2}, {0.5, 1, 4, 8}, {3, 0.2}, {60, 0.1}}
	for _, rates := range rateSets {
		for _, x := range []float64{0.01, 0.3, 1, 3, 10, 40} {
			pc, ps, ok := hypoexpPartialFractions(rates, x)
			if !ok {
				continue
			}
			mc, ms := hypoexpMatrix(rates, x)
			if math.Abs(mc-pc) > 1e-10*pc || math.Abs(ms-ps) > 1e-10*ps {
				t.Errorf("rates %v t %v: matrix (%.16g, %.16g) vs partial fractions (%.16g, %.16g)",
					rates, x, mc, ms, pc, ps)
			}
		}
	}
	// Nearly equal rates approach the Erlang distribution continuously.
	near2 := HypoexpCDF([]float64{1, 1 + 1e-9}, 2)
	erl2 := 1 - math.Exp(-2)*(1+2)
	if math.Abs(near2-erl2) > 1e-8 {
		t.Errorf("nearly equal rates: %v, Erlang limit %v", near2, erl2)
	}
	// Quantile then CDF recovers p in both tails.
	for _, p := range []float64{1e-6, 0.01, 0.5, 0.9, 0.999999} {
		rates := []float64{1, 1, 3}
		q := HypoexpQuantile(rates, p)
		cdf, surv := hypoexp(rates, q)
		if p <= 0.5 && math.Abs(cdf-p) > 1e-10*p {
			t.Errorf("CDF(Quantile(%v)) = %.16g", p, cdf)
		}
		if p > 0.5 && math.Abs(surv-(1-p)) > 1e-10*(1-p) {
			t.Errorf("1 - CDF(Quantile(%v)) = %.16g, want %.16g", p, surv, 1-p)
		}
		if !near(HypoexpCDF(rates, q), p, 1e-11) {
			t.Errorf("HypoexpCDF(Quantile(%v)) = %.16g", p, HypoexpCDF(rates, q))
		}
	}
}
