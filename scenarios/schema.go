package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/model"
)

// kind is the type of a scenario key's value.
type kind int

const (
	kInt kind = iota
	kFloat
	kBool
	kString
	kEnum
	kDuration
	kRate
	kDistDuration
	kDistPlain
	kIntList
	kStringList
	kKnowledge
	kAuthority
	kFloatList // a list of numbers
	kValues    // a list of values of any type (a sweep axis)
)

// typeText says what a kind of value looks like, for docs and errors.
func (k kind) typeText(enum []string) string {
	switch k {
	case kInt:
		return "an integer"
	case kFloat:
		return "a number"
	case kBool:
		return "true or false"
	case kString:
		return "a string"
	case kEnum:
		return "one of " + quoteList(enum)
	case kDuration:
		return usageDuration
	case kRate:
		return usageRate
	case kDistDuration:
		return usageDistDuration
	case kDistPlain:
		return usageDistPlain
	case kIntList:
		return "a list of integers, e.g. [7] or [4, 6]"
	case kStringList:
		return `a list of strings, e.g. ["t2", "t3"]`
	case kKnowledge:
		return usageKnowledge
	case kAuthority:
		return usageAuthority
	case kFloatList:
		return "a list of two numbers, e.g. [0.1, 0.4]"
	case kValues:
		return `a list of values of the key's type, e.g. [0.1, 0.2] or ["2/d", "4/d"]`
	}
	return "a value"
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// field is one documented key of a table. ptr returns the Go value the key
// sets inside the table's target; its type matches kind.
type field struct {
	key   string
	kind  kind
	enum  []string
	doc   string // meaning
	unit  string // unit, for the documentation
	def   string // default, as written in a file
	rng   string // allowed range, for the documentation
	kinds []string
	ptr   func(target any) any
}

// table is one table of the schema.
type table struct {
	key    string // path segment ("" for the top)
	array  bool   // an array of tables ([[key]])
	doc    string
	fields []field
	subs   []*table
}

func (t *table) field(key string) *field {
	for i := range t.fields {
		if t.fields[i].key == key {
			return &t.fields[i]
		}
	}
	return nil
}

func (t *table) sub(key string) *table {
	for _, s := range t.subs {
		if s.key == key {
			return s
		}
	}
	return nil
}

// keys lists the table's keys, fields then sub-tables.
func (t *table) keys() []string {
	var out []string
	for _, f := range t.fields {
		out = append(out, f.key)
	}
	for _, s := range t.subs {
		out = append(out, s.key)
	}
	return out
}

// Targets of the tables.
type (
	top struct {
		name, description string
		replications      int
		cfg               *model.Config
	}
	orgDecl struct {
		org    *model.Organisation
		preset string
		units  []unitDecl
		levels []model.UnitParams
	}
	unitDecl struct {
		spec   model.UnitSpec
		params model.UnitParams
		set    bool // any parameter key was given
	}
)

func topOf(t any) *top                     { return t.(*top) }
func workOf(t any) *model.Work             { return t.(*model.Work) }
func metricsOf(t any) *model.MetricsConfig { return t.(*model.MetricsConfig) }
func orgOf(t any) *orgDecl                 { return t.(*orgDecl) }
func routingOf(t any) *model.Routing       { return t.(*model.Routing) }
func paramsOf(t any) *model.UnitParams     { return t.(*model.UnitParams) }
func unitOf(t any) *unitDecl               { return t.(*unitDecl) }
func disOf(t any) *model.Disruption        { return t.(*model.Disruption) }

var (
	structures  = []string{"hierarchy", "lattice", "explicit"}
	roles       = []string{"team", "manager", "coach", "root"}
	localities  = []string{"ring", "grid"}
	approvals   = []string{"off", "all", "any"}
	policies    = []string{"freeze", "skip-level", "interim"}
	disruptions = []string{"leader-loss", "member-loss", "attrition", "surge", "knowledge-shock", "slowdown"}
)

// unitParamFields are the keys of a unit's parameters; used by the role
// tables, manager levels and explicit units (whose target is a unitDecl).
func unitParamFields(ofUnit bool) []field {
	p := func(get func(u *model.UnitParams) any) func(any) any {
		if ofUnit {
			return func(t any) any { u := unitOf(t); u.set = true; return get(&u.params) }
		}
		return func(t any) any { return get(paramsOf(t)) }
	}
	return []field{
		{key: "servers", kind: kInt, doc: "parallel deciders; for a team 0 means one pooled decider whose rate scales with the members present, c ≥ 1 means c deciders (one goes with each member lost)", unit: "deciders", def: "0 for teams, 1 otherwise", rng: "≥ 0",
			ptr: p(func(u *model.UnitParams) any { return &u.Servers })},
		{key: "decision", kind: kDistDuration, doc: "hands-on time to examine one issue, whether the unit decides it or passes it on", unit: "working time", def: "preset", rng: "any distribution with mean > 0",
			ptr: p(func(u *model.UnitParams) any { return &u.Decision })},
		{key: "time_share", kind: kFloat, doc: "share of working time spent on decisions: elapsed service = hands-on time ÷ time_share", unit: "share", def: "0.35 (§D)", rng: "0 < x ≤ 1",
			ptr: p(func(u *model.UnitParams) any { return &u.TimeShare })},
		{key: "knowledge", kind: kKnowledge, doc: "difficulty up to which the unit resolves issues itself (difficulty ~ Exp(work.theta)); \"p70\" resolves 70 % of issues", unit: "difficulty", def: "preset", rng: "≥ 0, inf or pNN",
			ptr: p(func(u *model.UnitParams) any { return &u.Knowledge })},
		{key: "authority", kind: kAuthority, doc: "largest issue value the unit may decide; above it the issue escalates", unit: "value", def: "preset", rng: "≥ 0, inf or pNN",
			ptr: p(func(u *model.UnitParams) any { return &u.Authority })},
		{key: "accuracy", kind: kFloat, doc: "base probability π of deciding correctly within knowledge (then × fidelity^hops)", unit: "probability", def: "0.9", rng: "0 … 1",
			ptr: p(func(u *model.UnitParams) any { return &u.Accuracy })},
		{key: "availability", kind: kFloat, doc: "share of working time the unit is present; scales its rate", unit: "share", def: "1", rng: "0 < x ≤ 1",
			ptr: p(func(u *model.UnitParams) any { return &u.Availability })},
	}
}

func roleTable(key, doc string, get func(o *model.Organisation) *model.UnitParams) *table {
	return &table{key: key, doc: doc, fields: wrapParams(get)}
}

// wrapParams adapts the unit parameter fields to an organisation target.
func wrapParams(get func(o *model.Organisation) *model.UnitParams) []field {
	fs := unitParamFields(false)
	for i := range fs {
		inner := fs[i].ptr
		fs[i].ptr = func(t any) any { return inner(get(orgOf(t).org)) }
	}
	return fs
}

// schema is the whole scenario file format.
var schema = &table{
	doc: "A scenario: run settings, the work, the organisations compared and the disruptions.",
	fields: []field{
		{key: "name", kind: kString, doc: "the scenario's name, used for the output folder results/<name>/", def: "the file's base name", rng: "letters, digits, - and _",
			ptr: func(t any) any { return &topOf(t).name }},
		{key: "description", kind: kString, doc: "what the scenario shows and which parameters are assumptions", def: `""`,
			ptr: func(t any) any { return &topOf(t).description }},
		{key: "seed", kind: kInt, doc: "the seed: a run is reproducible from (seed, replication)", def: "1", rng: "≥ 0",
			ptr: func(t any) any { return &topOf(t).cfg.Seed }},
		{key: "replications", kind: kInt, doc: "replications: each runs every organisation on the same issues", def: "20", rng: "1 … 100000",
			ptr: func(t any) any { return &topOf(t).replications }},
		{key: "horizon", kind: kDuration, doc: "arrivals stop at the horizon; the system then drains", unit: "working time", def: "1y", rng: "> 0",
			ptr: func(t any) any { return &topOf(t).cfg.Horizon }},
		{key: "warm_up", kind: kDuration, doc: "issues arriving earlier are left out of the metrics", unit: "working time", def: "10w", rng: "0 ≤ warm_up < horizon",
			ptr: func(t any) any { return &topOf(t).cfg.WarmUp }},
		{key: "drain", kind: kDuration, doc: "time allowed after the horizon for open issues to be decided; what is left is censored", unit: "working time", def: "1y", rng: "≥ 0",
			ptr: func(t any) any { return &topOf(t).cfg.Drain }},
		{key: "max_open", kind: kInt, doc: "open issues in one organisation at which a run stops as unstable, naming the jammed unit", unit: "issues", def: "100000", rng: "≥ 1",
			ptr: func(t any) any { return &topOf(t).cfg.MaxOpen }},
	},
	subs: []*table{
		{key: "work", doc: "The teams and the issues arriving at them, shared by every organisation.", fields: []field{
			{key: "teams", kind: kInt, doc: "number of teams", unit: "teams", def: "49", rng: "≥ 1",
				ptr: func(t any) any { return &workOf(t).Teams }},
			{key: "team_size", kind: kInt, doc: "people per team", unit: "people", def: "8", rng: "≥ 1",
				ptr: func(t any) any { return &workOf(t).TeamSize }},
			{key: "locality", kind: kEnum, enum: localities, doc: "where teams sit: on a ring, or on a grid (Chebyshev distance); every generator uses it", def: `"ring"`,
				ptr: func(t any) any { return &workOf(t).Locality }},
			{key: "grid_width", kind: kInt, doc: "columns of the grid; 0 means ⌈√teams⌉", def: "0", rng: "≥ 0",
				ptr: func(t any) any { return &workOf(t).GridWidth }},
			{key: "rate", kind: kRate, doc: "issues arriving at each team (Poisson)", unit: "issues per working time", def: `"2/d"`, rng: "≥ 0",
				ptr: func(t any) any { return &workOf(t).Rate }},
			{key: "theta", kind: kFloat, doc: "difficulty scale: an issue's difficulty is Exp(theta), mean 1/theta", def: "1", rng: "> 0",
				ptr: func(t any) any { return &workOf(t).Theta }},
			{key: "cross_team", kind: kFloat, doc: "probability that an issue's scope spans several teams", unit: "probability", def: "0.2 (§D)", rng: "0 … 1",
				ptr: func(t any) any { return &workOf(t).CrossTeam }},
			{key: "scope", kind: kIntList, doc: "[min, max] teams in a cross-team scope; k is uniform on it", unit: "teams", def: "[2, 3]", rng: "2 ≤ min ≤ max ≤ 8",
				ptr: func(t any) any { w := workOf(t); return &[2]*int{&w.ScopeMin, &w.ScopeMax} }},
			{key: "radius", kind: kInt, doc: "the other teams of a scope lie within this locality distance of the origin", unit: "teams", def: "2", rng: "1 … 10",
				ptr: func(t any) any { return &workOf(t).Radius }},
			{key: "good_share", kind: kFloat, doc: "probability that an issue is good (should be accepted)", unit: "probability", def: "0.7", rng: "0 … 1",
				ptr: func(t any) any { return &workOf(t).GoodShare }},
			{key: "value", kind: kDistPlain, doc: "an issue's value, compared with authority limits", def: `"lognormal(mean=1, cv=1)"`,
				ptr: func(t any) any { return &workOf(t).Value }},
		}},
		{key: "metrics", doc: "Settings of the metrics computed after each run.", fields: []field{
			{key: "window", kind: kDuration, doc: "width w of the windows of the resilience signal (p95 latency of issues arriving in the window); grid step w/4", unit: "working time", def: `"1w"`, rng: "> 0",
				ptr: func(t any) any { return &metricsOf(t).Window }},
			{key: "min_issues", kind: kInt, doc: "a window is widened until it holds this many issues", unit: "issues", def: "30", rng: "≥ 1",
				ptr: func(t any) any { return &metricsOf(t).MinIssues }},
			{key: "threshold", kind: kFloat, doc: "quality Q at or above which an organisation counts as recovered", unit: "percent", def: "90", rng: "0 < x ≤ 100",
				ptr: func(t any) any { return &metricsOf(t).Threshold }},
			{key: "hold", kind: kDuration, doc: "how long Q must stay at or above the threshold to count as recovered", unit: "working time", def: `"5w"`, rng: "≥ 0",
				ptr: func(t any) any { return &metricsOf(t).Hold }},
		}},
		{key: "organisation", array: true, doc: "One organisation being compared: a preset made from a few numbers, or units listed one by one.", fields: []field{
			{key: "name", kind: kString, doc: "the organisation's name, unique in the scenario", def: "the preset's name",
				ptr: func(t any) any { return &orgOf(t).org.Name }},
			{key: "preset", kind: kEnum, enum: structures, doc: "how the units are made: a generated hierarchy, a generated lattice, or explicit units ([[organisation.unit]]); sets the defaults of every other key", def: `"hierarchy"`,
				ptr: func(t any) any { return &orgOf(t).preset }},
			{key: "levels", kind: kInt, doc: "hierarchy: levels of units above the teams, the root included (1: every team reports to the root)", unit: "levels", def: "2", rng: "1 … 12",
				ptr: func(t any) any { return &orgOf(t).org.Levels }},
			{key: "span", kind: kIntList, doc: "hierarchy: span of control, one value for every level or one per level from the top", unit: "units", def: "[7]", rng: "each ≥ 1",
				ptr: func(t any) any { return &orgOf(t).org.Span }},
			{key: "peer_links", kind: kInt, doc: "lattice: peers per team by locality, nearest first (advice goes to the first routing.advice of them)", unit: "teams", def: "4", rng: "≥ 0",
				ptr: func(t any) any { return &orgOf(t).org.PeerLinks }},
			{key: "rewire", kind: kFloat, doc: "lattice: probability that a peer link is rewired to a random team (small-world)", unit: "probability", def: "0", rng: "0 … 1",
				ptr: func(t any) any { return &orgOf(t).org.Rewire }},
			{key: "teams_per_coach", kind: kInt, doc: "lattice: one coach per this many consecutive teams; 0 for none (issues past the limits are then decided at their origin)", unit: "teams", def: "25", rng: "≥ 0",
				ptr: func(t any) any { return &orgOf(t).org.TeamsPerCoach }},
			{key: "circle", kind: kBool, doc: "lattice: the coaches report to one coordinating circle (what \"root\" selects in a lattice)", def: "true",
				ptr: func(t any) any { return &orgOf(t).org.Circle }},
		},
			subs: []*table{
				{key: "routing", doc: "The organisation's settings of the one routing rule.", fields: []field{
					{key: "advice", kind: kInt, doc: "peers asked for advice when an issue is beyond a unit's knowledge (0: escalate instead)", unit: "peers", def: "0 hierarchy, 2 lattice (§D)", rng: "≥ 0",
						ptr: func(t any) any { return &routingOf(t).Advice }},
					{key: "advice_timeout", kind: kDuration, doc: "how long the asker waits for advice and consultation before deciding anyway", unit: "working time", def: `"2d"`, rng: "> 0",
						ptr: func(t any) any { return &routingOf(t).AdviceTimeout }},
					{key: "consult", kind: kBool, doc: "the origin team consults the affected teams of a cross-team issue instead of escalating it", def: "false hierarchy, true lattice",
						ptr: func(t any) any { return &routingOf(t).Consult }},
					{key: "k_max", kind: kInt, doc: "the most teams a consultation may involve; beyond it the issue escalates", unit: "teams", def: "1 hierarchy, 3 lattice (§A.4)", rng: "≥ 1",
						ptr: func(t any) any { return &routingOf(t).KMax }},
					{key: "max_difficulty", kind: kKnowledge, doc: "difficulty above which a team escalates at once", unit: "difficulty", def: `"inf" hierarchy, "p99" lattice`, rng: "≥ 0, inf or pNN",
						ptr: func(t any) any { return &routingOf(t).MaxDifficulty }},
					{key: "fidelity", kind: kFloat, doc: "information kept per hop between the origin and the decider: P(correct) = accuracy × fidelity^hops", unit: "share", def: "0.95 (§D)", rng: "0 < x ≤ 1",
						ptr: func(t any) any { return &routingOf(t).Fidelity }},
					{key: "hop", kind: kDistDuration, doc: "delay of one message between units", unit: "working time", def: `"lognormal(median=48m, sigma=1.5)" (§D)`,
						ptr: func(t any) any { return &routingOf(t).Hop }},
					{key: "approval", kind: kEnum, enum: approvals, doc: "serial approval chain for issues valued above approval_above: all (one rejection returns it) or any (one acceptance suffices)", def: `"off"`,
						ptr: func(t any) any { return &routingOf(t).Approval }},
					{key: "approval_above", kind: kAuthority, doc: "issues valued above this need approval", unit: "value", def: `"inf"`, rng: "≥ 0, inf or pNN",
						ptr: func(t any) any { return &routingOf(t).ApprovalAbove }},
				}},
				roleTable("team", "Parameters of every team.", func(o *model.Organisation) *model.UnitParams { return &o.Team }),
				roleTable("manager", "Parameters of every manager (hierarchy) unless manager_level says otherwise.", func(o *model.Organisation) *model.UnitParams { return &o.Manager }),
				roleTable("coach", "Parameters of every coach and of the circle (lattice).", func(o *model.Organisation) *model.UnitParams { return &o.Coach }),
				roleTable("root", "Parameters of the root (hierarchy).", func(o *model.Organisation) *model.UnitParams { return &o.Root }),
				{key: "manager_level", array: true, doc: "Parameters of the managers of one level, from the top down (the first is just under the root); unset keys keep the manager table's values.", fields: unitParamFields(false)},
				{key: "unit", array: true, doc: "One unit of an explicit structure. Teams are t1 … tN (one per team of the work); parameter keys override the role's.", fields: append([]field{
					{key: "id", kind: kString, doc: "the unit's id, used in reports_to, peers, selectors and outputs", rng: "unique; teams are t1 … tN",
						ptr: func(t any) any { return &unitOf(t).spec.ID }},
					{key: "role", kind: kEnum, enum: roles, doc: "what the unit is", def: `"manager"`,
						ptr: func(t any) any { return &unitOf(t).spec.Role }},
					{key: "reports_to", kind: kString, doc: "the unit above; empty for none", def: `""`,
						ptr: func(t any) any { return &unitOf(t).spec.ReportsTo }},
					{key: "peers", kind: kStringList, doc: "units asked for advice, nearest first", def: "[]",
						ptr: func(t any) any { return &unitOf(t).spec.Peers }},
				}, unitParamFields(true)...)},
			}},
		{key: "disruption", array: true, doc: "One disruption; it strikes every organisation at the same time.", fields: []field{
			{key: "kind", kind: kEnum, enum: disruptions, doc: "what happens", def: "required",
				ptr: func(t any) any { return &disOf(t).Kind }},
			{key: "at", kind: kDuration, doc: "when it strikes", unit: "working time", def: "required", rng: "warm_up ≤ at < horizon",
				ptr: func(t any) any { return &disOf(t).At }},
			{key: "until", kind: kDuration, doc: "when it ends (surge, slowdown; member-loss: the member returns; attrition: it stops)", unit: "working time", def: "at + 1w for surge and slowdown; never otherwise", rng: "> at",
				kinds: []string{"surge", "slowdown", "member-loss", "attrition"},
				ptr:   func(t any) any { return &disOf(t).Until }},
			{key: "selector", kind: kString, doc: `which leader: "root" (a lattice's circle), "level:N" (depth N from the top, a random one of them), "random-manager" or a unit id`, def: `"root"`,
				kinds: []string{"leader-loss"}, ptr: func(t any) any { return &disOf(t).Selector }},
			{key: "policy", kind: kEnum, enum: policies, doc: "succession: the queue waits (freeze), moves to the unit above (skip-level), or an interim takes over after the vacancy (interim)", def: `"interim"`,
				kinds: []string{"leader-loss"}, ptr: func(t any) any { return &disOf(t).Policy }},
			{key: "vacancy", kind: kDuration, doc: "leader-loss: time until the interim (interim) or the successor (freeze, skip-level); attrition: time until a replacement", unit: "working time", def: `"1w" (§D: 40 h)`, rng: "≥ 0",
				kinds: []string{"leader-loss", "attrition"}, ptr: func(t any) any { return &disOf(t).Vacancy }},
			{key: "interim_factor", kind: kFloat, doc: "the interim's capacity as a share of the leader's", unit: "share", def: "0.7 (§D)", rng: "0 < x ≤ 1",
				kinds: []string{"leader-loss"}, ptr: func(t any) any { return &disOf(t).InterimFactor }},
			{key: "successor", kind: kDuration, doc: "interim policy: time after the loss when the permanent successor arrives", unit: "working time", def: `"8w"`, rng: "≥ vacancy",
				kinds: []string{"leader-loss"}, ptr: func(t any) any { return &disOf(t).Successor }},
			{key: "ramp_start", kind: kFloat, doc: "a successor's or replacement's starting share of full rate", unit: "share", def: "0.5", rng: "0 < x ≤ 1",
				kinds: []string{"leader-loss", "attrition"}, ptr: func(t any) any { return &disOf(t).RampStart }},
			{key: "ramp_tau", kind: kDuration, doc: "e-folding time of the ramp-up: rate = full × (1 − (1 − ramp_start)·e^(−t/ramp_tau)); 0 for none", unit: "working time", def: `"333h" (≈ 95 % after 6 months, Watkins §D)`, rng: "≥ 0",
				kinds: []string{"leader-loss", "attrition"}, ptr: func(t any) any { return &disOf(t).RampTau }},
			{key: "team", kind: kString, doc: `member-loss: the team losing a member ("tK" or "random-team"), the same team in every organisation`, def: `"random-team"`,
				kinds: []string{"member-loss"}, ptr: func(t any) any { return &disOf(t).Team }},
			{key: "realloc", kind: kDuration, doc: "time before the advice role the person held moves to a peer (advice requests to the team are dropped meanwhile)", unit: "working time", def: `"1w"`, rng: "≥ 0",
				kinds: []string{"member-loss", "attrition"}, ptr: func(t any) any { return &disOf(t).Realloc }},
			{key: "rate", kind: kRate, doc: "attrition: losses per person", unit: "per working time", def: "required", rng: "> 0",
				kinds: []string{"attrition"}, ptr: func(t any) any { return &disOf(t).Rate }},
			{key: "factor", kind: kFloat, doc: "surge: arrival multiplier; slowdown: hop-delay multiplier", def: "2", rng: "surge ≥ 1; slowdown > 0",
				kinds: []string{"surge", "slowdown"}, ptr: func(t any) any { return &disOf(t).Factor }},
			{key: "theta", kind: kFloat, doc: "knowledge-shock: the new difficulty scale (smaller: harder issues)", def: "required", rng: "> 0",
				kinds: []string{"knowledge-shock"}, ptr: func(t any) any { return &disOf(t).Theta }},
		}},
	},
}

// enumIndex returns the index of s in enum, or −1.
func enumIndex(enum []string, s string) int {
	for i, e := range enum {
		if e == s {
			return i
		}
	}
	return -1
}

// setEnum stores index i in the enum-typed value behind p.
func setEnum(p any, i int) {
	switch v := p.(type) {
	case *model.Locality:
		*v = model.Locality(i)
	case *model.ApprovalRule:
		*v = model.ApprovalRule(i)
	case *model.Policy:
		*v = model.Policy(i)
	case *model.DisruptionKind:
		*v = model.DisruptionKind(i)
	case *model.Role:
		*v = model.Role(i)
	case *string:
		*v = structures[i]
	default:
		panic(fmt.Sprintf("scenarios: enum target %T", p))
	}
}

// enumText returns the text of the enum value behind p.
func enumText(f *field, p any) string {
	var i int
	switch v := p.(type) {
	case *model.Locality:
		i = int(*v)
	case *model.ApprovalRule:
		i = int(*v)
	case *model.Policy:
		i = int(*v)
	case *model.DisruptionKind:
		i = int(*v)
	case *model.Role:
		i = int(*v)
	case *string:
		return strconv.Quote(*v)
	}
	if i < 0 || i >= len(f.enum) {
		return `""`
	}
	return strconv.Quote(f.enum[i])
}

var _ = math.Inf
