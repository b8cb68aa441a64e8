package registry

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/clausemark/clausemark/internal/pgtest"
)

// TestReady: a registry open for writing is ready; one opened read-only,
// or whose database is gone, is not, with an *Error naming it.
func TestReady(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "registry.db")
	r, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Ready(ctx); err != nil {
		t.Fatalf("a registry open for writing: %v", err)
	}
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var e *Error
	if err := ro.Ready(ctx); !errors.Is(err, ErrReadOnly) || !errors.As(err, &e) || e.Location != path {
		t.Errorf("read-only: %v", err)
	}
	r.Close()
	if err := r.Ready(ctx); err == nil || !errors.As(err, &e) || e.Op != "check it can record" {
		t.Errorf("closed: %v", err)
	}
}

// TestReadyWrites: each Ready commits a change that reaches the database
// file, as a record would: another connection's PRAGMA data_version,
// which changes when another connection commits a change to the file,
// changes with each check. Setting a column to its own value, as Ready
// once did, writes no page and left it as it was.
func TestReadyWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "registry.db")
	r, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	version := func() int64 {
		t.Helper()
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()
	for i := 0; i < 3; i++ {
		if err := r.Ready(ctx); err != nil {
			t.Fatalf("check %d: %v", i, err)
		}
		after := version()
		if after == before {
			t.Fatalf("check %d committed nothing that reached the file (data_version stays %d)", i, after)
		}
		before = after
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version < 1`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the check left %d rows behind (%v)", n, err)
	}
	if _, err := r.version(ctx); err != nil {
		t.Error(err)
	}
}

// TestReadyStandby: a PostgreSQL session whose transactions are read-only,
// as on a standby server, is not ready, with ErrReadOnly.
func TestReadyStandby(t *testing.T) {
	ctx := context.Background()
	loc := pgtest.URL(t)
	r, err := Open(ctx, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Ready(ctx); err != nil {
		t.Fatalf("before: %v", err)
	}
	r.db.SetMaxOpenConns(1)
	if _, err := r.db.ExecContext(ctx, `SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`); err != nil {
		t.Fatal(err)
	}
	if err := r.Ready(ctx); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only session: %v", err)
	}
}
