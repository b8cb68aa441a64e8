package registry_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/registry"
)

// TestOpenRefusesKeywordDSN: a libpq keyword/value connection string is
// refused, pointing to the URL form, rather than made an SQLite file
// named with the password; the password is never in the message. Paths
// that merely hold an = still open as files.
func TestOpenRefusesKeywordDSN(t *testing.T) {
	tests := []struct {
		loc  string
		keys []string // nil: a file, opened
		url  string
	}{
		{loc: "host=127.0.0.1 password=secret dbname=x", keys: []string{"host", "password", "dbname"}, url: "postgres://USER@127.0.0.1/x"},
		{loc: "host=db.internal port=5433 user=clausemark password='s3cret word' dbname=registry sslmode=require", keys: []string{"host", "port", "user", "password", "dbname", "sslmode"}, url: "postgres://clausemark@db.internal:5433/registry?sslmode=require"},
		{loc: "dbname=registry", keys: []string{"dbname"}, url: "postgres://USER@HOST/registry"},
		{loc: "  user = alice  password = secret", keys: []string{"user", "password"}, url: "postgres://alice@HOST/DBNAME"},
		{loc: "HOST=x PASSWORD=secret", keys: []string{"host", "password"}, url: "postgres://USER@x/DBNAME"},
		{loc: "reports password=secret", keys: []string{"password"}, url: "postgres://USER@HOST/DBNAME"},
		{loc: "service=clausemark", keys: []string{"service"}, url: "postgres://USER@HOST/DBNAME"},
		{loc: "a=1 b=2", keys: []string{"a", "b"}, url: "postgres://USER@HOST/DBNAME"},
		{loc: "password=se:cret host=x", keys: []string{"password", "host"}, url: "postgres://USER@x/DBNAME"},
		// Values as libpq reads them: a backslash escapes the character
		// after it, a space included, quoted or not; the whole value is
		// the password, not its first word.
		{loc: `host=x password=S3\ cr3t dbname=d`, keys: []string{"host", "password", "dbname"}, url: "postgres://USER@x/d"},
		{loc: `host=x password=S3\ cr3t`, keys: []string{"host", "password"}, url: "postgres://USER@x/DBNAME"},
		{loc: `host=x Password=S3\\\ cr3t`, keys: []string{"host", "password"}, url: "postgres://USER@x/DBNAME"},
		{loc: `host=x password='it\'s cr3t' dbname=d`, keys: []string{"host", "password", "dbname"}, url: "postgres://USER@x/d"},
		{loc: `password='hush\\' user=bob`, keys: []string{"password", "user"}, url: "postgres://bob@HOST/DBNAME"},
		{loc: `password='hush'host=x`, keys: []string{"password", "host"}, url: "postgres://USER@x/DBNAME"},
		{loc: `host=x password='unclosed cr3t`, keys: []string{"host", "password"}, url: "postgres://USER@x/DBNAME"},
		{loc: `host=x PASSWORD = hush\ cr3t`, keys: []string{"host", "password"}, url: "postgres://USER@x/DBNAME"},
		{loc: `host=x sslpassword=key\ phrase sslmode=verify-full`, keys: []string{"host", "sslpassword", "sslmode"}, url: "postgres://USER@x/DBNAME?sslmode=verify-full"},
		// Files.
		{loc: "registry.db"},
		{loc: "./host=x.db"},
		{loc: "a=b.db"},
		{loc: "sub dir/user=x.db"},
	}
	for _, tt := range tests {
		t.Run(tt.loc, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			r, err := registry.Open(context.Background(), tt.loc, registry.Options{})
			if tt.keys == nil {
				if err != nil {
					t.Fatalf("a file path refused: %v", err)
				}
				r.Close()
				if _, err := os.Stat(tt.loc); err != nil {
					t.Errorf("no registry file made: %v", err)
				}
				return
			}
			if err == nil {
				r.Close()
				t.Fatal("opened")
			}
			var de *registry.DSNError
			if !errors.As(err, &de) {
				t.Fatalf("error %T %v, want a *DSNError", err, err)
			}
			if !slices.Equal(de.Keys, tt.keys) || de.URL != tt.url {
				t.Errorf("keys %q, URL %q; want %q, %q", de.Keys, de.URL, tt.keys, tt.url)
			}
			msg := err.Error()
			for _, secret := range []string{"secret", "s3cret", "se:cret", "cr3t", "hush", "phrase"} {
				if strings.Contains(msg, secret) {
					t.Errorf("the message shows the password: %s", msg)
				}
			}
			if !strings.Contains(msg, tt.url) || !strings.Contains(msg, "keyword/value connection string") {
				t.Errorf("the message does not point to the URL form: %s", msg)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("files made: %v", entries)
			}
		})
	}
}
