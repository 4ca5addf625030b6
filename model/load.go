package model

import (
	"math"
	"slices"
)

// capacity is unit u's baseline rate in issues per hour: servers ×
// time share × availability ÷ mean hands-on time.
func capacity(o *org, u int32) float64 {
	un := &o.units[u]
	c := float64(un.servers) * un.p.TimeShare * un.p.Availability / un.p.Decision.Expect()
	if un.role == RoleTeam && o.form != TeamWhole {
		n := float64(o.teamSize)
		c *= processFactor(o.processLoss, n)
		if o.form == TeamPooled {
			c *= n
		}
	}
	return c
}

// interval is a band (lo, hi] of a random attribute with its probability
// and a representative value inside it.
type interval struct{ lo, hi, rep, p float64 }

// bands splits the support of a distribution with CDF f at the given
// thresholds: every value in a band routes alike, since the routing rule
// compares the attribute only with these thresholds (x ≤ threshold).
func bands(th []float64, f func(float64) float64) []interval {
	th = slices.Clone(th)
	slices.Sort(th)
	th = slices.Compact(th)
	var out []interval
	lo, flo := math.Inf(-1), 0.0
	for _, b := range th {
		if !finite(b) || b < 0 {
			continue
		}
		fb := f(b)
		if fb > flo {
			out = append(out, interval{lo: lo, hi: b, rep: b, p: fb - flo})
		}
		lo, flo = b, fb
	}
	if flo < 1 {
		rep := 1.0
		if finite(lo) {
			rep = lo + 1 + math.Abs(lo)
		}
		out = append(out, interval{lo: lo, hi: math.Inf(1), rep: rep, p: 1 - flo})
	}
	return out
}

// offeredLoad returns each unit's baseline offered load as a share of its
// capacity, from the traffic equations: for every origin team, every band of
// difficulty and value and every scope the path is followed through
// the routing rule and its visits are added up, weighted by their
// probability. Scopes are enumerated exactly when there are at most 64 per
// origin and size, else 64 are drawn from a fixed stream (fewer in a very
// large organisation: scopeSamples). Approval chains
// are taken as passing every issue on (an upper bound), advice requests as
// all answered.
func offeredLoad(c *Config, o *org) []float64 {
	w := &c.Work
	visits := make([]float64, len(o.units))
	o.eachRoute(c, w.TeamRate(), false, func(r *route) {
		for _, u := range r.path {
			visits[u] += r.weight
		}
		for _, u := range r.helpers {
			visits[u] += r.weight
		}
	})
	if tr := &w.Traffic; tr.Rate > 0 {
		trafficVisits(c, o, visits)
	}
	load := make([]float64, len(o.units))
	for u := range o.units {
		load[u] = visits[u] / capacity(o, int32(u))
	}
	return load
}

// trafficVisits adds the traffic's load to visits: every unit sends
// messages at the traffic rate to destinations drawn uniformly, and every
// unit on the path after the sender serves each for Effort of a decision
// (so it counts as Effort of a visit). It computes the routes when the
// organisation has none yet.
func trafficVisits(c *Config, o *org, visits []float64) {
	tr := &c.Work.Traffic
	if o.next == nil {
		o.routes()
	}
	n := len(o.units)
	nt := c.Work.Teams
	for s := 0; s < n; s++ {
		var dests int
		if tr.To == ToTeams {
			dests = nt
			if s < nt {
				dests--
			}
		} else {
			dests = n - 1
		}
		if dests <= 0 {
			continue
		}
		wt := tr.Rate * tr.Effort / float64(dests)
		for d := 0; d < n; d++ {
			if d == s || tr.To == ToTeams && d >= nt {
				continue
			}
			for u := s; u != d; {
				u = int(o.next[d*n+u])
				if u < 0 {
					break // no path: the message is never sent
				}
				visits[u] += wt
			}
		}
	}
}

// binomial returns C(n, k) as a float64.
func binomial(n, k int) float64 {
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return math.Round(r)
}

// nextCombination advances c, an increasing k-subset of 0 … n−1, to the
// next in lexicographic order; it reports false after the last.
func nextCombination(c []int, n int) bool {
	k := len(c)
	for i := k - 1; i >= 0; i-- {
		if c[i] < n-k+i {
			c[i]++
			for j := i + 1; j < k; j++ {
				c[j] = c[j-1] + 1
			}
			return true
		}
	}
	return false
}

// UnitLoad is a unit's baseline offered load.
type UnitLoad struct {
	ID       string
	Role     Role
	Arrivals float64 // issues and requests per hour
	Capacity float64 // issues per hour it can examine
	Load     float64 // Arrivals ÷ Capacity: the baseline utilisation
}

// OfferedLoad returns the baseline offered load of every unit of
// organisation org, computed from the traffic equations (see the package
// documentation); it needs a Config whose fields are valid.
func OfferedLoad(cfg *Config, org int) ([]UnitLoad, error) {
	o, err := compile(cfg, org)
	if err != nil {
		return nil, err
	}
	load := offeredLoad(cfg, o)
	out := make([]UnitLoad, len(load))
	for u := range load {
		capa := capacity(o, int32(u))
		out[u] = UnitLoad{ID: o.units[u].id, Role: o.units[u].role, Capacity: capa, Arrivals: load[u] * capa, Load: load[u]}
	}
	return out, nil
}
