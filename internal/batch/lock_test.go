package batch

import (
	"context"
	"errors"
	"github.com/clausemark/clausemark/internal/format"
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
	unlock()
	cfg.Input = strings.NewReader("customer.name\nA\n")
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}
