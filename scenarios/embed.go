package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
)

//go:embed builtin/*.toml
var builtin embed.FS

// Info describes an embedded scenario.
type Info struct {
	Name    string
	Kind    string // "scenario" (sweep files come later)
	Summary string // the first sentence of its description
}

// Names returns the names of the embedded scenarios, sorted.
func Names() []string { return embeddedNames(builtin, "builtin") }

// embeddedNames returns the names of the .toml files in folder dir of
// fsys, without the extension, sorted.
func embeddedNames(fsys fs.FS, dir string) []string {
	ents, _ := fs.ReadDir(fsys, dir)
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(out)
	return out
}

// isPath reports whether the argument arg of Open, OpenSweep or
// OpenSensitivity names a file rather than an embedded one: an existing
// file, or anything with a folder separator or the .toml extension.
func isPath(arg string) bool {
	fi, err := os.Stat(arg)
	return err == nil && !fi.IsDir() || strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".toml")
}

// readArg reads the file arg names, saying "no such file" when it is
// missing.
func readArg(arg string) ([]byte, error) {
	src, err := os.ReadFile(arg)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", arg)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", arg, err)
	}
	return src, nil
}

// Source returns the text of embedded scenario name, comments included,
// ready to copy and edit.
func Source(name string) ([]byte, error) {
	b, err := builtin.ReadFile("builtin/" + name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no embedded scenario %q%s (embedded: %s)", name, didYouMean(name, Names()), strings.Join(Names(), ", "))
	}
	return b, nil
}

// ShowSource returns the text of embedded scenario, sweep or sensitivity
// file name, ready to copy and edit (`orgsim scenarios show NAME > my.toml`): its top-level
// name line is turned into a comment, so that a copy's results go to a
// folder named after the copy's file (results/my/ for my.toml) instead of
// overwriting the embedded one's.
func ShowSource(name string) ([]byte, error) {
	src, err := Source(name)
	if err != nil {
		src, err = SweepSource(name)
	}
	if err != nil {
		src, err = SensitivitySource(name)
	}
	if err != nil {
		all := append(append(Names(), SweepNames()...), SensitivityNames()...)
		return nil, fmt.Errorf("no embedded scenario, sweep or sensitivity file %q%s (scenarios: %s; sweeps: %s; sensitivity: %s)", name, didYouMean(name, all), strings.Join(Names(), ", "), strings.Join(SweepNames(), ", "), strings.Join(SensitivityNames(), ", "))
	}
	return commentOutName(src), nil
}

// commentOutName turns the top-level `name = …` line of src into a comment
// saying where results go without it. src is an embedded file, known to be
// valid; one whose name is not a plain one-line key is returned as is.
func commentOutName(src []byte) []byte {
	text := string(src)
	pos, found, _ := newIndex(text).lookup("name")
	if !found || pos.Col != 1 {
		return src
	}
	start := lineStart(text, pos.Line)
	end := strings.IndexByte(text[start:], '\n')
	if end < 0 {
		end = len(text) - start
	}
	line := strings.TrimRight(text[start:start+end], "\r")
	if strings.Contains(line, `"""`) || strings.Contains(line, `'''`) {
		return src
	}
	comment := "# " + line + "\n" +
		"# (without a name, results go to a folder named after this file:\n" +
		"# results/my/ for my.toml; set a name to choose the folder)"
	return []byte(text[:start] + comment + text[start+end:])
}

func didYouMean(s string, options []string) string {
	if n := nearest(s, options); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

// List describes every embedded scenario.
func List() []Info {
	var out []Info
	for _, n := range Names() {
		sc, err := Embedded(n)
		info := Info{Name: n, Kind: "scenario"}
		if err == nil {
			info.Summary = firstSentence(sc.Description)
		}
		out = append(out, info)
	}
	return out
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// Embedded loads embedded scenario name.
func Embedded(name string) (*Scenario, error) {
	src, err := Source(name)
	if err != nil {
		return nil, err
	}
	sc, err := Parse("embedded:"+name+".toml", src)
	if err != nil {
		return nil, err
	}
	sc.File = "embedded:" + name
	if sc.Name == "" {
		sc.Name = name
	}
	return sc, nil
}

// Load reads and validates the scenario file at path.
func Load(path string) (*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	sc, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	sc.File = path
	if sc.Name == "" {
		sc.Name = nameFromPath(path)
	}
	return sc, nil
}

// Open loads arg: the path of a scenario file if one exists there, else the
// embedded scenario of that name; "" is the embedded default.
func Open(arg string) (*Scenario, error) {
	if arg == "" {
		return Embedded("default")
	}
	if isPath(arg) {
		return Load(arg)
	}
	if _, err := Source(arg); err != nil {
		return nil, fmt.Errorf("%q is neither a scenario file nor an embedded scenario%s (embedded: %s)", arg, didYouMean(arg, Names()), strings.Join(Names(), ", "))
	}
	return Embedded(arg)
}
