package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/pgtest"
	"github.com/clausemark/clausemark/internal/registry"
)

// TestConcurrentRecording records into one registry, SQLite and then
// PostgreSQL, from a batch process with two jobs and a server answering
// 20 render requests at once, and wants every document recorded once with
// the bytes each delivered.
func TestConcurrentRecording(t *testing.T) {
	if testing.Short() {
		t.Skip("records from a batch and a busy server, in SQLite and PostgreSQL")
	}
	bin := clausemarkBin(t)
	dir := t.TempDir()
	const rows, requests = 40, 20
	var csv strings.Builder
	csv.WriteString("customer.name,deletion.days\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&csv, "Batch Customer %02d,%d\n", i, 10+i)
	}
	data := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(data, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			loc := filepath.Join(t.TempDir(), "registry.db")
			if backend == "postgres" {
				loc = pgtest.URL(t)
			}
			addr := startServeWith(t, func(k string) string {
				if k == registryEnv {
					return loc
				}
				return ""
			})
			out := filepath.Join(t.TempDir(), "out")
			batch := exec.Command(bin, "batch", "--variant", "ojoo", "--data", data, "--out", out, "--format", "md,pdf", "--jobs", "2", "--quiet")
			batch.Env = withRegistry(loc)
			var batchErr bytes.Buffer
			batch.Stderr = &batchErr
			if err := batch.Start(); err != nil {
				t.Fatal(err)
			}
			// 20 requests at once while the batch runs.
			var wg sync.WaitGroup
			delivered := make([][]byte, requests)
			for i := range requests {
				wg.Go(func() {
					body := fmt.Sprintf(`{"variant":"opsium","format":"pdf","variables":{"customer":{"name":"API Customer %02d"}}}`, i)
					// A client retries while every render slot is taken (503
					// with Retry-After), as under the race detector they are.
					var resp *http.Response
					var b []byte
					for attempt := 0; ; attempt++ {
						r, err := http.Post(addr+"/api/v1/render", "application/json", strings.NewReader(body))
						if err != nil {
							t.Error(err)
							return
						}
						b, _ = io.ReadAll(r.Body)
						r.Body.Close()
						resp = r
						if r.StatusCode != http.StatusServiceUnavailable || attempt == 100 {
							break
						}
						time.Sleep(200 * time.Millisecond)
					}
					if resp.StatusCode != 200 {
						t.Errorf("request %d: %d %s", i, resp.StatusCode, b)
						return
					}
					delivered[i] = b
				})
			}
			wg.Wait()
			if err := batch.Wait(); err != nil {
				t.Fatalf("batch: %v\n%s", err, batchErr.String())
			}

			run, _ := filepath.Abs(filepath.Join(out, "manifest.jsonl"))
			recorded := registryRows(t, loc, run)
			manifest := readRecords(t, filepath.Join(out, "manifest.jsonl"))
			if len(manifest) != rows || len(recorded) != rows {
				t.Fatalf("manifest has %d rows, registry %d; want %d", len(manifest), len(recorded), rows)
			}
			for _, r := range manifest {
				if recorded[r.Row] != r.Outputs[0].SHA256 {
					t.Errorf("row %d: manifest has %s, registry %q", r.Row, r.Outputs[0].SHA256, recorded[r.Row])
				}
			}
			reg, err := registry.Open(context.Background(), loc, registry.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer reg.Close()
			for i, b := range delivered {
				if b == nil {
					continue
				}
				v, err := reg.Verify(context.Background(), b)
				if err != nil || v.Status != registry.Issued || v.Document.Customer != fmt.Sprintf("API Customer %02d", i) {
					t.Errorf("request %d: %+v, %v", i, v, err)
				}
			}
			list, _, err := reg.List(context.Background(), registry.Filter{Customer: "api customer", Limit: 100})
			if err != nil || len(list) != requests {
				t.Errorf("%d API documents listed, want %d (%v)", len(list), requests, err)
			}
		})
	}
}

// failingRegistry makes an SQLite registry that opens for writing but
// fails to record, as one whose disk fills or whose page is corrupt does
// after it was opened: a trigger refuses every issuance.
func failingRegistry(t *testing.T) string {
	t.Helper()
	loc := filepath.Join(t.TempDir(), "registry.db")
	reg, err := registry.Open(context.Background(), loc, registry.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg.Close()
	db, err := sql.Open("sqlite", loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER fail BEFORE INSERT ON issuances BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END`); err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestRenderRecordsBeforeWriting: when recording fails after the
// registry was opened, render exits with the error and writes no file
// (nor a temporary one) and nothing to standard output: a document
// appears only once recorded.
func TestRenderRecordsBeforeWriting(t *testing.T) {
	loc := failingRegistry(t)
	getenv := func(k string) string {
		if k == registryEnv {
			return loc
		}
		return ""
	}
	for _, output := range []string{"out.pdf", "-"} {
		t.Run(output, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"render", "--variant", "opsium", "--format", "pdf", "--record", "-o", output}
			if output != "-" {
				args[len(args)-1] = filepath.Join(dir, output)
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
			var nr *notRecordedError
			var re *registry.Error
			if !errors.As(err, &nr) || !errors.As(err, &re) {
				t.Fatalf("render: %T %v, want a *notRecordedError wrapping a *registry.Error", err, err)
			}
			if !strings.Contains(err.Error(), "disk is full (test)") || !strings.Contains(err.Error(), "nothing written to") {
				t.Errorf("message: %v", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("files left: %v", entries)
			}
			if stdout.Len() > 0 {
				t.Errorf("%d bytes on standard output", stdout.Len())
			}
		})
	}
	// The registry is unchanged: nothing was recorded either.
	reg, err := registry.Open(context.Background(), loc, registry.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if list, _, err := reg.List(context.Background(), registry.Filter{}); err != nil || len(list) != 0 {
		t.Errorf("recorded %d documents, %v", len(list), err)
	}
}
