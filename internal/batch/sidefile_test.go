package batch_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/rows"
)

// sideFileNames are the files a run of shard "" (unsharded) or
// ".shard-1-of-4" writes or reads besides its documents.
func sideFileNames(shard string) []string {
	return []string{
		"manifest" + shard + ".jsonl", "manifest" + shard + ".jsonl.partial", "manifest" + shard + ".jsonl.resume", "manifest" + shard + ".jsonl.lock",
		"manifest" + shard + ".csv", "manifest" + shard + ".csv.partial",
		"errors" + shard + ".jsonl", "errors" + shard + ".csv",
	}
}

// TestSideFileLinksRefused: a symbolic link planted at any of a run's own
// files (unsharded or sharded), or at the folder's lock, fails the run with a FileError naming it,
// before any row, and the file it points to outside the folder is left as
// it was.
func TestSideFileLinksRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges")
	}
	p := prepare(t)
	data := "customer.name,last_updated\nA,2026-01-01\nB,2026-01-01\n"
	for _, shard := range []struct {
		suffix        string
		index, shards int
	}{{"", 0, 1}, {".shard-1-of-4", 1, 4}} {
		for _, name := range append(sideFileNames(shard.suffix), "batch.lock") {
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				victim := filepath.Join(dir, "victim.txt")
				if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				out := filepath.Join(dir, "out")
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
				link := filepath.Join(out, name)
				if err := os.Symlink(victim, link); err != nil {
					t.Fatal(err)
				}
				_, err := run(t, p, rows.CSV, data, out, func(c *batch.Config) {
					markdownOnly(c)
					c.Shard, c.Shards = shard.index, shard.shards
				})
				var fe *batch.FileError
				if !errors.As(err, &fe) || fe.Path != link || !errors.Is(err, batch.ErrSymlink) {
					t.Fatalf("run: %v, want a FileError naming %s", err, link)
				}
				if b, err := os.ReadFile(victim); err != nil || string(b) != "keep me\n" {
					t.Errorf("the link's target is now %q (%v)", b, err)
				}
				if docs, _ := filepath.Glob(filepath.Join(out, "*.md")); len(docs) > 0 {
					t.Errorf("rows were rendered: %v", docs)
				}
			})
		}
	}
}

// TestSideFileHardLinks: a file the run writes in place (the errors file)
// with another name, a hard link to a file outside the folder, is refused
// and not truncated; the manifest, which a run replaces by renaming,
// may have another name (a backup made with cp -al): the run goes, and
// the backup keeps its content.
func TestSideFileHardLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no link counts")
	}
	for _, tc := range []struct {
		name    string
		refused bool
	}{{"errors.jsonl", true}, {"errors.csv", true}, {"manifest.jsonl.partial", true}, {"manifest.jsonl", false}, {"manifest.csv", false}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			other := filepath.Join(dir, "backup")
			if err := os.WriteFile(other, []byte("keep me\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(out, tc.name)
			if err := os.Link(other, link); err != nil {
				t.Skip(err)
			}
			_, err := run(t, prepare(t), rows.CSV, "customer.name,last_updated\nA,2026-01-01\n", out, markdownOnly)
			var fe *batch.FileError
			if tc.refused && (!errors.As(err, &fe) || fe.Path != link || !errors.Is(err, batch.ErrHardLink)) {
				t.Errorf("run: %v, want a FileError naming %s", err, link)
			}
			if !tc.refused && err != nil {
				t.Errorf("run: %v", err)
			}
			if b, _ := os.ReadFile(other); string(b) != "keep me\n" {
				t.Errorf("the other name's file is now %q", b)
			}
		})
	}
}
