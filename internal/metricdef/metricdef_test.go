package metricdef

import (
	"math"
	"strings"
	"testing"
)

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	groups := map[string]bool{}
	last := ""
	for _, d := range All(2) {
		if d.Name == "" || d.Unit == "" || d.Doc == "" || d.Group == "" {
			t.Errorf("%+v lacks a name, unit, doc or group", d)
		}
		if seen[d.Name] {
			t.Errorf("%s twice", d.Name)
		}
		seen[d.Name] = true
		if d.Group != last {
			if groups[d.Group] {
				t.Errorf("group %q is split: %s is apart from the rest of it", d.Group, d.Name)
			}
			groups[d.Group], last = true, d.Group
		}
		if (d.Unit == "share" || d.Unit == "index") != (d.Scale == Proportion) {
			t.Errorf("%s: unit %s with scale %v: shares and indices are proportions, and only they", d.Name, d.Unit, d.Scale)
		}
	}
	if len(Base) != 42 || len(All(2)) != 52 {
		t.Errorf("%d base metrics and %d with two disruptions, want 42 and 52", len(Base), len(All(2)))
	}
	if d := All(2)[len(Base)+len(PerDisruption)+1]; d.Name != "resilience_loss_d2" || d.Group != "Disruption 2" || d.Scale != NonNegative || !strings.HasPrefix(d.Doc, "disruption 2: ") {
		t.Errorf("the second disruption's resilience loss is %+v", d)
	}
}

func TestFindAndSplit(t *testing.T) {
	for _, c := range []struct {
		name string
		k    int
		ok   bool
		s    Scale
	}{
		{"latency_p95", 0, true, Positive},
		{"value_per_issue", 0, true, Signed},
		{"resilience_loss_d1", 1, true, NonNegative},
		{"resilience_loss_d2", 1, false, 0},
		{"resilience_loss_d12", 12, true, NonNegative},
		{"excess_delay_d3", 3, true, Signed},
		{"recovered_d0", 3, false, 0},
		{"recovered_d01", 3, false, 0},
		{"recovered_d", 3, false, 0},
		{"latency_p95_d1", 3, false, 0},
		{"nothing", 3, false, 0},
	} {
		d, ok := Find(c.name, c.k)
		if ok != c.ok || ok && (d.Name != c.name || d.Scale != c.s) {
			t.Errorf("Find(%q, %d) = %+v, %v; want ok %v, scale %v", c.name, c.k, d, ok, c.ok, c.s)
		}
	}
}

func TestScales(t *testing.T) {
	for _, c := range []struct {
		s      Scale
		lo, hi float64
		text   string
		by     Compare
	}{
		{Positive, 0, math.Inf(1), "(0, ∞)", Ratio},
		{NonNegative, 0, math.Inf(1), "[0, ∞)", Difference},
		{Proportion, 0, 1, "[0, 1]", Difference},
		{Signed, math.Inf(-1), math.Inf(1), "(−∞, ∞)", Difference},
	} {
		lo, hi := c.s.Bounds()
		if lo != c.lo || hi != c.hi || c.s.Interval() != c.text || c.s.Compare() != c.by {
			t.Errorf("%v: [%v, %v] %s by %v", c.s, lo, hi, c.s.Interval(), c.s.Compare())
		}
	}
	var c Compare
	if err := c.UnmarshalText([]byte("difference")); err != nil || c != Difference {
		t.Errorf("UnmarshalText(difference) = %v, %v", c, err)
	}
	if b, err := Ratio.MarshalText(); err != nil || string(b) != "ratio" {
		t.Errorf("MarshalText(Ratio) = %s, %v", b, err)
	}
	if err := c.UnmarshalText([]byte("quotient")); err == nil {
		t.Error("UnmarshalText(quotient) accepted")
	}
}
