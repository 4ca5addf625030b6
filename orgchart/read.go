package orgchart

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Columns names the columns of the chart to read. Names match the header
// without regard to case or surrounding spaces.
type Columns struct {
	ID      string // the person's id; required
	Manager string // the id of the person's manager, empty for the top; required
	// Team is the person's team; "" for none, and a default name that the
	// header lacks is taken as none (teams are then each manager's direct
	// reports who manage nobody).
	Team string
	// Role is the person's role (job title); "" for none, and a default
	// name that the header lacks is taken as none. Only Options.CoachRoles
	// uses it.
	Role string
	// Keep lists other columns to carry into the scenario's comments
	// beside each person's unit. Nothing else is read: personal data
	// stays out unless asked for.
	Keep []string
}

// DefaultColumns returns the column names read when none are given: id,
// manager_id, team and role.
func DefaultColumns() Columns {
	return Columns{ID: "id", Manager: "manager_id", Team: "team", Role: "role"}
}

// Person is one row of the chart, with only the columns asked for.
type Person struct {
	ID, Manager string
	Team, Role  string
	Kept        []string // the values of Columns.Keep, in that order
	Line        int      // the CSV line the row starts on
}

// Chart is an organisation chart that passed every check: unique ids,
// known managers, one person at the top, no cycle, a team for everyone
// who manages nobody (when teams are read).
type Chart struct {
	File     string   // the file's name, for messages
	Columns  Columns  // the columns read; Team and Role are "" when absent
	People   []Person // in CSV order
	Top      int      // index of the person at the top
	Reports  [][]int  // per person, their direct reports in CSV order
	HasTeams bool     // the team column was read
}

// Problem is one thing wrong with a chart, at a line of its file (1 is the
// header).
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Error lists every problem found in a chart, in line order.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// maxProblems bounds the problems an Error lists; one more line says how
// many were left out.
const maxProblems = 20

// MaxPeople bounds the people of a chart (a scenario has at most 1,000,000
// teams).
const MaxPeople = 2_000_000

// Read reads a chart from r; file names it in messages. A problem with the
// CSV or the columns is an *Error naming the line; every problem of the
// rows is reported at once.
func Read(r io.Reader, file string, cols Columns) (*Chart, error) {
	// A UTF-8 byte-order mark, as spreadsheets write, is not part of the
	// first column's name.
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	fail := func(line int, format string, args ...any) error {
		return &Error{[]Problem{{file, line, fmt.Sprintf(format, args...)}}}
	}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fail(1, "empty file: want a header with the columns %q and %q", cols.ID, cols.Manager)
		}
		return nil, csvError(file, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	find := func(name string) int {
		for i, h := range header {
			if strings.EqualFold(h, strings.TrimSpace(name)) {
				return i
			}
		}
		return -1
	}
	def := DefaultColumns()
	col := func(name, what string, required bool) (int, error) {
		if name == "" {
			return -1, nil
		}
		i := find(name)
		if i < 0 && (required || name != def.Team && name != def.Role) {
			return -1, fail(1, "no column %q for %s (the header has %s)", name, what, strings.Join(quoteAll(header), ", "))
		}
		return i, nil
	}
	id, err := col(cols.ID, "the person's id", true)
	if err != nil {
		return nil, err
	}
	mgr, err := col(cols.Manager, "the manager's id", true)
	if err != nil {
		return nil, err
	}
	if id == mgr {
		return nil, fail(1, "the id and the manager's id are the same column %q", header[id])
	}
	team, err := col(cols.Team, "the team", false)
	if err != nil {
		return nil, err
	}
	role, err := col(cols.Role, "the role", false)
	if err != nil {
		return nil, err
	}
	keep := make([]int, len(cols.Keep))
	for k, name := range cols.Keep {
		if keep[k], err = col(name, "a column to keep", true); err != nil {
			return nil, err
		}
	}
	c := &Chart{File: file, Columns: Columns{ID: header[id], Manager: header[mgr], Keep: cols.Keep}}
	if team >= 0 {
		c.Columns.Team, c.HasTeams = header[team], true
	}
	if role >= 0 {
		c.Columns.Role = header[role]
	}

	var problems []Problem
	add := func(line int, format string, args ...any) {
		problems = append(problems, Problem{file, line, fmt.Sprintf(format, args...)})
	}
	index := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(c.People) == MaxPeople {
			return nil, fail(line, "more than %d people (allowed: at most %d)", MaxPeople, MaxPeople)
		}
		field := func(i int) string {
			if i < 0 {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		p := Person{ID: field(id), Manager: field(mgr), Team: field(team), Role: field(role), Line: line}
		for _, k := range keep {
			p.Kept = append(p.Kept, field(k))
		}
		switch first, dup := index[p.ID]; {
		case p.ID == "":
			add(line, "empty id (column %q)", c.Columns.ID)
		case dup:
			add(line, "duplicate id %q (first on line %d)", p.ID, c.People[first].Line)
		default:
			index[p.ID] = len(c.People)
		}
		c.People = append(c.People, p)
	}
	if len(c.People) == 0 {
		return nil, fail(1, "no people: the file has a header and no rows")
	}
	if len(problems) > 0 {
		return nil, errorOf(problems)
	}

	// Managers, the top and the reports.
	c.Reports = make([][]int, len(c.People))
	c.Top = -1
	var tops []int
	for i, p := range c.People {
		if p.Manager == "" {
			tops = append(tops, i)
			continue
		}
		m, ok := index[p.Manager]
		if !ok {
			add(p.Line, "the manager %q of %q is not in the chart (column %q)", p.Manager, p.ID, c.Columns.Manager)
			continue
		}
		c.Reports[m] = append(c.Reports[m], i)
	}
	if c.HasTeams {
		for i, p := range c.People {
			if p.Team == "" && len(c.Reports[i]) == 0 {
				add(p.Line, "empty team for %q, who manages nobody (column %q; everyone who manages nobody works in a team)", p.ID, c.Columns.Team)
			}
		}
	}
	if len(problems) > 0 {
		return nil, errorOf(problems)
	}
	if len(tops) > 1 {
		a, b := c.People[tops[0]], c.People[tops[1]]
		more := ""
		if n := len(tops) - 2; n > 0 {
			more = fmt.Sprintf(" (and %d more)", n)
		}
		return nil, fail(b.Line, "several people have no manager: %q, and %q on line %d%s; a chart has one person at the top",
			b.ID, a.ID, a.Line, more)
	}
	if cycles := c.cycles(index); len(cycles) > 0 {
		return nil, errorOf(cycles)
	}
	c.Top = tops[0]
	if len(c.Reports[c.Top]) == 0 {
		return nil, fail(c.People[c.Top].Line, "%q, at the top, manages nobody: the chart has no team", c.People[c.Top].ID)
	}
	return c, nil
}

// cycles finds every cycle of the reporting lines, each named from its
// person on the earliest line, at that line.
func (c *Chart) cycles(index map[string]int) []Problem {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(c.People))
	var problems []Problem
	var path []int
	for start := range c.People {
		path = path[:0]
		u := start
		for u >= 0 && state[u] == unseen {
			state[u] = onPath
			path = append(path, u)
			m, ok := index[c.People[u].Manager]
			if !ok {
				m = -1 // the top
			}
			u = m
		}
		if u >= 0 && state[u] == onPath {
			// The cycle is the part of the path from u on.
			k := 0
			for path[k] != u {
				k++
			}
			cyc := path[k:]
			first := 0
			for j, v := range cyc {
				if c.People[v].Line < c.People[cyc[first]].Line {
					first = j
				}
			}
			ids := make([]string, 0, len(cyc)+1)
			for j := range cyc {
				ids = append(ids, c.People[cyc[(first+j)%len(cyc)]].ID)
			}
			ids = append(ids, ids[0])
			problems = append(problems, Problem{c.File, c.People[cyc[first]].Line,
				"cycle in the reporting lines (each reports to the next): " + strings.Join(ids, " → ")})
		}
		for _, v := range path {
			state[v] = done
		}
	}
	sortProblems(problems)
	return problems
}

// errorOf returns problems as an *Error, in line order, at most
// maxProblems of them and a line saying how many more there were.
func errorOf(problems []Problem) error {
	sortProblems(problems)
	if n := len(problems) - maxProblems; n > 0 {
		last := problems[maxProblems-1]
		problems = append(problems[:maxProblems:maxProblems], Problem{last.File, last.Line, fmt.Sprintf("… and %d more problem(s)", n)})
	}
	return &Error{problems}
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
}

// csvError turns a CSV syntax error into a Problem at its line.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "a different number of fields than the header has"
		}
		return &Error{[]Problem{{file, pe.Line, msg}}}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}
