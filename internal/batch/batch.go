// Package batch renders one document per row of a spreadsheet: CSV, JSON
// Lines or a YAML list of variables, each row layered over a base request.
//
// [Run] streams the rows: a single reader converts each row, resolves it,
// names its files and decides whether it is already up to date; --jobs
// workers assemble and typeset; a single writer appends the manifest and
// the errors file in row order. Files are written atomically, so a run that
// is killed leaves complete files or none, and the next run with the same
// arguments renders only what is missing. A bad row is recorded and the
// run goes on.
//
// # Sharding
//
// With Shard and Shards set, a run handles only the rows whose number
// modulo Shards is Shard, and writes its own manifest and errors file, so
// machines can share one output folder.
package batch

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// Config describes a batch run.
type Config struct {
	Base  *library.Prepared // the variant, --vars and --set every row starts from
	Data  string            // name of the data, for messages
	Input io.Reader         // the data
	Count io.Reader         // a second reader of the data to count rows for progress; nil if none
	Kind  string            // CSV, JSONL or YAML
	// Delimiter separates a CSV's fields: ',', ';' or '\t'; 0 takes the
	// one the header line uses (see DetectDelimiter).
	Delimiter rune
	Out       string              // output folder
	Formats   []*format.Format    // formats to write; empty means PDF
	Name      string              // file name template; empty takes DefaultName
	Jobs      int                 // concurrent renders; 0 means the number of CPUs
	Shard     int                 // this shard, from 0
	Shards    int                 // number of shards; 0 or 1 means all rows
	Force     bool                // render every row, even if up to date
	Version   string              // the program's version, part of each row's hash
	Generate  *generate.Generator // renders each row; nil renders with default options. Its Recorder is told of each row written (see Run)
	Reporter  Reporter            // progress; nil for none
	OnError   func(error)         // called for each failed row, in row order; nil to ignore
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

// job is a row ready to render; prev, when set, is an earlier record that
// makes rendering unnecessary if the files it names are still as written.
type job struct {
	rec  Record
	r    *library.Resolved
	prev *Record
}

// Run renders every row of the data (of this shard) and returns the counts.
// It returns an error wrapping ErrRowsFailed if any row failed, and the
// context's error if it was interrupted; in both cases the manifest holds
// what was done.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	start := time.Now()
	sum := Summary{Total: -1}
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.NumCPU()
	}
	if cfg.Shards <= 1 {
		cfg.Shard, cfg.Shards = 0, 1
	}
	if cfg.Shard < 0 || cfg.Shard >= cfg.Shards {
		return sum, fmt.Errorf("shard %d/%d: the shard must be from 0 to %d", cfg.Shard, cfg.Shards, cfg.Shards-1)
	}
	if len(cfg.Formats) == 0 {
		cfg.Formats = []*format.Format{format.PDF}
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
	default:
		return sum, fmt.Errorf("check %q: must be %q or %q", cfg.Check, CheckFail, CheckWarn)
	}
	// A row is recorded once its files are safely in temporary files, and
	// by the writer, just before its files are put in place and its
	// manifest line written: the folder and the manifest never hold a row
	// the registry lacks, and a row that cannot be recorded leaves no file.
	// The writer records the rows that are ready together, in one
	// transaction when the recorder can (RecordAll).
	gen := *cfg.Generate
	recorder := gen.Recorder
	gen.Recorder = nil
	cfg.Generate = &gen
	if cfg.Name == "" {
		cfg.Name = DefaultName
	}
	nameTmpl, err := parseName(cfg.Name, cfg.Base.Template.Schema)
	if err != nil {
		return sum, err
	}
	src, err := newSource(cfg.Kind, cfg.Data, cfg.Input, cfg.Base.Template.Schema, cfg.Delimiter)
	if err != nil {
		return sum, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return sum, fmt.Errorf("output folder: %w", err)
	}
	manifestPath, errorsPath := files(cfg.Out, cfg.Shard, cfg.Shards)
	// Batch writes these files, or reads them to resume: none may be a
	// link leading outside the folder, and those written in place no file
	// with another name elsewhere.
	renamed, inPlace := sideFiles(manifestPath, errorsPath)
	for _, f := range renamed {
		if err := checkFile(f, true); err != nil {
			return sum, err
		}
	}
	for _, f := range inPlace {
		if err := checkFile(f, false); err != nil {
			return sum, err
		}
	}
	// One run per shard and folder, and one layout per folder (see
	// checkLayout): the lock covers this shard's manifest, errors file and
	// temporary files.
	unlock, err := lockRun(cfg.Out, manifestPath, cfg.Shards)
	if err != nil {
		return sum, err
	}
	defer unlock()
	tag := fmt.Sprintf("batch-%d-of-%d", cfg.Shard, cfg.Shards)
	run, err := filepath.Abs(manifestPath)
	if err != nil {
		return sum, err
	}
	if err := removeStaleTemps(cfg.Out, tag); err != nil {
		return sum, err
	}
	prev, err := openPrevious(manifestPath)
	if err != nil {
		return sum, err
	}
	defer prev.close()
	if cfg.Count != nil {
		if n := countRows(cfg.Kind, cfg.Count, cfg.Delimiter); n >= 0 {
			sum.Total = shardCount(n, cfg.Shard, cfg.Shards)
		}
	}
	mf, err := createFile(manifestPath + ".partial")
	if err != nil {
		return sum, err
	}
	defer mf.Close()
	ef, err := createFile(errorsPath)
	if err != nil {
		return sum, err
	}
	defer ef.Close()
	mcf, err := createFile(csvName(manifestPath) + ".partial")
	if err != nil {
		return sum, err
	}
	defer mcf.Close()
	ecf, err := createFile(csvName(errorsPath))
	if err != nil {
		return sum, err
	}
	defer ecf.Close()
	tables := &csvFiles{manifest: csv.NewWriter(mcf), errors: csv.NewWriter(ecf)}
	tables.manifest.Write(manifestColumns)
	tables.errors.Write(errorColumns)

	tmpl := cfg.Base.Template
	base := Record{Template: tmpl.ID, TemplateVersion: tmpl.Version, LibraryVersion: cfg.Base.Library().Version}

	jobs := make(chan job, cfg.Jobs*2)
	results := make(chan Record, cfg.Jobs*4)
	// Once the registry fails, the reader takes no more rows and the
	// workers drop the rows queued but not started: they are left for the
	// next run, as if never read.
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	var regErr *RegistryError
	var wg sync.WaitGroup
	for range cfg.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if readCtx.Err() != nil && ctx.Err() == nil {
					continue // stopped by the registry, not interrupted
				}
				if j.prev != nil && upToDate(*j.prev, j.rec.Hash, j.rec.Name, cfg.Out) {
					rec := j.rec
					rec.Status, rec.Outputs, rec.ID = Skipped, j.prev.Outputs, j.prev.ID
					results <- rec
					continue
				}
				results <- render(ctx, j, cfg, tag, generate.Origin{Source: "batch", Run: run, Row: j.rec.Row})
			}
		}()
	}

	// The writer puts records in row order; rows finish out of order, but
	// never more than the queues hold apart.
	writerDone := make(chan error, 1)
	go func() {
		writerDone <- write(ctx, results, mf, ef, tables, &sum, start, cfg, recorder, func(e *RegistryError) {
			regErr = e
			stopReading()
		})
	}()

	// File names already used, by a 64-bit hash of the lower-cased name,
	// with the row that took each. Every shard names every row, its own
	// and the others', so all shards agree on which row keeps a name that
	// two rows would take, whatever their timing: the first in the data.
	names := map[uint64]int{}
	customerPath, _ := cfg.Base.Template.Schema.RolePath(vars.Role("customer-name"))
	read := func() {
		defer close(jobs)
		for {
			if readCtx.Err() != nil {
				return
			}
			rw, ok := src.next()
			if !ok {
				return
			}
			mine := (rw.n-1)%cfg.Shards == cfg.Shard
			if !mine && cfg.Shards == 1 {
				continue
			}
			rec := base
			rec.Row, rec.Line = rw.n, rw.line
			if customerPath != "" {
				rec.Customer = plainText(rw.set[customerPath].V)
			}
			if rw.err != nil {
				if mine {
					results <- failed(rec, rw.err)
				}
				continue
			}
			r, err := cfg.Base.Resolve(rw.set)
			if err != nil {
				if mine {
					results <- failed(rec, err)
				}
				continue
			}
			if len(r.Warnings) > 0 {
				if cfg.Strict {
					if mine {
						results <- failed(rec, fmt.Errorf("%s (--strict makes warnings errors)", strings.Join(r.Warnings, "; ")))
					}
					continue
				}
				if mine && cfg.OnWarning != nil {
					cfg.OnWarning(fmt.Errorf("row %d: %s", rw.n, strings.Join(r.Warnings, "; ")))
				}
			}
			if rec.Customer == "" && customerPath != "" {
				rec.Customer = plainText(r.Tree.Get(customerPath))
			}
			name, err := fileName(nameTmpl, r.Tree, rw.n)
			if err != nil {
				if mine {
					results <- failed(rec, diag.Errorf(cfg.Data, rw.line, 0, "", "%w", err))
				}
				continue
			}
			key := nameKey(name)
			first, dup := names[key]
			if !dup {
				names[key] = rw.n
			}
			if !mine {
				continue
			}
			if dup {
				results <- failed(rec, &NameError{File: cfg.Data, Line: rw.line, Name: name, Row: first, Shard: (first - 1) % cfg.Shards, Shards: cfg.Shards})
				continue
			}
			rec.Name = name
			rec.Hash = hashRow(r, cfg.Formats, cfg.Generate.Options, cfg.Version, checkHash(cfg))
			j := job{rec: rec, r: r}
			if p, ok := prev.lookup(rw.n); ok && !cfg.Force {
				j.prev = &p
			}
			select {
			case jobs <- j:
			case <-readCtx.Done():
				return
			}
		}
	}
	read()
	wg.Wait()
	close(results)
	if err := <-writerDone; err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	if cfg.Reporter != nil {
		cfg.Reporter.Finish(sum)
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("interrupted after %d rows; run the same command again to finish: %w", sum.Done, err)
	}
	if err := prev.err(); err != nil {
		return sum, err
	}
	if err := mf.Close(); err != nil {
		return sum, err
	}
	for _, w := range []*csv.Writer{tables.manifest, tables.errors} {
		if w.Flush(); w.Error() != nil {
			return sum, w.Error()
		}
	}
	if err := mcf.Close(); err != nil {
		return sum, err
	}
	if err := os.Rename(manifestPath+".partial", manifestPath); err != nil {
		return sum, err
	}
	if err := os.Rename(csvName(manifestPath)+".partial", csvName(manifestPath)); err != nil {
		return sum, err
	}
	prev.close()
	if err := os.Remove(manifestPath + ".resume"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return sum, err
	}
	if regErr != nil {
		regErr.Done = sum.Done
		return sum, regErr
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%d of %d rows failed (see %s or %s): %w", sum.Failed, sum.Done, errorsPath, filepath.Base(csvName(errorsPath)), ErrRowsFailed)
	}
	return sum, nil
}

// shardCount is the number of rows 1..n whose (row-1) % shards == shard.
func shardCount(n, shard, shards int) int {
	if n <= shard {
		return 0
	}
	return (n-shard-1)/shards + 1
}

func failed(rec Record, err error) Record {
	rec.Status = Failed
	rec.Error = err.Error()
	rec.check = nil // a check's warnings; a check's failure sets its own
	if len(rec.Error) > maxErrorLen {
		cut := maxErrorLen
		for cut > 0 && !utf8.RuneStart(rec.Error[cut]) {
			cut--
		}
		rec.Error = rec.Error[:cut] + "…"
	}
	var de *diag.Error
	if errors.As(err, &de) {
		rec.variable = de.Variable
	}
	return rec
}

// render generates one row in every format and writes its files. A row
// that has started runs to its end, so that an interrupted run records it
// as written rather than failed; cancellation stops the run between rows.
func render(ctx context.Context, j job, cfg Config, tag string, origin generate.Origin) Record {
	rec := j.rec
	ctx = context.WithoutCancel(ctx)
	res, err := cfg.Generate.GenerateResolved(ctx, j.r, cfg.Formats, origin)
	if err != nil {
		return failed(rec, err)
	}
	// The check reads the document just assembled, before any file is
	// written: a row that fails it leaves nothing behind.
	if cfg.Check != "" {
		sum := cfg.Checker.Check(res.Document, j.r.Tree)
		if cfg.AllowUnchecked {
			sum.AllowUnchecked()
		}
		if ps := checkProblems(sum); len(ps) > 0 {
			if cfg.Check == CheckFail {
				rec = failed(rec, &CheckError{Problems: ps})
				rec.check = ps
				return rec
			}
			rec.check = ps
		}
	}
	rec.ID = res.ID
	// The files wait in temporary files until the writer has recorded the
	// row: a document appears in the folder only once it is recorded, and
	// an earlier run's file of the same name is replaced only then.
	for _, o := range res.Outputs {
		name := rec.Name + o.Format.Extension
		p, err := atomicfile.Prepare(filepath.Join(cfg.Out, name), o.Data, tag)
		if err != nil {
			discard(&rec)
			return failed(rec, err)
		}
		rec.pending = append(rec.pending, p)
		rec.Outputs = append(rec.Outputs, Output{Path: name, SHA256: o.SHA256, Bytes: int64(len(o.Data))})
	}
	// The bytes are on disk; the writer records the rest.
	for i := range res.Outputs {
		res.Outputs[i].Data = nil
	}
	rec.res = res
	rec.Status = Written
	return rec
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

// write records results in row order: the manifest line, the errors file
// for a failed row, and progress.
// plainText is a text value as plain text, or "" for none.
func plainText(x any) string {
	if x == nil {
		return ""
	}
	s, _ := vars.Plain(x).(string)
	return s
}

// csvFiles are the CSV twins of the manifest and the errors file.
type csvFiles struct{ manifest, errors *csv.Writer }

func write(ctx context.Context, results <-chan Record, mf, ef io.Writer, tables *csvFiles, sum *Summary, start time.Time, cfg Config, recorder generate.Recorder, registryFailed func(*RegistryError)) error {
	pending := map[int]Record{}
	// Rows of this shard come in the order the reader saw them; the reader
	// numbers every row, so the next row of the shard is known.
	next := cfg.Shard + 1
	var werr error
	writeError := func(e ErrorRecord) {
		for _, row := range e.csvRows() {
			if err := tables.errors.Write(row); err != nil && werr == nil {
				werr = fmt.Errorf("write errors.csv: %w", err)
			}
		}
		if line, err := json.Marshal(e); err == nil {
			if _, err := ef.Write(append(line, '\n')); err != nil && werr == nil {
				werr = fmt.Errorf("write errors file: %w", err)
			}
		}
	}
	emit := func(r Record) {
		line, err := json.Marshal(r)
		if err == nil {
			_, err = mf.Write(append(line, '\n'))
		}
		if err != nil && werr == nil {
			werr = fmt.Errorf("write manifest: %w", err)
		}
		if err := tables.manifest.Write(r.csvRow()); err != nil && werr == nil {
			werr = fmt.Errorf("write manifest.csv: %w", err)
		}
		sum.Done++
		switch r.Status {
		case Written:
			sum.Written++
			if len(r.check) > 0 {
				sum.Warned++
				e := ErrorRecord{Row: r.Row, Line: r.Line, Customer: r.Customer, Warning: true, Check: r.check,
					Error: "written, but the check found: " + problemList(r.check)}
				writeError(e)
				if cfg.OnCheckWarning != nil {
					cfg.OnCheckWarning(fmt.Errorf("row %d: %s", r.Row, e.Error))
				}
			}
		case Skipped:
			sum.Skipped++
		case Failed:
			sum.Failed++
			e := ErrorRecord{Row: r.Row, Line: r.Line, Customer: r.Customer, Error: r.Error, Check: r.check}
			e.Variable = r.variable
			writeError(e)
			if cfg.OnError != nil {
				cfg.OnError(fmt.Errorf("row %d: %s", r.Row, r.Error))
			}
		}
		sum.Elapsed = time.Since(start)
		if cfg.Reporter != nil {
			cfg.Reporter.Update(*sum)
		}
	}
	// After a group fails to record, the rows still under way are failed
	// without trying again: the run is ending.
	down := false
	flush := func(ready []Record) {
		switch {
		case recorder == nil:
		case down:
			var rows []int
			for i, r := range ready {
				if r.Status == Written {
					rows = append(rows, i)
				}
			}
			failAll(ready, rows, &NotRecordedError{Err: errNotRecorded})
		default:
			first := 0 // the group's first row to record
			for _, r := range ready {
				if r.Status == Written {
					first = r.Row
					break
				}
			}
			if err := recordAll(ctx, recorder, ready); err != nil {
				down = true
				registryFailed(&RegistryError{Row: first, Err: err})
			}
		}
		for i := range ready {
			if ready[i].Status == Written {
				place(&ready[i], recorder != nil)
			}
			discard(&ready[i]) // none left; a failed row's, if any
			emit(ready[i])
		}
	}
	// With a recorder, the rows ready in order are held back until a group
	// of maxGroup is ready or the first has waited groupWait, so that one
	// transaction records many. A kill then loses at most one group's
	// manifest lines (and their records with them): the next run makes
	// those rows again.
	var ready []Record
	var wait <-chan time.Time
	send := func() {
		flush(ready)
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
			for {
				p, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				ready = append(ready, p)
				next += cfg.Shards
			}
			switch {
			case recorder == nil || len(ready) >= maxGroup:
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
	rows := make([]int, 0, len(pending))
	for n := range pending {
		rows = append(rows, n)
	}
	sort.Ints(rows)
	var rest []Record
	for _, n := range rows {
		rest = append(rest, pending[n])
	}
	flush(rest)
	return werr
}

// checkHash is the check a run asks for, as hashRow takes it: the mode,
// and whether a row no checklist of processor rules applies to passes.
func checkHash(cfg Config) string {
	if cfg.Check != "" && cfg.AllowUnchecked {
		return cfg.Check + ",allow-unchecked" // only when set, so earlier runs keep their hashes
	}
	return cfg.Check
}

// hashRow identifies a row's output: its values, the template and library
// versions, the formats, the PDF page size, the program's version (a
// new version may typeset differently) and the check asked for (a row
// written unchecked is checked when a run asks for it).
func hashRow(r *library.Resolved, formats []*format.Format, o format.Options, version, checkMode string) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	h := sha256.New()
	fmt.Fprintf(h, "program=%s\ntemplate=%s@%s\nlibrary=%s\nformats=%s\npage=%v\n", version, r.Template.ID, r.Template.Version, r.Library.Version, strings.Join(names, ","), o.PageSize)
	if o.PDFA {
		fmt.Fprintf(h, "archival=%s\n", generate.PDFA2b) // only when set, so plain runs keep their hashes
	}
	if checkMode != "" {
		fmt.Fprintf(h, "check=%s\n", checkMode) // only when set, so unchecked runs keep their hashes
	}
	fmt.Fprintf(h, "values=%s\n", generate.VariablesHash(r.Values))
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// removeStaleTemps deletes the temporary files that a killed run of this
// shard left behind: only files with this shard's tag, which no other
// process writes while the shard's lock is held. Anyone else's files,
// other shards' included, are left alone.
func removeStaleTemps(dir, tag string) error {
	var stale []string
	err := eachEntry(dir, func(e fs.DirEntry) error {
		if t, ok := atomicfile.Temp(e.Name()); ok && t == tag && e.Type().IsRegular() {
			stale = append(stale, e.Name())
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	for _, n := range stale {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove a stale temporary file: %w", err)
		}
	}
	return nil
}

// nameKey hashes a file name without case, for the duplicate check.
func nameKey(name string) uint64 {
	sum := sha256.Sum256([]byte(strings.ToLower(name)))
	return binary.BigEndian.Uint64(sum[:8])
}
