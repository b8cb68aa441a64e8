// Package catalog is the registry of every output format Clausemark ships
// with: Markdown, HTML, PDF and Word. Each format's adapter lives with its
// renderer (format.Markdown, html.Format, pdf.Format, docx.Format); the
// catalog only puts them in order, above them all, so that none of them
// imports another.
package catalog

import (
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// Formats returns a registry of every format Clausemark ships with, in the
// order help texts list them: md, html, pdf, docx.
func Formats() *format.Registry {
	r, err := format.NewRegistry(format.Markdown, html.Format, pdf.Format, docx.Format)
	if err != nil {
		panic(err) // the formats are fixed; a clash is a programming error
	}
	return r
}
