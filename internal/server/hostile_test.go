package server

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestFormStatuses: a form that is too large, malformed or not a form
// gets the right status, with the problem at the top of the form (or in
// the preview's errors), on every form route.
func TestFormStatuses(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.MaxBody = 4096 })
	big := "_start=opsium&customer.name=" + strings.Repeat("x", 5000)
	tests := []struct {
		name, path, ct, body string
		status               int
		want                 string
	}{
		{"download too large", "/download", "application/x-www-form-urlencoded", big, 413, "the form is larger than 4096 bytes"},
		{"preview too large", "/preview", "application/x-www-form-urlencoded", big, 413, "the form is larger than 4096 bytes"},
		{"form too large", "/", "application/x-www-form-urlencoded", big, 413, "the form is larger than 4096 bytes"},
		{"preview badly encoded", "/preview", "application/x-www-form-urlencoded", "customer.name=%zz", 400, "malformed form"},
		{"download badly encoded", "/download", "application/x-www-form-urlencoded", "customer.name=%zz&_format=pdf", 400, "malformed form"},
		{"preview not a form", "/preview", "application/json", `{"a":1}`, 415, "the body must be a form"},
		{"download without a format", "/download", "application/x-www-form-urlencoded", "_start=opsium", 400, "choose a format to download: md, html, pdf or docx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "POST", tt.path, tt.ct, tt.body)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("status %d, want %d with %q:\n%.400s", rec.Code, tt.status, tt.want, rec.Body)
			}
		})
	}
	// Too many fields, within the size limit.
	h = newTestServer(t, nil)
	var b strings.Builder
	b.WriteString("_start=opsium")
	for i := range maxFormFields + 1 {
		b.WriteString("&x" + strconv.Itoa(i) + "=1")
	}
	rec := do(t, h, "POST", "/preview", "application/x-www-form-urlencoded", b.String())
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "at most 2000 are read") {
		t.Errorf("too many fields: %d %.300s", rec.Code, rec.Body)
	}
}

// TestDownloadShowsTypesettingErrors: a character the fonts lack is shown
// beside the field that holds it, with 400, as the API reports it.
func TestDownloadShowsTypesettingErrors(t *testing.T) {
	h := newTestServer(t, nil)
	for _, name := range []string{"Smile 😀 Ltd", "株式会社テスト"} {
		form := url.Values{"_start": {"opsium"}, "customer.name": {name}, "_format": {"pdf"}}
		rec := do(t, h, "POST", "/download", "application/x-www-form-urlencoded", form.Encode())
		body := rec.Body.String()
		if rec.Code != 400 || !strings.Contains(body, `id="e-f-customer-name" aria-live="polite">`) || !strings.Contains(body, "font has no") {
			t.Errorf("%s: status %d; want 400 with the error at the customer's name:\n%.600s", name, rec.Code, body)
		}
		if !strings.Contains(body, "1 field needs attention: ") {
			t.Errorf("%s: the summary does not name the field", name)
		}
		api := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"pdf","variables":{"customer":{"name":"`+name+`"}}}`)
		if api.Code != 400 {
			t.Errorf("%s: API answered %d", name, api.Code)
		}
	}
}

// TestOneValidator: the same bad values give the same messages through
// the form, the JSON API and a YAML variables file.
func TestOneValidator(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Variant: "ojoo"})
	if err != nil {
		t.Fatal(err)
	}
	schema := p.Template.Schema
	tests := []struct {
		name string
		form url.Values
		json string
		yaml string
	}{
		{"bad integer", url.Values{"deletion.days": {"thirty"}}, `{"deletion": {"days": "thirty"}}`, "deletion:\n  days: thirty\n"},
		{"amount with a decimal comma", url.Values{"liability.cap.basis": {"amount"}, "liability.cap.amount": {"2500,50"}}, `{"liability": {"cap": {"basis": "amount", "amount": "2500,50"}}}`, "liability:\n  cap:\n    basis: amount\n    amount: 2500,50\n"},
		{"unknown variable", url.Values{"procesor.name": {"X"}}, `{"procesor.name": "X"}`, "procesor.name: X\n"},
		{"unknown row field", url.Values{"subprocessors.0.name": {"A"}, "subprocessors.0.purpose": {"B"}, "subprocessors.0.location": {"CA"}, "subprocessors.0.colour": {"red"}},
			`{"subprocessors": [{"name": "A", "purpose": "B", "location": "CA", "colour": "red"}]}`, "subprocessors:\n  - {name: A, purpose: B, location: CA, colour: red}\n"},
		{"missing row field", url.Values{"subprocessors.0.name": {"A"}, "subprocessors.0.purpose": {"B"}},
			`{"subprocessors": [{"name": "A", "purpose": "B"}]}`, "subprocessors:\n  - {name: A, purpose: B}\n"},
		{"too many rows", rows(vars.MaxListItems + 1), `{"subprocessors": [` + strings.TrimSuffix(strings.Repeat(`{"name": "A", "purpose": "B", "location": "CA"},`, vars.MaxListItems+1), ",") + `]}`,
			"subprocessors:\n" + strings.Repeat("  - {name: A, purpose: B, location: CA}\n", vars.MaxListItems+1)},
	}
	messages := func(err error) []string {
		var out []string
		for _, e := range problems(err) {
			out = append(out, e.Path+": "+e.Message)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ferr := formValues(p.Template, tt.form)
			node, err := vars.ParseJSON([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			_, _, jerr := vars.ParseMapping(schema, "variables", 0, node)
			_, _, yerr := vars.ParseFile(schema, "vars.yaml", []byte(tt.yaml))
			if ferr == nil || jerr == nil || yerr == nil {
				t.Fatalf("an input was accepted: form %v, JSON %v, YAML %v", ferr, jerr, yerr)
			}
			f, j, y := messages(ferr), messages(jerr), messages(yerr)
			if strings.Join(f, "\n") != strings.Join(j, "\n") || strings.Join(j, "\n") != strings.Join(y, "\n") {
				t.Errorf("messages differ:\nform %q\nJSON %q\nYAML %q", f, j, y)
			}
		})
	}
}

func rows(n int) url.Values {
	v := url.Values{}
	for i := range n {
		k := "subprocessors." + strconv.Itoa(i) + "."
		v.Set(k+"name", "A")
		v.Set(k+"purpose", "B")
		v.Set(k+"location", "CA")
	}
	return v
}

// TestJSONAsJSON: valid JSON that YAML misreads is accepted; a syntax
// error names its line and column.
func TestJSONAsJSON(t *testing.T) {
	h := newTestServer(t, nil)
	longKey := strings.Repeat("k", 1500)
	tests := []struct {
		body   string
		status int
		want   string
	}{
		{`{"variant":"opsium","format":"md","variables":{"customer":{"name":"Acme\/EU"}}}`, 200, "Acme/EU"},
		{`{"variant":"opsium","format":"md","variables":{"` + longKey + `":1}}`, 400, "unknown variable"},
		{`{"variant":"opsium","format":"md","variables":{"customer":{"name":"A","name":"B"}}}`, 400, `duplicate key \"name\"`},
	}
	for _, tt := range tests {
		rec := do(t, h, "POST", "/api/v1/render", "application/json", tt.body)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%.80s: %d, want %d with %q: %.300s", tt.body, rec.Code, tt.status, tt.want, rec.Body)
		}
	}
	rec := do(t, h, "POST", "/api/v1/validate", "application/json", `{"variant":"opsium","variables":{"customer":{"name":"Smile \ud83d\ude00"}}}`)
	if rec.Code != 200 {
		t.Errorf("surrogate pair: %d %s", rec.Code, rec.Body)
	}
}

// TestSecurityHeaders: every response carries the headers; a document is
// never cached; a cross-site browser request is refused; /static/ lists
// nothing; the token cookie is Secure over TLS.
func TestSecurityHeaders(t *testing.T) {
	h := newTestServer(t, nil)
	rec := do(t, h, "GET", "/", "", "")
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	rec = do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`)
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("document Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	for _, hdr := range [][]string{{"Origin", "https://evil.example"}, {"Origin", "null"}, {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"}} {
		rec = do(t, h, "POST", "/download", "application/x-www-form-urlencoded", "_start=opsium&_format=md", hdr...)
		if rec.Code != 403 {
			t.Errorf("%v: %d, want 403", hdr, rec.Code)
		}
	}
	for _, hdr := range [][]string{{"Origin", "http://example.com"}, {"Sec-Fetch-Site", "same-origin", "Origin", "null"}} {
		rec = do(t, h, "POST", "/download", "application/x-www-form-urlencoded", "_start=opsium&_format=md", hdr...)
		if rec.Code != 200 {
			t.Errorf("same-origin download %v: %d", hdr, rec.Code)
		}
	}
	for _, p := range []string{"/static/", "/static/missing.js"} {
		if rec := do(t, h, "GET", p, "", ""); rec.Code != 404 {
			t.Errorf("GET %s: %d, want 404", p, rec.Code)
		}
	}
	if rec := do(t, h, "GET", "/static/app.js", "", ""); rec.Code != 200 {
		t.Errorf("GET /static/app.js: %d", rec.Code)
	}
	h = newTestServer(t, func(c *Config) { c.Token = "s3cret" })
	req := httptest.NewRequest("GET", "https://example.com/?token=s3cret", nil)
	// httptest gives a request for an https target a TLS connection state.
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if c := w.Result().Cookies(); len(c) != 1 || !c[0].Secure || !c[0].HttpOnly {
		t.Errorf("cookie over TLS: %+v", c)
	}
}

// TestLongSubprocessorName: a 500-character unbroken subprocessor name
// gives a PDF with the table wrapped, through the API and the form.
func TestLongSubprocessorName(t *testing.T) {
	h := newTestServer(t, nil)
	long := strings.Repeat("N", 500)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a safety net, not a measure
	defer cancel()
	body := `{"variant":"ojoo","format":"pdf","variables":{"subprocessors":[{"name":"` + long + `","purpose":"Hosting","location":"Ireland"}]}}`
	req := httptest.NewRequest("POST", "/api/v1/render", strings.NewReader(body)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("API: %d %.300s", rec.Code, rec.Body)
	}
	form := url.Values{"_start": {"ojoo"}, "_format": {"pdf"}, "subprocessors.0.name": {long}, "subprocessors.0.purpose": {"Hosting"}, "subprocessors.0.location": {"Ireland"}}
	rec = do(t, h, "POST", "/download", "application/x-www-form-urlencoded", form.Encode())
	if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("form: %d %.300s", rec.Code, rec.Body)
	}
}

// TestStaticAssetsOnly: /static/ serves the script and the style sheet,
// not the pages' templates, however the path is written (it served
// form.html and history.html).
func TestStaticAssetsOnly(t *testing.T) {
	h := newTestServer(t, nil)
	for target, served := range map[string]bool{
		"/static/app.js":                    true,
		"/static/style.css":                 true,
		"/static/form.html":                 false,
		"/static/history.html":              false,
		"/static/../pages/form.html":        false,
		"/static/%2e%2e/pages/form.html":    false,
		"/static/pages/form.html":           false,
		"/static/./form.html":               false,
		"/static/FORM.HTML":                 false,
		"/static/app.js/":                   false,
		"/static/web/app.js":                false,
		"/static/%2e%2e/web.go":             false,
		"/static/%2e%2e/%2e%2e/go.mod":      false,
		"/static/..%2fpages%2fhistory.html": false,
	} {
		// The mux redirects a path with dots to its clean form (307),
		// which is then refused.
		rec := do(t, h, "GET", target, "", "")
		if (rec.Code == 200) != served || !served && rec.Code != 404 && rec.Code != 307 {
			t.Errorf("GET %s: %d, served %v", target, rec.Code, served)
		}
		if body := rec.Body.String(); strings.Contains(body, "{{") {
			t.Errorf("GET %s: a template: %.200s", target, body)
		}
	}
}
