package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// ssoServer serves behind a single sign-on proxy's headers, with a
// registry: alice and the legal group hold the house role.
func ssoServer(t *testing.T) (http.Handler, *Config) {
	t.Helper()
	var cfg *Config
	h := newTestServer(t, func(c *Config) {
		withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))(c)
		c.UserHeader, c.GroupsHeader = "X-Forwarded-User", "X-Forwarded-Groups"
		c.Admins = []string{"alice", "group:legal"}
		cfg = c
	})
	return h, cfg
}

// TestHeaderRule: behind a single sign-on proxy, a request that names no
// user gets 401 on every route but the probes; one that does is served.
func TestHeaderRule(t *testing.T) {
	h, _ := ssoServer(t)
	for _, target := range []string{"/", "/history", "/api/v1/documents", "/api/v1/templates"} {
		if rec := do(t, h, "GET", target, "", ""); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "X-Forwarded-User") {
			t.Errorf("%s without a user: %d %s", target, rec.Code, rec.Body)
		}
		if rec := do(t, h, "GET", target, "", "", "X-Forwarded-User", "   "); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s with a blank user: %d", target, rec.Code)
		}
		if rec := do(t, h, "GET", target, "", "", "X-Forwarded-User", "bob"); rec.Code != http.StatusOK {
			t.Errorf("%s as bob: %d %s", target, rec.Code, rec.Body)
		}
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if rec := do(t, h, "GET", p, "", ""); rec.Code != http.StatusOK {
			t.Errorf("%s needs no user: %d", p, rec.Code)
		}
	}
	// Without a token there is no login page.
	if rec := do(t, h, "GET", "/login", "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("login without a token: %d", rec.Code)
	}
}

// TestHouseRole: house-style mode, in the form (the address or the body,
// either encoding) or through the API, needs the house role: a user
// --admins names, or a member of a group it names.
func TestHouseRole(t *testing.T) {
	h, _ := ssoServer(t)
	form := url.Values{"_start": {"ojoo"}, "_mode": {"house"}, "_format": {"md"}, "customer.name": {"Globex"}, "processor.legal_name": {"Evil Ltd"}}
	multi := func() (string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, vs := range form {
			mw.WriteField(k, vs[0])
		}
		mw.Close()
		return mw.FormDataContentType(), b.String()
	}
	mct, mbody := multi()
	api := `{"variant":"ojoo","format":"md","variables":{"customer":{"name":"Globex"},"processor":{"legal_name":"Evil Ltd"}}}`
	standardAPI := `{"variant":"ojoo","format":"md","variables":{"customer":{"name":"Globex"}}}`
	type req struct{ method, target, ct, body string }
	house := []req{
		{"GET", "/?_start=ojoo&_mode=house", "", ""},
		{"POST", "/", "application/x-www-form-urlencoded", form.Encode()},
		{"POST", "/preview", "application/x-www-form-urlencoded", form.Encode()},
		{"POST", "/download", "application/x-www-form-urlencoded", form.Encode()},
		{"POST", "/download", mct, mbody},
		{"POST", "/download?_mode=house", "application/x-www-form-urlencoded", "_start=ojoo&_format=md"},
		{"POST", "/api/v1/render", "application/json", api},
	}
	for _, tc := range []struct {
		name   string
		hdr    []string
		allows bool
	}{
		{"a user --admins names", []string{"X-Forwarded-User", "alice"}, true},
		{"a member of an admins group", []string{"X-Forwarded-User", "carol", "X-Forwarded-Groups", "sales, legal"}, true},
		{"another user", []string{"X-Forwarded-User", "bob", "X-Forwarded-Groups", "sales,legality"}, false},
		{"a user named like the group", []string{"X-Forwarded-User", "group:legal"}, false},
	} {
		for _, r := range house {
			rec := do(t, h, r.method, r.target, r.ct, r.body, tc.hdr...)
			if got := rec.Code != http.StatusForbidden; got != tc.allows {
				t.Errorf("%s: %s %s: %d %.200s", tc.name, r.method, r.target, rec.Code, rec.Body)
			}
			if !tc.allows && !strings.Contains(rec.Body.String(), "house role") {
				t.Errorf("%s: %s %s: %s", tc.name, r.method, r.target, rec.Body)
			}
		}
	}
	// The standard mode is everyone's.
	bob := []string{"X-Forwarded-User", "bob"}
	for _, r := range []req{
		{"GET", "/?_start=ojoo", "", ""},
		{"POST", "/download", "application/x-www-form-urlencoded", "_start=ojoo&_format=md&customer.name=Globex"},
		{"POST", "/api/v1/render", "application/json", standardAPI},
	} {
		if rec := do(t, h, r.method, r.target, r.ct, r.body, bob...); rec.Code != http.StatusOK {
			t.Errorf("bob: %s %s: %d %.300s", r.method, r.target, rec.Code, rec.Body)
		}
	}
	// The form's own errors are still the form's, with the body read
	// twice.
	if rec := do(t, h, "POST", "/download", "application/x-www-form-urlencoded", "_start=ojoo&_format=md&deletion.days=soon", bob...); rec.Code != http.StatusBadRequest {
		t.Errorf("a bad value, as bob: %d", rec.Code)
	}
}

// TestNoRuleHouse: a server without an access rule cannot tell users
// apart, and everyone has the house role; the documents name nobody.
func TestNoRuleHouse(t *testing.T) {
	h := newTestServer(t, nil)
	if rec := do(t, h, "GET", "/?_start=ojoo&_mode=house", "", ""); rec.Code != http.StatusOK {
		t.Errorf("house mode without a rule: %d", rec.Code)
	}
}

// TestIssuedByUser: each download records the user the access rule
// names: the proxy's header, or the token's name.
func TestIssuedByUser(t *testing.T) {
	h, cfg := ssoServer(t)
	rec := do(t, h, "POST", "/download", "application/x-www-form-urlencoded", "_start=ojoo&_format=pdf&customer.name=Globex", "X-Forwarded-User", "bob@example.com")
	if rec.Code != http.StatusOK {
		t.Fatalf("download: %d %s", rec.Code, rec.Body)
	}
	v, err := cfg.Registry.Verify(context.Background(), rec.Body.Bytes())
	if err != nil || v.Issued == nil || v.Issued.IssuedBy != "bob@example.com" || v.Document.IssuedBy != "bob@example.com" {
		t.Errorf("recorded %+v, %v; want issued by bob@example.com", v, err)
	}

	var tcfg *Config
	th := newTestServer(t, func(c *Config) {
		withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))(c)
		c.Token, c.TokenName = "s3cret", "crm-sync"
		tcfg = c
	})
	rec = do(t, th, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"pdf","variables":{"customer":{"name":"Initech"}}}`, "Authorization", "Bearer s3cret")
	if rec.Code != http.StatusOK {
		t.Fatalf("render: %d %s", rec.Code, rec.Body)
	}
	v, err = tcfg.Registry.Verify(context.Background(), rec.Body.Bytes())
	if err != nil || v.Issued == nil || v.Issued.IssuedBy != "crm-sync" {
		t.Errorf("recorded %+v, %v; want issued by crm-sync", v.Issued, err)
	}
}

// TestLogin: with a token, a browser asking for a page without one gets
// the login page; the token entered there is kept in a cookie, and the
// browser goes back only to a page of this server.
func TestLogin(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.Token = "s3cret" })
	rec := do(t, h, "GET", "/history?customer=Globex", "", "", "Accept", "text/html,application/xhtml+xml")
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `action="/login"`) || !strings.Contains(rec.Body.String(), `value="/history?customer=Globex"`) {
		t.Errorf("a page without a token: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "GET", "/api/v1/templates", "", "", "Accept", "text/html"); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Header().Get("Content-Type"), "json") {
		t.Errorf("the API answers JSON: %d %s", rec.Code, rec.Header())
	}
	if rec := do(t, h, "GET", "/static/style.css", "", ""); rec.Code != http.StatusOK {
		t.Errorf("the login page's style: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/login?next=/history", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `value="/history"`) {
		t.Errorf("login page: %d", rec.Code)
	}
	const ct = "application/x-www-form-urlencoded"
	if rec := do(t, h, "POST", "/login", ct, "token=wrong&next=/history"); rec.Code != http.StatusUnauthorized || rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("a wrong token: %d %v", rec.Code, rec.Header())
	}
	for next, want := range map[string]string{
		"/history?customer=Globex": "/history?customer=Globex",
		"https://evil.example/":    "/",
		"//evil.example/":          "/",
		`/\evil.example`:           "/",
		"":                         "/",
	} {
		rec := do(t, h, "POST", "/login", ct, url.Values{"token": {"s3cret"}, "next": {next}}.Encode())
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want || !strings.Contains(rec.Header().Get("Set-Cookie"), "clausemark_token=s3cret") {
			t.Errorf("next %q: %d %v", next, rec.Code, rec.Header())
		}
	}
}
