//go:build !unix

package batch

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// lock creates path exclusively, or fails with a *LockedError when it
// exists. Without flock a killed run leaves the file behind; remove it by
// hand once no run is writing to the folder. The file is removed when the
// lock is released, whether or not remove asks for it.
func lock(path string) (unlock func(remove bool), err error) {
	if err := checkFile(path, false); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		pid := 0
		if b, rerr := os.ReadFile(path); rerr == nil {
			pid, _ = strconv.Atoi(string(b))
		}
		return nil, &LockedError{Path: path, PID: pid}
	}
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	_, _ = f.WriteString(strconv.Itoa(os.Getpid()))
	f.Close()
	return func(bool) { os.Remove(path) }, nil
}

// lockWait takes the lock on path as lock does, waiting up to a minute
// while another process holds it. It is held only briefly, while a run
// checks the folder and takes its own lock.
func lockWait(path string) (unlock func(remove bool), err error) {
	deadline := time.Now().Add(time.Minute)
	for {
		unlock, err := lock(path)
		var le *LockedError
		if !errors.As(err, &le) || time.Now().After(deadline) {
			return unlock, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}
