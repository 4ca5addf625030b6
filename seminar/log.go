package seminar

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// A LogEntry is one line of a session log (JSON Lines). A run starts with
// an entry of kind "start" that says what ran; each press that took effect
// follows as an entry of kind "press" with the simulated time at which it
// struck. The log holds everything needed to re-run the session. Entries
// of kind "poll" record a question put to the room, its tally when it
// closed and, once settled, what happened; a replay does not need them.
type LogEntry struct {
	Run  int    `json:"run"`            // the run's number in the session, from 1
	Kind string `json:"kind"`           // "start" or "press"
	Wall string `json:"wall,omitempty"` // wall-clock time (RFC 3339), for people only

	// start
	Scenario      string   `json:"scenario,omitempty"` // the scenario's file, or embedded:NAME
	Hash          string   `json:"hash,omitempty"`     // the resolved scenario's SHA-256
	Seed          uint64   `json:"seed"`
	Organisations []string `json:"organisations,omitempty"`
	Scripted      bool     `json:"scripted,omitempty"` // the scenario's own disruptions ran too
	Params        *Params  `json:"params,omitempty"`   // the sliders' values, where any was moved
	End           float64  `json:"end,omitempty"`      // when the run was to end, working hours (0: the scenario's horizon)

	// press
	T      float64 `json:"t"`                // simulated time, working hours
	Button Button  `json:"button,omitempty"` // which button
	Team   string  `json:"team,omitempty"`   // team-lead: the team whose leader left

	// poll
	Poll     int      `json:"poll,omitempty"`     // the question's number in the session
	Question string   `json:"question,omitempty"` // as the room read it
	Options  []string `json:"options,omitempty"`
	Counts   []int    `json:"counts,omitempty"`  // answers per option
	Outcome  string   `json:"outcome,omitempty"` // what happened, so far or in the end
	Correct  *int     `json:"correct,omitempty"` // the option that came true (−1: none), once settled
}

// A LoggedRun is one run of a session log: its start, its presses in
// order, and the questions put to the room during it.
type LoggedRun struct {
	Start   LogEntry
	Presses []LogEntry
	Polls   []LogEntry
}

// ReadLog reads a session log and returns its runs in order. A line that is
// not a valid entry is an error naming the line.
func ReadLog(r io.Reader) ([]LoggedRun, error) {
	var runs []LoggedRun
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var e LogEntry
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("line %d: not a session log entry: %v", line, err)
		}
		switch e.Kind {
		case "start":
			runs = append(runs, LoggedRun{Start: e})
		case "press":
			if len(runs) == 0 {
				return nil, fmt.Errorf("line %d: a press before any run started", line)
			}
			if !validButton(e.Button) {
				return nil, fmt.Errorf("line %d: unknown button %q (allowed: %s)", line, e.Button, buttonList())
			}
			if !finite(e.T) || e.T < 0 {
				return nil, fmt.Errorf("line %d: time %v is not allowed (allowed: a time ≥ 0)", line, e.T)
			}
			last := &runs[len(runs)-1]
			if n := len(last.Presses); n > 0 && e.T < last.Presses[n-1].T {
				return nil, fmt.Errorf("line %d: presses go back in time (%v h after %v h)", line, e.T, last.Presses[n-1].T)
			}
			last.Presses = append(last.Presses, e)
		case "poll":
			if len(runs) == 0 {
				return nil, fmt.Errorf("line %d: a question before any run started", line)
			}
			k := len(runs) - 1
			for i := k; i >= 0; i-- {
				if runs[i].Start.Run == e.Run {
					k = i
					break
				}
			}
			runs[k].Polls = append(runs[k].Polls, e)
		default:
			return nil, fmt.Errorf("line %d: unknown kind %q (allowed: start, press, poll)", line, e.Kind)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("no run in the log (a log starts with a line of kind \"start\")")
	}
	return runs, nil
}

func buttonList() string {
	var s []string
	for _, b := range Buttons {
		s = append(s, string(b))
	}
	return strings.Join(s, ", ")
}
