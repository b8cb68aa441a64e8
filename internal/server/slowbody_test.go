package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

// signalBody tells reading once the server first reads it.
type signalBody struct {
	io.ReadCloser
	once    sync.Once
	reading chan<- struct{}
}

func (b *signalBody) Read(p []byte) (int, error) {
	b.once.Do(func() { b.reading <- struct{}{} })
	return b.ReadCloser.Read(p)
}

// trickleServer serves h on a real listener. Requests with the header
// X-Trickle signal on reading when the server first reads their body, and
// on done when they are answered.
func trickleServer(t *testing.T, h http.Handler) (ts *httptest.Server, reading, done chan struct{}) {
	reading, done = make(chan struct{}, 64), make(chan struct{}, 64)
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Trickle") == "" {
			h.ServeHTTP(w, r)
			return
		}
		r.Body = &signalBody{ReadCloser: r.Body, reading: reading}
		h.ServeHTTP(w, r)
		done <- struct{}{}
	}))
	t.Cleanup(ts.Close)
	return ts, reading, done
}

// trickle opens a connection to ts and sends a render request whose body
// comes one byte a second, until stop is closed; it returns the
// connection, from which the answer, if any, can be read.
func trickle(t *testing.T, ts *httptest.Server, stop <-chan struct{}, wg *sync.WaitGroup) net.Conn {
	t.Helper()
	return trickleTo(t, ts, "/api/v1/render", stop, wg)
}

// trickleTo is trickle to another path.
func trickleTo(t *testing.T, ts *httptest.Server, path string, stop <-chan struct{}, wg *sync.WaitGroup) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Trickle: 1\r\nContent-Length: 100000\r\n\r\n{", path); err != nil {
		t.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	return conn
}

// TestSlowBodies: four connections trickling their bodies a byte a
// second, as many as there are render slots, leave a render, a form
// download and the form itself answering 200. Before, each held a render
// slot while its body came, and every render and the form answered 503.
func TestSlowBodies(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.MaxRenders, c.BodyTimeout, c.BodyIdle = 4, 10*time.Minute, 10*time.Minute })
	ts, reading, _ := trickleServer(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	for range 4 {
		trickle(t, ts, stop, &wg)
	}
	guard := time.After(time.Minute) // against a hang, not a measure
	for range 4 {
		select {
		case <-reading:
		case <-guard:
			t.Fatal("the trickling bodies were never read")
		}
	}
	// Every trickling request is now inside the server, reading its body.
	client := &http.Client{Timeout: time.Minute}
	for _, tc := range []struct{ method, path, ctype, body string }{
		{"POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`},
		{"POST", "/download", "application/x-www-form-urlencoded", "_start=opsium&_format=md"},
		{"POST", "/preview", "application/x-www-form-urlencoded", "_start=opsium"},
		{"GET", "/", "", ""},
		{"GET", "/?_start=ojoo", "", ""},
	} {
		req, err := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s %s while four bodies trickle: %s %.300s", tc.method, tc.path, resp.Status, body)
		}
	}
}

// TestSlowBodyTimeout: a body that has not arrived within BodyTimeout is
// answered 408, and the connection closed.
func TestSlowBodyTimeout(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.BodyTimeout = 300 * time.Millisecond })
	ts, _, _ := trickleServer(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	conn := trickle(t, ts, stop, &wg)
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute)) // against a hang
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), "the request body did not arrive within 300ms") {
		t.Errorf("%s %s", resp.Status, body)
	}
}

// heldAtLeast waits until the bodies being read hold n bytes of memory.
func heldAtLeast(t *testing.T, s *srv, n int64) {
	t.Helper()
	guard := time.Now().Add(time.Minute) // against a hang, not a measure
	for {
		s.bodies.mu.Lock()
		used := s.bodies.used
		s.bodies.mu.Unlock()
		if used >= n {
			return
		}
		if time.Now().After(guard) {
			t.Fatalf("the bodies hold %d bytes, never %d", used, n)

		}
		time.Sleep(10 * time.Millisecond)
	}
}

// bodyServer is a test server whose srv the test can look into.
func bodyServer(t *testing.T, mod func(*Config)) *srv {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	cfg := NewConfig()
	cfg.Library = lib
	mod(&cfg)
	return newSrv(cfg)
}

// post sends a render request with body to ts and returns the answer.
func post(t *testing.T, ts *httptest.Server, body string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/api/v1/render", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestBodyMemory: the bodies being read count against BodyMemory as
// their bytes arrive, not before: twenty bodies that have sent a byte
// hold a few KiB (each held 8 KiB before, and forty such bodies with one
// large one made every render 503). A large body may not take the last
// eighth of BodyMemory, so with large bodies holding the rest, another
// large one gets 503 and a small render still 200; once they are
// answered the memory is free.
func TestBodyMemory(t *testing.T) {
	// BodyMemory is at least MaxBody and 64 KiB: 320 KiB, 280 of which
	// large bodies may take.
	s := bodyServer(t, func(c *Config) {
		c.MaxBody, c.BodyMemory, c.BodyTimeout, c.BodyIdle = 256<<10, 1, 10*time.Minute, 10*time.Minute
	})
	ts, _, done := trickleServer(t, specChecked(t, s.handler()))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	for range 20 {
		trickle(t, ts, stop, &wg)
	}
	heldAtLeast(t, s, 20*512)
	if s.bodies.used > 20*512+20*bodyChunk {
		t.Errorf("twenty bodies of a byte or so hold %d bytes", s.bodies.used)
	}
	// A body of 256 KiB sent but for its last 56 KiB, and stopped.
	large, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer large.Close()
	fmt.Fprintf(large, "POST /api/v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Trickle: 1\r\nContent-Length: %d\r\n\r\n", 256<<10)
	if _, err := large.Write([]byte(strings.Repeat(" ", 200<<10))); err != nil {
		t.Fatal(err)
	}
	heldAtLeast(t, s, 20*512+200<<10)
	if code, body := post(t, ts, `{"variant":"opsium","format":"md"}`+strings.Repeat(" ", 100<<10)); code != http.StatusServiceUnavailable || !strings.Contains(body, "request bodies being read take all the memory") {
		t.Errorf("a second large body: %d %.300s", code, body)
	}
	if code, body := post(t, ts, `{"variant":"opsium","format":"md"}`); code != http.StatusOK {
		t.Errorf("a small render with the large bodies' memory taken: %d %.300s", code, body)
	}
	large.Close()
	guard := time.After(time.Minute) // against a hang, not a measure
	select {
	case <-done:
	case <-guard:
		t.Fatal("the closed connection's request was never answered")
	}
	if code, body := post(t, ts, `{"variant":"opsium","format":"md"}`+strings.Repeat(" ", 100<<10)); code != http.StatusOK {
		t.Errorf("a large body with the memory free again: %d %.300s", code, body)
	}
}

// TestBodyPace: a body that comes a byte a second is answered 408 once it
// falls behind BodyIdle and BodyMinRate, long before BodyTimeout, saying
// so.
func TestBodyPace(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.BodyTimeout, c.BodyIdle = 10*time.Minute, 300*time.Millisecond })
	ts, _, _ := trickleServer(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	conn := trickle(t, ts, stop, &wg)
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute)) // against a hang
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), "the request body stopped arriving: nothing came for 300ms") && !strings.Contains(string(body), "the request body arrived too slowly") {
		t.Errorf("%s %s", resp.Status, body)
	}
}

// TestPaceDeadline: the deadline of a body's next read is the earliest of
// its overall deadline, BodyIdle from now, and when the bytes read would
// fall behind the rate.
func TestPaceDeadline(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &pacedBody{start: start, total: 10 * time.Second, idle: 5 * time.Second, rate: 1000}
	for _, tc := range []struct {
		name string
		n    int64
		now  time.Duration // after start
		want time.Duration
		cut  int
	}{
		{"at the start", 0, 0, 5 * time.Second, cutIdle},
		{"nothing after 1s", 0, time.Second, 5 * time.Second, cutRate},
		{"ahead of the rate", 100000, time.Second, 6 * time.Second, cutIdle},
		{"ahead, near the end", 100000, 7 * time.Second, 10 * time.Second, cutTotal},
		{"behind the rate", 2000, 6 * time.Second, 7 * time.Second, cutRate},
	} {
		p.n = tc.n
		d, cut := p.deadline(start.Add(tc.now))
		if d.Sub(start) != tc.want || cut != tc.cut {
			t.Errorf("%s: %s (%d), want %s (%d)", tc.name, d.Sub(start), cut, tc.want, tc.cut)
		}
	}
}
