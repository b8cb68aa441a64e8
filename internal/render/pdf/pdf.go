// Package pdf typesets a goldmark Markdown AST as a PDF that a lawyer would
// sign: embedded DejaVu Serif, justified text, numbered headings kept with
// what follows, lists, tables whose header repeats on each page, a running
// header and "Page X of Y" footer, an outline, clickable cross-references,
// signature blocks and explicit page breaks.
//
// [NewRenderer] returns a goldmark renderer.Renderer; pass it to goldmark
// with goldmark.WithRenderer, or call [Renderer.Render] with a parsed
// document. Parse with the mdext extension so that page breaks, signature
// blocks and heading ids are in the tree.
//
//	fonts, _ := pdf.LoadFonts() // once per process
//	r := pdf.NewRenderer(pdf.WithFonts(fonts), pdf.WithInfo(info))
//	err := r.Render(w, source, doc)
//
// # Layers
//
// This package puts together four below it, each in a package of its own:
//
//   - layout: the goldmark renderer, blocks, tables, legal numbering and
//     hyphenation, drawing through the seam only;
//   - pdfdoc: the seam, the Doc interface and the small types it speaks;
//   - writer: the PDF file writer, the Doc this package draws on;
//   - font: the TrueType faces, their metrics and subsets.
//
// The layout imports neither the writer nor this package; the writer
// imports neither the layout nor this package; the font package imports
// none of them. [WithDoc] draws on another backend.
//
// # Tagged PDF
//
// The PDF is tagged (ISO 32000-1 §14.8): the layout gives the document's
// structure through the seam as it draws (headings H1 to H6 without a
// skipped level, paragraphs, lists with their labels and bodies, tables
// with header cells, links with their annotations, figures with
// alternative text, the contents), in the Markdown's reading order, and
// marks running headers, footers, leaders and a table's repeated header
// as artifacts; the writer keeps it as a structure tree with marked
// content, so that screen readers and text extraction read the contract
// in order. [WithTags](false) writes an untagged PDF.
//
// A Renderer holds no per-document state and is safe for concurrent use.
// Output is deterministic: the same input gives the same bytes.
package pdf

import (
	"io/fs"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/render/pdf/layout"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
	"github.com/clausemark/clausemark/internal/render/pdf/writer"
)

// NewRenderer returns a renderer with the default configuration changed by
// opts, drawing on the PDF writer unless [WithDoc] says otherwise.
func NewRenderer(opts ...Option) *Renderer {
	return layout.NewRenderer(append([]Option{layout.WithDoc(writer.New)}, opts...)...)
}

// Renderer renders Markdown ASTs to PDF.
type Renderer = layout.Renderer

// State is the layout of one document in progress, handed to each NodeFunc.
type State = layout.State

// NodeFunc draws one node kind; see [layout.NodeFunc].
type NodeFunc = layout.NodeFunc

// WithNodeFunc is a goldmark renderer option that draws nodes of kind with
// f, in place of the renderer's own function.
func WithNodeFunc(kind ast.NodeKind, f NodeFunc) renderer.Option {
	return layout.WithNodeFunc(kind, f)
}

// Config holds the renderer's settings; start from [NewConfig].
type Config = layout.Config

// NewConfig returns the default configuration: A4, 25 mm margins, 10.5 pt
// text with 1.35 leading.
func NewConfig() Config { return layout.NewConfig() }

// Option changes the configuration.
type Option = layout.Option

// Doc is the drawing surface the layout draws on; see package pdfdoc.
type Doc = pdfdoc.Doc

// Image is a PNG or JPEG checked to decode, with its size.
type Image = pdfdoc.Image

// PageSize is a paper size in millimetres.
type PageSize = pdfdoc.PageSize

// The page sizes.
var (
	A4     = pdfdoc.A4
	Letter = pdfdoc.Letter
)

// Info is the document's metadata and running text.
type Info = pdfdoc.Info

// Party is a party to the agreement, for the title block.
type Party = pdfdoc.Party

// Margins are page margins in millimetres.
type Margins = layout.Margins

// ListStyle says how list items are marked.
type ListStyle = layout.ListStyle

// The list styles.
const (
	Bullets = layout.Bullets // •, ◦, ▪ for bullet lists; 1., 2. for ordered ones
	Legal   = layout.Legal   // (a), (b); then (i), (ii); then (A), (B): for every list
)

// Face is one of the fonts' faces.
type Face = pdfdoc.Face

// The faces: the family's four styles for text, DejaVu Sans Mono for code.
const (
	Regular    = pdfdoc.Regular
	Bold       = pdfdoc.Bold
	Italic     = pdfdoc.Italic
	BoldItalic = pdfdoc.BoldItalic
	Mono       = pdfdoc.Mono
)

// Fonts are the faces of a family with their metrics; see package font.
type Fonts = layout.Fonts

// Family is the typeface family that sets the text.
type Family = layout.Family

// The families, both embedded.
const (
	Serif = layout.Serif // DejaVu Serif
	Sans  = layout.Sans  // DejaVu Sans
)

// LoadFonts returns the embedded fonts of the Serif family with their
// metrics. The fonts are parsed on the first call only.
func LoadFonts() (*Fonts, error) { return layout.LoadFonts() }

// LoadFamily returns the embedded fonts of family f, parsed on the first
// call only.
func LoadFamily(f Family) (*Fonts, error) { return layout.LoadFamily(f) }

// GlyphError reports a character that the font cannot draw.
type GlyphError = layout.GlyphError

// TableError reports a table with more columns than fit across the page.
type TableError = layout.TableError

// ImageError is an image that cannot go into the PDF.
type ImageError = layout.ImageError

// PageLimitError is a document that would run past MaxPages pages.
type PageLimitError = layout.PageLimitError

// MaxPages is the most pages a PDF is laid out on.
const MaxPages = layout.MaxPages

// LineLimitError is Markdown of more than MaxLines lines.
type LineLimitError = layout.LineLimitError

// MaxLines is the most lines of Markdown a PDF is laid out from.
const MaxLines = layout.MaxLines

// ErrNoImages is why an image is refused when the renderer was given no
// way to read images.
var ErrNoImages = layout.ErrNoImages

// MaxImageBytes bounds an image file.
const MaxImageBytes = layout.MaxImageBytes

// FSImages returns a [Config.Images] that reads images from fsys; see
// [layout.FSImages].
func FSImages(fsys fs.FS) func(dest string) ([]byte, error) { return layout.FSImages(fsys) }

// WithPageSize sets the paper size.
func WithPageSize(p PageSize) Option { return layout.WithPageSize(p) }

// WithInfo sets the metadata and running text.
func WithInfo(i Info) Option { return layout.WithInfo(i) }

// WithFonts shares parsed fonts between renderers.
func WithFonts(f *Fonts) Option { return layout.WithFonts(f) }

// WithPDFA makes the output PDF/A-2 (ISO 19005-2) for archives: level A
// (accessible) when tagged, as by default, else level B.
func WithPDFA(on bool) Option { return layout.WithPDFA(on) }

// WithTags tags the document's structure, for a tagged PDF (on by
// default), or not.
func WithTags(on bool) Option { return layout.WithTags(on) }

// WithMargins sets the page margins in millimetres.
func WithMargins(m Margins) Option { return layout.WithMargins(m) }

// WithBodySize sets the body text size in points.
func WithBodySize(pt float64) Option { return layout.WithBodySize(pt) }

// WithLists sets the list style.
func WithLists(l ListStyle) Option { return layout.WithLists(l) }

// WithNumberedParagraphs numbers the paragraphs below numbered headings.
func WithNumberedParagraphs(on bool) Option { return layout.WithNumberedParagraphs(on) }

// WithNumbers draws the document's numbers of paragraphs and list items
// (document.Document.Numbers) instead of numbering the Markdown by
// WithLists and WithNumberedParagraphs.
func WithNumbers(nums []document.Number) Option { return layout.WithNumbers(nums) }

// WithContents adds a table of contents after the title block.
func WithContents(on bool) Option { return layout.WithContents(on) }

// WithLogo draws a PNG or JPEG logo at the top of the first page.
func WithLogo(data []byte) Option { return layout.WithLogo(data) }

// WithHyphenation lets justified text hyphenate words at a line's end
// (on by default), or not.
func WithHyphenation(on bool) Option { return layout.WithHyphenation(on) }

// WithSignaturePlace adds a line labelled label, for the place of signing,
// above each party's signature lines; "" for none.
func WithSignaturePlace(label string) Option { return layout.WithSignaturePlace(label) }

// WithImages sets how Markdown images are read; see [Config.Images].
func WithImages(f func(dest string) ([]byte, error)) Option { return layout.WithImages(f) }

// WithFamily sets the font family; the renderer loads its fonts unless
// WithFonts gives fonts of that family.
func WithFamily(f Family) Option { return layout.WithFamily(f) }

// WithDoc draws on another backend than the PDF writer: newDoc makes the
// [Doc] of each document, which writes its file.
func WithDoc(newDoc pdfdoc.New) Option { return layout.WithDoc(newDoc) }
