package resilience

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/orgsim/orgsim/internal/stats"
)

// triangle returns the grid 0, 0.5, …, 200 and signals m0 ≡ 1 and m such that
// Q falls linearly from 100 at t = 100 to 50 at t = 110 and climbs linearly
// back to 100 at t = 150.
func triangle() (grid, m, m0 []float64) {
	for i := 0; i <= 400; i++ {
		t := float64(i) * 0.5
		q := 100.0
		switch {
		case t > 100 && t <= 110:
			q = 100 - 5*(t-100)
		case t > 110 && t < 150:
			q = 50 + 1.25*(t-110)
		}
		grid = append(grid, t)
		m = append(m, 100/q)
		m0 = append(m0, 1)
	}
	return grid, m, m0
}

func TestAnalyseTriangle(t *testing.T) {
	grid, m, m0 := triangle()
	r := Analyse(grid, m, m0, 100, 200, 90, 20)
	if math.Abs(r.Loss-1250) > 1e-9 {
		t.Errorf("Loss = %.12f, want 1250", r.Loss)
	}
	if r.Recovery != 42 || r.Censored {
		t.Errorf("Recovery = %v (censored %v), want 42", r.Recovery, r.Censored)
	}
	if r.PeakDegradation != 2 {
		t.Errorf("PeakDegradation = %v, want 2", r.PeakDegradation)
	}
	if r.MinQ != 50 {
		t.Errorf("MinQ = %v, want 50", r.MinQ)
	}
}

func TestAnalyseTrianglePartial(t *testing.T) {
	grid, m, m0 := triangle()
	// Integrating only [105, 130]: Q is 75 at 105, 50 at 110, 75 at 130.
	// Deficit: trapezoids (25+50)/2·5 + (50+25)/2·20 = 187.5 + 750.
	r := Analyse(grid, m, m0, 105, 130, 90, 5)
	if math.Abs(r.Loss-937.5) > 1e-9 {
		t.Errorf("Loss over [105,130] = %v, want 937.5", r.Loss)
	}
	if !r.Censored || r.Recovery != 25 {
		t.Errorf("Recovery = %v censored %v, want 25 censored", r.Recovery, r.Censored)
	}
	// t0 and end off the grid: Q interpolated at 104.25 (78.75) and 104.75
	// (76.25) gives the deficit (21.25+23.75)/2·0.5 = 11.25.
	r = Analyse(grid, m, m0, 104.25, 104.75, 90, 0)
	if math.Abs(r.Loss-11.25) > 1e-9 {
		t.Errorf("Loss over [104.25,104.75] = %v, want 11.25", r.Loss)
	}
	if r.MinQ != 77.5 {
		t.Errorf("MinQ over [104.25,104.75] = %v, want 77.5", r.MinQ)
	}
}

func TestAnalyseUndisturbed(t *testing.T) {
	grid, m, _ := triangle()
	for _, t0 := range []float64{100, 100.2} {
		r := Analyse(grid, m, m, t0, 200, 90, 20)
		want := Result{Loss: 0, Recovery: 0, Censored: false, PeakDegradation: 1, MinQ: 100}
		if r != want {
			t.Errorf("t0=%v: undisturbed = %+v, want %+v", t0, r, want)
		}
	}
	// Infinite and zero signals equal in both runs are not degradation.
	inf := math.Inf(1)
	g := []float64{0, 1, 2, 3}
	s := []float64{inf, 0, inf, 0}
	if r := Analyse(g, s, s, 0, 3, 90, 1); r != (Result{PeakDegradation: 1, MinQ: 100}) {
		t.Errorf("equal Inf/0 signals = %+v", r)
	}
}

func TestAnalyseCensored(t *testing.T) {
	grid, m, m0 := triangle()
	for i, tt := range grid {
		if tt >= 110 {
			m[i] = 2 // Q stays at 50
		}
	}
	r := Analyse(grid, m, m0, 100, 200, 90, 20)
	if !r.Censored || r.Recovery != 100 {
		t.Errorf("never recovers: Recovery = %v censored %v, want 100 censored", r.Recovery, r.Censored)
	}
	// Deficit: ramp 100→50 over [100,110] is 250, then 50 for 90 h.
	if math.Abs(r.Loss-(250+50*90)) > 1e-9 {
		t.Errorf("Loss = %v, want %v", r.Loss, 250+50*90)
	}
	// Recovered at 142, but the hold would end past the horizon.
	grid, m, m0 = triangle()
	r = Analyse(grid, m, m0, 100, 161.5, 90, 20)
	if !r.Censored || r.Recovery != 61.5 {
		t.Errorf("hold past end: Recovery = %v censored %v, want 61.5 censored", r.Recovery, r.Censored)
	}
	r = Analyse(grid, m, m0, 100, 162, 90, 20)
	if r.Censored || r.Recovery != 42 {
		t.Errorf("hold to end: Recovery = %v censored %v, want 42", r.Recovery, r.Censored)
	}
	// An unfinished backlog (m = +Inf) is quality 0 and infinite degradation.
	r = Analyse([]float64{0, 1, 2}, []float64{1, math.Inf(1), math.Inf(1)}, []float64{1, 1, 1}, 0, 2, 90, 1)
	if !r.Censored || r.MinQ != 0 || !math.IsInf(r.PeakDegradation, 1) || r.Loss != 150 {
		t.Errorf("infinite signal = %+v", r)
	}
}

func TestQuality(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct{ m, m0, want float64 }{
		{2, 1, 50}, {1, 2, 100}, {4, 1, 25}, {nan, 1, 100}, {1, nan, 100},
		{inf, 1, 0}, {inf, inf, 100}, {1, 0, 0}, {0, 0, 100},
	}
	for _, c := range cases {
		if got := Quality(c.m, c.m0); got != c.want {
			t.Errorf("Quality(%v, %v) = %v, want %v", c.m, c.m0, got, c.want)
		}
	}
}

func TestWindowsDense(t *testing.T) {
	arr := make([]float64, 1000)
	for i := range arr {
		arr[i] = float64(i) / 10 // 10 per hour over [0, 100)
	}
	grid, win := Windows(arr, 0, 100, 8, 30)
	if len(grid) != 47 || grid[0] != 8 || grid[len(grid)-1] != 100 {
		t.Fatalf("grid has %d points from %v to %v, want 47 from 8 to 100", len(grid), grid[0], grid[len(grid)-1])
	}
	for i, g := range grid {
		if g != 8+2*float64(i) || win[i] != (Window{Lo: g - 8, Hi: g}) {
			t.Fatalf("point %d: grid %v window %+v", i, g, win[i])
		}
	}
	// The grid stops at the last t_i ≤ end.
	grid, _ = Windows(arr, 0, 99.9, 8, 30)
	if grid[len(grid)-1] != 98 {
		t.Errorf("last grid point %v, want 98", grid[len(grid)-1])
	}
}

func TestWindowsWidening(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	// Sparse arrivals: about 1 per hour, with a quiet gap from 300 to 400.
	var arr []float64
	for tt := r.ExpFloat64(); tt < 1000; tt += r.ExpFloat64() {
		if tt < 300 || tt >= 400 {
			arr = append(arr, tt)
		}
	}
	const start, end, w, minN = 0.0, 1000.0, 8.0, 30
	step := w / 4
	grid, win := Windows(arr, start, end, w, minN)
	count := func(wd Window) int {
		c := 0
		for _, a := range arr {
			if a >= wd.Lo && a < wd.Hi {
				c++
			}
		}
		return c
	}
	widened := 0
	for i, wd := range win {
		if wd.Hi != grid[i] {
			t.Fatalf("window %d ends at %v, grid at %v", i, wd.Hi, grid[i])
		}
		if wd.Lo > wd.Hi-w {
			t.Fatalf("window %d %+v narrower than w", i, wd)
		}
		if wd.Lo < wd.Hi-w {
			widened++
		}
		k := (wd.Lo - start) / step
		if k != math.Round(k) {
			t.Fatalf("window %d left edge %v is off the grid", i, wd.Lo)
		}
		c := count(wd)
		if wd.Lo == start {
			continue // widening stopped at the start
		}
		if c < minN {
			t.Fatalf("window %d %+v holds %d < %d arrivals", i, wd, c, minN)
		}
		// Minimal widening: one step less would hold too few.
		if wd.Lo < wd.Hi-w {
			if narrower := count(Window{Lo: wd.Lo + step, Hi: wd.Hi}); narrower >= minN {
				t.Fatalf("window %d %+v widened too far (%d arrivals one step in)", i, wd, narrower)
			}
		}
	}
	if widened < len(win)/2 {
		t.Errorf("only %d of %d windows widened", widened, len(win))
	}
	// Inside the quiet gap, windows reach back before 300.
	for i, g := range grid {
		if g > 300 && g <= 400 && win[i].Lo >= 300 {
			t.Errorf("window at %v starts at %v, inside the quiet gap", g, win[i].Lo)
		}
	}
	// Near the start the widening stops at start.
	if win[0].Lo != start {
		t.Errorf("first window %+v, want it to start at %v", win[0], start)
	}
}

func bruteP95(arr, lat []float64, win []Window) []float64 {
	out := make([]float64, len(win))
	for i, wd := range win {
		var v []float64
		for k, a := range arr {
			if a >= wd.Lo && a < wd.Hi {
				v = append(v, lat[k])
			}
		}
		if len(v) == 0 {
			out[i] = math.NaN()
			continue
		}
		slices.Sort(v)
		idx := int(math.Ceil(0.95*float64(len(v))-1e-9)) - 1
		out[i] = v[max(idx, 0)]
	}
	return out
}

func TestWindowP95BruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 7))
	var arr, lat []float64
	for tt := 0.0; tt < 500; tt += r.ExpFloat64() / 3 {
		// Some arrivals share a time, and some fall exactly on grid points.
		if r.IntN(10) == 0 {
			tt = math.Round(tt)
		}
		arr = append(arr, tt)
		l := r.ExpFloat64() * 5
		if r.IntN(50) == 0 {
			l = math.Inf(1)
		}
		lat = append(lat, l)
		if r.IntN(20) == 0 {
			arr = append(arr, tt)
			lat = append(lat, r.ExpFloat64())
		}
	}
	for _, minN := range []int{1, 30, 200} {
		_, win := Windows(arr, 0, 500, 4, minN)
		// Also windows that hold nothing.
		win = append(win, Window{Lo: 600, Hi: 700}, Window{Lo: 10, Hi: 10})
		got := WindowP95(arr, lat, win)
		want := bruteP95(arr, lat, win)
		for i := range want {
			if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
				t.Fatalf("minN=%d window %d %+v: got %v, want %v", minN, i, win[i], got[i], want[i])
			}
		}
		if !math.IsNaN(got[len(got)-1]) || !math.IsNaN(got[len(got)-2]) {
			t.Errorf("empty windows give %v, %v, want NaN", got[len(got)-2], got[len(got)-1])
		}
	}
}

func TestWindowP95Values(t *testing.T) {
	arr := make([]float64, 100)
	lat := make([]float64, 100)
	for i := range arr {
		arr[i] = float64(i)
		lat[i] = float64(100 - i)
	}
	// [0, 100) holds latencies 1..100: p95 = 95. [0, 20) holds 81..100:
	// ceil(19)−1 = 18 → 99. [50, 50) is empty.
	got := WindowP95(arr, lat, []Window{{0, 100}, {0, 20}, {50, 50}})
	if got[0] != 95 || got[1] != 99 || !math.IsNaN(got[2]) {
		t.Errorf("WindowP95 = %v, want [95 99 NaN]", got)
	}
	if q := stats.Quantile([]float64{1, 2, 3}, 0.95); q != 3 {
		t.Errorf("stats.Quantile = %v", q)
	}
}

func TestExcessDelay(t *testing.T) {
	if got := ExcessDelay([]float64{3, 5, 2}, []float64{1, 5, 3}); got != 1 {
		t.Errorf("ExcessDelay = %v, want 1", got)
	}
	if got := ExcessDelay(nil, nil); got != 0 {
		t.Errorf("ExcessDelay(nil, nil) = %v, want 0", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("ExcessDelay with unequal lengths did not panic")
		}
	}()
	ExcessDelay([]float64{1}, nil)
}

func TestPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"Windows w=0":       func() { Windows(nil, 0, 10, 0, 30) },
		"WindowP95 lengths": func() { WindowP95([]float64{1}, nil, nil) },
		"Analyse lengths":   func() { Analyse([]float64{1, 2}, []float64{1}, []float64{1, 2}, 0, 2, 90, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}
