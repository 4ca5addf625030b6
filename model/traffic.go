package model

import (
	"math"
	"math/rand/v2"
)

// Traffic between any two units (see [Traffic]): a message is an issue
// slot flagged as traffic, with no record among the issues; its main task
// moves along the next-step table from its sender to its destination,
// served at each unit on the way.

// routes computes, for every destination, every unit's next step towards
// it on a shortest path over the reports_to and peer links (undirected),
// ties to the lowest-indexed neighbour: next[d*n+u]. A breadth-first search
// from each destination visits neighbours in index order, so the first
// unit to reach u is its lowest-indexed neighbour one step nearer.
func (o *org) routes() {
	n := len(o.units)
	adj := make([][]int32, n)
	link := func(a, b int32) {
		if a == b || contains(adj[a], b) {
			return
		}
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	for u := range o.units {
		if p := o.units[u].parent; p >= 0 {
			link(int32(u), p)
		}
		for _, p := range o.units[u].peers {
			link(int32(u), p)
		}
	}
	for u := range adj {
		sortInt32(adj[u])
	}
	o.next = make([]int32, n*n)
	dist := make([]int32, n)
	queue := make([]int32, 0, n)
	for d := 0; d < n; d++ {
		next := o.next[d*n : (d+1)*n]
		for u := range dist {
			dist[u] = -1
			next[u] = -1
		}
		dist[d] = 0
		next[d] = int32(d)
		queue = append(queue[:0], int32(d))
		for k := 0; k < len(queue); k++ {
			v := queue[k]
			for _, w := range adj[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					next[w] = v
					queue = append(queue, w)
				}
			}
		}
	}
}

func sortInt32(xs []int32) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// trafficOn reports whether the run carries traffic.
func (r *Runner) trafficOn() bool { return r.cfg.Work.Traffic.Rate > 0 && r.o.next != nil }

// startTraffic seeds every unit's stream of messages.
func (r *Runner) startTraffic() {
	n := len(r.o.units)
	r.tpcg = make([]rand.PCG, n)
	r.trand = make([]*rand.Rand, n)
	r.tnext = make([]uint32, n)
	r.tvisits = make([]int, n)
	for u := 0; u < n; u++ {
		r.keys.Reseed(&r.tpcg[u], purposeTraffic, uint64(u))
		r.trand[u] = rand.New(&r.tpcg[u])
		r.scheduleMessage(int32(u))
	}
}

// scheduleMessage draws unit u's next message.
func (r *Runner) scheduleMessage(u int32) {
	at := r.s.Now() + r.trand[u].ExpFloat64()/r.cfg.Work.Traffic.Rate
	if at < r.end {
		r.s.At(at, evMessage, u, 0, 0)
	}
}

// message: unit u sends a message to a destination drawn from its keyed
// attributes; it starts at u's own queue only if u must serve it (never:
// the sender has written it), so it takes its first step at once.
func (r *Runner) message(u int32) {
	r.scheduleMessage(u)
	n := r.tnext[u]
	r.tnext[u]++
	key := uint64(0xff)<<56 | uint64(u)<<32 | uint64(n)
	ap := r.pre[purposeAttr].With(key)
	var dest int32
	switch r.cfg.Work.Traffic.To {
	case ToTeams:
		nt := r.cfg.Work.Teams
		if nt < 2 && int(u) < nt {
			return
		}
		if int(u) < nt {
			dest = int32(attr(ap, 0) * float64(nt-1))
			if dest >= u {
				dest++
			}
		} else {
			dest = int32(attr(ap, 0) * float64(nt))
		}
	default:
		nu := len(r.o.units)
		if nu < 2 {
			return
		}
		dest = int32(attr(ap, 0) * float64(nu-1))
		if dest >= u {
			dest++
		}
	}
	if r.o.next[int(dest)*len(r.o.units)+int(u)] < 0 {
		r.tunreached++ // no path: the structure is not connected
		return
	}
	slot := r.newIssue()
	is := &r.issues[slot]
	is.key = key
	is.origin = u
	is.arrival = r.s.Now()
	is.flags = flagTraffic
	is.rec = -1
	is.decider = dest
	is.z = math.Inf(-1)
	r.tvisits[u]++
	r.tsent++
	tk := r.newTask(slot, -1, 0)
	is.task = tk
	r.forward(u, slot)
}

// forward sends message slot on from unit u, or ends it at its
// destination.
func (r *Runner) forward(u, slot int32) {
	is := &r.issues[slot]
	dest := is.decider
	if u == dest && is.hops > 0 {
		r.tlat = append(r.tlat, r.s.Now()-is.arrival)
		r.trelays += int(is.hops) - 1
		r.freeTask(is.task)
		is.task = -1
		is.inUse = false
		r.free = append(r.free, slot)
		return
	}
	next := r.o.next[int(dest)*len(r.o.units)+int(u)]
	r.tvisits[next]++
	is.hops++
	r.tasks[is.task].work = -1
	r.hop(next, is.task, evHopArrive)
}
