// Package pdfdoctest records the drawing operations a layout sends
// through the [pdfdoc.Doc] seam, one line of text per call, so that tests
// can compare them with a golden file, or the operations of one backend
// with another's.
//
// Wrap a backend's [pdfdoc.New] with [Wrap], render, and read [Recorder.Log]:
//
//	newDoc, rec := pdfdoctest.Wrap(writer.New)
//	r := layout.NewRenderer(layout.WithDoc(newDoc))
//	err := r.Convert(src, io.Discard)
//	ops := rec.Log()
//
// The log is the one a layout's own tests record: a face is named as its
// font names itself, coordinates have two decimals, and the page count's
// alias is written "{nb}" whatever the backend's alias is, so that two
// backends given the same calls log the same lines.
package pdfdoctest

import (
	"fmt"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// The structure's calls (BeginTag, EndTag, BeginArtifact) draw nothing:
// the recorder passes them on without logging them, so that a log shows
// what is drawn, whether or not a backend writes the structure.

// alias is the page count's alias as the log writes it, and as a
// recorder that wraps no backend gives it.
const alias = "{nb}"

// Recorder is a [pdfdoc.Doc] that logs every call as a line of text and
// passes it on to the Doc it wraps, whose answers (page numbers, link
// targets, the page count's alias) it returns. A Recorder that wraps no
// Doc answers itself, counting pages and links from 1, and its Output
// writes the log.
type Recorder struct {
	doc   pdfdoc.Doc  // the backend; nil for none
	fonts *font.Fonts // names the faces
	log   strings.Builder
	page  int // the current page, without a backend
	pages int // pages added, without a backend
	links int // links added, without a backend
	tags  int // elements begun, without a backend
}

// New returns a Recorder of the document s sets up, drawing on doc, or on
// nothing if doc is nil. Faces are named by s.Fonts, or by the serif
// family's fonts where s.Fonts is nil.
func New(s pdfdoc.Setup, doc pdfdoc.Doc) *Recorder {
	fonts := s.Fonts
	if fonts == nil {
		fonts, _ = font.LoadFonts() // the embedded fonts always parse
	}
	return &Recorder{doc: doc, fonts: fonts}
}

// Wrap returns a [pdfdoc.New] that records the documents newDoc makes
// (nil records without a backend), and the Recorder of the last document
// made, whose log it shows.
func Wrap(newDoc pdfdoc.New) (pdfdoc.New, *Last) {
	last := &Last{}
	return func(s pdfdoc.Setup) pdfdoc.Doc {
		var doc pdfdoc.Doc
		if newDoc != nil {
			doc = newDoc(s)
		}
		last.rec = New(s, doc)
		return last.rec
	}, last
}

// Last is the Recorder of the last document a [Wrap]ped New made.
type Last struct{ rec *Recorder }

// Log returns the log of the last document made; "" before the first.
func (l *Last) Log() string {
	if l.rec == nil {
		return ""
	}
	return l.rec.Log()
}

// Log returns the calls recorded so far, a line each.
func (r *Recorder) Log() string { return r.log.String() }

func (r *Recorder) logf(format string, args ...any) { fmt.Fprintf(&r.log, format+"\n", args...) }

// AddPage adds a page at the end.
func (r *Recorder) AddPage() {
	if r.doc != nil {
		r.doc.AddPage()
	}
	r.pages++
	r.page = r.pages
	r.logf("page %d", r.PageNo())
}

// PageNo returns the backend's current page.
func (r *Recorder) PageNo() int {
	if r.doc != nil {
		return r.doc.PageNo()
	}
	return r.page
}

// SetPage makes page n the current one.
func (r *Recorder) SetPage(n int) {
	if r.doc != nil {
		r.doc.SetPage(n)
	}
	r.page = n
	r.logf("setpage %d", n)
}

// TotalPagesAlias returns the backend's alias of the page count.
func (r *Recorder) TotalPagesAlias() string {
	if r.doc != nil {
		return r.doc.TotalPagesAlias()
	}
	return alias
}

// SetFont selects face at size points.
func (r *Recorder) SetFont(face pdfdoc.Face, size float64) {
	if r.doc != nil {
		r.doc.SetFont(face, size)
	}
	r.logf("font %s %.1f", r.fonts.Name(face), size)
}

// SetTextColor sets the colour of text.
func (r *Recorder) SetTextColor(red, g, b int) {
	if r.doc != nil {
		r.doc.SetTextColor(red, g, b)
	}
	r.logf("textcolor %d %d %d", red, g, b)
}

// SetDrawColor sets the colour of lines.
func (r *Recorder) SetDrawColor(red, g, b int) {
	if r.doc != nil {
		r.doc.SetDrawColor(red, g, b)
	}
	r.logf("drawcolor %d %d %d", red, g, b)
}

// SetFillColor sets the colour of filled areas.
func (r *Recorder) SetFillColor(red, g, b int) {
	if r.doc != nil {
		r.doc.SetFillColor(red, g, b)
	}
	r.logf("fillcolor %d %d %d", red, g, b)
}

// SetLineWidth sets the width of lines in millimetres.
func (r *Recorder) SetLineWidth(w float64) {
	if r.doc != nil {
		r.doc.SetLineWidth(w)
	}
	r.logf("linewidth %.2f", w)
}

// Text draws s; the backend's alias of the page count is logged as "{nb}".
func (r *Recorder) Text(x, y float64, s string) {
	if r.doc != nil {
		r.doc.Text(x, y, s)
		if a := r.doc.TotalPagesAlias(); a != "" {
			s = strings.ReplaceAll(s, a, alias)
		}
	}
	r.logf("text %.2f %.2f %q", x, y, s)
}

// Line draws a line.
func (r *Recorder) Line(x1, y1, x2, y2 float64) {
	if r.doc != nil {
		r.doc.Line(x1, y1, x2, y2)
	}
	r.logf("line %.2f %.2f %.2f %.2f", x1, y1, x2, y2)
}

// Rect draws a rectangle.
func (r *Recorder) Rect(x, y, w, h float64, style string) {
	if r.doc != nil {
		r.doc.Rect(x, y, w, h, style)
	}
	r.logf("rect %.2f %.2f %.2f %.2f %s", x, y, w, h, style)
}

// Image draws img.
func (r *Recorder) Image(x, y, w, h float64, img *pdfdoc.Image) {
	if r.doc != nil {
		r.doc.Image(x, y, w, h, img)
	}
	r.logf("image %.2f %.2f %.2f %.2f %dx%d", x, y, w, h, img.Width, img.Height)
}

// AddLink returns the backend's new link target.
func (r *Recorder) AddLink() int {
	r.links++
	l := r.links
	if r.doc != nil {
		l = r.doc.AddLink()
	}
	r.logf("addlink %d", l)
	return l
}

// SetLink points link at y on page.
func (r *Recorder) SetLink(link int, y float64, page int) {
	if r.doc != nil {
		r.doc.SetLink(link, y, page)
	}
	r.logf("setlink %d %.2f page %d", link, y, page)
}

// Link makes an area clickable, to a link target.
func (r *Recorder) Link(x, y, w, h float64, link int) {
	if r.doc != nil {
		r.doc.Link(x, y, w, h, link)
	}
	r.logf("link %.2f %.2f %.2f %.2f -> %d", x, y, w, h, link)
}

// LinkString makes an area clickable, to a URL.
func (r *Recorder) LinkString(x, y, w, h float64, url string) {
	if r.doc != nil {
		r.doc.LinkString(x, y, w, h, url)
	}
	r.logf("link %.2f %.2f %.2f %.2f -> %s", x, y, w, h, url)
}

// Bookmark adds an outline entry.
func (r *Recorder) Bookmark(title string, level int, y float64) {
	if r.doc != nil {
		r.doc.Bookmark(title, level, y)
	}
	r.logf("bookmark %d %.2f %q", level, y, title)
}

// BeginTag opens a structure element, unlogged, and returns the
// backend's number for it.
func (r *Recorder) BeginTag(t pdfdoc.Tag) int {
	r.tags++
	if r.doc != nil {
		return r.doc.BeginTag(t)
	}
	return r.tags
}

// ResumeTag opens element id again, unlogged.
func (r *Recorder) ResumeTag(id int) {
	if r.doc != nil {
		r.doc.ResumeTag(id)
	}
}

// EndTag closes the element opened last, unlogged.
func (r *Recorder) EndTag() {
	if r.doc != nil {
		r.doc.EndTag()
	}
}

// BeginArtifact starts an artifact, unlogged.
func (r *Recorder) BeginArtifact() {
	if r.doc != nil {
		r.doc.BeginArtifact()
	}
}

// EndArtifact ends an artifact, unlogged.
func (r *Recorder) EndArtifact() {
	if r.doc != nil {
		r.doc.EndArtifact()
	}
}

// Output writes the backend's file, or, without a backend, the log.
func (r *Recorder) Output(w io.Writer) error {
	if r.doc != nil {
		return r.doc.Output(w)
	}
	_, err := io.WriteString(w, r.log.String())
	return err
}
