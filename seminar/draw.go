package seminar

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	xfont "golang.org/x/image/font"
	_ "gonum.org/v1/plot" // registers the Liberation fonts in font.DefaultCache
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// The picture of a recording is laid out in points on a 960×540 canvas,
// like the page at 1280×720 pixels: a title band, a caption, the two panes,
// the two charts and a legend.
const (
	canvasW = 960.0
	canvasH = 540.0
	paneTop = 74.0  // panes' top edge
	paneBot = 340.0 // panes' bottom edge
	chartT  = 350.0 // charts' top edge
	chartB  = 518.0 // charts' bottom edge
	colL    = 10.0  // left column's left edge
	colR    = 490.0 // right column's left edge
	colW    = 460.0 // column width
)

// Colours of the picture; the page uses the same.
var (
	inkC    = color.NRGBA{0x22, 0x22, 0x22, 0xff}
	mutedC  = color.NRGBA{0x55, 0x55, 0x55, 0xff}
	ruleC   = color.NRGBA{0x88, 0x88, 0x88, 0xff}
	gridC   = color.NRGBA{0xe6, 0xe6, 0xe6, 0xff}
	edgeC   = color.NRGBA{0x9a, 0x9a, 0x9a, 0xff}
	peerC   = color.NRGBA{0xc8, 0xc8, 0xc8, 0xff}
	whiteC  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	activeC = color.NRGBA{0x7a, 0x3b, 0x00, 0xff}
	borderC = color.NRGBA{0xee, 0xee, 0xee, 0xff}
	// orgC are the organisations' colours (Okabe–Ito blue and vermillion,
	// as in orgsim's figures).
	orgC = []color.NRGBA{{0x00, 0x72, 0xb2, 0xff}, {0xd5, 0x5e, 0x00, 0xff}}
	// queueC are the queue colours, by bin (see queueBin): viridis steps,
	// lightest for an empty queue.
	queueC = []color.NRGBA{
		{0xf2, 0xf2, 0xf2, 0xff}, {0xfd, 0xe7, 0x25, 0xff}, {0xa0, 0xda, 0x39, 0xff}, {0x4a, 0xc1, 0x6d, 0xff},
		{0x1f, 0xa1, 0x87, 0xff}, {0x27, 0x7f, 0x8e, 0xff}, {0x36, 0x5c, 0x8d, 0xff}, {0x46, 0x32, 0x7e, 0xff},
	}
	queueBins = []float64{0, 1, 2, 4, 8, 16, 32, 64}
	orgDash   = [][]vg.Length{nil, {7, 4}}
)

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

// picture is everything one frame of a recording shows.
type picture struct {
	title   string
	clock   string
	status  string
	caption string
	active  []string
	t       float64
	horizon float64 // the charts' time axis ends here
	step    float64
	layouts []*orgLayout
	orgs    []orgFrame
	backlog [][]int
	p95     [][]float64
	markers []marker
	yBack   float64 // the charts' fixed maxima
	yP95    float64
	p95Unit float64 // hours per unit of the p95 axis (1 or a working day)
}

// draw paints the picture on a fresh canvas of the given pixel width and
// returns the image.
func (pc *picture) draw(width int) image.Image {
	p := newPen(width)
	p.text(colL, 24, "orgsim", 18, true, inkC, 0)
	p.text(colL+64, 24, pc.title, 15, false, mutedC, 0)
	p.text(canvasW/2, 26, pc.clock, 21, true, inkC, 0.5)
	p.text(canvasW-colL, 24, pc.status, 12, false, mutedC, 1)
	p.text(colL, 47, p.fit(pc.caption, 14, false, canvasW-2*colL), 14, false, inkC, 0)
	if len(pc.active) > 0 {
		p.text(colL, 64, p.fit(joinActive(pc.active), 11.5, false, canvasW-2*colL), 11.5, false, activeC, 0)
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
	pc.drawChart(p, colL, "p95 latency of last week's decisions ("+unit+")", pc.p95, pc.yP95, pc.p95Unit)
	back := make([][]float64, len(pc.backlog))
	for o, s := range pc.backlog {
		for _, v := range s {
			back[o] = append(back[o], float64(v))
		}
	}
	pc.drawChart(p, colR, "backlog: open issues", back, pc.yBack, 1)
	pc.drawLegend(p)
	return p.c.Image()
}

func joinActive(a []string) string {
	s := ""
	for i, x := range a {
		if i > 0 {
			s += " · "
		}
		s += x
	}
	return s
}

// drawPane draws organisation o's header and structure in the column at x0.
func (pc *picture) drawPane(p *pen, o int, x0 float64) {
	l := pc.layouts[o]
	of := pc.orgs[o]
	y := paneTop + 14
	p.line(x0, y-5, x0+24, y-5, 3.5, orgC[o], orgDash[o])
	w := p.text(x0+30, y, l.Name, 14, true, inkC, 0)
	kind := "(" + l.Structure
	if l.Aggregated {
		kind += ", in groups"
	}
	p.text(x0+34+w, y, kind+")", 12, false, mutedC, 0)
	stats := "backlog " + strconv.Itoa(of.Backlog) + " · p95 " + shortDuration(float64(of.P95))
	p.text(x0+colW, y, stats, 13, true, inkC, 1)
	// The structure, scaled into the pane below the header.
	top := y + 6
	h := paneBot - top
	s := math.Min(colW/float64(l.Width), h/float64(l.Height))
	ox := x0 + (colW-s*float64(l.Width))/2
	X := func(x float64) float64 { return ox + s*x }
	Y := func(y float64) float64 { return top + s*y }
	awayAt := map[int]string{}
	for _, a := range of.Away {
		awayAt[a.Node] = a.State
	}
	for _, e := range l.Edges {
		a, b := l.Nodes[e.A], l.Nodes[e.B]
		c, wd := edgeC, 1.0
		if e.Peer {
			c, wd = peerC, 0.8
		}
		p.line(X(a.X), Y(a.Y), X(b.X), Y(b.Y), wd*s, c, nil)
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
		if st != "" {
			p.circle(X(n.X), Y(n.Y), r, queueC[b], color.Black, 2, []vg.Length{4, 3})
			p.text(X(n.X)+r+2, Y(n.Y)+3, st, 9, true, color.Black, 0)
		} else {
			p.circle(X(n.X), Y(n.Y), r, queueC[b], color.NRGBA{0x33, 0x33, 0x33, 0xff}, 0.8, nil)
		}
		if q > 0 {
			tc := color.Color(inkC)
			if b >= 4 {
				tc = whiteC
			}
			p.text(X(n.X), Y(n.Y)+3.2, strconv.Itoa(q), 9, false, tc, 0.5)
		}
		if n.Label != "" {
			p.text(X(n.X), Y(n.Y)+r+9, n.Label, 7.5, false, mutedC, 0.5)
		}
	}
}

// drawChart draws one chart in the column at x0: a line per organisation
// over the whole time axis, the disruptions marked, and the current time.
func (pc *picture) drawChart(p *pen, x0 float64, title string, series [][]float64, ymax, div float64) {
	p.text(x0, chartT+12, title, 12, false, inkC, 0)
	kx := x0 + colW
	for o := len(pc.layouts) - 1; o >= 0; o-- {
		w := p.text(kx, chartT+12, pc.layouts[o].Name, 11, false, inkC, 1)
		kx -= w + 4
		p.line(kx-22, chartT+8, kx, chartT+8, 2.5, orgC[o], orgDash[o])
		kx -= 32
	}
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
		lbl := trimFloat(w)
		if w == 0 {
			lbl = "week 0"
		}
		p.text(X(w*40), B+11, lbl, 9, false, mutedC, 0.5)
	}
	p.line(L, T, L, B, 0.8, ruleC, nil)
	p.line(L, B, R, B, 0.8, ruleC, nil)
	for _, m := range pc.markers {
		x := X(m.T)
		p.line(x, T, x, B, 0.8, ruleC, []vg.Length{4, 3})
		p.text(x, T-3, m.Short, 9, true, inkC, 0.5)
	}
	x := X(pc.t)
	p.line(x, T, x, B, 0.8, color.NRGBA{0x44, 0x44, 0x44, 0xff}, []vg.Length{2, 3})
	for o, s := range series {
		var xs, ys []float64
		flush := func() {
			p.polyline(xs, ys, 2, orgC[o], orgDash[o])
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
}

// drawLegend draws the queue colours along the bottom edge.
func (pc *picture) drawLegend(p *pen) {
	y := canvasH - 6.0
	x := p.text(colL, y, "queue per unit: 0", 10, false, mutedC, 0) + colL + 4
	for _, c := range queueC {
		p.rect(x, y-9, 14, 10, c)
		x += 15
	}
	x += 3
	x += p.text(x, y, "64+", 10, false, mutedC, 0)
	p.text(canvasW-colL, y, "dashed outline: a post vacant, held by a stand-in or newly filled; a team short of members", 10, false, mutedC, 1)
}

// shortDuration writes hours as the page does: "6 h", "2.1 d", "3.5 wk".
func shortDuration(h float64) string {
	switch {
	case !finite(h):
		return "–"
	case h < 16:
		return fmt.Sprintf("%.0f h", h)
	case h < 80:
		return trimFloat(math.Round(h/8*10)/10) + " d"
	}
	return trimFloat(math.Round(h/40*10)/10) + " wk"
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
