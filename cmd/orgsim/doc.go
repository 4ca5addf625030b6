// Command orgsim compares concentrated and distributed leadership by
// simulating organisations as networks of deciding units.
//
// Usage:
//
//	orgsim run [FILE|NAME]          run a scenario (default: the embedded default comparison)
//	orgsim validate FILE…           check scenario files
//	orgsim scenarios [show NAME | keys]
//	                                list the embedded scenarios, print one, or document every key
//	orgsim plot DIR                 redraw every figure of a results folder from its CSV files
//
// Flags are single-dash and may come before or after the argument; every
// command takes -h. Exit status: 0 ok, 1 the run or the input failed (the
// message is on standard error), 2 usage.
//
// The command only parses flags, calls the packages and maps errors to exit
// codes; the model, statistics and figures live in the packages model,
// experiment, report and scenarios.
package main
