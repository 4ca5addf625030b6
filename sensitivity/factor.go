package sensitivity

import (
	"errors"
	"fmt"
	"math"
)

// Kind is the distribution of an input factor.
type Kind uint8

// The distributions a factor can have.
const (
	// Uniform is uniform on [Low, High].
	Uniform Kind = iota + 1
	// LogUniform is uniform in log on [Low, High] (0 < Low < High): the
	// distribution for rates and times, whose plausible values span
	// orders of magnitude.
	LogUniform
	// Discrete takes each of Values with equal probability.
	Discrete
	// Dummy changes nothing in the model. Its value is the design's own
	// coordinate in [0, 1]; the caller must not pass it to the model as a
	// parameter (see the package documentation for its use as a noise
	// floor).
	Dummy
)

var kindNames = [...]string{Uniform: "uniform", LogUniform: "log-uniform", Discrete: "discrete", Dummy: "dummy"}

// String returns "uniform", "log-uniform", "discrete" or "dummy".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Factor is one input of the function under study, with the distribution
// its values are drawn from. A design maps its coordinate u in [0, 1] to
// the factor's natural units with [Factor.Value].
type Factor struct {
	Name      string
	Kind      Kind
	Low, High float64   // Uniform and LogUniform
	Values    []float64 // Discrete, in the order the design's levels reach them
}

// NewUniform returns a factor uniform on [low, high].
func NewUniform(name string, low, high float64) Factor {
	return Factor{Name: name, Kind: Uniform, Low: low, High: high}
}

// NewLogUniform returns a factor whose logarithm is uniform on
// [ln low, ln high]; low must be positive.
func NewLogUniform(name string, low, high float64) Factor {
	return Factor{Name: name, Kind: LogUniform, Low: low, High: high}
}

// NewDiscrete returns a factor taking each of values with equal
// probability. A categorical input (a rule's name, say) is a list of
// indices 0, 1, …, n−1 that the caller maps to its categories.
func NewDiscrete(name string, values ...float64) Factor {
	return Factor{Name: name, Kind: Discrete, Values: append([]float64(nil), values...)}
}

// NewDummy returns a factor that changes nothing: its indices measure how
// far from zero an index of an uninfluential input comes out.
func NewDummy(name string) Factor { return Factor{Name: name, Kind: Dummy} }

// Value maps a coordinate u in [0, 1] to the factor's natural units: the
// quantile function of its distribution. A Discrete factor with n values
// gives value ⌊u·n⌋ (the last one at u = 1); a Dummy gives u itself.
func (f Factor) Value(u float64) float64 {
	switch f.Kind {
	case Uniform:
		if u >= 1 {
			return f.High
		}
		return f.Low + u*(f.High-f.Low)
	case LogUniform:
		if u <= 0 {
			return f.Low
		}
		if u >= 1 {
			return f.High
		}
		return math.Exp(math.Log(f.Low) + u*(math.Log(f.High)-math.Log(f.Low)))
	case Discrete:
		k := int(math.Floor(u * float64(len(f.Values))))
		k = max(0, min(k, len(f.Values)-1))
		return f.Values[k]
	default:
		return u
	}
}

// Check reports whether the factor is well formed: a name, a known kind,
// finite bounds with Low < High (and Low > 0 for LogUniform), at least two
// finite values for Discrete.
func (f Factor) Check() error {
	if f.Name == "" {
		return errors.New("sensitivity: a factor has no name")
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch f.Kind {
	case Uniform, LogUniform:
		if !finite(f.Low) || !finite(f.High) || !(f.Low < f.High) {
			return fmt.Errorf("sensitivity: factor %q: %s needs finite bounds with low < high (got [%v, %v])", f.Name, f.Kind, f.Low, f.High)
		}
		if f.Kind == LogUniform && !(f.Low > 0) {
			return fmt.Errorf("sensitivity: factor %q: log-uniform needs low > 0 (got %v)", f.Name, f.Low)
		}
	case Discrete:
		if len(f.Values) < 2 {
			return fmt.Errorf("sensitivity: factor %q: discrete needs at least two values (got %d)", f.Name, len(f.Values))
		}
		for _, v := range f.Values {
			if !finite(v) {
				return fmt.Errorf("sensitivity: factor %q: value %v is not finite", f.Name, v)
			}
		}
	case Dummy:
	default:
		return fmt.Errorf("sensitivity: factor %q: unknown kind %d", f.Name, uint8(f.Kind))
	}
	return nil
}

// checkFactors checks every factor and that names are distinct, and
// returns a copy the caller cannot change under a design.
func checkFactors(factors []Factor) ([]Factor, error) {
	if len(factors) == 0 {
		return nil, errors.New("sensitivity: no factors")
	}
	seen := make(map[string]bool, len(factors))
	out := make([]Factor, len(factors))
	for i, f := range factors {
		if err := f.Check(); err != nil {
			return nil, err
		}
		if seen[f.Name] {
			return nil, fmt.Errorf("sensitivity: factor %q is given twice", f.Name)
		}
		seen[f.Name] = true
		f.Values = append([]float64(nil), f.Values...)
		out[i] = f
	}
	return out, nil
}

// mix64 is the SplitMix64 finaliser.
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
