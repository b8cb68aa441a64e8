package limitio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadAll(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int64
		ok    bool
	}{
		{"under", "abc", 4, true},
		{"at the limit", "abcd", 4, true},
		{"one over", "abcde", 4, false},
		{"empty", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadAll(strings.NewReader(tt.in), "in.yaml", tt.limit)
			if tt.ok {
				if err != nil || string(got) != tt.in {
					t.Fatalf("ReadAll = %q, %v; want %q", got, err, tt.in)
				}
				return
			}
			var tl *TooLargeError
			if !errors.As(err, &tl) || tl.Name != "in.yaml" || tl.Limit != tt.limit {
				t.Fatalf("error %v, want *TooLargeError for in.yaml at %d", err, tt.limit)
			}
		})
	}
}

// endless never ends, as /dev/zero or an unbounded pipe.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) { e.n += int64(len(p)); return len(p), nil }

func TestReadAllStopsReadingAnEndlessInput(t *testing.T) {
	r := &endless{}
	_, err := ReadAll(r, "standard input", 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("error %v, want *TooLargeError", err)
	}
	if r.n > 2<<20 {
		t.Errorf("read %d bytes of an endless input with a 1 MiB limit", r.n)
	}
	if want := "standard input: larger than 1 MiB"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}
}

func TestReadFileDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := ReadFile("/dev/zero", Variables)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Name != "/dev/zero" {
		t.Fatalf("error %v, want *TooLargeError naming /dev/zero", err)
	}
	_, err = ReadFile(filepath.Join(t.TempDir(), "missing.yaml"), Variables)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("error %v, want not-exist", err)
	}
}

func TestFS(t *testing.T) {
	fsys := FS(fstest.MapFS{
		"small.md": {Data: []byte("1234")},
		"big.md":   {Data: []byte("12345")},
		"dir/a.md": {Data: []byte("x")},
	}, 4)
	for _, read := range []struct {
		name string
		f    func(string) ([]byte, error)
	}{
		{"ReadFile", func(n string) ([]byte, error) {
			return fsys.(interface{ ReadFile(string) ([]byte, error) }).ReadFile(n)
		}},
		{"Open", func(n string) ([]byte, error) {
			f, err := fsys.Open(n)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return io.ReadAll(f)
		}},
	} {
		if got, err := read.f("small.md"); err != nil || string(got) != "1234" {
			t.Errorf("%s(small.md) = %q, %v", read.name, got, err)
		}
		var tl *TooLargeError
		if _, err := read.f("big.md"); !errors.As(err, &tl) || tl.Name != "big.md" {
			t.Errorf("%s(big.md) error %v, want *TooLargeError", read.name, err)
		}
	}
	if err := fstest.TestFS(FS(fstest.MapFS{"dir/a.md": {Data: []byte("x")}}, 4), "dir/a.md"); err != nil {
		t.Error(err)
	}
}
