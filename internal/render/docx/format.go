package docx

import (
	"context"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
)

// Format is the DOCX format, a Word document for negotiation: Word numbers
// the sections and keeps the cross-references, as fields, right after an
// edit.
var Format = &format.Format{
	Name: "docx", Title: "Word", Aliases: []string{"word"}, Extension: ".docx",
	MediaType:   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	Description: "Word, with Word's own numbering and cross-references",
	Render: func(ctx context.Context, doc *document.Document, o format.Options) ([]byte, error) {
		return Render(ctx, doc, OptionsFor(doc.Meta, o))
	},
}

// OptionsFor returns the DOCX settings of the document m describes,
// rendered with o: the metadata and footer every format writes
// (format.NewInfo), and the paper size.
func OptionsFor(m document.Meta, o format.Options) Options {
	in := format.NewInfo(m, o)
	page := A4
	if o.PageSize.Width > 0 {
		page = Page{Width: o.PageSize.Width, Height: o.PageSize.Height}
	}
	return Options{Page: page, Info: Info{
		Title: in.Title, Author: in.Author, Subject: in.Subject, Keywords: in.Keywords,
		Creator: in.Creator, Header: in.Header, Footer: in.Footer, Date: in.Date, ID: in.ID,
	}}
}
