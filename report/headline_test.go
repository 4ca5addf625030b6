package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/experiment"
)

// The headline written into a folder is the one its tables give.
func TestHeadlineFromTables(t *testing.T) {
	dir := writeSynthetic(t)
	got, err := os.ReadFile(filepath.Join(dir, HeadlineFile))
	if err != nil {
		t.Fatal(err)
	}
	d, err := parseData(dir, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
	if err != nil {
		t.Fatal(err)
	}
	if again := headlineOf(d).write(); again != string(got) {
		t.Errorf("the tables give\n%s\nbut %s holds\n%s", again, HeadlineFile, got)
	}
}

// headlineCase is a synthetic outcome with the paired comparisons given.
func headlineCase(p95, recovery, accuracy, value experiment.Stat, censored [2]float64) *experiment.Outcome {
	o := &experiment.Outcome{Replications: 20, Organisations: []string{"hierarchy", "lattice"}}
	add := func(metric string, c experiment.Compare, s experiment.Stat) {
		o.Paired = append(o.Paired, experiment.PairedRow{Metric: metric, A: "hierarchy", B: "lattice", Compare: c, Stat: s})
	}
	add("latency_p95", experiment.Ratio, p95)
	add("recovery_time_d1", experiment.Difference, recovery)
	add("accuracy", experiment.Difference, accuracy)
	add("value_per_issue", experiment.Difference, value)
	for i, org := range o.Organisations {
		o.Recovery = append(o.Recovery, experiment.RecoveryRow{Organisation: org, Disruption: 0, Kind: "leader-loss", At: 800, Censored: censored[i]})
	}
	return o
}

func TestHeadlineWording(t *testing.T) {
	st := func(m, lo, hi float64) experiment.Stat { return experiment.Stat{Mean: m, Low: lo, High: hi, N: 20} }
	for _, c := range []struct {
		name string
		o    *experiment.Outcome
		want string
	}{
		{"the default's shape",
			headlineCase(st(3.6, 3.29, 3.92), st(1090, 1025, 1155), st(0.002, 0.001, 0.003), st(-0.0123, -0.02, -0.004), [2]float64{0.6, 0}),
			"Over 20 replications paired on the same issues, the lattice is faster at p95: the hierarchy's p95 latency is 3.6 times the lattice's (95 % interval [3.29, 3.92]). " +
				"The lattice recovers sooner from the leader loss in week 20 (by at least 1,025 h at 95 % confidence; the hierarchy had not recovered by the horizon in 60 % of replications); " +
				"the hierarchy is more accurate by 0.2 percentage points (95 % interval [0.1, 0.3]), and the lattice delivers 0.0123 more value per issue (95 % interval [0.004, 0.02]).\n"},
		{"the other way round, nothing censored",
			headlineCase(st(0.5, 0.4, 0.625), st(-30, -40, -20), st(-0.01, -0.02, -0.005), st(0.1, 0.05, 0.15), [2]float64{0, 0}),
			"Over 20 replications paired on the same issues, the hierarchy is faster at p95: the lattice's p95 latency is 2 times the hierarchy's (95 % interval [1.6, 2.5]). " +
				"The hierarchy recovers sooner from the leader loss in week 20 (by 30 h, 95 % interval [20, 40]); " +
				"the lattice is more accurate by 1 percentage point (95 % interval [0.5, 2]), and the hierarchy delivers 0.1 more value per issue (95 % interval [0.05, 0.15]).\n"},
		{"nothing resolved",
			headlineCase(st(1.02, 0.97, 1.07), st(5, -3, 13), st(0.001, -0.002, 0.004), st(0, -0.01, 0.01), [2]float64{0, 0}),
			"Over 20 replications paired on the same issues, neither is measurably faster at p95: the hierarchy's p95 latency is 1.02 times the lattice's (95 % interval [0.97, 1.07]). " +
				"Neither recovers measurably sooner from the leader loss in week 20 (difference 5 h, 95 % interval [−3, 13]); " +
				"accuracy does not differ measurably (hierarchy − lattice: 0.1 percentage points, 95 % interval [−0.2, 0.4]), and value per issue does not differ measurably (hierarchy − lattice: 0, 95 % interval [−0.01, 0.01]).\n"},
		// The lattice looks sooner, but some of its runs never recovered:
		// their times are lower bounds, and no direction is claimed.
		{"sooner, but censored",
			headlineCase(st(3.6, 3.29, 3.92), st(500, 400, 600), st(0.002, 0.001, 0.003), st(0, -1, 1), [2]float64{0.6, 0.1}),
			"Neither recovers measurably sooner from the leader loss in week 20 (difference 500 h, 95 % interval [400, 600])"},
	} {
		got := Headline(c.o)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	// One replication gives no interval and no claim.
	one := headlineCase(experiment.Stat{Mean: 3.6, Low: math.NaN(), High: math.NaN(), N: 1}, experiment.Stat{Mean: 1, Low: math.NaN(), High: math.NaN(), N: 1},
		experiment.Stat{Mean: 0, Low: math.NaN(), High: math.NaN(), N: 1}, experiment.Stat{Mean: 0, Low: math.NaN(), High: math.NaN(), N: 1}, [2]float64{0, 0})
	one.Replications = 1
	if got := Headline(one); !strings.Contains(got, "Over 1 replication paired on the same issues, neither is measurably faster at p95: the hierarchy's p95 latency is 3.6 times the lattice's (no interval: fewer than two replications).") {
		t.Errorf("one replication: %s", got)
	}
}

func TestHnum(t *testing.T) {
	for x, want := range map[float64]string{
		3.6: "3.6", 3.2917: "3.29", 1025.4: "1,025", 65546: "65,546", 1234567: "1,234,567",
		-0.0123: "−0.0123", 0.000012345: "0.0000123", 0: "0", math.Inf(1): "∞",
	} {
		if got := hnum(x); got != want {
			t.Errorf("hnum(%v) = %q, want %q", x, got, want)
		}
	}
}
