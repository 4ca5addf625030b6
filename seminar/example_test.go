package seminar_test

import (
	"bytes"
	"fmt"
	"image/gif"
	"strings"

	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/seminar"
	"github.com/orgsim/orgsim/sim"
)

// A session log holds each run's seed and every press with its simulated
// time; orgsim serve -replay runs it again.
func ExampleReadLog() {
	log := `{"run":1,"kind":"start","scenario":"embedded:seminar","seed":1,"organisations":["hierarchy","lattice"],"t":0}
{"run":1,"kind":"press","t":163.9,"button":"top-leader"}
{"run":1,"kind":"press","t":402.5,"button":"team-lead","team":"t7"}
`
	runs, err := seminar.ReadLog(strings.NewReader(log))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range runs[0].Presses {
		fmt.Printf("%.1f h: %s", p.T, p.Button.Label())
		if p.Team != "" {
			fmt.Printf(" (above %s)", p.Team)
		}
		fmt.Println()
	}
	// Output:
	// 163.9 h: the top leader leaves
	// 402.5 h: a team lead leaves (above t7)
}

// Record draws the two organisations of a scenario as an animated GIF: a
// title frame with the key, then a frame a week.
func ExampleRecord() {
	sc, err := scenarios.Embedded("seminar")
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	err = seminar.Record(&buf, sc, seminar.RecordOptions{Seed: 1, Step: sim.Week, Until: 4 * sim.Week, Width: 320})
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := gif.DecodeAll(&buf)
	fmt.Printf("%d frames of %d×%d pixels\n", len(g.Image), g.Config.Width, g.Config.Height)
	// Output:
	// 6 frames of 320×180 pixels
}
