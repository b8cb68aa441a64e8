// Package atomicfile writes files so that a reader sees either the old
// content or the complete new content, never a partial file: the data goes
// to a temporary file in the same folder, is synced, and is renamed over
// the target.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrSymlink and ErrIsDir say why a path cannot be written.
var (
	ErrSymlink = errors.New("is a symbolic link; write to the file it points to instead")
	ErrIsDir   = errors.New("is a folder; give a file name")
)

// Write replaces path with data atomically. The file gets mode 0644 (less
// the umask). On any error the target is left as it was and the temporary
// file is removed.
//
// A symbolic link at path is refused with an *os.PathError wrapping
// [ErrSymlink], rather than replaced by a regular file: the user meant the
// file it points to, or did not know it was a link.
func Write(path string, data []byte) error { return WriteTagged(path, data, "") }

// WriteTagged is [Write] with the temporary file's name carrying tag (a
// word of lower-case letters, digits and dashes), so that a program can
// find the temporary files its own killed runs left, and only those: see
// [Temp].
func WriteTagged(path string, data []byte, tag string) error {
	return write(path, data, tag, nil)
}

// WriteCommit is [Write] with commit called once data is safely in the
// temporary file and before it is renamed over path, so that a program
// that must record what it writes (in a registry) can have the file
// appear only once it is recorded. An error from commit is returned as it
// is, with the target left as it was and the temporary file removed.
func WriteCommit(path string, data []byte, commit func() error) error {
	return write(path, data, "", commit)
}

func write(path string, data []byte, tag string, commit func() error) error {
	p, err := Prepare(path, data, tag)
	if err != nil {
		return err
	}
	if commit != nil {
		if err := commit(); err != nil {
			p.Abort()
			return err
		}
	}
	return p.Commit()
}

// Pending is data safely in a temporary file beside its target and not
// yet in place: see [Prepare].
type Pending struct {
	path, tmp string
}

// Prepare is the first half of [WriteTagged]: data is written and synced
// to a temporary file beside path, which [Pending.Commit] then renames
// over path, or [Pending.Abort] removes. A program that records the files
// it writes in groups (a batch in a registry) can so have each appear
// only once its group is recorded, and none that was not. On an error
// nothing is left behind.
func Prepare(path string, data []byte, tag string) (_ *Pending, err error) {
	path = filepath.Clean(path)
	if !validTag(tag) {
		return nil, fmt.Errorf("write %s: invalid temporary-file tag %q", path, tag)
	}
	if fi, err := os.Lstat(path); err == nil {
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			return nil, &os.PathError{Op: "write", Path: path, Err: ErrSymlink}
		case fi.IsDir():
			return nil, &os.PathError{Op: "write", Path: path, Err: ErrIsDir}
		}
	}
	mark := tempMark
	if tag != "" {
		mark += "-" + tag
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+mark+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &Pending{path: path, tmp: tmp}, nil
}

// Path is the file p is to become.
func (p *Pending) Path() string { return p.path }

// Commit puts p in place, renaming it over its target. On an error the
// target is left as it was and the temporary file removed.
func (p *Pending) Commit() error {
	if err := os.Rename(p.tmp, p.path); err != nil {
		os.Remove(p.tmp)
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	return nil
}

// Abort removes p's temporary file, leaving the target as it was.
func (p *Pending) Abort() {
	os.Remove(p.tmp)
}

// tempMark sets this package's temporary files apart from anyone else's:
// ".NAME.clausemark[-TAG].DIGITS.tmp".
const tempMark = ".clausemark"

func validTag(tag string) bool {
	return strings.Trim(tag, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// Temp reports whether name (a base name) is one of this package's
// temporary files, and if so the tag it was written with ("" for [Write]).
func Temp(name string) (tag string, ok bool) {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutSuffix(rest, ".tmp")
	if !ok {
		return "", false
	}
	dot := strings.LastIndexByte(rest, '.')
	if dot < 0 || dot == len(rest)-1 || strings.Trim(rest[dot+1:], "0123456789") != "" {
		return "", false
	}
	rest = rest[:dot]
	i := strings.LastIndex(rest, tempMark)
	if i <= 0 {
		return "", false
	}
	tag = rest[i+len(tempMark):]
	if tag == "" {
		return "", true
	}
	tag, ok = strings.CutPrefix(tag, "-")
	if !ok || tag == "" || !validTag(tag) {
		return "", false
	}
	return tag, true
}
