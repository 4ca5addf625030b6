// Package sensitivity owns the estimators of global sensitivity analysis
// over a plain function: which input factors drive an output, and by how
// much. It knows nothing of scenarios, runs or metrics; a factor is a name
// with a distribution and an output is a float64.
//
// A study is two steps, so that the evaluations can happen elsewhere (in
// parallel, journalled, on other machines):
//
//  1. a design — [NewMorris] or [NewSobol] — turns the factors, the
//     settings and a seed into a list of points, each a value per factor
//     in the factors' natural units (Points). The design is a pure
//     function of its arguments: the same arguments give the same points,
//     bit for bit, so a design never needs storing to be resumed;
//  2. the caller evaluates the model at every point and hands the outputs
//     back, one per point in the same order, to the design's Analyse.
//
// [Evaluate] does step 2 when the model is a Go function.
//
// # Factors
//
// A [Factor] is uniform on [a, b], log-uniform on [a, b] (for rates and
// times), or a list of values taken with equal probability. A design works
// in unit coordinates u in [0, 1] and maps them to natural units with the
// factor's quantile function ([Factor.Value]). A dummy factor ([Dummy])
// changes nothing in the model; its indices show how far from zero an
// index of an uninfluential input comes out, and, with a stochastic model,
// how much of the output's variation is replication noise.
//
// # Morris elementary effects
//
// [NewMorris] draws r trajectories on a grid of p levels per factor (p
// even), each changing one factor at a time by Δ = p/(2(p−1)) (Morris
// 1991). [MorrisDesign.Analyse] returns per factor μ (the mean elementary
// effect), μ* (the mean absolute effect; Campolongo, Cariboni and Saltelli
// 2007) and σ (their standard deviation). Optionally r trajectories are
// chosen from M candidates for their spread (Campolongo et al. 2007).
//
// # Sobol' indices
//
// [NewSobol] builds a Saltelli design: base samples A and B and, for each
// factor i, A_B^(i) (A with column i from B), N rows each. [SobolDesign.Analyse]
// estimates the first-order index with the estimator of Saltelli et al.
// (2010) and the total index with Jansen's (1999). Intervals come from R
// independent replicate designs: randomised quasi-Monte Carlo (Sobol'
// sequences with Joe–Kuo direction numbers, each replicate with its own
// random linear matrix scramble and digital shift), or plain Monte Carlo;
// each index is the mean of its R replicate estimates with a Student-t
// interval on R−1 degrees of freedom. No bootstrap of a single sequence is
// used: the points of one low-discrepancy sequence are not independent,
// so resampling them does not measure its error.
//
// # Stochastic models
//
// A stochastic model should draw its random numbers from the design's
// NoiseKey ([MorrisDesign.NoiseKey], [SobolDesign.NoiseKey]): points that
// the estimators compare share a key, so each difference is taken on
// common random numbers, and a dummy factor's move changes only the key,
// so the dummy's indices measure the replication-noise floor, reported
// beside the real factors'. docs/sensitivity.md gives the formulas and
// references.
package sensitivity
