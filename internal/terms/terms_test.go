package terms_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/terms"
)

// report assembles the request from the library in fsys and checks its terms.
func report(t *testing.T, fsys fs.FS, req library.Request) *terms.Report {
	t.Helper()
	lib, err := library.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return terms.Document(doc, r.Tree, lib.Names)
}

func problems(r *terms.Report) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Err().Error())
	}
	return out
}

// TestLibraryVariants is the check lint runs in CI: both house styles
// define every term they use as one, use every term they define, and
// define each once.
func TestLibraryVariants(t *testing.T) {
	m := librarytest.Copy(t)
	for _, tc := range []struct {
		variant string
		terms   []string // some of the terms it must find defined
	}{
		{"opsium", []string{"Agreement", "DPA", "Processor", "Controller", "Customer", "Sub-Processors"}},
		{"ojoo", []string{"DPA", "Ojoo", "Agreement", "Applicable Data Protection Laws", "Personal Data", "Subprocessor", "Supervisory Authority"}},
	} {
		t.Run(tc.variant, func(t *testing.T) {
			rep := report(t, m, library.Request{Variant: tc.variant})
			if got := problems(rep); len(got) > 0 {
				t.Errorf("defined-terms problems in %s:\n%s", tc.variant, strings.Join(got, "\n"))
			}
			found := map[string]int{}
			for _, tm := range rep.Terms {
				found[tm.Name] = tm.Uses
			}
			for _, want := range tc.terms {
				if uses, ok := found[want]; !ok || uses == 0 {
					t.Errorf("term %q: defined %v, %d uses; want defined and used", want, ok, uses)
				}
			}
		})
	}
}

// TestSentences puts one sentence into a clause of the Opsium variant
// (which defines Agreement, DPA, Processor, Controller, Customer and
// Sub-Processors) and checks what the terms check says about it.
func TestSentences(t *testing.T) {
	const (
		file = "clauses/duration.md"
		old  = "{{ .processor.name }} will process personal data for the duration of the service relationship with the Customer, and thereafter only as required for legal, regulatory, or contractual obligations."
	)
	for _, tc := range []struct {
		name     string
		sentence string
		sets     []string
		want     []string // problems, in order; none if empty
	}{
		{"defined terms, plural and possessive", "The Customer’s Sub-Processor and the Customers are bound by this Agreement and the DPA.", nil, nil},
		{"first word of a sentence", "Processing is done. Each Customer is bound. Duration varies.", nil, nil},
		{"acronyms are names", "Data stays in the EEA under the GDPR and SCCs.", nil, nil},
		{"compound with a term", "Customer-initiated deletion and DPA-level controls apply.", nil, nil},
		{"listed names", "It follows the Privacy Policy and the Terms of Service.", nil, nil},
		{"variable values are names", "{{ .customer.name }} signs on {{ .last_updated }}.", []string{"customer.name=Acme Widgets Ltd"}, nil},
		{"label", "Last Updated: today.", nil, nil},
		// Regression: the SCC citation of scc.md ("in accordance with
		// Clauses 8.8 and 9(b) of Module Two") was an undefined "Clauses".
		{"citations are not terms", "It acts in accordance with Clauses 8.8 and 9(b), Section 15(m), Articles 28 and 82 and Annex 2.", nil, nil},
		{"a capitalized noun without a number still is", "The Clauses apply.", nil, []string{
			`clauses/duration.md:10:5: "Clauses" is used as a defined term but not defined (define it, write it in lower case, or list it as a name in templates/terms.yaml)`}},
		{"undefined phrase", "It follows the Cookie Policy.", nil, []string{
			`clauses/duration.md:10:16: "Cookie Policy" is used as a defined term but not defined (define it, write it in lower case, or list it as a name in templates/terms.yaml)`}},
		{"undefined, reported once with its other lines", "Customer Data is kept.\n\nThe Customer Data is moved.", nil, []string{
			`clauses/duration.md:10:1: "Customer Data" is used as a defined term but not defined here and on line 12 (define it, write it in lower case, or list it as a name in templates/terms.yaml)`}},
		{"a term inside a longer phrase", "The Processor Team decides.", nil, []string{
			`clauses/duration.md:10:5: "Processor Team" is used as a defined term but not defined (define it, write it in lower case, or list it as a name in templates/terms.yaml)`}},
		{"singular of a differently spelt term", "Each Subprocessor is bound.", nil, []string{
			`clauses/duration.md:10:6: "Subprocessor" is used as a defined term but not defined (define it, write it in lower case, or list it as a name in templates/terms.yaml)`}},
		{"unused definition", "It keeps a log (the “Register”).", nil, []string{
			`clauses/duration.md:10:21: "Register" is defined but never used`}},
		{"definition used", "It keeps a log (the “Register”). The Register is kept.", nil, nil},
		{"duplicated definition", "It serves the Customer (“Customer”).", nil, []string{
			`clauses/duration.md:10:25: "Customer" is defined again; first defined in clauses/preamble.md:42`}},
		{"duplicated as a plural", "It uses vendors (“Sub-Processor”).", nil, []string{
			`clauses/subprocessors.md:60:70: "Sub-Processors" is defined again; first defined in clauses/duration.md:10`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, file, old, tc.sentence)
			vars := "[processor.name]"
			if strings.Contains(tc.sentence, "{{") {
				vars = "[customer.name, last_updated]"
			}
			librarytest.Replace(t, m, file, "variables: [processor.name]", "variables: "+vars)
			got := problems(report(t, m, library.Request{Variant: "opsium", Sets: tc.sets}))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestOtherProcessors checks the defined terms of the documents other
// processors' variables give, which take the branches the two house
// variants do not: a named customer, sub-processor tables, other laws.
func TestOtherProcessors(t *testing.T) {
	files, _ := filepath.Glob("../assemble/testdata/processors/*.yaml")
	cases, _ := filepath.Glob("../assemble/testdata/cases/*/vars.yaml")
	files = append(files, cases...)
	if len(files) < 6 {
		t.Fatalf("found only %q", files)
	}
	m := librarytest.Copy(t)
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rep := report(t, m, library.Request{Files: []library.Input{{Name: f, Data: data}}})
			if got := problems(rep); len(got) > 0 {
				t.Errorf("defined-terms problems:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}
