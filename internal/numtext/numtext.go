// Package numtext writes and reads numbers the way orgsim's CSV files and
// sweep journals do: the shortest decimal that reads back to the same
// float64, an empty field for NaN, and "Inf" and "-Inf" for the infinities.
package numtext

import (
	"math"
	"strconv"
)

// Format writes x as the shortest decimal that reads back to x; NaN is the
// empty string and the infinities are "Inf" and "-Inf".
func Format(x float64) string {
	switch {
	case math.IsNaN(x):
		return ""
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Parse reads what Format writes; ok is false for any other text.
func Parse(s string) (x float64, ok bool) {
	if s == "" {
		return math.NaN(), true
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil
}
