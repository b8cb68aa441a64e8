// Package fpdfdoc is a second backend of Clausemark's PDF layout: a
// [pdfdoc.Doc] that draws with fpdf (codeberg.org/go-pdf/fpdf), the
// maintained successor of the library Clausemark once wrote its PDFs with.
// It is a module of its own, so that Clausemark does not depend on fpdf;
// it shows that the layout draws through the seam only, and keeps a way
// back to a maintained library open.
//
// Pass [New] to the layout:
//
//	r := layout.NewRenderer(layout.WithDoc(fpdfdoc.New), layout.WithInfo(info))
//	err := r.Convert(src, w)
//
// The faces are the layout's own: each face's TrueType program, as the
// font package embeds it, is registered with fpdf, which subsets it.
// Images are embedded from their files' bytes, PNG or JPEG as read.
//
// # Differences from Clausemark's writer
//
// fpdf writes no PDF/A: Output fails with [ErrPDFA] when the layout asks
// for it. fpdf has no tagging either: the structure the layout gives
// (BeginTag, EndTag, BeginArtifact) is dropped, and the file is an
// untagged PDF whatever the Setup's Tagged says. The page count's alias is fpdf's "{nb}", which fpdf replaces
// wherever a page's text holds it. The document's id is in the keywords
// only, as the layout's Info gives them; fpdf writes no /ID of it.
package fpdfdoc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// ErrPDFA is why a document set up as PDF/A is not written.
var ErrPDFA = errors.New("fpdfdoc: fpdf does not write PDF/A")

// Doc is a document drawn with fpdf. Make one with [New].
type Doc struct {
	pdf   *fpdf.Fpdf
	pdfa  bool
	faces [font.NumFaces]string        // the faces' names in fpdf
	files map[[sha256.Size]byte]string // the images embedded, by their files' hashes
	// The drawing state, set again on a page that SetPage returns to:
	// fpdf keeps one state for the document, each page's content its own.
	face              pdfdoc.Face
	size              float64
	draw, fill, text  [3]int
	lineWidth         float64
	fontSet, colorSet bool
}

var _ pdfdoc.Doc = (*Doc)(nil)

// fixedDate is the creation date of a document whose Info has none, so
// that the same calls give the same bytes.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// New returns the Doc of the document s sets up: its page size, its
// metadata and its fonts, each face registered with fpdf from the
// TrueType program the layout measures with.
func New(s pdfdoc.Setup) pdfdoc.Doc {
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: s.Page.Width, Ht: s.Page.Height}})
	p.SetMargins(0, 0, 0)
	p.SetAutoPageBreak(false, 0)
	p.AliasNbPages(alias)
	p.SetCatalogSort(true)
	d := &Doc{pdf: p, pdfa: s.PDFA, lineWidth: 0.2, files: map[[sha256.Size]byte]string{}}
	fonts := s.Fonts
	if fonts == nil {
		var err error
		if fonts, err = font.LoadFonts(); err != nil {
			p.SetError(err)
			return d
		}
	}
	for face := range font.NumFaces {
		d.faces[face] = "face" + string(rune('0'+face))
		p.AddUTF8FontFromBytes(d.faces[face], "", fonts.TTF(face))
	}
	setInfo(p, s.Info)
	return d
}

// setInfo writes the document's metadata.
func setInfo(p *fpdf.Fpdf, in pdfdoc.Info) {
	p.SetTitle(in.Title, true)
	p.SetAuthor(in.Author, true)
	p.SetSubject(in.Subject, true)
	p.SetKeywords(in.Keywords, true)
	p.SetCreator(in.Creator, true)
	date := in.Date
	if date.IsZero() {
		date = fixedDate
	}
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	lang := in.Lang
	if lang == "" {
		lang = "en"
	}
	p.SetLang(lang)
}

// AddPage adds a page at the end, also after SetPage went back to an
// earlier one.
func (d *Doc) AddPage() {
	d.pdf.SetPage(d.pdf.PageCount())
	d.pdf.AddPage()
}

// PageNo returns the current page, from 1.
func (d *Doc) PageNo() int { return d.pdf.PageNo() }

// SetPage makes page n the current one, and sets on it the font, colours
// and line width the layout last chose.
func (d *Doc) SetPage(n int) {
	if n < 1 || n > d.pdf.PageCount() || n == d.pdf.PageNo() {
		return
	}
	d.pdf.SetPage(n)
	if d.fontSet {
		d.SetFont(d.face, d.size)
	}
	if d.colorSet {
		d.pdf.SetDrawColor(d.draw[0], d.draw[1], d.draw[2])
		d.pdf.SetFillColor(d.fill[0], d.fill[1], d.fill[2])
		d.pdf.SetTextColor(d.text[0], d.text[1], d.text[2])
	}
	d.pdf.SetLineWidth(d.lineWidth)
}

// TotalPagesAlias returns the alias fpdf replaces with the page count.
func (d *Doc) TotalPagesAlias() string { return alias }

// alias is fpdf's own alias of the page count.
const alias = "{nb}"

// SetFont selects face at size points.
func (d *Doc) SetFont(face pdfdoc.Face, size float64) {
	if face < 0 || face >= font.NumFaces {
		return
	}
	d.face, d.size, d.fontSet = face, size, true
	d.pdf.SetFont(d.faces[face], "", size)
}

// SetTextColor sets the colour of text.
func (d *Doc) SetTextColor(r, g, b int) {
	d.text, d.colorSet = [3]int{r, g, b}, true
	d.pdf.SetTextColor(r, g, b)
}

// SetDrawColor sets the colour of lines.
func (d *Doc) SetDrawColor(r, g, b int) {
	d.draw, d.colorSet = [3]int{r, g, b}, true
	d.pdf.SetDrawColor(r, g, b)
}

// SetFillColor sets the colour of filled areas.
func (d *Doc) SetFillColor(r, g, b int) {
	d.fill, d.colorSet = [3]int{r, g, b}, true
	d.pdf.SetFillColor(r, g, b)
}

// SetLineWidth sets the width of lines in millimetres.
func (d *Doc) SetLineWidth(w float64) {
	d.lineWidth = w
	d.pdf.SetLineWidth(w)
}

// Text draws s with its baseline starting at (x, y).
func (d *Doc) Text(x, y float64, s string) { d.pdf.Text(x, y, s) }

// Line draws a line from (x1, y1) to (x2, y2).
func (d *Doc) Line(x1, y1, x2, y2 float64) { d.pdf.Line(x1, y1, x2, y2) }

// Rect draws a rectangle: "D" its outline, "F" filled, "FD" both.
func (d *Doc) Rect(x, y, w, h float64, style string) { d.pdf.Rect(x, y, w, h, style) }

// Image draws img scaled to w by h mm, its top left at (x, y). The same
// file drawn twice is embedded once.
func (d *Doc) Image(x, y, w, h float64, img *pdfdoc.Image) {
	sum := sha256.Sum256(img.Data)
	name, ok := d.files[sum]
	if !ok {
		name = hex.EncodeToString(sum[:])
		d.files[sum] = name
		d.pdf.RegisterImageOptionsReader(name, imageOptions(img.Kind), bytes.NewReader(img.Data))
	}
	d.pdf.ImageOptions(name, x, y, w, h, false, imageOptions(img.Kind), 0, "")
}

// imageOptions tells fpdf an image's format.
func imageOptions(k pdfdoc.ImageKind) fpdf.ImageOptions {
	if k == pdfdoc.JPEG {
		return fpdf.ImageOptions{ImageType: "JPG"}
	}
	return fpdf.ImageOptions{ImageType: "PNG"}
}

// AddLink returns a new internal link target.
func (d *Doc) AddLink() int { return d.pdf.AddLink() }

// SetLink points link at y on page.
func (d *Doc) SetLink(link int, y float64, page int) { d.pdf.SetLink(link, y, page) }

// Link makes an area clickable, to a link target.
func (d *Doc) Link(x, y, w, h float64, link int) { d.pdf.Link(x, y, w, h, link) }

// LinkString makes an area clickable, to a URL.
func (d *Doc) LinkString(x, y, w, h float64, url string) { d.pdf.LinkString(x, y, w, h, url) }

// Bookmark adds an outline entry at y on the current page.
func (d *Doc) Bookmark(title string, level int, y float64) { d.pdf.Bookmark(title, level, y) }

// BeginTag does nothing, and returns 0: fpdf writes no structure tree.
func (d *Doc) BeginTag(pdfdoc.Tag) int { return 0 }

// ResumeTag does nothing.
func (d *Doc) ResumeTag(int) {}

// EndTag does nothing.
func (d *Doc) EndTag() {}

// BeginArtifact does nothing: fpdf marks no content.
func (d *Doc) BeginArtifact() {}

// EndArtifact does nothing.
func (d *Doc) EndArtifact() {}

// Output writes the finished file, or the first error fpdf met.
func (d *Doc) Output(w io.Writer) error {
	if d.pdfa {
		return ErrPDFA
	}
	return d.pdf.Output(w)
}
