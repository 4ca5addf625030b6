package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/orgsim/orgsim/internal/suggest"
)

// decoder turns a decoded TOML tree into a scenario or sweep following a
// schema, collecting every problem with its position.
type decoder struct {
	file     string
	root     *table // the schema, for advice on keys written in the wrong table
	ix       *index
	lines    *sourceLines
	cx       context
	problems []Problem
	failed   map[string]bool // key paths with a problem of their own
}

// problem records a problem of decoding at path (positioned by the index).
func (d *decoder) problem(path, format string, args ...any) {
	d.add(path, fmt.Sprintf(format, args...), false)
	d.suppress(path)
}

// add records a problem at path.
func (d *decoder) add(path, msg string, warning bool) {
	d.problems = append(d.problems, d.at(path, msg, warning))
}

// at returns a problem at path, with its source line when the path or the
// table it would be in is written in the file.
func (d *decoder) at(path, msg string, warning bool) Problem {
	pos, _, somewhere := d.ix.lookup(path)
	p := Problem{File: d.file, Pos: pos, Path: path, Msg: msg, Warning: warning}
	if somewhere {
		p.line = d.lines.line(pos.Line)
	}
	return p
}

// suppress marks path as failed: the model's problems of it, of what it
// holds and of what holds it are left out (see check), since they would
// judge values the file did not give.
func (d *decoder) suppress(path string) {
	if d.failed == nil {
		d.failed = map[string]bool{}
	}
	d.failed[path] = true
}

// failedAt reports whether path, or a table or array containing it, or a
// key inside it, has failed to decode.
func (d *decoder) failedAt(path string) bool {
	for p := range d.failed {
		if p == path || strings.HasPrefix(path, p) && (path[len(p)] == '.' || path[len(p)] == '[') ||
			strings.HasPrefix(p, path) && (p[len(path)] == '.' || p[len(path)] == '[') {
			return true
		}
	}
	return false
}

// hasErrors reports whether a problem that is not a warning was found.
func (d *decoder) hasErrors() bool {
	for _, p := range d.problems {
		if !p.Warning {
			return true
		}
	}
	return false
}

// err returns the problems, in file order, as an *Error when any is not a
// warning.
func (d *decoder) err() error {
	sortProblems(d.problems)
	if d.hasErrors() {
		return &Error{Problems: d.problems}
	}
	return nil
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
}

// fail returns an *Error of one problem at byte offset at of src.
func fail(file, src string, at int, msg string) *Error {
	pos := posAt(src, at)
	lines := &sourceLines{src: src}
	return &Error{Problems: []Problem{{File: file, Pos: pos, Msg: msg, line: lines.line(pos.Line)}}}
}

// utf8BOM is the byte-order mark some editors write at the start of a file.
const utf8BOM = "\ufeff"

// decodeTOML checks src and decodes it into a TOML tree; what names the
// kind of file for messages ("scenario" or "sweep"). It drops a UTF-8
// byte-order mark, refuses empty, binary and oversized files and files
// beyond the bounds of prescan before the TOML decoder sees them, and
// positions the decoder's syntax errors. It returns the text without the
// mark, which positions refer to.
func decodeTOML(file string, src []byte, what, example string) (map[string]any, string, *Error) {
	text := strings.TrimPrefix(string(src), utf8BOM)
	if len(text) > maxFileBytes {
		// Check the size first: nothing below should scan a huge file.
		_, msg, _ := prescan(text)
		return nil, "", fail(file, text[:maxFileBytes], maxFileBytes, msg)
	}
	if len(bytes.TrimSpace([]byte(text))) == 0 {
		return nil, "", fail(file, "", 0, fmt.Sprintf("the file is empty (allowed: a %s; `orgsim scenarios show %s` prints one to copy)", what, example))
	}
	if strings.HasPrefix(text, "\xff\xfe") || strings.HasPrefix(text, "\xfe\xff") {
		return nil, "", fail(file, "", 0, fmt.Sprintf("the file is UTF-16 text, not a TOML %s (allowed: UTF-8 text; save it as UTF-8)", what))
	}
	if strings.IndexByte(text, 0) >= 0 {
		return nil, "", fail(file, "", 0, fmt.Sprintf("the file is binary, not a TOML %s (allowed: UTF-8 text)", what))
	}
	if !utf8.ValidString(text) {
		at := 0
		for at < len(text) {
			r, n := utf8.DecodeRuneInString(text[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return nil, "", fail(file, text, at, fmt.Sprintf("the file is not UTF-8 text: byte 0x%02x (allowed: UTF-8 text; save it as UTF-8)", text[at]))
	}
	if at, msg, ok := prescan(text); !ok {
		return nil, "", fail(file, text, at, msg)
	}
	var raw map[string]any
	if _, err := toml.Decode(text, &raw); err != nil {
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			// Decoding into a map fails only with a ParseError; anything
			// else is reported at the start of the file.
			return nil, "", fail(file, text, 0, "TOML: "+err.Error())
		}
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.Join(strings.Fields(pe.Usage), " ") + ")"
		}
		at := pe.Position.Start
		if at < 0 || at > len(text) {
			// Not a byte offset into the text: use the line alone.
			at = lineStart(text, pe.Position.Line)
		}
		return nil, "", fail(file, text, at, "TOML syntax: "+msg)
	}
	return raw, text, nil
}

// lineStart returns the byte offset of line n (1-based) of src, clamped to
// the text.
func lineStart(src string, n int) int {
	at := 0
	for k := 1; k < n; k++ {
		i := strings.IndexByte(src[at:], '\n')
		if i < 0 {
			break
		}
		at += i + 1
	}
	return at
}

// newDecoder starts decoding src (as returned by decodeTOML) against root.
func newDecoder(file, src string, root *table) *decoder {
	return &decoder{file: file, root: root, ix: newIndex(src), lines: &sourceLines{src: src}}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sub returns the path of key in the table at path.
func sub(path, key string) string { return join(path, keySegment(key)) }

// keySegment writes one key of a path: bare keys as they are, others
// quoted as TOML quotes them ("a b"), so that a path is one line of
// printable text whatever a file's keys hold.
func keySegment(k string) string {
	for i := 0; i < len(k); i++ {
		if !isBare(k[i]) {
			return Quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

// table returns raw[key] as a table, reporting a wrong type.
func (d *decoder) table(raw map[string]any, key, path string) (map[string]any, bool) {
	v, ok := raw[key]
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.problem(sub(path, key), "found %s (allowed: a table, [%s])", describe(v), stripIndex(sub(path, key)))
		return nil, false
	}
	return m, true
}

// array returns raw[key] as an array of tables.
func (d *decoder) array(raw map[string]any, key, path string) []map[string]any {
	v, ok := raw[key]
	if !ok {
		return nil
	}
	switch a := v.(type) {
	case []map[string]any:
		return a
	case []any:
		out := make([]map[string]any, 0, len(a))
		for i, e := range a {
			m, ok := e.(map[string]any)
			if !ok {
				d.problem(fmt.Sprintf("%s[%d]", sub(path, key), i), "found %s (allowed: a table)", describe(e))
				continue
			}
			out = append(out, m)
		}
		return out
	}
	d.problem(sub(path, key), "found %s (allowed: an array of tables, [[%s]])", describe(v), stripIndex(sub(path, key)))
	return nil
}

// fields applies the keys of raw to target following tbl; sub-tables are
// left to the caller, skip names keys already handled.
func (d *decoder) fields(tbl *table, path string, raw map[string]any, target any, skip ...string) {
	for _, k := range sortedKeys(raw) {
		if contains(skip, k) {
			continue
		}
		if f := tbl.field(k); f != nil {
			d.set(f, sub(path, k), raw[k], target)
			continue
		}
		if tbl.sub(k) != nil {
			continue
		}
		d.unknown(tbl, path, k)
	}
}

// set decodes v into target following f, reporting a problem at path.
func (d *decoder) set(f *field, path string, v, target any) bool {
	if err := f.val.decode(target, v, &d.cx); err != nil {
		d.problem(path, "%s", err.Error())
		return false
	}
	return true
}

// unknown reports a key that table tbl (at path) does not have, with the
// most useful advice: a letter-case slip, a key that belongs at the top
// level but was written after a [table] header, a key of another table,
// or a near miss.
func (d *decoder) unknown(tbl *table, path, k string) {
	keys := tbl.keys()
	for _, known := range keys {
		if strings.EqualFold(known, k) {
			d.problem(sub(path, k), "unknown key: keys are lower case (did you mean %q?)", known)
			return
		}
	}
	where := "the top level"
	if path != "" {
		where = tableTitle(d.root, stripIndex(path))
	}
	if path != "" && d.root.field(k) != nil {
		d.problem(sub(path, k), "unknown key in %s: %s is a top-level key, so write it before the first [table] (TOML puts every key after a [table] header into that table)", where, k)
		return
	}
	if t := d.root.sub(k); path != "" && t != nil {
		d.problem(sub(path, k), "unknown key in %s: %s is a top-level table, so give it its own %s header", where, k, tableTitle(d.root, k))
		return
	}
	if others := tablesWithKey(d.root, k, stripIndex(path)); len(others) == 1 {
		d.problem(sub(path, k), "unknown key in %s (did you mean %s %s? %s is a key of %s, so write it after that header)", where, others[0], k, k, others[0])
		return
	} else if len(others) > 1 {
		d.problem(sub(path, k), "unknown key in %s (did you mean %s %s? %s is a key of %d tables: %s)", where, others[0], k, k, len(others), strings.Join(others, ", "))
		return
	}
	hint := ""
	if s := nearest(k, keys); s != "" {
		hint = fmt.Sprintf("did you mean %q? ", s)
	}
	d.problem(sub(path, k), "unknown key (%sallowed in %s: %s)", hint, where, strings.Join(keys, ", "))
}

// tablesWithKey lists the titles of the tables of root, other than the one
// at path, that have a key k.
func tablesWithKey(root *table, k, path string) []string {
	var out []string
	var walk func(t *table, p string)
	walk = func(t *table, p string) {
		if t.field(k) != nil && p != path {
			out = append(out, tableTitle(root, p))
		}
		for _, s := range t.subs {
			walk(s, sub(p, s.key))
		}
	}
	walk(root, "")
	return out
}

// stripIndex removes the [N] indexes of a key path.
func stripIndex(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			if j := strings.IndexByte(path[i:], ']'); j > 0 {
				i += j
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// nearest returns the candidate closest to s by edit distance, if close.
func nearest(s string, candidates []string) string {
	return suggest.Nearest(strings.ToLower(s), candidates, max(2, len(s)/3)+1)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
