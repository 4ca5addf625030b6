package scenarios

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// index maps key paths, as problems name them ("organisation[1].team.knowledge"),
// to where they are written. The TOML decoder keeps no positions for keys,
// so orgsim skims the source itself, once the decoder has accepted it.
//
// The skimmer is total: every loop advances or stops at the end of the
// text, nesting is bounded, and on anything it does not follow it stops
// cleanly, keeping what it indexed so far; lookups of what it missed fall
// back to the nearest indexed ancestor, or to the start of the file.
type index struct {
	pos    map[string]Pos
	arrays map[string]int // array-of-tables path → elements so far
}

// skimmer walks TOML source keeping line and column.
type skimmer struct {
	src       string
	i         int
	line, col int
	stop      bool // the skim met something it does not follow
	ix        *index
}

// maxSkimDepth bounds the skimmer's nesting of arrays and inline tables,
// whatever the text (the decoder only accepts maxDepth).
const maxSkimDepth = 2 * maxDepth

func newIndex(src string) *index {
	ix := &index{pos: map[string]Pos{}, arrays: map[string]int{}}
	s := &skimmer{src: src, line: 1, col: 1, ix: ix}
	s.document()
	return ix
}

// lookup returns the position of path and whether it was found; failing
// that, the position of its nearest indexed ancestor (the table it would be
// in), or else the start of the file (nowhere is false only then).
func (ix *index) lookup(path string) (pos Pos, found, somewhere bool) {
	if p, ok := ix.pos[path]; ok {
		return p, true, true
	}
	for p := path; p != ""; {
		cut := strings.LastIndexAny(p, ".[")
		if cut < 0 {
			break
		}
		p = p[:cut]
		if q, ok := ix.pos[p]; ok {
			return q, false, true
		}
	}
	return Pos{1, 1}, false, false
}

func (s *skimmer) eof() bool { return s.stop || s.i >= len(s.src) }

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

// expect consumes c, or stops the skim.
func (s *skimmer) expect(c byte) {
	if s.peek() != c {
		s.stop = true
		return
	}
	s.advance()
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
	for !s.eof() {
		start := s.i
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
			s.expect(']')
			if array {
				s.expect(']')
			}
			if s.stop {
				return
			}
			table = s.ix.resolve(segs, array, at)
			s.ix.record(table, at)
		} else {
			s.keyValue(table, 0)
		}
		if s.i == start {
			s.stop = true
		}
	}
}

// keyValue skims `key = value` inside table prefix.
func (s *skimmer) keyValue(prefix string, depth int) {
	at := s.here()
	segs := s.key()
	if s.stop {
		return
	}
	// The key, and each table its dotted parts make, is where the key is.
	for n := 1; n <= len(segs); n++ {
		s.ix.record(join(prefix, s.ix.resolveDotted(prefix, segs[:n])), at)
	}
	full := join(prefix, s.ix.resolveDotted(prefix, segs))
	s.space(false)
	s.expect('=')
	s.space(false)
	s.value(full, depth)
}

// key reads a dotted key and returns its segments; an empty segment stops
// the skim.
func (s *skimmer) key() []string {
	var segs []string
	for !s.eof() {
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
				s.stop = true
				return segs
			}
		}
		segs = append(segs, seg)
		s.space(false)
		if s.peek() != '.' {
			return segs
		}
		s.advance()
	}
	return segs
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
		if triple && strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3)) {
			// Up to two more quotes belong to the string.
			end := s.i
			for k := 0; k < 2 && strings.HasPrefix(s.src[end+1:], strings.Repeat(string(q), 3)); k++ {
				end++
			}
			text := s.src[start:end]
			for s.i < end+3 && !s.eof() {
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
		if !triple && s.peek() == '\n' {
			break
		}
		s.advance()
	}
	s.stop = true
	return ""
}

// value skims one value belonging to key path full.
func (s *skimmer) value(full string, depth int) {
	if depth > maxSkimDepth {
		s.stop = true
		return
	}
	switch s.peek() {
	case '"', '\'':
		s.quoted()
	case '{':
		s.advance()
		for !s.eof() {
			start := s.i
			s.space(true)
			if s.peek() == '}' {
				s.advance()
				return
			}
			s.keyValue(full, depth+1)
			s.space(true)
			if s.peek() == ',' {
				s.advance()
			}
			if s.i == start {
				s.stop = true
			}
		}
	case '[':
		s.advance()
		for n := 0; !s.eof(); n++ {
			start := s.i
			s.space(true)
			if s.peek() == ']' {
				s.advance()
				return
			}
			elem := full + "[" + strconv.Itoa(n) + "]"
			s.ix.record(elem, s.here())
			s.value(elem, depth+1)
			s.space(true)
			if s.peek() == ',' {
				s.advance()
			}
			if s.i == start {
				s.stop = true
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

// resolve turns the segments of a table header at position at into an
// indexed path, counting array-of-tables elements.
func (ix *index) resolve(segs []string, array bool, at Pos) string {
	path := ""
	for k, seg := range segs {
		path = join(path, keySegment(seg))
		if k == len(segs)-1 && array {
			n := ix.arrays[path]
			ix.arrays[path] = n + 1
			ix.record(path, at) // the array itself is where its first element is
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
		rel = join(rel, keySegment(seg))
		if n, ok := ix.arrays[join(prefix, rel)]; ok && n > 0 {
			rel += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return rel
}

// record keeps the first position of path.
func (ix *index) record(path string, p Pos) {
	if _, ok := ix.pos[path]; !ok {
		ix.pos[path] = p
	}
}
