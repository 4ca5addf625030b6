package experiment

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/orgsim/orgsim/model"
)

func TestAPanicInARunIsAPanicError(t *testing.T) {
	cfg := shortConfig()
	unitHook = func(org int, rep uint64) {
		if org == 1 && rep == 1 {
			panic("boom")
		}
	}
	defer func() { unitHook = nil }()
	_, err := Run("short", cfg, Options{Replications: 2, Workers: 2, Only: -1})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" || len(pe.Stack) == 0 ||
		err.Error() != `internal error in organisation "lattice", replication 1: panic: boom` {
		t.Fatalf("err = %v", err)
	}
}

// shortConfig is the default comparison over 12 weeks on 9 teams.
func shortConfig() *model.Config {
	cfg := model.Default()
	cfg.Work.Teams = 9
	cfg.Organisations[0].Span = []int{3}
	cfg.Organisations[1].TeamsPerCoach = 9
	cfg.Horizon = 12 * 40
	cfg.WarmUp = 2 * 40
	cfg.Drain = 12 * 40
	return &cfg
}

// refusedBeforeAllocating runs Run and checks it returns a *LimitError
// at once, having allocated almost nothing.
func refusedBeforeAllocating(t *testing.T, cfg *model.Config, opt Options) *LimitError {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := Run("huge", cfg, opt)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	var le *LimitError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *LimitError", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 || took > time.Second {
		t.Fatalf("refused after allocating %d bytes in %v; want nothing allocated and at once", alloc, took)
	}
	return le
}

func TestABillionReplicationsAreRefusedBeforeAnyAllocation(t *testing.T) {
	cfg := model.Default()
	le := refusedBeforeAllocating(t, &cfg, Options{Replications: 1e9, Workers: 2, Only: -1})
	e := le.Estimate
	// 49 teams × 2 issues a day (0.25 an hour) × 2000 hours, per run.
	if e.MaxRun != 24500 || e.Issues != 2*1e9*24500 || e.Runs != 2e9 || e.Workers != 2 {
		t.Fatalf("estimate %+v", e)
	}
	msg := le.Error()
	if le.Limit != DefaultMaxMemory || !strings.HasPrefix(msg, "it would need about ") || !strings.Contains(msg, "more than the limit of 8 GiB; most of it") ||
		!strings.Contains(msg, "kept across 1000000000 replication(s) of 2 organisation(s) (to fit, lower replications, horizon, work.teams, work.rate)") {
		t.Fatalf("message %q", msg)
	}
}

func TestAMillionYearHorizonIsRefusedBeforeAnyAllocation(t *testing.T) {
	cfg := model.Default()
	cfg.Horizon = 1e6 * 2000
	le := refusedBeforeAllocating(t, &cfg, Options{Replications: 1, Workers: 1, Only: -1})
	if !le.TooManyIssues || le.Estimate.MaxRun != 49*0.25*2e9 {
		t.Fatalf("refused %+v, want for the issues of one run", le)
	}
	if msg := le.Error(); msg != "one run would simulate about 2.45e+10 issues, more than the 2147483647 one run can record (to fit, lower horizon, work.teams, work.rate)" {
		t.Fatalf("message %q", msg)
	}
	// Within what a run can record but not in memory: 100 years.
	cfg.Horizon = 100 * 2000
	le = refusedBeforeAllocating(t, &cfg, Options{Replications: 20, Workers: 8, MaxMemory: 1 << 30, Only: -1})
	if le.TooManyIssues || le.Estimate.Parts[0].Keys[len(le.Estimate.Parts[0].Keys)-1] != "-workers" {
		t.Fatalf("refused %+v, want for the runs in flight", le)
	}
}

func TestEstimateOfTheDefaultRun(t *testing.T) {
	cfg := model.Default()
	cfg.Disruptions = []model.Disruption{{Kind: model.Surge, At: 35 * 40, Until: 37 * 40, Factor: 2}}
	e := EstimateRun(&cfg, Options{Replications: 20, Workers: 2, Only: -1})
	// Per run: 24500 issues and 980 more in the two weeks of double demand;
	// the twin has no surge.
	if e.MaxRun != 25480 || e.Issues != 2*20*(25480+24500) || e.Runs != 2*20*2 {
		t.Fatalf("estimate %+v", e)
	}
	// Demand per person: 0.05 an hour × 8 members is 0.4 an hour per team.
	pp := cfg
	pp.Work.RatePerPerson = 0.05
	if got := EstimateRun(&pp, Options{Replications: 1, Only: -1}).MaxRun; math.Abs(got-49*0.4*(2000+80)) > 1e-6 {
		t.Fatalf("with rate_per_person: %v issues per run, want %v", got, 49*0.4*(2000+80))
	}
	if e.Bytes < 64<<20 || e.Bytes > 1<<30 || e.Check(0) != nil {
		t.Fatalf("the default run is estimated at %s", FormatBytes(e.Bytes))
	}
	if err := e.Check(int64(e.Bytes) - 1); err == nil {
		t.Fatal("Check passes a limit below the estimate")
	}
	if err := e.Check(-1); err != nil {
		t.Fatal("Check fails without a limit")
	}
	if got := e.Time(); got != time.Duration(2*20*(25480+24500)*2500/2) {
		t.Fatalf("time %v", got)
	}
	for _, c := range []struct {
		b    float64
		want string
	}{{512, "512 B"}, {1536, "1.5 KiB"}, {8 << 30, "8 GiB"}, {7.3 * (1 << 40), "7.3 TiB"}, {300 << 20, "300 MiB"}, {math.Inf(1), "more than can be counted"}} {
		if got := FormatBytes(c.b); got != c.want {
			t.Errorf("FormatBytes(%g) = %q, want %q", c.b, got, c.want)
		}
	}
}

func TestASweepOfABillionReplicationsIsRefusedBeforeAnyAllocation(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	sw.Replications = 1e9
	s := NewSweep(sw)
	if c := s.Count(0, 1); c.Units != 3e9 || c.Valid != 3 {
		t.Fatalf("count %+v", c)
	}
	if c := s.Count(1, 7); c.Units != 428571429 {
		t.Fatalf("shard 1 of 7 owns %d units, want 428571429", c.Units)
	}
	dir := filepath.Join(t.TempDir(), "out")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := s.Run(SweepOptions{Dir: dir, Workers: 2})
	runtime.ReadMemStats(&after)
	var le *LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "is the results assembled from the journal (to fit, lower replications (or precision.max), the axes' values)") {
		t.Fatalf("err = %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Fatalf("refused after allocating %d bytes", alloc)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the refused sweep created its folder")
	}
}

// TestSampleBytesBoundsASample keeps the memory model's size of a sample
// of a run's time series an upper bound of the model's.
func TestSampleBytesBoundsASample(t *testing.T) {
	if got := unsafe.Sizeof(model.Sample{}); got > sampleBytes {
		t.Fatalf("a model.Sample is %d bytes, the estimate counts %d", got, sampleBytes)
	}
}
