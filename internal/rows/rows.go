// Package rows reads the rows of a spreadsheet, one at a time, as the
// variables of a template: CSV, an Excel workbook (.xlsx), JSON Lines or a
// YAML list of mappings.
//
// Call [Open] with the data's kind (see [KindOf]) and the template's
// schema; it checks the header against the schema before any row is read.
// Then call [Reader.Next] until it reports the end.
//
// # Rows that cannot be read
//
// A row that cannot be read (a value of the wrong type, a malformed CSV
// line, a cell of the wrong kind) comes back with its Err set, and reading
// goes on with the next row: every row of the data is returned, good or
// bad, so that counts add up. An error that ends the data (a read error,
// a workbook that cannot be unpacked) is the last row's Err.
//
// # Positions
//
// Each row carries its [Pos]: the line the file has it on, and the row a
// spreadsheet shows it in. A cell's problem is a [*CellError] inside the
// row's Err, with the cell's Pos. Errors are [*diag.Error] values naming
// the file, its line and column, and the variable.
//
// # Bounds
//
// Nothing the data holds can make a reader use unbounded memory or time:
// a JSON Lines record is at most [MaxJSONLine] bytes, a YAML list and a
// workbook are read whole within the bounds of package limitio, and a workbook's parts, cells,
// columns and shared strings have their own bounds (see [WorkbookError]).
package rows

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/vars"
)

// The kinds of data.
const (
	CSV   = "csv"
	JSONL = "jsonl"
	YAML  = "yaml"
	XLSX  = "xlsx"
)

// KindOf returns the kind of data a file name asks for.
func KindOf(name string) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, nil
	case ".jsonl", ".ndjson":
		return JSONL, nil
	case ".yaml", ".yml":
		return YAML, nil
	case ".xlsx":
		return XLSX, nil
	}
	return "", fmt.Errorf("cannot tell the format of %q from its extension (want .csv, .xlsx, .jsonl or .yaml)", name)
}

// Reader yields the rows of the data in order.
type Reader interface {
	// Next returns the next row, and false once there is none. A row
	// that cannot be read has its Err set; reading goes on after it.
	Next() (Row, bool)
}

// Row is one record of the data.
type Row struct {
	N   int      // the row's number among the data's rows, from 1; a header is no row, nor a passed-over example
	Pos Pos      // where the row starts
	Set vars.Set // the row's values
	// Cells are the cells of a CSV's or a workbook's row that give its
	// values, by the variable's path (a list given item by item, by its
	// first cell), for Locate.
	Cells map[string]Pos
	Err   error // what spoils the row, if anything: a *diag.Error or a diag.List of them
}

// Pos is a place in the data: a row, or one cell of it.
//
// Line is where the file has it, as an editor counts lines; Row is where
// a spreadsheet shows it, the header being row 1 and a blank line a blank
// row. They differ in a CSV whose quoted cells hold line breaks; in a
// workbook both are the sheet's row number; JSON Lines and YAML have
// lines only.
type Pos struct {
	Line   int    // the file's line, from 1; 0 if unknown
	Row    int    // the spreadsheet's row, from 1; 0 for data that is no table
	Col    string // the column's letter, such as "E"; "" for a whole row
	Header string // the column's header as written, such as "Deletion period"; "" for a whole row or a column without one
}

// Cell returns the cell's reference, such as "E6", or "" for a whole row
// or data that is no table.
func (p Pos) Cell() string {
	if p.Col == "" || p.Row == 0 {
		return ""
	}
	return p.Col + strconv.Itoa(p.Row)
}

// String names the place as a spreadsheet's user looks for it: "row 6,
// column E (Deletion period)", "row 6", or "line 6" for data that is no
// table.
func (p Pos) String() string {
	if p.Row == 0 {
		return "line " + strconv.Itoa(p.Line)
	}
	s := "row " + strconv.Itoa(p.Row)
	if p.Col != "" {
		s += ", column " + p.Col
		if p.Header != "" {
			s += " (" + p.Header + ")"
		}
	}
	return s
}

// CellError is a problem of a CSV's or a workbook's row, or of one of its
// cells, with its place: it prints as "row 6, column E (Deletion period):
// must be ...". errors.As finds it in a row's Err.
type CellError struct {
	Pos      Pos
	Variable string // the variable the cell gives, if any (a list given item by item: the list)
	Err      error
}

func (e *CellError) Error() string { return e.Pos.String() + ": " + e.Err.Error() }

func (e *CellError) Unwrap() error { return e.Err }

// colName is a column's letters: 1 is A, 27 AA.
func colName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// Options are how data is read.
type Options struct {
	// Delimiter separates a CSV's fields: ',', ';' or '\t', or 0 for the
	// one its header line uses (see DetectDelimiter).
	Delimiter rune
	// IncludeExample reads the rows a CSV's or a workbook's example
	// column marks (see ExampleColumn) as other rows; without it they
	// are passed over.
	IncludeExample bool
	// Given are the paths of variables whose column, where a CSV or a
	// workbook has one, gives a value in every row: its empty cell is
	// a value given empty (which a required variable refuses), where
	// any other empty cell means "not set". Batch gives the document's
	// date, so that a row does not take the run's by an empty cell.
	Given []string
}

// Open opens the data for reading: kind is one of CSV, JSONL, YAML and
// XLSX, file names the data in messages, schema is the template's. A CSV's
// or a workbook's header is checked against the schema here, reporting
// every column that names no variable. delim separates a CSV's fields
// (see Options).
func Open(kind, file string, r io.Reader, schema *vars.Schema, delim rune) (Reader, error) {
	return OpenWith(kind, file, r, schema, Options{Delimiter: delim})
}

// OpenWith opens the data for reading as Open does, with options.
//
// A CSV's or a workbook's header cells name variables by their path, by
// their label or by their label after their group, in any case ("Customer
// name", "Terms deletion period"), or give one item of a list, or one
// field of it, numbered: subprocessors.2.name, or "Subprocessor 2 name".
// Its cells may give an enum or a jurisdiction by its label ("Ireland"
// for ie). A workbook's header may be two rows, labels above paths.
func OpenWith(kind, file string, r io.Reader, schema *vars.Schema, o Options) (Reader, error) {
	switch kind {
	case CSV:
		return newCSV(file, r, schema, o)
	case JSONL:
		return &jsonlReader{file: file, br: bufio.NewReaderSize(r, 64<<10), schema: schema}, nil
	case YAML:
		return newYAML(file, r, schema)
	case XLSX:
		return newXLSX(file, r, schema, o)
	}
	return nil, fmt.Errorf("unknown data format %q (want csv, xlsx, jsonl or yaml)", kind)
}

// Totaller is a Reader that knows how many rows it yields, having read
// the data once already (a workbook).
type Totaller interface {
	Total() int
}

// Count counts the rows of CSV or JSON Lines data without converting
// them, for a progress bar's total; it returns -1 for other kinds (see
// Totaller). A CSV's example rows are counted only with
// o.IncludeExample.
func Count(kind string, r io.Reader, o Options) int {
	switch kind {
	case CSV:
		return countCSV(r, o)
	case JSONL:
		n := 0
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			line, tooLong, err := ReadLine(br, MaxJSONLine)
			if err != nil {
				return n
			}
			if tooLong || len(bytes.TrimSpace(line)) > 0 {
				n++
			}
		}
	}
	return -1
}

func countCSV(r io.Reader, o Options) int {
	cr, _ := csvRecords(r, o.Delimiter)
	cr.FieldsPerRecord = -1
	example := -1
	if head, err := cr.Read(); err != nil {
		return 0
	} else if !o.IncludeExample {
		for i, h := range head {
			if vars.NameKey(strings.TrimPrefix(h, "\ufeff")) == ExampleColumn {
				example = i
			}
		}
	}
	n := 0
	for {
		rec, err := cr.Read()
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return n // the end, or an error reading that ends the rows
		}
		if err == nil && example >= 0 && example < len(rec) && isYes(rec[example]) {
			continue
		}
		n++
	}
}

// isYes reports whether an example column's cell marks its row.
func isYes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "x":
		return true
	}
	return false
}

// ErrNoLineEnd is what ReadLine returns for a line that runs on for
// MaxLineSkip bytes: input without a line end in sight is most likely not
// text at all (a binary file, /dev/zero), and reading it to its end might
// never end.
var ErrNoLineEnd = fmt.Errorf("no line end in %d MiB: is the input text?", MaxLineSkip>>20)

// MaxLineSkip bounds the line ReadLine reads to its end.
const MaxLineSkip = 64 << 20

// ReadLine returns the next line of br without its newline, at most max
// bytes: a longer line is read to its end and reported as too long, so
// that reading goes on with the line after it, unless it runs on for
// MaxLineSkip bytes (ErrNoLineEnd). At the end of the input it returns
// io.EOF.
func ReadLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	read := 0
	for {
		frag, err := br.ReadSlice('\n')
		if read += len(frag); read > MaxLineSkip {
			return nil, true, ErrNoLineEnd
		}
		if !tooLong {
			if len(buf)+len(frag) > max+1 { // +1: the newline
				tooLong, buf = true, nil
			} else {
				buf = append(buf, frag...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && (len(buf) > 0 || tooLong):
			return bytes.TrimSuffix(buf, []byte("\n")), tooLong, nil
		case err != nil:
			return nil, false, err
		}
		return bytes.TrimSuffix(buf, []byte("\n")), tooLong, nil
	}
}
