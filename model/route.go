package model

import "math"

// action is what a unit does with an issue after examining it.
type action uint8

const (
	actDecide   action = iota // decide here
	actEscalate               // pass it to the unit above
	actFork                   // ask peers for advice and/or consult affected teams, then decide here
)

// choice is the outcome of the routing rule at one unit.
type choice struct {
	act     action
	advice  bool // the fork asks for advice
	consult bool // the fork consults affected teams
}

// rule applies the one routing rule (see the package documentation) at unit
// u to an issue of difficulty z, value v and scope teams scope (scope[0] is
// the origin), given u's knowledge in the issue's domain, the largest value
// it may decide and the difficulty up to which it may decide (its
// knowledge, or more where authority was delegated to it). It is a pure
// function of the structure, the unit's state and the issue, shared by the
// engine and the offered-load calculation.
func (o *org) rule(u int32, z, v float64, scope []int32, know, auth, upTo, capZ float64) choice {
	un := &o.fast[u]
	rt := &o.routing
	inReach := true
	for _, t := range scope {
		if !o.covers(u, t) {
			inReach = false
			break
		}
	}
	consultable := rt.Consult && len(scope) > 1 && len(scope) <= rt.KMax && u == scope[0]
	boundary := v > auth || z > capZ ||
		(!inReach && !consultable) ||
		(un.role == RoleTeam && z > rt.MaxDifficulty)
	if boundary {
		if un.parent >= 0 {
			return choice{act: actEscalate}
		}
		return choice{act: actDecide}
	}
	beyond := z > know
	advice := beyond && (rt.Advice > 0 && un.advisable || rt.AdviseUp && un.role == RoleTeam && un.parent >= 0)
	consult := consultable && !inReach
	if advice || consult {
		return choice{act: actFork, advice: advice, consult: consult}
	}
	if !beyond || z <= upTo || un.parent < 0 {
		return choice{act: actDecide}
	}
	return choice{act: actEscalate}
}

// judgement returns the probabilities that unit u, whose knowledge in the
// issue's domain is know, accepts a good and a bad issue of difficulty z
// from hops hops away: within its knowledge its screening probabilities
// faded towards a coin by fidelity^hops (so distance never makes a
// judgement worse than a coin), and 0.5 beyond it. For a symmetric unit
// P(correct) = 0.5 + (π − 0.5)·fidelity^hops either way.
func (o *org) judgement(u int32, z, know float64, hops int) (good, bad float64) {
	if z > know {
		return 0.5, 0.5
	}
	un := &o.fast[u]
	f := o.fade(hops)
	if un.symmetric {
		p := 0.5 + (un.accuracy-0.5)*f
		return p, 1 - p
	}
	g, b := un.good, un.bad
	return 0.5 + (g-0.5)*f, 0.5 + (b-0.5)*f
}

// fade returns fidelity^hops.
func (o *org) fade(hops int) float64 {
	if hops < len(o.fidelity) {
		return o.fidelity[hops]
	}
	return math.Pow(o.routing.Fidelity, float64(hops))
}

// judge draws whether unit u's judgement of the issue is correct, and
// returns the probability p of a correct judgement that weighs it in a vote
// (for an asymmetric judge the mean over the two labels).
func (r *Runner) judge(is *issue, u int32, hops int) (ok bool, p float64) {
	return r.judgeKnowing(is, u, hops, r.knowledge(u, is.domain))
}

// judgeKnowing is judge given u's knowledge in the issue's domain now.
func (r *Runner) judgeKnowing(is *issue, u int32, hops int, know float64) (ok bool, p float64) {
	var g, b float64
	if r.learn != nil && r.o.fast[u].symmetric {
		// Practice moves the unit's accuracy towards the plateau.
		g, b = 0.5, 0.5
		if is.z <= know {
			g = 0.5 + (r.learnedAccuracy(u, is.domain)-0.5)*r.o.fade(hops)
			b = 1 - g
		}
	} else {
		g, b = r.o.judgement(u, is.z, know, hops)
	}
	is.draws++
	x := r.pre[purposeJudge].Uniform(is.key, uint64(is.draws))
	if r.o.fast[u].symmetric || g == 0.5 && b == 0.5 {
		return x < g, g
	}
	if is.flags&flagGood != 0 {
		return x < g, (g + 1 - b) / 2
	}
	return x < 1-b, (g + 1 - b) / 2
}

// route applies the routing rule to issue slot after its service at unit u.
// A forced decision and a return on intent (deadlines) are decided where
// they are; a deputy routes an issue it took for a vacant post as that
// post, with its own knowledge.
func (r *Runner) route(u, slot int32) {
	is := &r.issues[slot]
	if is.flags&flagTraffic != 0 {
		r.forward(u, slot)
		return
	}
	switch is.how {
	case howForced:
		ok, _ := r.judge(is, u, int(is.hops))
		r.finish(slot, u, ok, is.z > r.knowledge(u, is.domain))
		return
	case howIntent:
		r.decideOnIntent(u, slot)
		return
	}
	pos := u
	if a := r.tasks[is.task].actFor; a >= 0 {
		pos = a
	}
	know := r.knowledge(u, is.domain)
	rp := r.rights[int(pos)*r.rs:]
	c := r.o.rule(pos, is.z, is.value, r.scope(slot), know, rp[rAuth], know+rp[rCapExtra], r.difficultyCap(pos, is.domain))
	rt := &r.o.routing
	approving := rt.Approval != ApprovalOff && is.value > rt.ApprovalAbove
	switch c.act {
	case actEscalate:
		if approving {
			// A serial approval chain: every unit passed on the way up
			// judges the issue; "all" stops at the first rejection, "any"
			// at the first acceptance.
			ok, _ := r.judge(is, u, int(is.hops))
			accept := ok == (is.flags&flagGood != 0)
			if rt.Approval == ApprovalAll && !accept || rt.Approval == ApprovalAny && accept {
				r.finish(slot, u, ok, false)
				return
			}
		}
		r.tasks[is.task].actFor = -1
		r.hopTo(r.o.fast[pos].parent, is.task, true)
	case actDecide:
		ok, _ := r.judgeKnowing(is, u, int(is.hops), know)
		r.finish(slot, u, ok, is.z > know)
	case actFork:
		r.fork(u, slot, c)
	}
}

// fork sends advice and consultation requests from unit u for issue slot;
// u's server is already free. The issue waits for the last reply or the
// timeout.
func (r *Runner) fork(u, slot int32, c choice) {
	is := &r.issues[slot]
	r.forkID++
	is.fork = r.forkID
	ic := &r.icold[slot]
	ic.forkStart = r.s.Now()
	ic.votes, ic.bestP, is.bestOK = 0, 0, false
	ok, p := r.judge(is, u, int(is.hops))
	is.ownOK = ok
	ic.votes = logOdds(p) * sign(ok)
	targets := r.scratch[:0]
	if c.advice {
		is.flags |= flagAdvice
		if r.o.routing.Advice > 0 {
			if r.o.routing.AdviceBy == ByDirectory {
				targets = r.advisors(u, is, targets)
			} else {
				for _, peer := range r.o.units[u].peers {
					if len(targets) == r.o.routing.Advice {
						break
					}
					targets = append(targets, peer)
				}
			}
		}
		if p := r.o.units[u].parent; r.o.routing.AdviseUp && p >= 0 && r.o.units[u].role == RoleTeam && !contains(targets, p) {
			targets = append(targets, p)
		}
	}
	if c.consult {
		is.flags |= flagConsult
		for _, t := range r.scope(slot)[1:] {
			if t != u && !contains(targets, t) {
				targets = append(targets, t)
			}
		}
	}
	r.scratch = targets
	is.pending = int16(len(targets))
	is.forks++
	for i, target := range targets {
		tk := r.newTask(slot, u, is.fork)
		r.tasks[tk].key = is.key
		r.tasks[tk].salt = 1<<31 | uint32(is.forks)<<8 | uint32(i)
		r.hop(target, tk, evHopArrive)
	}
	if is.pending > 0 { // replies may have come back inline
		r.setTimeout(slot, is.fork)
	} else if is.fork != 0 {
		r.join(slot)
	}
}

// advisors appends to dst the units asker a asks about issue is under
// ByDirectory: among its peer links and the teams within the advice
// radius, the routing.advice with the highest score — believed knowledge in
// the issue's domain less the hop cost per unit of distance — ties going to
// the nearer, then the lower index. Each belief is the candidate's knowledge
// with probability DirectoryAccuracy (a keyed draw per asker, candidate and
// domain, the same all run), else its mean knowledge over the domains.
func (r *Runner) advisors(a int32, is *issue, dst []int32) []int32 {
	o := r.o
	rt := &o.routing
	cands := append(r.cands[:0], o.units[a].peers...)
	if int(a) < r.cfg.Work.Teams && rt.AdviceRadius > 0 {
		r.nbuf = r.cfg.Work.neighbours(int(a), rt.AdviceRadius, r.nbuf)
		for _, v := range r.nbuf {
			if !contains(cands, v) {
				cands = append(cands, v)
			}
		}
	}
	r.cands = cands
	sc := r.candSc[:0]
	dir := r.pre[purposeDirectory]
	for _, v := range cands {
		b := r.knMean[v] * r.knFactor[v]
		if math.IsInf(b, 1) && r.knFactor[v] < 1 {
			b = r.scaleKnowledge(v, is.domain, r.knMean[v], r.knFactor[v])
		}
		if rt.DirectoryAccuracy >= 1 || dir.Uniform(uint64(a)<<32|uint64(v), uint64(is.domain)) < rt.DirectoryAccuracy {
			b = r.knowledge(v, is.domain)
		}
		sc = append(sc, b-rt.HopCost*float64(r.distance(a, v)))
	}
	r.candSc = sc
	// Partial selection: the best m, in order.
	for k := 0; k < len(cands) && k < rt.Advice; k++ {
		best := k
		for j := k + 1; j < len(cands); j++ {
			if r.better(a, cands[j], sc[j], cands[best], sc[best]) {
				best = j
			}
		}
		cands[k], cands[best] = cands[best], cands[k]
		sc[k], sc[best] = sc[best], sc[k]
		dst = append(dst, cands[k])
	}
	return dst
}

// better orders advice candidates: higher score, then nearer to asker a,
// then the lower index.
func (r *Runner) better(a, v int32, sv float64, w int32, sw float64) bool {
	if sv != sw {
		return sv > sw
	}
	if dv, dw := r.distance(a, v), r.distance(a, w); dv != dw {
		return dv < dw
	}
	return v < w
}

// distance is the locality distance between two teams; a unit that is not
// a team is at distance 1 from everyone.
func (r *Runner) distance(a, b int32) int {
	n := int32(r.cfg.Work.Teams)
	if a >= n || b >= n {
		return 1
	}
	return r.cfg.Work.distance(int(a), int(b))
}

// logOdds is the weight of a judge who is right with probability p.
func logOdds(p float64) float64 {
	p = min(max(p, 1e-4), 1-1e-4)
	return math.Log(p / (1 - p))
}

func sign(ok bool) float64 {
	if ok {
		return 1
	}
	return -1
}

// reply handles the return of request task t to its asker.
func (r *Runner) reply(t int32) {
	tk := r.tasks[t]
	r.freeTask(t)
	is := &r.issues[tk.issue]
	if !is.inUse || is.serial != tk.serial || is.fork != tk.fork || is.pending <= 0 {
		return // late: counted as a message and hours only
	}
	// The advisor judges from one hop away.
	ok, p := r.judge(is, tk.unit, 1)
	ic := &r.icold[tk.issue]
	ic.votes += logOdds(p) * sign(ok)
	if p > ic.bestP {
		ic.bestP, is.bestOK = p, ok
	}
	is.pending--
	if is.pending == 0 {
		r.join(tk.issue)
	}
}

// setTimeout arms the advice timeout of fork on issue slot.
func (r *Runner) setTimeout(slot, fork int32) {
	at := r.s.Now() + r.o.routing.AdviceTimeout
	if r.tqHead == len(r.tq) {
		r.tq, r.tqHead = r.tq[:0], 0
		r.s.At(at, evTimeout, 0, 0, 0)
	}
	if r.tqHead > 1024 && 2*r.tqHead > len(r.tq) {
		n := copy(r.tq, r.tq[r.tqHead:])
		r.tq, r.tqHead = r.tq[:n], 0
	}
	r.tq = append(r.tq, timeoutEntry{at: at, slot: slot, fork: fork})
}

// timeouts fires every advice timeout now due, then schedules the next.
func (r *Runner) timeouts() {
	now := r.s.Now()
	for r.tqHead < len(r.tq) && r.tq[r.tqHead].at <= now {
		e := r.tq[r.tqHead]
		r.tqHead++
		r.timeout(e.slot, e.fork)
	}
	if r.tqHead < len(r.tq) {
		r.s.At(r.tq[r.tqHead].at, evTimeout, 0, 0, 0)
	} else {
		r.tq, r.tqHead = r.tq[:0], 0
	}
}

// timeout ends a fork that is still waiting.
func (r *Runner) timeout(slot, fork int32) {
	is := &r.issues[slot]
	if !is.inUse || is.fork != fork || is.pending <= 0 {
		return
	}
	is.pending = 0
	r.join(slot)
}

// join decides an issue after its fork: the weighted majority of the
// judgements received, the best advisor breaking a tie; no second service.
func (r *Runner) join(slot int32) {
	is := &r.issues[slot]
	asker := r.tasks[is.task].unit
	ic := &r.icold[slot]
	is.comm += r.s.Now() - ic.forkStart
	is.fork = 0
	ok := ic.votes > 0
	if ic.votes == 0 {
		ok = is.ownOK
		if ic.bestP > 0 {
			ok = is.bestOK
		}
	}
	beyond := is.z > r.knowledge(asker, is.domain) && ic.bestP <= 0.5
	r.finish(slot, asker, ok, beyond)
}

// finish records the decision on issue slot at unit u and sends it back to
// the origin, one hop per level, as pure delay.
func (r *Runner) finish(slot, u int32, correct, beyond bool) {
	is := &r.issues[slot]
	is.decider = u
	good := is.flags&flagGood != 0
	if correct {
		is.flags |= flagCorrect
	}
	if correct == good {
		is.flags |= flagAccepted
	}
	if beyond {
		is.flags |= flagBeyond
	}
	r.units[u].decided++
	r.tierDecided[r.o.tierOf(u)]++
	r.learnFrom(u, is.domain, correct)
	var d float64
	for i := int16(0); i < is.hops; i++ {
		d += r.hopDelay(is)
	}
	is.messages += int32(is.hops)
	is.comm += d
	r.freeTask(is.task)
	is.task = -1
	if d == 0 {
		r.deliver(slot)
		return
	}
	r.s.After(d, evDeliver, slot, 0, 0)
}

// deliver: the decision on issue slot reaches its origin team.
func (r *Runner) deliver(slot int32) {
	is := &r.issues[slot]
	r.record(is, r.s.Now()-is.arrival, 0)
	if r.view {
		r.decided = append(r.decided, is.rec)
	}
	is.inUse = false
	r.delivered++
	r.free = append(r.free, slot)
	r.openChange(-1)
}
