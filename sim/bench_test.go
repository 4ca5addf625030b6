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

func BenchmarkKernelHold1000(b *testing.B)   { benchmarkHold(b, 1000) }
func BenchmarkKernelHold100000(b *testing.B) { benchmarkHold(b, 100000) }
