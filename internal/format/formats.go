package format

import (
	"bytes"
	"context"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// The formats of this package; package formats registers them with the
// others Clausemark ships with.
var (
	// Markdown is the assembled document as it is: GitHub Flavored
	// Markdown with numbered headings and cross-reference links.
	Markdown = &Format{
		Name: "md", Title: "Markdown", Aliases: []string{"markdown"}, Extension: ".md",
		MediaType:   "text/markdown; charset=utf-8",
		Description: "Markdown, as assembled",
		Render: func(ctx context.Context, doc *document.Document, _ Options) ([]byte, error) {
			return bytes.Clone(doc.Markdown), ctx.Err()
		},
	}
	// PDF is the document typeset for signing.
	PDF = &Format{
		Name: "pdf", Title: "PDF", Extension: ".pdf",
		MediaType:   "application/pdf",
		Description: "PDF, typeset for signing",
		Render: func(ctx context.Context, doc *document.Document, o Options) ([]byte, error) {
			return Typeset(ctx, doc.Markdown, NewInfo(doc.Meta, o).PDF(), o, StyleOptions(doc.Style)...)
		},
	}
)

// Typeset renders Markdown as PDF with the given metadata, stopping with
// ctx's error when ctx is done. The style's options, from [StyleOptions],
// come after the options o sets.
func Typeset(ctx context.Context, src []byte, info pdf.Info, o Options, style ...pdf.Option) ([]byte, error) {
	cfg := pdf.NewConfig()
	for _, o := range style {
		o(&cfg)
	}
	family := cfg.Family()
	fonts := o.Fonts
	if fonts == nil || fonts.Family() != family {
		var err error
		if fonts, err = pdf.LoadFamily(family); err != nil {
			return nil, err
		}
	}
	size := o.PageSize
	if size.Width == 0 {
		size = pdf.A4
	}
	var buf bytes.Buffer
	opts := append([]pdf.Option{pdf.WithFonts(fonts), pdf.WithPageSize(size), pdf.WithInfo(info), pdf.WithPDFA(o.PDFA)}, style...)
	r := pdf.NewRenderer(opts...)
	if err := r.ConvertContext(ctx, src, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// StyleOptions are the PDF settings of a house's page style: its family,
// text size, margins, lists, paragraph numbers, table of contents and logo.
// A nil style sets nothing.
func StyleOptions(st *document.Style) []pdf.Option {
	if st == nil {
		return nil
	}
	var opts []pdf.Option
	if st.Font == "sans" {
		opts = append(opts, pdf.WithFamily(pdf.Sans))
	}
	if st.Size > 0 {
		opts = append(opts, pdf.WithBodySize(st.Size))
	}
	if m := st.Margins; m != nil {
		opts = append(opts, pdf.WithMargins(pdf.Margins{Top: m.Top, Right: m.Right, Bottom: m.Bottom, Left: m.Left}))
	}
	if st.Lists == "legal" {
		opts = append(opts, pdf.WithLists(pdf.Legal))
	}
	if st.Paragraphs == "numbered" {
		opts = append(opts, pdf.WithNumberedParagraphs(true))
	}
	if st.Contents {
		opts = append(opts, pdf.WithContents(true))
	}
	if len(st.Logo) > 0 {
		opts = append(opts, pdf.WithLogo(st.Logo))
	}
	return opts
}

// PDF returns the PDF's metadata and running text.
func (in Info) PDF() pdf.Info {
	parties := make([]pdf.Party, len(in.Parties))
	for i, p := range in.Parties {
		parties[i] = pdf.Party{Name: p.Name, Role: p.Role}
	}
	return pdf.Info{
		Title: in.Title, Author: in.Author, Subject: in.Subject, Keywords: in.Keywords,
		Creator: in.Creator, ID: in.ID, Header: in.Header, Footer: in.Footer, Date: in.Date,
		Parties: parties,
	}
}
