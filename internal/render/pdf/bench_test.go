package pdf_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// variantDoc assembles a variant.
func variantDoc(tb testing.TB, variant string) *assemble.Document {
	tb.Helper()
	doc, err := assemble.Assemble(resolved(tb, variant))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func resolved(tb testing.TB, variant string) *library.Resolved {
	tb.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: variant})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// BenchmarkFloor is template execution plus goldmark parsing of the Ojoo
// variant: the work every output format does before typesetting.
func BenchmarkFloor(b *testing.B) {
	r := resolved(b, "ojoo")
	md := pdf.NewRenderer().Markdown()
	b.ReportAllocs()
	for b.Loop() {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		_ = md.Parser().Parse(text.NewReader(doc.Markdown), parser.WithContext(mdext.NewContext()))
	}
}

// BenchmarkOjooPDF is the whole path for one document: template
// execution, parsing and typesetting, in one warm process.
func BenchmarkOjooPDF(b *testing.B) { benchOjoo(b) }

// BenchmarkOjooPDFStyled is BenchmarkOjooPDF in Ojoo's house style, as
// render makes it: lettered lists, numbered paragraphs and a table of
// contents.
func BenchmarkOjooPDFStyled(b *testing.B) {
	benchOjoo(b, pdf.WithLists(pdf.Legal), pdf.WithNumberedParagraphs(true), pdf.WithContents(true))
}

// benchOjoo assembles and typesets the Ojoo variant with opts.
func benchOjoo(b *testing.B, opts ...pdf.Option) {
	r := resolved(b, "ojoo")
	fonts, err := pdf.LoadFonts()
	if err != nil {
		b.Fatal(err)
	}
	opts = append([]pdf.Option{pdf.WithFonts(fonts)}, opts...)
	b.ReportAllocs()
	for b.Loop() {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := pdf.NewRenderer(opts...).Convert(doc.Markdown, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOjooPDFUntagged is BenchmarkOjooPDFStyled without the
// structure tree, to show what tagging costs.
func BenchmarkOjooPDFUntagged(b *testing.B) {
	benchOjoo(b, pdf.WithLists(pdf.Legal), pdf.WithNumberedParagraphs(true), pdf.WithContents(true), pdf.WithTags(false))
}

// BenchmarkOjooPDFx10 typesets the Ojoo text repeated ten times, to show
// that cost grows linearly with length.
func BenchmarkOjooPDFx10(b *testing.B) {
	doc := variantDoc(b, "ojoo")
	src := []byte(strings.Repeat(string(doc.Markdown)+"\n\n", 10))
	fonts, err := pdf.LoadFonts()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := pdf.NewRenderer(pdf.WithFonts(fonts)).Convert(src, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOjooPDFParallel renders on every core at once, as batch does.
func BenchmarkOjooPDFParallel(b *testing.B) {
	doc := variantDoc(b, "ojoo")
	fonts, err := pdf.LoadFonts()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var buf bytes.Buffer
		for pb.Next() {
			buf.Reset()
			if err := pdf.NewRenderer(pdf.WithFonts(fonts)).Convert(doc.Markdown, &buf); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
