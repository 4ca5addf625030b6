package safefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the name of the lock file in a locked folder.
const LockFile = ".orgsim.lock"

// Holder says who holds a lock; it is the lock file's content.
type Holder struct {
	PID     int    `json:"pid"`
	Host    string `json:"host"`
	Since   string `json:"since"` // RFC 3339, UTC
	Command string `json:"command"`
}

// String names the holder for messages: process, host, command and since
// when.
func (h Holder) String() string {
	s := fmt.Sprintf("process %d on %s", h.PID, h.Host)
	if h.Command != "" {
		s += fmt.Sprintf(" (%s)", h.Command)
	}
	if h.Since != "" {
		s += " since " + h.Since
	}
	return s
}

// LockedError reports a folder that another live process is writing into.
type LockedError struct {
	Dir    string
	Holder Holder
}

// Error names the folder, its holder and the ways out.
func (e *LockedError) Error() string {
	return fmt.Sprintf("%s is in use by %s: two runs must not write into one folder (allowed: wait for it to finish, or choose another -out folder)", e.Dir, e.Holder)
}

// Lock is a held lock on a folder; [Lock.Release] gives it back.
type Lock struct {
	path string
	// Stale, when not nil, is the dead holder whose lock this one replaced.
	Stale *Holder
}

// Acquire locks dir for the calling process, creating dir if needed;
// command says what holds it, for the messages of others. If another live
// process holds the lock, it returns a *LockedError. A lock whose holder
// ran on this host and no longer runs is stale: Acquire takes it over and
// reports the dead holder in [Lock.Stale]. A lock from another host cannot
// be checked and counts as held.
func Acquire(dir, command string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, LockFile)
	host, _ := os.Hostname()
	me := Holder{PID: os.Getpid(), Host: host, Since: time.Now().UTC().Format(time.RFC3339), Command: command}
	b, _ := json.Marshal(me)
	var stale *Holder
	for try := 0; try < 3; try++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, Mode)
		if err == nil {
			_, err = f.Write(append(b, '\n'))
			if err == nil {
				err = f.Sync()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(path)
				return nil, fmt.Errorf("cannot write %s: %w", path, err)
			}
			return &Lock{path: path, Stale: stale}, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		raw, rerr := os.ReadFile(path)
		if rerr != nil {
			if errors.Is(rerr, os.ErrNotExist) {
				continue // released meanwhile
			}
			return nil, fmt.Errorf("cannot read %s: %w", path, rerr)
		}
		var h Holder
		if json.Unmarshal(raw, &h) != nil || h.PID <= 0 {
			// Being written by its creator this instant, or damaged.
			if try < 2 {
				time.Sleep(50 * time.Millisecond)
				continue
			}
			return nil, fmt.Errorf("%s is locked by %s, which is not a lock orgsim wrote (allowed: remove that file if no orgsim is writing into %s)", dir, path, dir)
		}
		if h.Host != host || alive(h.PID) {
			return nil, &LockedError{Dir: dir, Holder: h}
		}
		// Stale: take it over, unless it changed since it was read.
		again, _ := os.ReadFile(path)
		if string(again) != string(raw) {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("cannot remove the stale lock %s: %w", path, err)
		}
		stale = &h
	}
	return nil, fmt.Errorf("cannot lock %s: the lock file keeps changing (another orgsim is starting there)", dir)
}

// Release removes the lock file. It is safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.path == "" {
		return nil
	}
	err := os.Remove(l.path)
	l.path = ""
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// StaleNote describes a stale lock that was taken over, for stderr; "" if
// none was.
func (l *Lock) StaleNote() string {
	if l == nil || l.Stale == nil {
		return ""
	}
	return fmt.Sprintf("note: took over a stale lock of %s, which no longer runs", strings.TrimSpace(l.Stale.String()))
}
