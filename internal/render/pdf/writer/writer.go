// Package writer writes PDF 1.7 (ISO 32000-1) files: it is the
// [pdfdoc.Doc] the layout draws on by default. Pages, their content
// streams, fonts subset per document, images, links, an outline, and, on
// request, the structure of a tagged PDF (tags.go, structure.go) and
// what PDF/A-2 (ISO 19005-2) asks for.
//
//	doc := writer.New(pdfdoc.Setup{Fonts: fonts, Page: pdfdoc.A4, Info: info})
//	// draw through doc's methods, then
//	err := doc.Output(w)
//
// Objects are written with small typed helpers, one function per kind of
// object (document.go), as typst's pdf-writer does.
package writer

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// Writer is the Doc that writes PDF 1.7 (ISO 32000-1) itself: the few
// operators the layout uses, fonts subset per document from the faces
// parsed once per process, compressed page streams, an outline, links,
// and, on request, a structure tree and what PDF/A-2 (ISO 19005-2) asks
// for.
//
// Text is shown in Type 0 fonts with the Identity-H encoding and the
// character's code point as CID, so content streams read as UTF-16BE; a
// CIDToGIDMap maps each CID to its glyph, and one ToUnicode CMap serves
// every font.
type Writer struct {
	fonts *font.Fonts
	info  pdfdoc.Info
	pdfa  bool
	w, h  float64 // page size in points

	pages    []*page
	images   []*pdfdoc.Image // drawn, in order: image i is /Im<i>
	xobjects []*xobject      // the images' objects, made by Output
	cur      *page
	curNo    int // number of cur, from 1
	used     [font.NumFaces]*font.RuneSet

	face               font.Face
	size               float64
	text, fill, stroke [3]uint8
	lineWidth          float64 // in points

	links    []dest
	outlines []outline

	// The structure of a tagged document (tags.go).
	tagged     bool
	elems      []elem
	kids       []kid // the elements' kids (tags.go)
	open       []int // the elements open, innermost last
	artifact   int   // depth of BeginArtifact calls open
	incomplete bool  // text was drawn outside every element

	compressing sync.WaitGroup // the parts of pages sealed (seal)
}

// page is one page's content and annotations.
type page struct {
	content []byte
	splices []int // offsets in content where the page count goes
	annots  []annot
	// the graphics state the content stream is in
	face      font.Face
	size      float64
	fill      [3]uint8
	stroke    [3]uint8
	lineWidth float64
	// the marked-content sequence open: markNone, markArtifact or an
	// element's; and the element of each sequence, by MCID
	mark  int
	mcids []int
	// the text object open at the end of content, if any
	text textObject
	// The content's parts, each a content stream of its own, which a
	// viewer reads as one (ISO 32000-1, 7.8.2). A part is compressed on
	// another goroutine once the layout leaves its page (seal), while the
	// next pages are laid out, but for a part that shows the page count,
	// which waits for the last page. Parts end only where no text object
	// or marked-content sequence is open.
	parts      []*part
	queued     int  // parts[:queued] are compressed or being compressed
	from       int  // where in content the next part starts
	safeAt     int  // the last offset outside every text object and sequence
	countsOpen bool // content from `from` on shows the page count
}

// part is content[start:end] of a page, a content stream of its own.
type part struct {
	start, end int
	count      bool   // it shows the page count
	z          []byte // compressed, once it is
}

// textObject is the text object a page's content ends in while Text
// calls follow one another: open, its TJ array open too, the content
// ending in the last string shown. The next Text call shows its string
// in the same array, moved along the line by a number in thousandths of
// the size (a justified line's stretch; nothing at all between two words
// set as they come, which then share one string), or starts a new line
// with Td; any other operator ends the object first (endText).
//
// Positions are those the viewer computes: the line's start as Td wrote
// it, rounded to a hundredth of a point as every number is, and the
// advances of the W array's widths, which the layout measures with too;
// so each string starts where a Td of its own would have put it.
type textObject struct {
	open         bool
	lineX, lineY float64 // the line's start, in points, as written
	at           float64 // where the next string would start, in points
}

type annot struct {
	x1, y1, x2, y2 float64 // in points
	link           int     // internal target, or -1
	url            string
	elem           int // the structure element it is a kid of, or -1
}

type dest struct {
	page int
	y    float64 // in points from the bottom
}

type outline struct {
	title string
	level int
	dest  dest
}

const ptPerMM = 72 / 25.4

// New returns a document set up by s; it is a [pdfdoc.New].
func New(s pdfdoc.Setup) pdfdoc.Doc { return newWriter(s) }

// newWriter returns a document set up by s.
func newWriter(s pdfdoc.Setup) *Writer {
	return &Writer{fonts: s.Fonts, info: s.Info, pdfa: s.PDFA, tagged: s.Tagged, w: s.Page.Width * ptPerMM, h: s.Page.Height * ptPerMM, face: -1, lineWidth: 0.2 * ptPerMM}
}

func (d *Writer) AddPage() {
	size := 4 << 10
	if d.cur != nil {
		size = len(d.cur.content) + len(d.cur.content)/4 // pages of a document are alike
		d.closeMark(d.cur)
		d.seal(d.cur)
	}
	d.cur = &page{face: -1, lineWidth: 1, content: make([]byte, 0, size), mark: markNone}
	d.pages = append(d.pages, d.cur)
	d.curNo = len(d.pages)
}

// SetPage makes page n, from 1, the one drawn on, as for a table of
// contents filled in once the pages it lists are laid out. The next
// AddPage still adds a page at the end.
func (d *Writer) SetPage(n int) {
	if n >= 1 && n <= len(d.pages) {
		d.closeMark(d.cur)
		if d.cur != d.pages[n-1] {
			d.seal(d.cur)
		}
		d.cur, d.curNo = d.pages[n-1], n
	}
}

func (d *Writer) PageNo() int             { return d.curNo }
func (d *Writer) TotalPagesAlias() string { return totalPagesAlias }

// totalPagesAlias is replaced by the page count where Text draws it. Its
// NUL bytes cannot come from a document: goldmark reads U+0000 as U+FFFD,
// so "{nb}" in a contract stays as written.
const totalPagesAlias = "\x00nb\x00"

func (d *Writer) SetFont(face font.Face, size float64) {
	if face < 0 || face >= font.NumFaces {
		return
	}
	d.face, d.size = face, size
	if d.used[face] == nil {
		d.used[face] = new(font.RuneSet)
	}
}

func (d *Writer) SetTextColor(r, g, b int) { d.text = rgb(r, g, b) }
func (d *Writer) SetDrawColor(r, g, b int) { d.stroke = rgb(r, g, b) }
func (d *Writer) SetFillColor(r, g, b int) { d.fill = rgb(r, g, b) }
func (d *Writer) SetLineWidth(w float64)   { d.lineWidth = w * ptPerMM }

func rgb(r, g, b int) [3]uint8 {
	c := func(v int) uint8 { return uint8(min(255, max(0, v))) }
	return [3]uint8{c(r), c(g), c(b)}
}

// Text shows s with its baseline starting at (x, y).
func (d *Writer) Text(x, y float64, s string) {
	p := d.page()
	if d.face < 0 {
		return
	}
	want := markNone
	if d.tagged {
		want = d.textMark()
		d.linkText(s)
	}
	d.mark(p, want)
	d.setFill(p, d.text)
	alias := strings.Contains(s, totalPagesAlias)
	if alias {
		d.endText(p) // the page count's width is not known yet
	}
	xp, yp := round2(x*ptPerMM), round2(d.h-y*ptPerMM)
	t := &p.text
	b := p.content
	sameFont := p.face == d.face && p.size == d.size
	switch {
	case t.open && sameFont && yp == t.lineY && d.size > 0:
		// Along the line: the string follows the last, moved by the
		// difference, which TJ reads in thousandths of the size and
		// subtracts.
		adj := round2((t.at - xp) * 1000 / d.size)
		if adj == 0 {
			b = b[:len(b)-1] // the same string goes on: drop its ')'
		} else {
			b = append(appendNum(b, adj), '(')
		}
		t.at -= adj * d.size / 1000
	case t.open:
		b = append(b, "] TJ\n"...)
		b = d.appendFont(p, b)
		b = appendNum(b, xp-t.lineX)
		b = append(b, ' ')
		b = appendNum(b, yp-t.lineY)
		b = append(b, " Td [("...)
		t.lineX, t.lineY, t.at = xp, yp, xp
	default:
		b = d.appendFont(p, append(b, "BT "...))
		b = appendNum(b, xp)
		b = append(b, ' ')
		b = appendNum(b, yp)
		b = append(b, " Td [("...)
		*t = textObject{open: true, lineX: xp, lineY: yp, at: xp}
	}
	p.content = append(d.appendShown(b, s), ')')
	t.at += float64(d.fonts.Width(d.face, s)) * d.size / 1000
	if alias {
		d.endText(p)
	}
}

// appendFont appends the operator that sets the current face and size,
// if p's content is not in them already.
func (d *Writer) appendFont(p *page, b []byte) []byte {
	if p.face == d.face && p.size == d.size {
		return b
	}
	b = append(b, "/F"...)
	b = strconv.AppendInt(b, int64(d.face), 10)
	b = append(b, ' ')
	b = appendNum(b, d.size)
	p.face, p.size = d.face, d.size
	return append(b, " Tf "...)
}

// endText ends the text object p's content is in, if any, as every
// operator but Text's must.
func (d *Writer) endText(p *page) {
	if p != nil && p.text.open {
		p.content = append(p.content, "] TJ ET\n"...)
		p.text.open = false
		if p.mark == markNone {
			d.safe(p)
		}
	}
}

// safe notes that p's content ends outside every text object and
// marked-content sequence, where a part may end: the part showing the
// page count, if one is open, ends there.
func (d *Writer) safe(p *page) {
	at := len(p.content)
	if p.countsOpen {
		p.parts = append(p.parts, &part{start: p.from, end: at, count: true})
		p.from, p.countsOpen = at, false
	}
	p.safeAt = at
}

// counted notes that the text being drawn on p shows the page count: a
// part of its own begins at the last safe offset, the content before it
// another.
func (d *Writer) counted(p *page) {
	if p.countsOpen {
		return
	}
	if p.safeAt > p.from {
		p.parts = append(p.parts, &part{start: p.from, end: p.safeAt})
	}
	p.from, p.countsOpen = p.safeAt, true
}

// seal ends p's content as it stands, which closeMark has left safe,
// in parts, and compresses the new ones that do not show the page count
// on another goroutine. Content is only ever appended, so the bytes of a
// sealed part stay as they are while the page is drawn on again.
func (d *Writer) seal(p *page) {
	d.safe(p)
	if at := len(p.content); at > p.from {
		p.parts = append(p.parts, &part{start: p.from, end: at})
		p.from = at
	}
	var todo []*part
	for _, pt := range p.parts[p.queued:] {
		if !pt.count {
			todo = append(todo, pt)
		}
	}
	p.queued = len(p.parts)
	if len(todo) == 0 {
		return
	}
	content := p.content
	d.compressing.Go(func() {
		for _, pt := range todo {
			pt.z = deflateWith(&zlibWriters, content[pt.start:pt.end])
		}
	})
}

// round2 rounds v to the hundredth that appendNum writes.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// appendShown appends s, in the current face, to b, the current page's
// content, as the inside of an Identity-H string, the page count's alias
// left as a splice.
func (d *Writer) appendShown(b []byte, s string) []byte {
	used := d.used[d.face]
	for {
		part, rest, alias := strings.Cut(s, totalPagesAlias)
		for _, r := range part {
			used.Add(r)
			b = appendUTF16(b, r)
		}
		if !alias {
			return b
		}
		d.counted(d.cur)
		d.cur.splices = append(d.cur.splices, len(b))
		for r := '0'; r <= '9'; r++ {
			used.Add(r)
		}
		s = rest
	}
}

// appendUTF16 appends r as UTF-16BE, escaped for a literal string.
func appendUTF16(b []byte, r rune) []byte {
	if r >= 0x10000 {
		r1, r2 := utf16.EncodeRune(r)
		return appendUTF16(appendUTF16(b, r1), r2)
	}
	for _, c := range [2]byte{byte(r >> 8), byte(r)} {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}

func (d *Writer) Line(x1, y1, x2, y2 float64) {
	p := d.page()
	d.endText(p)
	d.mark(p, markArtifact)
	d.setStroke(p)
	b := appendPoint(p.content, x1, y1, d.h)
	b = append(b, " m "...)
	b = appendPoint(b, x2, y2, d.h)
	p.content = append(b, " l S\n"...)
}

// Rect draws a rectangle: style "F" fills, "FD" or "DF" fills and outlines,
// anything else outlines.
func (d *Writer) Rect(x, y, w, h float64, style string) {
	p := d.page()
	d.endText(p)
	d.mark(p, markArtifact)
	op := " re S\n"
	switch style {
	case "F":
		op = " re f\n"
		d.setFill(p, d.fill)
	case "FD", "DF":
		op = " re B\n"
		d.setFill(p, d.fill)
		d.setStroke(p)
	default:
		d.setStroke(p)
	}
	b := appendPoint(p.content, x, y, d.h)
	b = append(b, ' ')
	b = appendNum(b, w*ptPerMM)
	b = append(b, ' ')
	b = appendNum(b, -h*ptPerMM)
	p.content = append(b, op...)
}

func (d *Writer) setFill(p *page, c [3]uint8) {
	if p.fill != c {
		d.endText(p)
		p.content = append(appendColor(p.content, c), " rg\n"...)
		p.fill = c
	}
}

func (d *Writer) setStroke(p *page) {
	if p.stroke != d.stroke {
		p.content = append(appendColor(p.content, d.stroke), " RG\n"...)
		p.stroke = d.stroke
	}
	if p.lineWidth != d.lineWidth {
		p.content = append(appendNum(p.content, d.lineWidth), " w\n"...)
		p.lineWidth = d.lineWidth
	}
}

// page returns the current page, starting the first if there is none.
func (d *Writer) page() *page {
	if d.cur == nil {
		d.AddPage()
	}
	return d.cur
}

// Image draws img scaled to w by h mm with its top left at (x, y).
func (d *Writer) Image(x, y, w, h float64, img *pdfdoc.Image) {
	p := d.page()
	d.endText(p)
	i := slices.Index(d.images, img)
	if i < 0 {
		i = len(d.images)
		d.images = append(d.images, img)
	}
	if d.tagged {
		d.mark(p, d.imageMark())
	}
	b := append(p.content, "q "...)
	b = appendNum(b, w*ptPerMM)
	b = append(b, " 0 0 "...)
	b = appendNum(b, h*ptPerMM)
	b = append(b, ' ')
	b = appendPoint(b, x, y+h, d.h)
	b = append(b, " cm /Im"...)
	b = strconv.AppendInt(b, int64(i), 10)
	p.content = append(b, " Do Q\n"...)
}

func (d *Writer) AddLink() int {
	d.links = append(d.links, dest{page: 1, y: d.h})
	return len(d.links)
}

func (d *Writer) SetLink(link int, y float64, page int) {
	if link < 1 || link > len(d.links) {
		return
	}
	if page <= 0 {
		page = d.curNo
	}
	d.links[link-1] = dest{page: page, y: d.h - y*ptPerMM}
}

// Link makes an area go to link, a target from AddLink; another number
// makes no link.
func (d *Writer) Link(x, y, w, h float64, link int) {
	if link >= 1 && link <= len(d.links) {
		d.annotate(x, y, w, h, link, "")
	}
}

func (d *Writer) LinkString(x, y, w, h float64, url string) { d.annotate(x, y, w, h, -1, url) }

func (d *Writer) annotate(x, y, w, h float64, link int, url string) {
	p := d.page()
	p.annots = append(p.annots, annot{x1: x * ptPerMM, y1: d.h - (y+h)*ptPerMM, x2: (x + w) * ptPerMM, y2: d.h - y*ptPerMM, link: link, url: url, elem: -1})
	d.tagAnnot(p)
}

func (d *Writer) Bookmark(title string, level int, y float64) {
	d.page()
	d.outlines = append(d.outlines, outline{title: title, level: max(0, level), dest: dest{page: d.curNo, y: d.h - y*ptPerMM}})
}
