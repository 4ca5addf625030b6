package model

import (
	"math"
)

// Learning by deciding (see [Learning]) and the growth of authority over
// time (see [Routing].Grow): practice stocks per unit and domain, fed by
// feedback on decisions, read with their decay in closed form.

// learnState is a runner's learning state; nil with learning off.
type learnState struct {
	l      Learning
	decay  float64   // per hour: ln 2 ÷ HalfLife (0: no forgetting)
	prac   []float64 // practice per unit and domain at pracT
	pracT  []float64
	share0 []float64 // per unit and domain: the share of issues resolved without practice
	// measured accuracy per unit and domain: feedback counts weighted by
	// e^(−age/GrowWindow), at ewT
	ewN, ewC, ewT []float64
}

// growState is a runner's growth of authority; nil with growth off.
type growState struct {
	extra []float64 // per unit and domain: the share of issues beyond its knowledge a team may decide
	next  float64   // when the next step is due
}

// initLearning prepares the learning and growth state (after
// initKnowledge); burn-in stocks, when given, are the stocks to start from.
func (r *Runner) initLearning(seed *learnState) {
	spec := &r.cfg.Organisations[r.orgIdx]
	n := len(r.o.units) * r.nd
	if spec.Learning.On {
		ls := &learnState{l: spec.Learning}
		if h := ls.l.HalfLife; h > 0 && !math.IsInf(h, 1) {
			ls.decay = math.Ln2 / h
		}
		ls.prac, ls.pracT = make([]float64, n), make([]float64, n)
		ls.ewN, ls.ewC, ls.ewT = make([]float64, n), make([]float64, n), make([]float64, n)
		ls.share0 = make([]float64, n)
		for i := range ls.share0 {
			ls.share0[i] = -math.Expm1(-r.cfg.Work.Theta * r.kn[i])
		}
		if seed != nil {
			// Carry the burn-in's stocks over, as they stood at its end.
			t := r.s.Now()
			for i := range ls.prac {
				ls.prac[i] = seed.stock(i, seed.end())
				ls.pracT[i] = t
				ls.ewN[i], ls.ewC[i] = seed.ewAt(i, seed.end(), r.o.routing.GrowWindow)
				ls.ewT[i] = t
			}
		}
		r.learn = ls
		for u := range r.o.units {
			r.refreshKn(int32(u)) // knowledge now follows practice
		}
	}
	if r.o.routing.Grow != GrowOff && !r.burnIn {
		r.grow = &growState{extra: make([]float64, n), next: r.o.routing.GrowFrom}
	}
}

// end is when a burn-in's stocks were last brought up to date: the latest
// update time of any stock.
func (ls *learnState) end() float64 {
	t := 0.0
	for _, x := range ls.pracT {
		t = max(t, x)
	}
	return t
}

// stock returns practice stock i at time t (not before its last update).
func (ls *learnState) stock(i int, t float64) float64 {
	if ls.decay == 0 || ls.prac[i] == 0 {
		return ls.prac[i]
	}
	return ls.prac[i] * math.Exp(-ls.decay*(t-ls.pracT[i]))
}

// ewAt returns the weighted feedback counts (decisions, correct ones) of
// stock i at time t, weights e^(−age/w).
func (ls *learnState) ewAt(i int, t, w float64) (n, c float64) {
	if !(w > 0) || math.IsInf(w, 1) {
		return ls.ewN[i], ls.ewC[i]
	}
	f := math.Exp(-(t - ls.ewT[i]) / w)
	return ls.ewN[i] * f, ls.ewC[i] * f
}

// gain is the share of the way from no practice to the plateau that
// practice K has made: 1 − e^(−K/Scale).
func (ls *learnState) gain(k float64) float64 {
	if !(ls.l.Scale > 0) {
		return 1
	}
	return -math.Expm1(-k / ls.l.Scale)
}

// learnedZ is unit u's knowledge in domain d from its practice now.
func (r *Runner) learnedZ(u int32, d uint8) float64 {
	ls := r.learn
	i := int(u)*r.nd + int(d)
	f0 := ls.share0[i]
	if math.IsInf(r.kn[i], 1) {
		return r.kn[i]
	}
	top := max(ls.l.KnowledgeCap, f0)
	f := f0 + (top-f0)*ls.gain(ls.stock(i, r.s.Now()))
	return -math.Log1p(-min(f, 0.999999)) / r.cfg.Work.Theta
}

// learnedAccuracy is unit u's accuracy in domain d from its practice.
func (r *Runner) learnedAccuracy(u int32, d uint8) float64 {
	ls := r.learn
	p0 := r.o.fast[u].accuracy
	top := max(ls.l.AccuracyCap, p0)
	return p0 + (top-p0)*ls.gain(ls.stock(int(u)*r.nd+int(d), r.s.Now()))
}

// speedFactor is the share of its hands-on time unit u needs in domain d
// with its practice: M + (1 − M)·(1 + K)^(−b).
func (r *Runner) speedFactor(u int32, d uint8) float64 {
	ls := r.learn
	m := ls.l.SpeedFloor
	if m >= 1 {
		return 1
	}
	k := ls.stock(int(u)*r.nd+int(d), r.s.Now())
	return m + (1-m)*math.Pow(1+k, -ls.l.SpeedExponent)
}

// learnFrom is called for each decision unit u makes: with learning on, its
// feedback comes FeedbackDelay hours later.
func (r *Runner) learnFrom(u int32, d uint8, correct bool) {
	if r.learn == nil {
		return
	}
	c := int32(0)
	if correct {
		c = 1
	}
	if r.learn.l.FeedbackDelay <= 0 {
		r.feedback(u, int32(d), c)
		return
	}
	r.s.After(r.learn.l.FeedbackDelay, evFeedback, u, int32(d), c)
}

// feedback: unit u learns whether its decision in domain d was right; its
// practice in d grows by one, and its measured accuracy takes the result.
func (r *Runner) feedback(u, d, correct int32) {
	ls := r.learn
	i := int(u)*r.nd + int(d)
	now := r.s.Now()
	ls.prac[i] = ls.stock(i, now) + 1
	ls.pracT[i] = now
	n, c := ls.ewAt(i, now, r.o.routing.GrowWindow)
	ls.ewN[i], ls.ewC[i], ls.ewT[i] = n+1, c+float64(correct), now
}

// Practice returns unit u's practice stock in domain d now (0 with
// learning off), for views and tests.
func (r *Runner) Practice(u, d int) float64 {
	if r.learn == nil || u < 0 || u >= len(r.o.units) || d < 0 || d >= r.nd {
		return 0
	}
	return r.learn.stock(u*r.nd+d, r.s.Now())
}

// loseKnowHow takes a leaver's share of team t's practice: Tacit/n.
func (r *Runner) loseKnowHow(t int32) {
	if r.learn == nil || r.o.tacit == 0 {
		return
	}
	share := r.o.tacit / float64(max(r.cold[t].full, 1))
	now := r.s.Now()
	for d := 0; d < r.nd; d++ {
		i := int(t)*r.nd + d
		r.learn.prac[i] = r.learn.stock(i, now) * (1 - share)
		r.learn.pracT[i] = now
	}
}

// succeed gives post u's successor its practice (with learning on): that of
// team from (promoted, which loses the member and Tacit/n of its practice),
// or k0 in every domain (hired from outside).
func (r *Runner) succeed(u int32, from string, k0 float64) {
	if r.learn == nil {
		return
	}
	now := r.s.Now()
	if t, ok := r.o.byID[from]; ok && from != "" && int(t) < r.cfg.Work.Teams {
		for d := 0; d < r.nd; d++ {
			i, j := int(u)*r.nd+d, int(t)*r.nd+d
			r.learn.prac[i], r.learn.pracT[i] = r.learn.stock(j, now), now
		}
		if r.units[t].present > 0 {
			r.loseKnowHow(t)
			r.loseMember(t, r.leaver(t, r.dRngOr(t)), 0)
		}
		return
	}
	for d := 0; d < r.nd; d++ {
		i := int(u)*r.nd + d
		r.learn.prac[i], r.learn.pracT[i] = k0, now
	}
}

// dRngOr returns a stream for choosing which member of team t leaves when
// it has newcomers (keyed by the team).
func (r *Runner) dRngOr(t int32) interface{ IntN(int) int } {
	return r.keys.Stream(purposeDisrupt, 1<<40|uint64(t))
}

// ---- growth of authority ----

// difficultyCap returns the hardest issue (as difficulty) unit u may decide
// in domain d: its difficulty authority, widened by the authority grown so
// far (GrowStep of the issues at a time, as a share of the distribution).
// What it may decide it still escalates where it does not know.
func (r *Runner) difficultyCap(u int32, d uint8) float64 {
	if r.grow == nil {
		return r.rights[int(u)*r.rs+rCapZ]
	}
	return r.grownCap(u, d)
}

// grownCap is difficultyCap with growth on.
func (r *Runner) grownCap(u int32, d uint8) float64 {
	c := r.rights[int(u)*r.rs+rCapZ]
	if math.IsInf(c, 1) {
		return c
	}
	g := r.grow.extra[int(u)*r.nd+int(d)]
	if g == 0 {
		return c
	}
	theta := r.cfg.Work.Theta
	f := -math.Expm1(-theta*c) + g
	return -math.Log1p(-min(f, 0.999999)) / theta
}

// growStep runs on the metrics grid: when a step is due, every team's
// authority grows by GrowStep in every domain (schedule) or in each domain
// where its measured accuracy has earned it (rule), up to GrowMax.
func (r *Runner) growStep() {
	rt := &r.o.routing
	now := r.s.Now()
	if now < r.grow.next {
		return
	}
	r.grow.next = now + max(rt.GrowEvery, 1e-9)
	for t := 0; t < r.cfg.Work.Teams; t++ {
		if r.o.units[t].role != RoleTeam {
			continue
		}
		for d := 0; d < r.nd; d++ {
			i := t*r.nd + d
			if r.grow.extra[i] >= rt.GrowMax {
				continue
			}
			if rt.Grow == GrowRule {
				if r.learn == nil {
					continue // no feedback, no measured accuracy
				}
				n, c := r.learn.ewAt(i, now, rt.GrowWindow)
				if n < 10 || c/n < rt.GrowAccuracy {
					continue
				}
			}
			r.grow.extra[i] = min(r.grow.extra[i]+rt.GrowStep, rt.GrowMax)
			r.grown++
		}
	}
}
