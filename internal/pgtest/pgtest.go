// Package pgtest gives tests a real PostgreSQL server: the one named by
// CLAUSEMARK_TEST_POSTGRES (a postgres:// URL), or else one started for
// the test binary from the PostgreSQL programs installed (initdb and
// pg_ctl, as Debian's postgresql package installs them), listening on
// 127.0.0.1 only and stopped when the tests end. The server is started
// when a test first asks for a database, so a run that asks for none
// starts none; under go test -short, tests that ask for one are skipped.
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// Each test that asks for a database gets a schema of its own.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var (
	once    sync.Once
	stop    func() // stops the server started, nil if none was
	server  string // the server's URL, "" if there is none
	missing string // why there is none
)

// TestingM is what Main runs: a *testing.M.
type TestingM interface{ Run() int }

// Wrap returns m as a TestingM whose Run runs m and stops the server its
// tests started: for a TestMain that hands m to another runner, such
// as testscript.Main.
func Wrap(m TestingM) TestingM { return wrapped{m} }

type wrapped struct{ m TestingM }

func (w wrapped) Run() int { return Main(w.m) }

// Main runs the tests and stops the server that they started, if any.
func Main(m TestingM) int {
	code := m.Run()
	if stop != nil {
		stop()
	}
	return code
}

// URL returns the URL of a fresh, empty schema on the server, dropped
// when t ends, starting the server on the first call unless one is named.
// Under go test -short the test is skipped. Without a server the test is
// skipped, or fails when the CI environment variable is set: CI must test
// PostgreSQL.
func URL(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no PostgreSQL")
	}
	once.Do(func() {
		var err error
		if stop, err = start(); err != nil {
			missing = err.Error()
		}
	})
	if server == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("no PostgreSQL server for the tests: %s", missing)
		}
		t.Skipf("no PostgreSQL server: %s", missing)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "test_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", server)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, _ := url.Parse(server)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func start() (stop func(), err error) {
	if u := os.Getenv("CLAUSEMARK_TEST_POSTGRES"); u != "" {
		server = u
		return nil, nil
	}
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "clausemark-pg-")
	if err != nil {
		return nil, err
	}
	// PostgreSQL refuses to run as root: as root, run it as postgres.
	var as []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no postgres user to run PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		as = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(name string, args ...string) error {
		argv := append(append(append([]string(nil), as...), filepath.Join(bin, name)), args...)
		cmd := exec.Command(argv[0], argv[1:]...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-A", "trust", "-U", "clausemark", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if err := run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	stop = func() {
		_ = run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
		os.RemoveAll(dir)
	}
	// A test binary that is killed (go test's timeout, kill -9) never
	// runs stop: a watchdog outside it stops the server once it is gone.
	watch(append(append(append([]string(nil), as...), filepath.Join(bin, "pg_ctl")), "-D", data, "-m", "immediate", "-w", "stop"), dir)
	server = fmt.Sprintf("postgres://clausemark@127.0.0.1:%d/postgres?sslmode=disable", port)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", server)
	if err == nil {
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		stop()
		server = ""
		return nil, err
	}
	return stop, nil
}

// binDir finds PostgreSQL's programs: on PATH, else the newest version
// under /usr/lib/postgresql, where Debian puts them.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(dirs) == 0 {
		return "", fmt.Errorf("initdb not found (install PostgreSQL, e.g. apt-get install postgresql, or set CLAUSEMARK_TEST_POSTGRES)")
	}
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(dirs[i]))))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(dirs[j]))))
		return a < b
	})
	return filepath.Dir(dirs[len(dirs)-1]), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
