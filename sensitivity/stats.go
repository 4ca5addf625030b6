package sensitivity

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is an estimate with its standard error and a Student-t
// confidence interval, computed from independent replicate estimates.
type Interval struct {
	Estimate float64 // the mean of the replicate estimates
	SE       float64 // their standard deviation ÷ √replicates
	Low      float64 // Estimate − t·SE
	High     float64 // Estimate + t·SE
}

// Contains reports whether x lies in [Low, High].
func (iv Interval) Contains(x float64) bool { return iv.Low <= x && x <= iv.High }

// tInterval summarises independent replicate estimates x (at least two) as
// their mean with a Student-t interval at level with len(x)−1 degrees of
// freedom.
func tInterval(x []float64, level float64) Interval {
	n := float64(len(x))
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= n
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	se := math.Sqrt(ss/(n-1)) / math.Sqrt(n)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile((1 + level) / 2)
	return Interval{Estimate: mean, SE: se, Low: mean - t*se, High: mean + t*se}
}

// OutputError reports an output that cannot be analysed: NaN or infinite.
// Index is its position in the outputs, which is the position of its point
// in the design.
type OutputError struct {
	Index int
	Value float64
}

// Error says which output is not finite and that its point must be rerun.
func (e *OutputError) Error() string {
	return fmt.Sprintf("sensitivity: output %d is %v; every design point needs a finite output (a failed run must be rerun or the design shrunk, not skipped)", e.Index, e.Value)
}

// checkOutputs refuses outputs of the wrong length or with a value that
// is not finite.
func checkOutputs(outputs []float64, want int) error {
	if len(outputs) != want {
		return fmt.Errorf("sensitivity: %d outputs for a design of %d points (give one output per point, in the design's order)", len(outputs), want)
	}
	for i, v := range outputs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &OutputError{Index: i, Value: v}
		}
	}
	return nil
}

// meanVar returns the mean and the sample variance (n − 1) of x.
func meanVar(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x)-1)
}
