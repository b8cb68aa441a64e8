package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteCommit: commit runs with the data in a temporary file and the
// target as it was; an error from it leaves the target as it was and no
// temporary file, and is returned as it is; a rename that fails after
// commit is an error.
func TestWriteCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := Write(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("cannot record")
	calls := 0
	err := WriteCommit(path, []byte("new"), func() error {
		calls++
		if got, _ := os.ReadFile(path); string(got) != "old" {
			t.Errorf("the target is %q before commit", got)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 2 {
			t.Errorf("no temporary file holds the data at commit: %v", entries)
		}
		return refused
	})
	if err != refused || calls != 1 {
		t.Fatalf("WriteCommit: %v after %d calls, want the commit's error", err, calls)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("a refused commit changed the target to %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	if err := WriteCommit(path, []byte("new"), func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("committed, the target is %q", got)
	}

	// The target becomes a folder during commit: the rename fails.
	other := filepath.Join(dir, "other.pdf")
	err = WriteCommit(other, []byte("x"), func() error {
		if err := os.Mkdir(other, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(other, "keep"), nil, 0o644)
	})
	if err == nil {
		t.Error("a rename over a folder succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
