package assemble_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// load loads the embedded library or fails the test.
func load(t testing.TB) *library.Library {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatalf("load library: %v", err)
	}
	return lib
}

// newProcessor is a new processor, none of the variants' own, called
// name and established in country, with a subprocessor in India; each
// style gets the details it prints, the full style the address.
func newProcessor(variant, name, legal, country, address string) []string {
	sets := []string{
		"processor.name=" + name,
		"processor.legal_name=" + legal,
		"processor.country=" + country,
		"processor.contact.privacy_email=privacy@" + strings.ToLower(name) + ".example",
		"subprocessors=[{name: Ojas Support Pvt Ltd, purpose: Customer support, location: India}]",
	}
	if variant == "ojoo" {
		return append(sets,
			"processor.services=logistics software and support",
			"processor.offerings=software and support services",
			"processor.products=[Logistics software.]",
			"processor.purposes=[Provide the Services.]",
			"processor.address=["+address+"]",
		)
	}
	return append(sets, "processor.hosting=Hetzner")
}

// assembled resolves req and assembles it, failing the test on error. It
// returns the resolution too, whose tree the check reads.
func assembled(t testing.TB, lib *library.Library, req library.Request) (*library.Resolved, *assemble.Document) {
	t.Helper()
	return assembledUnlessRefused(t, lib, req, false)
}

// assembledUnlessRefused is assembled for a document under Brazil's law
// whose processor rendering may have to refuse: where refused, it checks
// that rendering refuses it (librarytest.LGPDRefused) and returns no
// document.
func assembledUnlessRefused(t testing.TB, lib *library.Library, req library.Request, refused bool) (*library.Resolved, *assemble.Document) {
	t.Helper()
	r, err := lib.Resolve(req)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	doc, err := assemble.Assemble(r)
	if librarytest.LGPDRefused(t, refused, err) {
		return r, nil
	}
	return r, doc
}

// render resolves req and assembles it, failing the test on error.
func render(t testing.TB, lib *library.Library, req library.Request) string {
	t.Helper()
	_, doc := assembled(t, lib, req)
	return string(doc.Markdown)
}

// checked assembles the document of req and runs the lawyer's check on
// it; where refused, rendering must refuse it (assembledUnlessRefused)
// and checked returns nil.
func checked(t testing.TB, lib *library.Library, checker *check.Checker, req library.Request, refused bool) *check.Summary {
	t.Helper()
	r, doc := assembledUnlessRefused(t, lib, req, refused)
	if doc == nil {
		return nil
	}
	return checker.Check(doc, r.Tree)
}

// flatten folds the white space of md, so that lists and paragraphs
// compare as running text.
func flatten(md string) string { return strings.Join(strings.Fields(md), " ") }

// assertPhrases reports each phrase of want that text lacks, and each of
// not that it has, with the words around it.
func assertPhrases(t testing.TB, text string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q", w)
		}
	}
	for _, n := range not {
		if i := strings.Index(text, n); i >= 0 {
			t.Errorf("still has %q: …%s…", n, text[max(0, i-80):min(len(text), i+len(n)+80)])
		}
	}
}

// phraseRow is a row of a table of documents: its name, the request that
// renders it, the phrases it must contain and those it must not.
type phraseRow interface {
	phrases() (name string, req library.Request, want, not []string)
}

// runPhrases renders each row's document, in a subtest of the row's name,
// and checks its phrases (assertPhrases); with flat, lists and paragraphs
// are compared as running text (flatten).
func runPhrases[R phraseRow](t *testing.T, rows []R, flat bool) {
	t.Helper()
	lib := load(t)
	for _, row := range rows {
		name, req, want, not := row.phrases()
		t.Run(name, func(t *testing.T) {
			md := render(t, lib, req)
			if flat {
				md = flatten(md)
			}
			assertPhrases(t, md, want, not)
		})
	}
}

// assertSound reports, for the clauses of files that carry elements, each
// of elements that s finds required but not covered, and each weak
// wording, false claim and defined-terms problem that s finds in files.
func assertSound(t testing.TB, s *check.Summary, elements, files []string) {
	t.Helper()
	for _, e := range s.Elements {
		if e.Required && slices.Contains(elements, e.ID) && !e.Covered {
			t.Errorf("%s: %s (%s) not covered (weak %v, blank %v, sections %q)", e.Checklist, e.ID, e.Ref, e.Weak, e.Blank, e.Sections)
		}
	}
	for _, w := range s.Weak {
		if slices.Contains(files, w.File) {
			t.Errorf("weak: %s", w.Message)
		}
	}
	for _, c := range s.FalseClaims {
		if slices.Contains(files, "clauses/"+c.Clause+".md") {
			t.Errorf("false claim: %s", c.Message)
		}
	}
	for _, p := range s.TermProblems {
		if slices.Contains(files, p.File) {
			t.Errorf("defined terms: %s", p.Message)
		}
	}
}

// assertWeak reports each element of ids that s does not find weak, as the
// house wordings are.
func assertWeak(t testing.TB, s *check.Summary, ids []string) {
	t.Helper()
	for _, id := range ids {
		if !slices.ContainsFunc(s.Elements, func(e check.ElementInfo) bool { return e.ID == id && e.Weak }) {
			t.Errorf("house wording: %s is not weak", id)
		}
	}
}

// limitFails reports whether s fails the limit id at value.
func limitFails(s *check.Summary, id, value string) bool {
	return slices.ContainsFunc(s.Limits, func(l check.LimitInfo) bool { return l.ID == id && l.Value == value })
}
