package assemble_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
)

// TestEngine runs the case files in testdata/engine: each is a txtar
// archive holding a two- or three-clause library (over the tables of
// testdata/engine/base.txtar), a variables file request.yaml, and what
// assembling it must give: want.md, or want.err with one problem per line.
// go test -run Engine -update rewrites the want sections.
func TestEngine(t *testing.T) {
	base, err := txtar.ParseFile("testdata/engine/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/engine/*.txtar")
	for _, file := range files {
		if filepath.Base(file) == "base.txtar" {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m := fstest.MapFS{}
			for _, f := range base.Files {
				m[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			var request []byte
			want, wantName := "", ""
			for _, f := range a.Files {
				switch f.Name {
				case "request.yaml":
					request = f.Data
				case "want.md", "want.err":
					want, wantName = string(f.Data), f.Name
				default:
					m[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			if wantName == "" {
				t.Fatal("the case has no want.md or want.err")
			}
			got, gotName := engineCase(m, request)
			if *update {
				for i := range a.Files {
					if a.Files[i].Name == wantName {
						a.Files[i] = txtar.File{Name: gotName, Data: []byte(got)}
					}
				}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if gotName != wantName || got != want {
				t.Errorf("got %s:\n%s\nwant %s:\n%s", gotName, got, wantName, want)
			}
		})
	}
}

// engineCase loads the library in m, resolves request and assembles it,
// returning the Markdown as want.md or the problems as want.err.
func engineCase(m fstest.MapFS, request []byte) (string, string) {
	fail := func(err error) (string, string) {
		return strings.Join(diag.Lines(err), "\n") + "\n", "want.err"
	}
	lib, err := library.Load(m)
	if err != nil {
		return fail(diag.Wrap("load", err))
	}
	r, err := lib.Resolve(library.Request{Files: []library.Input{{Name: "request.yaml", Data: request}}})
	if err != nil {
		return fail(diag.Wrap("resolve", err))
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		return fail(diag.Wrap("assemble", err))
	}
	if !bytes.HasSuffix(doc.Markdown, []byte("\n")) {
		return string(doc.Markdown) + "\n", "want.md"
	}
	return string(doc.Markdown), "want.md"
}
