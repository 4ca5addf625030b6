package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/scenarios"
)

// orgsimEnv runs the command in-process with environment variables.
func orgsimEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &env{stdout: &out, stderr: &errb, args: args, getenv: func(k string) string { return vars[k] }})
	return code, out.String(), errb.String()
}

// withoutWarnings drops the scenario's warnings (worded by the scenario
// loader) from stderr, keeping the command's own messages.
func withoutWarnings(s string) string {
	var keep []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.Contains(l, ": warning: ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// copyDir copies the plain files of src into a new folder dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if b, err := os.ReadFile(filepath.Join(src, e.Name())); err == nil {
			os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// journalLines returns the lines of a sweep folder's journal.
func journalLines(t *testing.T, dir string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, experiment.JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(b, []byte("\n"))
}

// invalidFile is validate's last line for one file with problems.
const invalidFile = "orgsim validate: 1 of 1 file(s) have problems\n"

const bugReport = "This is a bug in orgsim, not a problem with your input. Please report it with the command\n" +
	"line you ran, the output of 'orgsim version' and, if you can, the scenario or sweep file.\n"

// TestFaults checks the command's answer to each fault: the exit status
// and the exact message (scenario-file wording, owned by the scenario
// loader, only by a stable part).
func TestFaults(t *testing.T) {
	root := t.TempDir()
	// One finished sweep, copied by the cases that need one.
	sweepDir := filepath.Join(root, "finished-sweep")
	if code, _, errs := orgsim(t, "sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-quiet", "-workers", "2", "-out", sweepDir); code != 0 {
		t.Fatalf("the shared sweep: exit %d: %s", code, errs)
	}
	sweepPlan, err := experiment.ReadPlan(sweepDir)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defaultHash := scenarios.Hash(sc)
	// The estimates the memory cases are refused with.
	huge := experiment.EstimateRun(&sc.Config, experiment.Options{Replications: 100000, Only: -1, Workers: 2})
	small := experiment.EstimateRun(&sc.Config, experiment.Options{Replications: sc.Replications, Only: -1, Workers: 2})
	file := filepath.Join(root, "a-file")
	writeFile(t, file, "x")
	version := fmt.Sprintf("orgsim %s\nmodel: %s\ngo: %s\ngoarch: %s (%s)\nrevision: %s\n", Version, experiment.ModelVersion, runtime.Version(), runtime.GOARCH, runtime.GOOS, revision())

	cases := []struct {
		name  string
		setup func(t *testing.T, dir string) []string // the command line; dir is the case's own path, not yet created
		env   map[string]string
		panic bool // the command panics (a test hook)
		code  int
		// stderr is the exact message (scenario warnings left out), with
		// {dir} standing for dir; prefix: only its beginning.
		stderr    string
		prefix    bool
		stdout    string   // exact when set
		stdoutHas []string // parts of stdout
		check     func(t *testing.T, dir string)
	}{
		{name: "replications-0", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-replications", "0", "-out", dir} },
			stderr: "orgsim run: -replications 0: not allowed (allowed: a whole number from 1 to 100000)\nRun 'orgsim run -h' for help.\n"},
		{name: "replications-above-the-files-bound", code: 2,
			setup: func(t *testing.T, dir string) []string {
				return []string{"run", "-replications", "100001", "-out", dir}
			},
			stderr: "orgsim run: -replications 100001: not allowed (allowed: a whole number from 1 to 100000)\nRun 'orgsim run -h' for help.\n"},
		{name: "seed-negative", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-seed", "-5", "-out", dir} },
			stderr: "orgsim run: -seed -5: not allowed (allowed: a whole number from 0 to 18446744073709551615)\nRun 'orgsim run -h' for help.\n"},
		{name: "workers-negative", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-workers", "-1", "-out", dir} },
			stderr: "orgsim run: -workers -1: not allowed (allowed: a whole number from 0 to 4096)\nRun 'orgsim run -h' for help.\n"},
		{name: "horizon-bad", code: 2,
			setup: func(t *testing.T, dir string) []string { return []string{"run", "-horizon", "bad", "-out", dir} },
			stderr: "orgsim run: -horizon bad: not allowed (allowed: a working-time duration such as 4h, 2d, 20w or 1y, more than 0 and at most 1000y)\n" +
				"Run 'orgsim run -h' for help.\n"},
		{name: "horizon-beyond-bound", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-horizon", "1000000y", "-out", dir} },
			stderr: "orgsim run: -horizon 1000000y: not allowed (allowed: a working-time duration such as 4h, 2d, 20w or 1y, more than 0 and at most 1000y)\nRun 'orgsim run -h' for help.\n"},
		{name: "max-memory-tiny", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-max-memory", "100KB", "-out", dir} },
			stderr: "orgsim run: -max-memory 100KB: not allowed (allowed: a size such as 512MiB, 8GiB or 2TiB, from 1MiB to 1PiB)\nRun 'orgsim run -h' for help.\n"},
		{name: "replication-out-of-range", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-replication", "20", "-out", dir} },
			stderr: "orgsim run: -replication 20: not allowed (allowed: a replication of this run, 0 … 19)\nRun 'orgsim run -h' for help.\n"},
		{name: "sweep-replications-0", code: 2,
			setup: func(t *testing.T, dir string) []string {
				return []string{"sweep", "sweep-surge", "-replications", "0", "-out", dir}
			},
			stderr: "orgsim sweep: -replications 0: not allowed (allowed: a whole number from 1 to 100000)\nRun 'orgsim sweep -h' for help.\n"},
		{name: "sweep-shard-bad", code: 2,
			setup: func(t *testing.T, dir string) []string {
				return []string{"sweep", "sweep-surge", "-shard", "4/4", "-out", dir}
			},
			stderr: "orgsim sweep: -shard 4/4: not allowed (allowed: i/n with 0 ≤ i < n, e.g. 0/4)\nRun 'orgsim sweep -h' for help.\n"},
		{name: "record-fps-0", code: 2,
			setup: func(t *testing.T, dir string) []string {
				return []string{"record", "-out", filepath.Join(dir, "x.gif"), "-fps", "0"}
			},
			stderr: "orgsim record: -fps 0: not allowed (allowed: a whole number from 1 to 50)\nRun 'orgsim record -h' for help.\n"},
		{name: "serve-seed-negative", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"serve", "-seed", "-1"} },
			stderr: "orgsim serve: -seed -1: not allowed (allowed: a whole number from 0 to 18446744073709551615)\nRun 'orgsim serve -h' for help.\n"},
		{name: "unknown-flag", code: 2,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-bogus"} },
			stderr: "orgsim run: flag provided but not defined: -bogus\nRun 'orgsim run -h' for help.\n"},
		{name: "out-under-a-file", code: 1,
			setup: func(t *testing.T, dir string) []string {
				return []string{"run", "-out", filepath.Join(file, "sub"), "-replications", "1"}
			},
			stderr: "orgsim run: output folder " + filepath.Join(file, "sub") + " cannot be created: not a directory\n"},
		{name: "out-is-a-file", code: 1,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-out", file, "-replications", "1"} },
			stderr: "orgsim run: output folder " + file + " is a file, not a folder (allowed: another -out folder)\n"},
		{name: "trace-into-missing-folder", code: 1,
			setup: func(t *testing.T, dir string) []string {
				return []string{"run", "-out", filepath.Join(dir, "results"), "-trace", filepath.Join(dir, "missing", "trace.csv"), "-replications", "1"}
			},
			stderr: "orgsim run: -trace {dir}/missing/trace.csv: the folder {dir}/missing does not exist; nothing was run (allowed: a file in an existing folder, or in the -out folder)\n",
			check: func(t *testing.T, dir string) {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Error("the refused run created its results folder")
				}
			}},
		{name: "another-scenarios-folder", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "manifest.json"), `{"scenario":"ceo-leaves","scenario_hash":"0123","seed":3,"replications":20}`)
				return []string{"run", "-out", dir, "-replications", "1"}
			},
			stderr: `orgsim run: {dir} holds the results of scenario "ceo-leaves" (20 replication(s), seed 3), not this run of scenario "default" (1 replication(s), seed 1): writing here would replace them. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to replace them)` + "\n",
			check: func(t *testing.T, dir string) {
				if ents, _ := os.ReadDir(dir); len(ents) != 1 {
					t.Errorf("the refused run left %d files, want the manifest alone", len(ents))
				}
			}},
		{name: "copied-scenario-same-name", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "manifest.json"), `{"scenario":"default","scenario_hash":"`+defaultHash+`","seed":1,"replications":20}`)
				return []string{"run", "-out", dir, "-seed", "2"}
			},
			stderr: `orgsim run: {dir} holds the results of scenario "default" (20 replication(s), seed 1) (the same name, other settings), not this run of scenario "default" (20 replication(s), seed 2): writing here would replace them. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to replace them)` + "\n"},
		{name: "sweep-folder-given-to-run", code: 1,
			setup: func(t *testing.T, dir string) []string {
				copyDir(t, sweepDir, dir)
				return []string{"run", "-out", dir, "-replications", "1"}
			},
			stderr: `orgsim run: {dir} holds the results of sweep "sweep-surge", not this run of scenario "default" (1 replication(s), seed 1): it is a sweep folder, and a run's results written there would overwrite its files or mix with them. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to write there anyway)` + "\n"},
		{name: "run-folder-given-to-sweep", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "manifest.json"), `{"scenario":"default","scenario_hash":"`+defaultHash+`","seed":1,"replications":20}`)
				return []string{"sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-out", dir}
			},
			stderr: `orgsim sweep: {dir} holds the results of scenario "default" (20 replication(s), seed 1), not this sweep "sweep-surge": it is a run folder, and a sweep's results written there would overwrite its files or mix with them. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to write there anyway)` + "\n"},
		{name: "shard-folder-given-to-sweep", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "sweep.json"), `{"name":"sweep-surge","hash":"`+sweepPlan.Hash+`","shard":"1/4"}`)
				return []string{"sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-out", dir}
			},
			stderr: `orgsim sweep: {dir} holds shard 1/4 of sweep "sweep-surge", not this sweep "sweep-surge": it is a shard folder, and a sweep's results written there would overwrite its files or mix with them. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to write there anyway)` + "\n"},
		{name: "another-sweeps-folder", code: 1,
			setup: func(t *testing.T, dir string) []string {
				copyDir(t, sweepDir, dir)
				return []string{"sweep", "sweep-surge", "-replications", "3", "-horizon", "30w", "-out", dir}
			},
			stderr: `orgsim sweep: {dir} holds the results of sweep "sweep-surge" (the same name, other settings), not this sweep "sweep-surge": its journal cannot be continued by this one. Nothing was run or written (allowed: choose another folder with -out DIR, or add -force to discard its journal and start this one there)` + "\n"},
		{name: "same-sweep-without-resume", code: 1,
			setup: func(t *testing.T, dir string) []string {
				copyDir(t, sweepDir, dir)
				return []string{"sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-out", dir}
			},
			stderr: "orgsim sweep: {dir}/journal.jsonl exists: add -resume to continue that sweep, choose another -out folder, or add -force to start it again from the start\n"},
		{name: "locked-folder", code: 1,
			setup: func(t *testing.T, dir string) []string {
				l, err := safefile.Acquire(dir, "orgsim sweep sweep-surge -out elsewhere")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { l.Release() })
				return []string{"run", "-out", dir, "-replications", "1"}
			},
			stderr: "orgsim run: {dir} is in use by process PID on HOST (orgsim sweep sweep-surge -out elsewhere) since SINCE: two runs must not write into one folder (allowed: wait for it to finish, or choose another -out folder)\n"},
		{name: "most-replications", code: 1,
			setup: func(t *testing.T, dir string) []string {
				return []string{"run", "-replications", "100000", "-workers", "2", "-out", dir}
			},
			stderr: fmt.Sprintf("orgsim run: not started: it would need about %s of memory, more than the limit of 8 GiB; most of it (%s) is the latencies, time series and unit values kept across 100000 replication(s) of 2 organisation(s) (to fit, lower replications, horizon, work.teams, work.rate); or raise the limit with -max-memory ",
				experiment.FormatBytes(huge.Bytes), experiment.FormatBytes(huge.Parts[0].Bytes)), prefix: true,
			check: func(t *testing.T, dir string) {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Error("the refused run created its results folder")
				}
			}},
		{name: "sweep-most-replications", code: 1,
			setup: func(t *testing.T, dir string) []string {
				return []string{"sweep", "sweep-surge", "-replications", "100000", "-out", dir}
			},
			stderr: "orgsim sweep: not started: it would need about ", prefix: true,
			check: func(t *testing.T, dir string) {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Error("the refused sweep created its folder")
				}
			}},
		{name: "dry-run-with-no-valid-point", code: 1,
			setup: func(t *testing.T, dir string) []string {
				f := dir + ".toml"
				writeFile(t, f, "name = \"hopeless\"\nbase = \"default\"\nreplications = 2\nmetrics = [\"latency_p95\"]\n\n[[axis]]\nkey = \"work.cross_team\"\nvalues = [1.5, 2.0]\n")
				return []string{"sweep", f, "-dry-run"}
			},
			stderr: "orgsim sweep: none of the 2 point(s) of sweep \"hopeless\" can run\n",
			// Both points with their reasons (worded by the scenario loader).
			stdoutHas: []string{"hopeless: 2 points (0 valid) × 2 replications = 0 units to run, 0 runs",
				"Points that cannot run (not run; runs.csv gives their status):\n  point 0 (1.5): invalid: work.cross_team: ",
				"\n  point 1 (2): invalid: work.cross_team: "}},
		{name: "max-memory-below-estimate", code: 1,
			setup: func(t *testing.T, dir string) []string {
				return []string{"run", "-max-memory", "2MiB", "-workers", "2", "-out", dir}
			},
			stderr: fmt.Sprintf("orgsim run: not started: it would need about %s of memory, more than the limit of 2 MiB; most of it (%s) is the issue records of the 2 run(s) in flight (to fit, lower horizon, work.teams, work.rate, -workers); or raise the limit with -max-memory %.0fMiB\n",
				experiment.FormatBytes(small.Bytes), experiment.FormatBytes(small.Parts[0].Bytes), math.Ceil(small.Bytes*1.1/(1<<20)))},
		{name: "journal-flipped-byte", code: 1,
			setup: func(t *testing.T, dir string) []string {
				copyDir(t, sweepDir, dir)
				lines := journalLines(t, dir)
				// A digit of a value of the unit on line 4: valid-looking, and wrong.
				l := lines[3]
				i := bytes.Index(l, []byte(`"values":{`))
				for l[i] < '1' || l[i] > '8' {
					i++
				}
				l[i]++
				writeFile(t, filepath.Join(dir, experiment.JournalFile), string(bytes.Join(lines, nil)))
				return []string{"sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-resume", "-out", dir}
			},
			stderr: "orgsim sweep: {dir}/journal.jsonl:4: the checksum of the unit does not match its content (crc32c CRC): the line was altered or damaged (allowed: remove the line and resume to run its unit again, or start the sweep in a new -out folder)\n"},
		{name: "journal-of-another-model-version", code: 1,
			setup: func(t *testing.T, dir string) []string {
				copyDir(t, sweepDir, dir)
				lines := journalLines(t, dir)
				h := fmt.Sprintf(`{"sweep":%q,"model":"orgsim-model-2020.1.1","format":2}`, sweepPlan.Hash)
				lines[0] = fmt.Appendf(nil, "{\"journal\":%s,\"crc32c\":\"%08x\"}\n", h, crc32.Checksum([]byte(h), crc32.MakeTable(crc32.Castagnoli)))
				writeFile(t, filepath.Join(dir, experiment.JournalFile), string(bytes.Join(lines, nil)))
				return []string{"sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-resume", "-out", dir}
			},
			stderr: "orgsim sweep: {dir}/journal.jsonl was written by model version orgsim-model-2020.1.1, but this orgsim runs model version " + experiment.ModelVersion +
				": its finished units would not give the numbers this model gives, so they cannot be mixed with new ones (allowed: start the sweep in a new -out folder, or run the orgsim that wrote it)\n"},
		{name: "sweep-with-no-valid-point", code: 1,
			setup: func(t *testing.T, dir string) []string {
				f := dir + ".toml"
				writeFile(t, f, "name = \"hopeless\"\nbase = \"default\"\nreplications = 2\nmetrics = [\"latency_p95\"]\n\n[[axis]]\nkey = \"work.cross_team\"\nvalues = [1.5, 2.0]\n")
				return []string{"sweep", f, "-out", dir}
			},
			stderr: "orgsim sweep: none of the 2 point(s) of sweep \"hopeless\" can run; nothing was run or written\n  point 0: invalid: work.cross_team: ", prefix: true,
			check: func(t *testing.T, dir string) {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Error("a sweep with no valid point created its folder")
				}
			}},
		{name: "plot-a-sweep-folder", code: 0,
			setup: func(t *testing.T, dir string) []string {
				// Only the CSV files: every figure is drawn again.
				os.MkdirAll(dir, 0o755)
				for _, f := range []string{"runs.csv", "summary.csv"} {
					b, _ := os.ReadFile(filepath.Join(sweepDir, f))
					writeFile(t, filepath.Join(dir, f), string(b))
				}
				return []string{"plot", dir}
			},
			stdout: "redrew the figures in {dir}\n",
			check: func(t *testing.T, dir string) {
				figs, _ := filepath.Glob(filepath.Join(sweepDir, "*.png"))
				svgs, _ := filepath.Glob(filepath.Join(sweepDir, "*.svg"))
				if len(figs) < 4 {
					t.Fatalf("the sweep drew %d PNG figures", len(figs))
				}
				for _, f := range append(figs, svgs...) {
					x, _ := os.ReadFile(f)
					y, err := os.ReadFile(filepath.Join(dir, filepath.Base(f)))
					if err != nil || !bytes.Equal(x, y) {
						t.Errorf("%s differs after orgsim plot (%v)", filepath.Base(f), err)
					}
				}
			}},
		{name: "plot-an-empty-folder", code: 1,
			setup: func(t *testing.T, dir string) []string {
				os.MkdirAll(dir, 0o755)
				return []string{"plot", dir}
			},
			stderr: "orgsim plot: {dir} holds no results to plot: no summary.csv (want a folder written by orgsim run, orgsim sweep or orgsim merge)\n"},
		{name: "plot-a-missing-folder", code: 1,
			setup:  func(t *testing.T, dir string) []string { return []string{"plot", dir} },
			stderr: "orgsim plot: {dir} is not a folder (allowed: a folder written by orgsim run, orgsim sweep or orgsim merge)\n"},
		{name: "merge-shards-of-different-sweeps", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "a", "sweep.json"), `{"name":"sweep-surge","hash":"aaaaaaaaaaaaaaaa","model":"`+experiment.ModelVersion+`","shard":"0/2"}`)
				writeFile(t, filepath.Join(dir, "b", "sweep.json"), `{"name":"sweep-knowledge","hash":"bbbbbbbbbbbbbbbb","model":"`+experiment.ModelVersion+`","shard":"1/2"}`)
				return []string{"merge", "-out", filepath.Join(dir, "m"), filepath.Join(dir, "a"), filepath.Join(dir, "b")}
			},
			stderr: "orgsim merge: {dir}/b is a shard of a different sweep (sweep-knowledge, hash bbbbbbbbbbbb) than {dir}/a (sweep-surge, hash aaaaaaaaaaaa); merge only shards of one sweep\n",
			check: func(t *testing.T, dir string) {
				if _, err := os.Stat(filepath.Join(dir, "m")); !os.IsNotExist(err) {
					t.Error("the refused merge created its folder")
				}
			}},
		{name: "merge-shard-of-another-model-version", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "a", "sweep.json"), `{"name":"sweep-surge","hash":"aaaa","model":"orgsim-model-2020.1.1","shard":"0/2"}`)
				return []string{"merge", "-out", filepath.Join(dir, "m"), filepath.Join(dir, "a")}
			},
			stderr: "orgsim merge: {dir}/a was written by model version orgsim-model-2020.1.1, but this orgsim runs model version " + experiment.ModelVersion + ": its units cannot be merged with this model's (allowed: merge with the orgsim that wrote it, or run the sweep again)\n"},
		{name: "resume-a-finished-sweep", code: 0,
			setup: func(t *testing.T, dir string) []string {
				copyDir(t, sweepDir, dir)
				return []string{"sweep", "sweep-surge", "-replications", "2", "-horizon", "30w", "-resume", "-quiet", "-out", dir}
			},
			stdout: "sweep-surge: nothing was left to run: all 10 unit(s) were already done ({dir}/journal.jsonl). 5 point(s), all valid.\nResults: {dir} (runs.csv, summary.csv, figures).\n",
			check: func(t *testing.T, dir string) {
				sameFiles(t, sweepDir, dir, "resumed when finished")
			}},
		{name: "unknown-scenario", code: 1,
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "no-such-scenario", "-out", dir} },
			stderr: `"no-such-scenario" is neither a scenario file nor an embedded scenario`, prefix: false},
		{name: "version", code: 0,
			setup:  func(t *testing.T, dir string) []string { return []string{"version"} },
			stdout: version},
		// Scenario files (the loader's own table tests every message in
		// full; these check that the command reports them with its exit
		// status).
		{name: "byte-order-mark", code: 0,
			setup: func(t *testing.T, dir string) []string {
				src, _ := scenarios.ShowSource("default")
				writeFile(t, dir+"/bom.toml", "\ufeff"+strings.ReplaceAll(string(src), "\n", "\r\n"))
				return []string{"validate", dir + "/bom.toml"}
			},
			stdoutHas: []string{"bom.toml: ok (bom: 2 organisation(s)"}},
		{name: "shown-scenario-names-its-own-folder", code: 0,
			setup: func(t *testing.T, dir string) []string {
				src, _ := scenarios.ShowSource("default")
				writeFile(t, dir+"/my.toml", string(src))
				return []string{"validate", dir + "/my.toml"}
			},
			stdoutHas: []string{"my.toml: ok (my: "}},
		{name: "name-escapes-results", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/esc.toml", "name = \"../../escaped\"\n")
				return []string{"validate", dir + "/esc.toml"}
			},
			stderr: "{dir}/esc.toml:1:1: name: \"../../escaped\" contains '.' (allowed: letters, digits, - and _, at most 100; it names the folder results/NAME/)\n    1 | name = \"../../escaped\"\n      | ^\n" +
				"{dir}/esc.toml:1:1: organisation: none given (allowed: one or more organisations)\n" + invalidFile},
		{name: "replications-in-file-beyond-range", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/r.toml", "replications = 1000000000\n")
				return []string{"validate", dir + "/r.toml"}
			},
			stderr: "{dir}/r.toml:1:1: replications: 1000000000 is not allowed (allowed: 1 … 100000)\n    1 | replications = 1000000000\n      | ^\n" +
				"{dir}/r.toml:1:1: organisation: none given (allowed: one or more organisations)\n" + invalidFile},
		{name: "horizon-in-file-beyond-range", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/h.toml", "horizon = \"1000000y\"\n")
				return []string{"run", dir + "/h.toml", "-out", dir + "/out"}
			},
			stderr: "{dir}/h.toml:1:1: horizon: \"1000000y\" is too long (allowed: > 0 and ≤ \"1000y\" (2,000,000 working hours))\n    1 | horizon = \"1000000y\"\n      | ^\n" +
				"{dir}/h.toml:1:1: organisation: none given (allowed: one or more organisations)\n",
			check: func(t *testing.T, dir string) { mustNotExist(t, dir+"/out") }},
		{name: "nested-arrays", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/n.toml", "x = "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n")
				return []string{"run", dir + "/n.toml", "-out", dir + "/out"}
			},
			stderr: "{dir}/n.toml:1:21: arrays and inline tables nested more than 16 deep (allowed: at most 16 levels of [ and {)\n    1 | x = " + strings.Repeat("[", 96) + "…\n      |                     ^\n",
			check:  func(t *testing.T, dir string) { mustNotExist(t, dir+"/out") }},
		{name: "nested-inline-tables", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/n.toml", "x = "+strings.Repeat("{a=", 50000)+"1"+strings.Repeat("}", 50000)+"\n")
				return []string{"validate", dir + "/n.toml"}
			},
			stderr: "{dir}/n.toml:1:39: a key path of more than 12 parts (allowed: at most 12, counting its [table] header, enclosing inline tables and dotted parts; organisation.team.knowledge is 3)\n    1 | x = " +
				strings.Repeat("{a=", 32) + "…\n      |                                       ^\n" + invalidFile},
		{name: "dotted-header-of-20000-parts", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/d.toml", "["+strings.Repeat("a.", 19999)+"a]\n")
				return []string{"validate", dir + "/d.toml"}
			},
			stderr: "{dir}/d.toml:1:25: a key path of more than 12 parts (allowed: at most 12, counting its [table] header, enclosing inline tables and dotted parts; organisation.team.knowledge is 3)\n    1 | [" +
				strings.Repeat("a.", 49) + "a…\n      |                         ^\n" + invalidFile},
		{name: "four-mistakes-all-reported", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/f.toml", "replicatons = 5\n[work]\nteams = -3\nrate = 4\n[[organisation]]\npreset = \"hierachy\"\n")
				return []string{"validate", dir + "/f.toml"}
			},
			stderr: "{dir}/f.toml:1:1: replicatons: unknown key (did you mean \"replications\"? allowed in the top level: name, description, seed, replications, horizon, warm_up, drain, max_open, work, metrics, organisation, disruption, expect)\n    1 | replicatons = 5\n      | ^\n" +
				"{dir}/f.toml:3:1: work.teams: -3 is not allowed (allowed: 1 … 1000000)\n    3 | teams = -3\n      | ^\n" +
				"{dir}/f.toml:4:1: work.rate: found integer 4 (allowed: a rate: a number per working-time unit, such as \"2/d\", \"0.25/h\" or \"10/w\")\n    4 | rate = 4\n      | ^\n" +
				"{dir}/f.toml:6:1: organisation[0].preset: \"hierachy\" is not allowed (did you mean \"hierarchy\"? allowed: \"hierarchy\", \"lattice\", \"explicit\")\n    6 | preset = \"hierachy\"\n      | ^\n" + invalidFile},
		{name: "top-level-key-after-a-table", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/a.toml", "[[disruption]]\nkind = \"surge\"\nat = \"20w\"\nreplications = 5\n")
				return []string{"validate", dir + "/a.toml"}
			},
			stderr: "{dir}/a.toml:1:1: organisation: none given (allowed: one or more organisations)\n" +
				"{dir}/a.toml:4:1: disruption[0].replications: unknown key in [[disruption]]: replications is a top-level key, so write it before the first [table] (TOML puts every key after a [table] header into that table)\n    4 | replications = 5\n      | ^\n" + invalidFile},
		{name: "work-key-at-the-top", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/t.toml", "teams = 60\n")
				return []string{"validate", dir + "/t.toml"}
			},
			stderr: "{dir}/t.toml:1:1: teams: unknown key in the top level (did you mean [work] teams? teams is a key of [work], so write it after that header)\n    1 | teams = 60\n      | ^\n" +
				"{dir}/t.toml:1:1: organisation: none given (allowed: one or more organisations)\n" + invalidFile},
		{name: "sweep-file-given-to-run", code: 1,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/s.toml", "base = \"default\"\n[[axis]]\nkey = \"work.rate\"\nvalues = [\"1/d\"]\n")
				return []string{"run", dir + "/s.toml", "-out", dir + "/out"}
			},
			stderr: "{dir}/s.toml:1:1: this is a sweep file, not a scenario (it has base and [[axis]]): run it with orgsim sweep {dir}/s.toml\n    1 | base = \"default\"\n      | ^\n"},
		{name: "scenario-file-given-to-sweep", code: 1,
			setup: func(t *testing.T, dir string) []string {
				src, _ := scenarios.ShowSource("default")
				writeFile(t, dir+"/c.toml", string(src))
				return []string{"sweep", dir + "/c.toml", "-out", dir + "/out"}
			},
			stderr: "{dir}/c.toml:", prefix: true,
			check: func(t *testing.T, dir string) { mustNotExist(t, dir+"/out") }},
		{name: "panic-is-an-internal-error", code: 3, panic: true,
			setup: func(t *testing.T, dir string) []string { return []string{"run", "-out", dir} },
			stderr: "orgsim run: internal error: panic: a test panic\n" + bugReport +
				"Run it again with ORGSIM_DEBUG=1 set to print the stack trace for the report.\n"},
		{name: "panic-with-ORGSIM_DEBUG", code: 3, panic: true, env: map[string]string{"ORGSIM_DEBUG": "1"},
			setup:  func(t *testing.T, dir string) []string { return []string{"run", "-out", dir} },
			stderr: "orgsim run: internal error: panic: a test panic\n" + bugReport + "\ngoroutine ", prefix: true},
	}
	if len(cases) < 25 {
		t.Fatalf("%d cases", len(cases))
	}
	host, _ := os.Hostname()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(root, c.name)
			args := c.setup(t, dir)
			if c.panic {
				beforeCommand = func(string) { panic("a test panic") }
				defer func() { beforeCommand = nil }()
			}
			code, stdout, stderr := orgsimEnv(t, c.env, args...)
			stderr = withoutWarnings(stderr)
			want := strings.ReplaceAll(c.stderr, "{dir}", dir)
			if c.name == "locked-folder" {
				b, _ := os.ReadFile(filepath.Join(dir, safefile.LockFile))
				var h safefile.Holder
				json.Unmarshal(b, &h)
				want = strings.NewReplacer("PID", fmt.Sprint(h.PID), "HOST", host, "SINCE", h.Since).Replace(want)
				if h.PID != os.Getpid() {
					t.Fatalf("lock holder %+v", h)
				}
			}
			if c.name == "journal-flipped-byte" {
				want = regexp.MustCompile(`crc32c CRC`).ReplaceAllString(want, "crc32c")
				stderr = regexp.MustCompile(`crc32c [0-9a-f]{8}, want [0-9a-f]{8}`).ReplaceAllString(stderr, "crc32c")
			}
			switch {
			case code != c.code:
				t.Errorf("exit %d, want %d\nstderr: %s", code, c.code, stderr)
			case c.name == "unknown-scenario":
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			case c.prefix && !strings.HasPrefix(stderr, want):
				t.Errorf("stderr\n%s\nwant it to begin\n%s", stderr, want)
			case !c.prefix && c.stderr != "" && stderr != want:
				t.Errorf("stderr\n%s\nwant\n%s", stderr, want)
			case c.stderr == "" && stderr != "":
				t.Errorf("unexpected stderr %q", stderr)
			}
			if c.stdout != "" {
				if w := strings.ReplaceAll(c.stdout, "{dir}", dir); stdout != w {
					t.Errorf("stdout\n%s\nwant\n%s", stdout, w)
				}
			}
			for _, part := range c.stdoutHas {
				if !strings.Contains(stdout, part) {
					t.Errorf("stdout\n%s\nlacks %q", stdout, part)
				}
			}
			if c.panic && c.env == nil && strings.Contains(stderr, "goroutine") {
				t.Error("a stack trace without ORGSIM_DEBUG=1")
			}
			if c.check != nil {
				c.check(t, dir)
			}
		})
	}
}

func TestSameScenarioMayRewriteItsFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ceo")
	args := []string{"run", "ceo-leaves", "-replications", "2", "-horizon", "24w", "-quiet", "-out", dir}
	if code, _, errs := orgsim(t, args...); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errs)
	}
	first, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	// The same scenario again (how results/default is regenerated): allowed,
	// and the same bytes.
	if code, _, errs := orgsim(t, args...); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errs)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "runs.csv")); !bytes.Equal(first, again) {
		t.Fatal("the rerun changed runs.csv")
	}
	// One replication of it would replace the folder's two: refused ...
	one := []string{"run", "ceo-leaves", "-replications", "2", "-horizon", "24w", "-quiet", "-replication", "1", "-out", dir}
	code, _, errs := orgsim(t, one...)
	if code != 1 || !strings.Contains(withoutWarnings(errs), `holds the results of scenario "ceo-leaves" (2 replication(s), seed `) {
		t.Fatalf("one replication into the folder of two: exit %d, %s", code, errs)
	}
	// ... unless forced.
	if code, _, errs := orgsim(t, append(one, "-force")...); code != 0 {
		t.Fatalf("forced: exit %d: %s", code, errs)
	}
	if rows := readCSV(t, filepath.Join(dir, "runs.csv")); len(rows) != 1+2 {
		t.Fatalf("forced run wrote %d rows, want 2", len(rows)-1)
	}
	if _, err := os.Stat(filepath.Join(dir, safefile.LockFile)); !os.IsNotExist(err) {
		t.Fatal("the lock file is left after the run")
	}
}

// overloadedSweep varies the spans of a hierarchy whose managers take 15
// minutes an issue up to 4 managers of 13 teams, who are overloaded at
// baseline with 10 % or 20 % cross-team issues: points 10 and 11 cannot
// run.
const overloadedSweep = `name = "overloaded"
base = "overloaded-base.toml"
seed = 11
replications = 5
metrics = ["latency_p95", "util_max", "messages_per_decision"]

[[axis]]
key = "organisation[0].span"
values = [[10, 5], [7, 7], [5, 10], [4, 13]]

[[axis]]
key = "work.cross_team"
range = [0.0, 0.2]
steps = 3
`

const overloadedBase = `name = "overloaded-base"
[[organisation]]
name = "hierarchy"
preset = "hierarchy"
levels = 2
span = [7]
  [organisation.team]
  knowledge = "p70"
  authority = "p90"
  [organisation.manager]
  knowledge = "p95"
  decision = "lognormal(mean=15m, cv=1)"
[[organisation]]
name = "lattice"
preset = "lattice"
`

func TestDryRunAndRunCountTheSameUnits(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "overloaded.toml")
	if err := os.WriteFile(file, []byte(overloadedSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "overloaded-base.toml"), []byte(overloadedBase), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"sweep", file, "-replications", "1", "-horizon", "16w", "-workers", "2", "-quiet"}
	code, out, errs := orgsim(t, append(args, "-dry-run")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, errs)
	}
	m := regexp.MustCompile(`12 points \(10 valid\) × 1 replications = (\d+) units to run, (\d+) runs`).FindStringSubmatch(out)
	if m == nil || m[1] != "10" {
		t.Fatalf("dry run says\n%s", out)
	}
	if !strings.Contains(out, "Points that cannot run (not run; runs.csv gives their status):\n  point 10 ([4, 13], 0.1): unstable: ") ||
		!strings.Contains(out, "\n  point 11 ([4, 13], 0.2): unstable: ") {
		t.Fatalf("dry run does not list the points that cannot run:\n%s", out)
	}
	dir := filepath.Join(t.TempDir(), "span")
	code, out, errs = orgsim(t, append(args, "-out", dir)...)
	want := fmt.Sprintf("overloaded: ran %s unit(s) (%s runs) in ", m[1], m[2])
	if code != 1 || !strings.HasPrefix(out, want) || !strings.Contains(out, ". 12 point(s), 10 valid, 2 cannot run.\nResults: "+dir) {
		t.Fatalf("run: exit %d, stdout\n%s\nwant it to begin %q", code, out, want)
	}
	wantErr := "orgsim sweep: 2 of 12 point(s) cannot run; everything else is written to " + dir + ", and the status column of runs.csv says why:\n  point 10: unstable: "
	if !strings.HasPrefix(errs, wantErr) || !strings.Contains(errs, "\n  point 11: unstable: ") {
		t.Fatalf("stderr\n%s\nwant it to begin\n%s", errs, wantErr)
	}
	rows := readCSV(t, filepath.Join(dir, "runs.csv"))
	if len(rows) != 1+12*2 {
		t.Fatalf("runs.csv has %d rows, want 24 (every point, the two that cannot run with their status)", len(rows)-1)
	}
}

func TestUsageNamesTheExitStatuses(t *testing.T) {
	code, out, _ := orgsim(t, "-h")
	if code != 0 || !strings.HasSuffix(out, "\n"+exitCodesText+"\n") {
		t.Fatalf("orgsim -h: exit %d:\n%s", code, out)
	}
	if !strings.Contains(exitCodesText, "0 ok; 1 the run or its input failed") || !strings.Contains(exitCodesText, "3 internal error") {
		t.Fatalf("exit statuses: %q", exitCodesText)
	}
	code, out, _ = orgsim(t, "run", "-h")
	if code != 0 || !strings.Contains(out, "-max-memory") || !strings.Contains(out, "-force") || !strings.HasSuffix(out, exitCodesText+"\n") {
		t.Fatalf("orgsim run -h: exit %d:\n%s", code, out)
	}
	if code, _, errs := orgsim(t); code != 2 || !strings.Contains(errs, "Usage:") {
		t.Fatalf("orgsim alone: exit %d, %q", code, errs)
	}
}

// mustNotExist fails if path exists: a refused command wrote nothing.
func mustNotExist(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		t.Errorf("%s exists after a refused command", path)
	}
}
