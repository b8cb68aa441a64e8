package server

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const tokenCookie = "clausemark_token"

// auth requires the bearer token, when one is configured, on every route
// but /healthz. Browsers may open the form once with ?token=..., which
// sets a cookie for the rest of the session.
func (s *srv) auth(next http.Handler) http.Handler {
	if s.cfg.Token == "" {
		return next
	}
	want := []byte(s.cfg.Token)
	ok := func(got string) bool { return got != "" && subtle.ConstantTimeCompare([]byte(got), want) == 1 }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		if h, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); found && ok(h) {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(tokenCookie); err == nil && ok(c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		if q := r.URL.Query().Get("token"); ok(q) && !strings.HasPrefix(r.URL.Path, "/api/") {
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: q, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="clausemark"`)
		writeJSON(w, http.StatusUnauthorized, apiErrors{Errors: []apiError{{Message: "missing or wrong bearer token"}}})
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logRequests writes one structured log line per request.
func (s *srv) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.cfg.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}

// limit runs h in a render slot: at most MaxRenders such requests run at
// once, and the others wait up to Wait for a slot, then get 503 with
// Retry-After. Validation and checking count, as they cost as much as a
// render for a large body.
func (s *srv) limit(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(s.cfg.Wait)
		defer t.Stop()
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
			h.ServeHTTP(w, r)
			return
		case <-t.C:
		case <-r.Context().Done():
		}
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, apiErrors{Errors: []apiError{{Message: "busy: every render slot is taken; retry shortly"}}})
	})
}

// secure sets the headers every response carries, and refuses a
// state-changing request that a browser sent from another site: its
// Origin names another host, or Sec-Fetch-Site says cross-site. This
// holds with or without --token.
func (s *srv) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin") // a ?token= address never leaves the server
		h.Set("X-Frame-Options", "DENY")
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions && crossSite(r) {
			writeJSON(w, http.StatusForbidden, apiErrors{Errors: []apiError{{Message: "cross-site request refused: the Origin does not match this server"}}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// crossSite reports whether a browser sent r from a page of another
// origin. Sec-Fetch-Site, which browsers set and pages cannot, decides
// when present: only "same-origin" and "none" (typed or bookmarked) pass.
// Otherwise the Origin header must name this host. Requests with neither
// (curl, other servers) are not a browser's and pass; the token guards
// those.
func crossSite(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site != "same-origin" && site != "none"
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || origin == "null" || !strings.EqualFold(u.Host, r.Host)
}
