package server

import (
	"bytes"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// renderPDF renders a document through the API, recorded, and returns it.
func renderPDF(t *testing.T, h http.Handler, customer string) []byte {
	t.Helper()
	rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"ojoo","format":"pdf","variables":{"customer":{"name":"`+customer+`"}}}`)
	if rec.Code != 200 {
		t.Fatalf("render: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// historyVerify posts data to the history page's verify form and returns
// the page's text, unescaped.
func historyVerify(t *testing.T, h http.Handler, name string, data []byte) string {
	t.Helper()
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	rec := do(t, h, "POST", "/history/verify", mw.FormDataContentType(), form.String())
	if rec.Code != 200 {
		t.Fatalf("history verify: %d %s", rec.Code, rec.Body)
	}
	return html.UnescapeString(rec.Body.String())
}

// TestVerifyNamesAppendedID: an issued PDF with another id appended is
// altered, and the API and the history page name both ids.
func TestVerifyNamesAppendedID(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	pdf := renderPDF(t, h, "Globex Corporation")
	rec := do(t, h, "GET", "/api/v1/documents?customer=globex", "", "")
	var list documentsList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Documents) != 1 {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
	id := list.Documents[0].ID
	const other = "CM-0000-0000-0000-0000"
	appended := append(bytes.Clone(pdf), []byte("\n"+other+"\n")...)

	rec = do(t, h, "POST", "/api/v1/verify", "application/octet-stream", string(appended))
	var v struct {
		Status string `json:"status"`
		ID     string `json:"id"`
		Names  []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"names"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || rec.Code != 200 {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body)
	}
	if v.Status != "altered" || v.ID != id || len(v.Names) != 2 || v.Names[0].ID != id || v.Names[0].Status != "altered" || v.Names[1].ID != other || v.Names[1].Status != "unknown" {
		t.Errorf("verify: %s", rec.Body)
	}
	page := historyVerify(t, h, "appended.pdf", appended)
	if want := "Altered: the file names " + id; !strings.Contains(page, want) || !strings.Contains(page, "The file also names "+other+" (never recorded here).") {
		t.Errorf("history verify of an appended id: %s", page)
	}
}

// TestDocumentPagesIssuances: GET /api/v1/documents/{id} answers a page of
// the issuances, newest first, with their count; limit and offset out of
// range are 400; the history page offers each document's formats.
func TestDocumentPagesIssuances(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	for range 3 {
		renderPDF(t, h, "Globex Corporation")
	}
	rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"ojoo","format":"docx","variables":{"customer":{"name":"Globex Corporation"}}}`)
	if rec.Code != 200 {
		t.Fatalf("render: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, h, "GET", "/api/v1/documents?customer=globex", "", "")
	var list documentsList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Documents) != 1 {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
	id := list.Documents[0].ID
	type page struct {
		Formats   []string `json:"formats"`
		Issuances []struct {
			Outputs []struct {
				Format string `json:"format"`
			} `json:"outputs"`
		} `json:"issuances"`
		Total  int `json:"issuances_total"`
		Offset int `json:"issuances_offset"`
	}
	get := func(query string) page {
		t.Helper()
		rec := do(t, h, "GET", "/api/v1/documents/"+id+query, "", "")
		var p page
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || rec.Code != 200 {
			t.Fatalf("%s: %d %s", query, rec.Code, rec.Body)
		}
		return p
	}
	if p := get(""); p.Total != 4 || len(p.Issuances) != 4 || p.Issuances[0].Outputs[0].Format != "docx" || strings.Join(p.Formats, ",") != "docx,pdf" {
		t.Errorf("the default page: %+v", p)
	}
	if p := get("?limit=2"); p.Total != 4 || len(p.Issuances) != 2 || p.Issuances[0].Outputs[0].Format != "docx" {
		t.Errorf("limit 2: %+v", p)
	}
	if p := get("?limit=2&offset=3"); p.Total != 4 || p.Offset != 3 || len(p.Issuances) != 1 || p.Issuances[0].Outputs[0].Format != "pdf" {
		t.Errorf("offset 3: %+v", p)
	}
	for _, q := range []string{"?limit=0", "?limit=501", "?limit=x", "?offset=-1", "?offset=99999999999"} {
		if rec := do(t, h, "GET", "/api/v1/documents/"+id+q, "", ""); rec.Code != 400 {
			t.Errorf("%s: %d %s", q, rec.Code, rec.Body)
		}
	}
	// A reissue finds the PDF issued before the newest issuance.
	if rec := do(t, h, "GET", "/api/v1/documents/"+id+"/pdf", "", ""); rec.Code != 200 {
		t.Errorf("reissue: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, h, "GET", "/history", "", "")
	for _, f := range []string{"pdf", "docx"} {
		if !strings.Contains(rec.Body.String(), `href="/api/v1/documents/`+id+`/`+f+`"`) {
			t.Errorf("history offers no %s: %s", f, rec.Body)
		}
	}
}

// TestVerifySaysHouseMode: a document downloaded in house-style mode
// with a processor identity typed into the form verifies as issued in
// house-style mode, the identity the requester's; one in the house
// style's identity does not.
func TestVerifySaysHouseMode(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	download := func(form url.Values) []byte {
		t.Helper()
		rec := do(t, h, "POST", "/download", "application/x-www-form-urlencoded", form.Encode())
		if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
			t.Fatalf("download: %d %s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	house := download(url.Values{"_start": {"ojoo"}, "_mode": {"house"}, "_format": {"pdf"}, "customer.name": {"Globex Corporation"}, "processor.legal_name": {"Evil Ltd"}})
	standard := download(url.Values{"_start": {"ojoo"}, "_format": {"pdf"}, "customer.name": {"Globex Corporation"}})
	const note = "It was issued in house-style mode: the processor's identity was entered by whoever asked for it, not taken from the library's house style."
	if page := historyVerify(t, h, "house.pdf", house); !strings.Contains(page, "Issued and unaltered") || !strings.Contains(page, note) {
		t.Errorf("house-style download: %s", page)
	}
	if page := historyVerify(t, h, "standard.pdf", standard); !strings.Contains(page, "Issued and unaltered") || strings.Contains(page, "house-style mode") {
		t.Errorf("house style's download: %s", page)
	}
	rec := do(t, h, "POST", "/api/v1/verify", "application/octet-stream", string(house))
	if !strings.Contains(rec.Body.String(), `"mode": "house"`) {
		t.Errorf("API verify of the house-style download: %s", rec.Body)
	}
}
