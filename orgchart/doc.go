// Package orgchart owns the import of an organisation chart: a CSV file of
// people and their managers, as a human-resources system exports it,
// turned into an orgsim scenario in which the organisation is compared
// with a lattice of self-managing teams made of the same people.
//
// Think of moving house with an inventory: every person is accounted for,
// the teams move as they are, and only the furniture the owner names
// comes along. [Read] reads the chart: one row per person, with a column
// for the person's id and one for their manager's id (empty for the one
// person at the top), and optionally a team and a role column; the column
// names are settable ([Columns]). Every other column is dropped unless
// asked for (Columns.Keep), so names and other personal data never enter
// the scenario; what is kept goes only into comments, and comments never
// reach results. A malformed chart is an error naming the CSV line: a
// duplicate id, an empty id, a manager who is not in the chart, several
// people at the top, a cycle in the reporting lines, a person who manages
// nobody and has an empty team.
//
// [Scenario] writes the scenario. Teams come from the team column (the
// people who manage nobody and share a team value), or without one, each
// manager's direct reports who manage nobody form a team. A team reports
// to the manager most of its members report to. The scenario has two
// organisations on the same teams:
//
//   - "chart": the chart as explicit units. Every manager with a team in
//     their part of the chart is a unit (the top person the root,
//     everyone else a manager, reporting to their own manager); managers
//     with no team below them are left out. It takes the hierarchy
//     preset's parameters and routing.
//   - "lattice": the same people by a stated rule. The teams are kept.
//     The top person becomes the coordinating circle. A manager who leads
//     other managers (or whose role is one of Options.CoachRoles) becomes
//     a coach; every team and every coach reports to the nearest coach
//     above it in the chart, or to the circle. Every other manager —
//     a first-line manager leading teams only — becomes a member of the
//     first team they led, so the headcount is kept. Each team's peers
//     are its Options.PeerLinks nearest teams by distance in the chart
//     (reporting lines between the managers the teams report to), ties to
//     the nearer on the ring, then the lower number. It takes the lattice
//     preset's parameters and routing.
//
// Teams are numbered t1 … tN in the order of a walk down the chart (each
// manager's teams, then each of their reports in CSV order), so teams
// that share a manager are neighbours on the ring: locality follows the
// chart. Unit ids are generated (root, m<depth>-<k>, c<k>, circle), not
// taken from the chart. The work section states what to calibrate: the
// issue rate is set to the default (2 a team a working day) unless that
// would load a unit above 70 % of its capacity, in which case it is
// lowered until the busiest unit is at 70 %, and the comment says so.
//
// The scenario is checked with the scenario loader before it is
// returned, so it always parses and runs. The same chart and options
// always give the same bytes.
package orgchart
