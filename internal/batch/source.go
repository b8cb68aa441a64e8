package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// The data formats.
const (
	CSV   = "csv"
	JSONL = "jsonl"
	YAML  = "yaml"
	XLSX  = "xlsx"
)

// KindOf returns the data format a file name asks for.
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

// row is one record of the data: its number (1-based, data rows only), the
// line it starts on, and its values or the problem that spoils it.
type row struct {
	n, line int
	set     vars.Set
	err     error
}

// source yields rows one at a time.
type source interface {
	next() (row, bool)
}

// newSource opens the data for reading, checking a CSV header against the
// template's variables before any row is read.
func newSource(kind, file string, r io.Reader, schema *vars.Schema, delim rune) (source, error) {
	switch kind {
	case CSV:
		return newCSV(file, r, schema, delim)
	case JSONL:
		return &jsonlSource{file: file, br: bufio.NewReaderSize(r, 64<<10), schema: schema}, nil
	case YAML:
		return newYAMLList(file, r, schema)
	case XLSX:
		return newXLSX(file, r, schema)
	}
	return nil, fmt.Errorf("unknown data format %q (want csv, xlsx, jsonl or yaml)", kind)
}

type csvSource struct {
	file   string
	r      *csv.Reader
	header []*vars.Var
	n      int
	done   bool
}

// Delimiters are the CSV field separators batch reads: the comma, the
// semicolon (what spreadsheets write where the comma is the decimal
// separator: Germany, France, the Netherlands) and the tab.
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

func newCSV(file string, rd io.Reader, schema *vars.Schema, delim rune) (*csvSource, error) {
	br := bufio.NewReaderSize(rd, 64<<10)
	if delim == 0 {
		delim = DetectDelimiter(br)
	}
	r := csv.NewReader(br)
	r.Comma = delim
	r.ReuseRecord = true
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
	return &csvSource{file: file, r: r, header: header}, nil
}

// readHeader maps a header row's cells to the template's variables,
// reporting every unknown or repeated one. delim, when not 0, is the CSV
// delimiter, for the hint that a cell holds another.
func readHeader(file string, head []string, schema *vars.Schema, delim rune) ([]*vars.Var, error) {
	var errs diag.List
	seen := map[string]int{}
	var header []*vars.Var
	for i, h := range head {
		path := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		v := schema.Vars[path]
		if v == nil {
			hint := didYouMean(path, schema)
			for _, d := range Delimiters {
				if delim != 0 && d != delim && strings.ContainsRune(path, d) {
					hint = fmt.Sprintf("; the line is read as separated by %s, but this column holds %s: give --delimiter to say which", delimiterName(delim), delimiterName(d))
					break
				}
			}
			errs.Add(diag.Errorf(file, 1, i+1, path, "column names no variable of this template (run 'clausemark vars TEMPLATE')%s", hint))
		}
		if j, dup := seen[path]; dup {
			errs.Add(diag.Errorf(file, 1, i+1, path, "column repeats column %d", j))
		}
		seen[path] = i + 1
		header = append(header, v)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return header, nil
}

func didYouMean(path string, schema *vars.Schema) string {
	if m := vars.Closest(path, schema.Paths()); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return diag.Errorf(file, pe.Line, pe.Column, "", "malformed CSV: %v", pe.Err)
	}
	return diag.Errorf(file, 0, 0, "", "%v", err)
}

func (s *csvSource) next() (row, bool) {
	if s.done {
		return row{}, false
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		s.done = true
		return row{}, false
	}
	s.n++
	if err != nil {
		var pe *csv.ParseError
		line := 0
		if errors.As(err, &pe) {
			line = pe.StartLine
		}
		if !errors.As(err, &pe) {
			s.done = true // an I/O error ends the data
		}
		return row{n: s.n, line: line, err: csvError(s.file, err)}, true
	}
	line, _ := s.r.FieldPos(0)
	r := row{n: s.n, line: line, set: vars.Set{}}
	var errs diag.List
	for i, cell := range rec {
		v := s.header[i]
		if strings.TrimSpace(cell) == "" {
			continue // an empty cell means "not set"
		}
		x, err := v.ParseString(cell)
		if err != nil {
			_, col := s.r.FieldPos(i)
			errs.Add(diag.Errorf(s.file, line, col, v.Path, "%w", err))
			continue
		}
		_, col := s.r.FieldPos(i)
		r.set[v.Path] = vars.Value{V: x, Src: vars.Source{File: s.file, Line: line, Col: col}}
	}
	r.err = errs.Err()
	return r, true
}

// MaxJSONLine bounds one record of JSON Lines data. A longer line is a
// failed row, and reading goes on with the next line.
const MaxJSONLine = 4 << 20

type jsonlSource struct {
	file   string
	br     *bufio.Reader
	schema *vars.Schema
	line   int
	n      int
	done   bool
}

func (s *jsonlSource) next() (row, bool) {
	for !s.done {
		text, tooLong, err := readLine(s.br, MaxJSONLine)
		if err != nil {
			s.done = true
			if err != io.EOF {
				s.n++
				return row{n: s.n, line: s.line + 1, err: diag.Errorf(s.file, s.line+1, 0, "", "%v", err)}, true
			}
			return row{}, false
		}
		s.line++
		if tooLong {
			s.n++
			return row{n: s.n, line: s.line, err: diag.Errorf(s.file, s.line, 0, "", "record longer than %d MiB", MaxJSONLine>>20)}, true
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			continue
		}
		s.n++
		r := row{n: s.n, line: s.line}
		node, err := vars.ParseJSON(text)
		if err != nil {
			var je *vars.JSONError
			if errors.As(err, &je) {
				r.err = diag.Errorf(s.file, s.line, je.Col, "", "%s", je.Msg)
			} else {
				r.err = diag.Errorf(s.file, s.line, 0, "", "%v", err)
			}
			return r, true
		}
		set, meta, err := vars.ParseMapping(s.schema, s.file, s.line-1, node)
		r.set, r.err = set, err
		if meta.Variant != "" || meta.Template != "" {
			r.err = diag.Errorf(s.file, s.line, 0, "", "a row cannot choose the variant or template; give them to batch")
		}
		return r, true
	}
	return row{}, false
}

// yamlList reads a YAML list of mappings. YAML has no streaming form for
// one list, so the file is parsed whole; use CSV or JSON Lines for very
// large batches.
type yamlList struct {
	file   string
	items  []*yaml.Node
	schema *vars.Schema
	i      int
}

func newYAMLList(file string, r io.Reader, schema *vars.Schema) (*yamlList, error) {
	data, err := limitio.ReadAll(r, file, limitio.YAMLList)
	if err != nil {
		return nil, err
	}
	root, err := vars.ParseYAML(file, data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return &yamlList{file: file, schema: schema}, nil
	}
	if root.Kind != yaml.SequenceNode {
		return nil, diag.Errorf(file, root.Line, root.Column, "", "must be a list of rows, each a mapping of variables")
	}
	return &yamlList{file: file, items: root.Content, schema: schema}, nil
}

func (s *yamlList) next() (row, bool) {
	if s.i >= len(s.items) {
		return row{}, false
	}
	item := s.items[s.i]
	s.i++
	set, meta, err := vars.ParseMapping(s.schema, s.file, 0, item)
	r := row{n: s.i, line: item.Line, set: set, err: err}
	if meta.Variant != "" || meta.Template != "" {
		r.err = diag.Errorf(s.file, item.Line, 0, "", "a row cannot choose the variant or template; give them to batch")
	}
	return r, true
}

// countRows counts the rows in a data file without converting them, for a
// progress bar's total.
func countRows(kind string, r io.Reader, delim rune) int {
	n := 0
	switch kind {
	case CSV:
		br := bufio.NewReaderSize(r, 64<<10)
		if delim == 0 {
			delim = DetectDelimiter(br)
		}
		cr := csv.NewReader(br)
		cr.Comma = delim
		cr.ReuseRecord = true
		cr.FieldsPerRecord = -1
		for {
			_, err := cr.Read()
			var pe *csv.ParseError
			if err != nil && !errors.As(err, &pe) {
				return max(n-1, 0) // the end, or an error reading that ends the rows
			}
			n++
		}
	case JSONL:
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			line, tooLong, err := readLine(br, MaxJSONLine)
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
