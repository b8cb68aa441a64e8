// Package registry keeps a record of every document Clausemark issues:
// what was asked for, which clause wordings it carries, and the SHA-256 of
// each file written, so that a document can be listed, shown, made again,
// verified and found by the clauses it uses.
//
// A registry is an SQLite file (pure Go, no cgo) or a PostgreSQL database;
// [Open] takes a path or a postgres:// URL and applies the migrations
// embedded in the binary. A [*Registry] is a [generate.Recorder] and is
// safe for concurrent use, by goroutines and, through the database, by
// processes: batch jobs and servers may record into one registry at once.
//
//	reg, err := registry.Open(ctx, "registry.db", registry.Options{})
//	gen := &generate.Generator{Recorder: reg}
package registry

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver
)

//go:embed migrations
var migrations embed.FS

// Options say how to open a registry.
type Options struct {
	// ReadOnly opens the registry for reading: nothing is migrated or
	// written, and a registry whose schema is older than this program's
	// is an error.
	ReadOnly bool
	// Now is the clock for the times recorded; nil is time.Now.
	Now func() time.Time
	// IssuedBy names who issues the documents recorded whose request
	// names nobody (generate.Origin.User): at the command line, the
	// system user.
	IssuedBy string
	// Schema stops the migrations at this version; 0 applies them all.
	// Tests use it to make a registry of an earlier schema.
	Schema int
}

// Registry is an open registry.
type Registry struct {
	db       *sql.DB
	d        dialect
	location string // as given, with any password hidden
	now      func() time.Time
	readOnly bool
	schema   int    // the schema version it is at
	issuedBy string // Options.IssuedBy

	stmts sync.Map // query → *sql.Stmt, the statements recording uses
	comps sync.Map // compositions known to be recorded
}

// Location returns where the registry is, as given to Open, with any
// password replaced by "xxxxx".
func (r *Registry) Location() string { return r.location }

// Close closes the registry's database.
func (r *Registry) Close() error {
	r.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return r.db.Close()
}

// IsURL reports whether loc names a PostgreSQL database rather than an
// SQLite file.
func IsURL(loc string) bool {
	l := strings.ToLower(loc)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// checkLocation refuses locations that are neither a PostgreSQL URL nor
// plainly a file path, rather than making a file of a mistyped URL.
func checkLocation(loc string) error {
	if IsURL(loc) {
		return nil
	}
	if err := dsnError(loc); err != nil {
		return err
	}
	if scheme, _, ok := strings.Cut(loc, ":"); ok && !strings.ContainsAny(scheme, `/\`) && len(scheme) > 1 {
		return fmt.Errorf("%q is not a registry location: give a file path or a postgres:// URL", scheme+":...")
	}
	if loc == "~" || strings.HasPrefix(loc, "~/") {
		return errors.New("the path starts with ~, which only a shell expands: give the full path")
	}
	return nil
}

// DefaultPath returns the registry file used when none is named: in the
// user's data directory ($XDG_DATA_HOME, else ~/.local/share on Unix,
// %AppData% on Windows, ~/Library/Application Support on macOS).
func DefaultPath(getenv func(string) string, goos string) (string, error) {
	var base string
	switch goos {
	case "windows":
		base = getenv("AppData")
	case "darwin":
		if h := getenv("HOME"); h != "" {
			base = filepath.Join(h, "Library", "Application Support")
		}
	default:
		base = getenv("XDG_DATA_HOME")
		if base == "" || !filepath.IsAbs(base) {
			base = ""
			if h := getenv("HOME"); h != "" {
				base = filepath.Join(h, ".local", "share")
			}
		}
	}
	if base == "" {
		return "", errors.New("no data directory to keep the registry in (HOME is not set): give --registry PATH or set CLAUSEMARK_REGISTRY")
	}
	return filepath.Join(base, "clausemark", "registry.db"), nil
}

// Error is a problem with the registry itself: opening, migrating,
// reading or writing it.
type Error struct {
	Location string // the registry, as Location returns it
	Op       string // what was being done: "open", "migrate", "record", ...
	Err      error
}

func (e *Error) Error() string {
	return fmt.Sprintf("registry %s: %s: %v", e.Location, e.Op, e.Err)
}
func (e *Error) Unwrap() error { return e.Err }

// ErrReadOnly is wrapped by the error for a registry that cannot be
// written: a read-only file or folder, a database user without the right
// to write, a read-only replica.
var ErrReadOnly = errors.New("the registry cannot be written")

// ErrSchema is wrapped by the error for a registry whose schema this
// program cannot use: newer than it knows, or older when opened read-only.
var ErrSchema = errors.New("the registry's schema does not match this program")

// NotFoundError is a document id the registry does not hold.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no document %s in the registry", e.ID)
}

// Open opens the registry at loc, a file path or a postgres:// URL,
// creating it and applying migrations unless opts.ReadOnly. Unless
// read-only, it checks that the registry can be written, so that a
// registry that cannot record is an error before any document is made.
func Open(ctx context.Context, loc string, opts Options) (*Registry, error) {
	r := &Registry{location: hidePassword(loc), now: opts.Now, readOnly: opts.ReadOnly, issuedBy: opts.IssuedBy}
	if r.now == nil {
		r.now = time.Now
	}
	fail := func(op string, err error) (*Registry, error) {
		if r.db != nil {
			r.db.Close()
		}
		return nil, &Error{Location: r.location, Op: op, Err: err}
	}
	if loc == "" {
		return fail("open", errors.New("no location given"))
	}
	if err := checkLocation(loc); err != nil {
		return fail("open", err)
	}
	var err error
	if IsURL(loc) {
		r.d = postgres{}
		r.db, err = sql.Open("pgx", loc)
		if err == nil {
			r.db.SetMaxOpenConns(16)
		}
	} else {
		r.d = sqlite{}
		var dsn string
		dsn, err = sqliteDSN(loc, opts.ReadOnly, false)
		if err == nil {
			r.db, err = sql.Open("sqlite", dsn)
		}
		if err == nil {
			r.db.SetMaxOpenConns(8)
		}
	}
	if err != nil {
		return fail("open", err)
	}
	err = r.db.PingContext(ctx)
	if err == nil {
		_, err = r.version(ctx)
	}
	if err != nil && opts.ReadOnly && !IsURL(loc) {
		// Reading a registry in write-ahead-log mode needs its -shm file,
		// which a reader without write access to the folder cannot make.
		// With no writer at work (there is no such file), the file as it
		// is holds every document.
		r.db.Close()
		dsn, _ := sqliteDSN(loc, true, true)
		if r.db, err = sql.Open("sqlite", dsn); err == nil {
			if err = r.db.PingContext(ctx); err == nil {
				_, err = r.version(ctx)
			}
		}
	}
	if err != nil {
		return fail("open", r.d.classify(err))
	}
	if err := r.migrate(ctx, opts); err != nil {
		return fail("migrate", err)
	}
	if !opts.ReadOnly {
		if err := r.probe(ctx); err != nil {
			return fail("open for writing", err)
		}
		if err := r.prepare(ctx); err != nil {
			return fail("prepare", r.d.classify(err))
		}
	}
	return r, nil
}

// sqliteDSN is the modernc.org/sqlite data source name for the file at
// path: write-ahead logging so that readers never wait for a writer, a
// busy timeout so that writers from other processes wait their turn, and
// transactions that take the write lock when they begin.
func sqliteDSN(path string, readOnly, immutable bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(abs); err == nil && info.IsDir() {
		return "", fmt.Errorf("%s is a folder, not a registry file", path)
	} else if err == nil && !info.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file (%s), so it cannot hold a registry", path, info.Mode().Type())
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	} else if errors.Is(err, fs.ErrNotExist) {
		if readOnly {
			return "", fmt.Errorf("%s does not exist (no document has been recorded there)", path)
		}
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return "", err
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// What is deleted (an erased customer's values) is overwritten, not
	// left readable in free pages.
	q.Add("_pragma", "secure_delete(1)")
	if immutable {
		q.Add("immutable", "1")
	}
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String(), nil
}

// hidePassword returns loc with the password of a URL, or of a
// keyword/value connection string, replaced.
func hidePassword(loc string) string {
	if !IsURL(loc) {
		if _, _, ok := parseDSN(loc); ok {
			return redactDSN(loc)
		}
		return loc
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	q := u.Query()
	for k := range q {
		if strings.EqualFold(k, "password") {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.Redacted()
}

// migrate brings the schema to the newest version (or opts.Schema), one
// migration per transaction, under a lock so that processes starting at
// once apply each migration once.
func (r *Registry) migrate(ctx context.Context, opts Options) error {
	steps, err := r.migrations()
	if err != nil {
		return err
	}
	target := len(steps)
	if opts.Schema > 0 && opts.Schema < target {
		target = opts.Schema
	}
	current, err := r.version(ctx)
	if err != nil {
		return err
	}
	if current > len(steps) {
		return fmt.Errorf("%w: it is at schema version %d, this program knows up to %d; use a newer clausemark", ErrSchema, current, len(steps))
	}
	r.schema = current
	if current >= target {
		return nil
	}
	if current == 0 {
		if others, err := r.foreignTables(ctx); err != nil {
			return err
		} else if len(others) > 0 {
			return fmt.Errorf("%w: it is not a clausemark registry: it holds other tables (%s)", ErrSchema, strings.Join(others, ", "))
		}
		if opts.ReadOnly {
			return errors.New("no document has been recorded there yet")
		}
	}
	if opts.ReadOnly {
		return fmt.Errorf("%w: it is at schema version %d, this program needs %d; open it once with write access to migrate it", ErrSchema, current, target)
	}
	for v := current + 1; v <= target; v++ {
		if err := r.apply(ctx, v, steps[v-1]); err != nil {
			return fmt.Errorf("version %d (%s): %w", v, steps[v-1].name, err)
		}
		r.schema = v
	}
	return nil
}

// foreignTables lists the tables of a database without a schema version:
// anything there is not a registry's.
func (r *Registry) foreignTables(ctx context.Context) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, r.d.tablesList())
	if err != nil {
		return nil, r.d.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if len(out) < 5 {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}

type migration struct {
	name string
	sql  string
}

// migrations returns the dialect's migrations, in order: files named
// NNNN_what.sql, numbered from 1 without gaps.
func (r *Registry) migrations() ([]migration, error) {
	dir := "migrations/" + r.d.name()
	entries, err := migrations.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		n, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(n)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", e.Name())
		}
		data, err := migrations.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{name: e.Name(), sql: string(data)})
		if v != len(out) {
			return nil, fmt.Errorf("migration %s: want number %d", e.Name(), len(out))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// version returns the schema version, 0 for an empty database.
func (r *Registry) version(ctx context.Context) (int, error) {
	var n int
	err := r.db.QueryRowContext(ctx, r.d.rebind(`SELECT COUNT(*) FROM `+r.d.tablesQuery()), "schema_migrations").Scan(&n)
	if err != nil {
		return 0, r.d.classify(err)
	}
	if n == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := r.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, r.d.classify(err)
	}
	return int(v.Int64), nil
}

// apply runs migration v in one transaction, unless another process did
// while this one waited for the lock.
func (r *Registry) apply(ctx context.Context, v int, m migration) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return r.d.classify(err)
	}
	defer tx.Rollback()
	if err := r.d.lockMigrations(ctx, tx); err != nil {
		return r.d.classify(err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return r.d.classify(err)
	}
	var done int
	if err := tx.QueryRowContext(ctx, r.d.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), v).Scan(&done); err != nil {
		return r.d.classify(err)
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return r.d.classify(err)
	}
	if _, err := tx.ExecContext(ctx, r.d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), v, m.name, stamp(r.now())); err != nil {
		return r.d.classify(err)
	}
	return r.d.classify(tx.Commit())
}

// probe makes sure the registry can be written: a write that is rolled
// back.
func (r *Registry) probe(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return r.d.classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE schema_migrations SET name = name WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
		return r.d.classify(err)
	}
	return nil
}

// stampLayout writes times in UTC at a fixed width, so that they sort as
// text in either database.
const stampLayout = "2006-01-02T15:04:05.000000Z"

func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

func parseStamp(s string) time.Time {
	t, err := time.Parse(stampLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
