package stats_test

import (
	"fmt"

	"github.com/orgsim/orgsim/internal/stats"
)

func Example() {
	latency := []float64{4, 1, 9, 2, 7, 3, 8, 5, 6, 10}
	q := stats.Quantiles(latency, 0.5, 0.9)
	mean, se := stats.MeanSE(latency)
	fmt.Printf("p50=%g p90=%g\n", q[0], q[1])
	fmt.Printf("mean=%.1f se=%.3f\n", mean, se)
	fmt.Printf("gini=%.2f\n", stats.Gini([]float64{0, 0, 0, 1}))
	// Output:
	// p50=5 p90=9
	// mean=5.5 se=0.957
	// gini=0.75
}
