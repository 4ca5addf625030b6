package model

// EqualMechanisms makes every organisation of cfg use the first
// organisation's mechanisms, keeping each one's structure, so that a
// comparison shows what structure alone does. Equalised: the teams'
// parameters (knowledge and its spread, decision time, time share,
// accuracy and screening, availability), the tacit share, and the routing
// settings that are not structure — fidelity, hop delay, advice timeout and
// how advisors are picked, deadlines and intent, delegation, and the
// approval chain. Kept: the structure itself (levels, span, peer links,
// coaches, explicit units), the leaders' parameters (their roles differ by
// structure), and the routing that defines a structure (advice fan-out,
// consultation, k_max, the teams' difficulty ceiling).
func EqualMechanisms(cfg *Config) {
	if len(cfg.Organisations) < 2 {
		return
	}
	ref := cfg.Organisations[0]
	for i := 1; i < len(cfg.Organisations); i++ {
		o := &cfg.Organisations[i]
		o.Team = ref.Team
		o.Tacit = ref.Tacit
		rt, rr := &o.Routing, &ref.Routing
		rt.Fidelity, rt.Hop, rt.AdviceTimeout = rr.Fidelity, rr.Hop, rr.AdviceTimeout
		rt.AdviceBy, rt.AdviceRadius, rt.DirectoryAccuracy, rt.HopCost = rr.AdviceBy, rr.AdviceRadius, rr.DirectoryAccuracy, rr.HopCost
		rt.Deadline, rt.OnDeadline, rt.DeadlineEffort, rt.Intent = rr.Deadline, rr.OnDeadline, rr.DeadlineEffort, rr.Intent
		rt.DelegateAbove, rt.DelegateBelow, rt.DelegateWindow, rt.DelegateFor = rr.DelegateAbove, rr.DelegateBelow, rr.DelegateWindow, rr.DelegateFor
		rt.DelegateDifficulty, rt.DelegateAuthority = rr.DelegateDifficulty, rr.DelegateAuthority
		rt.Approval, rt.ApprovalAbove = rr.Approval, rr.ApprovalAbove
		for j := range o.Units {
			if o.Units[j].Role == RoleTeam && o.Units[j].Params != nil {
				p := ref.Team
				o.Units[j].Params = &p
			}
		}
	}
}
