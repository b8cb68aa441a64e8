// Package limitio reads inputs whole with a bound on their size, so that a
// file such as /dev/zero or an endless pipe is refused instead of filling
// memory, and an input at the bound is never silently cut short.
package limitio

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limits for the kinds of input Clausemark reads whole.
const (
	Variables = 1 << 20  // a variables file
	Markdown  = 4 << 20  // a Markdown document to typeset: 50 times the longest agreement
	Library   = 4 << 20  // one file of a clause library
	YAMLList  = 16 << 20 // a batch data file in YAML, parsed whole: 40 times its size in memory
	Workbook  = 64 << 20 // a batch data file in Excel's .xlsx, which is read whole
	Document  = 64 << 20 // a generated document to verify
)

// TooLargeError reports an input over its limit.
type TooLargeError struct {
	Name  string // the file, or "standard input"
	Limit int64  // in bytes
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s, the most Clausemark reads from one such input", e.Name, Size(e.Limit))
}

// Size formats a byte count for a message: "16 MiB", "512 KiB", "100 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadAll reads r to its end, or fails with a *TooLargeError naming name
// once more than limit bytes arrive. It never reads more than limit+1 bytes.
func ReadAll(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	return data, nil
}

// ReadFile reads the named file as [ReadAll] does. The error for a missing
// or unreadable file is the *fs.PathError of os.Open.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, limit)
}

// ReadAllContext is [ReadAll] that returns as soon as ctx is done, with
// ctx's error wrapped with name, leaving the read to finish or not on a
// goroutine of its own: a terminal, a pipe nobody writes to or a fifo
// nobody opens would otherwise hold a command past its first Ctrl-C.
func ReadAllContext(ctx context.Context, r io.Reader, name string, limit int64) ([]byte, error) {
	return whileNotDone(ctx, name, func() ([]byte, error) { return ReadAll(r, name, limit) })
}

// ReadFileContext is [ReadFile] as [ReadAllContext] is ReadAll; the
// opening too is left behind when ctx is done (opening a fifo waits for
// a writer).
func ReadFileContext(ctx context.Context, name string, limit int64) ([]byte, error) {
	return whileNotDone(ctx, name, func() ([]byte, error) { return ReadFile(name, limit) })
}

// OpenContext is os.Open that returns as soon as ctx is done, closing
// the file if the opening ends later.
func OpenContext(ctx context.Context, name string) (*os.File, error) {
	if ctx.Done() == nil {
		return os.Open(name)
	}
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(name)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		go func() { // the opening may end yet
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, fmt.Errorf("%s: %w", name, ctx.Err())
	}
}

func whileNotDone(ctx context.Context, name string, read func() ([]byte, error)) ([]byte, error) {
	if ctx.Done() == nil {
		return read()
	}
	type result struct {
		data []byte
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		data, err := read()
		ch <- result{data, err}
	}()
	select {
	case r := <-ch:
		return r.data, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%s: %w", name, ctx.Err())
	}
}

// FS wraps fsys so that reading any file whole with fs.ReadFile, or
// reading past limit bytes through Open, fails with a *TooLargeError.
func FS(fsys fs.FS, limit int64) fs.FS { return limitFS{fsys, limit} }

type limitFS struct {
	fsys  fs.FS
	limit int64
}

func (l limitFS) Open(name string) (fs.File, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &limitFile{File: f, name: name, left: l.limit, limit: l.limit}, nil
}

// ReadFile implements fs.ReadFileFS.
func (l limitFS) ReadFile(name string) ([]byte, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, l.limit)
}

// ReadDir implements fs.ReadDirFS, so that walking the tree is unchanged.
func (l limitFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(l.fsys, name) }

// Stat implements fs.StatFS.
func (l limitFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(l.fsys, name) }

type limitFile struct {
	fs.File
	name  string
	left  int64
	limit int64
}

func (f *limitFile) Read(p []byte) (int, error) {
	if f.left < 0 {
		return 0, &TooLargeError{Name: f.name, Limit: f.limit}
	}
	// Ask for one byte more than is left, to tell "exactly at the limit"
	// from "over it".
	if int64(len(p)) > f.left+1 {
		p = p[:f.left+1]
	}
	n, err := f.File.Read(p)
	if int64(n) > f.left {
		n, f.left = int(f.left), -1
		return n, &TooLargeError{Name: f.name, Limit: f.limit}
	}
	f.left -= int64(n)
	return n, err
}

// ReadDir passes directory listings through.
func (f *limitFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d, ok := f.File.(fs.ReadDirFile); ok {
		return d.ReadDir(n)
	}
	return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: fs.ErrInvalid}
}
