// Package docx writes an assembled document as a Word document
// (WordprocessingML, ECMA-376) that a lawyer can edit and redline: Word
// itself numbers the sections, and cross-references are fields that follow
// the numbers after an edit.
//
// The document is built from the goldmark AST of the assembled Markdown.
// The numbers assembly typed into headings ("3.", "3.1", "Appendix A – ")
// are left out of the text: heading styles carry a multi-level list in
// numbering.xml instead, so inserting a clause renumbers everything after
// it. Each numbered heading is bookmarked, and each cross-reference the
// engine wrote ("Section 14 (Data Retention and Deletion)") becomes REF
// fields to that bookmark, pre-filled with the engine's text so the file
// reads right before Word updates a field.
//
// The file follows the house's page style (document.Style) as the PDF
// does: the PDF's family (DejaVu Serif or Sans, named in the styles with
// what Word needs to choose a stand-in) and text size, the margins, the
// logo and the parties under the title, a table of contents where the
// style has one, the running header naming the parties, and the PDF's
// footer: "Page X of Y" and the document's reference and date. Every
// appendix starts a page, and headings and the paragraphs that lead into
// a list, a table or the signatures stay with what follows them.
//
// [Render] writes one document; [Redline] writes the second of two
// documents with Word tracked changes against the first. Both write the
// same bytes for the same inputs.
//
// The package uses only the standard library (archive/zip, encoding/xml):
// no Go library found writes numbering definitions, bookmarks, fields and
// tracked changes together, and each is a few elements of the format.
package docx

import (
	"context"
	"fmt"
	"time"

	"github.com/clausemark/clausemark/internal/document"
)

// Info is what the document says about itself: its properties, running
// header and footer.
type Info struct {
	Title    string    // document title: properties; the running header without Header
	Author   string    // the processor: properties
	Subject  string    // properties
	Keywords string    // properties
	Creator  string    // the program and its version: extended properties
	Header   string    // the running header from the second page: "Title · Acme GmbH and Globex"
	Footer   string    // right side of the footer: "Ref. ID · date"
	Date     time.Time // created and modified dates; zero gives a fixed date
	ID       string    // the document's id: the identifier property; empty for none
}

// Page is a paper size in millimetres.
type Page struct{ Width, Height float64 }

// A4 is the default paper size.
var A4 = Page{Width: 210, Height: 297}

// Options are the settings of one rendering.
type Options struct {
	Info Info
	Page Page // default A4
}

// Revision names who made the changes of a redline, and when.
type Revision struct {
	Author string
	Date   time.Time
}

// Render writes doc as a DOCX file in its house style, stopping with
// ctx's error when ctx is done.
func Render(ctx context.Context, doc *document.Document, o Options) ([]byte, error) {
	p, err := newPackage(o, doc.Style)
	if err != nil {
		return nil, err
	}
	blocks, err := build(ctx, doc, p)
	if err != nil {
		return nil, err
	}
	return p.write(ctx, blocks)
}

// Redline writes b as a DOCX file with Word tracked changes against a:
// text only in a is deleted, text only in b inserted, whole paragraphs,
// table rows and clauses included, each change by rev's author at rev's
// date, with change tracking switched on. The file is in b's house style.
func Redline(ctx context.Context, a, b *document.Document, o Options, rev Revision) ([]byte, error) {
	p, err := newPackage(o, b.Style)
	if err != nil {
		return nil, fmt.Errorf("redline: %w", err)
	}
	p.track = true
	ba, err := build(ctx, a, p)
	if err != nil {
		return nil, fmt.Errorf("redline: the first document: %w", err)
	}
	bb, err := build(ctx, b, p)
	if err != nil {
		return nil, fmt.Errorf("redline: the second document: %w", err)
	}
	p.rev = rev
	body, err := redline(ctx, ba, bb)
	if err != nil {
		return nil, fmt.Errorf("redline: %w", err)
	}
	return p.write(ctx, body)
}

// TableError reports a table with more columns than Word allows.
type TableError struct {
	Line    int // 1-based line of the table in the Markdown
	Columns int
	Max     int
}

func (e *TableError) Error() string {
	return fmt.Sprintf("line %d: the table has %d columns; Word allows at most %d", e.Line, e.Columns, e.Max)
}
