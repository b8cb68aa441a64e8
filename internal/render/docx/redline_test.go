package docx_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/textmatch"
)

var rev = docx.Revision{Author: "Counsel <&>", Date: time.Date(2026, 5, 29, 0, 0, 0, 0, time.UTC)}

func redline(t testing.TB, a, b *document.Document) []byte {
	t.Helper()
	data, err := docx.Redline(context.Background(), a, b, docx.OptionsFor(b.Meta, format.Options{}), rev)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// words returns the words of a DOCX body with its changes accepted (skip
// "w:del") or rejected (skip "w:ins").
func words(t testing.TB, data []byte, skip string) []string {
	t.Helper()
	body := parseXML(t, unzip(t, data)["word/document.xml"])
	var b strings.Builder
	for _, p := range body.all("w:p") {
		b.WriteString(paraText(p, skip) + "\n")
	}
	return textmatch.Words(b.String())
}

// redlineCases are pairs of documents that differ in words, whole
// paragraphs, list items, table rows and whole clauses.
func redlineCases(t *testing.T) []struct {
	name string
	a, b *document.Document
} {
	return []struct {
		name string
		a, b *document.Document
	}{
		{"a value changed", variant(t, "ojoo"), variant(t, "ojoo", "customer.name=Globex Corporation", "deletion.days=45")},
		{"another law: clauses and paragraphs in and out", variant(t, "ojoo"), variant(t, "ojoo", customerIn("Germany", "jurisdiction=de", "venue=")...)},
		{"table rows added", variant(t, "ojoo"), variant(t, "ojoo", `subprocessors=[{"name":"Stripe, Inc.","purpose":"Payments","location":"United States"},{"name":"AWS","purpose":"Hosting","location":"Ireland"}]`)},
		{"one template against the other", variant(t, "opsium"), variant(t, "ojoo")},
		{"the fixture with a changed value", fixture(t), fixture(t, "days=60", "customer.name=Initech")},
	}
}

// TestRedline shows that accepting every change gives B's words and
// rejecting every change gives A's, and that each change has its author
// and date; a redline of a document against itself has no change.
func TestRedline(t *testing.T) {
	for _, tc := range redlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			data := redline(t, tc.a, tc.b)
			wantA := words(t, render(t, tc.a), "")
			wantB := words(t, render(t, tc.b), "")
			if got := words(t, data, "w:del"); strings.Join(got, " ") != strings.Join(wantB, " ") {
				t.Errorf("accepting every change gives %d words, not B's %d (ratio %.3f)", len(got), len(wantB), textmatch.Ratio(got, wantB))
			}
			if got := words(t, data, "w:ins"); strings.Join(got, " ") != strings.Join(wantA, " ") {
				t.Errorf("rejecting every change gives %d words, not A's %d (ratio %.3f)", len(got), len(wantA), textmatch.Ratio(got, wantA))
			}
			parts := unzip(t, data)
			body := parseXML(t, parts["word/document.xml"])
			changes := append(body.all("w:ins"), body.all("w:del")...)
			if len(changes) == 0 {
				t.Fatal("no tracked change")
			}
			for _, c := range changes {
				if c.attrs["w:author"] != rev.Author || c.attrs["w:date"] != "2026-05-29T00:00:00Z" || c.attrs["w:id"] == "" {
					t.Fatalf("change %v lacks its author, date or id", c.attrs)
				}
			}
			if !strings.Contains(string(parts["word/settings.xml"]), "<w:trackRevisions/>") {
				t.Error("change tracking is off")
			}
			ids := map[string]bool{}
			for _, name := range []string{"w:ins", "w:del", "w:bookmarkStart"} {
				for _, n := range body.all(name) {
					if ids[n.attrs["w:id"]] {
						t.Fatalf("id %s used twice", n.attrs["w:id"])
					}
					ids[n.attrs["w:id"]] = true
				}
			}
		})
	}
	for _, doc := range []*document.Document{variant(t, "ojoo"), fixture(t)} {
		body := string(unzip(t, redline(t, doc, doc))["word/document.xml"])
		if strings.Contains(body, "<w:ins ") || strings.Contains(body, "<w:del ") {
			t.Errorf("%s against itself has changes", doc.Meta.Template)
		}
	}
}

// TestRedlineNumbers counts the numbers Word shows a redline's
// paragraphs with its changes accepted and rejected: section, paragraph
// and list numbers are B's and A's, in order, one by one. Rejecting puts
// back a paragraph's numbering from its tracked change of properties
// (w:pPrChange); a deleted list item counts in the list it was deleted
// from.
func TestRedlineNumbers(t *testing.T) {
	numbers := func(data []byte, skip string) []string {
		parts := unzip(t, data)
		nb := newNumberer(t, parts)
		var out []string
		for _, p := range parseXML(t, parts["word/document.xml"]).all("w:p") {
			ppr := p.child("w:pPr")
			if ppr != nil && ppr.child("w:rPr") != nil && ppr.child("w:rPr").child(skip) != nil || rowChanged(p, skip) {
				continue // the paragraph goes with the change
			}
			if ppr != nil && skip == "w:ins" && ppr.child("w:pPrChange") != nil {
				was := *p
				was.children = []*node{ppr.child("w:pPrChange").child("w:pPr")}
				p = &was
			}
			if n := nb.number(p); n != "" {
				out = append(out, n)
			}
		}
		return out
	}
	for _, tc := range redlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			data := redline(t, tc.a, tc.b)
			for _, c := range []struct {
				skip, side string
				doc        *document.Document
			}{{"w:del", "accepted", tc.b}, {"w:ins", "rejected", tc.a}} {
				got, want := numbers(data, c.skip), numbers(render(t, c.doc), c.skip)
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%s: %d numbers, want %d: %s", c.side, len(got), len(want), numberDiff(got, want))
				}
			}
		})
	}
}

// rowChanged reports whether paragraph p is in a table row marked skip.
func rowChanged(p *node, skip string) bool {
	for r := p.parent; r != nil; r = r.parent {
		if r.name == "w:tr" {
			pr := r.child("w:trPr")
			return pr != nil && pr.child(skip) != nil
		}
	}
	return false
}

// numberDiff describes where got and want first differ.
func numberDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("number %d is %q, want %q (after %q)", i, got[i], want[i], strings.Join(want[max(0, i-5):i], " "))
		}
	}
	return fmt.Sprintf("the first %d agree", min(len(got), len(want)))
}

// TestRedlineWhole shows whole changes as such: a clause only in B is
// inserted paragraph by paragraph, marks included, and a table row only
// in B is an inserted row.
func TestRedlineWhole(t *testing.T) {
	a := variant(t, "ojoo")
	b := variant(t, "ojoo", `subprocessors=[{"name":"Stripe, Inc.","purpose":"Payments","location":"United States"}]`)
	body := parseXML(t, unzip(t, redline(t, a, b))["word/document.xml"])
	insertedRows := 0
	for _, tr := range body.all("w:tr") {
		if pr := tr.child("w:trPr"); pr != nil && pr.child("w:ins") != nil {
			insertedRows++
		}
	}
	if insertedRows < 2 {
		t.Errorf("%d inserted table rows, want the subprocessor table's header and row", insertedRows)
	}
	a = variant(t, "ojoo", customerIn("Germany", "jurisdiction=de", "venue=")...)
	b = variant(t, "ojoo")
	body = parseXML(t, unzip(t, redline(t, a, b))["word/document.xml"])
	marks := 0
	for _, p := range body.all("w:p") {
		if pr := p.child("w:pPr"); pr != nil && pr.child("w:rPr") != nil && pr.child("w:rPr").child("w:del") != nil {
			marks++
		}
	}
	if marks == 0 {
		t.Error("no paragraph deleted whole: the German transfer clauses should be")
	}
}

// TestRedlineBounded redlines paragraphs too long to diff word by word: the
// change is a whole replacement, still exact when accepted or rejected.
func TestRedlineBounded(t *testing.T) {
	long := strings.Repeat("word ", 5000)
	a := &document.Document{Markdown: []byte("# T\n\n" + long + "alpha\n")}
	b := &document.Document{Markdown: []byte("# T\n\n" + long + "beta\n")}
	data, err := docx.Redline(context.Background(), a, b, docx.Options{}, rev)
	if err != nil {
		t.Fatal(err)
	}
	for skip, doc := range map[string]*document.Document{"w:del": b, "w:ins": a} {
		got, want := words(t, data, skip), words(t, render(t, doc), "")
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("skipping %s: %d words ending %q, want %d ending %q", skip, len(got), got[len(got)-1], len(want), want[len(want)-1])
		}
	}
}
