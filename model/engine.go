package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/sim"
)

// Random-stream purposes. Every draw of a run is keyed by one of these and
// by whose draw it is, so organisations stay paired.
const (
	purposeArrival   = 1 + iota // key: team; the team's Poisson arrivals
	purposeAttr                 // key: issue, attribute index; drawn once at arrival
	purposeService              // key: issue, unit and visit; hands-on time
	purposeHop                  // key: issue and hop index; communication delay
	purposeJudge                // key: issue and judgement index; correct or not
	purposeSurge                // key: disruption and team; extra arrivals
	purposeDisrupt              // key: disruption; random selections, attrition
	purposeStructure            // key: organisation; rewiring
	purposeKnowledge            // key: unit and domain; knowledge by domain
	purposeDirectory            // key: asker, candidate and domain; who-knows-what
	purposeDeputy               // key: issue and vacant post; whether its deputy takes it
	purposeTraffic              // key: unit; the unit's stream of messages
	purposeLast                 // (not a purpose: the count)
)

// Event kinds of the engine.
const (
	evArrive      int32 = iota // A team, B source (0 the base stream, 1+d surge d)
	evServiceDone              // A unit, B task, C the unit's epoch at service start
	evHopArrive                // A unit, B task: a task reaches a unit after a hop
	evReply                    // A task: an advice or consultation reply reaches its asker
	evTimeout                  // the earliest pending advice timeout is due
	evDeliver                  // A issue slot: the decision reaches the origin
	evDisrupt                  // A disruption index, B phase
	evSample                   // a backlog sample on the metrics grid
	evMark                     // A: 0 the warm-up ends, 1 the horizon: snapshot the time integrals
	evDeadline                 // A issue slot, B its serial: the issue's deadline has come
	evMessage                  // A unit: the unit sends a message (traffic)
	evFeedback                 // A unit, B domain, C 1 if right: feedback on a decision (learning)
)

// Disruption phases carried in evDisrupt's B operand.
const (
	phaseStart     int32 = iota // the disruption strikes
	phaseInterim                // an interim takes over a vacancy
	phaseSuccessor              // the permanent successor arrives
	phaseEnd                    // a window closes (surge, slowdown, a member's return)
	phaseAttrition              // the next attrition loss
	phaseReplace                // a lost member's replacement arrives (C: team)
)

// Issue flags.
const (
	flagGood     uint8 = 1 << iota // the hidden label: the issue should be accepted
	flagAccepted                   // the decision accepted it
	flagCorrect                    // the decision was correct
	flagBeyond                     // decided beyond the decider's knowledge (a guess)
	flagSurge                      // an extra arrival of a surge: no paired issue
	flagCensored                   // undecided when the drain ended
	flagAdvice                     // advice was asked
	flagConsult                    // affected teams were consulted
)

// flagTraffic marks an issue slot that carries a message (traffic), not an
// issue; it never reaches a record, so it shares the bit of flagCensored,
// which only records carry.
const flagTraffic = flagCensored

// issue is an issue in flight: what its events read and write, in 128
// bytes (TestIssueLayout), two cache lines that the slots' array keeps
// aligned. An issue's scope beyond its origin and its fork's tally lie in
// issueCold, parallel to it, since only cross-team issues and forks read
// them.
type issue struct {
	key      uint64
	arrival  float64
	z, value float64
	uTeam    float64 // service quantile at the origin team
	wait     float64
	service  float64
	comm     float64
	helper   float64 // hands-on hours of units other than the origin team
	effort   float64 // hands-on hours of every unit, the origin team's included
	serial   int32
	origin   int32 // its team: scope[0]
	task     int32 // its main task
	messages int32
	decider  int32
	rec      int32  // index of its record: records are kept in arrival order
	fork     int32  // id of the current fork; 0 none
	hops     int16  // one-way hops from the origin to where it is
	esc      int16  // escalations so far
	draws    uint16 // keyed draws used (service, hop, judgement)
	forks    int16  // forks so far
	pending  int16
	k        int8 // teams in its scope
	domain   uint8
	flags    uint8
	how      uint8 // howRouted, howForced or howIntent
	overdue  bool  // its deadline has passed
	timed    bool  // its deadline's timer is set
	inUse    bool
	bestOK   bool
	ownOK    bool
}

// issueCold is the rest of an issue in flight, in a slot of its own
// parallel to the issue's: its scope (scope[0] is the origin; set only for
// k > 1) and its fork's tally (set when a fork starts).
type issueCold struct {
	scope     [MaxScope]int32
	forkStart float64
	votes     float64 // Σ log-odds weight × (±1)
	bestP     float64
}

// task is an entry of a unit's queue: an issue's main task, or an advice or
// consultation request on behalf of an asker.
type task struct {
	issue  int32
	serial int32  // the issue's serial, to detect a reused slot
	asker  int32  // −1 for a main task; else the unit waiting for the reply
	fork   int32  // fork id of a request
	key    uint64 // a request's issue key and salt: its draws must not depend on the slot
	salt   uint32
	unit   int32
	enq    float64 // time it joined the queue
	start  float64 // service start
	work   float64 // remaining hands-on hours; < 0 not drawn yet at this unit
	speed  float64 // rate at service start
	next   int32   // the next task of its unit's queue or in-service list, or of the free list
	// actFor is the vacant post a deputy serves this main task for (−1:
	// none); the deputy routes it with the post's reach and authority.
	actFor  int32
	waiting bool // in a unit's queue (not in service, not in transit)
}

// unitState is the run-time state of a unit that events at it read or
// write: two cache lines (TestUnitStateLayout), the first holding what
// every event at the unit touches. What only disruptions, succession,
// the warm-up and horizon marks and views touch lies in unitCold, a
// parallel array, so that a 10,000-team organisation's hot unit state
// (1.4 MB) stays in a core's cache rather than spreading over 5 MB.
type unitState struct {
	// touched by every event at the unit
	last      float64 // the time integrals are up to date until here
	busyArea  float64 // ∫ busy servers dt since the start
	queueArea float64 // ∫ queue length dt since the start
	queue     tqueue
	busy      int32
	servers   int32 // current servers (members lost reduce a multi-server team)
	epoch     int32 // bumped when the post is lost: services under way then are void
	deputy    int32 // the deputy covering this vacant post; −1 none
	inService int32 // the first task in service, linked through task.next; −1 none
	down      bool  // vacant: nobody serves
	redirect  bool  // vacant under skip-level: work goes up
	_         [6]byte

	handsOn   float64 // hands-on hours of every service here (whole run)
	factor    float64 // interim capacity factor (1 normally)
	rampT0    float64 // start of a successor's ramp-up; NaN none
	roleGap   float64 // advice requests are dropped until this time
	present   int     // team members present
	served    int32
	peakQueue int32
	escIn     int32 // issues escalated to it (whole run)
	decided   int32
	advised   int32 // requests it answered (whole run)
	nNew      int32 // len of unitCold.newcomers: speed looks there only when > 0
}

// unitCold is the rest of a unit's run-time state: what succession,
// member losses, the marks and views read and write.
type unitCold struct {
	rampF0    float64
	rampTau   float64
	full      int       // team members when nobody is missing
	newcomers []float64 // join times of replacements still ramping up, oldest first
	newF0     float64
	newTau    float64
	// metrics over [warm-up, horizon]
	busyMark  [2]float64 // busyArea at the warm-up and at the horizon
	queueMark [2]float64
	// what a view is told (see UnitState), and the succession state
	status   UnitStatus // the post's succession state: normal, vacant, skip-level, deputy, interim or ramping
	until    float64    // when that is expected to change; NaN unknown
	succDis  int32      // the disruption whose succession is under way at the post
	succAt   float64    // when that succession began (the loss)
	depShare float64    // the deputy's share of the post's work
	knT0     float64    // a successor's knowledge ramp: start (NaN none), starting share, e-folding hours
	knK0     float64
	knTau    float64
	// capacity present: servers while the post is filled, 0 while vacant;
	// integrated only when it changes (capChanged), so an undisturbed unit
	// keeps the exact servers × hours denominator.
	capNow     float64
	capLast    float64
	capArea    float64
	capMark    [2]float64
	capChanged bool
}

// tqueue is a unit's FIFO of tasks, linked through task.next (a task
// waits in at most one queue, and a free or running task is in none), so
// that a unit's queue is three words of its state, not a buffer of its own.
type tqueue struct {
	head, tail int32 // −1 when empty
	n          int32
}

func (q *tqueue) pushBack(ts []task, x int32) {
	ts[x].next = -1
	if q.n == 0 {
		q.head = x
	} else {
		ts[q.tail].next = x
	}
	q.tail = x
	q.n++
}

func (q *tqueue) pushFront(ts []task, x int32) {
	if q.n == 0 {
		q.tail, ts[x].next = x, -1
	} else {
		ts[x].next = q.head
	}
	q.head = x
	q.n++
}

func (q *tqueue) popFront(ts []task) int32 {
	x := q.head
	q.head = ts[x].next
	q.n--
	if q.n == 0 {
		q.head, q.tail = -1, -1
	}
	return x
}

// remove takes x out of the queue, keeping the order of the rest; it
// reports whether x was there. It costs O(position of x): entries that leave
// early (at a deadline) are near the head.
func (q *tqueue) remove(ts []task, x int32) bool {
	prev := int32(-1)
	for i, c := int32(0), q.head; i < q.n; i, c = i+1, ts[c].next {
		if c != x {
			prev = c
			continue
		}
		if prev < 0 {
			q.head = ts[c].next
		} else {
			ts[prev].next = ts[c].next
		}
		if c == q.tail {
			q.tail = prev
		}
		q.n--
		if q.n == 0 {
			q.head, q.tail = -1, -1
		}
		return true
	}
	return false
}

// arrivalStream is a team's stream of arrivals: its generator and the
// number of issues it has brought, in 32 bytes, so that an arrival reads
// one cache line of them rather than a pointer, a rand.Rand elsewhere on
// the heap, the generator and a count (the rand.Rand over the generator is
// made on the stack for each draw).
type arrivalStream struct {
	pcg rand.PCG
	n   uint32 // arrivals so far
	_   [12]byte
}

// timeoutEntry is a pending advice timeout.
type timeoutEntry struct {
	at   float64
	slot int32
	fork int32
}

// disruptionState is the run-time state of one disruption.
type disruptionState struct {
	d      Disruption
	unit   int32 // leader loss: the unit; member loss: the team
	active bool
	struck []int32 // the units it struck, in order
}

// Runner runs one organisation of a scenario for one replication. It is the
// model's public handle for views that step the run themselves and inject
// disruptions as it goes; [Run] drives one to the end.
type Runner struct {
	cfg    *Config
	o      *org
	orgIdx int
	keys   sim.Keys
	pre    [purposeLast]sim.Prefix // the keys' prefix per purpose
	s      *sim.Sim
	undist bool
	// through is how many of the scenario's disruptions, in the order they
	// strike, this run has (0: the undisturbed twin).
	through int

	units  []unitState
	cold   []unitCold // parallel to units
	issues []issue
	icold  []issueCold // parallel to issues
	one    [1]int32    // the scope of an issue of one team, for the rule
	free   []int32     // free issue slots
	tasks  []task
	freeT  int32 // head of the task free list; −1 none

	arrivals []arrivalStream // per team
	kpcg     rand.PCG        // reseeded per keyed exponential draw
	krand    *rand.Rand      // over kpcg
	surges   []rand.PCG      // per (surge disruption, team), allocated on demand
	surgeN   []uint32        // per (surge disruption, team): arrivals so far
	dis      []disruptionState
	// Advice timeouts all have the same delay, so they fall due in the
	// order they are set: a FIFO with one agenda event for its head keeps
	// the agenda small.
	tq     []timeoutEntry
	tqHead int
	dRng   []*rand.Rand

	// The knowledge and authority state: every rule that changes what a
	// unit knows or may decide (ramps, member loss, delegation) changes
	// these, and routing and judgement read them.
	nd       int       // knowledge domains
	kn       []float64 // knowledge per unit and domain, kn[u*nd+d], before the unit's factor
	knMean   []float64 // mean knowledge per unit over the domains
	knFactor []float64 // per unit: share of its knowledge in force (ramps); 1 normally
	knBelow  []float64 // per unit and domain: the most any unit directly below it knows (for an unbounded unit's share, see scaleKnowledge)
	// rights holds, per unit, what routing an issue there reads, in one
	// record of rs numbers (a whole number of cache lines): at rAuth the
	// largest value it may decide, at rCapZ the hardest issue it may
	// decide (difficulty authority), at rCapExtra the difficulty beyond its
	// knowledge up to which it may decide (delegated), and from rKn on its
	// knowledge in force per domain, or NaN where that changes with time
	// (see refreshKn).
	rights []float64
	rs     int
	knDyn  []bool // per unit: its knowledge factor changes with time (see knFactorAt)
	// capability is the Capability of the last sample, reused while capOK
	// says no input of knowledge() has changed since (see sample).
	capability [NumTiers]float64
	capOK      bool
	cands      []int32   // scratch: advice candidates
	nbuf       []int32   // scratch: a team's neighbours
	candSc     []float64 // scratch: their scores

	theta     float64 // current difficulty rate
	teamRate  float64 // issues per hour at each team
	value     sampler // the compiled value distribution
	hopFactor float64
	rateMul   []float64 // per surge disruption: extra rate multiplier (factor − 1) while active

	serial    int32
	forkID    int32
	scratch   []int32
	open      int
	arrived   int
	delivered int
	decided   []int32 // for a view: the log index of each decision, in the order they reached their origin
	view      bool    // a runner a view steps (DecidedSince); Plan.Run's are not
	stopErr   error
	end       float64 // when arrivals stop
	sampleAt  float64

	// accumulators
	openArea     float64 // ∫ open issues dt over the whole run
	openLast     float64
	openMark     [2]float64 // openArea at the warm-up and at the horizon
	peakOpen     int
	lateMessages int64
	lateHelper   float64 // hands-on hours of requests whose issue was already decided
	helperHands  float64 // hands-on hours of help on issues still open when given
	// members present in all teams, integrated when it changes
	presentNow  float64
	presentLast float64
	presentArea float64
	presentMark [2]float64
	log         issueLog // every issue, in arrival order
	msgSum      int64    // Σ messages of every issue logged
	// over the measured issues logged: escalated, levels climbed, and
	// decisions (not censored) per deciding unit
	escalated, depth int
	byDecider        []float64
	samples          []Sample
	warnings         []string

	// traffic
	tpcg       []rand.PCG
	trand      []*rand.Rand
	tnext      []uint32  // per unit: messages sent so far
	tvisits    []int     // per unit: messages whose path included it
	tlat       []float64 // latency of each delivered message
	tsent      int
	trelays    int // relays (units between sender and destination) of delivered messages
	tunreached int // messages with no path
	tmessages  int // hops of messages

	learn  *learnState // learning by deciding; nil when off
	grow   *growState  // growth of authority over time; nil when off
	burnIn bool        // this runner is a learning burn-in
	grown  int         // steps of authority grown

	tierDecided [NumTiers]int // decisions so far by tier

	deleg          []delegation // per unit, with delegation on
	delegations    int          // times a leader delegated
	delegatedHours float64      // leader-hours of delegation ended so far
}

// Plan is a validated Config with its organisations compiled, ready for
// any number of runs; it is safe for concurrent use as long as the Config
// does not change.
type Plan struct {
	cfg  *Config
	orgs []*org
}

// NewPlan validates cfg (see [Config.Validate]) and compiles its
// organisations once: the validation's compiled organisations are the
// ones that run.
func NewPlan(cfg *Config) (*Plan, error) {
	probs, orgs := cfg.checkCompile()
	if err := probs.err(); err != nil {
		return nil, err
	}
	p := &Plan{cfg: cfg}
	deputy := false
	traffic := cfg.Work.Traffic.Rate > 0
	for _, d := range cfg.Disruptions {
		deputy = deputy || d.Policy == Deputy && d.Deputy == "peer" && (d.Kind == LeaderLoss || d.Kind == Attrition && d.Leaders)
	}
	for _, o := range orgs {
		if !deputy {
			o.load = nil // only a peer deputy reads the loads (and asks for them)
		}
		if traffic && o.next == nil {
			o.routes()
		}
		p.orgs = append(p.orgs, o)
	}
	return p, nil
}

// Config returns the plan's Config.
func (p *Plan) Config() *Config { return p.cfg }

// Run runs organisation org for replication rep to the end (see [Run]).
func (p *Plan) Run(org int, rep uint64, undisturbed bool) (*Result, error) {
	k := len(p.cfg.Disruptions)
	if undisturbed {
		k = 0
	}
	return p.RunThrough(org, rep, k)
}

// RunThrough runs organisation org for replication rep with only the first
// k of the scenario's disruptions in the order they strike ([Config.Order]):
// k = 0 is the undisturbed twin, k = len(Disruptions) the full run. The
// runs for k = 0 … K are what [Attribute] compares, each disruption against
// the run without it and without any later one.
func (p *Plan) RunThrough(org int, rep uint64, k int) (*Result, error) {
	r, err := p.runnerThrough(org, rep, k)
	if err != nil {
		return nil, err
	}
	// Room for the expected number of issues, so the log never moves.
	expect := float64(p.cfg.Work.Teams) * p.cfg.Work.TeamRate() * p.cfg.Horizon
	r.log.reserve(int(min(expect*1.01+1024, 1<<28)), p.cfg.Metrics.KeepIssues)
	return r.Finish()
}

// NewRunner prepares organisation org of cfg for replication rep. With
// undisturbed set, the scenario's disruptions are left out: that is the
// paired baseline run. The Config is validated first; it must not change
// while the Runner exists. To run many replications, make a [Plan] once.
func NewRunner(cfg *Config, org int, rep uint64, undisturbed bool) (*Runner, error) {
	p, err := NewPlan(cfg)
	if err != nil {
		return nil, err
	}
	return p.Runner(org, rep, undisturbed)
}

// Runner prepares organisation org for replication rep (see [NewRunner]).
func (p *Plan) Runner(org int, rep uint64, undisturbed bool) (*Runner, error) {
	k := len(p.cfg.Disruptions)
	if undisturbed {
		k = 0
	}
	return p.viewRunner(org, rep, k)
}

func (p *Plan) runnerThrough(org int, rep uint64, through int) (*Runner, error) {
	cfg := p.cfg
	if org < 0 || org >= len(p.orgs) {
		return nil, fmt.Errorf("model: no organisation %d", org)
	}
	if through < 0 || through > len(cfg.Disruptions) {
		return nil, fmt.Errorf("model: %d disruptions asked for; the scenario has %d", through, len(cfg.Disruptions))
	}
	var seed *learnState
	if l := cfg.Organisations[org].Learning; l.On && l.BurnIn > 0 {
		var err error
		if seed, err = p.burnIn(org, rep); err != nil {
			return nil, fmt.Errorf("learning's burn-in: %w", err)
		}
	}
	r := p.newRunner(cfg, org, rep, through, false)
	r.initLearning(seed)
	return r, nil
}

// viewRunner is runnerThrough for a view: the runner also keeps the order
// in which decisions reach their origin ([Runner.DecidedSince]).
func (p *Plan) viewRunner(org int, rep uint64, through int) (*Runner, error) {
	r, err := p.runnerThrough(org, rep, through)
	if err == nil {
		r.view = true
	}
	return r, err
}

// burnIn runs organisation org on issues of its own (the replication's
// burn-in stream) for Learning.BurnIn hours, with no disruption and no
// growth of authority, and returns its learning state: the stocks a run
// starts from, at the steady state of the organisation's own behaviour.
func (p *Plan) burnIn(org int, rep uint64) (*learnState, error) {
	bc := *p.cfg
	bc.Horizon = bc.Organisations[org].Learning.BurnIn
	bc.WarmUp, bc.Drain, bc.Disruptions = 0, 0, nil
	br := p.newRunner(&bc, org, rep^(1<<63), 0, true)
	br.initLearning(nil)
	if err := br.RunUntil(bc.Horizon); err != nil {
		return nil, err
	}
	return br.learn, nil
}

// newRunner builds a runner of organisation org on cfg (the plan's Config,
// or a burn-in's copy of it).
func (p *Plan) newRunner(cfg *Config, org int, rep uint64, through int, burnIn bool) *Runner {
	o := p.orgs[org]
	r := &Runner{
		burnIn: burnIn,
		cfg:    cfg, o: o, orgIdx: org, undist: through == 0, through: through,
		keys:  sim.Keys{Seed: cfg.Seed, Replication: rep},
		theta: cfg.Work.Theta, teamRate: cfg.Work.TeamRate(), hopFactor: 1, freeT: -1,
		end: cfg.Horizon,
	}
	r.s = sim.New(r)
	r.value = compileDist(cfg.Work.Value)
	for p := range r.pre {
		r.pre[p] = r.keys.Prefix(uint64(p))
	}
	nt := cfg.Work.Teams
	r.initKnowledge()
	r.units = make([]unitState, len(o.units))
	r.cold = make([]unitCold, len(o.units))
	for u := range r.units {
		us, uc := &r.units[u], &r.cold[u]
		us.servers = int32(o.units[u].servers)
		us.factor = 1
		us.rampT0 = math.NaN()
		us.queue = tqueue{head: -1, tail: -1}
		us.deputy, us.inService = -1, -1
		uc.knT0, uc.until = math.NaN(), math.NaN()
		uc.capNow = float64(us.servers)
		if o.units[u].role == RoleTeam {
			us.present = cfg.Work.TeamSize
			if !o.units[u].pooled {
				us.present = max(cfg.Work.TeamSize, int(us.servers))
			}
			uc.full = us.present
			r.presentNow += float64(us.present)
		}
	}
	// A runner stepped by a view may never reach the horizon: start small;
	// Plan.Run reserves the expected number of issues up front.
	r.log.reserve(4096, cfg.Metrics.KeepIssues)
	r.byDecider = make([]float64, len(o.units))
	r.arrivals = make([]arrivalStream, nt)
	r.s.Grow(nt + 64)
	r.krand = rand.New(&r.kpcg)
	for t := 0; t < nt; t++ {
		r.keys.Reseed(&r.arrivals[t].pcg, purposeArrival, uint64(t))
		r.scheduleArrival(int32(t), 0)
	}
	if through > 0 {
		// Every disruption keeps its own streams, keyed by its index,
		// whether or not this run includes it; only the first `through`
		// to strike are scheduled.
		for i, d := range cfg.Disruptions {
			r.dis = append(r.dis, disruptionState{d: d, unit: -1})
			r.dRng = append(r.dRng, r.keys.Stream(purposeDisrupt, uint64(i)))
		}
		for _, i := range cfg.Order()[:through] {
			r.s.At(cfg.Disruptions[i].At, evDisrupt, int32(i), phaseStart, 0)
		}
		r.rateMul = make([]float64, len(cfg.Disruptions))
	}
	if o.routing.DelegateAbove > 0 {
		r.deleg = make([]delegation, len(o.units))
	}
	if r.trafficOn() {
		r.startTraffic()
	}
	r.sampleAt = 0
	// One sample every quarter window up to the horizon: reserved at once
	// rather than grown (and copied) by doubling as the run goes.
	if q := cfg.Metrics.Window / 4; q > 0 {
		r.samples = make([]Sample, 0, int(min(cfg.Horizon/q+2, 1<<16)))
	}
	r.s.At(0, evSample, 0, 0, 0)
	r.s.At(cfg.WarmUp, evMark, 0, 0, 0)
	r.s.At(cfg.Horizon, evMark, 1, 0, 0)
	return r
}

// initKnowledge sets every unit's knowledge per domain and its authority
// from its parameters.
func (r *Runner) initKnowledge() {
	o := r.o
	r.nd = max(r.cfg.Work.Domains, 1)
	n := len(o.units)
	r.kn = make([]float64, n*r.nd)
	r.knMean = make([]float64, n)
	r.knFactor = make([]float64, n)
	r.knBelow = make([]float64, n*r.nd)
	r.knDyn = make([]bool, n)
	r.rs = (rKn + r.nd + 7) &^ 7
	r.rights = make([]float64, n*r.rs)
	var pcg rand.PCG
	rng := rand.New(&pcg)
	for u := range o.units {
		p := &o.units[u].p
		r.rights[u*r.rs+rAuth], r.knFactor[u], r.rights[u*r.rs+rCapZ] = p.Authority, 1, capOf(p)
		sum := 0.0
		for d := 0; d < r.nd; d++ {
			z := p.Knowledge
			if len(p.DomainKnowledge) == r.nd {
				z = p.DomainKnowledge[d]
			} else if p.KnowledgeSpread > 0 && z > 0 && !math.IsInf(z, 1) {
				r.keys.Reseed(&pcg, purposeKnowledge, uint64(u)<<16|uint64(d))
				theta := r.cfg.Work.Theta
				share := -math.Expm1(-theta*z) + p.KnowledgeSpread*rng.NormFloat64()
				z = -math.Log1p(-min(max(share, 0.001), 0.999)) / theta
			}
			r.kn[u*r.nd+d] = z
			sum += z
		}
		r.knMean[u] = sum / float64(r.nd)
		for d := 0; d < r.nd; d++ {
			r.rights[u*r.rs+rKn+d] = r.kn[u*r.nd+d] * 1 // scaleKnowledge at a factor of 1
		}
	}
	for u := range o.units {
		if p := o.units[u].parent; p >= 0 {
			for d := 0; d < r.nd; d++ {
				r.knBelow[int(p)*r.nd+d] = max(r.knBelow[int(p)*r.nd+d], r.kn[u*r.nd+d])
			}
		}
	}
}

// scaleKnowledge returns the knowledge in domain d of unit u, whose full
// knowledge there is z, when only a share f of it is in force (an interim,
// a successor learning back, a team missing members). A bounded knowledge
// is scaled on the difficulty scale: f·z. An unbounded one (a root that
// resolves everything) would stay unbounded that way, so a share of it is
// taken of the issues that reach the unit beyond what the units directly
// below it know (zb, the most any of them knows): by memorylessness of the
// exponential difficulty those are zb + Exp(θ), and the unit resolves the
// share f of them, up to zb − ln(1 − f)/θ.
func (r *Runner) scaleKnowledge(u int32, d uint8, z, f float64) float64 {
	if f >= 1 || !math.IsInf(z, 1) {
		return z * f
	}
	return r.knBelow[int(u)*r.nd+int(d)] - math.Log1p(-f)/r.cfg.Work.Theta
}

// Knowledge returns the knowledge of unit u (an index into [Units]) in
// domain d now: the difficulty up to which it resolves issues of that
// domain, after any ramp-up or loss of know-how.
func (r *Runner) Knowledge(u, d int) float64 {
	if u < 0 || u >= len(r.o.units) || d < 0 || d >= r.nd {
		return math.NaN()
	}
	return r.knowledge(int32(u), uint8(d))
}

// Positions in a unit's record of rights.
const (
	rAuth = iota
	rCapZ
	rCapExtra
	rKn
)

// knowledge returns unit u's knowledge in domain d now: as its record of
// rights holds it, unless it changes with time there.
func (r *Runner) knowledge(u int32, d uint8) float64 {
	z := r.rights[int(u)*r.rs+rKn+int(d)]
	if z != z {
		z = r.knowledgeAt(u, d)
	}
	return z
}

// refreshKn brings unit u's knowledge in force in step with its knowledge factor, or
// sets it to NaN (computed on demand) where knowledge changes with time:
// with learning, or with a dynamic factor. Call it whenever one of these
// changes.
func (r *Runner) refreshKn(u int32) {
	for d := 0; d < r.nd; d++ {
		i := int(u)*r.nd + d
		if r.learn != nil || r.knDyn[u] {
			r.rights[int(u)*r.rs+rKn+d] = math.NaN()
		} else {
			r.rights[int(u)*r.rs+rKn+d] = r.scaleKnowledge(u, uint8(d), r.kn[i], r.knFactor[u])
		}
	}
}

// knowledgeAt is knowledge computed from its parts: practice (learning)
// and a factor that changes with time.
func (r *Runner) knowledgeAt(u int32, d uint8) float64 {
	z := r.kn[int(u)*r.nd+int(d)]
	if r.learn != nil {
		z = r.learnedZ(u, d)
	}
	if r.knDyn[u] {
		return r.scaleKnowledge(u, d, z, r.knFactorAt(u))
	}
	return r.scaleKnowledge(u, d, z, r.knFactor[u])
}

// setKnFactor sets the share f of unit u's knowledge in force.
func (r *Runner) setKnFactor(u int32, f float64) {
	r.knFactor[u] = f
	r.refreshKn(u)
	r.capOK = false
}

// setKnDyn marks unit u's knowledge factor as changing with time.
func (r *Runner) setKnDyn(u int32) {
	r.knDyn[u] = true
	r.refreshKn(u)
	r.capOK = false
}

// Sim returns the kernel the runner drives, for a [sim.Pacer].
func (r *Runner) Sim() *sim.Sim { return r.s }

// Now returns the current simulated time in working hours.
func (r *Runner) Now() float64 { return r.s.Now() }

// Backlog returns the number of open issues: queued, in service, waiting for
// advice or in transit.
func (r *Runner) Backlog() int { return r.open }

// Queues writes each unit's queue length (waiting plus in service) into dst,
// in the order of [Units], and returns it.
func (r *Runner) Queues(dst []int) []int {
	dst = dst[:0]
	for u := range r.units {
		dst = append(dst, int(r.units[u].queue.n+r.units[u].busy))
	}
	return dst
}

// Counts returns the issues that have arrived so far, the decisions
// received back at their origin, and the issues still open; arrived =
// decided + open at every moment.
func (r *Runner) Counts() (arrived, decided, open int) {
	return r.arrived, r.delivered, r.open
}

// Decision is one decision received back at its origin team.
type Decision struct {
	At      float64 // when it reached the origin, hours
	Latency float64 // arrival → decision received, hours
}

// DecidedSince appends to dst the decisions that reached their origin after
// the first from decisions, in the order they arrived, and returns dst and
// the number of decisions so far; a view calls it with the number it
// returned last time to follow the decisions as they are made.
func (r *Runner) DecidedSince(from int, dst []Decision) ([]Decision, int) {
	for _, i := range r.decided[min(max(from, 0), len(r.decided)):] {
		a, l := r.log.arrival[i], r.log.latency[i]
		dst = append(dst, Decision{At: a + l, Latency: l})
	}
	return dst, len(r.decided)
}

// Err returns the error that stopped the run, if any.
func (r *Runner) Err() error { return r.stopErr }

// RunUntil advances the run to time t (or to the end of the drain, if
// earlier). It returns an error when the run became unstable.
func (r *Runner) RunUntil(t float64) error {
	if r.stopErr != nil {
		return r.stopErr
	}
	r.s.RunUntil(min(t, r.cfg.Horizon+r.cfg.Drain))
	return r.stopErr
}

// Inject makes disruption d strike now (d.At is set to the current time),
// exactly as a scenario's disruption at this time would, and returns its
// index for [Runner.Struck]. Its later phases follow from its own settings.
func (r *Runner) Inject(d Disruption) (int, error) {
	d.At = r.s.Now()
	tmp := *r.cfg
	tmp.Disruptions = []Disruption{d}
	if err := tmp.validateDisruptions(true); err != nil {
		return -1, err
	}
	i := len(r.dis)
	r.dis = append(r.dis, disruptionState{d: d, unit: -1})
	r.dRng = append(r.dRng, r.keys.Stream(purposeDisrupt, uint64(i)))
	r.rateMul = append(r.rateMul, 0)
	r.disrupt(i, phaseStart, 0)
	return i, r.stopErr
}

// Resolve returns the unit (an index into [Units]) that a leader-loss
// selector names in organisation org: "root", a unit id or "level:N"
// when one unit sits at that depth. A selector whose unit is drawn when
// it strikes ("random-manager", "level:N" with several units) is an error
// saying so; so is one that names no unit.
func (p *Plan) Resolve(org int, selector string) (int, error) {
	if org < 0 || org >= len(p.orgs) {
		return -1, fmt.Errorf("model: no organisation %d", org)
	}
	o := p.orgs[org]
	u, err := o.resolveSelector(selector, nil)
	if err != nil {
		return -1, err
	}
	if selector == "random-manager" || strings.HasPrefix(selector, "level:") {
		n := 0
		for v := range o.units {
			if selector == "random-manager" && (o.units[v].role == RoleManager || o.units[v].role == RoleCoach) ||
				selector != "random-manager" && o.units[v].role != RoleTeam && "level:"+strconv.Itoa(int(o.units[v].depth)) == selector {
				n++
			}
		}
		if n > 1 {
			return -1, fmt.Errorf("selector %q of organisation %q draws one of %d units when it strikes", selector, o.name, n)
		}
	}
	return int(u), nil
}

// Handle dispatches one event; it is the runner's side of [sim.Handler].
func (r *Runner) Handle(s *sim.Sim, e sim.Event) {
	switch e.Kind {
	case evArrive:
		r.arrive(e.A, e.B)
	case evServiceDone:
		r.serviceDone(e.A, e.B, e.C)
	case evHopArrive:
		r.reach(e.A, e.B)
	case evReply:
		r.reply(e.B)
	case evTimeout:
		r.timeouts()
	case evDeliver:
		r.deliver(e.A)
	case evDisrupt:
		r.disrupt(int(e.A), e.B, e.C)
	case evSample:
		r.sample()
	case evMark:
		r.mark(e.A)
	case evDeadline:
		r.deadline(e.A, e.B)
	case evMessage:
		r.message(e.A)
	case evFeedback:
		r.feedback(e.A, e.B, e.C)
	}
}

// ---- bookkeeping of time-weighted metrics ----

// The time integrals run over the whole run; mark events at the warm-up
// and the horizon snapshot them, so the measured window's share is a
// difference and the hot path does no clipping.

// touch brings unit u's time integrals up to now; call before any change of
// its busy servers or queue.
func (r *Runner) touch(u int32) {
	us := &r.units[u]
	now := r.s.Now()
	dt := now - us.last
	us.busyArea += float64(us.busy) * dt
	us.queueArea += float64(us.queue.n) * dt
	us.last = now
}

// mark snapshots every integral at the warm-up (at = 0) or the horizon
// (at = 1).
func (r *Runner) mark(at int32) {
	r.openChange(0)
	r.openMark[at] = r.openArea
	r.presentChange(0)
	r.presentMark[at] = r.presentArea
	for u := range r.units {
		r.touch(int32(u))
		us, uc := &r.units[u], &r.cold[u]
		uc.busyMark[at], uc.queueMark[at] = us.busyArea, us.queueArea
		r.capChange(int32(u))
		uc.capMark[at] = uc.capArea
	}
}

// capChange brings unit u's integral of present capacity up to now; call
// it before its servers or its vacancy change, then set capNow.
func (r *Runner) capChange(u int32) {
	uc := &r.cold[u]
	now := r.s.Now()
	uc.capArea += uc.capNow * (now - uc.capLast)
	uc.capLast = now
}

// setCapacity records that unit u now has c servers present.
func (r *Runner) setCapacity(u int32, c float64) {
	uc := &r.cold[u]
	if c == uc.capNow {
		return
	}
	r.capChange(u)
	uc.capNow = c
	uc.capChanged = true
}

// presentChange records a change of the members present in all teams by
// delta.
func (r *Runner) presentChange(delta int) {
	now := r.s.Now()
	r.presentArea += r.presentNow * (now - r.presentLast)
	r.presentLast = now
	r.presentNow += float64(delta)
}

// openChange records a change of the number of open issues by delta.
func (r *Runner) openChange(delta int) {
	now := r.s.Now()
	r.openArea += float64(r.open) * (now - r.openLast)
	r.openLast = now
	r.open += delta
	if r.open > r.peakOpen && now >= r.cfg.WarmUp && now <= r.cfg.Horizon {
		r.peakOpen = r.open
	}
}

// ---- arrivals ----

// uniform turns a PCG's next output into a number uniform on (0, 1).
func uniform(p *rand.PCG) float64 {
	return (float64(p.Uint64()>>11) + 0.5) / (1 << 53)
}

// scheduleArrival draws team t's next arrival from its stream (source 0) or
// from surge src−1's stream.
func (r *Runner) scheduleArrival(t, src int32) {
	var at float64
	if src == 0 {
		rate := r.teamRate
		if rate <= 0 {
			return
		}
		at = r.s.Now() + rand.New(&r.arrivals[t].pcg).ExpFloat64()/rate
	} else {
		d := src - 1
		rate := r.teamRate * r.rateMul[d]
		if rate <= 0 {
			return
		}
		at = r.s.Now() - math.Log(uniform(&r.surges[int(d)*r.cfg.Work.Teams+int(t)]))/rate
	}
	if at >= r.end {
		return
	}
	if src > 0 && at >= r.dis[src-1].d.Until {
		return
	}
	r.s.AtFar(at, evArrive, t, src, 0)
}

// attr returns the keyed uniform number i of the issue whose attribute
// prefix is p (r.pre[purposeAttr].With(key)).
func attr(p sim.Prefix, i uint64) float64 { return (float64(p.One(i)>>11) + 0.5) / (1 << 53) }

// arrive creates an issue at team t and draws its attributes.
func (r *Runner) arrive(t, src int32) {
	r.scheduleArrival(t, src)
	var n uint32
	if src == 0 {
		n = r.arrivals[t].n
		r.arrivals[t].n++
	} else {
		i := int(src-1)*r.cfg.Work.Teams + int(t)
		n = r.surgeN[i]
		r.surgeN[i]++
	}
	key := uint64(src)<<56 | uint64(t)<<32 | uint64(n)
	w := &r.cfg.Work
	ap := r.pre[purposeAttr].With(key) // every attribute of this issue
	slot := r.newIssue()
	is := &r.issues[slot]
	is.key = key
	is.origin = t
	is.arrival = r.s.Now()
	is.z = -math.Log(1-attr(ap, 0)) / r.theta
	is.k = 1
	if w.CrossTeam > 0 && attr(ap, 1) < w.CrossTeam {
		k := w.ScopeMin + int(attr(ap, 2)*float64(w.ScopeMax-w.ScopeMin+1))
		r.scratch = w.neighbours(int(t), w.Radius, r.scratch)
		k = min(k, len(r.scratch)+1)
		scope := &r.icold[slot].scope
		scope[0] = t
		for j := 1; j < k; j++ { // partial Fisher–Yates over the neighbours
			m := j - 1 + int(attr(ap, uint64(2+j))*float64(len(r.scratch)-(j-1)))
			r.scratch[j-1], r.scratch[m] = r.scratch[m], r.scratch[j-1]
			scope[j] = r.scratch[j-1]
		}
		is.k = int8(k)
	}
	is.value = r.value.draw(ap.One(12), &r.kpcg, r.krand)
	if attr(ap, 13) < w.GoodShare {
		is.flags |= flagGood
	}
	is.uTeam = attr(ap, 14)
	if r.nd > 1 {
		is.domain = uint8(attr(ap, 15) * float64(r.nd))
	}
	if src > 0 {
		is.flags |= flagSurge
	}
	is.rec = r.log.add(is.arrival)
	r.arrived++
	r.openChange(+1)
	if r.open > r.cfg.MaxOpen {
		r.unstable()
		return
	}
	tk := r.newTask(slot, -1, 0)
	is.task = tk
	r.enqueue(t, tk)
}

// unstable stops the run with an error naming the unit with the longest
// queue.
func (r *Runner) unstable() {
	worst, wq := int32(0), -1
	for u := range r.units {
		if q := int(r.units[u].queue.n); q > wq {
			worst, wq = int32(u), q
		}
	}
	r.stopErr = &UnstableError{
		Organisation: r.o.name, Unit: r.o.units[worst].id, Queue: wq,
		Open: r.open, At: r.s.Now(), Cap: r.cfg.MaxOpen,
	}
	r.s.Stop()
}

// UnstableError reports a run stopped because open issues passed the cap.
type UnstableError struct {
	Organisation string
	Unit         string  // the unit with the longest queue
	Queue        int     // its queue length
	Open         int     // open issues when the run stopped
	At           float64 // hours
	Cap          int
}

// Error describes where the run jammed.
func (e *UnstableError) Error() string {
	return fmt.Sprintf("organisation %q is unstable: %d open issues at %.0f h (cap %d); unit %s has the longest queue (%d)",
		e.Organisation, e.Open, e.At, e.Cap, e.Unit, e.Queue)
}

func (r *Runner) newIssue() int32 {
	r.serial++
	var slot int32
	if n := len(r.free); n > 0 {
		slot = r.free[n-1]
		r.free = r.free[:n-1]
		r.issues[slot] = issue{}
	} else {
		r.issues = append(r.issues, issue{})
		r.icold = append(r.icold, issueCold{})
		slot = int32(len(r.issues) - 1)
	}
	is := &r.issues[slot]
	is.serial = r.serial
	is.inUse = true
	is.decider = -1
	return slot
}

// scope returns issue slot's scope: its origin, then the other teams it
// affects.
func (r *Runner) scope(slot int32) []int32 {
	is := &r.issues[slot]
	if is.k == 1 {
		r.one[0] = is.origin
		return r.one[:]
	}
	return r.icold[slot].scope[:is.k]
}

func (r *Runner) newTask(slot, asker, fork int32) int32 {
	var t int32
	if r.freeT >= 0 {
		t = r.freeT
		r.freeT = r.tasks[t].next
	} else {
		r.tasks = append(r.tasks, task{})
		t = int32(len(r.tasks) - 1)
	}
	// Cleared in place, then set field by field: a composite literal
	// would be built on the stack with narrow stores and copied with wide
	// loads, which wait for those stores on every new task.
	tk := &r.tasks[t]
	*tk = task{}
	tk.issue, tk.serial, tk.asker, tk.fork = slot, r.issues[slot].serial, asker, fork
	tk.work, tk.next, tk.actFor = -1, -1, -1
	return t
}

func (r *Runner) freeTask(t int32) {
	r.tasks[t].next = r.freeT
	r.freeT = t
}

// ---- queues and service ----

// isRequest reports whether task t is an advice or consultation request.
func (r *Runner) isRequest(t int32) bool { return r.tasks[t].asker >= 0 }

// enqueue puts task t at the back of unit u's queue, honouring a vacancy
// under skip-level (the task goes one hop further up) and dropping requests
// that reach a vacant unit or one whose advice role is being re-allocated.
func (r *Runner) enqueue(u, t int32) {
	us := &r.units[u]
	if us.redirect && r.o.fast[u].parent >= 0 && !r.isRequest(t) {
		r.tasks[t].actFor = -1
		r.hopTo(r.o.fast[u].parent, t, false)
		return
	}
	if us.deputy >= 0 && r.deputises(u, t) {
		r.toDeputy(u, t)
		return
	}
	if r.isRequest(t) && (us.down || r.s.Now() < us.roleGap && r.o.fast[u].role == RoleTeam) {
		r.freeTask(t) // dropped: the asker's timeout covers it
		return
	}
	r.touch(u)
	tk := &r.tasks[t]
	tk.unit = u
	now := r.s.Now()
	tk.enq = now
	inWindow := now >= r.cfg.WarmUp && now <= r.cfg.Horizon
	deadline := tk.asker < 0 && r.o.deadlineOn() && r.o.fast[u].role != RoleTeam && r.issues[tk.issue].how == howRouted && r.issues[tk.issue].flags&flagTraffic == 0
	if us.queue.n == 0 && us.busy < us.servers && !us.down && !deadline {
		// A free server takes it at once: what passing through the queue
		// would do, without the queue (it counts as a queue of one).
		if us.peakQueue < 1 && inWindow {
			us.peakQueue = 1
		}
		r.begin(u, t)
		if us.queue.n > 0 { // queued meanwhile, by what it set off
			r.startService(u)
		}
		return
	}
	us.queue.pushBack(r.tasks, t)
	tk.waiting = true
	if us.queue.n > us.peakQueue && inWindow {
		us.peakQueue = us.queue.n
	}
	if deadline {
		r.queuedAbove(u, t, tk.issue)
	}
	r.startService(u)
}

// speed returns unit u's current rate factor: elapsed service = hands-on ÷
// speed.
func (r *Runner) speed(u int32) float64 {
	un := &r.o.fast[u]
	us := &r.units[u]
	now := r.s.Now()
	f := un.rate * us.factor
	if !math.IsNaN(us.rampT0) {
		uc := &r.cold[u]
		f *= 1 - (1-uc.rampF0)*math.Exp(-(now-us.rampT0)/uc.rampTau)
	}
	if un.role == RoleTeam && (un.pooled || r.cfg.Work.TeamForm == TeamMembers) {
		size := float64(r.cfg.Work.TeamSize)
		eff := float64(us.present)
		if us.nNew > 0 {
			uc := &r.cold[u]
			k := 0
			for _, t0 := range uc.newcomers {
				gap := (1 - uc.newF0) * math.Exp(-(now-t0)/uc.newTau)
				if gap > 1e-3 {
					eff -= gap
					uc.newcomers[k] = t0
					k++
				}
			}
			uc.newcomers = uc.newcomers[:k]
			us.nNew = int32(k)
		}
		w := &r.cfg.Work
		switch w.TeamForm {
		case TeamWhole:
			f *= eff / size
		case TeamPooled:
			f *= eff * processFactor(w.ProcessLoss, eff)
		case TeamMembers:
			// Every decider works at the member rate less the process
			// loss of the members present; newcomers still ramping up
			// slow the average decider.
			if us.present > 0 {
				f *= processFactor(w.ProcessLoss, float64(us.present)) * eff / float64(us.present)
			}
		}
	}
	return f
}

// startService starts queued tasks at unit u while it has free servers.
func (r *Runner) startService(u int32) {
	us := &r.units[u]
	if us.down {
		return
	}
	for us.queue.n > 0 && us.busy < us.servers {
		r.touch(u)
		r.begin(u, us.queue.popFront(r.tasks))
	}
}

// begin starts the service of task t at unit u, which has a free server
// and has brought its time integrals up to now.
func (r *Runner) begin(u, t int32) {
	us := &r.units[u]
	tk := &r.tasks[t]
	tk.waiting = false
	is := &r.issues[tk.issue]
	now := r.s.Now()
	if tk.asker < 0 {
		is.wait += now - tk.enq
	}
	if tk.work < 0 {
		tk.work = r.handsOn(u, tk, is)
	}
	if tk.work == 0 {
		// No hands-on time: the step is done inline, not scheduled.
		tk.work = -1
		us.served++
		if tk.asker >= 0 {
			us.advised++
			r.hop(tk.asker, t, evReply)
		} else {
			r.route(u, tk.issue)
		}
		return
	}
	tk.speed = r.speed(u)
	tk.start = now
	us.busy++
	tk.next, us.inService = us.inService, t
	r.s.After(tk.work/tk.speed, evServiceDone, u, t, us.epoch)
}

// handsOn draws the hands-on hours task tk of issue is needs at unit u.
// Every draw is keyed: by the issue's quantile at its team for its first
// service there, by (issue, unit, visit) for a main task elsewhere, and by
// the request's own key for advice and consultation requests.
func (r *Runner) handsOn(u int32, tk *task, is *issue) float64 {
	svc := &r.o.svcs[r.o.fast[u].svc]
	if tk.asker >= 0 {
		// A request may outlive its issue (a late reply), so its draw is
		// keyed by what it carries, not by the slot.
		return svc.draw(r.pre[purposeService].Hash(tk.key, uint64(u)<<32|uint64(tk.salt)), &r.kpcg, r.krand)
	}
	if is.flags&flagTraffic != 0 {
		is.draws++
		return r.cfg.Work.Traffic.Effort * svc.draw(r.pre[purposeService].Hash(is.key, uint64(u)<<16|uint64(is.draws)), &r.kpcg, r.krand)
	}
	h := 0.0
	if u == is.origin && is.esc == 0 && is.draws == 0 {
		h = svc.quantile(is.uTeam)
	} else {
		is.draws++
		h = svc.draw(r.pre[purposeService].Hash(is.key, uint64(u)<<16|uint64(is.draws)), &r.kpcg, r.krand)
	}
	if r.learn != nil {
		h *= r.speedFactor(u, is.domain)
	}
	return h
}

// serviceDone ends task t's service at unit u, unless the unit lost its
// leader since (a stale epoch).
func (r *Runner) serviceDone(u, t, epoch int32) {
	us := &r.units[u]
	if epoch != us.epoch {
		return
	}
	r.touch(u)
	us.busy--
	r.outOfService(us, t)
	tk := &r.tasks[t]
	served := r.s.Now() - tk.start
	tk.work = -1
	us.served++
	is := &r.issues[tk.issue]
	r.account(u, tk, is, served)
	if tk.asker >= 0 {
		us.advised++
		r.hop(tk.asker, t, evReply)
	} else {
		is.service += served
		r.route(u, tk.issue)
	}
	r.startService(u)
}

// outOfService takes task t off unit us's in-service list.
func (r *Runner) outOfService(us *unitState, t int32) {
	if us.inService == t {
		us.inService = r.tasks[t].next
		return
	}
	for c := us.inService; c >= 0; c = r.tasks[c].next {
		if r.tasks[c].next == t {
			r.tasks[c].next = r.tasks[t].next
			return
		}
	}
}

// account books served elapsed hours of task tk at unit u as hands-on
// effort (elapsed × the rate factor at service start): to the unit, and to
// the issue as its own team's effort or as help (every other unit's:
// advice, consultation, and a leader's work on an escalated issue).
func (r *Runner) account(u int32, tk *task, is *issue, served float64) {
	h := served * tk.speed
	r.units[u].handsOn += h
	if is.flags&flagTraffic != 0 && tk.asker < 0 {
		return // a relay: effort of the unit, not help on an issue
	}
	if tk.asker >= 0 && !(is.inUse && is.serial == tk.serial) {
		r.lateHelper += h
		return
	}
	is.effort += h
	if tk.asker >= 0 || u != is.origin {
		is.helper += h
		r.helperHands += h
	}
}

// ---- hops ----

// hopDelay draws the delay of issue is's next hop.
func (r *Runner) hopDelay(is *issue) float64 {
	if h := &r.o.hop; h.kind == Deterministic {
		return h.a * r.hopFactor
	}
	return r.drawHop(is)
}

// drawHop draws the delay of issue is's next hop from a random
// distribution.
func (r *Runner) drawHop(is *issue) float64 {
	h := &r.o.hop
	is.draws++
	return h.draw(r.pre[purposeHop].Hash(is.key, uint64(is.draws)), &r.kpcg, r.krand) * r.hopFactor
}

// hop sends task t toward unit u: a delay, then an event of kind ev (a
// reach or a reply). A zero delay is handled inline.
func (r *Runner) hop(u, t int32, ev int32) {
	tk := &r.tasks[t]
	is := &r.issues[tk.issue]
	if !is.inUse || is.serial != tk.serial {
		// A late reply whose issue is already decided: count the message
		// and let the reply vanish.
		r.lateMessages++
		r.freeTask(t)
		return
	}
	is.messages++
	if is.flags&flagTraffic != 0 {
		r.tmessages++
	}
	d := r.hopDelay(is)
	if tk.asker < 0 {
		is.comm += d
	}
	if d == 0 {
		if ev == evReply {
			r.reply(t)
		} else {
			r.reach(u, t)
		}
		return
	}
	r.s.After(d, ev, u, t, 0)
}

// hopTo moves a main task one level to unit u. up says whether the move is
// an escalation (counted) rather than a skip-level forward.
func (r *Runner) hopTo(u, t int32, up bool) {
	is := &r.issues[r.tasks[t].issue]
	is.hops++
	if up {
		is.esc++
		r.units[u].escIn++
	}
	r.tasks[t].work = -1
	r.hop(u, t, evHopArrive)
}

// reach: task t arrives at unit u after a hop.
func (r *Runner) reach(u, t int32) { r.enqueue(u, t) }
