package docx

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"github.com/clausemark/clausemark/internal/document"
)

// stylesXML is the styles part, with {{...}} where the house's page
// style and the text width go (house.styles).
//
//go:embed parts/styles.xml
var stylesXML []byte

//go:embed parts/numbering.xml
var numberingXML string

// The numbering instances every document has: the headings' list, and
// bullets. Ordered lists get instances of their own after these.
const (
	headingNum = 1
	bulletNum  = 2
	orderedAbs = 2 // the abstract numbering of ordered lists
	legalAbs   = 3 // of legal lists: (a), (i), (A)
	paraAbs    = 4 // of numbered paragraphs: (1), (2)
	outerAbs   = 5 // of legal lists that follow no numbered paragraph, at the margin
)

// pkg is one DOCX file being made: the parts shared by the documents it
// is built from (numbering instances, external links) and its settings.
type pkg struct {
	o       Options
	house   house          // the page style
	track   bool           // a redline: change tracking on
	rev     Revision       // who made a redline's changes
	ordered []orderedStart // the instances after bulletNum, in order
	links   []string
	linkIDs map[string]int

	comments []Comment // the comments on the body's paragraphs (comments.go)
}

// orderedStart is a numbering instance of abstract numbering abs that
// starts at start at level.
type orderedStart struct{ abs, level, start int }

// newPackage starts a file in the page style st.
func newPackage(o Options, st *document.Style) (*pkg, error) {
	if o.Page.Width <= 0 || o.Page.Height <= 0 {
		o.Page = A4
	}
	h, err := houseOf(st)
	if err != nil {
		return nil, err
	}
	return &pkg{o: o, house: h, linkIDs: map[string]int{}}, nil
}

// orderedList returns a new numbering instance for an ordered list at
// level that starts at start.
func (p *pkg) orderedList(level, start int) int {
	return p.instance(orderedStart{abs: orderedAbs, level: level, start: max(start, 0)})
}

// legalList returns a new numbering instance for a legal list at level,
// from (a), (i) or (A): one that stands under a numbered paragraph's text,
// or, outer, one that follows none, its first level's marker at the
// margin.
func (p *pkg) legalList(level int, outer bool) int {
	abs := legalAbs
	if outer {
		abs = outerAbs
	}
	return p.instance(orderedStart{abs: abs, level: level, start: 1})
}

// paragraphs returns a new numbering instance for the numbered paragraphs
// below a heading, from (1).
func (p *pkg) paragraphs() int {
	return p.instance(orderedStart{abs: paraAbs, start: 1})
}

// instance adds a numbering instance and returns its id.
func (p *pkg) instance(o orderedStart) int {
	p.ordered = append(p.ordered, o)
	return bulletNum + len(p.ordered)
}

// externalLink returns the 1-based index of the relationship for url.
func (p *pkg) externalLink(url string) int {
	if i, ok := p.linkIDs[url]; ok {
		return i
	}
	p.links = append(p.links, url)
	p.linkIDs[url] = len(p.links)
	return len(p.links)
}

func twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// textWidth is the width between the margins, in twips.
func (p *pkg) textWidth() int {
	return twips(p.o.Page.Width - p.house.margins.Left - p.house.margins.Right)
}

// write packs the body and every other part into the zip file, in a fixed
// order with fixed times, so the same document gives the same bytes.
func (p *pkg) write(ctx context.Context, body []block) ([]byte, error) {
	w := &xw{rev: p.rev, track: p.track, b: buffers.Get().(*bytes.Buffer)}
	defer func() {
		w.b.Reset()
		buffers.Put(w.b)
	}()
	if !p.rev.Date.IsZero() {
		w.date = p.rev.Date.UTC().Format(time.RFC3339)
	}
	w.document(ctx, p, body)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	parts := p.parts(w.b.Bytes())
	var out bytes.Buffer
	out.Grow(w.b.Len()/4 + 16<<10)
	z := zip.NewWriter(&out)
	z.RegisterCompressor(zip.Deflate, compressor)
	modified := p.date()
	for _, part := range parts {
		h := &zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: modified}
		if d := part.fixed; d != nil {
			h.CRC32, h.CompressedSize64, h.UncompressedSize64 = d.crc, uint64(len(d.data)), d.size
			f, err := z.CreateRaw(h)
			if err != nil {
				return nil, err
			}
			if _, err := f.Write(d.data); err != nil {
				return nil, err
			}
			continue
		}
		f, err := z.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := f.Write(part.data); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// part is one part of the file: its data, or its data compressed once
// per process.
type part struct {
	name  string
	data  []byte
	fixed *deflated
}

// parts lists the file's parts, in the order they are written, with
// document as the body.
func (p *pkg) parts(document []byte) []part {
	fixed := staticParts()
	settings := fixed.settings[settingsKey{track: p.track, noHyphens: p.house.noHyphens}]
	types := part{name: "[Content_Types].xml", fixed: fixed.contentTypes}
	if l := p.house.logo; l != nil {
		types = part{name: types.name, data: contentTypes(l.ext)}
	}
	footer := p.footer()
	parts := []part{
		types,
		{name: "_rels/.rels", fixed: fixed.rels},
		{name: "docProps/core.xml", data: p.core()},
		{name: "docProps/app.xml", data: p.app()},
		{name: "word/document.xml", data: document},
		{name: "word/_rels/document.xml.rels", data: p.documentRels()},
		{name: "word/styles.xml", fixed: p.house.styles(p.textWidth())},
		{name: "word/fontTable.xml", data: p.house.fontTable()},
		{name: "word/numbering.xml", data: p.numbering()},
		{name: "word/settings.xml", fixed: settings},
		{name: "word/header1.xml", data: p.header()},
		{name: "word/header2.xml", fixed: fixed.header},
		{name: "word/footer1.xml", data: footer},
		{name: "word/footer2.xml", data: footer},
	}
	if l := p.house.logo; l != nil {
		parts = append(parts, part{name: "word/media/logo." + l.ext, data: l.data})
	}
	return p.withComments(parts)
}

// buffers keeps the buffers document.xml is written into between
// documents.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// deflated is a part compressed once for every document that has it.
type deflated struct {
	data []byte
	crc  uint32
	size uint64
}

func deflate(data []byte) *deflated {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed) // the level is valid: no error
	_, _ = w.Write(data)                         // writes to a bytes.Buffer do not fail
	_ = w.Close()
	return &deflated{data: b.Bytes(), crc: crc32.ChecksumIEEE(data), size: uint64(len(data))}
}

// staticParts are the parts that are the same in every document.
var staticParts = sync.OnceValue(func() (s struct {
	contentTypes, rels, header *deflated
	settings                   map[settingsKey]*deflated
}) {
	s.contentTypes = deflate(contentTypes(""))
	s.rels = deflate(packageRels)
	s.settings = map[settingsKey]*deflated{}
	for _, track := range []bool{false, true} {
		for _, no := range []bool{false, true} {
			k := settingsKey{track: track, noHyphens: no}
			s.settings[k] = deflate(settings(k))
		}
	}
	s.header = deflate(emptyHeader("hdr"))
	return s
})

// settingsKey is what the settings part depends on: change tracking for a
// redline, and the style's hyphenation.
type settingsKey struct{ track, noHyphens bool }

// flaters keeps compressors between documents: a new one allocates about a
// megabyte, more than the document it compresses.
var flaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid: no error
	return w
}}

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	return err
}

func compressor(w io.Writer) (io.WriteCloser, error) {
	fw := flaters.Get().(*flate.Writer)
	fw.Reset(w)
	return pooledFlate{fw}, nil
}

// date is the document's date, or a fixed one, at midnight UTC.
func (p *pkg) date() time.Time {
	d := p.o.Info.Date
	if d.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW       = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	nsDrawing = `xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`
)

// contentTypes lists the parts' types; image is the extension of the
// logo's part, "" for none.
func contentTypes(image string) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	if image != "" {
		b.WriteString(`<Default Extension="` + image + `" ContentType="image/` + image + `"/>`)
	}
	const wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
	for _, o := range [][2]string{
		{"/word/document.xml", wml + "document.main+xml"},
		{"/word/styles.xml", wml + "styles+xml"},
		{"/word/fontTable.xml", wml + "fontTable+xml"},
		{"/word/numbering.xml", wml + "numbering+xml"},
		{"/word/settings.xml", wml + "settings+xml"},
		{"/word/header1.xml", wml + "header+xml"},
		{"/word/header2.xml", wml + "header+xml"},
		{"/word/footer1.xml", wml + "footer+xml"},
		{"/word/footer2.xml", wml + "footer+xml"},
		{"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
		{"/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
	} {
		b.WriteString(`<Override PartName="` + o[0] + `" ContentType="` + o[1] + `"/>`)
	}
	b.WriteString("</Types>")
	return b.Bytes()
}

var packageRels = []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`)

func (p *pkg) documentRels() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	for _, r := range [][3]string{
		{"rIdStyles", "styles", "styles.xml"},
		{"rIdFonts", "fontTable", "fontTable.xml"},
		{"rIdNumbering", "numbering", "numbering.xml"},
		{"rIdSettings", "settings", "settings.xml"},
		{"rIdHeader1", "header", "header1.xml"},
		{"rIdHeader2", "header", "header2.xml"},
		{"rIdFooter1", "footer", "footer1.xml"},
		{"rIdFooter2", "footer", "footer2.xml"},
	} {
		b.WriteString(`<Relationship Id="` + r[0] + `" Type="` + rel + r[1] + `" Target="` + r[2] + `"/>`)
	}
	if l := p.house.logo; l != nil {
		b.WriteString(`<Relationship Id="rIdLogo" Type="` + rel + `image" Target="media/logo.` + l.ext + `"/>`)
	}
	for i, url := range p.links {
		b.WriteString(`<Relationship Id="rIdLink` + strconv.Itoa(i+1) + `" Type="` + rel + `hyperlink" Target="`)
		escape(&b, url)
		b.WriteString(`" TargetMode="External"/>`)
	}
	b.WriteString("</Relationships>")
	return b.Bytes()
}

// core is the document's properties: title, subject, author, keywords and
// dates.
func (p *pkg) core() []byte {
	in := p.o.Info
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	element(&b, "dc:title", in.Title)
	element(&b, "dc:identifier", in.ID)
	element(&b, "dc:subject", in.Subject)
	element(&b, "dc:creator", in.Author)
	element(&b, "cp:keywords", in.Keywords)
	element(&b, "cp:lastModifiedBy", in.Author)
	d := p.date().Format(time.RFC3339)
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + d + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + d + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

func (p *pkg) app() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">`)
	element(&b, "Application", p.o.Info.Creator)
	b.WriteString(`</Properties>`)
	return b.Bytes()
}

func element(b *bytes.Buffer, name, value string) {
	if value == "" {
		return
	}
	b.WriteString("<" + name + ">")
	escape(b, value)
	b.WriteString("</" + name + ">")
}

// numbering is the fixed abstract numberings and an instance for each
// ordered or legal list and each heading's numbered paragraphs,
// restarting at its start.
func (p *pkg) numbering() []byte {
	var b bytes.Buffer
	b.WriteString(strings.TrimSuffix(strings.TrimSpace(numberingXML), "</w:numbering>"))
	b.WriteString(`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`)
	b.WriteString(`<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>`)
	for i, o := range p.ordered {
		b.WriteString(`<w:num w:numId="` + strconv.Itoa(bulletNum+1+i) + `"><w:abstractNumId w:val="` + strconv.Itoa(o.abs) + `"/>`)
		b.WriteString(`<w:lvlOverride w:ilvl="` + strconv.Itoa(o.level) + `"><w:startOverride w:val="` + strconv.Itoa(o.start) + `"/></w:lvlOverride></w:num>`)
	}
	b.WriteString("</w:numbering>\n")
	return b.Bytes()
}

// settings switches change tracking on for a redline, and hyphenation
// on, as the PDF hyphenates justified text, unless the style has none.
func settings(k settingsKey) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<w:settings ` + nsW + `>`)
	if k.track {
		b.WriteString(`<w:trackRevisions/>`)
	}
	b.WriteString(`<w:defaultTabStop w:val="567"/>`)
	if k.noHyphens {
		b.WriteString(`<w:autoHyphenation w:val="false"/>`)
	} else {
		b.WriteString(`<w:autoHyphenation/>`)
	}
	b.WriteString(`<w:characterSpacingControl w:val="doNotCompress"/>`)
	// A line that ends in a line break is not stretched to the margin.
	b.WriteString(`<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>`)
	b.WriteString(`</w:settings>`)
	return b.Bytes()
}

// header is the running header of every page but the first, as the
// PDF's: the title and the parties, or the title alone.
func (p *pkg) header() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<w:hdr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>`)
	t := p.o.Info.Header
	if t == "" {
		t = p.o.Info.Title
	}
	if t != "" {
		b.WriteString(`<w:r><w:t xml:space="preserve">`)
		escape(&b, t)
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p></w:hdr>`)
	return b.Bytes()
}

func emptyHeader(tag string) []byte {
	return []byte(xmlHeader + `<w:` + tag + ` ` + nsW + `><w:p/></w:` + tag + `>`)
}

// footer is the PDF's footer on every page: "Page X of Y" as PAGE and
// NUMPAGES fields, and at the right the document's reference and date.
func (p *pkg) footer() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>`)
	b.WriteString(`<w:r><w:t xml:space="preserve">Page </w:t></w:r>`)
	simpleField(&b, "PAGE", "1")
	b.WriteString(`<w:r><w:t xml:space="preserve"> of </w:t></w:r>`)
	simpleField(&b, "NUMPAGES", "1")
	if f := p.o.Info.Footer; f != "" {
		b.WriteString(`<w:r><w:tab/><w:t xml:space="preserve">`)
		escape(&b, f)
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p></w:ftr>`)
	return b.Bytes()
}

func simpleField(b *bytes.Buffer, instr, result string) {
	b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + instr + ` </w:instrText></w:r>`)
	b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>` + result + `</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`)
}

// escape writes s as XML character data or an attribute value. Characters
// XML cannot hold (most control characters, bytes that are not UTF-8)
// become U+FFFD, as encoding/xml writes them.
func escape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		n := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"':
			esc = "&#34;"
		case c == '\'':
			esc = "&#39;"
		case c == '\t':
			esc = "&#x9;"
		case c == '\n':
			esc = "&#xA;"
		case c == '\r':
			esc = "&#xD;"
		case c < 0x20:
			esc = "\uFFFD"
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			n = size
			if r == utf8.RuneError && size == 1 || !xmlChar(r) {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b.WriteString(s[last:i])
			b.WriteString(esc)
			last = i + n
		}
		i += n
	}
	b.WriteString(s[last:])
}

// xmlChar reports whether XML 1.0 allows r, outside ASCII.
func xmlChar(r rune) bool {
	return r >= 0x80 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xw writes document.xml.
type xw struct {
	b     *bytes.Buffer
	id    int // the next annotation id: bookmarks and changes
	track bool
	rev   Revision
	date  string
	marks map[string]bool // bookmarks written
	house house
}

func (w *xw) str(s string) { w.b.WriteString(s) }

func (w *xw) int(n int) {
	var buf [20]byte
	w.b.Write(strconv.AppendInt(buf[:0], int64(n), 10))
}

// attr writes the element <name w:val="value"/>.
func (w *xw) val(name, value string) {
	w.str(name)
	w.str(` w:val="`)
	w.str(value)
	w.str(`"/>`)
}

func (w *xw) nextID() int {
	w.id++
	return w.id
}

func (w *xw) document(ctx context.Context, p *pkg, body []block) {
	w.marks = map[string]bool{}
	w.house = p.house
	w.str(xmlHeader + `<w:document ` + nsW + ` ` + nsDrawing + `><w:body>`)
	for i, bl := range body {
		if ctx.Err() != nil {
			return // write returns the error
		}
		// Word needs a paragraph between two tables, and after the last.
		// In a redline it comes and goes with a table inserted or deleted
		// whole.
		if bl.t != nil && i > 0 && body[i-1].t != nil {
			c := whole(bl.t)
			if c == kept {
				c = whole(body[i-1].t)
			}
			w.para(&para{mark: c})
		}
		if bl.p != nil && i > 0 && body[i-1].t != nil && bl.p.space == 0 && !bl.p.newPage {
			// Text after a table keeps its distance from it, on the
			// same page.
			q := *bl.p
			q.space = 160
			bl.p = &q
		}
		w.block(bl)
	}
	if len(body) > 0 && body[len(body)-1].t != nil {
		w.para(&para{mark: whole(body[len(body)-1].t)})
	}
	// The last paragraph ends with the section: page size, the house's
	// margins, and headers and footers, with no header on the first page
	// (the title is there).
	m := p.house.margins
	w.str(`<w:sectPr>`)
	w.str(`<w:headerReference w:type="default" r:id="rIdHeader1"/><w:headerReference w:type="first" r:id="rIdHeader2"/>`)
	w.str(`<w:footerReference w:type="default" r:id="rIdFooter1"/><w:footerReference w:type="first" r:id="rIdFooter2"/>`)
	w.str(`<w:pgSz w:w="` + strconv.Itoa(twips(p.o.Page.Width)) + `" w:h="` + strconv.Itoa(twips(p.o.Page.Height)) + `"/>`)
	w.str(`<w:pgMar w:top="` + strconv.Itoa(twips(m.Top)) + `" w:right="` + strconv.Itoa(twips(m.Right)) + `" w:bottom="` + strconv.Itoa(twips(m.Bottom)))
	w.str(`" w:left="` + strconv.Itoa(twips(m.Left)) + `" w:header="709" w:footer="709" w:gutter="0"/>`)
	w.str(`<w:titlePg/></w:sectPr></w:body></w:document>`)
}

// whole returns the change of a table every row of which is inserted, or
// deleted; kept otherwise.
func whole(t *table) change {
	if len(t.rows) == 0 {
		return kept
	}
	c := t.rows[0].change
	for _, r := range t.rows {
		if r.change != c {
			return kept
		}
	}
	return c
}

func (w *xw) block(bl block) {
	switch {
	case bl.p != nil:
		w.para(bl.p)
	case bl.toc != nil:
		w.toc(bl.toc)
	default:
		w.table(bl.t)
	}
}

// toc writes a table of contents: its entries, the paragraphs of the TOC1
// style, in a content control that Word and readers of the file know as
// the table of contents (a docPartObj of the "Table of Contents" gallery,
// as Word writes one). The entries stand outside a TOC field: LibreOffice
// shows a TOC field's result as the file holds it, the entries' PAGEREF
// fields too, and computes a PAGEREF field only outside one.
func (w *xw) toc(t *toc) {
	if len(t.entries) == 0 {
		return
	}
	w.str(`<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>`)
	for _, e := range t.entries {
		w.para(e)
	}
	w.str(`</w:sdtContent></w:sdt>`)
}

// change writes the attributes of a tracked change.
func (w *xw) changeAttrs() {
	w.str(` w:id="`)
	w.int(w.nextID())
	w.str(`" w:author="`)
	escape(w.b, w.rev.Author)
	w.str(`"`)
	if w.date != "" {
		w.str(` w:date="`)
		w.str(w.date)
		w.str(`"`)
	}
}

// changeTag is the element of a tracked change: ins or del, "" for none.
func changeTag(c change) string {
	switch c {
	case inserted:
		return "ins"
	case deleted:
		return "del"
	}
	return ""
}

// openChange writes the start of c's element, closed at once when empty
// (a paragraph mark's or a row's change).
func (w *xw) openChange(c change, empty bool) {
	tag := changeTag(c)
	if tag == "" {
		return
	}
	w.str(`<w:` + tag)
	w.changeAttrs()
	if empty {
		w.str(`/>`)
	} else {
		w.str(`>`)
	}
}

func (w *xw) changeMark(c change) { w.openChange(c, true) }

// props writes p's paragraph properties but its mark's change, in the
// style and numbering of sh.
func (w *xw) props(p *para, sh shape) {
	if sh.style != "" {
		w.val(`<w:pStyle`, sh.style)
	}
	if p.keepNext {
		w.str(`<w:keepNext/>`)
	}
	if p.newPage {
		w.str(`<w:pageBreakBefore/>`)
	}
	switch {
	case sh.numID > 0:
		w.str(`<w:numPr><w:ilvl w:val="`)
		w.int(sh.ilvl)
		w.str(`"/><w:numId w:val="`)
		w.int(sh.numID)
		w.str(`"/></w:numPr>`)
	case sh.numID < 0:
		w.str(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>`)
	}
	if p.space != 0 {
		w.str(`<w:spacing w:before="`)
		w.int(p.space)
		w.str(`"/>`)
	}
	if p.indent != 0 {
		w.str(`<w:ind w:left="`)
		w.int(p.indent)
		w.str(`"/>`)
	}
	if p.align != "" {
		w.val(`<w:jc`, p.align)
	}
}

func (w *xw) para(p *para) {
	w.str(`<w:p>`)
	if p.style != "" || p.numID != 0 || p.indent != 0 || p.space != 0 || p.align != "" || p.keepNext || p.newPage || p.mark != kept || p.was != nil {
		w.str(`<w:pPr>`)
		w.props(p, p.shape())
		if p.mark != kept {
			w.str(`<w:rPr>`)
			w.changeMark(p.mark)
			w.str(`</w:rPr>`)
		}
		if p.was != nil {
			// The properties before the change: the first document's
			// style and numbering, so rejecting the change numbers as it
			// did.
			w.str(`<w:pPrChange`)
			w.changeAttrs()
			w.str(`><w:pPr>`)
			w.props(p, *p.was)
			w.str(`</w:pPr></w:pPrChange>`)
		}
		w.str(`</w:pPr>`)
	}
	id := 0
	from := min(p.markFrom, len(p.runs))
	w.commentStarts(p)
	w.runs(p.runs[:from])
	if p.bookmark != "" && !w.marks[p.bookmark] {
		w.marks[p.bookmark] = true
		id = w.nextID()
		w.str(`<w:bookmarkStart w:id="`)
		w.int(id)
		w.str(`" w:name="`)
		w.str(p.bookmark)
		w.str(`"/>`)
	}
	w.runs(p.runs[from:])
	if id != 0 {
		w.str(`<w:bookmarkEnd w:id="`)
		w.int(id)
		w.str(`"/>`)
	}
	w.commentEnds(p)
	w.str(`</w:p>`)
}

// runs writes runs, grouping those of one link into a hyperlink and those
// of one change into an insertion or deletion.
func (w *xw) runs(rs []run) {
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j].link == rs[i].link && rs[j].anchor == rs[i].anchor {
			j++
		}
		r := rs[i]
		switch {
		case r.link > 0:
			w.str(`<w:hyperlink r:id="rIdLink`)
			w.int(r.link)
			w.str(`">`)
		case r.anchor != "":
			w.str(`<w:hyperlink w:anchor="`)
			w.str(r.anchor)
			w.str(`">`)
		}
		for k := i; k < j; {
			l := k + 1
			for l < j && rs[l].change == rs[k].change {
				l++
			}
			w.changed(rs[k:l], rs[k].change)
			k = l
		}
		if r.link > 0 || r.anchor != "" {
			w.str(`</w:hyperlink>`)
		}
		i = j
	}
}

func (w *xw) changed(rs []run, c change) {
	w.openChange(c, false)
	for _, r := range rs {
		w.run(r, c == deleted)
	}
	if tag := changeTag(c); tag != "" {
		w.str(`</w:` + tag + `>`)
	}
}

func (w *xw) rPr(f props, link bool) {
	link = link && f&unmarked == 0
	if f&^unmarked == 0 && !link {
		return
	}
	w.str(`<w:rPr>`)
	switch {
	case link:
		w.str(`<w:rStyle w:val="Hyperlink"/>`)
	case f&code != 0:
		w.str(`<w:rStyle w:val="CodeChar"/>`)
	}
	if f&bold != 0 {
		w.str(`<w:b/><w:bCs/>`)
	}
	if f&italic != 0 {
		w.str(`<w:i/><w:iCs/>`)
	}
	if f&strike != 0 {
		w.str(`<w:strike/>`)
	}
	w.str(`</w:rPr>`)
}

func (w *xw) run(r run, del bool) {
	link := r.link > 0 || r.anchor != ""
	switch r.kind {
	case breakRun:
		w.str(`<w:r><w:br/></w:r>`)
	case pageRun:
		w.str(`<w:r><w:br w:type="page"/></w:r>`)
	case tabRun:
		w.str(`<w:r><w:tab/></w:r>`)
	case fieldRun:
		w.fieldStart(r.instr, del, r.dirty)
		w.text(r, link, del)
		w.str(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	case logoRun:
		w.logo(r.text)
	default:
		w.text(r, link, del)
	}
}

// fieldStart writes the start of a field up to its result; a dirty field
// is one Word updates on opening.
func (w *xw) fieldStart(instr string, del, dirty bool) {
	tag := "instrText"
	if del {
		tag = "delInstrText"
	}
	w.str(`<w:r><w:fldChar w:fldCharType="begin"`)
	if dirty {
		w.str(` w:dirty="true"`)
	}
	w.str(`/></w:r><w:r><w:` + tag + ` xml:space="preserve"> `)
	escape(w.b, instr)
	w.str(` </w:` + tag + `></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
}

// logo draws the house's logo, inline in its paragraph, described by alt.
func (w *xw) logo(alt string) {
	l := w.house.logo
	if l == nil {
		return
	}
	cx, cy := strconv.Itoa(l.width), strconv.Itoa(l.height)
	w.str(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="` + cx + `" cy="` + cy + `"/>`)
	w.str(`<wp:docPr id="1" name="Logo" descr="`)
	escape(w.b, alt)
	w.str(`"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`)
	w.str(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`)
	w.str(`<pic:nvPicPr><pic:cNvPr id="1" name="logo.` + l.ext + `"/><pic:cNvPicPr/></pic:nvPicPr>`)
	w.str(`<pic:blipFill><a:blip r:embed="rIdLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`)
	w.str(`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="` + cx + `" cy="` + cy + `"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`)
	w.str(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`)
}

func (w *xw) text(r run, link, del bool) {
	w.str(`<w:r>`)
	w.rPr(r.props, link)
	tag := "t"
	if del {
		tag = "delText"
	}
	w.str(`<w:`)
	w.str(tag)
	if r.text != "" && (r.text[0] == ' ' || r.text[len(r.text)-1] == ' ' || strings.Contains(r.text, "  ")) {
		w.str(` xml:space="preserve">`)
	} else {
		w.str(`>`)
	}
	escape(w.b, r.text)
	w.str(`</w:`)
	w.str(tag)
	w.str(`></w:r>`)
}

// table writes a table: a grid of the column widths, a header row that
// repeats on each page, rows kept whole where they fit. A signature
// block has no borders.
func (w *xw) table(t *table) {
	total := 0
	for _, wd := range t.widths {
		total += wd
	}
	w.str(`<w:tbl><w:tblPr>`)
	if !t.sig {
		w.str(`<w:tblStyle w:val="TableGrid"/>`)
	}
	// The schema's order: tblStyle, tblW, tblBorders, tblLayout,
	// tblCellMar, tblLook.
	w.str(`<w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/>`)
	if t.sig {
		w.str(`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`)
	}
	w.str(`<w:tblLayout w:type="fixed"/>`)
	if t.sig {
		w.str(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>`)
	}
	w.str(`<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, wd := range t.widths {
		w.str(`<w:gridCol w:w="` + strconv.Itoa(wd) + `"/>`)
	}
	w.str(`</w:tblGrid>`)
	for _, r := range t.rows {
		w.str(`<w:tr>`)
		if r.header || t.sig || r.change != kept {
			w.str(`<w:trPr>`)
			if t.sig {
				w.str(`<w:cantSplit/>`)
			}
			if r.header {
				w.str(`<w:tblHeader/>`)
			}
			w.changeMark(r.change)
			w.str(`</w:trPr>`)
		}
		for j, c := range r.cells {
			w.str(`<w:tc><w:tcPr><w:tcW w:w="`)
			if j < len(t.widths) {
				w.str(strconv.Itoa(t.widths[j]))
			} else {
				w.str("0")
			}
			w.str(`" w:type="dxa"/>`)
			if r.header && !t.sig {
				w.str(`<w:shd w:val="clear" w:color="auto" w:fill="EBEBEB"/>`)
			}
			w.str(`</w:tcPr>`)
			if len(c) == 0 {
				w.str(`<w:p/>`)
			}
			for _, p := range c {
				w.para(p)
			}
			w.str(`</w:tc>`)
		}
		w.str(`</w:tr>`)
	}
	w.str(`</w:tbl>`)
}
