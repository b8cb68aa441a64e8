package transfer_test

import (
	"errors"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/transfer"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestAnalyzeOwnLaw: the processor's own law governs its onward
// transfers (item 3 of issue 26), an EEA processor returns the data to a
// customer outside the EEA under Module Four (item 4), a customer under
// another regime diverges (item 2), Brazil's clauses are not carried
// (item 5); with the library's own table.
func TestAnalyzeOwnLaw(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	country := func(s string) any {
		if s == "" {
			return nil
		}
		c, ok := lib.Countries.Lookup(s)
		if !ok {
			t.Fatalf("no country %q", s)
		}
		return c
	}
	subs := []any{map[string]any{"name": vars.Text("Cloudy"), "location": country("US")}}
	lgpd := vars.Record{"transfers": "lgpd", "country": "BR"}
	for _, tc := range []struct {
		name                string
		juris               vars.Record
		processor, customer string
		subs                []any
		module2, module3    bool
		onward, home        string // regime ids, "" for none
		module4, diverges   bool
		missing, onwardMiss bool
	}{
		{name: "UK processor under German law", juris: lib.Jurisdictions["de"], processor: "GB", customer: "DE", subs: subs, module3: true, onward: "uk", home: "uk"},
		{name: "Swiss processor under German law", juris: lib.Jurisdictions["de"], processor: "CH", customer: "DE", subs: subs, module3: true, onward: "fadp", home: "fadp"},
		{name: "German processor under German law", juris: lib.Jurisdictions["de"], processor: "DE", customer: "DE", subs: subs, module3: true, onward: "gdpr", home: "gdpr"},
		{name: "US processor under German law carries the EU's rules onward", juris: lib.Jurisdictions["de"], processor: "US", customer: "DE", subs: subs, module2: true, module3: true, onward: "gdpr"},
		{name: "German processor under Californian law", juris: lib.Jurisdictions["us-ca"], processor: "DE", customer: "US", subs: subs, module3: true, onward: "gdpr", home: "gdpr", module4: true},
		{name: "German processor under Californian law, customer's country from the jurisdiction", juris: lib.Jurisdictions["us-ca"], processor: "DE", module4: true, onward: "gdpr", home: "gdpr"},
		{name: "German processor, Austrian customer under Californian law", juris: lib.Jurisdictions["us-ca"], processor: "DE", customer: "AT", onward: "gdpr", home: "gdpr", diverges: true},
		{name: "German processor, Canadian customer (adequate)", juris: lib.Jurisdictions["ca"], processor: "DE", customer: "CA", onward: "gdpr", home: "gdpr"},
		{name: "UK processor, US customer under Indian law", juris: lib.Jurisdictions["in"], processor: "GB", customer: "US", onward: "uk", home: "uk", module4: true},
		{name: "Indian processor under Indian law", juris: lib.Jurisdictions["in"], processor: "IN", customer: "IN", subs: subs},
		{name: "Swiss customer under German law", juris: lib.Jurisdictions["de"], processor: "DE", customer: "CH", onward: "gdpr", home: "gdpr", diverges: true},
		{name: "UK processor under Brazil's transfer rules", juris: lgpd, processor: "GB", customer: "BR", onward: "uk", home: "uk", missing: true, module4: true},
		{name: "German processor under Brazil's transfer rules (adequate)", juris: lgpd, processor: "DE", customer: "BR", onward: "gdpr", home: "gdpr"},
		{name: "Brazilian processor's onward transfers", juris: lib.Jurisdictions["de"], processor: "BR", customer: "DE", subs: subs, onward: "lgpd", home: "lgpd", onwardMiss: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s any
			if tc.subs != nil {
				s = tc.subs
			}
			a := lib.Transfers.Analyze(tc.juris, country(tc.processor), s, country(tc.customer))
			id := func(r *transfer.Regime) string {
				if r == nil {
					return ""
				}
				return r.ID
			}
			if a.Module2 != tc.module2 || a.Module3 != tc.module3 || a.Module4 != tc.module4 {
				t.Errorf("Modules Two, Three, Four: %v, %v, %v; want %v, %v, %v", a.Module2, a.Module3, a.Module4, tc.module2, tc.module3, tc.module4)
			}
			if id(a.Onward) != tc.onward || id(a.Home) != tc.home {
				t.Errorf("onward %q, home %q; want %q, %q", id(a.Onward), id(a.Home), tc.onward, tc.home)
			}
			if a.Diverges() != tc.diverges || a.Missing != tc.missing || a.OnwardMissing != tc.onwardMiss {
				t.Errorf("diverges %v, missing %v, onward missing %v; want %v, %v, %v", a.Diverges(), a.Missing, a.OnwardMissing, tc.diverges, tc.missing, tc.onwardMiss)
			}
			err := a.Require("processor.country")
			var de *diag.Error
			switch {
			case tc.missing && (!errors.Is(err, transfer.ErrNotCarried) || !errors.As(err, &de) || de.Variable != "processor.country"):
				t.Errorf("Require: %v, want ErrNotCarried naming processor.country", err)
			case !tc.missing && err != nil:
				t.Errorf("Require: %v", err)
			}
		})
	}
}

// TestEveryFactDated (item 9): every fact of the library's transfer
// table carries as_of and source, and Stale lists those before a date.
func TestEveryFactDated(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	facts := lib.Transfers.Facts()
	if len(facts) < 100 {
		t.Fatalf("%d facts, want every adequacy row, mechanism and dated authority", len(facts))
	}
	for _, f := range facts {
		if !f.Dated() || f.Source == "" {
			t.Errorf("%s:%d: %s %s has as_of %v and source %q", f.File, f.Line, f.Regime, f.What, f.Dated(), f.Source)
		}
	}
	early, _ := vars.ParseDate("2000-01-01")
	late, _ := vars.ParseDate("2100-01-01")
	if n := len(lib.Transfers.Stale(early)); n != 0 {
		t.Errorf("%d facts stale before 2000", n)
	}
	if n := len(lib.Transfers.Stale(late)); n != len(facts) {
		t.Errorf("%d of %d facts stale before 2100", n, len(facts))
	}
	// The Information Commissioner is a dated fact with what to re-check.
	found := false
	for _, f := range facts {
		if f.Regime == "uk" && f.What == "authority" {
			found = f.Value == "the Information Commissioner" && f.Recheck != ""
		}
	}
	if !found {
		t.Error("the UK's authority is not a dated fact with a recheck")
	}
}
