package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

const tokenCookie = "clausemark_token"

// probe reports whether path is one of the probes (/healthz, /readyz),
// which answer any Host and need no token: they reveal nothing.
func probe(path string) bool { return path == "/healthz" || path == "/readyz" }

// hostName returns the name a Host header gives, without its port or
// brackets, in lower case and without a final dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// hostAllowed reports whether a request naming host in its Host header is
// one for this server. A page whose name an attacker rebinds to this
// server's address (DNS rebinding) is same-origin, to the browser, with
// the requests it sends here, and they carry its name: so only names the
// server knows are its own are accepted. Those are "localhost", the names
// in allowed (the --addr host and --allowed-hosts), and any IP address:
// a request naming an IP address comes from a page of that address, which
// is this server's. An empty Host (HTTP/1.0, never a browser) passes;
// "*" in allowed accepts every name.
func hostAllowed(host string, allowed []string) bool {
	name := hostName(host)
	if name == "" || name == "localhost" {
		return true
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	for _, a := range allowed {
		if a == "*" || hostName(a) == name {
			return true
		}
	}
	return false
}

// hostRefused is the answer to a request whose Host names a host this
// server does not answer to.
const hostRefused = "this server does not answer to the host name %q (a web page whose name leads here, DNS rebinding, would read it); it answers to localhost, its IP addresses and the names given with --allowed-hosts"

// hosts refuses, with 421 Misdirected Request, a request whose Host
// header names a host that is not this server's (see hostAllowed), with or
// without a token. The probes answer any Host.
func (s *srv) hosts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if probe(r.URL.Path) || hostAllowed(r.Host, s.cfg.AllowedHosts) {
			next.ServeHTTP(w, r)
			return
		}
		writeJSON(w, http.StatusMisdirectedRequest, apiErrors{Errors: []apiError{{Message: fmt.Sprintf(hostRefused, hostName(r.Host))}}})
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

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

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
// render for a large body. The body is read first (see readBody), so a
// client that sends it slowly holds no slot while it does.
func (s *srv) limit(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		held, ok := s.readBody(w, r)
		defer s.bodies.give(held)
		if !ok {
			return
		}
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
		busy(w, "busy: every render slot is taken; retry shortly")
	})
}

// busy answers 503 with Retry-After.
func busy(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", "1")
	writeJSON(w, http.StatusServiceUnavailable, apiErrors{Errors: []apiError{{Message: msg}}})
}

// bodyChunk is how much of a body one read takes at most, into a buffer
// of each body's own; only the bytes received count against the bodies'
// memory, so a body that waits for its bytes counts nothing.
const bodyChunk = 4 << 10

// smallBody is the size up to which a body may draw on the bodies'
// reserve: a form or a JSON render request is far smaller.
const smallBody = 64 << 10

// readBody reads r's body whole before the request waits for a render
// slot: at most MaxBody bytes, within BodyTimeout of the start of the
// read, at the pace BodyIdle and BodyMinRate ask (see pacedBody), and
// within the memory all bodies held at once may take (BodyMemory). The
// memory a body holds grows as its bytes arrive; a body past smallBody
// may not take the last eighth of BodyMemory, kept for small bodies, so
// that large bodies held at once cannot stop every form and JSON
// request. The handler then reads the bytes read, and a body over
// MaxBody ends, for it, in the *http.MaxBytesError it answers 413 to. A
// body that does not arrive in time is answered 408; one that would take
// the bodies' memory past its bound, 503; a connection lost, 400. It
// returns the bytes it counted against the bodies' memory, to be given
// back once the request is answered, and whether to go on.
func (s *srv) readBody(w http.ResponseWriter, r *http.Request) (int64, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return 0, true
	}
	pb := s.paced(w, r.Body, s.cfg.BodyTimeout)
	src := http.MaxBytesReader(w, pb, s.cfg.MaxBody)
	var chunk [bodyChunk]byte
	var body []byte
	var held int64
	var err error
	for err == nil {
		var n int
		n, err = src.Read(chunk[:])
		if n == 0 {
			continue
		}
		most := s.cfg.MaxBody // what the body says it is, or may be
		if r.ContentLength >= 0 && r.ContentLength < most {
			most = r.ContentLength
		}
		var ok bool
		if body, ok = s.hold(body, n, most, &held); !ok {
			busy(w, "busy: the request bodies being read take all the memory set aside for them; retry shortly")
			return held, false
		}
		body = append(body, chunk[:n]...)
	}
	var tooBig *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF), errors.As(err, &tooBig):
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		w.Header().Set("Connection", "close")
		writeJSON(w, http.StatusRequestTimeout, apiErrors{Errors: []apiError{{Message: pb.timeout("the request body")}}})
		return held, false
	default:
		writeJSON(w, http.StatusBadRequest, apiErrors{Errors: []apiError{{Message: "reading the request body: " + err.Error()}}})
		return held, false
	}
	if errors.Is(err, io.EOF) {
		err = nil
	}
	r.Body = &readBody{r: bytes.NewReader(body), err: err}
	return held, true
}

// hold makes room in body for n more bytes, growing it as a slice grows
// but not past most (unless the n bytes need it), within the bodies'
// memory; it adds what it takes to held. Past smallBody, a body may not
// take the bodies' reserve.
func (s *srv) hold(body []byte, n int, most int64, held *int64) ([]byte, bool) {
	need := len(body) + n
	if need <= cap(body) {
		return body, true
	}
	c := int(max(int64(need), min(int64(max(2*cap(body), 512)), most)))
	if !s.bodies.take(int64(c-cap(body)), need > smallBody) {
		return body, false
	}
	*held += int64(c - cap(body))
	grown := make([]byte, len(body), c)
	copy(grown, body)
	return grown, true
}

// readBody is a body read whole: its bytes, then the error that ended the
// read (nil for the end of the body).
type readBody struct {
	r   *bytes.Reader
	err error
}

func (b *readBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *readBody) Close() error { return nil }

// budget counts bytes against a bound: large takes may not pass
// largeMax, which keeps the rest for small ones.
type budget struct {
	mu                  sync.Mutex
	used, max, largeMax int64
}

// newBudget returns a budget of max bytes, the last eighth of which only
// small takes may use; large takes may always have at least floor.
func newBudget(size, floor int64) *budget {
	return &budget{max: size, largeMax: min(size, max(size-size/8, floor))}
}

// take counts n more bytes, unless that would pass the bound, or, for a
// large take, largeMax.
func (b *budget) take(n int64, large bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	bound := b.max
	if large {
		bound = b.largeMax
	}
	if b.used+n > bound {
		return false
	}
	b.used += n
	return true
}

// give gives back n bytes taken.
func (b *budget) give(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
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
