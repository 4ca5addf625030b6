// Package docking owns orgsim's docking test: an independent
// re-implementation of the model, written from the model's description
// (docs/model.md, with docs/mechanisms.md and docs/scenarios.md) alone and
// sharing no code with the model, that must reproduce the real program's
// mean latency and accuracy on one scenario within their statistical
// intervals (Axtell et al. 1996's "docking" of two implementations).
//
// Everything lives in the package's tests: odd_test.go is the
// re-implementation, which imports only the standard library (a test
// checks this), and docking_test.go runs the scenario in
// testdata/docking.toml through the public packages (scenarios and
// experiment) and through the re-implementation and compares the two.
// When they disagree, either the model or its description is wrong; the
// description is then corrected to say what the model does, and the
// re-implementation follows the description.
package docking
