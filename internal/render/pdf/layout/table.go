package layout

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

const cellPad = 1.6

// cell is a laid-out table cell.
type cell struct {
	lines []line
	align east.Alignment
}

// table is a GFM table being laid out: its cells' text, their lines once
// laid out in the columns' widths, and the rows' heights.
type table struct {
	size, lh   float64
	ncol       int
	cells      [][][]span // by row and column
	header     []bool     // whether each row is a header row
	aligns     []east.Alignment
	widths     []float64 // the columns'
	laid       [][]cell
	rows       []int   // lines in each row's tallest cell
	headerRows int     // the rows of the header, at the top
	repeat     bool    // the header is drawn again on each page
	fresh      bool    // the page holds nothing of the table but its repeated header
	tags       [][]int // each cell's element, by row and column
}

// tag makes the table's structure: a TR for each row, of a TH for each
// cell of a header row, a TD for each of the others. Each row's cells
// are drawn into their elements, across pages if need be; a header
// drawn again on a new page is an artifact.
func (t *table) tag(s *State) {
	t.tags = make([][]int, len(t.cells))
	s.tagged(pdfdoc.Table, func() {
		for i := range t.cells {
			t.tags[i] = make([]int, t.ncol)
			role := pdfdoc.TD
			if t.header[i] {
				role = pdfdoc.TH
			}
			s.tagged(pdfdoc.TR, func() {
				for j := range t.ncol {
					t.tags[i][j] = s.doc.BeginTag(pdfdoc.Tag{Role: role})
					s.doc.EndTag()
				}
			})
		}
	})
}

// renderTable draws a GFM table: columns share the width by their content,
// cells wrap, and the header row is drawn again at the top of each page the
// table continues on.
func renderTable(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	size := s.cfg.BodySize - 1
	t := &table{size: size, lh: s.lineHeight(size)}
	t.collect(s, n)
	if t.ncol == 0 {
		return ast.WalkSkipChildren, nil
	}
	floor := minWordWidth * size * ptToMM
	if most := int(s.width / (floor + 2*cellPad)); t.ncol > most {
		return ast.WalkStop, &TableError{Line: lineOf(s.src, n), Columns: t.ncol, Max: most}
	}
	measured := t.measure(s, floor)
	if !t.layOut(s, measured) {
		return ast.WalkSkipChildren, nil
	}
	s.space(2)
	t.start(s)
	t.tag(s)
	for i := range t.cells {
		if s.stopped() {
			break
		}
		t.drawRowAcross(s, i)
	}
	s.space(3)
	return ast.WalkSkipChildren, nil
}

// collect reads the cells' inline text, the header rows and the columns'
// alignments.
func (t *table) collect(s *State, n ast.Node) {
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		_, isHeader := r.(*east.TableHeader)
		var row [][]span
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			face := Regular
			if isHeader {
				face = Bold
			}
			row = append(row, s.inlines(c, face, "", nil))
			if tc, ok := c.(*east.TableCell); ok && len(t.aligns) < len(row) {
				t.aligns = append(t.aligns, tc.Alignment)
			}
		}
		t.ncol = max(t.ncol, len(row))
		t.cells = append(t.cells, row)
		t.header = append(t.header, isHeader)
	}
}

// measure splits each cell into words and shares the width among the
// columns by each one's widest line and longest word, at least floor.
func (t *table) measure(s *State, floor float64) [][][]word {
	natural := make([]float64, t.ncol)
	minimum := make([]float64, t.ncol)
	measured := make([][][]word, len(t.cells))
	for i, row := range t.cells {
		measured[i] = make([][]word, t.ncol)
		for j := 0; j < t.ncol; j++ {
			if j >= len(row) {
				continue
			}
			ws := s.words(row[j], t.size)
			measured[i][j] = ws
			var total float64
			for k, w := range ws {
				total += w.width
				if k < len(ws)-1 {
					total += w.space
				}
				minimum[j] = max(minimum[j], w.width)
			}
			natural[j] = max(natural[j], total)
		}
	}
	t.widths = columnWidths(natural, minimum, s.width, floor)
	return measured
}

// layOut breaks every cell's words into lines in its column; false when
// the document was stopped.
func (t *table) layOut(s *State, measured [][][]word) bool {
	t.laid = make([][]cell, len(t.cells))
	t.rows = make([]int, len(t.cells))
	for i := range t.cells {
		if s.stopped() {
			return false
		}
		t.laid[i] = make([]cell, t.ncol)
		t.rows[i] = 1
		for j := 0; j < t.ncol; j++ {
			ws := append([]word(nil), measured[i][j]...)
			t.laid[i][j] = cell{lines: s.breakLines(ws, t.size, t.widths[j]-2*cellPad)}
			if j < len(t.aligns) {
				t.laid[i][j].align = t.aligns[j]
			}
			t.rows[i] = max(t.rows[i], len(t.laid[i][j].lines))
		}
	}
	return true
}

// height is the height of a row of lines.
func (t *table) height(lines int) float64 { return float64(lines)*t.lh + 2*cellPad }

// start decides whether the header repeats, and starts a page unless the
// header and the first row fit where the table begins.
func (t *table) start(s *State) {
	for t.headerRows < len(t.header) && t.header[t.headerRows] {
		t.headerRows++
	}
	headerH := t.headerHeight()
	// The header is drawn again on each page only while it leaves most of
	// the page to the body: a header taller than that would leave no room.
	t.repeat = headerH <= (s.bottom-s.top)/3
	first := min(t.headerRows, len(t.cells)-1)
	// The header stays with the first row, or with its first lines when
	// the row is taller than a page.
	if keep := headerH + t.height(t.rows[first]); keep <= s.bottom-s.top {
		s.flushSpaceFor(keep)
	} else {
		s.flushSpaceFor(headerH + t.height(min(t.rows[first], 3)))
	}
}

func (t *table) headerHeight() float64 {
	h := 0.0
	for i := 0; i < t.headerRows; i++ {
		h += t.height(t.rows[i])
	}
	return h
}

// drawRowAcross draws row i, across pages if need be. Each pass draws at
// least one line of the row or starts a page; a page is started only when
// the row does not fit where it is and the page is not fresh, or nothing
// fits on it, and a fresh page (below a header of at most a third of it)
// holds a line.
func (t *table) drawRowAcross(s *State, i int) {
	headerH := t.headerHeight()
	done := 0
	for done < t.rows[i] {
		fit := int((s.bottom - s.y - 2*cellPad + 0.01) / t.lh)
		rest := t.rows[i] - done
		switch {
		case fit >= rest:
			t.drawRow(s, i, done, t.rows[i])
			done = t.rows[i]
		case !t.fresh && (fit < 2 || t.height(rest) <= s.bottom-s.top-headerH):
			// Better whole on the next page, or too little room here.
			t.page(s, i)
		case fit < 1:
			t.page(s, i)
		default:
			t.drawRow(s, i, done, done+fit)
			done += fit
			t.page(s, i)
		}
	}
	if i >= t.headerRows {
		t.fresh = false
	}
}

// page starts a page for row i, with the header above it when it repeats.
func (t *table) page(s *State, i int) {
	s.newPage()
	t.fresh = true
	if t.repeat && i >= t.headerRows {
		s.doc.BeginArtifact()
		for h := 0; h < t.headerRows; h++ {
			t.drawRow(s, h, 0, t.rows[h])
		}
		s.doc.EndArtifact()
	}
}

// drawRow draws lines [from, to) of each cell of row i.
func (t *table) drawRow(s *State, i, from, to int) {
	h := t.height(to - from)
	x := s.left
	if t.header[i] {
		s.doc.SetFillColor(235, 235, 235)
		s.doc.Rect(s.left, s.y, sum(t.widths), h, "F")
	}
	s.doc.SetDrawColor(120, 120, 120)
	s.doc.SetLineWidth(0.2)
	for j := 0; j < t.ncol; j++ {
		s.doc.Rect(x, s.y, t.widths[j], h, "D")
		left, width, y := s.left, s.width, s.y
		s.left, s.width, s.y = x+cellPad, t.widths[j]-2*cellPad, y+cellPad
		align := alignLeft
		if t.laid[i][j].align == east.AlignCenter {
			align = alignCenter
		}
		lines := t.laid[i][j].lines
		s.doc.ResumeTag(t.tags[i][j])
		for _, l := range lines[min(from, len(lines)):min(to, len(lines))] {
			if t.laid[i][j].align == east.AlignRight {
				s.left = x + t.widths[j] - cellPad - l.width
			}
			s.drawLine(l, textStyle{size: t.size, align: align}, t.lh, true)
		}
		s.doc.EndTag()
		s.left, s.width, s.y = left, width, y
		x += t.widths[j]
	}
	s.doc.SetDrawColor(0, 0, 0)
	s.y += h
	s.atTop = false
}

// TableError reports a table with more columns than fit across the page,
// each at least a few characters wide.
type TableError struct {
	Line    int // line of the table in the Markdown source
	Columns int
	Max     int
}

func (e *TableError) Error() string {
	return fmt.Sprintf("line %d: the table has %d columns; at most %d fit across the page", e.Line, e.Columns, e.Max)
}

// lineOf returns the 1-based source line where n's first text starts, or 0.
func lineOf(src []byte, n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if l := c.Lines(); c.Type() == ast.TypeBlock && l != nil && l.Len() > 0 {
			return 1 + bytes.Count(src[:l.At(0).Start], []byte("\n"))
		}
		if t, ok := c.(*ast.Text); ok {
			return 1 + bytes.Count(src[:t.Segment.Start], []byte("\n"))
		}
	}
	return 0
}

// columnWidths shares width among columns. Each column's content gets at
// least floor and at most an equal share of the width as its minimum (a
// longer word is split), and the rest goes in proportion to how much more
// its content wants. The caller ensures that floor fits ncol times.
func columnWidths(natural, minimum []float64, width, floor float64) []float64 {
	ncol := len(natural)
	out := make([]float64, ncol)
	pad := 2 * cellPad
	share := max(width/float64(ncol)-pad, floor)
	var sumMin, sumNat float64
	for j := range ncol {
		minimum[j] = max(floor, min(minimum[j], share))
		natural[j] = max(natural[j], minimum[j])
		sumMin += minimum[j] + pad
		sumNat += natural[j] + pad
	}
	switch {
	case sumNat <= width:
		// Everything fits on one line: spread the slack evenly.
		for j := range ncol {
			out[j] = natural[j] + pad + (width-sumNat)/float64(ncol)
		}
	default:
		rest := max(width-sumMin, 0)
		for j := range ncol {
			out[j] = minimum[j] + pad + rest*(natural[j]-minimum[j])/(sumNat-sumMin)
		}
	}
	return out
}

func sum(xs []float64) float64 {
	var t float64
	for _, x := range xs {
		t += x
	}
	return t
}
