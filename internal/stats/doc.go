// Package stats holds the small, pure summary statistics that orgsim's
// experiments report: nearest-rank quantiles, the sample mean with its
// standard error, the batch-means standard error for one long autocorrelated
// run, and the Gini coefficient of a distribution of load.
//
// Every function takes a []float64 and never keeps it. Functions that need
// the values in order say so: [Quantile] expects a slice already sorted in
// ascending order, while [Quantiles] and [Gini] sort a private copy (one
// allocation of len(x) values) and leave the input untouched. [MeanSE] and
// [BatchMeansSE] allocate nothing.
package stats
