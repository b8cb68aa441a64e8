package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// dialect is what differs between SQLite and PostgreSQL. Queries are
// written once, with ? for parameters, and rebound.
type dialect interface {
	name() string
	rebind(q string) string
	tablesQuery() string // a FROM clause listing tables whose name is the one parameter
	tablesList() string  // a query of the names of every table
	afterErase(ctx context.Context, db *sql.DB) error
	lockMigrations(ctx context.Context, tx *sql.Tx) error
	// valueEquals is a condition that the value at the variable path of
	// the first parameter of column vals equals the JSON of the second.
	valueEquals() string
	valuePath(path string) string
	classify(err error) error // wraps ErrReadOnly around the errors that mean it
}

type sqlite struct{}

func (sqlite) name() string           { return "sqlite" }
func (sqlite) rebind(q string) string { return q }
func (sqlite) tablesQuery() string {
	return `sqlite_master WHERE type = 'table' AND name = ?`
}
func (sqlite) tablesList() string {
	return `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
}
func (sqlite) afterErase(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
func (sqlite) lockMigrations(context.Context, *sql.Tx) error {
	return nil // the transaction took the write lock when it began
}
func (sqlite) valueEquals() string {
	return `json_extract(d.vals, ?) IS json_extract(?, '$')`
}
func (sqlite) valuePath(path string) string { return `$."` + path + `"` }

func (sqlite) classify(err error) error {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3lib.SQLITE_READONLY, sqlite3lib.SQLITE_CANTOPEN, sqlite3lib.SQLITE_PERM:
			return fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
	}
	return err
}

type postgres struct{}

func (postgres) name() string { return "postgres" }

func (postgres) rebind(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
func (postgres) tablesQuery() string {
	return `information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
}

func (postgres) tablesList() string {
	return `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
}

// afterErase does nothing: PostgreSQL keeps deleted rows until VACUUM
// (see the README).
func (postgres) afterErase(context.Context, *sql.DB) error { return nil }

// migrationLock is the key of the advisory lock that migrations take.
const migrationLock = 0x636c6175 // "clau"

func (postgres) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock)
	return err
}
func (postgres) valueEquals() string          { return `d.vals -> ? = ?::jsonb` }
func (postgres) valuePath(path string) string { return path }

func (postgres) classify(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "25006", // read_only_sql_transaction: a replica, or default_transaction_read_only
			"42501": // insufficient_privilege
			return fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
	}
	return err
}
