package lint

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestCheckRequired: where the house requires the check to pass, lint
// names each variant whose own document fails it, at the setting; once
// the variants give a wording the check accepts, none.
func TestCheckRequired(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, library.InfoFile, "version:", "check: required\nversion:")
	problems := func() []string {
		lib, err := library.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		var list diag.List
		var out []string
		if errors.As(Check(lib), &list) {
			for _, e := range list {
				if e.File == library.InfoFile {
					out = append(out, e.Error())
				}
			}
		}
		return out
	}
	got := problems()
	if len(got) != 2 {
		t.Fatalf("want ojoo and opsium named, got %q", got)
	}
	for i, v := range []string{"ojoo", "opsium"} {
		if want := "templates/library.yaml:4: check: required, and variant " + v + "'s own document fails the check with "; !strings.HasPrefix(got[i], want) || !strings.Contains(got[i], "is weak") {
			t.Errorf("got %q, want %q…", got[i], want)
		}
	}
	for _, v := range []string{"ojoo", "opsium"} {
		librarytest.Replace(t, m, "templates/variants/"+v+".yaml", "\nposition: house\n", "\nposition: balanced\n")
	}
	if got := problems(); len(got) != 0 {
		t.Errorf("with the balanced wordings: %q", got)
	}
}
