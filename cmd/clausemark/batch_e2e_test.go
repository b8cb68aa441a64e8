package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestBatchPipedData feeds 500 rows through a pipe, as --data - and as
// --data /dev/stdin: every row is read once and recorded. Standard input
// needs --data-format, since it has no extension to tell it by.
func TestBatchPipedData(t *testing.T) {
	if testing.Short() {
		t.Skip("a batch of 500 rows")
	}
	bin := clausemarkBin(t)
	var csv strings.Builder
	csv.WriteString("customer.name\n")
	for i := 1; i <= 500; i++ {
		fmt.Fprintf(&csv, "Customer %03d\n", i)
	}
	for _, data := range []string{"-", "/dev/stdin"} {
		t.Run(data, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(bin, "batch", "--variant", "opsium", "--data", data, "--data-format", "csv", "--format", "md", "--out", out)
			cmd.Env = withRegistry(filepath.Join(t.TempDir(), "registry.db"))
			cmd.Stdin = strings.NewReader(csv.String())
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("batch: %v\n%s", err, msg)
			}
			recs := readRecords(t, filepath.Join(out, "manifest.jsonl"))
			if len(recs) != 500 {
				t.Fatalf("manifest has %d records, want 500", len(recs))
			}
			for i, r := range recs {
				if r.Row != i+1 || r.Status != "written" {
					t.Fatalf("record %d: row %d %s", i, r.Row, r.Status)
				}
			}
		})
	}
	t.Run("- without a format", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		cmd := exec.Command(bin, "batch", "--variant", "opsium", "--data", "-", "--format", "md", "--out", out)
		cmd.Stdin = strings.NewReader(csv.String())
		msg, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(msg), "--data-format") {
			t.Fatalf("batch --data - without --data-format: %v, want exit 2 naming --data-format\n%s", err, msg)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("the output folder was made: %v", err)
		}
	})
}

// TestBatchShardsAtOnce starts two shards at the same moment on one folder
// whose rows collide in name ("Acme", "ACME"), beside a user's own
// temporary file: nothing is lost or overwritten, the clash is reported,
// and a second run of a shard that is still running is refused.
func TestBatchShardsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("two shards racing for one folder, 40 PDFs")
	}
	needQPDF(t)
	bin := clausemarkBin(t)
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("customer.name,deletion.days\n")
	for i := 1; i <= 40; i++ {
		name := fmt.Sprintf("Customer %02d", i)
		switch i {
		case 1:
			name = "Acme"
		case 2:
			name = "ACME"
		}
		fmt.Fprintf(&csv, "%s,%d\n", name, i)
	}
	data := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(data, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(out, ".notes.tmp")
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := func(shard string) []string {
		return []string{"batch", "--variant", "ojoo", "--data", data, "--out", out, "--shard", shard, "--jobs", "1", "--quiet"}
	}
	// Both shards, and the refused second run, record into one registry.
	reg := filepath.Join(dir, "registry.db")
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for _, s := range []string{"0/2", "1/2"} {
		wg.Go(func() {
			cmd := exec.Command(bin, args(s)...)
			cmd.Env = withRegistry(reg)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Error(err)
			}
			mu.Lock()
			codes[s] = code
			mu.Unlock()
			if s == "1/2" && !strings.Contains(stderr.String(), `file name "acme-dpa" is already used by row 2 (shard 0/2)`) {
				t.Errorf("shard 1/2 did not report the clash:\n%s", stderr.String())
			}
		})
	}
	// Once shard 0 is under way (its partial manifest exists, so it holds
	// its lock), a second run of shard 0 is refused.
	partial := filepath.Join(out, "manifest.shard-0-of-2.jsonl.partial")
	for range 2000 {
		if _, err := os.Stat(partial); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	second := exec.Command(bin, args("0/2")...)
	second.Env = withRegistry(reg)
	msg, err := second.CombinedOutput()
	wg.Wait()
	if err == nil {
		// Shard 0 finished before the second run started; then the second
		// skipped every row. Either way nothing may be corrupted.
		t.Logf("second run of shard 0 ran after the first: %s", msg)
	} else if !strings.Contains(string(msg), "is writing to this folder with the same shard") {
		t.Errorf("second run of shard 0: %v\n%s", err, msg)
	}
	if codes["0/2"] != 0 || codes["1/2"] != 1 {
		t.Errorf("exit codes %v; want shard 0/2 to succeed and 1/2 to report its failed row", codes)
	}
	written := 0
	for _, s := range []string{"0", "1"} {
		manifest := filepath.Join(out, "manifest.shard-"+s+"-of-2.jsonl")
		run, _ := filepath.Abs(manifest)
		recorded := registryRows(t, reg, run)
		for _, r := range readRecords(t, manifest) {
			if (r.Status == "written" || r.Status == "skipped") && recorded[r.Row] != r.Outputs[0].SHA256 {
				t.Errorf("shard %s row %d: manifest has %s, registry %q", s, r.Row, r.Outputs[0].SHA256, recorded[r.Row])
			}
		}
		for _, r := range readRecords(t, manifest) {
			if r.Status != "written" && r.Status != "skipped" {
				if r.Row != 2 {
					t.Errorf("row %d: %s", r.Row, r.Status)
				}
				continue
			}
			written++
			for _, o := range r.Outputs {
				validPDF(t, filepath.Join(out, o.Path))
			}
		}
	}
	if written != 39 {
		t.Errorf("%d rows have documents, want 39 (all but ACME)", written)
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine" {
		t.Errorf("the user's .notes.tmp was touched: %q %v", b, err)
	}
}

// TestBatchRefusesLinkedSideFiles plants a symbolic link to a file outside
// the output folder at each file a batch writes besides its documents
// (the manifests, errors files, their CSV twins, partial, resume and lock
// files), unsharded and sharded: the batch fails naming the link, and the
// file it points to is left intact.
func TestBatchRefusesLinkedSideFiles(t *testing.T) {
	bin := clausemarkBin(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(data, []byte("customer.name\nGlobex\nInitech\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, shard := range []struct{ flag, suffix string }{{"", ""}, {"1/4", ".shard-1-of-4"}} {
		for _, name := range []string{
			"errors%s.jsonl", "errors%s.csv", "manifest%s.jsonl", "manifest%s.csv",
			"manifest%s.jsonl.partial", "manifest%s.csv.partial", "manifest%s.jsonl.resume", "manifest%s.jsonl.lock",
		} {
			name := fmt.Sprintf(name, shard.suffix)
			t.Run(name, func(t *testing.T) {
				victim := filepath.Join(t.TempDir(), "victim.txt")
				if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				out := filepath.Join(t.TempDir(), "out")
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
				link := filepath.Join(out, name)
				if err := os.Symlink(victim, link); err != nil {
					t.Skip(err)
				}
				args := []string{"batch", "--variant", "opsium", "--data", data, "--format", "md", "--out", out, "--quiet"}
				if shard.flag != "" {
					args = append(args, "--shard", shard.flag)
				}
				cmd := exec.Command(bin, args...)
				cmd.Env = withRegistry(filepath.Join(t.TempDir(), "registry.db"))
				msg, err := cmd.CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() == 0 {
					t.Fatalf("batch: %v, want a failure\n%s", err, msg)
				}
				if !strings.Contains(string(msg), link+" is a symbolic link") {
					t.Errorf("the message does not name %s:\n%s", link, msg)
				}
				if b, err := os.ReadFile(victim); err != nil || string(b) != "precious\n" {
					t.Errorf("the link's target is now %q (%v)", b, err)
				}
				if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("the link was replaced: %v", err)
				}
			})
		}
	}
}

// TestBatchXLSXWideRow: a workbook whose row 4 of 7 has a cell past the
// last column read: that row fails, naming the cell, and rows 5 to 7 are
// written; the counts add up to the sheet's six data rows.
func TestBatchXLSXWideRow(t *testing.T) {
	bin := clausemarkBin(t)
	dir := t.TempDir()
	book := excelize.NewFile()
	defer book.Close()
	rows := [][]any{{"customer.name"}, {"Two"}, {"Three"}, {"Four"}, {"Five"}, {"Six"}, {"Seven"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := book.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := book.SetCellValue("Sheet1", "AMK4", "past the last column"); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "customers.xlsx")
	if err := book.SaveAs(data); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "batch", "--variant", "opsium", "--data", data, "--format", "md", "--out", out)
	cmd.Env = withRegistry(filepath.Join(dir, "registry.db"))
	msg, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("batch: %v, want exit 1\n%s", err, msg)
	}
	for _, want := range []string{"row 4, column AMK: lies past column 1024", "batch: 5 written, 0 skipped, 1 failed"} {
		if !strings.Contains(string(msg), want) {
			t.Errorf("output lacks %q:\n%s", want, msg)
		}
	}
	for _, name := range []string{"five", "six", "seven"} {
		if _, err := os.Stat(filepath.Join(out, name+"-dpa.md")); err != nil {
			t.Error(err)
		}
	}
}
