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
	name, description, base string
	design                  design
	seed                    uint64
	points, replications    int
	metrics                 []string
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

// design is how a sweep chooses its points.
type design uint8

const (
	gridDesign design = iota // every combination of the axes' values
	lhsDesign                // a Latin hypercube
)

var designNames = [...]string{"grid", "lhs"}

// MarshalText returns "grid" or "lhs".
func (x design) MarshalText() ([]byte, error) {
	if int(x) >= len(designNames) {
		return nil, fmt.Errorf("design %d has no name", x)
	}
	return []byte(designNames[x]), nil
}

// UnmarshalText reads "grid" or "lhs".
func (x *design) UnmarshalText(text []byte) error {
	for i, n := range designNames {
		if n == string(text) {
			*x = design(i)
			return nil
		}
	}
	return fmt.Errorf("%q is not a design (allowed: %s)", text, quoteList(designNames[:]))
}

// Bounds on a sweep's size: its points (the grid's combinations, or lhs
// points) and the values an axis's range generates.
const (
	maxPoints = 10000
	maxSteps  = 1000
)

// sweepSchema is the sweep file format.
var sweepSchema = &table{
	doc: "A sweep: a base scenario varied along axes; every point runs for some replications.",
	fields: []field{
		{key: "name", doc: "the sweep's name, used for the output folder results/<name>/", def: "the file's base name",
			val: bind(ident, func(t *sweepTop) *string { return &t.name })},
		{key: "description", doc: "what the sweep shows", def: `""`,
			val: bind(text, func(t *sweepTop) *string { return &t.description })},
		{key: "base", doc: "the base scenario: an embedded name or a path (relative to the sweep file)", def: "required",
			val: bind(text, func(t *sweepTop) *string { return &t.base })},
		{key: "seed", doc: "the sweep's seed: replication r of every point runs on (seed, r), so points are paired", def: "the base's seed",
			val: bind(unsigned, func(t *sweepTop) *uint64 { return &t.seed })},
		{key: "design", doc: "grid: every combination of axis values; lhs: a Latin hypercube of `points` points", def: `"grid"`,
			val: bind(enumCodec[design](), func(t *sweepTop) *design { return &t.design })},
		{key: "points", doc: "lhs: number of points", def: "20",
			val: bind(intIn(1, maxPoints), func(t *sweepTop) *int { return &t.points })},
		{key: "replications", doc: "replications per point (without [precision])", def: "the base's",
			val: bind(intIn(1, maxReplications), func(t *sweepTop) *int { return &t.replications })},
		{key: "metrics", doc: "metrics to summarise (names of runs.csv columns)", def: "latency_p50, latency_p95, util_max, accuracy, messages_per_decision, and resilience_loss_d1, recovery_time_d1 with a disruption",
			val: bind(stringList, func(t *sweepTop) *[]string { return &t.metrics })},
	},
	subs: []*table{
		{key: "precision", doc: "A relative precision target instead of a fixed number of replications.", fields: []field{
			{key: "metric", doc: "the metric whose 95 % confidence half-width is checked", def: "required",
				val: bind(text, func(p *precisionDecl) *string { return &p.metric })},
			{key: "target", doc: "stop once half-width ≤ target × |mean| for every organisation", unit: "share", def: "0.05", rng: "> 0",
				val: bind(number, func(p *precisionDecl) *float64 { return &p.target })},
			{key: "batch", doc: "replications added at a time", def: "5",
				val: bind(intIn(1, maxReplications), func(p *precisionDecl) *int { return &p.batch })},
			{key: "min", doc: "replications before the first check", def: "10",
				val: bind(intIn(2, maxReplications), func(p *precisionDecl) *int { return &p.min })},
			{key: "max", doc: "the most replications per point", def: "100", rng: fmt.Sprintf("min … %d", maxReplications),
				val: bind(intIn(2, maxReplications), func(p *precisionDecl) *int { return &p.max })},
		}},
		{key: "axis", array: true, doc: "One varied key of the base scenario.", fields: []field{
			{key: "key", doc: `a scenario key path, e.g. "work.cross_team" or "organisation[1].team.knowledge"; without an index it applies to every [[organisation]]`, def: "required",
				val: bind(text, func(a *axisDecl) *string { return &a.key })},
			{key: "values", doc: "the values, written as in a scenario file", def: "one of values, range, log_range",
				val: bind(values, func(a *axisDecl) *[]any { return &a.values })},
			{key: "range", doc: "[low, high]: steps values evenly spaced (grid) or a stratum each (lhs)",
				val: bind(numberList, func(a *axisDecl) *[]float64 { return &a.linear })},
			{key: "log_range", doc: "[low, high], both > 0: steps values evenly spaced on a log scale",
				val: bind(numberList, func(a *axisDecl) *[]float64 { return &a.log })},
			{key: "steps", doc: "grid: values generated from a range", def: "5",
				val: bind(intIn(2, maxSteps), func(a *axisDecl) *int { return &a.steps })},
			{key: "unit", doc: `suffix for generated numbers of a duration or rate key, e.g. "w" or "/d"`, def: `""`,
				val: bind(text, func(a *axisDecl) *string { return &a.unit })},
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
			sw.Name = nameFromPath(arg)
		}
		return sw, nil
	}
	src, err := SweepSource(arg)
	if err != nil {
		if _, serr := Source(arg); serr == nil {
			return nil, fmt.Errorf("%q is an embedded scenario, not a sweep: run it with orgsim run %s", arg, arg)
		}
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
// with its error. A scenario file is refused with a single problem, and the
// *Error matches ErrScenarioFile (errors.Is).
func ParseSweep(file string, src []byte, dir string, metrics func(n int) []string) (*Sweep, error) {
	raw, text, e := decodeTOML(file, src, "sweep", "sweep-surge")
	if e != nil {
		return nil, e
	}
	d := newDecoder(file, text, sweepSchema)
	if e := d.scenarioAsSweep(raw); e != nil {
		return nil, e
	}
	top := &sweepTop{design: gridDesign, points: 20}
	d.fields(sweepSchema, "", raw, top)
	var prec *precisionDecl
	if m, ok := d.table(raw, "precision", ""); ok {
		prec = &precisionDecl{target: 0.05, batch: 5, min: 10, max: 100}
		d.fields(sweepSchema.sub("precision"), "precision", m, prec)
	}
	var axes []*axisDecl
	for i, m := range d.array(raw, "axis", "") {
		a := &axisDecl{steps: 5}
		d.fields(sweepSchema.sub("axis"), fmt.Sprintf("axis[%d]", i), m, a)
		axes = append(axes, a)
	}
	if len(axes) == 0 && !d.failedAt("axis") {
		d.problem("axis", "no axis (allowed: one or more [[axis]] with a key and values, range or log_range)")
	}
	sw := &Sweep{Name: top.name, Description: top.description, File: file, Design: designNames[top.design]}
	// The base scenario.
	if _, ok := raw["base"]; !ok {
		d.problem("base", "missing (allowed: an embedded scenario name or a scenario file path)")
	}
	var base *Scenario
	if top.base != "" {
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
			if !errors.As(err, &se) {
				d.problem("base", "%v", err)
				return nil, d.err()
			}
			// The base's own problems, with their positions, after the
			// sweep file's.
			if !d.hasErrors() {
				return nil, err
			}
			sortProblems(d.problems)
			return nil, &Error{Problems: append(d.problems, se.Problems...)}
		}
	} else if _, ok := raw["base"]; ok && !d.failedAt("base") {
		d.problem("base", "empty (allowed: an embedded scenario name or a scenario file path)")
	}
	if base == nil {
		return nil, d.err()
	}
	sw.Base = base
	sw.Seed = base.Config.Seed
	if _, set := raw["seed"]; set {
		sw.Seed = top.seed
	}
	sw.Replications = base.Replications
	if _, set := raw["replications"]; set {
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
		if !contains(known, prec.metric) && !d.failedAt("precision.metric") {
			d.problem("precision.metric", "%q is not a metric of this base%s (allowed: %s)", prec.metric, suggestText(prec.metric, known), strings.Join(known, ", "))
		}
		if !(prec.target > 0) && !d.failedAt("precision.target") {
			d.problem("precision.target", "%v is not allowed (allowed: > 0, e.g. 0.05 for 5 %%)", prec.target)
		}
		if prec.max < prec.min && !d.failedAt("precision.max") && !d.failedAt("precision.min") {
			d.problem("precision.max", "%d is below min (%d) (allowed: max ≥ min)", prec.max, prec.min)
		}
		sw.Precision = &Precision{Metric: prec.metric, Target: prec.target, Batch: prec.batch, Min: prec.min, Max: prec.max}
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
		if d.failedAt(path) {
			continue
		}
		f, err := checkKey(a.key, baseMap)
		if err != nil {
			d.problem(path+".key", "%v", err)
			continue
		}
		lists[i], gens[i] = d.axisValues(path, a, f)
	}
	if top.design == gridDesign && !d.hasErrors() {
		n := 1
		for _, l := range lists {
			n *= len(l)
			if n > maxPoints {
				d.problem("axis", "the grid has more than %d points (allowed: at most %d; give fewer values or steps, or design = \"lhs\")", maxPoints, maxPoints)
				break
			}
		}
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	// The points.
	var combos [][]any
	if top.design == gridDesign {
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
				var se *Error
				if errors.As(err, &se) {
					// The point's file is generated: no excerpts of it.
					for i := range se.Problems {
						se.Problems[i].line = ""
					}
				}
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

// scenarioAsSweep returns the problem of a scenario file given as a sweep:
// it has neither a base nor [[axis]], and keys only scenarios have.
func (d *decoder) scenarioAsSweep(raw map[string]any) *Error {
	_, base := raw["base"]
	_, axis := raw["axis"]
	if base || axis {
		return nil
	}
	for _, k := range []string{"organisation", "work", "disruption", "metrics", "horizon", "warm_up", "drain", "max_open"} {
		if _, ok := raw[k]; !ok {
			continue
		}
		name := k
		if t := schema.sub(k); t != nil {
			name = tableTitle(schema, k)
		}
		msg := fmt.Sprintf("this is a scenario file, not a sweep (it has %s and no base or [[axis]]): run it with orgsim run %s", name, d.file)
		p := d.at(k, msg, false)
		p.Path = ""
		return &Error{Problems: []Problem{p}, kind: ErrScenarioFile}
	}
	return nil
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
	if f.val.num == axisText && a.unit == "" {
		d.problem(path+".unit", "a range for %s needs a unit (allowed: e.g. \"w\" for durations or \"/d\" for rates)", f.val.typ)
		return nil, nil
	}
	at := func(t float64) any {
		var x float64
		if logScale {
			x = math.Exp(math.Log(r[0]) + t*(math.Log(r[1])-math.Log(r[0])))
		} else {
			x = r[0] + t*(r[1]-r[0])
		}
		if math.Abs(x) < 1e15 {
			x = math.Round(x*1e9) / 1e9
		}
		switch {
		case f.val.num == axisInteger:
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
