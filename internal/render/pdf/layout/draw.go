package layout

import (
	"math"
	"strings"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// textStyle says how a block's lines are drawn.
type textStyle struct {
	size    float64
	align   int // alignJustify, alignLeft or alignCenter
	leading float64
}

const (
	alignJustify = iota
	alignLeft
	alignCenter
)

// paragraph lays out spans in the current column and draws them, splitting
// across pages without leaving a single line of the paragraph alone at the
// foot or the head of a page.
func (s *State) paragraph(spans []span, st textStyle) {
	s.hyphens = st.align == alignJustify && s.cfg.Hyphenate
	lines := s.lines(s.para, spans, st.size, s.width)
	s.para = nil
	s.hyphens = false
	if len(lines) == 0 {
		if s.marker != nil { // an empty list item still shows its marker
			lines = []line{{}}
		} else {
			return
		}
	}
	lh := st.leading
	if lh == 0 {
		lh = s.lineHeight(st.size)
	}
	s.flushSpaceFor(lh * float64(min(len(lines), 2)))
	for i := 0; i < len(lines); {
		avail := int((s.bottom - s.y + 0.01) / lh)
		remaining := len(lines) - i
		take := min(avail, remaining)
		if take < remaining {
			if remaining-take == 1 {
				take-- // no widow: carry a second line over
			}
			if i == 0 && take == 1 {
				take = 0 // no orphan: a first line alone goes over too
			}
		}
		if take <= 0 && s.atTop {
			take = max(1, min(avail, remaining)) // a page must take something
		}
		for j := i; j < i+take; j++ {
			if s.stopped() {
				return
			}
			s.drawLine(lines[j], st, lh, j == len(lines)-1)
		}
		i += take
		if i < len(lines) {
			s.newPage()
		}
	}
}

// flushSpaceFor adds the space requested before a block, or starts a new
// page when not even h of the block would fit after it.
func (s *State) flushSpaceFor(h float64) {
	if !s.fits(h) && !s.atTop {
		s.newPage()
	}
	s.flushSpace()
}

// drawLine draws one line at the current position and moves down.
func (s *State) drawLine(l line, st textStyle, lh float64, last bool) {
	base := s.y + lh*0.78
	s.drawQuoteBars(lh)
	s.drawMarker(st, base)
	x := s.left
	switch st.align {
	case alignCenter:
		x += (s.width - l.width) / 2
	}
	d := lineDrawer{s: s, st: st, lh: lh, base: base, runFace: Face(-1), strikeY: base - 0.25*st.size*ptToMM, final: last}
	d.draw(l, x, s.justification(l, st))
	s.y += lh
	s.atTop = false
}

// drawQuoteBars draws the bar of each open block quote beside a line of
// height lh.
func (s *State) drawQuoteBars(lh float64) {
	for _, x := range s.quotes {
		if math.IsNaN(x) {
			continue
		}
		s.doc.SetDrawColor(150, 150, 150)
		s.doc.SetLineWidth(0.6)
		s.doc.Line(x, s.y, x, s.y+lh)
		s.doc.SetDrawColor(0, 0, 0)
	}
}

// drawMarker draws the list marker waiting for the item's first line.
func (s *State) drawMarker(st textStyle, base float64) {
	m := s.marker
	if m == nil {
		return
	}
	s.setFont(m.face, st.size)
	x := s.markerAt
	if x < 0 {
		x = s.left - textWidth(s.fonts, m.face, st.size, m.text) - 1.8
	}
	if m.label {
		s.doc.ResumeTag(m.tag)
		s.text(x, base, m.text)
		s.doc.EndTag()
	} else {
		// A paragraph's number is its text's first word.
		s.text(x, base, m.text+" ")
	}
	s.marker = nil
}

// justification returns the space added to each gap between the words of
// l to fill the column, or 0 for a line left ragged.
func (s *State) justification(l line, st textStyle) float64 {
	gaps := len(l.words) - 1
	if st.align != alignJustify || !l.justify || gaps <= 0 {
		return 0
	}
	extra := (s.width - l.width) / float64(gaps)
	if extra > 3*l.words[0].space+1.5 {
		return 0 // too loose to justify: leave the line ragged
	}
	return extra
}

// lineDrawer draws the words of a line. Words are drawn one by one only
// where justification moves them; runs of words in one face at natural
// spacing are drawn as one string.
type lineDrawer struct {
	s        *State
	st       textStyle
	lh, base float64
	run      strings.Builder
	runX     float64
	runFace  Face
	// A struck-through run is drawn by itself, with a line across the
	// glyphs at half the x-height, continued across the space to the next
	// struck word.
	strikeY float64
	final   bool // the line is its block's last
}

// draw draws l's words from x, extra added to each space.
func (d *lineDrawer) draw(l line, x, extra float64) {
	for i, w := range l.words {
		for _, p := range w.pieces {
			x = d.piece(p, x)
		}
		if i < len(l.words)-1 {
			if next := l.words[i+1]; len(w.pieces) > 0 && w.pieces[len(w.pieces)-1].strike && len(next.pieces) > 0 && next.pieces[0].strike {
				d.strike(x, w.space+extra)
			}
			d.wordBreak(w, x, extra)
			x += w.space + extra
		} else if !d.final && !w.broken {
			d.wordBreak(w, x, 1) // the break between this line and the next
		}
	}
	d.flush()
}

// wordBreak ends the word w, drawn up to x, with the space after it,
// added to the run, which is drawn now unless the next word continues it
// (at the natural spacing, in the same face): after a word justified
// apart, in another face or drawn alone, the space is drawn at the end
// of it. A space shows nothing, but text read from the page, or from a
// tagged PDF's structure, then has its words apart, as ISO 32000-1
// §14.8.2.5 asks.
func (d *lineDrawer) wordBreak(w word, x, extra float64) {
	flush := extra > 0 || d.run.Len() == 0 || w.space != textWidth(d.s.fonts, d.runFace, d.st.size, " ")
	if d.run.Len() == 0 {
		if len(w.pieces) == 0 {
			return
		}
		d.runX, d.runFace = x, w.pieces[len(w.pieces)-1].face
	}
	d.run.WriteByte(' ')
	if flush {
		d.flush()
	}
}

// piece draws p at x, or adds it to the run, and returns the x after it.
func (d *lineDrawer) piece(p piece, x float64) float64 {
	if p.strike {
		d.flush()
		d.alone(p, x)
		return x + p.width
	}
	if p.link == "" && (d.run.Len() == 0 || p.face == d.runFace) {
		if d.run.Len() == 0 {
			d.runX, d.runFace = x, p.face
		}
		d.run.WriteString(p.text)
		return x + p.width
	}
	d.flush()
	if p.link == "" {
		d.runX, d.runFace = x, p.face
		d.run.WriteString(p.text)
		return x + p.width
	}
	d.alone(p, x)
	return x + p.width
}

// alone draws p by itself at x, struck through if it is, and makes it
// clickable if it is a link, its text and annotation then a Link element.
func (d *lineDrawer) alone(p piece, x float64) {
	linked := d.s.linkable(p.link)
	if linked {
		d.s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Link})
	}
	d.show(p, x)
	if p.strike {
		d.strike(x, p.width)
	}
	d.link(p, x)
	if linked {
		d.s.doc.EndTag()
	}
}

// show draws p by itself at x, a link's text in blue unless it points
// into the document.
func (d *lineDrawer) show(p piece, x float64) {
	s := d.s
	s.setFont(p.face, d.st.size)
	if p.link != "" && !strings.HasPrefix(p.link, "#") {
		s.doc.SetTextColor(0, 51, 153)
	}
	s.text(x, d.base, p.text)
	s.doc.SetTextColor(0, 0, 0)
}

// link makes p's area at x clickable, if p is a link.
func (d *lineDrawer) link(p piece, x float64) {
	if p.link != "" {
		d.s.link(x, d.s.y, p.width, d.lh, p.link)
	}
}

// flush draws the run.
func (d *lineDrawer) flush() {
	if d.run.Len() > 0 {
		d.s.setFont(d.runFace, d.st.size)
		d.s.text(d.runX, d.base, d.run.String())
		d.run.Reset()
	}
}

// strike draws the line across struck-through text from x, w long.
func (d *lineDrawer) strike(x, w float64) {
	d.s.doc.SetLineWidth(0.3)
	d.s.doc.Line(x, d.strikeY, x+w, d.strikeY)
}

// link makes an area clickable: a URL, or "#id" for a heading in the document.
func (s *State) link(x, y, w, h float64, target string) {
	if id, ok := strings.CutPrefix(target, "#"); ok {
		if s.anchors[id] {
			s.doc.Link(x, y, w, h, s.linkTo(id))
		}
		return
	}
	s.doc.LinkString(x, y, w, h, target)
}

// linkTo returns the internal link for heading id, creating it on first use.
func (s *State) linkTo(id string) int {
	l, ok := s.links[id]
	if !ok {
		l = s.doc.AddLink()
		s.links[id] = l
	}
	return l
}
