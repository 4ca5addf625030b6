package seminar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The page and the GIF share the report figures' look: the figures draw
// the organisations in the same colours and their rule in the same grey
// (the report's golden latency figure is read as the figures' source of
// truth), and the organisations' lines have the same dash patterns.
func TestStyleIsTheReportFigures(t *testing.T) {
	svg, err := os.ReadFile(filepath.Join("..", "report", "testdata", "golden", "latency.svg"))
	if err != nil {
		t.Fatal(err)
	}
	figure := strings.ToLower(string(svg))
	st := pageStyle()
	for _, c := range append([]string{st.Rule}, st.Orgs...) {
		if !strings.Contains(figure, "stroke:"+c+";") {
			t.Errorf("the report figures draw no line in %s", c)
		}
	}
	if len(st.Dashes) != 2 || len(st.Dashes[0]) != 0 || len(st.Dashes[1]) != 2 || st.Dashes[1][0] != 10 || st.Dashes[1][1] != 5 {
		t.Errorf("dash patterns %v, want the figures' solid and 10 5", st.Dashes)
	}
}

// Numbers on the queue colours are ink or white, whichever contrasts
// more, and always at least 4.5:1 (WCAG AA for text).
func TestQueueNumbersContrast(t *testing.T) {
	for i, c := range queueC {
		if r := contrast(onColour(c), c); r < 4.5 {
			t.Errorf("queue colour %d (%s): numbers at %.2f:1", i, hex(c), r)
		}
	}
	// Links and outlines stand out on white: at least 4.5:1.
	for _, c := range []struct {
		name string
		r    float64
	}{{"edge", contrast(edgeC, whiteC)}, {"peer", contrast(peerC, whiteC)}, {"struck", contrast(struckC, whiteC)}} {
		if c.r < 4.5 {
			t.Errorf("%s lines at %.2f:1 on white", c.name, c.r)
		}
	}
}
