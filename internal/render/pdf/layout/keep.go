package layout

import (
	"slices"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
)

// This file holds what keeps blocks together across a page break: a
// heading with the start of what follows it, and the closing words of an
// agreement with its signatures.

// keepDepth bounds how many headings in a row a heading is kept with.
const keepDepth = 3

// keepHeight returns the height the block n must have on the page of the
// heading before it, when drawn at the top of that page's remaining
// column: the lines a paragraph cannot leave behind (all of a paragraph of
// three lines or fewer, which paragraph splits neither 2+1 nor 1+2; else
// its first two), a list's first item, a table's header and first row,
// or a heading with what it keeps in turn. Zero for no block.
func (s *State) keepHeight(n ast.Node, depth int) float64 {
	body := s.lineHeight(s.cfg.BodySize)
	switch n := n.(type) {
	case nil:
		return 0
	case *ast.Heading:
		if depth >= keepDepth {
			return 2 * body
		}
		level := min(max(n.Level, 1), 6)
		size := headingSizes[level]
		lines := s.breakLines(s.words(s.inlines(n, Bold, "", nil), size), size, s.width)
		h := headingSpace[level] + float64(len(lines))*size*1.25*ptToMM + 2
		if n.NextSibling() == nil {
			return h
		}
		return h + s.keepHeight(n.NextSibling(), depth+1)
	case *ast.Paragraph, *ast.TextBlock:
		return float64(keptLines(s.paragraphLines(n, s.paraWidth(n)))) * body
	case *ast.List:
		item := n.FirstChild()
		if item == nil || item.FirstChild() == nil {
			return body
		}
		indent := float64(listIndent)
		if num, ok := s.numbers.Item(item); ok && num.Kind == document.Legal || !ok && s.cfg.Lists == Legal {
			indent = legalIndent
		}
		width := s.width - min(indent, max(0, s.width-minTextWidth))
		if p := item.FirstChild(); p.Kind() == ast.KindParagraph || p.Kind() == ast.KindTextBlock {
			return 1 + float64(keptLines(s.paragraphLines(p, width)))*body
		}
		return 1 + 2*body
	case *east.Table:
		size := s.cfg.BodySize - 1
		return 2 + 2*(s.lineHeight(size)+2*cellPad)
	case *mdext.PageBreak:
		return 0
	}
	return 2 * body
}

// keptLines returns how many of a paragraph's n lines must stand together
// at the foot of a page: all of up to three, else two.
func keptLines(n int) int {
	if n <= 3 {
		return n
	}
	return 2
}

// paraWidth returns the width paragraph n is set in: the column, less the
// indent of a numbered paragraph.
func (s *State) paraWidth(n ast.Node) float64 {
	if _, ok := s.numbers.Paragraph(n); ok {
		return s.width - min(paraIndent, max(0, s.width-minTextWidth))
	}
	return s.width
}

// paragraphLines returns how many lines the paragraph n takes in a column
// of width, justified and hyphenated as paragraph sets it. It draws
// nothing and leaves the state as it was.
func (s *State) paragraphLines(n ast.Node, width float64) int {
	images, in := s.images, s.inParagraph
	s.inParagraph = true
	spans := s.inlines(n, Regular, "", nil)
	s.images, s.inParagraph = images, in
	size := s.cfg.BodySize
	s.hyphens = s.cfg.Hyphenate
	lines := s.breakLines(s.words(spans, size), size, width)
	if s.measured == nil {
		s.measured = map[ast.Node]measuredLines{}
	}
	s.measured[n] = measuredLines{spans: spans, size: size, width: width, hyphens: s.hyphens, lines: lines}
	s.hyphens = false
	return len(lines)
}

// measuredLines are a paragraph's lines as paragraphLines broke them, and
// what they were broken from.
type measuredLines struct {
	spans       []span
	size, width float64
	hyphens     bool
	lines       []line
}

// lines breaks spans into lines of width at size, as breakLines does
// with s.hyphens, or returns the lines paragraphLines broke paragraph n
// into from the same spans, at the same size and width, and as
// hyphenated: the same lines, since breaking reads nothing else.
func (s *State) lines(n ast.Node, spans []span, size, width float64) []line {
	if m, ok := s.measured[n]; ok && n != nil {
		delete(s.measured, n)
		if m.size == size && m.width == width && m.hyphens == s.hyphens && slices.Equal(m.spans, spans) {
			return m.lines
		}
	}
	return s.breakLines(s.words(spans, size), size, width)
}

// maxClosing is the most paragraphs before a signature block that count
// as the agreement's closing words.
const maxClosing = 4

// closingRun returns the signature block that ends the run of paragraphs
// starting at n, if the run is of at most maxClosing paragraphs and the
// block has parties; else nil.
func closingRun(n ast.Node) *mdext.Signatures {
	c := n
	for range maxClosing {
		if _, ok := c.(*ast.Paragraph); !ok {
			return nil
		}
		c = c.NextSibling()
		if sig, ok := c.(*mdext.Signatures); ok {
			return sig
		}
	}
	return nil
}

// keepClosing starts a new page before paragraph n when n opens the
// closing words of the agreement (the paragraphs that end in its
// signatures) and they do not fit on this page with the signatures' first
// row but do on half of a fresh one: the signatures never stand on a page
// of their own. The first paragraph of the run short enough to move
// decides, once.
func (s *State) keepClosing(n ast.Node) {
	sig := closingRun(n)
	if sig == nil || sig == s.kept {
		return
	}
	l := s.layoutSignatures(sig)
	if len(l.parties) == 0 {
		return
	}
	half := (s.bottom - s.top) / 2
	h := 6 + l.rowH
	for c := n; c != ast.Node(sig) && h <= half; c = c.NextSibling() {
		h += float64(s.paragraphLines(c, s.paraWidth(c)))*s.lineHeight(s.cfg.BodySize) + 2.8
	}
	if h > half {
		return // too long to move: a later paragraph of the run may be
	}
	s.kept = sig
	if !s.atTop && !s.fits(h) {
		s.newPage()
	}
}
