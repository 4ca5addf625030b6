package model

// issueLog is what a run keeps of every issue, in order of arrival (an
// issue's index is its issue.rec), column by column so that no byte goes
// to padding: 34 bytes an issue for the metrics, the resilience signal and
// the paired comparisons. The full [IssueRecord] (64 bytes more) is kept
// only with Metrics.KeepIssues. The wait, service, comm and value columns
// serve the metrics alone and are let go when the Result is made; the
// others pass to the Result.
type issueLog struct {
	arrival []float64 // hours
	latency []float64 // hours; until the drain ended for a censored issue
	wait    []float32
	service []float32
	comm    []float32
	value   []float32
	class   []Class
	flags   []uint8
	full    []IssueRecord // with Metrics.KeepIssues; nil otherwise
}

// reserve makes room for n issues in every column, so that they never
// move while the run goes (a copy of a growing column would double its
// peak memory); keep says whether the full records are kept.
func (l *issueLog) reserve(n int, keep bool) {
	l.arrival = make([]float64, 0, n)
	l.latency = make([]float64, 0, n)
	l.wait = make([]float32, 0, n)
	l.service = make([]float32, 0, n)
	l.comm = make([]float32, 0, n)
	l.value = make([]float32, 0, n)
	l.class = make([]Class, 0, n)
	l.flags = make([]uint8, 0, n)
	l.full = nil
	if keep {
		l.full = make([]IssueRecord, 0, n)
	}
}

// add appends an issue arriving at t, still open, and returns its index.
func (l *issueLog) add(t float64) int32 {
	i := int32(len(l.arrival))
	l.arrival = append(l.arrival, t)
	l.latency = append(l.latency, 0)
	l.wait = append(l.wait, 0)
	l.service = append(l.service, 0)
	l.comm = append(l.comm, 0)
	l.value = append(l.value, 0)
	l.class = append(l.class, 0)
	l.flags = append(l.flags, 0)
	if l.full != nil {
		l.full = append(l.full, IssueRecord{})
	}
	return i
}

// len returns the number of issues logged.
func (l *issueLog) len() int { return len(l.arrival) }
