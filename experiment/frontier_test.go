package experiment

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/orgsim/orgsim/scenarios"
)

// TestFrontierBoundaryIsStableAcrossSeeds runs the embedded sweep frontier
// with its seed and the next, and checks its boundary: no cell and metric
// may have one seed find the hierarchy better at 95 % and the other the
// lattice (opposite signs, both intervals excluding 0).
//
// By default it runs the corners of the grid (8 points) with 4
// replications, about 13 CPU-seconds; -short skips it. With
// ORGSIM_FRONTIER_FULL=1 it runs the whole sweep twice, about 320
// CPU-seconds (give go test a -timeout to match on a busy machine):
//
//	ORGSIM_FRONTIER_FULL=1 go test ./experiment -run FrontierBoundary -v -timeout 30m
func TestFrontierBoundaryIsStableAcrossSeeds(t *testing.T) {
	full := os.Getenv("ORGSIM_FRONTIER_FULL") != ""
	if testing.Short() && !full {
		t.Skip("the two-seed comparison of the frontier's corners runs without -short")
	}
	sw, err := scenarios.OpenSweep("frontier", metricNames)
	if err != nil {
		t.Fatal(err)
	}
	if !full {
		sw = frontierCorners(sw)
		sw.Replications = 4
	}
	var runs []*SweepResult
	for _, seed := range []uint64{sw.Seed, sw.Seed + 1} {
		s := *sw
		s.Seed = seed
		r, err := RunSweep(&s, SweepOptions{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Failures) > 0 {
			t.Fatalf("seed %d: %d units failed: %v", seed, len(r.Failures), r.Failures[0])
		}
		runs = append(runs, r)
	}
	a, b := runs[0].Summary, runs[1].Summary
	if len(a) != len(b) {
		t.Fatalf("%d and %d summary rows", len(a), len(b))
	}
	decided := func(s Stat) int {
		switch {
		case s.Low > 0:
			return 1
		case s.High < 0:
			return -1
		}
		return 0
	}
	cells, same, oneUndecided, flips := 0, 0, 0, 0
	for i := range a {
		if a[i].Statistic == StatMean {
			continue
		}
		if a[i].Point != b[i].Point || a[i].Metric != b[i].Metric || a[i].Statistic != b[i].Statistic {
			t.Fatalf("row %d: %+v against %+v", i, a[i], b[i])
		}
		if a[i].Statistic == StatPairedDiff && slices.Contains(sw.Ratios, a[i].Metric) {
			continue // the log-ratio decides for this metric
		}
		cells++
		x, y := decided(a[i].Stat), decided(b[i].Stat)
		switch {
		case x == y:
			same++
		case x == 0 || y == 0:
			oneUndecided++
		default:
			flips++
			t.Errorf("point %v, %s (%s): seed %d gives [%.4g, %.4g], seed %d gives [%.4g, %.4g]",
				runs[0].Plan.Points[a[i].Point].Values, a[i].Metric, a[i].Statistic,
				sw.Seed, a[i].Low, a[i].High, sw.Seed+1, b[i].Low, b[i].High)
		}
	}
	t.Logf("%d cells × metrics: %d give the same verdict under both seeds, %d are decided under one seed only, %d flip", cells, same, oneUndecided, flips)
	if cells == 0 {
		t.Fatal("no paired rows compared")
	}
}

// frontierCorners returns sw with only the points whose every value is the
// first or the last of its axis.
func frontierCorners(sw *scenarios.Sweep) *scenarios.Sweep {
	s := *sw
	s.Points = nil
	for _, p := range sw.Points {
		corner := true
		for i, v := range p.Values {
			vs := sw.Axes[i].Values
			corner = corner && (v == vs[0] || v == vs[len(vs)-1])
		}
		if corner {
			p.Index = len(s.Points)
			s.Points = append(s.Points, p)
		}
	}
	return &s
}

// TestFrontierCornersAreCorners checks the reduced grid of -short.
func TestFrontierCornersAreCorners(t *testing.T) {
	sw, err := scenarios.OpenSweep("frontier", metricNames)
	if err != nil {
		t.Fatal(err)
	}
	c := frontierCorners(sw)
	if len(c.Points) != 1<<len(sw.Axes) {
		t.Fatalf("%d corners of %d axes", len(c.Points), len(sw.Axes))
	}
	if got := fmt.Sprint(c.Points[len(c.Points)-1].Values); got != "[0.5 4 1.4]" {
		t.Fatalf("last corner %s", got)
	}
}
