package layout

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// This file holds what makes the PDF read as an agreement: the title block
// naming the parties, the table of contents, and the room for the numbers
// of paragraphs and legal list markers, which the document's numbering
// decides (document.NumberTree) and the layout draws.

// titleParties writes the parties under the title: each name centred, with
// its role below, joined by "and"; a party without a name gets a line to
// write it on. Without parties it writes the author, as for any document.
// The agreement's date, where the document has one, follows them.
func (s *State) titleParties() {
	info := s.cfg.Info
	defer s.titleDate()
	if len(info.Parties) == 0 {
		if a := info.Author; a != "" {
			s.space(2)
			s.tagged(pdfdoc.P, func() { s.paragraph([]span{{text: a, face: Regular}}, textStyle{size: 11, align: alignCenter}) })
		}
		return
	}
	small := textStyle{size: 9.5, align: alignCenter}
	name := textStyle{size: 11, align: alignCenter}
	// Each line is a paragraph of its own.
	para := func(sp span, st textStyle) {
		s.tagged(pdfdoc.P, func() { s.paragraph([]span{sp}, st) })
	}
	s.space(3)
	para(span{text: "between", face: Italic}, small)
	for i, p := range info.Parties {
		if i > 0 {
			s.space(1.5)
			para(span{text: "and", face: Italic}, small)
		}
		s.space(1.5)
		if strings.TrimSpace(p.Name) == "" {
			lh := s.lineHeight(name.size)
			s.flushSpaceFor(lh)
			y := s.y + lh*0.85
			s.doc.SetLineWidth(0.25)
			s.doc.Line(s.left+s.width*0.25, y, s.left+s.width*0.75, y)
			s.y += lh
			s.atTop = false
		} else {
			para(span{text: p.Name, face: Bold}, name)
		}
		if p.Role != "" {
			para(span{text: "(the “" + p.Role + "”)", face: Regular}, small)
		}
	}
}

// titleDate writes the line naming the agreement's date, centred under
// the parties: "Date of the agreement: 29/05/2026"; nothing without one.
func (s *State) titleDate() {
	d := strings.TrimSpace(s.cfg.Info.Dated)
	if d == "" {
		return
	}
	s.space(3)
	s.tagged(pdfdoc.P, func() { s.paragraph([]span{{text: d, face: Regular}}, textStyle{size: 9.5, align: alignCenter}) })
}

// drawLogo draws the configured logo centred above the title, at most
// logoW wide and logoH high, a Figure whose alternative text names the
// author, the processor.
func (s *State) drawLogo() {
	if len(s.cfg.Logo) == 0 {
		return
	}
	img, err := pdfdoc.NewImage(s.cfg.Logo)
	if err != nil {
		s.fail(&ImageError{Dest: "logo", Err: err})
		return
	}
	const logoW, logoH = 50.0, 20.0
	w, h := imageSize(img, min(logoW, s.width), logoH)
	alt := "Logo"
	if a := strings.TrimSpace(s.cfg.Info.Author); a != "" {
		alt = "Logo of " + a
	}
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Figure, Alt: alt})
	s.doc.Image(s.left+(s.width-w)/2, s.y, w, h, img)
	s.doc.EndTag()
	s.y += h
	s.atTop = false
	s.space(6)
}

// tocEntry is an entry of the table of contents: a section or appendix
// heading, its title's lines, and where they are reserved.
type tocEntry struct {
	title, id string
	tag       int      // its Link element, in the contents' TOCI
	lines     []string // the title, wrapped with a hanging indent
	hang      float64  // the indent of the lines after the first, in mm
	page      int      // page of the reserved lines
	y         float64  // top of the reserved lines
}

// tocHang is the indent of a wrapped contents title without a number, in mm.
const tocHang = 5

// tocNumber is the widest page number the contents make room for when
// they wrap titles, before the pages are known; the leaders end before
// the widest page number there is.
const tocNumber = "000"

// reserveContents lays out the table of contents below the title block,
// leaving each entry's lines empty until the page it points at is known,
// then starts the body on a new page. A title too long for one line
// wraps, its later lines indented to stand under its first word after
// the number, or by tocHang.
func (s *State) reserveContents() {
	st := textStyle{size: 13, align: alignLeft}
	s.space(4)
	s.flushSpaceFor(s.lineHeight(st.size) + s.lineHeight(s.cfg.BodySize))
	s.tagged(pdfdoc.P, func() { s.paragraph([]span{{text: "Contents", face: Bold}}, st) })
	s.space(2)
	// The entries are drawn once the pages are known, each into the
	// Link of its TOCI made here, in the contents' place in the tree.
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.TOC})
	defer s.doc.EndTag()
	size := s.cfg.BodySize
	lh := s.lineHeight(size) * 1.1
	width := s.tocLeaderEnd(textWidth(s.fonts, Regular, size, tocNumber)) - s.cfg.Margins.Left - 3*s.tocDot()
	for i := range s.contents {
		e := &s.contents[i]
		e.hang = tocHang
		if p := tocPrefix(e.title); p != "" {
			e.hang = min(textWidth(s.fonts, Regular, size, p), width/3)
		}
		e.lines = wrapTitle(s.fonts, size, e.title, width, e.hang)
		s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.TOCI})
		e.tag = s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Link})
		s.doc.EndTag()
		s.doc.EndTag()
		h := lh * float64(len(e.lines))
		s.flushSpaceFor(h)
		e.page, e.y = s.doc.PageNo(), s.y
		s.y += h
		s.atTop = false
	}
	s.newPage()
}

// tocDot is the width of one step of the contents' dotted leaders.
func (s *State) tocDot() float64 { return textWidth(s.fonts, Regular, s.cfg.BodySize, " .") }

// tocLeaderEnd returns the x at which every entry's leader ends, for page
// numbers at most numW wide set flush right.
func (s *State) tocLeaderEnd(numW float64) float64 {
	return s.cfg.Page.Width - s.cfg.Margins.Right - numW - s.tocDot()
}

// tocPrefix returns the number that starts a contents title, with the
// space or dash after it: "12. ", "A.1 ", "Appendix B – "; "" for none.
func tocPrefix(title string) string {
	if rest, ok := strings.CutPrefix(title, "Appendix "); ok {
		if _, after, ok := strings.Cut(rest, " – "); ok {
			return title[:len(title)-len(after)]
		}
		return ""
	}
	if !numbered(title) {
		return ""
	}
	if i := strings.IndexByte(title, ' '); i > 0 {
		return title[:i+1]
	}
	return ""
}

// wrapTitle breaks title into lines of at most width, the lines after the
// first indented by hang; a word too long for a line is cut with an
// ellipsis.
func wrapTitle(fonts *Fonts, size float64, title string, width, hang float64) []string {
	var lines []string
	var cur string
	room := width
	for _, w := range strings.Fields(title) {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if cur == "" || textWidth(fonts, Regular, size, next) <= room {
			cur = next
			continue
		}
		lines = append(lines, fit(fonts, Regular, size, cur, room))
		cur, room = w, width-hang
	}
	return append(lines, fit(fonts, Regular, size, cur, room))
}

// finishContents fills in the table of contents: each title, a dotted
// leader from its last line to one x for every entry, and the page its
// heading is on, flush right; the entry a link to the heading.
func (s *State) finishContents() {
	if len(s.contents) == 0 {
		return
	}
	last := s.doc.PageNo()
	size := s.cfg.BodySize
	lh := s.lineHeight(size) * 1.1
	left, right := s.cfg.Margins.Left, s.cfg.Page.Width-s.cfg.Margins.Right
	numW := 0.0
	for _, e := range s.contents {
		if page, ok := s.headPage[e.id]; ok {
			numW = max(numW, textWidth(s.fonts, Regular, size, strconv.Itoa(page)))
		}
	}
	end, dot := s.tocLeaderEnd(numW), s.tocDot()
	for _, e := range s.contents {
		page, ok := s.headPage[e.id]
		if !ok || len(e.lines) == 0 {
			continue
		}
		s.doc.SetPage(e.page)
		s.setFont(Regular, size)
		s.doc.ResumeTag(e.tag)
		x := left
		for i, l := range e.lines {
			s.text(x, e.y+lh*float64(i)+lh*0.75, l)
			x = left + e.hang
		}
		base := e.y + lh*float64(len(e.lines)-1) + lh*0.75
		titleW := x - left + textWidth(s.fonts, Regular, size, e.lines[len(e.lines)-1])
		if len(e.lines) == 1 {
			titleW = textWidth(s.fonts, Regular, size, e.lines[0])
		}
		// The leader's dots stand on a grid from the left margin, so
		// that they line up from one entry to the next and the last
		// stands at the same x in each.
		from := left + (float64(int((titleW+dot)/dot))+1)*dot
		if n := int((end - from) / dot); n > 0 {
			s.doc.SetTextColor(120, 120, 120)
			s.doc.BeginArtifact()
			s.text(from-dot, base, strings.Repeat(" .", n))
			s.doc.EndArtifact()
			s.doc.SetTextColor(0, 0, 0)
		}
		num := strconv.Itoa(page)
		s.text(right-textWidth(s.fonts, Regular, size, num), base, num)
		s.doc.Link(left, e.y, right-left, lh*float64(len(e.lines)), s.linkTo(e.id))
		s.doc.EndTag()
	}
	s.doc.SetPage(last)
}

// numbered reports whether a heading's text starts with a number:
// "3. Roles", "12.2 Notice", "Appendix B – Measures".
func numbered(title string) bool {
	if rest, ok := strings.CutPrefix(title, "Appendix "); ok {
		return rest != ""
	}
	return title != "" && title[0] >= '0' && title[0] <= '9'
}

// numbering returns the numbers the layout draws for the tree n, parsed
// from src: [Config.Numbers], or else those the document's rules give
// by Lists and NumberParagraphs.
func (c Config) numbering(n ast.Node, src []byte) []document.Number {
	if c.Numbers != nil {
		return c.Numbers
	}
	return document.NumberTree(n, src, document.Numbering{Legal: c.Lists == Legal, Paragraphs: c.NumberParagraphs})
}

// paraIndent is the hanging indent of a numbered paragraph, in mm.
const paraIndent = 9

// legalIndent is the indent of a list item with a legal marker, in mm: room
// for "(viii)" at the body size.
const legalIndent = 10
