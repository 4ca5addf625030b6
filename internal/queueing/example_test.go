package queueing_test

import (
	"fmt"

	"github.com/orgsim/orgsim/internal/queueing"
)

// An M/M/1 desk receiving 0.8 issues per hour and resolving 1 per hour.
func ExampleMM1Sojourn() {
	lambda, mu := 0.8, 1.0
	fmt.Printf("W = %.4f h\n", queueing.MM1Sojourn(lambda, mu))
	fmt.Printf("Wq = %.4f h\n", queueing.MM1Wait(lambda, mu))
	fmt.Printf("p95 sojourn = %.4f h\n", queueing.MM1SojournQuantile(lambda, mu, 0.95))
	// Output:
	// W = 5.0000 h
	// Wq = 4.0000 h
	// p95 sojourn = 14.9787 h
}

// Two servers each resolving one issue per hour, one arrival per hour.
func ExampleErlangC() {
	fmt.Printf("C = %.4f, Wq = %.4f h\n", queueing.ErlangC(2, 1, 1), queueing.MMcWait(2, 1, 1))
	// Output:
	// C = 0.3333, Wq = 0.3333 h
}

// Share of issues decided at each of three levels when 30% escalate from
// the first and 20% of those escalate again.
func ExampleGaricanoShares() {
	fmt.Printf("%.2f\n", queueing.GaricanoShares([]float64{0.3, 0.2}))
	// Output:
	// [0.70 0.24 0.06]
}
