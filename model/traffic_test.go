package model_test

import (
	"fmt"
	"testing"

	"github.com/orgsim/orgsim/model"
)

// TestTrafficCrossesTheRoot: in a balanced tree with branching b (a root,
// b managers, b² teams; N = 1 + b + b² units) every unit sends messages to
// uniformly chosen other units. A message's path includes the root unless
// sender and destination lie in the same subtree below the root, each of
// S = 1 + b units: the share of ordered pairs whose path crosses the root is
// 1 − b·S(S−1)/(N(N−1)) (0.769 for b = 3), the congestion at the top of a
// tree (Dodds, Watts and Sabel 2003). Binomial SE.
func TestTrafficCrossesTheRoot(t *testing.T) {
	const b = 3
	var units []model.UnitSpec
	units = append(units, model.UnitSpec{ID: "root", Role: model.RoleRoot})
	for m := 1; m <= b; m++ {
		units = append(units, model.UnitSpec{ID: fmt.Sprintf("m%d", m), Role: model.RoleManager, ReportsTo: "root"})
		for k := 1; k <= b; k++ {
			units = append(units, model.UnitSpec{ID: fmt.Sprintf("t%d", (m-1)*b+k), Role: model.RoleTeam, ReportsTo: fmt.Sprintf("m%d", m)})
		}
	}
	cfg := qConfig(b*b, 1, 0, 20000, 0)
	p := qUnit(1, model.Exp(0.1), qInf)
	cfg.Organisations = []model.Organisation{qExplicit(units, p, p, p, qRouting(model.Det(0.1)))}
	cfg.Work.Traffic = model.Traffic{Rate: 0.2, To: model.ToAnyUnit, Effort: 0.5}
	res, err := model.Run(&cfg, 0, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(1 + b + b*b)
	s := float64(1 + b)
	want := 1 - b*s*(s-1)/(n*(n-1))
	root := -1
	for i, u := range res.Units {
		if u.ID == "root" {
			root = i
		}
	}
	qExpectProportion(t, "messages whose path crosses the root", res.Units[root].Traffic, res.TrafficSent, want, 0.005)
	if res.TrafficDelivered < res.TrafficSent-10 || res.Decided != 0 {
		t.Fatalf("%d of %d messages delivered; %d decisions (messages are not decisions)", res.TrafficDelivered, res.TrafficSent, res.Decided)
	}
	if !(res.EffortHours == 0 || res.Arrived == 0) {
		t.Fatalf("effort per decision %v with no issues", res.EffortHours)
	}
	var relayHours float64
	for _, u := range res.Units {
		relayHours += u.HandsOn
	}
	if !(relayHours > 0) {
		t.Fatal("relays cost no hands-on time")
	}
}
