package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/rows"
)

// TestLayout: a folder written by an unsharded run refuses a sharded run
// and one of another shard count, naming the manifest that records its
// layout (a run that ended leaves no lock); a run of the same layout
// goes; a shard of another layout running at that moment is seen by its
// lock; once the manifests are moved away, the folder takes a new
// layout.
func TestLayout(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Variant: "opsium"})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	runShards := func(shard, shards int) error {
		cfg := Config{Base: p, Data: "d.csv", Kind: rows.CSV, Out: out, Formats: []*format.Format{format.Markdown}, Jobs: 1, Shard: shard, Shards: shards}
		cfg.Input = strings.NewReader("customer.name\nA\nB\nC\n")
		_, err := Run(context.Background(), cfg)
		return err
	}
	if err := runShards(0, 1); err != nil {
		t.Fatal(err)
	}
	for _, shards := range []int{2, 4} {
		err := runShards(1, shards)
		var le *LayoutError
		if !errors.As(err, &le) || le.Found != 1 || le.Shards != shards || len(le.Files) != 1 || le.Files[0] != filepath.Join(out, "manifest.jsonl") {
			t.Fatalf("a run of %d shards after an unsharded one: %v, want a LayoutError", shards, err)
		}
		if !strings.Contains(err.Error(), "is written by one run without --shard") || !strings.Contains(err.Error(), "Give another --out") {
			t.Errorf("message %q", err)
		}
		if m, _ := filepath.Glob(filepath.Join(out, "*shard*")); len(m) > 0 {
			t.Errorf("the refused run left %v", m)
		}
	}
	if err := runShards(0, 1); err != nil {
		t.Errorf("the same layout again: %v", err)
	}

	// A run of 4 shards holds its lock: an unsharded run, or one of 2
	// shards, is refused while it runs, naming its lock.
	fresh := t.TempDir()
	manifest, _ := files(fresh, 3, 4)
	unlock, err := lock(manifest + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	out = fresh
	for _, shards := range []int{1, 2} {
		var le *LayoutError
		if err := runShards(0, shards); !errors.As(err, &le) || le.Found != 4 || le.Files[0] != manifest+".lock" {
			t.Errorf("a run of %d shards beside a running one of 4: %v, want a LayoutError", shards, err)
		}
	}
	if err := runShards(0, 4); err != nil {
		t.Errorf("another shard of the same layout: %v", err)
	}
	unlock(false)

	// Without the manifests and the locks the folder takes another layout.
	locks, _ := filepath.Glob(filepath.Join(fresh, "manifest*"))
	for _, l := range locks {
		if err := os.Remove(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := runShards(0, 2); err != nil {
		t.Errorf("after removing the locks: %v", err)
	}
}
