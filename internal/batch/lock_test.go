package batch

import (
	"context"
	"errors"
	"github.com/clausemark/clausemark/internal/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/rows"
)

// TestLock: a second run on the same shard and folder is refused while
// the first holds the lock, and may go once it is released.
func TestLock(t *testing.T) {
	out := t.TempDir()
	manifest, _ := files(out, 0, 1)
	unlock, err := lock(manifest + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Variant: "opsium"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Base: p, Data: "d.csv", Kind: rows.CSV, Out: out, Formats: []*format.Format{format.Markdown}, Jobs: 1}
	cfg.Input = strings.NewReader("customer.name\nA\n")
	_, err = Run(context.Background(), cfg)
	var le *LockedError
	if !errors.As(err, &le) || le.Path != manifest+".lock" || le.PID <= 0 {
		t.Fatalf("second run: %v, want a LockedError naming the lock and its holder", err)
	}
	if !strings.Contains(err.Error(), "is writing to this folder") {
		t.Errorf("message %q", err)
	}
	if _, err := filepath.Glob(filepath.Join(out, "*.md")); err != nil {
		t.Fatal(err)
	}
	unlock(false)
	cfg.Input = strings.NewReader("customer.name\nA\n")
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	// A clean run leaves its documents and manifests: no lock, no errors
	// file without an error.
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "a-dpa.md manifest.csv manifest.jsonl" {
		t.Errorf("after a clean run the folder holds %s", got)
	}
}

// TestLockRemoved: a lock its holder removes as it releases it is taken
// again by a process that opened it before: the file at the path, not the
// one removed.
func TestLockRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock(path); err == nil {
		t.Fatal("a held lock was taken twice")
	}
	unlock(true)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the lock file stays: %v", err)
	}
	unlock2, err := lock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock2(true)
	if _, err := lock(path); err == nil {
		t.Error("the lock taken again is not held")
	}
}
