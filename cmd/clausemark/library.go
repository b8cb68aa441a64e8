package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/diag"
)

func newLibrary(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "library",
		Short: "Work with the clause library itself",
	}
	c.AddCommand(newLibraryExport(e))
	return c
}

func newLibraryExport(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "export DIR",
		Short: "Write the clause library (the built-in one, or --library's) to a new folder, to start one of your own",
		Long: `Export writes every file of the clause library, its clauses, templates,
variants and tables, to DIR, which must not exist yet or be empty. Keep the
folder in git, edit it, and use it with --library DIR: 'clausemark lint
--library DIR' checks it. The folder appears whole or not at all.`,
		Example: `  clausemark library export my-library
  clausemark lint --library my-library
  clausemark render --library my-library --variant ojoo -o ojoo.pdf`,
		Args: exactArgs(1, "the folder to export to"),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			if strings.TrimSpace(dir) == "" {
				return usagef("library export: DIR, the folder to export to, is empty; give a folder name, such as my-library")
			}
			// A link is never replaced, nor written through: the folder
			// it names may be anyone's. "link/" and "link/." name the
			// folder the link names, which Lstat would follow, so the
			// name is looked at without them.
			given := dir
			dir = trimDirSuffix(dir)
			if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return fmt.Errorf("library export: %s: is a symbolic link; export to a new folder", given)
			}
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				return fmt.Errorf("library export: %s exists and is not empty; export to a new folder", dir)
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return diag.Wrap("library export", err)
			}
			src, err := e.libraryFS()
			if err != nil {
				return err
			}
			parent := filepath.Dir(filepath.Clean(dir))
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return diag.Wrap("library export", err)
			}
			// Written beside the target and renamed into place, so that a
			// failure leaves no half a library.
			tmp, err := exportDir(parent)
			if err != nil {
				return diag.Wrap("library export", err)
			}
			defer os.RemoveAll(tmp)
			n := 0
			err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				dst := filepath.Join(tmp, filepath.FromSlash(p))
				if d.IsDir() {
					return os.MkdirAll(dst, 0o755)
				}
				if !d.Type().IsRegular() {
					return nil // links and devices are not library files
				}
				data, err := fs.ReadFile(src, p) // --library's files are bounded in size (limitio.FS)
				if err != nil {
					return err
				}
				n++
				return os.WriteFile(dst, data, 0o644)
			})
			if err != nil {
				return diag.Wrap("library export", err)
			}
			os.Remove(dir) // an empty folder given as the target
			if err := os.Rename(tmp, dir); err != nil {
				return diag.Wrap("library export", err)
			}
			fmt.Fprintf(e.stderr, "%s: wrote %d files to %s; use it with --library %s\n", name, n, dir, dir)
			return nil
		},
	}
}

// trimDirSuffix returns dir without the separators and "." elements at
// its end, which make a path name what a link at the rest names: "link/"
// and "link/./" are "link". A root ("/") is kept, and a name made only of
// "." elements is ".".
func trimDirSuffix(dir string) string {
	for {
		vol := filepath.VolumeName(dir)
		rest := dir[len(vol):]
		switch {
		case len(rest) > 1 && os.IsPathSeparator(rest[len(rest)-1]):
			dir = dir[:len(dir)-1]
		case len(rest) > 1 && rest[len(rest)-1] == '.' && os.IsPathSeparator(rest[len(rest)-2]):
			dir = dir[:len(dir)-1]
		default:
			return dir
		}
	}
}

// exportDir makes a new, empty folder in parent to write an export into
// before it is renamed into place. Unlike os.MkdirTemp's 0700 it is made
// 0755, less the umask, as every folder of the export is: the library is
// meant to be shared.
func exportDir(parent string) (string, error) {
	for {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		dir := filepath.Join(parent, ".clausemark-export-"+hex.EncodeToString(b[:]))
		switch err := os.Mkdir(dir, 0o755); {
		case err == nil:
			return dir, nil
		case !errors.Is(err, fs.ErrExist):
			return "", err
		}
	}
}
