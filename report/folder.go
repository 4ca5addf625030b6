package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/orgsim/orgsim/experiment"
)

// Kind says what an output folder holds.
type Kind int

// The kinds of output folder.
const (
	// Empty: the folder does not exist or holds no file orgsim writes.
	Empty Kind = iota
	// RunFolder: the results of orgsim run (manifest.json names a scenario).
	RunFolder
	// SweepFolder: a sweep's folder, finished (manifest.json names the
	// sweep) or still running (sweep.json and the journal only); a merged
	// folder is one too.
	SweepFolder
	// ShardFolder: one shard of a sweep (sweep.json names the shard).
	ShardFolder
	// UnknownFolder: files orgsim writes, but no manifest.json or sweep.json
	// that says whose they are.
	UnknownFolder
)

// String names the kind as messages do: "run folder", "sweep folder", ….
func (k Kind) String() string {
	switch k {
	case RunFolder:
		return "run folder"
	case SweepFolder:
		return "sweep folder"
	case ShardFolder:
		return "shard folder"
	case UnknownFolder:
		return "folder of orgsim results of unknown origin"
	}
	return "empty folder"
}

// Folder describes what an output folder holds, as read by [Inspect].
type Folder struct {
	Dir          string
	Kind         Kind
	Name         string // the scenario's or the sweep's name
	Hash         string // the scenario's hash (run) or the sweep's hash (sweep, shard)
	Model        string // the model version of a sweep's plan
	Replications int    // run: the replications the folder holds
	Seed         uint64
	Shard        string // shard: "i/n"
	Finished     bool   // sweep: manifest.json is written, so the results are complete
	Files        []string
}

// Describe says in a few words what the folder holds, for messages:
// `the results of scenario "default" (20 replications, seed 1)`.
func (f *Folder) Describe() string {
	switch f.Kind {
	case RunFolder:
		return fmt.Sprintf("the results of scenario %q (%d replication(s), seed %d)", f.Name, f.Replications, f.Seed)
	case SweepFolder:
		if f.Finished {
			return fmt.Sprintf("the results of sweep %q", f.Name)
		}
		return fmt.Sprintf("the unfinished journal of sweep %q", f.Name)
	case ShardFolder:
		return fmt.Sprintf("shard %s of sweep %q", f.Shard, f.Name)
	case UnknownFolder:
		return "orgsim files (" + strings.Join(f.Files, ", ") + ") without a manifest.json or sweep.json that says whose they are"
	}
	return "nothing orgsim wrote"
}

// outputNames are the files whose presence marks a folder as orgsim's.
var outputNames = []string{RunsFile, SummaryFile, TimeseriesFile, UnitsFile, LatencyFile, RecoveryFile,
	ExpectFile, StructureFile, HeadlineFile, ManifestFile, experiment.PlanFile, experiment.JournalFile}

// Inspect reads what the folder dir holds: the kind of results and whose
// they are. A folder that does not exist is Empty. manifest.json, written
// last when a folder is complete, decides first; then sweep.json.
func Inspect(dir string) (*Folder, error) {
	f := &Folder{Dir: dir}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return f, nil
	case err != nil:
		return nil, fmt.Errorf("cannot read folder %s: %w", dir, unwrapPath(err))
	case !fi.IsDir():
		return nil, fmt.Errorf("%s is a file, not a folder", dir)
	}
	for _, n := range outputNames {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			f.Files = append(f.Files, n)
		}
	}
	if len(f.Files) == 0 {
		return f, nil
	}
	if b, err := os.ReadFile(filepath.Join(dir, ManifestFile)); err == nil {
		var m struct {
			Scenario     string  `json:"scenario"`
			ScenarioHash *string `json:"scenario_hash"`
			Sweep        string  `json:"sweep"`
			SweepHash    *string `json:"sweep_hash"`
			Model        string  `json:"model"`
			Seed         uint64  `json:"seed"`
			Replications int     `json:"replications"`
		}
		if json.Unmarshal(b, &m) == nil {
			switch {
			case m.SweepHash != nil:
				f.Kind, f.Name, f.Hash, f.Model, f.Seed, f.Finished = SweepFolder, m.Sweep, *m.SweepHash, m.Model, m.Seed, true
				return f, nil
			case m.ScenarioHash != nil:
				f.Kind, f.Name, f.Hash, f.Seed, f.Replications = RunFolder, m.Scenario, *m.ScenarioHash, m.Seed, m.Replications
				return f, nil
			}
		}
	}
	if p, err := experiment.ReadPlan(dir); err == nil {
		f.Name, f.Hash, f.Model, f.Seed = p.Name, p.Hash, p.Model, p.Seed
		f.Kind = SweepFolder
		if p.Shard != "" {
			f.Kind, f.Shard = ShardFolder, p.Shard
		}
		return f, nil
	}
	f.Kind = UnknownFolder
	return f, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isSweepSummary reports whether the summary.csv at path is a sweep's
// (its first column is "point").
func isSweepSummary(path string) (bool, error) {
	fh, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer fh.Close()
	line, err := bufio.NewReader(fh).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	first, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ",")
	return first == "point", nil
}
