package server

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/check"
)

// previewOf posts form to /preview and reads the script's answer.
func previewOf(t *testing.T, form url.Values) previewResult {
	t.Helper()
	return previewOn(t, newTestServer(t, nil), form)
}

// previewOn posts form to h's /preview and reads the script's answer.
func previewOn(t *testing.T, h http.Handler, form url.Values) previewResult {
	t.Helper()
	rec := do(t, h, "POST", "/preview", formType, form.Encode())
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var p previewResult
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 {
		t.Fatalf("errors %+v", p.Errors)
	}
	if p.Check == nil || p.CheckHTML == "" {
		t.Fatalf("no check in the preview: %+v", p)
	}
	return p
}

// described adds to form the Customer's own description of the transfer,
// each list as the form sends it (a list of texts repeats its name):
// Annex I.B of the Standard Contractual Clauses lists it wherever Module
// Two applies, where transfer.data_subjects and transfer.data_categories
// are required (and customer.country, for Annex I.C).
func described(form url.Values) url.Values {
	form["transfer.data_subjects"] = []string{"Employees of the Customer", "Customers of the Customer"}
	form["transfer.data_categories"] = []string{"Contact details", "Order records"}
	return form
}

// TestFormCheckWeak: Ojoo's house wording under German law fails the
// lawyer's check, and the form says so beside the download bar, in the
// script's preview and in the page a form POST draws without JavaScript:
// a headline, then each weak element with its article, the weak phrase
// quoted and its clause file and line. The download goes ahead, its
// header repeating the headline.
func TestFormCheckWeak(t *testing.T) {
	form := described(url.Values{"_start": {"ojoo"}, "jurisdiction": {"de"}, "customer.name": {"Globex"}, "customer.country": {"DE"}})
	p := previewOf(t, form)
	lc := p.Check
	if lc.OK || lc.State != "failed" || !strings.HasPrefix(lc.Headline, "The lawyer's check: ") || !strings.Contains(lc.Headline, "required elements weak or missing") {
		t.Fatalf("check %+v", lc)
	}
	var weak *checkNote
	for i, n := range lc.Problems {
		if n.Kind == "Weak" && n.Title == "Assistance with data subjects' rights" && n.Phrase != "" {
			weak = &lc.Problems[i]
			break
		}
	}
	if weak == nil || weak.Ref != "Art. 28(3)(e)" || !strings.HasPrefix(weak.Where, "clauses/") || !strings.Contains(weak.Where, ".md:") || weak.Why == "" {
		t.Fatalf("weak data-subject rights %+v in %+v", weak, lc.Problems)
	}
	// The same notes, drawn by the server for the script and for the page.
	want := []string{
		`id="lawcheck-headline">` + html.EscapeString(lc.Headline) + `</summary>`,
		`Assistance with data subjects&#39; rights (Art. 28(3)(e)): <q>` + html.EscapeString(weak.Phrase) + `</q>`,
		`<code>` + weak.Where + `</code>`,
	}
	for _, w := range want {
		if !strings.Contains(p.CheckHTML, w) {
			t.Errorf("the script's notes lack %q:\n%s", w, p.CheckHTML)
		}
	}
	rec := do(t, newTestServer(t, nil), "POST", "/", formType, form.Encode())
	if rec.Code != 200 {
		t.Fatalf("form: status %d", rec.Code)
	}
	page := rec.Body.String()
	bar := page[strings.Index(page, `id="actionbar"`):strings.Index(page, "<main>")]
	for _, w := range want {
		if !strings.Contains(bar, w) {
			t.Errorf("the page's download bar lacks %q", w)
		}
	}
	if strings.Contains(bar, `id="lawcheck" class="lawcheck" hidden`) {
		t.Error("the notes are hidden")
	}

	form.Set("_format", "md")
	rec = do(t, newTestServer(t, nil), "POST", "/download", formType, form.Encode())
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: status %d %v", rec.Code, rec.Header())
	}
	if got := rec.Header().Get("Clausemark-Check"); got != lc.Headline {
		t.Errorf("download's Clausemark-Check %q, want %q", got, lc.Headline)
	}
}

// TestFormCheckLimit: a value past a limit is a note with the value and
// why it fails.
func TestFormCheckLimit(t *testing.T) {
	p := previewOf(t, described(url.Values{"_start": {"ojoo"}, "jurisdiction": {"de"}, "customer.country": {"DE"}, "incident.notice_hours": {"72"}}))
	for _, n := range p.Check.Problems {
		if n.Kind == "Limit" && n.Value == "incident.notice_hours is 72" && strings.Contains(n.Why, "72 hours") {
			if !strings.Contains(p.CheckHTML, "incident.notice_hours is 72 — ") {
				t.Errorf("notes lack the value:\n%s", p.CheckHTML)
			}
			limits := 0
			for _, m := range p.Check.Problems {
				if m.Kind == "Limit" {
					limits++
				}
			}
			if !strings.HasSuffix(p.Check.Headline, "; "+plural(limits, "limit", "limits")+" failed") {
				t.Errorf("headline %q", p.Check.Headline)
			}
			return
		}
	}
	t.Errorf("no limit note in %+v", p.Check.Problems)
}

// TestFormCheckPassed: Opsium under California law meets the CCPA's
// service-provider checklist, and the form says the check passed, with
// the checklist it was checked against; the empty Ojoo form, checked
// against India's DPDP Act, says at once that its house wording fails.
func TestFormCheckPassed(t *testing.T) {
	p := previewOf(t, url.Values{"_start": {"opsium"}, "jurisdiction": {"us-ca"}})
	if !p.Check.OK || p.Check.State != "passed" || p.Check.Headline != "The lawyer's check passed" || len(p.Check.Problems) != 0 {
		t.Fatalf("check %+v", p.Check)
	}
	if !strings.Contains(p.CheckHTML, `<details class="passed">`) || !strings.Contains(p.CheckHTML, "Checked against: CCPA service-provider contract") {
		t.Errorf("notes:\n%s", p.CheckHTML)
	}
	rec := do(t, newTestServer(t, nil), "POST", "/", formType, url.Values{"_start": {"opsium"}, "jurisdiction": {"us-ca"}}.Encode())
	if !strings.Contains(rec.Body.String(), `id="lawcheck-headline">The lawyer&#39;s check passed</summary>`) {
		t.Errorf("the page does not say the check passed")
	}

	// The empty form, before anything is typed, already says it.
	rec = do(t, newTestServer(t, nil), "GET", "/?_start=ojoo", "", "")
	failed := regexp.MustCompile(`id="lawcheck-headline">The lawyer&#39;s check: \d+ required elements? weak or missing</summary>`)
	if body := rec.Body.String(); !strings.Contains(body, `<details class="failed">`) || !failed.MatchString(body) || !strings.Contains(body, "Checked against: Indian DPDP Act processing by a Data Processor (s. 8)") {
		t.Errorf("the empty Ojoo form does not say India's check failed")
	}

	// Without India's checklist, the empty form says India has none.
	rec = do(t, newServerOf(t, withoutChecklists(t, "dpdp-processor"), nil), "GET", "/?_start=ojoo", "", "")
	if !strings.Contains(rec.Body.String(), `<details class="unchecked">`) || !strings.Contains(rec.Body.String(), "The lawyer&#39;s check: no checklist for India</summary>") {
		t.Errorf("the empty Ojoo form does not say India has no checklist")
	}
}

// TestFormCheckUnchecked: a jurisdiction no checklist of processor rules
// applies to (India's and Switzerland's taken out of a copy of the
// library) is not a pass: amber ("unchecked"), not ok, with the note that
// its obligations are unchecked; under Swiss law the transfers checklist
// alone then applies, and that is no different.
func TestFormCheckUnchecked(t *testing.T) {
	h := newServerOf(t, withoutChecklists(t, "dpdp-processor", "fadp-processor"), nil)
	for _, tc := range []struct{ code, name string }{{"in", "India"}, {"ch", "Switzerland"}} {
		p := previewOn(t, h, described(url.Values{"_start": {"ojoo"}, "jurisdiction": {tc.code}, "customer.name": {"Globex"}, "customer.address": {"1 Main Street, Zurich"}, "customer.country": {"CH"}, "customer.contact.email": {"legal@globex.example"}}))
		if p.Check.OK || p.Check.State != "unchecked" || p.Check.Headline != "The lawyer's check: no checklist for "+tc.name {
			t.Errorf("%s: check %+v", tc.code, p.Check)
		}
		want := "No checklist of processor rules for " + tc.name + " (" + tc.code + "): this document's obligations are unchecked"
		if !strings.Contains(strings.Join(p.Check.Notes, "\n"), want) {
			t.Errorf("%s: notes %q, want %q", tc.code, p.Check.Notes, want)
		}
		if !strings.Contains(p.CheckHTML, `<details class="unchecked">`) {
			t.Errorf("%s: not amber:\n%s", tc.code, p.CheckHTML)
		}
	}
}

// TestFormCheckEscaped: every value in the notes is escaped, on the page
// and in what the script puts beside the download bar.
func TestFormCheckEscaped(t *testing.T) {
	const evil = `<script>alert(1)</script>`
	sum := &check.Summary{
		Checklists:   []check.ChecklistInfo{{Name: "List " + evil}},
		Elements:     []check.ElementInfo{{Required: true, Title: "Missing " + evil, Ref: "Art. " + evil, Explain: "explain " + evil}, {Required: true, Weak: true}},
		Weak:         []check.WeakInfo{{Title: "Weak " + evil, Ref: "Art. 1", Phrase: `may "` + evil, File: "clauses/" + evil + ".md", Line: 3, Why: "why " + evil}},
		Limits:       []check.LimitInfo{{Title: "Limit", Variable: "customer.name", Value: evil, Why: evil}},
		TermProblems: []check.TermProblem{{Message: "term " + evil}},
		Notes:        []string{"note " + evil},
	}
	lc := lawCheckOf(sum)
	if lc.OK || lc.Headline != "The lawyer's check: 2 required elements weak or missing; 1 limit failed; 1 other problem" {
		t.Errorf("headline %q", lc.Headline)
	}
	s := newSrv(NewConfig())
	frag, err := s.drawCheck(lc)
	if err != nil {
		t.Fatal(err)
	}
	var page strings.Builder
	if err := s.pages.form.Execute(&page, &formPage{Check: lc}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"script": frag, "page": page.String()} {
		if strings.Contains(out, "<script>alert") {
			t.Errorf("%s: a value is not escaped:\n%s", name, out)
		}
		if n := strings.Count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"); n != 12 {
			t.Errorf("%s: %d escaped values, want 12:\n%s", name, n, out)
		}
	}
}
