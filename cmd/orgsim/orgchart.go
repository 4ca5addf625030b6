package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/orgsim/orgsim/internal/safefile"
	"github.com/orgsim/orgsim/orgchart"
)

func init() {
	commands = append(commands, &command{name: "import", args: "orgchart FILE.csv",
		summary: "turn an organisation chart (a CSV of people and their managers) into a scenario: the chart as it is and as a lattice",
		example: "orgsim import orgchart examples/orgchart/people.csv -out my-org.toml\n  orgsim import orgchart hr-export.csv -id employee_id -manager manager_employee_id -team squad -out my-org.toml\n  orgsim run my-org.toml",
		run:     importCmd})
}

// importCmd reads a chart and writes its scenario to -out (atomically,
// and only over an existing file with -force) or to stdout. A summary goes
// to stderr.
func importCmd(e *env, args []string) error {
	c := newCLI("import", e)
	def := orgchart.DefaultColumns()
	id := c.fs.String("id", def.ID, "the `COLUMN` of each person's id")
	manager := c.fs.String("manager", def.Manager, "the `COLUMN` of the id of each person's manager (empty for the person at the top)")
	team := c.fs.String("team", def.Team, "the `COLUMN` of each person's team, used when the header has it; \"\" for none (then each manager's direct reports who manage nobody are a team)")
	role := c.fs.String("role", def.Role, "the `COLUMN` of each person's role, used when the header has it (for -coach-roles)")
	keep := c.fs.String("keep", "", "other `COLUMNS` (comma-separated) to copy into the scenario's comments; by default every other column, names included, is dropped")
	coachRoles := c.fs.String("coach-roles", "", "`ROLES` (comma-separated) whose managers become coaches in the lattice even when they lead teams only")
	peers := c.int("peers", int64(orgchart.DefaultOptions().PeerLinks), 0, 64, "lattice: `N` peers per team, its nearest in the chart, 0 … 64 (default 4)")
	name := c.fs.String("name", orgchart.DefaultOptions().Name, "the scenario's `NAME` (its results go to results/NAME/)")
	out := c.fs.String("out", "", "write the scenario to `FILE` (default: standard output)")
	force := c.fs.Bool("force", false, "replace -out FILE if it exists")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || pos[0] != "orgchart" {
		return usagef("want orgchart FILE.csv (the only kind of import so far)")
	}
	if len(pos) != 2 {
		return usagef("want one chart file after orgchart, got %d", len(pos)-1)
	}
	if strings.TrimSpace(*name) == "" {
		return notAllowed("name", *name, "a name that is not empty")
	}
	file := pos[1]
	if *out != "" && !*force {
		if _, err := os.Stat(*out); err == nil {
			return fmt.Errorf("%s exists; not replaced (choose another -out FILE, or -force to replace it)", *out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	cols := orgchart.Columns{ID: *id, Manager: *manager, Team: *team, Role: *role, Keep: list(*keep)}
	chart, err := orgchart.Read(f, file, cols)
	if err != nil {
		return err
	}
	opt := orgchart.Options{Name: *name, PeerLinks: int(peers.v), CoachRoles: list(*coachRoles)}
	src, s, err := orgchart.Scenario(chart, opt)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = e.stdout.Write(src)
	} else {
		err = safefile.WriteFile(*out, src)
	}
	if err != nil {
		return err
	}
	where := *out
	if where == "" {
		where = "FILE.toml"
	}
	fmt.Fprintf(e.stderr, "orgsim import: %d people: %d teams, %d managers as units", s.People, s.Teams, s.Managers)
	if s.LeftOut > 0 {
		fmt.Fprintf(e.stderr, " (%d lead no team and are left out)", s.LeftOut)
	}
	fmt.Fprintf(e.stderr, "; in the lattice %d coaches and %d managers joining their teams.\n", s.Coaches, s.Joined)
	if s.Rate < 0.25 {
		fmt.Fprintf(e.stderr, "orgsim import: work.rate lowered to %.3g a team a working day: at 2, %s would be at %.2f of its capacity.\n", s.Rate*8, s.Busiest, s.BusiestLoad)
	}
	fmt.Fprintf(e.stderr, "orgsim import: calibrate the lines marked CALIBRATE in %s, then: orgsim run %s\n", where, where)
	return nil
}

// list splits a comma-separated flag into its trimmed, non-empty items.
func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
