package model

import (
	"math"
	"slices"

	"github.com/orgsim/orgsim/sim"
)

// The routes of the baseline work: every origin team, every scope and
// every band of difficulty and value, followed through the routing rule
// with the configured knowledge and authority. The offered-load check
// (offeredLoad) and the structure analytics (Routes) walk the same routes,
// so the paths a structure is analysed on are the paths its load is
// checked on.

// route is one stratum of the baseline work and the way the routing rule
// sends it; its slices are reused from one route to the next.
type route struct {
	scope    []int32  // teams of the scope, the origin first
	z, v     interval // difficulty and value bands
	weight   float64  // the scope's weight (rate or share) × the bands' probabilities
	path     []int32  // units that examine the issue in order; the last decides
	helpers  []int32  // units the decider's fork sends requests to
	deciders []int32  // units of the origin's chain where the rule does not escalate (only with withDeciders)
}

// routeBands returns the bands of difficulty and value of organisation o:
// its units' knowledge and difficulty authority and the ceiling z_max cut
// the difficulty, their authority and the approval threshold the value.
func routeBands(c *Config, o *org) (zb, vb []interval) {
	w := &c.Work
	var zs, vs []float64
	for u := range o.units {
		zs = append(zs, o.units[u].p.Knowledge, capOf(&o.units[u].p))
		vs = append(vs, o.units[u].p.Authority)
	}
	zs = append(zs, o.routing.MaxDifficulty)
	vs = append(vs, o.routing.ApprovalAbove)
	theta := w.Theta
	zb = bands(zs, func(z float64) float64 { return -math.Expm1(-theta * z) })
	vb = bands(vs, w.Value.CDF)
	return zb, vb
}

// maxRouteScopes bounds the cross-team scopes eachRoute follows in all:
// teams × scope sizes × scopes per origin and size × bands of difficulty
// and value. Every embedded scenario stays well below it, at 64 scopes per
// origin and size; a very large organisation with wide scopes gets fewer
// (at least one per origin and size), so that checking a file takes
// seconds rather than hours. Each route costs about 0.4 µs here.
const maxRouteScopes = 1 << 22

// scopeSamples is the number of scopes eachRoute draws per origin and
// scope size when there are more than that: 64, or fewer under
// maxRouteScopes.
func scopeSamples(w *Work, bands int) int {
	if w.CrossTeam == 0 {
		return 64
	}
	per := float64(w.Teams) * float64(w.ScopeMax-w.ScopeMin+1) * float64(bands)
	if per*64 <= maxRouteScopes {
		return 64
	}
	return max(1, int(maxRouteScopes/per))
}

// eachRoute calls f on every route of organisation o's baseline work. A
// scope's weight is rate for each team's local issues, times the
// cross-team share and the scope's probability for a cross-team one; the
// route's weight multiplies in the probabilities of its bands. Scopes are
// enumerated exactly when there are at most 64 per origin and size, else
// 64 are drawn from a fixed stream (fewer in a very large organisation:
// scopeSamples). With withDeciders each route also
// lists the units of the origin's chain (the origin and every unit above
// it) at which the rule decides or forks. f must not keep r's slices.
func (o *org) eachRoute(c *Config, rate float64, withDeciders bool, f func(r *route)) {
	w := &c.Work
	zb, vb := routeBands(c, o)
	r := &route{scope: make([]int32, 0, MaxScope)}
	trace := func(weight float64) {
		for _, z := range zb {
			for _, v := range vb {
				r.z, r.v = z, v
				r.weight = weight * z.p * v.p
				r.path, r.helpers = r.path[:0], r.helpers[:0]
				o.follow(r)
				if withDeciders {
					r.deciders = r.deciders[:0]
					for u := r.scope[0]; u >= 0; u = o.units[u].parent {
						p := &o.units[u].p
						if o.rule(u, z.rep, v.rep, r.scope, p.Knowledge, p.Authority, p.Knowledge, capOf(p)).act != actEscalate {
							r.deciders = append(r.deciders, u)
						}
					}
				}
				f(r)
			}
		}
	}
	rng := sim.Keys{Seed: 0x10ad}.Stream(purposeStructure, 0)
	samples := scopeSamples(w, len(zb)*len(vb))
	var nb []int32
	var combo, perm []int
	for t := 0; t < w.Teams; t++ {
		r.scope = append(r.scope[:0], int32(t))
		local := 1 - w.CrossTeam
		if w.CrossTeam == 0 {
			local = 1
		}
		trace(rate * local)
		if w.CrossTeam == 0 {
			continue
		}
		nb = w.neighbours(t, w.Radius, nb)
		kinds := w.ScopeMax - w.ScopeMin + 1
		for k := w.ScopeMin; k <= w.ScopeMax; k++ {
			pk := rate * w.CrossTeam / float64(kinds)
			m := min(k, len(nb)+1) - 1 // other teams in the scope
			if m < 1 {
				r.scope = r.scope[:1]
				trace(pk)
				continue
			}
			if n := binomial(len(nb), m); n <= float64(samples) {
				combo = combo[:0]
				for i := 0; i < m; i++ {
					combo = append(combo, i)
				}
				for {
					r.scope = r.scope[:1]
					for _, i := range combo {
						r.scope = append(r.scope, nb[i])
					}
					trace(pk / n)
					if !nextCombination(combo, len(nb)) {
						break
					}
				}
				continue
			}
			for s := 0; s < samples; s++ {
				// rng.Perm(len(nb)) without allocating: the same draws
				perm = perm[:0]
				for i := range nb {
					perm = append(perm, i)
				}
				rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
				r.scope = r.scope[:1]
				for _, i := range perm[:m] {
					r.scope = append(r.scope, nb[i])
				}
				trace(pk / float64(samples))
			}
		}
	}
}

// follow fills r.path and r.helpers: from the origin, the issue is
// examined and escalated until a unit decides or forks. A fork asks the
// first routing.advice peer links (and, with advise_up, a team's unit
// above) and consults the scope's other teams that are not among them.
func (o *org) follow(r *route) {
	u := r.scope[0]
	for steps := 0; steps <= len(o.units); steps++ {
		r.path = append(r.path, u)
		p := &o.units[u].p
		ch := o.rule(u, r.z.rep, r.v.rep, r.scope, p.Knowledge, p.Authority, p.Knowledge, capOf(p))
		if ch.act == actEscalate {
			u = o.units[u].parent
			continue
		}
		if ch.act == actFork {
			n := 0
			if ch.advice {
				for _, p := range o.units[u].peers {
					if n == o.routing.Advice {
						break
					}
					r.helpers = append(r.helpers, p)
					n++
				}
				if par := o.units[u].parent; o.routing.AdviseUp && par >= 0 && o.units[u].role == RoleTeam {
					r.helpers = append(r.helpers, par)
				}
			}
			if ch.consult {
				for _, t := range r.scope[1:] {
					if t != u && !slices.Contains(o.units[u].peers[:n], t) {
						r.helpers = append(r.helpers, t)
					}
				}
			}
		}
		return
	}
}

// Band is an interval (Lo, Hi] of an issue attribute (difficulty or value)
// within which every issue routes alike, and the probability P that an
// issue's attribute falls in it. The first band's Lo is −Inf and the last
// band's Hi +Inf.
type Band struct{ Lo, Hi, P float64 }

// Route is one stratum of an organisation's baseline work and the way the
// routing rule (docs/model.md §7.5) sends it: the issues arriving at
// origin team Origin with scope Scope whose difficulty and value fall in
// the bands Difficulty and Value. The bands are cut at the organisation's
// thresholds — its units' knowledge and difficulty authority and the
// routing's max_difficulty for the difficulty, their authority and the
// approval threshold for the value — so every issue of a stratum takes
// the same path. Units are indices into [Units] of the same organisation;
// teams are units 0 … Teams−1, so a team's index is its unit index.
type Route struct {
	Origin     int     // the origin team
	Scope      []int   // the teams of the scope, the origin first
	Difficulty Band    // the band of difficulty
	Value      Band    // the band of value
	Share      float64 // the share of all arriving issues that fall in this stratum
	// Path lists the units that examine the issue, in order: the origin,
	// then each unit it is escalated to; the last decides (after a fork,
	// if Helpers is not empty).
	Path []int
	// Helpers lists the units the decider's fork sends requests to: its
	// first routing.advice peer links (and with advise_up, a team's unit
	// above) when it asks for advice, then the scope's other teams when it
	// consults; empty without a fork.
	Helpers []int
	// Deciders lists the units of the origin's chain — the origin and
	// every unit above it, bottom up — at which the rule, applied to these
	// issues, decides or forks rather than escalates: the units able to
	// decide them. A unit with none above always decides what reaches it,
	// so the list is never empty. The first is the last unit of Path.
	Deciders []int
}

// Routes calls visit on every route of organisation org's baseline work,
// in a fixed order: by origin team, then local before cross-team scopes
// (scope sizes in increasing order, combinations in lexicographic order
// of the origin's neighbours), then difficulty band and value band. The
// routes are those the offered-load check follows (docs/model.md §7.19):
// configured knowledge and authority (no spread over domains, learning,
// delegation or growth), advice from the first peer links, approval chains
// passing every issue on; scopes are enumerated exactly when there are at
// most 64 per origin and size, else 64 are drawn from a fixed stream (fewer
// in a very large organisation: scopeSamples). The shares of all routes add
// up to 1. visit must not keep r or its slices.
// Routes needs a Config whose fields are valid.
func Routes(cfg *Config, org int, visit func(r *Route)) error {
	o, err := compile(cfg, org)
	if err != nil {
		return err
	}
	share := 1 / float64(cfg.Work.Teams)
	out := &Route{}
	o.eachRoute(cfg, share, true, func(r *route) {
		out.Origin = int(r.scope[0])
		out.Scope = ints(out.Scope[:0], r.scope)
		out.Difficulty = Band{Lo: r.z.lo, Hi: r.z.hi, P: r.z.p}
		out.Value = Band{Lo: r.v.lo, Hi: r.v.hi, P: r.v.p}
		out.Share = r.weight
		out.Path = ints(out.Path[:0], r.path)
		out.Helpers = ints(out.Helpers[:0], r.helpers)
		out.Deciders = ints(out.Deciders[:0], r.deciders)
		visit(out)
	})
	return nil
}

// ints appends the int32s of src to dst as ints.
func ints(dst []int, src []int32) []int {
	for _, x := range src {
		dst = append(dst, int(x))
	}
	return dst
}
