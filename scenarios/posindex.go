package scenarios

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a scenario file: 1-based line and column (in
// characters).
type Pos struct{ Line, Col int }

// index maps key paths, as problems name them ("organisation[1].team.knowledge"),
// to where they are written. The TOML decoder gives no positions for keys,
// so orgsim skims the source itself. The skimmer only runs on text the
// decoder accepted; on anything it does not follow it stops, and lookups
// fall back to the nearest indexed ancestor.
type index struct {
	pos    map[string]Pos
	arrays map[string]int // array-of-tables path → elements so far
}

// skimmer walks TOML source keeping line and column.
type skimmer struct {
	src       string
	i         int
	line, col int
	ix        *index
}

func newIndex(src string) *index {
	ix := &index{pos: map[string]Pos{}, arrays: map[string]int{}}
	s := &skimmer{src: src, line: 1, col: 1, ix: ix}
	defer func() { recover() }() // a skimming failure only loses positions
	s.document()
	return ix
}

// lookup returns the position of path or of its nearest indexed ancestor,
// and whether the path itself was found.
func (ix *index) lookup(path string) (Pos, bool) {
	if p, ok := ix.pos[path]; ok && p != (Pos{}) {
		return p, true
	}
	for p := path; p != ""; {
		cut := strings.LastIndexAny(p, ".[")
		if cut < 0 {
			break
		}
		p = p[:cut]
		if q, ok := ix.pos[p]; ok && q != (Pos{}) {
			return q, false
		}
	}
	return Pos{1, 1}, false
}

func (s *skimmer) eof() bool { return s.i >= len(s.src) }

func (s *skimmer) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.i]
}

func (s *skimmer) advance() {
	if s.eof() {
		return
	}
	if s.src[s.i] == '\n' {
		s.line++
		s.col = 1
		s.i++
		return
	}
	_, n := utf8.DecodeRuneInString(s.src[s.i:])
	s.i += n
	s.col++
}

func (s *skimmer) here() Pos { return Pos{s.line, s.col} }

// space skips blanks; with newlines also line breaks and comments.
func (s *skimmer) space(newlines bool) {
	for !s.eof() {
		switch c := s.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			s.advance()
		case c == '#':
			for !s.eof() && s.peek() != '\n' {
				s.advance()
			}
		case c == '\n' && newlines:
			s.advance()
		default:
			return
		}
	}
}

func (s *skimmer) document() {
	var table string
	for {
		s.space(true)
		if s.eof() {
			return
		}
		if s.peek() == '[' {
			at := s.here()
			s.advance()
			array := s.peek() == '['
			if array {
				s.advance()
			}
			segs := s.key()
			s.space(false)
			s.advance() // ]
			if array {
				s.advance()
			}
			table = s.ix.resolve(segs, array)
			s.ix.record(table, at)
			continue
		}
		s.keyValue(table)
	}
}

// keyValue skims `key = value` inside table prefix.
func (s *skimmer) keyValue(prefix string) {
	at := s.here()
	segs := s.key()
	full := join(prefix, s.ix.resolveDotted(prefix, segs))
	s.ix.record(full, at)
	s.space(false)
	if s.peek() != '=' {
		panic("skim: no =")
	}
	s.advance()
	s.space(false)
	s.value(full)
}

// key reads a dotted key and returns its segments.
func (s *skimmer) key() []string {
	var segs []string
	for {
		s.space(false)
		var seg string
		switch s.peek() {
		case '"', '\'':
			seg = s.quoted()
		default:
			start := s.i
			for !s.eof() && isBare(s.peek()) {
				s.advance()
			}
			seg = s.src[start:s.i]
			if seg == "" {
				panic("skim: empty key")
			}
		}
		segs = append(segs, seg)
		s.space(false)
		if s.peek() != '.' {
			return segs
		}
		s.advance()
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// quoted reads a basic or literal string (single- or multi-line) and
// returns its text (escapes in basic strings decoded where simple).
func (s *skimmer) quoted() string {
	q := s.peek()
	triple := strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3))
	n := 1
	if triple {
		n = 3
	}
	for range n {
		s.advance()
	}
	start := s.i
	for !s.eof() {
		if q == '"' && s.peek() == '\\' {
			s.advance()
			s.advance()
			continue
		}
		if triple && strings.HasPrefix(s.src[s.i:], `"""`) && q == '"' || triple && strings.HasPrefix(s.src[s.i:], `'''`) && q == '\'' {
			// Up to two more quotes may belong to the string.
			end := s.i
			for strings.HasPrefix(s.src[end+1:], string(q)+string(q)+string(q)) {
				end++
			}
			text := s.src[start:end]
			for s.i < end+3 {
				s.advance()
			}
			return text
		}
		if !triple && s.peek() == q {
			text := s.src[start:s.i]
			s.advance()
			if q == '"' {
				if u, err := strconv.Unquote(`"` + text + `"`); err == nil {
					return u
				}
			}
			return text
		}
		s.advance()
	}
	panic("skim: unterminated string")
}

// value skims one value belonging to key path full.
func (s *skimmer) value(full string) {
	switch c := s.peek(); c {
	case '"', '\'':
		s.quoted()
	case '{':
		s.advance()
		for {
			s.space(true)
			if s.peek() == '}' {
				s.advance()
				return
			}
			s.keyValue(full)
			s.space(true)
			if s.peek() == ',' {
				s.advance()
			}
		}
	case '[':
		s.advance()
		for n := 0; ; n++ {
			s.space(true)
			if s.peek() == ']' {
				s.advance()
				return
			}
			elem := full + "[" + strconv.Itoa(n) + "]"
			s.ix.record(elem, s.here())
			s.value(elem)
			s.space(true)
			if s.peek() == ',' {
				s.advance()
			}
		}
	default:
		for !s.eof() {
			c := s.peek()
			if c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' {
				return
			}
			s.advance()
		}
	}
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// resolve turns a table header's segments into an indexed path, counting
// array-of-tables elements.
func (ix *index) resolve(segs []string, array bool) string {
	path := ""
	for k, seg := range segs {
		path = join(path, seg)
		if k == len(segs)-1 && array {
			n := ix.arrays[path]
			ix.arrays[path] = n + 1
			ix.record(path, Pos{}) // the array itself, for lookups
			return path + "[" + strconv.Itoa(n) + "]"
		}
		if n, ok := ix.arrays[path]; ok && n > 0 {
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return path
}

// resolveDotted turns a dotted key inside a table into a relative path.
func (ix *index) resolveDotted(prefix string, segs []string) string {
	rel := ""
	for _, seg := range segs {
		rel = join(rel, seg)
		if n, ok := ix.arrays[join(prefix, rel)]; ok && n > 0 {
			rel += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return rel
}

func (ix *index) record(path string, p Pos) {
	if _, ok := ix.pos[path]; !ok || ix.pos[path] == (Pos{}) {
		ix.pos[path] = p
	}
}
