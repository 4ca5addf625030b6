package seminar

import (
	"math"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// The seminar's "hierarchy wins" scenario is the model's own like-for-like
// case (model/winners_test.go, duel "hierarchy wins": 16 teams at 0.2
// issues an hour, team decisions Exp(3 h) at full time share resolving 80
// %, a root deciding in Exp(30 min) that knows everything, hops of exactly
// 30 minutes; the lattice asks its two nearest peers and has no coaches),
// with 0.19 issues an hour instead of 0.2 (at 0.2 the lattice's teams
// would be at 84 % utilisation, above the 80 % every embedded scenario is
// calibrated to; scenarios.TestEmbeddedScenariosAreCalibratedAndRun),
// written out key by key. The test builds the duel as the model's test
// does (zero values for everything it does not set) and requires the
// scenario's key parameters to be the duel's and, what settles it, both to
// run alike: the same latencies, replication by replication. Keys the
// file writes out that have no effect here (a deadline of "inf", a
// delegation window without delegation, one domain) cannot make them
// differ; a key whose default had an effect would.
func TestHierarchyWinsScenarioIsTheModelsDuel(t *testing.T) {
	sc, err := scenarios.Embedded(HierarchyWins)
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	unit := func(c int, d model.Dist, k float64) model.UnitParams {
		return model.UnitParams{Servers: c, Decision: d, TimeShare: 1, Knowledge: k, Authority: inf, Accuracy: 1, Availability: 1}
	}
	team := unit(0, model.Exp(3), -math.Log(1-0.8))
	root := unit(1, model.Exp(0.5), inf)
	rt := model.Routing{AdviceTimeout: 1, KMax: 1, MaxDifficulty: inf, Fidelity: 1, Hop: model.Det(0.5), ApprovalAbove: inf}
	lrt := rt
	lrt.Advice, lrt.AdviceTimeout = 2, 10000
	duel := sc.Config
	duel.Work = model.Work{Teams: 16, TeamSize: 4, Rate: 0.19, Theta: 1, ScopeMin: 2, ScopeMax: 2, Radius: 1, GoodShare: 0.5, Value: model.Exp(1)}
	duel.Organisations = []model.Organisation{
		{Name: "hierarchy", Structure: model.Hierarchy, Levels: 1, Span: []int{16}, Team: team, Manager: root, Coach: root, Root: root, Routing: rt},
		{Name: "lattice", Structure: model.Lattice, PeerLinks: 2, Team: team, Manager: root, Coach: root, Root: root, Routing: lrt},
	}
	// The key parameters, as the file writes them.
	w := sc.Config.Work
	if w.Teams != 16 || w.TeamSize != 4 || w.Rate != 0.19 || w.Theta != 1 || w.CrossTeam != 0 {
		t.Errorf("work: %+v", w)
	}
	for i, o := range sc.Config.Organisations {
		d := duel.Organisations[i]
		if o.Name != d.Name || o.Structure != d.Structure || o.Levels != d.Levels || o.PeerLinks != d.PeerLinks || o.TeamsPerCoach != 0 || o.Circle ||
			o.Team.Decision != team.Decision || o.Team.TimeShare != 1 || math.Abs(o.Team.Knowledge-team.Knowledge) > 1e-12 || o.Team.KnowledgeSpread != 0 ||
			o.Root.Decision != root.Decision || !math.IsInf(o.Root.Knowledge, 1) ||
			o.Routing.Advice != d.Routing.Advice || o.Routing.Consult || o.Routing.Hop != d.Routing.Hop || o.Routing.AdviceBy != model.ByPeers {
			t.Errorf("organisation %d:\n got %+v\nwant %+v", i, o, d)
		}
	}
	// Both run alike, and the hierarchy wins: a lower p95 in every one of
	// four paired replications.
	scfg := sc.Config
	scfg.Horizon = 20 * sim.Week
	duel.Horizon = scfg.Horizon
	for rep := uint64(1); rep <= 4; rep++ {
		var p95 [2]float64
		for o := range 2 {
			res, err := model.Run(&scfg, o, rep, false)
			if err != nil {
				t.Fatal(err)
			}
			want, err := model.Run(&duel, o, rep, false)
			if err != nil {
				t.Fatal(err)
			}
			if res.Latency != want.Latency || res.Decided != want.Decided {
				t.Errorf("replication %d, %s: the scenario gives latency %+v (%d decided), the duel %+v (%d)", rep, sc.Config.Organisations[o].Name, res.Latency, res.Decided, want.Latency, want.Decided)
			}
			p95[o] = res.Latency.P95
		}
		if !(p95[0] < p95[1]) {
			t.Errorf("replication %d: p95 hierarchy %.1f h, lattice %.1f h", rep, p95[0], p95[1])
		}
	}
}
