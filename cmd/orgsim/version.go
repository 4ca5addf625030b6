package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/orgsim/orgsim/experiment"
)

func init() {
	commands = append(commands, &command{name: "version", args: "",
		summary: "print orgsim's version, the model version, the Go version, GOARCH and the source revision",
		example: "orgsim version", run: versionCmd})
}

// versionCmd prints what a bug report needs to reproduce a result: the
// version, the model version (which decides whether a sweep's journal can
// be resumed), the Go toolchain and GOARCH (which decide the bytes of
// every output), and the source revision when the build recorded one.
func versionCmd(e *env, args []string) error {
	c := newCLI("version", e)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("want no argument, got %q", pos[0])
	}
	fmt.Fprintf(e.stdout, "orgsim %s\nmodel: %s\ngo: %s\ngoarch: %s (%s)\nrevision: %s\n",
		Version, experiment.ModelVersion, runtime.Version(), runtime.GOARCH, runtime.GOOS, revision())
	return nil
}

// revision returns the source revision a release build was stamped with
// (buildRevision), else the version-control revision the Go toolchain
// recorded in the build, with its time and whether the tree had changes,
// or says there is none (go run and go test builds, and builds outside a
// checkout, record none).
func revision() string {
	if buildRevision != "" {
		return buildRevision
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)"
	}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return "module version " + v
		}
		return "unknown (this build recorded none; go install ./cmd/orgsim in a git checkout does)"
	}
	if at != "" {
		rev += " " + at
	}
	if modified == "true" {
		rev += " (with uncommitted changes)"
	}
	return rev
}
