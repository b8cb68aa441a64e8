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
	heights := make([]float64, len(cells))
	for i := range cells {
		laid[i] = make([]cell, ncol)
		h := 1
		for j := 0; j < ncol; j++ {
			ws := append([]word(nil), measured[i][j]...)
			laid[i][j] = cell{lines: s.breakLines(ws, size, widths[j]-2*cellPad)}
			if j < len(aligns) {
				laid[i][j].align = aligns[j]
			}
			h = max(h, len(laid[i][j].lines))
		}
		heights[i] = float64(h)*lh + 2*cellPad
	}
	s.space(2)
	headerRows := 0
	for headerRows < len(header) && header[headerRows] {
		headerRows++
	}
	headerH := 0.0
	for i := 0; i < headerRows; i++ {
		headerH += heights[i]
	}
	firstBody := min(headerRows, len(cells)-1)
	s.flushSpaceFor(headerH + heights[firstBody])
	drawRow := func(i int) {
		x := s.left
		if header[i] {
			s.doc.SetFillColor(235, 235, 235)
			s.doc.Rect(s.left, s.y, sum(widths), heights[i], "F")
		}
		s.doc.SetDrawColor(120, 120, 120)
		s.doc.SetLineWidth(0.2)
		for j := 0; j < ncol; j++ {
			s.doc.Rect(x, s.y, widths[j], heights[i], "D")
			left, width, y := s.left, s.width, s.y
			s.left, s.width, s.y = x+cellPad, widths[j]-2*cellPad, y+cellPad
			align := alignLeft
			if laid[i][j].align == east.AlignCenter {
				align = alignCenter
			}
			for _, l := range laid[i][j].lines {
				if laid[i][j].align == east.AlignRight {
					s.left = x + widths[j] - cellPad - l.width
				}
				s.drawLine(l, textStyle{size: size, align: align}, lh, true)
			}
			s.left, s.width, s.y = left, width, y
			x += widths[j]
		}
		s.doc.SetDrawColor(0, 0, 0)
		s.y += heights[i]
		s.atTop = false
	}
	for i := 0; i < headerRows; i++ {
		drawRow(i)
	}
	for i := headerRows; i < len(cells); i++ {
		if s.y+heights[i] > s.bottom+0.01 {
			s.newPage()
			for h := 0; h < headerRows; h++ {
				drawRow(h)
			}
		}
		drawRow(i)
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
