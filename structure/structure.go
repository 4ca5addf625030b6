package structure

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/orgsim/orgsim/model"
)

// Unit is the structure of one unit and its place on the routes. Shares
// are of all issues arriving at baseline, unless said otherwise.
type Unit struct {
	ID         string
	Role       string // team, manager, coach or root
	Parent     string // the unit above; "" for none
	Depth      int    // levels below the top of its tree (the top is 0)
	Span       int    // units reporting to it
	TeamsBelow int    // teams in its subtree, itself excluded

	// Betweenness is the share of issues the unit relays: it examines them
	// and escalates them on their way from the origin team to the unit
	// that decides (it is on their path, neither first nor last).
	Betweenness float64
	DecideShare float64 // share of issues it decides (after a fork, if any)
	HelpShare   float64 // share of issues it is asked about in a fork: advice or consultation
	// PathShare is the share of issues whose path needs the unit in any
	// way: as origin, relay, decider or helper.
	PathShare float64
	// SPOFShare is the share of issues for which the unit is the only unit
	// able to decide; SPOF lists the classes where that happens, with the
	// share of the class's issues.
	SPOFShare float64
	SPOF      []ClassShare
}

// ClassShare is a share of the issues of one class.
type ClassShare struct {
	Class string
	Share float64
}

// Class is a class of issues: a cell of difficulty band × value band ×
// scope (local or cross-team), with what the structure makes of it.
type Class struct {
	Name       string     // "d95-99.5/v0-90/local"
	Difficulty model.Band // the difficulty band (Lo, Hi] and its probability
	Value      model.Band // the value band (Lo, Hi] and its probability
	Cross      bool       // the scope spans several teams
	Share      float64    // share of all issues in the class
	// SingleDecider is the share of the class's issues that have exactly
	// one unit able to decide them; DecidersMin the fewest able units any
	// issue of the class has.
	SingleDecider float64
	DecidersMin   int
	SPOF          []string // the units that are a single point of failure for the class, in unit order
}

// SpanCount is how many leaders have a given span.
type SpanCount struct{ Span, Leaders int }

// Organisation is the structure of one organisation.
type Organisation struct {
	Name    string
	Depth   int // the largest depth of any unit: levels from the top to the deepest team
	Teams   int
	Leaders int // units with at least one unit reporting to them

	// The distribution of the leaders' spans: every span with its count,
	// in increasing order, and its summary (median by nearest rank; all
	// zero without leaders).
	Spans                        []SpanCount
	SpanMin, SpanMedian, SpanMax int
	SpanMean                     float64

	MaxBetweenness     float64 // the largest betweenness of any unit
	MaxBetweennessUnit string  // the first unit, in unit order, with it
	SPOFUnits          int     // units that are a single point of failure for at least one class
	SingleDecider      float64 // share of issues with exactly one unit able to decide them

	Units   []Unit  // in the model's unit order: the teams first
	Classes []Class // by difficulty band, value band, then local before cross
}

// Analyse computes the structure analytics of organisation org of cfg (a
// Config whose fields are valid, such as a parsed scenario's).
func Analyse(cfg *model.Config, org int) (*Organisation, error) {
	units, err := model.Units(cfg, org)
	if err != nil {
		return nil, err
	}
	n := len(units)
	out := &Organisation{Name: cfg.Organisations[org].Name, Units: make([]Unit, n)}
	index := make(map[string]int, n)
	for i, u := range units {
		index[u.ID] = i
		out.Units[i] = Unit{ID: u.ID, Role: u.Role.String(), Parent: u.Parent, Depth: u.Depth}
		out.Depth = max(out.Depth, u.Depth)
		if u.Role == model.RoleTeam {
			out.Teams++
		}
	}
	for _, u := range units {
		if u.Parent == "" {
			continue
		}
		p := index[u.Parent]
		out.Units[p].Span++
		if u.Role == model.RoleTeam {
			for a := p; ; a = index[units[a].Parent] {
				out.Units[a].TeamsBelow++
				if units[a].Parent == "" {
					break
				}
			}
		}
	}

	type key struct {
		z, v  int
		cross bool
	}
	var zBands, vBands []model.Band // in order of first appearance
	bandIndex := func(bands *[]model.Band, b model.Band) int {
		if i := slices.Index(*bands, b); i >= 0 {
			return i
		}
		*bands = append(*bands, b)
		return len(*bands) - 1
	}
	classOf := map[key]int{}
	var classes []Class
	var keys []key
	spof := make([]map[int]float64, n) // unit → class → share of all issues
	// A unit counts once per route in HelpShare and in PathShare: the
	// stamps hold the last route that counted it.
	helped, onPath := make([]int, n), make([]int, n)
	route := 0
	err = model.Routes(cfg, org, func(r *model.Route) {
		route++
		k := key{z: bandIndex(&zBands, r.Difficulty), v: bandIndex(&vBands, r.Value), cross: len(r.Scope) > 1}
		c, ok := classOf[k]
		if !ok {
			c = len(classes)
			classOf[k] = c
			keys = append(keys, k)
			classes = append(classes, Class{Difficulty: r.Difficulty, Value: r.Value, Cross: k.cross, DecidersMin: math.MaxInt})
		}
		cl := &classes[c]
		cl.Share += r.Share
		cl.DecidersMin = min(cl.DecidersMin, len(r.Deciders))
		if len(r.Deciders) == 1 {
			cl.SingleDecider += r.Share
			d := r.Deciders[0]
			if spof[d] == nil {
				spof[d] = map[int]float64{}
			}
			spof[d][c] += r.Share
			out.Units[d].SPOFShare += r.Share
			out.SingleDecider += r.Share
		}
		last := len(r.Path) - 1
		for j, u := range r.Path {
			if j > 0 && j < last {
				out.Units[u].Betweenness += r.Share
			}
		}
		out.Units[r.Path[last]].DecideShare += r.Share
		for _, u := range r.Helpers {
			if helped[u] != route {
				helped[u] = route
				out.Units[u].HelpShare += r.Share
			}
		}
		for _, us := range [2][]int{r.Path, r.Helpers} {
			for _, u := range us {
				if onPath[u] != route {
					onPath[u] = route
					out.Units[u].PathShare += r.Share
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}

	// Classes in band order, then named by the bands' percentiles.
	order := make([]int, len(classes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ka, kb := keys[a], keys[b]
		return cmp.Or(cmp.Compare(zBands[ka.z].Hi, zBands[kb.z].Hi), cmp.Compare(vBands[ka.v].Hi, vBands[kb.v].Hi), boolCompare(ka.cross, kb.cross))
	})
	theta := cfg.Work.Theta
	zNames := bandNames(zBands, func(z float64) float64 { return -math.Expm1(-theta * z) })
	vNames := bandNames(vBands, cfg.Work.Value.CDF)
	sorted := make([]Class, len(classes))
	newIndex := make([]int, len(classes))
	for j, i := range order {
		c := classes[i]
		scope := "local"
		if c.Cross {
			scope = "cross"
		}
		c.Name = "d" + zNames[keys[i].z] + "/v" + vNames[keys[i].v] + "/" + scope
		sorted[j] = c
		newIndex[i] = j
	}
	out.Classes = sorted
	for u := range out.Units {
		if spof[u] == nil {
			continue
		}
		var cs []int
		for c := range spof[u] {
			cs = append(cs, newIndex[c])
		}
		slices.Sort(cs)
		for _, c := range cs {
			cl := &out.Classes[c]
			out.Units[u].SPOF = append(out.Units[u].SPOF, ClassShare{Class: cl.Name, Share: spof[u][order[c]] / cl.Share})
			cl.SPOF = append(cl.SPOF, out.Units[u].ID)
		}
		out.SPOFUnits++
	}
	for c := range out.Classes {
		if cl := &out.Classes[c]; cl.Share > 0 {
			cl.SingleDecider /= cl.Share
		}
	}

	// Spans of the leaders, and the largest betweenness.
	var spans []int
	for i, u := range out.Units {
		if u.Span > 0 {
			spans = append(spans, u.Span)
		}
		if u.Betweenness > out.MaxBetweenness || i == 0 {
			out.MaxBetweenness, out.MaxBetweennessUnit = u.Betweenness, u.ID
		}
	}
	out.Leaders = len(spans)
	if len(spans) > 0 {
		slices.Sort(spans)
		out.SpanMin, out.SpanMax = spans[0], spans[len(spans)-1]
		out.SpanMedian = spans[(len(spans)+1)/2-1]
		sum := 0
		for _, s := range spans {
			sum += s
			if k := len(out.Spans); k > 0 && out.Spans[k-1].Span == s {
				out.Spans[k-1].Leaders++
			} else {
				out.Spans = append(out.Spans, SpanCount{Span: s, Leaders: 1})
			}
		}
		out.SpanMean = float64(sum) / float64(len(spans))
	}
	return out, nil
}

// AnalyseAll analyses every organisation of cfg, in scenario order.
func AnalyseAll(cfg *model.Config) ([]*Organisation, error) {
	out := make([]*Organisation, len(cfg.Organisations))
	for i := range cfg.Organisations {
		o, err := Analyse(cfg, i)
		if err != nil {
			return nil, fmt.Errorf("organisation %q: %w", cfg.Organisations[i].Name, err)
		}
		out[i] = o
	}
	return out, nil
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// bandNames names each band "lo-hi", each end the percentile of the
// distribution f at it (0 for −Inf, 100 for +Inf), with as few decimals
// (two to nine) as keep the names of all bands distinct; bands no
// percentile tells apart are named by their ends themselves, "=lo-hi".
func bandNames(bands []model.Band, f func(float64) float64) []string {
	pct := func(x float64, decimals int) string {
		switch {
		case math.IsInf(x, -1):
			return "0"
		case math.IsInf(x, 1):
			return "100"
		}
		scale := math.Pow(10, float64(decimals))
		return strconv.FormatFloat(math.Round(100*f(x)*scale)/scale, 'f', -1, 64)
	}
	names := make([]string, len(bands))
	for decimals := 2; decimals <= 9; decimals++ {
		seen := map[string]bool{}
		for i, b := range bands {
			names[i] = pct(b.Lo, decimals) + "-" + pct(b.Hi, decimals)
			seen[names[i]] = true
		}
		if len(seen) == len(bands) {
			return names
		}
	}
	for i, b := range bands {
		names[i] = "=" + strconv.FormatFloat(b.Lo, 'g', -1, 64) + "-" + strconv.FormatFloat(b.Hi, 'g', -1, 64)
	}
	return names
}
