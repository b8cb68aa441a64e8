package vars

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
)

// Issue 26, item 8: a place that a jurisdiction lists under refused_venues
// (a city where no competent court sits) is refused with the record's
// reason, naming venue and the seats; the seats themselves still pass.
func TestCheckSeatsRefused(t *testing.T) {
	c, _ := LoadCountries("countries.yaml", []byte("US: {name: United States}\nIN: {name: India}\n"))
	s := &Schema{Countries: c, Vars: map[string]*Var{
		"jurisdiction": {Path: "jurisdiction", Kind: KindJurisdiction},
		"venue":        {Path: "venue", Kind: KindText, SeatOf: "jurisdiction"},
	}}
	ca := Record{"code": "us-ca", "name": "California", "country": "US",
		"venues":         []any{"Santa Ana", "Orange County", "San Jose"},
		"refused_venues": map[string]any{"Irvine": "no court sits in Irvine; use Santa Ana", "Palo Alto": " use San Jose "},
	}
	for _, tc := range []struct {
		name, venue string
		ok          bool   // accepted
		why         string // the reason given, for a place refused by name
	}{
		{"a seat", "Santa Ana", true, ""},
		{"a county, with its state", "Orange County, California", true, ""},
		{"a refused city", "Irvine", false, "no court sits in Irvine; use Santa Ana"},
		{"a refused city, any case, with its state", "palo alto, California", false, "use San Jose"},
		{"another city", "Fresno", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSeats(s, Tree{"jurisdiction": ca}, Set{"venue": {V: Text(tc.venue), Src: Source{File: "--set"}}})
			if tc.ok {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			if tc.why == "" {
				// Not refused by name: the usual message, which gives no reason.
				if err == nil || strings.Contains(err.Error(), "use ") {
					t.Errorf("error %v, want the usual refusal", err)
				}
				return
			}
			var list diag.List
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("error %v, want one diag.Error", err)
			}
			e := list[0]
			msg := e.Err.Error()
			if e.Variable != "venue" || !strings.Contains(msg, tc.why+";") || !strings.Contains(msg, "Santa Ana, Orange County, San Jose") || strings.Contains(msg, "did you mean") {
				t.Errorf("variable %q, message %q: want venue, the reason %q and the seats", e.Variable, msg, tc.why)
			}
		})
	}
}
