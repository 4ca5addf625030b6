package sensitivity_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/orgsim/orgsim/sensitivity"
)

// The Ishigami function, f = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1 on
// [−π, π]³, whose indices are known in closed form, with a dummy input
// beside: 8 scrambled Sobol' replicates of N = 4096. A 95 % interval
// misses the exact value one time in twenty; with this seed none does.
func ExampleNewSobol() {
	factors := []sensitivity.Factor{
		sensitivity.NewUniform("x1", -math.Pi, math.Pi),
		sensitivity.NewUniform("x2", -math.Pi, math.Pi),
		sensitivity.NewUniform("x3", -math.Pi, math.Pi),
		sensitivity.NewDummy("dummy"),
	}
	design, err := sensitivity.NewSobol(factors, sensitivity.SobolSettings{N: 4096, Replicates: 8}, 6)
	if err != nil {
		panic(err)
	}
	// The points could be evaluated anywhere; here the model is a function.
	outputs := sensitivity.Evaluate(design.Points, func(x []float64) float64 {
		return math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	})
	res, err := design.Analyse(outputs)
	if err != nil {
		panic(err)
	}
	// The exact indices in closed form (a = 7, b = 0.1).
	pi4, pi8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v := 49.0/8 + 0.1*pi4/5 + 0.01*pi8/18 + 0.5
	v1, v2, v13 := 0.1*pi4/5+0.01*pi8/50+0.5, 49.0/8, 8*0.01*pi8/225
	exactS := []float64{v1 / v, v2 / v, 0, 0}
	exactST := []float64{(v1 + v13) / v, v2 / v, v13 / v, 0}
	fmt.Printf("%d evaluations, %s, %.0f %% intervals\n", len(outputs), res.Sampling, 100*res.Level)
	for i, ix := range res.Indices {
		fmt.Printf("%-5s S %.2f (exact %.2f, in interval %-5v)  S_T %.2f (exact %.2f, in interval %v)\n", ix.Factor,
			round2(ix.First.Estimate), exactS[i], ix.First.Contains(exactS[i]),
			round2(ix.Total.Estimate), exactST[i], ix.Total.Contains(exactST[i]))
	}
	// Output:
	// 196608 evaluations, scrambled-sobol, 95 % intervals
	// x1    S 0.31 (exact 0.31, in interval true )  S_T 0.56 (exact 0.56, in interval true)
	// x2    S 0.44 (exact 0.44, in interval true )  S_T 0.44 (exact 0.44, in interval true)
	// x3    S 0.00 (exact 0.00, in interval true )  S_T 0.24 (exact 0.24, in interval true)
	// dummy S 0.00 (exact 0.00, in interval true )  S_T 0.00 (exact 0.00, in interval true)
}

// Screening a linear function: each μ* is |coefficient| × range, and σ is
// 0 because there is no interaction.
func ExampleNewMorris() {
	factors := []sensitivity.Factor{
		sensitivity.NewUniform("size", 2, 6),
		sensitivity.NewLogUniform("rate", 0.01, 100),
		sensitivity.NewDiscrete("teams", 4, 8, 12, 16),
		sensitivity.NewDummy("dummy"),
	}
	design, err := sensitivity.NewMorris(factors, sensitivity.MorrisSettings{Levels: 4, Trajectories: 10}, 1)
	if err != nil {
		panic(err)
	}
	outputs := sensitivity.Evaluate(design.Points, func(x []float64) float64 {
		return 3*x[0] - math.Log10(x[1]) + 0.25*x[2]
	})
	res, err := design.Analyse(outputs)
	if err != nil {
		panic(err)
	}
	fmt.Printf("p = %d, r = %d, Δ = %.3f, %d evaluations\n", res.Levels, res.Trajectories, res.Delta, len(outputs))
	for _, ix := range res.Indices {
		fmt.Printf("%-5s μ %6.2f  μ* %5.2f  σ %4.2f\n", ix.Factor, ix.Mu, ix.MuStar, ix.Sigma)
	}
	// Output:
	// p = 4, r = 10, Δ = 0.667, 50 evaluations
	// size  μ  12.00  μ* 12.00  σ 0.00
	// rate  μ  -4.00  μ*  4.00  σ 0.00
	// teams μ   3.00  μ*  3.00  σ 0.00
	// dummy μ   0.00  μ*  0.00  σ 0.00
}

// A stochastic model draws its random numbers from the design's NoiseKey:
// the real factors are compared on common random numbers, and the dummy,
// which changes only the random numbers, measures the share of the output
// variance that is replication noise (here 1/(1+4) = 0.2).
func ExampleSobolDesign_NoiseKey() {
	factors := []sensitivity.Factor{
		sensitivity.NewUniform("a", 0, 1),
		sensitivity.NewUniform("b", 0, 1),
		sensitivity.NewDummy("noise floor"),
	}
	design, err := sensitivity.NewSobol(factors, sensitivity.SobolSettings{N: 4096, Replicates: 8}, 1)
	if err != nil {
		panic(err)
	}
	outputs := make([]float64, len(design.Points))
	for i, x := range design.Points {
		rng := rand.New(rand.NewPCG(2024, design.NoiseKey(i))) // the model's replication seed
		// Var(a-term) = 3, Var(b-term) = 1, Var(noise) = 1: total 5.
		outputs[i] = 6*x[0] + 2*math.Sqrt(3)*x[1] + rng.NormFloat64()
	}
	res, err := design.Analyse(outputs)
	if err != nil {
		panic(err)
	}
	for _, ix := range res.Indices {
		fmt.Printf("%-11s S %.1f  S_T %.1f\n", ix.Factor, ix.First.Estimate, ix.Total.Estimate)
	}
	// Output:
	// a           S 0.6  S_T 0.6
	// b           S 0.2  S_T 0.2
	// noise floor S 0.2  S_T 0.2
}

// round2 rounds to two decimals, without a negative zero.
func round2(x float64) float64 { return math.Round(x*100)/100 + 0 }
