//go:build !unix

package batch

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

// lock creates path exclusively, or fails with a *LockedError when it
// exists. Without flock a killed run leaves the file behind; remove it by
// hand once no run is writing to the folder.
func lock(path string) (unlock func(), err error) {
	if err := checkFile(path); err != nil {
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
	return func() { os.Remove(path) }, nil
}
