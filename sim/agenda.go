package sim

import (
	"math"
	"math/bits"
	"slices"
)

// The agenda has two modes. While it is small it is a plain 4-ary min-heap.
// Once it holds more than bucketAbove events it becomes a ladder of three
// tiers, each holding only events due later than every event of the tier
// before it:
//
//   - the heap, holding the events due soonest;
//   - a calendar of unsorted buckets of equal width, each loaded into the
//     heap (and heapified) when the heap runs empty;
//   - far, an unsorted list of everything due after the last bucket, spread
//     into a fresh calendar when both the heap and the calendar are empty.
//
// Which tier an event goes to depends only on its time, through the
// monotone bucket coordinate f = (t-base)*invW, so equal times always share a
// tier and the heap, which orders by (time, sequence), keeps them first in,
// first out. Pushes cost O(1) outside the heap and the heap stays about one
// bucket deep; each event is moved a bounded number of times on average.
// When a rebuild finds fewer than heapBelow events the agenda falls back to a
// single heap.
//
// While the agenda is small, events the caller marks as far off (a Poisson
// source's next arrival, see [Sim.AtFar]) go to a second 4-ary heap, later,
// and the earliest event is the lesser of the two tops. Which heap an event
// sits in never changes the order, only the cost: the events due soon (a
// service's end) then sift through a heap of a handful instead of one
// holding every source's next arrival, and a source's next arrival replaces
// the one just handled in its own heap.
const (
	bucketAbove = 4096 // heap size above which the agenda grows a calendar
	heapBelow   = 1024 // far size below which a rebuild returns to one heap
	perBucket   = 16   // events per bucket aimed at when building a calendar
	chunkSize   = 16   // events per storage chunk of a bucket
	samples     = 64   // times sampled from far to place the calendar
)

// An item is an event as the agenda stores it: key is math.Float64bits of
// the time, which orders like the time itself because times are never
// negative (and -0 is stored as +0).
type item struct {
	key  uint64
	seq  uint64
	kind int32
	a    int32
	b    int32
	c    int32
}

func (it *item) event() Event {
	return Event{At: math.Float64frombits(it.key), Seq: it.seq, Kind: it.kind, A: it.a, B: it.b, C: it.c}
}

// less reports whether x is due before y: earlier key, or the same key and
// scheduled earlier. It compares (key, seq) as one 128-bit number, by the
// borrow of a subtraction, so that it has no branch to mispredict.
func less(x, y *item) bool {
	_, b := bits.Sub64(x.seq, y.seq, 0)
	_, b = bits.Sub64(x.key, y.key, b)
	return b != 0
}

// bucket is one calendar bucket: a chain of chunks in agenda.pool, from the
// tail chunk (filled up to fill) back through agenda.prev.
type bucket struct{ tail, fill int32 }

type agenda struct {
	n        int    // pending events in all tiers
	heap     []item // 4-ary min-heap on (key, seq)
	later    []item // 4-ary min-heap of events marked far off; empty while bucketed
	bucketed bool   // whether the calendar and far tiers are in use

	base, invW float64 // bucket coordinate f = (t-base)*invW
	heapEnd    float64 // events with f < heapEnd go to the heap
	bucketEnd  float64 // events with heapEnd <= f < bucketEnd go to bucket int(f)
	cur        int     // next bucket to load into the heap
	buckets    []bucket
	pool       []item  // bucket storage, chunkSize items per chunk
	prev       []int32 // per chunk: the bucket's previous chunk, or the next free chunk
	free       int32   // first free chunk, or -1
	far        []item  // unsorted events with f >= bucketEnd
	sample     []uint64
}

func (q *agenda) reset() {
	q.n = 0
	q.heap = q.heap[:0]
	q.later = q.later[:0]
	q.bucketed = false
	q.buckets = q.buckets[:0]
	q.pool, q.prev, q.free = q.pool[:0], q.prev[:0], -1
	q.far = q.far[:0]
}

func (q *agenda) grow(n int) {
	q.heap = slices.Grow(q.heap, n)
	q.later = slices.Grow(q.later, n)
	if q.n+n > bucketAbove {
		q.far = slices.Grow(q.far, q.n+n-len(q.far))
	}
}

func (q *agenda) push(e item) {
	q.n++
	if !q.bucketed {
		q.heap = heapPush(q.heap, e)
		if len(q.heap)+len(q.later) > bucketAbove {
			q.toCalendar()
		}
		return
	}
	q.pushBucketed(e)
}

// pushLater inserts e, an event marked far off, into later while the agenda
// is a pair of heaps, or into its tier when it is a ladder.
func (q *agenda) pushLater(e item) {
	q.n++
	if q.bucketed {
		q.pushBucketed(e)
		return
	}
	q.later = heapPush(q.later, e)
	if len(q.heap)+len(q.later) > bucketAbove {
		q.toCalendar()
	}
}

// toCalendar moves everything to far; the next pop spreads it into a
// calendar.
func (q *agenda) toCalendar() {
	q.far = append(append(q.far[:0], q.heap...), q.later...)
	q.heap, q.later = q.heap[:0], q.later[:0]
	q.bucketed = true
	q.base, q.invW = 0, 1
	q.heapEnd, q.bucketEnd = math.Inf(-1), math.Inf(-1)
	q.cur, q.buckets = 0, q.buckets[:0]
	q.pool, q.prev, q.free = q.pool[:0], q.prev[:0], -1
}

// pushBucketed inserts e into its tier of the ladder.
func (q *agenda) pushBucketed(e item) {
	f := (math.Float64frombits(e.key) - q.base) * q.invW
	switch {
	case f < q.heapEnd:
		q.heap = heapPush(q.heap, e)
	case f < q.bucketEnd:
		q.add(int(f), e)
	default:
		q.far = append(q.far, e)
	}
}

// inHeapTier reports whether an event due at t belongs in the heap tier.
func (q *agenda) inHeapTier(t float64) bool {
	return !q.bucketed || (t-q.base)*q.invW < q.heapEnd
}

// add appends e to bucket i, taking a new chunk when its tail chunk is full.
func (q *agenda) add(i int, e item) {
	b := &q.buckets[i]
	if b.tail < 0 || b.fill == chunkSize {
		c := q.free
		if c >= 0 {
			q.free = q.prev[c]
		} else {
			c = int32(len(q.prev))
			q.prev = append(q.prev, 0)
			q.pool = slices.Grow(q.pool, chunkSize)[:len(q.pool)+chunkSize]
		}
		q.prev[c] = b.tail
		b.tail, b.fill = c, 0
	}
	q.pool[int(b.tail)*chunkSize+int(b.fill)] = e
	b.fill++
}

// top returns the earliest pending event, which must exist, refilling the
// heap from the calendar or far first if it is empty.
func (q *agenda) top() *item {
	if len(q.later) > 0 {
		if q.laterFirst() {
			return &q.later[0]
		}
		return &q.heap[0]
	}
	for len(q.heap) == 0 {
		if q.cur < len(q.buckets) {
			b := q.buckets[q.cur]
			q.cur++
			q.heapEnd = float64(q.cur)
			n := int(b.fill)
			for c := b.tail; c >= 0; {
				at := int(c) * chunkSize
				q.heap = append(q.heap, q.pool[at:at+n]...)
				n = chunkSize
				c, q.prev[c], q.free = q.prev[c], q.free, c
			}
			heapify(q.heap)
			continue
		}
		q.rebuild()
	}
	return &q.heap[0]
}

// laterFirst reports, with later not empty (so the agenda is not a ladder
// and the heap holds every other event), whether later's top is due first.
func (q *agenda) laterFirst() bool {
	return len(q.heap) == 0 || less(&q.later[0], &q.heap[0])
}

// drop removes the earliest pending event, which must exist. Its caller
// has handled it in place at the top (see Sim.handle), so it is not
// returned: copying it out cost a stalled store-to-load forward per event.
func (q *agenda) drop() {
	q.n--
	if len(q.later) > 0 && q.laterFirst() {
		q.later = heapDrop(q.later)
		return
	}
	if len(q.heap) == 0 {
		q.top()
	}
	q.heap = heapDrop(q.heap)
}

// rebuild spreads far, with the heap and calendar empty, into a new calendar
// covering about half of it, or back into a single heap if it is small.
func (q *agenda) rebuild() {
	far := q.far
	m := len(far)
	lo := far[0].key
	for i := range far {
		lo = min(lo, far[i].key)
	}
	if m < heapBelow || lo == math.Float64bits(math.Inf(1)) {
		q.heap = append(q.heap, far...)
		q.far = far[:0]
		heapify(q.heap)
		if m < heapBelow {
			q.bucketed = false
		} else {
			// Everything left is due at +Inf: later pushes of finite times
			// go to the heap, of +Inf to far.
			q.base, q.invW = 0, 1
			q.heapEnd, q.bucketEnd = math.Inf(1), math.Inf(1)
			q.cur, q.buckets = 0, q.buckets[:0]
		}
		return
	}
	// Cover far up to its sampled median with buckets of perBucket events.
	s := q.sample[:0]
	for i := range samples {
		s = append(s, far[i*(m/samples)].key)
	}
	slices.Sort(s)
	q.sample = s
	tlo, thi := math.Float64frombits(lo), math.Float64frombits(s[samples/2])
	nb := max(m/2/perBucket, 1)
	w := (thi - tlo) / float64(nb)
	if !(w > 0) || math.IsInf(w, 0) || math.IsInf(1/w, 0) {
		// At least half of far is due at one instant, within a few ulps,
		// or the median is +Inf: one narrow bucket takes the earliest.
		w = math.Max(tlo*0x1p-40, 0x1p-40)
		nb = 1
	}
	q.base, q.invW = tlo, 1/w
	q.cur, q.heapEnd, q.bucketEnd = 0, 0, float64(nb)
	q.buckets = slices.Grow(q.buckets[:0], nb)[:nb]
	for i := range q.buckets {
		q.buckets[i] = bucket{tail: -1}
	}
	j := 0
	for i := range far {
		e := far[i]
		if f := (math.Float64frombits(e.key) - q.base) * q.invW; f < q.bucketEnd {
			q.add(int(f), e)
		} else {
			far[j] = e
			j++
		}
	}
	q.far = far[:j]
}

// heapPush inserts e into the 4-ary heap h, moving the hole up from the end.
func heapPush(h []item, e item) []item {
	h = append(h, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !less(&e, &h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	return h
}

// heapDrop removes the root of h: the last element fills the hole and
// sinks.
func heapDrop(h []item) []item {
	n := len(h) - 1
	if n > 0 {
		siftDown(h[:n], 0, h[n])
	}
	return h[:n]
}

// heapify orders h as a 4-ary heap.
func heapify(h []item) {
	if len(h) < 2 {
		return
	}
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		siftDown(h, i, h[i])
	}
}

// siftDown places e at hole i or below, moving smaller children up. The
// least of four children is found as a tournament of branch-free compares.
func siftDown(h []item, i int, e item) {
	n := len(h)
	for {
		first := 4*i + 1
		best := first
		if first+4 <= n {
			g := h[first : first+4 : first+4]
			x := 0
			if less(&g[1], &g[0]) {
				x = 1
			}
			y := 2
			if less(&g[3], &g[2]) {
				y = 3
			}
			if less(&g[y], &g[x]) {
				x = y
			}
			best += x
		} else {
			if first >= n {
				break
			}
			for j := first + 1; j < n; j++ {
				if less(&h[j], &h[best]) {
					best = j
				}
			}
		}
		if !less(&h[best], &e) {
			break
		}
		h[i] = h[best]
		i = best
	}
	h[i] = e
}
