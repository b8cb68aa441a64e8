// Package pdfdoc is the seam between the layout of a document and the
// program that writes its file: the [Doc] interface the layout draws
// through, and the small types it speaks ([Face], [Image], [Info],
// [Party], [PageSize]). It imports neither side, so that the layout, the
// PDF writer and any other backend each depend on it and not on each
// other.
//
// A backend implements [Doc] and offers a [New] function; the layout
// takes one with its WithDoc option and calls it once per document.
//
// # Contract
//
// Coordinates are in millimetres from the top left of the page, sizes of
// text in points. A Doc is used by one goroutine at a time, for one
// document: the layout calls AddPage before drawing, draws, and calls
// Output once at the end. Output must give the same bytes for the same
// calls.
package pdfdoc

import (
	"io"
	"time"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
)

// Doc is the drawing surface the layout needs: the few operations it
// uses, in millimetres from the top left of the page.
type Doc interface {
	// AddPage starts a new page of the configured size.
	AddPage()
	// PageNo returns the current page number, starting at 1.
	PageNo() int
	// SetPage makes page n the current one, to draw on a page laid out
	// before; AddPage still adds a page at the end.
	SetPage(n int)
	// TotalPagesAlias returns text that Output replaces with the page count.
	TotalPagesAlias() string
	// SetFont selects face at size points.
	SetFont(face Face, size float64)
	// SetTextColor and SetDrawColor set RGB colours for text and lines.
	SetTextColor(r, g, b int)
	SetDrawColor(r, g, b int)
	SetFillColor(r, g, b int)
	SetLineWidth(w float64)
	// Text draws s with its baseline starting at (x, y).
	Text(x, y float64, s string)
	Line(x1, y1, x2, y2 float64)
	// Rect draws a rectangle; style is "D" (outline), "F" (fill) or "FD".
	Rect(x, y, w, h float64, style string)
	// Image draws img scaled to w by h mm, its top left at (x, y).
	Image(x, y, w, h float64, img *Image)
	// AddLink returns a new internal link target; SetLink points it at y on page.
	AddLink() int
	SetLink(link int, y float64, page int)
	// Link and LinkString make an area clickable, to a target or a URL.
	Link(x, y, w, h float64, link int)
	LinkString(x, y, w, h float64, url string)
	// Bookmark adds an outline entry at y on the current page.
	Bookmark(title string, level int, y float64)
	// Output writes the finished file.
	Output(w io.Writer) error
}

// Setup is what a backend is told about the document it is to write.
type Setup struct {
	Fonts *font.Fonts // the faces SetFont selects, and their programs
	Page  PageSize
	Info  Info
	PDFA  bool // write PDF/A-2b (ISO 19005-2, level B), for archives
}

// New makes a Doc for one document.
type New func(Setup) Doc

// Face is one of the fonts' faces; see package font.
type Face = font.Face

// The faces.
const (
	Regular    = font.Regular
	Bold       = font.Bold
	Italic     = font.Italic
	BoldItalic = font.BoldItalic
	Mono       = font.Mono
)

// PageSize is a paper size in millimetres.
type PageSize struct {
	Name          string
	Width, Height float64
}

// The page sizes.
var (
	A4     = PageSize{"A4", 210, 297}
	Letter = PageSize{"Letter", 215.9, 279.4}
)

// Info is the document's metadata and running text.
type Info struct {
	Title    string    // document title: metadata, title block, running header
	Author   string    // the processor: metadata, and under the title when Parties is empty
	Subject  string    // metadata
	Keywords string    // metadata
	Creator  string    // the program and its version, e.g. "clausemark v1.2.0"
	Header   string    // running header from the second page; empty for Title
	Footer   string    // right side of the footer: the document's reference and date
	Date     time.Time // creation date in the metadata; zero gives a fixed date
	ID       string    // the document's id, in the metadata; empty for none
	// Lang is the language the document is written in, a BCP 47 tag
	// ("en", "en-GB", "de"), for readers that speak it aloud or check it;
	// empty for "en". The library's documents are in English.
	Lang string
	// Parties are named in the title block, one below the other, joined
	// by "and". A party without a name gets a line to write it on.
	Parties []Party
}

// Party is a party to the agreement, for the title block.
type Party struct {
	Name string // "Globex Corporation"; empty for a line to fill in
	Role string // "Customer": written after the name as (the "Customer")
}
