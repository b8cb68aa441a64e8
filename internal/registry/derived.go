package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/clausemark/clausemark/internal/generate"
)

// RecordDerived records res as [Registry.Record] does, as a document made
// from document from: a reply to the customer's redline of it. from must
// be recorded, or a *NotFoundError is returned and nothing recorded. A
// document recorded before as derived from another keeps that one.
func (r *Registry) RecordDerived(ctx context.Context, res *generate.Result, from string) error {
	op := "record " + res.ID + " as derived from " + from
	fail := func(err error) error {
		return &Error{Location: r.location, Op: op, Err: r.d.classify(err)}
	}
	if r.readOnly {
		return fail(fmt.Errorf("%w: it was opened read-only", ErrReadOnly))
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var one int
	err = tx.QueryRowContext(ctx, r.d.rebind(`SELECT 1 FROM documents WHERE id = ?`), from).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return &NotFoundError{ID: from}
	}
	if err != nil {
		return fail(err)
	}
	var w written
	if err := r.record(ctx, tx, res, &w); err != nil {
		return fail(err)
	}
	if err := r.fillWordings(ctx, tx, w.fill); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, r.d.rebind(`UPDATE documents SET derived_from = ? WHERE id = ? AND derived_from = ''`), from, res.ID); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	for _, c := range w.comps {
		r.comps.Store(c, true)
	}
	return nil
}

// Replies returns, for each of documents ids that has any, the documents
// recorded as derived from it ([Registry.RecordDerived]), the first issued
// first: a few index reads for a page of the history, however many
// documents there are.
func (r *Registry) Replies(ctx context.Context, ids []string) (map[string][]string, error) {
	out, err := r.replies(ctx, ids)
	if err != nil {
		return nil, &Error{Location: r.location, Op: "replies", Err: r.d.classify(err)}
	}
	return out, nil
}

func (r *Registry) replies(ctx context.Context, ids []string) (map[string][]string, error) {
	// derived_from <> '' lets the partial index on derived_from serve.
	return r.grouped(ctx, ids, func(in string) string {
		return `SELECT derived_from, id FROM documents WHERE derived_from <> '' AND derived_from IN ` + in + ` ORDER BY derived_from, first_issued, id`
	})
}
