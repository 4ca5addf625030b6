package seminar

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// viewPurpose keys the view's own random stream (which team's lead
// leaves); the model's purposes are small integers, so this one never meets
// them.
const viewPurpose = 0x7669657700 // "view"

// The live view's length and the recovery rule.
const (
	// DefaultWeeks is how long a live run lasts by default, in working
	// weeks, unless the scenario's horizon is longer: at the default pace
	// (a working week every five seconds) six minutes, well past the
	// README's script, whose last step comes after four and a quarter.
	DefaultWeeks = 72
	// ContinueWeeks is how much longer a run goes on each time the
	// presenter continues it after its end.
	ContinueWeeks = 20
	// liveHorizon is the runners' horizon in a session that may be
	// continued: issues keep arriving until then. Arrivals before a horizon
	// do not depend on it, so a run to any time is the same whatever the
	// horizon.
	liveHorizon = 1000 * sim.Week

	// statusStep is the simulated time between the samples the caption,
	// the panes' numbers and the recovery rule read.
	statusStep = 1.0
	// smoothSamples is how many status samples the shown numbers average:
	// the last working day.
	smoothSamples = int(sim.Day / statusStep)
	// An organisation is within its margin while its backlog (averaged
	// over the last working day) is at most backlogSlack issues or
	// relSlack above its undisturbed twin's, and its p95 latency at most
	// p95Slack working hours or relSlack above the twin's (doing better
	// than the twin is within it); it is recovering after a disruption
	// until it has stayed within the margin for holdFor.
	backlogSlack = 3.0
	p95Slack     = 2.0
	relSlack     = 0.10
	holdFor      = sim.Week // RecoveryRule says "a working week"
)

// session is one run of a seminar: the organisations' runners, stepped in
// lockstep to the same simulated time, each with its undisturbed twin (the
// same organisation on the same issues, struck by nothing), with what the
// view keeps of them. It is used by one goroutine at a time (the server
// holds a lock).
type session struct {
	name, file, hash string
	sc               *scenarios.Scenario
	cfg              model.Config // the scenario with the chosen organisations, this run's seed and the sliders' values
	params           Params
	scripted         bool // the scenario's own disruptions run too
	run              int

	orgs    []*structure
	layouts []*orgLayout
	runners []*model.Runner
	twins   []*model.Runner // each organisation undisturbed, on the same issues
	pacers  []*sim.Pacer    // nil when the session is not paced to wall time
	clock   time.Time       // the wall clock of the current tick (pacers read it)

	t       float64
	end     float64      // when the run ends; the presenter may continue it up to the runners' horizon
	step    float64      // grid step of the charts, hours
	window  float64      // p95 window, hours
	backlog [][]int      // per organisation, per grid point k (time k·step)
	p95     [][]float64  // per organisation, per grid point
	decided [][]decision // per organisation: the decisions of the last window, in order
	seen    []int        // per organisation: decisions read from its runner so far
	states  [][]model.UnitState

	twinBacklog [][]int // the twins', likewise
	twinP95     [][]float64
	twinDecided [][]decision
	twinSeen    []int

	hourly     [][]int // per organisation, its backlog at each status sample (time k·statusStep)
	twinHourly [][]int
	rec        []recovery

	markers    []marker
	script     []int      // the scenario's disruptions (indices) in the order they strike
	scriptIdx  int        // those already marked
	scheduled  []LogEntry // logged presses still to come (a replay)
	queued     []Button   // presses waiting for the next frame
	presses    []LogEntry // presses that took effect, in order
	rng        *rand.Rand // the view's own random numbers
	ended      bool
	err        error
	replayErrs []error // logged presses that could not take effect
	qbuf       []int
}

// recovery is one organisation's standing against its undisturbed twin.
type recovery struct {
	hit     float64 // when the latest disruption struck it; NaN: none yet
	lastOff float64 // the last status sample out of its margin (at least hit)
	peak    float64 // the highest averaged backlog since hit
}

// sessionConfig says what a session runs.
type sessionConfig struct {
	sc       *scenarios.Scenario
	orgs     []string // organisations to show, by name; empty: all (at most two)
	seed     uint64
	scripted bool
	params   Params
	run      int
	replay   []LogEntry // presses to apply at their logged times
	paced    bool
	now      time.Time // the wall clock at the start, when paced
	speed    float64   // working hours per wall-clock second, when paced
	// end is when the run ends (0: the scenario's horizon). With live set
	// the runners' horizon is liveHorizon (or the scenario's, if later), so
	// that the presenter may continue the run past its end.
	end  float64
	live bool
}

// liveEnd is when a live run of scenario sc ends by default: DefaultWeeks,
// or the scenario's horizon if that is later.
func liveEnd(sc *scenarios.Scenario) float64 {
	return max(sc.Config.Horizon, DefaultWeeks*sim.Week)
}

// pickOrganisations returns cfg restricted to the named organisations, in
// the given order; with no names, the first two.
func pickOrganisations(cfg model.Config, names []string) (model.Config, error) {
	if len(names) == 0 {
		if len(cfg.Organisations) > 2 {
			cfg.Organisations = cfg.Organisations[:2]
		}
		return cfg, nil
	}
	var picked []model.Organisation
	for _, n := range names {
		found := false
		for _, o := range cfg.Organisations {
			if o.Name == n {
				picked = append(picked, o)
				found = true
			}
		}
		if !found {
			var have []string
			for _, o := range cfg.Organisations {
				have = append(have, strconv.Quote(o.Name))
			}
			return cfg, fmt.Errorf("no organisation %q in the scenario (it has %s)", n, joinList(have))
		}
	}
	cfg.Organisations = picked
	return cfg, nil
}

func joinList(xs []string) string {
	switch len(xs) {
	case 0:
		return "none"
	case 1:
		return xs[0]
	}
	out := ""
	for i, x := range xs {
		switch {
		case i == 0:
		case i == len(xs)-1:
			out += " and "
		default:
			out += ", "
		}
		out += x
	}
	return out
}

// gridStep returns the charts' grid step for a horizon: the first of a few
// round working-time steps that gives at most 500 points.
func gridStep(horizon float64) float64 {
	for _, s := range []float64{0.5, 1, 2, 4, 8, 16, 40, 80, 200, 400, 2000} {
		if horizon/s <= 500 {
			return s
		}
	}
	return math.Ceil(horizon / 500)
}

func newSession(c sessionConfig) (*session, error) {
	cfg, err := pickOrganisations(c.sc.Config, c.orgs)
	if err != nil {
		return nil, err
	}
	cfg.Seed = c.seed
	cfg.Organisations = slices.Clone(cfg.Organisations)
	for i := range cfg.Organisations {
		cfg.Organisations[i].Span = slices.Clone(cfg.Organisations[i].Span)
	}
	cfg.Disruptions = slices.Clone(cfg.Disruptions)
	if err := c.params.apply(&cfg); err != nil {
		return nil, err
	}
	end := cfg.Horizon
	if c.end > 0 {
		end = c.end
	}
	if c.live {
		cfg.Horizon = max(cfg.Horizon, liveHorizon)
	}
	if !(end > 0) || end > cfg.Horizon {
		return nil, fmt.Errorf("a run of %s: want one that ends after 0 and at most at the horizon (%s)", duration(end), duration(cfg.Horizon))
	}
	e := &session{
		name: c.sc.Name, file: c.sc.File, hash: scenarios.Hash(c.sc), sc: c.sc,
		cfg: cfg, params: c.params, scripted: c.scripted, run: c.run, end: end,
		step: gridStep(end), window: cfg.Metrics.Window,
		rng: sim.Keys{Seed: c.seed}.Stream(viewPurpose, 0),
	}
	if !(e.window > 0) {
		e.window = sim.Week
	}
	plan, err := model.NewPlan(&e.cfg)
	if err != nil {
		return nil, err
	}
	for i := range e.cfg.Organisations {
		s, err := newStructure(&e.cfg, i)
		if err != nil {
			return nil, err
		}
		if s.top, err = topLeader(plan, i); err != nil {
			return nil, err
		}
		e.orgs = append(e.orgs, s)
		e.layouts = append(e.layouts, layoutOrg(&e.cfg, s))
		r, err := plan.Runner(i, 0, !c.scripted)
		if err != nil {
			return nil, err
		}
		twin, err := plan.Runner(i, 0, true)
		if err != nil {
			return nil, err
		}
		e.runners = append(e.runners, r)
		e.twins = append(e.twins, twin)
		e.backlog = append(e.backlog, []int{0})
		e.p95 = append(e.p95, []float64{math.NaN()}) // grid point 0: nothing decided yet
		e.decided = append(e.decided, nil)
		e.seen = append(e.seen, 0)
		e.twinBacklog = append(e.twinBacklog, []int{0})
		e.twinP95 = append(e.twinP95, []float64{math.NaN()})
		e.twinDecided = append(e.twinDecided, nil)
		e.twinSeen = append(e.twinSeen, 0)
		e.hourly = append(e.hourly, []int{0})
		e.twinHourly = append(e.twinHourly, []int{0})
		e.rec = append(e.rec, recovery{hit: math.NaN(), lastOff: math.NaN()})
		e.states = append(e.states, nil)
		if c.paced {
			e.clock = c.now
			e.pacers = append(e.pacers, sim.NewPacer(r.Sim(), c.speed, e.now))
		}
	}
	e.scheduled = slices.Clone(c.replay)
	if c.scripted {
		e.script = e.cfg.Order()
	}
	return e, nil
}

// now is the pacers' wall clock: the time of the current tick, so that both
// pacers see the same time within a tick.
func (e *session) now() time.Time { return e.clock }

// horizon is the runners' horizon: the latest a run may be continued to.
func (e *session) horizon() float64 { return e.cfg.Horizon }

// extend lets the run go on for another dt hours (up to the horizon) after
// it has ended, and reports whether it could.
func (e *session) extend(dt float64) bool {
	if e.err != nil || e.end >= e.horizon() {
		return false
	}
	e.end = min(e.end+dt, e.horizon())
	e.ended = false
	return true
}

// runTo brings every runner and twin to time t, after all events at t.
func (e *session) runTo(t float64) {
	for i, r := range e.runners {
		if e.pacers != nil {
			e.pacers[i].Advance(t)
		} else if err := r.RunUntil(t); err != nil && e.err == nil {
			e.err = err
		}
		if err := r.Err(); err != nil && e.err == nil {
			e.err = err
		}
		if err := e.twins[i].RunUntil(t); err != nil && e.err == nil {
			e.err = fmt.Errorf("%s undisturbed: %w", e.orgs[i].name, err)
		}
	}
	if e.err != nil {
		e.ended = true
	}
	e.t = max(e.t, t)
}

// nextGrid is the time of the next grid point not yet recorded.
func (e *session) nextGrid() float64 { return float64(len(e.backlog[0])) * e.step }

// nextSample is the time of the next status sample not yet taken.
func (e *session) nextSample() float64 { return float64(len(e.hourly[0])) * statusStep }

// advanceTo runs the session to simulated time target (capped at its
// end), stopping at every grid point to record the charts, at every status
// sample, and at every logged press to apply it. It stops early, at a grid
// point or sample, when the wall clock passes deadline (zero: no
// deadline).
func (e *session) advanceTo(target float64, deadline time.Time) {
	target = min(target, e.end)
	for !e.ended && e.t < target {
		stop := min(target, e.nextGrid(), e.nextSample())
		if len(e.scheduled) > 0 {
			stop = min(stop, max(e.scheduled[0].T, e.t))
		}
		e.runTo(stop)
		e.markScript()
		if stop == e.nextGrid() {
			for i := range e.runners {
				e.backlog[i] = append(e.backlog[i], e.runners[i].Backlog())
				e.p95[i] = e.addLatency(e.runners[i], &e.decided[i], &e.seen[i], e.p95[i])
				e.twinBacklog[i] = append(e.twinBacklog[i], e.twins[i].Backlog())
				e.twinP95[i] = e.addLatency(e.twins[i], &e.twinDecided[i], &e.twinSeen[i], e.twinP95[i])
			}
		}
		if stop == e.nextSample() {
			e.sampleStatus()
		}
		e.applyScheduled()
		if e.t >= e.end {
			e.ended = true
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			break
		}
	}
	// Presses logged at the current time (a replay paused there).
	e.applyScheduled()
}

// sampleStatus records every organisation's and twin's backlog at the
// status sample just reached, and updates each organisation's recovery.
func (e *session) sampleStatus() {
	for o := range e.runners {
		e.hourly[o] = append(e.hourly[o], e.runners[o].Backlog())
		e.twinHourly[o] = append(e.twinHourly[o], e.twins[o].Backlog())
		rc := &e.rec[o]
		if math.IsNaN(rc.hit) {
			continue
		}
		b := e.smoothed(e.hourly[o])
		rc.peak = max(rc.peak, b)
		if !e.withinMargin(o) {
			rc.lastOff = e.t
		}
	}
}

// smoothed returns the mean of the last working day's samples of a status
// series.
func (e *session) smoothed(series []int) float64 {
	n := min(len(series), smoothSamples)
	s := 0
	for _, v := range series[len(series)-n:] {
		s += v
	}
	return float64(s) / float64(n)
}

// latest returns the newest finite value of a p95 series, or NaN.
func latest(series []float64) float64 {
	for i := len(series) - 1; i >= 0; i-- {
		if finite(series[i]) {
			return series[i]
		}
	}
	return math.NaN()
}

// withinMargin reports whether organisation o's averaged backlog and p95
// latency are within their margins above its twin's now.
func (e *session) withinMargin(o int) bool {
	b, tb := e.smoothed(e.hourly[o]), e.smoothed(e.twinHourly[o])
	if b-tb > backlogMargin(tb) {
		return false
	}
	p, tp := latest(e.p95[o]), latest(e.twinP95[o])
	if finite(p) && finite(tp) && p-tp > max(p95Slack, relSlack*tp) {
		return false
	}
	return true
}

// backlogMargin is how far above its twin's averaged backlog tb an
// organisation's may be and count as within its margin.
func backlogMargin(tb float64) float64 { return max(backlogSlack, relSlack*tb) }

// struckNow notes that a disruption struck organisation o now: it is
// recovering until it has stayed within its margin for holdFor.
func (e *session) struckNow(o int) {
	e.rec[o] = recovery{hit: e.t, lastOff: e.t, peak: e.smoothed(e.hourly[o])}
}

// status says how organisation o stands against its twin: "" before any
// disruption, "recovering", or "normal" once it has stayed within its
// margin for holdFor.
func (e *session) status(o int) string {
	rc := e.rec[o]
	switch {
	case math.IsNaN(rc.hit):
		return ""
	case e.t-rc.lastOff < holdFor:
		return "recovering"
	}
	return "normal"
}

// applyScheduled applies the logged presses that are due.
func (e *session) applyScheduled() {
	for len(e.scheduled) > 0 && e.scheduled[0].T <= e.t && !e.ended {
		p := e.scheduled[0]
		e.scheduled = e.scheduled[1:]
		if _, err := e.apply(p.Button, p.Team); err != nil {
			e.replayErrs = append(e.replayErrs, fmt.Errorf("logged press %s at %v h: %w", p.Button, p.T, err))
		}
	}
}

// markScript adds a chart marker for each scenario disruption that has
// struck by now (the runners apply them themselves).
func (e *session) markScript() {
	if !e.scripted {
		return
	}
	for e.scriptIdx < len(e.script) && e.cfg.Disruptions[e.script[e.scriptIdx]].At <= e.t {
		e.markers = append(e.markers, e.scenarioMarker(e.script[e.scriptIdx]))
		e.scriptIdx++
		for o := range e.orgs {
			e.struckNow(o)
		}
	}
}

// scenarioMarker describes the scenario's own disruption i, which has just
// struck, for the charts; what it struck in each organisation is what the
// model reports.
func (e *session) scenarioMarker(i int) marker {
	d := e.cfg.Disruptions[i]
	m := marker{T: d.At, Until: windowEnd(d), Team: -1}
	m.Label, m.Short = scenarioLabel(d)
	for o, s := range e.orgs {
		m.dis = append(m.dis, i)
		m.d = append(m.d, d)
		m.What = append(m.What, describe("", d, e.runners[o].Struck(i), -1, s, m.Label))
	}
	return m
}

// errRefused marks a press that cannot take effect now.
var errRefused = errors.New("refused")

// state returns unit u of organisation o as the model has it now.
func (e *session) state(o, u int) model.UnitState {
	e.states[o] = e.runners[o].States(e.states[o])
	return e.states[o][u]
}

// refuse returns why button b cannot take effect now, or nil.
func (e *session) refuse(b Button) error {
	if !validButton(b) {
		return fmt.Errorf("unknown button %q (allowed: %s)", b, buttonList())
	}
	if e.ended {
		return fmt.Errorf("%w: the run has ended; continue it (C) or start a new run (R) first", errRefused)
	}
	switch b {
	case TopLeader:
		some := false
		for o, s := range e.orgs {
			if s.top < 0 {
				continue
			}
			some = true
			if st := e.state(o, s.top); filling(st.Status) {
				return fmt.Errorf("%w: the top post of %s is still being filled (%s)", errRefused, s.name, fillingText(st))
			}
		}
		if !some {
			return fmt.Errorf("%w: neither organisation has a top leader", errRefused)
		}
	case TeamLead:
		if len(e.eligibleTeams()) == 0 {
			return fmt.Errorf("%w: every team's lead is already away", errRefused)
		}
	case Surge, Slowdown:
		kind := model.Surge
		if b == Slowdown {
			kind = model.Slowdown
		}
		for i := range e.markers {
			if m := &e.markers[i]; m.window(kind, e.t) {
				return fmt.Errorf("%w: %s is still on (until %s)", errRefused, b.Label(), clockLabel(m.Until))
			}
		}
	}
	return nil
}

// eligibleTeams returns the teams whose lead may leave now: those whose
// unit above, in every organisation, is not still being filled.
func (e *session) eligibleTeams() []int {
	for o, r := range e.runners {
		e.states[o] = r.States(e.states[o])
	}
	var out []int
	for team := 0; team < e.cfg.Work.Teams; team++ {
		ok := true
		for o, s := range e.orgs {
			if p := s.parent[team]; p >= 0 && filling(e.states[o][p].Status) {
				ok = false
			}
		}
		if ok {
			out = append(out, team)
		}
	}
	return out
}

// press queues button b for the next frame, or says why it cannot take
// effect.
func (e *session) press(b Button) error {
	if err := e.refuse(b); err != nil {
		return err
	}
	e.queued = append(e.queued, b)
	return nil
}

// applyQueued applies the presses queued since the last frame, at the
// current simulated time, in the order they came. A press that can no
// longer take effect is returned with the reason.
func (e *session) applyQueued() []error {
	var errs []error
	q := e.queued
	e.queued = nil
	for _, b := range q {
		if _, err := e.apply(b, ""); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// apply makes button b strike both organisations now. team names the team
// for a team lead's loss ("" draws one from the view's stream).
func (e *session) apply(b Button, team string) (LogEntry, error) {
	if err := e.refuse(b); err != nil {
		return LogEntry{}, err
	}
	t := e.t
	k := -1
	if b == TeamLead {
		if team != "" {
			n, err := strconv.Atoi(team[min(1, len(team)):])
			if err != nil || team[0] != 't' || n < 1 || n > e.cfg.Work.Teams {
				return LogEntry{}, fmt.Errorf("team %q: want t1 … t%d", team, e.cfg.Work.Teams)
			}
			k = n - 1
		} else {
			el := e.eligibleTeams()
			k = el[e.rng.IntN(len(el))]
		}
	}
	m := marker{T: t, Button: b, Label: b.Label(), Short: shortLabel(b), Team: k}
	sts := strikes(b, t, k, e.orgs, e.params.interimFactor())
	for i, st := range sts {
		m.d = append(m.d, st.d)
		if st.none {
			m.dis = append(m.dis, -1)
			continue
		}
		idx, err := e.runners[i].Inject(st.d)
		if err != nil {
			e.err = err
			e.ended = true
			return LogEntry{}, err
		}
		m.dis = append(m.dis, idx)
		m.Until = max(m.Until, windowEnd(st.d))
	}
	e.runTo(t) // the events the disruption put at this very instant
	// What each press did is what the model says it struck.
	for i, st := range sts {
		if st.none {
			m.What = append(m.What, st.why)
			continue
		}
		m.What = append(m.What, describe(b, st.d, e.runners[i].Struck(m.dis[i]), k, e.orgs[i], b.Label()))
		e.struckNow(i)
	}
	e.markers = append(e.markers, m)
	le := LogEntry{Run: e.run, Kind: "press", T: t, Button: b}
	if k >= 0 {
		le.Team = teamID(k)
	}
	e.presses = append(e.presses, le)
	return le, nil
}

// start returns the log entry that starts this run.
func (e *session) start() LogEntry {
	var names []string
	for _, o := range e.cfg.Organisations {
		names = append(names, o.Name)
	}
	le := LogEntry{Run: e.run, Kind: "start", Scenario: e.file, Hash: e.hash, Seed: e.cfg.Seed, Organisations: names, Scripted: e.scripted, End: e.end}
	if e.params != (Params{}) {
		p := e.params
		le.Params = &p
	}
	return le
}

// addLatency reads runner r's new decisions (those from *seen on) into
// *decided and returns p95 with the p95 latency of the decisions of the
// last window added at the grid point just recorded. Decisions older than
// the window are let go.
func (e *session) addLatency(r *model.Runner, decided *[]decision, seen *int, p95 []float64) []float64 {
	var fresh []model.Decision
	fresh, *seen = r.DecidedSince(*seen, fresh)
	for _, d := range fresh {
		*decided = append(*decided, decision{at: d.At, latency: d.Latency})
	}
	k := len(p95)
	p95 = append(p95, windowedP95(*decided, e.step, e.window, k, k+1)...)
	g := float64(k) * e.step
	drop := 0
	for drop < len(*decided) && (*decided)[drop].at <= g-e.window {
		drop++
	}
	*decided = append((*decided)[:0], (*decided)[drop:]...)
	return p95
}

// clockLabel writes simulated time t as a working week, day and time of
// day: "week 9, Tue 14:30" (a working day runs 09:00–17:00).
func clockLabel(t float64) string {
	if t < 0 || !finite(t) {
		return "—"
	}
	week := int(t/sim.Week) + 1
	inWeek := math.Mod(t, sim.Week)
	day := int(inWeek / sim.Day)
	mins := int(math.Round(math.Mod(inWeek, sim.Day) * 60))
	if mins >= 8*60 {
		mins = 8*60 - 1
	}
	days := [...]string{"Mon", "Tue", "Wed", "Thu", "Fri"}
	return fmt.Sprintf("week %d, %s %02d:%02d", week, days[min(day, 4)], 9+mins/60, mins%60)
}

// HierarchyWins is the embedded seminar scenario in which the hierarchy
// wins, which the live page offers beside the seminar scenario.
const HierarchyWins = "seminar-hierarchy-wins"
