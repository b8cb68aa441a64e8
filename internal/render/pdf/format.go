package pdf

import (
	"bytes"
	"context"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/pdf/layout"
)

// Format is the PDF format, the document typeset for signing in its
// house's page style, as the registry of formats lists it.
var Format = &format.Format{
	Name: "pdf", Title: "PDF", Extension: ".pdf",
	MediaType:   "application/pdf",
	Description: "PDF, typeset for signing",
	Render: func(ctx context.Context, doc *document.Document, o format.Options) ([]byte, error) {
		info := InfoFor(doc.Meta, o)
		if doc.Style != nil {
			info.Lang = doc.Style.Language // the catalog's /Lang
		}
		return Typeset(ctx, doc.Markdown, info, o, append(StyleOptions(doc.Style), WithNumbers(doc.Numbers))...)
	},
	Prepare: func(st *document.Style) { layout.Prepare(family(st)) },
}

// family is the family that sets the text of style st: DejaVu Sans where
// it asks for "sans", else DejaVu Serif.
func family(st *document.Style) Family {
	if st != nil && st.Font == "sans" {
		return Sans
	}
	return Serif
}

// Typeset renders Markdown as PDF with the given metadata, on the paper
// and as the archival PDF that o asks for, stopping with ctx's error when
// ctx is done. The style's options, from [StyleOptions], come after the
// options o sets. The fonts are the process's, parsed once ([LoadFamily]).
func Typeset(ctx context.Context, src []byte, info Info, o format.Options, style ...Option) ([]byte, error) {
	var buf bytes.Buffer
	opts := append([]Option{WithPageSize(pageSize(o)), WithInfo(info), WithPDFA(o.PDFA)}, style...)
	if err := NewRenderer(opts...).ConvertContext(ctx, src, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pageSize returns the paper o asks paged formats to print on: A4 where
// it asks for none.
func pageSize(o format.Options) PageSize {
	if o.PageSize.Width == 0 {
		return A4
	}
	return PageSize(o.PageSize)
}

// StyleOptions are the PDF settings of a house's page style: its family,
// text size, margins, lists, paragraph numbers, table of contents, logo,
// hyphenation and the signature block's place line.
// A nil style sets nothing.
func StyleOptions(st *document.Style) []Option {
	if st == nil {
		return nil
	}
	var opts []Option
	if family(st) == Sans {
		opts = append(opts, WithFamily(Sans))
	}
	if st.Size > 0 {
		opts = append(opts, WithBodySize(st.Size))
	}
	if m := st.Margins; m != nil {
		opts = append(opts, WithMargins(Margins{Top: m.Top, Right: m.Right, Bottom: m.Bottom, Left: m.Left}))
	}
	if st.Lists == "legal" {
		opts = append(opts, WithLists(Legal))
	}
	if st.Paragraphs == "numbered" {
		opts = append(opts, WithNumberedParagraphs(true))
	}
	if st.Contents {
		opts = append(opts, WithContents(true))
	}
	if len(st.Logo) > 0 {
		opts = append(opts, WithLogo(st.Logo))
	}
	if st.NoHyphenation {
		opts = append(opts, WithHyphenation(false))
	}
	if st.SignaturePlace != "" {
		opts = append(opts, WithSignaturePlace(st.SignaturePlace))
	}
	return opts
}

// InfoFor returns the PDF's metadata and running text for the document m
// describes, rendered with o: what the document says about itself in
// every format ([format.NewInfo]).
func InfoFor(m document.Meta, o format.Options) Info {
	in := format.NewInfo(m, o)
	parties := make([]Party, len(in.Parties))
	for i, p := range in.Parties {
		parties[i] = Party{Name: p.Name, Role: p.Role}
	}
	return Info{
		Title: in.Title, Author: in.Author, Subject: in.Subject, Keywords: in.Keywords,
		Creator: in.Creator, ID: in.ID, Header: in.Header, Footer: in.Footer, Date: in.Date,
		Parties: parties, Dated: in.Dated,
	}
}
