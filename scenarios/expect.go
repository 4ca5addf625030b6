package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/internal/metricdef"
	"github.com/orgsim/orgsim/model"
)

// Expectation is one [[expect]] entry: a claim the scenario makes about a
// metric of runs.csv, judged on its replications. It is either a range
// claim — the mean of Organisation lies in Range — or a comparison — First
// is greater or less than Second, pair by pair, by at least MinEffect.
type Expectation struct {
	Claim  string // the sentence a reader sees
	Metric string // a metric of runs.csv, e.g. "latency_p95" or "resilience_loss_d1"

	// A range claim: Organisation's mean lies in [Range[0], Range[1]]
	// (either end may be infinite).
	Organisation string
	Range        [2]float64

	// A comparison of First with Second, paired by replication.
	First, Second string
	Direction     Direction
	// MinEffect is the least effect claimed: a factor ≥ 1 for a ratio
	// (greater: First/Second > MinEffect; less: First/Second < 1/MinEffect),
	// an amount ≥ 0 in the metric's unit for a difference (greater:
	// First − Second > MinEffect; less: First − Second < −MinEffect).
	MinEffect float64
	// Compare is by the paired ratio or difference (experiment.Ratio or
	// experiment.Difference); a ratio only on a metric above 0 in every
	// run.
	Compare metricdef.Compare

	Confidence float64 // the two-sided level of the interval it is judged by, e.g. 0.95
}

// IsRange reports whether e is a range claim (otherwise a comparison).
func (e *Expectation) IsRange() bool { return e.Organisation != "" }

// Threshold returns the bound a comparison's estimate is judged against,
// on the estimate's scale: MinEffect or 1/MinEffect for a ratio, MinEffect
// or −MinEffect for a difference.
func (e *Expectation) Threshold() float64 {
	switch {
	case e.Compare == metricdef.Ratio && e.Direction == Less:
		return 1 / e.MinEffect
	case e.Compare == metricdef.Difference && e.Direction == Less:
		return -e.MinEffect
	}
	return e.MinEffect
}

// Direction is the side a comparison claims: First greater or less than
// Second.
type Direction uint8

// The directions.
const (
	Greater Direction = iota
	Less
)

var directionNames = []string{"greater", "less"}

// String names the direction: "greater" or "less".
func (d Direction) String() string {
	if int(d) < len(directionNames) {
		return directionNames[d]
	}
	return "Direction(" + strconv.Itoa(int(d)) + ")"
}

// MarshalText writes the direction's name.
func (d Direction) MarshalText() ([]byte, error) {
	if int(d) >= len(directionNames) {
		return nil, fmt.Errorf("scenarios: no direction %d", d)
	}
	return []byte(directionNames[d]), nil
}

// UnmarshalText reads a direction's name.
func (d *Direction) UnmarshalText(b []byte) error {
	for i, n := range directionNames {
		if string(b) == n {
			*d = Direction(i)
			return nil
		}
	}
	return fmt.Errorf("scenarios: %q is not a direction", b)
}

var (
	directionCodec = enumCodec[Direction]()
	compareCodec   = enumCodec[metricdef.Compare]()
)

// numberPairCodec is [low, high]: two numbers, either of which may be
// TOML's inf or -inf (no bound on that side), neither nan.
var numberPairCodec = codec[[2]float64]{
	typ: `two numbers [low, high], e.g. [0.8, 1]; inf or -inf for no bound on that side`,
	decode: func(v any, _ *context) ([2]float64, error) {
		const typ = `two numbers [low, high], e.g. [0.8, 1]`
		a, ok := v.([]any)
		if !ok {
			return [2]float64{}, wrongType(v, typ)
		}
		if len(a) != 2 {
			return [2]float64{}, fmt.Errorf("%d values (allowed: %s)", len(a), typ)
		}
		var p [2]float64
		for i, e := range a {
			x, ok := toFloat(e)
			if !ok || math.IsNaN(x) {
				return [2]float64{}, fmt.Errorf("found %s at [%d] (allowed: %s; inf or -inf for no bound)", describe(e), i, typ)
			}
			p[i] = x
		}
		return p, nil
	},
	encode: func(p [2]float64) string { return "[" + tomlNumber(p[0]) + ", " + tomlNumber(p[1]) + "]" },
}

// tomlNumber writes x as a TOML number: inf and -inf for the infinities.
func tomlNumber(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// expectTable is the schema of [[expect]].
var expectTable = &table{key: "expect", array: true,
	doc: "A claim the scenario makes, judged on its replications by `orgsim run` (after the table, and in expectations.csv) and `orgsim check`. " +
		"A range claim gives organisation and range: the organisation's mean of the metric, with its interval, lies in the range. " +
		"A comparison gives first, second and direction: first's metric is greater (or less) than second's, pair by pair over replications, by at least min_effect, " +
		"as a paired ratio (exp of the mean log ratio) or a paired difference. " +
		"The verdict is held when the interval lies entirely inside the range, or entirely beyond the minimum effect on the claimed side; " +
		"failed when it lies entirely outside the range, or entirely on the other side of the minimum effect (the claim at its minimum effect is excluded); " +
		"undecided otherwise, and when the metric has no interval (fewer than two replications with a value). `orgsim check` exits 1 when any claim failed.",
	fields: []field{
		{key: "claim", doc: "the sentence a reader sees, e.g. \"the lattice is faster at p95\"", def: "required",
			val: bind(text, func(e *Expectation) *string { return &e.Claim })},
		{key: "metric", doc: "a metric of runs.csv (docs/outputs.md), e.g. \"latency_p95\", or one of a disruption's, e.g. \"resilience_loss_d1\"", def: "required",
			val: bind(text, func(e *Expectation) *string { return &e.Metric })},
		{key: "organisation", doc: "range claim: the organisation whose mean is claimed, by its name", def: "",
			val: bind(text, func(e *Expectation) *string { return &e.Organisation })},
		{key: "range", doc: "range claim: where the mean lies, [low, high] in the metric's unit", def: "", rng: "low < high",
			val: bind(numberPairCodec, func(e *Expectation) *[2]float64 { return &e.Range })},
		{key: "first", doc: "comparison: the organisation claimed greater or less", def: "",
			val: bind(text, func(e *Expectation) *string { return &e.First })},
		{key: "second", doc: "comparison: the organisation it is compared with, pair by pair", def: "",
			val: bind(text, func(e *Expectation) *string { return &e.Second })},
		{key: "direction", doc: "comparison: first's metric is greater or less than second's", def: "",
			val: bind(directionCodec, func(e *Expectation) *Direction { return &e.Direction })},
		{key: "min_effect", doc: "comparison: the least effect claimed. For a ratio a factor: greater claims first ÷ second > min_effect, less claims first ÷ second < 1 ÷ min_effect; for a difference an amount in the metric's unit: greater claims first − second > min_effect, less claims first − second < −min_effect", def: "1 for a ratio, 0 for a difference", rng: "ratio ≥ 1; difference ≥ 0",
			val: bind(number, func(e *Expectation) *float64 { return &e.MinEffect })},
		{key: "compare", doc: "comparison: by the paired ratio (only for a metric above 0 in every run: times, rates, levels) or the paired difference (any metric; for quantities that can be 0, such as a resilience loss)", def: "the metric's: ratio for a positive metric, difference otherwise",
			val: bind(compareCodec, func(e *Expectation) *metricdef.Compare { return &e.Compare })},
		{key: "confidence", doc: "the two-sided confidence level of the interval the claim is judged by", def: "0.95", rng: "0.5 ≤ x < 1",
			val: bind(number, func(e *Expectation) *float64 { return &e.Confidence })},
	},
}

// The keys of each kind of expectation, besides claim, metric and
// confidence.
var (
	rangeKeys      = []string{"organisation", "range"}
	comparisonKeys = []string{"first", "second", "direction", "min_effect", "compare"}
)

// expect decodes and checks one [[expect]] table against the scenario's
// organisations and disruptions, decoded before it.
func (d *decoder) expect(path string, raw map[string]any, cfg *model.Config) Expectation {
	e := Expectation{Confidence: 0.95}
	d.fields(expectTable, path, raw, &e)
	has := func(k string) bool { _, ok := raw[k]; return ok }
	ok := func(k string) bool { return has(k) && !d.failedAt(sub(path, k)) }
	var orgs []string
	for _, o := range cfg.Organisations {
		orgs = append(orgs, o.Name)
	}

	if !has("claim") {
		d.whole(path, `no claim (allowed: claim = "the sentence a reader sees")`)
	} else if ok("claim") && strings.TrimSpace(e.Claim) == "" {
		d.problem(path+".claim", `empty (allowed: the sentence a reader sees)`)
	}
	metric, known := metricdef.Def{}, false
	if !has("metric") {
		d.whole(path, `no metric (allowed: metric = a metric of runs.csv, e.g. "latency_p95")`)
	} else if ok("metric") {
		metric, known = d.expectMetric(path+".metric", e.Metric, len(cfg.Disruptions))
	}
	if ok("confidence") && !(e.Confidence >= 0.5 && e.Confidence < 1) {
		d.problem(path+".confidence", "%s is not allowed (allowed: a level 0.5 ≤ x < 1, e.g. 0.95)", number.encode(e.Confidence))
	}

	isRange, isComparison := has("organisation") || has("range"), false
	for _, k := range comparisonKeys {
		isComparison = isComparison || has(k)
	}
	switch {
	case isRange && isComparison:
		k := firstKey(raw, comparisonKeys)
		d.problem(sub(path, k), "a claim is about one organisation (organisation and range) or compares two (first, second and direction), not both (allowed: leave out %s, or organisation and range)",
			strings.Join(presentKeys(raw, comparisonKeys), ", "))
		return e
	case !isRange && !isComparison:
		d.whole(path, `no organisation or first and second (allowed: organisation = NAME with range = [low, high]; or first = NAME, second = NAME and direction = "greater" or "less")`)
		return e
	}
	if isRange {
		for _, k := range rangeKeys {
			if !has(k) {
				d.whole(path, "a range claim needs %s (allowed: organisation = NAME with range = [low, high])", k)
			}
		}
		if ok("organisation") {
			d.expectOrg(path+".organisation", e.Organisation, orgs, "")
		}
		if ok("range") && !(e.Range[0] < e.Range[1]) {
			d.problem(path+".range", "[%s, %s] is not allowed (allowed: [low, high] with low < high)", tomlNumber(e.Range[0]), tomlNumber(e.Range[1]))
		}
		return e
	}
	for _, k := range []string{"first", "second", "direction"} {
		if !has(k) {
			d.whole(path, `a comparison needs %s (allowed: first = NAME, second = NAME and direction = "greater" or "less")`, k)
		}
	}
	if ok("first") {
		d.expectOrg(path+".first", e.First, orgs, "")
	}
	if ok("second") {
		d.expectOrg(path+".second", e.Second, orgs, e.First)
	}
	// How it compares: as given, or the metric's way; unknown when
	// neither the key nor the metric could be read.
	compareKnown := ok("compare") || !has("compare") && known
	if !has("compare") {
		e.Compare = metric.Scale.Compare()
	} else if ok("compare") && known && e.Compare == metricdef.Ratio && metric.Scale != metricdef.Positive {
		d.problem(path+".compare", `"ratio" is not allowed for %s, which can be %s (allowed: "difference"; a ratio needs a metric above 0 in every run)`, e.Metric, canBe(metric.Scale))
		compareKnown = false
	}
	if !has("min_effect") {
		e.MinEffect = map[metricdef.Compare]float64{metricdef.Ratio: 1, metricdef.Difference: 0}[e.Compare]
	} else if ok("min_effect") && compareKnown {
		switch {
		case e.Compare == metricdef.Ratio && !(e.MinEffect >= 1):
			d.problem(path+".min_effect", "%s is not allowed for a ratio (allowed: a factor ≥ 1; direction says which way: less with 1.25 claims first ÷ second < 0.8)", number.encode(e.MinEffect))
		case e.Compare == metricdef.Difference && !(e.MinEffect >= 0):
			d.problem(path+".min_effect", "%s is not allowed for a difference (allowed: an amount ≥ 0 in the metric's unit; direction says which way: less with 2 claims first − second < −2)", number.encode(e.MinEffect))
		}
	}
	return e
}

// whole reports a problem of a whole [[expect]] table (a key it lacks)
// without marking its keys as failed, so that theirs are reported too.
func (d *decoder) whole(path, format string, args ...any) {
	d.add(path, fmt.Sprintf(format, args...), false)
}

// canBe says which values a metric that is not positive can take.
func canBe(s metricdef.Scale) string {
	if s == metricdef.Signed {
		return "0 or negative"
	}
	return "0"
}

// expectMetric checks a metric name against those of a scenario with k
// disruptions.
func (d *decoder) expectMetric(path, name string, k int) (metricdef.Def, bool) {
	if m, ok := metricdef.Find(name, k); ok {
		return m, true
	}
	var names []string
	for _, m := range metricdef.All(k) {
		names = append(names, m.Name)
	}
	last := metricdef.Base[len(metricdef.Base)-1].Name
	allowed := "a metric of runs.csv (docs/outputs.md): latency_mean … " + last
	switch {
	case k == 1:
		allowed += "; for the disruption, recovery_time_d1 … recovered_d1"
	case k > 1:
		allowed += fmt.Sprintf("; for each disruption i = 1 … %d, recovery_time_d<i> … recovered_d<i>", k)
	}
	hint := ""
	if m, i, ok := metricdef.SplitDisruption(name); ok && i > k {
		has := "no disruption"
		if k > 0 {
			has = fmt.Sprintf("%d disruption(s)", k)
		}
		hint = fmt.Sprintf("the scenario has %s, so there is no %s_d%d; ", has, m.Name, i)
	} else if n := nearest(name, names); n != "" {
		hint = fmt.Sprintf("did you mean %q? ", n)
	}
	d.problem(path, "%q is not a metric (%sallowed: %s)", name, hint, allowed)
	return metricdef.Def{}, false
}

// expectOrg checks an organisation's name against the scenario's; not is a
// name it must differ from (the first of a comparison).
func (d *decoder) expectOrg(path, name string, orgs []string, not string) {
	if name == not && not != "" {
		var others []string
		for _, o := range orgs {
			if o != not {
				others = append(others, o)
			}
		}
		d.problem(path, "%q is first too (allowed: another organisation of this scenario: %s)", name, quoteList(others))
		return
	}
	for _, o := range orgs {
		if o == name {
			return
		}
	}
	hint := ""
	if n := nearest(name, orgs); n != "" {
		hint = fmt.Sprintf("did you mean %q? ", n)
	}
	d.problem(path, "%q is not an organisation of this scenario (%sallowed: %s)", name, hint, quoteList(orgs))
}

// firstKey returns the first of keys, in the order given, that raw has.
func firstKey(raw map[string]any, keys []string) string {
	if p := presentKeys(raw, keys); len(p) > 0 {
		return p[0]
	}
	return ""
}

// presentKeys returns the keys, in the order given, that raw has.
func presentKeys(raw map[string]any, keys []string) []string {
	var out []string
	for _, k := range keys {
		if _, ok := raw[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// writeExpect writes one [[expect]] entry in its resolved form: the keys
// of its kind, defaults filled in.
func writeExpect(b *strings.Builder, e *Expectation) {
	b.WriteString("\n[[expect]]\n")
	keys := comparisonKeys
	if e.IsRange() {
		keys = rangeKeys
	}
	for i := range expectTable.fields {
		f := &expectTable.fields[i]
		switch f.key {
		case "claim", "metric", "confidence":
		default:
			if !contains(keys, f.key) {
				continue
			}
		}
		writeField(b, f, e, "")
	}
}
