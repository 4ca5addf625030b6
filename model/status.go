package model

import "math"

// UnitStatus is what a view shows of a unit's post: whether it is filled,
// and by whom.
type UnitStatus uint8

// Unit statuses.
const (
	StatusNormal     UnitStatus = iota // filled, at full strength
	StatusVacant                       // nobody serves: the queue waits (freeze, or before an interim)
	StatusSkipLevel                    // vacant; its work goes to the unit above
	StatusDeputy                       // vacant; a deputy takes a share of its work, the rest waits
	StatusInterim                      // an interim holds the post at reduced capacity and knowledge
	StatusRamping                      // a successor holds the post and is still ramping up
	StatusShort                        // a team with members missing or newcomers ramping up
	StatusDelegating                   // a leader under overload has delegated rights to the units below
)

var statusNames = [...]string{"normal", "vacant", "skip-level", "deputy", "interim", "ramping", "short", "delegating"}

// String returns the status's name.
func (s UnitStatus) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// UnitState is one unit's state now, for a view: its status, when that is
// expected to change (NaN when unknown or not applicable), the members
// present (teams), its queue (waiting plus in service) and the unit acting
// up for it (a deputy's index, −1 for none).
type UnitState struct {
	Status  UnitStatus
	Until   float64
	Present int
	Queue   int
	Deputy  int
}

// States writes the state of every unit, in the order of [Units], into dst
// and returns it. The model is the one place that knows what a disruption
// did: views read it here rather than redoing the disruption's logic.
func (r *Runner) States(dst []UnitState) []UnitState {
	dst = dst[:0]
	for u := range r.units {
		us := &r.units[u]
		st, until := r.statusOf(int32(u))
		dst = append(dst, UnitState{Status: st, Until: until, Present: us.present, Queue: int(us.queue.n + us.busy), Deputy: int(us.deputy)})
	}
	return dst
}

// statusOf returns unit u's status now and when it is expected to change,
// derived without changing anything (a view's reading must not alter the
// run): the post's succession state; past a successor's ramp-up, normal; a
// filled post of a team with members missing or a newcomer still more
// than 5 % short of full speed, short; a leader that has delegated,
// delegating.
func (r *Runner) statusOf(u int32) (UnitStatus, float64) {
	us, uc := &r.units[u], &r.cold[u]
	now := r.s.Now()
	st, until := uc.status, uc.until
	if st == StatusRamping && now >= until {
		st, until = StatusNormal, math.NaN()
	}
	if st != StatusNormal {
		return st, until
	}
	if int(u) < r.cfg.Work.Teams {
		if us.present < uc.full {
			return StatusShort, math.NaN()
		}
		for _, t0 := range uc.newcomers {
			if (1-uc.newF0)*math.Exp(-(now-t0)/uc.newTau) > 0.05 {
				return StatusShort, t0 + uc.newTau*math.Log((1-uc.newF0)/0.05)
			}
		}
	}
	if r.deleg != nil && r.deleg[u].on {
		return StatusDelegating, math.NaN()
	}
	return StatusNormal, math.NaN()
}

// Struck returns the units (indices into [Units]) that disruption d (an
// index into the scenario's disruptions, or an injected one after them)
// has struck so far, in order: the leader lost, the team that lost a
// member, each post attrition emptied. Surges, knowledge shocks and
// slowdowns strike every unit alike and list none.
func (r *Runner) Struck(d int) []int {
	if d < 0 || d >= len(r.dis) {
		return nil
	}
	out := make([]int, len(r.dis[d].struck))
	for i, u := range r.dis[d].struck {
		out[i] = int(u)
	}
	return out
}
