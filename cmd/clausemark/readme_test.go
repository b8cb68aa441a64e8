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

// The pages that hold generated sections and the -update command, from
// this package's folder.
const (
	variablesPage    = "../../docs/reference/variables.md"
	contributingPage = "../../docs/contributing.md"
)

// embeddedLibrary loads the embedded library or fails the test.
func embeddedLibrary(t *testing.T) *library.Library {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// checkDocSection compares the text of the page at path between the
// markers <!-- name:begin --> and <!-- name:end --> with want; with
// -update it writes want there instead. differs says, on a difference,
// what the text differs from.
func checkDocSection(t *testing.T, path, name string, want []byte, differs string) {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rel := strings.TrimPrefix(filepath.ToSlash(path), "../../")
	begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->"
	i, j := bytes.Index(page, []byte(begin)), bytes.Index(page, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("%s has no %q ... %q markers", rel, begin, end)
	}
	if *update {
		out := slices.Concat(page[:i+len(begin)], want, page[j:])
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(page[i+len(begin):j], want) {
		t.Errorf("%s: the %s; run go test ./cmd/clausemark -run Docs -update", rel, differs)
	}
}

// TestDocsVariableReference keeps the variable reference in
// docs/reference/variables.md equal to what clausemark vars --markdown
// prints; -update rewrites it.
func TestDocsVariableReference(t *testing.T) {
	lib := embeddedLibrary(t)
	var table bytes.Buffer
	if err := varsMarkdown(&table, lib, lib.Schema); err != nil {
		t.Fatal(err)
	}
	checkDocSection(t, variablesPage, "vars", table.Bytes(), "variable reference differs from clausemark vars --markdown")
	// The same table, through the command.
	var out bytes.Buffer
	if err := run(t.Context(), []string{"vars", "--markdown"}, func(string) string { return "" }, strings.NewReader(""), &out, &out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), table.Bytes()) {
		t.Error("clausemark vars --markdown prints another table")
	}
}

// TestDocsUpdateCommand: every package the contributor's guide's -update
// command names defines the flag, and no package with the flag is left out.
func TestDocsUpdateCommand(t *testing.T) {
	page, err := os.ReadFile(contributingPage)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("`go test ((?:\\./[\\w/]+ )+)-update`").FindSubmatch(page)
	if m == nil {
		t.Fatal("docs/contributing.md has no `go test PACKAGES -update` command")
	}
	named := map[string]bool{}
	for _, p := range strings.Fields(string(m[1])) {
		named[strings.TrimPrefix(p, "./")] = true
	}
	defines := map[string]bool{}
	root := "../.."
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		// A module of its own (scripts/peers/...) is not tested by the
		// guide's command, which runs in this module.
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
			t.Errorf("docs/contributing.md's -update command names %s, which has no -update flag", p)
		}
	}
	for p := range defines {
		if !named[p] {
			t.Errorf("%s has an -update flag docs/contributing.md's command leaves out", p)
		}
	}
}
