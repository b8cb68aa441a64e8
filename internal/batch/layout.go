package batch

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A folder's layout is the number of shards its runs split the data into.
// Runs of one layout on one folder may go at once, each shard with its
// own manifest; runs of two layouts would write the same documents under
// two sets of manifests, each believing its own, and record them twice.
// The manifests (manifest.jsonl, or a shard's
// manifest.shard-I-of-N.jsonl) record the layout, and so do the lock
// files of the runs under way or killed (the manifest's name with .lock;
// a run that ends removes its own): a run whose layout differs from one
// of these files' in the folder is refused with a LayoutError. The check
// and the taking of the run's own lock are done under the folder's lock
// (batch.lock), so that two runs starting at once see each other.

// folderLock is the file whose lock a run holds while it checks the
// folder's layout and takes its own shard's lock.
const folderLock = "batch.lock"

// LayoutError reports a run whose sharding differs from that of the runs
// that wrote, or are writing, the output folder.
type LayoutError struct {
	Out    string   // the output folder
	Shards int      // this run's number of shards, 1 for none
	Found  int      // the folder's
	Files  []string // the manifests and lock files that record the folder's layout
}

func layoutText(n int) string {
	if n <= 1 {
		return "one run without --shard"
	}
	return fmt.Sprintf("%d shards (--shard I/%d)", n, n)
}

func (e *LayoutError) Error() string {
	files := e.Files
	more := ""
	if len(files) > 3 {
		files, more = files[:3], fmt.Sprintf(" and %d more", len(e.Files)-3)
	}
	return fmt.Sprintf("%s is written by %s (%s%s), and this run asks for %s: two layouts in one folder would write the same documents under two sets of manifests. Give another --out, or run as %s; to change the folder's layout, move those files away once no run is writing to it",
		e.Out, layoutText(e.Found), strings.Join(files, ", "), more, layoutText(e.Shards), layoutText(e.Found))
}

var shardFile = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^manifest\.shard-(\d+)-of-(\d+)\.jsonl(\.lock)?$`) })

// checkLayout returns a *LayoutError if a manifest or a lock file in out
// records another number of shards than shards.
func checkLayout(out string, shards int) error {
	found := map[int][]string{}
	err := eachEntry(out, func(e fs.DirEntry) error {
		n := 0
		if e.Name() == "manifest.jsonl.lock" || e.Name() == "manifest.jsonl" {
			n = 1
		} else if m := shardFile().FindStringSubmatch(e.Name()); m != nil {
			n, _ = strconv.Atoi(m[2])
		}
		if n > 0 && n != shards {
			found[n] = append(found[n], e.Name())
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if len(found) == 0 {
		return nil
	}
	layouts := make([]int, 0, len(found))
	for n := range found {
		layouts = append(layouts, n)
	}
	slices.Sort(layouts)
	n := layouts[0]
	files := found[n]
	slices.Sort(files)
	for i := range files {
		files[i] = filepath.Join(out, files[i])
	}
	return &LayoutError{Out: out, Shards: shards, Found: n, Files: files}
}

// eachEntry calls f with each entry of the folder dir, a few at a time,
// so that a folder of a million documents is not held in memory.
func eachEntry(dir string, f func(fs.DirEntry) error) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	for {
		entries, err := d.ReadDir(256)
		for _, e := range entries {
			if err := f(e); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// lockRun takes the run's own lock (manifest's, with .lock) once the
// folder's layout is known to be the run's. The folder's lock is removed
// as it is released: the next run creates it again.
func lockRun(out, manifest string, shards int) (unlock func(remove bool), err error) {
	unlockFolder, err := lockWait(filepath.Join(out, folderLock))
	if err != nil {
		return nil, err
	}
	defer unlockFolder(true)
	if err := checkLayout(out, shards); err != nil {
		return nil, err
	}
	return lock(manifest + ".lock")
}
