// Package librarytest helps tests change a copy of the embedded library:
// copy it into an fstest.MapFS, edit files, and load the result.
package librarytest

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark"
)

// Copy returns a writable copy of the embedded library.
func Copy(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(clausemark.Library, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(clausemark.Library, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Replace replaces the first old with new in file, failing if old is absent.
func Replace(t testing.TB, m fstest.MapFS, file, old, new string) {
	t.Helper()
	f, ok := m[file]
	if !ok {
		t.Fatalf("no file %s", file)
	}
	s := string(f.Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	m[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}

// RemovePart drops the "- clause: id" entry, with its indented keys, from a
// document template.
func RemovePart(t testing.TB, m fstest.MapFS, file, id string) {
	t.Helper()
	var out []string
	skip, found := false, false
	for _, l := range strings.Split(string(m[file].Data), "\n") {
		if strings.HasPrefix(l, "  - clause: ") {
			skip = l == "  - clause: "+id
			found = found || skip
		}
		if !skip {
			out = append(out, l)
		}
	}
	if !found {
		t.Fatalf("%s places no clause %s", file, id)
	}
	m[file] = &fstest.MapFile{Data: []byte(strings.Join(out, "\n"))}
}
