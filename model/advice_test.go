package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/orgsim/orgsim/internal/queueing"
	"github.com/orgsim/orgsim/internal/stats"
	"github.com/orgsim/orgsim/model"
)

// adviceGroups returns a Config of groups of five teams t(5g+1) … t(5g+5)
// on a ring, in two knowledge domains: the first team of each group asks
// the other four for advice (its peer links, nearest first) and is
// weak in domain 0 and strong in domain 1, like the next two; the last two
// are the reverse. Every team's mean knowledge is (lo+hi)/2, whatever the
// spread. Only the asking teams have peers; load is light, so every reply
// comes back.
func adviceGroups(groups int, lo, hi, rho float64, m int) model.Config {
	n := 5 * groups
	cfg := qConfig(n, 1, 0.05, qScale(8000, 4000), 0)
	cfg.Metrics.KeepIssues = true
	cfg.Work.Domains = 2
	base := qUnit(1, model.Det(0.01), 1)
	base.Accuracy = 0.9
	rt := qRouting(model.Det(0.01))
	rt.Advice, rt.AdviceTimeout = m, 100
	rt.AdviceBy, rt.DirectoryAccuracy = model.ByDirectory, rho
	var units []model.UnitSpec
	for g := 0; g < groups; g++ {
		for j := 0; j < 5; j++ {
			p := base
			p.DomainKnowledge = []float64{lo, hi}
			if j >= 3 {
				p.DomainKnowledge = []float64{hi, lo}
			}
			u := model.UnitSpec{ID: fmt.Sprintf("t%d", 5*g+j+1), Role: model.RoleTeam, Params: &p}
			if j == 0 {
				for k := 1; k < 5; k++ {
					u.Peers = append(u.Peers, fmt.Sprintf("t%d", 5*g+k+1))
				}
			}
			units = append(units, u)
		}
	}
	cfg.Organisations = []model.Organisation{qExplicit(units, base, base, base, rt)}
	return cfg
}

// advisedAccuracy is the share of correct decisions among the issues the
// asking teams decided after advice.
func advisedAccuracy(r *model.Result) float64 {
	hits, n := 0, 0
	for _, is := range r.Issues {
		if is.Origin%5 != 0 || is.Class != model.ClassAdvice {
			continue
		}
		n++
		if is.Correct() {
			hits++
		}
	}
	return float64(hits) / float64(n)
}

// TestAdviceThatInforms: an asker weak in a domain asks two of four
// candidates, two of whom know that domain (knowledge hi against its lo).
// It knows a candidate's knowledge in a domain with probability ρ and
// otherwise believes the candidate's mean, (lo+hi)/2, for everyone; ties go
// to the nearer, and the experts are the farther two. So it asks no expert
// only when all four beliefs are wrong: probability (1−ρ)⁴. An expert knows
// an issue beyond lo with probability 1 − e^(−θ(hi−lo)) and is then right
// with π = 0.9; otherwise every judgement is a coin, and a coin's log-odds
// weight is 0. The asker's own judgement on these issues is a coin, 0.5. In
// its strong domain, beyond hi, nobody knows more, so advice gives 0.5.
// With e_lo = e^(−θ·lo), e_hi = e^(−θ·hi):
//
//	accuracy of advised decisions = [e_lo·A0 + e_hi·0.5] ÷ (e_lo + e_hi),
//	A0 = 0.5 + (π − 0.5)·(1 − e^(−θ(hi−lo)))·(1 − (1−ρ)⁴).
//
// With mean knowledge fixed at 1 the gain over the asker's own 0.5 grows
// with the spread between domains and with the directory's accuracy.
// SE across replications.
func TestAdviceThatInforms(t *testing.T) {
	const pi = 0.9
	reps, _ := qPlan(12, 0)
	cases := []struct{ spread, rho float64 }{{1.5, 0}, {1.5, 0.5}, {1.5, 1}, {0.5, 1}}
	got := make([]float64, len(cases))
	for i, c := range cases {
		lo, hi := 1-c.spread/2, 1+c.spread/2
		cfg := adviceGroups(30, lo, hi, c.rho, 2)
		res := qReplicate(t, &cfg, reps)
		m, se := qAcross(res, advisedAccuracy)
		eLo, eHi := math.Exp(-lo), math.Exp(-hi)
		a0 := 0.5 + (pi-0.5)*(1-math.Exp(-(hi-lo)))*(1-math.Pow(1-c.rho, 4))
		want := (eLo*a0 + eHi*0.5) / (eLo + eHi)
		qExpectClose(t, fmt.Sprintf("advised accuracy, spread %.1f, ρ %.1f", c.spread, c.rho), m, se, want, 0.005)
		got[i] = m
	}
	// The gain over the asker's own coin grows with the directory's
	// accuracy (spread 1.5) and with the spread (ρ = 1).
	if !(got[0] < got[1] && got[1] < got[2] && got[3] < got[2] && got[3] > 0.55) {
		t.Fatalf("advised accuracy does not grow with ρ (%.3f, %.3f, %.3f) and spread (%.3f, %.3f)", got[0], got[1], got[2], got[3], got[2])
	}
}

// TestAdviceCondorcet: three advisors who all know every issue and are each
// right with probability p, independently, and an asker who knows nothing:
// the log-odds-weighted majority is the plain majority of three,
// p³ + 3p²(1−p) (Condorcet). Binomial SE.
func TestAdviceCondorcet(t *testing.T) {
	const p = 0.7
	cfg := adviceGroups(30, 0, 0, 1, 3)
	cfg.Work.Domains = 1
	for i := range cfg.Organisations[0].Units {
		u := &cfg.Organisations[0].Units[i]
		q := *u.Params
		q.DomainKnowledge = nil
		q.Knowledge, q.Accuracy = qInf, p
		if i%5 == 0 {
			q.Knowledge = 0
		}
		u.Params = &q
	}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	hits, n := 0, 0
	for _, is := range res.Issues {
		if is.Origin%5 == 0 && is.Class == model.ClassAdvice {
			n++
			if is.Correct() {
				hits++
			}
		}
	}
	qExpectProportion(t, "majority of three advisors", hits, n, queueing.MajorityAccuracy(p, 3), 0.005)
}

// TestAsymmetricScreening: the approval chain t1 → m1 → root of
// TestQueueingSahStiglitz with judges that accept a good issue with
// probability g and a bad one with probability b (no longer 1 − g): a
// hierarchy ("all") accepts good issues with g³ and bad ones with b³, a
// polyarchy ("any") with 1 − (1−g)³ and 1 − (1−b)³. Binomial SE.
func TestAsymmetricScreening(t *testing.T) {
	const g, b, n = 0.8, 0.35, 3
	for _, rule := range []model.ApprovalRule{model.ApprovalAll, model.ApprovalAny} {
		t.Run(rule.String(), func(t *testing.T) {
			cfg := qConfig(1, 1, 1, qScale(40000, 10000), 0)
			cfg.Metrics.KeepIssues = true
			judge := qUnit(1, model.Exp(0.1), qInf)
			judge.AcceptGood, judge.AcceptBad = g, b
			judge.Authority = 0
			top := judge
			top.Authority = qInf
			rt := qRouting(model.Det(0))
			rt.Approval, rt.ApprovalAbove = rule, 0
			cfg.Organisations = []model.Organisation{qExplicit(qChain(), judge, judge, top, rt)}
			res, err := model.Run(&cfg, 0, 1, false)
			if err != nil {
				t.Fatal(err)
			}
			var good, goodAcc, bad, badAcc int
			for _, is := range res.Issues {
				if is.Good() {
					good++
					if is.Accepted() {
						goodAcc++
					}
				} else {
					bad++
					if is.Accepted() {
						badAcc++
					}
				}
			}
			wantGood, wantBad := queueing.HierarchyAccept(g, n), queueing.HierarchyAccept(b, n)
			if rule == model.ApprovalAny {
				wantGood, wantBad = queueing.PolyarchyAccept(g, n), queueing.PolyarchyAccept(b, n)
			}
			qExpectProportion(t, "good issues accepted", goodAcc, good, wantGood, 0.005)
			qExpectProportion(t, "bad issues accepted", badAcc, bad, wantBad, 0.005)
		})
	}
}

// TestKnowledgeSpreadKeepsTheMeanShare: spreading knowledge over domains
// keeps the mean share of issues a team resolves, so the escalation share
// the traffic equations predict still holds on average; the spread of the
// shares is σ (before clipping at 0.001 and 0.999). And a team's draws are
// the same in every organisation.
func TestKnowledgeSpreadKeepsTheMeanShare(t *testing.T) {
	const sigma = 0.1
	cfg := short()
	cfg.Work.Domains = 8
	for i := range cfg.Organisations {
		cfg.Organisations[i].Team.KnowledgeSpread = sigma
		cfg.Organisations[i].Team.Knowledge = cfg.Organisations[0].Team.Knowledge
	}
	r0, err := model.NewRunner(&cfg, 0, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	r1, err := model.NewRunner(&cfg, 1, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	var shares []float64
	for u := 0; u < cfg.Work.Teams; u++ {
		for d := 0; d < 8; d++ {
			z := r0.Knowledge(u, d)
			if z != r1.Knowledge(u, d) {
				t.Fatalf("team %d, domain %d: %v in one organisation, %v in the other", u, d, z, r1.Knowledge(u, d))
			}
			shares = append(shares, -math.Expm1(-z))
		}
	}
	m, se := stats.MeanSE(shares)
	want := -math.Expm1(-cfg.Organisations[0].Team.Knowledge)
	qExpectClose(t, "mean share resolved", m, se, want, 0.002)
	var ss float64
	for _, s := range shares {
		ss += (s - want) * (s - want)
	}
	if sd := math.Sqrt(ss / float64(len(shares))); math.Abs(sd-sigma) > 0.15*sigma {
		t.Fatalf("spread of the shares %v, want about %v", sd, sigma)
	}
}

// TestAdviseUp: a team that asks the unit above for advice, instead of
// escalating, decides every issue itself, as well as its adviser judges
// from one hop away (0.5 + (π − 0.5)·fidelity); the adviser decides none.
func TestAdviseUp(t *testing.T) {
	const pi, fid = 0.9, 0.9
	cfg := qConfig(1, 1, 0.5, qScale(60000, 15000), 0)
	cfg.Metrics.KeepIssues = true
	team := qUnit(1, model.Det(0), 0)
	coach := qUnit(1, model.Exp(0.2), qInf)
	coach.Accuracy = pi
	rt := qRouting(model.Det(0.1))
	rt.Fidelity, rt.AdviseUp, rt.AdviceTimeout = fid, true, 1000
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), team, coach, coach, rt)}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, is := range res.Issues {
		if is.Decider != 0 || is.Class != model.ClassAdvice {
			t.Fatalf("issue decided by unit %d, class %v", is.Decider, is.Class)
		}
		if is.Correct() {
			hits++
		}
	}
	if m := res.Units[1]; m.Decided != 0 || m.Advised != res.Arrived {
		t.Fatalf("the adviser decided %d and advised %d of %d", m.Decided, m.Advised, res.Arrived)
	}
	qExpectProportion(t, "accuracy with the advice from above", hits, len(res.Issues), 0.5+(pi-0.5)*fid, 0.005)
}
