package vars

import (
	"strings"
	"testing"
)

func TestCountries(t *testing.T) {
	c, err := LoadCountries("countries.yaml", []byte("DE: {name: Germany, aliases: [Deutschland]}\nNL: {name: the Netherlands}\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := &Var{Path: "processor.country", Kind: KindCountry, countries: c}
	for _, tc := range []struct{ in, code, err string }{
		{"DE", "DE", ""},
		{"de", "DE", ""},
		{" Germany ", "DE", ""},
		{"Deutschland", "DE", ""},
		{"the Netherlands", "NL", ""},
		{"Netherlands", "NL", ""},
		{"Germny", "", `did you mean "Germany"?`},
		{"EU", "", "must be a country"},
		{strings.Repeat("x", 5000), "", "must be a country"},
	} {
		x, err := v.ParseString(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%.20q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || x.(Country).Code != tc.code {
			t.Errorf("%q: %v, %v; want %s", tc.in, x, err, tc.code)
		}
	}
	for _, bad := range []string{"DE: {name: Germany}\nXX: {name: Germany}\n", "de: {name: Germany}\n", "DE: {aliases: [x]}\n"} {
		if _, err := LoadCountries("countries.yaml", []byte(bad)); err == nil {
			t.Errorf("%q loads", bad)
		}
	}
}

func TestCheckSeats(t *testing.T) {
	c, _ := LoadCountries("countries.yaml", []byte("DE: {name: Germany}\nIN: {name: India}\n"))
	s := &Schema{Countries: c, Vars: map[string]*Var{
		"jurisdiction": {Path: "jurisdiction", Kind: KindJurisdiction},
		"venue":        {Path: "venue", Kind: KindText, SeatOf: "jurisdiction"},
	}}
	de := Record{"code": "de", "name": "Germany", "country": "DE", "venues": []any{"Berlin", "Munich"}}
	eu := Record{"code": "eu", "name": "the European Union", "country": "", "venues": []any{}}
	for _, tc := range []struct {
		name  string
		juris Record
		venue string
		err   string
	}{
		{"a seat", de, "Berlin", ""},
		{"a seat, any case, with its region", de, "munich, Bavaria", ""},
		{"a seat with its own country", de, "Berlin, Germany", ""},
		{"another country's city", de, "Bengaluru, Karnataka", "must name a court seat in Germany"},
		{"a seat glued to another country", de, "Berlin, India", "names India, but the courts must be in Germany"},
		{"a typo", de, "Berln", `did you mean "Berlin"?`},
		{"no seats at all", eu, "Dublin", "has no court seats"},
		{"blank", eu, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := Tree{"jurisdiction": tc.juris, "venue": Text(tc.venue)}
			err := CheckSeats(s, tree, Set{"venue": {V: Text(tc.venue), Src: Source{File: "--set"}}})
			if tc.err == "" {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `"venue"`) {
				t.Errorf("error %v, want one naming venue and containing %q", err, tc.err)
			}
		})
	}
}

// FuzzVenue feeds arbitrary text as a country and as a venue: neither may
// panic, an accepted country is in the table, and an accepted venue starts
// with one of the jurisdiction's seats and names no other country.
func FuzzVenue(f *testing.F) {
	for _, seed := range []string{"Berlin", "munich, Bavaria", "Berlin, Germany", "Bengaluru, Karnataka", "Berlin, India", "Berln", "", ",", ",,,India", "DE", "Deutschland", "\xff", strings.Repeat("Berlin,", 50)} {
		f.Add(seed)
	}
	c, err := LoadCountries("countries.yaml", []byte("DE: {name: Germany, aliases: [Deutschland]}\nIN: {name: India}\n"))
	if err != nil {
		f.Fatal(err)
	}
	country := &Var{Path: "processor.country", Kind: KindCountry, countries: c}
	s := &Schema{Countries: c, Vars: map[string]*Var{
		"jurisdiction": {Path: "jurisdiction", Kind: KindJurisdiction},
		"venue":        {Path: "venue", Kind: KindText, SeatOf: "jurisdiction"},
	}}
	de := Record{"code": "de", "name": "Germany", "country": "DE", "venues": []any{"Berlin", "Munich"}}
	f.Fuzz(func(t *testing.T, in string) {
		if x, err := country.ParseString(in); err == nil {
			if _, ok := c.Get(x.(Country).Code); !ok {
				t.Errorf("%q accepted as %v, not in the table", in, x)
			}
		}
		err := CheckSeats(s, Tree{"jurisdiction": de}, Set{"venue": {V: Text(in)}})
		if err != nil || strings.TrimSpace(in) == "" {
			return
		}
		parts := strings.Split(strings.TrimSpace(in), ",")
		if first := strings.TrimSpace(parts[0]); !strings.EqualFold(first, "Berlin") && !strings.EqualFold(first, "Munich") {
			t.Errorf("venue %q accepted without a seat", in)
		}
		for _, p := range parts[1:] {
			if strings.EqualFold(strings.TrimSpace(p), "India") {
				t.Errorf("venue %q accepted naming India", in)
			}
		}
	})
}
