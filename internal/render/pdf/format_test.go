package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// TestFormat renders a document with the PDF format, on the paper the
// options name, and stops with a cancelled context's error.
func TestFormat(t *testing.T) {
	doc := &document.Document{Title: `Terms <&> "DPA"`, Markdown: []byte("# Terms\n\n## 1. One\n\nText <b>raw</b>.\n"), Meta: meta()}
	ctx := context.Background()
	for _, tc := range []struct {
		paper format.PageSize
		want  pdf.PageSize
	}{{format.PageSize{}, pdf.A4}, {format.A4, pdf.A4}, {format.Letter, pdf.Letter}} {
		data, err := pdf.Format.Render(ctx, doc, format.Options{Creator: "test", PageSize: tc.paper})
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatalf("pdf on %q: %v", tc.paper.Name, err)
		}
		check(t, data, tc.want)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := pdf.Format.Render(cancelled, doc, format.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("pdf with a cancelled context: %v", err)
	}
}

// TestPrepare: a document rendered while Prepare reads its style's fonts
// on another goroutine is the document rendered after,
// byte for byte, in either family. The fonts are read once a process, so
// the bytes compare the same whichever test read them first; what this
// test shows is under -race, where the reading and the typesetting must
// share nothing unguarded.
func TestPrepare(t *testing.T) {
	ctx := context.Background()
	md := []byte("# Terms\n\n## 1. One\n\nThe *processor* shall **notify** the controller without undue delay, at the latest within seventy-two hours.\n")
	for _, st := range []*document.Style{nil, {Font: "sans"}, {NoHyphenation: true}} {
		doc := &document.Document{Title: "Terms", Markdown: md, Meta: meta(), Style: st}
		pdf.Format.Prepare(st)
		first, err := pdf.Format.Render(ctx, doc, format.Options{Creator: "test"})
		if err != nil {
			t.Fatal(err)
		}
		pdf.Format.Prepare(st) // started before: starts nothing
		again, err := pdf.Format.Render(ctx, doc, format.Options{Creator: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Errorf("style %+v: the document rendered while its fonts were read differs from the one after", st)
		}
	}
}

// TestPaperSizes: the registry's paper sizes are the PDF's.
func TestPaperSizes(t *testing.T) {
	if pdf.PageSize(format.A4) != pdf.A4 || pdf.PageSize(format.Letter) != pdf.Letter {
		t.Errorf("format's A4 %v and Letter %v, the PDF's %v and %v", format.A4, format.Letter, pdf.A4, pdf.Letter)
	}
}

// TestInfoFor: the PDF says about itself what the document says in every
// format (format.NewInfo), its parties with their roles.
func TestInfoFor(t *testing.T) {
	o := format.Options{Creator: "test", DocumentID: "CM-0000-0000-0000-0000"}
	in, p := format.NewInfo(meta(), o), pdf.InfoFor(meta(), o)
	if p.Title != in.Title || p.Author != in.Author || p.Subject != in.Subject || p.Keywords != in.Keywords || p.Creator != in.Creator ||
		p.ID != in.ID || p.Header != in.Header || p.Footer != in.Footer || !p.Date.Equal(in.Date) || p.Dated != in.Dated || p.Dated != "March 4, 2026" {
		t.Errorf("pdf info %+v, want that of %+v", p, in)
	}
	if len(p.Parties) != 2 || p.Parties[0] != (pdf.Party{Name: "Acme GmbH", Role: "Processor"}) || p.Parties[1] != (pdf.Party{Name: "Globex", Role: "Customer"}) {
		t.Errorf("parties %+v", p.Parties)
	}
}

// TestStyleOptions: a house's page style sets the PDF's family, lists,
// paragraph numbers and contents, as the renderer's options do.
func TestStyleOptions(t *testing.T) {
	if opts := pdf.StyleOptions(nil); opts != nil {
		t.Errorf("a nil style sets %d options", len(opts))
	}
	st := &document.Style{Font: "sans", Size: 11, Lists: "legal", Paragraphs: "numbered", Contents: true,
		Margins: &document.Margins{Top: 20, Right: 21, Bottom: 22, Left: 23}}
	cfg := pdf.NewConfig()
	for _, o := range pdf.StyleOptions(st) {
		o(&cfg)
	}
	if cfg.Family() != pdf.Sans || cfg.BodySize != 11 || cfg.Margins != (pdf.Margins{Top: 20, Right: 21, Bottom: 22, Left: 23}) ||
		cfg.Lists != pdf.Legal || !cfg.NumberParagraphs || !cfg.Contents {
		t.Errorf("family %v, size %v, margins %+v, lists %v, numbered %v, contents %v", cfg.Family(), cfg.BodySize, cfg.Margins, cfg.Lists, cfg.NumberParagraphs, cfg.Contents)
	}
}

// meta describes a document with both parties named.
func meta() document.Meta {
	return document.Meta{Title: "Terms", Processor: "Acme GmbH", Customer: "Globex", Law: "GDPR",
		Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), DateText: "March 4, 2026",
		Template: "t", TemplateVer: "1.0.0", Library: "L", LibraryVersion: "2.0.0",
		Parties: []document.Party{{Name: "Acme GmbH", Role: "Processor"}, {Name: "Globex", Role: "Customer"}}}
}
