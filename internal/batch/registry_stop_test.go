package batch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/rows"
)

// flakyRegistry records rows until it is down, then fails every group.
type flakyRegistry struct {
	mu       sync.Mutex
	okGroups int          // groups recorded before it goes down; -1 never
	recorded map[int]bool // rows recorded, by row
	attempts int          // rows it was asked to record while down
	groups   int
}

var errDown = errors.New("connection refused")

func (f *flakyRegistry) Record(ctx context.Context, res *generate.Result) error {
	return f.RecordAll(ctx, []*generate.Result{res})
}

func (f *flakyRegistry) RecordAll(_ context.Context, results []*generate.Result) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups++
	if f.okGroups >= 0 && f.groups > f.okGroups {
		f.attempts += len(results)
		return errDown
	}
	for _, r := range results {
		if f.recorded[r.Origin.Row] {
			return fmt.Errorf("row %d recorded twice", r.Origin.Row)
		}
		f.recorded[r.Origin.Row] = true
	}
	return nil
}

// TestRegistryDownStopsRows: when a group of rows cannot be recorded, the
// run takes no more rows (it does not render the hundreds left, each to
// fail), returns a RegistryError, and the same run later, with the
// registry back, renders the rest: every row recorded once.
func TestRegistryDownStopsRows(t *testing.T) {
	const total = 400
	var data strings.Builder
	data.WriteString("customer.name,last_updated\n")
	for i := 1; i <= total; i++ {
		fmt.Fprintf(&data, "Customer %04d,2026-01-01\n", i)
	}
	p := prepare(t)
	out := t.TempDir()
	reg := &flakyRegistry{okGroups: 1, recorded: map[int]bool{}}
	withRegistry := func(c *batch.Config) {
		markdownOnly(c)
		c.Generate = &generate.Generator{Recorder: reg}
	}
	sum, err := run(t, p, rows.CSV, data.String(), out, withRegistry)
	var re *batch.RegistryError
	if !errors.As(err, &re) || !errors.Is(err, errDown) || !strings.HasPrefix(err.Error(), "registry unavailable: ") {
		t.Fatalf("run: %v, want a RegistryError", err)
	}
	docs, _ := filepath.Glob(filepath.Join(out, "*.md"))
	// What may be under way when the registry fails: a group being
	// recorded (64 rows), the queues (6 per job) and the rows in the
	// workers' hands.
	const bound = 64 + 64 + 8*2
	if len(docs) > len(reg.recorded)+bound || sum.Done >= total {
		t.Errorf("%d documents written, %d recorded, %d rows handled: the run went on after the registry failed", len(docs), len(reg.recorded), sum.Done)
	}
	if re.Done != sum.Done || re.Row <= 0 || sum.Written != len(reg.recorded) {
		t.Errorf("error %+v, summary %+v, %d recorded", re, sum, len(reg.recorded))
	}
	for _, r := range readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl")) {
		if (r.Status == batch.Written) != reg.recorded[r.Row] {
			t.Errorf("row %d: %s in the manifest, recorded %v", r.Row, r.Status, reg.recorded[r.Row])
		}
	}
	onlyRecorded(t, out, nil)
	failures := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
	if len(failures) == 0 || len(failures) != sum.Failed {
		t.Errorf("%d rows in errors.jsonl, %d failed", len(failures), sum.Failed)
	}
	for _, e := range failures {
		if !strings.Contains(e.Error, "no file written") {
			t.Errorf("row %d: %q does not say no file was written", e.Row, e.Error)
		}
	}

	// The registry is back: the same run renders the rest.
	reg.okGroups = -1
	sum, err = run(t, p, rows.CSV, data.String(), out, withRegistry)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if len(reg.recorded) != total || sum.Written+sum.Skipped != total {
		t.Errorf("after the second run %d rows recorded, summary %+v; want all %d", len(reg.recorded), sum, total)
	}
	onlyRecorded(t, out, nil)
}

// onlyRecorded checks that the documents in out are exactly those of the
// manifest's written and skipped rows, with the content it names, and
// that no temporary file is left; earlier, if not nil, is an earlier
// run's manifest, whose files may also be there, as it wrote them.
func onlyRecorded(t *testing.T, out string, earlier []batch.Record) {
	t.Helper()
	want := map[string]batch.Output{}
	for _, r := range earlier {
		for _, o := range r.Outputs {
			want[o.Path] = o
		}
	}
	for _, r := range readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl")) {
		if r.Status == batch.Failed && len(r.Outputs) > 0 {
			t.Errorf("row %d failed, with outputs %v", r.Row, r.Outputs)
		}
		for _, o := range r.Outputs {
			want[o.Path] = o
		}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if _, ok := atomicfile.Temp(name); ok {
			t.Errorf("temporary file left: %s", name)
			continue
		}
		if ext := filepath.Ext(name); ext != ".md" && ext != ".pdf" || e.IsDir() {
			continue
		}
		o, ok := want[name]
		if !ok {
			t.Errorf("%s is in the folder, but in no manifest as written", name)
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != o.SHA256 {
			t.Errorf("%s is not the file its manifest names", name)
		}
	}
}

// TestRegistryDownKeepsEarlierFiles: a run of changed rows that cannot be
// recorded leaves the files an earlier run wrote and recorded as they
// were (a row's file is replaced only once the row is recorded), and
// nothing of its own.
func TestRegistryDownKeepsEarlierFiles(t *testing.T) {
	const total = 30
	var data, changed strings.Builder
	data.WriteString("customer.name,last_updated\n")
	changed.WriteString("customer.name,last_updated\n")
	for i := 1; i <= total; i++ {
		fmt.Fprintf(&data, "Customer %04d,2026-01-01\n", i)
		fmt.Fprintf(&changed, "Customer %04d,2026-03-01\n", i)
	}
	p := prepare(t)
	out := t.TempDir()
	reg := &flakyRegistry{okGroups: -1, recorded: map[int]bool{}}
	if _, err := run(t, p, rows.CSV, data.String(), out, func(c *batch.Config) {
		markdownOnly(c)
		c.Generate = &generate.Generator{Recorder: reg}
	}); err != nil {
		t.Fatal(err)
	}
	earlier := readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl"))

	down := &flakyRegistry{okGroups: 0, recorded: map[int]bool{}}
	sum, err := run(t, p, rows.CSV, changed.String(), out, func(c *batch.Config) {
		markdownOnly(c)
		c.Generate = &generate.Generator{Recorder: down}
	})
	var re *batch.RegistryError
	if !errors.As(err, &re) || sum.Written != 0 || sum.Failed == 0 {
		t.Fatalf("forced run with the registry down: %v, summary %+v", err, sum)
	}
	onlyRecorded(t, out, earlier)
	docs, _ := filepath.Glob(filepath.Join(out, "*.md"))
	if len(docs) != total {
		t.Errorf("%d documents in the folder, want the earlier run's %d", len(docs), total)
	}
}

// blockingRegistry records every row and, while recording, puts a folder
// where one row's file is to go, so that the file cannot then be put in
// place.
type blockingRegistry struct {
	out, name string
	ids       map[int]string
}

func (b *blockingRegistry) Record(ctx context.Context, res *generate.Result) error {
	return b.RecordAll(ctx, []*generate.Result{res})
}

func (b *blockingRegistry) RecordAll(_ context.Context, results []*generate.Result) error {
	for _, r := range results {
		b.ids[r.Origin.Row] = r.ID
	}
	dir := filepath.Join(b.out, b.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "keep"), nil, 0o644)
}

// TestRecordedNotPlaced: a row recorded whose file cannot then be put in
// place fails, naming the document recorded; the other rows are written.
func TestRecordedNotPlaced(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	reg := &blockingRegistry{out: out, name: "Customer 0002.md", ids: map[int]string{}}
	data := "customer.name,last_updated\nCustomer 0001,2026-01-01\nCustomer 0002,2026-01-01\nCustomer 0003,2026-01-01\n"
	sum, err := run(t, p, rows.CSV, data, out, func(c *batch.Config) {
		markdownOnly(c)
		c.Generate = &generate.Generator{Recorder: reg}
	})
	if !errors.Is(err, batch.ErrRowsFailed) || sum.Written != 2 || sum.Failed != 1 {
		t.Fatalf("run: %v, summary %+v; want row 2 failed", err, sum)
	}
	failures := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
	if len(failures) != 1 || failures[0].Row != 2 || reg.ids[2] == "" ||
		!strings.HasPrefix(failures[0].Error, "recorded as "+reg.ids[2]+", but its files could not be put in the folder: ") {
		t.Errorf("errors.jsonl %+v; want row 2 recorded as %s but not put in place", failures, reg.ids[2])
	}
	onlyRecorded(t, out, nil)
}
