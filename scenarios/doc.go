// Package scenarios owns orgsim's scenario files: the TOML schema and its
// decoding into [model.Config], strict validation with positioned messages,
// the documentation of every key (generated from the schema), a canonical
// resolved form with its hash, and the embedded scenarios and sweeps.
//
// A problem is reported as
//
//	FILE:LINE:COL: key.path: what is wrong (allowed: …)
//
// with "did you mean" for near misses and for keys written in the wrong
// table, and every problem of a file at once. [Problem.String] is that one
// line; [Error.Error] adds under each problem its source line with a caret
// under the column ([Problem.Excerpt]). The TOML decoder gives no position
// for keys, so the package keeps its own index from key path to source
// position, built on text the decoder accepted.
//
// Before the decoder sees a file, a cheap scan bounds its size, nesting
// and keys (see docs/scenarios.md), so that no file can make the decoder
// exhaust memory; a UTF-8 byte-order mark and CRLF line ends are accepted.
//
// Each key of the schema binds a codec, which reads and writes one kind of
// value (integer, duration, rate, distribution, enumeration, …), to the
// model field it sets; the model's enumerations are read and written by
// their own MarshalText and UnmarshalText.
//
// A scenario may state claims in [[expect]] tables ([Expectation]): a
// metric's range for one organisation, or the direction of a paired
// comparison between two with a minimum effect and a confidence level. The
// metrics they name come from the catalogue the experiment computes, so an
// unknown metric, or a ratio on a metric that can be 0, is a positioned
// problem like any other.
//
// Durations are working time ("30m", "4h", "2d", "1w", "1y"; 1d = 8h, 1w =
// 5d, 1y = 50w), rates are "N/unit" ("2/d"), distributions are written
// "exponential(30m)", "lognormal(mean=30m, cv=1)" and so on, and knowledge
// and authority may be percentiles ("p70"). [Text] and [Markdown] document
// every key; `orgsim scenarios keys` prints the first and docs/scenarios.md
// holds the second.
package scenarios
