package assemble

import (
	"slices"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

// TestPlacesAsNumbered checks what references to places rest on: each
// part, numbered alone as assembly numbers it to check a reference, has
// the cites the whole document's numbers give the paragraphs and items
// within it, for both seeds and a processor of each house style under
// German law with subprocessors.
func TestPlacesAsNumbered(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	german := func(variant string) []string {
		sets := []string{"processor.name=Nordwerk", "processor.legal_name=Nordwerk Software GmbH", "processor.country=Germany",
			"processor.contact.privacy_email=privacy@nordwerk.example", "jurisdiction=de", "venue=",
			"subprocessors=[{name: Ojas Support Pvt Ltd, purpose: Customer support, location: India}]"}
		if variant == "ojoo" {
			return append(sets, "processor.services=logistics software and support", "processor.offerings=software and support services",
				"processor.products=[Logistics software.]", "processor.purposes=[Provide the Services.]", "processor.address=[Hafenstraße 1, 20457 Hamburg]")
		}
		return append(sets, "processor.hosting=Hetzner")
	}
	for _, tc := range []struct {
		variant string
		sets    []string
	}{{"opsium", nil}, {"ojoo", nil}, {"opsium", german("opsium")}, {"ojoo", german("ojoo")}} {
		r, err := lib.Resolve(library.Request{Variant: tc.variant, Sets: tc.sets})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Assemble(r)
		if err != nil {
			t.Fatal(err)
		}
		m := doc.Model()
		ps := &places{sections: doc.Sections, rules: numbering(doc.Template), found: map[int]*sectionPlaces{}}
		for _, s := range doc.Sections {
			ps.texts, ps.ok = append(ps.texts, s.Text), append(ps.ok, true)
		}
		total := 0
		for i, s := range doc.Sections {
			var want, got []string
			for _, n := range m.Numbers {
				if n.Offset >= s.Start && n.Offset < s.End && n.Cite != "" {
					want = append(want, n.Cite)
				}
			}
			for c := range ps.of(i).cites {
				got = append(got, c)
			}
			slices.Sort(want)
			want = slices.Compact(want) // two lists under one heading both have an (a)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s %v, %s: the part alone cites %q, the document %q", tc.variant, tc.sets, s.ClauseID, got, want)
			}
			total += len(got)
		}
		if total == 0 {
			t.Errorf("%s: nothing cited", tc.variant)
		}
	}
}
