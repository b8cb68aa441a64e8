package batch

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/rows"
	"github.com/clausemark/clausemark/internal/vars"
)

// job is a row ready to render; prev, when set, is an earlier record that
// makes rendering unnecessary if the files it names are still as written.
type job struct {
	rec  Record
	r    *library.Resolved
	prev *Record
}

// read takes the rows one at a time until the data ends or ctx is done.
// It hands this shard's rows to the workers, and those that fail before
// rendering straight to the writer; the other shards' rows it only names.
func (r *run) read(ctx context.Context, src rows.Reader, jobs chan<- job, results chan<- Record) {
	defer close(jobs)
	for ctx.Err() == nil {
		rw, ok := src.Next()
		if !ok {
			return
		}
		j, err := r.take(rw)
		if !r.mine(rw.N) {
			continue
		}
		if err != nil {
			results <- failed(j.rec, err)
			continue
		}
		select {
		case jobs <- j:
		case <-ctx.Done():
			return
		}
	}
}

// take resolves a row and names it; a row of this shard then gets its
// hash and its earlier record, if any. Every shard takes every row, so
// that all claim names alike (see nameClaims). The error is why the row
// fails; the job's record is then the row's as far as it was taken.
func (r *run) take(rw rows.Row) (job, error) {
	j := job{rec: r.base}
	j.rec.Row, j.rec.Line, j.rec.pos = rw.N, rw.Pos.Line, rw.Pos
	if r.customer != "" {
		j.rec.Customer = plainText(rw.Set[r.customer].V)
	}
	if rw.Err != nil {
		return j, rw.Err
	}
	res, err := r.resolve(rw)
	if err != nil {
		return j, rw.Locate(err)
	}
	if j.rec.Customer == "" && r.customer != "" {
		j.rec.Customer = plainText(res.Tree.Get(r.customer))
	}
	name, err := r.names.Execute(res.Tree, rw.N)
	if err != nil {
		return j, rw.Locate(diag.Errorf(r.cfg.Data, rw.Pos.Line, 0, "", "%w", err))
	}
	if first, taken := r.claimed.claim(name, rw.N, rw.Pos.Row); taken {
		ne := &NameError{File: r.cfg.Data, Line: rw.Pos.Line, Name: name, Row: first.n, Shard: (first.n - 1) % r.cfg.Shards, Shards: r.cfg.Shards}
		if rw.Pos.Row > 0 {
			ne.File, ne.Line, ne.Row = "", 0, first.row // the row as the spreadsheet shows it, which Locate names
		}
		return j, rw.Locate(ne)
	}
	if !r.mine(rw.N) {
		return j, nil
	}
	j.rec.Name, j.r = name, res
	j.rec.Hash = hashRow(res, r.cfg.Formats, r.cfg.Generate.Options, r.cfg.Version, checkHash(r.cfg))
	if p, ok := r.files.prev.lookup(rw.N); ok && !r.cfg.Force {
		j.prev = &p
	}
	return j, nil
}

// resolve layers a row's values over the base. Its warnings (values the
// document ignores) fail it with Strict, and are reported otherwise, for
// this shard's rows.
func (r *run) resolve(rw rows.Row) (*library.Resolved, error) {
	res, err := r.cfg.Base.Resolve(rw.Set)
	if err != nil || len(res.Warnings) == 0 {
		return res, err
	}
	if r.cfg.Strict {
		return nil, fmt.Errorf("%s (--strict makes warnings errors)", strings.Join(res.Warnings, "; "))
	}
	if r.mine(rw.N) && r.cfg.OnWarning != nil {
		r.cfg.OnWarning(fmt.Errorf("%s: %s", where(rw.N, rw.Pos), strings.Join(res.Warnings, "; ")))
	}
	return res, nil
}

// where names a row in a message: as the spreadsheet shows it ("row 6",
// the header being row 1), or by its number among the records of data
// that is no table.
func where(n int, pos rows.Pos) string {
	if pos.Row > 0 {
		return "row " + strconv.Itoa(pos.Row)
	}
	return "row " + strconv.Itoa(n)
}

// nameClaims holds the file names rows took, by a 64-bit hash of the
// lower-cased name, with the row that took each. Every shard names every
// row, its own and the others', so all shards agree on which row keeps a
// name that two rows would take, whatever their timing: the first in the
// data.
type nameClaims map[uint64]claim

// claim is the row that took a name: its number, and its row in the
// spreadsheet (0 for data that is no table).
type claim struct{ n, row int }

// claim takes name for row n, shown in the spreadsheet's row row, unless
// an earlier row took it (compared without case, as file systems may):
// first is then that row.
func (c nameClaims) claim(name string, n, row int) (first claim, taken bool) {
	sum := sha256.Sum256([]byte(strings.ToLower(name)))
	key := binary.BigEndian.Uint64(sum[:8])
	if first, taken := c[key]; taken {
		return first, true
	}
	c[key] = claim{n, row}
	return claim{n, row}, false
}

// plainText is a text value as plain text, or "" for none.
func plainText(x any) string {
	if x == nil {
		return ""
	}
	s, _ := vars.Plain(x).(string)
	return s
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
