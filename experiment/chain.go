package experiment

import (
	"fmt"

	"github.com/orgsim/orgsim/model"
)

// runChain runs organisation org of plan for replication rep: the full
// run and, when the scenario has disruptions, its undisturbed twin and the
// runs with only the first k disruptions to strike (k = 1 … K−1), so that
// each disruption is measured against the run without it and without any
// later one ([model.Attribute]): the effects add up, and an interaction is
// charged to the later disruption. It keeps at most three runs at once and
// returns the full run, the twin (nil without disruptions) and the
// resilience per disruption in scenario order.
func runChain(plan *model.Plan, org int, rep uint64) (full, twin *model.Result, rs []model.Resilience, err error) {
	full, twin, rs, _, err = runChainSignals(plan, org, rep)
	return full, twin, rs, err
}

// runChainSignals is runChain that also returns the signals it computed,
// so that the full run's signal against its twin reuses every p95 series
// the chain's comparisons measured already.
func runChainSignals(plan *model.Plan, org int, rep uint64) (full, twin *model.Result, rs []model.Resilience, sig *model.ChainSignals, err error) {
	cfg := plan.Config()
	sig = model.NewChainSignals(cfg)
	k := len(cfg.Disruptions)
	if k == 0 {
		full, err = plan.RunThrough(org, rep, 0)
		return full, nil, nil, sig, err
	}
	if twin, err = plan.RunThrough(org, rep, 0); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("undisturbed run: %w", err)
	}
	rs = make([]model.Resilience, k)
	order := cfg.Order()
	prev := twin
	for step := 1; step <= k; step++ {
		cur, err := plan.RunThrough(org, rep, step)
		if err != nil {
			if step < k {
				return nil, nil, nil, nil, fmt.Errorf("run with the first %d disruption(s): %w", step, err)
			}
			return nil, nil, nil, nil, err
		}
		r, err := sig.AttributeStep(step, prev, cur)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		rs[order[step-1]] = r
		prev = cur
	}
	return prev, twin, rs, sig, nil
}
