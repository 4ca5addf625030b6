package safefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Mode is the permission of every file orgsim writes: readable by all,
// writable by the owner.
const Mode os.FileMode = 0o644

// WriteFile writes data to path: to a temporary file in path's folder
// first, flushed to disk, then renamed over path. A reader sees the old
// file or the new one, never a part. On error nothing is left behind.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, filepath.Base(path), data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// writeTemp writes data to a new temporary file in dir, named after name,
// with mode [Mode], flushed to disk; it returns the temporary file's path.
func writeTemp(dir, name string, data []byte) (string, error) {
	dst := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w", dst, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(Mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("cannot write %s: %w", dst, err)
	}
	return f.Name(), nil
}

// syncDir flushes a folder's entries (the renames into it) to disk. Some
// file systems cannot sync a folder; that is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Tx writes files into one folder as a transaction: [Tx.Write] puts each
// file under a temporary name, [Tx.Commit] renames them all into place in
// the order they were written, and [Tx.Abort] (or a failed Commit) removes
// the temporary files and the folders the transaction created. A Tx is not
// safe for concurrent use.
type Tx struct {
	dir     string
	created []string // folders made by Begin, outermost first
	names   []string
	tmps    []string
	done    bool
}

// Begin starts a transaction on dir, creating dir and its missing parents.
func Begin(dir string) (*Tx, error) {
	created, err := mkdirAll(dir)
	if err != nil {
		return nil, err
	}
	return &Tx{dir: dir, created: created}, nil
}

// Dir returns the transaction's folder.
func (t *Tx) Dir() string { return t.dir }

// Write writes data under a temporary name for the file name in the
// transaction's folder. A later Write of the same name replaces it.
func (t *Tx) Write(name string, data []byte) error {
	if t.done {
		return errors.New("safefile: Write after Commit or Abort")
	}
	tmp, err := writeTemp(t.dir, name, data)
	if err != nil {
		return err
	}
	for i, n := range t.names {
		if n == name {
			os.Remove(t.tmps[i])
			t.tmps[i] = tmp
			return nil
		}
	}
	t.names = append(t.names, name)
	t.tmps = append(t.tmps, tmp)
	return nil
}

// Commit renames every written file into place, in the order written, and
// flushes the folder. If a rename fails, the files not yet renamed are
// removed and the error names the file.
func (t *Tx) Commit() error {
	if t.done {
		return errors.New("safefile: Commit after Commit or Abort")
	}
	t.done = true
	for i, name := range t.names {
		dst := filepath.Join(t.dir, name)
		if err := os.Rename(t.tmps[i], dst); err != nil {
			for _, tmp := range t.tmps[i:] {
				os.Remove(tmp)
			}
			return fmt.Errorf("cannot write %s: %w", dst, err)
		}
	}
	syncDir(t.dir)
	return nil
}

// Abort removes the temporary files and the folders Begin created (those
// still empty). It does nothing after Commit.
func (t *Tx) Abort() {
	if t.done {
		return
	}
	t.done = true
	for _, tmp := range t.tmps {
		os.Remove(tmp)
	}
	for i := len(t.created) - 1; i >= 0; i-- {
		os.Remove(t.created[i]) // only succeeds while empty
	}
}

// MkdirAll creates dir and its missing parents, like [os.MkdirAll], and
// returns the folders it created, outermost first, so that a caller can
// remove them again if what it meant to write fails.
func MkdirAll(dir string) ([]string, error) { return mkdirAll(dir) }

func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for p := filepath.Clean(dir); ; {
		if _, err := os.Lstat(p); err == nil || !errors.Is(err, os.ErrNotExist) {
			break
		}
		missing = append(missing, p)
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		p = parent
	}
	err := os.MkdirAll(dir, 0o755)
	var created []string
	for i := len(missing) - 1; i >= 0; i-- {
		if fi, e := os.Lstat(missing[i]); e == nil && fi.IsDir() {
			created = append(created, missing[i])
		}
	}
	if err != nil {
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i])
		}
		return nil, fmt.Errorf("cannot create folder %s: %w", dir, err)
	}
	return created, nil
}

// File is a file being written in the background of its final name: every
// write goes to a temporary file in the same folder, and [File.Commit]
// flushes it to disk and renames it over the final name. Until then a
// reader sees the old file (or none); after [File.Abort] or a failed
// Commit nothing is left behind. Use it for files too large to hold in
// memory, such as a trace. A File is not safe for concurrent use.
type File struct {
	path string
	f    *os.File
	err  error // the first write error
	done bool
}

// Create starts writing path. Its folder must exist.
func Create(path string) (*File, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &File{path: path, f: f}, nil
}

// Write writes p to the temporary file. After the first error every
// Write fails with it, and so does Commit.
func (w *File) Write(p []byte) (int, error) {
	if w.done {
		return 0, errors.New("safefile: Write after Commit or Abort")
	}
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.f.Write(p)
	if err != nil {
		w.err = fmt.Errorf("cannot write %s: %w", w.path, err)
	}
	return n, w.err
}

// Commit gives the file mode [Mode], flushes it to disk and renames it
// into place. On error the temporary file is removed.
func (w *File) Commit() error {
	if w.done {
		return errors.New("safefile: Commit after Commit or Abort")
	}
	w.done = true
	err := w.err
	if err == nil {
		err = w.f.Chmod(Mode)
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.path)
	}
	if err != nil {
		os.Remove(w.f.Name())
		if w.err != nil {
			return w.err
		}
		return fmt.Errorf("cannot write %s: %w", w.path, err)
	}
	syncDir(filepath.Dir(w.path))
	return nil
}

// Abort removes the temporary file. It does nothing after Commit.
func (w *File) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	os.Remove(w.f.Name())
}
