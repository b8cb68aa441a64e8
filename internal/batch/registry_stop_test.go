package batch_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/generate"
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
	const rows = 400
	var data strings.Builder
	data.WriteString("customer.name,last_updated\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&data, "Customer %04d,2026-01-01\n", i)
	}
	p := prepare(t)
	out := t.TempDir()
	reg := &flakyRegistry{okGroups: 1, recorded: map[int]bool{}}
	withRegistry := func(c *batch.Config) {
		markdownOnly(c)
		c.Generate = &generate.Generator{Recorder: reg}
	}
	sum, err := run(t, p, batch.CSV, data.String(), out, withRegistry)
	var re *batch.RegistryError
	if !errors.As(err, &re) || !errors.Is(err, errDown) || !strings.HasPrefix(err.Error(), "registry unavailable: ") {
		t.Fatalf("run: %v, want a RegistryError", err)
	}
	docs, _ := filepath.Glob(filepath.Join(out, "*.md"))
	// What may be under way when the registry fails: a group being
	// recorded (64 rows), the queues (6 per job) and the rows in the
	// workers' hands.
	const bound = 64 + 64 + 8*2
	if len(docs) > len(reg.recorded)+bound || sum.Done >= rows {
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

	// The registry is back: the same run renders the rest.
	reg.okGroups = -1
	sum, err = run(t, p, batch.CSV, data.String(), out, withRegistry)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if len(reg.recorded) != rows || sum.Written+sum.Skipped != rows {
		t.Errorf("after the second run %d rows recorded, summary %+v; want all %d", len(reg.recorded), sum, rows)
	}
}
