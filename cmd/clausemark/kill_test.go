package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/registry"
)

type manifestRecord struct {
	Row     int    `json:"row"`
	Status  string `json:"status"`
	Outputs []struct {
		Path   string `json:"path"`
		SHA256 string `json:"sha256"`
	} `json:"outputs"`
}

func readRecords(t *testing.T, path string) []manifestRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []manifestRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r manifestRecord
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, r) // a line torn by the kill does not parse and is left out
		}
	}
	return out
}

// needQPDF skips the test where qpdf, which validPDF runs, is missing; CI
// installs it. The PDFs are checked by a reader independent of the code
// that wrote them, and not by a library linked into this test binary, which
// is also the clausemark the tests run: a PDF library's start-up would slow
// every run of it.
func needQPDF(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("qpdf is not installed; .ci/run installs it")
		}
		t.Skip("qpdf not installed")
	}
}

// validPDF checks with qpdf --check that path is a complete, valid PDF.
func validPDF(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Errorf("%s is not a complete, valid PDF: %v\n%s", filepath.Base(path), err, out)
	}
}

// TestBatchKilled kills a batch part way with SIGKILL, runs it again, and
// checks that every output is complete and valid and that the second run
// rendered exactly the rows the first had not recorded.
func TestBatchKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a batch of 60 PDFs and runs it again")
	}
	needQPDF(t)
	bin := clausemarkBin(t)
	dir := t.TempDir()
	const rows = 60
	var csv strings.Builder
	csv.WriteString("customer.name,deletion.days\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&csv, "Customer %03d,%d\n", i, i)
	}
	data := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(data, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	args := []string{"batch", "--variant", "ojoo", "--data", data, "--out", out, "--jobs", "1", "--quiet"}

	reg := filepath.Join(dir, "registry.db")
	first := exec.Command(bin, args...)
	first.Env = withRegistry(reg)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(out, "manifest.jsonl.partial")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if recs, err := os.ReadFile(partial); err == nil && bytes.Count(recs, []byte("\n")) >= 10 {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatal("the batch wrote no progress in 60 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()

	done := map[int]bool{}
	for _, r := range readRecords(t, partial) {
		if r.Status == "written" {
			done[r.Row] = true
		}
	}
	if len(done) == 0 || len(done) == rows {
		t.Fatalf("killed run recorded %d of %d rows; want part of the batch", len(done), rows)
	}
	// Whatever the killed run left is either absent or complete.
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	for _, p := range pdfs {
		validPDF(t, p)
	}
	// The registry holds every row the manifest does, with the same bytes,
	// and no row whose file is not on disk as recorded.
	run, _ := filepath.Abs(filepath.Join(out, "manifest.jsonl"))
	recorded := registryRows(t, reg, run)
	for _, r := range readRecords(t, partial) {
		if r.Status == "written" && recorded[r.Row] != r.Outputs[0].SHA256 {
			t.Errorf("row %d: manifest has %s, registry %q", r.Row, r.Outputs[0].SHA256, recorded[r.Row])
		}
	}
	// A batch records a group of rows, then puts their files in place: a
	// kill between the two leaves rows recorded whose files are not there
	// yet. Those are not written in the manifest, so the second run writes
	// them (and checks them below). A file that is there is the one
	// recorded, and a row the manifest calls written has its file.
	for row, sum := range recorded {
		name := filepath.Join(out, fmt.Sprintf("customer-%03d-dpa.pdf", row))
		data, err := os.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !done[row]:
		case err != nil || fmt.Sprintf("%x", sha256.Sum256(data)) != sum:
			t.Errorf("row %d is recorded, but its file %s is not the one recorded (%v)", row, name, err)
		}
	}

	second := exec.Command(bin, args...)
	second.Env = withRegistry(reg)
	if msg, err := second.CombinedOutput(); err != nil {
		t.Fatalf("second run: %v\n%s", err, msg)
	}
	recs := readRecords(t, filepath.Join(out, "manifest.jsonl"))
	if len(recs) != rows {
		t.Fatalf("manifest has %d records, want %d", len(recs), rows)
	}
	for _, r := range recs {
		want := "written"
		if done[r.Row] {
			want = "skipped"
		}
		if r.Status != want {
			t.Errorf("row %d: %s in the second run, want %s", r.Row, r.Status, want)
		}
		for _, o := range r.Outputs {
			validPDF(t, filepath.Join(out, o.Path))
		}
	}
	// After the second run the registry and the manifest agree row for
	// row: no row recorded twice, none missing.
	recorded = registryRows(t, reg, run)
	if len(recorded) != rows {
		t.Errorf("registry holds %d rows of the run, want %d", len(recorded), rows)
	}
	for _, r := range recs {
		if recorded[r.Row] != r.Outputs[0].SHA256 {
			t.Errorf("row %d: manifest has %s, registry %q", r.Row, r.Outputs[0].SHA256, recorded[r.Row])
		}
		// Every recorded row's file is now in place, with the bytes recorded.
		data, err := os.ReadFile(filepath.Join(out, r.Outputs[0].Path))
		if err != nil || fmt.Sprintf("%x", sha256.Sum256(data)) != recorded[r.Row] {
			t.Errorf("row %d: its file is not the one recorded (%v)", r.Row, err)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(out, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("partial manifest left after a complete run: %v", err)
	}
}

// withRegistry is the environment with CLAUSEMARK_REGISTRY set to loc.
func withRegistry(loc string) []string {
	return append(os.Environ(), registryEnv+"="+loc)
}

// registryRows returns the PDF digest the registry holds for each row of
// batch run run, failing if a row was recorded twice.
func registryRows(t *testing.T, loc, run string) map[int]string {
	t.Helper()
	reg, err := registry.Open(context.Background(), loc, registry.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	list, more, err := reg.List(context.Background(), registry.Filter{Limit: registry.MaxLimit})
	if err != nil || more {
		t.Fatalf("list: %v (more: %v)", err, more)
	}
	out := map[int]string{}
	for _, s := range list {
		d, err := reg.Get(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range d.Issuances {
			if is.Run != run {
				continue
			}
			if _, dup := out[is.Row]; dup {
				t.Errorf("row %d recorded twice", is.Row)
			}
			out[is.Row] = is.Outputs[0].SHA256
		}
	}
	return out
}
