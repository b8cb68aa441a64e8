package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPrepare: a prepared file is in a temporary file with the target as
// it was, recognised by Temp with its tag; Commit puts it in place,
// Abort removes it and leaves the target as it was.
func TestPrepare(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := Write(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	temps := func() (n int) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if tag, ok := Temp(e.Name()); ok {
				if tag != "run-1" {
					t.Errorf("temporary file %s has tag %q", e.Name(), tag)
				}
				n++
			}
		}
		return n
	}

	p, err := Prepare(path, []byte("aborted"), "run-1")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" || temps() != 1 || p.Path() != path {
		t.Errorf("prepared: target %q, %d temporary files, path %q", got, temps(), p.Path())
	}
	p.Abort()
	if got, _ := os.ReadFile(path); string(got) != "old" || temps() != 0 {
		t.Errorf("aborted: target %q, %d temporary files", got, temps())
	}

	p, err = Prepare(path, []byte("new"), "run-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" || temps() != 0 {
		t.Errorf("committed: target %q, %d temporary files", got, temps())
	}

	// A link at the target is refused before anything is written.
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(path, link); err != nil {
		t.Skip(err)
	}
	if _, err := Prepare(link, []byte("x"), "run-1"); err == nil || temps() != 0 {
		t.Errorf("a link prepared: %v, %d temporary files", err, temps())
	}
}
