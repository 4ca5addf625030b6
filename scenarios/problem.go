package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a scenario file: 1-based line and column (in
// characters).
type Pos struct{ Line, Col int }

// Problem is one thing wrong with a scenario file, with where it is.
type Problem struct {
	File    string
	Pos     Pos
	Path    string // the key path, e.g. "organisation[1].team.knowledge"
	Msg     string // what is wrong and what is allowed
	Warning bool

	line string // the text of source line Pos.Line, for the excerpt
}

// String formats the problem on one line as FILE:LINE:COL: key.path: message.
// Control characters, which messages quote, are shown as '?' should one
// slip through.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Pos.Line, p.Pos.Col)
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return strings.Map(printable, b.String())
}

// printable maps control characters other than tab to '?'.
func printable(r rune) rune {
	if r != '\t' && (r < ' ' || r == 0x7f || r >= 0x80 && r < 0xa0) {
		return '?'
	}
	return r
}

// Excerpt returns the source line of the problem with a caret under its
// column: two lines, each indented by four spaces and ending in a newline,
// such as (for a problem at line 6, column 9)
//
//	6 | teams = "nine"
//	  |         ^
//
// It is empty when the line is not known or blank. Tabs are kept so that
// the caret lines up, other control characters are shown as '?', and a
// long line is cut to the part around the column.
func (p Problem) Excerpt() string {
	if strings.TrimSpace(p.line) == "" || p.Pos.Line < 1 || p.Pos.Col < 1 {
		return ""
	}
	runes := []rune(p.line)
	col := min(p.Pos.Col, len(runes)+1) - 1 // 0-based, may point just past the end
	const width = 100
	from, to := 0, len(runes)
	if to > width {
		from = max(0, min(col-width/2, to-width))
		to = min(to, from+width)
	}
	var text, pad strings.Builder
	if from > 0 {
		text.WriteString("…")
		pad.WriteByte(' ')
	}
	for i := from; i < to; i++ {
		r := printable(runes[i])
		text.WriteRune(r)
		if i < col {
			if r == '\t' {
				pad.WriteByte('\t')
			} else {
				pad.WriteByte(' ')
			}
		}
	}
	if to < len(runes) {
		text.WriteString("…")
	}
	num := strconv.Itoa(p.Pos.Line)
	return fmt.Sprintf("    %s | %s\n    %s | %s^\n", num, text.String(), strings.Repeat(" ", len(num)), pad.String())
}

// Error lists every problem of a scenario or sweep file, in the order they
// appear in the file.
type Error struct {
	Problems []Problem

	kind error // ErrSweepFile, ErrScenarioFile or ErrSensitivityFile when the file is of another kind
}

// Error returns every problem in its one-line form (Problem.String), each
// followed by its excerpt (Problem.Excerpt): the source line, indented,
// with a caret under the column. The first line of each problem keeps the
// form FILE:LINE:COL: key.path: message.
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
		if x := p.Excerpt(); x != "" {
			b.WriteByte('\n')
			b.WriteString(strings.TrimSuffix(x, "\n"))
		}
	}
	return b.String()
}

// Is reports whether target is ErrSweepFile or ErrScenarioFile and the file
// was found to be of that kind, so that errors.Is(err, ErrSweepFile) tells a
// caller that it was given a sweep file where a scenario was expected.
func (e *Error) Is(target error) bool { return e.kind != nil && target == e.kind }

// Errors that tell scenario, sweep and sensitivity files apart; see
// [Error.Is].
var (
	ErrSweepFile    = errors.New("a sweep file, not a scenario")
	ErrScenarioFile = errors.New("a scenario file, not a sweep")
	// ErrSensitivityFile: a sensitivity file where a scenario or a sweep
	// was expected.
	ErrSensitivityFile = errors.New("a sensitivity file, not a scenario or a sweep")
)

// sourceLines finds the text of lines in a file, for excerpts.
type sourceLines struct {
	src   string
	start []int // byte offset of each line, computed on first use
}

// line returns the text of line n (1-based) without its line break, or "".
func (s *sourceLines) line(n int) string {
	if s == nil {
		return ""
	}
	if s.start == nil {
		s.start = []int{0}
		for i := 0; i < len(s.src); i++ {
			if s.src[i] == '\n' {
				s.start = append(s.start, i+1)
			}
		}
	}
	if n < 1 || n > len(s.start) {
		return ""
	}
	end := len(s.src)
	if n < len(s.start) {
		end = s.start[n] - 1
	}
	return strings.TrimSuffix(s.src[s.start[n-1]:end], "\r")
}

// posAt returns the line and column (in characters) of byte offset i.
func posAt(src string, i int) Pos {
	i = max(0, min(i, len(src)))
	line := 1 + strings.Count(src[:i], "\n")
	start := strings.LastIndexByte(src[:i], '\n') + 1
	return Pos{line, 1 + utf8.RuneCountInString(src[start:i])}
}
