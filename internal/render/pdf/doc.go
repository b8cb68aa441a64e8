package pdf

import "io"

// Doc is the drawing surface the renderer needs: the few PDF operations it
// uses, in millimetres from the top left of the page. The writer (writer.go)
// implements it for real output; tests record the calls.
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
	// SetFont selects a face registered under name at size points.
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
	// Output writes the finished PDF.
	Output(w io.Writer) error
}
