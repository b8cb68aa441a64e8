package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// describedJSON is the Customer's own description of the transfer, as the
// "transfer" member of a request's variables: Annex I.B of the Standard
// Contractual Clauses lists it wherever Module Two applies, where
// transfer.data_subjects and transfer.data_categories are required (and
// customer.country, for Annex I.C).
const describedJSON = `"transfer":{"data_subjects":["Employees of the Customer","Customers of the Customer"],"data_categories":["Contact details","Order records"]}`

func checkOf(t *testing.T, h http.Handler, body string) check.Summary {
	t.Helper()
	rec := do(t, h, "POST", "/api/v1/check", "application/json", body)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var r check.Summary
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCheck(t *testing.T) {
	h := newTestServer(t, nil)
	t.Run("opsium", func(t *testing.T) {
		// Opsium's house wording carries every element, but states some
		// duties without shall, will or must: weak, so not ok.
		r := checkOf(t, h, `{"variant":"opsium"}`)
		if r.OK || r.Checklist == nil || r.Checklist.ID != "gdpr-art28" || len(r.Checklists) != 2 || r.Checklists[1].ID != "transfers" || len(r.TermProblems) != 0 {
			t.Fatalf("report %+v", r)
		}
		required := 0
		for _, e := range r.Elements {
			if !e.Required {
				continue
			}
			required++
			if !e.Covered && !e.Weak || len(e.Sections) == 0 {
				t.Errorf("element %s not carried: %+v", e.ID, e)
			}
			if e.ID == "audits" && e.Sections[0] != "11. Audits and Compliance" {
				t.Errorf("audits covered by %q", e.Sections)
			}
		}
		// The 15 elements of Art. 28 and a transfer mechanism: Opsium names
		// no country, so no SCC element is required.
		if required != 16 {
			t.Errorf("%d required elements, want 16", required)
		}
		if len(r.Terms) != 6 || r.Terms[0].Term != "Agreement" || r.Terms[0].Uses == 0 {
			t.Errorf("defined terms %+v", r.Terms)
		}
		// Each weakness is data: the element, the article, the phrase and
		// the clause file and line it comes from.
		var sig *check.WeakInfo
		for i, w := range r.Weak {
			if w.Element == "subprocessors" && w.Kind == "weak-phrase" {
				sig = &r.Weak[i]
			}
		}
		if sig == nil || sig.Ref != "Art. 28(2), (3)(d), (4)" || sig.Phrase != "any significant changes" || sig.File != "clauses/subprocessors.md" || sig.Line == 0 || !strings.Contains(sig.Quote, sig.Phrase) {
			t.Errorf("weak subprocessors %+v in %+v", sig, r.Weak)
		}
	})
	// India's law is checked against the DPDP Act's processor rules.
	t.Run("India", func(t *testing.T) {
		r := checkOf(t, h, `{"variant":"ojoo"}`)
		if r.Unchecked || r.Checklist == nil || r.Checklist.ID != "dpdp-processor" || r.Jurisdiction.Code != "in" || len(r.Elements) == 0 {
			t.Errorf("report %+v", r)
		}
	})
	// A library in which India and Switzerland have no checklist of
	// processor rules.
	unchecked := newServerOf(t, withoutChecklists(t, "dpdp-processor", "fadp-processor"), nil)
	// A jurisdiction without a checklist of processor rules: the report
	// says so as data, and is not ok unless the body allows it, as the
	// command's --allow-unchecked does.
	t.Run("no checklist for India", func(t *testing.T) {
		r := checkOf(t, unchecked, `{"variant":"ojoo"}`)
		if r.OK || !r.Unchecked || r.UncheckedAllowed || r.Checklist != nil || r.Jurisdiction.Code != "in" || len(r.Elements) != 0 || len(r.Terms) != 15 {
			t.Errorf("report %+v", r)
		}
		rec := do(t, unchecked, "POST", "/api/v1/check", "application/json", `{"variant":"ojoo"}`)
		if body := rec.Body.String(); !strings.Contains(body, `"ok": false`) || !strings.Contains(body, `"unchecked": true`) {
			t.Errorf("JSON does not say unchecked:\n%.300s", body)
		}
	})
	t.Run("allow_unchecked", func(t *testing.T) {
		r := checkOf(t, unchecked, `{"variant":"ojoo","allow_unchecked":true}`)
		if !r.OK || !r.Unchecked || !r.UncheckedAllowed || r.Checklist != nil || len(r.TermProblems) != 0 {
			t.Errorf("report %+v", r)
		}
		// It does not make a document with problems ok.
		r = checkOf(t, unchecked, `{"variant":"opsium","allow_unchecked":true}`)
		if r.OK || r.Unchecked {
			t.Errorf("opsium allowed unchecked: %+v", r)
		}
		// Render does not take it: it is the check's alone.
		rec := do(t, h, "POST", "/api/v1/validate", "application/json", `{"variant":"ojoo","allow_unchecked":true}`)
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), "allow_unchecked") {
			t.Errorf("validate with allow_unchecked: status %d: %s", rec.Code, rec.Body)
		}
	})
	// Swiss law without its checklist of processor rules: only the
	// transfers checklist applies, and a transfers checklist is not one of
	// processor rules.
	t.Run("transfers alone is unchecked", func(t *testing.T) {
		r := checkOf(t, unchecked, `{"variant":"ojoo","variables":{"jurisdiction":"ch","customer":{"country":"CH"},`+describedJSON+`}}`)
		if r.OK || !r.Unchecked || r.Checklist != nil || len(r.Checklists) != 1 || r.Checklists[0].ID != "transfers" {
			t.Errorf("report %+v", r)
		}
	})
	t.Run("UK checklist", func(t *testing.T) {
		r := checkOf(t, h, `{"variant":"ojoo","variables":{"jurisdiction":"uk","customer":{"name":"Globex","address":["1 Main Street, London"],"country":"GB","contact":{"email":"legal@globex.example"}},`+describedJSON+`}}`)
		if r.OK || r.Checklist == nil || r.Checklist.ID != "uk-art28" || len(r.Weak) == 0 || len(r.Missing()) != 0 {
			t.Errorf("report %+v", r)
		}
	})
	t.Run("bad input is a 400", func(t *testing.T) {
		rec := do(t, h, "POST", "/api/v1/check", "application/json", `{"variant":"ojoo","variables":{"deletion":{"days":500}}}`)
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"path": "deletion.days"`) {
			t.Errorf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// withoutChecklists is a copy of the library in which each jurisdiction
// whose checklist is one of ids has none, as `checklist: none` says.
func withoutChecklists(t testing.TB, ids ...string) fstest.MapFS {
	t.Helper()
	m := librarytest.Copy(t)
	for _, id := range ids {
		librarytest.Replace(t, m, "templates/jurisdictions.yaml", "\n  checklist: "+id+"\n", "\n  checklist: none\n")
	}
	return m
}

func TestCheckFindsProblems(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.RemovePart(t, m, "templates/documents/dpa-concise.yaml", "audits")
	librarytest.Replace(t, m, "clauses/duration.md", "will process personal data", "will process Customer Data")
	r := checkOf(t, newServerOf(t, m, nil), `{"variant":"opsium"}`)
	if r.OK {
		t.Fatal("ok without the audit clause")
	}
	var missing []string
	for _, e := range r.Elements {
		if e.Required && !e.Covered && !e.Weak {
			missing = append(missing, e.ID)
			if e.Explain == "" {
				t.Errorf("missing %s without an explanation", e.ID)
			}
		}
	}
	if strings.Join(missing, ",") != "audits" {
		t.Errorf("missing %q, want audits", missing)
	}
	want := check.TermProblem{Kind: "undefined", Term: "Customer Data", File: "clauses/duration.md", Line: 10, Column: 36}
	if len(r.TermProblems) != 1 {
		t.Fatalf("term problems %+v", r.TermProblems)
	}
	got := r.TermProblems[0]
	got.Message = ""
	if got != want {
		t.Errorf("term problem %+v, want %+v", got, want)
	}
}
