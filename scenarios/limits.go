package scenarios

import "fmt"

// Bounds on a file, checked by a cheap scan before the TOML decoder sees
// it: a file within them decodes in about a second and a few hundred
// megabytes at worst, whatever it holds. No real scenario comes near them.
const (
	maxFileBytes = 1 << 20 // 1 MiB
	maxDepth     = 16      // levels of [ and { nesting in values
	maxKeyParts  = 12      // parts of a key's full path: its table header, enclosing inline tables and dotted parts
	maxKeys      = 20000   // keys and table headers in a file
)

// prescan checks the bounds on src without decoding it. It follows only
// what matters for them: strings and comments (whose brackets, dots and
// equals signs do not count), brackets, and whether it is reading a key
// and how deep in the key paths it is. It reads every byte once and never
// fails on malformed text; it returns the byte offset and message of the
// first bound exceeded, or ok.
func prescan(src string) (at int, msg string, ok bool) {
	if len(src) > maxFileBytes {
		return maxFileBytes, fmt.Sprintf("the file is %d bytes long (allowed: at most %d bytes, 1 MiB)", len(src), maxFileBytes), false
	}
	type open struct {
		c    byte // '[' (an array) or '{' (an inline table)
		base int  // parts of the path of the key whose value it is
	}
	var (
		stack       []open
		header      bool   // inside a [table] or [[table]] header
		key         = true // reading a key (at the start of a line, after '{' or a ',' in an inline table)
		parts       = 1    // parts of the key being read
		headerParts int    // parts of the last table header
		valueBase   int    // parts of the path of the key whose value is being read
		keys        int
	)
	base := func() int { // parts of the path of the table the key being read is in
		switch {
		case header:
			return 0
		case len(stack) == 0:
			return headerParts
		}
		return stack[len(stack)-1].base
	}
	tooDeep := func() string {
		return fmt.Sprintf("a key path of more than %d parts (allowed: at most %d, counting its [table] header, enclosing inline tables and dotted parts; organisation.team.knowledge is 3)", maxKeyParts, maxKeyParts)
	}
	tooMany := fmt.Sprintf("more than %d keys and table headers (allowed: at most %d)", maxKeys, maxKeys)
	startKey := func() { key, parts = true, 1 }
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			i = skipString(src, i)
			continue
		case '\n':
			if len(stack) == 0 {
				startKey()
				header = false
			}
		case '[', '{':
			if c == '[' && key && len(stack) == 0 && !header {
				// A table header: [a.b] or [[a.b]].
				header = true
				if keys++; keys > maxKeys {
					return i, tooMany, false
				}
				if i+1 < len(src) && src[i+1] == '[' {
					i++
				}
				break
			}
			stack = append(stack, open{c, valueBase})
			if len(stack) > maxDepth {
				return i, fmt.Sprintf("arrays and inline tables nested more than %d deep (allowed: at most %d levels of [ and {)", maxDepth, maxDepth), false
			}
			if c == '{' {
				startKey()
			} else {
				key = false
			}
		case ']', '}':
			if header && len(stack) == 0 {
				header, key = false, false
				headerParts = parts
				break
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if len(stack) > 0 {
				valueBase = stack[len(stack)-1].base
			}
			key = false
		case ',':
			if len(stack) > 0 && stack[len(stack)-1].c == '{' {
				startKey()
			}
		case '=':
			if key && !header {
				key = false
				if keys++; keys > maxKeys {
					return i, tooMany, false
				}
				valueBase = base() + parts
			}
		case '.':
			if key {
				parts++
				if base()+parts > maxKeyParts {
					return i, tooDeep(), false
				}
			}
		default:
			if key && base()+parts > maxKeyParts && c > ' ' {
				return i, tooDeep(), false
			}
		}
		i++
	}
	return 0, "", true
}

// skipString returns the offset just past the string starting at src[i]:
// basic ("…", with escapes) or literal ('…'), single-line (ending at the
// line's end if unterminated) or multi-line (between triple quotes).
func skipString(src string, i int) int {
	q := src[i]
	triple := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if triple {
		i += 3
		for i < len(src) {
			switch {
			case q == '"' && src[i] == '\\':
				i += 2
			case src[i] == q && i+2 < len(src) && src[i+1] == q && src[i+2] == q:
				i += 3
				// Up to two more quotes close the string with it.
				for n := 0; n < 2 && i < len(src) && src[i] == q; n++ {
					i++
				}
				return i
			default:
				i++
			}
		}
		return len(src)
	}
	i++
	for i < len(src) {
		switch {
		case src[i] == '\n':
			return i
		case q == '"' && src[i] == '\\':
			i += 2
			if i > len(src) || src[i-1] == '\n' {
				return i - 1
			}
		case src[i] == q:
			return i + 1
		default:
			i++
		}
	}
	return len(src)
}
