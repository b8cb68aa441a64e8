package transfer

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

const testCountries = `
DE: {name: Germany}
IN: {name: India}
US: {name: the United States, aliases: [USA]}
JP: {name: Japan}
`

const testRegimes = `
gdpr:
  name: Chapter V of the GDPR
  area: the EEA
  within: [DE]
  mechanism: eu-scc
  as_of: 2026-12-01
  source: Decision M
  adequacy_as_of: 2026-12-01
  adequacy_source: the Official Journal
  adequacy:
    - {country: JP, decision: Decision J, date: 2019-01-23}
    - {country: US, decision: Decision U, date: 2023-07-10, certified_only: true}
`

func table(t *testing.T) (*Table, *vars.Countries) {
	t.Helper()
	c, err := vars.LoadCountries("countries.yaml", []byte(testCountries))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := Load(fstest.MapFS{File: {Data: []byte(testRegimes)}}, c)
	if err != nil {
		t.Fatal(err)
	}
	return tb, c
}

func TestAnalyze(t *testing.T) {
	tb, c := table(t)
	country := func(s string) any {
		if s == "" {
			return nil
		}
		x, ok := c.Lookup(s)
		if !ok {
			t.Fatalf("no country %q", s)
		}
		return x
	}
	subs := func(locs ...string) []any {
		var out []any
		for i, l := range locs {
			out = append(out, map[string]any{"name": vars.Text("S" + string(rune('1'+i))), "location": country(l)})
		}
		return out
	}
	gdpr := vars.Record{"transfers": "gdpr"}
	for _, tc := range []struct {
		name             string
		juris            vars.Record
		processor        string
		subs             []any
		module2, module3 bool
	}{
		{"inside the area", gdpr, "DE", nil, false, false},
		{"adequate country", gdpr, "Japan", nil, false, false},
		{"no adequacy", gdpr, "IN", nil, true, false},
		{"certified-only decision is not relied on", gdpr, "USA", nil, true, false},
		{"onward transfer to a subprocessor", gdpr, "DE", subs("DE", "IN"), false, true},
		{"processor unknown, subprocessor adequate", gdpr, "", subs("JP"), false, false},
		{"no regime", vars.Record{"transfers": ""}, "IN", subs("IN"), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s any
			if tc.subs != nil {
				s = tc.subs
			}
			a := tb.Analyze(tc.juris, country(tc.processor), s, nil)
			if a.Module2 != tc.module2 || a.Module3 != tc.module3 {
				t.Errorf("Module2 %v, Module3 %v; want %v, %v", a.Module2, a.Module3, tc.module2, tc.module3)
			}
			if a.SCC() != (tc.module2 || tc.module3) {
				t.Errorf("SCC() = %v", a.SCC())
			}
		})
	}
}

func TestMemberState(t *testing.T) {
	tb, c := table(t)
	de, _ := c.Lookup("DE")
	in, _ := c.Lookup("IN")
	if got, err := tb.MemberState(vars.Record{"transfers": "gdpr", "country": "DE"}, nil, c, "customer.country"); err != nil || got.Code != "DE" {
		t.Errorf("German law: %v, %v", got, err)
	}
	if got, err := tb.MemberState(vars.Record{"transfers": "gdpr", "country": ""}, de, c, "customer.country"); err != nil || got.Code != "DE" {
		t.Errorf("EU law, German customer: %v, %v", got, err)
	}
	if got, err := tb.MemberState(vars.Record{"transfers": "gdpr", "country": "DE"}, in, c, "customer.country"); err != nil || got.Code != "DE" {
		t.Errorf("German law, Indian customer: %v, %v; want Germany, the governing law's", got, err)
	}
	_, err := tb.MemberState(vars.Record{"transfers": "gdpr", "country": ""}, in, c, "client.country")
	var de2 *diag.Error
	if !errors.As(err, &de2) || de2.Variable != "client.country" || !errors.Is(err, ErrStateOutside) || errors.Is(err, vars.ErrRequired) || !strings.Contains(err.Error(), "India is outside") {
		t.Errorf("EU law, Indian customer: %v, want ErrStateOutside about client.country, naming India", err)
	}
	_, err = tb.MemberState(vars.Record{"transfers": "gdpr", "country": ""}, nil, c, "client.country")
	if !errors.As(err, &de2) || de2.Variable != "client.country" || !errors.Is(err, ErrNoState) {
		t.Errorf("EU law, no customer country: %v, want ErrNoState about client.country", err)
	}
}

func TestLoadErrors(t *testing.T) {
	_, c := table(t)
	for _, tc := range []struct{ name, data, want string }{
		{"unknown country", "x:\n  name: X\n  area: A\n  mechanism: eu-scc\n  within: [ZZ]\n", `within: "ZZ" is not in the country table`},
		{"bad mechanism", "x:\n  name: X\n  area: A\n  mechanism: fax\n", `mechanism must be one of`},
		{"adequacy inside the area", "x:\n  name: X\n  area: A\n  mechanism: eu-scc\n  within: [DE]\n  adequacy: [{country: DE, decision: D, date: 2020-01-01}]\n", `within the area`},
		{"bad date", "x:\n  name: X\n  area: A\n  mechanism: eu-scc\n  adequacy: [{country: JP, decision: D, date: soon}]\n", `date written YYYY-MM-DD`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{File: {Data: []byte(tc.data)}}, c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
