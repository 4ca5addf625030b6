package seminar

import (
	"fmt"
	"image/color"
	"math"
)

// The look the page and the GIF share, and share with orgsim's report
// figures (the report package draws with the same ink, rule and grid
// greys, the same Okabe–Ito colours and dash patterns for the
// organisations, in Liberation Sans).
var (
	inkC    = color.NRGBA{0x22, 0x22, 0x22, 0xff}
	mutedC  = color.NRGBA{0x55, 0x55, 0x55, 0xff}
	ruleC   = color.NRGBA{0x77, 0x77, 0x77, 0xff}
	gridC   = color.NRGBA{0xe3, 0xe3, 0xe3, 0xff}
	whiteC  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	activeC = color.NRGBA{0x7a, 0x3b, 0x00, 0xff}
	// edgeC and peerC are reporting lines and peer links: dark enough to
	// stay visible on a washed-out projector (7.5:1 and 4.5:1 on white).
	edgeC = color.NRGBA{0x55, 0x55, 0x55, 0xff}
	peerC = color.NRGBA{0x76, 0x76, 0x76, 0xff}
	// struckC rings what a disruption struck.
	struckC = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	borderC = color.NRGBA{0xee, 0xee, 0xee, 0xff}
	// orgC are the organisations' colours (Okabe–Ito blue and vermillion,
	// as in orgsim's figures), orgDash their line patterns.
	orgC    = []color.NRGBA{{0x00, 0x72, 0xb2, 0xff}, {0xd5, 0x5e, 0x00, 0xff}}
	orgDash = [][]float64{nil, {10, 5}}
	// queueC are the queue colours, by bin (see queueBin): viridis steps,
	// lightest for an empty queue, safe for the common forms of colour
	// blindness.
	queueC = []color.NRGBA{
		{0xf2, 0xf2, 0xf2, 0xff}, {0xfd, 0xe7, 0x25, 0xff}, {0xa0, 0xda, 0x39, 0xff}, {0x4a, 0xc1, 0x6d, 0xff},
		{0x1f, 0xa1, 0x87, 0xff}, {0x27, 0x7f, 0x8e, 0xff}, {0x36, 0x5c, 0x8d, 0xff}, {0x46, 0x32, 0x7e, 0xff},
	}
	queueBins = []float64{0, 1, 2, 4, 8, 16, 32, 64}
)

// luminance is a colour's relative luminance (WCAG 2).
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// onColour returns the text colour for numbers written on background bg:
// ink or white, whichever contrasts more.
func onColour(bg color.NRGBA) color.NRGBA {
	if contrast(inkC, bg) >= contrast(whiteC, bg) {
		return inkC
	}
	return whiteC
}

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// style is the shared look as the page reads it.
type style struct {
	Ink       string      `json:"ink"`
	Muted     string      `json:"muted"`
	Rule      string      `json:"rule"`
	Grid      string      `json:"grid"`
	Edge      string      `json:"edge"`
	Peer      string      `json:"peer"`
	Struck    string      `json:"struck"`
	Active    string      `json:"active"`
	Orgs      []string    `json:"orgs"`
	Dashes    [][]float64 `json:"dashes"` // in line widths of 2.5
	Queue     []string    `json:"queue"`
	QueueText []string    `json:"queueText"` // the numbers' colour on each queue colour
	Bins      []float64   `json:"bins"`
}

func pageStyle() style {
	st := style{Ink: hex(inkC), Muted: hex(mutedC), Rule: hex(ruleC), Grid: hex(gridC), Edge: hex(edgeC), Peer: hex(peerC), Struck: hex(struckC), Active: hex(activeC), Bins: queueBins}
	for _, c := range orgC {
		st.Orgs = append(st.Orgs, hex(c))
	}
	for _, d := range orgDash {
		if d == nil {
			d = []float64{}
		}
		st.Dashes = append(st.Dashes, d)
	}
	for _, c := range queueC {
		st.Queue = append(st.Queue, hex(c))
		st.QueueText = append(st.QueueText, hex(onColour(c)))
	}
	return st
}
