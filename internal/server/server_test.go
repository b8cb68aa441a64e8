package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
)

// builtIn is the built-in library, loaded once for all the tests that
// serve it: a server only reads its library, as concurrent requests do.
var builtIn = sync.OnceValues(func() (*library.Library, error) {
	return library.Load(clausemark.Library)
})

// newTestServer serves the built-in library (see newServerOf).
func newTestServer(t *testing.T, mod func(*Config)) http.Handler {
	t.Helper()
	lib, err := builtIn()
	if err != nil {
		t.Fatal(err)
	}
	return serverOfLibrary(t, lib, mod)
}

// newServerOf serves the library in fsys, with its checklists and names;
// its answers are checked against openapi.json when t ends (specChecked).
func newServerOf(t *testing.T, fsys fs.FS, mod func(*Config)) http.Handler {
	t.Helper()
	lib, err := library.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return serverOfLibrary(t, lib, mod)
}

func serverOfLibrary(t *testing.T, lib *library.Library, mod func(*Config)) http.Handler {
	t.Helper()
	cfg := NewConfig()
	cfg.Library = lib
	cfg.Checker = check.NewChecker(lib)
	cfg.AllowedHosts = []string{"example.com"} // the host of httptest.NewRequest
	if mod != nil {
		mod(&cfg)
	}
	return specChecked(t, New(cfg))
}

func do(t *testing.T, h http.Handler, method, target, contentType, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func errorsOf(t *testing.T, rec *httptest.ResponseRecorder) []apiError {
	t.Helper()
	var e apiErrors
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, rec.Body)
	}
	return e.Errors
}

func TestAPI(t *testing.T) {
	h := newTestServer(t, nil)
	const js = "application/json"
	for _, tc := range []struct {
		name, method, target, ctype, body string
		status                            int
		want                              string // substring of the body
		header                            []string
	}{
		{"health", "GET", "/healthz", "", "", 200, `"status": "ok"`, nil},
		{"openapi", "GET", "/api/openapi.json", "", "", 200, `"openapi": "3.1.0"`, nil},
		{"templates", "GET", "/api/v1/templates", "", "", 200, `"id": "dpa-full"`, nil},
		{"template", "GET", "/api/v1/templates/dpa-full", "", "", 200, `"path": "deletion.days"`, nil},
		{"template variants", "GET", "/api/v1/templates/dpa-full", "", "", 200, `"processor.legal_name": "OJOO SOFTWARE SERVICES PRIVATE LIMITED"`, nil},
		{"unknown template", "GET", "/api/v1/templates/nope", "", "", 404, `no template \"nope\"`, nil},
		{"schema", "GET", "/api/v1/templates/dpa-concise/schema", "", "", 200, `"maximum": 365`, nil},
		{"unknown endpoint", "GET", "/api/v1/nope", "", "", 404, "no such endpoint", nil},
		{"validate ok", "POST", "/api/v1/validate", js, `{"variant":"ojoo","variables":{"customer":{"name":"Globex"},"deletion.days":45}}`, 200, `"valid": true`, nil},
		{"validate warns of an ignored value", "POST", "/api/v1/validate", js, `{"variant":"ojoo","variables":{"liability.cap.amount":1000000}}`, 200, `liability.cap.amount is set`, nil},
		{"validate out of range", "POST", "/api/v1/validate", js, `{"variant":"ojoo","variables":{"deletion":{"days":500}}}`, 400, `"path": "deletion.days"`, nil},
		{"wrong type", "POST", "/api/v1/validate", js, `{"variant":"ojoo","variables":{"deletion":{"days":"thirty"}}}`, 400, `got \"thirty\"`, nil},
		{"unknown variable", "POST", "/api/v1/validate", js, `{"variant":"ojoo","variables":{"customer":{"nmae":"X"}}}`, 400, `did you mean \"customer.name\"`, nil},
		{"unknown template in body", "POST", "/api/v1/validate", js, `{"template":"nope"}`, 400, `no template \"nope\"`, nil},
		{"unknown variant", "POST", "/api/v1/render", js, `{"variant":"nope"}`, 400, `no variant \"nope\"`, nil},
		{"malformed JSON", "POST", "/api/v1/validate", js, `{"variant":`, 400, "malformed JSON", nil},
		{"unknown field", "POST", "/api/v1/validate", js, `{"variant":"ojoo","extra":1}`, 400, "unknown field", nil},
		{"two values", "POST", "/api/v1/validate", js, `{"variant":"ojoo"} {}`, 400, "more than one value", nil},
		{"variables not object", "POST", "/api/v1/validate", js, `{"variant":"ojoo","variables":[1]}`, 400, "must be a mapping", nil},
		{"wrong content type", "POST", "/api/v1/render", "text/plain", `{}`, 415, "must be JSON", nil},
		{"oversized", "POST", "/api/v1/render", js, `{"variant":"ojoo","variables":{"customer.name":"` + strings.Repeat("x", 2<<20) + `"}}`, 413, "larger than", nil},
		{"missing required", "POST", "/api/v1/render", js, `{"template":"dpa-concise"}`, 400, `"path": "processor.name"`, nil},
		{"bad format", "POST", "/api/v1/render", js, `{"variant":"ojoo","format":"odt"}`, 400, `"path": "format"`, nil},
		{"render md", "POST", "/api/v1/render", js, `{"variant":"opsium","format":"md","variables":{"customer.name":"Globex"}}`, 200, "## 1. Purpose and Scope", nil},
		{"render html by accept", "POST", "/api/v1/render", js, `{"variant":"opsium"}`, 200, "<h2 id=\"1-purpose-and-scope\">", []string{"Accept", "text/html"}},
		{"render pdf", "POST", "/api/v1/render", js, `{"variant":"opsium"}`, 200, "%PDF-1.", nil},
		{"xss in html", "POST", "/api/v1/render", js, `{"variant":"opsium","format":"html","variables":{"customer.name":"<script>alert(1)</script>"}}`, 200, "&lt;script&gt;alert(1)&lt;/script&gt;", nil},
		{"template code is data", "POST", "/api/v1/render", js, `{"variant":"opsium","format":"md","variables":{"customer.name":"{{ .processor.name }}"}}`, 200, "{{ .processor.name }} (“Controller”", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, h, tc.method, tc.target, tc.ctype, tc.body, tc.header...)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d\n%.500s", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("body lacks %q:\n%.800s", tc.want, rec.Body)
			}
			if tc.status >= 400 && !strings.HasPrefix(tc.target, "/api/openapi") {
				if errs := errorsOf(t, rec); len(errs) == 0 {
					t.Error("error response without errors")
				}
			}
		})
	}
	// The XSS attempt never appears unescaped.
	rec := do(t, h, "POST", "/api/v1/render", js, `{"variant":"opsium","format":"html","variables":{"customer.name":"<script>alert(1)</script>"}}`)
	if strings.Contains(rec.Body.String(), "<script>") {
		t.Error("HTML output contains a script tag")
	}
	// pdf_a asks for PDF/A-2b; without it, a plain PDF.
	for _, tc := range []struct {
		body string
		pdfa bool
	}{{`{"variant":"opsium","pdf_a":true}`, true}, {`{"variant":"opsium","pdf_a":false}`, false}, {`{"variant":"opsium"}`, false}} {
		rec := do(t, h, "POST", "/api/v1/render", js, tc.body)
		if got := strings.Contains(rec.Body.String(), "<pdfaid:part>2</pdfaid:part>"); rec.Code != 200 || got != tc.pdfa {
			t.Errorf("%s: status %d, PDF/A %v, want %v", tc.body, rec.Code, got, tc.pdfa)
		}
	}
	// Downloads are named after the customer.
	rec = do(t, h, "POST", "/api/v1/render", js, `{"variant":"ojoo","format":"pdf","variables":{"customer.name":"Müller & Søn GmbH"}}`)
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="muller-son-gmbh-dpa.pdf"` || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("headers %v", rec.Header())
	}
}

func TestAuth(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.Token = "s3cret" })
	if rec := do(t, h, "GET", "/healthz", "", ""); rec.Code != 200 {
		t.Errorf("healthz needs no token: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/api/v1/templates", "", ""); rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/api/v1/templates", "", "", "Authorization", "Bearer wrong"); rec.Code != 401 {
		t.Errorf("wrong token: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/api/v1/templates", "", "", "Authorization", "Bearer s3cret"); rec.Code != 200 {
		t.Errorf("right token: %d", rec.Code)
	}
	rec := do(t, h, "GET", "/?token=s3cret", "", "")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Set-Cookie"), "clausemark_token=s3cret") {
		t.Fatalf("form with ?token: %d %v", rec.Code, rec.Header())
	}
	if rec := do(t, h, "GET", "/", "", "", "Cookie", "clausemark_token=s3cret"); rec.Code != 200 {
		t.Errorf("cookie: %d", rec.Code)
	}
}

// TestBusy fills every render slot: the next request waits, then gets 503
// with Retry-After; the empty form still opens.
func TestBusy(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	cfg := NewConfig()
	cfg.Library, cfg.MaxRenders, cfg.Wait = lib, 1, 50*time.Millisecond
	s := newSrv(cfg)
	s.slots <- struct{}{} // a render in progress
	mux := http.NewServeMux()
	addRoutes(mux, s)
	// Every route that validates, assembles or typesets waits for a slot.
	for _, r := range []struct{ path, ct, body string }{
		{"/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`},
		{"/api/v1/validate", "application/json", `{"variant":"opsium"}`},
		{"/api/v1/check", "application/json", `{"variant":"opsium"}`},
		{"/preview", "application/x-www-form-urlencoded", "_start=opsium"},
		{"/download", "application/x-www-form-urlencoded", "_start=opsium&_format=md"},
		{"/", "application/x-www-form-urlencoded", "_start=opsium"},
	} {
		rec := do(t, mux, "POST", r.path, r.ct, r.body)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
			t.Errorf("%s: status %d, Retry-After %q", r.path, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	// The empty form needs no slot.
	for _, target := range []string{"/", "/?_start=ojoo", "/?_mode=house"} {
		if rec := do(t, mux, "GET", target, "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<form`) {
			t.Errorf("GET %s with every slot taken: %d", target, rec.Code)
		}
	}
	<-s.slots
	if rec := do(t, mux, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`); rec.Code != 200 {
		t.Errorf("after the slot frees: %d", rec.Code)
	}
}

func TestForm(t *testing.T) {
	h := newTestServer(t, nil)
	rec := do(t, h, "GET", "/?_start=ojoo", "", "")
	body := rec.Body.String()
	for _, want := range []string{
		`<option value="ojoo" selected>`, `<label for="f-customer-name">Customer name</label>`,
		`name="deletion.days" type="number" value="" min="1" max="365"`, `<select id="f-jurisdiction" name="jurisdiction"`,
		`<option value="in" selected>India</option>`, `data-show-when="liability.cap.basis=amount"`,
		`<dd id="f-processor-legal-name" tabindex="-1" aria-describedby="e-f-processor-legal-name">OJOO SOFTWARE SERVICES PRIVATE LIMITED</dd>`, `<h2 id="1-definitions">1. Definitions</h2>`,
		`FRF1, Mithra Enclave,<br>Doddakallasandra,<br>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	if rec.Header().Get("Content-Security-Policy") == "" {
		t.Error("no Content-Security-Policy")
	}

	// A bad value: the error is next to its field and the typed value is kept.
	form := url.Values{"_start": {"ojoo"}, "customer.name": {"<script>alert(1)</script>"}, "deletion.days": {"500"}}
	rec = do(t, h, "POST", "/", "application/x-www-form-urlencoded", form.Encode())
	body = rec.Body.String()
	if rec.Code != 400 || !strings.Contains(body, `id="e-f-deletion-days" aria-live="polite">must be an integer from 1 to 365, got 500</p>`) ||
		!strings.Contains(body, `value="500"`) || !strings.Contains(body, `value="&lt;script&gt;alert(1)&lt;/script&gt;"`) {
		t.Errorf("bad value: %d\n%s", rec.Code, body[:min(len(body), 3000)])
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("the customer's name is not escaped")
	}

	// The live preview answers with HTML and errors by field.
	rec = do(t, h, "POST", "/preview", "application/x-www-form-urlencoded", form.Encode())
	var p previewResult
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || len(p.Errors) != 1 || p.Errors[0].Path != "deletion.days" {
		t.Fatalf("preview with an error: %v %s", err, rec.Body)
	}
	form.Set("deletion.days", "45")
	form.Set("subprocessors.rows", "1")
	form.Set("subprocessors.0.name", "Hetzner Online GmbH")
	form.Set("subprocessors.0.purpose", "Hosting")
	form.Set("subprocessors.0.location", "Germany")
	rec = do(t, h, "POST", "/preview", "application/x-www-form-urlencoded", form.Encode())
	p = previewResult{}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || len(p.Errors) != 0 {
		t.Fatalf("preview: %v %s", err, rec.Body)
	}
	for _, want := range []string{"forty-five (45)", "&lt;script&gt;alert(1)&lt;/script&gt;", "<td>Hetzner Online GmbH</td>"} {
		if !strings.Contains(p.HTML, want) {
			t.Errorf("preview lacks %q", want)
		}
	}

	// Downloads.
	form.Set("_format", "pdf")
	rec = do(t, h, "POST", "/download", "application/x-www-form-urlencoded", form.Encode())
	if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) || !strings.Contains(rec.Header().Get("Content-Disposition"), "script-alert-1-script-dpa.pdf") {
		t.Errorf("PDF download: %d %v", rec.Code, rec.Header())
	}
	form.Set("_format", "md")
	form.Set("deletion.days", "0")
	rec = do(t, h, "POST", "/download", "application/x-www-form-urlencoded", form.Encode())
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "must be an integer from 1 to 365, got 0") {
		t.Errorf("download with an error shows the form: %d", rec.Code)
	}
}

// TestConcurrent renders from many goroutines at once through one handler.
func TestConcurrent(t *testing.T) {
	h := newTestServer(t, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := `{"variant":"ojoo","format":"md","variables":{"deletion.days":` + string(rune('1'+i)) + `}}`
			rec := do(t, h, "POST", "/api/v1/render", "application/json", body)
			if rec.Code != 200 {
				t.Errorf("status %d", rec.Code)
			}
			_, _ = io.Copy(io.Discard, rec.Body)
		}()
	}
	wg.Wait()
}

// TestDownloadButtons: the form offers a download in every registered
// format, PDF first, and each button downloads its format.
func TestDownloadButtons(t *testing.T) {
	h := newServerOf(t, clausemark.Library, nil)
	page := do(t, h, "GET", "/?_start=opsium", "", "").Body.String()
	var order []string
	for _, f := range catalog.Formats().All() {
		i := strings.Index(page, `name="_format" value="`+f.Name+`" aria-label="Download `+f.Title+`"><span class="verb">Download </span>`+f.Title+`</button>`)
		if i < 0 {
			t.Fatalf("no download button for %s", f.Name)
		}
		order = append(order, fmt.Sprint(i))
		rec := do(t, h, "POST", "/download", "application/x-www-form-urlencoded", "_start=opsium&_format="+f.Name)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != f.MediaType || !strings.HasSuffix(rec.Header().Get("Content-Disposition"), f.Extension+`"`) {
			t.Errorf("%s download: %d %s %s", f.Name, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
		}
	}
	if pdf := strings.Index(page, `value="pdf">`); pdf > strings.Index(page, `value="md">`) || pdf > strings.Index(page, `value="html">`) {
		t.Errorf("PDF is not the first download: %v", order)
	}
}
