package report

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestMetricBetter(t *testing.T) {
	for m, want := range map[string]better{
		"latency_p95": betterLower, "resilience_loss_d1": betterLower, "recovery_time_d12": betterLower,
		"effort_hours_per_decision": betterLower, "accuracy": betterHigher, "value_per_issue": betterHigher,
		"recovered_d1": betterHigher, "members_present": betterUnknown,
	} {
		if got := metricBetter(m); got != want {
			t.Errorf("%s: %d, want %d", m, got, want)
		}
	}
}

func TestCellVerdict(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		v    ci
		b    better
		want verdict
	}{
		{ci{0.3, 0.1, 0.5}, betterLower, verdictOther},  // the first is larger: worse
		{ci{0.3, 0.1, 0.5}, betterHigher, verdictFirst}, // larger: better
		{ci{-0.3, -0.5, -0.1}, betterLower, verdictFirst},
		{ci{0.3, 0.1, 0.5}, betterUnknown, verdictFirst},
		{ci{0.3, -0.1, 0.5}, betterLower, verdictNeither},
		{ci{0, 0, 0}, betterLower, verdictNeither},
		{ci{0.3, nan, nan}, betterLower, verdictNeither}, // no interval: undecided
		{ci{nan, nan, nan}, betterLower, verdictNone},
	} {
		if got := cellVerdict(c.v, c.b); got != c.want {
			t.Errorf("%+v, %d: %d, want %d", c.v, c.b, got, c.want)
		}
	}
}

// TestFrontierCounts counts the verdicts of the golden frontier case:
// every log-ratio and difference cell is judged once.
func TestFrontierCounts(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sweepGoldenDir, "frontier", SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	d, err := parseSweepFig("summary.csv", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"latency_p95", "resilience_loss_d1"} {
		f, n, o := d.frontierCounts(m)
		if f+n+o != len(d.points) || len(d.points) != 12 {
			t.Errorf("%s: %d + %d + %d verdicts for %d points", m, f, n, o, len(d.points))
		}
		if _, ratio, ok := d.frontierPair(m); !ok || ratio != (m == "latency_p95") {
			t.Errorf("%s: log-ratio %v, found %v", m, ratio, ok)
		}
	}
}
