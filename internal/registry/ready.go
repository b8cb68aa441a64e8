package registry

import (
	"context"
	"fmt"
)

// readyVersion is the schema_migrations row that Ready writes and removes
// again: no migration has a version below 1.
const readyVersion = -1

// Ready reports whether documents can be recorded now, for a server's
// readiness probe. It inserts a row and deletes it again in one
// transaction, and commits it, so that what stops a record stops it too:
// a read-only or immutable file or folder, a full disk, a read-only or
// unreachable database, a standby server. A write that changes nothing
// (setting a column to its own value) would not do: SQLite compares the
// new row with the old and, when they are the same, writes no page, so
// the commit touches no file. The insert and delete mark the page they
// change, and SQLite writes every marked page to the write-ahead log at
// the commit (TestReadyWrites). The error is an *Error, with ErrReadOnly
// for a registry that cannot be written.
func (r *Registry) Ready(ctx context.Context) error {
	fail := func(err error) error {
		return &Error{Location: r.location, Op: "check it can record", Err: r.d.classify(err)}
	}
	if r.readOnly {
		return fail(fmt.Errorf("%w: it was opened read-only", ErrReadOnly))
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	// Another process's check of the same registry waits here for this
	// one's commit, then inserts the row again.
	if _, err := tx.ExecContext(ctx, r.d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'readiness check', '')`), readyVersion); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, r.d.rebind(`DELETE FROM schema_migrations WHERE version = ?`), readyVersion); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}
