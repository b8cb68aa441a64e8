package pdf

import (
	"math"
	"strings"
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
	s.hyphens = st.align == alignJustify
	lines := s.breakLines(s.words(spans, st.size), st.size, s.width)
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
	for _, x := range s.quotes {
		if math.IsNaN(x) {
			continue
		}
		s.doc.SetDrawColor(150, 150, 150)
		s.doc.SetLineWidth(0.6)
		s.doc.Line(x, s.y, x, s.y+lh)
		s.doc.SetDrawColor(0, 0, 0)
	}
	if m := s.marker; m != nil {
		s.setFont(m.face, st.size)
		x := s.markerAt
		if x < 0 {
			x = s.left - s.fonts.width(m.face, st.size, m.text) - 1.8
		}
		s.text(x, base, m.text)
		s.marker = nil
	}
	x := s.left
	switch st.align {
	case alignCenter:
		x += (s.width - l.width) / 2
	}
	extra := 0.0
	if gaps := len(l.words) - 1; st.align == alignJustify && l.justify && gaps > 0 {
		extra = (s.width - l.width) / float64(gaps)
		if extra > 3*l.words[0].space+1.5 {
			extra = 0 // too loose to justify: leave the line ragged
		}
	}
	// Words are drawn one by one only where justification moves them; runs
	// of words in one face at natural spacing are drawn as one string.
	var run strings.Builder
	runX, runFace := 0.0, Face(-1)
	flush := func() {
		if run.Len() > 0 {
			s.setFont(runFace, st.size)
			s.text(runX, base, run.String())
			run.Reset()
		}
	}
	// A struck-through run is drawn by itself, with a line across the
	// glyphs at half the x-height, continued across the space to the next
	// struck word.
	strikeY := base - 0.25*st.size*ptToMM
	strike := func(x, w float64) {
		s.doc.SetLineWidth(0.3)
		s.doc.Line(x, strikeY, x+w, strikeY)
	}
	for i, w := range l.words {
		for _, p := range w.pieces {
			if p.strike {
				flush()
				s.setFont(p.face, st.size)
				if p.link != "" && !strings.HasPrefix(p.link, "#") {
					s.doc.SetTextColor(0, 51, 153)
				}
				s.text(x, base, p.text)
				s.doc.SetTextColor(0, 0, 0)
				strike(x, p.width)
				if p.link != "" {
					s.link(x, s.y, p.width, lh, p.link)
				}
				x += p.width
				continue
			}
			if p.link == "" && (run.Len() == 0 || p.face == runFace) {
				if run.Len() == 0 {
					runX, runFace = x, p.face
				}
				run.WriteString(p.text)
				x += p.width
				continue
			}
			flush()
			if p.link == "" {
				runX, runFace = x, p.face
				run.WriteString(p.text)
				x += p.width
				continue
			}
			s.setFont(p.face, st.size)
			if !strings.HasPrefix(p.link, "#") {
				s.doc.SetTextColor(0, 51, 153)
			}
			s.text(x, base, p.text)
			s.doc.SetTextColor(0, 0, 0)
			s.link(x, s.y, p.width, lh, p.link)
			x += p.width
		}
		if i < len(l.words)-1 {
			if next := l.words[i+1]; len(w.pieces) > 0 && w.pieces[len(w.pieces)-1].strike && len(next.pieces) > 0 && next.pieces[0].strike {
				strike(x, w.space+extra)
			}
			if extra > 0 || run.Len() == 0 || w.space != s.fonts.width(runFace, st.size, " ") {
				flush()
			} else {
				run.WriteByte(' ')
			}
			x += w.space + extra
		}
	}
	flush()
	s.y += lh
	s.atTop = false
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
