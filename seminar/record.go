package seminar

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"
	"time"

	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// RecordOptions configure [Record].
type RecordOptions struct {
	// Organisations names the two organisations to show; empty shows the
	// scenario's first two.
	Organisations []string
	// Seed is the run's seed.
	Seed uint64
	// Step is the simulated time between frames, in working hours (0: one
	// working day).
	Step float64
	// Until is the simulated time of the last frame (0: the horizon, or
	// for a replayed live run, the later of the horizon and the run's
	// end). A replayed run may go on to the live view's horizon.
	Until float64
	// Delay is each frame's display time in hundredths of a second (0:
	// 20, five frames a second: at the default Step a working week a
	// second); the title frame and the last frame stay three seconds.
	Delay int
	// Width is the picture's width in pixels, a multiple of 40 from 320 to
	// 3840 (0: 1280); the height is 9/16 of it.
	Width int
	// Replay, when set, adds a logged run's presses at their simulated
	// times, and takes its seed and organisations.
	Replay *LoggedRun
}

// Record writes an animated GIF of scenario sc's two organisations side by
// side, as the live page draws them, one frame every Step of simulated time
// from 0 to Until, with the scenario's disruptions (and a replayed
// session's presses) happening on screen. A title frame with the key comes
// first; every frame carries the key and the pace, and no hint meant for
// the live page's keys. The same scenario and options give the same bytes.
func Record(w io.Writer, sc *scenarios.Scenario, opt RecordOptions) error {
	if opt.Step == 0 {
		opt.Step = sim.Day
	}
	if opt.Delay == 0 {
		opt.Delay = DefaultDelay
	}
	if opt.Width == 0 {
		opt.Width = 1280
	}
	switch {
	case !(opt.Step > 0) || !finite(opt.Step):
		return fmt.Errorf("step %v: want a positive duration", opt.Step)
	case opt.Delay < 1 || opt.Delay > 1000:
		return fmt.Errorf("delay %d: want 1 … 1000 hundredths of a second", opt.Delay)
	case opt.Width < 320 || opt.Width > 3840 || opt.Width%40 != 0:
		return fmt.Errorf("width %d: want a multiple of 40 from 320 to 3840 pixels", opt.Width)
	}
	seed, orgs, scripted := opt.Seed, opt.Organisations, true
	var replay []LogEntry
	if opt.Replay != nil {
		seed, orgs, scripted = opt.Replay.Start.Seed, opt.Replay.Start.Organisations, opt.Replay.Start.Scripted
		replay = opt.Replay.Presses
	}
	var params Params
	live := false
	if opt.Replay != nil {
		// A live session's runs could be continued past the scenario's
		// horizon: replay one with the same horizon.
		live = true
		if opt.Replay.Start.Params != nil {
			params = *opt.Replay.Start.Params
		}
	}
	e, err := newSession(sessionConfig{sc: sc, orgs: orgs, seed: seed, scripted: scripted, params: params, run: 1, replay: replay, live: live})
	if err != nil {
		return err
	}
	if len(e.runners) != 2 {
		return fmt.Errorf("a recording shows two organisations side by side; this scenario has %d", len(e.runners))
	}
	until := opt.Until
	if until == 0 {
		until = e.horizon()
		if opt.Replay != nil {
			// A live run: as long as it was to run, and four weeks past
			// its last press if it was continued.
			until = max(sc.Config.Horizon, opt.Replay.Start.End)
			if n := len(opt.Replay.Presses); n > 0 {
				until = min(max(until, opt.Replay.Presses[n-1].T+4*sim.Week), e.horizon())
			}
		}
	}
	if !(until > 0) || until > e.horizon() {
		return fmt.Errorf("until %v h: want a time after 0 and at most the horizon (%v h)", until, e.horizon())
	}
	frames := int(math.Floor(until/opt.Step+1e-9)) + 1
	if frames > 5000 {
		return fmt.Errorf("%d frames: at most 5000 (take a longer step)", frames)
	}
	type shot struct {
		t       float64
		caption string
		active  []string
		orgs    []orgFrame
		markers int
	}
	shots := make([]shot, 0, frames)
	for k := 0; k < frames; k++ {
		t := float64(k) * opt.Step
		e.advanceTo(t, time.Time{})
		if e.err != nil {
			return e.err
		}
		f := e.snapshot(false, false, 0)
		shots = append(shots, shot{t: e.t, caption: f.Caption, active: f.Active, orgs: f.Orgs, markers: len(e.markers)})
	}
	if len(e.replayErrs) > 0 {
		return errors.Join(e.replayErrs...)
	}
	// Fixed axes over the whole recording, so that nothing jumps.
	var yb, yp float64
	for o := range e.runners {
		for _, s := range [][]int{e.backlog[o], e.twinBacklog[o]} {
			for k, v := range s {
				if float64(k)*e.step <= until {
					yb = max(yb, float64(v))
				}
			}
		}
		for _, s := range [][]float64{e.p95[o], e.twinP95[o]} {
			for k, v := range s {
				if float64(k)*e.step <= until && finite(v) {
					yp = max(yp, v)
				}
			}
		}
	}
	unit := 1.0
	if yp >= 16 {
		unit = sim.Day
	}
	pace := Pace(opt.Step, opt.Delay)
	pic := picture{
		title: e.name, horizon: until, step: e.step, layouts: e.layouts,
		yBack: yb * 1.05, yP95: yp / unit * 1.05, p95Unit: unit,
		status:     fmt.Sprintf("seed %d · %s", seed, pace),
		allMarkers: e.markers,
	}
	pal := newPalette()
	g := &gif.GIF{LoopCount: 0}
	// The title frame: what the room is about to see, and the key.
	title := pal.convert(drawTitle(opt.Width, e.name, e.sc.Description, e.layouts, e.markers, pace))
	g.Image = append(g.Image, title)
	g.Delay = append(g.Delay, titleDelay)
	g.Disposal = append(g.Disposal, gif.DisposalNone)
	prev := title
	for i, s := range shots {
		n := int(math.Floor(s.t/e.step+1e-9)) + 1
		pic.t, pic.clock, pic.caption, pic.active, pic.orgs = s.t, clockLabel(s.t), s.caption, s.active, s.orgs
		pic.markers = e.markers[:s.markers]
		pic.backlog, pic.twinBacklog = pic.backlog[:0], pic.twinBacklog[:0]
		pic.p95, pic.twinP95 = pic.p95[:0], pic.twinP95[:0]
		for o := range e.runners {
			pic.backlog = append(pic.backlog, e.backlog[o][:min(n, len(e.backlog[o]))])
			pic.twinBacklog = append(pic.twinBacklog, e.twinBacklog[o][:min(n, len(e.twinBacklog[o]))])
			pic.twinP95 = append(pic.twinP95, e.twinP95[o][:min(n, len(e.twinP95[o]))])
			ps := e.p95[o][:min(n, len(e.p95[o]))]
			pic.p95 = append(pic.p95, ps)
			// The header's p95 is the latest the chart shows.
			pic.orgs[o].P95 = num(math.NaN())
			for i := len(ps) - 1; i >= 0; i-- {
				if finite(ps[i]) {
					pic.orgs[o].P95 = num(ps[i])
					break
				}
			}
		}
		img := pal.convert(pic.draw(opt.Width))
		delay := opt.Delay
		if i == len(shots)-1 {
			delay = max(delay, titleDelay)
		}
		frame, changed := diff(prev, img)
		prev = img
		if !changed {
			g.Delay[len(g.Delay)-1] += delay
			continue
		}
		g.Image = append(g.Image, frame)
		g.Delay = append(g.Delay, delay)
		g.Disposal = append(g.Disposal, gif.DisposalNone)
	}
	b := prev.Bounds()
	g.Config = image.Config{ColorModel: pal.p, Width: b.Dx(), Height: b.Dy()}
	return gif.EncodeAll(w, g)
}

// Pace of a recording.
const (
	// DefaultDelay is a frame's display time by default, in hundredths of
	// a second: five frames a second.
	DefaultDelay = 20
	// titleDelay is how long the title frame and the last frame stay, in
	// hundredths of a second.
	titleDelay = 300
)

// Pace says how fast a recording of a frame every step working hours,
// each shown delay hundredths of a second, runs: "1 working week a
// second".
func Pace(step float64, delay int) string {
	perSecond := step * 100 / float64(delay) // working hours a second
	switch {
	case perSecond >= sim.Week:
		v := perSecond / sim.Week
		if v == 1 {
			return "1 working week a second"
		}
		return trimFloat(v) + " working weeks a second"
	case perSecond >= sim.Day:
		v := perSecond / sim.Day
		if v == 1 {
			return "1 working day a second"
		}
		return trimFloat(v) + " working days a second"
	}
	return trimFloat(perSecond) + " working hours a second"
}

// transparent is the palette index of "as in the previous frame".
const transparent = 0

// palette maps a drawing's colours to a fixed palette of at most 256:
// the picture's colours, their blends with white and with one another's
// edges (antialiasing), and a grey ramp, nearest by RGB distance. It is the
// same for every frame and every recording, so the output is deterministic.
type palette struct {
	p     color.Palette
	cache map[uint32]uint8
}

func newPalette() *palette {
	p := color.Palette{color.RGBA{}} // transparent
	add := func(c color.NRGBA) {
		for _, x := range p {
			if x == (color.Color)(c) {
				return
			}
		}
		p = append(p, c)
	}
	base := []color.NRGBA{inkC, mutedC, ruleC, gridC, edgeC, peerC, activeC, borderC, {0x33, 0x33, 0x33, 0xff}, {0, 0, 0, 0xff}}
	base = append(base, orgC...)
	base = append(base, queueC...)
	for _, c := range base {
		for _, f := range []float64{1, 0.75, 0.5, 0.25} {
			add(blend(c, whiteC, f))
		}
	}
	// Numbers in white on the darker queue colours.
	for _, c := range queueC[4:] {
		add(blend(c, whiteC, 0.5))
	}
	for i := 0; i <= 16; i++ {
		v := uint8(i * 255 / 16)
		add(color.NRGBA{v, v, v, 0xff})
	}
	if len(p) > 256 {
		panic("seminar: palette too large")
	}
	return &palette{p: p, cache: map[uint32]uint8{}}
}

// blend mixes f of a with 1−f of b.
func blend(a, b color.NRGBA, f float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(f*float64(x) + (1-f)*float64(y))) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}

// convert returns img in the palette.
func (pl *palette) convert(img image.Image) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), pl.p)
	rgba, ok := img.(*image.RGBA)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			var r, g, bl uint8
			if ok {
				i := rgba.PixOffset(b.Min.X+x, b.Min.Y+y)
				r, g, bl = rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2]
			} else {
				c := color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
				r, g, bl = c.R, c.G, c.B
			}
			key := uint32(r)<<16 | uint32(g)<<8 | uint32(bl)
			idx, hit := pl.cache[key]
			if !hit {
				idx = pl.nearest(r, g, bl)
				pl.cache[key] = idx
			}
			out.Pix[y*out.Stride+x] = idx
		}
	}
	return out
}

func (pl *palette) nearest(r, g, b uint8) uint8 {
	best, bd := 1, math.MaxInt
	for i := 1; i < len(pl.p); i++ {
		c := pl.p[i].(color.NRGBA)
		dr, dg, db := int(c.R)-int(r), int(c.G)-int(g), int(c.B)-int(b)
		if d := 2*dr*dr + 4*dg*dg + 3*db*db; d < bd {
			best, bd = i, d
		}
	}
	return uint8(best)
}

// diff returns the part of cur that differs from prev, with unchanged
// pixels transparent, and whether anything changed; with no previous frame
// it returns cur.
func diff(prev, cur *image.Paletted) (*image.Paletted, bool) {
	if prev == nil {
		return cur, true
	}
	b := cur.Bounds()
	minX, minY, maxX, maxY := b.Max.X, b.Max.Y, -1, -1
	for y := 0; y < b.Dy(); y++ {
		row := y * cur.Stride
		for x := 0; x < b.Dx(); x++ {
			if cur.Pix[row+x] != prev.Pix[row+x] {
				minX, maxX = min(minX, x), max(maxX, x)
				minY, maxY = min(minY, y), max(maxY, y)
			}
		}
	}
	if maxX < 0 {
		return nil, false
	}
	r := image.Rect(minX, minY, maxX+1, maxY+1)
	out := image.NewPaletted(r, cur.Palette)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := y*cur.Stride + x
			v := cur.Pix[i]
			if v == prev.Pix[i] {
				v = transparent
			}
			out.Pix[out.PixOffset(x, y)] = v
		}
	}
	return out, true
}
