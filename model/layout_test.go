package model

import (
	"testing"
	"unsafe"
)

// TestUnitStateLayout: a unit's hot run-time state is two cache lines, and
// what every event at the unit touches lies in the first, so that an event
// touches as few lines as the layout allows and a 10,000-team
// organisation's hot state stays within a core's cache.
func TestUnitStateLayout(t *testing.T) {
	var us unitState
	if n := unsafe.Sizeof(us); n != 128 {
		t.Errorf("unitState is %d bytes, want 128: move what events do not touch to unitCold", n)
	}
	if end := unsafe.Offsetof(us.redirect) + unsafe.Sizeof(us.redirect); end > 64 {
		t.Errorf("the per-event fields of unitState end at byte %d, past the first cache line", end)
	}
}

// TestUnitFastLayout: what events read of a unit's compiled parameters is
// one cache line.
func TestUnitFastLayout(t *testing.T) {
	if n := unsafe.Sizeof(unitFast{}); n != 64 {
		t.Errorf("unitFast is %d bytes, want 64", n)
	}
}

// TestIssueLayout: an issue in flight is two cache lines.
func TestIssueLayout(t *testing.T) {
	if n := unsafe.Sizeof(issue{}); n != 128 {
		t.Errorf("issue is %d bytes, want 128: move what its events do not touch to issueCold", n)
	}
}
