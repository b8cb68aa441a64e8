package layout

import (
	"math"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// collectAnchors records the ids of the document's headings, the targets
// that "#id" links may point at, and the sections and appendices (level 2
// headings with an id) that a table of contents lists.
func (s *State) collectAnchors(n ast.Node) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					s.anchors[string(b)] = true
					if h.Level == 2 && s.cfg.Contents {
						s.contents = append(s.contents, tocEntry{title: plain(s.inlines(h, Regular, "", nil)), id: string(b)})
					}
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func renderDocument(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}

func renderSkip(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// headingSizes are the text sizes of heading levels 1 to 6, in points.
var headingSizes = [7]float64{0, 18, 13, 11.5, 10.5, 10.5, 10.5}

// headingSpace is the space before a heading of levels 1 to 6, in mm.
var headingSpace = [7]float64{0, 8, 7, 4.5, 3.5, 3, 3}

func renderHeading(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	h := n.(*ast.Heading)
	level := min(max(h.Level, 1), 6)
	title := level == 1 && !s.titled
	face := Bold
	if level >= 4 {
		face = BoldItalic
	}
	size := headingSizes[level]
	spans := s.inlines(h, face, "", nil)
	st := textStyle{size: size, align: alignLeft, leading: size * 1.25 * ptToMM}
	if title {
		s.titled = true
		s.drawLogo()
		st.align = alignCenter
		s.heading = 1
		s.tagged(pdfdoc.H1, func() { s.paragraph(spans, st) })
		s.titleParties()
		s.y += 2
		s.doc.SetLineWidth(0.3)
		s.doc.Line(s.left+s.width*0.3, s.y, s.left+s.width*0.7, s.y)
		s.space(8)
		if len(s.contents) > 0 {
			s.reserveContents()
		}
		return ast.WalkSkipChildren, nil
	}
	s.paras = 0 // a heading starts its paragraphs' numbers again
	s.space(headingSpace[level])
	// Keep the heading with what follows: the lines of a paragraph that
	// cannot go over without it, the first item of a list, the next
	// heading with what that one keeps.
	lines := s.breakLines(s.words(spans, size), size, s.width)
	need := st.leading * float64(len(lines))
	if next := n.NextSibling(); next != nil {
		need += 2 + s.keepHeight(next, 1)
		if need > s.bottom-s.top {
			need = st.leading*float64(len(lines)) + 2 + 2*s.lineHeight(s.cfg.BodySize)
		}
	}
	if !s.fits(need) && !s.atTop {
		s.newPage()
	}
	s.flushSpace()
	s.setFont(face, size)
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			s.doc.SetLink(s.linkTo(string(b)), s.y, s.doc.PageNo())
			if level == 2 {
				s.headPage[string(b)] = s.doc.PageNo()
			}
		}
	}
	// The outline nests sections under nothing, subsections under sections.
	lvl := min(max(level-2, 0), s.outline+1)
	s.doc.Bookmark(plain(spans), lvl, s.y)
	s.outline = lvl
	s.heading = min(level, s.heading+1)
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Heading(s.heading)})
	defer s.doc.EndTag()
	for i, l := range lines {
		if s.stopped() {
			break
		}
		// A heading longer than a page goes on over the next.
		if s.y+st.leading > s.bottom+0.01 && !s.atTop {
			s.newPage()
		}
		s.drawLine(l, st, st.leading, i == len(lines)-1)
	}
	s.space(2)
	return ast.WalkSkipChildren, nil
}

// plain returns the text of spans.
func plain(spans []span) string {
	var b strings.Builder
	for _, sp := range spans {
		if sp.br {
			b.WriteByte(' ')
		}
		b.WriteString(sp.text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func renderParagraph(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	s.keepClosing(n)
	s.inParagraph = true
	spans := s.inlines(n, Regular, "", nil)
	s.inParagraph = false
	s.drawImages()
	if len(spans) == 0 && n.HasChildren() && s.marker == nil {
		// Images alone: drawn above.
		s.space(2.8)
		return ast.WalkSkipChildren, nil
	}
	num, numbered := s.numbers.Paragraph(n)
	if numbered {
		ind := s.indent(paraIndent)
		s.marker = &span{text: num.Marker, face: Regular}
		s.markerAt = s.left - ind
		s.paras++
	}
	st := textStyle{size: s.cfg.BodySize, align: alignJustify}
	s.para = n // its lines may have been measured
	if itemText(n) {
		s.paragraph(spans, st) // the text of its item's LBody
	} else {
		s.tagged(pdfdoc.P, func() { s.paragraph(spans, st) })
	}
	s.para = nil
	if numbered {
		s.dedent()
	}
	if _, tight := n.(*ast.TextBlock); tight {
		s.space(1)
	} else {
		s.space(2.8)
	}
	return ast.WalkSkipChildren, nil
}

// itemText reports whether n is the only block of a list item, whose
// LBody holds its text without a P of its own.
func itemText(n ast.Node) bool {
	p := n.Parent()
	return p != nil && p.Kind() == ast.KindListItem && p.FirstChild() == n && n.NextSibling() == nil
}

const listIndent = 7

func renderList(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*ast.List)
	if entering {
		ls := &listState{tight: l.IsTight}
		// A list that follows a numbered paragraph belongs to it, and
		// stands under its text.
		if len(s.lists) == 0 && s.paras > 0 && n.Parent() != nil && n.Parent().Kind() == ast.KindDocument {
			s.indent(paraIndent)
			ls.hung = true
		}
		s.lists = append(s.lists, ls)
		if len(s.lists) == 1 {
			s.space(1)
		}
		s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.L})
		return ast.WalkContinue, nil
	}
	s.doc.EndTag()
	if s.lists[len(s.lists)-1].hung {
		s.dedent()
	}
	s.lists = s.lists[:len(s.lists)-1]
	if len(s.lists) == 0 {
		s.space(2.8)
	}
	return ast.WalkContinue, nil
}

func renderListItem(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if len(s.lists) == 0 {
		return ast.WalkContinue, nil
	}
	if !entering {
		s.dedent()
		s.marker = nil
		s.doc.EndTag() // LBody
		s.doc.EndTag() // LI
		return ast.WalkContinue, nil
	}
	// The item's marker is its Lbl, drawn with its first line; its
	// blocks are its LBody.
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.LI})
	lbl := s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Lbl})
	s.doc.EndTag()
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.LBody})
	// The document's numbering marks the item; an item without text
	// has no marker to draw.
	num, ok := s.numbers.Item(n)
	legal := num.Kind == document.Legal || !ok && s.cfg.Lists == Legal
	indent := float64(listIndent)
	if legal {
		indent = legalIndent
	}
	ind := s.indent(indent)
	s.marker = nil
	if ok {
		s.marker = &span{text: num.Marker, face: Regular, label: true, tag: lbl}
	}
	s.markerAt = -1
	if legal {
		s.markerAt = s.left - ind
	}
	return ast.WalkContinue, nil
}

func renderBlockquote(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		s.space(2)
		// A quote nested deeper than the page has room for draws no bar
		// of its own (NaN), as it takes no indent.
		bar := s.left + 1
		if s.indent(6) == 0 {
			bar = math.NaN()
		}
		s.quotes = append(s.quotes, bar)
		s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.BlockQuote})
	} else {
		s.doc.EndTag()
		s.quotes = s.quotes[:len(s.quotes)-1]
		s.dedent()
		s.space(2.8)
	}
	return ast.WalkContinue, nil
}

func renderThematicBreak(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	s.paras = 0 // a rule ends the numbered paragraphs
	s.space(3)
	s.flushSpaceFor(1)
	s.doc.SetLineWidth(0.3)
	s.doc.SetDrawColor(120, 120, 120)
	s.doc.Line(s.left, s.y, s.left+s.width, s.y)
	s.doc.SetDrawColor(0, 0, 0)
	s.atTop = false
	s.space(3)
	return ast.WalkContinue, nil
}

// renderCodeBlock draws preformatted lines in the monospaced face, keeping
// their spacing, wrapping only lines wider than the column, and keeping a
// block that fits on a page together.
func renderCodeBlock(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	const size = 9
	lh := s.lineHeight(size)
	var lines []string
	segs := n.Lines()
	for i := 0; i < segs.Len() && !s.stopped(); i++ {
		seg := segs.At(i)
		text := strings.TrimRight(strings.ReplaceAll(string(seg.Value(s.src)), "\t", "    "), "\r\n")
		if err := check(s.fonts, Mono, strings.ReplaceAll(text, " ", "")); err != nil {
			s.fail(err)
		}
		for textWidth(s.fonts, Mono, size, text) > s.width {
			head, _ := splitWord(s.fonts, size, word{pieces: []piece{{text: text, face: Mono, width: textWidth(s.fonts, Mono, size, text)}}}, s.width)
			if len(head.pieces) == 0 || head.pieces[0].text == "" {
				break
			}
			lines = append(lines, head.pieces[0].text)
			text = text[len(head.pieces[0].text):]
		}
		lines = append(lines, text)
	}
	s.space(2)
	height := lh * float64(len(lines))
	if height <= s.bottom-s.top && !s.fits(height) {
		s.newPage()
	}
	s.flushSpace()
	s.setFont(Mono, size)
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Code})
	defer s.doc.EndTag()
	for _, l := range lines {
		if s.stopped() {
			break
		}
		if s.y+lh > s.bottom+0.01 {
			s.newPage()
			s.setFont(Mono, size)
		}
		s.text(s.left, s.y+lh*0.78, l)
		s.y += lh
		s.atTop = false
	}
	s.space(2.8)
	return ast.WalkSkipChildren, nil
}

func renderPageBreak(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering && !s.atTop {
		s.newPage()
	}
	return ast.WalkContinue, nil
}

// sigLayout is a signature block laid out in columns.
type sigLayout struct {
	parties []sigParty
	labels  []string
	cols    int
	colW    float64
	textH   float64 // height of the tallest role and name
	rowH    float64 // height of one row of parties, lines included
	lh      float64
}

type sigParty struct {
	role, name []line
	blank      bool // no name given: a line to write it on
}

const (
	sigGap     = 12.0 // between columns
	sigLineGap = 11.0 // between signature lines
	sigLabel   = 8.0  // label size in points
)

func (s *State) layoutSignatures(sig *mdext.Signatures) *sigLayout {
	size := s.cfg.BodySize
	l := &sigLayout{labels: sig.Labels, lh: s.lineHeight(size)}
	if place := s.cfg.SignaturePlace; place != "" {
		// The place of signing comes first, as in "Ort, Datum" above
		// the signature.
		l.labels = append([]string{place}, sig.Labels...)
	}
	for c := sig.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*mdext.Party); ok {
			l.parties = append(l.parties, sigParty{})
		}
	}
	if len(l.parties) == 0 {
		return l
	}
	l.cols = min(len(l.parties), 2)
	l.colW = (s.width - sigGap*float64(l.cols-1)) / float64(l.cols)
	i := 0
	for c := sig.FirstChild(); c != nil; c = c.NextSibling() {
		p, ok := c.(*mdext.Party)
		if !ok {
			continue
		}
		for _, label := range l.labels {
			if err := check(s.fonts, Regular, label); err != nil {
				s.fail(err)
			}
		}
		l.parties[i] = sigParty{
			role: s.breakLines(s.words([]span{{text: p.Role, face: Bold}}, size), size, l.colW),
			name: s.breakLines(s.words(s.inlines(p, Regular, "", nil), size), size, l.colW),
		}
		if len(l.parties[i].name) == 0 {
			l.parties[i].name, l.parties[i].blank = []line{{}}, true
		}
		l.textH = max(l.textH, float64(len(l.parties[i].role)+len(l.parties[i].name))*l.lh)
		i++
	}
	l.rowH = l.textH + float64(len(l.labels))*sigLineGap + 4
	return l
}

// renderSignatures draws the parties side by side, each with its role, its
// name and a line for each label, each row kept on one page.
func renderSignatures(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	l := s.layoutSignatures(n.(*mdext.Signatures))
	if len(l.parties) == 0 {
		return ast.WalkSkipChildren, nil
	}
	size := s.cfg.BodySize
	st := textStyle{size: size, align: alignLeft}
	s.space(6)
	// The block is a Div of the parties' Divs, each of its role, its
	// name and its lines' labels.
	s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Div})
	defer s.doc.EndTag()
	if l.rowH > s.bottom-s.top {
		s.flowSignatures(l)
		return ast.WalkSkipChildren, nil
	}
	for row := 0; row*l.cols < len(l.parties) && !s.stopped(); row++ {
		s.flushSpaceFor(l.rowH)
		top := s.y
		left, width := s.left, s.width
		for i := row * l.cols; i < min(len(l.parties), (row+1)*l.cols); i++ {
			x := left + float64(i-row*l.cols)*(l.colW+sigGap)
			s.left, s.width, s.y = x, l.colW, top
			s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Div})
			s.drawParty(l.parties[i], st, l.lh)
			if l.parties[i].blank {
				s.blankName(x, l.colW, l.lh)
			}
			y := top + l.textH
			s.doc.SetLineWidth(0.25)
			for _, label := range l.labels {
				y += sigLineGap
				s.doc.Line(x, y, x+l.colW, y)
				s.setFont(Regular, sigLabel)
				s.doc.SetTextColor(70, 70, 70)
				s.tagged(pdfdoc.P, func() { s.text(x, y+3.2, label) })
				s.doc.SetTextColor(0, 0, 0)
			}
			s.doc.EndTag()
		}
		s.left, s.width = left, width
		s.y = top + l.rowH
		s.atTop = false
		s.space(6)
	}
	return ast.WalkSkipChildren, nil
}

// flowSignatures draws a signature block whose row would not fit on a page
// (a name or a list of labels longer than a page): the parties one below the
// other, each line starting a new page when it does not fit on this one.
func (s *State) flowSignatures(l *sigLayout) {
	st := textStyle{size: s.cfg.BodySize, align: alignLeft}
	need := func(h float64) {
		if s.y+h > s.bottom+0.01 {
			s.newPage()
		}
	}
	width := s.width
	s.width = l.colW
	for _, p := range l.parties {
		if s.stopped() {
			break
		}
		s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Div})
		for _, lines := range [][]line{p.role, p.name} {
			s.tagged(pdfdoc.P, func() {
				for _, ln := range lines {
					need(l.lh)
					s.drawLine(ln, st, l.lh, true)
				}
			})
		}
		if p.blank {
			s.blankName(s.left, l.colW, l.lh)
		}
		s.doc.SetLineWidth(0.25)
		for _, label := range l.labels {
			need(sigLineGap + 4)
			y := s.y + sigLineGap
			s.doc.Line(s.left, y, s.left+l.colW, y)
			s.setFont(Regular, sigLabel)
			s.doc.SetTextColor(70, 70, 70)
			s.tagged(pdfdoc.P, func() { s.text(s.left, y+3.2, label) })
			s.doc.SetTextColor(0, 0, 0)
			s.y = y + 4
		}
		s.doc.EndTag()
		s.atTop = false
		s.space(6)
	}
	s.width = width
}

// drawParty draws a party's role and name, a paragraph each, in the
// column set, from its top.
func (s *State) drawParty(p sigParty, st textStyle, lh float64) {
	for _, lines := range [][]line{p.role, p.name} {
		s.tagged(pdfdoc.P, func() {
			for _, ln := range lines {
				s.drawLine(ln, st, lh, true)
			}
		})
	}
}

// blankName draws the line an unnamed party's name is written on, under
// the line of height lh just drawn.
func (s *State) blankName(x, w, lh float64) {
	y := s.y - lh*0.2
	s.doc.SetLineWidth(0.25)
	s.doc.Line(x, y, x+w*0.9, y)
}
