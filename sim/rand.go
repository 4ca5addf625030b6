package sim

import "math/rand/v2"

// splitMix64 is one step of the SplitMix64 generator's output function: a
// bijective scrambler that turns neighbouring inputs into unrelated outputs.
func splitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Keys names the random streams of one replication. Every stream is derived
// from (Seed, Replication, purpose, key): purpose says what the numbers are
// for (arrivals, service times, ...) and key says whose they are (a team, an
// issue, a unit). The zero value is a valid seed.
type Keys struct {
	Seed        uint64 // the scenario's seed
	Replication uint64 // the replication number
}

// words scrambles (Seed, Replication, purpose, a, b) into two 64-bit words,
// one SplitMix64 step per input so that keys differing in one bit give
// unrelated words.
func (k Keys) words(purpose, a, b uint64) (uint64, uint64) {
	h := uint64(k.Prefix(purpose))
	h = splitMix64(h ^ a)
	h = splitMix64(h ^ b)
	return h, splitMix64(h ^ 0x5851f42d4c957f2d)
}

// A Prefix is the part of a key that stays fixed across many draws:
// (seed, replication, purpose), already scrambled, so that each draw only
// mixes in its own key. Prefix(p).Uniform(a, b) equals Uniform(p, a, b).
type Prefix uint64

// Prefix returns the prefix of purpose's keys.
func (k Keys) Prefix(purpose uint64) Prefix {
	h := splitMix64(k.Seed)
	h = splitMix64(h ^ k.Replication)
	return Prefix(splitMix64(h ^ purpose))
}

// With returns the prefix extended by a: p.With(a).One(b) equals
// p.Hash(a, b), so the draws of one key cost one step each.
func (p Prefix) With(a uint64) Prefix { return Prefix(splitMix64(uint64(p) ^ a)) }

// One returns 64 random bits for the last part b of a key under this
// prefix.
func (p Prefix) One(b uint64) uint64 { return splitMix64(uint64(p) ^ b) }

// Hash returns 64 random bits for the key (a, b) under this prefix.
func (p Prefix) Hash(a, b uint64) uint64 {
	return splitMix64(splitMix64(uint64(p)^a) ^ b)
}

// Uniform returns the keyed uniform number for (a, b) under this prefix, on
// the open interval (0, 1).
func (p Prefix) Uniform(a, b uint64) float64 {
	return (float64(p.Hash(a, b)>>11) + 0.5) / (1 << 53)
}

// Stream returns a new generator for (purpose, key): a math/rand/v2 PCG whose
// 128-bit state comes from the keys through SplitMix64. The same keys always
// give the same sequence.
func (k Keys) Stream(purpose, key uint64) *rand.Rand {
	return rand.New(rand.NewPCG(k.words(purpose, key, 0)))
}

// Reseed sets p to the start of the stream for (purpose, key) without
// allocating, so one generator can serve many keys in turn.
func (k Keys) Reseed(p *rand.PCG, purpose, key uint64) {
	p.Seed(k.words(purpose, key, 0))
}

// Uniform returns one number uniform on the open interval (0, 1) for the key
// (purpose, a, b). It keeps no state: the same key always gives the same
// number, which suits draws that belong to a pair of things, such as the
// service time of issue a at unit b.
func (k Keys) Uniform(purpose, a, b uint64) float64 {
	return k.Prefix(purpose).Uniform(a, b)
}

// NewStream returns the generator for (seed, replication, purpose, key); it
// is Keys{seed, replication}.Stream(purpose, key).
func NewStream(seed, replication, purpose, key uint64) *rand.Rand {
	return Keys{Seed: seed, Replication: replication}.Stream(purpose, key)
}
