package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/report"
	"github.com/orgsim/orgsim/scenarios"
)

func validateCmd(e *env, args []string) error {
	c := newCLI("validate", e)
	files, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no file given")
	}
	failed := 0
	for _, f := range files {
		if isSensitivity(f) {
			st, err := scenarios.OpenSensitivity(f, metricNames)
			if err != nil {
				failed++
				fmt.Fprintln(e.stderr, err)
				continue
			}
			bad := 0
			for _, p := range st.Sweep.Points {
				if p.Err != nil {
					bad++
				}
			}
			fmt.Fprintf(e.stdout, "%s: ok (sensitivity study %s: %s method, %d factor(s), %d points, %d of them invalid)\n", f, st.Name, st.Design.Method, len(st.Design.Factors), len(st.Sweep.Points), bad)
			continue
		}
		if isSweep(f) {
			sw, err := scenarios.OpenSweep(f, metricNames)
			if err != nil {
				failed++
				fmt.Fprintln(e.stderr, err)
				continue
			}
			bad := 0
			for _, p := range sw.Points {
				if p.Err != nil {
					bad++
				}
			}
			fmt.Fprintf(e.stdout, "%s: ok (sweep %s: %d axes, %d points, %d of them invalid or unstable)\n", f, sw.Name, len(sw.Axes), len(sw.Points), bad)
			continue
		}
		sc, err := scenarios.Open(f)
		if err != nil {
			failed++
			fmt.Fprintln(e.stderr, err)
			continue
		}
		for _, w := range sc.Warnings {
			fmt.Fprintln(e.stderr, w)
		}
		fmt.Fprintf(e.stdout, "%s: ok (%s: %d organisation(s), %d disruption(s), %d expectation(s))\n", f, sc.Name, len(sc.Config.Organisations), len(sc.Config.Disruptions), len(sc.Expect))
	}
	if failed > 0 {
		return fmt.Errorf("orgsim validate: %d of %d file(s) have problems", failed, len(files))
	}
	return nil
}

func scenariosCmd(e *env, args []string) error {
	c := newCLI("scenarios", e)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		// One name column for both lists, as wide as the longest name.
		width := 0
		for _, n := range append(append(scenarios.Names(), scenarios.SweepNames()...), scenarios.SensitivityNames()...) {
			width = max(width, utf8.RuneCountInString(n))
		}
		fmt.Fprintln(e.stdout, "Embedded scenarios (orgsim run NAME; orgsim scenarios show NAME > my.toml to copy one):")
		fmt.Fprintln(e.stdout)
		for _, s := range scenarios.List() {
			fmt.Fprintf(e.stdout, "  %-*s %s\n", width, s.Name, s.Summary)
		}
		fmt.Fprintln(e.stdout)
		fmt.Fprintln(e.stdout, "Embedded sweeps (orgsim sweep NAME; orgsim scenarios show NAME > my-sweep.toml to copy one):")
		fmt.Fprintln(e.stdout)
		for _, n := range scenarios.SweepNames() {
			summary := ""
			if sw, err := scenarios.OpenSweep(n, metricNames); err == nil {
				summary = firstSentence(sw.Description)
			}
			fmt.Fprintf(e.stdout, "  %-*s %s\n", width, n, summary)
		}
		fmt.Fprintln(e.stdout)
		fmt.Fprintln(e.stdout, "Embedded sensitivity studies (orgsim sensitivity NAME; orgsim scenarios show NAME > my-study.toml to copy one):")
		fmt.Fprintln(e.stdout)
		for _, n := range scenarios.SensitivityNames() {
			summary := ""
			if st, err := scenarios.OpenSensitivity(n, metricNames); err == nil {
				summary = firstSentence(st.Description)
			}
			fmt.Fprintf(e.stdout, "  %-*s %s\n", width, n, summary)
		}
		return nil
	case pos[0] == "show" && len(pos) == 2:
		src, err := scenarios.ShowSource(pos[1])
		if err != nil {
			if s, serr := scenarios.SweepSource(pos[1]); serr == nil {
				src, err = s, nil
			}
		}
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(src)
		return err
	case pos[0] == "keys" && len(pos) == 1:
		fmt.Fprint(e.stdout, scenarios.Text())
		return nil
	}
	return usagef("want no argument, show NAME, or keys; got %q", strings.Join(pos, " "))
}

func plotCmd(e *env, args []string) error {
	c := newCLI("plot", e)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one results folder")
	}
	dir := pos[0]
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a folder (allowed: a folder written by orgsim run, orgsim sweep or orgsim merge)", dir)
	}
	lock, err := safefile.Acquire(dir, e.commandLine())
	if err != nil {
		return err
	}
	defer lock.Release()
	if note := lock.StaleNote(); note != "" {
		fmt.Fprintf(e.stderr, "orgsim: %s: %s\n", dir, note)
	}
	if err := report.Plot(dir); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "redrew the figures in %s\n", dir)
	return nil
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

var axisRE = regexp.MustCompile(`(?m)^\s*\[\[\s*axis\s*\]\]`)

var factorRE = regexp.MustCompile(`(?m)^\s*\[\[\s*factor\s*\]\]`)

// isSensitivity reports whether arg names an embedded sensitivity file or
// a file that declares [[factor]] tables.
func isSensitivity(arg string) bool {
	for _, n := range scenarios.SensitivityNames() {
		if n == arg {
			return true
		}
	}
	b, err := os.ReadFile(arg)
	return err == nil && factorRE.Match(b) && !axisRE.Match(b)
}

// isSweep reports whether arg names an embedded sweep or a file that
// declares sweep axes.
func isSweep(arg string) bool {
	for _, n := range scenarios.SweepNames() {
		if n == arg {
			return true
		}
	}
	b, err := os.ReadFile(arg)
	return err == nil && axisRE.Match(b)
}
