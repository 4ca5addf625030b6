// Package resilience measures how an organisation copes with a disruption by
// comparing a disturbed run with its paired undisturbed baseline run: the
// same seed and the same issues, with the disruption applied at time t0 in
// one run only.
//
// # Signal
//
// The signal m(t) is the p95 latency (nearest rank, see
// [github.com/orgsim/orgsim/internal/stats.Quantile]) of the issues that
// arrive in a trailing window of width w ending at t, evaluated on the grid
// t_i = start + i·w/4 for t_i ≥ start + w. [Windows] builds the grid and the
// windows from the baseline run's arrivals, widening a window to the left in
// steps of w/4 while it holds fewer than minN baseline arrivals, and
// [WindowP95] evaluates the signal of either run over those same windows, so
// the disturbed signal m and the baseline signal m0 are compared like for
// like. Windows are half-open, [Lo, Hi): an issue arriving at exactly Lo is
// in the window, one arriving at exactly Hi is not.
//
// # Quality, loss and recovery
//
// Latency is lower-is-better, so the quality at a grid point is
//
//	Q = 100·min(1, m0/m)
//
// (see [Quality] for the cases with NaN, zero and infinite signals). [Analyse]
// turns Q into the resilience-triangle loss ∫(100 − Q)dt over [t0, end], the
// recovery time, the peak degradation max m/m0 and the lowest quality.
// [ExcessDelay] adds up the extra latency the disruption caused, issue by
// issue.
package resilience
