package model_test

import (
	"math"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// The benchmarks state speed in issues per second: divide by the reference
// loop's issues_per_s on the same tree, measured in alternating runs on the
// same machine (docs/performance.md). Each comes with the presets of the
// day and with every mechanism added since the golden outputs at its
// neutral setting (neutral, golden_test.go).

// referenceHierarchy is the reference hierarchy expressed in the model: a
// balanced tree of managers (span 5, 4 levels: 1 + 5 + 25 + 125) over 625
// teams; teams take no time and know nothing, so every issue climbs to the
// root; each manager is one exponential server with rate 1; the team rate
// puts the root at utilisation 0.8; hops take no time; every metric on,
// with the issues kept as orgsim run keeps them (the series for resilience,
// not a trace's full records). Its mean latency is 8.23 h.
func referenceHierarchy(issues int) model.Config {
	cfg := model.Default()
	cfg.Work.Teams = 625
	cfg.Work.Rate = 0.8 / 625
	cfg.Work.CrossTeam = 0
	cfg.Horizon = float64(issues) / 0.8
	cfg.WarmUp = 0
	cfg.Drain = cfg.Horizon
	cfg.MaxOpen = 1 << 30
	cfg.Metrics.KeepIssues = false
	o := model.DefaultHierarchy()
	o.Levels, o.Span = 4, []int{5}
	manager := model.UnitParams{
		Servers: 1, Decision: model.Exp(1), TimeShare: 1, Knowledge: 0,
		Authority: math.Inf(1), Accuracy: 0.9, Availability: 1,
	}
	o.Team = manager
	o.Team.Servers = 0
	o.Team.Decision = model.Det(0)
	o.Manager = manager
	o.Root = manager
	o.Root.Knowledge = math.Inf(1)
	o.Routing.Hop = model.Det(0)
	cfg.Organisations = []model.Organisation{o}
	return cfg
}

// benchmarkReference runs cfg (one organisation) per op, 200,000 issues,
// and reports issues per second; the plan is made once, as replications
// and sweeps make it.
func benchmarkReference(b *testing.B, cfg model.Config) {
	p, err := model.NewPlan(&cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var issues int
	for range b.N {
		res, err := p.Run(0, 0, false)
		if err != nil {
			b.Fatal(err)
		}
		issues += res.Arrived
		if math.Abs(res.Latency.Mean-8.23) > 0.5 {
			b.Fatalf("mean latency %v, want about 8.23", res.Latency.Mean)
		}
	}
	b.ReportMetric(float64(issues)/b.Elapsed().Seconds(), "issues/s")
}

// BenchmarkReferenceHierarchy runs the reference hierarchy for 200,000
// issues per op with the presets of the day and reports issues per second
// (compare with reference-loop -model hier -n 200000).
func BenchmarkReferenceHierarchy(b *testing.B) { benchmarkReference(b, referenceHierarchy(200000)) }

// BenchmarkReferenceHierarchyNeutral is BenchmarkReferenceHierarchy with
// the model's newer mechanisms neutral.
func BenchmarkReferenceHierarchyNeutral(b *testing.B) {
	benchmarkReference(b, neutral(referenceHierarchy(200000)))
}

// peakHeap runs f while sampling the heap every 20 ms, after a collection,
// and returns the highest heap and stack in use seen: the heap's spans in
// use (objects and their free slots, MemStats.HeapInuse) and the stacks
// (StackInuse). It reads them through runtime/metrics, which does not stop
// the world: runtime.ReadMemStats does, and at 50 reads a second it cost
// the timed run 5–7 % of its time (preemptions and wake-ups).
func peakHeap(f func()) uint64 {
	runtime.GC()
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		s := []metrics.Sample{
			{Name: "/memory/classes/heap/objects:bytes"},
			{Name: "/memory/classes/heap/unused:bytes"},
			{Name: "/memory/classes/heap/stacks:bytes"},
		}
		var hi uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			hi = max(hi, s[0].Value.Uint64()+s[1].Value.Uint64()+s[2].Value.Uint64())
			select {
			case <-stop:
				done <- hi
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	return <-done
}

// year100k is one working year of a 100,000-person organisation: 10,000
// teams of 10 at 2 issues per team per working day, as a hierarchy with
// span 10 (organisation 0) and as a lattice on the same teams (1), with
// the metrics orgsim run keeps: every issue's series for resilience and
// latency, not the full records of a trace.
func year100k(b *testing.B) model.Config {
	cfg, err := model.Scaled(10000, 10, 10)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Metrics.KeepIssues = false
	return cfg
}

// BenchmarkOrganisationYear100k runs one working year of a 100,000-person
// organisation (about 5 million issues), each structure with the presets
// of the day and with its newer mechanisms neutral. It reports issues per
// second (compare the hierarchy with reference-loop -model hier -span 10
// -depth 4), seconds and peak heap per organisation-year. The plan is made
// before the clock starts (see BenchmarkPlan100k). Run it with
// -benchtime=1x.
func BenchmarkOrganisationYear100k(b *testing.B) {
	base := year100k(b)
	for _, c := range []struct {
		name string
		cfg  model.Config
	}{{"presets", base}, {"neutral", neutral(base)}} {
		p, err := model.NewPlan(&c.cfg)
		if err != nil {
			b.Fatal(err)
		}
		for org, o := range c.cfg.Organisations {
			b.Run(o.Name+"-"+c.name, func(b *testing.B) {
				var peak uint64
				var issues int
				var run time.Duration
				for range b.N {
					var res *model.Result
					var err error
					peak = max(peak, peakHeap(func() {
						t0 := time.Now()
						res, err = p.Run(org, 0, false)
						run += time.Since(t0)
					}))
					if err != nil {
						b.Fatal(err)
					}
					issues += res.Arrived
					b.Logf("%s: %d issues, p95 %.1f h, max utilisation %.2f at %s", res.Organisation, res.Arrived, res.Latency.P95, res.MaxUtil, res.MaxUtilUnit)
				}
				b.ReportMetric(float64(issues)/run.Seconds(), "issues/s")
				b.ReportMetric(run.Seconds()/float64(b.N), "s/org-year")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			})
		}
	}
}

// BenchmarkPlan100k validates and compiles the 100,000-person comparison
// (two organisations of 10,000 teams): what one scenario costs before its
// first run.
func BenchmarkPlan100k(b *testing.B) {
	cfg := year100k(b)
	b.ReportAllocs()
	for range b.N {
		if _, err := model.NewPlan(&cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTreeGrowth runs a hierarchy of span 10 over 10,000 and over
// 100,000 teams on the same number of issues (about a million; the scaled
// presets, no warm-up) and reports nanoseconds per issue, so that the
// growth from one to the other compares with the reference loop's
// (reference-loop -model hier -span 10 -depth 4, then -depth 5, -n
// 1000000).
func BenchmarkTreeGrowth(b *testing.B) {
	for _, teams := range []int{10000, 100000} {
		cfg, err := model.Scaled(teams, 10, 10)
		if err != nil {
			b.Fatal(err)
		}
		cfg.Organisations = cfg.Organisations[:1]
		cfg.Metrics.KeepIssues = false
		cfg.WarmUp = 0
		cfg.Horizon = 1e6 / (float64(teams) * cfg.Work.TeamRate())
		cfg.MaxOpen = 1 << 24 // a million people hold more than the default cap's 100,000 open issues at once
		p, err := model.NewPlan(&cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(map[int]string{10000: "10k-teams", 100000: "100k-teams"}[teams], func(b *testing.B) {
			var issues int
			for range b.N {
				res, err := p.Run(0, 0, false)
				if err != nil {
					b.Fatal(err)
				}
				issues += res.Arrived
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(issues), "ns/issue")
			b.ReportMetric(float64(issues)/b.Elapsed().Seconds(), "issues/s")
		})
	}
}

// chainDefault runs the default comparison's hierarchy with the default
// scenario's two disruptions (the top leader leaves in week 20; demand
// doubles for two weeks in week 35): the twin, the run with the first
// disruption and the full run.
func chainDefault(b *testing.B) (*model.Config, []*model.Result) {
	cfg := model.Default()
	cfg.Disruptions = []model.Disruption{
		model.DefaultLeaderLoss(20*sim.Week, "root"),
		{Kind: model.Surge, At: 35 * sim.Week, Until: 37 * sim.Week, Factor: 2},
	}
	cfg.Metrics.KeepIssues = false
	p, err := model.NewPlan(&cfg)
	if err != nil {
		b.Fatal(err)
	}
	var chain []*model.Result
	for k := 0; k <= len(cfg.Disruptions); k++ {
		r, err := p.RunThrough(0, 0, k)
		if err != nil {
			b.Fatal(err)
		}
		chain = append(chain, r)
	}
	return &cfg, chain
}

// BenchmarkResilienceAnalysis is the resilience analysis of one unit of
// work of the default scenario: the attribution of each disruption and the
// full run's signal against its twin, each signal computed apart
// ("separate") or through one ChainSignals ("shared").
func BenchmarkResilienceAnalysis(b *testing.B) {
	cfg, chain := chainDefault(b)
	full := chain[len(chain)-1]
	b.Run("separate", func(b *testing.B) {
		for range b.N {
			for k := 1; k < len(chain); k++ {
				if _, err := model.AttributeStep(cfg, k, chain[k-1], chain[k]); err != nil {
					b.Fatal(err)
				}
			}
			model.Signal(cfg, full, chain[0])
		}
	})
	b.Run("shared", func(b *testing.B) {
		for range b.N {
			c := model.NewChainSignals(cfg)
			for k := 1; k < len(chain); k++ {
				if _, err := c.AttributeStep(k, chain[k-1], chain[k]); err != nil {
					b.Fatal(err)
				}
			}
			c.Signal(full, chain[0])
		}
	})
}
