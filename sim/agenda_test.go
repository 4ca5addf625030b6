package sim_test

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/orgsim/orgsim/sim"
)

// orderCheck drives a Sim with random schedules and checks that it hands
// out exactly the scheduled events sorted by (At, Seq). Because nothing can
// be scheduled in the past, that holds however pushes and pops interleave.
type orderCheck struct {
	t         *testing.T
	rng       *rand.Rand
	s         *sim.Sim
	seq       uint64
	scheduled []sim.Event
	handled   []sim.Event
	delay     func() float64
	target    int  // pending size the handler steers towards
	far       bool // schedule about a third of the events with AtFar
}

func (c *orderCheck) schedule(d float64) {
	c.seq++
	id := int32(len(c.scheduled))
	c.scheduled = append(c.scheduled, sim.Event{At: c.s.Now() + d, Seq: c.seq, Kind: 7, A: id, B: -id, C: 3})
	if c.far && c.rng.IntN(3) == 0 {
		c.s.AtFar(c.s.Now()+d, 7, id, -id, 3)
	} else if c.rng.IntN(2) == 0 {
		c.s.After(d, 7, id, -id, 3)
	} else {
		c.s.At(c.s.Now()+d, 7, id, -id, 3)
	}
}

func (c *orderCheck) Handle(s *sim.Sim, e sim.Event) {
	c.handled = append(c.handled, e)
	// Schedule 0, 1 or 2 events: more when below the target size, fewer
	// when above it.
	n := c.rng.IntN(3)
	if s.Pending() < c.target && n == 0 {
		n = 2
	} else if s.Pending() >= c.target && n == 2 {
		n = 0
	}
	for range n {
		c.schedule(c.delay())
	}
}

func (c *orderCheck) verify(what string) {
	c.t.Helper()
	want := slices.Clone(c.scheduled)
	slices.SortFunc(want, func(x, y sim.Event) int {
		return cmp.Or(cmp.Compare(x.At, y.At), cmp.Compare(x.Seq, y.Seq))
	})
	want = want[:len(c.handled)]
	for i := range want {
		if c.handled[i] != want[i] {
			c.t.Fatalf("%s: event %d handled %+v, want %+v", what, i, c.handled[i], want[i])
		}
	}
}

func TestAgendaOrderAgainstSort(t *testing.T) { testAgendaOrder(t, false) }

// TestAgendaOrderWithFarEvents is TestAgendaOrderAgainstSort with a third
// of the events marked far off, whatever their delay: the mark changes
// where they wait, never the order.
func TestAgendaOrderWithFarEvents(t *testing.T) { testAgendaOrder(t, true) }

func testAgendaOrder(t *testing.T, far bool) {
	delays := map[string]func(r *rand.Rand) float64{
		"small integers": func(r *rand.Rand) float64 { return float64(r.IntN(4)) },
		"exponential":    func(r *rand.Rand) float64 { return r.ExpFloat64() },
		"mixed": func(r *rand.Rand) float64 {
			switch u := r.IntN(10); {
			case u < 7:
				return r.ExpFloat64()
			case u < 9:
				return 4 * r.ExpFloat64()
			default:
				return 16
			}
		},
		"equal times and outliers": func(r *rand.Rand) float64 {
			switch u := r.IntN(100); {
			case u < 60:
				return 0
			case u < 80:
				return 1
			case u < 95:
				return r.Float64() * 1e-300
			case u < 98:
				return 1e12 * r.ExpFloat64()
			default:
				return math.Inf(1)
			}
		},
		"all at one time": func(r *rand.Rand) float64 { return 0 },
		"lognormal":       func(r *rand.Rand) float64 { return math.Exp(r.NormFloat64()*1.5 - 1) },
	}
	for name, d := range delays {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			c := &orderCheck{t: t, rng: rng, far: far}
			c.delay = func() float64 { return d(rng) }
			c.s = sim.New(c)
			for round := range 2 {
				// Grow well past the heap-only size, shrink to nothing, grow
				// again, then stop half way and start over after Reset.
				c.target = 30000
				for range 3000 {
					c.schedule(c.delay())
				}
				c.s.Grow(1000)
				for c.s.Pending() < c.target {
					if next, ok := c.s.Next(); !ok || math.IsInf(next, 1) {
						break
					}
					c.s.Step()
				}
				c.target = 0
				for range 40000 {
					c.s.Step()
				}
				c.target = 50000
				for range 120000 {
					c.s.Step()
				}
				c.target = 0
				if round == 0 {
					c.s.Run()
					if c.s.Pending() != 0 {
						t.Fatalf("%d events pending after Run", c.s.Pending())
					}
				} else {
					next, ok := c.s.Next()
					h := c.s.RunUntil(next + 1)
					if !h {
						t.Fatal("RunUntil stopped early")
					}
					if next, ok2 := c.s.Next(); ok && ok2 && !(next > c.s.Now() || math.IsInf(next, 1)) {
						t.Fatalf("after RunUntil(%v) next event is at %v", c.s.Now(), next)
					}
				}
				c.verify(name)
				c.s.Reset()
				if c.s.Pending() != 0 || c.s.Now() != 0 || c.s.Steps() != 0 {
					t.Fatal("Reset left state behind")
				}
				c.seq, c.scheduled, c.handled = 0, c.scheduled[:0], c.handled[:0]
			}
		})
	}
}

func TestAgendaNextMatchesStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var last sim.Event
	s := sim.New(sim.HandlerFunc(func(s *sim.Sim, e sim.Event) {
		last = e
		if rng.IntN(2) == 0 {
			s.After(5*rng.ExpFloat64(), 0, 0, 0, 0)
		}
	}))
	for range 20000 {
		s.After(10*rng.ExpFloat64(), 0, 0, 0, 0)
	}
	for s.Pending() > 0 {
		next, ok := s.Next()
		p := s.Pending()
		if !ok || !s.Step() || last.At != next || s.Now() != next {
			t.Fatalf("Next() = %v, %v, then Step handled an event at %v", next, ok, last.At)
		}
		if s.Pending() < p-1 {
			t.Fatal("Step lost events")
		}
	}
	if _, ok := s.Next(); ok || s.Step() {
		t.Fatal("empty agenda still has events")
	}
}

func TestNegativeZeroTime(t *testing.T) {
	r := &recorder{}
	s := sim.New(r)
	for range 5000 {
		s.After(1, 0, 1, 0, 0)
	}
	s.At(math.Copysign(0, -1), 0, 0, 0, 0)
	s.Step()
	if len(r.got) != 1 || r.got[0] != 0 {
		t.Fatalf("event at -0 did not run first: handled %v", r.got)
	}
}

func TestNoAllocationPerEventLarge(t *testing.T) {
	for _, n := range []int{30000, 100000} {
		h := &mixedHolder{rng: rand.New(rand.NewPCG(1, 2))}
		s := sim.New(h)
		for i := range n {
			s.After(h.delay(), 0, int32(i), 0, 0)
		}
		for range 5 * n {
			s.Step()
		}
		if a := testing.AllocsPerRun(5*n, func() { s.Step() }); a != 0 {
			t.Fatalf("%d pending: %v allocations per event, want 0", n, a)
		}
	}
}
