package report

import (
	"math"

	"gonum.org/v1/plot"
)

// The static side of the bottleneck figure: beside each organisation's
// utilisation, the same units' load on the routes of its baseline work,
// from structure.csv — the share of issues whose path needs the unit
// (path_share, light) and the share it relays on their way to the unit
// that decides (betweenness, dark). A unit busy well beyond what its
// routes predict queues for reasons the structure alone does not give
// (service times, variability, disruptions); a unit many routes need is
// where a leader's loss hurts most.

// routesPanel draws organisation i's units us (most utilised first, as in
// its utilisation panel, so that rows line up) on the routes. It returns
// the panel and its largest value in percent.
func (d *data) routesPanel(i int, org string, us []unitRec) (*plot.Plot, float64) {
	p := newPanel("routes", "issues (%)", "")
	p.Title.TextStyle.Color = orgColour(i)
	p.Add(verticalGrid())
	p.HideY()
	k := len(us)
	if k == 0 {
		p.Add(panelMessage("no units"))
		return p, 0
	}
	needs := &bars{horizontal: true, width: 0.7, color: orgTint(i)}
	relays := &bars{horizontal: true, width: 0.3, color: orgColour(i)}
	largest := 0.0
	for j := range k {
		u := us[k-1-j]
		r, ok := d.routes[[2]string{org, u.unit}]
		path, between := math.NaN(), math.NaN()
		if ok {
			path, between = 100*r.pathShare, 100*r.betweenness
		}
		for _, b := range []*bars{needs, relays} {
			b.pos = append(b.pos, float64(j))
			b.low = append(b.low, math.NaN())
			b.high = append(b.high, math.NaN())
		}
		needs.val = append(needs.val, path)
		relays.val = append(relays.val, between)
		needs.notes = append(needs.notes, short(path))
		for _, x := range []float64{path, between} {
			if finite(x) {
				largest = math.Max(largest, x)
			}
		}
	}
	p.Add(needs, relays)
	p.Y.Min, p.Y.Max = float64(k)-topUnits-0.5, float64(k)-0.5
	return p, largest
}

// routesLegend explains the two bars of the routes panels, in grey: each
// panel draws them in its organisation's colour.
func routesLegend() []legendEntry {
	return []legendEntry{
		{label: "share of issues whose route needs the unit", thumbs: []plot.Thumbnailer{&bars{color: tint(muted)}}},
		{label: "share it relays (betweenness)", thumbs: []plot.Thumbnailer{&bars{color: muted}}},
	}
}

// routesMax is the end of the routes panels' axis: room for the notes
// beyond the longest bar, and at least 10 %.
func routesMax(largest float64) float64 { return math.Max(10, largest*1.3) }
