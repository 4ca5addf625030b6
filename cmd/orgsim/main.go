package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/orgsim/orgsim/scenarios"
)

// Version is orgsim's version, written into every manifest.
const Version = "0.1.0"

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
	args           []string // the whole command line, for command.txt
}

var commands []*command

func init() {
	commands = append(commands, []*command{
		{name: "run", args: "[FILE|NAME]", summary: "run a scenario and write CSV files, figures and a comparison table",
			example: "orgsim run                       # the embedded default comparison\n  orgsim run ceo-leaves -replications 5\n  orgsim run my.toml -out results/mine -seed 7", run: runCmd},
		{name: "validate", args: "FILE…", summary: "check scenario files and report every problem with its position",
			example: "orgsim validate my.toml other.toml", run: validateCmd},
		{name: "scenarios", args: "[show NAME | keys]", summary: "list the embedded scenarios, print one ready to copy, or document every key",
			example: "orgsim scenarios\n  orgsim scenarios show default > my.toml\n  orgsim scenarios keys", run: scenariosCmd},
		{name: "plot", args: "DIR", summary: "redraw every figure of a results folder from its CSV files",
			example: "orgsim plot results/default", run: plotCmd},
		{name: "sweep", args: "FILE|NAME", summary: "run a sweep over scenario keys: parallel, resumable, shardable",
			example: "orgsim sweep sweep-surge -dry-run\n  orgsim sweep my-sweep.toml -workers 8\n  orgsim sweep my-sweep.toml -resume          # after an interruption\n  orgsim sweep my-sweep.toml -shard 0/4 -out shards/0", run: sweepCmd},
		{name: "merge", args: "-out DIR DIR…", summary: "combine the shard folders of one sweep into what the unsharded sweep writes",
			example: "orgsim merge -out results/my-sweep shards/0 shards/1 shards/2 shards/3", run: mergeCmd},
	}...)
}

func main() {
	fi, err := os.Stderr.Stat()
	tty := err == nil && fi.Mode()&os.ModeCharDevice != 0
	os.Exit(run(os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, stderrIsTTY: tty, args: os.Args[1:]}))
}

// run executes a command line and returns the exit status.
func run(args []string, e *env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(e, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.As(err, new(usageError)):
				fmt.Fprintf(e.stderr, "orgsim %s: %v\nRun 'orgsim %s -h' for help.\n", c.name, err, c.name)
				return 2
			default:
				msg := err.Error()
				var se *scenarios.Error
				if !strings.HasPrefix(msg, "orgsim") && !errors.As(err, &se) {
					msg = "orgsim " + c.name + ": " + msg
				}
				fmt.Fprintln(e.stderr, msg)
				return 1
			}
		}
	}
	fmt.Fprintf(e.stderr, "orgsim: unknown command %q\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, "orgsim compares concentrated and distributed leadership by simulating organisations.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  orgsim %-10s %-20s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprint(w, "\nRun 'orgsim COMMAND -h' for a command's flags and an example.\n")
}

// parse parses flags that may come before or after the positional
// arguments (the flag package alone stops at the first argument).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flags returns a FlagSet for command c whose -h prints the usage with an
// example to stdout.
func flags(c string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		for _, cmd := range commands {
			if cmd.name == c {
				fmt.Fprintf(e.stdout, "Usage: orgsim %s %s [flags]\n\n%s.\n\nExample:\n  %s\n", c, cmd.args, cmd.summary, cmd.example)
			}
		}
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(e.stdout, "\nFlags (before or after the argument):")
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			fs.SetOutput(e.stderr)
		}
	}
	return fs
}

// parseErr turns a flag parsing error into a usage error, keeping -h.
func parseErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}
