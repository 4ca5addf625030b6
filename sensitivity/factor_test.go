package sensitivity

import (
	"math"
	"strings"
	"testing"
)

func TestFactorValue(t *testing.T) {
	for _, c := range []struct {
		f    Factor
		u    float64
		want float64
	}{
		{NewUniform("u", 2, 6), 0, 2},
		{NewUniform("u", 2, 6), 0.25, 3},
		{NewUniform("u", 2, 6), 1, 6},
		{NewLogUniform("rate", 0.01, 100), 0, 0.01},
		{NewLogUniform("rate", 0.01, 100), 0.5, 1}, // the geometric midpoint
		{NewLogUniform("rate", 0.01, 100), 0.75, 10},
		{NewLogUniform("rate", 0.01, 100), 1, 100},
		{NewDiscrete("n", 10, 20, 30), 0, 10},
		{NewDiscrete("n", 10, 20, 30), 0.33, 10},
		{NewDiscrete("n", 10, 20, 30), 0.34, 20},
		{NewDiscrete("n", 10, 20, 30), 0.99, 30},
		{NewDiscrete("n", 10, 20, 30), 1, 30},
		{NewDummy("d"), 0.3, 0.3},
	} {
		if got := c.f.Value(c.u); math.Abs(got-c.want) > 1e-12*math.Abs(c.want) {
			t.Errorf("%s %s: Value(%v) = %v, want %v", c.f.Kind, c.f.Name, c.u, got, c.want)
		}
	}
}

func TestFactorCheck(t *testing.T) {
	for _, c := range []struct {
		f    Factor
		want string // "" for no error
	}{
		{NewUniform("u", 0, 1), ""},
		{NewLogUniform("r", 1e-3, 1), ""},
		{NewDiscrete("n", 1, 2), ""},
		{NewDummy("d"), ""},
		{NewUniform("", 0, 1), "no name"},
		{NewUniform("u", 1, 0), "low < high"},
		{NewUniform("u", 0, math.Inf(1)), "finite bounds"},
		{NewUniform("u", math.NaN(), 1), "finite bounds"},
		{NewLogUniform("r", 0, 1), "low > 0"},
		{NewDiscrete("n", 1), "at least two"},
		{NewDiscrete("n", 1, math.NaN()), "not finite"},
		{Factor{Name: "x"}, "unknown kind"},
	} {
		err := c.f.Check()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.f, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: got %v, want an error with %q", c.f, err, c.want)
		}
	}
	if _, err := checkFactors([]Factor{NewUniform("x", 0, 1), NewDummy("x")}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a repeated name: got %v", err)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Uniform: "uniform", LogUniform: "log-uniform", Discrete: "discrete", Dummy: "dummy", 0: "Kind(0)", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}
