package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

const readmePath = "../../README.md"

// embeddedLibrary loads the embedded library or fails the test.
func embeddedLibrary(t *testing.T) *library.Library {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// checkREADMESection compares the README's text between the markers
// <!-- name:begin --> and <!-- name:end --> with want; with -update it
// writes want there instead. differs says, on a difference, what the
// text differs from.
func checkREADMESection(t *testing.T, name string, want []byte, differs string) {
	t.Helper()
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->"
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README has no %q ... %q markers", begin, end)
	}
	if *update {
		out := slices.Concat(readme[:i+len(begin)], want, readme[j:])
		if err := os.WriteFile(readmePath, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(readme[i+len(begin):j], want) {
		t.Errorf("the README's %s; run go test ./cmd/clausemark -run README -update", differs)
	}
}

// TestREADMEVariableReference keeps the README's variable reference equal
// to what clausemark vars --markdown prints; -update rewrites it.
func TestREADMEVariableReference(t *testing.T) {
	lib := embeddedLibrary(t)
	var table bytes.Buffer
	if err := varsMarkdown(&table, lib, lib.Schema); err != nil {
		t.Fatal(err)
	}
	checkREADMESection(t, "vars", table.Bytes(), "variable reference differs from clausemark vars --markdown")
	// The same table, through the command.
	var out bytes.Buffer
	if err := run(t.Context(), []string{"vars", "--markdown"}, func(string) string { return "" }, strings.NewReader(""), &out, &out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), table.Bytes()) {
		t.Error("clausemark vars --markdown prints another table")
	}
}

// TestREADMEUpdateCommand: every package the README's -update command
// names defines the flag, and no package with the flag is left out.
func TestREADMEUpdateCommand(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("`go test ((?:\\./[\\w/]+ )+)-update`").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no `go test PACKAGES -update` command")
	}
	named := map[string]bool{}
	for _, p := range strings.Fields(string(m[1])) {
		named[strings.TrimPrefix(p, "./")] = true
	}
	defines := map[string]bool{}
	root := "../.."
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		// A module of its own (scripts/peers/...) is not tested by the
		// README's command, which runs in this module.
		if err == nil && d.IsDir() && path != root {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte(`flag.Bool("update"`)) {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			defines[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range named {
		if !defines[p] {
			t.Errorf("the README's -update command names %s, which has no -update flag", p)
		}
	}
	for p := range defines {
		if !named[p] {
			t.Errorf("%s has an -update flag the README's command leaves out", p)
		}
	}
}
