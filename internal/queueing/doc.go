// Package queueing holds closed-form queueing and screening results used as
// ground truth by orgsim's tests; hours and per-hour rates.
//
// Every function takes rates in events per hour and returns times in hours
// (or dimensionless probabilities and counts). The results cover M/M/1,
// M/M/c (Erlang C), M/G/1 (Pollaczek–Khinchine), Jackson tandem lines,
// hypoexponential end-to-end times, Garicano-style escalation shares,
// drain of a backlog after an outage, and Sah–Stiglitz / Condorcet
// screening probabilities.
//
// Functions panic with a message starting with "queueing: " when their
// arguments are outside the domain where the formula holds, for example a
// non-positive rate, an unstable queue (utilisation rho >= 1) or a
// probability outside its range.
package queueing
