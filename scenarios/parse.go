package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/orgsim/orgsim/internal/suggest"
	"github.com/orgsim/orgsim/model"
)

// Scenario is a decoded, validated scenario file.
type Scenario struct {
	Name         string       // from the file, or its base name
	Description  string       // what it shows and which parameters are assumptions
	File         string       // where it came from: a path, or "embedded:NAME"
	Replications int          // replications to run
	Config       model.Config // the resolved model input
	Warnings     []Problem    // problems that do not stop a run
}

// Problem is one thing wrong with a scenario file, with where it is.
type Problem struct {
	File    string
	Pos     Pos
	Path    string // the key path, e.g. "organisation[1].team.knowledge"
	Msg     string // what is wrong and what is allowed
	Warning bool
}

// String formats the problem as FILE:LINE:COL: key.path: message.
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
	return b.String()
}

// Error lists every problem of a scenario file, in the order they appear.
type Error struct{ Problems []Problem }

// Error returns one problem per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// decoder turns the decoded TOML tree into a Scenario, collecting problems.
type decoder struct {
	file     string
	ix       *index
	problems []Problem
	work     *model.Work
}

func (d *decoder) problem(path, format string, args ...any) {
	pos, _ := d.ix.lookup(path)
	d.problems = append(d.problems, Problem{File: d.file, Pos: pos, Path: path, Msg: fmt.Sprintf(format, args...)})
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// Parse decodes and validates the scenario in src; file names it in
// messages. All problems of the file are reported at once, as an *Error.
func Parse(file string, src []byte) (*Scenario, error) {
	d := &decoder{file: file}
	fail := func(line, col int, msg string) (*Scenario, error) {
		return nil, &Error{Problems: []Problem{{File: file, Pos: Pos{line, col}, Msg: msg}}}
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return fail(1, 1, "the file is empty (allowed: a scenario; `orgsim scenarios show default` prints one to copy)")
	}
	if bytes.IndexByte(src, 0) >= 0 || !utf8.Valid(src) {
		return fail(1, 1, "the file is binary, not a TOML scenario (allowed: UTF-8 text)")
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.Usage != "" {
				msg += " (" + strings.Join(strings.Fields(pe.Usage), " ") + ")"
			}
			return fail(max(pe.Position.Line, 1), max(pe.Position.Col, 1), "TOML syntax: "+msg)
		}
		line := 1
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		return fail(line, 1, err.Error())
	}
	d.ix = newIndex(string(src))
	sc := d.decode(raw)
	if sc == nil || len(d.problems) > 0 {
		return nil, d.err()
	}
	for _, p := range sc.Config.Check() {
		pos, _ := d.ix.lookup(p.Path)
		d.problems = append(d.problems, Problem{File: file, Pos: pos, Path: p.Path, Msg: p.Msg, Warning: p.Warning})
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	sc.Warnings = d.problems
	return sc, nil
}

// err returns the problems as an *Error when any is not a warning.
func (d *decoder) err() error {
	sort.SliceStable(d.problems, func(i, j int) bool {
		a, b := d.problems[i].Pos, d.problems[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	for _, p := range d.problems {
		if !p.Warning {
			return &Error{Problems: d.problems}
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sub(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decode builds the scenario from the top table.
func (d *decoder) decode(raw map[string]any) *Scenario {
	def := model.Default()
	cfg := &model.Config{
		Seed: def.Seed, Horizon: def.Horizon, WarmUp: def.WarmUp, Drain: def.Drain,
		MaxOpen: def.MaxOpen, Work: def.Work, Metrics: def.Metrics,
	}
	t := &top{replications: 20, cfg: cfg}
	d.work = &cfg.Work
	d.fields(schema, "", raw, t, nil)
	if m, ok := d.table(raw, "work", ""); ok {
		d.fields(schema.sub("work"), "work", m, &cfg.Work, nil)
	}
	if m, ok := d.table(raw, "metrics", ""); ok {
		d.fields(schema.sub("metrics"), "metrics", m, &cfg.Metrics, nil)
	}
	for i, m := range d.array(raw, "organisation", "") {
		cfg.Organisations = append(cfg.Organisations, d.organisation(fmt.Sprintf("organisation[%d]", i), m))
	}
	for i, m := range d.array(raw, "disruption", "") {
		cfg.Disruptions = append(cfg.Disruptions, d.disruption(fmt.Sprintf("disruption[%d]", i), m))
	}
	return &Scenario{Name: t.name, Description: t.description, Replications: t.replications, Config: *cfg}
}

// table returns raw[key] as a table, reporting a wrong type.
func (d *decoder) table(raw map[string]any, key, path string) (map[string]any, bool) {
	v, ok := raw[key]
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.problem(sub(path, key), "found %s; want a table ([%s])", describe(v), sub(path, key))
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
				d.problem(fmt.Sprintf("%s[%d]", sub(path, key), i), "found %s; want a table", describe(e))
				continue
			}
			out = append(out, m)
		}
		return out
	}
	d.problem(sub(path, key), "found %s; want an array of tables ([[%s]])", describe(v), sub(path, key))
	return nil
}

// fields applies the keys of raw to target following tbl; sub-tables are
// left to the caller, skip names keys already handled.
func (d *decoder) fields(tbl *table, path string, raw map[string]any, target any, skip []string) {
	for _, k := range sortedKeys(raw) {
		if slices.Contains(skip, k) {
			continue
		}
		if f := tbl.field(k); f != nil {
			d.set(f, sub(path, k), raw[k], f.ptr(target))
			continue
		}
		if tbl.sub(k) != nil {
			continue
		}
		d.unknown(tbl, path, k)
	}
}

// unknown reports a key the table does not have, with a suggestion.
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
		where = "[" + stripIndex(path) + "]"
	}
	hint := ""
	if s := nearest(k, keys); s != "" {
		hint = fmt.Sprintf("did you mean %q? ", s)
	}
	d.problem(sub(path, k), "unknown key (%sallowed in %s: %s)", hint, where, strings.Join(keys, ", "))
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func stripIndex(path string) string { return indexRE.ReplaceAllString(path, "") }

// nearest returns the candidate closest to s by edit distance, if close.
func nearest(s string, candidates []string) string {
	return suggest.Nearest(strings.ToLower(s), candidates, max(2, len(s)/3)+1)
}

// describe names a decoded TOML value's type and shows it, for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return "string " + strconv.Quote(x)
	case int64:
		return "integer " + strconv.FormatInt(x, 10)
	case float64:
		return "number " + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

// set decodes v into p according to f, reporting problems at path.
func (d *decoder) set(f *field, path string, v any, p any) {
	wrong := func() {
		want := f.kind.typeText(f.enum)
		if n, ok := v.(int64); ok && (f.kind == kDuration) {
			d.problem(path, "found integer %d without a unit (allowed: %s; e.g. \"%dh\")", n, want, n)
			return
		}
		if x, ok := v.(float64); ok && (f.kind == kDuration) {
			d.problem(path, "found number %g without a unit (allowed: %s; e.g. \"%gh\")", x, want, x)
			return
		}
		d.problem(path, "found %s (allowed: %s)", describe(v), want)
	}
	switch f.kind {
	case kInt:
		n, ok := v.(int64)
		if !ok {
			wrong()
			return
		}
		switch q := p.(type) {
		case *int:
			*q = int(n)
		case *uint64:
			if n < 0 {
				d.problem(path, "%d is negative (allowed: an integer ≥ 0)", n)
				return
			}
			*q = uint64(n)
		}
	case kFloat:
		switch x := v.(type) {
		case int64:
			*p.(*float64) = float64(x)
		case float64:
			*p.(*float64) = x
		default:
			wrong()
		}
	case kBool:
		b, ok := v.(bool)
		if !ok {
			wrong()
			return
		}
		*p.(*bool) = b
	case kString:
		s, ok := v.(string)
		if !ok {
			wrong()
			return
		}
		*p.(*string) = s
	case kEnum:
		s, ok := v.(string)
		if !ok {
			wrong()
			return
		}
		i := enumIndex(f.enum, s)
		if i < 0 {
			hint := ""
			if n := nearest(s, f.enum); n != "" {
				hint = fmt.Sprintf("did you mean %q? ", n)
			}
			d.problem(path, "%q is not allowed (%sallowed: %s)", s, hint, quoteList(f.enum))
			return
		}
		setEnum(p, i)
	case kDuration, kRate, kDistDuration, kDistPlain:
		s, ok := v.(string)
		if !ok {
			wrong()
			return
		}
		var err error
		switch f.kind {
		case kDuration:
			*p.(*float64), err = parseDuration(s)
		case kRate:
			*p.(*float64), err = parseRate(s)
		case kDistDuration:
			*p.(*model.Dist), err = parseDist(s, true)
		case kDistPlain:
			*p.(*model.Dist), err = parseDist(s, false)
		}
		if err != nil {
			d.problem(path, "%v", err)
		}
	case kIntList:
		a, ok := v.([]any)
		var xs []int
		for _, e := range a {
			n, isInt := e.(int64)
			if !isInt {
				ok = false
				break
			}
			xs = append(xs, int(n))
		}
		if !ok {
			wrong()
			return
		}
		switch q := p.(type) {
		case *[]int:
			*q = xs
		case *[2]*int:
			if len(xs) != 2 {
				d.problem(path, "%d values (allowed: two, [min, max])", len(xs))
				return
			}
			*q[0], *q[1] = xs[0], xs[1]
		}
	case kStringList:
		a, ok := v.([]any)
		var xs []string
		for _, e := range a {
			s, isString := e.(string)
			if !isString {
				ok = false
				break
			}
			xs = append(xs, s)
		}
		if !ok {
			wrong()
			return
		}
		*p.(*[]string) = xs
	case kFloatList:
		a, ok := v.([]any)
		var xs []float64
		for _, e := range a {
			switch x := e.(type) {
			case int64:
				xs = append(xs, float64(x))
			case float64:
				xs = append(xs, x)
			default:
				ok = false
			}
		}
		if !ok {
			wrong()
			return
		}
		*p.(*[]float64) = xs
	case kValues:
		a, ok := v.([]any)
		if !ok || len(a) == 0 {
			d.problem(path, "found %s (allowed: %s)", describe(v), f.kind.typeText(nil))
			return
		}
		*p.(*[]any) = a
	case kKnowledge, kAuthority:
		q := p.(*float64)
		switch x := v.(type) {
		case int64:
			*q = float64(x)
		case float64:
			*q = x
		case string:
			usage := usageKnowledge
			if f.kind == kAuthority {
				usage = usageAuthority
			}
			th, err := parseThreshold(x, usage)
			if err != nil {
				d.problem(path, "%v", err)
				return
			}
			switch {
			case th.pct == 0:
				*q = th.x
			case f.kind == kKnowledge:
				*q = -math.Log(1-th.pct/100) / d.work.Theta
			default:
				*q = d.work.Value.Quantile(th.pct / 100)
			}
		default:
			wrong()
		}
	}
}
