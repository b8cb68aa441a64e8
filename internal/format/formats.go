package format

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
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
			return Typeset(ctx, doc.Markdown, Info(doc.Meta, o), o)
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
// ctx's error when ctx is done.
func Typeset(ctx context.Context, src []byte, info pdf.Info, o Options) ([]byte, error) {
	fonts := o.Fonts
	if fonts == nil {
		var err error
		if fonts, err = pdf.LoadFonts(); err != nil {
			return nil, err
		}
	}
	size := o.PageSize
	if size.Width == 0 {
		size = pdf.A4
	}
	var buf bytes.Buffer
	r := pdf.NewRenderer(pdf.WithFonts(fonts), pdf.WithPageSize(size), pdf.WithInfo(info), pdf.WithPDFA(o.PDFA))
	if err := r.ConvertContext(ctx, src, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Info is the PDF metadata of an assembled document: its title, the
// processor as author, a subject naming both parties, keywords (with the
// document's id), the creating program, and a footer with the template
// and library versions.
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
	subject := m.Title
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
	}
	return pdf.Info{
		Title:    m.Title,
		Author:   m.Processor,
		Subject:  subject,
		Keywords: strings.Join(keywords, ", "),
		Creator:  o.Creator,
		ID:       o.DocumentID,
		Footer:   fmt.Sprintf("%s %s · %s %s", m.Template, m.TemplateVer, m.Library, m.LibraryVersion),
		Date:     m.Date,
	}
}
