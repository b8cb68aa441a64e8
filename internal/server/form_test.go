package server

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

const formType = "application/x-www-form-urlencoded"

// TestHouseIdentity: outside house-style mode the processor's identity is
// shown as text and a value sent for it is refused, on every form route;
// in house-style mode it is an input and its value is used.
func TestHouseIdentity(t *testing.T) {
	h := newTestServer(t, nil)
	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   []string // in the body
		refuse string   // the path whose value is refused, if any
	}{
		{"normal preview refuses the legal name", "/preview", url.Values{"_start": {"ojoo"}, "processor.legal_name": {"Evil Ltd"}}, 200, nil, "processor.legal_name"},
		{"normal download refuses the privacy e-mail", "/download", url.Values{"_start": {"ojoo"}, "_format": {"md"}, "processor.contact.privacy_email": {"thief@evil.example"}}, 400,
			[]string{"is part of the ojoo house style, which this form does not change"}, "processor.contact.privacy_email"},
		{"normal form refuses the address", "/", url.Values{"_start": {"ojoo"}, "processor.address": {"1 Evil Street"}}, 400,
			[]string{"is part of the ojoo house style"}, "processor.address"},
		{"normal form refuses a value the variant leaves out", "/download", url.Values{"_start": {"opsium"}, "_format": {"md"}, "processor.contact.name": {"Mallory"}}, 400,
			[]string{"is part of the opsium house style"}, "processor.website"},
		{"normal form refuses the processor's activities", "/download", url.Values{"_start": {"opsium"}, "_format": {"md"}, "processor.activities": {"Anything."}}, 400,
			[]string{"is part of the opsium house style"}, "processor.activities"},
		{"house download uses the legal name", "/download", url.Values{"_start": {"ojoo"}, "_mode": {"house"}, "_format": {"md"}, "processor.legal_name": {"Evil Ltd"}}, 200,
			[]string{"entered into between Evil Ltd"}, ""},
		{"house preview uses the privacy e-mail", "/preview", url.Values{"_start": {"opsium"}, "_mode": {"house"}, "processor.contact.privacy_email": {"dpo@opsium.example"}}, 200,
			[]string{"dpo@opsium.example"}, ""},
		{"normal download without identity values", "/download", url.Values{"_start": {"ojoo"}, "_format": {"md"}, "customer.name": {"Globex"}}, 200,
			[]string{"OJOO SOFTWARE SERVICES PRIVATE LIMITED", "Globex"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "POST", tt.path, formType, tt.form.Encode())
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d:\n%.600s", rec.Code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) && !strings.Contains(body, html.EscapeString(w)) {
					t.Errorf("body lacks %q:\n%.600s", w, body)
				}
			}
			refused := strings.Contains(body, "house style, which this form does not change")
			if refused != (tt.refuse != "") {
				t.Errorf("refused %v, want %v", refused, tt.refuse != "")
			}
			if tt.path == "/preview" {
				var p previewResult
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
					t.Fatal(err)
				}
				var paths []string
				for _, e := range p.Errors {
					paths = append(paths, e.Path)
				}
				if got := strings.Join(paths, ","); got != tt.refuse {
					t.Errorf("errors at %q, want %q", got, tt.refuse)
				}
			}
			if tt.refuse != "" && tt.path == "/download" && rec.Header().Get("Content-Disposition") != "" {
				t.Error("a refused form was downloaded")
			}
		})
	}

	// The page: text outside house-style mode, inputs in it; blank
	// templates only in it.
	for _, tc := range []struct {
		target      string
		inputs      bool
		blank       bool
		wantVariant string
	}{
		{"/?_start=ojoo", false, false, "ojoo"},
		{"/?_start=template:dpa-full", false, false, "ojoo"},
		{"/?_start=ojoo&_mode=house", true, true, "ojoo"},
		{"/?_start=template:dpa-full&_mode=house", true, true, ""},
	} {
		body := do(t, h, "GET", tc.target, "", "").Body.String()
		if got := strings.Contains(body, `name="processor.legal_name"`); got != tc.inputs {
			t.Errorf("%s: processor inputs %v, want %v", tc.target, got, tc.inputs)
		}
		if got := strings.Contains(body, `<option value="template:dpa-full"`); got != tc.blank {
			t.Errorf("%s: blank templates offered %v, want %v", tc.target, got, tc.blank)
		}
		if tc.wantVariant != "" && !strings.Contains(body, `<option value="`+tc.wantVariant+`" selected>`) {
			t.Errorf("%s: %s is not chosen", tc.target, tc.wantVariant)
		}
		if !tc.inputs && !strings.Contains(body, `href="/?_start=ojoo&amp;_mode=house">Edit the house style</a>`) {
			t.Errorf("%s: no way to the house-style mode", tc.target)
		}
		if got := strings.Contains(body, `<input type="hidden" name="_mode" value="house">`); got != tc.inputs {
			t.Errorf("%s: the mode is carried %v, want %v", tc.target, got, tc.inputs)
		}
	}
}

// TestFormWithoutScript: a download with errors, sent without JavaScript,
// shows the form again with the values typed, each message beside its
// field, a summary linking the fields in the form's order, the first
// field focused, and a preview of the rest.
func TestFormWithoutScript(t *testing.T) {
	h := newTestServer(t, nil)
	tests := []struct {
		name    string
		form    url.Values
		summary string
		focus   string // the id of the field focused
		kept    []string
	}{
		{"one error", url.Values{"deletion.days": {"500"}, "customer.name": {"Globex Corporation"}},
			`1 field needs attention: <a href="#f-deletion-days" data-target="f-deletion-days">Deletion period</a>.`, "f-deletion-days",
			[]string{`value="500"`, `value="Globex Corporation"`}},
		{"two errors in the form's order", url.Values{"deletion.days": {"0"}, "customer.contact.email": {"not an address"}},
			`2 fields need attention: <a href="#f-customer-contact-email" data-target="f-customer-contact-email">Contact&#39;s e-mail</a>, <a href="#f-deletion-days" data-target="f-deletion-days">Deletion period</a>.`,
			"f-customer-contact-email", []string{`value="0"`, `value="not an address"`}},
		{"an error in a list's row", url.Values{"subprocessors.rows": {"1"}, "subprocessors.0.name": {"Hetzner"}, "subprocessors.0.purpose": {"Hosting"}, "subprocessors.0.location": {"Atlantis"}},
			`1 field needs attention: <a href="#f-subprocessors-0-location" data-target="f-subprocessors-0-location">Subprocessor 1 — Country</a>.`, "f-subprocessors-0-location",
			[]string{`<legend>Subprocessor 1</legend>`, `value="Atlantis"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("_start", "ojoo")
			tt.form.Set("_format", "pdf")
			rec := do(t, h, "POST", "/download", formType, tt.form.Encode())
			body := rec.Body.String()
			if rec.Code != 400 || rec.Header().Get("Content-Disposition") != "" {
				t.Fatalf("status %d %v, want 400 with the form", rec.Code, rec.Header())
			}
			if !strings.Contains(body, tt.summary) {
				t.Errorf("summary lacks %q:\n%s", tt.summary, between(body, `id="summary"`, "</div>"))
			}
			if n := strings.Count(body, " autofocus"); n != 1 {
				t.Errorf("%d fields focused, want 1", n)
			}
			if !strings.Contains(body, `id="`+tt.focus+`"`) || !strings.Contains(between(body, `id="`+tt.focus+`"`, ">"), "autofocus") {
				t.Errorf("%s is not focused: %s", tt.focus, between(body, `id="`+tt.focus+`"`, ">"))
			}
			for _, k := range tt.kept {
				if !strings.Contains(body, k) {
					t.Errorf("the form lost %s", k)
				}
			}
			if !strings.Contains(body, `aria-invalid="true"`) {
				t.Error("no field is marked invalid")
			}
			// The preview is there, without the values in error.
			preview := between(body, `<article id="preview"`, "</article>")
			if !strings.Contains(preview, `<h2 id="1-definitions">`) || !strings.Contains(preview, "OJOO SOFTWARE SERVICES PRIVATE LIMITED") || !strings.Contains(body, "The preview leaves out the values that need attention.") {
				t.Errorf("no preview: %.300s", preview)
			}
			if name := tt.form.Get("customer.name"); name != "" && !strings.Contains(preview, name) {
				t.Errorf("the preview lacks the valid %q", name)
			}
		})
	}
}

// between returns the text of s from the first from up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i+len(from):], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+len(from)+j]
}

// TestLabelsFromSchema: every field's label and help are variables.yaml's,
// the customer's fields come first and the terms before the processor's,
// the help never speaks of files or of a format the date picker does not
// show, and enum values read as their labels.
func TestLabelsFromSchema(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	h := newTestServer(t, nil)
	house := do(t, h, "GET", "/?_start=ojoo&_mode=house", "", "").Body.String()
	normal := do(t, h, "GET", "/?_start=ojoo", "", "").Body.String()
	schema := lib.Templates["dpa-full"].Schema
	for _, p := range schema.Ordered() {
		v := schema.Vars[p]
		if v.Label == "" {
			t.Errorf("%s has no label in variables.yaml", p)
		}
		id := fieldID(p)
		for _, want := range []string{`data-label="` + html.EscapeString(v.Label) + `"`, `id="h-` + id + `">` + html.EscapeString(v.FormHelp()) + `</p>`} {
			if !strings.Contains(house, want) {
				t.Errorf("%s: the form lacks %s", p, want)
			}
		}
		for _, bad := range []string{"templates/", "YYYY-MM-DD", ".yaml", "false for"} {
			if strings.Contains(v.FormHelp(), bad) {
				t.Errorf("%s: help %q speaks of %q", p, v.FormHelp(), bad)
			}
		}
	}
	for _, tc := range []struct{ name, body, want string }{
		{"a label", normal, `<label for="f-deletion-days">Deletion period</label>`},
		{"the date's help", normal, `id="h-f-agreement-date">The date of this agreement, today unless you choose another. Pick it in the calendar or type it.</p>`},
		{"an enum's value", normal, `<option value="fees" selected>Fees paid over a number of months</option>`},
		{"a jurisdiction by name", normal, `<option value="eu">The European Union</option>`},
		{"a list's item", house, `aria-label="Address line 2"`},
		{"an added line", house, `>Add address line</button>`},
		{"an identity's label", normal, `<dt>Processor&#39;s legal name</dt>`},
	} {
		if !strings.Contains(tc.body, tc.want) {
			t.Errorf("%s: the form lacks %s", tc.name, tc.want)
		}
	}
	// The customer first, then the terms, the transfers, the processor.
	last := -1
	for _, want := range []string{`id="f-customer-name"`, `id="f-customer-address"`, `id="f-jurisdiction"`, `id="f-deletion-days"`, `id="f-subprocessors"`, `id="f-processor-name"`} {
		i := strings.Index(normal, want)
		if i < last {
			t.Errorf("%s comes before the field above it in the list", want)
		}
		last = i
	}
}

// TestIgnoredValueNote: a value the chosen options ignore is said so
// beside its field, in the page and in the live preview's answer.
func TestIgnoredValueNote(t *testing.T) {
	h := newTestServer(t, nil)
	form := url.Values{"_start": {"ojoo"}, "liability.cap.basis": {"fees"}, "liability.cap.months": {"12"}, "liability.cap.amount": {"1000000"}}
	const note = `Not used: this applies only when Liability cap is "A fixed amount".`
	body := do(t, h, "POST", "/", formType, form.Encode()).Body.String()
	if want := `id="n-f-liability-cap-amount" aria-live="polite">` + html.EscapeString(note) + `</p>`; !strings.Contains(body, want) {
		t.Errorf("the page lacks the note beside the field: %s", between(body, `id="n-f-liability-cap-amount"`, "</p>"))
	}
	rec := do(t, h, "POST", "/preview", formType, form.Encode())
	var p previewResult
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Notes) != 1 || p.Notes[0].Path != "liability.cap.amount" || p.Notes[0].Message != note {
		t.Errorf("preview notes %+v", p.Notes)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "liability.cap.amount is set") {
		t.Errorf("preview warnings %q", p.Warnings)
	}
}
