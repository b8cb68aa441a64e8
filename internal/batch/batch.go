// Package batch renders one document per row of a spreadsheet: CSV, an
// Excel workbook, JSON Lines or a YAML list of variables (read by package
// rows), each row layered over a base request.
//
// [Run] streams the rows: a single reader converts each row, resolves it,
// names its files (package filename) and decides whether it is already up
// to date; --jobs workers assemble and typeset; a single writer appends
// the manifest and the errors file in row order. Files are written
// atomically, so a run that is killed leaves complete files or none, and
// the next run with the same arguments renders only what is missing. A
// bad row is recorded and the run goes on.
//
// # Sharding
//
// With Shard and Shards set, a run handles only the rows whose number
// modulo Shards is Shard, and writes its own manifest and errors file, so
// machines can share one output folder.
package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/filename"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/rows"
	"github.com/clausemark/clausemark/internal/vars"
)

// Config describes a batch run.
type Config struct {
	Base  *library.Prepared // the variant, --vars and --set every row starts from
	Data  string            // name of the data, for messages
	Input io.Reader         // the data
	Count io.Reader         // a second reader of the data to count rows for progress; nil if none
	Kind  string            // rows.CSV, rows.XLSX, rows.JSONL or rows.YAML
	// Date is the run's date of issue, with which Base was prepared
	// (library.Request.Date): the date of every row that gives none. Each
	// record of the manifest carries it, so that a run resuming this one
	// dates its rows alike (see EarlierDate). A row's date column, where
	// the data has one, gives the row's own, and its empty cell fails
	// the row.
	Date vars.Date
	// Delimiter separates a CSV's fields: ',', ';' or '\t'; 0 takes the
	// one the header line uses (see rows.DetectDelimiter).
	Delimiter rune
	// IncludeExample renders the rows a CSV's or a workbook's example
	// column marks (rows.ExampleColumn); without it they are passed over.
	IncludeExample bool
	// DryRun reads, resolves and names every row, and checks each row's
	// document when Check asks for it, but writes no document, records
	// nothing and leaves the manifest as it is: it writes the errors
	// files only.
	DryRun   bool
	Out      string              // output folder
	Formats  []*format.Format    // formats to write; empty means PDF
	Name     string              // file name template; empty takes filename.Default
	Jobs     int                 // concurrent renders; 0 means the number of CPUs
	Shard    int                 // this shard, from 0
	Shards   int                 // number of shards; 0 or 1 means all rows
	Force    bool                // render every row, even if up to date
	Version  string              // the program's version, part of each row's hash
	Generate *generate.Generator // renders each row; nil renders with default options. Its Recorder is told of each row written (see Run)
	Reporter Reporter            // progress; nil for none
	OnError  func(error)         // called for each failed row, in row order; nil to ignore
	// OnWarning is called with each row's warnings (a value the document
	// ignores), as the rows are read; nil to ignore. With Strict, a row
	// with warnings fails instead.
	OnWarning func(error)
	Strict    bool
	// Check, when CheckFail or CheckWarn, checks each row's document as
	// `clausemark check` does, on the document rendered: with CheckFail a
	// document that fails is a failed row (not written, not recorded),
	// with CheckWarn it is written and its problems are listed in the
	// errors file as warnings. "" checks nothing.
	Check   string
	Checker *check.Checker // the checker; nil takes the library's
	// AllowUnchecked lets a row pass the check when no checklist of
	// processor rules applies to its jurisdiction (--allow-unchecked);
	// without it such a row fails the check, its problem "unchecked".
	AllowUnchecked bool
	// OnCheckWarning is called, in row order, for each row written with
	// --check=warn whose document fails the check; nil to ignore.
	OnCheckWarning func(error)
}

// Summary counts a run's rows.
type Summary struct {
	Total   int // rows of this shard in the data, -1 if not counted
	Done    int // rows handled so far
	Written int
	Skipped int
	Failed  int
	Warned  int // rows written whose documents fail the check (CheckWarn)
	Checked int // rows a dry run found without a fault (Config.DryRun)
	Elapsed time.Duration
}

// Reporter shows progress.
type Reporter interface {
	Update(Summary)
	Finish(Summary)
}

// ErrRowsFailed is returned, wrapped, when a run finished but some rows failed.
var ErrRowsFailed = errors.New("some rows failed")

// RegistryError is returned when recording a group of rows failed: the
// registry could not be written (unreachable, full, read-only). The run
// then takes no more rows, the rows already under way finish (those
// written but not recorded are failed), and the manifest holds what was
// done, so that the same command run again renders the rest.
type RegistryError struct {
	Row  int   // the first row of the group that could not be recorded
	Done int   // rows handled, in the manifest
	Err  error // the recorder's error
}

func (e *RegistryError) Error() string {
	return fmt.Sprintf("registry unavailable: %v; recording the rows from row %d failed, so no more rows were taken (%d handled, see the manifest): run the same command again once the registry can be written, to render the rest", e.Err, e.Row, e.Done)
}

func (e *RegistryError) Unwrap() error { return e.Err }

// Run renders every row of the data (of this shard) and returns the counts.
// It returns an error wrapping ErrRowsFailed if any row failed, and the
// context's error if it was interrupted; in both cases the manifest holds
// what was done.
//
// A run takes the steps the README describes: it checks its file name
// template and the data's header, takes the folder's and its shard's
// locks, removes the temporary files its shard's killed runs left, opens
// its manifests and errors files (the earlier ones to resume from), then
// reads the rows one at a time, resolving and naming each and checking
// the names across shards, schedules its shard's rows on the workers, and
// has the writer put their records in the manifests in row order.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	r, err := newRun(cfg)
	if err != nil {
		return Summary{Total: -1}, err
	}
	opts := rows.Options{Delimiter: r.cfg.Delimiter, IncludeExample: r.cfg.IncludeExample}
	if p, ok := r.cfg.Base.Template.Schema.RolePath(vars.RoleDate); ok {
		opts.Given = []string{p} // an empty date cell is no way to take the run's date
	}
	src, err := rows.OpenWith(r.cfg.Kind, r.cfg.Data, r.cfg.Input, r.cfg.Base.Template.Schema, opts)
	if err != nil {
		return r.sum, err
	}
	if r.files, err = openFiles(r.cfg); err != nil {
		return r.sum, err
	}
	defer r.files.close()
	if t, ok := src.(rows.Totaller); ok {
		r.sum.Total = shardCount(t.Total(), r.cfg.Shard, r.cfg.Shards)
	} else if r.cfg.Count != nil {
		if n := rows.Count(r.cfg.Kind, r.cfg.Count, opts); n >= 0 {
			r.sum.Total = shardCount(n, r.cfg.Shard, r.cfg.Shards)
		}
	}
	if err := r.schedule(ctx, src); err != nil {
		return r.sum, err
	}
	return r.finish(ctx)
}

// run is one batch run under way.
type run struct {
	cfg      Config            // with defaults applied
	recorder generate.Recorder // told of the rows written, by the writer
	names    *filename.Template
	customer string // the path of the variable with role customer-name; "" if none
	base     Record // what every row's record starts from
	start    time.Time
	files    *runFiles
	claimed  nameClaims
	sum      Summary        // written by the writer
	regErr   *RegistryError // set by the writer when the registry fails
}

// newRun applies the configuration's defaults, checks it, and parses the
// file name template.
func newRun(cfg Config) (*run, error) {
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.NumCPU()
	}
	if cfg.Shards <= 1 {
		cfg.Shard, cfg.Shards = 0, 1
	}
	if cfg.Shard < 0 || cfg.Shard >= cfg.Shards {
		return nil, fmt.Errorf("shard %d/%d: the shard must be from 0 to %d", cfg.Shard, cfg.Shards, cfg.Shards-1)
	}
	if len(cfg.Formats) == 0 {
		cfg.Formats = []*format.Format{pdf.Format}
	}
	if cfg.Generate == nil {
		cfg.Generate = &generate.Generator{}
	}
	switch cfg.Check {
	case "":
	case CheckFail, CheckWarn:
		if cfg.Checker == nil {
			cfg.Checker = check.NewChecker(cfg.Base.Library())
		}
		if err := cfg.Checker.Err(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("check %q: must be %q or %q", cfg.Check, CheckFail, CheckWarn)
	}
	// A row is recorded once its files are safely in temporary files, and
	// by the writer, just before its files are put in place and its
	// manifest line written: the folder and the manifest never hold a row
	// the registry lacks, and a row that cannot be recorded leaves no file.
	// The writer records the rows that are ready together, in one
	// transaction when the recorder can (RecordAll).
	gen := *cfg.Generate
	r := &run{recorder: gen.Recorder, start: time.Now(), sum: Summary{Total: -1}, claimed: nameClaims{}}
	gen.Recorder = nil
	cfg.Generate = &gen
	if cfg.Name == "" {
		cfg.Name = filename.Default
	}
	schema := cfg.Base.Template.Schema
	names, err := filename.Parse(cfg.Name, schema)
	if err != nil {
		return nil, err
	}
	r.names = names
	r.customer, _ = schema.RolePath(vars.RoleCustomerName)
	tmpl := cfg.Base.Template
	r.base = Record{Template: tmpl.ID, TemplateVersion: tmpl.Version, LibraryVersion: cfg.Base.Library().Version}
	if !cfg.Date.IsZero() {
		r.base.Date = cfg.Date.ISO()
	}
	r.cfg = cfg
	return r, nil
}

// mine reports whether row n is this shard's.
func (r *run) mine(n int) bool { return (n-1)%r.cfg.Shards == r.cfg.Shard }

// schedule reads the rows and renders this shard's: the reader hands them
// to Jobs workers, and the writer records their results in row order. It
// returns once the writer is done, with the writer's error.
func (r *run) schedule(ctx context.Context, src rows.Reader) error {
	jobs := make(chan job, r.cfg.Jobs*2)
	results := make(chan Record, r.cfg.Jobs*4)
	// Once the registry fails, the reader takes no more rows and the
	// workers drop the rows queued but not started: they are left for the
	// next run, as if never read.
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	var wg sync.WaitGroup
	for range r.cfg.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx, readCtx, jobs, results)
		}()
	}
	// The writer puts records in row order; rows finish out of order, but
	// never more than the queues hold apart.
	w := r.newWriter(ctx, func(e *RegistryError) {
		r.regErr = e
		stopReading()
	})
	writerDone := make(chan error, 1)
	go func() { writerDone <- w.run(results) }()
	r.read(readCtx, src, jobs, results)
	wg.Wait()
	close(results)
	return <-writerDone
}

// finish reports the end of the run, and puts the manifests in place
// unless it was interrupted.
func (r *run) finish(ctx context.Context) (Summary, error) {
	r.sum.Elapsed = time.Since(r.start)
	if r.cfg.Reporter != nil {
		r.cfg.Reporter.Finish(r.sum)
	}
	if err := ctx.Err(); err != nil {
		return r.sum, fmt.Errorf("interrupted after %d rows; run the same command again to finish: %w", r.sum.Done, err)
	}
	if err := r.files.commit(); err != nil {
		return r.sum, err
	}
	if r.regErr != nil {
		r.regErr.Done = r.sum.Done
		return r.sum, r.regErr
	}
	if r.sum.Failed > 0 {
		return r.sum, fmt.Errorf("%d of %d rows failed (see %s or %s): %w", r.sum.Failed, r.sum.Done, r.files.errors, filepath.Base(csvName(r.files.errors)), ErrRowsFailed)
	}
	return r.sum, nil
}

// shardCount is the number of rows 1..n whose (row-1) % shards == shard.
func shardCount(n, shard, shards int) int {
	if n <= shard {
		return 0
	}
	return (n-shard-1)/shards + 1
}
