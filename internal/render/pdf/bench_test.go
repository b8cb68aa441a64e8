package pdf_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/format"
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

// BenchmarkTags typesets both seeds as render does (their house styles,
// their model's numbers, the title block, header and footer), tagged and
// untagged, to show what the structure tree costs in time and bytes
// (scripts/bench.sh's tags section compares them).
func BenchmarkTags(b *testing.B) {
	for _, variant := range []string{"ojoo", "opsium"} {
		for _, tags := range []bool{true, false} {
			name := variant + "/untagged"
			if tags {
				name = variant + "/tagged"
			}
			b.Run(name, func(b *testing.B) { benchTags(b, variant, tags) })
		}
	}
}

// benchTags assembles and typesets variant, tagged or not.
func benchTags(b *testing.B, variant string, tags bool) {
	r := resolved(b, variant)
	o := format.Options{Creator: "clausemark bench"}
	typeset := func() []byte {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		m := doc.Model()
		data, err := pdf.Typeset(context.Background(), m.Markdown, pdf.InfoFor(m.Meta, o), o,
			append(pdf.StyleOptions(m.Style), pdf.WithNumbers(m.Numbers), pdf.WithTags(tags))...)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	// Once before timing: the fonts' subsets, which a process makes once
	// and keeps, are made for whichever of the pair runs first.
	size := len(typeset())
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		typeset()
	}
	reportCPU(b, cpuTime()-cpu)
	b.ReportMetric(float64(size), "pdf-bytes")
}

// reportCPU reports the process's CPU time per operation, which other
// work on a shared machine disturbs less than the wall clock's.
func reportCPU(b *testing.B, used time.Duration) {
	if used > 0 {
		b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
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
