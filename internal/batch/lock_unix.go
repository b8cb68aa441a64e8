//go:build unix

package batch

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive lock on path, creating the file, or fails with a
// *LockedError when another process holds it. The kernel releases the lock
// when the process ends, however it ends, so a killed run never leaves the
// folder locked; the file then stays, holding the last holder's pid.
// unlock(true) removes the file before releasing the lock: a process that
// opened it before and locks it after sees that it is no longer the file
// at path, and takes the lock again (see lockedFile).
func lock(path string) (unlock func(remove bool), err error) {
	for {
		unlock, stale, err := tryLock(path)
		if !stale {
			return unlock, err
		}
	}
}

// tryLock is one attempt of lock; stale reports a lock taken on a file
// that was removed meanwhile, to be tried again.
func tryLock(path string) (unlock func(bool), stale bool, err error) {
	f, err := openFile(path, false)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, false, err
		}
		return nil, false, fmt.Errorf("lock: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		pid := 0
		b := make([]byte, 32)
		if n, _ := f.ReadAt(b, 0); n > 0 {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b[:n])))
		}
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, false, &LockedError{Path: path, PID: pid}
		}
		return nil, false, fmt.Errorf("lock %s: %w", path, err)
	}
	if !lockedFile(f, path) {
		f.Close()
		return nil, true, nil
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return unlocker(f, path), false, nil
}

// lockedFile reports whether f, just locked, is still the file at path:
// its holder may have removed it between its opening and its locking.
func lockedFile(f *os.File, path string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	pi, err := os.Stat(path)
	return err == nil && os.SameFile(fi, pi)
}

// unlocker releases the lock on f, removing the file at path first when
// asked.
func unlocker(f *os.File, path string) func(remove bool) {
	return func(remove bool) {
		if remove {
			_ = os.Remove(path)
		}
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}
}

// lockWait takes an exclusive lock on path, creating the file, waiting
// while another process holds it. It is held only briefly, while a run
// checks the folder and takes its own lock; unlock(true) removes the
// file, as lock's does.
func lockWait(path string) (unlock func(remove bool), err error) {
	for {
		f, err := openFile(path, false)
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) {
				return nil, err
			}
			return nil, fmt.Errorf("lock: %w", err)
		}
		for {
			err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
			if err != unix.EINTR {
				break
			}
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if lockedFile(f, path) {
			return unlocker(f, path), nil
		}
		f.Close() // removed by its last holder: take the new one
	}
}
