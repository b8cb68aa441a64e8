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
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := fmt.Fprintf(conn, "POST /api/v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Trickle: 1\r\nContent-Length: 100000\r\n\r\n{"); err != nil {
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
	h := newTestServer(t, func(c *Config) { c.MaxRenders, c.BodyTimeout = 4, 10*time.Minute })
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

// TestBodyMemory: the bodies being read count against BodyMemory; past
// it a request gets 503, and once they are answered the memory is free.
func TestBodyMemory(t *testing.T) {
	// The least BodyMemory can be: one body over MaxBody.
	h := newTestServer(t, func(c *Config) { c.MaxBody, c.BodyMemory, c.BodyTimeout = 1024, 1, 10*time.Minute })
	ts, reading, done := trickleServer(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	conn := trickle(t, ts, stop, &wg)
	guard := time.After(time.Minute) // against a hang, not a measure
	select {
	case <-reading:
	case <-guard:
		t.Fatal("the trickling body was never read")
	}
	render := func() (int, string) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/api/v1/render", strings.NewReader(`{"variant":"opsium","format":"md"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := render(); code != http.StatusServiceUnavailable || !strings.Contains(body, "request bodies being read take all the memory") {
		t.Errorf("with the bodies' memory taken: %d %.300s", code, body)
	}
	conn.Close()
	select {
	case <-done:
	case <-guard:
		t.Fatal("the closed connection's request was never answered")
	}
	if code, body := render(); code != http.StatusOK {
		t.Errorf("with the memory free again: %d %.300s", code, body)
	}
}
