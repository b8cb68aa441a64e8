package docx_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/docx"
)

// BenchmarkFloor is template execution plus goldmark parsing of the Ojoo
// variant: the work every output format does before writing its own.
func BenchmarkFloor(b *testing.B) {
	r := resolve(b, "ojoo")
	md := mdext.New()
	b.ReportAllocs()
	for b.Loop() {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		_ = mdext.Parse(md, doc.Markdown)
	}
}

// BenchmarkOjooDOCX is the whole path for one document: template
// execution, parsing, and writing the DOCX, in one warm process.
func BenchmarkOjooDOCX(b *testing.B) {
	r := resolve(b, "ojoo")
	b.ReportAllocs()
	for b.Loop() {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := docx.Render(context.Background(), doc.Model(), docx.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOjooRedline writes the Ojoo variant as a redline against the
// Opsium variant: two documents built, lined up and diffed.
func BenchmarkOjooRedline(b *testing.B) {
	a, o := variant(b, "opsium"), variant(b, "ojoo")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docx.Redline(context.Background(), a, o, docx.Options{}, docx.Revision{Author: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedlineLongClauses writes a redline of two documents whose one
// clause is a paragraph of 230,000 words, the middle third different: as
// in internal/compare, the equal head and tail line up and the middle,
// past seqalign.MaxCells, is one deletion and one insertion. It took more
// than 120 s before the redline joined the changed words in linear time.
func BenchmarkRedlineLongClauses(b *testing.B) {
	clause := func(mid string) *document.Document {
		var s strings.Builder
		s.WriteString("# Title\n\n## 1. Clause\n\n")
		for i := range 230000 {
			w := "word" + strconv.Itoa(i%1000)
			if i > 230000/3 && i < 2*230000/3 {
				w = mid + strconv.Itoa(i)
			}
			s.WriteString(w + " ")
		}
		s.WriteString("\n")
		return &document.Document{Markdown: []byte(s.String())}
	}
	a, o := clause("old"), clause("new")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docx.Redline(context.Background(), a, o, docx.Options{}, docx.Revision{Author: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
