package limitio

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
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

// TestContextReads: reading a fifo nobody opens for writing, or a pipe
// nobody writes to, returns ctx's error once ctx is done, naming the
// input, where the plain reads would wait for ever; with ctx not done,
// the reads are those of ReadAll, ReadFile and os.Open.
func TestContextReads(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no fifo here:", err)
	}
	pr, pw := io.Pipe()
	defer pw.Close()
	for _, tc := range []struct {
		name string
		read func(ctx context.Context) error
	}{
		{"a fifo without a writer", func(ctx context.Context) error { _, err := ReadFileContext(ctx, fifo, 10); return err }},
		{"opening it", func(ctx context.Context) error { _, err := OpenContext(ctx, fifo); return err }},
		{"a pipe without data", func(ctx context.Context) error { _, err := ReadAllContext(ctx, pr, "<stdin>", 10); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			err := tc.read(ctx)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%v, want context.Canceled", err)
			}
		})
	}
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("0123456789x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if data, err := ReadFileContext(ctx, file, 11); err != nil || string(data) != "0123456789x" {
		t.Errorf("ReadFileContext: %q, %v", data, err)
	}
	var tl *TooLargeError
	if _, err := ReadAllContext(ctx, strings.NewReader("0123456789x"), "s", 10); !errors.As(err, &tl) {
		t.Errorf("ReadAllContext over the limit: %v", err)
	}
	if f, err := OpenContext(ctx, file); err != nil {
		t.Errorf("OpenContext: %v", err)
	} else {
		f.Close()
	}
}
