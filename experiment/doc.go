// Package experiment runs replications of a scenario and summarises them.
//
// A replication runs every organisation of the scenario on the same seed
// (Config.Seed with the replication number), so that in one replication
// every organisation sees identical issues. When the scenario has
// disruptions, each organisation also runs undisturbed on the same seed (the
// twin the time series compare against) and with only the first k
// disruptions to strike, so that each disruption's resilience is measured
// against the run without it and without any later one
// ([model.Attribute]): the effects add up to the total, and an
// interaction is charged to the later disruption.
//
// The unit of work is one organisation in one replication; [Run] spreads
// units over worker goroutines and assembles everything in canonical order
// (organisation, then replication), so an [Outcome] — every run's metrics
// and every statistic over replications — does not depend on the number of
// workers or on which one finished first. One replication can be rerun on
// its own ([Options].Only) and reproduces its row of a full run exactly.
//
// The statistics are pure functions: [MeanCI] (a mean with its 95 %
// Student-t interval), [MeanCIIn] (the same kept in the range of a
// proportion or a non-negative quantity: on the logit or log scale of the
// mean), [Paired] (a geometric-mean ratio or a mean difference between
// organisations, paired by replication) and [KaplanMeierMedian] (the
// median of right-censored recovery times). Every metric has a [Scale]
// that says which interval and which comparison it gets. An Outcome holds,
// besides the runs, per-metric summaries, paired comparisons, recovery,
// per-unit load, pooled latency quantiles and time series over
// replications; [Evaluate] judges a scenario's expectations on it.
//
// Sweeps ([NewSweep], [Sweep.Run]) run many points of a scenario with
// axes, each point × replication a unit of work, journalled as it
// finishes (journal.jsonl, every line with a CRC-32C checksum) so that an
// interrupted sweep resumes and shards merge ([Assemble]) to the same
// results. A unit that fails is recorded, never fatal.
//
// Before anything runs, [EstimateRun] and [Sweep.Estimate] estimate the
// issues to simulate and the peak memory from the settings alone; Run and
// Sweep.Run refuse an estimate above the memory limit
// ([DefaultMaxMemory] unless given) with a *[LimitError].
package experiment
