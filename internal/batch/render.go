package batch

import (
	"context"
	"errors"
	"path/filepath"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/rows"
)

// work renders the jobs it takes until there are none: a job whose files
// an earlier run wrote, and are still as written, is skipped. Once
// reading has stopped for the registry (readCtx done, ctx not), the jobs
// left are dropped, for the next run.
func (r *run) work(ctx, readCtx context.Context, jobs <-chan job, results chan<- Record) {
	for j := range jobs {
		if readCtx.Err() != nil && ctx.Err() == nil {
			continue // stopped by the registry, not interrupted
		}
		if r.cfg.DryRun {
			results <- r.dryRun(ctx, j)
			continue
		}
		if j.prev != nil && upToDate(*j.prev, j.rec.Hash, j.rec.Name, r.cfg.Out) {
			rec := j.rec
			rec.Status, rec.Outputs, rec.ID = Skipped, j.prev.Outputs, j.prev.ID
			results <- rec
			continue
		}
		results <- r.render(ctx, j)
	}
}

// dryRun assembles a row's document, in no format, and checks it if the
// run asks for it: a row that would fail fails, one that would be
// written is Checked.
func (r *run) dryRun(ctx context.Context, j job) Record {
	rec := j.rec
	res, err := r.cfg.Generate.GenerateResolved(context.WithoutCancel(ctx), j.r, nil, generate.Origin{Source: "batch", Row: rec.Row})
	if err != nil {
		return failed(rec, err)
	}
	if ps := r.check(res, j); len(ps) > 0 {
		rec.check = ps
		if r.cfg.Check == CheckFail {
			rec = failed(rec, &CheckError{Problems: ps})
			rec.check = ps
			return rec
		}
	}
	rec.Status = Checked
	return rec
}

// check checks a row's document, if the run asks for it, and returns
// what it found.
func (r *run) check(res *generate.Result, j job) []CheckProblem {
	if r.cfg.Check == "" {
		return nil
	}
	sum := r.cfg.Checker.Check(res.Document, j.r.Tree)
	if r.cfg.AllowUnchecked {
		sum.AllowUnchecked()
	}
	return checkProblems(sum)
}

// render generates one row in every format and writes its files. A row
// that has started runs to its end, so that an interrupted run records it
// as written rather than failed; cancellation stops the run between rows.
func (r *run) render(ctx context.Context, j job) Record {
	rec := j.rec
	ctx = context.WithoutCancel(ctx)
	origin := generate.Origin{Source: "batch", Run: r.files.run, Row: rec.Row}
	res, err := r.cfg.Generate.GenerateResolved(ctx, j.r, r.cfg.Formats, origin)
	if err != nil {
		return failed(rec, err)
	}
	// The check reads the document just assembled, before any file is
	// written: a row that fails it leaves nothing behind.
	if ps := r.check(res, j); len(ps) > 0 {
		if r.cfg.Check == CheckFail {
			rec = failed(rec, &CheckError{Problems: ps})
			rec.check = ps
			return rec
		}
		rec.check = ps
	}
	rec.ID = res.ID
	// The files wait in temporary files until the writer has recorded the
	// row: a document appears in the folder only once it is recorded, and
	// an earlier run's file of the same name is replaced only then.
	for _, o := range res.Outputs {
		name := rec.Name + o.Format.Extension
		p, err := atomicfile.Prepare(filepath.Join(r.cfg.Out, name), o.Data, r.files.tag)
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

// failed is a row's record once err fails it: the error's text, cut to
// maxErrorLen, and the variable it is about, if it names one.
// An error that names its place in a CSV or a workbook (a
// *rows.CellError) gives the record its cell.
func failed(rec Record, err error) Record {
	var ce *rows.CellError
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
	if errors.As(err, &ce) {
		if ce.Variable != "" {
			rec.variable = ce.Variable
		}
		rec.pos, rec.located = ce.Pos, true
	}
	return rec
}
