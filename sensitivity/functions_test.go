package sensitivity

import "math"

// Test functions with indices known in closed form.

// ishigami is f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1 with x uniform on
// [−π, π]³ (Ishigami and Homma 1990); extra inputs (a dummy) are ignored.
func ishigami(a, b float64) func(x []float64) float64 {
	return func(x []float64) float64 {
		s := math.Sin(x[1])
		return math.Sin(x[0]) + a*s*s + b*math.Pow(x[2], 4)*math.Sin(x[0])
	}
}

// ishigamiExact returns the first-order and total indices of the Ishigami
// function:
//
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2
//	V1  = bπ⁴/5 + b²π⁸/50 + 1/2,  V2 = a²/8,  V3 = 0,  V13 = 8b²π⁸/225
//	S_T1 = (V1 + V13)/V,  S_T2 = V2/V,  S_T3 = V13/V
func ishigamiExact(a, b float64) (first, total []float64) {
	pi4, pi8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	v1 := b*pi4/5 + b*b*pi8/50 + 0.5
	v2 := a * a / 8
	v13 := 8 * b * b * pi8 / 225
	return []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// gFunction is Sobol's g-function Π (|4x_i − 2| + a_i)/(1 + a_i) with x
// uniform on [0, 1]^k; inputs beyond len(a) (a dummy) are ignored.
func gFunction(a []float64) func(x []float64) float64 {
	return func(x []float64) float64 {
		p := 1.0
		for i, ai := range a {
			p *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
		}
		return p
	}
}

// gExact returns the g-function's indices: with V_i = 1/(3(1+a_i)²),
// V = Π(1+V_i) − 1, S_i = V_i/V and S_Ti = V_i Π_{j≠i}(1+V_j)/V.
func gExact(a []float64) (first, total []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	for i := range a {
		first = append(first, vi[i]/v)
		total = append(total, vi[i]*prod/(1+vi[i])/v)
	}
	return first, total
}
