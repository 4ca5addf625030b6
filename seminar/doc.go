// Package seminar is orgsim's view for a room: a live browser page that
// shows two organisations side by side while they run (orgsim serve), and
// an animated GIF of the same two panes for slides (orgsim record).
//
// It owns the seminar session (two model runners stepped in lockstep to the
// same simulated time), the presenter's disruption buttons, the session log
// and its replay, the layout of each structure, the windowed p95 latency of
// recent decisions, the HTTP server with its server-sent event stream and
// embedded page, and the GIF recorder. It does not own the model: it watches
// the runners through their public API ([model.Runner.Queues],
// [model.Runner.Backlog], [model.Runner.Counts]) and changes them only with
// [model.Runner.Inject], exactly as a scenario's [[disruption]] would.
//
// What a disruption did is the model's to say, never the view's: a press
// injects [model.DisruptionDefaults] of its kind, setting only what the
// button means (which leader, which team); the unit it struck, which the
// charts, captions and the log name, is what [model.Runner.Struck] reports;
// and every unit's drawn state, a press refused while a post is still being
// filled and the time it names come from [model.Runner.States].
//
// # Time, frames and determinism
//
// The live session runs paced to wall time through [sim.Pacer], at a speed
// in working hours per wall-clock second. Both runners always stop at the
// same simulated instant, after every event of that instant, so a frame
// never shows a half-processed instant. The backlog series is sampled on a
// fixed simulated grid, not at frame times, so what the charts show does not
// depend on when frames were taken. Frames are pushed at most ten times a
// second; a viewer that cannot keep up loses frames, never the run. A button
// press takes effect at the simulated time of the next frame and is logged
// with that time; the same scenario, seed and logged presses give the same
// metrics with or without viewers, and [Replay] (orgsim serve -replay)
// re-runs a session from its log. The view draws its own random numbers
// (which team's lead leaves) from a stream of its own, never from the
// model's.
//
// # The room
//
// The event streams of the presenter (requests carrying the presenter
// token; without a token every page may control the run, so every page is
// the presenter's) have slots of their own: at most [PresenterStreams] are
// open, and a new one takes the place of the oldest, whose page is told
// so. A full room therefore never locks the presenter out. Viewers'
// streams are bounded in all ([Options.MaxViewers]) and per client IP
// ([Options.ViewersPerClient]), so one client cannot take every slot; a
// refused stream gets 503 with the reason, which the page shows.
//
// # Latency of recent decisions
//
// The chart of p95 latency shows, at each grid time g, the 95th percentile
// (nearest rank) of the latency of the issues whose decision reached their
// origin team in the last metrics window (scenario key metrics.window, one
// working week by default) before g. At every grid time the session reads
// the decisions made since the last one from each runner
// ([model.Runner.DecidedSince]), so the series is exact and never trails the
// clock; decisions older than the window are let go.
//
// # The disruption buttons
//
// Each button strikes both organisations at the same simulated moment, with
// the defaults a scenario's [[disruption]] of that kind gets:
//
//   - The top leader leaves: a leader loss of the unit the model's "root"
//     selector names, the single unit with no one above it other than
//     teams. In a hierarchy that is the root, which every escalation reaches:
//     it is vacant for a week (40 working hours), then an interim works at
//     70 % of its rate, and a permanent successor arrives 8 weeks after the
//     loss, starting at half speed and ramping up (e-folding time 333 h). In
//     a lattice it is the coordinating circle, which sees only the rare
//     issues beyond the coaches, with the same succession; a lattice
//     without a circle has no top leader and nothing happens to it.
//   - A team lead leaves: one team is drawn at random (the same team in
//     both organisations) and the leader directly above it leaves, with the
//     same succession: its first-line manager in a hierarchy, its coach in a
//     lattice. A team with no unit above it (a lattice without coaches)
//     loses one member instead, for the rest of the run, whose advice role
//     moves to a peer after a week.
//   - Demand doubles for a week: a surge; every team receives twice its
//     issues for one working week, and the extra issues are identical in
//     both organisations. A hierarchy passes the extra load up to its
//     managers and root; a lattice absorbs most of it in the teams, which
//     also answer more advice requests.
//   - Communication slows: every hop (an escalation, an advice or
//     consultation request and its reply, a decision travelling back) takes
//     twice as long for a week. A hierarchy feels it on escalated issues,
//     which climb and come back down; a lattice on issues that need advice
//     or consultation, which make round trips between teams.
//
// A button is refused while its previous disruption is still under way (the
// top post still vacant or held by a stand-in, which the refusal says until
// when; the surge or slowdown still on), so that one press is one
// disruption; a team lead's loss is drawn among the teams whose lead's post
// is not being filled in either organisation.
//
// # What the panes show
//
// A unit is drawn with a dashed outline, and a word beside it, while it is
// not at full strength, as the model has it: a post "vacant" (its work
// waits), "skip-level" (vacant, its work going to the unit above),
// "deputy" (vacant, a deputy taking its work), "interim" (held by an
// interim), "new" (a successor still ramping up, until the gap to full
// speed is under 5 %), or a team "short" of members. A node that stands for
// several units shows the first of these that applies to any of them. A
// leader who has delegated rights under overload is drawn plainly.
package seminar
