package model_test

import (
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/orgsim/orgsim/model"
)

// referenceHierarchy is the reference hierarchy expressed in the model: a
// balanced tree of managers (span 5, 4 levels: 1 + 5 + 25 + 125) over 625
// teams; teams take no time and know nothing, so every issue climbs to the
// root; each manager is one exponential server with rate 1; the team rate
// puts the root at utilisation 0.8; hops take no time; all metrics on. Its
// mean latency is 8.23 h.
func referenceHierarchy(issues int) model.Config {
	cfg := model.Default()
	cfg.Work.Teams = 625
	cfg.Work.Rate = 0.8 / 625
	cfg.Work.CrossTeam = 0
	cfg.Horizon = float64(issues) / 0.8
	cfg.WarmUp = 0
	cfg.Drain = cfg.Horizon
	cfg.MaxOpen = 1 << 30
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

// BenchmarkReferenceHierarchy runs the reference hierarchy for 200,000
// issues per op and reports issues per second.
func BenchmarkReferenceHierarchy(b *testing.B) {
	cfg := referenceHierarchy(200000)
	b.ReportAllocs()
	var issues int
	for range b.N {
		res, err := model.Run(&cfg, 0, 0, false)
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

// BenchmarkOrganisationYear100k runs one working year of a 100,000-person
// organisation: 10,000 teams of 10 at 2 issues per team per working day, as
// a hierarchy with span 10 and as a lattice on the same teams (one op is
// both). It reports seconds and peak heap per organisation-year. Run it
// with -benchtime=1x.
func BenchmarkOrganisationYear100k(b *testing.B) {
	cfg, err := model.Scaled(10000, 10, 10)
	if err != nil {
		b.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	for range b.N {
		for org := range cfg.Organisations {
			runtime.GC()
			stop := make(chan struct{})
			done := make(chan uint64)
			go func() { // sample the heap while the run goes
				var m runtime.MemStats
				var hi uint64
				tick := time.NewTicker(50 * time.Millisecond)
				defer tick.Stop()
				for {
					runtime.ReadMemStats(&m)
					hi = max(hi, m.HeapInuse+m.StackInuse)
					select {
					case <-stop:
						done <- hi
						return
					case <-tick.C:
					}
				}
			}()
			res, err := model.Run(&cfg, org, 0, false)
			close(stop)
			peak = max(peak, <-done)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d issues, p95 %.1f h, max utilisation %.2f at %s", res.Organisation, res.Arrived, res.Latency.P95, res.MaxUtil, res.MaxUtilUnit)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(2*b.N), "s/org-year")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
}
