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
// folder locked. The file itself stays, holding the last holder's pid.
func lock(path string) (unlock func(), err error) {
	f, err := openFile(path, false)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		pid := 0
		b := make([]byte, 32)
		if n, _ := f.ReadAt(b, 0); n > 0 {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b[:n])))
		}
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, PID: pid}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}

// lockWait takes an exclusive lock on path, creating the file, waiting
// while another process holds it. It is held only briefly, while a run
// checks the folder and takes its own lock.
func lockWait(path string) (unlock func(), err error) {
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
	return func() {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
