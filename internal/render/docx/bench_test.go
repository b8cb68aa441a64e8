package docx_test

import (
	"context"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

func resolved(b *testing.B, variant string) *library.Resolved {
	b.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		b.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: variant})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkFloor is template execution plus goldmark parsing of the Ojoo
// variant: the work every output format does before writing its own.
func BenchmarkFloor(b *testing.B) {
	r := resolved(b, "ojoo")
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, mdext.Extension))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		_ = md.Parser().Parse(text.NewReader(doc.Markdown), parser.WithContext(mdext.NewContext()))
	}
}

// BenchmarkOjooDOCX is the whole path for one document: template
// execution, parsing, and writing the DOCX, in one warm process.
func BenchmarkOjooDOCX(b *testing.B) {
	r := resolved(b, "ojoo")
	b.ReportAllocs()
	for b.Loop() {
		doc, err := assemble.Assemble(r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := docx.Render(context.Background(), doc, docx.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOjooRedline writes the Ojoo variant as a redline against the
// Opsium variant: two documents built, lined up and diffed.
func BenchmarkOjooRedline(b *testing.B) {
	a, err := assemble.Assemble(resolved(b, "opsium"))
	if err != nil {
		b.Fatal(err)
	}
	o, err := assemble.Assemble(resolved(b, "ojoo"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docx.Redline(context.Background(), a, o, docx.Options{}, docx.Revision{Author: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
