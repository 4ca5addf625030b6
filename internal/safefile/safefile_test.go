package safefile

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplacesWholeWithMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.csv")
	if err := WriteFile(p, []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("two\n")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if string(b) != "two\n" {
		t.Fatalf("content %q, want %q", b, "two\n")
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != Mode {
		t.Fatalf("mode %v, want %v", fi.Mode().Perm(), Mode)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("%d entries left in the folder, want 1 (no temporary files)", len(ents))
	}
}

func TestWriteFileIntoMissingFolderFails(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "no", "a.csv"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Fatalf("err = %v, want a 'cannot write' error", err)
	}
}

func TestTxCommitAndAbort(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "x", "y")
	tx, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a", "b", "a"} {
		if err := tx.Write(n, []byte(n+"!")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a file is in place before Commit")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Fatalf("%d files after Commit, want 2", len(ents))
	}
	tx.Abort() // no effect after Commit
	if _, err := os.Stat(filepath.Join(dir, "b")); err != nil {
		t.Fatal("Abort after Commit removed a file")
	}

	dir2 := filepath.Join(root, "p", "q")
	tx2, err := Begin(dir2)
	if err != nil {
		t.Fatal(err)
	}
	tx2.Write("c", []byte("c"))
	tx2.Abort()
	if _, err := os.Stat(filepath.Join(root, "p")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("Abort left the folders it created")
	}
}

func TestLockExcludesAndReleases(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir, "orgsim run test")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, "orgsim run other")
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() {
		t.Fatalf("second Acquire: err = %v, want a LockedError naming this process", err)
	}
	if !strings.Contains(err.Error(), "orgsim run test") {
		t.Fatalf("message %q does not name the holder's command", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(dir, "again")
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
}

func TestStaleLockIsNamedAndTakenOver(t *testing.T) {
	dir := t.TempDir()
	// A process that has exited: its pid is free (or reused, which the
	// test cannot rule out; a short-lived child makes reuse unlikely).
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot start a child process:", err)
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(Holder{PID: cmd.Process.Pid, Host: host, Since: "2026-01-01T00:00:00Z", Command: "orgsim sweep killed"})
	if err := os.WriteFile(filepath.Join(dir, LockFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(dir, "orgsim sweep -resume")
	if err != nil {
		t.Fatalf("a stale lock was not taken over: %v", err)
	}
	defer l.Release()
	if l.Stale == nil || l.Stale.PID != cmd.Process.Pid {
		t.Fatalf("Stale = %+v, want the dead holder", l.Stale)
	}
	if note := l.StaleNote(); !strings.Contains(note, "orgsim sweep killed") || !strings.Contains(note, "no longer runs") {
		t.Fatalf("note %q does not name the stale holder", note)
	}
}

func TestLockFromOtherHostIsHeld(t *testing.T) {
	dir := t.TempDir()
	b, _ := json.Marshal(Holder{PID: 1, Host: "elsewhere.example", Command: "orgsim run"})
	os.WriteFile(filepath.Join(dir, LockFile), b, 0o644)
	_, err := Acquire(dir, "orgsim run")
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.Host != "elsewhere.example" {
		t.Fatalf("err = %v, want a LockedError naming the other host", err)
	}
}

func TestCreateCommitsWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "trace.csv")
	os.WriteFile(p, []byte("old\n"), 0o600)
	f, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new "))
	if b, _ := os.ReadFile(p); string(b) != "old\n" {
		t.Fatalf("before Commit the file reads %q, want the old %q", b, "old\n")
	}
	f.Write([]byte("file\n"))
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "new file\n" || fi.Mode().Perm() != Mode {
		t.Fatalf("after Commit: %q with mode %v, want %q with %v", b, fi.Mode().Perm(), "new file\n", Mode)
	}
	g, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	g.Write([]byte("abandoned"))
	g.Abort()
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("%d entries after Abort, want 1 (no temporary file)", len(ents))
	}
	if b, _ := os.ReadFile(p); string(b) != "new file\n" {
		t.Fatalf("Abort changed the file to %q", b)
	}
	if _, err := Create(filepath.Join(dir, "missing", "x.csv")); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Fatalf("Create in a missing folder: err = %v, want a 'cannot write' error", err)
	}
}
