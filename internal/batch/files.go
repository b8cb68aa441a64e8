package batch

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/clausemark/clausemark/internal/atomicfile"
)

// runFiles are a run's files besides its documents: the lock, the
// earlier manifests it resumes from, and the manifests and errors files
// it writes, as JSON Lines and as CSV.
type runFiles struct {
	manifest, errors string // the manifest's and the errors file's paths
	run              string // the manifest's absolute path: the run in each document's origin
	tag              string // this shard's temporary files
	dryRun           bool   // only the errors files are written (Config.DryRun)
	unlock           func(remove bool)
	prev             *previous
	mf, ef, mcf, ecf *os.File // the manifest (partial), the errors file, and their CSV twins; no manifest in a dry run
	tables           *csvFiles
	errorsWritten    int  // records in the errors files
	committed        bool // the run ended, its files in place: its lock goes
}

// csvFiles are the CSV twins of the manifest and the errors file.
type csvFiles struct{ manifest, errors *csv.Writer }

// openFiles takes the output folder for a run: it creates the folder,
// refuses side files that are links, takes the shard's lock, removes the
// temporary files its killed runs left, reads what earlier runs recorded,
// and creates the run's manifests and errors files.
func openFiles(cfg Config) (*runFiles, error) {
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	f := &runFiles{tag: fmt.Sprintf("batch-%d-of-%d", cfg.Shard, cfg.Shards), dryRun: cfg.DryRun}
	f.manifest, f.errors = files(cfg.Out, cfg.Shard, cfg.Shards)
	if err := checkSideFiles(f.manifest, f.errors); err != nil {
		return nil, err
	}
	if err := f.open(cfg.Out, cfg.Shards); err != nil {
		f.close()
		return nil, err
	}
	return f, nil
}

// checkSideFiles refuses a side file that is a link leading outside the
// folder, or (for those written in place) a file with another name
// elsewhere: batch writes these files, or reads them to resume.
func checkSideFiles(manifest, errs string) error {
	renamed, inPlace := sideFiles(manifest, errs)
	for _, f := range renamed {
		if err := checkFile(f, true); err != nil {
			return err
		}
	}
	for _, f := range inPlace {
		if err := checkFile(f, false); err != nil {
			return err
		}
	}
	return nil
}

// open takes the lock, then opens the files; close releases whatever it
// took, even when it failed part way.
func (f *runFiles) open(out string, shards int) error {
	// One run per shard and folder, and one layout per folder (see
	// checkLayout): the lock covers this shard's manifest, errors file and
	// temporary files.
	var err error
	if f.unlock, err = lockRun(out, f.manifest, shards); err != nil {
		return err
	}
	if f.run, err = filepath.Abs(f.manifest); err != nil {
		return err
	}
	if err := removeStaleTemps(out, f.tag); err != nil {
		return err
	}
	if f.dryRun {
		f.prev = &previous{} // nothing to resume from: every row is checked
	} else if f.prev, err = openPrevious(f.manifest); err != nil {
		return err
	}
	files := []struct {
		file **os.File
		path string
	}{
		{&f.ef, f.errors},
		{&f.ecf, csvName(f.errors)},
		{&f.mf, f.manifest + ".partial"},
		{&f.mcf, csvName(f.manifest) + ".partial"},
	}
	if f.dryRun {
		files = files[:2]
	}
	for _, o := range files {
		if *o.file, err = createFile(o.path); err != nil {
			return err
		}
	}
	f.tables = &csvFiles{errors: csv.NewWriter(f.ecf)}
	f.tables.errors.Write(errorColumns)
	if !f.dryRun {
		f.tables.manifest = csv.NewWriter(f.mcf)
		f.tables.manifest.Write(manifestColumns)
	}
	return nil
}

// close closes the files and releases the lock.
func (f *runFiles) close() {
	for _, file := range []*os.File{f.ecf, f.mcf, f.ef, f.mf} {
		if file != nil {
			file.Close()
		}
	}
	if f.prev != nil {
		f.prev.close()
	}
	if f.unlock != nil {
		f.unlock(f.committed)
	}
}

// commit ends a run that was not interrupted: the manifests written are
// put in place of the earlier ones, and the resume file, merged into
// them, is removed.
//
// Errors files without a record are removed, and the run's lock goes
// when it is released (see close): a clean run leaves its documents and
// its manifests only.
func (f *runFiles) commit() error {
	if err := f.prev.err(); err != nil {
		return err
	}
	if f.tables.errors.Flush(); f.tables.errors.Error() != nil {
		return f.tables.errors.Error()
	}
	if f.errorsWritten == 0 {
		for _, n := range []string{f.errors, csvName(f.errors)} {
			if err := os.Remove(n); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	if f.dryRun {
		f.committed = true
		return nil
	}
	if err := f.mf.Close(); err != nil {
		return err
	}
	if f.tables.manifest.Flush(); f.tables.manifest.Error() != nil {
		return f.tables.manifest.Error()
	}
	if err := f.mcf.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.manifest+".partial", f.manifest); err != nil {
		return err
	}
	if err := os.Rename(csvName(f.manifest)+".partial", csvName(f.manifest)); err != nil {
		return err
	}
	f.prev.close()
	if err := os.Remove(f.manifest + ".resume"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f.committed = true
	return nil
}

// removeStaleTemps deletes the temporary files that a killed run of this
// shard left behind: only files with this shard's tag, which no other
// process writes while the shard's lock is held. Anyone else's files,
// other shards' included, are left alone.
func removeStaleTemps(dir, tag string) error {
	var stale []string
	err := eachEntry(dir, func(e fs.DirEntry) error {
		if t, ok := atomicfile.Temp(e.Name()); ok && t == tag && e.Type().IsRegular() {
			stale = append(stale, e.Name())
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	for _, n := range stale {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove a stale temporary file: %w", err)
		}
	}
	return nil
}
