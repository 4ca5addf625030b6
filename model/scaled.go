package model

import (
	"fmt"
	"math"
)

// Scaled returns a calibrated comparison on a large organisation: teams
// teams of teamSize people at the default issue rate, a hierarchy with the
// given span over them (as many levels as one root needs) and a lattice on
// the same teams with a coach per 45 teams (Buurtzorg's ratio) under a
// circle. Knowledge and authority rise tenfold in rarity per level (teams
// resolve 70 % of issues, each level above passes on a tenth of what it
// sees), and every leader level gets as many servers (a leadership team) as
// keeps its busiest unit's baseline load at or below 0.7. Hops are as in the
// default presets.
func Scaled(teams, teamSize, span int) (Config, error) {
	cfg := Default()
	cfg.Work.Teams = teams
	cfg.Work.TeamSize = teamSize
	if teams < 2 || span < 2 {
		return cfg, fmt.Errorf("model: Scaled needs at least 2 teams and span ≥ 2")
	}
	levels := 0
	for n := teams; n > 1; n = (n + span - 1) / span {
		levels++
	}
	w := &cfg.Work
	h := DefaultHierarchy()
	h.Levels, h.Span = levels, []int{span}
	h.ManagerLevels = make([]UnitParams, levels-1)
	for l := range h.ManagerLevels {
		// The lowest managers sit at depth levels−1 and pass on 3 %, the
		// next 0.3 %, and so on: rarity grows tenfold per level.
		q := 0.3 * math.Pow(0.1, float64(levels-1-l))
		p := h.Manager
		p.Decision = LogNorm(0.2, 1)
		p.Knowledge = quantileZ(q, w.Theta)
		p.Authority = w.Value.Quantile(1 - q/3)
		h.ManagerLevels[l] = p
	}
	h.Team.Authority = w.Value.Quantile(0.9)
	l := DefaultLattice()
	l.TeamsPerCoach = 45
	l.Coach.Knowledge = math.Inf(1)
	cfg.Organisations = []Organisation{h, l}
	cfg.Work.Rate = DefaultWork().Rate
	// Give each leader level enough servers for a baseline load ≤ 0.7.
	for oi := range cfg.Organisations {
		o, err := compile(&cfg, oi)
		if err != nil {
			return cfg, err
		}
		load := offeredLoad(&cfg, o)
		spec := &cfg.Organisations[oi]
		need := map[int32]float64{} // depth → highest load with its current servers
		for u := range o.units {
			if o.units[u].role != RoleTeam {
				need[o.units[u].depth] = max(need[o.units[u].depth], load[u]*float64(o.units[u].servers))
			}
		}
		for d, x := range need {
			servers := max(1, int(math.Ceil(x/0.7)))
			switch {
			case spec.Structure == Hierarchy && d == 0:
				spec.Root.Servers = servers
			case spec.Structure == Hierarchy:
				spec.ManagerLevels[d-1].Servers = servers
			case d == 0:
				spec.Coach.Servers = max(spec.Coach.Servers, servers)
			default:
				spec.Coach.Servers = max(spec.Coach.Servers, servers)
			}
		}
	}
	return cfg, nil
}
