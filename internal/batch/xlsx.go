package batch

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
)

// An Excel workbook (.xlsx) is read with excelize: the first sheet, its
// first row naming the variables like a CSV header, each row after it one
// document. Cells are read as stored, not as displayed, so that a number
// shown as "45.00" or a date shown in the reader's locale arrive as the
// value itself; a date cell (a day count since 1900) becomes YYYY-MM-DD
// for a date variable, and a boolean cell true or false.

// Bounds on what a workbook may hold once unpacked: a zip of a few
// kilobytes can unpack to gigabytes.
const (
	maxWorkbookUnzipped = 512 << 20
	maxWorkbookXML      = 64 << 20 // a sheet read whole; larger ones are streamed from disk by excelize
	maxColumns          = 1024
)

type xlsxSource struct {
	file   string
	book   *excelize.File
	rows   *excelize.Rows
	header []*vars.Var
	n      int // data rows read
	line   int // the sheet's row number of the last row read
	done   bool
}

func newXLSX(file string, r io.Reader, schema *vars.Schema) (*xlsxSource, error) {
	data, err := limitio.ReadAll(r, file, limitio.Workbook)
	if err != nil {
		return nil, err
	}
	book, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxWorkbookUnzipped, UnzipXMLSizeLimit: maxWorkbookXML})
	if err != nil {
		return nil, diag.Errorf(file, 0, 0, "", "not a readable .xlsx workbook: %v", err)
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		return nil, diag.Errorf(file, 0, 0, "", "the workbook has no sheet")
	}
	rows, err := book.Rows(sheets[0])
	if err != nil {
		book.Close()
		return nil, diag.Errorf(file, 0, 0, "", "sheet %q: %v", sheets[0], err)
	}
	s := &xlsxSource{file: file, book: book, rows: rows}
	head, ok, err := s.nextCells()
	if err != nil {
		s.close()
		return nil, err
	}
	if !ok {
		s.close()
		return nil, diag.Errorf(file, 1, 0, "", "sheet %q is empty: its first row must name the variables, such as customer.name and deletion.days", sheets[0])
	}
	if s.header, err = readHeader(file, head, schema, 0); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// nextCells returns the next row that has a cell with text, skipping
// empty ones, as a CSV reader skips blank lines.
func (s *xlsxSource) nextCells() ([]string, bool, error) {
	for s.rows.Next() {
		s.line++
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, false, diag.Errorf(s.file, s.line, 0, "", "row %d of the sheet: %v", s.line, err)
		}
		if len(cells) > maxColumns {
			return nil, false, diag.Errorf(s.file, s.line, 0, "", "row %d has %d cells; at most %d are read", s.line, len(cells), maxColumns)
		}
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				return cells, true, nil
			}
		}
	}
	if err := s.rows.Error(); err != nil {
		return nil, false, diag.Errorf(s.file, s.line, 0, "", "%v", err)
	}
	return nil, false, nil
}

func (s *xlsxSource) close() {
	s.rows.Close()
	s.book.Close()
}

func (s *xlsxSource) next() (row, bool) {
	if s.done {
		return row{}, false
	}
	cells, ok, err := s.nextCells()
	if err != nil || !ok {
		s.done = true
		s.close()
		if err != nil {
			s.n++
			return row{n: s.n, line: s.line, err: err}, true
		}
		return row{}, false
	}
	s.n++
	r := row{n: s.n, line: s.line, set: vars.Set{}}
	var errs diag.List
	for i, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, s.line)
		if i >= len(s.header) {
			errs.Add(diag.Errorf(s.file, s.line, i+1, "", "cell %s is beyond the last named column", ref))
			continue
		}
		v := s.header[i]
		x, err := v.ParseString(cellText(v, cell))
		if err != nil {
			errs.Add(diag.Errorf(s.file, s.line, i+1, v.Path, "cell %s: %w", ref, err))
			continue
		}
		r.set[v.Path] = vars.Value{V: x, Src: vars.Source{File: s.file, Line: s.line, Col: i + 1}}
	}
	r.err = errs.Err()
	return r, true
}

// cellText turns a cell's stored value into the text a variable parses:
// a date variable's day count into YYYY-MM-DD, a boolean's 1 or 0 into
// true or false. Anything else is the cell's text as it is.
func cellText(v *vars.Var, cell string) string {
	switch v.Kind {
	case vars.KindDate:
		if days, err := strconv.ParseFloat(strings.TrimSpace(cell), 64); err == nil && days > 0 && days < 2958466 { // up to 9999-12-31
			if t, err := excelize.ExcelDateToTime(days, false); err == nil {
				return t.Format("2006-01-02")
			}
		}
	case vars.KindBool:
		switch strings.TrimSpace(cell) {
		case "1":
			return "true"
		case "0":
			return "false"
		}
	}
	return cell
}
