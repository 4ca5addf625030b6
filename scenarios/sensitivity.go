package scenarios

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/orgsim/orgsim/sensitivity"
	"github.com/orgsim/orgsim/sim"
)

// Sensitivity is a decoded sensitivity file: which keys of a base scenario
// drive its outputs, by Morris elementary effects or Sobol' indices. Its
// design's points are a sweep of design "list" (Sweep), each point on the
// seed of its design's noise key, so that the sweep machinery runs them.
type Sensitivity struct {
	Name        string
	Description string
	File        string
	Base        *Scenario
	// Design fixes the points: the method, its settings, the factors (the
	// dummy last, where there is one) and the seed.
	Design       StudyDesign
	Replications int      // per point
	Metrics      []string // every organisation's mean of each is an output
	Ratios       []string // the paired log-ratio of the first organisation over each other is an output too
	Sweep        *Sweep   // the design's points, in the design's order
}

// StudyDesign is what fixes the points of a sensitivity study: the method
// with its settings, the input factors and the seed. The points are a pure
// function of it ([StudyDesign.Build]), so a study's folder keeps it to
// analyse its journal without the file.
type StudyDesign struct {
	Method string `json:"method"` // "morris" or "sobol"
	Seed   uint64 `json:"seed"`
	// Morris: the grid's levels p, the trajectories r and the candidates M
	// they are chosen from (0: r independent trajectories).
	Levels       int `json:"levels,omitempty"`
	Trajectories int `json:"trajectories,omitempty"`
	Candidates   int `json:"candidates,omitempty"`
	// Sobol': the base samples N per replicate, the independent
	// replicates R, the sampling ("scrambled-sobol" or "monte-carlo") and
	// the confidence level of the intervals.
	N          int      `json:"n,omitempty"`
	Replicates int      `json:"replicates,omitempty"`
	Sampling   string   `json:"sampling,omitempty"`
	Level      float64  `json:"level,omitempty"`
	Factors    []Factor `json:"factors"`
}

// Factor is one input of a sensitivity study: a scenario key with the
// distribution its values are drawn from, or the dummy, which sets no key.
type Factor struct {
	Name         string    `json:"name"`          // in outputs: a column of runs.csv, a row of sensitivity.csv
	Key          string    `json:"key,omitempty"` // the scenario key it sets; "" for the dummy
	Distribution string    `json:"distribution"`  // "uniform", "log-uniform", "list" or "dummy"
	Range        []float64 `json:"range,omitempty"`
	Unit         string    `json:"unit,omitempty"`   // the suffix of a duration's or rate's generated values
	Values       []string  `json:"values,omitempty"` // a list: each value's label, in order
}

// The distributions of a factor.
const (
	DistUniform    = "uniform"
	DistLogUniform = "log-uniform"
	DistList       = "list"
	DistDummy      = "dummy"
)

// DummyName is the name of a study's dummy factor.
const DummyName = "dummy"

// Input returns the factor as the estimators see it: a list of n values is
// the discrete factor 0, 1, …, n−1, the index of its value.
func (f Factor) Input() sensitivity.Factor {
	switch f.Distribution {
	case DistUniform:
		return sensitivity.NewUniform(f.Name, f.Range[0], f.Range[1])
	case DistLogUniform:
		return sensitivity.NewLogUniform(f.Name, f.Range[0], f.Range[1])
	case DistList:
		idx := make([]float64, len(f.Values))
		for i := range idx {
			idx[i] = float64(i)
		}
		return sensitivity.NewDiscrete(f.Name, idx...)
	}
	return sensitivity.NewDummy(f.Name)
}

// Design is a study's design: a Morris or a Sobol' design, one of the two
// set.
type Design struct {
	Morris *sensitivity.MorrisDesign
	Sobol  *sensitivity.SobolDesign
}

// Unit returns the design's points as coordinates in [0, 1], one row per
// point, one column per factor.
func (d *Design) Unit() [][]float64 {
	if d.Morris != nil {
		return d.Morris.Unit
	}
	return d.Sobol.Unit
}

// NoiseKey returns the key of point i's random numbers
// (sensitivity.MorrisDesign.NoiseKey, sensitivity.SobolDesign.NoiseKey).
func (d *Design) NoiseKey(i int) uint64 {
	if d.Morris != nil {
		return d.Morris.NoiseKey(i)
	}
	return d.Sobol.NoiseKey(i)
}

// Build returns the design s fixes; the same s gives the same points, bit
// for bit.
func (s *StudyDesign) Build() (*Design, error) {
	fs := make([]sensitivity.Factor, len(s.Factors))
	for i, f := range s.Factors {
		fs[i] = f.Input()
	}
	switch s.Method {
	case "morris":
		d, err := sensitivity.NewMorris(fs, sensitivity.MorrisSettings{Levels: s.Levels, Trajectories: s.Trajectories, Candidates: s.Candidates}, s.Seed)
		if err != nil {
			return nil, err
		}
		return &Design{Morris: d}, nil
	case "sobol":
		var sm samplingName
		if err := sm.UnmarshalText([]byte(s.Sampling)); err != nil {
			return nil, err
		}
		d, err := sensitivity.NewSobol(fs, sensitivity.SobolSettings{N: s.N, Replicates: s.Replicates, Sampling: sensitivity.Sampling(sm), Level: s.Level}, s.Seed)
		if err != nil {
			return nil, err
		}
		return &Design{Sobol: d}, nil
	}
	return nil, fmt.Errorf("%q is not a method (allowed: %s)", s.Method, quoteList(methodNames[:]))
}

// noisePurpose marks the derivation of a point's seed from its noise key.
const noisePurpose = 0x6e6f697365 // "noise"

// PointSeed returns the seed of the point whose design gives it noise key
// key, in a study of seed seed: a pure function of the two, below 2⁶³ so
// that a scenario file can hold it. Replication r at the point runs on
// (PointSeed, r), so its random numbers derive from (seed, key, r): points
// that share a key share them (common random numbers), and a dummy's move,
// which changes only the key, changes only them.
func PointSeed(seed, key uint64) uint64 {
	return sim.Keys{Seed: seed}.Prefix(noisePurpose).One(key) >> 1
}

// method is a study's method.
type method uint8

const (
	morrisMethod method = iota
	sobolMethod
)

var methodNames = [...]string{"morris", "sobol"}

// MarshalText returns "morris" or "sobol".
func (x method) MarshalText() ([]byte, error) {
	if int(x) >= len(methodNames) {
		return nil, fmt.Errorf("method %d has no name", x)
	}
	return []byte(methodNames[x]), nil
}

// UnmarshalText reads "morris" or "sobol".
func (x *method) UnmarshalText(text []byte) error {
	i := slices.Index(methodNames[:], string(text))
	if i < 0 {
		return fmt.Errorf("%q is not a method (allowed: %s)", text, quoteList(methodNames[:]))
	}
	*x = method(i)
	return nil
}

// distribution is a factor's distribution as a file writes it.
type distribution uint8

var distributionNames = [...]string{DistUniform, DistLogUniform, DistList}

// MarshalText returns "uniform", "log-uniform" or "list".
func (x distribution) MarshalText() ([]byte, error) {
	if int(x) >= len(distributionNames) {
		return nil, fmt.Errorf("distribution %d has no name", x)
	}
	return []byte(distributionNames[x]), nil
}

// UnmarshalText reads "uniform", "log-uniform" or "list".
func (x *distribution) UnmarshalText(text []byte) error {
	i := slices.Index(distributionNames[:], string(text))
	if i < 0 {
		return fmt.Errorf("%q is not a distribution (allowed: %s)", text, quoteList(distributionNames[:]))
	}
	*x = distribution(i)
	return nil
}

// samplingName is a Sobol' design's sampling, named as
// sensitivity.Sampling names it.
type samplingName uint8

// MarshalText returns "scrambled-sobol" or "monte-carlo".
func (x samplingName) MarshalText() ([]byte, error) {
	if x > samplingName(sensitivity.MonteCarlo) {
		return nil, fmt.Errorf("sampling %d has no name", x)
	}
	return []byte(sensitivity.Sampling(x).String()), nil
}

// UnmarshalText reads "scrambled-sobol" or "monte-carlo".
func (x *samplingName) UnmarshalText(text []byte) error {
	for _, s := range []sensitivity.Sampling{sensitivity.ScrambledSobol, sensitivity.MonteCarlo} {
		if s.String() == string(text) {
			*x = samplingName(s)
			return nil
		}
	}
	return fmt.Errorf("%q is not a sampling (allowed: %q, %q)", text, sensitivity.ScrambledSobol.String(), sensitivity.MonteCarlo.String())
}

// Targets of the sensitivity file's tables.
type (
	studyTop struct {
		name, description, base string
		seed                    uint64
		method                  method
		replications            int
		metrics, ratios         []string
		dummy                   bool
	}
	morrisDecl struct{ levels, trajectories, candidates int }
	sobolDecl  struct {
		n, replicates int
		sampling      samplingName
		level         float64
	}
	factorDecl struct {
		key, name    string
		distribution distribution
		rng          []float64
		values       []any
		labels       []any
		unit         string
	}
)

// maxCandidates bounds a Morris design's candidate trajectories: choosing
// among M costs M²(k+1)²k.
const maxCandidates = 1000

// sensitivitySchema is the sensitivity file format.
var sensitivitySchema = &table{
	doc: "A sensitivity study: which keys of a base scenario drive its outputs, by Morris elementary effects or Sobol' indices.",
	fields: []field{
		{key: "name", doc: "the study's name, used for the output folder results/<name>/", def: "the file's base name",
			val: bind(ident, func(t *studyTop) *string { return &t.name })},
		{key: "description", doc: "what the study shows", def: `""`,
			val: bind(text, func(t *studyTop) *string { return &t.description })},
		{key: "base", doc: "the base scenario: an embedded name or a path (relative to the file)", def: "required",
			val: bind(text, func(t *studyTop) *string { return &t.base })},
		{key: "seed", doc: "the study's seed: it draws the design, and with each point's noise key it gives the point's seed; replication r of a point runs on (that seed, r)", def: "the base's seed",
			val: bind(unsigned, func(t *studyTop) *uint64 { return &t.seed })},
		{key: "method", doc: "morris: elementary effects (μ, μ*, σ), a cheap screen that ranks the factors; sobol: first-order and total indices with confidence intervals (Saltelli sampling, Jansen's estimator for the total)", def: "required",
			val: bind(enumCodec[method](), func(t *studyTop) *method { return &t.method })},
		{key: "replications", doc: "replications per point; every output is a mean over them", def: "the base's",
			val: bind(intIn(1, MaxReplications), func(t *studyTop) *int { return &t.replications })},
		{key: "metrics", doc: "metrics whose mean, per organisation, is an output (names of runs.csv columns)", def: `["latency_p95"]`,
			val: bind(stringList, func(t *studyTop) *[]string { return &t.metrics })},
		{key: "ratios", doc: "metrics whose paired log-ratio of the first organisation over each other (the mean over replications of log(A/B) on the same seeds) is an output too; for metrics > 0, such as latencies, accuracy and effort", def: "[]",
			val: bind(stringList, func(t *studyTop) *[]string { return &t.ratios })},
		{key: "dummy", doc: "add a dummy factor, named dummy, that sets no key and changes only the random numbers: its indices are the replication-noise floor, reported beside the others", def: "true",
			val: bind(boolean, func(t *studyTop) *bool { return &t.dummy })},
	},
	subs: []*table{
		{key: "morris", doc: "The Morris design (method = \"morris\"): r trajectories on a grid of p levels, each changing one factor at a time; (k + 1)·r points for k factors, the dummy included.", fields: []field{
			{key: "levels", doc: "p, the grid's levels per factor", def: "4", rng: "an even number, 2 … 100",
				val: bind(intIn(2, 100), func(m *morrisDecl) *int { return &m.levels })},
			{key: "trajectories", doc: "r, the one-factor-at-a-time paths: each gives one elementary effect per factor", def: "10",
				val: bind(intIn(2, maxPoints), func(m *morrisDecl) *int { return &m.trajectories })},
			{key: "candidates", doc: "M: draw M random trajectories and keep the r that spread most over the inputs (Campolongo et al. 2007); 0 keeps r independent ones, which μ*'s standard error needs", def: "0", rng: fmt.Sprintf("0, or trajectories … %d", maxCandidates),
				val: bind(intIn(0, maxCandidates), func(m *morrisDecl) *int { return &m.candidates })},
		}},
		{key: "sobol", doc: "The Sobol' design (method = \"sobol\"): per replicate, base samples A and B of N rows and, per factor, A with that factor's column from B; R·N·(k + 2) points for k factors, the dummy included.", fields: []field{
			{key: "n", doc: "N, the base samples per replicate", def: "64", rng: "2 … 10000; a power of two with scrambled-sobol",
				val: bind(intIn(2, maxPoints), func(s *sobolDecl) *int { return &s.n })},
			{key: "replicates", doc: "R, the independent replicate designs; the intervals come from the spread of their estimates (Student t on R − 1 degrees of freedom)", def: "5",
				val: bind(intIn(2, 1000), func(s *sobolDecl) *int { return &s.replicates })},
			{key: "sampling", doc: "scrambled-sobol: randomised quasi-Monte Carlo, each replicate a Sobol' sequence with its own scramble (at most 32 factors); monte-carlo: independent uniform points", def: `"scrambled-sobol"`,
				val: bind(enumCodec[samplingName](), func(s *sobolDecl) *samplingName { return &s.sampling })},
			{key: "level", doc: "the confidence level of the intervals", unit: "probability", def: "0.95", rng: "0 < x < 1",
				val: bind(number, func(s *sobolDecl) *float64 { return &s.level })},
		}},
		{key: "factor", array: true, doc: "One input factor: a key of the base scenario and the distribution of its values.", fields: []field{
			{key: "key", doc: `a scenario key path, as a sweep's axis takes it: e.g. "work.cross_team", "organisation[1].team.knowledge" (without an index it applies to every [[organisation]]), a table's path such as "disruption[0]" with a list of inline tables, or "organisation[N].ROLE.load"`, def: "required",
				val: bind(text, func(f *factorDecl) *string { return &f.key })},
			{key: "name", doc: "the factor's name in outputs: its column in runs.csv and its rows in sensitivity.csv", def: "the key", rng: fmt.Sprintf("letters, digits, _, . and - (at most %d); not a column runs.csv already has, nor dummy", maxName),
				val: bind(columnName, func(f *factorDecl) *string { return &f.name })},
			{key: "distribution", doc: "uniform on range; log-uniform on range (for rates and times, whose plausible values span orders of magnitude); list: each of values equally likely (a categorical key, or a few settings)", def: "required",
				val: bind(enumCodec[distribution](), func(f *factorDecl) *distribution { return &f.distribution })},
			{key: "range", doc: "uniform and log-uniform: [low, high]; an integer key's values are rounded", rng: "low < high; both > 0 for log-uniform",
				val: bind(numberList, func(f *factorDecl) *[]float64 { return &f.rng })},
			{key: "values", doc: "list: the values, written as in a scenario file, at least two",
				val: bind(values, func(f *factorDecl) *[]any { return &f.values })},
			{key: "labels", doc: "list: what outputs show for each value instead of the value, one per value", def: "the values as written",
				val: bind(labelList, func(f *factorDecl) *[]any { return &f.labels })},
			{key: "unit", doc: `suffix for the generated numbers of a duration or rate key, e.g. "h" or "/d"`, def: `""`,
				val: bind(text, func(f *factorDecl) *string { return &f.unit })},
		}},
	},
}

//go:embed studies/*.toml
var studyFS embed.FS

// SensitivityNames returns the names of the embedded sensitivity files,
// sorted.
func SensitivityNames() []string { return embeddedNames(studyFS, "studies") }

// SensitivitySource returns the text of embedded sensitivity file name.
func SensitivitySource(name string) ([]byte, error) {
	b, err := studyFS.ReadFile("studies/" + name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no embedded sensitivity file %q%s (embedded: %s)", name, didYouMean(name, SensitivityNames()), strings.Join(SensitivityNames(), ", "))
	}
	return b, nil
}

// OpenSensitivity loads arg: a sensitivity file if one exists at that
// path, else the embedded sensitivity file of that name. metrics lists the
// metric names allowed for a base with n disruptions.
func OpenSensitivity(arg string, metrics func(n int) []string) (*Sensitivity, error) {
	if isPath(arg) {
		src, err := readArg(arg)
		if err != nil {
			return nil, err
		}
		st, err := ParseSensitivity(arg, src, filepath.Dir(arg), metrics)
		if err != nil {
			return nil, err
		}
		if st.Name == "" {
			st.Name = nameFromPath(arg)
			st.Sweep.Name = st.Name
		}
		return st, nil
	}
	src, err := SensitivitySource(arg)
	if err != nil {
		switch {
		case slices.Contains(SweepNames(), arg):
			return nil, fmt.Errorf("%q is an embedded sweep, not a sensitivity file: run it with orgsim sweep %s", arg, arg)
		case slices.Contains(Names(), arg):
			return nil, fmt.Errorf("%q is an embedded scenario, not a sensitivity file: run it with orgsim run %s", arg, arg)
		}
		return nil, fmt.Errorf("%q is neither a sensitivity file nor an embedded one%s (embedded: %s)", arg, didYouMean(arg, SensitivityNames()), strings.Join(SensitivityNames(), ", "))
	}
	st, err := ParseSensitivity("embedded:"+arg+".toml", src, "", metrics)
	if err != nil {
		return nil, err
	}
	if st.Name == "" {
		st.Name = arg
		st.Sweep.Name = arg
	}
	return st, nil
}

// ParseSensitivity decodes and validates a sensitivity file; dir resolves
// a base given as a relative path ("" for embedded files, whose bases are
// embedded). Every problem is reported at once, with its position, as an
// *Error: keys and values, a range or list value that makes the base
// invalid, and settings the method does not take. It then builds the
// design and every point's scenario; a point whose combination of values
// is invalid is kept with its error (experiment refuses to run a study with
// one). A sweep or scenario file is refused with a single problem that
// says which command runs it.
func ParseSensitivity(file string, src []byte, dir string, metrics func(n int) []string) (*Sensitivity, error) {
	raw, text, e := decodeTOML(file, src, "sensitivity file", "sensitivity-knowledge")
	if e != nil {
		return nil, e
	}
	d := newDecoder(file, text, sensitivitySchema)
	if e := d.otherAsSensitivity(raw); e != nil {
		return nil, e
	}
	top := &studyTop{dummy: true}
	d.fields(sensitivitySchema, "", raw, top)
	if _, ok := raw["method"]; !ok {
		d.problem("method", "missing (allowed: %s)", quoteList(methodNames[:]))
	}
	mo := &morrisDecl{levels: 4, trajectories: 10}
	if m, ok := d.table(raw, "morris", ""); ok {
		d.fields(sensitivitySchema.sub("morris"), "morris", m, mo)
		if top.method != morrisMethod && !d.failedAt("method") {
			d.problem("morris", "[morris] sets a Morris design, but method = %q (allowed: [sobol] with method = \"sobol\", or method = \"morris\")", methodNames[top.method])
		}
	}
	so := &sobolDecl{n: 64, replicates: 5, level: 0.95}
	if m, ok := d.table(raw, "sobol", ""); ok {
		d.fields(sensitivitySchema.sub("sobol"), "sobol", m, so)
		if top.method != sobolMethod && !d.failedAt("method") {
			d.problem("sobol", "[sobol] sets a Sobol' design, but method = %q (allowed: [morris] with method = \"morris\", or method = \"sobol\")", methodNames[top.method])
		}
	}
	d.checkDesignSettings(top.method, mo, so)
	var decls []*factorDecl
	var rawFactors []map[string]any
	for i, m := range d.array(raw, "factor", "") {
		f := &factorDecl{}
		d.fields(sensitivitySchema.sub("factor"), fmt.Sprintf("factor[%d]", i), m, f)
		decls = append(decls, f)
		rawFactors = append(rawFactors, m)
	}
	if len(decls) == 0 && !d.failedAt("factor") {
		d.problem("factor", "no factor (allowed: one or more [[factor]] with a key and a distribution)")
	}
	base, err := d.loadBase(raw, top.base, dir)
	if base == nil {
		return nil, err
	}
	st := &Sensitivity{Name: top.name, Description: top.description, File: file, Base: base}
	st.Design = StudyDesign{Method: methodNames[top.method], Seed: base.Config.Seed}
	if _, set := raw["seed"]; set {
		st.Design.Seed = top.seed
	}
	st.Replications = base.Replications
	if _, set := raw["replications"]; set {
		st.Replications = top.replications
	}
	known := metrics(len(base.Config.Disruptions))
	st.Metrics = top.metrics
	if st.Metrics == nil {
		st.Metrics = []string{"latency_p95"}
	}
	d.checkOutputs(st.Metrics, top.ratios, known, "study")
	st.Ratios = top.ratios
	if len(st.Ratios) > 0 && len(base.Config.Organisations) < 2 {
		d.problem("ratios", "the base has one organisation, so there is no pair to compare (allowed: [] with one organisation)")
	}
	if top.method == morrisMethod {
		st.Design.Levels, st.Design.Trajectories, st.Design.Candidates = mo.levels, mo.trajectories, mo.candidates
	} else {
		st.Design.N, st.Design.Replicates, st.Design.Level = so.n, so.replicates, so.level
		b, _ := so.sampling.MarshalText()
		st.Design.Sampling = string(b)
	}
	canon := Format(base)
	var baseMap map[string]any
	if _, err := toml.Decode(string(canon), &baseMap); err != nil {
		return nil, fmt.Errorf("scenarios: the resolved base does not decode: %v", err)
	}
	axes := make([]Axis, len(decls))
	targets := make([]axisTarget, len(decls))
	gens := make([]func(float64) any, len(decls))
	labels := make([][]string, len(decls))
	for i, f := range decls {
		path := fmt.Sprintf("factor[%d]", i)
		if d.failedAt(path) {
			continue
		}
		fac, tg, gen, lab, ok := d.factor(path, f, rawFactors[i], baseMap)
		if !ok {
			continue
		}
		name := fac.Name
		switch {
		case slices.ContainsFunc(st.Design.Factors, func(g Factor) bool { return g.Key == fac.Key }):
			d.problem(path+".key", "%q is set by another factor too (allowed: one factor per key; the later would override the earlier at every point)", fac.Key)
		case slices.ContainsFunc(st.Design.Factors, func(g Factor) bool { return g.Name == name }):
			d.problem(path+".name", "%q names two factors (allowed: a name for each factor; give the factors different names)", name)
		case top.dummy && name == DummyName:
			d.problem(path+".name", "%q is the dummy factor's name (allowed: another name, or dummy = false)", name)
		case contains(reservedColumns, name) || contains(known, name):
			d.problem(path+".name", "%q is already a column of runs.csv or summary.csv (allowed: another name)", name)
		}
		// A value at either end of a range, or any value of a list, must
		// give a valid scenario on the base: said here, at the factor,
		// rather than at the points that take it.
		probe := func(at string, v any) {
			pt := pointOf(file, 0, base, baseMap, []Axis{{Key: fac.Key}}, []axisTarget{tg}, [][]string{nil}, []pick{{-1, v}})
			if pt.Err != nil {
				d.problem(at, "%s the base is invalid: %s", map[bool]string{true: "at " + tomlText(v), false: "with " + tomlText(v)}[fac.Distribution != DistList], problemText(pt.Err))
			}
		}
		if fac.Distribution == DistList && top.method == morrisMethod {
			// A Morris grid of p levels reaches value ⌊u·n⌋ of a list of n
			// at u = l/(p−1): with more values than levels some are never
			// taken.
			n, reached := len(f.values), map[int]bool{}
			for l := range mo.levels {
				reached[min(int(float64(l)/float64(mo.levels-1)*float64(n)), n-1)] = true
			}
			if len(reached) < n {
				d.problem(path+".values", "%d values on a grid of %d levels: the design would take only %d of them (allowed: at most as many values as morris.levels, or more levels)", n, mo.levels, len(reached))
			}
		}
		if fac.Distribution == DistList {
			for _, v := range f.values {
				if !d.failedAt(path + ".values") {
					probe(path+".values", v)
				}
			}
		} else {
			probe(path+".range", gen(0))
			if !d.failedAt(path + ".range") {
				probe(path+".range", gen(1))
			}
		}
		st.Design.Factors = append(st.Design.Factors, fac)
		axes[i] = Axis{Key: fac.Key, Name: fac.Name}
		targets[i], gens[i], labels[i] = tg, gen, lab
	}
	k := len(decls)
	if top.dummy {
		k++
	}
	if !d.hasErrors() {
		var n int
		var where string
		if top.method == morrisMethod {
			n, where = (k+1)*mo.trajectories, "morris.trajectories"
		} else {
			n, where = so.replicates*so.n*(k+2), "sobol.n"
		}
		if n > maxPoints {
			d.problem(where, "the design has %d points (allowed: at most %d; give fewer trajectories, base samples or replicates, or screen with Morris and study fewer factors)", n, maxPoints)
		}
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	if top.dummy {
		st.Design.Factors = append(st.Design.Factors, Factor{Name: DummyName, Distribution: DistDummy})
	}
	design, err := st.Design.Build()
	if err != nil {
		d.problem("method", "%v", strings.TrimPrefix(err.Error(), "sensitivity: "))
		return nil, d.err()
	}
	sw := &Sweep{Name: st.Name, Description: st.Description, File: file, Base: base, Seed: st.Design.Seed,
		Design: designNames[listDesign], Replications: st.Replications, Metrics: st.Metrics, Ratios: st.Ratios, Axes: axes}
	for i, u := range design.Unit() {
		c := make([]pick, len(decls))
		for j := range decls {
			c[j] = pick{-1, gens[j](u[j])}
			if n := len(decls[j].values); st.Design.Factors[j].Distribution == DistList {
				c[j].k = min(int(u[j]*float64(n)), n-1)
			}
		}
		pt := pointOf(file, i, base, baseMap, axes, targets, labels, c)
		seed := PointSeed(st.Design.Seed, design.NoiseKey(i))
		pt.Seed = &seed
		if pt.Scenario != nil {
			pt.Scenario.Config.Seed = seed
		}
		for j, v := range pt.Values {
			if !contains(sw.Axes[j].Values, v) {
				sw.Axes[j].Values = append(sw.Axes[j].Values, v)
			}
		}
		sw.Points = append(sw.Points, pt)
	}
	st.Sweep = sw
	return st, nil
}

// checkDesignSettings reports the settings of the chosen method that its
// design cannot take.
func (d *decoder) checkDesignSettings(m method, mo *morrisDecl, so *sobolDecl) {
	if m == morrisMethod {
		if mo.levels%2 != 0 && !d.failedAt("morris.levels") {
			d.problem("morris.levels", "%d is odd (allowed: an even number of levels, such as 4: the step Δ = p/(2(p−1)) makes every level equally likely only then)", mo.levels)
		}
		if mo.candidates != 0 && mo.candidates < mo.trajectories && !d.failedAt("morris.candidates") && !d.failedAt("morris.trajectories") {
			d.problem("morris.candidates", "%d is below trajectories (%d) (allowed: 0, or at least as many candidates as trajectories)", mo.candidates, mo.trajectories)
		}
		return
	}
	if !(so.level > 0 && so.level < 1) && !d.failedAt("sobol.level") {
		d.problem("sobol.level", "%v is not allowed (allowed: 0 < level < 1, such as 0.95)", so.level)
	}
	if sensitivity.Sampling(so.sampling) == sensitivity.ScrambledSobol && so.n&(so.n-1) != 0 && !d.failedAt("sobol.n") {
		p := 1
		for p < so.n {
			p *= 2
		}
		d.problem("sobol.n", "%d is not a power of two (allowed: a power of two with sampling = \"scrambled-sobol\", such as %d, or sampling = \"monte-carlo\")", so.n, p)
	}
}

// factor checks factor path of a file against the base and returns it as
// a Factor, with its key's target, the generator of its values from a
// coordinate u in [0, 1] and its labels (nil without).
func (d *decoder) factor(path string, f *factorDecl, raw map[string]any, baseMap map[string]any) (Factor, axisTarget, func(float64) any, []string, bool) {
	fac := Factor{Key: f.key, Name: cmp.Or(f.name, f.key), Unit: f.unit}
	if _, ok := raw["key"]; !ok {
		d.problem(path, "no key (allowed: a scenario key path, such as \"work.cross_team\")")
	}
	if _, ok := raw["distribution"]; !ok {
		d.problem(path, "no distribution (allowed: distribution = %s)", strings.ReplaceAll(quoteList(distributionNames[:]), ", ", " or "))
	}
	if d.failedAt(path) {
		return fac, axisTarget{}, nil, nil, false
	}
	b, _ := f.distribution.MarshalText()
	fac.Distribution = string(b)
	tg, err := resolveAxisKey(f.key, baseMap)
	if err != nil {
		d.problem(path+".key", "%v", err)
		return fac, tg, nil, nil, false
	}
	ax := &axisDecl{key: f.key, labels: f.labels, unit: f.unit, steps: 2}
	switch fac.Distribution {
	case DistUniform, DistLogUniform:
		switch {
		case f.values != nil:
			d.problem(path+".values", "distribution = %q takes range = [low, high], not values (allowed: range, or distribution = \"list\" with values)", fac.Distribution)
		case f.labels != nil:
			d.problem(path+".labels", "distribution = %q draws values anywhere in its range, so they cannot be labelled (allowed: labels with distribution = \"list\")", fac.Distribution)
		case tg.t != nil:
			d.problem(path+".key", "%q is a table: its values are inline tables of its keys (allowed: distribution = \"list\" with values such as {%s = …})", f.key, tg.t.keys()[0])
		case f.rng == nil:
			d.problem(path, "distribution = %q needs range = [low, high]", fac.Distribution)
		case len(f.rng) != 2 || !(f.rng[1] > f.rng[0]) || fac.Distribution == DistLogUniform && !(f.rng[0] > 0):
			extra := ""
			if fac.Distribution == DistLogUniform {
				extra = ", both > 0"
			}
			d.problem(path+".range", "%v is not allowed (allowed: [low, high] with low < high%s)", f.rng, extra)
		}
		fac.Range = f.rng
		if fac.Distribution == DistLogUniform {
			ax.log = f.rng
		} else {
			ax.linear = f.rng
		}
	case DistList:
		switch {
		case f.rng != nil:
			d.problem(path+".range", "distribution = \"list\" takes values, not a range (allowed: values, or distribution = \"uniform\" or \"log-uniform\" with range)")
		case f.values == nil:
			d.problem(path, "distribution = \"list\" needs values = [...] (at least two)")
		case len(f.values) < 2:
			d.problem(path+".values", "one value (allowed: at least two: a factor that does not vary has no effect to measure)")
		}
		if f.unit != "" {
			d.problem(path+".unit", "a unit is for the values generated from a range (allowed: the unit written in each value, such as \"2/d\")")
		}
		ax.values = f.values
	}
	if d.failedAt(path) {
		return fac, tg, nil, nil, false
	}
	vals, gen := d.axisValues(path, ax, tg)
	if vals == nil || d.failedAt(path) {
		return fac, tg, nil, nil, false
	}
	var labels []string
	if fac.Distribution == DistList {
		labels = d.axisLabels(path, ax, vals, false)
		for k, v := range vals {
			l := tomlText(v)
			if labels != nil {
				l = labels[k]
			}
			fac.Values = append(fac.Values, l)
		}
	}
	return fac, tg, gen, labels, !d.failedAt(path)
}

// problemText condenses a point's validation error into one line: its
// first problem's key path and message.
func problemText(err error) string {
	var se *Error
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			if !p.Warning {
				return strings.TrimPrefix(p.Path+": "+p.Msg, ": ")
			}
		}
	}
	return err.Error()
}

// otherAsSensitivity returns the problem of a sweep or scenario file given
// as a sensitivity file: one that has [[axis]], or scenario keys and no
// base.
func (d *decoder) otherAsSensitivity(raw map[string]any) *Error {
	if _, ok := raw["axis"]; ok {
		p := d.at("axis", fmt.Sprintf("this is a sweep file, not a sensitivity file (it has [[axis]]): run it with orgsim sweep %s", d.file), false)
		p.Path = ""
		return &Error{Problems: []Problem{p}, kind: ErrSweepFile}
	}
	if _, ok := raw["base"]; ok {
		return nil
	}
	for _, k := range []string{"organisation", "work", "disruption", "horizon", "warm_up", "drain"} {
		if _, ok := raw[k]; ok {
			name := k
			if schema.sub(k) != nil {
				name = tableTitle(schema, k)
			}
			p := d.at(k, fmt.Sprintf("this is a scenario file, not a sensitivity file (it has %s and no base): run it with orgsim run %s", name, d.file), false)
			p.Path = ""
			return &Error{Problems: []Problem{p}, kind: ErrScenarioFile}
		}
	}
	return nil
}

// sensitivityAs returns the problem of a sensitivity file given where
// another kind (what: "a sweep", "a scenario") is expected; kind is the
// sentinel its *Error matches.
func (d *decoder) sensitivityAs(raw map[string]any, what string, kind error) *Error {
	at, has := "method", "a method"
	if _, ok := raw["factor"]; ok {
		at, has = "factor", "[[factor]]"
	}
	p := d.at(at, fmt.Sprintf("this is a sensitivity file, not %s (it has %s): run it with orgsim sensitivity %s", what, has, d.file), false)
	p.Path = ""
	return &Error{Problems: []Problem{p}, kind: kind}
}

// isSensitivity reports whether a decoded file looks like a sensitivity
// file: it has [[factor]] or a method, and no [[axis]].
func isSensitivity(raw map[string]any) bool {
	_, axis := raw["axis"]
	_, factor := raw["factor"]
	_, m := raw["method"]
	return !axis && (factor || m)
}

// SensitivityKeys documents every key of the sensitivity file format.
func SensitivityKeys() []KeyDoc { return keysOf(sensitivitySchema) }
