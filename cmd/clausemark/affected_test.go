package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/registry"
)

// TestCarriedText: each wording an affected document carries is said
// with its version and alternative and what the library has now.
func TestCarriedText(t *testing.T) {
	for _, tc := range []struct {
		c    registry.Carried
		want string
	}{
		{registry.Carried{Clause: "deletion", Alternative: "concise", Version: "1.0.0", Now: "1.1.0", Changed: true}, "deletion 1.0.0 (concise) → 1.1.0"},
		{registry.Carried{Clause: "deletion", Alternative: "concise-balanced", Version: "1.1.0", Now: "1.1.0", Changed: true}, "deletion 1.1.0 (concise-balanced) → 1.1.0, edited"},
		{registry.Carried{Clause: "deletion", Alternative: "full", Version: "1.0.0", Now: "1.1.0"}, "deletion 1.0.0 (full), unchanged in 1.1.0"},
		{registry.Carried{Clause: "deletion", Alternative: "short", Version: "1.0.0", Changed: true}, "deletion 1.0.0 (short) → no longer in the library"},
		{registry.Carried{Clause: "deletion", Alternative: "full", Version: "1.0.0", Now: "1.1.0", Changed: true, WordingUnknown: true}, "deletion 1.0.0 (full) → 1.1.0 *"},
	} {
		if got := carriedText(tc.c); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.c, got, tc.want)
		}
	}
}

// TestWriteAffected: the table has a column for the wordings, one line a
// document, and a note under it when a wording is not known.
func TestWriteAffected(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	doc := func(id, customer string, ws ...registry.Carried) registry.AffectedDocument {
		return registry.AffectedDocument{Summary: registry.Summary{ID: id, Customer: customer, Template: "dpa-concise", TemplateVersion: "1.5.0", LibraryVersion: "1.6.0", Jurisdiction: "eu", LastIssued: at}, Wordings: ws}
	}
	concise := registry.Carried{Clause: "deletion", Alternative: "concise", Version: "1.0.0", Now: "1.1.0", Changed: true}
	old := concise
	old.WordingUnknown = true
	for _, tc := range []struct {
		name     string
		list     []registry.AffectedDocument
		want     []string
		wantNote bool
	}{
		{"none", nil, []string{"no documents"}, false},
		{"known wordings", []registry.AffectedDocument{doc("CM-1", "Globex Corporation", concise)}, []string{
			"ID    ISSUED            CUSTOMER            TEMPLATE           LAW  LIBRARY  WORDING",
			"CM-1  2026-03-01 09:00  Globex Corporation  dpa-concise 1.5.0  eu   1.6.0    deletion 1.0.0 (concise) → 1.1.0",
		}, false},
		{"a wording recorded before per-wording hashes", []registry.AffectedDocument{doc("CM-2", "Initech GmbH", old, concise)}, []string{
			"CM-2  2026-03-01 09:00  Initech GmbH  dpa-concise 1.5.0  eu   1.6.0    deletion 1.0.0 (concise) → 1.1.0 *; deletion 1.0.0 (concise) → 1.1.0",
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeAffected(&b, tc.list, false, false, 0); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w+"\n") {
					t.Errorf("no line %q in\n%s", w, b.String())
				}
			}
			if note := strings.Contains(b.String(), "* wording unknown (recorded before per-wording hashes)"); note != tc.wantNote {
				t.Errorf("note = %v, want %v:\n%s", note, tc.wantNote, b.String())
			}
		})
	}
}
