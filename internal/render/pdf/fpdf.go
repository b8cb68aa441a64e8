package pdf

import (
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// fpdfDoc draws with codeberg.org/go-pdf/fpdf.
type fpdfDoc struct {
	f          *fpdf.Fpdf
	fonts      *Fonts
	registered [numFaces]bool
	face       Face
	size       float64
}

const totalPagesAlias = "{nb}"

// newFPDF returns a document of the given size with deterministic output:
// fixed dates, sorted catalog, and the metadata of info.
func newFPDF(fonts *Fonts, size PageSize, info Info) *fpdfDoc {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: size.Width, Ht: size.Height}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCatalogSort(true)
	f.SetCompression(false)
	date := info.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetProducer(info.Creator, true)
	f.SetCreator(info.Creator, true)
	f.SetTitle(info.Title, true)
	f.SetAuthor(info.Author, true)
	f.SetSubject(info.Subject, true)
	f.SetKeywords(info.Keywords, true)
	f.SetLang("en")
	f.AliasNbPages(totalPagesAlias)
	return &fpdfDoc{f: f, fonts: fonts, face: -1}
}

func (d *fpdfDoc) AddPage()                { d.f.AddPage() }
func (d *fpdfDoc) PageNo() int             { return d.f.PageNo() }
func (d *fpdfDoc) TotalPagesAlias() string { return totalPagesAlias }

// SetFont registers a face with fpdf the first time it is used, so a
// document parses only the fonts it needs.
func (d *fpdfDoc) SetFont(face Face, size float64) {
	if face == d.face && size == d.size {
		return
	}
	if !d.registered[face] {
		d.f.AddUTF8FontFromBytes(fontFamily(face), "", d.fonts.ttf[face])
		d.registered[face] = true
	}
	d.f.SetFont(fontFamily(face), "", size)
	d.face, d.size = face, size
}

func fontFamily(face Face) string { return fmt.Sprintf("f%d", int(face)) }

func (d *fpdfDoc) SetTextColor(r, g, b int)              { d.f.SetTextColor(r, g, b) }
func (d *fpdfDoc) SetDrawColor(r, g, b int)              { d.f.SetDrawColor(r, g, b) }
func (d *fpdfDoc) SetFillColor(r, g, b int)              { d.f.SetFillColor(r, g, b) }
func (d *fpdfDoc) SetLineWidth(w float64)                { d.f.SetLineWidth(w) }
func (d *fpdfDoc) Text(x, y float64, s string)           { d.f.Text(x, y, s) }
func (d *fpdfDoc) Line(x1, y1, x2, y2 float64)           { d.f.Line(x1, y1, x2, y2) }
func (d *fpdfDoc) Rect(x, y, w, h float64, style string) { d.f.Rect(x, y, w, h, style) }
func (d *fpdfDoc) AddLink() int                          { return d.f.AddLink() }
func (d *fpdfDoc) SetLink(link int, y float64, page int) { d.f.SetLink(link, y, page) }
func (d *fpdfDoc) Link(x, y, w, h float64, link int)     { d.f.Link(x, y, w, h, link) }
func (d *fpdfDoc) LinkString(x, y, w, h float64, u string) {
	d.f.LinkString(x, y, w, h, u)
}
func (d *fpdfDoc) Bookmark(title string, level int, y float64) { d.f.Bookmark(title, level, y) }

// Output writes the PDF and reports fpdf's sticky error with context.
func (d *fpdfDoc) Output(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}
