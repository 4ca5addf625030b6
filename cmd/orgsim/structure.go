package main

import (
	"fmt"
	"strings"

	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/structure"
)

func init() {
	commands = append(commands, &command{name: "structure", args: "[FILE|NAME]",
		summary: "print each organisation's structure on the routes of its routing rule: depth, spans, betweenness, single points of failure",
		example: "orgsim structure                 # the embedded default comparison\n  orgsim structure buurtzorg -teams\n  orgsim structure my.toml -csv > structure.csv",
		run:     structureCmd})
}

// structureCmd prints the static analytics of a scenario's organisations
// (package structure), or with -csv the bytes of structure.csv, as every
// run folder holds them. It runs nothing.
func structureCmd(e *env, args []string) error {
	c := newCLI("structure", e)
	asCSV := c.fs.Bool("csv", false, "write structure.csv (one value per row, as in a run folder) instead of the tables")
	teams := c.fs.Bool("teams", false, "list every team, not one line for all teams of an organisation with leaders")
	arg, err := c.scenarioArg(args)
	if err != nil {
		return err
	}
	if isSweep(arg) {
		return usagef("%s is a sweep; want a scenario (the sweep's base scenario, say)", arg)
	}
	sc, err := scenarios.Open(arg)
	if err != nil {
		return err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, w)
	}
	orgs, err := structure.AnalyseAll(&sc.Config)
	if err != nil {
		return err
	}
	if *asCSV {
		_, err := e.stdout.Write(structure.CSV(orgs))
		return err
	}
	var b strings.Builder
	for i, o := range orgs {
		if i > 0 {
			b.WriteString("\n")
		}
		if err := structure.Text(&b, o, *teams); err != nil {
			return err
		}
	}
	_, err = fmt.Fprint(e.stdout, b.String())
	return err
}
