package resilience_test

import (
	"fmt"

	"github.com/orgsim/orgsim/model/resilience"
)

func Example() {
	// Issues arrive every 0.1 h over 40 h. In the baseline every issue takes
	// 2 h; in the disturbed run the issues arriving in [20, 24) take 6 h.
	var arrivals, base, hit []float64
	for i := range 400 {
		t := float64(i) / 10
		arrivals = append(arrivals, t)
		base = append(base, 2)
		if t >= 20 && t < 24 {
			hit = append(hit, 6)
		} else {
			hit = append(hit, 2)
		}
	}
	grid, win := resilience.Windows(arrivals, 0, 40, 4, resilience.DefaultMinN)
	m0 := resilience.WindowP95(arrivals, base, win)
	m := resilience.WindowP95(arrivals, hit, win)
	r := resilience.Analyse(grid, m, m0, 20, 40, 90, 4)
	fmt.Printf("loss %.1f %%·h, recovery %g h, censored %v\n", r.Loss, r.Recovery, r.Censored)
	fmt.Printf("peak %gx, min quality %.1f\n", r.PeakDegradation, r.MinQ)
	fmt.Printf("excess delay %g h\n", resilience.ExcessDelay(hit, base))
	// Output:
	// loss 466.7 %·h, recovery 8 h, censored false
	// peak 3x, min quality 33.3
	// excess delay 160 h
}
