package check

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestRequired: under library.yaml's check: required a document the check
// finds problems in is refused with a *RequiredError naming the setting
// and each problem; one that passes is not; under the default (notes)
// nothing is refused.
func TestRequired(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, library.InfoFile, "version:", "check: required\nversion:")
	strict, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strict.Check.Required() || plain.Check.Required() {
		t.Fatalf("policies %+v and %+v", strict.Check, plain.Check)
	}
	tests := []struct {
		name    string
		lib     *library.Library
		sets    []string
		refused bool
	}{
		{"house wording fails", strict, nil, true},
		{"balanced wording passes", strict, []string{"position=balanced"}, false},
		{"notes never refuse", plain, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, tree := assembleWith(t, tc.lib, "opsium", tc.sets...)
			err := NewChecker(tc.lib).Required(doc, tree)
			var re *RequiredError
			if got := errors.As(err, &re); got != tc.refused {
				t.Fatalf("refused %v, want %v: %v", got, tc.refused, err)
			}
			if !tc.refused {
				return
			}
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 || re.Summary.OK {
				t.Fatalf("want the problems as a list and a failed summary: %v", err)
			}
			if want := fmt.Sprintf("the house requires the check to pass (templates/library.yaml:4: check: required), and it finds %d problems", len(list)); err.Error() != want {
				t.Errorf("message %q, want %q", err.Error(), want)
			}
			if got := re.List(); len(got) != len(list) || !strings.Contains(got.Error(), "is weak") {
				t.Errorf("problems %v", got)
			}
		})
	}
}

// TestRequiredUnchecked: a jurisdiction no checklist of processor rules
// applies to passes a required check, as --allow-unchecked; its summary
// still says it is unchecked.
func TestRequiredUnchecked(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, library.InfoFile, "version:", "check: required\nversion:")
	noChecklist("dpdp-processor")(t, m)
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	doc, tree := assembleWith(t, lib, "ojoo")
	c := NewChecker(lib)
	if sum := c.Check(doc, tree); !sum.Unchecked || sum.OK {
		t.Fatalf("want India unchecked and failing the plain check: %+v", sum)
	}
	if err := c.Required(doc, tree); err != nil {
		t.Errorf("unchecked India refused: %v", err)
	}
}

// TestCheckPolicyErrors: a check: value other than notes or required is an
// error at its line, saying what is wanted.
func TestCheckPolicyErrors(t *testing.T) {
	for _, val := range []string{"requird", "[required]", "true"} {
		m := librarytest.Copy(t)
		librarytest.Replace(t, m, library.InfoFile, "version:", "check: "+val+"\nversion:")
		_, err := library.Load(m)
		var de *diag.Error
		if !errors.As(err, &de) || de.File != library.InfoFile || de.Line != 4 || !strings.Contains(err.Error(), "want notes") || !strings.Contains(err.Error(), "or required") {
			t.Errorf("check: %s: got %v", val, err)
		}
	}
}
