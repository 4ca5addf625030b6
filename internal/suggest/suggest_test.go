package suggest

import "testing"

func TestNearest(t *testing.T) {
	if d := Distance("horizn", "horizon"); d != 1 {
		t.Errorf("Distance = %d, want 1", d)
	}
	if d := Distance("", "abc"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
	if got := Nearest("latice", []string{"hierarchy", "lattice", "explicit"}, 3); got != "lattice" {
		t.Errorf("Nearest = %q", got)
	}
	if got := Nearest("zzzzzz", []string{"lattice"}, 3); got != "" {
		t.Errorf("Nearest = %q, want none", got)
	}
}
