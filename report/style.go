package report

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The one place for the look of every figure, a run's, a sweep's and a
// study's alike: geometry, fonts, colours (palette, greys, colour scales),
// line styles and the formatting of numbers on figures.

// Figure geometry: 960×540 points is 1280×720 pixels at 96 dots per inch.
const (
	figWidth  vg.Length = 960
	figHeight vg.Length = 540
	figDPI              = 96
	margin    vg.Length = 16
)

// Font sizes in points, large enough to read on a projector.
const (
	titleSize    = 22
	subtitleSize = 15
	panelSize    = 17
	labelSize    = 16
	tickSize     = 14
	legendSize   = 15
	noteSize     = 14
)

var (
	ink    = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	muted  = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	rule   = color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xff}
	grid   = color.NRGBA{R: 0xe3, G: 0xe3, B: 0xe3, A: 0xff}
	white  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	plain  = text.Plain{Fonts: font.DefaultCache}
	noDash []vg.Length
)

// okabeIto is the Okabe–Ito palette, safe for the common forms of colour
// blindness, in the order organisations get their colours (yellow, weak on
// white, comes last).
var okabeIto = []color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, // black
	{R: 0xf0, G: 0xe4, B: 0x42, A: 0xff}, // yellow
}

// dashes gives each organisation's line its own pattern too, so the lines
// stay apart in grey print.
var dashes = [][]vg.Length{
	noDash,
	{10, 5},
	{3, 4},
	{12, 4, 3, 4},
	{6, 3},
	{2, 2},
	{14, 3, 3, 3, 3, 3},
	{8, 8},
}

// orgColour is the colour of the i-th organisation.
func orgColour(i int) color.NRGBA { return okabeIto[i%len(okabeIto)] }

// orgTint is the i-th organisation's colour, translucent, for bands.
func orgTint(i int) color.NRGBA { return tint(orgColour(i)) }

// tint returns c, translucent.
func tint(c color.Color) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0x38
	return n
}

// orgLine is the line style of the i-th organisation.
func orgLine(i int) draw.LineStyle {
	return draw.LineStyle{Color: orgColour(i), Width: 2.5, Dashes: dashes[i%len(dashes)]}
}

// sans returns a text style in Liberation Sans of the given size.
func sans(size vg.Length, bold bool, clr color.Color) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: clr, Font: f, Handler: plain}
}

// short formats x with about three significant digits for labels.
func short(x float64) string {
	a := math.Abs(x)
	switch {
	case !finite(x):
		return "–"
	case a >= 100 || a == 0:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// percent formats a share (0.25) as "25 %".
func percent(share float64) string {
	return strconv.FormatFloat(100*share, 'f', 0, 64) + " %"
}

// Line styles shared by the figures. ruleWidth is the width of axes, ticks,
// grid lines and frames.
const ruleWidth vg.Length = 1

var (
	// barOutline separates bars; whisker is a bar's interval.
	barOutline = draw.LineStyle{Color: white, Width: 0.75}
	whisker    = draw.LineStyle{Color: ink, Width: 1.75}
	// gridLine is a panel's grid; frameLine frames a colour bar.
	gridLine  = draw.LineStyle{Color: grid, Width: ruleWidth}
	frameLine = draw.LineStyle{Color: rule, Width: ruleWidth}
	// guideLine marks reference levels (p50, p95); markLine marks
	// disruptions and limits; zeroLine is the zero of differences.
	guideLine = draw.LineStyle{Color: rule, Width: ruleWidth, Dashes: []vg.Length{4, 4}}
	markLine  = draw.LineStyle{Color: ink, Width: 1.25, Dashes: []vg.Length{6, 4}}
	zeroLine  = draw.LineStyle{Color: ink, Width: 1.25}
	// cellGap is the white line between the cells of a heatmap.
	cellGap = draw.LineStyle{Color: white, Width: 2}
)

// openLine is the dashed outline of an open bar (a lower bound) in colour c.
func openLine(c color.Color) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: 2, Dashes: []vg.Length{5, 3}}
}

// Colour scales: viridis for means, and a colour-blind-safe diverging
// blue–white–orange for differences, centred on zero.
var (
	viridis = []color.NRGBA{
		{0x44, 0x01, 0x54, 0xff}, {0x47, 0x2d, 0x7b, 0xff}, {0x3b, 0x52, 0x8b, 0xff},
		{0x2c, 0x72, 0x8e, 0xff}, {0x21, 0x91, 0x8c, 0xff}, {0x28, 0xae, 0x80, 0xff},
		{0x5e, 0xc9, 0x62, 0xff}, {0xad, 0xdc, 0x30, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
	}
	blueOrange = []color.NRGBA{
		{0x21, 0x66, 0xac, 0xff}, {0x67, 0xa9, 0xcf, 0xff}, {0xd1, 0xe5, 0xf0, 0xff},
		{0xf7, 0xf7, 0xf7, 0xff},
		{0xfe, 0xe0, 0xb6, 0xff}, {0xf1, 0xa3, 0x40, 0xff}, {0xb3, 0x58, 0x06, 0xff},
	}
	noValue = color.NRGBA{R: 0xd9, G: 0xd9, B: 0xd9, A: 0xff}
)

// sig3 formats x rounded to three significant figures, without trailing
// zeros after the point and without an exponent from 0.001 up; "–" for
// NaN and "∞" for the infinities.
func sig3(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	case x == 0:
		return "0"
	}
	a := math.Abs(x)
	if a < 0.001 {
		return strings.Replace(strconv.FormatFloat(x, 'g', 3, 64), "-", "−", 1)
	}
	// Round to three significant figures first, so that 999.7 gives 1000.
	e := int(math.Floor(math.Log10(a)))
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', 2, 64), 64)
	if e2 := int(math.Floor(math.Log10(math.Abs(r)))); e2 > e {
		e = e2
	}
	s := strconv.FormatFloat(r, 'f', max(0, 2-e), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return strings.Replace(s, "-", "−", 1)
}

// neitherFill is the colour of a cell whose interval contains 0.
var neitherFill = color.NRGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}

// thresholdStyle is the line of an axis's threshold.
var thresholdStyle = draw.LineStyle{Color: ink, Width: 2, Dashes: []vg.Length{7, 4}}

// dummyColour is the dummy's colour: grey, apart from the factors'; its
// bars are grey too, light for μ* and the first-order index, dark for the
// total index.
var (
	dummyColour  = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	dummyColours = []color.NRGBA{dummyColour, {R: 0x66, G: 0x66, B: 0x66, A: 0xff}}
)

// floorLine is the style of the noise floor: the dummy's estimate.
var floorLine = draw.LineStyle{Color: ink, Width: 1.5, Dashes: []vg.Length{6, 4}}
