// Package scenarios owns orgsim's scenario files: the TOML schema and its
// decoding into [model.Config], strict validation with positioned messages,
// the documentation of every key (generated from the schema), a canonical
// resolved form with its hash, and the embedded scenarios.
//
// A problem is reported as
//
//	FILE:LINE:COL: key.path: what is wrong (allowed: …)
//
// with "did you mean" for near misses, and every problem of a file at once.
// The TOML decoder gives no position for unknown keys or for checks made
// after decoding, so the package keeps its own index from key path to
// source position.
//
// Durations are working time ("30m", "4h", "2d", "1w", "1y"; 1d = 8h, 1w =
// 5d, 1y = 50w), rates are "N/unit" ("2/d"), distributions are written
// "exponential(30m)", "lognormal(mean=30m, cv=1)" and so on, and knowledge
// and authority may be percentiles ("p70"). [Text] and [Markdown] document
// every key; `orgsim scenarios keys` prints the first and docs/scenarios.md
// holds the second.
package scenarios
