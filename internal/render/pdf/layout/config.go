package layout

import (
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

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

// Doc is the drawing surface the layout draws on; see package pdfdoc.
type Doc = pdfdoc.Doc

// Margins are page margins in millimetres.
type Margins struct{ Top, Right, Bottom, Left float64 }

// ListStyle says how list items are marked.
type ListStyle int

// The list styles.
const (
	Bullets ListStyle = iota // •, ◦, ▪ for bullet lists; 1., 2. for ordered ones
	Legal                    // (a), (b); then (i), (ii); then (A), (B): for every list
)

// Config holds the renderer's settings. The zero value is not useful; start
// from [NewConfig].
type Config struct {
	Page     PageSize // paper size; default A4
	Margins  Margins  // page margins in mm; default 25 on every side
	BodySize float64  // body text size in points; default 10.5
	Leading  float64  // line height as a multiple of the text size; default 1.35
	Info     Info
	Fonts    *Fonts // the fonts; default LoadFonts(), whose family is Serif
	PDFA     bool   // write PDF/A-2: an sRGB output intent and XMP metadata
	// Tagged draws the document's structure through the Doc, for a
	// tagged PDF: headings, paragraphs, lists, tables, links, figures,
	// and page furniture as artifacts. Default on.
	Tagged bool
	Lists  ListStyle
	// family is the font family WithFamily asks for; Fonts must be of it.
	family Family
	// newDoc makes the document the layout draws on; see WithDoc.
	newDoc pdfdoc.New
	// NumberParagraphs numbers the paragraphs below a numbered heading,
	// (1), (2), when it has more than one or subheadings follow: so that
	// "12.2(2)(b)" cites the second paragraph of 12.2, its list's item (b).
	// With Lists, it is the rule the document's numbering follows
	// (document.NumberTree) for Markdown that comes without Numbers.
	NumberParagraphs bool
	// Numbers are the document's numbers of its paragraphs and list
	// items (document.Document.Numbers), which the layout draws. Nil
	// numbers the Markdown by Lists and NumberParagraphs.
	Numbers []document.Number
	// Contents puts a table of contents of the sections and appendices
	// after the title block, the body starting on the next page.
	Contents bool
	// Logo is a PNG or JPEG drawn at the top of the first page, at most
	// 50 mm wide and 20 mm high; nil for none.
	Logo []byte
	// Hyphenate lets justified text break a word at a line's end, by the
	// hyphenation patterns; never in a paragraph's last word. Default on.
	Hyphenate bool
	// SignaturePlace, when not empty, is the label of a line added above
	// each party's signature lines, for the place of signing, as German
	// practice asks ("Ort, Datum"). The label is the library's.
	SignaturePlace string
	// Images returns the bytes of the image a Markdown image names (its
	// destination). Nil refuses every image: a PDF does not silently drop
	// one. See [DirImages].
	Images func(dest string) ([]byte, error)
}

// NewConfig returns the default configuration: A4, 25 mm margins, 10.5 pt
// text with 1.35 leading, hyphenated, tagged.
func NewConfig() Config {
	return Config{Page: A4, Margins: Margins{25, 25, 25, 25}, BodySize: 10.5, Leading: 1.35, Hyphenate: true, Tagged: true}
}

// Option changes the configuration.
type Option func(*Config)

// WithPageSize sets the paper size.
func WithPageSize(p PageSize) Option { return func(c *Config) { c.Page = p } }

// WithInfo sets the metadata and running text.
func WithInfo(i Info) Option { return func(c *Config) { c.Info = i } }

// WithFonts shares parsed fonts between renderers.
func WithFonts(f *Fonts) Option { return func(c *Config) { c.Fonts = f } }

// WithPDFA makes the output PDF/A-2 (ISO 19005-2) for archives: level A
// (accessible) when tagged, as by default, else level B.
func WithPDFA(on bool) Option { return func(c *Config) { c.PDFA = on } }

// WithTags tags the document's structure (on by default), or not.
func WithTags(on bool) Option { return func(c *Config) { c.Tagged = on } }

// WithMargins sets the page margins in millimetres.
func WithMargins(m Margins) Option { return func(c *Config) { c.Margins = m } }

// WithBodySize sets the body text size in points.
func WithBodySize(pt float64) Option { return func(c *Config) { c.BodySize = pt } }

// WithLists sets the list style.
func WithLists(l ListStyle) Option { return func(c *Config) { c.Lists = l } }

// WithNumberedParagraphs numbers the paragraphs below numbered headings.
func WithNumberedParagraphs(on bool) Option { return func(c *Config) { c.NumberParagraphs = on } }

// WithNumbers draws the document's numbers of paragraphs and list items,
// as its model carries them; see [Config.Numbers].
func WithNumbers(nums []document.Number) Option { return func(c *Config) { c.Numbers = nums } }

// WithContents adds a table of contents after the title block.
func WithContents(on bool) Option { return func(c *Config) { c.Contents = on } }

// WithLogo draws a PNG or JPEG logo at the top of the first page.
func WithLogo(data []byte) Option { return func(c *Config) { c.Logo = data } }

// WithHyphenation lets justified text hyphenate words at a line's end
// (on by default), or not.
func WithHyphenation(on bool) Option { return func(c *Config) { c.Hyphenate = on } }

// WithSignaturePlace adds a line labelled label, for the place of signing,
// above each party's signature lines; "" for none.
func WithSignaturePlace(label string) Option { return func(c *Config) { c.SignaturePlace = label } }

// WithImages sets how Markdown images are read; see [Config.Images].
func WithImages(f func(dest string) ([]byte, error)) Option {
	return func(c *Config) { c.Images = f }
}

// WithFamily sets the font family; the renderer loads its fonts unless
// WithFonts gives fonts of that family.
func WithFamily(f Family) Option { return func(c *Config) { c.family = f } }

// WithDoc sets the backend: newDoc makes the [Doc] each document is drawn
// on, and writes its file. The renderer of package pdf draws on the PDF
// writer unless told otherwise; this package has no default.
func WithDoc(newDoc pdfdoc.New) Option { return func(c *Config) { c.newDoc = newDoc } }

// Family returns the font family the configuration asks for.
func (c Config) Family() Family { return c.family }
