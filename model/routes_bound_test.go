package model

import "testing"

// TestRouteScopesBounded: the offered-load check follows at most
// maxRouteScopes cross-team routes, so that a very large organisation
// with wide scopes is checked in seconds (20,000 teams with scopes of up
// to 8 teams within 10 places would follow 20,000 × 7 × 64 scopes per
// band), while the default's every scope is still enumerated exactly.
func TestRouteScopesBounded(t *testing.T) {
	count := func(cfg *Config) (cross int, samples int) {
		o, err := compile(cfg, 0)
		if err != nil {
			t.Fatal(err)
		}
		zb, vb := routeBands(cfg, o)
		o.eachRoute(cfg, cfg.Work.TeamRate(), false, func(r *route) {
			if len(r.scope) > 1 {
				cross++
			}
		})
		return cross, scopeSamples(&cfg.Work, len(zb)*len(vb))
	}

	def := Default()
	cross, samples := count(&def)
	if samples != 64 {
		t.Errorf("default: %d scopes per origin and size, want 64", samples)
	}
	// 49 teams, scopes of 2 or 3 within 2 places (4 neighbours): 4 + 6
	// scopes per origin, each in every band.
	zb, vb := routeBands(&def, mustCompile(t, &def))
	if want := def.Work.Teams * (4 + 6) * len(zb) * len(vb); cross != want {
		t.Errorf("default: %d cross-team routes, want every scope exactly: %d", cross, want)
	}

	big := Default()
	big.Work.Teams = 20000
	big.Work.ScopeMin, big.Work.ScopeMax, big.Work.Radius = 2, 8, 10
	big.Organisations[0].Levels = 6 // 7^6 ≥ 20,000
	cross, samples = count(&big)
	if samples >= 64 || samples < 1 {
		t.Errorf("20,000 teams with wide scopes: %d scopes per origin and size, want 1 … 63", samples)
	}
	if cross > maxRouteScopes {
		t.Errorf("20,000 teams with wide scopes: %d cross-team routes, want at most %d", cross, maxRouteScopes)
	}
	if cross < maxRouteScopes/2 {
		t.Errorf("20,000 teams with wide scopes: %d cross-team routes, want the budget of %d used (at least half)", cross, maxRouteScopes)
	}
}

func mustCompile(t *testing.T, cfg *Config) *org {
	t.Helper()
	o, err := compile(cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
