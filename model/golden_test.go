package model_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

var updateGolden = flag.Bool("update", false, "rewrite model/testdata/golden.txt")

// goldenCases are runs whose every issue record and metric is fixed by a
// hash: the default comparison under each kind of disruption, and a
// tandem with an approval chain. A mechanism added with its neutral
// settings must leave every hash as it is; a deliberate change of the
// model's behaviour regenerates them (go test ./model -run Golden
// -update), bumps model.Version and goes into CHANGELOG.md.
func goldenCases() map[string]model.Config {
	out := map[string]model.Config{}
	base := neutral(short())
	base.Horizon = 14 * sim.Week
	add := func(name string, ds ...model.Disruption) {
		cfg := base
		cfg.Disruptions = ds
		out[name] = cfg
	}
	add("undisturbed")
	leaderLoss := func(at float64, sel string) model.Disruption {
		d := model.DefaultLeaderLoss(at, sel)
		d.KnowledgeStart, d.RampStart = 1, 0.5
		return d
	}
	add("leader-interim", leaderLoss(6*sim.Week, "root"))
	ll := leaderLoss(6*sim.Week, "level:1")
	ll.Policy = model.SkipLevel
	add("leader-skip", ll)
	ll.Policy, ll.Selector = model.Freeze, "random-manager"
	add("leader-freeze", ll)
	add("member-loss", model.Disruption{Kind: model.MemberLoss, At: 5 * sim.Week, Until: 9 * sim.Week, Team: "t3", Realloc: sim.Week})
	add("attrition", model.Disruption{Kind: model.Attrition, At: 4 * sim.Week, Rate: 3 / sim.Year, Vacancy: 2 * sim.Week, Realloc: sim.Week, RampStart: 0.5, RampTau: 200})
	add("surge", model.Disruption{Kind: model.Surge, At: 6 * sim.Week, Until: 7 * sim.Week, Factor: 2})
	add("shock-slowdown",
		model.Disruption{Kind: model.KnowledgeShock, At: 6 * sim.Week, Theta: 0.7},
		model.Disruption{Kind: model.Slowdown, At: 8 * sim.Week, Until: 9 * sim.Week, Factor: 2})

	cfg := qConfig(1, 1, 1, 3000, 0)
	judge := qUnit(1, model.Exp(0.1), qInf)
	judge.Accuracy, judge.Authority = 0.7, 0
	top := judge
	top.Authority = qInf
	rt := qRouting(model.LogNormMedian(0.2, 1))
	rt.Approval, rt.ApprovalAbove = model.ApprovalAll, 0
	cfg.Organisations = []model.Organisation{qExplicit(qChain(), judge, judge, top, rt)}
	cfg.Metrics.KeepIssues = true
	out["approval-chain"] = cfg
	return out
}

// neutral returns cfg with every mechanism added since the golden hashes
// were made at its neutral setting, whatever the presets now switch on: one
// knowledge domain without spread, advice to the nearest peers, no tacit
// know-how, successors who know what the leader knew.
func neutral(cfg model.Config) model.Config {
	cfg.Work.Domains = 1
	cfg.Organisations = append([]model.Organisation(nil), cfg.Organisations...)
	for i := range cfg.Organisations {
		o := &cfg.Organisations[i]
		for _, p := range []*model.UnitParams{&o.Team, &o.Manager, &o.Coach, &o.Root} {
			p.KnowledgeSpread = 0
		}
		o.Tacit = 0
		o.Routing.AdviceBy, o.Routing.AdviceRadius, o.Routing.DirectoryAccuracy, o.Routing.HopCost = model.ByPeers, 0, 0, 0
	}
	return cfg
}

// resultHash hashes every issue record and the scalar metrics of a run.
func resultHash(r *model.Result) string {
	h := sha256.New()
	w := func(xs ...float64) {
		for _, x := range xs {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
			h.Write(b[:])
		}
	}
	for _, is := range r.Issues {
		w(float64(is.Key), is.Arrival, is.Latency, float64(is.Wait), float64(is.Service), float64(is.Comm),
			float64(is.Value), float64(is.Origin), float64(is.Decider), float64(is.Messages), float64(is.Esc),
			float64(is.Class), float64(is.Flags), float64(is.Helper), float64(is.Effort))
	}
	w(r.Latency.Mean, r.Latency.P95, r.MeanBacklog, float64(r.PeakBacklog), r.Accuracy, r.TypeI, r.TypeII,
		r.Messages, r.EscalationRate, r.MaxUtil, r.GiniUtil, r.ValuePerIssue, r.HelperHours, r.EffortHours, r.MembersPresent)
	for _, u := range r.Units {
		w(u.Utilisation, u.MeanQueue, float64(u.PeakQueue), float64(u.Decided), float64(u.Served))
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// TestGoldenOutputs runs the golden cases for every organisation, disturbed
// and undisturbed, and compares their hashes with testdata/golden.txt.
func TestGoldenOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the golden cases in full")
	}
	cases := goldenCases()
	var names []string
	for n := range cases {
		names = append(names, n)
	}
	slices.Sort(names)
	var lines []string
	for _, n := range names {
		cfg := cases[n]
		for org := range cfg.Organisations {
			for _, undisturbed := range []bool{false, true} {
				if undisturbed && len(cfg.Disruptions) == 0 {
					continue
				}
				res, err := model.Run(&cfg, org, 7, undisturbed)
				if err != nil {
					t.Fatalf("%s/%s: %v", n, cfg.Organisations[org].Name, err)
				}
				lines = append(lines, fmt.Sprintf("%s %s undisturbed=%v %s", n, cfg.Organisations[org].Name, undisturbed, resultHash(res)))
			}
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	const path = "testdata/golden.txt"
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with go test ./model -run Golden -update)", err)
	}
	if got != string(want) {
		wl := strings.Split(string(want), "\n")
		for i, l := range lines {
			if i >= len(wl) || wl[i] != l {
				t.Errorf("changed: %s (was %q)", l, at(wl, i))
			}
		}
		t.Fatalf("outputs changed for a fixed seed; if meant, regenerate with -update, bump model.Version and record it in CHANGELOG.md")
	}
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}
