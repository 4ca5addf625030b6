package sim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/orgsim/orgsim/sim"
)

// recorder remembers the operand A of every event it handles.
type recorder struct{ got []int32 }

func (r *recorder) Handle(s *sim.Sim, e sim.Event) { r.got = append(r.got, e.A) }

func TestEqualTimesRunInSchedulingOrder(t *testing.T) {
	r := &recorder{}
	s := sim.New(r)
	for i := range 50 {
		s.After(1, 0, int32(i), 0, 0)
	}
	s.Run()
	want := make([]int32, 50)
	for i := range want {
		want[i] = int32(i)
	}
	if !slices.Equal(r.got, want) {
		t.Fatalf("order = %v, want 0..49", r.got)
	}
}

func TestEventsRunInTimeOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var times []float64
	s := sim.New(sim.HandlerFunc(func(s *sim.Sim, e sim.Event) {
		times = append(times, s.Now())
		if e.At != s.Now() {
			t.Fatalf("clock %v at event due %v", s.Now(), e.At)
		}
		if e.A < 3 { // some events schedule more, some at the same instant
			s.After(float64(rng.IntN(3)), 0, e.A+1, 0, 0)
		}
	}))
	for range 2000 {
		s.After(float64(rng.IntN(100)), 0, 0, 0, 0)
	}
	s.Run()
	if len(times) != 2000*4 {
		t.Fatalf("handled %d events, want %d", len(times), 8000)
	}
	if !slices.IsSorted(times) {
		t.Fatal("events were not handled in time order")
	}
}

func TestRunUntilAndStop(t *testing.T) {
	r := &recorder{}
	s := sim.New(r)
	s.After(1, 0, 1, 0, 0)
	s.After(2, 0, 2, 0, 0)
	s.After(3, 0, 3, 0, 0)
	if !s.RunUntil(2) {
		t.Fatal("RunUntil(2) stopped early")
	}
	if s.Now() != 2 || !slices.Equal(r.got, []int32{1, 2}) || s.Pending() != 1 {
		t.Fatalf("now %v, handled %v, pending %d; want 2, [1 2], 1", s.Now(), r.got, s.Pending())
	}
	s.RunUntil(2.5)
	if s.Now() != 2.5 {
		t.Fatalf("clock %v after RunUntil(2.5), want 2.5", s.Now())
	}
	if next, ok := s.Next(); !ok || next != 3 {
		t.Fatalf("Next() = %v, %v; want 3, true", next, ok)
	}

	stopAt2 := sim.New(sim.HandlerFunc(func(s *sim.Sim, e sim.Event) {
		if e.A == 2 {
			s.Stop()
		}
	}))
	for i := int32(1); i <= 3; i++ {
		stopAt2.After(float64(i), 0, i, 0, 0)
	}
	if stopAt2.Run() || stopAt2.Now() != 2 || stopAt2.Pending() != 1 {
		t.Fatalf("Stop: now %v pending %d, want 2 and 1", stopAt2.Now(), stopAt2.Pending())
	}
	if !stopAt2.Run() || stopAt2.Now() != 3 {
		t.Fatalf("Run after Stop did not finish: now %v", stopAt2.Now())
	}
	if stopAt2.Steps() != 3 {
		t.Fatalf("Steps() = %d, want 3", stopAt2.Steps())
	}
}

func TestMisusePanics(t *testing.T) {
	for name, f := range map[string]func(s *sim.Sim){
		"negative delay": func(s *sim.Sim) { s.After(-1, 0, 0, 0, 0) },
		"NaN delay":      func(s *sim.Sim) { s.After(math.NaN(), 0, 0, 0, 0) },
		"past time":      func(s *sim.Sim) { s.RunUntil(5); s.At(4, 0, 0, 0, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil {
					t.Fatal("no panic")
				}
			}()
			f(sim.New(&recorder{}))
		})
	}
}

func TestNoAllocationPerEvent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := sim.New(sim.HandlerFunc(func(s *sim.Sim, e sim.Event) {
		s.After(rng.ExpFloat64(), e.Kind, e.A, e.B, e.C)
	}))
	for i := range 1000 {
		s.After(rng.ExpFloat64(), 0, int32(i), 0, 0)
	}
	if a := testing.AllocsPerRun(10000, func() { s.Step() }); a != 0 {
		t.Fatalf("%v allocations per event, want 0", a)
	}
}

func TestKeyedStreams(t *testing.T) {
	k := sim.Keys{Seed: 42, Replication: 3}
	a, b := k.Stream(1, 7), k.Stream(1, 7)
	other := k.Stream(1, 8)
	same, differ := true, 0
	for range 100 {
		x, y, z := a.Uint64(), b.Uint64(), other.Uint64()
		same = same && x == y
		if x != z {
			differ++
		}
	}
	if !same || differ < 99 {
		t.Fatalf("same key equal: %v; different key differs %d/100", same, differ)
	}
	// Reading one stream must not shift another.
	c := k.Stream(1, 8)
	for range 1000 {
		k.Stream(1, 7).Uint64()
	}
	if c.Uint64() != sim.NewStream(42, 3, 1, 8).Uint64() {
		t.Fatal("stream (1,8) depends on reads of stream (1,7)")
	}
	var p rand.PCG
	k.Reseed(&p, 1, 7)
	if p.Uint64() != k.Stream(1, 7).Uint64() {
		t.Fatal("Reseed and Stream disagree")
	}
	// Neighbouring replications and keys give unrelated uniforms.
	var sum float64
	const n = 100000
	for i := range uint64(n) {
		u := k.Uniform(2, i, 0)
		if !(u > 0 && u < 1) {
			t.Fatalf("Uniform = %v, outside (0,1)", u)
		}
		sum += u
	}
	if mean := sum / n; math.Abs(mean-0.5) > 3*math.Sqrt(1.0/12/n) {
		t.Fatalf("mean of %d keyed uniforms = %v, want 0.5 ± 3 SE", n, mean)
	}
	if k.Prefix(2).With(5).One(9) != k.Prefix(2).Hash(5, 9) {
		t.Fatal("With and One disagree with Hash")
	}
	if k.Prefix(2).Uniform(5, 9) != k.Uniform(2, 5, 9) {
		t.Fatal("Prefix.Uniform and Uniform disagree")
	}
	if k.Uniform(2, 5, 9) != k.Uniform(2, 5, 9) || k.Uniform(2, 5, 9) == k.Uniform(2, 9, 5) {
		t.Fatal("Uniform is not a function of its ordered key")
	}
}

func TestPacerFollowsTheWallClock(t *testing.T) {
	wall := time.Unix(1000, 0)
	clock := func() time.Time { return wall }
	var handled []float64
	s := sim.New(sim.HandlerFunc(func(s *sim.Sim, e sim.Event) { handled = append(handled, s.Now()) }))
	for i := 1; i <= 10; i++ {
		s.At(float64(i), 0, 0, 0, 0)
	}
	p := sim.NewPacer(s, 2, clock) // 2 working hours per second
	if got := p.Advance(100); got != 0 || len(handled) != 0 {
		t.Fatalf("a paused pacer advanced to %v", got)
	}
	p.Resume()
	wall = wall.Add(1500 * time.Millisecond)
	if got := p.Advance(100); got != 3 || len(handled) != 3 {
		t.Fatalf("after 1.5 s at 2 h/s: time %v, %d events; want 3, 3", got, len(handled))
	}
	p.SetSpeed(4)
	wall = wall.Add(time.Second)
	if got := p.Advance(100); got != 7 {
		t.Fatalf("after 1 s more at 4 h/s: time %v, want 7", got)
	}
	p.Pause()
	wall = wall.Add(time.Hour)
	if got := p.Advance(100); got != 7 {
		t.Fatalf("paused pacer moved to %v", got)
	}
	p.Resume()
	wall = wall.Add(10 * time.Second)
	if got := p.Advance(8.5); got != 8.5 || len(handled) != 8 {
		t.Fatalf("capped Advance reached %v with %d events; want 8.5, 8", got, len(handled))
	}
}

func ExampleSim() {
	// Two requests: the kernel hands them to the handler in time order.
	s := sim.New(sim.HandlerFunc(func(s *sim.Sim, e sim.Event) {
		fmt.Printf("t=%v event %d\n", s.Now(), e.A)
	}))
	s.After(2, 0, 1, 0, 0)
	s.After(1, 0, 2, 0, 0)
	s.Run()
	// Output:
	// t=1 event 2
	// t=2 event 1
}

func ExampleKeys_Uniform() {
	k := sim.Keys{Seed: 1, Replication: 0}
	// The same key gives the same number, whatever was drawn before.
	fmt.Println(k.Uniform(7, 100, 3) == k.Uniform(7, 100, 3))
	// Output: true
}
