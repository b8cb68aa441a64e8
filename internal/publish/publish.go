// Package publish turns an assembled document into the bytes of an output
// format: Markdown as assembled, or PDF typeset with the document's
// metadata. The render, pdf and batch commands share it.
package publish

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// The output formats.
const (
	Markdown = "md"
	PDF      = "pdf"
)

// Formats lists the formats in the order they are written.
var Formats = []string{PDF, Markdown}

// Options says how documents are published.
type Options struct {
	Creator  string       // program and version, for the PDF metadata
	PageSize pdf.PageSize // PDF paper size; zero means A4
	Fonts    *pdf.Fonts   // parsed fonts to share; nil loads them
}

// ParseFormats parses a comma-separated list such as "pdf,md".
func ParseFormats(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch f {
		case PDF, Markdown:
		case "markdown":
			f = Markdown
		default:
			return nil, fmt.Errorf("unknown format %q (want pdf, md or both, as pdf,md)", f)
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out, nil
}

// Bytes returns doc in format. Typesetting stops with ctx's error when
// ctx is done.
func Bytes(ctx context.Context, doc *assemble.Document, format string, o Options) ([]byte, error) {
	switch format {
	case Markdown:
		return doc.Markdown, nil
	case PDF:
		return Typeset(ctx, doc.Markdown, Info(doc.Meta, o.Creator), o)
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

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
	r := pdf.NewRenderer(pdf.WithFonts(fonts), pdf.WithPageSize(size), pdf.WithInfo(info))
	if err := r.ConvertContext(ctx, src, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Info is the PDF metadata of an assembled document: its title, the
// processor as author, a subject naming both parties, keywords, the
// creating program, and a footer with the template and library versions.
func Info(m assemble.Meta, creator string) pdf.Info {
	keywords := []string{"Data Processing Agreement", "DPA"}
	if m.Law != "" {
		keywords = append(keywords, m.Law)
	}
	if m.Customer != "" {
		keywords = append(keywords, m.Customer)
	}
	customer := m.Customer
	if customer == "" {
		customer = "the Customer"
	}
	return pdf.Info{
		Title:    m.Title,
		Author:   m.Processor,
		Subject:  m.Title + " between " + m.Processor + " and " + customer,
		Keywords: strings.Join(keywords, ", "),
		Creator:  creator,
		Footer:   fmt.Sprintf("%s %s · %s %s", m.Template, m.TemplateVer, m.Library, m.LibraryVersion),
		Date:     m.Date,
	}
}
