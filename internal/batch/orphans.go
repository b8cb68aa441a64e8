package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Orphans returns the documents in the output folder out that no
// manifest there claims: files of a customer since renamed, of a format
// since dropped, of rows since deleted. Only files whose extension is one
// of exts (".pdf", ".md", ...) count as documents; anything else in the
// folder is never listed. The manifests read are manifest.jsonl and every
// shard's, complete or partial; a folder with none is an error, since
// every document there would look orphaned.
func Orphans(out string, exts []string) ([]string, error) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	var manifests []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, "manifest") && (strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".jsonl.partial")) {
			manifests = append(manifests, filepath.Join(out, n))
		}
	}
	if len(manifests) == 0 {
		return nil, fmt.Errorf("%s: no manifest.jsonl: is it a batch's output folder?", out)
	}
	claimed := map[string]bool{}
	for _, m := range manifests {
		r, err := openRecords(m)
		if err != nil {
			return nil, err
		}
		for ; r.ok; r.advance() {
			for _, o := range r.cur.Outputs {
				claimed[o.Path] = true
			}
		}
		r.close()
		if r.err != nil {
			return nil, r.err
		}
	}
	var orphans []string
	for _, e := range entries {
		n := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(n, ".") || claimed[n] || !slices.Contains(exts, strings.ToLower(filepath.Ext(n))) {
			continue
		}
		orphans = append(orphans, n)
	}
	return orphans, nil
}

// RemoveOrphans deletes the orphans Orphans finds, and returns them.
// A file gone already is no error.
func RemoveOrphans(out string, exts []string) ([]string, error) {
	orphans, err := Orphans(out, exts)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, n := range orphans {
		if err := os.Remove(filepath.Join(out, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return orphans, errors.Join(errs...)
}
