package registry

import (
	"context"
	"fmt"
)

// Ready reports whether documents can be recorded now, for a server's
// readiness probe. It writes to the registry a change that changes
// nothing, and commits it, so that what stops a record stops it too: a
// read-only file or folder, a full disk, a read-only or unreachable
// database. The error is an *Error, with ErrReadOnly for a registry that
// cannot be written.
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
	if _, err := tx.ExecContext(ctx, `UPDATE schema_migrations SET name = name WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}
