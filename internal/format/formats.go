package format

import (
	"bytes"
	"context"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// The formats Clausemark ships with.
var (
	// Markdown is the assembled document as it is: GitHub Flavored
	// Markdown with numbered headings and cross-reference links.
	Markdown = &Format{
		Name: "md", Title: "Markdown", Aliases: []string{"markdown"}, Extension: ".md",
		MediaType:   "text/markdown; charset=utf-8",
		Description: "Markdown, as assembled",
		Render: func(ctx context.Context, doc *assemble.Document, _ Options) ([]byte, error) {
			return bytes.Clone(doc.Markdown), ctx.Err()
		},
	}
	// HTML is a standalone page of the document.
	HTML = &Format{
		Name: "html", Title: "HTML", Extension: ".html",
		MediaType:   "text/html; charset=utf-8",
		Description: "a standalone HTML page",
		Render: func(ctx context.Context, doc *assemble.Document, _ Options) ([]byte, error) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			return html.Page(doc.Title, doc.Markdown)
		},
	}
	// PDF is the document typeset for signing.
	PDF = &Format{
		Name: "pdf", Title: "PDF", Extension: ".pdf",
		MediaType:   "application/pdf",
		Description: "PDF, typeset for signing",
		Render: func(ctx context.Context, doc *assemble.Document, o Options) ([]byte, error) {
			var st *library.Style
			if doc.Template != nil {
				st = doc.Template.Style
			}
			return Typeset(ctx, doc.Markdown, Info(doc.Meta, o), o, StyleOptions(st)...)
		},
	}
	// DOCX is a Word document for negotiation: Word numbers the sections
	// and keeps the cross-references, as fields, right after an edit.
	DOCX = &Format{
		Name: "docx", Title: "Word", Aliases: []string{"word"}, Extension: ".docx",
		MediaType:   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		Description: "Word, with Word's own numbering and cross-references",
		Render: func(ctx context.Context, doc *assemble.Document, o Options) ([]byte, error) {
			return docx.Render(ctx, doc, DocxOptions(doc.Meta, o))
		},
	}
)

var defaultRegistry = mustRegistry(Markdown, HTML, PDF, DOCX)

// DocxOptions are the DOCX settings of a document: the metadata and
// footer of the PDF, and the paper size.
func DocxOptions(m assemble.Meta, o Options) docx.Options {
	in := Info(m, o)
	page := docx.A4
	if o.PageSize.Width > 0 {
		page = docx.Page{Width: o.PageSize.Width, Height: o.PageSize.Height}
	}
	return docx.Options{Page: page, Info: docx.Info{
		Title: in.Title, Author: in.Author, Subject: in.Subject, Keywords: in.Keywords,
		Creator: in.Creator, Footer: in.Footer, Date: in.Date, ID: in.ID,
	}}
}

func mustRegistry(fs ...*Format) *Registry {
	r, err := NewRegistry(fs...)
	if err != nil {
		panic(err) // the formats above are fixed; a clash is a programming error
	}
	return r
}

// Default returns the registry of every format Clausemark ships with.
func Default() *Registry { return defaultRegistry }

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
func StyleOptions(st *library.Style) []pdf.Option {
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
	if len(st.LogoData) > 0 {
		opts = append(opts, pdf.WithLogo(st.LogoData))
	}
	return opts
}

// Info is the PDF metadata and running text of an assembled document: its
// title; the parties, in the title block and beside the title in the
// running header; the document's reference (its id) and date in the
// footer; and, in the metadata, the processor as author, a subject naming
// both parties, keywords with the template's and the library's versions,
// and the creating program.
func Info(m assemble.Meta, o Options) pdf.Info {
	keywords := []string{m.Title}
	if m.Law != "" {
		keywords = append(keywords, m.Law)
	}
	if m.Customer != "" {
		keywords = append(keywords, m.Customer)
	}
	if o.DocumentID != "" {
		keywords = append(keywords, o.DocumentID)
	}
	if m.Template != "" {
		keywords = append(keywords, m.Template+" "+m.TemplateVer)
	}
	if m.Library != "" {
		keywords = append(keywords, m.Library+" "+m.LibraryVersion)
	}
	subject := m.Title
	header := m.Title
	if m.Processor != "" || m.Customer != "" {
		customer := m.Customer
		if customer == "" {
			customer = "the Customer"
		}
		processor := m.Processor
		if processor == "" {
			processor = "the Processor"
		}
		subject += " between " + processor + " and " + customer
		header += " · " + processor + " and " + customer
	}
	var footer []string
	if o.DocumentID != "" {
		footer = append(footer, "Ref. "+o.DocumentID)
	}
	switch {
	case m.DateText != "":
		footer = append(footer, m.DateText)
	case !m.Date.IsZero():
		footer = append(footer, m.Date.Format("January 2, 2006"))
	}
	return pdf.Info{
		Title:    m.Title,
		Author:   m.Processor,
		Subject:  subject,
		Keywords: strings.Join(keywords, ", "),
		Creator:  o.Creator,
		ID:       o.DocumentID,
		Header:   header,
		Footer:   strings.Join(footer, " · "),
		Date:     m.Date,
		Parties:  []pdf.Party{{Name: m.Processor, Role: "Processor"}, {Name: m.Customer, Role: "Customer"}},
	}
}
