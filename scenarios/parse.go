package scenarios

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// Scenario is a decoded, validated scenario file.
type Scenario struct {
	Name         string        // from the file, or its base name
	Description  string        // what it shows and which parameters are assumptions
	File         string        // where it came from: a path, or "embedded:NAME"
	Replications int           // replications to run
	Config       model.Config  // the resolved model input
	Expect       []Expectation // the claims it makes, from its [[expect]] tables
	Warnings     []Problem     // problems that do not stop a run
}

// Parse decodes and validates the scenario in src; file names it in
// messages. All problems of the file are reported at once, as an *Error:
// unknown keys, values of the wrong type or out of range, and the model's
// checks of each setting; the model's checks of structure and load follow
// once every setting is valid. A sweep file is refused with a single
// problem, and the *Error matches ErrSweepFile (errors.Is).
func Parse(file string, src []byte) (*Scenario, error) {
	raw, text, e := decodeTOML(file, src, "scenario", "default")
	if e != nil {
		return nil, e
	}
	d := newDecoder(file, text, schema)
	if e := d.sweepAsScenario(raw); e != nil {
		return nil, e
	}
	sc := d.decode(raw)
	d.check(&sc.Config)
	if err := d.err(); err != nil {
		return nil, err
	}
	sc.Warnings = d.problems
	return sc, nil
}

// sweepAsScenario returns the problem of a sweep file given as a scenario:
// it has [[axis]], or a base and no scenario tables.
func (d *decoder) sweepAsScenario(raw map[string]any) *Error {
	if isSensitivity(raw) {
		return d.sensitivityAs(raw, "a scenario", ErrSensitivityFile)
	}
	_, axis := raw["axis"]
	_, base := raw["base"]
	_, work := raw["work"]
	_, orgs := raw["organisation"]
	if !axis && !(base && !work && !orgs) {
		return nil
	}
	var has []string
	path, pos := "", Pos{}
	for _, k := range []string{"base", "axis"} {
		if _, ok := raw[k]; !ok {
			continue
		}
		has = append(has, map[string]string{"base": "base", "axis": "[[axis]]"}[k])
		if p, _, _ := d.ix.lookup(k); path == "" || before(p, pos) {
			path, pos = k, p
		}
	}
	msg := fmt.Sprintf("this is a sweep file, not a scenario (it has %s): run it with orgsim sweep %s", strings.Join(has, " and "), d.file)
	p := d.at(path, msg, false)
	p.Path = ""
	return &Error{Problems: []Problem{p}, kind: ErrSweepFile}
}

func before(a, b Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }

// decode builds the scenario from the top table.
func (d *decoder) decode(raw map[string]any) *Scenario {
	def := model.Default()
	cfg := &model.Config{
		Seed: def.Seed, Horizon: def.Horizon, WarmUp: def.WarmUp, Drain: def.Drain,
		MaxOpen: def.MaxOpen, Work: def.Work, Metrics: def.Metrics,
	}
	t := &top{replications: 20, cfg: cfg}
	d.cx.work = &cfg.Work
	d.fields(schema, "", raw, t)
	if m, ok := d.table(raw, "work", ""); ok {
		d.fields(schema.sub("work"), "work", m, &cfg.Work)
		if tm, ok := d.table(m, "traffic", "work"); ok {
			d.fields(schema.sub("work").sub("traffic"), "work.traffic", tm, &cfg.Work.Traffic)
		}
		if _, teams := m["teams"]; !teams && cfg.Work.Headcount > 0 {
			// A headcount sets the number of teams: larger teams are fewer.
			cfg.Work.Teams = cfg.Work.TeamsForHeadcount()
		}
	}
	if m, ok := d.table(raw, "metrics", ""); ok {
		d.fields(schema.sub("metrics"), "metrics", m, &cfg.Metrics)
	}
	for i, m := range d.array(raw, "organisation", "") {
		cfg.Organisations = append(cfg.Organisations, d.organisation(fmt.Sprintf("organisation[%d]", i), m))
	}
	for i, m := range d.array(raw, "disruption", "") {
		cfg.Disruptions = append(cfg.Disruptions, d.disruption(fmt.Sprintf("disruption[%d]", i), m))
	}
	var exps []Expectation
	for i, m := range d.array(raw, "expect", "") {
		exps = append(exps, d.expect(fmt.Sprintf("expect[%d]", i), m, cfg))
	}
	return &Scenario{Name: t.name, Description: t.description, Replications: t.replications, Config: *cfg, Expect: exps}
}

// check adds the model's problems of cfg, leaving out those of keys that
// already have a problem of their own. With problems already found, only
// the model's checks of single settings run: its checks of structure and
// load would judge values the file did not give.
func (d *decoder) check(cfg *model.Config) {
	var ps []model.Problem
	if d.hasErrors() {
		ps = settingChecks(cfg)
	} else {
		ps = cfg.Check()
	}
	for _, p := range ps {
		if !d.failedAt(p.Path) {
			d.add(p.Path, p.Msg, p.Warning)
		}
	}
}

// settingChecks returns the model's checks of single settings of cfg. The
// model checks structure and load only when every setting is in range, so
// these are the problems of a copy whose max_open is made invalid, less
// that one.
func settingChecks(cfg *model.Config) []model.Problem {
	c := *cfg
	injected := c.MaxOpen >= 1
	if injected {
		c.MaxOpen = 0
	}
	var out []model.Problem
	for _, p := range c.Check() {
		if injected && p.Path == "max_open" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// preset returns the organisation preset s on work w. The model's presets
// are calibrated on the default work; their knowledge is stated as shares
// of issues resolved and their authority as value percentiles, so here
// they follow the scenario's difficulty scale and value distribution.
func preset(s model.Structure, w *model.Work) model.Organisation {
	var o model.Organisation
	switch s {
	case model.Lattice:
		o = model.DefaultLattice()
	default:
		o = model.DefaultHierarchy()
	}
	base := model.DefaultWork()
	z := func(x *float64) {
		if !math.IsInf(*x, 1) && w.Theta > 0 {
			*x = *x * base.Theta / w.Theta
		}
	}
	a := func(x *float64) {
		if !math.IsInf(*x, 1) && w.Value.Validate() == nil {
			*x = w.Value.Quantile(base.Value.CDF(*x))
		}
	}
	for _, p := range []*model.UnitParams{&o.Team, &o.Manager, &o.Coach, &o.Root} {
		z(&p.Knowledge)
		a(&p.Authority)
	}
	z(&o.Routing.MaxDifficulty)
	a(&o.Routing.ApprovalAbove)
	if s == model.Explicit {
		o.Structure = model.Explicit
		o.Name = s.String()
		o.Levels, o.Span = 0, nil
	}
	return o
}

// unitKeys are the keys of an explicit unit that are not parameters.
var unitKeys = []string{"id", "role", "reports_to", "peers"}

// organisation decodes one [[organisation]] table.
func (d *decoder) organisation(path string, raw map[string]any) model.Organisation {
	tbl := schema.sub("organisation")
	decl := &orgDecl{preset: model.Hierarchy}
	if v, ok := raw["preset"]; ok && !d.set(tbl.field("preset"), path+".preset", v, decl) {
		d.suppress(path) // every default of the organisation depends on its preset
	}
	o := preset(decl.preset, d.cx.work)
	decl.org = &o
	d.fields(tbl, path, raw, decl, "preset")
	if m, ok := d.table(raw, "routing", path); ok {
		d.fields(tbl.sub("routing"), path+".routing", m, &o.Routing)
	}
	if m, ok := d.table(raw, "learning", path); ok {
		d.fields(tbl.sub("learning"), path+".learning", m, &o.Learning)
	}
	for _, role := range []string{"team", "manager", "coach", "root"} {
		if m, ok := d.table(raw, role, path); ok {
			d.fields(tbl.sub(role), path+"."+role, m, decl)
		}
	}
	for j, m := range d.array(raw, "manager_level", path) {
		p := o.Manager
		d.fields(tbl.sub("manager_level"), fmt.Sprintf("%s.manager_level[%d]", path, j), m, &p)
		o.ManagerLevels = append(o.ManagerLevels, p)
	}
	units := d.array(raw, "unit", path)
	if len(units) > 0 && o.Structure != model.Explicit {
		d.problem(path+".unit", "units are listed but preset is %q (allowed: preset = \"explicit\" with [[organisation.unit]])", decl.preset)
	}
	ut := tbl.sub("unit")
	for j, m := range units {
		up := fmt.Sprintf("%s.unit[%d]", path, j)
		u := &unitDecl{spec: model.UnitSpec{Role: model.RoleManager}}
		if v, ok := m["role"]; ok && !d.set(ut.field("role"), up+".role", v, u) {
			d.suppress(up)
		}
		switch u.spec.Role {
		case model.RoleTeam:
			u.params = o.Team
		case model.RoleCoach:
			u.params = o.Coach
		case model.RoleRoot:
			u.params = o.Root
		default:
			u.params = o.Manager
		}
		d.fields(ut, up, m, u, "role")
		if u.spec.ID == "" && !d.failedAt(up+".id") {
			d.problem(up, "a unit needs an id (allowed: a unique id; teams are t1 … t%d)", d.cx.work.Teams)
		}
		for k := range m {
			if !contains(unitKeys, k) && ut.field(k) != nil {
				p := u.params
				u.spec.Params = &p
				break
			}
		}
		o.Units = append(o.Units, u.spec)
	}
	if _, named := raw["name"]; !named && o.Structure != model.Explicit {
		o.Name = decl.preset.String()
	}
	return o
}

// disruption decodes one [[disruption]] table.
func (d *decoder) disruption(path string, raw map[string]any) model.Disruption {
	tbl := schema.sub("disruption")
	var first model.Disruption // kind and at, read first: the defaults depend on them
	kindOK := false
	if v, ok := raw["kind"]; ok {
		if kindOK = d.set(tbl.field("kind"), path+".kind", v, &first); !kindOK {
			d.suppress(path) // which keys apply, and their defaults, depend on the kind
		}
	} else {
		d.problem(path, "no kind (allowed: kind = %s)", quoteList(enumNames[model.DisruptionKind]()))
	}
	if v, ok := raw["at"]; ok {
		d.set(tbl.field("at"), path+".at", v, &first)
	} else {
		d.problem(path, "no time (allowed: at = a duration after the warm-up, e.g. \"20w\")")
	}
	k := first.Kind
	dis := model.DisruptionDefaults(k, first.At)
	if kindOK {
		for _, key := range sortedKeys(raw) {
			if f := tbl.field(key); f != nil && !f.appliesTo(k) {
				d.problem(path+"."+key, "does not apply to %s (it applies to %s)", k, quoteList(kindNames(f.kinds)))
			}
		}
	}
	d.fields(tbl, path, raw, &dis, "kind", "at")
	if _, ok := raw["until"]; !ok && (k == model.Surge || k == model.Slowdown) {
		dis.Until = first.At + sim.Week
	}
	return dis
}

// nameFromPath returns the name of a scenario or sweep read from path that
// names none: the file's base name without its extension, with characters
// other than letters, digits, - and _ replaced by -, so that it is safe as
// the name of its results folder.
func nameFromPath(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	name := strings.Map(func(r rune) rune {
		if isIdentRune(r) {
			return r
		}
		return '-'
	}, base)
	if strings.Trim(name, "-") == "" {
		return "scenario"
	}
	if len(name) > maxName {
		name = name[:maxName]
	}
	return name
}
