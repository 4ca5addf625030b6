package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/experiment"
	"github.com/orgsim/orgsim/scenarios"
)

// Bounds of the numeric flags. A flag outside its bounds is a usage error
// that says what is allowed; no value is ever replaced silently.
const (
	maxReplications = scenarios.MaxReplications // as in a scenario file
	maxShards       = 1_000_000_000
	maxWorkers      = 4096
	maxRoom         = 10000       // viewers of orgsim serve
	maxHorizonHours = 1000 * 2000 // 1000 working years
	minMaxMemory    = 1 << 20     // 1 MiB
	maxMaxMemory    = 1 << 50     // 1 PiB
)

// cli is one command's flags: a flag.FlagSet whose numeric flags keep the
// text they were given and are checked after parsing, each with a message
// that names the flag, the value and what is allowed.
type cli struct {
	name   string
	e      *env
	fs     *flag.FlagSet
	checks []func() error
}

// newCLI returns the flags of command name. Parsing errors are returned,
// not printed; -h prints the command's usage with an example to stdout.
func newCLI(name string, e *env) *cli {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &cli{name: name, e: e, fs: fs}
}

// usage prints the command's usage, example and flags to stdout.
func (c *cli) usage() {
	w := c.e.stdout
	for _, cmd := range commands {
		if cmd.name == c.name {
			fmt.Fprintf(w, "Usage: orgsim %s %s [flags]\n\n%s.\n\nExample:\n  %s\n", c.name, cmd.args, cmd.summary, cmd.example)
		}
	}
	n := 0
	c.fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags (before or after the argument):")
		c.fs.SetOutput(w)
		c.fs.PrintDefaults()
		c.fs.SetOutput(io.Discard)
	}
	fmt.Fprintln(w, "\n"+exitCodesText)
}

// parse parses flags that may come before or after the positional
// arguments (the flag package alone stops at the first argument), then
// checks every numeric flag. -h prints the usage and returns flag.ErrHelp;
// any mistake is a usageError.
func (c *cli) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.usage()
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		rest := c.fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			pos = append(pos, rest[1:]...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	for _, check := range c.checks {
		if err := check(); err != nil {
			return nil, err
		}
	}
	return pos, nil
}

// scenarioArg parses args as [cli.parse] does and returns the one
// scenario argument, a file or an embedded name, or "" for none (the
// embedded default); more than one is a usage error.
func (c *cli) scenarioArg(args []string) (string, error) {
	pos, err := c.parse(args)
	if err != nil {
		return "", err
	}
	if len(pos) > 1 {
		return "", usagef("want one scenario, got %d arguments", len(pos))
	}
	if len(pos) == 1 {
		return pos[0], nil
	}
	return "", nil
}

// isSet reports whether flag name was given on the command line.
func (c *cli) isSet(name string) bool {
	set := false
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// notAllowed is the usage error of a flag's value.
func notAllowed(name, raw, allowed string) error {
	return usagef("-%s %s: not allowed (allowed: %s)", name, raw, allowed)
}

// textFlag keeps a flag's text for a check after parsing.
type textFlag struct {
	raw string
	set bool
}

func (t *textFlag) String() string { return t.raw }
func (t *textFlag) Set(s string) error {
	t.raw, t.set = s, true
	return nil
}

// intFlag is an integer flag with bounds.
type intFlag struct {
	textFlag
	v int64
}

// int defines an integer flag allowed from lo to hi; def is its value
// when not given (it may lie outside the bounds, to mean "not given").
func (c *cli) int(name string, def, lo, hi int64, usage string) *intFlag {
	f := &intFlag{v: def}
	c.fs.Var(f, name, usage)
	c.checks = append(c.checks, func() error {
		if !f.set {
			return nil
		}
		v, err := strconv.ParseInt(strings.TrimSpace(f.raw), 10, 64)
		if err != nil || v < lo || v > hi {
			return notAllowed(name, f.raw, fmt.Sprintf("a whole number from %d to %d", lo, hi))
		}
		f.v = v
		return nil
	})
	return f
}

// seedFlag is a seed: any whole number from 0 to 2⁶⁴−1.
type seedFlag struct {
	textFlag
	v uint64
}

func (c *cli) seed(usage string) *seedFlag {
	f := &seedFlag{}
	c.fs.Var(f, "seed", usage)
	c.checks = append(c.checks, func() error {
		if !f.set {
			return nil
		}
		v, err := strconv.ParseUint(strings.TrimSpace(f.raw), 10, 64)
		if err != nil {
			return notAllowed("seed", f.raw, fmt.Sprintf("a whole number from 0 to %d", uint64(math.MaxUint64)))
		}
		f.v = v
		return nil
	})
	return f
}

// floatFlag is a number flag with bounds.
type floatFlag struct {
	textFlag
	v float64
}

func (c *cli) float(name string, def, lo, hi float64, usage string) *floatFlag {
	f := &floatFlag{v: def}
	c.fs.Var(f, name, usage)
	c.checks = append(c.checks, func() error {
		if !f.set {
			return nil
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(f.raw), 64)
		if err != nil || !(v >= lo && v <= hi) {
			return notAllowed(name, f.raw, fmt.Sprintf("a number from %g to %g", lo, hi))
		}
		f.v = v
		return nil
	})
	return f
}

// durationFlag is a working-time duration flag ("20w"), in hours.
type durationFlag struct {
	textFlag
	h float64
}

// duration defines a working-time duration flag allowed above 0 and up to
// hi hours.
func (c *cli) duration(name string, hi float64, usage string) *durationFlag {
	f := &durationFlag{}
	c.fs.Var(f, name, usage)
	c.checks = append(c.checks, func() error {
		if !f.set {
			return nil
		}
		h, err := scenarios.ParseDuration(strings.TrimSpace(f.raw))
		if err != nil || !(h > 0 && h <= hi) {
			return notAllowed(name, f.raw, "a working-time duration such as 4h, 2d, 20w or 1y, more than 0 and at most "+durationText(hi))
		}
		f.h = h
		return nil
	})
	return f
}

// durationText writes working hours in the largest whole unit: "1000y", "40h".
func durationText(h float64) string {
	for _, u := range []struct {
		s string
		h float64
	}{{"y", 2000}, {"w", 40}, {"d", 8}} {
		if h >= u.h && math.Mod(h, u.h) == 0 {
			return strconv.FormatFloat(h/u.h, 'f', -1, 64) + u.s
		}
	}
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

// sizeFlag is a memory size flag ("8GiB"), in bytes.
type sizeFlag struct {
	textFlag
	v int64
}

// maxMemory defines -max-memory.
func (c *cli) maxMemory() *sizeFlag {
	f := &sizeFlag{}
	c.fs.Var(f, "max-memory", "refuse to start when the estimated peak memory exceeds this `SIZE`, e.g. 32GiB; 1MiB … 1PiB (default 8GiB)")
	c.checks = append(c.checks, func() error {
		if !f.set {
			return nil
		}
		v, ok := parseSize(f.raw)
		if !ok || v < minMaxMemory || v > maxMaxMemory {
			return notAllowed("max-memory", f.raw, "a size such as 512MiB, 8GiB or 2TiB, from 1MiB to 1PiB")
		}
		f.v = v
		return nil
	})
	return f
}

// limit is the memory limit in bytes: the flag's, or 0 for the default.
func (f *sizeFlag) limit() int64 { return f.v }

// parseSize reads "8GiB", "512 MiB", "32GB", "8G" or "1048576": binary
// units (KiB … PiB, and K … P alone), decimal ones (KB … PB) and bytes.
func parseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	x, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || x < 0 {
		return 0, false
	}
	unit := strings.ToLower(strings.TrimSpace(s[i:]))
	mult := map[string]float64{
		"": 1, "b": 1,
		"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
		"t": 1 << 40, "tib": 1 << 40, "tb": 1e12,
		"p": 1 << 50, "pib": 1 << 50, "pb": 1e15,
	}[unit]
	if mult == 0 {
		return 0, false
	}
	v := x * mult
	if v > math.MaxInt64/2 {
		return math.MaxInt64 / 2, true
	}
	return int64(v), true
}

// memoryAdvice turns a refusal by the estimate into the command's message:
// what was refused and the flag that raises the limit.
func memoryAdvice(err error) error {
	var le *experiment.LimitError
	if !errors.As(err, &le) {
		return err
	}
	if le.TooManyIssues {
		return fmt.Errorf("not started: %v", le)
	}
	need := le.Estimate.Bytes * 1.1
	switch {
	case need > maxMaxMemory:
		return fmt.Errorf("not started: %v; that is more than -max-memory can allow (1PiB)", le)
	case need < 1<<30:
		return fmt.Errorf("not started: %v; or raise the limit with -max-memory %.0fMiB", le, math.Ceil(need/(1<<20)))
	}
	return fmt.Errorf("not started: %v; or raise the limit with -max-memory %.0fGiB", le, math.Ceil(need/(1<<30)))
}
