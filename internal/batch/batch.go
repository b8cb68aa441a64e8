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
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/publish"
	"github.com/clausemark/clausemark/internal/vars"
)

// Config describes a batch run.
type Config struct {
	Base     *library.Prepared // the variant, --vars and --set every row starts from
	Data     string            // name of the data, for messages
	Input    io.Reader         // the data
	Count    io.Reader         // a second reader of the data to count rows for progress; nil if none
	Kind     string            // CSV, JSONL or YAML
	Out      string            // output folder
	Formats  []string          // publish.PDF, publish.Markdown
	Name     string            // file name template; empty takes DefaultName
	Jobs     int               // concurrent renders; 0 means the number of CPUs
	Shard    int               // this shard, from 0
	Shards   int               // number of shards; 0 or 1 means all rows
	Force    bool              // render every row, even if up to date
	Publish  publish.Options   // PDF settings
	Reporter Reporter          // progress; nil for none
	OnError  func(error)       // called for each failed row, in row order; nil to ignore
}

// Summary counts a run's rows.
type Summary struct {
	Total   int // rows of this shard in the data, -1 if not counted
	Done    int // rows handled so far
	Written int
	Skipped int
	Failed  int
	Elapsed time.Duration
}

// Reporter shows progress.
type Reporter interface {
	Update(Summary)
	Finish(Summary)
}

// ErrRowsFailed is returned, wrapped, when a run finished but some rows failed.
var ErrRowsFailed = errors.New("some rows failed")

// job is a row ready to render.
type job struct {
	rec Record
	r   *library.Resolved
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
		cfg.Formats = []string{publish.PDF}
	}
	if cfg.Name == "" {
		cfg.Name = DefaultName
	}
	nameTmpl, err := parseName(cfg.Name)
	if err != nil {
		return sum, err
	}
	src, err := newSource(cfg.Kind, cfg.Data, cfg.Input, cfg.Base.Template.Schema)
	if err != nil {
		return sum, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return sum, fmt.Errorf("output folder: %w", err)
	}
	removeStaleTemps(cfg.Out)
	manifestPath, errorsPath := files(cfg.Out, cfg.Shard, cfg.Shards)
	prev, err := loadManifest(manifestPath)
	if err != nil {
		return sum, err
	}
	if cfg.Count != nil {
		if n := countRows(cfg.Kind, cfg.Count); n >= 0 {
			sum.Total = shardCount(n, cfg.Shard, cfg.Shards)
		}
	}
	mf, err := os.Create(manifestPath + ".partial")
	if err != nil {
		return sum, err
	}
	defer mf.Close()
	ef, err := os.Create(errorsPath)
	if err != nil {
		return sum, err
	}
	defer ef.Close()

	tmpl := cfg.Base.Template
	base := Record{Template: tmpl.ID, TemplateVersion: tmpl.Version, LibraryVersion: cfg.Base.Library().Version}

	jobs := make(chan job, cfg.Jobs*2)
	results := make(chan Record, cfg.Jobs*4)
	var wg sync.WaitGroup
	for range cfg.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- render(j, cfg)
			}
		}()
	}

	// The writer puts records in row order; rows finish out of order, but
	// never more than the queues hold apart.
	writerDone := make(chan error, 1)
	go func() {
		writerDone <- write(results, mf, ef, &sum, start, cfg)
	}()

	// File names already used, by a 64-bit hash of the lower-cased name:
	// eight bytes a row, however long the names.
	names := map[uint64]int{}
	read := func() {
		defer close(jobs)
		for {
			if ctx.Err() != nil {
				return
			}
			rw, ok := src.next()
			if !ok {
				return
			}
			if (rw.n-1)%cfg.Shards != cfg.Shard {
				continue
			}
			rec := base
			rec.Row, rec.Line = rw.n, rw.line
			if rw.err != nil {
				results <- failed(rec, rw.err)
				continue
			}
			r, err := cfg.Base.Resolve(rw.set)
			if err != nil {
				results <- failed(rec, err)
				continue
			}
			name, err := fileName(nameTmpl, r.Tree, rw.n)
			if err != nil {
				results <- failed(rec, diag.Errorf(cfg.Data, rw.line, 0, "", "%w", err))
				continue
			}
			key := nameKey(name)
			if first, dup := names[key]; dup {
				results <- failed(rec, diag.Errorf(cfg.Data, rw.line, 0, "", "file name %q is already used by row %d", name, first))
				continue
			}
			names[key] = rw.n
			rec.Name = name
			rec.Hash = hashRow(r, cfg.Formats, cfg.Publish)
			if p, ok := prev[rw.n]; ok && !cfg.Force && upToDate(p, rec.Hash, name, cfg.Out) {
				rec.Status, rec.Outputs = Skipped, p.Outputs
				results <- rec
				continue
			}
			select {
			case jobs <- job{rec: rec, r: r}:
			case <-ctx.Done():
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
	if err := mf.Close(); err != nil {
		return sum, err
	}
	if err := os.Rename(manifestPath+".partial", manifestPath); err != nil {
		return sum, err
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%d of %d rows failed (see %s): %w", sum.Failed, sum.Done, errorsPath, ErrRowsFailed)
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
	return rec
}

// render assembles and typesets one row and writes its files.
func render(j job, cfg Config) Record {
	rec := j.rec
	doc, err := assemble.Assemble(j.r)
	if err != nil {
		return failed(rec, err)
	}
	for _, format := range cfg.Formats {
		// A row that has started runs to its end, so that an interrupted
		// run records it as written rather than failed; cancellation stops
		// the run between rows.
		data, err := publish.Bytes(context.Background(), doc, format, cfg.Publish)
		if err != nil {
			return failed(rec, fmt.Errorf("%s: %w", format, err))
		}
		name := rec.Name + "." + format
		if err := atomicfile.Write(filepath.Join(cfg.Out, name), data); err != nil {
			return failed(rec, err)
		}
		sum := sha256.Sum256(data)
		rec.Outputs = append(rec.Outputs, Output{Path: name, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data))})
	}
	rec.Status = Written
	return rec
}

// write records results in row order: the manifest line, the errors file
// for a failed row, and progress.
func write(results <-chan Record, mf, ef io.Writer, sum *Summary, start time.Time, cfg Config) error {
	pending := map[int]Record{}
	// Rows of this shard come in the order the reader saw them; the reader
	// numbers every row, so the next row of the shard is known.
	next := cfg.Shard + 1
	var werr error
	emit := func(r Record) {
		line, err := json.Marshal(r)
		if err == nil {
			_, err = mf.Write(append(line, '\n'))
		}
		if err != nil && werr == nil {
			werr = fmt.Errorf("write manifest: %w", err)
		}
		sum.Done++
		switch r.Status {
		case Written:
			sum.Written++
		case Skipped:
			sum.Skipped++
		case Failed:
			sum.Failed++
			e := ErrorRecord{Row: r.Row, Line: r.Line, Error: r.Error}
			e.Variable = firstVariable(r.Error)
			if line, err := json.Marshal(e); err == nil {
				if _, err := ef.Write(append(line, '\n')); err != nil && werr == nil {
					werr = fmt.Errorf("write errors file: %w", err)
				}
			}
			if cfg.OnError != nil {
				cfg.OnError(fmt.Errorf("row %d: %s", r.Row, r.Error))
			}
		}
		sum.Elapsed = time.Since(start)
		if cfg.Reporter != nil {
			cfg.Reporter.Update(*sum)
		}
	}
	for r := range results {
		pending[r.Row] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			emit(p)
			next += cfg.Shards
		}
	}
	// Whatever is left (after an interruption) is written in row order too.
	rows := make([]int, 0, len(pending))
	for n := range pending {
		rows = append(rows, n)
	}
	sort.Ints(rows)
	for _, n := range rows {
		emit(pending[n])
	}
	return werr
}

// firstVariable pulls the variable path out of an error message written by
// diag, for the errors file.
func firstVariable(msg string) string {
	const marker = `variable "`
	i := strings.Index(msg, marker)
	if i < 0 {
		return ""
	}
	rest := msg[i+len(marker):]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}

// hashRow identifies a row's output: its values, the template and library
// versions, the formats and the PDF page size.
func hashRow(r *library.Resolved, formats []string, o publish.Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "template=%s@%s\nlibrary=%s\nformats=%s\npage=%v\n", r.Template.ID, r.Template.Version, r.Library.Version, strings.Join(formats, ","), o.PageSize)
	paths := make([]string, 0, len(r.Values))
	for p := range r.Values {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s=%s\n", p, vars.Canonical(r.Values[p].V))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// removeStaleTemps deletes temporary files that a killed run left behind.
func removeStaleTemps(dir string) {
	matches, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
}

// nameKey hashes a file name without case, for the duplicate check.
func nameKey(name string) uint64 {
	sum := sha256.Sum256([]byte(strings.ToLower(name)))
	return binary.BigEndian.Uint64(sum[:8])
}
