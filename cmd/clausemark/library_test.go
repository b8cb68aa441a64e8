package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func export(t *testing.T, dir string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"library", "export", dir}, testEnv(t), strings.NewReader(""), &stdout, &stderr)
	return exitCode(err, &stderr), stderr.String()
}

// TestLibraryExportRefusesLink: export onto a symbolic link is refused,
// naming it; the link and the folder it names are left as they were,
// whether that folder is empty or does not exist.
func TestLibraryExportRefusesLink(t *testing.T) {
	work := t.TempDir()
	empty := filepath.Join(work, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(work, "link")
	for _, target := range []string{empty, filepath.Join(work, "nowhere")} {
		// "link/" and "link/." name the folder the link names: the link
		// is still refused, not followed (it was renamed over, or a
		// "rename ... file exists" error).
		for _, given := range []string{link, link + "/", link + "//", link + "/.", link + "/./"} {
			os.Remove(link)
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			status, stderr := export(t, given)
			if status != 1 || !strings.Contains(stderr, given+": is a symbolic link") {
				t.Errorf("export onto %s, a link to %s: status %d, %q", given, target, status, stderr)
			}
			if got, err := os.Readlink(link); err != nil || got != target {
				t.Errorf("the link now reads %q, %v; want %s", got, err, target)
			}
		}
		if got, err := os.Readlink(link); err != nil || got != target {
			t.Errorf("the link now reads %q, %v; want %s", got, err, target)
		}
		if entries, _ := os.ReadDir(empty); len(entries) != 0 {
			t.Errorf("the folder the link names was written: %v", entries)
		}
		if leftovers, _ := filepath.Glob(filepath.Join(work, ".clausemark-export-*")); len(leftovers) != 0 {
			t.Errorf("left %v", leftovers)
		}
	}
}

// TestTrimDirSuffix: the separators and "." elements at the end of a
// folder's name go, but a root stays a root.
func TestTrimDirSuffix(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"link", "link"},
		{"link/", "link"},
		{"link///", "link"},
		{"link/.", "link"},
		{"link/././/", "link"},
		{"a/b/", "a/b"},
		{"/", "/"},
		{"//", "/"},
		{"/.", "/"},
		{".", "."},
		{"./", "."},
		{"..", ".."},
		{"link/..", "link/.."},
		{"x.", "x."},
	} {
		if got := trimDirSuffix(tc.in); got != tc.want {
			t.Errorf("trimDirSuffix(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLibraryExportTrailingSlash: a new folder given as "new/" is
// exported to as "new" is.
func TestLibraryExportTrailingSlash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new") + "/"
	if status, stderr := export(t, dir); status != 0 {
		t.Fatalf("status %d, %q", status, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "clauses")); err != nil {
		t.Error(err)
	}
}

// TestLibraryExportFolderMode: the exported folder is made as its
// subfolders are, 0755 less the umask, not private as a temporary folder.
func TestLibraryExportFolderMode(t *testing.T) {
	work := t.TempDir()
	probe := filepath.Join(work, "probe")
	if err := os.Mkdir(probe, 0o755); err != nil {
		t.Fatal(err)
	}
	want, err := os.Stat(probe)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "mine")
	if status, stderr := export(t, dir); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	for _, d := range []string{dir, filepath.Join(dir, "clauses")} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want.Mode().Perm() {
			t.Errorf("%s is %v, want %v", d, fi.Mode().Perm(), want.Mode().Perm())
		}
	}
}

// TestLibraryExportEmptyName: an empty DIR is a usage error that says so,
// not a failed rename.
func TestLibraryExportEmptyName(t *testing.T) {
	for _, dir := range []string{"", "  "} {
		status, stderr := export(t, dir)
		if status != 2 || !strings.Contains(stderr, "DIR, the folder to export to, is empty") {
			t.Errorf("export %q: status %d, %q", dir, status, stderr)
		}
	}
}
