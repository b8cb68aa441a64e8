package review

import (
	"bytes"
	"strings"
	"testing"
)

// TestHTML: the page groups the answers by clause, counts them by
// verdict, and escapes every word of the customer's.
func TestHTML(t *testing.T) {
	n, offer := int64(7), int64(14)
	rep := &Report{ID: "CM-22MX-23TK-K8WK-FEFN", Customer: "Globex <GmbH>", Processor: "Ojoo", Template: "dpa-full", Variant: "ojoo", Items: []Item{
		{Clause: "deletion", Title: "Data Retention and Deletion", Number: "14", Paragraph: 499, Kind: "replacement", Removed: "thirty (30)", Added: "seven (7)", Author: "Counsel", Verdict: Fallback, Reason: "Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days.", Path: "deletion.days", Value: &n, Offer: &offer},
		{Clause: "deletion", Title: "Data Retention and Deletion", Kind: "comment", Added: "thirty (30) days", Comment: `<script>alert("x")</script>`, Verdict: Legal, Reason: "a comment: for the house's lawyer to answer"},
		{Clause: "roles", Title: "Roles of the Parties", Kind: "insertion", Added: "and its affiliates", Verdict: Legal, Reason: "the text matches no wording of the library"},
	}}
	var b bytes.Buffer
	if err := WriteHTML(&b, rep); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<title>Review of CM-22MX-23TK-K8WK-FEFN</title>",
		"Ojoo and Globex &lt;GmbH&gt; (dpa-full, variant ojoo)",
		`3 changes:`, `<span class="fallback">1 fallback</span><span class="legal">2 needs legal review</span>`,
		`<h2>14. Data Retention and Deletion (deletion)</h2>`, `replacement by Counsel (paragraph 499, <code>deletion.days</code> = 7):`, `<span class="verdict">fallback</span>: Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days.`,
		`<div class="change fallback">`, `<del>thirty (30)</del> <ins>seven (7)</ins>`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`,
		`<h2>Roles of the Parties (roles)</h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("the customer's words are not escaped")
	}
	if strings.Count(page, "<section>") != 2 {
		t.Errorf("%d clauses, want 2", strings.Count(page, "<section>"))
	}
	b.Reset()
	if err := WriteHTML(&b, &Report{ID: "CM-X"}); err != nil || !strings.Contains(b.String(), "No changes: the text is as issued.") {
		t.Errorf("empty report: %v\n%s", err, b.String())
	}
}
