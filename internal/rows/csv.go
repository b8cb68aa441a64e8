package rows

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// Delimiters are the CSV field separators read: the comma, the semicolon
// (what spreadsheets write where the comma is the decimal separator:
// Germany, France, the Netherlands) and the tab.
var Delimiters = []rune{',', ';', '\t'}

// DetectDelimiter returns the delimiter the first line of br uses most,
// outside quotes, and the comma if it uses none. It peeks at the line
// without consuming it, reading at most the buffer's size.
func DetectDelimiter(br *bufio.Reader) rune {
	head, _ := br.Peek(br.Size()) // what there is; a short file ends the peek
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(head) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best := ','
	for _, d := range Delimiters {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

// delimiterName names a delimiter for messages.
func delimiterName(d rune) string {
	switch d {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return "commas"
}

// csvReader reads CSV data, streaming.
type csvReader struct {
	file   string
	r      *csv.Reader
	header []*vars.Var
	n      int
	done   bool
	// breaks counts the line breaks inside the quoted fields read so far:
	// a spreadsheet shows a record that starts on line L in row
	// L - breaks.
	breaks int
}

// csvRecords reads the records of CSV data separated by delim, or 0 for
// the one its header line uses; it returns the delimiter it reads with.
func csvRecords(rd io.Reader, delim rune) (*csv.Reader, rune) {
	br := bufio.NewReaderSize(rd, 64<<10)
	if delim == 0 {
		delim = DetectDelimiter(br)
	}
	r := csv.NewReader(br)
	r.Comma = delim
	r.ReuseRecord = true
	return r, delim
}

func newCSV(file string, rd io.Reader, schema *vars.Schema, delim rune) (*csvReader, error) {
	r, delim := csvRecords(rd, delim)
	head, err := r.Read()
	if err == io.EOF {
		return nil, diag.Errorf(file, 1, 0, "", "is empty: the first line must name the variables, such as customer.name,deletion.days")
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	header, err := readHeader(file, head, schema, delim)
	if err != nil {
		return nil, err
	}
	s := &csvReader{file: file, r: r, header: header}
	s.countBreaks(head)
	return s, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return diag.Errorf(file, pe.Line, pe.Column, "", "malformed CSV: %v", pe.Err)
	}
	return diag.Errorf(file, 0, 0, "", "%v", err)
}

// countBreaks adds the line breaks inside a record's fields to breaks.
func (s *csvReader) countBreaks(rec []string) {
	for _, f := range rec {
		s.breaks += strings.Count(f, "\n")
	}
}

func (s *csvReader) Next() (Row, bool) {
	if s.done {
		return Row{}, false
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		s.done = true
		return Row{}, false
	}
	s.n++
	if err != nil {
		return s.malformed(rec, err), true
	}
	line, _ := s.r.FieldPos(0)
	pos := Pos{Line: line, Row: line - s.breaks}
	r := Row{N: s.n, Pos: pos, Set: vars.Set{}}
	var errs diag.List
	for i, text := range rec {
		v := s.header[i]
		if strings.TrimSpace(text) == "" {
			continue // an empty cell means "not set"
		}
		_, col := s.r.FieldPos(i)
		x, err := v.ParseString(text)
		if err != nil {
			cell := Pos{Line: line, Row: pos.Row, Col: colName(i + 1), Header: v.Path}
			errs.Add(&diag.Error{File: s.file, Line: line, Col: col, Variable: v.Path, Err: &CellError{Pos: cell, Err: err}})
			continue
		}
		r.Set[v.Path] = vars.Value{V: x, Src: vars.Source{File: s.file, Line: line, Col: col}}
	}
	s.countBreaks(rec)
	r.Err = errs.Err()
	return r, true
}

// malformed is the row of a record that cannot be read. A malformed line
// is a failed row, and reading goes on after it; any other error reading
// ends the data.
func (s *csvReader) malformed(rec []string, err error) Row {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		s.done = true
		return Row{N: s.n, Err: csvError(s.file, err)}
	}
	r := Row{N: s.n, Pos: Pos{Line: pe.StartLine, Row: pe.StartLine - s.breaks}, Err: csvError(s.file, err)}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		s.countBreaks(rec) // read whole, with the wrong number of fields
	} else {
		s.breaks += pe.Line - pe.StartLine // read up to the line of the error, the rest of which is passed over
	}
	return r
}
