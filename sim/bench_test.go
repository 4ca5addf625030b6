package sim_test

import (
	"math/rand/v2"
	"testing"

	"github.com/orgsim/orgsim/sim"
)

// holder is the hold model's handler: every event it handles schedules one
// more, an exponential time later, so the agenda keeps its size.
type holder struct{ rng *rand.Rand }

func (h *holder) Handle(s *sim.Sim, e sim.Event) {
	s.After(h.rng.ExpFloat64(), e.Kind, e.A, e.B, e.C)
}

// mixedHolder is a hold model whose delays resemble the organisation
// model's: 70% exponential with mean 1, 20% exponential with mean 4 and 10%
// a constant 16-hour timeout.
type mixedHolder struct{ rng *rand.Rand }

func (h *mixedHolder) delay() float64 {
	switch u := h.rng.Uint32() % 10; {
	case u < 7:
		return h.rng.ExpFloat64()
	case u < 9:
		return 4 * h.rng.ExpFloat64()
	default:
		return 16
	}
}

func (h *mixedHolder) Handle(s *sim.Sim, e sim.Event) {
	s.After(h.delay(), e.Kind, e.A, e.B, e.C)
}

// benchmarkHold measures the agenda alone: pop the earliest of n pending
// events and schedule one more an exponential time later; one op is one
// event.
func benchmarkHold(b *testing.B, n int) {
	h := &holder{rng: rand.New(rand.NewPCG(1, 2))}
	s := sim.New(h)
	s.Grow(n + 1)
	for i := range n {
		s.After(h.rng.ExpFloat64(), 1, int32(i), 0, 0)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step()
	}
}

// benchmarkHoldMixed is benchmarkHold with the mixed delays of mixedHolder.
// The agenda is run for a while before timing so that it reaches its steady
// mix of short and long delays.
func benchmarkHoldMixed(b *testing.B, n int) {
	h := &mixedHolder{rng: rand.New(rand.NewPCG(1, 2))}
	s := sim.New(h)
	s.Grow(n + 1)
	for i := range n {
		s.After(h.delay(), 1, int32(i), 0, 0)
	}
	for range 4 * n {
		s.Step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step()
	}
}

func BenchmarkKernelHold1000(b *testing.B)        { benchmarkHold(b, 1000) }
func BenchmarkKernelHold30000(b *testing.B)       { benchmarkHold(b, 30000) }
func BenchmarkKernelHold100000(b *testing.B)      { benchmarkHold(b, 100000) }
func BenchmarkKernelHoldMixed100(b *testing.B)    { benchmarkHoldMixed(b, 100) }
func BenchmarkKernelHoldMixed1000(b *testing.B)   { benchmarkHoldMixed(b, 1000) }
func BenchmarkKernelHoldMixed30000(b *testing.B)  { benchmarkHoldMixed(b, 30000) }
func BenchmarkKernelHoldMixed100000(b *testing.B) { benchmarkHoldMixed(b, 100000) }
