package layout

import (
	"fmt"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
	"github.com/clausemark/clausemark/internal/render/pdf/writer"
)

// testRenderer is NewRenderer drawing on the PDF writer, for the tests
// that write the file.
func testRenderer(opts ...Option) *Renderer {
	return NewRenderer(append([]Option{WithDoc(writer.New)}, opts...)...)
}

// recorder is a Doc that logs every call as a line of text, so tests can
// compare the drawing operations with a golden file. A face is logged by
// its name in fonts, the Serif family's when fonts is nil.
type recorder struct {
	fonts *Fonts
	log   strings.Builder
	page  int // the current page
	pages int // pages added
	links int
	// tags logs the structure's calls apart from the drawing, with the
	// text drawn inside each element: see tagLog.
	tags  strings.Builder
	ntags int
}

func (r *recorder) logf(format string, args ...any) { fmt.Fprintf(&r.log, format+"\n", args...) }

func (r *recorder) AddPage()                { r.pages++; r.page = r.pages; r.logf("page %d", r.page) }
func (r *recorder) PageNo() int             { return r.page }
func (r *recorder) SetPage(n int)           { r.page = n; r.logf("setpage %d", n) }
func (r *recorder) TotalPagesAlias() string { return "{nb}" }
func (r *recorder) SetFont(f Face, size float64) {
	fonts := r.fonts
	if fonts == nil {
		fonts, _ = LoadFonts()
	}
	r.logf("font %s %.1f", fonts.Name(f), size)
}
func (r *recorder) SetTextColor(red, g, b int) { r.logf("textcolor %d %d %d", red, g, b) }
func (r *recorder) SetDrawColor(red, g, b int) { r.logf("drawcolor %d %d %d", red, g, b) }
func (r *recorder) SetFillColor(red, g, b int) { r.logf("fillcolor %d %d %d", red, g, b) }
func (r *recorder) SetLineWidth(w float64)     { r.logf("linewidth %.2f", w) }
func (r *recorder) Text(x, y float64, s string) {
	r.logf("text %.2f %.2f %q", x, y, s)
	fmt.Fprintf(&r.tags, "text %q\n", s)
}
func (r *recorder) BeginTag(t pdfdoc.Tag) int {
	r.ntags++
	fmt.Fprintf(&r.tags, "begin %d %s %q\n", r.ntags, t.Role, t.Alt)
	return r.ntags
}
func (r *recorder) ResumeTag(id int)            { fmt.Fprintf(&r.tags, "resume %d\n", id) }
func (r *recorder) EndTag()                     { r.tags.WriteString("end\n") }
func (r *recorder) BeginArtifact()              { r.tags.WriteString("artifact\n") }
func (r *recorder) EndArtifact()                { r.tags.WriteString("end artifact\n") }
func (r *recorder) Line(x1, y1, x2, y2 float64) { r.logf("line %.2f %.2f %.2f %.2f", x1, y1, x2, y2) }
func (r *recorder) Rect(x, y, w, h float64, st string) {
	r.logf("rect %.2f %.2f %.2f %.2f %s", x, y, w, h, st)
}
func (r *recorder) Image(x, y, w, h float64, img *Image) {
	r.logf("image %.2f %.2f %.2f %.2f %dx%d", x, y, w, h, img.Width, img.Height)
}
func (r *recorder) AddLink() int { r.links++; r.logf("addlink %d", r.links); return r.links }
func (r *recorder) SetLink(l int, y float64, page int) {
	r.logf("setlink %d %.2f page %d", l, y, page)
}
func (r *recorder) Link(x, y, w, h float64, l int) {
	r.logf("link %.2f %.2f %.2f %.2f -> %d", x, y, w, h, l)
}
func (r *recorder) LinkString(x, y, w, h float64, u string) {
	r.logf("link %.2f %.2f %.2f %.2f -> %s", x, y, w, h, u)
}
func (r *recorder) Bookmark(t string, level int, y float64) {
	r.logf("bookmark %d %.2f %q", level, y, t)
}
func (r *recorder) Output(w io.Writer) error {
	_, err := io.WriteString(w, r.log.String())
	return err
}
