package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.md")
	if err := Write(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "two" {
		t.Fatalf("read %q, %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.md")
	if err := Write(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	// A directory where the file should be cannot be replaced by a file.
	if err := Write(filepath.Join(dir, "missing", "doc.md"), []byte("x")); err == nil {
		t.Error("write into a missing folder succeeded")
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(dir, "sub"), []byte("x")); err == nil {
		t.Error("replacing a non-empty folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("old file changed to %q", got)
	}
}

func TestWriteRefusesSymlinkAndFolder(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.pdf")
	if err := os.WriteFile(target, []byte("signed"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	err := Write(link, []byte("new"))
	if !errors.Is(err, ErrSymlink) {
		t.Fatalf("Write through a link: %v, want ErrSymlink", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}
	if got, _ := os.ReadFile(target); string(got) != "signed" {
		t.Errorf("target now %q", got)
	}
	if err := Write(dir, []byte("x")); !errors.Is(err, ErrIsDir) {
		t.Errorf("Write to a folder: %v, want ErrIsDir", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestTemp(t *testing.T) {
	dir := t.TempDir()
	// Names made the way WriteTagged makes them.
	made := func(tag string) string {
		t.Helper()
		mark := tempMark
		if tag != "" {
			mark += "-" + tag
		}
		f, err := os.CreateTemp(dir, ".acme-dpa.pdf"+mark+".*.tmp")
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		return filepath.Base(f.Name())
	}
	tests := []struct {
		name, tag string
		ok        bool
	}{
		{made(""), "", true},
		{made("batch-0-of-2"), "batch-0-of-2", true},
		{".notes.tmp", "", false},
		{".acme.pdf.12345.tmp", "", false},
		{".acme.pdf.clausemark.tmp", "", false},
		{".acme.pdf.clausemark.12x.tmp", "", false},
		{".acme.pdf.clausemark-.1.tmp", "", false},
		{".acme.pdf.clausemark-Batch.1.tmp", "", false},
		{"acme.pdf.clausemark.1.tmp", "", false},
	}
	for _, tt := range tests {
		tag, ok := Temp(tt.name)
		if tag != tt.tag || ok != tt.ok {
			t.Errorf("Temp(%q) = %q, %v; want %q, %v", tt.name, tag, ok, tt.tag, tt.ok)
		}
	}
}

func TestWriteTaggedLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	if err := WriteTagged(filepath.Join(dir, "a.pdf"), []byte("x"), "Bad Tag"); err == nil {
		t.Fatal("WriteTagged accepted a tag with spaces and capitals")
	}
	if err := WriteTagged(filepath.Join(dir, "a.pdf"), []byte("x"), "batch-1-of-3"); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "a.pdf" {
		t.Errorf("folder holds %v, want a.pdf alone", entries)
	}
}
