package report

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/orgsim/orgsim/model"
)

type inner struct {
	Limit float64
	Tags  []string `json:"tags,omitempty"`
}

type outer struct {
	inner
	Name    string             `json:"name"`
	Skip    int                `json:"-"`
	Rates   map[string]float64 `json:"rates"`
	Next    *inner             `json:"next"`
	private int
}

func TestJSONSafe(t *testing.T) {
	v := outer{
		inner: inner{Limit: math.Inf(1)},
		Name:  "a<b",
		Skip:  7,
		Rates: map[string]float64{"z": math.NaN(), "a": 0.5},
		Next:  &inner{Limit: math.Inf(-1), Tags: []string{"x"}},
	}
	b, err := marshalNoEscape(jsonSafe(v))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Limit":"Inf","name":"a<b","rates":{"a":0.5,"z":"NaN"},"next":{"Limit":"-Inf","tags":["x"]}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// Without non-finite numbers, the result is encoding/json's.
	w := outer{Name: "n", Rates: map[string]float64{"b": 1, "a": 2}}
	got, _ := marshalNoEscape(jsonSafe(w))
	std, _ := marshalNoEscape(w)
	if string(got) != string(std) {
		t.Errorf("got %s, encoding/json gives %s", got, std)
	}
}

// The model's defaults use +Inf for "no limit"; the manifest must still
// hold them.
func TestManifestHoldsModelConfig(t *testing.T) {
	cfg := model.Default()
	o := synthetic()
	o.Config = &cfg
	m := meta
	m.Scenario = &cfg
	b, err := manifestJSON(o, m)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Inf"`) {
		t.Error(`manifest.json of the default config has no "Inf"`)
	}
	if back["seed"].(float64) != float64(cfg.Seed) {
		t.Errorf("seed = %v, want %d", back["seed"], cfg.Seed)
	}
}
