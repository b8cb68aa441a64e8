package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/pgtest"
)

// cutProxy forwards TCP connections to a server until cut, when it closes
// them all and refuses new ones: a database that becomes unreachable.
type cutProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	cut   bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln}
	t.Cleanup(p.Cut)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			p.mu.Lock()
			if err != nil || p.cut {
				p.mu.Unlock()
				c.Close()
				if s != nil {
					s.Close()
				}
				continue
			}
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go func() { _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
	return p
}

// Cut closes every connection and the listener.
func (p *cutProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestBatchRegistryUnreachable cuts the PostgreSQL registry off in the
// middle of a PDF batch: the batch stops taking rows (it does not render
// the rest, each to fail), exits 1 with "registry unavailable", and the
// same command run with the registry back renders the rest: every row
// recorded once, with the digest of its file.
func TestBatchRegistryUnreachable(t *testing.T) {
	loc := pgtest.URL(t)
	bin := clausemarkBin(t)
	dir := t.TempDir()
	const rows = 200
	var csv strings.Builder
	csv.WriteString("customer.name\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&csv, "Customer %03d\n", i)
	}
	data := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(data, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newCutProxy(t, u.Host)
	viaProxy := *u
	viaProxy.Host = proxy.ln.Addr().String()
	out := filepath.Join(dir, "out")
	args := []string{"batch", "--variant", "opsium", "--data", data, "--out", out, "--format", "pdf", "--jobs", "1", "--quiet"}
	first := exec.Command(bin, args...)
	first.Env = withRegistry(viaProxy.String())
	var stderr strings.Builder
	first.Stderr = &stderr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Once a first group of rows is recorded (the partial manifest has
	// lines), the registry goes away.
	partial := filepath.Join(out, "manifest.jsonl.partial")
	for range 6000 {
		if fi, err := os.Stat(partial); err == nil && fi.Size() > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	proxy.Cut()
	err = first.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("batch: %v, want exit 1\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "error: batch: registry unavailable: ") {
		t.Errorf("stderr lacks the registry error:\n%s", stderr.String())
	}
	recs := readRecords(t, filepath.Join(out, "manifest.jsonl"))
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	written := 0
	for _, r := range recs {
		if r.Status == "written" {
			written++
		}
	}
	t.Logf("first run: %d rows handled, %d PDFs, %d recorded; %s", len(recs), len(pdfs), written, strings.TrimSpace(stderr.String()))
	// After the cut: the group being recorded (64 rows), the queues and
	// the row in hand, not the rest of the 200.
	if len(recs) >= rows || len(pdfs) > written+64+8 {
		t.Errorf("%d rows handled, %d PDFs written, %d recorded: the batch went on after the registry went away", len(recs), len(pdfs), written)
	}
	// A row's document appears in the folder once it is recorded: the
	// rows that failed to record left no file, temporary or not.
	inManifest := map[string]bool{}
	for _, r := range recs {
		for _, o := range r.Outputs {
			inManifest[o.Path] = r.Status == "written"
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".tmp") || strings.HasSuffix(n, ".pdf") && !inManifest[n] {
			t.Errorf("%s left in the folder, not recorded", n)
		}
	}
	if len(pdfs) != written {
		t.Errorf("%d PDFs in the folder, %d rows recorded", len(pdfs), written)
	}
	errs, err := os.ReadFile(filepath.Join(out, "errors.jsonl"))
	if err != nil || !strings.Contains(string(errs), "no file written") {
		t.Errorf("errors.jsonl does not say the failed rows' files were not written: %v\n%s", err, errs)
	}

	second := exec.Command(bin, args...)
	second.Env = withRegistry(loc)
	if msg, err := second.CombinedOutput(); err != nil {
		t.Fatalf("the same batch with the registry back: %v\n%s", err, msg)
	}
	run, _ := filepath.Abs(filepath.Join(out, "manifest.jsonl"))
	recorded := registryRows(t, loc, run)
	recs = readRecords(t, filepath.Join(out, "manifest.jsonl"))
	if len(recs) != rows || len(recorded) != rows {
		t.Fatalf("%d rows in the manifest, %d recorded; want %d", len(recs), len(recorded), rows)
	}
	for _, r := range recs {
		if recorded[r.Row] != r.Outputs[0].SHA256 {
			t.Errorf("row %d: manifest %s, registry %q", r.Row, r.Outputs[0].SHA256, recorded[r.Row])
		}
	}
}
