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
// the origin). It is a pure function of the structure and the issue, shared
// by the engine and the offered-load calculation.
func (o *org) rule(u int32, z, v float64, scope []int32) choice {
	un := &o.units[u]
	rt := &o.routing
	inReach := true
	for _, t := range scope {
		if !o.covers(u, t) {
			inReach = false
			break
		}
	}
	consultable := rt.Consult && len(scope) > 1 && len(scope) <= rt.KMax && u == scope[0]
	boundary := v > un.p.Authority ||
		(!inReach && !consultable) ||
		(un.role == RoleTeam && z > rt.MaxDifficulty)
	if boundary {
		if un.parent >= 0 {
			return choice{act: actEscalate}
		}
		return choice{act: actDecide}
	}
	beyond := z > un.p.Knowledge
	advice := beyond && rt.Advice > 0 && len(un.peers) > 0
	consult := consultable && !inReach
	if advice || consult {
		return choice{act: actFork, advice: advice, consult: consult}
	}
	if !beyond || un.parent < 0 {
		return choice{act: actDecide}
	}
	return choice{act: actEscalate}
}

// pCorrect is the probability that unit u judges the issue correctly from
// hops hops away: 0.5 + (π − 0.5)·fidelity^hops within its knowledge, so
// distance fades judgement towards a coin and never below it, and 0.5
// beyond its knowledge.
func (o *org) pCorrect(u int32, z float64, hops int) float64 {
	un := &o.units[u]
	if z > un.p.Knowledge {
		return 0.5
	}
	return 0.5 + (un.p.Accuracy-0.5)*o.fade(hops)
}

// fade returns fidelity^hops.
func (o *org) fade(hops int) float64 {
	if hops < len(o.fidelity) {
		return o.fidelity[hops]
	}
	return math.Pow(o.routing.Fidelity, float64(hops))
}

// judge draws whether unit u's judgement of the issue is correct.
func (r *Runner) judge(is *issue, u int32, hops int) (ok bool, p float64) {
	p = r.o.pCorrect(u, is.z, hops)
	is.draws++
	return r.pre[purposeJudge].Uniform(is.key, uint64(is.draws)) < p, p
}

// route applies the routing rule to issue slot after its service at unit u.
func (r *Runner) route(u, slot int32) {
	is := &r.issues[slot]
	c := r.o.rule(u, is.z, is.value, is.scope[:is.k])
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
		r.hopTo(r.o.units[u].parent, is.task, true)
	case actDecide:
		ok, p := r.judge(is, u, int(is.hops))
		r.finish(slot, u, ok, p == 0.5 && is.z > r.o.units[u].p.Knowledge)
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
	is.forkStart = r.s.Now()
	is.votes, is.bestP, is.bestOK = 0, 0, false
	ok, p := r.judge(is, u, int(is.hops))
	is.ownOK = ok
	is.votes = logOdds(p) * sign(ok)
	targets := r.scratch[:0]
	if c.advice {
		is.flags |= flagAdvice
		for _, peer := range r.o.units[u].peers {
			if len(targets) == r.o.routing.Advice {
				break
			}
			targets = append(targets, peer)
		}
	}
	if c.consult {
		is.flags |= flagConsult
		for _, t := range is.scope[1:is.k] {
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
	is.votes += logOdds(p) * sign(ok)
	if p > is.bestP {
		is.bestP, is.bestOK = p, ok
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
	is.comm += r.s.Now() - is.forkStart
	is.fork = 0
	ok := is.votes > 0
	if is.votes == 0 {
		ok = is.ownOK
		if is.bestP > 0 {
			ok = is.bestOK
		}
	}
	beyond := is.z > r.o.units[asker].p.Knowledge && is.bestP <= 0.5
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
	r.decided = append(r.decided, is.rec)
	is.inUse = false
	r.delivered++
	r.free = append(r.free, slot)
	r.openChange(-1)
}
