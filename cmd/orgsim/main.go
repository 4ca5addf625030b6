package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/scenarios"
)

// Version is orgsim's version, written into every manifest. It is a
// variable so that a release build can set it with
// -ldflags "-X main.Version=…" (scripts/build-binaries.sh does).
var Version = "0.2.0"

// buildRevision is the source revision a release build was made from, set
// with -ldflags "-X main.buildRevision=…"; empty, orgsim version reports
// what the Go toolchain recorded (see revision).
var buildRevision string

// Exit statuses.
const (
	exitOK       = 0 // done
	exitFailed   = 1 // the run or its input failed, or check found an expectation failed; the message says why
	exitUsage    = 2 // a wrong command, flag or value
	exitInternal = 3 // a bug in orgsim (a panic), reported as such
)

// exitCodesText documents the exit statuses in every usage text.
const exitCodesText = "Exit status: 0 ok; 1 the run or its input failed (the message says why), or an expectation\nfailed (check); 2 usage (a wrong command, flag or value); 3 internal error (a bug in orgsim:\nplease report it)."

// usageError marks a command-line mistake (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name, args, summary, example string
	run                          func(env *env, args []string) error
}

// env is what a command may touch, so tests can run the command in-process.
type env struct {
	stdout, stderr io.Writer
	stderrIsTTY    bool
	args           []string            // the whole command line, for command.txt
	getenv         func(string) string // nil: os.Getenv
}

// debug reports whether ORGSIM_DEBUG=1 asks for stack traces.
func (e *env) debug() bool {
	get := e.getenv
	if get == nil {
		get = os.Getenv
	}
	return get("ORGSIM_DEBUG") == "1"
}

// commandLine is the command line as command.txt and lock files record it.
func (e *env) commandLine() string { return strings.TrimSpace("orgsim " + strings.Join(e.args, " ")) }

var commands []*command

func init() {
	commands = append(commands, []*command{
		{name: "run", args: "[FILE|NAME]", summary: "run a scenario and write CSV files, figures and a comparison table",
			example: "orgsim run                       # the embedded default comparison\n  orgsim run ceo-leaves -replications 5\n  orgsim run my.toml -out results/mine -seed 7", run: runCmd},
		{name: "validate", args: "FILE…", summary: "check scenario files and report every problem with its position",
			example: "orgsim validate my.toml other.toml", run: validateCmd},
		{name: "check", args: "FILE|NAME…", summary: "run scenarios and judge their expectations (held, failed, undecided); writes nothing, exits 1 when one fails",
			example: "orgsim check buurtzorg\n  orgsim check my.toml -replications 40 -workers 2", run: checkCmd},
		{name: "scenarios", args: "[show NAME | keys]", summary: "list the embedded scenarios, print one ready to copy, or document every key",
			example: "orgsim scenarios\n  orgsim scenarios show default > my.toml\n  orgsim scenarios keys", run: scenariosCmd},
		{name: "plot", args: "DIR", summary: "redraw every figure of a results or sweep folder from its CSV files",
			example: "orgsim plot results/default\n  orgsim plot results/sweep-surge", run: plotCmd},
		{name: "sweep", args: "FILE|NAME", summary: "run a sweep over scenario keys: parallel, resumable, shardable",
			example: "orgsim sweep sweep-surge -dry-run\n  orgsim sweep my-sweep.toml -workers 8\n  orgsim sweep my-sweep.toml -resume          # after an interruption\n  orgsim sweep my-sweep.toml -shard 0/4 -out shards/0", run: sweepCmd},
		{name: "merge", args: "-out DIR DIR…", summary: "combine the shard folders of one sweep or sensitivity study into what the unsharded run writes",
			example: "orgsim merge -out results/my-sweep shards/0 shards/1 shards/2 shards/3", run: mergeCmd},
	}...)
}

func main() {
	fi, err := os.Stderr.Stat()
	tty := err == nil && fi.Mode()&os.ModeCharDevice != 0
	os.Exit(run(os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, stderrIsTTY: tty, args: os.Args[1:]}))
}

// beforeCommand, when set (by tests), is called before a command runs; a
// panic in it stands for a bug in the command.
var beforeCommand func(name string)

// run executes a command line and returns the exit status. A panic in the
// command is caught here and reported as an internal error (status 3).
func run(args []string, e *env) (code int) {
	name := "orgsim"
	defer func() {
		if r := recover(); r != nil {
			code = internalError(e, name, fmt.Sprintf("panic: %v", r), debug.Stack())
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			usage(e.stderr)
			return exitUsage
		}
		usage(e.stdout)
		return exitOK
	}
	if args[0] == "-version" || args[0] == "--version" {
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		name = "orgsim " + c.name
		if beforeCommand != nil {
			beforeCommand(c.name)
		}
		err := c.run(e, args[1:])
		var pe *experiment.PanicError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, new(usageError)):
			fmt.Fprintf(e.stderr, "%s: %v\nRun 'orgsim %s -h' for help.\n", name, err, c.name)
			return exitUsage
		case errors.As(err, &pe):
			return internalError(e, name, pe.Error(), pe.Stack)
		default:
			msg := err.Error()
			var se *scenarios.Error
			if !strings.HasPrefix(msg, "orgsim") && !errors.As(err, &se) {
				msg = name + ": " + msg
			}
			fmt.Fprintln(e.stderr, msg)
			return exitFailed
		}
	}
	fmt.Fprintf(e.stderr, "orgsim: unknown command %q\n", args[0])
	usage(e.stderr)
	return exitUsage
}

// internalError reports a bug: what happened, what to put in a bug report,
// and the stack only when ORGSIM_DEBUG=1.
func internalError(e *env, name, what string, stack []byte) int {
	fmt.Fprintf(e.stderr, "%s: internal error: %s\n", name, what)
	fmt.Fprintln(e.stderr, "This is a bug in orgsim, not a problem with your input. Please report it with the command")
	fmt.Fprintln(e.stderr, "line you ran, the output of 'orgsim version' and, if you can, the scenario or sweep file.")
	if e.debug() {
		fmt.Fprintf(e.stderr, "\n%s", stack)
	} else {
		fmt.Fprintln(e.stderr, "Run it again with ORGSIM_DEBUG=1 set to print the stack trace for the report.")
	}
	return exitInternal
}

func usage(w io.Writer) {
	fmt.Fprint(w, "orgsim compares concentrated and distributed leadership by simulating organisations.\n\nUsage:\n\n")
	width := 10 // as wide as the longest command's name
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  orgsim %-*s %-20s %s\n", width, c.name, c.args, c.summary)
	}
	fmt.Fprint(w, "\nRun 'orgsim COMMAND -h' for a command's flags and an example.\n\n"+exitCodesText+"\n")
}
