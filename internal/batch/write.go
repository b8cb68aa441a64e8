package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/clausemark/clausemark/internal/generate"
)

// writer puts the rows' records in the manifests in row order, with a
// failed row's (or a warned row's) in the errors files, and counts them.
// With a recorder, it first records the rows written, a group at a time,
// then puts their files in place.
type writer struct {
	ctx      context.Context
	cfg      *Config
	recorder generate.Recorder
	files    *runFiles
	sum      *Summary
	start    time.Time
	// registryFailed is told when a group cannot be recorded; the rows
	// still under way are then failed without trying again (down).
	registryFailed func(*RegistryError)
	down           bool
	err            error // the first error writing
}

func (r *run) newWriter(ctx context.Context, registryFailed func(*RegistryError)) *writer {
	return &writer{ctx: ctx, cfg: &r.cfg, recorder: r.recorder, files: r.files, sum: &r.sum, start: r.start, registryFailed: registryFailed}
}

// run writes the results, in row order, until there are none. Rows of
// this shard come in the order the reader saw them; the reader numbers
// every row, so the next row of the shard is known. With a recorder, the
// rows ready in order are held back until a group of maxGroup is ready
// or the first has waited groupWait, so that one transaction records
// many. A kill then loses at most one group's manifest lines (and their
// records with them): the next run makes those rows again.
func (w *writer) run(results <-chan Record) error {
	pending := map[int]Record{}
	next := w.cfg.Shard + 1
	var ready []Record
	var wait <-chan time.Time
	send := func() {
		w.flush(ready)
		ready, wait = nil, nil
	}
loop:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break loop
			}
			pending[r.Row] = r
			for p, ok := pending[next]; ok; p, ok = pending[next] {
				delete(pending, next)
				ready = append(ready, p)
				next += w.cfg.Shards
			}
			switch {
			case w.recorder == nil || len(ready) >= maxGroup:
				send()
			case len(ready) > 0 && wait == nil:
				wait = time.After(groupWait)
			}
		case <-wait:
			send()
		}
	}
	send()
	// Whatever is left (after an interruption) is written in row order too.
	w.flush(inRowOrder(pending))
	return w.err
}

// inRowOrder lists records by row.
func inRowOrder(m map[int]Record) []Record {
	rows := make([]int, 0, len(m))
	for n := range m {
		rows = append(rows, n)
	}
	sort.Ints(rows)
	var out []Record
	for _, n := range rows {
		out = append(out, m[n])
	}
	return out
}

// flush records the written rows of ready, puts their files in place, and
// writes every row's records.
func (w *writer) flush(ready []Record) {
	if w.recorder != nil {
		w.record(ready)
	}
	for i := range ready {
		if ready[i].Status == Written {
			place(&ready[i], w.recorder != nil)
		}
		discard(&ready[i]) // none left; a failed row's, if any
		w.emit(ready[i])
	}
}

// record records the written rows of ready as one group. Once a group
// has failed, the rows after it are failed without trying.
func (w *writer) record(ready []Record) {
	if w.down {
		var rows []int
		for i, r := range ready {
			if r.Status == Written {
				rows = append(rows, i)
			}
		}
		failAll(ready, rows, &NotRecordedError{Err: errNotRecorded})
		return
	}
	first := 0 // the group's first row to record
	for _, r := range ready {
		if r.Status == Written {
			first = r.Row
			break
		}
	}
	if err := recordAll(w.ctx, w.recorder, ready); err != nil {
		w.down = true
		w.registryFailed(&RegistryError{Row: first, Err: err})
	}
}

// fail keeps the first error writing.
func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// emit writes a row's manifest lines, counts it, and reports progress.
func (w *writer) emit(r Record) {
	if w.files.mf != nil {
		line, err := json.Marshal(r)
		if err == nil {
			_, err = w.files.mf.Write(append(line, '\n'))
		}
		if err != nil {
			w.fail(fmt.Errorf("write manifest: %w", err))
		}
		if err := w.files.tables.manifest.Write(r.csvRow()); err != nil {
			w.fail(fmt.Errorf("write manifest.csv: %w", err))
		}
	}
	w.count(r)
	w.sum.Elapsed = time.Since(w.start)
	if w.cfg.Reporter != nil {
		w.cfg.Reporter.Update(*w.sum)
	}
}

// count counts a row by its status; a failed row, and a row written with
// the check's warnings, also go to the errors files.
func (w *writer) count(r Record) {
	w.sum.Done++
	switch r.Status {
	case Written, Checked:
		if r.Status == Written {
			w.sum.Written++
		} else {
			w.sum.Checked++
		}
		if len(r.check) == 0 {
			return
		}
		w.sum.Warned++
		e := ErrorRecord{Row: r.Row, Line: r.Line, SheetRow: r.pos.Row, Customer: r.Customer, Warning: true, Check: r.check,
			Error: "written, but the check found: " + problemList(r.check)}
		if r.Status == Checked {
			e.Error = "would be written, but the check finds: " + problemList(r.check)
		}
		w.writeError(e)
		if w.cfg.OnCheckWarning != nil {
			w.cfg.OnCheckWarning(fmt.Errorf("%s: %s", where(r.Row, r.pos), e.Error))
		}
	case Skipped:
		w.sum.Skipped++
	case Failed:
		w.sum.Failed++
		w.writeError(ErrorRecord{Row: r.Row, Line: r.Line, SheetRow: r.pos.Row, Column: r.pos.Col, Header: r.pos.Header,
			Customer: r.Customer, Variable: r.variable, Error: r.Error, Check: r.check})
		if w.cfg.OnError != nil {
			if r.located {
				w.cfg.OnError(errors.New(r.Error)) // the message names its place, as the spreadsheet shows it
			} else {
				w.cfg.OnError(fmt.Errorf("%s: %s", where(r.Row, r.pos), r.Error))
			}
		}
	}
}

// writeError writes a record to both errors files.
func (w *writer) writeError(e ErrorRecord) {
	w.files.errorsWritten++
	for _, row := range e.csvRows() {
		if err := w.files.tables.errors.Write(row); err != nil {
			w.fail(fmt.Errorf("write errors.csv: %w", err))
		}
	}
	if line, err := json.Marshal(e); err == nil {
		if _, err := w.files.ef.Write(append(line, '\n')); err != nil {
			w.fail(fmt.Errorf("write errors file: %w", err))
		}
	}
}

// A group of rows recorded in one transaction: at most maxGroup rows, the
// first waiting at most groupWait.
const (
	maxGroup  = 64
	groupWait = 250 * time.Millisecond
)

// recordAll records the written rows of ready, in one call when the
// recorder takes several at once. A row it fails to record is failed.
func recordAll(ctx context.Context, recorder generate.Recorder, ready []Record) error {
	var results []*generate.Result
	var rows []int
	for i, r := range ready {
		if r.Status == Written && r.res != nil {
			results = append(results, r.res)
			rows = append(rows, i)
		}
	}
	if len(results) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	var err error
	if all, ok := recorder.(interface {
		RecordAll(context.Context, []*generate.Result) error
	}); ok {
		err = all.RecordAll(ctx, results)
	} else {
		for _, res := range results {
			if err = recorder.Record(ctx, res); err != nil {
				break
			}
		}
	}
	if err != nil {
		failAll(ready, rows, &NotRecordedError{Err: fmt.Errorf("record: %w", err)})
	}
	return err
}

// failAll fails the rows of ready at the indexes rows, which were not
// recorded: their files, still temporary, are removed.
func failAll(ready []Record, rows []int, err error) {
	for _, i := range rows {
		discard(&ready[i])
		ready[i] = failed(ready[i], err)
		ready[i].Outputs, ready[i].ID = nil, ""
	}
}

// discard removes the temporary files of a row that is not to be written.
func discard(rec *Record) {
	for _, p := range rec.pending {
		p.Abort()
	}
	rec.pending = nil
}

// place puts a recorded row's files in place. A file that cannot be put
// there fails the row: the registry holds a document the folder lacks.
func place(rec *Record, recorded bool) {
	for i, p := range rec.pending {
		if err := p.Commit(); err != nil {
			for _, q := range rec.pending[i+1:] {
				q.Abort()
			}
			rec.pending = nil
			if recorded {
				err = &NotPlacedError{ID: rec.ID, Err: err}
			}
			*rec = failed(*rec, err)
			rec.Outputs = nil
			return
		}
	}
	rec.pending = nil
}

// NotRecordedError fails a row whose document could not be recorded: its
// files were not written (a row's files appear in the output folder once
// it is recorded), and the next run renders it again.
type NotRecordedError struct {
	Err error // why; errNotRecorded for a row after the registry failed
}

func (e *NotRecordedError) Error() string {
	return fmt.Sprintf("%v: no file written (a row's files are put in the folder once it is recorded); the next run renders it again", e.Err)
}

func (e *NotRecordedError) Unwrap() error { return e.Err }

// NotPlacedError fails a row that was recorded but whose files could not
// then be put in place.
type NotPlacedError struct {
	ID  string // the document recorded
	Err error
}

func (e *NotPlacedError) Error() string {
	return fmt.Sprintf("recorded as %s, but its files could not be put in the folder: %v", e.ID, e.Err)
}

func (e *NotPlacedError) Unwrap() error { return e.Err }

// errNotRecorded is why the rows written after the registry failed are
// not recorded.
var errNotRecorded = errors.New("not recorded: the registry failed for an earlier group of rows")
