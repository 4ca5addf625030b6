package scenarios

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/orgsim/orgsim/sim"
)

// Sweep is a decoded sweep file: a base scenario varied along axes at
// points, each point run for some replications.
type Sweep struct {
	Name         string
	Description  string
	File         string
	Base         *Scenario
	Seed         uint64     // every run of replication r uses (Seed, r), at every point
	Design       string     // "grid" or "lhs"
	Replications int        // per point, when Precision is nil
	Precision    *Precision // a precision target instead of a fixed count
	Metrics      []string   // metrics summarised
	Axes         []Axis
	Points       []Point
}

// Precision is a relative precision target: replications are added in whole
// batches, from Min up to Max, until the 95 % confidence half-width of
// Metric is below Target × |mean| for every organisation.
type Precision struct {
	Metric          string
	Target          float64
	Batch, Min, Max int
}

// Axis is one varied key with the values it takes (as written in a file).
type Axis struct {
	Key    string
	Values []string // the distinct values of the axis over the points, in first-use order
}

// Point is one scenario of a sweep.
type Point struct {
	Index    int
	Values   []string  // the point's value of each axis, as written in a file
	Scenario *Scenario // nil when Err is set
	Err      error     // the point's scenario is invalid (recorded, not fatal)
}

type sweepTop struct {
	name, description, base, design string
	seed                            uint64
	points, replications            int
	metrics                         []string
}

type precisionDecl struct {
	metric          string
	target          float64
	batch, min, max int
}

type axisDecl struct {
	key    string
	values []any
	linear []float64
	log    []float64
	steps  int
	unit   string
}

func sweepTopOf(t any) *sweepTop  { return t.(*sweepTop) }
func precOf(t any) *precisionDecl { return t.(*precisionDecl) }
func axisOf(t any) *axisDecl      { return t.(*axisDecl) }

// sweepSchema is the sweep file format.
var sweepSchema = &table{
	doc: "A sweep: a base scenario varied along axes; every point runs for some replications.",
	fields: []field{
		{key: "name", kind: kString, doc: "the sweep's name, used for the output folder results/<name>/", def: "the file's base name",
			ptr: func(t any) any { return &sweepTopOf(t).name }},
		{key: "description", kind: kString, doc: "what the sweep shows", def: `""`,
			ptr: func(t any) any { return &sweepTopOf(t).description }},
		{key: "base", kind: kString, doc: "the base scenario: an embedded name or a path (relative to the sweep file)", def: "required",
			ptr: func(t any) any { return &sweepTopOf(t).base }},
		{key: "seed", kind: kInt, doc: "the sweep's seed: replication r of every point runs on (seed, r), so points are paired", def: "the base's seed", rng: "≥ 0",
			ptr: func(t any) any { return &sweepTopOf(t).seed }},
		{key: "design", kind: kEnum, enum: []string{"grid", "lhs"}, doc: "grid: every combination of axis values; lhs: a Latin hypercube of `points` points", def: `"grid"`,
			ptr: func(t any) any { return &sweepTopOf(t).design }},
		{key: "points", kind: kInt, doc: "lhs: number of points", def: "20", rng: "≥ 1",
			ptr: func(t any) any { return &sweepTopOf(t).points }},
		{key: "replications", kind: kInt, doc: "replications per point (without [precision])", def: "the base's", rng: "≥ 1",
			ptr: func(t any) any { return &sweepTopOf(t).replications }},
		{key: "metrics", kind: kStringList, doc: "metrics to summarise (names of runs.csv columns)", def: "latency_p50, latency_p95, util_max, accuracy, messages_per_decision, and resilience_loss_d1, recovery_time_d1 with a disruption",
			ptr: func(t any) any { return &sweepTopOf(t).metrics }},
	},
	subs: []*table{
		{key: "precision", doc: "A relative precision target instead of a fixed number of replications.", fields: []field{
			{key: "metric", kind: kString, doc: "the metric whose 95 % confidence half-width is checked", def: "required",
				ptr: func(t any) any { return &precOf(t).metric }},
			{key: "target", kind: kFloat, doc: "stop once half-width ≤ target × |mean| for every organisation", unit: "share", def: "0.05", rng: "> 0",
				ptr: func(t any) any { return &precOf(t).target }},
			{key: "batch", kind: kInt, doc: "replications added at a time", def: "5", rng: "≥ 1",
				ptr: func(t any) any { return &precOf(t).batch }},
			{key: "min", kind: kInt, doc: "replications before the first check", def: "10", rng: "≥ 2",
				ptr: func(t any) any { return &precOf(t).min }},
			{key: "max", kind: kInt, doc: "the most replications per point", def: "100", rng: "≥ min",
				ptr: func(t any) any { return &precOf(t).max }},
		}},
		{key: "axis", array: true, doc: "One varied key of the base scenario.", fields: []field{
			{key: "key", kind: kString, doc: `a scenario key path, e.g. "work.cross_team" or "organisation[1].team.knowledge"; without an index it applies to every [[organisation]]`, def: "required",
				ptr: func(t any) any { return &axisOf(t).key }},
			{key: "values", kind: kValues, doc: "the values, written as in a scenario file", def: "one of values, range, log_range",
				ptr: func(t any) any { return &axisOf(t).values }},
			{key: "range", kind: kFloatList, doc: "[low, high]: steps values evenly spaced (grid) or a stratum each (lhs)",
				ptr: func(t any) any { return &axisOf(t).linear }},
			{key: "log_range", kind: kFloatList, doc: "[low, high], both > 0: steps values evenly spaced on a log scale",
				ptr: func(t any) any { return &axisOf(t).log }},
			{key: "steps", kind: kInt, doc: "grid: values generated from a range", def: "5", rng: "≥ 2",
				ptr: func(t any) any { return &axisOf(t).steps }},
			{key: "unit", kind: kString, doc: `suffix for generated numbers of a duration or rate key, e.g. "w" or "/d"`, def: `""`,
				ptr: func(t any) any { return &axisOf(t).unit }},
		}},
	},
}

//go:embed sweeps/*.toml
var sweepFS embed.FS

// SweepNames returns the names of the embedded sweeps, sorted.
func SweepNames() []string {
	ents, _ := fs.ReadDir(sweepFS, "sweeps")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(out)
	return out
}

// SweepSource returns the text of embedded sweep name.
func SweepSource(name string) ([]byte, error) {
	b, err := sweepFS.ReadFile("sweeps/" + name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no embedded sweep %q%s (embedded: %s)", name, didYouMean(name, SweepNames()), strings.Join(SweepNames(), ", "))
	}
	return b, nil
}

// OpenSweep loads arg: a sweep file if one exists at that path, else the
// embedded sweep of that name. metrics lists the metric names allowed for a
// base with n disruptions.
func OpenSweep(arg string, metrics func(n int) []string) (*Sweep, error) {
	if fi, err := os.Stat(arg); err == nil && !fi.IsDir() || strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".toml") {
		src, err := os.ReadFile(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file", arg)
			}
			return nil, fmt.Errorf("%s: %v", arg, err)
		}
		sw, err := ParseSweep(arg, src, filepath.Dir(arg), metrics)
		if err != nil {
			return nil, err
		}
		if sw.Name == "" {
			sw.Name = strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
		}
		return sw, nil
	}
	src, err := SweepSource(arg)
	if err != nil {
		return nil, fmt.Errorf("%q is neither a sweep file nor an embedded sweep%s (embedded: %s)", arg, didYouMean(arg, SweepNames()), strings.Join(SweepNames(), ", "))
	}
	sw, err := ParseSweep("embedded:"+arg+".toml", src, "", metrics)
	if err != nil {
		return nil, err
	}
	if sw.Name == "" {
		sw.Name = arg
	}
	return sw, nil
}

// ParseSweep decodes and validates a sweep file; dir resolves a base given
// as a relative path ("" for embedded sweeps, whose bases are embedded).
// Every point's scenario is built and validated; an invalid point is kept
// with its error.
func ParseSweep(file string, src []byte, dir string, metrics func(n int) []string) (*Sweep, error) {
	fail := func(msg string) (*Sweep, error) {
		return nil, &Error{Problems: []Problem{{File: file, Pos: Pos{1, 1}, Msg: msg}}}
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return fail("the file is empty (allowed: a sweep; `orgsim scenarios show sweep-surge` prints one to copy)")
	}
	if bytes.IndexByte(src, 0) >= 0 || !utf8.Valid(src) {
		return fail("the file is binary, not a TOML sweep (allowed: UTF-8 text)")
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Problems: []Problem{{File: file, Pos: Pos{max(pe.Position.Line, 1), max(pe.Position.Col, 1)}, Msg: "TOML syntax: " + pe.Message}}}
		}
		return fail(err.Error())
	}
	d := &decoder{file: file, ix: newIndex(string(src))}
	top := &sweepTop{design: "grid", points: 20}
	d.fields(sweepSchema, "", raw, top, nil)
	var prec *precisionDecl
	if m, ok := d.table(raw, "precision", ""); ok {
		prec = &precisionDecl{target: 0.05, batch: 5, min: 10, max: 100}
		d.fields(sweepSchema.sub("precision"), "precision", m, prec, nil)
	}
	var axes []*axisDecl
	for i, m := range d.array(raw, "axis", "") {
		a := &axisDecl{steps: 5}
		d.fields(sweepSchema.sub("axis"), fmt.Sprintf("axis[%d]", i), m, a, nil)
		axes = append(axes, a)
	}
	if len(d.problems) > 0 {
		return nil, d.err()
	}
	sw := &Sweep{Name: top.name, Description: top.description, File: file, Design: top.design}
	// The base scenario.
	if top.base == "" {
		d.problem("base", "missing (allowed: an embedded scenario name or a scenario file path)")
		return nil, d.err()
	}
	var base *Scenario
	var err error
	if dir == "" {
		base, err = Embedded(top.base)
	} else {
		p := top.base
		if _, serr := os.Stat(filepath.Join(dir, p)); serr == nil && !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		base, err = Open(p)
	}
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return nil, err // the base's own problems, with their positions
		}
		d.problem("base", "%v", err)
		return nil, d.err()
	}
	sw.Base = base
	sw.Seed = base.Config.Seed
	if _, set := raw["seed"]; set {
		sw.Seed = top.seed
	}
	sw.Replications = base.Replications
	if _, set := raw["replications"]; set {
		if top.replications < 1 {
			d.problem("replications", "%d is not allowed (allowed: ≥ 1)", top.replications)
		}
		sw.Replications = top.replications
	}
	known := metrics(len(base.Config.Disruptions))
	sw.Metrics = top.metrics
	if sw.Metrics == nil {
		sw.Metrics = []string{"latency_p50", "latency_p95", "util_max", "accuracy", "messages_per_decision"}
		if len(base.Config.Disruptions) > 0 {
			sw.Metrics = append(sw.Metrics, "resilience_loss_d1", "recovery_time_d1")
		}
	}
	for i, m := range sw.Metrics {
		if !contains(known, m) {
			d.problem(fmt.Sprintf("metrics[%d]", i), "%q is not a metric of this base%s (allowed: %s)", m, suggestText(m, known), strings.Join(known, ", "))
		}
	}
	if prec != nil {
		if !contains(known, prec.metric) {
			d.problem("precision.metric", "%q is not a metric of this base%s (allowed: %s)", prec.metric, suggestText(prec.metric, known), strings.Join(known, ", "))
		}
		switch {
		case !(prec.target > 0):
			d.problem("precision.target", "%v is not allowed (allowed: > 0, e.g. 0.05 for 5 %%)", prec.target)
		case prec.batch < 1:
			d.problem("precision.batch", "%d is not allowed (allowed: ≥ 1)", prec.batch)
		case prec.min < 2:
			d.problem("precision.min", "%d is not allowed (allowed: ≥ 2)", prec.min)
		case prec.max < prec.min:
			d.problem("precision.max", "%d is below min (%d) (allowed: max ≥ min)", prec.max, prec.min)
		}
		sw.Precision = &Precision{Metric: prec.metric, Target: prec.target, Batch: prec.batch, Min: prec.min, Max: prec.max}
	}
	if top.design == "lhs" && top.points < 1 {
		d.problem("points", "%d is not allowed (allowed: ≥ 1)", top.points)
	}
	if len(axes) == 0 {
		d.problem("axis", "no axis (allowed: one or more [[axis]] with a key and values, range or log_range)")
	}
	canon := Format(base)
	var baseMap map[string]any
	if _, err := toml.Decode(string(canon), &baseMap); err != nil {
		return nil, fmt.Errorf("scenarios: the resolved base does not decode: %v", err)
	}
	gens := make([]func(t float64) any, len(axes))
	lists := make([][]any, len(axes))
	for i, a := range axes {
		path := fmt.Sprintf("axis[%d]", i)
		f, err := checkKey(a.key, baseMap)
		if err != nil {
			d.problem(path+".key", "%v", err)
			continue
		}
		lists[i], gens[i] = d.axisValues(path, a, f)
	}
	if len(d.problems) > 0 {
		return nil, d.err()
	}
	// The points.
	var combos [][]any
	if top.design == "grid" {
		combos = [][]any{{}}
		for _, l := range lists {
			var next [][]any
			for _, c := range combos {
				for _, v := range l {
					next = append(next, append(append([]any(nil), c...), v))
				}
			}
			combos = next
		}
	} else {
		n := top.points
		combos = make([][]any, n)
		for i := range axes {
			rng := sim.Keys{Seed: sw.Seed}.Stream(0x5eed, uint64(i))
			perm := rng.Perm(n)
			for j := 0; j < n; j++ {
				t := (float64(perm[j]) + rng.Float64()) / float64(n)
				combos[j] = append(combos[j], gens[i](t))
			}
		}
	}
	sw.Axes = make([]Axis, len(axes))
	for i, a := range axes {
		sw.Axes[i].Key = a.key
	}
	for p, c := range combos {
		pt := Point{Index: p}
		m := cloneMap(baseMap)
		for i, v := range c {
			text := tomlText(v)
			pt.Values = append(pt.Values, text)
			if !contains(sw.Axes[i].Values, text) {
				sw.Axes[i].Values = append(sw.Axes[i].Values, text)
			}
			if err := setPath(m, axes[i].key, v); err != nil {
				pt.Err = err
			}
		}
		if pt.Err == nil {
			var buf bytes.Buffer
			if err := toml.NewEncoder(&buf).Encode(m); err != nil {
				pt.Err = err
			} else if sc, err := Parse(fmt.Sprintf("%s point %d", file, p), buf.Bytes()); err != nil {
				pt.Err = err
			} else {
				sc.Name, sc.File = base.Name, base.File
				pt.Scenario = sc
			}
		}
		sw.Points = append(sw.Points, pt)
	}
	return sw, nil
}

func suggestText(s string, options []string) string {
	if n := nearest(s, options); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

var segRE = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?$`)

// checkKey resolves a scenario key path against the schema and the base,
// returning its field.
func checkKey(key string, base map[string]any) (*field, error) {
	segs := strings.Split(key, ".")
	t := schema
	cur := base
	for i, seg := range segs {
		m := segRE.FindStringSubmatch(seg)
		if m == nil {
			return nil, fmt.Errorf("%q is not a key path (allowed: dotted keys with optional [N], e.g. \"organisation[1].team.knowledge\")", key)
		}
		name := m[1]
		last := i == len(segs)-1
		if last {
			if f := t.field(name); f != nil {
				if m[2] != "" {
					return nil, fmt.Errorf("%q: %s takes no index", key, name)
				}
				return f, nil
			}
		}
		s := t.sub(name)
		if s == nil || last {
			where := "the top level"
			if i > 0 {
				where = "[" + stripIndex(strings.Join(segs[:i], ".")) + "]"
			}
			return nil, fmt.Errorf("%q is not a scenario key%s (allowed in %s: %s)", key, suggestText(name, t.keys()), where, strings.Join(t.keys(), ", "))
		}
		t = s
		v := cur[name]
		switch x := v.(type) {
		case map[string]any:
			cur = x
		case []map[string]any:
			if m[2] != "" {
				k, _ := strconv.Atoi(m[2])
				if k >= len(x) {
					return nil, fmt.Errorf("%q: the base has %d %s table(s) (allowed: index 0 … %d)", key, len(x), name, len(x)-1)
				}
				cur = x[k]
			} else if len(x) > 0 {
				cur = x[0]
			}
		default:
			if name == "manager_level" || name == "unit" {
				return nil, fmt.Errorf("%q: the base has no %s tables", key, name)
			}
		}
	}
	return nil, fmt.Errorf("%q is not a scenario key", key)
}

// axisValues returns an axis's values (grid) and its generator from a
// stratum position t in [0, 1) (lhs).
func (d *decoder) axisValues(path string, a *axisDecl, f *field) ([]any, func(float64) any) {
	n := 0
	if a.values != nil {
		n++
	}
	if a.linear != nil {
		n++
	}
	if a.log != nil {
		n++
	}
	if n != 1 {
		d.problem(path, "give exactly one of values, range and log_range (found %d)", n)
		return nil, nil
	}
	if a.values != nil {
		vals := a.values
		return vals, func(t float64) any { return vals[min(int(t*float64(len(vals))), len(vals)-1)] }
	}
	r, logScale := a.linear, false
	if a.log != nil {
		r, logScale = a.log, true
	}
	key := path + ".range"
	if logScale {
		key = path + ".log_range"
	}
	if len(r) != 2 || !(r[1] > r[0]) || logScale && !(r[0] > 0) {
		d.problem(key, "%v is not allowed (allowed: [low, high] with low < high%s)", r, map[bool]string{true: ", both > 0", false: ""}[logScale])
		return nil, nil
	}
	if a.steps < 2 {
		d.problem(path+".steps", "%d is not allowed (allowed: ≥ 2)", a.steps)
		return nil, nil
	}
	numeric := f.kind == kInt || f.kind == kFloat || f.kind == kKnowledge || f.kind == kAuthority
	if !numeric && a.unit == "" {
		d.problem(path+".unit", "a range for %s needs a unit (allowed: e.g. \"w\" for durations or \"/d\" for rates)", f.kind.typeText(f.enum))
		return nil, nil
	}
	at := func(t float64) any {
		var x float64
		if logScale {
			x = math.Exp(math.Log(r[0]) + t*(math.Log(r[1])-math.Log(r[0])))
		} else {
			x = r[0] + t*(r[1]-r[0])
		}
		x = math.Round(x*1e9) / 1e9
		switch {
		case f.kind == kInt:
			return int64(math.Round(x))
		case a.unit != "":
			return strconv.FormatFloat(x, 'g', -1, 64) + a.unit
		}
		return x
	}
	var vals []any
	for k := 0; k < a.steps; k++ {
		vals = append(vals, at(float64(k)/float64(a.steps-1)))
	}
	return vals, at
}

// tomlText writes a decoded TOML value as a short text for tables and CSV.
func tomlText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case []map[string]any:
		out := make([]map[string]any, len(x))
		for i := range x {
			out[i] = cloneMap(x[i])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = cloneValue(x[i])
		}
		return out
	}
	return v
}

// setPath sets key (a checked path) in the decoded scenario m to v; a path
// through an array of tables without an index sets every element.
func setPath(m map[string]any, key string, v any) error {
	segs := strings.Split(key, ".")
	var walk func(cur map[string]any, i int) error
	walk = func(cur map[string]any, i int) error {
		sm := segRE.FindStringSubmatch(segs[i])
		name := sm[1]
		if i == len(segs)-1 {
			cur[name] = v
			return nil
		}
		switch x := cur[name].(type) {
		case map[string]any:
			return walk(x, i+1)
		case []map[string]any:
			if sm[2] != "" {
				k, _ := strconv.Atoi(sm[2])
				return walk(x[k], i+1)
			}
			for _, e := range x {
				if err := walk(e, i+1); err != nil {
					return err
				}
			}
			return nil
		}
		return fmt.Errorf("%s: no table %s in the base", key, name)
	}
	return walk(m, 0)
}

// FormatSweep writes the resolved sweep: its settings, the base scenario's
// resolved form and every point's values. Two sweeps with the same text run
// the same units.
func FormatSweep(sw *Sweep) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "name = %q\nseed = %d\ndesign = %q\nreplications = %d\nmetrics = [%s]\n", sw.Name, sw.Seed, sw.Design, sw.Replications, quoteList(sw.Metrics))
	if p := sw.Precision; p != nil {
		fmt.Fprintf(&b, "\n[precision]\nmetric = %q\ntarget = %s\nbatch = %d\nmin = %d\nmax = %d\n", p.Metric, strconv.FormatFloat(p.Target, 'g', -1, 64), p.Batch, p.Min, p.Max)
	}
	for _, a := range sw.Axes {
		fmt.Fprintf(&b, "\n[[axis]]\nkey = %q\n", a.Key)
	}
	for _, p := range sw.Points {
		fmt.Fprintf(&b, "\n# point %d: %s", p.Index, strings.Join(p.Values, " | "))
	}
	b.WriteString("\n\n# base scenario\n")
	b.Write(Format(sw.Base))
	return []byte(b.String())
}

// SweepHash returns the SHA-256 of FormatSweep, in hex.
func SweepHash(sw *Sweep) string {
	h := sha256.Sum256(FormatSweep(sw))
	return hex.EncodeToString(h[:])
}

// PointHash identifies a point by its resolved scenario.
func PointHash(p *Point) string {
	var h [32]byte
	if p.Scenario != nil {
		h = sha256.Sum256(Format(p.Scenario))
	} else {
		h = sha256.Sum256([]byte(strings.Join(p.Values, "\x00")))
	}
	return hex.EncodeToString(h[:])
}
