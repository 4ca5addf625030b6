package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"runtime"
	"strconv"
	"sync"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/orgsim/orgsim/sim"
)

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

// Hours per working day and per working week.
const (
	hoursPerDay  = sim.Day
	hoursPerWeek = sim.Week
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

// newPanel returns a plot with orgsim's fonts, lines and grid.
func newPanel(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.TextHandler = plain
	p.Title.Text = title
	p.Title.TextStyle = sans(panelSize, true, ink)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = 8
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(labelSize, false, ink).Font
		a.Label.TextStyle.Color = ink
		a.Label.TextStyle.Handler = plain
		a.Label.Padding = 6
		a.Tick.Label.Font = sans(tickSize, false, ink).Font
		a.Tick.Label.Color = ink
		a.Tick.Label.Handler = plain
		a.Color = rule
		a.Width = 1
		a.Tick.Color = rule
		a.Tick.Width = 1
		a.Tick.Length = 5
		a.Padding = 4
		a.Tick.Marker = niceTicks{}
	}
	p.Legend.TextStyle = sans(legendSize, false, ink)
	return p
}

// nominal puts the named categories at 0, 1, … on the axis a, without tick
// marks, and sets its range to [−0.5, len−0.5].
func nominal(a *plot.Axis, names []string) {
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	a.Tick.Marker = ticks
	a.Tick.Length = 0
	a.Min, a.Max = -0.5, float64(len(names))-0.5
}

// legendEntry is one item of a figure's legend: its thumbnails drawn on
// top of each other, then its label.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// frame is what every figure has around its panels: a title, a subtitle
// and a legend laid out in rows.
type frame struct {
	title, subtitle string
	legend          []legendEntry
}

// draw fills c white, draws the frame and returns the canvas left for the
// panels.
func (f frame) draw(c draw.Canvas) draw.Canvas {
	c.SetColor(white)
	c.Fill(c.Rectangle.Path())
	left, right := c.Min.X+margin, c.Max.X-margin
	y := c.Max.Y - margin

	ts := sans(titleSize, true, ink)
	ts.YAlign = draw.YTop
	c.FillText(ts, vg.Point{X: left, Y: y}, f.title)
	y -= ts.Height(f.title) + 4
	if f.subtitle != "" {
		ss := sans(subtitleSize, false, muted)
		ss.YAlign = draw.YTop
		c.FillText(ss, vg.Point{X: left, Y: y}, f.subtitle)
		y -= ss.Height(f.subtitle)
	}
	if len(f.legend) > 0 {
		y -= 8
		y = drawLegend(c, f.legend, left, right, y)
	}
	y -= 14
	return draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: c.Min.X + margin, Y: c.Min.Y + margin},
		Max: vg.Point{X: right, Y: y},
	}}
}

// drawLegend lays the entries out left to right from (left, top), wrapping
// at right, and returns the y below the last row.
func drawLegend(c draw.Canvas, entries []legendEntry, left, right, top vg.Length) vg.Length {
	const thumbW, gap, sep vg.Length = 34, 7, 26
	ls := sans(legendSize, false, ink)
	ls.YAlign = draw.YCenter
	rowH := ls.Height("Mg") + 4
	x, y := left, top
	for _, e := range entries {
		w := thumbW + gap + ls.Width(e.label)
		if x > left && x+w > right {
			x = left
			y -= rowH + 4
		}
		icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y - rowH + 3},
			Max: vg.Point{X: x + thumbW, Y: y - 3},
		}}
		for _, t := range e.thumbs {
			t.Thumbnail(&icon)
		}
		c.FillText(ls, vg.Point{X: x + thumbW + gap, Y: y - rowH/2}, e.label)
		x += w + sep
	}
	return y - rowH
}

// messageFigure draws a figure that has nothing to plot but a sentence.
func messageFigure(c draw.Canvas, title, msg string) {
	pc := frame{title: title}.draw(c)
	ms := sans(labelSize, false, muted)
	ms.XAlign = draw.XCenter
	ms.YAlign = draw.YCenter
	c.FillText(ms, pc.Center(), msg)
}

// render draws a figure on a fresh canvas of the given format ("png" or
// "svg") and returns the encoded file.
func render(format string, fig func(draw.Canvas) error) ([]byte, error) {
	var cw vg.CanvasWriterTo
	switch format {
	case "png":
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(
			vgimg.UseWH(figWidth, figHeight), vgimg.UseDPI(figDPI), vgimg.UseBackgroundColor(white))}
	case "svg":
		cw = vgsvg.New(figWidth, figHeight)
	default:
		return nil, fmt.Errorf("report: unknown figure format %q", format)
	}
	if err := fig(draw.New(cw)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return nil, err
	}
	if format == "svg" {
		// SVG names the font without embedding it. Arial and Helvetica
		// have Liberation Sans's metrics, so text laid out for it still
		// fits where the viewer lacks it.
		return bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
			[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")), nil
	}
	return buf.Bytes(), nil
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

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

// curve is a line through (xs, ys); a NaN in either breaks it. It is drawn
// thinned to what each pixel column can show ([thin]), so that it costs
// about the same however long the run.
type curve struct {
	xs, ys []float64
	style  draw.LineStyle
}

func (l *curve) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var lines [][]vg.Point
	var cur []vg.Point
	for i := range l.xs {
		if !finite(l.xs[i]) || !finite(l.ys[i]) {
			if len(cur) > 0 {
				lines = append(lines, thin(cur))
				cur = nil
			}
			continue
		}
		cur = append(cur, vg.Point{X: trX(l.xs[i]), Y: trY(l.ys[i])})
	}
	if len(cur) > 0 {
		lines = append(lines, thin(cur))
	}
	strokeLines(c, l.style, c.ClipLinesXY(lines...))
}

func (l *curve) DataRange() (xmin, xmax, ymin, ymax float64) {
	return extent(l.xs, l.xs, l.ys, l.ys)
}

func (l *curve) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// band fills between low and high over xs, breaking where any is NaN; its
// edges are thinned as a curve's are ([fillBand]).
type band struct {
	xs, low, high []float64
	color         color.Color
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	flush := func(from, to int) {
		if to-from < 2 {
			return
		}
		high := make([]vg.Point, 0, to-from)
		low := make([]vg.Point, 0, to-from)
		for i := from; i < to; i++ {
			high = append(high, vg.Point{X: trX(b.xs[i]), Y: trY(b.high[i])})
			low = append(low, vg.Point{X: trX(b.xs[i]), Y: trY(b.low[i])})
		}
		fillBand(c, b.color, high, low)
	}
	from := 0
	for i := range b.xs {
		if !finite(b.xs[i]) || !finite(b.low[i]) || !finite(b.high[i]) {
			flush(from, i)
			from = i + 1
		}
	}
	flush(from, len(b.xs))
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) {
	return extent(b.xs, b.xs, b.low, b.high)
}

func (b *band) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.color, []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y},
	})
}

// extent returns the range of the finite values of x0 ∪ x1 and y0 ∪ y1;
// an empty range is (+Inf, −Inf), which leaves a plot's range as it was.
func extent(x0, x1, y0, y1 []float64) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range [][]float64{x0, x1} {
		for _, v := range s {
			if finite(v) {
				xmin, xmax = math.Min(xmin, v), math.Max(xmax, v)
			}
		}
	}
	for _, s := range [][]float64{y0, y1} {
		for _, v := range s {
			if finite(v) {
				ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
			}
		}
	}
	return
}

// dots marks points with filled circles ringed in white.
type dots struct {
	xs, ys []float64
	color  color.Color
}

func (d *dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ring := draw.GlyphStyle{Color: white, Radius: 7, Shape: draw.CircleGlyph{}}
	dot := draw.GlyphStyle{Color: d.color, Radius: 5, Shape: draw.CircleGlyph{}}
	for i := range d.xs {
		if finite(d.xs[i]) && finite(d.ys[i]) {
			pt := vg.Point{X: trX(d.xs[i]), Y: trY(d.ys[i])}
			c.DrawGlyph(ring, pt)
			c.DrawGlyph(dot, pt)
		}
	}
}

func (d *dots) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle{Color: d.color, Radius: 5, Shape: draw.CircleGlyph{}}, c.Center())
}

// refLines draws reference lines across the data area: vertical at x
// values, or horizontal at y values, each with an optional label.
type refLines struct {
	horizontal bool
	at         []float64
	labels     []string // "" for none; may be shorter than at
	style      draw.LineStyle
}

func (r *refLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := sans(noteSize, false, muted)
	for i, v := range r.at {
		if !finite(v) {
			continue
		}
		label := ""
		if i < len(r.labels) {
			label = r.labels[i]
		}
		if r.horizontal {
			y := trY(v)
			if !c.ContainsY(y) {
				continue
			}
			c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
			if label != "" {
				c.FillText(ts, vg.Point{X: c.Min.X + 4, Y: y + 3}, label)
			}
			continue
		}
		x := trX(v)
		if !c.ContainsX(x) {
			continue
		}
		c.StrokeLine2(r.style, x, c.Min.Y, x, c.Max.Y)
		if label != "" {
			// Alternate two rows so that labels of close lines do not collide.
			s := ts
			s.YAlign = draw.YTop
			y := c.Max.Y - 3 - vg.Length(i%2)*(ts.Height(label)+2)
			c.FillText(s, vg.Point{X: x + 4, Y: y}, label)
		}
	}
}

func (r *refLines) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
}

// bars draws one bar per position from zero to val (none where val is not
// finite), a whisker from low to high with a mark at mid where they are
// finite, and a note beyond the bar's end. Vertical bars unless
// horizontal; positions and width are in data units of the category axis.
type bars struct {
	horizontal     bool
	pos            []float64
	width          float64
	val, low, high []float64
	mid            []float64 // whisker mark; nil for none
	notes          []string  // nil for none
	open           []bool    // drawn open (tinted, outlined) as a lower bound; nil for none
	color          color.Color
}

var (
	barOutline = draw.LineStyle{Color: white, Width: 0.75}
	whisker    = draw.LineStyle{Color: ink, Width: 1.75}
)

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	trCat, trVal := trX, trY
	if b.horizontal {
		trCat, trVal = trY, trX
	}
	pt := func(cat, val vg.Length) vg.Point {
		if b.horizontal {
			return vg.Point{X: val, Y: cat}
		}
		return vg.Point{X: cat, Y: val}
	}
	ns := sans(noteSize, false, ink)
	if b.horizontal {
		ns.YAlign = draw.YCenter
	} else {
		ns.XAlign = draw.XCenter
	}
	for i, at := range b.pos {
		lo, hi := trCat(at-b.width/2), trCat(at+b.width/2)
		mid := trCat(at)
		end := trVal(0)
		if v := b.val[i]; finite(v) {
			zero, top := trVal(0), trVal(v)
			rect := []vg.Point{pt(lo, zero), pt(lo, top), pt(hi, top), pt(hi, zero)}
			if b.open != nil && b.open[i] {
				c.FillPolygon(tint(b.color), c.ClipPolygonXY(rect))
				c.StrokeLines(draw.LineStyle{Color: b.color, Width: 2, Dashes: []vg.Length{5, 3}},
					c.ClipLinesXY(append(rect, rect[0]))...)
			} else {
				c.FillPolygon(b.color, c.ClipPolygonXY(rect))
				c.StrokeLines(barOutline, c.ClipLinesXY(append(rect, rect[0]))...)
			}
			end = max(end, top)
		}
		if l, h := b.low[i], b.high[i]; finite(l) && finite(h) {
			a, z := trVal(l), trVal(h)
			capW := (hi - lo) / 4
			c.StrokeLines(whisker, c.ClipLinesXY(
				[]vg.Point{pt(mid, a), pt(mid, z)},
				[]vg.Point{pt(mid-capW, a), pt(mid+capW, a)},
				[]vg.Point{pt(mid-capW, z), pt(mid+capW, z)},
			)...)
			if b.mid != nil && finite(b.mid[i]) {
				g := draw.GlyphStyle{Color: ink, Radius: 3.5, Shape: draw.BoxGlyph{}}
				c.DrawGlyph(g, pt(mid, trVal(b.mid[i])))
			}
			end = max(end, z)
		}
		if b.notes != nil && b.notes[i] != "" {
			// A white ground keeps the note legible over grid and
			// reference lines.
			note := b.notes[i]
			w, h := ns.Width(note), ns.Height(note)
			var box vg.Rectangle
			if b.horizontal {
				box = vg.Rectangle{Min: vg.Point{X: end + 3, Y: mid - h/2}, Max: vg.Point{X: end + 7 + w, Y: mid + h/2}}
			} else {
				box = vg.Rectangle{Min: vg.Point{X: mid - w/2 - 2, Y: end + 3}, Max: vg.Point{X: mid + w/2 + 2, Y: end + 5 + h}}
			}
			c.SetColor(white)
			c.Fill(box.Path())
			c.FillText(ns, pt(mid, end+5), note)
		}
	}
}

func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	cat := make([]float64, 0, 2*len(b.pos))
	for _, p := range b.pos {
		cat = append(cat, p-b.width/2, p+b.width/2)
	}
	cmin, cmax, vmin, vmax := extent(cat, nil, b.val, b.high)
	lmin, _, _, _ := extent(b.low, nil, nil, nil)
	vmin = math.Min(math.Min(vmin, lmin), 0)
	vmax = math.Max(vmax, 0)
	if b.horizontal {
		return vmin, vmax, cmin, cmax
	}
	return cmin, cmax, vmin, vmax
}

func (b *bars) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.color, []vg.Point{
		{X: c.Min.X + 4, Y: c.Min.Y}, {X: c.Min.X + 4, Y: c.Max.Y},
		{X: c.Max.X - 4, Y: c.Max.Y}, {X: c.Max.X - 4, Y: c.Min.Y},
	})
}

// whiskerThumb is the legend thumbnail of a mean with its interval.
type whiskerThumb struct{ horizontal bool }

func (w whiskerThumb) Thumbnail(c *draw.Canvas) {
	m := c.Center()
	if w.horizontal {
		x0, x1 := c.Min.X+4, c.Max.X-4
		c.StrokeLines(whisker, []vg.Point{{X: x0, Y: m.Y}, {X: x1, Y: m.Y}},
			[]vg.Point{{X: x0, Y: m.Y - 5}, {X: x0, Y: m.Y + 5}},
			[]vg.Point{{X: x1, Y: m.Y - 5}, {X: x1, Y: m.Y + 5}})
		return
	}
	y0, y1 := c.Min.Y, c.Max.Y
	c.StrokeLines(whisker, []vg.Point{{X: m.X, Y: y0}, {X: m.X, Y: y1}},
		[]vg.Point{{X: m.X - 5, Y: y0}, {X: m.X + 5, Y: y0}},
		[]vg.Point{{X: m.X - 5, Y: y1}, {X: m.X + 5, Y: y1}})
	c.DrawGlyph(draw.GlyphStyle{Color: ink, Radius: 3.5, Shape: draw.BoxGlyph{}}, m)
}

// panelMessage writes a sentence in the middle of a panel's data area.
type panelMessage string

func (m panelMessage) Plot(c draw.Canvas, p *plot.Plot) {
	ms := sans(labelSize, false, muted)
	ms.XAlign = draw.XCenter
	ms.YAlign = draw.YCenter
	c.FillText(ms, c.Center(), string(m))
}

// logTicks labels a logarithmic axis at 1, 2 and 5 times the powers of
// ten (only the powers when the range spans more than four decades), with
// unlabelled minor ticks between.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	major := []int{1, 2, 5}
	if hi-lo > 4 {
		major = []int{1}
	}
	var ticks []plot.Tick
	labelled := 0
	for e := lo; e <= hi; e++ {
		for m := 1; m <= 9; m++ {
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: v}
			for _, k := range major {
				if m == k {
					t.Label = strconv.FormatFloat(v, 'f', -1, 64)
					labelled++
				}
			}
			ticks = append(ticks, t)
		}
	}
	if labelled < 2 {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	return ticks
}

// niceTicks labels a linear axis at about six round values (1, 2 or 5
// times a power of ten apart), with unlabelled minor ticks between.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !finite(lo) || !finite(hi) {
		return nil // gonum's tick search never ends on NaN or infinite ranges
	}
	if !(span > 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := span / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minor := 10*mag, 5
	for _, m := range []struct {
		f     float64
		minor int
	}{{1, 5}, {2, 4}, {5, 5}} {
		if m.f*mag >= raw {
			step, minor = m.f*mag, m.minor
			break
		}
	}
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	sub := step / float64(minor)
	var ticks []plot.Tick
	for k := math.Ceil(lo/sub - 1e-9); k*sub <= hi+1e-9*span; k++ {
		v := k * sub
		if math.Abs(v) < 1e-12*span {
			v = 0
		}
		t := plot.Tick{Value: v}
		if int64(math.Round(k))%int64(minor) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// weeks formats hours as working weeks with at most one decimal.
func weeks(hours float64) string {
	return strconv.FormatFloat(math.Round(hours/hoursPerWeek*10)/10, 'f', -1, 64)
}

// openBarThumb is the legend thumbnail of an open bar.
type openBarThumb struct{ color color.Color }

func (o openBarThumb) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X + 5, Y: c.Min.Y + 1}, {X: c.Min.X + 5, Y: c.Max.Y - 1},
		{X: c.Max.X - 5, Y: c.Max.Y - 1}, {X: c.Max.X - 5, Y: c.Min.Y + 1},
	}
	c.FillPolygon(tint(o.color), pts)
	c.StrokeLines(draw.LineStyle{Color: o.color, Width: 2, Dashes: []vg.Length{5, 3}}, append(pts, pts[0]))
}

// figureJob is one figure file to draw: its name, its format ("png" or
// "svg") and the function that draws it.
type figureJob struct {
	name, format string
	draw         func(draw.Canvas) error
}

// renderAll draws the jobs, as many at once as the machine has processors,
// and returns their files in the order of jobs: each figure is drawn on a
// canvas of its own, so the bytes are those render gives one at a time. The
// error is that of the first failing job in that order.
func renderAll(jobs []figureJob) ([]namedFile, error) {
	out := make([]namedFile, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				b, err := render(j.format, j.draw)
				if err != nil {
					errs[i] = fmt.Errorf("report: drawing %s: %w", j.name, err)
					continue
				}
				out[i] = namedFile{j.name, b}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
