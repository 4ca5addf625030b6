package seminar

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	_ "gonum.org/v1/plot" // registers the Liberation fonts in font.DefaultCache
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// The picture of a recording is laid out in points on a 960×540 canvas,
// like the page at 1280×720 pixels: a title band, a caption of up to two
// lines, the two panes, the two charts and the key.
const (
	canvasW = 960.0
	canvasH = 540.0
	paneTop = 78.0  // panes' top edge
	paneBot = 340.0 // panes' bottom edge
	chartT  = 350.0 // charts' top edge
	chartB  = 514.0 // charts' bottom edge
	colL    = 10.0  // left column's left edge
	colR    = 490.0 // right column's left edge
	colW    = 460.0 // column width
)

// dashVG is organisation o's line pattern for the GIF (its line is 2
// points wide, the page's 2.5 pixels: the pattern scales with it).
func dashVG(o int) []vg.Length {
	var out []vg.Length
	for _, v := range orgDash[o%len(orgDash)] {
		out = append(out, vg.Length(v*0.8))
	}
	return out
}

// queueBin returns the colour bin of a queue of perUnit issues per unit.
func queueBin(perUnit float64) int {
	b := 0
	for i, lo := range queueBins {
		if perUnit >= lo {
			b = i
		}
	}
	return b
}

// nodeRadius is a drawn node's radius for a queue of perUnit issues per
// unit, in layout units: it grows with the square root of the queue.
func nodeRadius(base, perUnit float64) float64 {
	return base + math.Min(3*math.Sqrt(perUnit), 24)
}

// pen draws on a vg canvas with the origin at the top left, in points.
type pen struct {
	c    *vgimg.Canvas
	face map[[2]int]font.Face
}

func newPen(width int) *pen {
	dpi := width * 72 / int(canvasW)
	c := vgimg.NewWith(vgimg.UseWH(canvasW, canvasH), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(whiteC))
	return &pen{c: c, face: map[[2]int]font.Face{}}
}

func (p *pen) pt(x, y float64) vg.Point { return vg.Point{X: vg.Length(x), Y: vg.Length(canvasH - y)} }

func (p *pen) font(size float64, bold bool) font.Face {
	k := [2]int{int(size * 10), 0}
	if bold {
		k[1] = 1
	}
	if f, ok := p.face[k]; ok {
		return f
	}
	fn := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Length(size)}
	if bold {
		fn.Weight = xfont.WeightBold
	}
	f := font.DefaultCache.Lookup(fn, vg.Length(size))
	p.face[k] = f
	return f
}

func (p *pen) line(x1, y1, x2, y2, w float64, c color.Color, dash []vg.Length) {
	var path vg.Path
	path.Move(p.pt(x1, y1))
	path.Line(p.pt(x2, y2))
	p.c.SetColor(c)
	p.c.SetLineWidth(vg.Length(w))
	p.c.SetLineDash(dash, 0)
	p.c.Stroke(path)
}

func (p *pen) polyline(xs, ys []float64, w float64, c color.Color, dash []vg.Length) {
	if len(xs) < 2 {
		return
	}
	var path vg.Path
	path.Move(p.pt(xs[0], ys[0]))
	for i := 1; i < len(xs); i++ {
		path.Line(p.pt(xs[i], ys[i]))
	}
	p.c.SetColor(c)
	p.c.SetLineWidth(vg.Length(w))
	p.c.SetLineDash(dash, 0)
	p.c.Stroke(path)
}

func (p *pen) circle(x, y, r float64, fill, stroke color.Color, w float64, dash []vg.Length) {
	var path vg.Path
	path.Move(p.pt(x+r, y))
	path.Arc(p.pt(x, y), vg.Length(r), 0, 2*math.Pi)
	path.Close()
	p.c.SetColor(fill)
	p.c.Fill(path)
	if stroke != nil {
		p.c.SetColor(stroke)
		p.c.SetLineWidth(vg.Length(w))
		p.c.SetLineDash(dash, 0)
		p.c.Stroke(path)
	}
}

func (p *pen) rect(x, y, w, h float64, fill color.Color) {
	var path vg.Path
	path.Move(p.pt(x, y))
	path.Line(p.pt(x+w, y))
	path.Line(p.pt(x+w, y+h))
	path.Line(p.pt(x, y+h))
	path.Close()
	p.c.SetColor(fill)
	p.c.Fill(path)
}

// text writes s with its baseline at y; align is 0 (left), 0.5 (centre) or
// 1 (right) of x. It returns the text's width.
func (p *pen) text(x, y float64, s string, size float64, bold bool, c color.Color, align float64) float64 {
	f := p.font(size, bold)
	w := float64(f.Width(s))
	p.c.SetColor(c)
	p.c.FillString(f, p.pt(x-align*w, y), s)
	return w
}

// fit shortens s with an ellipsis until it is at most w points wide.
func (p *pen) fit(s string, size float64, bold bool, w float64) string {
	f := p.font(size, bold)
	if float64(f.Width(s)) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && float64(f.Width(string(r)+"…")) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// wrap breaks s into lines at most w points wide, at most max of them
// (the last shortened with an ellipsis if need be).
func (p *pen) wrap(s string, size float64, bold bool, w float64, max int) []string {
	f := p.font(size, bold)
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if float64(f.Width(try)) <= w || line == "" {
			line = try
			continue
		}
		lines = append(lines, line)
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > max {
		rest := strings.Join(lines[max-1:], " ")
		lines = append(lines[:max-1], p.fit(rest, size, bold, w))
	}
	return lines
}

// picture is everything one frame of a recording shows.
type picture struct {
	title       string
	clock       string
	status      string
	caption     string
	active      []string
	t           float64
	horizon     float64 // the charts' time axis ends here
	step        float64
	layouts     []*orgLayout
	orgs        []orgFrame
	backlog     [][]int
	twinBacklog [][]int
	p95         [][]float64
	twinP95     [][]float64
	markers     []marker // those struck by now
	allMarkers  []marker // those of the whole recording, for the key
	yBack       float64  // the charts' fixed maxima
	yP95        float64
	p95Unit     float64 // hours per unit of the p95 axis (1 or a working day)
}

// draw paints the picture on a fresh canvas of the given pixel width and
// returns the image.
func (pc *picture) draw(width int) image.Image {
	p := newPen(width)
	p.text(colL, 22, "orgsim", 16, true, inkC, 0)
	p.text(colL+58, 22, pc.title, 14, false, mutedC, 0)
	p.text(canvasW/2, 24, pc.clock, 20, true, inkC, 0.5)
	p.text(canvasW-colL, 22, pc.status, 12, false, mutedC, 1)
	for i, line := range p.wrap(pc.caption, 13.5, false, canvasW-2*colL, 2) {
		p.text(colL, 44+float64(i)*16, line, 13.5, false, inkC, 0)
	}
	for o := range pc.layouts {
		x0 := colL
		if o == 1 {
			x0 = colR
		}
		pc.drawPane(p, o, x0)
	}
	unit := "hours"
	if pc.p95Unit > 1 {
		unit = "days"
	}
	pc.drawChart(p, colL, "p95 latency ("+unit+"): 95 % of last week's decisions took less", pc.p95, pc.twinP95, pc.yP95, pc.p95Unit)
	back := func(ss [][]int) [][]float64 {
		out := make([][]float64, len(ss))
		for o, s := range ss {
			for _, v := range s {
				out[o] = append(out[o], float64(v))
			}
		}
		return out
	}
	pc.drawChart(p, colR, "backlog: issues still open", back(pc.backlog), back(pc.twinBacklog), pc.yBack, 1)
	drawKey(p, canvasH-7, 10, pc.allMarkers, false)
	return p.c.Image()
}

func joinActive(a []string) string { return strings.Join(a, " · ") }

// drawPane draws organisation o's header and structure in the column at x0.
func (pc *picture) drawPane(p *pen, o int, x0 float64) {
	l := pc.layouts[o]
	of := pc.orgs[o]
	y := paneTop + 12
	p.line(x0, y-4.5, x0+22, y-4.5, 3, orgC[o], dashVG(o))
	w := p.text(x0+28, y, l.Name, 13, true, inkC, 0)
	stats := "backlog " + strconv.Itoa(int(of.Shown))
	if of.Status != "" {
		stats += " (undisturbed " + strconv.Itoa(int(of.Twin)) + ")"
	}
	stats += " · p95 " + unitDuration(float64(of.P95), pc.p95Unit)
	sw := p.text(x0+colW, y, stats, 11.5, false, inkC, 1)
	p.text(x0+32+w, y, p.fit(l.Summary, 11, false, colW-sw-w-40), 11, false, mutedC, 0)
	if of.Status != "" {
		word, c := "back to normal", mutedC
		if of.Status == "recovering" {
			word, c = "recovering", activeC
		}
		p.text(x0+28, y+14, word, 11, true, c, 0)
	}
	// The structure, scaled into the pane below the header.
	top := y + 18
	h := paneBot - top
	s := math.Min(colW/float64(l.Width), h/float64(l.Height))
	ox := x0 + (colW-s*float64(l.Width))/2
	X := func(x float64) float64 { return ox + s*x }
	Y := func(y float64) float64 { return top + s*y }
	awayAt := map[int]string{}
	for _, a := range of.Away {
		awayAt[a.Node] = a.State
	}
	struck := map[int]bool{}
	for _, n := range of.Struck {
		struck[n] = true
	}
	for _, e := range l.Edges {
		a, b := l.Nodes[e.A], l.Nodes[e.B]
		c, wd := edgeC, 1.1
		if e.Peer {
			c, wd = peerC, 0.8
		}
		var dash []vg.Length
		if of.Slow {
			c, dash = activeC, []vg.Length{3, 2.5}
		}
		p.line(X(a.X), Y(a.Y), X(b.X), Y(b.Y), wd*s, c, dash)
	}
	for i, n := range l.Nodes {
		q := 0
		if i < len(of.Nodes) {
			q = of.Nodes[i]
		}
		per := float64(q) / float64(max(n.Units, 1))
		r := nodeRadius(n.R, per) * s
		b := queueBin(per)
		st := awayAt[i]
		if struck[i] {
			p.circle(X(n.X), Y(n.Y), r+3, whiteC, struckC, 1.6, nil)
		}
		if st != "" {
			p.circle(X(n.X), Y(n.Y), r, queueC[b], color.Black, 1.8, []vg.Length{3.5, 2.5})
			p.text(X(n.X)+r+2, Y(n.Y)+3, st, 9, true, color.Black, 0)
		} else {
			p.circle(X(n.X), Y(n.Y), r, queueC[b], inkC, 0.7, nil)
		}
		if q > 0 {
			p.text(X(n.X), Y(n.Y)+3.2, strconv.Itoa(q), 9, false, onColour(queueC[b]), 0.5)
		}
		if n.Label != "" {
			// A label on a white ground, so that lines do not strike
			// through it.
			f := p.font(8, false)
			lw := float64(f.Width(n.Label))
			p.rect(X(n.X)-lw/2-1, Y(n.Y)+r+2.5, lw+2, 8.5, whiteC)
			p.text(X(n.X), Y(n.Y)+r+9, n.Label, 8, false, mutedC, 0.5)
		}
	}
}

// drawChart draws one chart in the column at x0: a line per organisation
// and a thin dotted one per undisturbed twin over the whole time axis, the
// disruptions marked, and the current time.
func (pc *picture) drawChart(p *pen, x0 float64, title string, series, twins [][]float64, ymax, div float64) {
	p.text(x0, chartT+11, p.fit(title, 11.5, false, colW), 11.5, false, inkC, 0)
	L, R, T, B := x0+40, x0+colW-6, chartT+30, chartB-14
	X := func(t float64) float64 { return L + (R-L)*t/pc.horizon }
	Y := func(v float64) float64 { return B - (B-T)*(v/div)/ymax }
	ymax, tick := niceAxis(ymax)
	for v := 0.0; v <= ymax+tick/2; v += tick {
		y := B - (B-T)*v/ymax
		p.line(L, y, R, y, 0.8, gridC, nil)
		p.text(L-4, y+3.5, trimFloat(v), 9, false, mutedC, 1)
	}
	weeks := pc.horizon / 40
	every := 2.0
	switch {
	case weeks > 150:
		every = 50
	case weeks > 60:
		every = 10
	case weeks > 20:
		every = 5
	}
	for w := 0.0; w <= weeks+1e-9; w += every {
		if w == 0 {
			p.text(X(0), B+11, "week 0", 9, false, mutedC, 0)
			continue
		}
		p.text(X(w*40), B+11, trimFloat(w), 9, false, mutedC, 0.5)
	}
	p.line(L, T, L, B, 0.8, ruleC, nil)
	p.line(L, B, R, B, 0.8, ruleC, nil)
	lastX, label := math.Inf(-1), ""
	flush := func() {
		if label != "" {
			p.text(lastX, T-4, label, 9, true, inkC, 0.5)
		}
	}
	for _, m := range pc.markers {
		x := X(m.T)
		p.line(x, T, x, B, 0.8, ruleC, []vg.Length{4, 3})
		if label != "" && x-lastX < 6*float64(len(label)+2) {
			label += "·" + m.Short
			continue
		}
		flush()
		lastX, label = x, m.Short
	}
	flush()
	x := X(pc.t)
	p.line(x, T, x, B, 0.8, color.NRGBA{0x44, 0x44, 0x44, 0xff}, []vg.Length{2, 3})
	plot := func(o int, s []float64, w float64, dash []vg.Length) {
		var xs, ys []float64
		flush := func() {
			p.polyline(xs, ys, w, orgC[o], dash)
			xs, ys = xs[:0], ys[:0]
		}
		for i, v := range s {
			if !finite(v) {
				flush()
				continue
			}
			xs = append(xs, X(float64(i)*pc.step))
			ys = append(ys, Y(math.Min(v, ymax*div)))
		}
		flush()
	}
	for o, s := range twins {
		plot(o, s, 1, []vg.Length{1.5, 2})
	}
	for o, s := range series {
		plot(o, s, 2, dashVG(o))
	}
}

// drawKey draws the key along a line at baseline y: the queue colours,
// what an outline, a ring and the dotted lines mean, and the chart marks
// of markers. big draws it larger, for the title frame.
func drawKey(p *pen, y, size float64, markers []marker, big bool) float64 {
	x := colL
	x += p.text(x, y, "queue per unit", size, false, mutedC, 0) + 4
	sw := size * 1.6
	for i, c := range queueC {
		p.rect(x, y-size, sw, size*1.3, c)
		lbl := strconv.Itoa(int(queueBins[i]))
		if i == len(queueC)-1 {
			lbl += "+"
		}
		p.text(x+sw/2, y-1, lbl, size*0.8, false, onColour(c), 0.5)
		x += sw
	}
	x += 10
	r := size * 0.45
	p.circle(x+r, y-size*0.35, r, queueC[0], color.Black, 1.4, []vg.Length{2.5, 2})
	x += 2*r + 4
	x += p.text(x, y, "not at full strength", size, false, mutedC, 0) + 10
	p.circle(x+r+2, y-size*0.35, r+2, whiteC, struckC, 1.4, nil)
	p.circle(x+r+2, y-size*0.35, r-1, queueC[0], inkC, 0.6, nil)
	x += 2*r + 8
	x += p.text(x, y, "struck", size, false, mutedC, 0) + 10
	p.line(x, y-size*0.35, x+18, y-size*0.35, 1, orgC[0], []vg.Length{1.5, 2})
	x += 22
	x += p.text(x, y, "undisturbed", size, false, mutedC, 0) + 10
	seen := map[string]bool{}
	var marks []string
	for _, m := range markers {
		if k := m.Short + " " + m.Label; !seen[k] {
			seen[k] = true
			marks = append(marks, k)
		}
	}
	if len(marks) > 0 {
		p.text(x, y, p.fit("marks: "+strings.Join(marks, " · "), size, false, canvasW-colL-x), size, false, mutedC, 0)
	}
	return x
}

// drawTitle draws the recording's first frame: its scenario, what it
// shows, the organisations' lines, the key, and the pace.
func drawTitle(width int, name, description string, layouts []*orgLayout, markers []marker, pace string) image.Image {
	p := newPen(width)
	p.text(canvasW/2, 70, "orgsim: "+name, 30, true, inkC, 0.5)
	y := 110.0
	for _, line := range p.wrap(description, 14, false, canvasW-8*colL, 9) {
		p.text(4*colL, y, line, 14, false, inkC, 0)
		y += 19
	}
	y += 14
	x := 4 * colL
	for o, l := range layouts {
		p.line(x, y-5, x+30, y-5, 3, orgC[o], dashVG(o))
		x += 36
		x += p.text(x, y, l.Name+": "+l.Summary, 14, false, inkC, 0) + 24
	}
	y += 26
	p.text(4*colL, y, "Each circle is a unit; it grows and darkens as issues queue there. Each organisation also runs undisturbed, on the same issues, as a dotted line.", 12, false, mutedC, 0)
	y += 34
	drawKey(p, y, 12, markers, true)
	p.text(canvasW/2, canvasH-30, "Simulated working time: "+pace, 14, true, inkC, 0.5)
	return p.c.Image()
}

// unitDuration writes hours in the chart's unit (hours, or working days
// when unit is a day), as the page's headings do: "6 h", "3.1 d".
func unitDuration(h, unit float64) string {
	switch {
	case !finite(h):
		return "–"
	case unit > 1:
		v := h / unit
		if v < 10 {
			return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + " d"
		}
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64) + " d"
	}
	return strconv.FormatFloat(math.Round(h), 'f', -1, 64) + " h"
}

func trimFloat(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// niceAxis returns an axis maximum at or above v and a tick step that
// divides it into at most five round steps (1, 2, 2.5 or 5 times a power of
// ten).
func niceAxis(v float64) (top, step float64) {
	if !(v > 0) || !finite(v) {
		return 1, 0.5
	}
	p := math.Pow(10, math.Floor(math.Log10(v/5)))
	for _, m := range []float64{1, 2, 2.5, 5, 10, 20} {
		step = m * p
		if n := math.Ceil(v/step - 1e-9); n <= 5 {
			return n * step, step
		}
	}
	return 5 * step, step
}
