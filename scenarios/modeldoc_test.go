package scenarios

// docs/model.md is the model's citable description: a researcher must be
// able to re-implement the model from it. So every scenario key must be
// described there, and every key it names must exist. Both are checked
// here; a key added to the schema without its description, or one renamed
// or removed while the description still names it, fails these tests.
//
// What counts as naming a key. The description writes key paths as inline
// code, in backticks, outside fenced code blocks: `work.rate`,
// `organisation.routing.advice`, `horizon`. Within such a span:
//
//   - an index is dropped, so `organisation[1].team.knowledge` names
//     organisation.team.knowledge;
//   - braces list alternatives, one segment each, so
//     `organisation.{team,root}.accuracy` names organisation.team.accuracy
//     and organisation.root.accuracy (several groups multiply out).
//
// A span names a key path when, after that, it is lower-case segments of
// letters, digits and underscores joined by dots, at least two of them —
// so formulas (spaces, operators, parentheses), Go identifiers
// (`model.Version`: upper case), paths (`docs/scenarios.md`: a slash) and
// numbers are not taken for keys — and its last segment is not a file
// extension (`runs.csv`, `manifest.json`). Every such path must be a
// scenario key or a sweep key, or a table of one (`organisation.routing`,
// the path of a key's enclosing table). A one-segment span (`horizon`)
// names a top-level key when it is one, and is ordinary code otherwise.
//
// Sweep keys (SweepKeys) are not required in the description: a sweep
// chooses which scenarios to run and summarises them, it is not part of
// the model. The description may still name them (as it does where it
// describes the statistics of sweeps), and then they must exist.

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
)

// modelDocPath is the model description, relative to this package.
var modelDocPath = filepath.Join("..", "docs", "model.md")

// keyPathForm is a key path: lower-case segments joined by dots, at least
// two segments.
var keyPathForm = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)

// indexForm is an index of an array table in a path: [1], or [].
var indexForm = regexp.MustCompile(`\[[0-9]*\]`)

// braceForm is one group of alternatives: {a,b,c}.
var braceForm = regexp.MustCompile(`\{([a-z0-9_,]+)\}`)

// fileExtensions are last segments that make a dotted name a file's, not
// a key's.
var fileExtensions = map[string]bool{
	"md": true, "csv": true, "json": true, "jsonl": true, "go": true, "toml": true,
	"png": true, "svg": true, "gif": true, "txt": true, "cff": true, "mod": true,
	"sum": true, "yml": true, "yaml": true, "sh": true, "sbatch": true, "lock": true,
}

// docSpan is one inline code span of the description and its line.
type docSpan struct {
	text string
	line int
}

// inlineCode returns the inline code spans (single backticks) of a
// Markdown text, skipping fenced code blocks.
func inlineCode(text string) []docSpan {
	var out []docSpan
	fenced := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		parts := strings.Split(line, "`")
		// Odd-numbered parts lie between a pair of backticks.
		for j := 1; j+1 < len(parts); j += 2 {
			if s := strings.TrimSpace(parts[j]); s != "" {
				out = append(out, docSpan{text: s, line: i + 1})
			}
		}
	}
	return out
}

// expandBraces multiplies out every {a,b,…} group of s.
func expandBraces(s string) []string {
	loc := braceForm.FindStringSubmatchIndex(s)
	if loc == nil {
		return []string{s}
	}
	var out []string
	for _, alt := range strings.Split(s[loc[2]:loc[3]], ",") {
		out = append(out, expandBraces(s[:loc[0]]+alt+s[loc[1]:])...)
	}
	return out
}

// namedPaths returns what one span names: its expansions with indexes
// dropped.
func namedPaths(span string) []string {
	var out []string
	for _, s := range expandBraces(span) {
		out = append(out, indexForm.ReplaceAllString(s, ""))
	}
	return out
}

// isKeyPath reports whether a named path has the form of a key path (and
// is not a file name).
func isKeyPath(p string) bool {
	if !keyPathForm.MatchString(p) {
		return false
	}
	return !fileExtensions[p[strings.LastIndex(p, ".")+1:]]
}

func readModelDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(modelDocPath)
	if err != nil {
		t.Fatalf("the model description: %v", err)
	}
	return string(b)
}

// TestModelDocDescribesEveryKey: every scenario key appears in the model
// description as inline code.
func TestModelDocDescribesEveryKey(t *testing.T) {
	named := map[string]bool{}
	for _, sp := range inlineCode(readModelDoc(t)) {
		for _, p := range namedPaths(sp.text) {
			named[p] = true
		}
	}
	var missing []string
	for _, k := range Keys() {
		if !named[k.Path] {
			missing = append(missing, k.Path)
		}
	}
	if len(missing) > 0 {
		t.Errorf("docs/model.md does not describe %d scenario key(s); describe each where the model uses it and write its path in backticks: %s",
			len(missing), strings.Join(missing, ", "))
	}
}

// TestModelDocNamesOnlyKeys: every key path the model description names is
// a scenario key or a sweep key, or the table of one.
func TestModelDocNamesOnlyKeys(t *testing.T) {
	known := map[string]bool{}
	for _, k := range append(Keys(), SweepKeys()...) {
		known[k.Path] = true
		for i, c := range k.Path {
			if c == '.' {
				known[k.Path[:i]] = true // an enclosing table
			}
		}
	}
	bad := map[string][]int{}
	for _, sp := range inlineCode(readModelDoc(t)) {
		for _, p := range namedPaths(sp.text) {
			if isKeyPath(p) && !known[p] {
				bad[p] = append(bad[p], sp.line)
			}
		}
	}
	paths := make([]string, 0, len(bad))
	for p := range bad {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		t.Errorf("docs/model.md names %s (line %v), which is neither a scenario or sweep key nor the table of one", p, bad[p])
	}
}

// TestModelDocStatesTheModelVersion: the description says which model
// version it describes, and it is the current one; a change of the model's
// behaviour (which bumps model.Version) is a reason to review it.
func TestModelDocStatesTheModelVersion(t *testing.T) {
	if !strings.Contains(readModelDoc(t), "`"+model.Version+"`") {
		t.Errorf("docs/model.md does not state the model version it describes, `%s` (model.Version): review the description against the change recorded in CHANGELOG.md and update the version", model.Version)
	}
}

// TestModelDocKeyForms checks the rules above on examples, so that a change
// of the rules is a change of this test.
func TestModelDocKeyForms(t *testing.T) {
	spans := inlineCode("a `work.rate` b `x` c\n```\n`not.this`\n```\n`organisation[1].{team,root}.accuracy`")
	var got []string
	for _, sp := range spans {
		got = append(got, namedPaths(sp.text)...)
	}
	want := []string{"work.rate", "x", "organisation.team.accuracy", "organisation.root.accuracy"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("named %q, want %q", got, want)
	}
	for s, want := range map[string]bool{
		"work.rate": true, "organisation.routing.advice": true, "horizon": false,
		"runs.csv": false, "docs/model.md": false, "model.Version": false,
		"0.5 + (π − 0.5)": false, "v·e^(−δT)": false, "1.5": false, "e.g.": false,
	} {
		if got := isKeyPath(s); got != want {
			t.Errorf("isKeyPath(%q) = %v, want %v", s, got, want)
		}
	}
}
