// Package sim is orgsim's discrete-event kernel: a clock, an agenda of flat
// typed events, keyed random streams and a wall-clock pacer. It knows nothing
// about what it simulates.
//
// # Events and the agenda
//
// An [Event] is a small pointer-free record: a time, a sequence number and a
// few integer operands whose meaning belongs to the caller. The agenda orders
// events by (time, sequence), so events due at the same time run in the order
// they were scheduled (first in, first out). While it is small it is a 4-ary
// min-heap; past a few thousand pending events it becomes a ladder: the heap
// holds only the soonest events, and later ones wait in unsorted time
// buckets and a far list that are sorted into the heap as the clock reaches
// them. A [Sim] hands every event it pops to one [Handler]; handlers schedule
// further events with [Sim.After] or [Sim.At], or with [Sim.AtFar] for one
// that is likely due after most of those pending (a source's next arrival):
// while the agenda is small those wait in a heap of their own, which changes
// the cost of the agenda but never the order of events. Nothing is allocated
// per event once the agenda has grown to its working size.
//
// Work that takes no simulated time is best done inline by the handler rather
// than scheduled with a zero delay: a zero-delay event still goes through the
// agenda, behind every event already due at the same instant.
//
// # Time
//
// Time is a float64 count of working hours: the clock runs only while the
// simulated people work. [Day] is 8 hours, [Week] 5 days (40 hours) and
// [Year] 50 weeks (2,000 hours).
//
// # Randomness
//
// Random numbers come from keyed streams, never from a shared or global
// generator: [NewStream] derives a generator from (seed, replication, purpose,
// key) through SplitMix64 into a math/rand/v2 PCG, and [Keys.Uniform] gives a
// single uniform number for a key without any generator state. Reading one
// stream never shifts another, so two models fed the same keys see the same
// numbers however their events interleave.
//
// # Pacing
//
// [Pacer] wraps a Sim and advances it in step with the wall clock, for live
// views. It is a wrapper around [Sim.Step]; the kernel itself never looks at
// the wall clock.
package sim
