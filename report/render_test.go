package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
)

// filesOf reads the named files of dir.
func filesOf(t *testing.T, dir string, names []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = b
	}
	return out
}

// withProcs runs f with GOMAXPROCS set to n.
func withProcs(n int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

// TestFiguresSameOnAnyProcessors redraws a long run's figures (whose
// curves are thinned and drawn in pieces) and a sweep's with GOMAXPROCS 1,
// one figure at a time, and with GOMAXPROCS 4, several at once: the bytes
// are the same.
func TestFiguresSameOnAnyProcessors(t *testing.T) {
	if testing.Short() {
		t.Skip("draws a long run's figures twice")
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, longOutcome(2500), meta); err != nil {
		t.Fatal(err)
	}
	var figs []string
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			figs = append(figs, f+"."+ext)
		}
	}
	plotWith := func(n int) map[string][]byte {
		withProcs(n, func() {
			if err := Plot(dir); err != nil {
				t.Fatal(err)
			}
		})
		return filesOf(t, dir, figs)
	}
	one, four := plotWith(1), plotWith(4)
	for _, n := range figs {
		if len(one[n]) == 0 || !bytes.Equal(one[n], four[n]) {
			t.Errorf("%s differs between GOMAXPROCS 1 and 4 (or is empty)", n)
		}
	}

	c := sweepCases[len(sweepCases)-1] // frontier: heatmaps and frontiers too
	var sweepOne, sweepFour map[string][]byte
	withProcs(1, func() { sweepOne = filesOf(t, plotSweepCase(t, c.name), sweepFiles(c.metrics, c.heatmap)) })
	withProcs(4, func() { sweepFour = filesOf(t, plotSweepCase(t, c.name), sweepFiles(c.metrics, c.heatmap)) })
	for n, b := range sweepOne {
		if len(b) == 0 || !bytes.Equal(b, sweepFour[n]) {
			t.Errorf("sweep %s: %s differs between GOMAXPROCS 1 and 4 (or is empty)", c.name, n)
		}
	}
}

// TestRenderAllIsSequentialRender: renderAll returns, in the order of its
// jobs, the bytes render gives for each job alone, and the error of the
// first failing job in that order, even when a later one, handed out first
// for its cost, fails too.
func TestRenderAllIsSequentialRender(t *testing.T) {
	dir := writeSynthetic(t)
	d, err := parseData(dir, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
	if err != nil {
		t.Fatal(err)
	}
	var jobs []figureJob
	for _, f := range figureNames {
		for _, ext := range figureFormats {
			name := f + "." + ext
			jobs = append(jobs, figureJob{name, ext, func(c draw.Canvas) error { return figureFuncs[f](d, c) }, figureCost[name]})
		}
	}
	var got []namedFile
	withProcs(4, func() {
		if got, err = renderAll(jobs); err != nil {
			t.Fatal(err)
		}
	})
	if len(got) != len(jobs) {
		t.Fatalf("renderAll returned %d files for %d jobs", len(got), len(jobs))
	}
	for i, j := range jobs {
		want, err := render(j.format, j.draw)
		if err != nil {
			t.Fatal(err)
		}
		if got[i].name != j.name || !bytes.Equal(got[i].data, want) {
			t.Errorf("file %d: %s, want %s drawn alone", i, got[i].name, j.name)
		}
	}

	boom := errors.New("boom")
	bad := append(jobs[:2:2],
		figureJob{"a.png", "png", func(draw.Canvas) error { return boom }, 0},
		figureJob{"b.gif", "gif", func(draw.Canvas) error { return nil }, 1000})
	if _, err := renderAll(bad); !errors.Is(err, boom) || !strings.Contains(err.Error(), "a.png") {
		t.Errorf("renderAll error %v, want the first failing job's, naming a.png", err)
	}
}
