package pdf

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

const cellPad = 1.6

// cell is a laid-out table cell.
type cell struct {
	lines []line
	align east.Alignment
}

// renderTable draws a GFM table: columns share the width by their content,
// cells wrap, and the header row is drawn again at the top of each page the
// table continues on.
func renderTable(s *State, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	size := s.cfg.BodySize - 1
	lh := s.lineHeight(size)
	var header []bool
	var aligns []east.Alignment
	ncol := 0
	var cells [][][]span
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		_, isHeader := r.(*east.TableHeader)
		var row [][]span
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			face := Regular
			if isHeader {
				face = Bold
			}
			row = append(row, s.inlines(c, face, "", nil))
			if tc, ok := c.(*east.TableCell); ok && len(aligns) < len(row) {
				aligns = append(aligns, tc.Alignment)
			}
		}
		ncol = max(ncol, len(row))
		cells = append(cells, row)
		header = append(header, isHeader)
	}
	if ncol == 0 {
		return ast.WalkSkipChildren, nil
	}
	// Measure each column's widest line and longest word.
	natural := make([]float64, ncol)
	minimum := make([]float64, ncol)
	measured := make([][][]word, len(cells))
	for i, row := range cells {
		measured[i] = make([][]word, ncol)
		for j := 0; j < ncol; j++ {
			if j >= len(row) {
				continue
			}
			ws := s.words(row[j], size)
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
	floor := minWordWidth * size * ptToMM
	if most := int(s.width / (floor + 2*cellPad)); ncol > most {
		return ast.WalkStop, &TableError{Line: lineOf(s.src, n), Columns: ncol, Max: most}
	}
	widths := columnWidths(natural, minimum, s.width, floor)
	// Lay out every cell.
	laid := make([][]cell, len(cells))
	rows := make([]int, len(cells)) // lines in the row's tallest cell
	for i := range cells {
		if s.stopped() {
			return ast.WalkSkipChildren, nil
		}
		laid[i] = make([]cell, ncol)
		rows[i] = 1
		for j := 0; j < ncol; j++ {
			ws := append([]word(nil), measured[i][j]...)
			laid[i][j] = cell{lines: s.breakLines(ws, size, widths[j]-2*cellPad)}
			if j < len(aligns) {
				laid[i][j].align = aligns[j]
			}
			rows[i] = max(rows[i], len(laid[i][j].lines))
		}
	}
	height := func(lines int) float64 { return float64(lines)*lh + 2*cellPad }
	s.space(2)
	headerRows := 0
	for headerRows < len(header) && header[headerRows] {
		headerRows++
	}
	headerH := 0.0
	for i := 0; i < headerRows; i++ {
		headerH += height(rows[i])
	}
	// The header is drawn again on each page only while it leaves most of
	// the page to the body: a header taller than that would leave no room.
	repeat := headerH <= (s.bottom-s.top)/3
	first := min(headerRows, len(cells)-1)
	// The header stays with the first row, or with its first lines when
	// the row is taller than a page.
	if keep := headerH + height(rows[first]); keep <= s.bottom-s.top {
		s.flushSpaceFor(keep)
	} else {
		s.flushSpaceFor(headerH + height(min(rows[first], 3)))
	}
	// drawRow draws lines [from, to) of each cell of row i.
	drawRow := func(i, from, to int) {
		h := height(to - from)
		x := s.left
		if header[i] {
			s.doc.SetFillColor(235, 235, 235)
			s.doc.Rect(s.left, s.y, sum(widths), h, "F")
		}
		s.doc.SetDrawColor(120, 120, 120)
		s.doc.SetLineWidth(0.2)
		for j := 0; j < ncol; j++ {
			s.doc.Rect(x, s.y, widths[j], h, "D")
			left, width, y := s.left, s.width, s.y
			s.left, s.width, s.y = x+cellPad, widths[j]-2*cellPad, y+cellPad
			align := alignLeft
			if laid[i][j].align == east.AlignCenter {
				align = alignCenter
			}
			lines := laid[i][j].lines
			for _, l := range lines[min(from, len(lines)):min(to, len(lines))] {
				if laid[i][j].align == east.AlignRight {
					s.left = x + widths[j] - cellPad - l.width
				}
				s.drawLine(l, textStyle{size: size, align: align}, lh, true)
			}
			s.left, s.width, s.y = left, width, y
			x += widths[j]
		}
		s.doc.SetDrawColor(0, 0, 0)
		s.y += h
		s.atTop = false
	}
	// fresh is true on a page that holds nothing of the table but its
	// repeated header.
	fresh := false
	page := func(i int) {
		s.newPage()
		fresh = true
		if repeat && i >= headerRows {
			for h := 0; h < headerRows; h++ {
				drawRow(h, 0, rows[h])
			}
		}
	}
	for i := range cells {
		if s.stopped() {
			break
		}
		// Each pass draws at least one line of the row or starts a page;
		// a page is started only when the row does not fit where it is
		// and the page is not fresh, or nothing fits on it, and a fresh
		// page (below a header of at most a third of it) holds a line.
		done := 0
		for done < rows[i] {
			fit := int((s.bottom - s.y - 2*cellPad + 0.01) / lh)
			rest := rows[i] - done
			switch {
			case fit >= rest:
				drawRow(i, done, rows[i])
				done = rows[i]
			case !fresh && (fit < 2 || height(rest) <= s.bottom-s.top-headerH):
				// Better whole on the next page, or too little room here.
				page(i)
				continue
			case fit < 1:
				page(i)
				continue
			default:
				drawRow(i, done, done+fit)
				done += fit
				page(i)
				continue
			}
		}
		if i >= headerRows {
			fresh = false
		}
	}
	s.space(3)
	return ast.WalkSkipChildren, nil
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
