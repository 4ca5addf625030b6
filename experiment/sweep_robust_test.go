package experiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalled runs the small sweep into a fresh folder and returns the
// folder and the journal's lines.
func journalled(t *testing.T) (string, [][]byte) {
	t.Helper()
	sw := loadSweep(t, smallSweep)
	dir := t.TempDir()
	if _, err := RunSweep(sw, SweepOptions{Dir: dir, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	return dir, bytes.SplitAfter(b, []byte("\n"))
}

func TestJournalLinesCarryChecksums(t *testing.T) {
	dir, lines := journalled(t)
	if len(lines) != 1+12+1 || len(lines[13]) != 0 {
		t.Fatalf("journal has %d lines, want a header and 12 units", len(lines)-1)
	}
	for i, l := range lines[:13] {
		var jl journalLine
		if err := json.Unmarshal(l, &jl); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		payload := jl.Unit
		if i == 0 {
			payload = jl.Journal
		}
		if want := fmt.Sprintf("%08x", crc32Of(payload)); jl.CRC != want {
			t.Fatalf("line %d: crc32c %q, want %q", i+1, jl.CRC, want)
		}
	}
	if !bytes.HasPrefix(lines[0], []byte(`{"journal":{"sweep":"`)) || !bytes.Contains(lines[0], []byte(`"format":2}`)) {
		t.Fatalf("header line %s", lines[0])
	}
	_ = dir
}

func TestAlteredJournalLineIsRejectedWithItsLineNumber(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	dir, lines := journalled(t)
	path := filepath.Join(dir, JournalFile)
	// A valid-looking change: one digit of a value on line 5.
	l := lines[4]
	i := bytes.Index(l, []byte(`"values":{`))
	for i < len(l) && (l[i] < '1' || l[i] > '8') {
		i++
	}
	l[i]++
	os.WriteFile(path, bytes.Join(lines, nil), 0o644)
	_, err := RunSweep(sw, SweepOptions{Dir: dir, Resume: true})
	var je *JournalError
	if !errors.As(err, &je) || je.Line != 5 || !strings.HasPrefix(err.Error(), path+":5: the checksum of the unit does not match its content") {
		t.Fatalf("resume of an altered journal: %v", err)
	}
	plan, _ := ReadPlan(dir)
	if _, err := Assemble(plan, []string{dir}); !errors.As(err, &je) || je.Line != 5 {
		t.Fatalf("merge of an altered journal: %v", err)
	}

	// One flipped byte in the middle of the file, whatever it hits.
	dir2, lines2 := journalled(t)
	b := bytes.Join(lines2, nil)
	mid := len(b) / 2
	if b[mid] == '\n' {
		mid++
	}
	b[mid] ^= 0x04
	line := bytes.Count(b[:mid], []byte("\n")) + 1
	path2 := filepath.Join(dir2, JournalFile)
	os.WriteFile(path2, b, 0o644)
	_, err = RunSweep(sw, SweepOptions{Dir: dir2, Resume: true})
	if !errors.As(err, &je) || je.Line != line || !strings.HasPrefix(err.Error(), fmt.Sprintf("%s:%d: ", path2, line)) {
		t.Fatalf("flipped byte on line %d: %v", line, err)
	}
}

func TestTornLastLineIsStillDiscarded(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	dir, lines := journalled(t)
	// The last unit's line loses its end, as an interrupted write leaves it.
	cut := append(bytes.Join(lines[:12], nil), lines[12][:len(lines[12])-7]...)
	os.WriteFile(filepath.Join(dir, JournalFile), cut, 0o644)
	r, err := RunSweep(sw, SweepOptions{Dir: dir, Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ran != 1 || r.Skipped != 11 {
		t.Fatalf("ran %d, skipped %d; want the torn unit run again and 11 kept", r.Ran, r.Skipped)
	}
}

func TestJournalOfAnotherModelVersionIsRefused(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	dir, lines := journalled(t)
	h, _ := json.Marshal(header{Sweep: NewPlan(sw).Hash, Model: "orgsim-model-2020.1.1", Format: JournalFormat})
	lines[0] = encodeLine("journal", h)
	path := filepath.Join(dir, JournalFile)
	os.WriteFile(path, bytes.Join(lines, nil), 0o644)
	_, err := RunSweep(sw, SweepOptions{Dir: dir, Resume: true})
	var me *ModelVersionError
	if !errors.As(err, &me) || me.Journal != "orgsim-model-2020.1.1" || me.Running != ModelVersion {
		t.Fatalf("err = %v, want a ModelVersionError", err)
	}
	for _, want := range []string{path + " was written by model version orgsim-model-2020.1.1", "this orgsim runs model version " + ModelVersion, "start the sweep in a new -out folder"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	// -force discards it and starts again.
	r, err := RunSweep(sw, SweepOptions{Dir: dir, Resume: true, Force: true})
	if err != nil || r.Ran != 12 || r.Skipped != 0 {
		t.Fatalf("forced: %v, %+v", err, r)
	}
}

func TestOldJournalWithoutChecksumsIsRefused(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	dir := t.TempDir()
	old := fmt.Sprintf("{\"sweep\":%q,\"model\":%q}\n", NewPlan(sw).Hash, ModelVersion)
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(old), 0o644)
	_, err := RunSweep(sw, SweepOptions{Dir: dir, Resume: true})
	var je *JournalError
	if !errors.As(err, &je) || je.Line != 1 || !strings.Contains(err.Error(), "no checksums") {
		t.Fatalf("err = %v", err)
	}
}

func TestAPanicInAUnitIsRecordedNotFatal(t *testing.T) {
	sw := loadSweep(t, smallSweep)
	sweepUnitHook = func(point, rep int) {
		if point == 1 && rep == 2 {
			panic("index out of range [7] with length 7")
		}
	}
	defer func() { sweepUnitHook = nil }()
	var stacks bytes.Buffer
	r, err := RunSweep(sw, SweepOptions{Dir: t.TempDir(), Workers: 2, Stacks: &stacks})
	if err != nil {
		t.Fatal(err)
	}
	want := Failure{Point: 1, Rep: 2, Status: "failed: internal error (a bug in orgsim): panic: index out of range [7] with length 7"}
	if len(r.Failures) != 1 || r.Failures[0] != want {
		t.Fatalf("failures %+v, want %+v", r.Failures, want)
	}
	ok := 0
	for _, run := range r.Runs {
		switch {
		case run.Point == 1 && run.Rep == 2:
			if run.Status != want.Status || !math.IsNaN(run.Values[0]) {
				t.Fatalf("the failed unit's row: %+v", run)
			}
		case run.Status == "ok":
			ok++
		}
	}
	if ok != 22 || !strings.Contains(stacks.String(), "panic in point 1, replication 2") {
		t.Fatalf("%d ok rows (want 22); stacks:\n%s", ok, stacks.String())
	}
	rs := Reasons(r.Plan, r.Failures)
	if len(rs) != 1 || rs[0].String() != "1 unit(s) of point 1: "+want.Status {
		t.Fatalf("reasons %v", rs)
	}
}

func TestASweepWithNoValidPointWritesNothing(t *testing.T) {
	sw := loadSweep(t, strings.Replace(smallSweep, "values = [0.0, 0.1, 0.2]", "values = [1.5, 2.0]", 1))
	dir := filepath.Join(t.TempDir(), "out")
	s := NewSweep(sw)
	if c := s.Count(0, 1); c.Points != 2 || c.Valid != 0 || c.Units != 0 || c.Runs != 0 {
		t.Fatalf("count %+v", c)
	}
	_, err := s.Run(SweepOptions{Dir: dir})
	var ne *NoValidPointError
	if !errors.As(err, &ne) || !strings.HasPrefix(err.Error(), `none of the 2 point(s) of sweep "small" can run; nothing was run or written`+"\n  point 0: invalid: work.cross_team: ") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a sweep with no valid point created its folder")
	}
}

func TestInvalidPointsAreNotRunButListed(t *testing.T) {
	sw := loadSweep(t, strings.Replace(smallSweep, "values = [0.0, 0.1, 0.2]", "values = [0.0, 1.5, 0.2]", 1))
	s := NewSweep(sw)
	c := s.Count(0, 1)
	if c.Points != 3 || c.Valid != 2 || c.Units != 8 || c.Runs != 16 {
		t.Fatalf("count %+v, want 3 points, 2 valid, 8 units, 16 runs", c)
	}
	dir := t.TempDir()
	r, err := s.Run(SweepOptions{Dir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ran != 8 || len(r.Runs) != 3*4*2 || r.Runs[8].Status != "invalid: work.cross_team: 1.5 is not a probability" && !strings.HasPrefix(r.Runs[8].Status, "invalid: work.cross_team: ") {
		t.Fatalf("ran %d units, %d rows, point 1's status %q", r.Ran, len(r.Runs), r.Runs[8].Status)
	}
	b, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	if n := bytes.Count(b, []byte("\n")); n != 1+8 {
		t.Fatalf("journal has %d lines, want a header and the 8 units run", n)
	}
	// Resumed when finished: nothing is left to run.
	again, err := s.Run(SweepOptions{Dir: dir, Resume: true})
	if err != nil || again.Ran != 0 || again.Skipped != 8 || render(again) != render(r) {
		t.Fatalf("resumed: %v, ran %d, skipped %d", err, again.Ran, again.Skipped)
	}
}

func TestShardCountsAddUpToTheSweep(t *testing.T) {
	p := &Plan{Replications: 7, Points: make([]PlanPoint, 5)}
	for pt := range 5 {
		sum := int64(0)
		for sh := range 3 {
			n := int64(0)
			for r := range 7 {
				if p.shardOf(pt, r, 3) == sh {
					n++
				}
			}
			if got := p.ownedUnits(pt, sh, 3); got != n {
				t.Fatalf("point %d shard %d: counted %d units, owns %d", pt, sh, got, n)
			}
			sum += n
		}
		if sum != 7 {
			t.Fatalf("point %d: shards own %d units, want 7", pt, sum)
		}
	}
}

func crc32Of(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
