// Package seminar is orgsim's view for a room: a live browser page that
// shows two organisations side by side while they run (orgsim serve), and
// an animated GIF of the same two panes for slides (orgsim record).
//
// It owns the seminar session (two model runners stepped in lockstep to the
// same simulated time, each beside its undisturbed twin), the presenter's
// disruption buttons, sliders and scenario switch, the room's questions
// and answers, the session log and its replay, the layout of each
// structure, the windowed p95 latency of recent decisions, the HTTP server
// with its server-sent event stream and embedded page, the QR code of the
// address phones join at, and the GIF recorder. It does not own the
// model: it watches the runners through their public API
// ([model.Runner.Queues], [model.Runner.Backlog], [model.Runner.Counts])
// and changes them only with [model.Runner.Inject], exactly as a
// scenario's [[disruption]] would.
//
// What a disruption did is the model's to say, never the view's: a press
// injects [model.DisruptionDefaults] of its kind, setting only what the
// button means (which leader, which team) and the interim's capacity the
// slider chose; the unit it struck, which the charts, captions, the
// highlight and the log name, is what [model.Runner.Struck] reports; and
// every unit's drawn state, a press refused while a post is still being
// filled and the time it names come from [model.Runner.States].
//
// # Time, frames and determinism
//
// The live session runs paced to wall time through [sim.Pacer], at a speed
// in working hours per wall-clock second. Both runners (and their twins)
// always stop at the same simulated instant, after every event of that
// instant, so a frame never shows a half-processed instant. The charts'
// series are sampled on a fixed simulated grid and the numbers the caption
// reads on an hourly one, not at frame times, so what the page shows does
// not depend on when frames were taken. Frames are pushed at most ten
// times a second; a viewer that cannot keep up loses frames, never the
// run. A button press takes effect at the simulated time of the next frame
// and is logged with that time; the same scenario, seed, slider values and
// logged presses give the same metrics with or without viewers, and
// [Options.Replay] and [RecordOptions.Replay] (orgsim serve -replay, orgsim record -replay, each with -run to
// choose a run of the log) re-runs a session's run from its log. The view
// draws its own random numbers (which team's lead leaves) from a stream of
// its own, never from the model's.
//
// A live run lasts [DefaultWeeks] working weeks by default (or the
// scenario's horizon if that is longer); at its end the page offers to
// continue it, [ContinueWeeks] at a time, since the runners' own horizon
// is far later and arrivals before a horizon do not depend on it.
//
// # Truthful captions: the undisturbed twins
//
// Each organisation runs twice on the same issues: as the room sees it,
// struck by the presses, and undisturbed (a second [model.Runner] of the
// same [model.Plan] with undisturbed set: the same seed, the same issues).
// After a disruption an organisation is "recovering" until its backlog
// (averaged over the last working day) has stayed at most 3 issues or 10 %
// above its twin's, and its p95 latency at most 2 working hours or 10 %
// above the twin's, for a working week ([RecoveryRule] says so in words,
// and the page's help shows it). The caption names the disruption of late,
// what it struck and how that post stands now (from the model), and
// whether each organisation is recovering, back to normal or not set back;
// the panes show each backlog beside its twin's, and the charts draw the
// twins as thin dotted lines. The struck units are ringed on the page and
// in the GIF: for a surge every team (where the extra issues arrive), for
// a slowdown the links.
//
// # Runs you can compare
//
// R starts a new run with the next seed; A plays the same presses, at the
// same simulated times, on the next seed; a slider (the hierarchy's span
// of control, the share of issues a lattice team resolves, an interim's
// capacity: [Params]) starts a new run with the same seed and the same
// presses. The runs before it stay on the charts as faint lines (the last
// four). The presenter may switch to another offered scenario, such as
// [HierarchyWins], the model's own like-for-like case in which the
// hierarchy wins; the page's assumptions panel lists the running
// configuration's key parameters.
//
// # The room
//
// Phones join by the address the server prints, which the page also shows
// as a QR code made on the machine ([Options.JoinURL]). Before a
// disruption the presenter asks the room which organisation will be back
// to normal first, or how high one's backlog will go; phones answer
// (POST /api/answer, one answer per phone, which it may change while the
// question is open); the next disruption closes the question and is what
// it predicts, and the page shows the tally against what happened. The
// room may also vote on the next disruption, which only the presenter
// applies. The questions, their tallies and outcomes go to the session log
// (entries of kind "poll"), and every answer to /api/room.csv and
// [Options.Room]. The tally is shown only once a question is closed.
//
// The event streams of the presenter (requests carrying the presenter
// token; without a token every page may control the run, so every page is
// the presenter's) have slots of their own: at most [PresenterStreams] are
// open, and a new one takes the place of the oldest, whose page is told
// so. A full room therefore never locks the presenter out. Viewers'
// streams are bounded in all ([Options.MaxViewers]) and per client IP
// ([Options.ViewersPerClient], which also bounds the voters of one address
// per question), so one client cannot take every slot; a refused stream
// gets 503 with the reason, which the page shows.
//
// # Projector mode
//
// The page sizes everything from the window's height: no text is smaller
// than 2.2 % of it (labels, queue numbers and ticks are 2.3 %, the caption
// 2.9 %), lines and outlines are dark enough for a washed-out projector,
// and labels are placed around their units so that no two texts overlap;
// a label with no free place is left out. An on-screen key explains the
// colours, outlines, rings, lines and chart marks, and the chart headings
// say what p95 and backlog are. The page, the GIF and orgsim's report
// figures share one palette (style.go). A phone gets a compact view of
// both organisations with the room's question on top.
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
//     70 % of its rate (the interim slider changes it), and a permanent
//     successor arrives 8 weeks after the loss and ramps up to full speed
//     over months ([model.DefaultLeaderLoss] says from where and how
//     fast). In a lattice it is the
//     coordinating circle, which sees only the rare issues beyond the
//     coaches, with the same succession; a lattice without a circle has no
//     top leader and nothing happens to it.
//   - A team lead leaves: one team is drawn at random (the same team in
//     both organisations) and the leader directly above it leaves, with the
//     same succession: its first-line manager in a hierarchy, its coach in a
//     lattice. A team with no unit above it (a lattice without coaches)
//     loses one member instead, for the rest of the run, whose advice role
//     moves to a peer after a week.
//   - Demand doubles for a week: a surge; every team receives twice its
//     issues for one working week, and the extra issues are identical in
//     both organisations.
//   - Communication slows: every hop (an escalation, an advice or
//     consultation request and its reply, a decision travelling back) takes
//     twice as long for a week.
//
// A button is refused while its previous disruption is still under way (the
// top post still vacant or held by a stand-in, which the refusal says until
// when; the surge or slowdown still on), so that one press is one
// disruption; the page greys a refused button out and says why. A team
// lead's loss is drawn among the teams whose lead's post is not being
// filled in either organisation.
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
//
// # The GIF
//
// [Record] draws a title frame (the scenario, what it shows, the key and
// the pace), then a frame every step of simulated time, with the key on
// every frame and no hint meant for the page's keys. At the default step
// (a working day) and five frames a second it runs a working week a second
// ([Pace]).
package seminar
