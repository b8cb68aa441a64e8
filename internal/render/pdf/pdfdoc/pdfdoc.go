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

	// The document's structure, for screen readers and text extraction
	// (a tagged PDF, ISO 32000-1 §14.8): what is drawn between BeginTag
	// and its EndTag is the content of that structure element, in the
	// order drawn; an element begun inside another is its last child.
	// A backend that writes no structure does nothing.

	// BeginTag opens a structure element inside the open one (at the
	// top for the first) and returns its number, from 1, for ResumeTag;
	// 0 from a backend that writes none.
	BeginTag(t Tag) int
	// ResumeTag opens element id, begun and ended before, again, so
	// that what is drawn until the next EndTag goes on its content where
	// it stands in the tree, as for a table of contents filled in once
	// the pages it lists are known; an unknown id opens nothing.
	ResumeTag(id int)
	// EndTag closes the element opened last.
	EndTag()
	// BeginArtifact and EndArtifact enclose what is drawn that is no
	// part of the document's text: running headers, footers, page
	// numbers, leaders, a table's header drawn again on a new page.
	// Lines and rectangles are always artifacts.
	BeginArtifact()
	EndArtifact()
	// Output writes the finished file.
	Output(w io.Writer) error
}

// Setup is what a backend is told about the document it is to write.
type Setup struct {
	Fonts *font.Fonts // the faces SetFont selects, and their programs
	Page  PageSize
	Info  Info
	PDFA  bool // write PDF/A (ISO 19005-2): level A when tagged, else B
	// Tagged writes the structure the layout gives (BeginTag, EndTag,
	// BeginArtifact), with what a tagged PDF has besides.
	Tagged bool
}

// Role is the type of a structure element, one of the standard ones
// (ISO 32000-1 §14.8.4).
type Role string

// The roles the layout uses.
const (
	Document   Role = "Document"
	H1         Role = "H1"
	H2         Role = "H2"
	H3         Role = "H3"
	H4         Role = "H4"
	H5         Role = "H5"
	H6         Role = "H6"
	P          Role = "P"
	L          Role = "L"     // a list
	LI         Role = "LI"    // a list item: its Lbl, then its LBody
	Lbl        Role = "Lbl"   // a list item's marker: (a), (1), •
	LBody      Role = "LBody" // a list item's text
	Table      Role = "Table"
	TR         Role = "TR"
	TH         Role = "TH" // a header cell, of the column below it
	TD         Role = "TD"
	Link       Role = "Link" // a link's text and its annotations
	Figure     Role = "Figure"
	BlockQuote Role = "BlockQuote"
	Code       Role = "Code"
	TOC        Role = "TOC"  // a table of contents
	TOCI       Role = "TOCI" // an entry of one
	Div        Role = "Div"
)

// Heading returns the role of a heading of level 1 to 6.
func Heading(level int) Role {
	return [...]Role{H1, H1, H2, H3, H4, H5, H6}[min(max(level, 1), 6)]
}

// Tag describes a structure element.
type Tag struct {
	Role Role
	// Alt is a Figure's alternative text, read in place of the picture.
	Alt string
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
	// Dated is the line under the parties naming the agreement's date,
	// "Date of the agreement: 29/05/2026"; empty for none.
	Dated string
}

// Party is a party to the agreement, for the title block.
type Party struct {
	Name string // "Globex Corporation"; empty for a line to fill in
	Role string // "Customer": written after the name as (the "Customer")
}
