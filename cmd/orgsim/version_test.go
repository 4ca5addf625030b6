package main

import (
	"strings"
	"testing"
)

// A release build stamps the version and revision with -ldflags -X
// (scripts/build-binaries.sh); orgsim version prints what was stamped.
func TestVersionPrintsStampedRevision(t *testing.T) {
	oldV, oldR := Version, buildRevision
	t.Cleanup(func() { Version, buildRevision = oldV, oldR })
	Version, buildRevision = "9.8.7-test", "0123abc 2026-01-02T03:04:05Z"
	code, out, _ := orgsim(t, "version")
	if code != 0 || !strings.HasPrefix(out, "orgsim 9.8.7-test\n") || !strings.Contains(out, "\nrevision: 0123abc 2026-01-02T03:04:05Z\n") {
		t.Fatalf("exit %d: %q", code, out)
	}
}
