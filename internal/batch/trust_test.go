package batch_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/rows"
)

func markdownOnly(c *batch.Config) { c.Formats = []*format.Format{format.Markdown} }

// TestStaleTempsOnlyOwn: a run removes only the temporary files its own
// shard's killed runs left, never a user's file or another shard's.
func TestStaleTempsOnlyOwn(t *testing.T) {
	out := t.TempDir()
	keep := []string{".notes.tmp", ".report.pdf.12345.tmp", ".x-dpa.md.clausemark-batch-1-of-2.77.tmp", ".y.md.clausemark.88.tmp"}
	gone := ".z-dpa.md.clausemark-batch-0-of-2.99.tmp"
	for _, n := range append(keep, gone) {
		if err := os.WriteFile(filepath.Join(out, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := "customer.name,last_updated\nA,2026-01-01\nB,2026-01-01\n"
	if _, err := run(t, prepare(t), rows.CSV, data, out, func(c *batch.Config) { markdownOnly(c); c.Shard, c.Shards = 0, 2 }); err != nil {
		t.Fatal(err)
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(out, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
		t.Errorf("this shard's stale %s was kept", gone)
	}
}

// TestNamesUniqueAcrossShards runs two shards at once on one folder with
// rows whose names differ only in case: the first row in the data keeps
// the name, the other fails in its shard with a NameError, and the file
// holds the first row's document.
func TestNamesUniqueAcrossShards(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	data := "customer.name,deletion.days,last_updated\nAcme,11,2026-01-01\nACME,22,2026-01-01\nBeta,33,2026-01-01\nacme,44,2026-01-01\n"
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for s := range 2 {
		wg.Go(func() {
			_, errs[s] = run(t, p, rows.CSV, data, out, func(c *batch.Config) {
				markdownOnly(c)
				c.Shard, c.Shards = s, 2
				c.Name = "{{ .customer.name }}"
			})
		})
	}
	wg.Wait()
	if errs[0] != nil {
		t.Errorf("shard 0 (Acme, Beta): %v", errs[0])
	}
	if !errors.Is(errs[1], batch.ErrRowsFailed) {
		t.Errorf("shard 1: %v, want ErrRowsFailed", errs[1])
	}
	var written, failed int
	for s := range 2 {
		for _, r := range readJSONL[batch.Record](t, filepath.Join(out, fmt.Sprintf("manifest.shard-%d-of-2.jsonl", s))) {
			switch r.Status {
			case batch.Written:
				written++
				for _, o := range r.Outputs {
					b, err := os.ReadFile(filepath.Join(out, o.Path))
					if err != nil {
						t.Fatal(err)
					}
					sum := sha256.Sum256(b)
					if hex.EncodeToString(sum[:]) != o.SHA256 {
						t.Errorf("row %d: %s holds another row's document", r.Row, o.Path)
					}
				}
			case batch.Failed:
				failed++
				if r.Row == 1 || r.Row == 3 || !strings.Contains(r.Error, "is already used by row 2 (shard 0/2)") {
					t.Errorf("row %d failed with %q", r.Row, r.Error)
				}
			}
		}
	}
	if written != 2 || failed != 2 {
		t.Errorf("%d written, %d failed; want Acme and Beta written, ACME and acme refused", written, failed)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "Acme.md")); !strings.Contains(string(b), "11") {
		t.Error("Acme.md does not hold row 1")
	}
}

// TestResumeComparesSHA256: an output changed in place (same size) is
// rendered again; so is every row after the program's version changes.
func TestResumeComparesSHA256(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	data := "customer.name,last_updated\nA,2026-01-01\nB,2026-01-01\n"
	v1 := func(c *batch.Config) { markdownOnly(c); c.Version = "v1.0.0" }
	if _, err := run(t, p, rows.CSV, data, out, v1); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "A.md"))
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(filepath.Join(out, "A.md"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := run(t, p, rows.CSV, data, out, v1)
	if err != nil || sum.Written != 1 || sum.Skipped != 1 {
		t.Fatalf("after an edit: %+v, %v; want A written again, B skipped", sum, err)
	}
	sum, err = run(t, p, rows.CSV, data, out, func(c *batch.Config) { markdownOnly(c); c.Version = "v1.0.1" })
	if err != nil || sum.Written != 2 {
		t.Fatalf("after an upgrade: %+v, %v; want both written again", sum, err)
	}
}

// TestEveryRowAccounted: JSON Lines with an overlong record, a line that
// is YAML rather than JSON, and JSON that YAML would misread; and CSV with
// an unclosed quote. Every row ends written, skipped or failed, and the
// counts add up to the rows.
func TestEveryRowAccounted(t *testing.T) {
	long := `{"customer": {"name": "` + strings.Repeat("x", rows.MaxJSONLine) + `"}}`
	tests := []struct {
		name, kind, data string
		written, failed  int
	}{
		{"json lines", rows.JSONL, strings.Join([]string{
			`{"customer": {"name": "A"}, "last_updated": "2026-01-01"}`,
			long,
			`customer: {name: B}`,
			`{"customer": {"name": "C\/D \ud83d\ude00"}, "last_updated": "2026-01-01"}`,
			`{"customer": {"name": "E"}, "customer": {"name": "F"}}`,
			`{"customer": {"name": "G"}, "last_updated": "2026-01-01"}`,
		}, "\n"), 3, 3},
		{"csv unclosed quote", rows.CSV, "customer.name,last_updated\nA,2026-01-01\n\"B,2026-01-01\nC,2026-01-01\n", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			sum, err := run(t, prepare(t), tt.kind, tt.data, out, func(c *batch.Config) {
				markdownOnly(c)
				c.Name = "{{ slug .customer.name }}"
			})
			if !errors.Is(err, batch.ErrRowsFailed) {
				t.Fatalf("error %v, want ErrRowsFailed", err)
			}
			if sum.Written != tt.written || sum.Failed != tt.failed || sum.Done != tt.written+tt.failed {
				t.Errorf("summary %+v, want %d written and %d failed", sum, tt.written, tt.failed)
			}
			recs := readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl"))
			if len(recs) != sum.Done {
				t.Errorf("manifest has %d records for %d rows", len(recs), sum.Done)
			}
			for _, r := range recs {
				if len(r.Error) > 2100 {
					t.Errorf("row %d: %d bytes of error in the manifest", r.Row, len(r.Error))
				}
			}
		})
	}
}

// TestBadManifestLine: a manifest line too long to be a record (from an
// older version or an edit) does not stop later runs, with or without
// --force.
func TestBadManifestLine(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	data := "customer.name,last_updated\nA,2026-01-01\nB,2026-01-01\n"
	if _, err := run(t, p, rows.CSV, data, out, markdownOnly); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(out, "manifest.jsonl")
	b, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	bad := `{"row": 1, "status": "failed", "error": "` + strings.Repeat("e", 5<<20) + "\"}\n"
	if err := os.WriteFile(m, append([]byte(bad), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		sum, err := run(t, p, rows.CSV, data, out, func(c *batch.Config) { markdownOnly(c); c.Force = force })
		if err != nil || sum.Done != 2 {
			t.Fatalf("force=%v: %+v, %v", force, sum, err)
		}
	}
}

// TestResumeAfterInterruptions: records of two interrupted runs and a
// complete one are merged, later runs winning, and the merge file goes
// when a run completes.
func TestResumeAfterInterruptions(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	data := "customer.name,last_updated\nA,2026-01-01\nB,2026-01-01\nC,2026-01-01\n"
	if _, err := run(t, p, rows.CSV, data, out, markdownOnly); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(out, "manifest.jsonl")
	// An interrupted run left a partial manifest with row 1 only; an older
	// one left the resume file.
	recs := readJSONL[batch.Record](t, m)
	line := func(r batch.Record) string {
		return fmt.Sprintf(`{"row":%d,"status":%q,"hash":%q,"name":%q,"outputs":[{"path":%q,"sha256":%q,"bytes":%d}],"template":"dpa-concise","template_version":"x","library_version":"x"}`+"\n",
			r.Row, r.Status, r.Hash, r.Name, r.Outputs[0].Path, r.Outputs[0].SHA256, r.Outputs[0].Bytes)
	}
	if err := os.WriteFile(m+".partial", []byte(line(recs[0])+"{torn"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(m+".resume", []byte(line(recs[1])), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := run(t, p, rows.CSV, data, out, markdownOnly)
	if err != nil || sum.Skipped != 3 {
		t.Fatalf("resume: %+v, %v; want every row skipped", sum, err)
	}
	for _, n := range []string{m + ".partial", m + ".resume"} {
		if _, err := os.Stat(n); !os.IsNotExist(err) {
			t.Errorf("%s left after a complete run", filepath.Base(n))
		}
	}
}
