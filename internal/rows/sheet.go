package rows

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
)

// sheetRow is one row of a sheet: its number, its cells by column (from
// 0), the shared strings it uses, or why it cannot be read.
type sheetRow struct {
	line   int
	cells  []cell
	shared []int
	err    error
}

// put sets the cell in column col (from 1). A column given twice keeps
// the last, as in Excel.
func (r *sheetRow) put(col int, c cell) {
	for len(r.cells) < col-1 {
		r.cells = append(r.cells, cell{})
	}
	if len(r.cells) == col-1 {
		r.cells = append(r.cells, c)
	} else {
		r.cells[col-1] = c
	}
}

// sheetScanner reads a sheet's rows in order.
type sheetScanner struct {
	book    *workbook
	d       *partDecoder
	strings *shared // nil while learning which strings are used
	line    int     // the last row's number
	done    bool
}

func (s *sheetScanner) close() { s.d.close() }

// rowState is what the scanner has read of the row it is in, and of the
// cell it is in.
type rowState struct {
	r     sheetRow
	inRow bool
	col   int // the last cell's column
	errs  diag.List

	cur      *cell // the cell being read; nil outside one
	curCol   int
	curErr   error // what spoils the cell
	isShared bool  // its value is a shared string's index
	capture  bool  // text read goes to value
	value    []byte
	inline   bool // its text is inline, in <is>
	phon     int  // depth in phonetic runs, whose text is no value
}

// next returns the sheet's next row. A row whose cells cannot be read has
// its err set, and reading goes on; an error in the sheet's XML ends it.
func (s *sheetScanner) next() (sheetRow, bool, error) {
	if s.done {
		return sheetRow{}, false, nil
	}
	st := &rowState{}
	for {
		tok, err := s.d.token()
		if err != nil {
			s.done = true
			return sheetRow{}, false, err
		}
		switch t := tok.(type) {
		case nil:
			s.done = true
			return sheetRow{}, false, nil
		case startElement:
			s.start(st, t)
		case endElement:
			switch t.local {
			case "row":
				if st.inRow {
					st.inRow, st.cur = false, nil
					st.r.err = st.errs.Err()
					return st.r, true, nil
				}
			case "sheetData":
				s.done = true
				return sheetRow{}, false, nil
			default:
				s.end(st, t.local)
			}
		case charData:
			s.text(st, t)
		}
	}
}

// start takes in an element's start.
func (s *sheetScanner) start(st *rowState, t startElement) {
	switch t.local {
	case "row":
		s.startRow(st, t)
	case "c":
		if st.inRow {
			s.startCell(st, t)
		}
	case "v":
		if st.cur != nil && !st.inline {
			st.capture, st.value = true, st.value[:0]
		}
	case "is":
		if st.cur != nil {
			st.inline, st.value = true, st.value[:0]
		}
	case "rPh":
		st.phon++
	case "t":
		if st.cur != nil && st.inline && st.phon == 0 {
			st.capture = true
		}
	}
}

// end takes in an element's end, but a row's or the sheet data's.
func (s *sheetScanner) end(st *rowState, local string) {
	switch local {
	case "v", "t":
		st.capture = false
	case "rPh":
		st.phon = max(st.phon-1, 0)
	case "c":
		if st.cur != nil {
			s.endCell(st)
		}
	}
}

// text takes in text, keeping the cell's value and bounding it.
func (s *sheetScanner) text(st *rowState, t charData) {
	if !st.capture {
		return
	}
	if len(st.value)+len(t) > maxCellText {
		if st.curErr == nil {
			st.curErr = diag.Errorf(s.book.file, s.line, st.curCol, "", "holds more than %d KiB", maxCellText>>10)
		}
		return
	}
	st.value = append(st.value, t...)
}

// startRow begins a row, numbered by its r attribute, else the one after
// the last.
func (s *sheetScanner) startRow(st *rowState, t startElement) {
	st.inRow, st.r, st.col, st.errs = true, sheetRow{}, 0, diag.List{}
	s.line++
	if ref := t.attr("r"); ref != "" {
		n, err := strconv.Atoi(ref)
		if err != nil || n < 1 || n > maxSheetRows {
			st.errs.Add(diag.Errorf(s.book.file, s.line, 0, "", "%s is not a row number (sheet %q)", diag.Quote(ref), s.book.sheetName))
		} else {
			s.line = n
		}
	}
	st.r.line = s.line
}

// startCell begins a cell, in the column its r attribute names, else the
// one after the last, of the kind its t attribute says.
func (s *sheetScanner) startCell(st *rowState, t startElement) {
	st.col++
	st.curErr = nil
	if ref := t.attr("r"); ref != "" {
		c, _, ok := parseCellRef(ref)
		if !ok {
			st.curErr = diag.Errorf(s.book.file, s.line, st.col, "", "%s is not a cell reference", diag.Quote(ref))
		} else {
			st.col = c
		}
	}
	st.cur, st.curCol, st.value, st.inline, st.phon, st.isShared = &cell{}, st.col, st.value[:0], false, 0, false
	switch t.attr("t") {
	case "", "n":
		st.cur.kind = cellNumber
	case "s":
		st.cur.kind, st.isShared = cellString, true
	case "inlineStr", "str":
		st.cur.kind = cellString
	case "b":
		st.cur.kind = cellBool
	case "e":
		st.cur.kind = cellError
	case "d":
		st.cur.kind = cellISODate
	default:
		st.curErr = diag.Errorf(s.book.file, s.line, st.col, "", "unknown cell type %s", diag.Quote(t.attr("t")))
	}
	if a := t.attr("s"); a != "" {
		n, _ := strconv.Atoi(a)
		st.cur.date = s.book.isDate(n)
	}
}

// endCell ends a cell: it joins the row, or its problem the row's.
func (s *sheetScanner) endCell(st *rowState) {
	c := *st.cur
	st.cur, st.capture = nil, false
	switch {
	case st.curErr != nil:
		st.errs.Add(st.curErr)
		return
	case len(st.value) == 0:
		return // an empty cell, perhaps only styled
	case st.curCol > maxColumns:
		st.errs.Add(diag.Errorf(s.book.file, s.line, st.curCol, "", "lies past column %d: at most %d columns are read", maxColumns, maxColumns))
		return
	}
	text, ok := s.cellValue(st)
	if !ok {
		return
	}
	c.text = text
	st.r.put(st.curCol, c)
}

// cellValue is the text of the cell just read: its value, or the shared
// string it names. While the strings used are being learnt, a shared
// string's index is noted and the cell left out.
func (s *sheetScanner) cellValue(st *rowState) (string, bool) {
	switch {
	case !st.isShared && st.inline:
		return unescapeXString(st.value), true
	case !st.isShared:
		return string(st.value), true
	}
	i, err := strconv.Atoi(strings.TrimSpace(string(st.value)))
	if err != nil {
		st.errs.Add(diag.Errorf(s.book.file, s.line, st.curCol, "", "shared string %s is not a number", diag.Quote(string(st.value))))
		return "", false
	}
	if s.strings == nil {
		st.r.shared = append(st.r.shared, i)
		return "", false
	}
	str, ok := s.strings.get(i)
	if !ok {
		st.errs.Add(diag.Errorf(s.book.file, s.line, st.curCol, "", "the workbook has no shared string %d", i))
		return "", false
	}
	return str, true
}

// The XML of a part, as the few token kinds the reader needs.
type (
	startElement struct {
		local string
		attrs []xml.Attr
	}
	endElement struct{ local string }
	charData   []byte
)

// attr returns the attribute with local name local, or "".
func (e startElement) attr(local string) string {
	for _, a := range e.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func xmlDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return input, nil
		}
		return nil, fmt.Errorf("encoding %q: only UTF-8 is read", label)
	}
	return d
}

type partDecoder struct {
	d    *xml.Decoder
	rc   io.ReadCloser
	file string
	part string
}

// token returns the next token, nil at the end of the part.
func (p *partDecoder) token() (any, error) {
	for {
		tok, err := p.d.RawToken()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, &WorkbookError{File: p.file, Part: p.part, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return startElement{local: t.Name.Local, attrs: t.Attr}, nil
		case xml.EndElement:
			return endElement{local: t.Name.Local}, nil
		case xml.CharData:
			return charData(t), nil
		}
	}
}

func (p *partDecoder) close() { p.rc.Close() }
