package seminar

import (
	"fmt"
	"math"

	"github.com/orgsim/orgsim/model"
)

// Params are the live parameters the presenter's sliders set. A zero field
// keeps the scenario's own value. Changing one starts a new paired run (see
// the package documentation); the session log records them with each run.
type Params struct {
	// Span is the hierarchy's span of control: teams per first-line
	// manager. The hierarchy becomes a root over ⌈teams ÷ Span⌉ managers
	// (two levels), or, with Span ≥ teams, every team under the root.
	Span int `json:"span,omitempty"`
	// Knowledge is the share of issues a lattice team resolves itself
	// (its knowledge as a percentile of issue difficulty).
	Knowledge float64 `json:"knowledge,omitempty"`
	// Interim is an interim leader's capacity as a share of the leader's,
	// for every leader loss with an interim: the buttons' and the
	// scenario's own.
	Interim float64 `json:"interim,omitempty"`
}

// The sliders' ranges.
const (
	minSpan      = 2
	minKnowledge = 0.5
	maxKnowledge = 0.99
	minInterim   = 0.1
	maxInterim   = 1.0
)

// check returns why p is not allowed for a scenario with teams teams, or
// nil.
func (p Params) check(teams int) error {
	switch {
	case p.Span != 0 && (p.Span < minSpan || p.Span > max(teams, minSpan)):
		return fmt.Errorf("span %d: want %d … %d teams per manager", p.Span, minSpan, max(teams, minSpan))
	case p.Knowledge != 0 && !(p.Knowledge >= minKnowledge && p.Knowledge <= maxKnowledge):
		return fmt.Errorf("knowledge %v: want %v … %v (the share of issues a lattice team resolves)", p.Knowledge, minKnowledge, maxKnowledge)
	case p.Interim != 0 && !(p.Interim >= minInterim && p.Interim <= maxInterim):
		return fmt.Errorf("interim %v: want %v … %v of the leader's capacity", p.Interim, minInterim, maxInterim)
	}
	return nil
}

// apply sets p's non-zero fields in cfg, whose organisations and
// disruptions the caller owns.
func (p Params) apply(cfg *model.Config) error {
	if err := p.check(cfg.Work.Teams); err != nil {
		return err
	}
	n := cfg.Work.Teams
	for i := range cfg.Organisations {
		o := &cfg.Organisations[i]
		switch {
		case p.Span > 0 && o.Structure == model.Hierarchy:
			if p.Span >= n {
				o.Levels, o.Span = 1, []int{n}
			} else {
				o.Levels, o.Span = 2, []int{(n + p.Span - 1) / p.Span, p.Span}
			}
		case p.Knowledge > 0 && o.Structure == model.Lattice:
			o.Team.Knowledge = -math.Log(1-p.Knowledge) / cfg.Work.Theta
		}
	}
	if p.Interim > 0 {
		for i := range cfg.Disruptions {
			if d := &cfg.Disruptions[i]; d.Kind == model.LeaderLoss && d.Policy == model.Interim {
				d.InterimFactor = p.Interim
			}
		}
	}
	return nil
}

// interimFactor is the interim's capacity a button's leader loss uses.
func (p Params) interimFactor() float64 {
	if p.Interim > 0 {
		return p.Interim
	}
	return model.DisruptionDefaults(model.LeaderLoss, 0).InterimFactor
}

// slider is one of the presenter's sliders as the page draws it.
type slider struct {
	ID    string  `json:"id"` // span, knowledge or interim
	Label string  `json:"label"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Step  float64 `json:"step"`
	Value float64 `json:"value"`          // the running value
	Unit  string  `json:"unit"`           // "teams" or "%" (a share shown in per cent)
	Off   string  `json:"off,omitempty"`  // why the slider changes nothing in this scenario
	Whom  string  `json:"whom,omitempty"` // the organisation it changes
}

// sliders returns the sliders for the running configuration cfg (p
// already applied).
func sliders(cfg *model.Config, p Params) []slider {
	n := cfg.Work.Teams
	span := slider{ID: "span", Label: "span of control", Min: minSpan, Max: float64(max(n, minSpan)), Step: 1, Unit: "teams", Off: "no hierarchy in this scenario"}
	know := slider{ID: "knowledge", Label: "lattice teams resolve", Min: minKnowledge, Max: maxKnowledge, Step: 0.01, Unit: "%", Off: "no lattice in this scenario"}
	for _, o := range cfg.Organisations {
		switch {
		case o.Structure == model.Hierarchy && span.Whom == "":
			span.Off, span.Whom = "", o.Name
			switch {
			case o.Levels == 1:
				span.Value = float64(n)
			case len(o.Span) > 0:
				span.Value = float64(o.Span[len(o.Span)-1])
			}
		case o.Structure == model.Lattice && know.Whom == "":
			know.Off, know.Whom = "", o.Name
			know.Value = 1 - math.Exp(-cfg.Work.Theta*o.Team.Knowledge)
			if len(o.Team.DomainKnowledge) > 0 {
				know.Off = "the lattice's teams have knowledge per domain in this scenario"
			}
		}
	}
	interim := slider{ID: "interim", Label: "an interim works at", Min: minInterim, Max: maxInterim, Step: 0.05, Unit: "%", Value: p.interimFactor()}
	return []slider{span, know, interim}
}
