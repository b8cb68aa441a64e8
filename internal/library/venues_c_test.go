package library_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// Issue 26, item 8: a court seat where no competent court sits is refused
// (Irvine and Palo Alto under California's law, Noida under India's), the
// error naming venue, why, and the seat to use instead; the seats that
// replace them are accepted and printed; and every seat list in
// templates/jurisdictions.yaml has its source beside it.

func TestRefusedVenues(t *testing.T) {
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		variant, jurisdiction, venue string
		why, use                     string // the reason and the seat the error names instead
	}{
		{"opsium", "us-ca", "Irvine", "no court of general civil jurisdiction sits in Irvine", "Santa Ana"},
		{"ojoo", "us-ca", "Irvine, California", "no court of general civil jurisdiction sits in Irvine", "Orange County"},
		{"opsium", "us-ca", "Palo Alto", "hears no civil cases in Palo Alto", "San Jose"},
		{"ojoo", "us-ca", "palo alto, CA", "hears no civil cases in Palo Alto", "Santa Clara County"},
		{"ojoo", "in", "Noida", "no district court sits in Noida", "Gautam Buddh Nagar"},
		{"ojoo", "in", "Noida, Uttar Pradesh", "no district court sits in Noida", "Greater Noida"},
	} {
		t.Run(tc.jurisdiction+"/"+tc.venue, func(t *testing.T) {
			_, err := lib.Resolve(library.Request{Variant: tc.variant, Sets: []string{"jurisdiction=" + tc.jurisdiction, "venue=" + tc.venue}})
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("error %v, want the venue refused", err)
			}
			i := slices.IndexFunc(list, func(e *diag.Error) bool { return e.Variable == "venue" })
			if i < 0 {
				t.Fatalf("no error names venue: %v", err)
			}
			msg := list[i].Err.Error()
			if !strings.Contains(msg, tc.why) || !strings.Contains(msg, "use ") || !strings.Contains(msg, tc.use) {
				t.Errorf("the refusal reads %q; want %q and the seat %s", msg, tc.why, tc.use)
			}
			seats := venues(lib.Jurisdictions[tc.jurisdiction]["venues"])
			if !slices.Contains(seats, tc.use) {
				t.Errorf("the refusal advises %s, which is not a seat of %s: %v", tc.use, tc.jurisdiction, seats)
			}
		})
	}
}

func TestReplacementVenuesAccepted(t *testing.T) {
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		variant, jurisdiction, venue, want string
	}{
		{"opsium", "us-ca", "Santa Ana", "the courts located in Santa Ana, California"},
		{"ojoo", "us-ca", "Orange County", "the courts located in Orange County, California"},
		{"opsium", "us-ca", "San Jose", "the courts located in San Jose, California"},
		{"ojoo", "us-ca", "Santa Clara County", "the courts located in Santa Clara County, California"},
		{"ojoo", "in", "Gautam Buddh Nagar, Uttar Pradesh", "the courts located in Gautam Buddh Nagar, Uttar Pradesh, India"},
		{"ojoo", "in", "Greater Noida", "the courts located in Greater Noida, India"},
	} {
		t.Run(tc.jurisdiction+"/"+tc.venue, func(t *testing.T) {
			r, err := lib.Resolve(library.Request{Variant: tc.variant, Sets: []string{"jurisdiction=" + tc.jurisdiction, "venue=" + tc.venue}})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := assemble.Assemble(r)
			if err != nil {
				t.Fatal(err)
			}
			if md := string(doc.Markdown); !strings.Contains(strings.ToLower(md), strings.ToLower(tc.want)) {
				t.Errorf("the document does not name %q", tc.want)
			}
		})
	}
}

// TestVenueData: no refused place is also a seat, each refusal names a
// seat of its jurisdiction to use instead, and every venues and
// refused_venues entry of templates/jurisdictions.yaml has a Source
// comment on the line before it.
func TestVenueData(t *testing.T) {
	m := librarytest.Copy(t)
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	refusals := 0
	for code, rec := range lib.Jurisdictions {
		seats := venues(rec["venues"])
		refused, _ := rec["refused_venues"].(map[string]any)
		for place, why := range refused {
			refusals++
			if slices.ContainsFunc(seats, func(s string) bool { return strings.EqualFold(s, place) }) {
				t.Errorf("%s: %s is both a seat and refused", code, place)
			}
			w, _ := why.(string)
			_, use, ok := strings.Cut(w, "use ")
			if !ok || !slices.ContainsFunc(seats, func(s string) bool { return strings.HasPrefix(use, s) }) {
				t.Errorf("%s: the refusal of %s, %q, names no seat to use instead", code, place, w)
			}
		}
	}
	if refusals < 3 {
		t.Errorf("%d refused places, want at least Irvine, Palo Alto and Noida", refusals)
	}
	lines := strings.Split(string(m[library.JurisdictionsFile].Data), "\n")
	n := 0
	for i, line := range lines {
		if !strings.HasPrefix(line, "  venues:") && !strings.HasPrefix(line, "  refused_venues:") {
			continue
		}
		n++
		if i == 0 || !strings.HasPrefix(lines[i-1], "  # Source: ") {
			t.Errorf("%s:%d: %s has no Source comment on the line before", library.JurisdictionsFile, i+1, strings.TrimSpace(line))
		}
	}
	if n < len(lib.Jurisdictions) {
		t.Errorf("%d venues lines for %d jurisdictions", n, len(lib.Jurisdictions))
	}
}

func venues(x any) []string {
	l, _ := x.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
