package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// clock is a fake clock for the limits on wrong tokens.
type clock struct{ t time.Time }

func (c *clock) now() time.Time            { return c.t }
func (c *clock) advance(d time.Duration)   { c.t = c.t.Add(d) }
func newClock() *clock                     { return &clock{t: time.Date(2026, 5, 29, 9, 0, 0, 0, time.UTC)} }
func (c *clock) failures() *badTokens      { return newBadTokens(c.now) }
func waitOf(f *badTokens, k string) string { return f.wait(k).String() }

// TestBadTokensBackoff: an address may fail five times; each failure
// after that shuts it out for a back-off that doubles from a second up
// to five minutes; the time passing lets it try again, and after an hour
// without failures it starts afresh. The user's key, which every address
// shares, has 25 free failures.
func TestBadTokensBackoff(t *testing.T) {
	c := newClock()
	f := c.failures()
	const addr = "addr 192.0.2.1"
	for i := 1; i <= freeFailures; i++ {
		f.fail(addr)
		if w := f.wait(addr); w != 0 {
			t.Fatalf("after %d failures: shut out for %s", i, w)
		}
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	for _, w := range want {
		f.fail(addr)
		if got := f.wait(addr); got != w {
			t.Fatalf("back-off %s, want %s", got, w)
		}
		c.advance(w / 2)
		if got := f.wait(addr); got != w/2 {
			t.Fatalf("half-way: %s, want %s", got, w/2)
		}
		c.advance(w / 2)
		if got := f.wait(addr); got > 0 {
			t.Fatalf("after the back-off: still %s", got)
		}
	}
	for range 20 {
		f.fail(addr)
	}
	if got := f.wait(addr); got != maxBackoff {
		t.Errorf("bound: %s, want %s", got, maxBackoff)
	}
	c.advance(maxBackoff + forgetAfter)
	f.fail(addr)
	if got := f.wait(addr); got != 0 {
		t.Errorf("an hour later the count starts afresh; shut out for %s", got)
	}

	const user = "user token"
	for range freeUserFailures {
		f.fail(user)
	}
	if got := f.wait(user); got != 0 {
		t.Errorf("user shut out after %d failures", freeUserFailures)
	}
	f.fail(user)
	if got := waitOf(f, user); got != "1s" {
		t.Errorf("user after %d failures: %s", freeUserFailures+1, got)
	}
}

// TestBadTokensBounded: however many addresses fail, at most maxTracked
// are held, the least recently failed forgotten first.
func TestBadTokensBounded(t *testing.T) {
	c := newClock()
	f := c.failures()
	for i := range maxTracked + 500 {
		f.fail(fmt.Sprintf("addr 10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if n := f.tracked(); n != maxTracked {
		t.Fatalf("%d keys held, want %d", n, maxTracked)
	}
	if _, ok := f.keys["addr 10.0.0.0"]; ok {
		t.Error("the oldest address is still held")
	}
	last := maxTracked + 499
	if _, ok := f.keys[fmt.Sprintf("addr 10.%d.%d.%d", last>>16&255, last>>8&255, last&255)]; !ok {
		t.Error("the newest address is not held")
	}
}

// tokenServer is a server with a token whose wrong tokens are counted by
// the clock c.
func tokenServer(t *testing.T, c *clock) http.Handler {
	t.Helper()
	lib, err := builtIn()
	if err != nil {
		t.Fatal(err)
	}
	cfg := NewConfig()
	cfg.Library, cfg.Token = lib, "s3cret"
	cfg.AllowedHosts = []string{"example.com"}
	s := newSrv(cfg)
	s.fails = c.failures()
	return specChecked(t, s.handler())
}

// from sends a request from the client address addr with the bearer token
// token ("" for none).
func from(h http.Handler, addr, method, target, token string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = addr + ":40000"
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// TestWrongTokensLimited: after five wrong tokens from one address, its
// requests are answered 429 with Retry-After, the right token too, until
// the back-off has passed; other addresses are served meanwhile; requests
// with the right token consume nothing, nor do those with none.
func TestWrongTokensLimited(t *testing.T) {
	c := newClock()
	h := tokenServer(t, c)
	const mallory, alice = "198.51.100.7", "192.0.2.10"
	for range 20 {
		if rec := from(h, mallory, "GET", "/api/v1/templates", "s3cret"); rec.Code != 200 {
			t.Fatalf("right token: %d", rec.Code)
		}
		if rec := from(h, mallory, "GET", "/api/v1/templates", ""); rec.Code != 401 {
			t.Fatalf("no token: %d", rec.Code)
		}
	}
	for i := range freeFailures + 1 {
		if rec := from(h, mallory, "GET", "/api/v1/templates", fmt.Sprintf("guess%d", i)); rec.Code != 401 {
			t.Fatalf("guess %d: %d", i, rec.Code)
		}
	}
	rec := from(h, mallory, "GET", "/api/v1/templates", "s3cret")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), "too many wrong tokens") {
		t.Fatalf("shut out: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if rec := from(h, alice, "GET", "/api/v1/templates", "s3cret"); rec.Code != 200 {
		t.Errorf("another address: %d", rec.Code)
	}
	c.advance(time.Second)
	if rec := from(h, mallory, "GET", "/api/v1/templates", "s3cret"); rec.Code != 200 {
		t.Errorf("after the back-off: %d", rec.Code)
	}
	from(h, mallory, "GET", "/api/v1/templates", "guess")
	if rec := from(h, mallory, "GET", "/history", "s3cret"); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" {
		t.Errorf("the next wrong token doubles the back-off: %d %q", rec.Code, rec.Header().Get("Retry-After"))
	}
}

// TestWrongTokensPerUser: failures from many addresses, one each, shut the
// token's user out once they pass the user's free failures, whatever the
// address; the login page says so, with 429 and Retry-After.
func TestWrongTokensPerUser(t *testing.T) {
	c := newClock()
	h := tokenServer(t, c)
	for i := range freeUserFailures + 1 {
		if rec := from(h, fmt.Sprintf("203.0.113.%d", i), "GET", "/api/v1/templates", "guess"); rec.Code != 401 {
			t.Fatalf("guess from address %d: %d", i, rec.Code)
		}
	}
	if rec := from(h, "192.0.2.99", "GET", "/api/v1/templates", "s3cret"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a fresh address while the user is shut out: %d", rec.Code)
	}
	r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"token": {"s3cret"}, "next": {"/history"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = "192.0.2.99:40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), "Too many wrong tokens. Try again in 1 seconds.") || rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("login while shut out: %d %v", rec.Code, rec.Header())
	}
	c.advance(time.Second)
	rec = httptest.NewRecorder()
	r = httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"token": {"s3cret"}, "next": {"/history"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("login after the back-off: %d", rec.Code)
	}
}

// TestWrongLoginsLimited: wrong tokens typed into the login page count as
// the API's do; a stale cookie is cleared when refused.
func TestWrongLoginsLimited(t *testing.T) {
	c := newClock()
	h := tokenServer(t, c)
	login := func(token string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	for i := range freeFailures + 1 {
		if rec := login("guess"); rec.Code != 401 {
			t.Fatalf("login %d: %d", i, rec.Code)
		}
	}
	if rec := login("s3cret"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("right token while shut out: %d", rec.Code)
	}
	r := httptest.NewRequest("GET", "/history", nil)
	r.RemoteAddr = "192.0.2.50:1"
	r.AddCookie(&http.Cookie{Name: tokenCookie, Value: "old-token"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 401 || !strings.Contains(rec.Header().Get("Set-Cookie"), tokenCookie+"=; Path=/; Max-Age=0") {
		t.Errorf("stale cookie: %d %q", rec.Code, rec.Header().Get("Set-Cookie"))
	}
}
