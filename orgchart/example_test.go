package orgchart_test

import (
	"fmt"
	"strings"

	"github.com/orgsim/orgsim/orgchart"
	"github.com/orgsim/orgsim/scenarios"
)

// A small chart: a chief over two leads, each with a team; the e-mail
// column is dropped. The chart keeps the leads as managers; in the lattice
// the chief becomes the circle and the leads join their teams.
func ExampleScenario() {
	csv := `id,manager_id,email
chief,,chief@example.org
lead-a,chief,a@example.org
lead-b,chief,b@example.org
ann,lead-a,ann@example.org
bob,lead-a,bob@example.org
cat,lead-b,cat@example.org
`
	chart, err := orgchart.Read(strings.NewReader(csv), "people.csv", orgchart.DefaultColumns())
	if err != nil {
		fmt.Println(err)
		return
	}
	src, s, err := orgchart.Scenario(chart, orgchart.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := scenarios.Parse("orgchart.toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d people, %d teams, %d managers; lattice: %d coaches, %d joined a team\n",
		s.People, s.Teams, s.Managers, s.Coaches, s.Joined)
	for _, o := range sc.Config.Organisations {
		fmt.Printf("%s: %d units\n", o.Name, len(o.Units))
	}
	fmt.Println("e-mail in the scenario:", strings.Contains(string(src), "example.org"))
	// Output:
	// 6 people, 2 teams, 3 managers; lattice: 0 coaches, 2 joined a team
	// chart: 5 units
	// lattice: 3 units
	// e-mail in the scenario: false
}
