package model

import (
	"testing"
	"unsafe"
)

// TestUnitStateLayout: a unit's run-time state is a whole number of cache
// lines and its per-event fields lie in the first three, so that an event
// touches as few lines as the layout allows.
func TestUnitStateLayout(t *testing.T) {
	var us unitState
	if n := unsafe.Sizeof(us); n%64 != 0 {
		t.Errorf("unitState is %d bytes; set pad so that it is a multiple of 64 (pad %d)", n, (64-(n-pad)%64)%64)
	}
	if end := unsafe.Offsetof(us.rampT0) + unsafe.Sizeof(us.rampT0); end > 3*64 {
		t.Errorf("the per-event fields of unitState end at byte %d, past the third cache line", end)
	}
}
