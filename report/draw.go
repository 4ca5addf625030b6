package report

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"
	"slices"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

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
		a.Width = ruleWidth
		a.Tick.Color = rule
		a.Tick.Width = ruleWidth
		a.Tick.Length = 5
		a.Padding = 4
		a.Tick.Marker = niceTicks{}
	}
	p.Legend.TextStyle = sans(legendSize, false, ink)
	return p
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
		c := newImageCanvas()
		if err := fig(draw.New(c)); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := encodePNG(&buf, c.img); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
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

// imageCanvas is a PNG figure's canvas: vgimg's, white, figWidth ×
// figHeight at figDPI, built over one image with a context drawing into
// it. (Given no context, vgimg.NewWith draws into a copy of the image it
// allocated: two 3.7 MB images a figure.)
//
// It leaves out a fill in opaque white over pixels that are all white
// already, which changes none of them: every figure begins by filling its
// whole canvas white and every panel its own area (the SVG needs those
// grounds; the PNG canvas is white from the start), and rasterising them
// cost 6 to 12 ms each, against well under one to look at the pixels.
type imageCanvas struct {
	*vgimg.Canvas
	img   *image.RGBA
	ctx   *gg.Context
	white []bool // whether the colour set is opaque white, by Push level (vgimg starts black)
}

func newImageCanvas() *imageCanvas {
	w := int(math.Round(float64(figWidth / vg.Inch * figDPI)))
	h := int(math.Round(float64(figHeight / vg.Inch * figDPI)))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	ctx := gg.NewContextForRGBA(img)
	// As NewWith sets up its own context: butt caps, y upwards. It
	// paints the background, white unless told otherwise; the size
	// follows from the image and the DPI.
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(figDPI))
	return &imageCanvas{Canvas: c, img: img, ctx: ctx, white: []bool{false}}
}

// SetColor implements vg.Canvas.
func (c *imageCanvas) SetColor(col color.Color) {
	white := false
	if col != nil { // nil is black
		r, g, b, a := col.RGBA()
		white = r == 0xffff && g == 0xffff && b == 0xffff && a == 0xffff
	}
	c.white[len(c.white)-1] = white
	c.Canvas.SetColor(col)
}

// Push implements vg.Canvas: the colour is saved with the rest.
func (c *imageCanvas) Push() {
	c.white = append(c.white, c.white[len(c.white)-1])
	c.Canvas.Push()
}

// Pop implements vg.Canvas.
func (c *imageCanvas) Pop() {
	if len(c.white) > 1 {
		c.white = c.white[:len(c.white)-1]
	}
	c.Canvas.Pop()
}

// Fill implements vg.Canvas.
func (c *imageCanvas) Fill(p vg.Path) {
	if c.white[len(c.white)-1] && c.allWhite(p) {
		return
	}
	c.Canvas.Fill(p)
}

// allWhite reports whether every pixel that filling p could touch is
// white: the pixels of the bounding box of its points, arcs' whole
// circles and curves' control points, in the context's transform, with a
// pixel more on every side for anti-aliasing.
func (c *imageCanvas) allWhite(p vg.Path) bool {
	dpi := c.DPI()
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	add := func(x, y vg.Length) {
		tx, ty := c.ctx.TransformPoint(x.Dots(dpi), y.Dots(dpi))
		x0, x1 = math.Min(x0, tx), math.Max(x1, tx)
		y0, y1 = math.Min(y0, ty), math.Max(y1, ty)
	}
	for _, pc := range p {
		switch pc.Type {
		case vg.ArcComp:
			r := pc.Radius
			add(pc.Pos.X-r, pc.Pos.Y-r)
			add(pc.Pos.X+r, pc.Pos.Y-r)
			add(pc.Pos.X-r, pc.Pos.Y+r)
			add(pc.Pos.X+r, pc.Pos.Y+r)
		case vg.MoveComp, vg.LineComp, vg.CurveComp:
			add(pc.Pos.X, pc.Pos.Y)
			for _, q := range pc.Control {
				add(q.X, q.Y)
			}
		}
	}
	b := c.img.Bounds()
	if !(x0 <= x1 && y0 <= y1) {
		return true // no point: nothing is filled
	}
	ix0, iy0 := max(int(math.Floor(x0))-1, b.Min.X), max(int(math.Floor(y0))-1, b.Min.Y)
	ix1, iy1 := min(int(math.Ceil(x1))+1, b.Max.X), min(int(math.Ceil(y1))+1, b.Max.Y)
	for y := iy0; y < iy1; y++ {
		row := c.img.Pix[c.img.PixOffset(ix0, y):c.img.PixOffset(ix1, y)]
		i := 0
		for ; i+8 <= len(row); i += 8 {
			if binary.LittleEndian.Uint64(row[i:]) != math.MaxUint64 {
				return false
			}
		}
		for ; i < len(row); i++ {
			if row[i] != 0xff {
				return false
			}
		}
	}
	return true
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// curve is a line through (xs, ys); a NaN in either breaks it. It is drawn
// thinned to what each pixel column can show ([thin]), so that it costs
// about the same however long the run, and where thinning left it dense,
// its columns filled as bars ([drawThinned]).
type curve struct {
	xs, ys []float64
	style  draw.LineStyle
}

func (l *curve) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var lines [][]vg.Point // lines thin left as they were, stroked together
	var cur []vg.Point
	add := func(pts []vg.Point) {
		t := thin(pts)
		if len(t) == len(pts) {
			lines = append(lines, t)
			return
		}
		// A thinned line may be dense ([drawThinned]); the lines before
		// it are drawn first, so that the order stays the curve's.
		strokeLines(c, l.style, c.ClipLinesXY(lines...))
		lines = lines[:0]
		drawThinned(c, l.style, t)
	}
	for i := range l.xs {
		if !finite(l.xs[i]) || !finite(l.ys[i]) {
			if len(cur) > 0 {
				add(cur)
				cur = nil
			}
			continue
		}
		if cur == nil {
			cur = make([]vg.Point, 0, len(l.xs)-i)
		}
		cur = append(cur, vg.Point{X: trX(l.xs[i]), Y: trY(l.ys[i])})
	}
	if len(cur) > 0 {
		add(cur)
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
	xmin, xmax = span(x0, xmin, xmax)
	if !sameSlice(x0, x1) {
		xmin, xmax = span(x1, xmin, xmax)
	}
	ymin, ymax = span(y0, ymin, ymax)
	if !sameSlice(y0, y1) {
		ymin, ymax = span(y1, ymin, ymax)
	}
	return
}

// span widens [lo, hi] to the finite values of s, as math.Min and
// math.Max would (−0 below +0), without their cost on long series.
func span(s []float64, lo, hi float64) (float64, float64) {
	for _, v := range s {
		if !finite(v) {
			continue
		}
		if v < lo || v == lo && math.Signbit(v) {
			lo = v
		}
		if v > hi || v == hi && !math.Signbit(v) {
			hi = v
		}
	}
	return lo, hi
}

// sameSlice reports whether a and b are the same slice (a curve's range
// passes its xs as both ends).
func sameSlice(a, b []float64) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
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
				c.StrokeLines(openLine(b.color),
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

// openBarThumb is the legend thumbnail of an open bar.
type openBarThumb struct{ color color.Color }

func (o openBarThumb) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X + 5, Y: c.Min.Y + 1}, {X: c.Min.X + 5, Y: c.Max.Y - 1},
		{X: c.Max.X - 5, Y: c.Max.Y - 1}, {X: c.Max.X - 5, Y: c.Min.Y + 1},
	}
	c.FillPolygon(tint(o.color), pts)
	c.StrokeLines(openLine(o.color), append(pts, pts[0]))
}

// figureJob is one figure file to draw: its name, its format ("png" or
// "svg"), the function that draws it, and its cost relative to the other
// jobs (see [renderAll]).
type figureJob struct {
	name, format string
	draw         func(draw.Canvas) error
	cost         int
}

// renderAll draws the jobs, as many at once as the machine has processors,
// and returns their files in the order of jobs: each figure is drawn on a
// canvas of its own, so the bytes are those render gives one at a time. The
// error is that of the first failing job in that order.
//
// The costliest jobs are handed out first (then in the order of jobs), so
// that a cheap one, not an expensive one, is what is left running at the
// end: on two processors that is most of the difference between drawing
// the figures in the time of the longest and in that of the longest two.
func renderAll(jobs []figureJob) ([]namedFile, error) {
	out := make([]namedFile, len(jobs))
	errs := make([]error, len(jobs))
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(jobs[b].cost, jobs[a].cost) })
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
	for _, i := range order {
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
