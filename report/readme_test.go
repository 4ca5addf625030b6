package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's headline is the one generated for the committed default
// results, and that one is what their tables give: regenerating
// results/default without the README, or editing either by hand, fails.
func TestREADMEHeadline(t *testing.T) {
	dir := filepath.Join("..", "results", "default")
	want, err := os.ReadFile(filepath.Join(dir, HeadlineFile))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "<!-- headline:")
	end := strings.Index(text, "<!-- /headline -->")
	if start < 0 || end < start {
		t.Fatal("README.md has no <!-- headline: … --> … <!-- /headline --> markers")
	}
	body := text[start:end]
	body = body[strings.Index(body, "-->")+len("-->"):]
	if got := strings.TrimSpace(body); got != strings.TrimSpace(string(want)) {
		t.Errorf("README.md's headline\n%s\nis not results/default/headline.md\n%s\n(copy the file's text between the markers)", got, want)
	}
	d, err := parseData(dir, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
	if err != nil {
		t.Fatal(err)
	}
	if got := headlineOf(d).write(); got != string(want) {
		t.Errorf("results/default's tables give the headline\n%s\nbut headline.md holds\n%s", got, want)
	}
}
