package rows

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
)

// An Excel workbook (.xlsx) is read from its first sheet, its first row
// naming the variables like a CSV header, each row after it one document.
// Cells are read as stored, not as displayed, so that a number shown as
// "45.00" or a date shown in the reader's locale arrive as the value
// itself; a date cell (a day count since 1900) becomes YYYY-MM-DD for a
// date variable, and a TRUE/FALSE cell true or false for a yes/no one. A
// cell of the wrong kind for its variable (TRUE in a number column, a date
// in a text column, a number that is no date in a date column, a formula
// error) fails its row, naming the cell.
//
// The workbook is read with archive/zip and encoding/xml, streaming: the
// sheet is read twice, first to learn which shared strings its rows use,
// then row by row; of the shared strings only those are kept. A row that
// cannot be read (a cell past the last column read) fails alone, and
// reading goes on.

// Bounds on what a workbook may hold once unpacked: a zip of a few
// kilobytes can unpack to gigabytes.
const (
	maxWorkbookUnzipped = 512 << 20 // the sheet and the shared strings together, as unpacked
	maxWorkbookPart     = 16 << 20  // each other part read: the workbook, its relationships, the styles
	maxColumns          = 1024
	maxCellText         = 128 << 10 // bytes of one cell's text; Excel's own limit is 32,767 characters
	maxMarkupRun        = 1 << 20   // bytes between two of < and >: bounds what the XML reader buffers
	// maxSharedText bounds the shared strings kept, the strings the rows
	// use: their bytes and 8 bytes for each. With the rows and columns a
	// workbook of at most 64 MiB holds, it keeps a batch within the memory
	// the README's Job asks for.
	maxSharedText = 64 << 20
)

// WorkbookError reports a workbook that cannot be read, or a bound it
// exceeds; Part names the part of the zip, if any.
type WorkbookError struct {
	File string
	Part string
	Err  error
}

func (e *WorkbookError) Error() string {
	if e.Part != "" {
		return fmt.Sprintf("%s: not a readable .xlsx workbook: %s: %v", e.File, e.Part, e.Err)
	}
	return fmt.Sprintf("%s: not a readable .xlsx workbook: %v", e.File, e.Err)
}

func (e *WorkbookError) Unwrap() error { return e.Err }

// ErrSharedStrings is wrapped by the WorkbookError of a workbook whose
// rows use more shared strings than are kept.
var ErrSharedStrings = errors.New("the rows use more shared strings than are read")

// xlsxReader reads the rows of a workbook's first sheet.
type xlsxReader struct {
	file       string
	book       *workbook
	rows       *sheetScanner
	schema     *vars.Schema
	cols       []column
	example    int       // the example column, -1 if none or the example is read
	pending    *sheetRow // a row read while looking for a second header row
	headerRows int       // 1, or 2 for labels above paths
	n          int       // data rows read
	done       bool
}

func newXLSX(file string, r io.Reader, schema *vars.Schema, o Options) (*xlsxReader, error) {
	data, err := limitio.ReadAll(r, file, limitio.Workbook)
	if err != nil {
		return nil, err
	}
	book, err := openWorkbook(file, data)
	if err != nil {
		return nil, err
	}
	rows, err := book.scan()
	if err != nil {
		return nil, err
	}
	s := &xlsxReader{file: file, book: book, rows: rows, schema: schema}
	if err := s.readHeader(schema); err != nil {
		s.close()
		return nil, err
	}
	s.example = exampleColumn(s.cols, o)
	markGiven(s.cols, o.Given)
	return s, nil
}

// Total is the number of rows the sheet has after its header, as its
// first reading counted them; the example rows are among them.
func (s *xlsxReader) Total() int {
	return max(s.book.nonEmpty-s.headerRows, 0)
}

// readHeader reads the first row that has text as the header. A workbook
// the template wrote has two: the labels, and the paths below them; a
// second row whose every cell names what the first's does is read as a
// header too.
func (s *xlsxReader) readHeader(schema *vars.Schema) error {
	head, _, ok, err := s.nextCells()
	if err != nil {
		return err
	}
	if !ok {
		return diag.Errorf(s.file, 0, 0, "", "sheet %q is empty: its first row must name the variables, such as customer.name and deletion.days", s.book.sheetName)
	}
	if head.err != nil {
		return s.locateSheetErr(head.err, head.line)
	}
	s.cols, err = readHeader(s.file, head.line, cellTexts(head), schema, 0)
	if err != nil {
		return err
	}
	s.headerRows = 1
	next, _, ok, err := s.nextCells()
	if err != nil || !ok {
		return err
	}
	if next.err == nil && len(next.cells) == len(head.cells) {
		if cols, err := readHeader(s.file, next.line, cellTexts(next), schema, 0); err == nil && sameColumns(cols, s.cols) {
			s.headerRows = 2
			return nil
		}
	}
	s.pending = &next
	return nil
}

func cellTexts(r sheetRow) []string {
	texts := make([]string, len(r.cells))
	for i, c := range r.cells {
		texts[i] = c.text
	}
	return texts
}

// sameColumns reports whether two header rows name the same columns.
func sameColumns(a, b []column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].same(b[i]) {
			return false
		}
	}
	return true
}

// nextCells returns the next row that has a cell with text, skipping
// empty ones, as a CSV reader skips blank lines. A row that cannot be
// read has its err set; an error reading the sheet ends the rows.
func (s *xlsxReader) nextCells() (sheetRow, int, bool, error) {
	if p := s.pending; p != nil {
		s.pending = nil
		return *p, p.line, true, nil
	}
	for {
		r, ok, err := s.rows.next()
		if err != nil {
			return sheetRow{}, s.rows.line, false, err
		}
		if !ok {
			return sheetRow{}, s.rows.line, false, nil
		}
		if r.err != nil || hasText(r) {
			return r, r.line, true, nil
		}
	}
}

// hasText reports whether a row has a cell with text; while the shared
// strings are learnt, a shared string counts as text.
func hasText(r sheetRow) bool {
	if len(r.shared) > 0 {
		return true
	}
	for _, c := range r.cells {
		if strings.TrimSpace(c.text) != "" {
			return true
		}
	}
	return false
}

func (s *xlsxReader) close() { s.rows.close() }

func (s *xlsxReader) Next() (Row, bool) {
	for !s.done {
		sr, line, ok, err := s.nextCells()
		if err != nil || !ok {
			s.done = true
			s.close()
			if err != nil {
				s.n++
				return Row{N: s.n, Pos: Pos{Line: line, Row: line}, Err: err}, true
			}
			return Row{}, false
		}
		if s.example >= 0 && s.example < len(sr.cells) && sr.err == nil && isYes(sr.cells[s.example].text) {
			continue
		}
		s.n++
		return s.row(sr, line), true
	}
	return Row{}, false
}

// row converts one row of the sheet.
func (s *xlsxReader) row(sr sheetRow, line int) Row {
	r := Row{N: s.n, Pos: Pos{Line: line, Row: line}}
	if sr.err != nil {
		r.Err = s.locateSheetErr(sr.err, line)
		return r
	}
	a := newRowValues(s.file, s.cols, s.schema, &r)
	for i, c := range sr.cells {
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		a.put(i, func(v *vars.Var) (string, error) { return cellText(v, c, s.book.date1904) })
	}
	r.Err = a.done()
	return r
}

// locateSheetErr names, in the problems of a row the sheet's reader
// found, their cells as a spreadsheet shows them.
func (s *xlsxReader) locateSheetErr(err error, line int) error {
	var list diag.List
	if !errors.As(err, &list) {
		list = diag.List{&diag.Error{Err: err}}
	}
	var out diag.List
	for _, e := range list {
		pos := Pos{Line: line, Row: line}
		if e.Line > 0 {
			pos.Line, pos.Row = e.Line, e.Line
		}
		if e.Col > 0 {
			pos.Col = colName(e.Col)
			if e.Col <= len(s.cols) {
				pos.Header = s.cols[e.Col-1].header
			}
		}
		out.Add(&diag.Error{Err: &CellError{Pos: pos, Err: e.Err}})
	}
	return out.Err()
}
