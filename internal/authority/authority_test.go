package authority

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/transfer"
	"github.com/clausemark/clausemark/internal/vars"
)

const testCountries = `
AT: {name: Austria}
DE: {name: Germany}
NO: {name: Norway}
CH: {name: Switzerland}
US: {name: the United States}
CA: {name: Canada}
`

const testTable = `
AT:
  name: Österreichische Datenschutzbehörde
  english: Austrian Data Protection Authority
  website: https://www.dsb.gv.at
  state: Member State
  as_of: 2026-12-01
  source: DSG § 18
"NO":
  name: Datatilsynet
  english: Norwegian Data Protection Authority
  website: https://www.datatilsynet.no
  state: EEA State
  as_of: 2026-12-01
  source: personopplysningsloven § 20
CH:
  name: Federal Data Protection and Information Commissioner
  short: FDPIC
  website: https://www.edoeb.admin.ch
  state: ""
  as_of: 2026-12-01
  source: FADP Art. 43
DE:
  regional: Land
  state: Member State
  as_of: 2026-12-01
  source: BDSG § 40
  regions:
    DE-BY:
      name: Bayern
      english: Bavaria
      authority: {name: Bayerisches Landesamt für Datenschutzaufsicht, english: Bavarian State Office for Data Protection Supervision, short: BayLDA, website: https://www.lda.bayern.de}
      places:
        - {city: München, aliases: [Munich], postcodes: [80331-81929]}
      as_of: 2026-12-01
      source: BayDSG Art. 18
    DE-HE:
      name: Hessen
      english: Hesse
      authority: {name: Hessische Beauftragte für Datenschutz und Informationsfreiheit, website: https://datenschutz.hessen.de}
      places:
        - {city: Frankfurt am Main, aliases: [Frankfurt], postcodes: [60306-60599, 65929-65936]}
      as_of: 2026-12-01
      source: HDSIG
    DE-BB:
      name: Brandenburg
      english: Brandenburg
      authority: {name: Landesbeauftragte für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg, website: https://www.lda.brandenburg.de}
      places:
        - {city: Frankfurt (Oder), postcodes: [15230-15236]}
      as_of: 2026-12-01
      source: BbgDSG
CA:
  name: Office of the Privacy Commissioner of Canada
  short: OPC
  website: https://www.priv.gc.ca
  regional: province
  as_of: 2026-12-06
  source: PIPEDA s. 11
  regions:
    CA-QC:
      name: Québec
      english: Quebec
      authority: {name: Commission d'accès à l'information du Québec, short: CAI, website: https://www.cai.gouv.qc.ca}
      postal_prefixes: [G, H, J]
      names: [Québec, Quebec, QC]
      as_of: 2026-12-06
      source: CQLR c. P-39.1
`

func countries(t *testing.T) *vars.Countries {
	t.Helper()
	c, err := vars.LoadCountries("countries.yaml", []byte(testCountries))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func table(t *testing.T) *Table {
	t.Helper()
	tb, err := Load(fstest.MapFS{File: {Data: []byte(testTable)}}, countries(t))
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestLookup(t *testing.T) {
	tb, c := table(t), countries(t)
	country := func(code string) any {
		if code == "" {
			return nil
		}
		x, ok := c.Get(code)
		if !ok {
			t.Fatalf("no country %s", code)
		}
		return x
	}
	lines := func(l ...string) []any {
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = vars.Text(s)
		}
		return out
	}
	for _, tc := range []struct {
		name, country string
		address       any
		want          string // Body.String of the authority, "" for none
		state         string
		region, kind  string
		listed        bool
	}{
		{"national", "AT", lines("Mariahilfer Straße 1", "1060 Wien"), "Österreichische Datenschutzbehörde (Austrian Data Protection Authority)", MemberState, "", "", true},
		{"eea-state", "NO", nil, "Datatilsynet (Norwegian Data Protection Authority)", EEAState, "", "", true},
		{"abbreviation", "CH", nil, "Federal Data Protection and Information Commissioner (FDPIC)", "", "", "", true},
		{"unlisted", "US", nil, "", "", "", "", false},
		{"land-by-postcode-and-city", "DE", lines("Marienplatz 1", "80331 München"), "Bayerisches Landesamt für Datenschutzaufsicht (Bavarian State Office for Data Protection Supervision, BayLDA)", MemberState, "Bavaria", "Land", true},
		{"land-on-one-line", "DE", lines("Marienplatz 1, 80331 Munich, Germany"), "Bayerisches Landesamt für Datenschutzaufsicht (Bavarian State Office for Data Protection Supervision, BayLDA)", MemberState, "Bavaria", "Land", true},
		{"land-with-country-prefix", "DE", lines("D-80331 München"), "Bayerisches Landesamt für Datenschutzaufsicht (Bavarian State Office for Data Protection Supervision, BayLDA)", MemberState, "Bavaria", "Land", true},
		{"land-with-district", "DE", lines("80331 München-Altstadt"), "Bayerisches Landesamt für Datenschutzaufsicht (Bavarian State Office for Data Protection Supervision, BayLDA)", MemberState, "Bavaria", "Land", true},
		{"address-as-text", "DE", "Zeil 1, 60313 Frankfurt am Main", "Hessische Beauftragte für Datenschutz und Informationsfreiheit", MemberState, "Hesse", "Land", true},
		// Frankfurt (Oder) is in Brandenburg: the postcode decides
		// which Frankfurt.
		{"homonym-by-postcode", "DE", lines("Große Scharrnstraße 1", "15230 Frankfurt (Oder)"), "Landesbeauftragte für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg", MemberState, "Brandenburg", "Land", true},
		{"frankfurt-alone-with-brandenburg-postcode", "DE", lines("15230 Frankfurt"), "", MemberState, "", "Land", true},
		{"city-without-postcode", "DE", lines("München"), "", MemberState, "", "Land", true},
		{"postcode-of-another-city", "DE", lines("10115 München"), "", MemberState, "", "Land", true},
		{"city-not-listed", "DE", lines("36037 Fulda"), "", MemberState, "", "Land", true},
		{"city-that-only-begins-alike", "DE", lines("80331 Münchenbernsdorf"), "", MemberState, "", "Land", true},
		{"two-lands-disagree", "DE", lines("80331 München", "60313 Frankfurt am Main"), "", MemberState, "", "Land", true},
		{"no-address", "DE", nil, "", MemberState, "", "Land", true},
		// Canada: a national authority, and Québec's own where the
		// address's postal code (or, without one, its province) shows it.
		{"province-by-postal-code", "CA", lines("1000 rue De La Gauchetière Ouest", "Montréal QC H3B 4W5"), "Commission d'accès à l'information du Québec (CAI)", "", "Quebec", "", true},
		{"province-by-postal-code-without-space", "CA", lines("Québec G1R4S9"), "Commission d'accès à l'information du Québec (CAI)", "", "Quebec", "", true},
		{"province-by-name", "CA", lines("1 Place Ville Marie, Montréal, Québec"), "Commission d'accès à l'information du Québec (CAI)", "", "Quebec", "", true},
		{"province-by-abbreviation", "CA", "Gatineau QC", "Commission d'accès à l'information du Québec (CAI)", "", "Quebec", "", true},
		{"postal-code-outside-the-region", "CA", lines("100 Queen St W", "Toronto ON M5H 2N2"), "Office of the Privacy Commissioner of Canada (OPC)", "", "", "", true},
		// The postal code decides over a street named after the province.
		{"street-named-quebec", "CA", lines("12 Quebec Street", "Guelph ON N1H 2T4"), "Office of the Privacy Commissioner of Canada (OPC)", "", "", "", true},
		{"postal-codes-disagree", "CA", lines("Montréal QC H3B 4W5", "Toronto ON M5H 2N2"), "Office of the Privacy Commissioner of Canada (OPC)", "", "", "", true},
		{"province-not-shown", "CA", lines("Ottawa"), "Office of the Privacy Commissioner of Canada (OPC)", "", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tb.Lookup(country(tc.country), tc.address, c, "client.country")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if a.Name != "" {
				got = a.String()
			}
			wantCode := map[string]string{"Bavaria": "DE-BY", "Hesse": "DE-HE", "Brandenburg": "DE-BB", "Quebec": "CA-QC"}[tc.region]
			if a.RegionCode != wantCode {
				t.Errorf("region code %q, want %q", a.RegionCode, wantCode)
			}
			if got != vars.EscapeMarkdown(tc.want) || a.State != tc.state || a.Region != tc.region || a.RegionKind != tc.kind || a.Listed() != tc.listed {
				t.Errorf("got %q, %q, region %q (%q), listed %v; want %q, %q, region %q (%q), listed %v", got, a.State, a.Region, a.RegionKind, a.Listed(), tc.want, tc.state, tc.region, tc.kind, tc.listed)
			}
		})
	}
}

func TestLookupErrors(t *testing.T) {
	tb, c := table(t), countries(t)
	// No country: required, naming the variable given.
	_, err := tb.Lookup(nil, nil, c, "client.country")
	var de *diag.Error
	if !errors.As(err, &de) || de.Variable != "client.country" || !errors.Is(err, ErrNoCountry) || !errors.Is(err, vars.ErrRequired) {
		t.Errorf("no country: %v, want ErrNoCountry about client.country", err)
	}
	// The EEA check: Austria and Norway pass, Switzerland and the United
	// States do not.
	for code, inEEA := range map[string]bool{"AT": true, "NO": true, "DE": true, "CH": false, "US": false} {
		x, _ := c.Get(code)
		a, err := tb.Lookup(x, nil, c, "client.country")
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.EEA()
		if inEEA != (err == nil) {
			t.Errorf("%s: EEA() = %v, in the EEA: %v", code, err, inEEA)
		}
		if err != nil && (!errors.As(err, &de) || de.Variable != "client.country" || !errors.Is(err, ErrNotEEA) || errors.Is(err, vars.ErrRequired)) {
			t.Errorf("%s: %v, want ErrNotEEA about client.country", code, err)
		}
	}
	// A code, as a clause names the authority a regime gives.
	fn := tb.Funcs(c, "client.country")["authority"].(func(any, ...any) (Authority, error))
	if a, err := fn("CH"); err != nil || a.Short != "FDPIC" {
		t.Errorf(`authority "CH" = %v, %v`, a, err)
	}
	if _, err := fn("XX"); err == nil {
		t.Error(`authority "XX" gave no error`)
	}
	if _, err := fn("AT", nil, nil); err == nil {
		t.Error("three arguments gave no error")
	}
	// A table without the file names no one, and says the country is
	// not listed rather than failing to load.
	empty, err := Load(fstest.MapFS{}, c)
	if err != nil {
		t.Fatal(err)
	}
	at, _ := c.Get("AT")
	if a, err := empty.Lookup(at, nil, c, "client.country"); err != nil || a.Listed() {
		t.Errorf("empty table: %v, %v", a, err)
	}
}

func TestLoadErrors(t *testing.T) {
	c := countries(t)
	entry := func(extra string) string {
		return "AT:\n  name: A\n  website: https://a.example\n  state: Member State\n  as_of: 2026-12-01\n  source: S\n" + extra
	}
	for _, tc := range []struct {
		name, data, want string
	}{
		{"not-a-mapping", "- AT\n", "must map ISO 3166-1 codes"},
		{"unknown-country", "XX:\n  name: A\n  website: https://a.example\n  as_of: 2026-12-01\n  source: S\n", "XX: is not in the country table"},
		{"bad-state", "AT:\n  name: A\n  website: https://a.example\n  state: Land\n  as_of: 2026-12-01\n  source: S\n", `state must be "Member State", "EEA State" or empty`},
		{"no-source", "AT:\n  name: A\n  website: https://a.example\n  as_of: 2026-12-01\n", "AT: needs a source"},
		{"bad-date", "AT:\n  name: A\n  website: https://a.example\n  as_of: 1.12.2026\n  source: S\n", "AT: as_of must be a date"},
		{"no-name", "AT:\n  website: https://a.example\n  as_of: 2026-12-01\n  source: S\n", "AT: needs a name"},
		{"no-https", "AT:\n  name: A\n  website: http://a.example\n  as_of: 2026-12-01\n  source: S\n", "needs a website starting https://"},
		{"twice", entry("") + entry(""), "AT is listed twice"},
		{"regions-without-regional", entry("  regions:\n    AT-9: {name: Wien, english: Vienna}\n"), "does not say what a region is called"},
		{"regional-with-a-national-name-without-website", "DE:\n  regional: Land\n  name: BfDI\n  as_of: 2026-12-01\n  source: S\n  regions: {}\n", "needs a website starting https://"},
		{"region-without-places", "CA:\n  regional: province\n  as_of: 2026-12-01\n  source: S\n  regions:\n    CA-QC:\n      name: Québec\n      english: Quebec\n      authority: {name: A, website: https://a.example}\n      as_of: 2026-12-01\n      source: S\n", "needs places or postal_prefixes"},
		{"places-and-prefixes", "CA:\n  regional: province\n  as_of: 2026-12-01\n  source: S\n  regions:\n    CA-QC:\n      name: Québec\n      english: Quebec\n      authority: {name: A, website: https://a.example}\n      places: [{city: Montréal, postcodes: [10000-20000]}]\n      postal_prefixes: [H]\n      as_of: 2026-12-01\n      source: S\n", "not both"},
		{"bad-prefix", "CA:\n  regional: province\n  as_of: 2026-12-01\n  source: S\n  regions:\n    CA-QC:\n      name: Québec\n      english: Quebec\n      authority: {name: A, website: https://a.example}\n      postal_prefixes: [h3b4]\n      as_of: 2026-12-01\n      source: S\n", "one to three letters and digits"},
		{"names-without-prefixes", "DE:\n  regional: Land\n  as_of: 2026-12-01\n  source: S\n  regions:\n    DE-BY:\n      name: Bayern\n      english: Bavaria\n      authority: {name: A, website: https://a.example}\n      places: [{city: München, postcodes: [80331-81929]}]\n      names: [Bayern]\n      as_of: 2026-12-01\n      source: S\n", "names are read only with postal_prefixes"},
		{"regional-without-regions", "DE:\n  regional: Land\n  as_of: 2026-12-01\n  source: S\n", "regions must map ISO 3166-2 codes"},
		{"region-of-another-country", "DE:\n  regional: Land\n  as_of: 2026-12-01\n  source: S\n  regions:\n    AT-9:\n      name: Wien\n      english: Vienna\n      authority: {name: A, website: https://a.example}\n      as_of: 2026-12-01\n      source: S\n", "AT-9: is not an ISO 3166-2 code of DE"},
		{"bad-postcodes", "DE:\n  regional: Land\n  as_of: 2026-12-01\n  source: S\n  regions:\n    DE-BY:\n      name: Bayern\n      english: Bavaria\n      authority: {name: A, website: https://a.example}\n      places: [{city: München, postcodes: [80331]}]\n      as_of: 2026-12-01\n      source: S\n", "postcodes must be ranges"},
		{"backwards-postcodes", "DE:\n  regional: Land\n  as_of: 2026-12-01\n  source: S\n  regions:\n    DE-BY:\n      name: Bayern\n      english: Bavaria\n      authority: {name: A, website: https://a.example}\n      places: [{city: München, postcodes: [81929-80331]}]\n      as_of: 2026-12-01\n      source: S\n", "runs backwards"},
		{"region-without-source", "DE:\n  regional: Land\n  as_of: 2026-12-01\n  source: S\n  regions:\n    DE-BY:\n      name: Bayern\n      english: Bavaria\n      authority: {name: A, website: https://a.example}\n      as_of: 2026-12-01\n", "DE-BY: needs a source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{File: {Data: []byte(tc.data)}}, c)
			var de *diag.Error
			if !errors.As(err, &de) || de.File != File || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error in %s containing %q", err, File, tc.want)
			}
		})
	}
}

func TestNeeded(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		ok    bool
	}{
		{"list", []any{vars.Text("Employees")}, true},
		{"text", vars.Text("x"), true},
		{"empty-list", []any{}, false},
		{"empty-text", vars.Text(""), false},
		{"nil", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Needed("transfer.data_subjects", tc.value, "Annex I.B lists them")
			if tc.ok {
				if err != nil || got == nil {
					t.Errorf("got %v, %v", got, err)
				}
				return
			}
			var de *diag.Error
			if !errors.As(err, &de) || de.Variable != "transfer.data_subjects" || !errors.Is(err, ErrNeeded) || !errors.Is(err, vars.ErrRequired) || !strings.Contains(err.Error(), "Annex I.B lists them") {
				t.Errorf("got %v, want ErrNeeded about transfer.data_subjects with the reason", err)
			}
		})
	}
}

func TestNames(t *testing.T) {
	names := table(t).Names()
	for _, want := range []string{"Österreichische Datenschutzbehörde", "Austrian Data Protection Authority", "FDPIC", "EEA State", "the EEA State", "Member State", "Land", "Bavaria", "Bayern", "BayLDA"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names lacks %q", want)
		}
	}
	if len(names) != len(slicesCompact(names)) {
		t.Errorf("Names repeats a name: %q", names)
	}
}

func slicesCompact(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}

// TestShippedTable: the library's table loads, names an authority for
// every country of the GDPR's area (the 27 Member States and the three EEA
// States, as the transfer table's gdpr regime lists them), the United
// Kingdom and Switzerland, and no other; and every Land of Germany.
func TestShippedTable(t *testing.T) {
	data, err := fs.ReadFile(clausemark.Library, "templates/countries.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := vars.LoadCountries("templates/countries.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := Load(clausemark.Library, c)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := transfer.Load(clausemark.Library, c)
	if err != nil {
		t.Fatal(err)
	}
	// The EEA's, the UK's and Switzerland's, for Annex I.C, and Canada's,
	// for Québec's own rules.
	want := append(slices.Clone(tr.Regimes["gdpr"].Within), "GB", "CH", "CA")
	slices.Sort(want)
	if got := tb.Codes(); !slices.Equal(got, want) {
		t.Errorf("countries %v, want %v", got, want)
	}
	states := map[string]int{}
	for _, code := range tb.Codes() {
		e, _ := tb.Get(code)
		states[e.State]++
		if slices.Contains([]string{"IS", "LI", "NO"}, code) != (e.State == EEAState) {
			t.Errorf("%s: state %q", code, e.State)
		}
	}
	if states[MemberState] != 27 || states[EEAState] != 3 || states[""] != 3 {
		t.Errorf("states %v, want 27 Member States, 3 EEA States and 3 others", states)
	}
	ca, _ := tb.Get("CA")
	if ca.Authority == nil || len(ca.Regions) != 1 || ca.Regions[0].Code != "CA-QC" {
		t.Errorf("Canada: national authority %v, regions %v", ca.Authority, ca.Regions)
	}
	de, _ := tb.Get("DE")
	if de.Authority != nil || de.Regional != "Land" || len(de.Regions) != 16 {
		t.Fatalf("Germany: %d regions, regional %q", len(de.Regions), de.Regional)
	}
	for _, r := range de.Regions {
		if len(r.Places) == 0 {
			t.Errorf("%s lists no place", r.Code)
		}
	}
	// No two Länder share a place: a city and postcode give one Land.
	type key struct {
		city string
		code int
	}
	seen := map[key]string{}
	for _, r := range de.Regions {
		for _, p := range r.Places {
			for _, rg := range p.Ranges {
				for _, n := range append([]string{p.City}, p.Aliases...) {
					for _, code := range []int{rg[0], rg[1]} {
						k := key{strings.ToLower(n), code}
						if other, ok := seen[k]; ok && other != r.Code {
							t.Errorf("%s %05d is in both %s and %s", n, code, other, r.Code)
						}
						seen[k] = r.Code
					}
				}
			}
		}
	}
}
