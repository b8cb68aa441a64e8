package rows

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
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
	file    string
	r       *csvSource
	schema  *vars.Schema
	cols    []column
	example int // the example column, -1 if none or the example is read
	n       int
	done    bool
	// breaks counts the line breaks inside the quoted fields read so far:
	// a spreadsheet shows a record that starts on line L in row
	// L - breaks.
	breaks int
}

// MaxCSVRecord bounds one record (one spreadsheet row) of CSV data, as
// MaxJSONLine bounds a line of JSON Lines: reading stops with a
// [RecordTooLongError] at a longer one, which no spreadsheet writes and
// which is most likely not CSV at all (a binary file, or /dev/zero).
const MaxCSVRecord = 4 << 20

// RecordTooLongError is a CSV record longer than MaxCSVRecord bytes.
type RecordTooLongError struct {
	Row int // the spreadsheet row it starts on, from 1, the header's
	Max int
}

func (e *RecordTooLongError) Error() string {
	return fmt.Sprintf("row %d is longer than %d MiB, the most one CSV row may take: is the file CSV?", e.Row, e.Max>>20)
}

// csvSource reads the records of CSV data, each at most MaxCSVRecord bytes.
type csvSource struct {
	*csv.Reader
	limit   *recordLimit
	records int // records read, the header's included
}

// Read returns the next record as csv.Reader does; once a record is too
// long, it returns a *RecordTooLongError, then and ever after.
func (c *csvSource) Read() ([]string, error) {
	rec, err := c.Reader.Read()
	if c.InputOffset()-c.limit.end > MaxCSVRecord {
		c.limit.over = true // read whole, but too long all the same
	}
	if c.limit.over {
		return nil, &RecordTooLongError{Row: c.records + 1, Max: MaxCSVRecord}
	}
	var pe *csv.ParseError
	if err == nil || errors.As(err, &pe) {
		c.records++ // a malformed record is passed over
	}
	c.limit.end = c.InputOffset()
	return rec, err
}

// recordLimit reads from r at most MaxCSVRecord bytes past the end of the
// last record read, beside what the buffer in front of the csv.Reader
// holds ahead: what a record longer than that would hold in memory is
// never read.
type recordLimit struct {
	r         io.Reader
	read, end int64
	over      bool
}

// csvBuffer is the size of the buffer the records are read through.
const csvBuffer = 64 << 10

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.over || l.read-l.end > MaxCSVRecord+csvBuffer {
		l.over = true
		return 0, errors.New("record too long") // Read then reports it
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// csvRecords reads the records of CSV data separated by delim, or 0 for
// the one its header line uses; it returns the delimiter it reads with.
func csvRecords(rd io.Reader, delim rune) (*csvSource, rune) {
	limit := &recordLimit{r: rd}
	br := bufio.NewReaderSize(limit, csvBuffer)
	if delim == 0 {
		delim = DetectDelimiter(br)
	}
	r := csv.NewReader(br)
	r.Comma = delim
	r.ReuseRecord = true
	return &csvSource{Reader: r, limit: limit}, delim
}

func newCSV(file string, rd io.Reader, schema *vars.Schema, o Options) (*csvReader, error) {
	r, delim := csvRecords(rd, o.Delimiter)
	head, err := r.Read()
	if err == io.EOF {
		return nil, diag.Errorf(file, 0, 0, "", "is empty: the first row must name the variables, such as customer.name,deletion.days")
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	cols, err := readHeader(file, 1, head, schema, delim)
	if err != nil {
		return nil, err
	}
	markGiven(cols, o.Given)
	s := &csvReader{file: file, r: r, schema: schema, cols: cols, example: exampleColumn(cols, o)}
	s.countBreaks(head)
	return s, nil
}

// exampleColumn is the index of the column marking the example row, or
// -1 if there is none or the example is to be read.
func exampleColumn(cols []column, o Options) int {
	for i, c := range cols {
		if c.example && !o.IncludeExample {
			return i
		}
	}
	return -1
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return diag.Errorf(file, 0, 0, "", "row %d: malformed CSV: %v", pe.StartLine, pe.Err)
	}
	var tl *RecordTooLongError
	if errors.As(err, &tl) {
		return diag.Errorf(file, 0, 0, "", "%w", err)
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
	for !s.done {
		rec, err := s.r.Read()
		if err == io.EOF {
			s.done = true
			return Row{}, false
		}
		if err != nil {
			s.n++
			return s.malformed(rec, err), true
		}
		line, _ := s.r.FieldPos(0)
		row := Row{Pos: Pos{Line: line, Row: line - s.breaks}}
		s.countBreaks(rec)
		if s.example >= 0 && s.example < len(rec) && isYes(rec[s.example]) {
			continue
		}
		s.n++
		row.N = s.n
		a := newRowValues(s.file, s.cols, s.schema, &row)
		for i, text := range rec {
			if strings.TrimSpace(text) == "" {
				continue // an empty cell means "not set"
			}
			a.put(i, func(*vars.Var) (string, error) { return text, nil })
		}
		row.Err = a.done()
		return row, true
	}
	return Row{}, false
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
	pos := Pos{Line: pe.StartLine, Row: pe.StartLine - s.breaks}
	r := Row{N: s.n, Pos: pos, Err: &diag.Error{Err: &CellError{Pos: pos, Err: fmt.Errorf("malformed CSV: %w", pe.Err)}}}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		s.countBreaks(rec) // read whole, with the wrong number of fields
	} else {
		s.breaks += pe.Line - pe.StartLine // read up to the line of the error, the rest of which is passed over
	}
	return r
}
