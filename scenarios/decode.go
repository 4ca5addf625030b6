package scenarios

import (
	"fmt"
	"math"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// preset returns the organisation preset name on work w. The model's
// presets are calibrated on the default work; their knowledge is stated as
// shares of issues resolved and their authority as value percentiles, so
// here they follow the scenario's difficulty scale and value distribution.
func preset(name string, w *model.Work) model.Organisation {
	var o model.Organisation
	switch name {
	case "lattice":
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
	if name == "explicit" {
		o.Structure = model.Explicit
		o.Name = "explicit"
		o.Levels, o.Span = 0, nil
	}
	return o
}

// organisation decodes one [[organisation]] table.
func (d *decoder) organisation(path string, raw map[string]any) model.Organisation {
	tbl := schema.sub("organisation")
	decl := &orgDecl{preset: "hierarchy"}
	if v, ok := raw["preset"]; ok {
		d.set(tbl.field("preset"), path+".preset", v, &decl.preset)
	}
	o := preset(decl.preset, d.work)
	decl.org = &o
	d.fields(tbl, path, raw, decl, []string{"preset"})
	if m, ok := d.table(raw, "routing", path); ok {
		d.fields(tbl.sub("routing"), path+".routing", m, &o.Routing, nil)
	}
	for _, role := range []string{"team", "manager", "coach", "root"} {
		if m, ok := d.table(raw, role, path); ok {
			d.fields(tbl.sub(role), path+"."+role, m, decl, nil)
		}
	}
	for j, m := range d.array(raw, "manager_level", path) {
		p := o.Manager
		d.fields(tbl.sub("manager_level"), fmt.Sprintf("%s.manager_level[%d]", path, j), m, &p, nil)
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
		if v, ok := m["role"]; ok {
			d.set(ut.field("role"), up+".role", v, &u.spec.Role)
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
		d.fields(ut, up, m, u, []string{"role"})
		if u.spec.ID == "" {
			d.problem(up, "a unit needs an id (allowed: a unique id; teams are t1 … t%d)", d.work.Teams)
		}
		if u.set {
			p := u.params
			u.spec.Params = &p
		}
		o.Units = append(o.Units, u.spec)
	}
	if _, named := raw["name"]; !named && o.Structure != model.Explicit {
		o.Name = decl.preset
	}
	return o
}

// disruptionDefaults returns a disruption of kind k at t with its defaults.
func disruptionDefaults(k model.DisruptionKind, t float64) model.Disruption {
	d := model.DefaultLeaderLoss(t, "root")
	d.Kind = k
	d.Team = "random-team"
	d.Realloc = sim.Week
	d.Factor = 2
	switch k {
	case model.LeaderLoss:
	case model.Attrition:
		d.Vacancy = 2 * sim.Week
	default:
		d.Selector = ""
	}
	if k != model.LeaderLoss {
		d.Policy = model.Freeze
		d.InterimFactor = 0
		d.Successor = 0
		if k != model.Attrition {
			d.Vacancy, d.RampStart, d.RampTau = 0, 0, 0
		}
	}
	return d
}

// disruption decodes one [[disruption]] table.
func (d *decoder) disruption(path string, raw map[string]any) model.Disruption {
	tbl := schema.sub("disruption")
	var k model.DisruptionKind
	kindOK := false
	if v, ok := raw["kind"]; ok {
		n := len(d.problems)
		d.set(tbl.field("kind"), path+".kind", v, &k)
		kindOK = len(d.problems) == n
	} else {
		d.problem(path, "no kind (allowed: kind = %s)", quoteList(disruptions))
	}
	var at float64
	if v, ok := raw["at"]; ok {
		d.set(tbl.field("at"), path+".at", v, &at)
	} else {
		d.problem(path, "no time (allowed: at = a duration after the warm-up, e.g. \"20w\")")
	}
	dis := disruptionDefaults(k, at)
	if kindOK {
		for _, key := range sortedKeys(raw) {
			f := tbl.field(key)
			if f == nil || f.kinds == nil {
				continue
			}
			applies := false
			for _, kn := range f.kinds {
				applies = applies || kn == disruptions[k]
			}
			if !applies {
				d.problem(path+"."+key, "does not apply to %s (it applies to %s)", disruptions[k], quoteList(f.kinds))
			}
		}
	}
	d.fields(tbl, path, raw, &dis, []string{"kind", "at"})
	if _, ok := raw["until"]; !ok && (k == model.Surge || k == model.Slowdown) {
		dis.Until = at + sim.Week
	}
	return dis
}
