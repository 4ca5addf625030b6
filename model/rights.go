package model

import (
	"fmt"
	"math"
)

// Succession, deputies, deadlines and delegation: the rules that move
// decision rights while an organisation is under stress. Each changes the
// unit's knowledge and authority state (engine.go) or where work queues;
// none is free, and each says what it costs.

// How an issue came to be decided, beyond the routing rule.
const (
	howRouted uint8 = iota // by the routing rule
	howForced              // by the unit holding it at its deadline
	howIntent              // by its team, on intent, after being returned at its deadline
)

// loseLeader takes the leader of unit u away for disruption i (a leader
// loss, or a leader leaving by attrition) and schedules its succession by
// the disruption's policy: an interim after the vacancy and a successor
// later (interim), or a successor after the vacancy (freeze, skip-level,
// deputy). The phases carry the unit, so several posts of one attrition
// can be in succession at once.
func (r *Runner) loseLeader(i int, u int32) {
	d := &r.dis[i].d
	now := r.s.Now()
	r.dis[i].struck = append(r.dis[i].struck, u)
	r.vacate(u, d.Policy == SkipLevel)
	us, uc := &r.units[u], &r.cold[u]
	// This succession replaces any still under way at the post: the phases
	// of an earlier one find it is no longer theirs (see current).
	uc.succDis, uc.succAt = int32(i), now
	switch d.Policy {
	case Interim:
		uc.status, uc.until = StatusVacant, now+d.Vacancy
		r.s.At(now+d.Vacancy, evDisrupt, int32(i), phaseInterim, u)
		r.s.At(now+max(d.Successor, d.Vacancy), evDisrupt, int32(i), phaseSuccessor, u)
	case SkipLevel:
		uc.status, uc.until = StatusSkipLevel, now+d.Vacancy
		r.s.At(now+d.Vacancy, evDisrupt, int32(i), phaseSuccessor, u)
	case Deputy:
		dep, err := r.o.deputyOf(u, d.Deputy)
		if err != nil {
			r.stopErr = err
			r.s.Stop()
			return
		}
		uc.status, uc.until = StatusDeputy, now+d.Vacancy
		us.deputy, uc.depShare = dep, d.DeputyShare
		r.coverByDeputy(u)
		r.s.At(now+d.Vacancy, evDisrupt, int32(i), phaseSuccessor, u)
	default:
		uc.status, uc.until = StatusVacant, now+d.Vacancy
		r.s.At(now+d.Vacancy, evDisrupt, int32(i), phaseSuccessor, u)
	}
}

// current reports whether a phase of disruption i, due `after` hours after
// its loss, belongs to the succession now under way at post u: a later loss
// of the same post starts a succession of its own and the earlier one's
// phases lapse.
func (r *Runner) current(i int, u int32, after float64) bool {
	uc := &r.cold[u]
	return uc.succDis == int32(i) && uc.succAt+after == r.s.Now()
}

// knowledgeStart returns the share of a lost leader's knowledge its
// interim and successor start with (KnowledgeStart, 0 taken as 1).
func knowledgeStart(d *Disruption) float64 {
	if d.KnowledgeStart <= 0 {
		return 1
	}
	return d.KnowledgeStart
}

// interim puts disruption i's interim into the vacant post u: it works at
// InterimFactor of the leader's rate and knows KnowledgeStart of what the
// leader knew.
func (r *Runner) interim(i int, u int32) {
	d := &r.dis[i].d
	us, uc := &r.units[u], &r.cold[u]
	if !r.current(i, u, d.Vacancy) {
		return
	}
	us.down, us.redirect = false, false
	r.setCapacity(u, float64(us.servers))
	us.factor = d.InterimFactor
	r.setKnFactor(u, knowledgeStart(d))
	uc.status = StatusInterim
	uc.until = r.s.Now() - d.Vacancy + max(d.Successor, d.Vacancy)
	r.startService(u)
}

// successor puts disruption i's permanent successor into post u: it starts
// at RampStart of the leader's rate and KnowledgeStart of its knowledge and
// ramps up to both with the e-folding time RampTau.
func (r *Runner) successor(i int, u int32) {
	d := &r.dis[i].d
	now := r.s.Now()
	us, uc := &r.units[u], &r.cold[u]
	due := d.Vacancy
	if d.Policy == Interim {
		due = max(d.Successor, d.Vacancy)
	}
	if !r.current(i, u, due) {
		return
	}
	us.down, us.redirect = false, false
	us.deputy = -1
	r.setCapacity(u, float64(us.servers))
	us.factor = 1
	us.rampT0, uc.rampF0, uc.rampTau = now, d.RampStart, d.RampTau
	if d.RampTau <= 0 {
		us.rampT0 = math.NaN()
	}
	r.setKnFactor(u, 1)
	r.succeed(u, d.SuccessorFrom, d.SuccessorPractice)
	if k0 := knowledgeStart(d); k0 < 1 && d.RampTau > 0 {
		uc.knT0, uc.knK0, uc.knTau = now, k0, d.RampTau
		r.setKnDyn(u)
	}
	uc.status, uc.until = StatusNormal, math.NaN()
	if !math.IsNaN(us.rampT0) && d.RampStart < 1 {
		// Ramping until the gap is under 5 %: t0 + τ·ln((1−f0)/0.05).
		uc.status = StatusRamping
		uc.until = now + d.RampTau*math.Log(max((1-d.RampStart)/0.05, 1))
	}
	r.startService(u)
}

// knFactorAt returns the share of unit u's knowledge in force now: a
// successor learning back along its ramp, times, for a team missing
// members (or with newcomers still ramping up), 1 − Tacit·m/n. It clears
// the unit's dynamic flag once neither applies.
func (r *Runner) knFactorAt(u int32) float64 {
	us, uc := &r.units[u], &r.cold[u]
	now := r.s.Now()
	f := r.knFactor[u]
	active := false
	if !math.IsNaN(uc.knT0) {
		g := (1 - uc.knK0) * math.Exp(-(now-uc.knT0)/uc.knTau)
		if g < 1e-4 {
			uc.knT0 = math.NaN()
		} else {
			f *= 1 - g
			active = true
		}
	}
	if r.o.tacit > 0 && r.learn == nil && int(u) < r.cfg.Work.Teams {
		missing := float64(uc.full - us.present)
		for _, t0 := range uc.newcomers {
			missing += (1 - uc.newF0) * math.Exp(-(now-t0)/uc.newTau)
		}
		if missing > 0 {
			f *= 1 - r.o.tacit*missing/float64(uc.full)
			active = true
		}
	}
	if !active && r.knDyn[u] {
		r.knDyn[u] = false
		r.refreshKn(u)
	}
	return f
}

// deputyOf resolves the deputy named for vacant post u: a unit id, or
// "peer": the least loaded fellow leader under the same unit above, or, for
// a post with none above, the least loaded leader reporting to it (by
// baseline offered load; ties to the lower index).
func (o *org) deputyOf(u int32, name string) (int32, error) {
	if name == "peer" && o.load == nil {
		return -1, fmt.Errorf("model: deputy loads not computed")
	}
	if name != "peer" {
		v, ok := o.byID[name]
		if !ok {
			return -1, fmt.Errorf("deputy %q names no unit of organisation %q (allowed: peer or a unit id%s)", name, o.name, suggest(name, o.byID))
		}
		if v == u {
			return -1, fmt.Errorf("deputy %q is the vacant post itself (allowed: peer or another unit's id)", name)
		}
		return v, nil
	}
	best := int32(-1)
	for v := range o.units {
		un := &o.units[v]
		if int32(v) == u || un.role == RoleTeam {
			continue
		}
		p := o.units[u].parent
		if p >= 0 && un.parent != p || p < 0 && un.parent != u {
			continue
		}
		if best < 0 || o.load[v] < o.load[best] {
			best = int32(v)
		}
	}
	if best < 0 {
		return -1, fmt.Errorf("deputy \"peer\": unit %s of organisation %q has no fellow leader to act up (allowed: a unit id)", o.units[u].id, o.name)
	}
	return best, nil
}

// deputises reports whether main task t arriving at vacant post u goes to
// its deputy: a keyed draw per issue and post below the deputy's share.
func (r *Runner) deputises(u, t int32) bool {
	us, uc := &r.units[u], &r.cold[u]
	if us.deputy < 0 || r.isRequest(t) || r.tasks[t].actFor >= 0 {
		return false
	}
	is := &r.issues[r.tasks[t].issue]
	if is.flags&flagTraffic != 0 {
		return false // a message waits for the post to be filled
	}
	return uc.depShare >= 1 || r.pre[purposeDeputy].Uniform(is.key, uint64(u)) < uc.depShare
}

// toDeputy sends main task t from vacant post u to its deputy, which acts
// for the post: with the post's reach and authority, at its own knowledge
// and with its own time.
func (r *Runner) toDeputy(u, t int32) {
	r.tasks[t].actFor = u
	r.hopTo(r.units[u].deputy, t, false)
}

// coverByDeputy hands the deputy its share of the work queued at vacant
// post u, in order; the rest stays for the successor.
func (r *Runner) coverByDeputy(u int32) {
	us := &r.units[u]
	now := r.s.Now()
	n := us.queue.n
	for j := int32(0); j < n; j++ {
		t := us.queue.popFront(r.tasks)
		if r.deputises(u, t) {
			r.tasks[t].waiting = false
			r.issues[r.tasks[t].issue].wait += now - r.tasks[t].enq
			r.toDeputy(u, t)
			continue
		}
		us.queue.pushBack(r.tasks, t)
	}
}

// ---- deadlines ----

// deadlineOn reports whether the organisation gives escalated issues a
// deadline.
func (o *org) deadlineOn() bool {
	return o.routing.Deadline > 0 && !math.IsInf(o.routing.Deadline, 1)
}

// queuedAbove is called when main task t of issue slot has joined the
// queue of unit u above its team: the deadline's timer starts with the
// first such queue, and an issue already past its deadline is acted on at
// once. It reports whether the task left the queue.
func (r *Runner) queuedAbove(u, t, slot int32) bool {
	is := &r.issues[slot]
	if is.overdue {
		r.deadlineAct(u, t)
		return true
	}
	if !is.timed {
		is.timed = true
		at := is.arrival + r.o.routing.Deadline
		if at <= r.s.Now() {
			is.overdue = true
			r.deadlineAct(u, t)
			return true
		}
		r.s.At(at, evDeadline, slot, is.serial, 0)
	}
	return false
}

// deadline: issue slot's deadline has come. If it waits in a queue above
// its team, its holder acts now; otherwise when it next joins one.
func (r *Runner) deadline(slot, serial int32) {
	is := &r.issues[slot]
	if !is.inUse || is.serial != serial || is.task < 0 || is.how != howRouted {
		return
	}
	is.overdue = true
	tk := &r.tasks[is.task]
	if tk.waiting && r.o.fast[tk.unit].role != RoleTeam {
		r.deadlineAct(tk.unit, is.task)
		r.startService(tk.unit)
	}
}

// deadlineAct takes main task t out of unit u's queue at its deadline and
// applies the organisation's OnDeadline: a forced decision at the head of
// u's queue taking DeadlineEffort of a normal hands-on time, or the issue
// sent back down to its team to be decided on intent.
func (r *Runner) deadlineAct(u, t int32) {
	tk := &r.tasks[t]
	is := &r.issues[tk.issue]
	us := &r.units[u]
	now := r.s.Now()
	r.touch(u)
	us.queue.remove(r.tasks, t)
	tk.waiting = false
	is.wait += now - tk.enq
	if r.o.routing.OnDeadline == DeadlineDecide {
		is.how = howForced
		tk.work = r.handsOn(u, tk, is) * r.o.routing.DeadlineEffort
		tk.enq = now
		tk.waiting = true
		us.queue.pushFront(r.tasks, t)
		return
	}
	is.how = howIntent
	tk.work, tk.actFor = -1, -1
	var d float64
	for k := int16(0); k < is.hops; k++ {
		d += r.hopDelay(is)
	}
	is.messages += int32(is.hops)
	is.comm += d
	is.hops = 0
	if d == 0 {
		r.enqueue(is.origin, t)
		return
	}
	r.s.After(d, evHopArrive, is.origin, t, 0)
}

// decideOnIntent: the issue's team decides it after it was returned at its
// deadline; where the issue is beyond its knowledge the leader's intent
// makes it right with probability 0.5 + ι·(π − 0.5).
func (r *Runner) decideOnIntent(u, slot int32) {
	is := &r.issues[slot]
	know := r.knowledge(u, is.domain)
	if is.z <= know {
		ok, _ := r.judge(is, u, 0)
		r.finish(slot, u, ok, false)
		return
	}
	p := 0.5 + r.o.routing.Intent*(r.o.units[u].p.Accuracy-0.5)
	is.draws++
	ok := r.pre[purposeJudge].Uniform(is.key, uint64(is.draws)) < p
	r.finish(slot, u, ok, r.o.routing.Intent == 0)
}

// ---- delegation under overload ----

// delegation is a leader's delegation state.
type delegation struct {
	on    bool
	since float64
	hist  []float64 // busy-area samples on the metrics grid, newest last
	dz    []float64 // per unit below: the difficulty added to its cap
	da    []float64 // per unit below: the value added to its authority
}

// checkDelegation runs on the metrics grid: a leader whose utilisation over
// the window reached DelegateAbove delegates to the units reporting to it;
// one that has delegated for at least DelegateFor and whose utilisation fell
// to DelegateBelow takes the rights back.
func (r *Runner) checkDelegation() {
	rt := &r.o.routing
	now := r.s.Now()
	step := r.cfg.Metrics.Window / 4
	keep := int(math.Ceil(rt.DelegateWindow/step)) + 1
	for _, l := range r.o.leaders {
		dl := &r.deleg[l]
		r.touch(l)
		dl.hist = append(dl.hist, r.units[l].busyArea)
		if len(dl.hist) > keep {
			dl.hist = dl.hist[1:]
		}
		if len(dl.hist) < keep {
			continue
		}
		span := float64(keep-1) * step
		util := (dl.hist[len(dl.hist)-1] - dl.hist[0]) / (float64(r.o.units[l].servers) * span)
		switch {
		case !dl.on && util >= rt.DelegateAbove:
			r.delegate(l, true)
		case dl.on && now-dl.since >= rt.DelegateFor && util <= rt.DelegateBelow:
			r.delegate(l, false)
		}
	}
}

// delegate gives (on) or takes back the rights of the units reporting to
// leader l: their decision cap rises by DelegateDifficulty of the
// difficulty distribution beyond their knowledge, and their authority by
// DelegateAuthority of the value distribution.
func (r *Runner) delegate(l int32, on bool) {
	rt := &r.o.routing
	dl := &r.deleg[l]
	now := r.s.Now()
	kids := r.o.children[l]
	if on {
		dl.on, dl.since = true, now
		r.delegations++
		dl.dz = dl.dz[:0]
		dl.da = dl.da[:0]
		for _, c := range kids {
			z := r.o.units[c].p.Knowledge
			dz := 0.0
			if !math.IsInf(z, 1) && rt.DelegateDifficulty > 0 {
				share := min(-math.Expm1(-r.cfg.Work.Theta*z)+rt.DelegateDifficulty, 0.9999)
				dz = -math.Log1p(-share)/r.cfg.Work.Theta - z
			}
			da := 0.0
			rc := r.rights[int(c)*r.rs:]
			if a := rc[rAuth]; !math.IsInf(a, 1) && rt.DelegateAuthority > 0 {
				da = r.cfg.Work.Value.Quantile(min(r.cfg.Work.Value.CDF(a)+rt.DelegateAuthority, 0.9999)) - a
			}
			rc[rCapExtra] += dz
			rc[rAuth] += da
			dl.dz = append(dl.dz, dz)
			dl.da = append(dl.da, da)
		}
		return
	}
	for k, c := range kids {
		rc := r.rights[int(c)*r.rs:]
		rc[rCapExtra] -= dl.dz[k]
		rc[rAuth] -= dl.da[k]
	}
	dl.on = false
	r.delegatedHours += now - dl.since
}
