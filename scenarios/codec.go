package scenarios

import (
	"cmp"
	"encoding"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// A codec reads and writes the values of one kind of key. decode turns the
// value the TOML decoder produced (string, int64, float64, bool, []any,
// map[string]any or time.Time) into a T, or returns the message of a
// problem: what was found and what is allowed. encode writes a T in the
// file's syntax, so that decode(encode(x)) == x.
type codec[T any] struct {
	typ    string // what a value looks like, for the documentation and messages
	rng    string // the range decode enforces beyond typ, for the documentation ("" for none)
	num    axisNum
	decode func(v any, cx *context) (T, error)
	encode func(x T) string
}

// context is what a decoder knows while it decodes a value: the scenario's
// work, once decoded (knowledge and authority percentiles need it).
type context struct{ work *model.Work }

// axisNum says how a sweep's range or log_range generates values of a key.
type axisNum uint8

const (
	axisText    axisNum = iota // only with a unit suffix ("w", "/d"), as a string
	axisInteger                // rounded to integers
	axisReal                   // numbers
)

// binding is a codec bound to where a key's value lives in a table's
// target; the target's type is fixed by the accessor given to bind.
type binding struct {
	typ, rng string
	num      axisNum
	decode   func(target, v any, cx *context) error
	encode   func(target any) string
}

// bind binds codec c to the value ptr returns inside a target of type *Tgt.
func bind[Tgt, T any](c codec[T], ptr func(*Tgt) *T) binding {
	return bindFunc(c, func(t *Tgt) T { return *ptr(t) }, func(t *Tgt, x T) { *ptr(t) = x })
}

// bindFunc binds codec c to a value read by get and written by set, for a
// key that is not one Go value (work.scope is two fields).
func bindFunc[Tgt, T any](c codec[T], get func(*Tgt) T, set func(*Tgt, T)) binding {
	return binding{
		typ: c.typ, rng: c.rng, num: c.num,
		decode: func(target, v any, cx *context) error {
			x, err := c.decode(v, cx)
			if err == nil {
				set(target.(*Tgt), x)
			}
			return err
		},
		encode: func(target any) string { return c.encode(get(target.(*Tgt))) },
	}
}

// wrongType is the problem of a value of the wrong TOML type.
func wrongType(v any, typ string) error {
	return fmt.Errorf("found %s (allowed: %s)", describe(v), typ)
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
	case time.Time:
		return "a date or time"
	}
	return fmt.Sprintf("a %T", v)
}

// Integers.

func intCodec(rng string, ok func(int64) bool) codec[int] {
	return codec[int]{
		typ: "an integer", rng: rng, num: axisInteger,
		decode: func(v any, _ *context) (int, error) {
			n, isInt := v.(int64)
			if !isInt {
				return 0, wrongType(v, "an integer")
			}
			if n != int64(int(n)) || ok != nil && !ok(n) {
				return 0, fmt.Errorf("%d is not allowed (allowed: %s)", n, cmp.Or(rng, "an integer"))
			}
			return int(n), nil
		},
		encode: strconv.Itoa,
	}
}

// integer is any int; the model checks its range.
var integer = intCodec("", nil)

// intIn is an int in [lo, hi].
func intIn(lo, hi int64) codec[int] {
	return intCodec(fmt.Sprintf("%d … %d", lo, hi), func(n int64) bool { return n >= lo && n <= hi })
}

// unsigned is an integer ≥ 0 (a seed).
var unsigned = codec[uint64]{
	typ: "an integer", rng: "≥ 0", num: axisInteger,
	decode: func(v any, _ *context) (uint64, error) {
		n, ok := v.(int64)
		if !ok {
			return 0, wrongType(v, "an integer")
		}
		if n < 0 {
			return 0, fmt.Errorf("%d is negative (allowed: an integer ≥ 0)", n)
		}
		return uint64(n), nil
	},
	encode: func(x uint64) string { return strconv.FormatUint(x, 10) },
}

// number is a finite number; an integer is taken as a number.
var number = codec[float64]{
	typ: "a number", num: axisReal,
	decode: func(v any, _ *context) (float64, error) {
		x, ok := toFloat(v)
		if !ok {
			return 0, wrongType(v, "a number")
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%v is not allowed (allowed: a finite number)", x)
		}
		return x, nil
	},
	encode: func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) },
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// boolean is true or false.
var boolean = codec[bool]{
	typ: "true or false",
	decode: func(v any, _ *context) (bool, error) {
		b, ok := v.(bool)
		if !ok {
			return false, wrongType(v, "true or false")
		}
		return b, nil
	},
	encode: strconv.FormatBool,
}

// Strings.

// text is any string.
var text = codec[string]{
	typ: "a string",
	decode: func(v any, _ *context) (string, error) {
		s, ok := v.(string)
		if !ok {
			return "", wrongType(v, "a string")
		}
		return s, nil
	},
	encode: Quote,
}

// maxName is the longest name allowed for a scenario or sweep.
const maxName = 100

// ident is a name that is safe as a folder name: letters, digits, - and _.
var ident = codec[string]{
	typ: "a string", rng: fmt.Sprintf("letters, digits, - and _ (at most %d)", maxName),
	decode: func(v any, _ *context) (string, error) {
		s, ok := v.(string)
		if !ok {
			return "", wrongType(v, "a string")
		}
		if err := checkIdent(s); err != nil {
			return "", err
		}
		return s, nil
	},
	encode: Quote,
}

func checkIdent(s string) error {
	allowed := fmt.Sprintf("letters, digits, - and _, at most %d; it names the folder results/NAME/", maxName)
	if s == "" {
		return fmt.Errorf("empty (allowed: %s; leave name out to use the file's base name)", allowed)
	}
	if len(s) > maxName {
		return fmt.Errorf("%d characters long (allowed: %s)", len(s), allowed)
	}
	for _, r := range s {
		if !isIdentRune(r) {
			return fmt.Errorf("%q contains %q (allowed: %s)", s, r, allowed)
		}
	}
	return nil
}

func isIdentRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// Quote writes s as a TOML basic string. Printable text is written as
// strconv.Quote writes it; other characters use the escapes TOML knows.
// Every scenario file orgsim writes quotes its strings this way.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case strconv.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Enumerations.

// enum is a model enumeration: a small integer type whose values 0, 1, …
// have names (MarshalText), read back by UnmarshalText.
type enum interface {
	~uint8
	encoding.TextMarshaler
}

// enumCodec reads and writes the names of enumeration T; the names come
// from T's own MarshalText, so they are kept in one place.
func enumCodec[T enum, PT interface {
	*T
	encoding.TextUnmarshaler
}]() codec[T] {
	names := enumNames[T]()
	typ := "one of " + quoteList(names)
	return codec[T]{
		typ: typ,
		decode: func(v any, _ *context) (T, error) {
			var x T
			s, ok := v.(string)
			if !ok {
				return x, wrongType(v, typ)
			}
			if err := PT(&x).UnmarshalText([]byte(s)); err != nil {
				hint := ""
				if n := nearest(s, names); n != "" {
					hint = fmt.Sprintf("did you mean %q? ", n)
				}
				return x, fmt.Errorf("%q is not allowed (%sallowed: %s)", s, hint, quoteList(names))
			}
			return x, nil
		},
		encode: func(x T) string {
			b, err := x.MarshalText()
			if err != nil {
				return `""`
			}
			return Quote(string(b))
		},
	}
}

// enumNames returns the names of the values 0, 1, … of enumeration T.
func enumNames[T enum]() []string {
	var names []string
	for i := 0; i < 256; i++ {
		b, err := T(i).MarshalText()
		if err != nil {
			break
		}
		names = append(names, string(b))
	}
	return names
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// Working time.

// maxHorizon bounds horizon and drain: 1000 working years, 2,000,000 hours.
const maxHorizon = 1000 * sim.Year

// durationCodec is a working-time duration in hours, at most max.
func durationCodec(rng string, max float64) codec[float64] {
	return codec[float64]{
		typ: usageDuration, rng: rng,
		decode: func(v any, _ *context) (float64, error) {
			switch x := v.(type) {
			case int64:
				return 0, fmt.Errorf("found integer %d without a unit (allowed: %s; e.g. \"%dh\")", x, usageDuration, x)
			case float64:
				return 0, fmt.Errorf("found number %g without a unit (allowed: %s; e.g. \"%gh\")", x, usageDuration, x)
			case string:
				h, err := parseDuration(x)
				if err == nil && h > max {
					return 0, fmt.Errorf("%q is too long (allowed: %s)", x, rng)
				}
				return h, err
			}
			return 0, wrongType(v, usageDuration)
		},
		encode: func(h float64) string { return Quote(formatDuration(h)) },
	}
}

// duration is any working-time duration; the model checks its range.
var duration = durationCodec("", math.Inf(1))

// horizonDuration and drainDuration are durations up to maxHorizon.
var (
	horizonDuration = durationCodec(`> 0 and ≤ "1000y" (2,000,000 working hours)`, maxHorizon)
	drainDuration   = durationCodec(`≥ 0 and ≤ "1000y" (2,000,000 working hours)`, maxHorizon)
)

// rate is a number per working-time unit, stored per hour.
var rate = stringCodec(usageRate, parseRate, formatRate)

// durationDist and plainDist are distributions of durations and of numbers.
var (
	durationDist = stringCodec(usageDistDuration,
		func(s string) (model.Dist, error) { return parseDist(s, true) },
		func(d model.Dist) string { return formatDist(d, true) })
	plainDist = stringCodec(usageDistPlain,
		func(s string) (model.Dist, error) { return parseDist(s, false) },
		func(d model.Dist) string { return formatDist(d, false) })
)

// stringCodec is a value written as a string in its own syntax.
func stringCodec[T any](typ string, parse func(string) (T, error), format func(T) string) codec[T] {
	return codec[T]{
		typ: typ,
		decode: func(v any, _ *context) (T, error) {
			s, ok := v.(string)
			if !ok {
				var zero T
				return zero, wrongType(v, typ)
			}
			return parse(s)
		},
		encode: func(x T) string { return Quote(format(x)) },
	}
}

// Thresholds.

// knowledge and authority are limits written as a number, "inf" or a
// percentile "pNN", resolved on the scenario's work: a knowledge percentile
// is the difficulty that resolves NN % of issues, an authority percentile
// the NN-th percentile of work.value.
var (
	knowledge = thresholdCodec(usageKnowledge, func(pct float64, w *model.Work) (float64, error) {
		return -math.Log(1-pct/100) / w.Theta, nil
	})
	authority = thresholdCodec(usageAuthority, func(pct float64, w *model.Work) (float64, error) {
		if err := w.Value.Validate(); err != nil {
			return 0, errors.New("work.value is not a valid distribution")
		}
		return w.Value.Quantile(pct / 100), nil
	})
)

func thresholdCodec(usage string, resolve func(pct float64, w *model.Work) (float64, error)) codec[float64] {
	return codec[float64]{
		typ: usage, num: axisReal,
		decode: func(v any, cx *context) (float64, error) {
			if x, ok := toFloat(v); ok {
				if math.IsNaN(x) {
					return 0, fmt.Errorf("%v is not allowed (allowed: %s)", x, usage)
				}
				return x, nil
			}
			s, ok := v.(string)
			if !ok {
				return 0, wrongType(v, usage)
			}
			th, err := parseThreshold(s, usage)
			if err != nil || th.pct == 0 {
				return th.x, err
			}
			x, err := resolve(th.pct, cx.work)
			if err != nil {
				return 0, fmt.Errorf("%q cannot be resolved: %v", s, err)
			}
			return x, nil
		},
		encode: formatNumber,
	}
}

// Lists.

// listCodec is an array whose elements elem reads.
func listCodec[E any](typ string, elem func(any) (E, bool), format func(E) string) codec[[]E] {
	return codec[[]E]{
		typ: typ,
		decode: func(v any, _ *context) ([]E, error) {
			a, ok := v.([]any)
			if !ok {
				return nil, wrongType(v, typ)
			}
			var xs []E // nil for [], as the model's presets have it
			for i, e := range a {
				x, ok := elem(e)
				if !ok {
					return nil, fmt.Errorf("found %s at [%d] (allowed: %s)", describe(e), i, typ)
				}
				xs = append(xs, x)
			}
			return xs, nil
		},
		encode: func(xs []E) string {
			parts := make([]string, len(xs))
			for i, x := range xs {
				parts[i] = format(x)
			}
			return "[" + strings.Join(parts, ", ") + "]"
		},
	}
}

// intList, stringList and numberList are lists of integers, strings and
// finite numbers.
var (
	intList = listCodec("a list of integers, e.g. [7] or [4, 6]", func(e any) (int, bool) {
		n, ok := e.(int64)
		return int(n), ok && n == int64(int(n))
	}, strconv.Itoa)
	stringList = listCodec(`a list of strings, e.g. ["t2", "t3"]`, func(e any) (string, bool) {
		s, ok := e.(string)
		return s, ok
	}, Quote)
	numberList = listCodec("a list of two numbers, e.g. [0.1, 0.4]", func(e any) (float64, bool) {
		x, ok := toFloat(e)
		return x, ok && !math.IsNaN(x) && !math.IsInf(x, 0)
	}, number.encode)
)

// intPair is a list of exactly two integers, [min, max].
var intPair = codec[[2]int]{
	typ: intList.typ,
	decode: func(v any, cx *context) ([2]int, error) {
		xs, err := intList.decode(v, cx)
		if err != nil {
			return [2]int{}, err
		}
		if len(xs) != 2 {
			return [2]int{}, fmt.Errorf("%d values (allowed: two, [min, max])", len(xs))
		}
		return [2]int{xs[0], xs[1]}, nil
	},
	encode: func(p [2]int) string { return intList.encode(p[:]) },
}

// values is a non-empty list of values of any type, as a sweep axis
// writes them; they are checked as values of the axis's key.
var values = codec[[]any]{
	typ: `a list of values of the key's type, e.g. [0.1, 0.2] or ["2/d", "4/d"]`,
	decode: func(v any, _ *context) ([]any, error) {
		a, ok := v.([]any)
		if !ok || len(a) == 0 {
			return nil, wrongType(v, `a list of values of the key's type, e.g. [0.1, 0.2] or ["2/d", "4/d"]`)
		}
		return a, nil
	},
	encode: func(a []any) string { return valueSyntax(a) },
}

// valueSyntax writes a decoded TOML value in the file's syntax.
func valueSyntax(v any) string {
	switch x := v.(type) {
	case string:
		return Quote(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = valueSyntax(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case float64:
		if math.IsInf(x, 1) {
			return "inf"
		} else if math.IsInf(x, -1) {
			return "-inf"
		} else if math.IsNaN(x) {
			return "nan"
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	}
	return tomlText(v)
}

// durationOrNone is a working-time duration, or "inf" (also "none") for no
// limit at all, stored as +Inf.
var durationOrNone = codec[float64]{
	typ: usageDuration + `, or "inf" for none`,
	decode: func(v any, cx *context) (float64, error) {
		if s, ok := v.(string); ok {
			if t := strings.ToLower(strings.TrimSpace(s)); t == "inf" || t == "none" {
				return math.Inf(1), nil
			}
		}
		return duration.decode(v, cx)
	},
	encode: func(h float64) string {
		if math.IsInf(h, 1) {
			return `"inf"`
		}
		return duration.encode(h)
	},
}

// knowledgeList is a list of knowledge thresholds, one per domain, each
// written as knowledge is.
var knowledgeList = codec[[]float64]{
	typ: `a list of knowledge thresholds, one per domain, e.g. [1.2, "p90", "inf"]`,
	decode: func(v any, cx *context) ([]float64, error) {
		a, ok := v.([]any)
		if !ok {
			return nil, wrongType(v, `a list of knowledge thresholds, one per domain`)
		}
		var xs []float64
		for i, e := range a {
			x, err := knowledge.decode(e, cx)
			if err != nil {
				return nil, fmt.Errorf("at [%d]: %v", i, err)
			}
			xs = append(xs, x)
		}
		return xs, nil
	},
	encode: func(xs []float64) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = knowledge.encode(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	},
}
