package main

import (
	"os"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

// TestREADMEVariableReference keeps the README's variable reference in step
// with templates/variables.yaml.
func TestREADMEVariableReference(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range lib.Schema.Paths() {
		if !strings.Contains(string(readme), "| `"+p+"` |") {
			t.Errorf("README's variable reference has no row for %s", p)
		}
	}
	for _, code := range []string{"eu", "ie", "de", "fr", "nl", "uk", "ch", "in", "us-ca", "br", "ca", "au"} {
		if _, ok := lib.Jurisdictions[code]; !ok {
			t.Errorf("jurisdiction %s is missing from the library", code)
		}
	}
}
