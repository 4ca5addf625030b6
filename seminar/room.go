package seminar

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The questions the presenter may put to the room.
const (
	// AskFirst asks, before a disruption, which organisation will recover
	// first from it.
	AskFirst = "first"
	// AskPeak asks, before a disruption, how high an organisation's
	// backlog will go.
	AskPeak = "peak"
	// AskVote asks the room which disruption should come next.
	AskVote = "vote"
)

// Bounds of the room's answers.
const (
	maxAnswerBody = 256
	maxPolls      = 200 // questions kept per session (the oldest go)
)

// poll is one question put to the room: a prediction of what the next
// disruption will do, or a vote on which disruption comes next.
type poll struct {
	id       int
	kind     string
	org      int // AskPeak: the organisation asked about
	question string
	options  []string
	edges    []float64 // AskPeak: the options' upper bounds (the last is +Inf)
	buttons  []Button  // AskVote: each option's button
	run      int
	opened   float64 // simulated time
	open     bool
	closed   float64 // simulated time it closed; NaN while open
	marker   int     // the disruption it predicts (an index into the run's markers); −1: none
	answers  map[string]answer
	order    []string       // voters in the order they first answered
	perAddr  map[string]int // voters per client address
	outcome  string         // what happened, so far or in the end
	correct  int            // the option that came true; −1: not (yet) known
	final    bool           // the outcome will not change
	logged   bool           // the final outcome is in the session log
	recovery [2]float64     // AskFirst: when each organisation came back within its margin; NaN: not yet
}

// answer is one voter's choice.
type answer struct {
	choice int
	addr   string
	wall   time.Time
}

// pollView is a question as the page shows it. The tally is shown once the
// question is closed, so that the room's answers do not sway one another.
type pollView struct {
	ID       int      `json:"id"`
	Kind     string   `json:"kind"`
	Question string   `json:"question"`
	Options  []string `json:"options"`
	Open     bool     `json:"open"`
	Answers  int      `json:"answers"`
	Counts   []int    `json:"counts,omitempty"`
	Outcome  string   `json:"outcome,omitempty"`
	Correct  int      `json:"correct"` // −1: not (yet) known
	Final    bool     `json:"final"`
}

func (p *poll) counts() []int {
	c := make([]int, len(p.options))
	for _, a := range p.answers {
		c[a.choice]++
	}
	return c
}

func (p *poll) view() *pollView {
	v := &pollView{ID: p.id, Kind: p.kind, Question: p.question, Options: p.options, Open: p.open, Answers: len(p.answers), Outcome: p.outcome, Correct: p.correct, Final: p.final}
	if !p.open {
		v.Counts = p.counts()
	}
	return v
}

// newPoll prepares a question of the given kind on the running session e.
func newPoll(id int, kind string, org int, e *session) (*poll, error) {
	p := &poll{id: id, kind: kind, org: org, run: e.run, opened: e.t, open: true, closed: math.NaN(), marker: -1,
		answers: map[string]answer{}, perAddr: map[string]int{}, correct: -1, recovery: [2]float64{math.NaN(), math.NaN()}}
	switch kind {
	case AskFirst:
		p.question = "After the next disruption, which organisation is back to normal first?"
		for _, s := range e.orgs {
			p.options = append(p.options, s.name)
		}
		p.options = append(p.options, "about the same (within a week)")
	case AskPeak:
		if org < 0 || org >= len(e.orgs) {
			return nil, fmt.Errorf("organisation %d: want 0 … %d", org, len(e.orgs)-1)
		}
		b := math.Max(e.smoothed(e.hourly[org]), 4)
		p.question = fmt.Sprintf("After the next disruption, how high does the %s's backlog go? (now %d)", e.orgs[org].name, int(math.Round(e.smoothed(e.hourly[org]))))
		lo := 0.0
		for _, f := range []float64{1.25, 2, 4} {
			hi := niceCeil(b * f)
			if hi <= lo {
				hi = lo + 1
			}
			if lo == 0 {
				p.options = append(p.options, fmt.Sprintf("up to %g", hi))
			} else {
				p.options = append(p.options, fmt.Sprintf("%g to %g", lo+1, hi))
			}
			p.edges = append(p.edges, hi)
			lo = hi
		}
		p.options = append(p.options, fmt.Sprintf("over %g", lo))
		p.edges = append(p.edges, math.Inf(1))
	case AskVote:
		p.question = "Which disruption should strike next?"
		for _, b := range Buttons {
			if e.refuse(b) == nil {
				p.options = append(p.options, b.Label())
				p.buttons = append(p.buttons, b)
			}
		}
		if len(p.options) == 0 {
			return nil, fmt.Errorf("no disruption can strike now")
		}
	default:
		return nil, fmt.Errorf("question %q: want %s, %s or %s", kind, AskFirst, AskPeak, AskVote)
	}
	return p, nil
}

// niceCeil rounds x up to a round number: 1, 2 or 5 times a power of ten,
// or a multiple of 10 above 20.
func niceCeil(x float64) float64 {
	if x <= 10 {
		return math.Ceil(x)
	}
	if x <= 100 {
		return math.Ceil(x/10) * 10
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Ceil(x/p) * p
}

// voterOK reports whether a voter id is acceptable: 8 to 64 letters,
// digits, - or _.
func voterOK(v string) bool {
	if len(v) < 8 || len(v) > 64 {
		return false
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// answer records voter's choice from client address addr; a voter may
// change their answer while the question is open. perClient bounds the
// voters of one address.
func (p *poll) answer(voter, addr string, choice, perClient int, now time.Time) error {
	switch {
	case !p.open:
		return fmt.Errorf("this question is closed")
	case choice < 0 || choice >= len(p.options):
		return fmt.Errorf("choice %d: want 0 … %d", choice, len(p.options)-1)
	case !voterOK(voter):
		return fmt.Errorf("voter: want 8 to 64 letters, digits, - or _")
	}
	if old, ok := p.answers[voter]; ok {
		old.choice, old.wall = choice, now
		p.answers[voter] = old
		return nil
	}
	if p.perAddr[addr] >= perClient {
		return fmt.Errorf("too many answers from your address (at most %d)", perClient)
	}
	p.perAddr[addr]++
	p.answers[voter] = answer{choice: choice, addr: addr, wall: now}
	p.order = append(p.order, voter)
	return nil
}

// close stops the answers at simulated time t.
func (p *poll) close(t float64) {
	if p.open {
		p.open = false
		p.closed = t
	}
}

// winner returns the vote's most chosen option (the first of a tie), or −1
// when nobody answered.
func (p *poll) winner() int {
	best, n := -1, 0
	for i, c := range p.counts() {
		if c > n {
			best, n = i, c
		}
	}
	return best
}

// resolve brings the outcome of a prediction up to date with session e,
// the run it belongs to: what its disruption has done so far, and which
// option came true once that is settled. A later disruption settles it as
// it stands then.
func (p *poll) resolve(e *session) {
	if p.final || p.kind == AskVote || p.marker < 0 || e.run != p.run || p.marker >= len(e.markers) {
		return
	}
	m := &e.markers[p.marker]
	cut := p.marker < len(e.markers)-1 // a later disruption struck
	ended := e.ended
	switch p.kind {
	case AskFirst:
		for o := range e.orgs {
			switch {
			case o >= 2 || !math.IsNaN(p.recovery[o]) || cut:
			case o < len(m.dis) && m.dis[o] < 0 && m.Button != "":
				p.recovery[o] = m.T // not struck at all
			case e.rec[o].hit == m.T && e.status(o) == "normal":
				p.recovery[o] = e.rec[o].lastOff
			}
		}
		r0, r1 := p.recovery[0], p.recovery[1]
		name := func(o int) string { return e.orgs[o].name }
		// back says how organisation o came back: "was not set back" or
		// "was back to normal after 2 weeks".
		back := func(o int, r float64) string {
			if r <= m.T {
				return "the " + name(o) + " was not set back"
			}
			return "the " + name(o) + " was back to normal after " + duration(r-m.T)
		}
		switch {
		case !math.IsNaN(r0) && !math.IsNaN(r1):
			d := r1 - r0
			switch {
			case math.Abs(d) < holdFor:
				p.correct = 2
				p.outcome = "within a week of each other: " + back(0, r0) + ", " + back(1, r1)
			case d > 0:
				p.correct, p.outcome = 0, "the "+name(0)+" first: "+back(0, r0)+", "+back(1, r1)
			default:
				p.correct, p.outcome = 1, "the "+name(1)+" first: "+back(1, r1)+", "+back(0, r0)
			}
			p.final = true
		case !math.IsNaN(r0) || !math.IsNaN(r1):
			o, r := 0, r0
			if math.IsNaN(r0) {
				o, r = 1, r1
			}
			p.outcome = back(o, r) + "; the " + name(1-o) + " is still recovering"
			if e.t-r >= holdFor || cut || ended {
				p.correct, p.final = o, true
				p.outcome = "the " + name(o) + " first: " + back(o, r) + "; the " + name(1-o) + " was still recovering"
			}
		default:
			p.outcome = "neither is back to normal yet"
			if cut || ended {
				p.final = true
				p.outcome = "neither was back to normal"
			}
		}
	case AskPeak:
		o := p.org
		if cut {
			// The peak up to the next disruption is the last one read
			// before it struck.
			p.final = true
			if p.outcome == "" {
				p.outcome = "cut short by the next disruption"
			}
			p.outcome = strings.Replace(p.outcome, " so far", " before the next disruption struck", 1)
			return
		}
		peak := 0.0
		if e.rec[o].hit == m.T {
			peak = e.rec[o].peak
		}
		k := 0
		for k < len(p.edges)-1 && peak > p.edges[k] {
			k++
		}
		p.correct = k
		p.outcome = fmt.Sprintf("the %s's backlog went up to %d so far", e.orgs[o].name, int(math.Round(peak)))
		if e.status(o) == "normal" || ended {
			p.final = true
			p.outcome = fmt.Sprintf("the %s's backlog went up to %d", e.orgs[o].name, int(math.Round(peak)))
		}
	}
	if p.final && cut && p.kind == AskFirst && p.correct < 0 {
		p.outcome += " when the next disruption struck"
	}
}

// roomCSV writes every question and answer as CSV: one row per answer (a
// question nobody answered has one row without an answer), with what
// happened.
func roomCSV(polls []*poll, e *session) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"run", "question_id", "kind", "question", "options", "opened_h", "opened_at", "closed_h", "disruption", "disruption_h", "voter", "answer", "answered_wall", "outcome", "came_true"})
	for _, p := range polls {
		closed := ""
		if !math.IsNaN(p.closed) {
			closed = strconv.FormatFloat(p.closed, 'f', 2, 64)
		}
		dis, disAt := "", ""
		if p.marker >= 0 && e != nil && e.run == p.run && p.marker < len(e.markers) {
			dis, disAt = e.markers[p.marker].Label, strconv.FormatFloat(e.markers[p.marker].T, 'f', 2, 64)
		} else if p.marker >= 0 {
			dis = "disruption " + strconv.Itoa(p.marker+1) + " of the run"
		}
		opts := ""
		for i, o := range p.options {
			if i > 0 {
				opts += " | "
			}
			opts += o
		}
		base := []string{strconv.Itoa(p.run), strconv.Itoa(p.id), p.kind, p.question, opts, strconv.FormatFloat(p.opened, 'f', 2, 64), clockLabel(p.opened), closed, dis, disAt}
		voters := slices.Clone(p.order)
		if len(voters) == 0 {
			w.Write(append(slices.Clone(base), "", "", "", p.outcome, ""))
		}
		for _, v := range voters {
			a := p.answers[v]
			came := ""
			if p.final && p.correct >= 0 && p.kind != AskVote {
				came = "no"
				if a.choice == p.correct {
					came = "yes"
				}
			}
			w.Write(append(slices.Clone(base), v, p.options[a.choice], a.wall.UTC().Format(time.RFC3339), p.outcome, came))
		}
	}
	w.Flush()
	return b.Bytes()
}
