package terms_test

import (
	"io/fs"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/terms"
)

// report assembles a variant of the library in fsys and checks its terms.
func report(t *testing.T, fsys fs.FS, variant string) *terms.Report {
	t.Helper()
	lib, err := library.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	names, err := terms.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: variant})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return terms.Document(doc, r.Tree, names)
}

func TestVariantsClean(t *testing.T) {
	m := librarytest.Copy(t)
	for _, v := range []string{"opsium", "ojoo"} {
		t.Run(v, func(t *testing.T) {
			rep := report(t, m, v)
			for _, tm := range rep.Terms {
				t.Logf("term %q defined in %s line %d, %d uses", tm.Name, tm.Section.ClauseID, tm.Pos.Line, tm.Uses)
			}
			if err := rep.Err(); err != nil {
				t.Errorf("defined terms of %s:\n%v", v, err)
			}
		})
	}
}
