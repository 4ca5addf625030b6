package structure_test

import (
	"fmt"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/structure"
)

// The default hierarchy's root decides about 11.5 % of all issues, and every
// one of them is an issue no other unit may or can decide: it is a single
// point of failure for 20 classes of issues. Its managers relay 1.65 % of
// issues each on the way up.
func ExampleAnalyse() {
	cfg := model.Default()
	h, err := structure.Analyse(&cfg, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range h.Units {
		if u.ID == "root" || u.ID == "m1-1" {
			fmt.Printf("%s: betweenness %.4f, decides %.4f, only decider of %.4f (%d classes)\n",
				u.ID, u.Betweenness, u.DecideShare, u.SPOFShare, len(u.SPOF))
		}
	}
	fmt.Printf("depth %d, span %d–%d, largest betweenness at %s\n", h.Depth, h.SpanMin, h.SpanMax, h.MaxBetweennessUnit)
	// Output:
	// root: betweenness 0.0000, decides 0.1155, only decider of 0.1155 (20 classes)
	// m1-1: betweenness 0.0165, decides 0.0544, only decider of 0.0000 (0 classes)
	// depth 2, span 7–7, largest betweenness at m1-1
}
