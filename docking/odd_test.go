package docking

// An independent implementation of the orgsim model, written from
// docs/model.md (the ODD description; section numbers below are its), for
// the mechanisms the docking scenario switches on: arrivals and issue
// attributes (§7.2), knowledge by domain with spread (§7.3), service in the
// whole-team form with pooled teams (§7.4), the routing rule (§7.5) with
// escalation by knowledge, value authority, reach and the teams' difficulty
// ceiling, advice by directory and consultation as a fork–join (§7.6),
// judgement with fidelity per hop (§7.7), hops and the way back (§7.8), and
// the metrics mean latency and accuracy (§7.20).
//
// Left out, because the scenario switches them off (the presets' defaults,
// §2.9) or has none: disruptions and succession, tacit know-how, deadlines
// and intent, approval chains, delegation, growth of authority, learning,
// traffic, and the team forms other than whole. Learning in particular is
// not exercised: its burn-in and stocks would make the docking test a test
// of many more rules at once.
//
// Random numbers: one math/rand/v2 PCG stream per (replication,
// organisation), seeded explicitly. The model's keyed streams (§7.1) only
// pair organisations; the distributions, which are all docking compares,
// do not depend on them.
//
// This file imports only the standard library; TestIndependentImports
// checks that.

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"sort"
)

// lognormal is a log-normal distribution by its log-scale parameters.
type lognormal struct{ mu, sigma float64 }

// lognormalMeanCV is the log-normal with mean m and coefficient of
// variation cv: s² = ln(1 + cv²), log-scale mean ln m − s²/2 (§2.2).
func lognormalMeanCV(m, cv float64) lognormal {
	s2 := math.Log(1 + cv*cv)
	return lognormal{mu: math.Log(m) - s2/2, sigma: math.Sqrt(s2)}
}

// lognormalMedianSigma is the log-normal with the given median and
// log-scale σ.
func lognormalMedianSigma(median, sigma float64) lognormal {
	return lognormal{mu: math.Log(median), sigma: sigma}
}

func (d lognormal) draw(r *rand.Rand) float64 { return math.Exp(d.mu + d.sigma*r.NormFloat64()) }

// quantile is the p-quantile: e^(μ + σ·Φ⁻¹(p)).
func (d lognormal) quantile(p float64) float64 {
	return math.Exp(d.mu + d.sigma*math.Sqrt2*math.Erfinv(2*p-1))
}

// role is the parameter set of one role (§2.4).
type role struct {
	decision  lognormal // hands-on hours S
	timeShare float64   // a
	knowledge float64   // z_i
	authority float64   // A_i
	accuracy  float64   // π
	spread    float64   // σ_i, shares of issues
}

// orgSpec is one organisation: a structure and its routing settings.
type orgSpec struct {
	name    string
	lattice bool // false: a hierarchy

	// hierarchy
	levels int
	span   int // one span for every level

	// lattice
	peerLinks     int
	teamsPerCoach int
	circle        bool

	team, manager, root, coach role

	// routing (§2.6)
	advice        int     // m
	adviceTimeout float64 // T_a
	consult       bool
	kMax          int
	maxDifficulty float64 // z_max
	fidelity      float64 // φ
	hop           lognormal
	directory     bool // advisors by directory (else the first m peer links)
	adviceRadius  int
	dirAccuracy   float64 // ρ
	hopCost       float64 // κ
}

// workSpec is the work shared by every organisation (§2.2).
type workSpec struct {
	teams     int
	rate      float64 // λ per team per hour
	theta     float64
	crossTeam float64
	scopeMin  int
	scopeMax  int
	radius    int
	goodShare float64
	value     lognormal
	domains   int
	horizon   float64
	warmUp    float64
	drain     float64
}

// Working time (§ Conventions).
const (
	hour = 1.0
	day  = 8 * hour
	week = 5 * day
	year = 50 * week
)

// difficultyQuantile is F⁻¹(s) = −ln(1 − s)/θ.
func difficultyQuantile(s, theta float64) float64 { return -math.Log(1-s) / theta }

// defaultWork is the default work of §2.2 with the run settings of §2.9.
func defaultWork() workSpec {
	return workSpec{
		teams: 49, rate: 2 / day, theta: 1, crossTeam: 0.2, scopeMin: 2, scopeMax: 3, radius: 2,
		goodShare: 0.7, value: lognormalMeanCV(1, 1), domains: 4,
		horizon: 1 * year, warmUp: 10 * week, drain: 1 * year,
	}
}

// presetHierarchy and presetLattice are the presets of §2.9 on work w.
func presetHierarchy(w workSpec) orgSpec {
	th := w.theta
	return orgSpec{
		name: "hierarchy", levels: 2, span: 7,
		team: role{decision: lognormalMeanCV(0.5, 1), timeShare: 0.35,
			knowledge: difficultyQuantile(0.70, th), authority: w.value.quantile(0.90), accuracy: 0.9, spread: 0.1},
		manager: role{decision: lognormalMeanCV(0.25, 1), timeShare: 0.35,
			knowledge: difficultyQuantile(0.95, th), authority: w.value.quantile(0.99), accuracy: 0.9},
		root: role{decision: lognormalMeanCV(0.18, 1), timeShare: 0.35,
			knowledge: difficultyQuantile(0.995, th), authority: math.Inf(1), accuracy: 0.9},
		advice: 0, adviceTimeout: 2 * day, consult: false, kMax: 1, maxDifficulty: math.Inf(1),
		fidelity: 0.95, hop: lognormalMedianSigma(0.8, 1.5),
	}
}

func presetLattice(w workSpec) orgSpec {
	th := w.theta
	return orgSpec{
		name: "lattice", lattice: true, peerLinks: 4, teamsPerCoach: 25, circle: true,
		team: role{decision: lognormalMeanCV(0.5, 1), timeShare: 0.35,
			knowledge: difficultyQuantile(0.85, th), authority: w.value.quantile(0.95), accuracy: 0.9, spread: 0.1},
		coach: role{decision: lognormalMeanCV(0.5, 1), timeShare: 0.5,
			knowledge: difficultyQuantile(0.999, th), authority: math.Inf(1), accuracy: 0.9},
		advice: 2, adviceTimeout: 2 * day, consult: true, kMax: 3, maxDifficulty: difficultyQuantile(0.99, th),
		fidelity: 0.95, hop: lognormalMedianSigma(0.8, 1.5),
		directory: true, adviceRadius: 2, dirAccuracy: 0.7, hopCost: 0.1,
	}
}

// unit is a deciding unit (§2.4): an FCFS queue with one server (pooled
// teams and the leaders of the presets all have one).
type unit struct {
	index  int
	isTeam bool
	team   int // for a team, its index
	parent int // −1: none
	lo, hi int // it covers teams lo … hi−1 (subtrees are consecutive)
	peers  []int
	role   role
	know   []float64 // z_i,d per domain

	queue []*task
	busy  bool
}

// tier of a unit for the who-decides metrics.
func (u *unit) tier() int {
	switch {
	case u.isTeam:
		return 0
	case u.parent >= 0:
		return 1
	default:
		return 2
	}
}

// issue is a decision request (§2.3) and its state while open.
type issue struct {
	origin    int
	arrival   float64
	z         float64
	scope     []int // the origin first
	v         float64
	good      bool
	domain    int
	hops      int // h_j
	escal     int
	msgs      int
	queuedAt  float64
	wait      float64
	service   float64
	comm      float64
	done      bool
	delivered float64
	correct   bool
	tier      int
}

// task is an issue's main task or a request on behalf of a fork.
type task struct {
	iss  *issue
	fork *fork // a request when set
}

// fork is an advice or consultation fork–join (§7.6).
type fork struct {
	iss      *issue
	asker    int
	start    float64
	pending  int
	sum      float64
	ownRight bool
	replies  []reply
	joined   bool
}

type reply struct {
	p     float64
	right bool
}

// Events (§3.1).
const (
	evArrival = iota
	evServiceDone
	evHopArrival
	evReply
	evTimeout
	evDelivery
)

type event struct {
	t     float64
	seq   uint64
	kind  int
	unit  int
	tk    *task
	f     *fork
	iss   *issue
	from  int // a reply's judge
	elaps float64
}

type agenda []*event

func (a agenda) Len() int { return len(a) }
func (a agenda) Less(i, j int) bool {
	if a[i].t != a[j].t {
		return a[i].t < a[j].t
	}
	return a[i].seq < a[j].seq
}
func (a agenda) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a *agenda) Push(x any)   { *a = append(*a, x.(*event)) }
func (a *agenda) Pop() any {
	old := *a
	e := old[len(old)-1]
	*a = old[:len(old)-1]
	return e
}

// runStats are the metrics of one run (§7.20) the docking test compares,
// with a few more that help to find where two implementations part.
type runStats struct {
	latencyMean  float64
	accuracy     float64
	escalation   float64
	waitMean     float64
	serviceMean  float64
	commMean     float64
	msgsPerIssue float64
	shareTeam    float64
	shareMiddle  float64
	shareTop     float64
	measured     int
	decided      int
	censored     int
	issuesInRun  int
}

// sim is one organisation in one replication.
type sim struct {
	w     workSpec
	o     orgSpec
	r     *rand.Rand
	units []*unit
	nT    int
	now   float64
	seq   uint64
	ag    agenda
	all   []*issue
	// directory beliefs: known[asker][candidate][domain] (§7.6)
	known map[[3]int]bool
}

// teamDistance is the ring distance (§2.1).
func (s *sim) teamDistance(i, j int) int {
	d := i - j
	if d < 0 {
		d = -d
	}
	if s.nT-d < d {
		d = s.nT - d
	}
	return d
}

// neighbours lists the teams within distance r of team t, nearest first,
// t + d before t − d (§2.1).
func (s *sim) neighbours(t, r int) []int {
	var out []int
	seen := map[int]bool{t: true}
	for d := 1; d <= r; d++ {
		for _, c := range []int{(t + d) % s.nT, ((t-d)%s.nT + s.nT) % s.nT} {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// build makes the units of the structure (§2.5) and their knowledge by
// domain (§7.3).
func (s *sim) build() {
	N := s.w.teams
	s.nT = N
	for t := 0; t < N; t++ {
		s.units = append(s.units, &unit{index: t, isTeam: true, team: t, parent: -1, lo: t, hi: t + 1, role: s.o.team})
	}
	if !s.o.lattice {
		// Levels from the bottom: n_(L−1) = ⌈N/s⌉, n_ℓ = ⌈n_(ℓ+1)/s⌉.
		L := s.o.levels
		counts := make([]int, L)
		counts[L-1] = (N + s.o.span - 1) / s.o.span
		for l := L - 2; l >= 0; l-- {
			counts[l] = (counts[l+1] + s.o.span - 1) / s.o.span
		}
		if counts[0] != 1 {
			panic("not a tree")
		}
		first := make([]int, L) // index of the first unit of each level
		for l := 0; l < L; l++ {
			first[l] = len(s.units)
			for k := 0; k < counts[l]; k++ {
				rl := s.o.manager
				if l == 0 {
					rl = s.o.root
				}
				s.units = append(s.units, &unit{index: len(s.units), parent: -1, role: rl, lo: N, hi: -1})
			}
		}
		for t := 0; t < N; t++ {
			s.units[t].parent = first[L-1] + t/s.o.span
		}
		for l := 1; l < L; l++ {
			for k := 0; k < counts[l]; k++ {
				s.units[first[l]+k].parent = first[l-1] + k/s.o.span
			}
		}
	} else {
		for t := 0; t < N; t++ {
			s.units[t].peers = s.neighbours(t, N)[:min(s.o.peerLinks, N-1)]
		}
		if C := s.o.teamsPerCoach; C > 0 {
			nc := (N + C - 1) / C
			firstCoach := len(s.units)
			for k := 0; k < nc; k++ {
				s.units = append(s.units, &unit{index: len(s.units), parent: -1, role: s.o.coach, lo: N, hi: -1})
			}
			for t := 0; t < N; t++ {
				s.units[t].parent = firstCoach + t/C
			}
			if s.o.circle {
				circle := len(s.units)
				s.units = append(s.units, &unit{index: circle, parent: -1, role: s.o.coach, lo: N, hi: -1})
				for k := 0; k < nc; k++ {
					s.units[firstCoach+k].parent = circle
				}
			}
		}
	}
	// Coverage: a unit covers the teams of its subtree (consecutive here).
	for t := 0; t < N; t++ {
		for p := s.units[t].parent; p >= 0; p = s.units[p].parent {
			u := s.units[p]
			u.lo = min(u.lo, t)
			u.hi = max(u.hi, t+1)
		}
	}
	// Knowledge by domain (§7.3).
	th := s.w.theta
	F := func(z float64) float64 { return 1 - math.Exp(-th*z) }
	for _, u := range s.units {
		u.know = make([]float64, s.w.domains)
		z := u.role.knowledge
		for d := range u.know {
			if u.role.spread > 0 && z > 0 && !math.IsInf(z, 1) {
				sh := F(z) + u.role.spread*s.r.NormFloat64()
				sh = math.Min(math.Max(sh, 0.001), 0.999)
				u.know[d] = difficultyQuantile(sh, th)
			} else {
				u.know[d] = z
			}
		}
	}
}

func (s *sim) schedule(e *event) {
	s.seq++
	e.seq = s.seq
	heap.Push(&s.ag, e)
}

func (s *sim) hop() float64 { return s.o.hop.draw(s.r) }

// arrive makes a new issue at team t (§7.2) and schedules the next.
func (s *sim) arrive(t int) {
	w := s.w
	iss := &issue{origin: t, arrival: s.now, scope: []int{t}}
	iss.z = -math.Log(1-s.r.Float64()) / w.theta
	if s.r.Float64() < w.crossTeam {
		k := w.scopeMin + int(s.r.Float64()*float64(w.scopeMax-w.scopeMin+1))
		nb := s.neighbours(t, w.radius)
		k = min(k, 1+len(nb))
		perm := s.r.Perm(len(nb))
		for i := 0; i < k-1; i++ {
			iss.scope = append(iss.scope, nb[perm[i]])
		}
	}
	iss.v = w.value.draw(s.r)
	iss.good = s.r.Float64() < w.goodShare
	iss.domain = int(s.r.Float64() * float64(w.domains))
	s.all = append(s.all, iss)
	s.join(t, &task{iss: iss})
	if next := s.now + s.r.ExpFloat64()/w.rate; next < w.horizon {
		s.schedule(&event{t: next, kind: evArrival, unit: t})
	}
}

// join puts a task at the back of unit u's queue and starts service when
// the server is free.
func (s *sim) join(u int, tk *task) {
	if tk.fork == nil {
		tk.iss.queuedAt = s.now
	}
	s.units[u].queue = append(s.units[u].queue, tk)
	s.startNext(u)
}

func (s *sim) startNext(ui int) {
	u := s.units[ui]
	if u.busy || len(u.queue) == 0 {
		return
	}
	tk := u.queue[0]
	u.queue = u.queue[1:]
	u.busy = true
	h := u.role.decision.draw(s.r)
	el := h / u.role.timeShare // s_u = a·ν·f_form, all other factors 1
	if tk.fork == nil {
		tk.iss.wait += s.now - tk.iss.queuedAt
	}
	s.schedule(&event{t: s.now + el, kind: evServiceDone, unit: ui, tk: tk, elaps: el})
}

// judge is §7.7 for a symmetric unit: whether the judgement is right and
// the confidence p the judge states.
func (s *sim) judge(u *unit, iss *issue, hops int) (bool, float64) {
	G := 0.5
	if iss.z <= u.know[iss.domain] {
		G = 0.5 + (u.role.accuracy-0.5)*math.Pow(s.o.fidelity, float64(hops))
	}
	return s.r.Float64() < G, G
}

// inReach: u covers every team of the scope.
func (u *unit) inReach(iss *issue) bool {
	for _, t := range iss.scope {
		if t < u.lo || t >= u.hi {
			return false
		}
	}
	return true
}

// route applies the routing rule (§7.5) at unit ui after serving iss.
func (s *sim) route(ui int, iss *issue) {
	u := s.units[ui]
	o := s.o
	k := u.know[iss.domain]
	reach := u.inReach(iss)
	consultable := o.consult && len(iss.scope) > 1 && len(iss.scope) <= o.kMax && u.isTeam && u.team == iss.origin
	// 1. Boundary.
	if iss.v > u.role.authority || (!reach && !consultable) || (u.isTeam && iss.z > o.maxDifficulty) {
		if u.parent >= 0 {
			s.escalate(ui, iss)
		} else {
			s.decide(ui, iss)
		}
		return
	}
	// 2. Beyond knowledge: ask; consult.
	beyond := iss.z > k
	canAsk := len(u.peers) > 0 || (o.directory && u.isTeam && o.adviceRadius > 0 && s.nT > 1)
	ask := beyond && o.advice > 0 && canAsk
	cons := consultable && !reach
	if ask || cons {
		s.fork(ui, iss, ask, cons)
		return
	}
	// 3. Decide within knowledge, or at the top.
	if !beyond || u.parent < 0 {
		s.decide(ui, iss)
		return
	}
	// 4. Escalate.
	s.escalate(ui, iss)
}

func (s *sim) escalate(ui int, iss *issue) {
	p := s.units[ui].parent
	iss.hops++
	iss.escal++
	iss.msgs++
	d := s.hop()
	iss.comm += d
	s.schedule(&event{t: s.now + d, kind: evHopArrival, unit: p, tk: &task{iss: iss}})
}

// decide judges at the issue's hops and sends the decision back: h_j hops
// of pure delay (§7.8).
func (s *sim) decide(ui int, iss *issue) {
	right, _ := s.judge(s.units[ui], iss, iss.hops)
	s.deliver(ui, iss, right)
}

func (s *sim) deliver(ui int, iss *issue, right bool) {
	iss.correct = right
	iss.tier = s.units[ui].tier()
	back := 0.0
	for i := 0; i < iss.hops; i++ {
		back += s.hop()
		iss.msgs++
	}
	iss.comm += back
	if back == 0 {
		s.finish(iss)
		return
	}
	s.schedule(&event{t: s.now + back, kind: evDelivery, iss: iss})
}

// finish delivers a decision at the issue's origin: its latency ends.
func (s *sim) finish(iss *issue) {
	iss.done = true
	iss.delivered = s.now
}

// advisors picks the m advisors of team u by directory, or its first m
// peer links (§7.6).
func (s *sim) advisors(ui int, iss *issue) []int {
	u := s.units[ui]
	m := s.o.advice
	if !s.o.directory {
		return u.peers[:min(m, len(u.peers))]
	}
	cand := append([]int(nil), u.peers...)
	if u.isTeam {
		for _, t := range s.neighbours(u.team, s.o.adviceRadius) {
			dup := false
			for _, c := range cand {
				dup = dup || c == t
			}
			if !dup {
				cand = append(cand, t)
			}
		}
	}
	type scored struct {
		v     int
		score float64
		dist  int
	}
	var sc []scored
	d := iss.domain
	for _, v := range cand {
		cu := s.units[v]
		var belief float64
		if s.known[[3]int{ui, v, d}] {
			belief = cu.know[d]
		} else {
			sum := 0.0
			for _, k := range cu.know {
				sum += k
			}
			belief = sum / float64(len(cu.know))
		}
		dist := 1
		if u.isTeam && cu.isTeam {
			dist = s.teamDistance(u.team, cu.team)
		}
		sc = append(sc, scored{v: v, score: belief - s.o.hopCost*float64(dist), dist: dist})
	}
	sort.SliceStable(sc, func(i, j int) bool {
		if sc[i].score != sc[j].score {
			return sc[i].score > sc[j].score
		}
		if sc[i].dist != sc[j].dist {
			return sc[i].dist < sc[j].dist
		}
		return sc[i].v < sc[j].v
	})
	var out []int
	for i := 0; i < m && i < len(sc); i++ {
		out = append(out, sc[i].v)
	}
	return out
}

// fork sends advice and consultation requests (§7.6).
func (s *sim) fork(ui int, iss *issue, ask, cons bool) {
	f := &fork{iss: iss, asker: ui, start: s.now}
	right, p := s.judge(s.units[ui], iss, iss.hops)
	f.ownRight = right
	f.sum += vote(right, p)
	var targets []int
	if ask {
		targets = append(targets, s.advisors(ui, iss)...)
	}
	if cons {
		for _, t := range iss.scope {
			if t == ui {
				continue
			}
			dup := false
			for _, x := range targets {
				dup = dup || x == t
			}
			if !dup {
				targets = append(targets, t)
			}
		}
	}
	f.pending = len(targets)
	if f.pending == 0 {
		s.joinFork(f)
		return
	}
	for _, t := range targets {
		iss.msgs++
		s.schedule(&event{t: s.now + s.hop(), kind: evHopArrival, unit: t, tk: &task{iss: iss, fork: f}})
	}
	s.schedule(&event{t: s.now + s.o.adviceTimeout, kind: evTimeout, f: f})
}

// vote is a judgement's weighted vote: ± ln(p/(1−p)), p clipped.
func vote(right bool, p float64) float64 {
	p = math.Min(math.Max(p, 1e-4), 1-1e-4)
	w := math.Log(p / (1 - p))
	if right {
		return w
	}
	return -w
}

// joinFork decides a fork by the weighted majority (§7.6).
func (s *sim) joinFork(f *fork) {
	if f.joined {
		return
	}
	f.joined = true
	iss := f.iss
	iss.comm += s.now - f.start
	var right bool
	switch {
	case f.sum > 0:
		right = true
	case f.sum < 0:
		right = false
	case len(f.replies) > 0:
		best := 0
		for i, r := range f.replies {
			if r.p > f.replies[best].p {
				best = i
			}
		}
		right = f.replies[best].right
	default:
		right = f.ownRight
	}
	s.deliver(f.asker, iss, right)
}

// run simulates one organisation for one replication.
func runOnce(w workSpec, o orgSpec, seed1, seed2 uint64) runStats {
	s := &sim{w: w, o: o, r: rand.New(rand.NewPCG(seed1, seed2)), known: map[[3]int]bool{}}
	s.build()
	if o.directory {
		for _, u := range s.units {
			if !u.isTeam {
				continue
			}
			cands := append(append([]int(nil), u.peers...), s.neighbours(u.team, o.adviceRadius)...)
			for _, v := range cands {
				for d := 0; d < w.domains; d++ {
					key := [3]int{u.index, v, d}
					if _, ok := s.known[key]; !ok {
						s.known[key] = s.r.Float64() < o.dirAccuracy
					}
				}
			}
		}
	}
	for t := 0; t < w.teams; t++ {
		s.schedule(&event{t: s.r.ExpFloat64() / w.rate, kind: evArrival, unit: t})
	}
	end := w.horizon + w.drain
	for s.ag.Len() > 0 {
		e := heap.Pop(&s.ag).(*event)
		if e.t > end {
			break
		}
		s.now = e.t
		switch e.kind {
		case evArrival:
			if s.now < w.horizon {
				s.arrive(e.unit)
			}
		case evServiceDone:
			u := s.units[e.unit]
			u.busy = false
			tk := e.tk
			if tk.fork == nil {
				tk.iss.service += e.elaps
				s.route(e.unit, tk.iss)
			} else {
				// A request served: its reply hops back to the asker.
				tk.iss.msgs++
				s.schedule(&event{t: s.now + s.hop(), kind: evReply, f: tk.fork, from: e.unit})
			}
			s.startNext(e.unit)
		case evHopArrival:
			s.join(e.unit, e.tk)
		case evReply:
			f := e.f
			if f.joined {
				break
			}
			right, p := s.judge(s.units[e.from], f.iss, 1)
			f.sum += vote(right, p)
			f.replies = append(f.replies, reply{p: p, right: right})
			f.pending--
			if f.pending == 0 {
				s.joinFork(f)
			}
		case evTimeout:
			s.joinFork(e.f)
		case evDelivery:
			s.finish(e.iss)
		}
	}
	// Metrics over measured issues (§7.20).
	var st runStats
	var lat, wait, serv, comm float64
	var escalated, correct int
	var tiers [3]int
	msgs := 0
	for _, iss := range s.all {
		msgs += iss.msgs
		if iss.arrival < w.warmUp || iss.arrival > w.horizon {
			continue
		}
		st.measured++
		var l float64
		if iss.done {
			l = iss.delivered - iss.arrival
			st.decided++
			if iss.correct {
				correct++
			}
			tiers[iss.tier]++
		} else {
			l = end - iss.arrival
			st.censored++
		}
		if iss.escal > 0 {
			escalated++
		}
		lat += l
		wait += iss.wait
		serv += iss.service
		comm += iss.comm
	}
	n := float64(st.measured)
	st.latencyMean = lat / n
	st.waitMean = wait / n
	st.serviceMean = serv / n
	st.commMean = comm / n
	st.escalation = float64(escalated) / n
	st.accuracy = float64(correct) / float64(st.decided)
	st.shareTeam = float64(tiers[0]) / float64(st.decided)
	st.shareMiddle = float64(tiers[1]) / float64(st.decided)
	st.shareTop = float64(tiers[2]) / float64(st.decided)
	st.issuesInRun = len(s.all)
	st.msgsPerIssue = float64(msgs) / float64(len(s.all))
	return st
}
