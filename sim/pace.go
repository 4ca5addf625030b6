package sim

import "time"

// A Pacer advances a [Sim] in step with the wall clock, for live views: at
// speed v, one second of wall time is v working hours of simulated time. It
// wraps [Sim.RunUntil] and adds nothing to the kernel's own loop.
type Pacer struct {
	s      *Sim
	speed  float64          // working hours per wall second
	clock  func() time.Time // the wall clock; time.Now unless replaced
	anchor time.Time        // wall time when simulated time was base
	base   float64          // simulated time at anchor
	paused bool
}

// NewPacer returns a paused pacer for s at the given speed in working hours
// per wall-clock second. clock is the wall clock; nil means time.Now.
func NewPacer(s *Sim, speed float64, clock func() time.Time) *Pacer {
	if !(speed > 0) {
		panic("sim: pacer speed must be positive")
	}
	if clock == nil {
		clock = time.Now
	}
	return &Pacer{s: s, speed: speed, clock: clock, paused: true, base: s.Now()}
}

// Paused reports whether the pacer is paused.
func (p *Pacer) Paused() bool { return p.paused }

// Speed returns the speed in working hours per wall-clock second.
func (p *Pacer) Speed() float64 { return p.speed }

// Target returns the simulated time the wall clock calls for now.
func (p *Pacer) Target() float64 {
	if p.paused {
		return p.base
	}
	return p.base + p.speed*p.clock().Sub(p.anchor).Seconds()
}

// Resume starts or continues pacing from the current simulated time.
func (p *Pacer) Resume() {
	if p.paused {
		p.paused = false
		p.anchor = p.clock()
		p.base = p.s.Now()
	}
}

// Pause stops the simulated clock where it is.
func (p *Pacer) Pause() {
	if !p.paused {
		p.base = p.Target()
		p.paused = true
	}
}

// SetSpeed changes the speed without a jump in simulated time.
func (p *Pacer) SetSpeed(speed float64) {
	if !(speed > 0) {
		panic("sim: pacer speed must be positive")
	}
	if !p.paused {
		p.base = p.Target()
		p.anchor = p.clock()
	}
	p.speed = speed
}

// Advance runs every event due up to the target time, capped at limit, and
// returns the simulated time reached. Events of one instant are always
// handled together, so a caller that looks at the model after Advance never
// sees a half-processed instant.
func (p *Pacer) Advance(limit float64) float64 {
	t := p.Target()
	if t > limit {
		t = limit
	}
	if t > p.s.Now() {
		p.s.RunUntil(t)
	}
	return p.s.Now()
}
