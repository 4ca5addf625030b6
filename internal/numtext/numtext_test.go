package numtext

import (
	"math"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, x := range []float64{0, 1, -2.5, 0.1, 1e-300, math.MaxFloat64, math.Inf(1), math.Inf(-1), 1.0 / 3} {
		s := Format(x)
		y, ok := Parse(s)
		if !ok || y != x {
			t.Errorf("%v → %q → %v, %v", x, s, y, ok)
		}
	}
	if s := Format(math.NaN()); s != "" {
		t.Errorf("NaN → %q, want empty", s)
	}
	if y, ok := Parse(""); !ok || !math.IsNaN(y) {
		t.Errorf(`"" → %v, %v`, y, ok)
	}
	if _, ok := Parse("fast"); ok {
		t.Error(`"fast" parsed as a number`)
	}
	if Format(0.1) != "0.1" || Format(2) != "2" || Format(math.Inf(1)) != "Inf" {
		t.Error("not the shortest form")
	}
}
