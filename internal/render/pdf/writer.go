package pdf

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/klauspost/compress/zlib"
)

// writer is the Doc that writes PDF 1.7 (ISO 32000-1) itself: the few
// operators the layout uses, fonts subset per document from the faces
// parsed once per process, compressed page streams, an outline, links,
// and, on request, what PDF/A-2b (ISO 19005-2) asks for.
//
// Text is shown in Type 0 fonts with the Identity-H encoding and the
// character's code point as CID, so content streams read as UTF-16BE; a
// CIDToGIDMap maps each CID to its glyph, and one ToUnicode CMap serves
// every font.
type writer struct {
	fonts *Fonts
	info  Info
	pdfa  bool
	w, h  float64 // page size in points

	pages  []*page
	images []*Image // drawn, in order: image i is /Im<i>
	cur    *page
	curNo  int // number of cur, from 1
	used   [numFaces]*runeSet

	face               Face
	size               float64
	text, fill, stroke [3]uint8
	lineWidth          float64 // in points

	links    []dest
	outlines []outline
}

// page is one page's content and annotations.
type page struct {
	content []byte
	splices []int // offsets in content where the page count goes
	annots  []annot
	// the graphics state the content stream is in
	face      Face
	size      float64
	fill      [3]uint8
	stroke    [3]uint8
	lineWidth float64
}

type annot struct {
	x1, y1, x2, y2 float64 // in points
	link           int     // internal target, or -1
	url            string
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

// newWriter returns a document of the given size.
func newWriter(fonts *Fonts, size PageSize, info Info, pdfa bool) *writer {
	return &writer{fonts: fonts, info: info, pdfa: pdfa, w: size.Width * ptPerMM, h: size.Height * ptPerMM, face: -1, lineWidth: 0.2 * ptPerMM}
}

func (d *writer) AddPage() {
	size := 4 << 10
	if d.cur != nil {
		size = len(d.cur.content) + len(d.cur.content)/4 // pages of a document are alike
	}
	d.cur = &page{face: -1, lineWidth: 1, content: make([]byte, 0, size)}
	d.pages = append(d.pages, d.cur)
	d.curNo = len(d.pages)
}

// SetPage makes page n, from 1, the one drawn on, as for a table of
// contents filled in once the pages it lists are laid out. The next
// AddPage still adds a page at the end.
func (d *writer) SetPage(n int) {
	if n >= 1 && n <= len(d.pages) {
		d.cur, d.curNo = d.pages[n-1], n
	}
}

func (d *writer) PageNo() int             { return d.curNo }
func (d *writer) TotalPagesAlias() string { return totalPagesAlias }

// totalPagesAlias is replaced by the page count where Text draws it. Its
// NUL bytes cannot come from a document: goldmark reads U+0000 as U+FFFD,
// so "{nb}" in a contract stays as written.
const totalPagesAlias = "\x00nb\x00"

func (d *writer) SetFont(face Face, size float64) {
	d.face, d.size = face, size
	if d.used[face] == nil {
		d.used[face] = new(runeSet)
	}
}

func (d *writer) SetTextColor(r, g, b int) { d.text = rgb(r, g, b) }
func (d *writer) SetDrawColor(r, g, b int) { d.stroke = rgb(r, g, b) }
func (d *writer) SetFillColor(r, g, b int) { d.fill = rgb(r, g, b) }
func (d *writer) SetLineWidth(w float64)   { d.lineWidth = w * ptPerMM }

func rgb(r, g, b int) [3]uint8 {
	c := func(v int) uint8 { return uint8(min(255, max(0, v))) }
	return [3]uint8{c(r), c(g), c(b)}
}

// Text shows s with its baseline starting at (x, y).
func (d *writer) Text(x, y float64, s string) {
	p := d.page()
	if d.face < 0 {
		return
	}
	d.setFill(p, d.text)
	b := append(p.content, "BT "...)
	if p.face != d.face || p.size != d.size {
		b = append(b, "/F"...)
		b = strconv.AppendInt(b, int64(d.face), 10)
		b = append(b, ' ')
		b = appendNum(b, d.size)
		b = append(b, " Tf "...)
		p.face, p.size = d.face, d.size
	}
	b = appendNum(b, x*ptPerMM)
	b = append(b, ' ')
	b = appendNum(b, d.h-y*ptPerMM)
	b = append(b, " Td ("...)
	used := d.used[d.face]
	for {
		part, rest, alias := strings.Cut(s, totalPagesAlias)
		for _, r := range part {
			used.add(r)
			b = appendUTF16(b, r)
		}
		if !alias {
			break
		}
		p.splices = append(p.splices, len(b))
		for r := '0'; r <= '9'; r++ {
			used.add(r)
		}
		s = rest
	}
	p.content = append(b, ") Tj ET\n"...)
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

func (d *writer) Line(x1, y1, x2, y2 float64) {
	p := d.page()
	d.setStroke(p)
	b := appendPoint(p.content, x1, y1, d.h)
	b = append(b, " m "...)
	b = appendPoint(b, x2, y2, d.h)
	p.content = append(b, " l S\n"...)
}

// Rect draws a rectangle: style "F" fills, "FD" or "DF" fills and outlines,
// anything else outlines.
func (d *writer) Rect(x, y, w, h float64, style string) {
	p := d.page()
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

func (d *writer) setFill(p *page, c [3]uint8) {
	if p.fill != c {
		p.content = append(appendColor(p.content, c), " rg\n"...)
		p.fill = c
	}
}

func (d *writer) setStroke(p *page) {
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
func (d *writer) page() *page {
	if d.cur == nil {
		d.AddPage()
	}
	return d.cur
}

// Image draws img scaled to w by h mm with its top left at (x, y).
func (d *writer) Image(x, y, w, h float64, img *Image) {
	p := d.page()
	i := slices.Index(d.images, img)
	if i < 0 {
		i = len(d.images)
		d.images = append(d.images, img)
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

func (d *writer) AddLink() int {
	d.links = append(d.links, dest{page: 1, y: d.h})
	return len(d.links)
}

func (d *writer) SetLink(link int, y float64, page int) {
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
func (d *writer) Link(x, y, w, h float64, link int) {
	if link >= 1 && link <= len(d.links) {
		d.annotate(x, y, w, h, link, "")
	}
}

func (d *writer) LinkString(x, y, w, h float64, url string) { d.annotate(x, y, w, h, -1, url) }

func (d *writer) annotate(x, y, w, h float64, link int, url string) {
	p := d.page()
	p.annots = append(p.annots, annot{x1: x * ptPerMM, y1: d.h - (y+h)*ptPerMM, x2: (x + w) * ptPerMM, y2: d.h - y*ptPerMM, link: link, url: url})
}

func (d *writer) Bookmark(title string, level int, y float64) {
	d.page()
	d.outlines = append(d.outlines, outline{title: title, level: max(0, level), dest: dest{page: d.curNo, y: d.h - y*ptPerMM}})
}

// Output writes the PDF to w.
func (d *writer) Output(w io.Writer) error {
	d.page()
	o := newObjWriter(w)
	if err := d.write(o); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

// Object numbers: the fixed objects first, then pages and their content,
// annotations, fonts (five objects per face used) and outline items.
const (
	objCatalog = 1 + iota
	objPages
	objResources
	objInfo
	objToUnicode
	objOutlines
	objFirstPage
)

func (d *writer) write(o *objWriter) error {
	nPages := len(d.pages)
	pageObj := func(i int) int { return objFirstPage + 2*i } // i from 0; content is +1
	next := objFirstPage + 2*nPages
	annotObj := make([][]int, nPages)
	for i, p := range d.pages {
		for range p.annots {
			annotObj[i] = append(annotObj[i], next)
			next++
		}
	}
	var fontObj [numFaces]int
	for face := range numFaces {
		if d.used[face] != nil {
			fontObj[face] = next
			next += 5
		}
	}
	if d.pdfa {
		// PDF/A files here have no transparency: an image's soft mask is
		// flattened onto the white page.
		for i, img := range d.images {
			d.images[i] = img.onWhite()
		}
	}
	imageObj := make([]int, len(d.images)) // each image, then its mask if it has one
	for i, img := range d.images {
		imageObj[i] = next
		next++
		if img.alpha != nil {
			next++
		}
	}
	firstOutline := next
	next += len(d.outlines)
	objMetadata, objOutputProfile := next, next+1
	if d.pdfa {
		next += 2
	}
	o.size = next

	// The fonts' subsets, from the cache or made now.
	var subsets [numFaces]*subsetFont
	for face := range numFaces {
		if d.used[face] != nil {
			if err := d.fonts.load(face); err != nil {
				return err
			}
			subsets[face] = d.fonts.subset(face, d.used[face])
		}
	}

	o.header()

	// Catalog.
	b := o.begin(objCatalog)
	b = append(b, "<< /Type /Catalog /Pages 2 0 R /Lang (en)"...)
	if len(d.outlines) > 0 {
		b = fmt.Appendf(b, " /Outlines %d 0 R /PageMode /UseOutlines", objOutlines)
	}
	if d.pdfa {
		b = fmt.Appendf(b, " /Metadata %d 0 R /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R >>]", objMetadata, objOutputProfile)
	}
	o.end(append(b, " >>"...))

	// Page tree.
	b = o.begin(objPages)
	b = append(b, "<< /Type /Pages /Kids ["...)
	for i := range nPages {
		b = fmt.Appendf(b, "%d 0 R ", pageObj(i))
	}
	b = fmt.Appendf(b, "] /Count %d /MediaBox [0 0 ", nPages)
	b = appendNum(b, d.w)
	b = append(b, ' ')
	b = appendNum(b, d.h)
	o.end(append(b, "] >>"...))

	// Resources, shared by every page.
	b = o.begin(objResources)
	b = append(b, "<< /ProcSet [/PDF /Text] /Font <<"...)
	for face := range numFaces {
		if fontObj[face] != 0 {
			b = fmt.Appendf(b, " /F%d %d 0 R", face, fontObj[face])
		}
	}
	b = append(b, " >>"...)
	if len(d.images) > 0 {
		b = append(b, " /XObject <<"...)
		for i := range d.images {
			b = fmt.Appendf(b, " /Im%d %d 0 R", i, imageObj[i])
		}
		b = append(b, " >>"...)
	}
	o.end(append(b, " >>"...))

	// Images, compressed, each with its soft mask.
	for i, img := range d.images {
		space, mask := "/DeviceRGB", ""
		if img.gray {
			space = "/DeviceGray"
		}
		if img.alpha != nil {
			mask = fmt.Sprintf(" /SMask %d 0 R", imageObj[i]+1)
		}
		dict := fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /FlateDecode%s", img.w, img.h, space, mask)
		o.stream(imageObj[i], dict, deflate(img.data), 0)
		if img.alpha != nil {
			o.stream(imageObj[i]+1, fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", img.w, img.h), deflate(img.alpha), 0)
		}
	}

	// Document information.
	b = o.begin(objInfo)
	b = append(b, "<<"...)
	for _, kv := range d.infoEntries() {
		b = append(b, " /"...)
		b = append(b, kv[0]...)
		b = append(b, ' ')
		b = appendTextString(b, kv[1])
	}
	o.end(append(b, " >>"...))

	o.stream(objToUnicode, " /Filter /FlateDecode", toUnicodeCMap(), 0)

	// Outline root.
	b = o.begin(objOutlines)
	b = append(b, "<< /Type /Outlines"...)
	items := d.outlineTree()
	if len(items) > 0 {
		top := 0
		last := 0
		for i, it := range items {
			if it.parent < 0 {
				top++
				last = i
			}
		}
		b = fmt.Appendf(b, " /First %d 0 R /Last %d 0 R /Count %d", firstOutline, firstOutline+last, top)
	}
	o.end(append(b, " >>"...))

	// Pages, with their content.
	pageCount := strconv.Itoa(nPages)
	var count []byte
	for _, r := range pageCount {
		count = appendUTF16(count, r)
	}
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	var zbuf bytes.Buffer
	for i, p := range d.pages {
		b = o.begin(pageObj(i))
		b = fmt.Appendf(b, "<< /Type /Page /Parent 2 0 R /Resources %d 0 R /Contents %d 0 R", objResources, pageObj(i)+1)
		if len(p.annots) > 0 {
			b = append(b, " /Annots ["...)
			for _, n := range annotObj[i] {
				b = fmt.Appendf(b, "%d 0 R ", n)
			}
			b = append(b, ']')
		}
		o.end(append(b, " >>"...))

		zbuf.Reset()
		zw.Reset(&zbuf)
		at := 0
		for _, s := range p.splices {
			zw.Write(p.content[at:s])
			zw.Write(count)
			at = s
		}
		zw.Write(p.content[at:])
		if err := zw.Close(); err != nil {
			return err
		}
		o.stream(pageObj(i)+1, " /Filter /FlateDecode", zbuf.Bytes(), 0)
	}

	// Link annotations, printable (flag 4) as PDF/A asks, without a border.
	for i, p := range d.pages {
		for j, a := range p.annots {
			b = o.begin(annotObj[i][j])
			b = append(b, "<< /Type /Annot /Subtype /Link /F 4 /Border [0 0 0] /Rect ["...)
			for k, v := range [4]float64{a.x1, a.y1, a.x2, a.y2} {
				if k > 0 {
					b = append(b, ' ')
				}
				b = appendNum(b, v)
			}
			b = append(b, ']')
			if a.link < 0 {
				b = append(b, " /A << /S /URI /URI "...)
				b = appendLiteral(b, a.url)
				b = append(b, " >>"...)
			} else {
				b = append(b, " /Dest "...)
				b = d.appendDest(b, d.links[a.link-1], pageObj)
			}
			o.end(append(b, " >>"...))
		}
	}

	// Fonts.
	for face := range numFaces {
		n := fontObj[face]
		if n == 0 {
			continue
		}
		sf := subsets[face]
		desc := d.fonts.desc[face]
		b = o.begin(n)
		b = fmt.Appendf(b, "<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", sf.name, n+1, objToUnicode)
		o.end(b)
		b = o.begin(n + 1)
		b = fmt.Appendf(b, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /CIDToGIDMap %d 0 R /DW 0 /W ", sf.name, n+2, n+4)
		b = append(b, sf.widths...)
		o.end(append(b, " >>"...))
		b = o.begin(n + 2)
		b = fmt.Appendf(b, "<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle ", sf.name, desc.flags, desc.bbox[0], desc.bbox[1], desc.bbox[2], desc.bbox[3])
		b = appendNum(b, desc.italicAngle)
		b = fmt.Appendf(b, " /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R >>", desc.ascent, desc.descent, desc.capHeight, desc.stemV, n+3)
		o.end(b)
		o.stream(n+3, " /Filter /FlateDecode", sf.program, sf.length1)
		o.stream(n+4, " /Filter /FlateDecode", sf.cidToGID, 0)
	}

	// Outline items.
	for i, it := range items {
		b = o.begin(firstOutline + i)
		b = append(b, "<< /Title "...)
		b = appendTextString(b, it.title)
		parent := objOutlines
		if it.parent >= 0 {
			parent = firstOutline + it.parent
		}
		b = fmt.Appendf(b, " /Parent %d 0 R", parent)
		for _, rel := range [...]struct {
			key string
			i   int
		}{{"Prev", it.prev}, {"Next", it.next}, {"First", it.first}, {"Last", it.last}} {
			if rel.i >= 0 {
				b = fmt.Appendf(b, " /%s %d 0 R", rel.key, firstOutline+rel.i)
			}
		}
		if it.children > 0 {
			b = fmt.Appendf(b, " /Count -%d", it.children) // closed: its children show when opened
		}
		b = append(b, " /Dest "...)
		b = d.appendDest(b, it.dest, pageObj)
		o.end(append(b, " >>"...))
	}

	if d.pdfa {
		// The metadata stays uncompressed, so that archive tools read it.
		o.stream(objMetadata, " /Type /Metadata /Subtype /XML", d.xmp(), 0)
		o.stream(objOutputProfile, " /N 3 /Filter /FlateDecode", srgbProfile(), 0)
	}

	return o.finish(objCatalog, objInfo)
}

func (d *writer) appendDest(b []byte, t dest, pageObj func(int) int) []byte {
	p := min(max(t.page, 1), len(d.pages))
	b = fmt.Appendf(b, "[%d 0 R /XYZ 0 ", pageObj(p-1))
	b = appendNum(b, t.y)
	return append(b, " null]"...)
}

// outlineItem is an outline entry linked to its relatives by index, -1 for none.
type outlineItem struct {
	outline
	parent, prev, next, first, last, children int
}

// outlineTree links the bookmarks into a tree by level. A level more than
// one deeper than the entry before it is taken as one deeper.
func (d *writer) outlineTree() []outlineItem {
	items := make([]outlineItem, len(d.outlines))
	var stack []int // the open ancestors, by level
	for i, o := range d.outlines {
		items[i] = outlineItem{outline: o, parent: -1, prev: -1, next: -1, first: -1, last: -1}
		level := min(o.level, len(stack))
		stack = stack[:level]
		if level > 0 {
			parent := stack[level-1]
			items[i].parent = parent
			if p := items[parent].last; p >= 0 {
				items[p].next, items[i].prev = i, p
			} else {
				items[parent].first = i
			}
			items[parent].last = i
			items[parent].children++
		} else {
			for j := i - 1; j >= 0; j-- {
				if items[j].parent < 0 {
					items[j].next, items[i].prev = i, j
					break
				}
			}
		}
		stack = append(stack, i)
	}
	return items
}

// infoEntries returns the document information dictionary's entries, in
// the order written; the XMP metadata repeats them.
func (d *writer) infoEntries() [][2]string {
	var kv [][2]string
	for _, e := range [][2]string{{"Title", d.info.Title}, {"Author", d.info.Author}, {"Subject", d.info.Subject}, {"Keywords", d.info.Keywords}, {"Creator", d.info.Creator}, {"Producer", d.info.Creator}} {
		if e[1] != "" {
			kv = append(kv, e)
		}
	}
	date := d.date()
	_, offset := date.Zone()
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	s := fmt.Sprintf("D:%s%c%02d'%02d'", date.Format("20060102150405"), sign, offset/3600, offset/60%60)
	return append(kv, [2]string{"CreationDate", s}, [2]string{"ModDate", s})
}

// date is the creation and modification date, in its own time zone; a
// zero date gives 2000-01-01 UTC so that output stays deterministic.
func (d *writer) date() time.Time {
	if d.info.Date.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.info.Date
}

var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level
	return zw
}}

// appendNum appends v rounded to two decimals, without trailing zeros.
func appendNum(b []byte, v float64) []byte {
	n := int64(math.Round(v * 100))
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	if f := n % 100; f != 0 {
		b = append(b, '.', byte('0'+f/10))
		if f%10 != 0 {
			b = append(b, byte('0'+f%10))
		}
	}
	return b
}

// appendPoint appends the page coordinates of (x, y) in millimetres from
// the top left.
func appendPoint(b []byte, x, y, h float64) []byte {
	b = appendNum(b, x*ptPerMM)
	b = append(b, ' ')
	return appendNum(b, h-y*ptPerMM)
}

func appendColor(b []byte, c [3]uint8) []byte {
	for i, v := range c {
		if i > 0 {
			b = append(b, ' ')
		}
		// three decimals: 255 levels need more than two
		n := (int(v)*1000 + 127) / 255
		b = strconv.AppendInt(b, int64(n/1000), 10)
		if f := n % 1000; f != 0 {
			b = append(b, '.')
			b = append(b, byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
			for b[len(b)-1] == '0' {
				b = b[:len(b)-1]
			}
		}
	}
	return b
}

// appendTextString appends s as a PDF text string: a literal of printable
// ASCII as it is, else of UTF-16BE with a byte order mark (where the
// document id is then found by its UTF-16 bytes, see docid.Find).
func appendTextString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return appendLiteral(b, s)
	}
	b = append(b, '(', 0xFE, 0xFF)
	for _, r := range s {
		b = appendUTF16(b, r)
	}
	return append(b, ')')
}

// appendLiteral appends s as a literal string, escaping what must be.
func appendLiteral(b []byte, s string) []byte {
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// objWriter writes numbered objects, remembering their offsets for the
// cross-reference table, and hashes what it writes for the file identifier.
type objWriter struct {
	bw      *bufio.Writer
	sum     hash.Hash
	n       int64
	size    int // objects plus one
	offsets []int64
	buf     []byte
	err     error
}

func newObjWriter(w io.Writer) *objWriter {
	return &objWriter{bw: bufio.NewWriterSize(w, 64<<10), sum: sha256.New()}
}

func (o *objWriter) write(b []byte) {
	if o.err != nil {
		return
	}
	o.sum.Write(b)
	n, err := o.bw.Write(b)
	o.n += int64(n)
	o.err = err
}

// header writes the version and a comment of bytes above 127, which marks
// the file as binary (ISO 19005-2 §6.1.2).
func (o *objWriter) header() { o.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")) }

// begin starts object n and returns a buffer for its body.
func (o *objWriter) begin(n int) []byte {
	if o.offsets == nil {
		o.offsets = make([]int64, o.size)
	}
	o.offsets[n] = o.n
	o.buf = strconv.AppendInt(o.buf[:0], int64(n), 10)
	o.buf = append(o.buf, " 0 obj\n"...)
	return o.buf
}

// end writes the object's body and closes it.
func (o *objWriter) end(b []byte) {
	o.buf = append(b, "\nendobj\n"...)
	o.write(o.buf)
}

// stream writes object n as a stream with the given extra dictionary
// entries; length1, when not zero, is the font program's size.
func (o *objWriter) stream(n int, dict string, data []byte, length1 int) {
	b := o.begin(n)
	b = append(b, "<<"...)
	b = append(b, dict...)
	b = append(b, " /Length "...)
	b = strconv.AppendInt(b, int64(len(data)), 10)
	if length1 > 0 {
		b = append(b, " /Length1 "...)
		b = strconv.AppendInt(b, int64(length1), 10)
	}
	b = append(b, " >>\nstream\n"...)
	o.write(b)
	o.write(data)
	o.buf = append(b[:0], "\nendstream\nendobj\n"...)
	o.write(o.buf)
}

// finish writes the cross-reference table and the trailer, whose file
// identifier is a hash of everything before it.
func (o *objWriter) finish(root, info int) error {
	xref := o.n
	id := hex.EncodeToString(o.sum.Sum(nil)[:16])
	b := fmt.Appendf(o.buf[:0], "xref\n0 %d\n0000000000 65535 f \n", o.size)
	for _, off := range o.offsets[1:] {
		b = fmt.Appendf(b, "%010d 00000 n \n", off)
	}
	b = fmt.Appendf(b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n", o.size, root, info, id, id, xref)
	o.write(b)
	if o.err != nil {
		return o.err
	}
	return o.bw.Flush()
}

// toUnicodeCMap maps every CID, a code point of the Basic Multilingual
// Plane outside the surrogates, to itself.
var toUnicodeCMap = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var ranges []int
	for hi := range 256 {
		if hi < 0xD8 || hi > 0xDF {
			ranges = append(ranges, hi)
		}
	}
	for len(ranges) > 0 {
		n := min(100, len(ranges)) // a block holds at most 100 entries
		fmt.Fprintf(&b, "%d beginbfrange\n", n)
		for _, hi := range ranges[:n] {
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi)
		}
		b.WriteString("endbfrange\n")
		ranges = ranges[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return deflate(b.Bytes())
})

// srgbProfile is the output intent's profile, compressed.
var srgbProfile = sync.OnceValue(func() []byte { return deflate(srgbICC) })
