package sim

import (
	"fmt"
	"math"
)

// An Event is one entry of the agenda: a flat record with no pointers, so the
// agenda is a single slice the garbage collector never scans. Kind and the
// operands A, B and C mean whatever the [Handler] says they mean.
type Event struct {
	At   float64 // when the event is due, in working hours
	Seq  uint64  // scheduling order; breaks ties between equal times
	Kind int32   // what happens; defined by the handler
	A    int32   // first operand
	B    int32   // second operand
	C    int32   // third operand
}

// A Handler reacts to the events the kernel pops. Handle runs with the clock
// already at e.At; it may schedule further events on s and may call s.Stop,
// but it must not call s.Step, s.Run or s.RunUntil. A panic in Handle
// propagates out of the kernel unchanged.
type Handler interface {
	Handle(s *Sim, e Event)
}

// HandlerFunc lets an ordinary function act as a [Handler].
type HandlerFunc func(s *Sim, e Event)

// Handle calls f(s, e).
func (f HandlerFunc) Handle(s *Sim, e Event) { f(s, e) }

// Sim owns the clock and the agenda. Create one with [New]; a Sim is used by
// one goroutine at a time.
type Sim struct {
	now     float64
	seq     uint64
	q       agenda
	h       Handler
	stopped bool
	// held says that the event being handled still sits at the top of
	// the agenda: the handler's first event due in the heap tier takes
	// its place with one sift instead of a pop and a push.
	held bool
	// heldLater says that it sits at the top of the agenda's heap of
	// events marked far off rather than its main heap.
	heldLater bool
	steps     uint64
}

// New returns a simulation at time 0 with an empty agenda that hands every
// event to h.
func New(h Handler) *Sim {
	if h == nil {
		panic("sim: nil handler")
	}
	return &Sim{h: h}
}

// Reset empties the agenda and sets the clock back to 0, keeping the
// agenda's storage for reuse.
func (s *Sim) Reset() {
	s.now, s.seq, s.steps, s.stopped, s.held, s.heldLater = 0, 0, 0, false, false, false
	s.q.reset()
}

// Grow reserves room for n more pending events, so that the agenda need not
// reallocate as it fills up.
func (s *Sim) Grow(n int) {
	s.q.grow(n)
}

// Now returns the current simulated time in working hours.
func (s *Sim) Now() float64 { return s.now }

// Pending returns the number of events on the agenda; during
// [Handler.Handle] the event being handled is no longer counted.
func (s *Sim) Pending() int {
	if s.held {
		return s.q.n - 1
	}
	return s.q.n
}

// Steps returns the number of events handled since New or Reset.
func (s *Sim) Steps() uint64 { return s.steps }

// Next returns the time of the earliest pending event; ok is false when the
// agenda is empty.
func (s *Sim) Next() (t float64, ok bool) {
	s.release()
	if s.q.n == 0 {
		return 0, false
	}
	return math.Float64frombits(s.q.top().key), true
}

// After schedules an event of the given kind and operands d hours from now.
// A negative or NaN delay is a programming error and panics.
func (s *Sim) After(d float64, kind, a, b, c int32) {
	if !(d >= 0) {
		panic(fmt.Sprintf("sim: delay %v is negative or NaN", d))
	}
	s.push(s.now+d, kind, a, b, c)
}

// At schedules an event at absolute time t, which must not be in the past.
func (s *Sim) At(t float64, kind, a, b, c int32) {
	s.checkAt(t)
	s.push(t, kind, a, b, c)
}

// checkAt panics unless t is now or later.
func (s *Sim) checkAt(t float64) {
	if !(t >= s.now) {
		panic(fmt.Sprintf("sim: time %v is before now (%v) or NaN", t, s.now))
	}
}

// item numbers a new event at time t; adding 0 stores -0 as +0 so that
// the agenda's integer keys order it first.
func (s *Sim) item(t float64, kind, a, b, c int32) item {
	s.seq++
	return item{key: math.Float64bits(t + 0), seq: s.seq, kind: kind, a: a, b: b, c: c}
}

// AtFar is [Sim.At] for an event that is likely due after most of those
// pending, such as a Poisson source's next arrival among many sources. The
// order in which events are handled is exactly as with At; only the cost
// differs: while the agenda is small such events wait in a heap of their
// own, so that the events due soon sift through a small heap.
func (s *Sim) AtFar(t float64, kind, a, b, c int32) {
	s.checkAt(t)
	it := s.item(t, kind, a, b, c)
	if s.held && s.heldLater && !s.q.bucketed {
		// The event being handled is at the top of later: take its place.
		s.held = false
		siftDown(s.q.later, 0, it)
		return
	}
	s.q.pushLater(it)
}

// Stop makes the current Run or RunUntil return after the event being
// handled. The agenda is kept; a later Run continues from there.
func (s *Sim) Stop() { s.stopped = true }

// Step pops the earliest event, advances the clock to it and hands it to the
// handler. It reports false, doing nothing, when the agenda is empty.
//
// The event is handled where it sits, at the top of the agenda, and only
// taken off when the handler returns; the first event the handler schedules
// into the agenda's heap takes its place instead, so the common case of an
// event that schedules another costs one sift rather than two.
func (s *Sim) Step() bool {
	s.release() // a previous handler panicked
	if s.q.n == 0 {
		return false
	}
	s.handle(s.q.top())
	return true
}

// handle hands the event at the agenda's top, it, to the handler.
func (s *Sim) handle(it *item) {
	e := it.event()
	s.now = e.At
	s.steps++
	s.held = true
	s.heldLater = len(s.q.later) > 0 && it == &s.q.later[0]
	s.h.Handle(s, e)
	s.release()
}

// release takes the event being handled off the agenda's top if no new
// event has replaced it.
func (s *Sim) release() {
	if s.held {
		s.held = false
		s.q.drop()
	}
}

// StepUntil is [Sim.Step] for an event due at or before t: it handles the
// earliest event if it is due no later than t and reports whether it did.
// Unlike [Sim.RunUntil] it never moves the clock past the last event.
func (s *Sim) StepUntil(t float64) bool {
	s.release()
	if s.q.n == 0 {
		return false
	}
	it := s.q.top()
	if math.Float64frombits(it.key) > t {
		return false
	}
	s.handle(it)
	return true
}

// RunUntil handles every event due at or before t, in order, then sets the
// clock to t (if it is not already later). It returns early, with the clock at
// the last event handled, when the handler calls [Sim.Stop]; the result
// reports whether it ran to t.
func (s *Sim) RunUntil(t float64) bool {
	s.stopped = false
	for s.q.n > 0 && math.Float64frombits(s.q.top().key) <= t {
		s.Step()
		if s.stopped {
			return false
		}
	}
	if t > s.now && !math.IsInf(t, 1) {
		s.now = t
	}
	return true
}

// Run handles events until the agenda is empty or the handler calls
// [Sim.Stop]; it reports whether the agenda ran empty.
func (s *Sim) Run() bool {
	s.stopped = false
	for s.Step() {
		if s.stopped {
			return false
		}
	}
	return true
}

// push schedules an event at time t, which is not NaN and not negative.
func (s *Sim) push(t float64, kind, a, b, c int32) {
	it := s.item(t, kind, a, b, c)
	if s.held && !s.heldLater && s.q.inHeapTier(t) {
		// The event being handled is at the top: take its place.
		s.held = false
		siftDown(s.q.heap, 0, it)
		return
	}
	if !s.q.bucketed && len(s.q.heap)+len(s.q.later) < bucketAbove {
		s.q.n++
		s.q.heap = heapPush(s.q.heap, it)
		return
	}
	s.q.push(it)
}
