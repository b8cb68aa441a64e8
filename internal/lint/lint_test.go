package lint

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

func lintOf(t *testing.T, m fstest.MapFS) error {
	t.Helper()
	lib, err := library.Load(m)
	if err != nil {
		return err
	}
	return Check(lib)
}

func TestLibraryIsClean(t *testing.T) {
	if err := lintOf(t, librarytest.Copy(t)); err != nil {
		t.Fatalf("lint of the library:\n%v", err)
	}
}

func TestCatches(t *testing.T) {
	const duration = "clauses/duration.md"
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, m fstest.MapFS)
		want string
	}{
		{"literal processor name", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, "will process personal data", "will process, as Opsium does, personal data")
		}, `clauses/duration.md:10:40: processor name "Opsium" written literally`},
		{"literal legal name in a template", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "templates/documents/dpa-full.yaml", "description: Comprehensive", "description: Ojoo Software Services Private Limited's comprehensive")
		}, `templates/documents/dpa-full.yaml:6:14: processor name "Ojoo Software Services Private Limited" written literally`},
		{"undeclared variable", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, "the Customer, and", "{{ .customer.nmae }}, and")
		}, `clauses/duration.md:10:112: variable "customer.nmae": undeclared variable`},
		{"used but not listed", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, "the Customer, and", "{{ .venue }}, and")
		}, `variable "venue": used but not listed in the variables of alternative "shared"`},
		{"listed but unused", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, "variables: [processor.name]", "variables: [processor.name, venue]")
		}, `clauses/duration.md:5:1: variable "venue": listed in the variables of alternative "shared" but never used`},
		{"declared but used by no template", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "templates/variables.yaml", "venue:\n", "unused.thing:\n  type: text\n  description: Nobody uses this.\n\nvenue:\n")
		}, `variable "unused.thing": declared but used by no template`},
		{"variable without a label", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "templates/variables.yaml", "  label: Deletion period\n", "")
		}, `variable "deletion.days": has no label: the form would call it "Deletion days"`},
		{"list field without a label", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "templates/variables.yaml", "      label: Purpose\n", "")
		}, `variable "subprocessors": field purpose has no label: the form would call it "Purpose"`},
		{"reference to a clause not in the template", func(t *testing.T, m fstest.MapFS) {
			librarytest.RemovePart(t, m, "templates/documents/dpa-concise.yaml", "deletion")
		}, `clauses/duration.md:12:71: ref "deletion": clause is not in template dpa-concise`},
		{"reference to no clause", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, `{{ ref "deletion" }}`, `{{ ref "deleton" }}`)
		}, `ref "deleton": no such clause`},
		{"short reference to no clause", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, `{{ ref "deletion" }}`, `{{ refShort "deleton" }}`)
		}, `clauses/duration.md:12:71: ref "deleton": no such clause`},
		{"undefined term", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, "will process personal data", "will process Customer Data")
		}, `clauses/duration.md:10:36: "Customer Data" is used as a defined term but not defined (define it, write it in lower case, or list it as a name in templates/terms.yaml) [variant opsium]`},
		{"unused definition", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, duration, "with the Customer, and", "with the Customer (the “Client”), and")
		}, `clauses/duration.md:10:118: "Client" is defined but never used [variant opsium]`},
		{"duplicated definition", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "clauses/term.md", "The term of this DPA", `The term of this Data Processing Agreement ("DPA")`)
		}, `clauses/term.md:39:45: "DPA" is defined again; first defined in clauses/preamble.md:52 [variant ojoo]`},
		{"names file that is not a list", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "templates/terms.yaml", "names:", "nmaes:")
		}, `templates/terms.yaml:12:1: unknown key "nmaes" (want names)`},
		{"variant that does not render", func(t *testing.T, m fstest.MapFS) {
			librarytest.Replace(t, m, "templates/variants/opsium.yaml", "jurisdiction: eu", "jurisdiction: xx")
		}, `templates/variants/opsium.yaml:36:15: variable "jurisdiction": must be one of`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			tc.edit(t, m)
			err := lintOf(t, m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("lint error = %v\nwant one containing %q", err, tc.want)
			}
		})
	}
}

func TestChecklistReferences(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "templates/jurisdictions.yaml", "checklist: uk-art28", "checklist: uk-art99")
	librarytest.Replace(t, m, "clauses/duration.md", "covers: [duration]", "covers: [duration, teleportation]")
	err := lintOf(t, m)
	for _, want := range []string{`jurisdiction "uk" names checklist "uk-art99"`, `clauses/duration.md:5:1: alternative "shared" covers "teleportation", an element no checklist defines`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("lint error %v lacks %q", err, want)
		}
	}
}

// TestLintBounded: lint, which CI runs on a library's pull requests,
// renders every variant; a clause without a bound on its work fails with
// the clause's file and line, once, and lint renders no further variant.
func TestLintBounded(t *testing.T) {
	const duration = "clauses/duration.md"
	for _, tc := range []struct {
		name, body string
		line, col  int
	}{
		// Refused when the library loads.
		{"literal repeat", `{{ repeat 2000000000 "x" }}`, 10, 4},
		{"literal range", `{{ range 100000000 }}word {{ end }}`, 10, 10},
		// Stopped when the variant renders.
		{"computed count", `{{ repeat (atoi "2000000000") "x" }}`, 10, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, duration, "{{ .processor.name }} will process", tc.body+"{{ .processor.name }} will process")
			err := lintOf(t, m)
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want a list of problems", err)
			}
			found := 0
			for _, e := range list {
				var le *funcs.LimitError
				if errors.As(e, &le) {
					found++
					if e.File != duration || e.Line != tc.line || e.Col != tc.col {
						t.Errorf("got %v, want it at %s:%d:%d", e, duration, tc.line, tc.col)
					}
				}
			}
			if found != 1 {
				t.Errorf("%d bound errors in:\n%v", found, err)
			}
		})
	}
}
