package terms

import (
	"slices"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/vars"
)

// FuzzDocument feeds arbitrary Markdown and variable values to the check:
// it must not panic, every problem must name a term, and the report must
// be the same on a second run.
func FuzzDocument(f *testing.F) {
	for _, s := range []string{
		"- **Customer** means the customer.\n- **Personal Data** means data.\n\nThe Customer’s Personal Data.",
		`This DPA ("DPA") binds the Customer (the “Customer”, “you”, or “your”).`,
		"# Heading Words\n\n| A | B |\n|---|---|\n| Cookie Policy | x |\n\nLast Updated: now. See [Section 3 (Title)](#3-title).",
		"Customer-initiated NDA-level Sub-Processors’ **Label:** `Code Span` <b>Raw</b> a\\\nB C",
		"(“”) (\"A\" or) ((\"B\")) \"C\" ” “ \x1f\x1e Ünïcode Wörds and İstanbul ǅ",
	} {
		f.Add(s, "Acme Widgets Ltd")
	}
	f.Fuzz(func(t *testing.T, md, name string) {
		alt := &clause.Alternative{Name: clause.DefaultAlternative, Clause: &clause.Clause{File: "clauses/x.md"}}
		doc := &assemble.Document{Sections: []assemble.Section{
			{ClauseID: "x", Clause: alt, Text: md},
			{ClauseID: "y", Clause: alt, Text: md},
		}}
		tree := vars.Tree{"customer": map[string]any{"name": vars.Text(name)}, "list": []any{vars.Text(name), "Fixed Name"}}
		names := []string{"Privacy Policy", name}
		run := func() []string {
			var out []string
			for _, p := range Document(doc, tree, names).Problems {
				if p.Term == "" {
					t.Errorf("problem without a term: %v", p.Err())
				}
				out = append(out, p.Err().Error())
			}
			return out
		}
		if a, b := run(), run(); !slices.Equal(a, b) {
			t.Errorf("two runs differ:\n%q\n%q", a, b)
		}
	})
}
