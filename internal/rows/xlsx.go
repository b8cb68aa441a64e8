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
	file   string
	book   *workbook
	rows   *sheetScanner
	header []*vars.Var
	n      int // data rows read
	done   bool
}

func newXLSX(file string, r io.Reader, schema *vars.Schema) (*xlsxReader, error) {
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
	s := &xlsxReader{file: file, book: book, rows: rows}
	if err := s.readHeader(schema); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// readHeader reads the first row that has text as the header.
func (s *xlsxReader) readHeader(schema *vars.Schema) error {
	head, _, ok, err := s.nextCells()
	if err != nil {
		return err
	}
	if !ok {
		return diag.Errorf(s.file, 1, 0, "", "sheet %q is empty: its first row must name the variables, such as customer.name and deletion.days", s.book.sheetName)
	}
	if head.err != nil {
		return head.err
	}
	texts := make([]string, len(head.cells))
	for i, c := range head.cells {
		texts[i] = c.text
	}
	s.header, err = readHeader(s.file, texts, schema, 0)
	return err
}

// nextCells returns the next row that has a cell with text, skipping
// empty ones, as a CSV reader skips blank lines. A row that cannot be
// read has its err set; an error reading the sheet ends the rows.
func (s *xlsxReader) nextCells() (sheetRow, int, bool, error) {
	for {
		r, ok, err := s.rows.next()
		if err != nil {
			return sheetRow{}, s.rows.line, false, err
		}
		if !ok {
			return sheetRow{}, s.rows.line, false, nil
		}
		if r.err != nil {
			return r, r.line, true, nil
		}
		for _, c := range r.cells {
			if strings.TrimSpace(c.text) != "" {
				return r, r.line, true, nil
			}
		}
	}
}

func (s *xlsxReader) close() { s.rows.close() }

func (s *xlsxReader) Next() (Row, bool) {
	if s.done {
		return Row{}, false
	}
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
	s.n++
	r := Row{N: s.n, Pos: Pos{Line: line, Row: line}, Set: vars.Set{}}
	if sr.err != nil {
		r.Err = sr.err
		return r, true
	}
	var errs diag.List
	for i, c := range sr.cells {
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		pos := s.cellPos(i+1, line)
		if i >= len(s.header) {
			errs.Add(diag.Errorf(s.file, line, i+1, "", "cell %s is beyond the last named column", pos.Cell()))
			continue
		}
		v := s.header[i]
		text, err := cellText(v, c, s.book.date1904)
		if err == nil {
			var x any
			if x, err = v.ParseString(text); err == nil {
				r.Set[v.Path] = vars.Value{V: x, Src: vars.Source{File: s.file, Line: line, Col: i + 1}}
				continue
			}
		}
		errs.Add(&diag.Error{File: s.file, Line: line, Col: i + 1, Variable: v.Path,
			Err: &CellError{Pos: pos, Err: fmt.Errorf("cell %s: %w", pos.Cell(), err)}})
	}
	r.Err = errs.Err()
	return r, true
}

// cellPos is the place of the cell in column col (from 1) of the sheet's
// row row.
func (s *xlsxReader) cellPos(col, row int) Pos {
	p := Pos{Line: row, Row: row, Col: colName(col)}
	if col <= len(s.header) {
		p.Header = s.header[col-1].Path
	}
	return p
}
