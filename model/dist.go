package model

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a family of non-negative distributions.
type DistKind uint8

// The distribution families. Every one is sampled by inverting its CDF at a
// uniform quantile, so one keyed uniform number gives one draw.
const (
	Exponential   DistKind = iota // exponential with the given Mean
	Deterministic                 // always Mean
	Uniform                       // uniform on [Min, Max]
	LogNormal                     // log-normal with the given Mean and CV
	Gamma                         // gamma with the given Mean and CV
)

var distNames = [...]string{"exponential", "deterministic", "uniform", "lognormal", "gamma"}

// String returns the family's name as scenario files write it.
func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// Dist is a distribution of a non-negative quantity: a decision time, a hop
// delay or an issue's value. Mean and CV (the coefficient of variation,
// standard deviation over mean) parameterise the exponential (CV 1),
// deterministic (CV 0), log-normal and gamma families; Min and Max the
// uniform one.
type Dist struct {
	Kind DistKind
	Mean float64 // mean; unused by Uniform
	CV   float64 // coefficient of variation; LogNormal and Gamma only
	Min  float64 // lower end; Uniform only
	Max  float64 // upper end; Uniform only
}

// Exp returns an exponential distribution with the given mean.
func Exp(mean float64) Dist { return Dist{Kind: Exponential, Mean: mean, CV: 1} }

// Det returns a deterministic distribution: always v.
func Det(v float64) Dist { return Dist{Kind: Deterministic, Mean: v} }

// Unif returns the uniform distribution on [a, b].
func Unif(a, b float64) Dist { return Dist{Kind: Uniform, Min: a, Max: b, Mean: (a + b) / 2} }

// LogNorm returns a log-normal distribution with the given mean and
// coefficient of variation.
func LogNorm(mean, cv float64) Dist { return Dist{Kind: LogNormal, Mean: mean, CV: cv} }

// LogNormMedian returns the log-normal distribution with the given median
// and log-scale standard deviation sigma, the way delays are often quoted.
func LogNormMedian(median, sigma float64) Dist {
	return LogNorm(median*math.Exp(sigma*sigma/2), math.Sqrt(math.Expm1(sigma*sigma)))
}

// GammaDist returns a gamma distribution with the given mean and
// coefficient of variation.
func GammaDist(mean, cv float64) Dist { return Dist{Kind: Gamma, Mean: mean, CV: cv} }

// Validate reports a parameter outside its family's range.
func (d Dist) Validate() error {
	switch d.Kind {
	case Exponential, Deterministic:
		if !(d.Mean >= 0) || math.IsInf(d.Mean, 0) {
			return fmt.Errorf("mean %v must be a finite number ≥ 0", d.Mean)
		}
	case Uniform:
		if !(d.Min >= 0 && d.Max >= d.Min) || math.IsInf(d.Max, 0) {
			return fmt.Errorf("uniform needs 0 ≤ min ≤ max < ∞, got [%v, %v]", d.Min, d.Max)
		}
	case LogNormal, Gamma:
		if !(d.Mean > 0) || math.IsInf(d.Mean, 0) {
			return fmt.Errorf("%v mean %v must be a finite number > 0", d.Kind, d.Mean)
		}
		if !(d.CV > 0) || math.IsInf(d.CV, 0) {
			return fmt.Errorf("%v cv %v must be a finite number > 0", d.Kind, d.CV)
		}
	default:
		return fmt.Errorf("unknown distribution kind %d", d.Kind)
	}
	return nil
}

// Expect returns the distribution's mean.
func (d Dist) Expect() float64 {
	if d.Kind == Uniform {
		return (d.Min + d.Max) / 2
	}
	return d.Mean
}

// SecondMoment returns E[X²].
func (d Dist) SecondMoment() float64 {
	switch d.Kind {
	case Exponential:
		return 2 * d.Mean * d.Mean
	case Deterministic:
		return d.Mean * d.Mean
	case Uniform:
		return (d.Min*d.Min + d.Min*d.Max + d.Max*d.Max) / 3
	default:
		return d.Mean * d.Mean * (1 + d.CV*d.CV)
	}
}

// sigma2 is the log-scale variance of a log-normal with coefficient of
// variation cv.
func sigma2(cv float64) float64 { return math.Log1p(cv * cv) }

// Quantile returns the value with P(X ≤ x) = u, for u in (0, 1).
func (d Dist) Quantile(u float64) float64 {
	switch d.Kind {
	case Exponential:
		return -d.Mean * math.Log(1-u)
	case Deterministic:
		return d.Mean
	case Uniform:
		return d.Min + u*(d.Max-d.Min)
	case LogNormal:
		s2 := sigma2(d.CV)
		mu := math.Log(d.Mean) - s2/2
		return math.Exp(mu + math.Sqrt(2*s2)*math.Erfinv(2*u-1))
	case Gamma:
		k := 1 / (d.CV * d.CV)
		return distuv.Gamma{Alpha: k, Beta: k / d.Mean}.Quantile(u)
	}
	panic("model: unknown distribution kind")
}

// CDF returns P(X ≤ x).
func (d Dist) CDF(x float64) float64 {
	if x < 0 {
		return 0
	}
	switch d.Kind {
	case Exponential:
		if d.Mean == 0 {
			return 1
		}
		return -math.Expm1(-x / d.Mean)
	case Deterministic:
		if x >= d.Mean {
			return 1
		}
		return 0
	case Uniform:
		if x >= d.Max {
			return 1
		}
		if x < d.Min {
			return 0
		}
		return (x - d.Min) / (d.Max - d.Min)
	case LogNormal:
		if x == 0 {
			return 0
		}
		s2 := sigma2(d.CV)
		mu := math.Log(d.Mean) - s2/2
		return 0.5 * math.Erfc(-(math.Log(x)-mu)/math.Sqrt(2*s2))
	case Gamma:
		k := 1 / (d.CV * d.CV)
		return distuv.Gamma{Alpha: k, Beta: k / d.Mean}.CDF(x)
	}
	panic("model: unknown distribution kind")
}

// String writes the distribution the way scenario files do, for example
// "exponential(0.5h)" or "lognormal(mean=2h, cv=0.8)".
func (d Dist) String() string {
	switch d.Kind {
	case Exponential, Deterministic:
		return fmt.Sprintf("%v(%g)", d.Kind, d.Mean)
	case Uniform:
		return fmt.Sprintf("uniform(%g, %g)", d.Min, d.Max)
	default:
		return fmt.Sprintf("%v(mean=%g, cv=%g)", d.Kind, d.Mean, d.CV)
	}
}

// sampler is a Dist compiled for fast draws: the parameters each draw
// needs are worked out once.
type sampler struct {
	kind  DistKind
	a, b  float64 // Exponential, Deterministic: a = mean; Uniform: a = min, b = width; LogNormal: a = μ, b = σ√2
	sigma float64 // LogNormal: σ
	k     float64 // Gamma: shape
	d     Dist
}

// compileDist prepares d for repeated draws.
func compileDist(d Dist) sampler {
	s := sampler{kind: d.Kind, d: d}
	switch d.Kind {
	case Exponential, Deterministic:
		s.a = d.Mean
	case Uniform:
		s.a, s.b = d.Min, d.Max-d.Min
	case LogNormal:
		s2 := sigma2(d.CV)
		s.a, s.b, s.sigma = math.Log(d.Mean)-s2/2, math.Sqrt(2*s2), math.Sqrt(s2)
	case Gamma:
		s.k = 1 / (d.CV * d.CV)
	}
	return s
}

// draw returns one draw keyed by the 64 random bits h. Exponential,
// log-normal and gamma draws seed the generator p with h and use the
// ziggurat and Marsaglia–Tsang methods, several times faster than inverting
// the CDF; the others invert at the uniform number h gives.
func (s *sampler) draw(h uint64, pcg *rand.PCG, r *rand.Rand) float64 {
	switch s.kind {
	case Deterministic:
		return s.a
	case Exponential:
		pcg.Seed(h, h^0x9e3779b97f4a7c15)
		return s.a * r.ExpFloat64()
	case LogNormal:
		pcg.Seed(h, h^0x9e3779b97f4a7c15)
		return math.Exp(s.a + s.sigma*r.NormFloat64())
	case Gamma:
		pcg.Seed(h, h^0x9e3779b97f4a7c15)
		return s.d.Mean / s.k * gammaShape(s.k, r)
	}
	return s.quantile((float64(h>>11) + 0.5) / (1 << 53))
}

// gammaShape draws Gamma(k, 1) by Marsaglia and Tsang's method (2000); for
// k < 1 it draws Gamma(k+1, 1)·U^(1/k).
func gammaShape(k float64, r *rand.Rand) float64 {
	boost := 1.0
	if k < 1 {
		boost = math.Pow(r.Float64(), 1/k)
		k++
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v * boost
		}
	}
}

// quantile equals d.Quantile(u).
func (s *sampler) quantile(u float64) float64 {
	switch s.kind {
	case Exponential:
		return -s.a * math.Log(1-u)
	case Deterministic:
		return s.a
	case Uniform:
		return s.a + u*s.b
	case LogNormal:
		return math.Exp(s.a + s.b*math.Erfinv(2*u-1))
	}
	return s.d.Quantile(u)
}
