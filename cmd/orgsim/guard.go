package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/report"
)

// claim is an output folder held for writing: its lock, and the folders
// created for it, removed again if nothing was written.
type claim struct {
	dir     string
	lock    *safefile.Lock
	created []string
}

// claimFolder prepares dir to receive what want describes (its Kind, Name
// and Hash; Replications and Seed for a run; Shard for a shard): it
// creates dir if needed, locks it against other orgsim processes (a stale
// lock of a process that no longer runs is taken over and named on
// stderr), and refuses, unless force is set, a folder that holds results
// of another scenario or sweep, or of another kind. On error nothing is
// left behind.
func claimFolder(e *env, dir string, want report.Folder, force bool) (*claim, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output folder %s is a file, not a folder (allowed: another -out folder)", dir)
	}
	created, err := safefile.MkdirAll(dir)
	if err != nil {
		return nil, fmt.Errorf("output folder %s cannot be created: %v", dir, rootCause(err))
	}
	c := &claim{dir: dir, created: created}
	c.lock, err = safefile.Acquire(dir, e.commandLine())
	if err != nil {
		c.release(false)
		var le *safefile.LockedError
		if errors.As(err, &le) {
			return nil, err
		}
		return nil, fmt.Errorf("output folder %s is not writable: %v", dir, rootCause(err))
	}
	if note := c.lock.StaleNote(); note != "" {
		fmt.Fprintf(e.stderr, "orgsim: %s: %s\n", dir, note)
	}
	have, err := report.Inspect(dir)
	if err == nil && !force {
		err = refusal(have, &want)
	}
	if err != nil {
		c.release(false)
		return nil, err
	}
	return c, nil
}

// release gives the lock back; when nothing was written (ok false) it also
// removes the folders claimFolder created, if they are still empty.
func (c *claim) release(ok bool) {
	if c == nil {
		return
	}
	c.lock.Release()
	if !ok {
		for i := len(c.created) - 1; i >= 0; i-- {
			os.Remove(c.created[i]) // only succeeds while empty
		}
	}
}

// refusal returns why a folder holding have must not receive want, or nil.
func refusal(have, want *report.Folder) error {
	if have.Kind == report.Empty {
		return nil
	}
	same := have.Kind == want.Kind && have.Hash == want.Hash
	switch want.Kind {
	case report.RunFolder:
		same = same && have.Replications == want.Replications
	case report.ShardFolder:
		same = same && have.Shard == want.Shard
	}
	if same {
		return nil
	}
	this := describeWant(want)
	why := "writing here would replace them"
	force := "replace them"
	switch {
	case have.Kind == report.SweepFolder && want.Kind == report.SweepFolder,
		have.Kind == report.ShardFolder && want.Kind == report.ShardFolder:
		why = "its journal cannot be continued by this one"
		force = "discard its journal and start this one there"
	case have.Kind != want.Kind:
		what := map[report.Kind]string{report.RunFolder: "a run's results", report.SweepFolder: "a sweep's results", report.ShardFolder: "a shard's journal"}[want.Kind]
		why = fmt.Sprintf("it is a %s, and %s written there would overwrite its files or mix with them", have.Kind, what)
		force = "write there anyway"
	}
	other := ""
	if have.Kind == want.Kind && have.Name == want.Name {
		other = " (the same name, other settings)"
	}
	return fmt.Errorf("%s holds %s%s, not %s: %s. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to %s)",
		have.Dir, have.Describe(), other, this, why, force)
}

// describeWant says in a few words what a command is about to write.
func describeWant(w *report.Folder) string {
	switch w.Kind {
	case report.RunFolder:
		return fmt.Sprintf("this run of scenario %q (%d replication(s), seed %d)", w.Name, w.Replications, w.Seed)
	case report.ShardFolder:
		return fmt.Sprintf("this shard %s of sweep %q", w.Shard, w.Name)
	}
	return fmt.Sprintf("this sweep %q", w.Name)
}

// checkTrace checks, before anything runs, that the trace file path can be
// written: its folder must exist (or be the output folder dir, which the
// run creates) and accept a new file, and path must not be a folder.
func checkTrace(path, dir string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("-trace %s is a folder (allowed: a file path, e.g. %s)", path, filepath.Join(path, "trace.csv"))
	}
	tdir := filepath.Dir(path)
	if filepath.Clean(tdir) == filepath.Clean(dir) {
		if _, err := os.Stat(tdir); errors.Is(err, os.ErrNotExist) {
			return nil // the run creates it for its results
		}
	}
	fi, err := os.Stat(tdir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("-trace %s: the folder %s does not exist; nothing was run (allowed: a file in an existing folder, or in the -out folder)", path, tdir)
	case err != nil:
		return fmt.Errorf("-trace %s: %v", path, rootCause(err))
	case !fi.IsDir():
		return fmt.Errorf("-trace %s: %s is not a folder", path, tdir)
	}
	f, err := os.CreateTemp(tdir, ".orgsim-check-*")
	if err != nil {
		return fmt.Errorf("-trace %s: the folder %s is not writable: %v; nothing was run", path, tdir, rootCause(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// rootCause strips the path and the operation from a file-system error.
func rootCause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
