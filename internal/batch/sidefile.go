package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The ways a file of the output folder can be unfit for batch to write:
// writing through it would change a file elsewhere.
var (
	ErrSymlink    = errors.New("is a symbolic link")
	ErrHardLink   = errors.New("has other names (hard links)")
	ErrNotRegular = errors.New("is not a regular file")
)

// FileError reports a file of the output folder that batch will not open
// for writing (its manifests, errors files and locks): a symbolic link, a
// file with other names, or not a regular file. Err is one of ErrSymlink,
// ErrHardLink and ErrNotRegular.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s %v; batch writes its manifests, errors files and locks in --out only as regular files of its own: remove it, or give another --out", e.Path, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// checkFile returns a *FileError if path exists and is not a regular file
// with one name; a missing file is fine. For a file that is only ever
// replaced by renaming another over it, never written in place, other
// names do no harm: with renamed set, they are allowed.
func checkFile(path string, renamed bool) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return checkInfo(path, fi, renamed)
}

func checkInfo(path string, fi fs.FileInfo, renamed bool) error {
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return &FileError{Path: path, Err: ErrSymlink}
	case !fi.Mode().IsRegular():
		return &FileError{Path: path, Err: ErrNotRegular}
	case !renamed && linkCount(fi) > 1:
		return &FileError{Path: path, Err: ErrHardLink}
	}
	return nil
}

// openFile opens path for writing (and reading), creating it with mode
// 0644, without following a symbolic link (O_NOFOLLOW where the system
// has it, a check before opening elsewhere), and refuses anything but a
// regular file with one name. truncate empties it once it is known to be
// safe: truncating on open would empty a file with another name first.
func openFile(path string, truncate bool) (*os.File, error) {
	if err := checkFile(path, false); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
	if err != nil {
		// A link that appeared since the check: O_NOFOLLOW failed on it.
		if cerr := checkFile(path, false); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkInfo(path, fi, false)
	}
	if err == nil && truncate {
		err = f.Truncate(0)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// createFile is openFile emptying the file, for a file batch writes anew.
func createFile(path string) (*os.File, error) { return openFile(path, true) }
