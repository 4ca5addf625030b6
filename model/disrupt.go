package model

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// resolveSelector returns the unit a leader-loss selector names in this
// organisation, drawing from rng for "random-manager".
func (o *org) resolveSelector(sel string, rng *rand.Rand) (int32, error) {
	switch {
	case sel == "root":
		var tops []int32
		for u := range o.units {
			if o.units[u].parent < 0 && o.units[u].role != RoleTeam {
				tops = append(tops, int32(u))
			}
		}
		if len(tops) != 1 {
			return -1, fmt.Errorf("selector \"root\": organisation %q has %d units without a unit above (other than teams), so no single top leader (use a unit id)", o.name, len(tops))
		}
		return tops[0], nil
	case strings.HasPrefix(sel, "level:"):
		n, err := strconv.Atoi(sel[len("level:"):])
		if err != nil || n < 0 {
			return -1, fmt.Errorf("selector %q: want level:N with N ≥ 0 counted from the top", sel)
		}
		var at []int32
		for u := range o.units {
			if int(o.units[u].depth) == n && o.units[u].role != RoleTeam {
				at = append(at, int32(u))
			}
		}
		if len(at) == 0 {
			return -1, fmt.Errorf("selector %q: organisation %q has no leader at depth %d", sel, o.name, n)
		}
		if rng == nil {
			return at[0], nil
		}
		return at[rng.IntN(len(at))], nil
	case sel == "random-manager":
		var ms []int32
		for u := range o.units {
			if r := o.units[u].role; r == RoleManager || r == RoleCoach {
				ms = append(ms, int32(u))
			}
		}
		if len(ms) == 0 {
			return -1, fmt.Errorf("selector \"random-manager\": organisation %q has no managers or coaches", o.name)
		}
		if rng == nil {
			return ms[0], nil
		}
		return ms[rng.IntN(len(ms))], nil
	}
	u, ok := o.byID[sel]
	if !ok {
		return -1, fmt.Errorf("selector %q names no unit of organisation %q (allowed: root, level:N, random-manager or a unit id%s)", sel, o.name, suggest(sel, o.byID))
	}
	return u, nil
}

// resolveTeam returns the team a member-loss disruption names.
func resolveTeam(sel string, teams int, rng *rand.Rand) (int32, error) {
	if sel == "random-team" || sel == "" {
		if rng == nil {
			return 0, nil
		}
		return int32(rng.IntN(teams)), nil
	}
	if strings.HasPrefix(sel, "t") {
		if n, err := strconv.Atoi(sel[1:]); err == nil && n >= 1 && n <= teams {
			return int32(n - 1), nil
		}
	}
	return -1, fmt.Errorf("team %q: want t1 … t%d or random-team", sel, teams)
}

// disrupt applies phase ph of disruption i.
func (r *Runner) disrupt(i int, ph, arg int32) {
	ds := &r.dis[i]
	d := &ds.d
	now := r.s.Now()
	switch d.Kind {
	case LeaderLoss:
		switch ph {
		case phaseStart:
			u, err := r.o.resolveSelector(d.Selector, r.dRng[i])
			if err != nil {
				r.stopErr = err
				r.s.Stop()
				return
			}
			ds.unit = u
			r.loseLeader(i, u)
		case phaseInterim:
			r.interim(i, arg)
		case phaseSuccessor:
			r.successor(i, arg)
		}
	case MemberLoss:
		switch ph {
		case phaseStart:
			t, err := resolveTeam(d.Team, r.cfg.Work.Teams, r.dRng[i])
			if err != nil {
				r.stopErr = err
				r.s.Stop()
				return
			}
			ds.unit = t
			if r.units[t].present == 0 {
				return // nobody left to lose
			}
			ds.struck = append(ds.struck, t)
			r.loseMember(t, r.leaver(t, r.dRng[i]), d.Realloc)
			ds.active = true
			if d.Until > now {
				r.s.At(d.Until, evDisrupt, int32(i), phaseEnd, 0)
			}
		case phaseEnd:
			if ds.active {
				ds.active = false
				r.gainMember(ds.unit, 1, 0)
			}
		}
	case Attrition:
		switch ph {
		case phaseStart, phaseAttrition:
			// Every member present leaves at rate d.Rate. The candidate
			// losses come at the rate of a full organisation and pick a
			// post uniformly; an empty post (its member already gone and
			// not yet replaced) rejects the candidate, so the losses
			// follow the members actually present (thinning). With
			// Leaders, each leader is a post too; a post whose leader is
			// already being replaced rejects the candidate.
			posts := r.fullMembers()
			leaders := 0
			if d.Leaders {
				leaders = len(r.o.units) - r.cfg.Work.Teams
			}
			if ph == phaseAttrition {
				if leaders > 0 && r.dRng[i].IntN(posts+leaders) < leaders {
					u := int32(r.cfg.Work.Teams + r.dRng[i].IntN(leaders))
					if st, _ := r.statusOf(u); st == StatusNormal || st == StatusRamping || st == StatusDelegating {
						r.loseLeader(i, u)
					}
				} else {
					t := int32(r.dRng[i].IntN(r.cfg.Work.Teams))
					if post := r.dRng[i].IntN(r.cold[t].full); post < r.units[t].present {
						r.dis[i].struck = append(r.dis[i].struck, t)
						r.loseMember(t, post, d.Realloc)
						r.s.At(now+d.Vacancy, evDisrupt, int32(i), phaseReplace, t)
					}
				}
			}
			total := d.Rate * float64(posts+leaders)
			next := now + r.dRng[i].ExpFloat64()/total
			until := d.Until
			if until <= 0 {
				until = r.cfg.Horizon
			}
			if next < until {
				r.s.At(next, evDisrupt, int32(i), phaseAttrition, 0)
			}
		case phaseReplace:
			r.gainMember(arg, d.RampStart, d.RampTau)
		case phaseInterim:
			r.interim(i, arg)
		case phaseSuccessor:
			r.successor(i, arg)
		}
	case Surge:
		switch ph {
		case phaseStart:
			nt := r.cfg.Work.Teams
			if len(r.surges) < (i+1)*nt {
				r.surges = append(r.surges, make([]rand.PCG, (i+1)*nt-len(r.surges))...)
				r.surgeN = append(r.surgeN, make([]uint32, (i+1)*nt-len(r.surgeN))...)
			}
			r.rateMul[i] = d.Factor - 1
			for t := 0; t < nt; t++ {
				r.keys.Reseed(&r.surges[i*nt+t], purposeSurge, uint64(i)<<32|uint64(t))
				r.scheduleArrival(int32(t), int32(i+1))
			}
		}
	case KnowledgeShock:
		r.theta = d.Theta
	case Slowdown:
		switch ph {
		case phaseStart:
			r.hopFactor = d.Factor
			r.s.At(d.Until, evDisrupt, int32(i), phaseEnd, 0)
		case phaseEnd:
			r.hopFactor = 1
		}
	}
}

// vacate takes unit u's leader away: tasks in service go back to the head of
// the queue with their remaining work, pending requests are dropped, and
// under skip-level the queue moves, in order, to the unit above.
func (r *Runner) vacate(u int32, skip bool) {
	us := &r.units[u]
	r.touch(u)
	us.epoch++
	now := r.s.Now()
	// Put tasks in service back at the head, the earliest started first.
	for us.inService >= 0 {
		// Pick the latest-started so that pushing to the front leaves the
		// earliest at the head.
		t := us.inService
		for c := r.tasks[t].next; c >= 0; c = r.tasks[c].next {
			if r.tasks[c].start > r.tasks[t].start || r.tasks[c].start == r.tasks[t].start && c > t {
				t = c
			}
		}
		r.outOfService(us, t)
		tk := &r.tasks[t]
		served := now - tk.start
		tk.work = max(tk.work-served*tk.speed, 0)
		is := &r.issues[tk.issue]
		if tk.asker < 0 {
			is.service += served
		}
		r.account(u, tk, is, served)
		tk.enq = now
		tk.waiting = true
		us.queue.pushFront(r.tasks, t)
	}
	us.busy = 0
	us.down = true
	r.setCapacity(u, 0)
	// Drop pending requests; keep main tasks.
	n := us.queue.n
	for j := int32(0); j < n; j++ {
		t := us.queue.popFront(r.tasks)
		if r.isRequest(t) {
			r.freeTask(t)
			continue
		}
		us.queue.pushBack(r.tasks, t)
	}
	if skip && r.o.units[u].parent >= 0 {
		us.redirect = true
		p := r.o.units[u].parent
		for us.queue.n > 0 {
			t := us.queue.popFront(r.tasks)
			is := &r.issues[r.tasks[t].issue]
			is.wait += now - r.tasks[t].enq
			r.tasks[t].waiting, r.tasks[t].actFor = false, -1
			r.hopTo(p, t, false)
		}
	}
}

// fullMembers returns the members of every team when nobody is missing.
func (r *Runner) fullMembers() int {
	n := 0
	for t := 0; t < r.cfg.Work.Teams; t++ {
		n += r.cold[t].full
	}
	return n
}

// leaver picks which of team t's members present leaves: uniformly, drawn
// from rng only when some of them are newcomers still ramping up (so that a
// team without newcomers draws nothing).
func (r *Runner) leaver(t int32, rng interface{ IntN(int) int }) int {
	us := &r.units[t]
	if us.nNew == 0 {
		return 0
	}
	return rng.IntN(us.present)
}

// loseMember removes member post (0 … present−1) from team t; the last
// len(newcomers) posts are the newcomers, oldest first, and a newcomer who
// leaves takes its ramp-up with it. The team's advice role is vacant for
// realloc hours. A team with nobody left is vacant: its queue waits, and
// new issues queue there, until a member returns (as under freeze).
func (r *Runner) loseMember(t int32, post int, realloc float64) {
	us := &r.units[t]
	if us.present == 0 {
		return
	}
	r.touch(t)
	if r.o.tacit > 0 && r.learn == nil {
		r.setKnDyn(t) // the team's know-how now follows its members
	}
	r.loseKnowHow(t)
	if k := post - (us.present - int(us.nNew)); k >= 0 {
		uc := &r.cold[t]
		uc.newcomers = append(uc.newcomers[:k], uc.newcomers[k+1:]...)
		us.nNew--
	}
	us.present--
	r.presentChange(-1)
	us.roleGap = max(us.roleGap, r.s.Now()+realloc)
	if !r.o.units[t].pooled && us.servers > 0 {
		us.servers--
		r.setCapacity(t, float64(us.servers))
	}
	if us.present == 0 || us.servers == 0 {
		r.vacate(t, false)
	}
}

// gainMember adds a member to team t who starts at share f0 of full rate and
// ramps up with e-folding time tau (tau 0: at once).
func (r *Runner) gainMember(t int32, f0, tau float64) {
	us := &r.units[t]
	r.touch(t)
	us.present++
	r.presentChange(+1)
	if !r.o.units[t].pooled {
		us.servers++
	}
	if tau > 0 && f0 < 1 {
		uc := &r.cold[t]
		uc.newcomers = append(uc.newcomers, r.s.Now())
		uc.newF0, uc.newTau = f0, tau
		us.nNew++
	}
	if us.down && us.present > 0 && us.servers > 0 {
		us.down = false
	}
	if !us.down {
		r.setCapacity(t, float64(us.servers))
	}
	r.startService(t)
}
