package server

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// answerOf posts form to /preview and returns the script's answer,
// errors and all.
func answerOf(t *testing.T, form url.Values) previewResult {
	t.Helper()
	rec := do(t, newTestServer(t, nil), "POST", "/preview", formType, form.Encode())
	var res previewResult
	if err := json.Unmarshal(rec.Body.Bytes(), &res); rec.Code != 200 || err != nil {
		t.Fatalf("status %d (%v): %s", rec.Code, err, rec.Body)
	}
	return res
}

// ojooUnderGermanLaw is Ojoo's form after the person chose German law, with what
// the SCCs' annexes need, as the page sends it with what it held before.
func ojooUnderGermanLaw() url.Values {
	return url.Values{"_start": {"ojoo"}, "customer.name": {"Globex Corporation"}, "customer.country": {"AT"},
		"jurisdiction": {"de"}, "_was.jurisdiction": {"in"}, "venue": {"Bengaluru, Karnataka"}, "_was.venue": {"Bengaluru, Karnataka"},
		"transfer.data_subjects": {"Employees"}, "transfer.data_categories": {"Contact details"}}
}

// TestFormTiedValues: a value tied to another returns to its default for
// the new value when that one changes and the person did not touch it,
// and the form says so beside it; one the person chose is theirs.
func TestFormTiedValues(t *testing.T) {
	const courts = "Courts reset to the usual courts for Germany (the courts of Berlin, Germany)."
	tests := []struct {
		name   string
		change func(url.Values)
		resets []reset
		errors string // a problem of venue's, if any
	}{
		{"untouched, the law changed", func(url.Values) {}, []reset{{Path: "venue", Value: "", Message: courts}}, ""},
		{"chosen with the law", func(f url.Values) { f.Set("venue", "Munich") }, nil, ""},
		{"a seat of the old law chosen with the new", func(f url.Values) { f.Set("venue", "Mumbai") }, nil, "must name a court seat in Germany"},
		{"the law unchanged", func(f url.Values) { f.Set("_was.jurisdiction", "de") }, nil, "must name a court seat in Germany"},
		{"a page that does not say what it held", func(f url.Values) { f.Del("_was.jurisdiction"); f.Del("_was.venue") }, nil, "must name a court seat in Germany"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := ojooUnderGermanLaw()
			tt.change(form)
			res := answerOf(t, form)
			if !slices.Equal(res.Resets, tt.resets) && !(len(res.Resets) == 0 && len(tt.resets) == 0) {
				t.Errorf("resets %+v, want %+v", res.Resets, tt.resets)
			}
			var venue string
			for _, e := range res.Errors {
				if e.Path == "venue" {
					venue = e.Message
				}
			}
			if tt.errors == "" && len(res.Errors) > 0 || !strings.Contains(venue, tt.errors) {
				t.Errorf("errors %+v, want one of venue's saying %q", res.Errors, tt.errors)
			}
			if tt.errors == "" && !strings.Contains(res.HTML, "Germany") {
				t.Error("no preview")
			}
		})
	}
}

// TestFormTiedValuesWithoutScript: without the page's script, the form
// drawn again holds the value reset, in a select of Germany's seats, with
// the note beside it, and the download goes ahead.
func TestFormTiedValuesWithoutScript(t *testing.T) {
	h := newTestServer(t, nil)
	rec := do(t, h, "POST", "/", formType, ojooUnderGermanLaw().Encode())
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	venue := between(body, `data-path="venue"`, "</select>")
	for _, want := range []string{`<option value="" selected>The usual courts (the courts of Berlin, Germany)</option>`, `<option value="Munich">Munich</option>`,
		`name="_was.venue" value=""`, `data-seats="`} {
		if !strings.Contains(venue, want) {
			t.Errorf("venue lacks %s:\n%s", want, venue)
		}
	}
	if strings.Contains(between(venue, "<option", "</select>"), "Bengaluru") {
		t.Errorf("venue still offers Bengaluru:\n%s", venue)
	}
	if !strings.Contains(between(body, `id="n-f-venue"`, "</p>"), "Courts reset to the usual courts for Germany") {
		t.Errorf("no note beside the courts: %s", between(body, `id="n-f-venue"`, "</p>"))
	}
	if !strings.Contains(between(body, `data-path="jurisdiction"`, "</select>"), `name="_was.jurisdiction" value="de"`) {
		t.Error("the page does not carry the law it was drawn with")
	}
	form := ojooUnderGermanLaw()
	form.Set("_format", "pdf")
	if rec := do(t, h, "POST", "/download", formType, form.Encode()); rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Clausemark-Document"), "CM-") {
		t.Errorf("download: %d %v", rec.Code, rec.Header())
	}
}

// TestFormBoxError: a problem inside a list is placed at its one box and
// named for people; the API keeps its own words.
func TestFormBoxError(t *testing.T) {
	tests := []struct {
		name          string
		rows          url.Values
		target, label string
		message       string
	}{
		{"a country", url.Values{"subprocessors.0.name": {"Hetzner"}, "subprocessors.0.purpose": {"Hosting"}, "subprocessors.0.location": {"Atlantis"}},
			"f-subprocessors-0-location", "Subprocessor 1 — Country", `Subprocessor 1 — Country: must be a country, by name or ISO 3166-1 code (Germany or DE), got "Atlantis"`},
		{"a required field of the second row", url.Values{"subprocessors.0.name": {"Hetzner"}, "subprocessors.0.purpose": {"Hosting"}, "subprocessors.0.location": {"DE"},
			"subprocessors.1.name": {"Stripe"}, "subprocessors.1.location": {"US"}},
			"f-subprocessors-1-purpose", "Subprocessor 2 — Purpose", "Subprocessor 2 — Purpose: is required"},
		{"a line of an address", url.Values{"customer.address": {"1 Main Street", strings.Repeat("x", 1001)}},
			"f-customer-address-1", "Address line 2", "Address line 2: must be at most 1000 characters, got 1001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"_start": {"opsium"}, "subprocessors.rows": {"1"}}
			for k, v := range tt.rows {
				form[k] = v
			}
			res := answerOf(t, form)
			if len(res.Errors) != 1 {
				t.Fatalf("errors %+v", res.Errors)
			}
			if e := res.Errors[0]; e.Target != tt.target || e.Label != tt.label || e.Message != tt.message {
				t.Errorf("error %+v, want %s / %s / %s", e, tt.target, tt.label, tt.message)
			}
		})
	}
	// Without the script: only that box is marked, its message beside it.
	form := url.Values{"_start": {"opsium"}, "subprocessors.rows": {"1"}, "subprocessors.0.name": {"Hetzner"}, "subprocessors.0.purpose": {"Hosting"}, "subprocessors.0.location": {"Atlantis"}}
	body := do(t, newTestServer(t, nil), "POST", "/", formType, form.Encode()).Body.String()
	rows := between(body, `data-path="subprocessors"`, `<template class="new-row">`)
	if n := strings.Count(rows, `aria-invalid="true"`); n != 1 || !strings.Contains(between(rows, `id="f-subprocessors-0-location"`, ">"), `aria-invalid="true"`) {
		t.Errorf("%d boxes marked, want the country's alone:\n%s", n, rows)
	}
	if !strings.Contains(between(rows, `id="e-f-subprocessors-0-location"`, "</p>"), "Subprocessor 1 — Country: must be a country") {
		t.Errorf("no message beside the country:\n%s", rows)
	}
	if !strings.Contains(between(rows, `id="f-subprocessors-0-location"`, "</select>"), `<option value="Atlantis" selected>Atlantis</option>`) {
		t.Error("the country sent is lost")
	}
}

// TestFormShowsWhatTheDealNeeds: a plain intra-EEA deal hides the SCC
// annex fields; a subprocessor in the United States brings them in.
func TestFormShowsWhatTheDealNeeds(t *testing.T) {
	body := do(t, newTestServer(t, nil), "GET", "/?_start=opsium", "", "").Body.String()
	annex := []string{"transfer.data_subjects", "transfer.data_categories", "customer.supervisory_authority", "ccpa.business_purpose"}
	for _, p := range annex {
		if !strings.Contains(body, `unused" data-path="`+p+`"`) {
			t.Errorf("%s is shown on a plain intra-EEA deal", p)
		}
	}
	for _, p := range []string{"customer.name", "jurisdiction", "subprocessors", "signature_block"} {
		if strings.Contains(body, `unused" data-path="`+p+`"`) {
			t.Errorf("%s is hidden", p)
		}
	}
	if !strings.Contains(between(body, `data-path="customer.activities"`, "</div>"), "<textarea") {
		t.Error("a sentence is not a text area")
	}
	form := url.Values{"_start": {"opsium"}, "subprocessors.rows": {"1"}, "subprocessors.0.name": {"Stripe"}, "subprocessors.0.purpose": {"Payments"}, "subprocessors.0.location": {"US"}}
	res := answerOf(t, form)
	if len(res.Errors) > 0 || res.Unused == nil {
		t.Fatalf("errors %+v", res.Errors)
	}
	if slices.Contains(*res.Unused, "transfer.notice_days") || !slices.Contains(*res.Unused, "ccpa.business_purpose") {
		t.Errorf("with a US subprocessor, unused %v", *res.Unused)
	}
}

// TestFormBlankLines: the check above the downloads names the fields that
// leave Annex I.A's lines blank, without holding the download back.
func TestFormBlankLines(t *testing.T) {
	res := answerOf(t, ojooUnderGermanLaw())
	if res.Check == nil || len(res.Errors) > 0 {
		t.Fatalf("no check: %+v", res.Errors)
	}
	var got []string
	for _, b := range res.Check.Blanks {
		for _, f := range b.Fields {
			got = append(got, b.Part+": "+f.Label+" #"+f.Target)
		}
	}
	want := []string{"Annex I.A: Customer address #f-customer-address", "Annex I.A: Customer contact #f-customer-contact-name", "Annex I.A: Contact's e-mail #f-customer-contact-email"}
	if !slices.Equal(got, want) {
		t.Errorf("blank lines %q, want %q", got, want)
	}
	if !strings.Contains(res.CheckHTML, `Annex I.A will have blank lines, to fill in by hand: <a href="#f-customer-address" data-target="f-customer-address">Customer address</a>`) {
		t.Errorf("check as drawn: %.400s", res.CheckHTML)
	}
	full := ojooUnderGermanLaw()
	full["customer.address"] = []string{"Ring 1", "1010 Wien"}
	full.Set("customer.contact.email", "legal@globex.example")
	if res := answerOf(t, full); len(res.Check.Blanks) != 0 {
		t.Errorf("with the address and contact given: %+v", res.Check.Blanks)
	}
}
