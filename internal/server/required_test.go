package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// strictServer serves a copy of the library whose house requires the
// check to pass (check: required), with a registry.
func strictServer(t *testing.T) http.Handler {
	t.Helper()
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, library.InfoFile, "version:", "check: required\nversion:")
	return newServerOf(t, m, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
}

// opsiumFor is Opsium's form for Globex, in the wording given ("" for the
// house's own, which the check finds weak).
func opsiumFor(position string) url.Values {
	form := url.Values{"_start": {"opsium"}, "customer.name": {"Globex"}}
	if position != "" {
		form.Set("position", position)
	}
	return form
}

// TestRequiredForm: where the house requires the check to pass, the
// preview says the download is held back and why, the page draws its
// download buttons disabled, and a download is refused with the form
// again (422), nothing recorded; once the check passes the download
// goes ahead. A house without the setting never holds one back.
func TestRequiredForm(t *testing.T) {
	h := strictServer(t)
	rec := do(t, h, "POST", "/preview", formType, opsiumFor("").Encode())
	var res previewResult
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Check == nil {
		t.Fatalf("preview %d: %v %s", rec.Code, err, rec.Body)
	}
	if !res.Check.Blocks || !strings.HasPrefix(res.Check.Headline, "Download held back: the house requires the lawyer's check to pass: ") {
		t.Errorf("check %+v", res.Check)
	}
	if !strings.Contains(res.CheckHTML, "Nothing can be downloaded until these are resolved") {
		t.Errorf("check as drawn: %.600s", res.CheckHTML)
	}

	form := opsiumFor("")
	form.Set("_format", "md")
	rec = do(t, h, "POST", "/download", formType, form.Encode())
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || rec.Header().Get("Content-Disposition") != "" || rec.Header().Get("Clausemark-Document") != "" {
		t.Fatalf("held-back download: %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	for _, want := range []string{"Not issued: the house requires the lawyer&#39;s check to pass (templates/library.yaml:4: check: required)",
		`value="md" aria-label="Download Markdown" disabled aria-describedby="lawcheck-headline"`, "Download held back"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := documentCount(t, h); n != 0 {
		t.Errorf("%d documents recorded for a held-back download", n)
	}

	form = opsiumFor("balanced")
	form.Set("_format", "md")
	rec = do(t, h, "POST", "/download", formType, form.Encode())
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Clausemark-Document"), "CM-") {
		t.Fatalf("download once the check passes: %d %s", rec.Code, rec.Body.String()[:min(400, rec.Body.Len())])
	}

	plain := newTestServer(t, nil)
	form = opsiumFor("")
	form.Set("_format", "md")
	if rec := do(t, plain, "POST", "/download", formType, form.Encode()); rec.Code != 200 {
		t.Errorf("a house with check notes held the download back: %d", rec.Code)
	}
	rec = do(t, plain, "POST", "/preview", formType, opsiumFor("").Encode())
	res = previewResult{}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Check == nil || res.Check.Blocks || res.Check.OK || strings.Contains(res.CheckHTML, "Nothing can be downloaded") {
		t.Errorf("a house with check notes: %v %+v", err, res.Check)
	}
}

// TestRequiredAPI: where the house requires the check to pass, an API
// render of a document that fails it is 422 with a first error naming
// the setting, one error per problem and the check's report; nothing is
// recorded. One that passes renders.
func TestRequiredAPI(t *testing.T) {
	h := strictServer(t)
	rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md","variables":{"customer":{"name":"Globex"}}}`)
	var held struct {
		Errors []apiError `json:"errors"`
		Check  struct {
			OK   bool `json:"ok"`
			Weak []struct {
				Element string `json:"element"`
			} `json:"weak"`
		} `json:"check"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &held); err != nil || rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("render: %d %v %s", rec.Code, err, rec.Body)
	}
	if len(held.Errors) < 2 || !strings.Contains(held.Errors[0].Message, "not issued: the house requires the check to pass (templates/library.yaml:4: check: required)") {
		t.Errorf("errors %+v", held.Errors)
	}
	if held.Check.OK || len(held.Check.Weak) == 0 || len(held.Errors) < 1+len(held.Check.Weak) {
		t.Errorf("check %+v with %d errors", held.Check, len(held.Errors))
	}
	if n := documentCount(t, h); n != 0 {
		t.Errorf("%d documents recorded for a held-back render", n)
	}
	rec = do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md","variables":{"customer":{"name":"Globex"},"position":"balanced"}}`)
	if rec.Code != 200 || documentCount(t, h) != 1 {
		t.Errorf("render that passes: %d %.300s", rec.Code, rec.Body)
	}
}

// documentCount is how many documents the server's registry lists.
func documentCount(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := do(t, h, "GET", "/api/v1/documents", "", "")
	var list struct {
		Documents []json.RawMessage `json:"documents"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != 200 {
		t.Fatalf("documents: %d %v", rec.Code, err)
	}
	return len(list.Documents)
}
