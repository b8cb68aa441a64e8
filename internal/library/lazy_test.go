package library

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"testing"

	clausemark "github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestEmbeddedLazy: the embedded library, which the binary loads with
// LoadLazy, loads without a problem by Load, and LoadLazy gives what Load
// gives, checklists included. An edited file of the library that breaks
// it fails here before any binary ships it.
func TestEmbeddedLazy(t *testing.T) {
	whole, err := Load(clausemark.Library)
	if err != nil {
		t.Fatalf("the embedded library does not load: %v", err)
	}
	lazy, err := LoadLazy(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	if lazy.Version != whole.Version || !slices.Equal(lazy.ClauseIDs(), whole.ClauseIDs()) ||
		!slices.Equal(lazy.TemplateIDs(), whole.TemplateIDs()) || !slices.Equal(lazy.VariantNames(), whole.VariantNames()) ||
		!slices.Equal(lazy.Names, whole.Names) {
		t.Errorf("LoadLazy gives another library than Load")
	}
	want, _ := whole.Checklists()
	got, err := lazy.Checklists()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) || len(got) == 0 {
		t.Fatalf("checklists %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for id, w := range want {
		g := got[id]
		if g.Name != w.Name || g.Source != w.Source || g.Kind != w.Kind || len(g.Elements) != len(w.Elements) {
			t.Errorf("checklist %s: %+v, want %+v", id, g, w)
			continue
		}
		for i := range w.Elements {
			if g.Elements[i].ID != w.Elements[i].ID || g.Elements[i].Ref != w.Elements[i].Ref || !reflect.DeepEqual(g.Elements[i].Patterns, w.Elements[i].Patterns) {
				t.Errorf("checklist %s element %d: %+v, want %+v", id, i, g.Elements[i], w.Elements[i])
			}
		}
	}
	if again, _ := lazy.Checklists(); !reflect.DeepEqual(slices.Sorted(maps.Keys(again)), slices.Sorted(maps.Keys(got))) || again["gdpr-art28"] != got["gdpr-art28"] {
		t.Error("a second call parsed the checklists again")
	}
}

// TestLazyChecklistErrors: a broken checklist fails Load at its line; by
// LoadLazy the library loads and the first Checklists reports the same
// problem, so that whatever checks (check, lint, a required check) stops
// on it.
func TestLazyChecklistErrors(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "templates/checklists/gdpr-art28.yaml", "elements:", "elemnts:")
	_, loadErr := Load(m)
	var want diag.List
	if !errors.As(loadErr, &want) || len(want) == 0 {
		t.Fatalf("Load: %v, want a diag.List", loadErr)
	}
	lib, err := LoadLazy(m)
	if err != nil {
		t.Fatalf("LoadLazy: %v", err)
	}
	_, err = lib.Checklists()
	var got diag.List
	if !errors.As(err, &got) {
		t.Fatalf("Checklists: %v, want a diag.List", err)
	}
	if len(got) != len(want) || got.Error() != want.Error() {
		t.Errorf("Checklists: %v\nLoad: %v", got, want)
	}
	if got[0].File != "templates/checklists/gdpr-art28.yaml" || got[0].Line == 0 {
		t.Errorf("problem at %s:%d, want the checklist's file and line", got[0].File, got[0].Line)
	}
}
