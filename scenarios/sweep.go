package scenarios

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// Sweep is a decoded sweep file: a base scenario varied along axes at
// points, each point run for some replications.
type Sweep struct {
	Name         string
	Description  string
	File         string
	Base         *Scenario
	Seed         uint64     // every run of replication r uses (Seed, r), at every point without a seed of its own
	Design       string     // "grid", "lhs" or "list"
	Replications int        // per point, when Precision is nil
	Precision    *Precision // a precision target instead of a fixed count
	Metrics      []string   // metrics summarised
	Ratios       []string   // metrics also summarised as paired log-ratios
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

// Axis is one varied key with the values it takes.
type Axis struct {
	Key string
	// Name is the axis's name in outputs (a column of runs.csv and
	// summary.csv, a figure's axis): the file's name for it, else Key.
	Name string
	// Values are the distinct labels of the axis over the points, in
	// first-use order: a value as written in a file, or the label the
	// file gives it.
	Values []string
	// Threshold, when set, is a value of the axis's numeric labels where
	// something changes in closed form (such as an interim's stability),
	// drawn on the figures with ThresholdLabel.
	Threshold      *float64
	ThresholdLabel string
}

// Point is one scenario of a sweep.
type Point struct {
	Index int
	// Values are the point's label of each axis: the value as written in
	// a file, or the label the file gives it.
	Values []string
	// Set are the values the point sets, as written in a file (equal to
	// Values where an axis has no labels).
	Set []string
	// Seed, when set, is the point's own seed: its replication r runs on
	// (Seed, r) instead of (the sweep's seed, r). A sensitivity study gives
	// each point the seed of its design's noise key; a sweep file's points
	// have none.
	Seed     *uint64
	Scenario *Scenario // nil when Err is set
	Err      error     // the point's scenario is invalid (recorded, not fatal)
}

type sweepTop struct {
	name, description, base string
	design                  design
	seed                    uint64
	points, replications    int
	metrics, ratios         []string
}

type precisionDecl struct {
	metric          string
	target          float64
	batch, min, max int
}

type axisDecl struct {
	key            string
	name           string
	values         []any
	labels         []any
	linear         []float64
	log            []float64
	steps          int
	unit           string
	threshold      float64
	thresholdLabel string
}

// design is how a sweep chooses its points.
type design uint8

const (
	gridDesign design = iota // every combination of the axes' values
	lhsDesign                // a Latin hypercube
	listDesign               // explicit points: point i takes the i-th value of every axis
)

var designNames = [...]string{"grid", "lhs", "list"}

// MarshalText returns "grid", "lhs" or "list".
func (x design) MarshalText() ([]byte, error) {
	if int(x) >= len(designNames) {
		return nil, fmt.Errorf("design %d has no name", x)
	}
	return []byte(designNames[x]), nil
}

// UnmarshalText reads "grid", "lhs" or "list".
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
		{key: "design", doc: "grid: every combination of axis values; lhs: a Latin hypercube of `points` points; list: explicit points, point i taking the i-th of every axis's values (every axis gives values, as many each)", def: `"grid"`,
			val: bind(enumCodec[design](), func(t *sweepTop) *design { return &t.design })},
		{key: "points", doc: "lhs: number of points", def: "20",
			val: bind(intIn(1, maxPoints), func(t *sweepTop) *int { return &t.points })},
		{key: "replications", doc: "replications per point (without [precision])", def: "the base's",
			val: bind(intIn(1, MaxReplications), func(t *sweepTop) *int { return &t.replications })},
		{key: "metrics", doc: "metrics to summarise (names of runs.csv columns)", def: "latency_p50, latency_p95, util_max, accuracy, messages_per_decision, and resilience_loss_d1, recovery_time_d1 with a disruption",
			val: bind(stringList, func(t *sweepTop) *[]string { return &t.metrics })},
		{key: "ratios", doc: "summarised metrics also given as the paired log-ratio of the first organisation over each other (the log of the geometric-mean ratio, with its 95 % interval; for metrics > 0, such as latencies, accuracy and effort)", def: "[]",
			val: bind(stringList, func(t *sweepTop) *[]string { return &t.ratios })},
	},
	subs: []*table{
		{key: "precision", doc: "A relative precision target instead of a fixed number of replications.", fields: []field{
			{key: "metric", doc: "the metric whose 95 % confidence half-width is checked", def: "required",
				val: bind(text, func(p *precisionDecl) *string { return &p.metric })},
			{key: "target", doc: "stop once half-width ≤ target × |mean| for every organisation", unit: "share", def: "0.05", rng: "> 0",
				val: bind(number, func(p *precisionDecl) *float64 { return &p.target })},
			{key: "batch", doc: "replications added at a time", def: "5",
				val: bind(intIn(1, MaxReplications), func(p *precisionDecl) *int { return &p.batch })},
			{key: "min", doc: "replications before the first check", def: "10",
				val: bind(intIn(2, MaxReplications), func(p *precisionDecl) *int { return &p.min })},
			{key: "max", doc: "the most replications per point", def: "100", rng: fmt.Sprintf("min … %d", MaxReplications),
				val: bind(intIn(2, MaxReplications), func(p *precisionDecl) *int { return &p.max })},
		}},
		{key: "axis", array: true, doc: "One varied key of the base scenario.", fields: []field{
			{key: "key", doc: `a scenario key path, e.g. "work.cross_team" or "organisation[1].team.knowledge"; without an index it applies to every [[organisation]]. A table's path (e.g. "disruption[0]") takes inline tables of its keys as values, setting them together. "organisation[N].ROLE.load" (ROLE: team, manager, coach or root) is the baseline offered load of that role's busiest unit: each point scales the role's decision time (its mean; the shape kept) to give it. Axes apply in file order: where two set the same key, the later one wins`, def: "required",
				val: bind(text, func(a *axisDecl) *string { return &a.key })},
			{key: "name", doc: "the axis's name in outputs: its column in runs.csv and summary.csv and its label on figures", def: "the key", rng: fmt.Sprintf("letters, digits, _, . and - (at most %d); not a column runs.csv already has", maxName),
				val: bind(columnName, func(a *axisDecl) *string { return &a.name })},
			{key: "values", doc: "the values, written as in a scenario file", def: "one of values, range, log_range",
				val: bind(values, func(a *axisDecl) *[]any { return &a.values })},
			{key: "labels", doc: "what outputs show for each value instead of the value, one per value (values, or the steps of a range), in order: numbers or strings, all different, e.g. a coordinate such as [0.1, 0.2] for knowledge [\"p60\", \"p70\"]", def: "the values as written",
				val: bind(labelList, func(a *axisDecl) *[]any { return &a.labels })},
			{key: "range", doc: "[low, high]: steps values evenly spaced (grid) or a stratum each (lhs)",
				val: bind(numberList, func(a *axisDecl) *[]float64 { return &a.linear })},
			{key: "log_range", doc: "[low, high], both > 0: steps values evenly spaced on a log scale",
				val: bind(numberList, func(a *axisDecl) *[]float64 { return &a.log })},
			{key: "steps", doc: "grid: values generated from a range", def: "5",
				val: bind(intIn(2, maxSteps), func(a *axisDecl) *int { return &a.steps })},
			{key: "unit", doc: `suffix for generated numbers of a duration or rate key, e.g. "w" or "/d"`, def: `""`,
				val: bind(text, func(a *axisDecl) *string { return &a.unit })},
			{key: "threshold", doc: "a value of the axis's (numeric) labels where a closed-form result changes, drawn as a line on the figures (e.g. 1 on an axis of a load relative to a capacity)", def: "none",
				val: bind(number, func(a *axisDecl) *float64 { return &a.threshold })},
			{key: "threshold_label", doc: "what the threshold line means, written beside it", def: `""`,
				val: bind(text, func(a *axisDecl) *string { return &a.thresholdLabel })},
		}},
	},
}

//go:embed sweeps/*.toml
var sweepFS embed.FS

// SweepNames returns the names of the embedded sweeps, sorted.
func SweepNames() []string { return embeddedNames(sweepFS, "sweeps") }

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
	if isPath(arg) {
		src, err := readArg(arg)
		if err != nil {
			return nil, err
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
		a := &axisDecl{steps: 5, threshold: math.NaN()}
		d.fields(sweepSchema.sub("axis"), fmt.Sprintf("axis[%d]", i), m, a)
		axes = append(axes, a)
	}
	if len(axes) == 0 && !d.failedAt("axis") {
		d.problem("axis", "no axis (allowed: one or more [[axis]] with a key and values, range or log_range)")
	}
	sw := &Sweep{Name: top.name, Description: top.description, File: file, Design: designNames[top.design]}
	base, err := d.loadBase(raw, top.base, dir)
	if base == nil {
		return nil, err
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
	d.checkOutputs(sw.Metrics, top.ratios, known, "sweep")
	sw.Ratios = top.ratios
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
	targets := make([]axisTarget, len(axes))
	names := make([]string, len(axes))
	labels := make([][]string, len(axes))
	for i, a := range axes {
		path := fmt.Sprintf("axis[%d]", i)
		if d.failedAt(path) {
			continue
		}
		tg, err := resolveAxisKey(a.key, baseMap)
		if err != nil {
			d.problem(path+".key", "%v", err)
			continue
		}
		targets[i] = tg
		lists[i], gens[i] = d.axisValues(path, a, tg)
		names[i] = cmp.Or(a.name, a.key)
		if lists[i] != nil {
			labels[i] = d.axisLabels(path, a, lists[i], top.design == lhsDesign)
		}
		switch {
		case slices.Contains(names[:i], names[i]):
			d.problem(path+".name", "%q names two axes (allowed: a name for each axis; give the axes different names)", names[i])
		case contains(reservedColumns, names[i]) || contains(known, names[i]):
			d.problem(path+".name", "%q is already a column of runs.csv or summary.csv (allowed: another name)", names[i])
		}
		if !math.IsNaN(a.threshold) && lists[i] != nil {
			for k, v := range lists[i] {
				shown := v
				if labels[i] != nil {
					shown = axes[i].labels[k]
				}
				if _, ok := toFloat(shown); !ok {
					d.problem(path+".threshold", "the axis shows %s, not a number (allowed: a threshold on an axis whose labels, or values, are numbers)", describe(shown))
					break
				}
			}
		}
	}
	if top.design == listDesign && !d.hasErrors() {
		for i, a := range axes {
			path := fmt.Sprintf("axis[%d]", i)
			switch {
			case a.values == nil:
				d.problem(path, "design = \"list\" takes each point's value from values (allowed: values, one per point; a range gives no list of points)")
			case len(a.values) != len(axes[0].values):
				d.problem(path+".values", "%d value(s), but axis[0] has %d (allowed: as many values on every axis, one per point)", len(a.values), len(axes[0].values))
			case len(a.values) > maxPoints:
				d.problem(path+".values", "%d points (allowed: at most %d)", len(a.values), maxPoints)
			}
		}
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
	// The points, as the index of each axis's value (grid), or the value
	// generated in a stratum (lhs ranges, index −1).
	var combos [][]pick
	if top.design == gridDesign {
		combos = [][]pick{{}}
		for _, l := range lists {
			var next [][]pick
			for _, c := range combos {
				for k, v := range l {
					next = append(next, append(slices.Clone(c), pick{k, v}))
				}
			}
			combos = next
		}
	} else if top.design == listDesign {
		combos = make([][]pick, len(lists[0]))
		for j := range combos {
			for _, l := range lists {
				combos[j] = append(combos[j], pick{j, l[j]})
			}
		}
	} else {
		n := top.points
		combos = make([][]pick, n)
		for i, a := range axes {
			rng := sim.Keys{Seed: sw.Seed}.Stream(0x5eed, uint64(i))
			perm := rng.Perm(n)
			for j := 0; j < n; j++ {
				t := (float64(perm[j]) + rng.Float64()) / float64(n)
				if a.values != nil {
					k := min(int(t*float64(len(a.values))), len(a.values)-1)
					combos[j] = append(combos[j], pick{k, a.values[k]})
				} else {
					combos[j] = append(combos[j], pick{-1, gens[i](t)})
				}
			}
		}
	}
	sw.Axes = make([]Axis, len(axes))
	for i, a := range axes {
		sw.Axes[i].Key, sw.Axes[i].Name = a.key, names[i]
		if !math.IsNaN(a.threshold) {
			th := a.threshold
			sw.Axes[i].Threshold, sw.Axes[i].ThresholdLabel = &th, a.thresholdLabel
		}
	}
	for p, c := range combos {
		pt := pointOf(file, p, base, baseMap, sw.Axes, targets, labels, c)
		for i, v := range pt.Values {
			if !contains(sw.Axes[i].Values, v) {
				sw.Axes[i].Values = append(sw.Axes[i].Values, v)
			}
		}
		sw.Points = append(sw.Points, pt)
	}
	return sw, nil
}

// pick is the value an axis takes at a point: the index of the axis's value
// (−1 for a value generated from a range) and the value itself.
type pick struct {
	k int
	v any
}

// pointOf builds point p of a sweep from the decoded base (baseMap): each
// axis's pick set at its key (a load through the role's decision time), the
// result parsed and validated as a scenario named after the base. A point
// whose scenario is invalid is returned with its error.
func pointOf(file string, p int, base *Scenario, baseMap map[string]any, axes []Axis, targets []axisTarget, labels [][]string, c []pick) Point {
	pt := Point{Index: p}
	m := cloneMap(baseMap)
	var loads []loadSet
	for i, pk := range c {
		set := tomlText(pk.v)
		shown := set
		if labels[i] != nil && pk.k >= 0 {
			shown = labels[i][pk.k]
		}
		pt.Values = append(pt.Values, shown)
		pt.Set = append(pt.Set, set)
		if targets[i].load != "" {
			x, _ := toFloat(pk.v)
			loads = append(loads, loadSet{targets[i], x, fmt.Sprintf("axis[%d] (%s)", i, axes[i].Key)})
			continue
		}
		if err := setPath(m, axes[i].Key, pk.v); err != nil {
			pt.Err = err
		}
	}
	if pt.Err != nil {
		return pt
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(m); err != nil {
		pt.Err = err
		return pt
	}
	sc, err := Parse(fmt.Sprintf("%s point %d", file, p), buf.Bytes())
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			// The point's file is generated: no excerpts of it.
			for i := range se.Problems {
				se.Problems[i].line = ""
			}
		}
		pt.Err = err
		return pt
	}
	for _, l := range loads {
		if err := applyLoad(&sc.Config, l); err != nil {
			pt.Err = err
			return pt
		}
	}
	sc.Name, sc.File = base.Name, base.File
	pt.Scenario = sc
	return pt
}

// scenarioAsSweep returns the problem of a scenario file given as a sweep
// (it has neither a base nor [[axis]], and keys only scenarios have), or of
// a sensitivity file.
func (d *decoder) scenarioAsSweep(raw map[string]any) *Error {
	if isSensitivity(raw) {
		return d.sensitivityAs(raw, "a sweep", ErrSensitivityFile)
	}
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

// axisTarget is what an axis's key names: a scenario key, a table whose
// keys its values set together, or the baseline load of a role.
type axisTarget struct {
	f    *field // a key (nil for a table or a load)
	t    *table // a table: the values are inline tables of its keys
	load string // a load: the role's table ("team", "manager", "coach" or "root")
	org  int    // a load: the organisation's index, −1 for every organisation
}

// loadRoles are the unit tables whose load an axis may set, with the role
// of their units.
var loadRoles = map[string]model.Role{
	"team": model.RoleTeam, "manager": model.RoleManager, "coach": model.RoleCoach, "root": model.RoleRoot,
}

// loadField describes a load target's values, for the generation of a
// range.
var loadField = &field{key: "load", val: bind(number, func(x *float64) *float64 { return x })}

// resolveAxisKey resolves a key path against the schema and the base.
func resolveAxisKey(key string, base map[string]any) (axisTarget, error) {
	segs := strings.Split(key, ".")
	t := schema
	cur := base
	org := -1
	for i, seg := range segs {
		m := segRE.FindStringSubmatch(seg)
		if m == nil {
			return axisTarget{}, fmt.Errorf("%q is not a key path (allowed: dotted keys with optional [N], e.g. \"organisation[1].team.knowledge\")", key)
		}
		name := m[1]
		last := i == len(segs)-1
		if last {
			if f := t.field(name); f != nil {
				if m[2] != "" {
					return axisTarget{}, fmt.Errorf("%q: %s takes no index", key, name)
				}
				return axisTarget{f: f}, nil
			}
			if _, ok := loadRoles[t.key]; ok && name == "load" && i == 2 && segs[0] != "" && strings.HasPrefix(segs[0], "organisation") {
				if m[2] != "" {
					return axisTarget{}, fmt.Errorf("%q: load takes no index", key)
				}
				return axisTarget{load: t.key, org: org}, nil
			}
		}
		s := t.sub(name)
		if s == nil {
			where := "the top level"
			if i > 0 {
				where = "[" + stripIndex(strings.Join(segs[:i], ".")) + "]"
			}
			keys := t.keys()
			if _, ok := loadRoles[t.key]; ok && i == 2 {
				keys = append(keys, "load")
			}
			return axisTarget{}, fmt.Errorf("%q is not a scenario key%s (allowed in %s: %s)", key, suggestText(name, keys), where, strings.Join(keys, ", "))
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
					return axisTarget{}, fmt.Errorf("%q: the base has %d %s table(s) (allowed: index 0 … %d)", key, len(x), name, len(x)-1)
				}
				cur = x[k]
				if i == 0 && name == "organisation" {
					org = k
				}
			} else if len(x) > 0 {
				cur = x[0]
			}
		default:
			if name == "manager_level" || name == "unit" || last && s.array {
				return axisTarget{}, fmt.Errorf("%q: the base has no %s tables", key, name)
			}
		}
		if last {
			return axisTarget{t: s}, nil
		}
	}
	return axisTarget{}, fmt.Errorf("%q is not a scenario key", key)
}

// axisValues returns an axis's values (grid) and its generator from a
// stratum position t in [0, 1) (lhs ranges).
func (d *decoder) axisValues(path string, a *axisDecl, tg axisTarget) ([]any, func(float64) any) {
	f := tg.f
	if tg.load != "" {
		f = loadField
	}
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
	if tg.t != nil {
		if a.values == nil {
			d.problem(path+".key", "%q is a table: its values are inline tables of its keys, such as {%s = …} (allowed: values, not a range)", a.key, tg.t.keys()[0])
			return nil, nil
		}
		for k, v := range a.values {
			vp := fmt.Sprintf("%s.values[%d]", path, k)
			m, ok := v.(map[string]any)
			if !ok || len(m) == 0 {
				d.problem(vp, "found %s (allowed: an inline table of keys of [%s], such as {%s = …})", describe(v), stripIndex(a.key), tg.t.keys()[0])
				continue
			}
			for _, key := range sortedKeys(m) {
				if tg.t.field(key) == nil {
					d.problem(vp+"."+key, "%q is not a key of [%s]%s (allowed: %s)", key, stripIndex(a.key), suggestText(key, tg.t.keys()), strings.Join(tg.t.keys(), ", "))
				}
			}
		}
		return a.values, nil
	}
	if tg.load != "" && a.values != nil {
		for k, v := range a.values {
			if x, ok := toFloat(v); !ok || !(x > 0) || math.IsInf(x, 0) {
				d.problem(fmt.Sprintf("%s.values[%d]", path, k), "found %s (allowed: a load, a finite number > 0, such as 0.7)", describe(v))
			}
		}
	}
	if tg.load != "" && a.linear != nil && len(a.linear) == 2 && !(a.linear[0] > 0) {
		d.problem(path+".range", "%v is not allowed (allowed: [low, high] with 0 < low < high: a load is > 0)", a.linear)
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
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " = " + tomlText(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// labelList is an axis's labels: a non-empty list, each checked by
// axisLabels.
var labelList = codec[[]any]{
	typ: `a list of numbers or strings, e.g. [0.1, 0.2] or ["freeze", "interim"]`,
	decode: func(v any, _ *context) ([]any, error) {
		a, ok := v.([]any)
		if !ok || len(a) == 0 {
			return nil, wrongType(v, `a list of numbers or strings, e.g. [0.1, 0.2] or ["freeze", "interim"]`)
		}
		return a, nil
	},
	encode: func(a []any) string { return valueSyntax(a) },
}

// reservedColumns are the columns of a sweep's runs.csv and summary.csv
// besides the axes and the metrics: no axis may take their names.
var reservedColumns = []string{"point", "replication", "seed", "organisation", "status", "metric", "statistic", "mean", "ci95_low", "ci95_high", "n"}

// columnName is an axis's name: letters, digits, '_', '.' and '-', not
// starting with '.', so that it is a column, and part of a file name.
var columnName = codec[string]{
	typ: "a string", rng: fmt.Sprintf("letters, digits, _, . and - (at most %d)", maxName),
	decode: func(v any, _ *context) (string, error) {
		s, ok := v.(string)
		if !ok {
			return "", wrongType(v, "a string")
		}
		allowed := fmt.Sprintf("letters, digits, _, . and -, not starting with ., at most %d", maxName)
		if s == "" || s[0] == '.' || len(s) > maxName {
			return "", fmt.Errorf("%q is not allowed (allowed: %s)", s, allowed)
		}
		for _, r := range s {
			if !isIdentRune(r) && r != '.' {
				return "", fmt.Errorf("%q contains %q (allowed: %s)", s, r, allowed)
			}
		}
		return s, nil
	},
	encode: Quote,
}

// axisLabels checks an axis's labels against its values and returns their
// texts, one per value; nil without labels.
func (d *decoder) axisLabels(path string, a *axisDecl, vals []any, lhs bool) []string {
	if a.labels == nil || d.failedAt(path+".labels") {
		return nil
	}
	if lhs && a.values == nil {
		d.problem(path+".labels", "a Latin hypercube draws a range's values anywhere in it, so they cannot be labelled (allowed: labels with values, or no labels)")
		return nil
	}
	if len(a.labels) != len(vals) {
		d.problem(path+".labels", "%d label(s) for %d value(s) (allowed: one label per value, in order)", len(a.labels), len(vals))
		return nil
	}
	out := make([]string, len(a.labels))
	for k, l := range a.labels {
		lp := fmt.Sprintf("%s.labels[%d]", path, k)
		switch x := l.(type) {
		case string:
			if x == "" {
				d.problem(lp, "empty (allowed: a number or a non-empty string)")
			}
		case int64, float64:
			if f, _ := toFloat(x); math.IsNaN(f) || math.IsInf(f, 0) {
				d.problem(lp, "%v is not allowed (allowed: a finite number or a string)", f)
			}
		default:
			d.problem(lp, "found %s (allowed: a number or a string)", describe(l))
		}
		out[k] = tomlText(l)
		if slices.Contains(out[:k], out[k]) {
			d.problem(lp, "%q labels two values (allowed: a different label for each value)", out[k])
		}
	}
	return out
}

// loadBase loads the base scenario that a sweep or sensitivity file names
// under "base" (name, as decoded): an embedded scenario when dir is "",
// else a path, relative to dir where such a file exists. When it cannot be
// loaded it returns nil and the error to report: the file's own problems,
// then the base's, with their positions.
func (d *decoder) loadBase(raw map[string]any, name, dir string) (*Scenario, error) {
	if _, ok := raw["base"]; !ok {
		d.problem("base", "missing (allowed: an embedded scenario name or a scenario file path)")
	}
	var base *Scenario
	if name != "" {
		var err error
		if dir == "" {
			base, err = Embedded(name)
		} else {
			p := name
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
			// file's.
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
	return base, nil
}

// checkOutputs checks a file's metrics against those of its base (known)
// and its ratios against its metrics; whose names the file's kind in
// messages ("sweep", "study").
func (d *decoder) checkOutputs(metrics, ratios, known []string, whose string) {
	for i, m := range metrics {
		if !contains(known, m) {
			d.problem(fmt.Sprintf("metrics[%d]", i), "%q is not a metric of this base%s (allowed: %s)", m, suggestText(m, known), strings.Join(known, ", "))
		}
	}
	for i, m := range ratios {
		switch {
		case !contains(metrics, m):
			d.problem(fmt.Sprintf("ratios[%d]", i), "%q is not a summarised metric%s (allowed: the %s's metrics: %s)", m, suggestText(m, metrics), whose, strings.Join(metrics, ", "))
		case contains(ratios[:i], m):
			d.problem(fmt.Sprintf("ratios[%d]", i), "%q is given twice", m)
		}
	}
}

// loadSet is a load an axis sets at a point.
type loadSet struct {
	target axisTarget
	load   float64
	axis   string // the axis, for messages
}

// applyLoad scales the decision time of the role that l names, in each
// organisation it names, so that the busiest unit of that role has the
// baseline offered load l.load; the arrivals at a unit do not depend on
// its own decision time, so one scaling suffices, and a second
// calculation checks it.
func applyLoad(cfg *model.Config, l loadSet) error {
	role := loadRoles[l.target.load]
	orgs := []int{l.target.org}
	if l.target.org < 0 {
		orgs = orgs[:0]
		for i := range cfg.Organisations {
			orgs = append(orgs, i)
		}
	}
	busiest := func(o int) (float64, error) {
		loads, err := model.OfferedLoad(cfg, o)
		if err != nil {
			return 0, err
		}
		top := math.NaN()
		for _, u := range loads {
			if u.Role == role && !(u.Load <= top) {
				top = u.Load
			}
		}
		return top, nil
	}
	for _, o := range orgs {
		org := &cfg.Organisations[o]
		params := map[string]*model.UnitParams{"team": &org.Team, "manager": &org.Manager, "coach": &org.Coach, "root": &org.Root}[l.target.load]
		now, err := busiest(o)
		if err != nil {
			return fmt.Errorf("%s: %v", l.axis, err)
		}
		if math.IsNaN(now) || !(now > 0) {
			return fmt.Errorf("%s: organisation %q has no %s unit with a load to set", l.axis, org.Name, l.target.load)
		}
		k := l.load / now
		dec := &params.Decision
		dec.Mean *= k
		dec.Min *= k
		dec.Max *= k
		if got, err := busiest(o); err != nil || math.Abs(got-l.load) > 1e-9*l.load {
			return fmt.Errorf("%s: organisation %q: scaling [organisation.%s] decision does not give its busiest unit the load %v (it gives %v): not every %s unit takes its decision time from that table", l.axis, org.Name, l.target.load, l.load, got, l.target.load)
		}
	}
	return nil
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
		if tv, ok := v.(map[string]any); ok && i == len(segs)-1 {
			// A table's keys, set together in the table (or in each table
			// of an array without an index).
			merge := func(t map[string]any) {
				for k, x := range tv {
					t[k] = cloneValue(x)
				}
			}
			switch x := cur[name].(type) {
			case map[string]any:
				merge(x)
				return nil
			case []map[string]any:
				if sm[2] != "" {
					k, _ := strconv.Atoi(sm[2])
					merge(x[k])
					return nil
				}
				for _, e := range x {
					merge(e)
				}
				return nil
			}
			return fmt.Errorf("%s: no table %s in the base", key, name)
		}
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
	if len(sw.Ratios) > 0 {
		fmt.Fprintf(&b, "ratios = [%s]\n", quoteList(sw.Ratios))
	}
	for _, a := range sw.Axes {
		fmt.Fprintf(&b, "\n[[axis]]\nkey = %q\n", a.Key)
		if a.Name != a.Key && a.Name != "" {
			fmt.Fprintf(&b, "name = %q\n", a.Name)
		}
		if a.Threshold != nil {
			fmt.Fprintf(&b, "threshold = %s\nthreshold_label = %q\n", strconv.FormatFloat(*a.Threshold, 'g', -1, 64), a.ThresholdLabel)
		}
	}
	for _, p := range sw.Points {
		fmt.Fprintf(&b, "\n# point %d: %s", p.Index, strings.Join(p.Values, " | "))
		if p.Set != nil && !slices.Equal(p.Set, p.Values) {
			fmt.Fprintf(&b, " (set: %s)", strings.Join(p.Set, " | "))
		}
		if p.Seed != nil {
			fmt.Fprintf(&b, " (seed %d)", *p.Seed)
		}
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
