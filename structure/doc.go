// Package structure owns the static analytics of an organisation's
// structure: facts that hold before anything runs and that explain where
// a run's queues will form. Think of a road map with the day's journeys
// drawn on it: which junctions every journey must cross, which towns can
// be reached by one road only.
//
// The journeys are the routes of the baseline work (model.Routes): every
// origin team, every scope and every band of difficulty and value,
// followed through the routing rule with the configured knowledge and
// authority — the same routes the offered-load check follows. Each route
// carries its share of all arriving issues. For every unit, [Analyse]
// reports
//
//   - depth (levels below the top of its tree), span (units reporting to
//     it) and the teams below it;
//   - betweenness: the share of issues it relays — examines and escalates
//     on their way from the origin team to the unit that decides them;
//   - the share of issues it decides, the share it helps with (asked for
//     advice or consulted in a fork), and the share whose path needs it
//     in any of these ways, the origin included;
//   - the share of issues for which it is the only unit able to decide,
//     and the issue classes for which that happens: the classes for which
//     it is a single point of failure.
//
// A unit is able to decide an issue when it lies on the issue's
// escalation chain (the origin team and every unit above it) and the
// routing rule, applied there with its configured knowledge and
// authority, decides or forks rather than escalates. A unit with nobody
// above decides whatever reaches it, so every issue has at least one unit
// able to decide it; when it has exactly one, the loss of that unit
// leaves the issue with none. An issue class is a cell of the difficulty
// band, the value band (the bands cut at the organisation's own
// thresholds) and whether the scope is the origin alone (local) or spans
// teams (cross), named by the bands' percentiles of the work's
// distributions: "d95-99.5/v0-90/local".
//
// Per organisation it reports the depth, the distribution of the spans of
// its leaders (the units with at least one unit reporting to them), the
// largest betweenness, the units that are a single point of failure for
// some class and the share of issues with a single able decider.
//
// [CSV] writes the analytics as structure.csv, a tidy table (one value per
// row) that every run folder holds; [Text] prints them for `orgsim
// structure`. docs/outputs.md documents every measure. Everything is
// computed in a fixed order, so the same scenario always gives the same
// bytes.
package structure
