// Command orgsim compares concentrated and distributed leadership by
// simulating organisations as networks of deciding units.
//
// Usage:
//
//	orgsim run [FILE|NAME]          run a scenario (default: the embedded default comparison)
//	orgsim check FILE|NAME…         run scenarios and judge their [[expect]] claims; writes nothing
//	orgsim validate FILE…           check scenario files
//	orgsim scenarios [show NAME | keys]
//	                                list the embedded scenarios, print one, or document every key
//	orgsim plot DIR                 redraw every figure of a run's or a sweep's folder from its CSV files
//	orgsim structure [FILE|NAME]    each organisation's depth, spans, betweenness and single points of failure
//	orgsim import orgchart FILE.csv an organisation chart as a scenario: the chart as it is and as a lattice
//	orgsim sweep FILE|NAME          run a sweep: parallel, resumable, shardable (-shard i/n)
//	orgsim sensitivity FILE|NAME    which scenario keys drive a result: Morris or Sobol' indices,
//	                                on the sweep machinery (parallel, resumable, shardable)
//	orgsim merge -out DIR DIR…      combine a sweep's or a study's shard folders
//	orgsim serve [FILE|NAME]        the live view in a browser
//	orgsim record [FILE|NAME] -out FILE.gif
//	                                an animated GIF for slides
//	orgsim version                  version, model version, Go, GOARCH, source revision
//
// Flags are single-dash and may come before or after the argument; every
// command takes -h. A numeric flag outside its range is a usage error that
// says what is allowed. Exit status: 0 ok; 1 the run or its input failed
// (the message is on standard error), or check found a claim failed; 2
// usage; 3 internal error: a panic in any command is caught and reported as
// a bug, with its stack trace only when ORGSIM_DEBUG=1.
//
// run, sweep, sensitivity and merge check everything they can before the first
// simulation: the memory estimate (-max-memory), the output folder (it
// must not hold other results, unless -force) and the trace's folder. They
// lock the output folder while they write into it.
//
// The command only parses flags, calls the packages and maps errors to exit
// codes; the model, statistics and figures live in the packages model,
// experiment, report, scenarios, structure and orgchart.
package main
