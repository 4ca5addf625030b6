package docking

import (
	"go/parser"
	"go/token"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/scenarios"
	"gonum.org/v1/gonum/stat/distuv"
)

// The docking scenario, testdata/docking.toml: the presets' hierarchy and
// lattice on the default work of 49 teams, without disruptions — the
// default comparison of docs/model.md §10. The re-implementation builds
// the same from the description (defaultWork, presetHierarchy,
// presetLattice in odd_test.go); the scenario file sets only the presets
// and the number of teams, so both sides take every other number from the
// presets' table, §2.9.
const scenarioFile = "testdata/docking.toml"

// Replications on each side. Both implementations give every replication
// its own random numbers, so the two samples are independent. At 40 the
// 95 % half-widths are under 1 % of mean latency and about 0.1 % of
// accuracy, so the test sees a bias of about 0.1 h in latency or 0.003 in
// accuracy. Mutating odd_test.go by hand showed it catches a way back of
// one hop instead of h_j (latency −0.2 h), judgement without the fidelity
// loss (accuracy +0.011) and a fork that joins at its first reply; it does
// not see replies judged at 0 hops instead of 1, or a directory that always
// knows its candidates: their effects are below its resolution.
const (
	replications      = 40
	shortReplications = 12
)

// zTolerance is how far apart, in standard errors of their difference,
// the two means may be: |a − b| ≤ z·√(se_a² + se_b²). With z = 3 and
// normal sample means a correct re-implementation fails one comparison
// with probability about 0.3 % (a little more with the t-distributed
// standard errors of a few dozen replications, about 0.4 %), so the four
// comparisons together raise a false alarm about 1.5 % of the time over
// seeds; the seeds are fixed, so a passing test stays passing until the
// model or the re-implementation changes.
const zTolerance = 3

// maxRelHalfWidth bounds each 95 % half-width relative to its mean, so
// that agreement means something: intervals wide enough to hold anything
// would make the test unable to fail.
const maxRelHalfWidth = 0.05

// stat is a mean with its standard error over replications.
type stat struct {
	mean, se float64
	n        int
}

func (s stat) String() string {
	h := tQuantile975(s.n-1) * s.se
	return strconv.FormatFloat(s.mean, 'f', 4, 64) + " ± " + strconv.FormatFloat(h, 'f', 4, 64) +
		" (n=" + strconv.Itoa(s.n) + ")"
}

func meanSE(x []float64) stat {
	n := float64(len(x))
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= n
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return stat{mean: m, se: math.Sqrt(ss / (n - 1) / n), n: len(x)}
}

// tQuantile975 is Student's t 0.975-quantile for df degrees of freedom.
func tQuantile975(df int) float64 {
	if df < 1 {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
}

// reference runs the scenario with the real program through its public
// packages and returns, per organisation, its metrics' statistics.
func reference(t *testing.T, reps int) map[string]map[string]stat {
	t.Helper()
	sc, err := scenarios.Load(scenarioFile)
	if err != nil {
		t.Fatal(err)
	}
	out, err := experiment.Run(sc.Name, &sc.Config, experiment.Options{Replications: reps, Only: -1})
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]map[string]stat{}
	for _, row := range out.Summary {
		if res[row.Organisation] == nil {
			res[row.Organisation] = map[string]stat{}
		}
		// The interval is mean ∓ t·se: recover the standard error.
		se := (row.High - row.Low) / 2 / tQuantile975(row.N-1)
		res[row.Organisation][row.Metric] = stat{mean: row.Mean, se: se, n: row.N}
	}
	return res
}

// independent runs the re-implementation: reps replications of each
// organisation, spread over the CPUs.
func independent(reps int) map[string]map[string]stat {
	w := defaultWork()
	orgs := []orgSpec{presetHierarchy(w), presetLattice(w)}
	runs := make([][]runStats, len(orgs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for oi := range orgs {
		runs[oi] = make([]runStats, reps)
		for r := 0; r < reps; r++ {
			wg.Add(1)
			go func(oi, r int) {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				// Seeds of our own, unrelated to the model's.
				runs[oi][r] = runOnce(w, orgs[oi], 0x646f636b696e67, uint64(oi)<<32|uint64(r))
			}(oi, r)
		}
	}
	wg.Wait()
	res := map[string]map[string]stat{}
	for oi, o := range orgs {
		col := func(f func(runStats) float64) stat {
			x := make([]float64, reps)
			for r := range x {
				x[r] = f(runs[oi][r])
			}
			return meanSE(x)
		}
		res[o.name] = map[string]stat{
			"latency_mean":          col(func(s runStats) float64 { return s.latencyMean }),
			"accuracy":              col(func(s runStats) float64 { return s.accuracy }),
			"escalation_rate":       col(func(s runStats) float64 { return s.escalation }),
			"wait_mean":             col(func(s runStats) float64 { return s.waitMean }),
			"service_mean":          col(func(s runStats) float64 { return s.serviceMean }),
			"comm_mean":             col(func(s runStats) float64 { return s.commMean }),
			"messages_per_decision": col(func(s runStats) float64 { return s.msgsPerIssue }),
			"decision_share_team":   col(func(s runStats) float64 { return s.shareTeam }),
			"decision_share_middle": col(func(s runStats) float64 { return s.shareMiddle }),
			"decision_share_top":    col(func(s runStats) float64 { return s.shareTop }),
		}
	}
	return res
}

// TestDocking compares the real program with the re-implementation on the
// docking scenario: mean latency and accuracy of each organisation must
// agree within zTolerance standard errors, on intervals narrow enough to
// mean something.
func TestDocking(t *testing.T) {
	reps := replications
	if testing.Short() {
		reps = shortReplications
	}
	if v := os.Getenv("DOCKING_REPLICATIONS"); v != "" {
		// A deeper look, by hand: DOCKING_REPLICATIONS=400 go test -v ./docking
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 {
			t.Fatalf("DOCKING_REPLICATIONS=%q: want an integer ≥ 2", v)
		}
		reps = n
	}
	start := time.Now()
	ref := reference(t, reps)
	mid := time.Now()
	ind := independent(reps)
	t.Logf("%d replications each: the model in %v, the re-implementation in %v",
		reps, mid.Sub(start).Round(time.Millisecond), time.Since(mid).Round(time.Millisecond))

	asserted := []string{"latency_mean", "accuracy"}
	diagnostic := []string{"wait_mean", "service_mean", "comm_mean", "escalation_rate",
		"messages_per_decision", "decision_share_team", "decision_share_middle", "decision_share_top"}
	for _, org := range []string{"hierarchy", "lattice"} {
		if ref[org] == nil {
			t.Fatalf("the reference run has no organisation %q", org)
		}
		for _, m := range append(asserted, diagnostic...) {
			a, b := ref[org][m], ind[org][m]
			z := (a.mean - b.mean) / math.Hypot(a.se, b.se)
			t.Logf("%-9s %-22s model %s   independent %s   z = %+.2f", org, m, a, b, z)
		}
		for _, m := range asserted {
			a, b := ref[org][m], ind[org][m]
			for _, s := range []struct {
				who string
				st  stat
			}{{"model", a}, {"independent", b}} {
				if s.st.n < 2 || math.IsNaN(s.st.mean) {
					t.Fatalf("%s %s: %s has no interval", org, m, s.who)
				}
				if h := tQuantile975(s.st.n-1) * s.st.se; h > maxRelHalfWidth*math.Abs(s.st.mean) {
					t.Errorf("%s %s: the %s interval is too wide to dock (half-width %.4g > %.0f %% of %.4g)",
						org, m, s.who, h, 100*maxRelHalfWidth, s.st.mean)
				}
			}
			if d, tol := math.Abs(a.mean-b.mean), zTolerance*math.Hypot(a.se, b.se); d > tol {
				t.Errorf("%s %s: the model gives %s, the re-implementation from docs/model.md %s: "+
					"|difference| %.4g > %g·se %.4g", org, m, a, b, d, float64(zTolerance), tol)
			}
		}
	}
}

// TestIndependentImports checks that the re-implementation shares no code
// with the model: odd_test.go imports only the standard library.
func TestIndependentImports(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "odd_test.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if first := strings.SplitN(path, "/", 2)[0]; strings.Contains(first, ".") {
			t.Errorf("odd_test.go imports %s: the re-implementation must use the standard library only", path)
		}
	}
}
