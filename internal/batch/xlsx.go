package batch

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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

type xlsxSource struct {
	file   string
	sheet  string // the sheet's name, for messages
	book   *workbook
	rows   *sheetScanner
	header []*vars.Var
	n      int // data rows read
	done   bool
}

func newXLSX(file string, r io.Reader, schema *vars.Schema) (*xlsxSource, error) {
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
	s := &xlsxSource{file: file, sheet: book.sheetName, book: book, rows: rows}
	head, _, ok, err := s.nextCells()
	if err != nil {
		s.close()
		return nil, err
	}
	if !ok {
		s.close()
		return nil, diag.Errorf(file, 1, 0, "", "sheet %q is empty: its first row must name the variables, such as customer.name and deletion.days", book.sheetName)
	}
	if head.err != nil {
		s.close()
		return nil, head.err
	}
	texts := make([]string, len(head.cells))
	for i, c := range head.cells {
		texts[i] = c.text
	}
	if s.header, err = readHeader(file, texts, schema, 0); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// nextCells returns the next row that has a cell with text, skipping
// empty ones, as a CSV reader skips blank lines. A row that cannot be
// read has its err set; an error reading the sheet ends the rows.
func (s *xlsxSource) nextCells() (sheetRow, int, bool, error) {
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

func (s *xlsxSource) close() { s.rows.close() }

func (s *xlsxSource) next() (row, bool) {
	if s.done {
		return row{}, false
	}
	sr, line, ok, err := s.nextCells()
	if err != nil || !ok {
		s.done = true
		s.close()
		if err != nil {
			s.n++
			return row{n: s.n, line: line, err: err}, true
		}
		return row{}, false
	}
	s.n++
	r := row{n: s.n, line: line, set: vars.Set{}}
	if sr.err != nil {
		r.err = sr.err
		return r, true
	}
	var errs diag.List
	for i, c := range sr.cells {
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		ref := cellName(i+1, line)
		if i >= len(s.header) {
			errs.Add(diag.Errorf(s.file, line, i+1, "", "cell %s is beyond the last named column", ref))
			continue
		}
		v := s.header[i]
		text, err := cellText(v, c, s.book.date1904)
		if err == nil {
			var x any
			if x, err = v.ParseString(text); err == nil {
				r.set[v.Path] = vars.Value{V: x, Src: vars.Source{File: s.file, Line: line, Col: i + 1}}
				continue
			}
		}
		errs.Add(diag.Errorf(s.file, line, i+1, v.Path, "cell %s: %w", ref, err))
	}
	r.err = errs.Err()
	return r, true
}

// The kinds of cell a sheet stores.
type cellKind uint8

const (
	cellNumber  cellKind = iota // t="n" or none: a number, shown as a date when its style says so
	cellString                  // t="s", "inlineStr" or "str" (a formula's text)
	cellBool                    // t="b": TRUE or FALSE, stored 1 or 0
	cellError                   // t="e": a formula's error, such as #N/A
	cellISODate                 // t="d": a date in ISO 8601
)

// cell is one cell of a sheet as stored: its kind, whether its style
// shows it as a date, and its value (a shared string already looked up).
type cell struct {
	kind cellKind
	date bool
	text string
}

// describe names a cell's kind for a message.
func (c cell) describe() string {
	switch {
	case c.kind == cellBool:
		return "a TRUE/FALSE cell"
	case c.kind == cellError:
		return fmt.Sprintf("a formula error (%s)", diag.Quote(c.text))
	case c.kind == cellISODate || c.kind == cellNumber && c.date:
		return "a date cell"
	case c.kind == cellNumber:
		return fmt.Sprintf("a number cell (%s)", diag.Quote(c.text))
	}
	return "a text cell"
}

// expected says what a variable of v's kind takes, for a message.
func expected(v *vars.Var) string {
	switch v.Kind {
	case vars.KindInteger:
		return "a whole number"
	case vars.KindAmount:
		return "an amount"
	case vars.KindDate:
		return "a date"
	case vars.KindBool:
		return "TRUE or FALSE"
	case vars.KindList:
		return "a list"
	case vars.KindEnum, vars.KindJurisdiction:
		return "one of its values"
	case vars.KindCountry:
		return "a country"
	}
	return "text"
}

// CellKindError reports a cell of the wrong kind for its variable: a
// TRUE/FALSE cell where a number is expected, a date where text is, a
// number that is no date where a date is, a formula's error anywhere.
type CellKindError struct {
	Cell     string // what the cell is, as "a TRUE/FALSE cell"
	Expected string // what the variable takes, as "a whole number"
	Reason   string // why a number is no date, if it is not
}

func (e *CellKindError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%s where %s is expected: %s", e.Cell, e.Expected, e.Reason)
	}
	return fmt.Sprintf("%s where %s is expected", e.Cell, e.Expected)
}

// cellText turns a cell into the text variable v parses, checking that
// the cell's kind suits it: a date variable's day count becomes
// YYYY-MM-DD, a TRUE/FALSE cell true or false. Text cells are passed as
// they are, for the variable to parse as it parses a CSV's.
func cellText(v *vars.Var, c cell, date1904 bool) (string, error) {
	wrong := func(reason string) error {
		return &CellKindError{Cell: c.describe(), Expected: expected(v), Reason: reason}
	}
	switch c.kind {
	case cellError:
		return "", wrong("")
	case cellBool:
		if v.Kind != vars.KindBool {
			return "", wrong("")
		}
		switch strings.TrimSpace(c.text) {
		case "1":
			return "true", nil
		case "0":
			return "false", nil
		}
		return "", wrong(fmt.Sprintf("it holds %s, not 1 or 0", diag.Quote(c.text)))
	case cellISODate:
		if v.Kind != vars.KindDate {
			return "", wrong("")
		}
		day, _, _ := strings.Cut(strings.TrimSpace(c.text), "T")
		return day, nil
	case cellNumber:
		if v.Kind == vars.KindDate {
			day, reason := serialDate(c.text, date1904)
			if reason != "" {
				return "", wrong(reason)
			}
			return day, nil
		}
		if c.date {
			return "", wrong("")
		}
		if v.Kind == vars.KindBool {
			switch strings.TrimSpace(c.text) {
			case "1":
				return "true", nil
			case "0":
				return "false", nil
			}
		}
		return c.text, nil
	}
	if v.Kind == vars.KindBool {
		switch strings.TrimSpace(c.text) {
		case "1":
			return "true", nil
		case "0":
			return "false", nil
		}
	}
	return c.text, nil
}

// The day counts of the dates a date cell may hold: 1900-03-01 (before
// it Excel counts a 29 February 1900 that never was) to 9999-12-31, or
// from 1904-01-01 in a workbook that counts from 1904.
const (
	minSerial1900 = 61
	maxSerial1900 = 2958465
	maxSerial1904 = 2957003
)

// serialDate turns a day count into YYYY-MM-DD, or says why it is no date.
// A fraction (a time of day) is dropped.
func serialDate(text string, date1904 bool) (day, reason string) {
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return "", "it is not a day count"
	}
	lo, hi, epoch := float64(minSerial1900), float64(maxSerial1900), time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		lo, hi, epoch = 0, maxSerial1904, time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if f < lo || f >= hi+1 {
		first, last := "1900-03-01", "9999-12-31"
		if date1904 {
			first = "1904-01-01"
		}
		shown := strconv.FormatFloat(f, 'g', -1, 64)
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			shown = strconv.FormatInt(int64(f), 10)
		}
		return "", fmt.Sprintf("day %s is outside %s to %s", shown, first, last)
	}
	return epoch.AddDate(0, 0, int(math.Floor(f))).Format("2006-01-02"), ""
}

// cellName is a cell's reference, such as B3.
func cellName(col, row int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b) + strconv.Itoa(row)
}

// parseCellRef reads a reference such as B3 into its column and row
// (from 1); ok is false for anything else.
func parseCellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || col > maxSheetColumns {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > maxSheetRows || ref[i] == '+' || ref[i] == '-' {
		return 0, 0, false
	}
	return col, row, true
}

// An Excel sheet's size.
const (
	maxSheetColumns = 16384
	maxSheetRows    = 1048576
)

// workbook is an opened .xlsx: what is needed to read its first sheet.
type workbook struct {
	file      string
	parts     map[string]*zip.File // by lower-case name
	sheetName string
	sheetPart string
	sstPart   string  // "" if none
	dates     []bool  // by style (the cell's s), whether it shows a date
	date1904  bool    // day counts are from 1904
	strings   *shared // the shared strings the sheet's rows use
}

func openWorkbook(file string, data []byte) (*workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &WorkbookError{File: file, Err: err}
	}
	b := &workbook{file: file, parts: map[string]*zip.File{}}
	for _, f := range zr.File {
		b.parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	wbPart := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPart = r.target
				break
			}
		}
	}
	sheetID, err := b.readWorkbook(wbPart)
	if err != nil {
		return nil, err
	}
	rels, err := b.rels(relsOf(wbPart))
	if err != nil {
		return nil, err
	}
	stylesPart := ""
	for _, r := range rels {
		switch {
		case r.id == sheetID:
			b.sheetPart = r.target
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			b.sstPart = r.target
		case strings.HasSuffix(r.typ, "/styles"):
			stylesPart = r.target
		}
	}
	if b.sheetPart == "" || b.parts[strings.ToLower(b.sheetPart)] == nil {
		return nil, &WorkbookError{File: file, Part: wbPart, Err: fmt.Errorf("sheet %q has no part", b.sheetName)}
	}
	if b.sstPart != "" && b.parts[strings.ToLower(b.sstPart)] == nil {
		b.sstPart = ""
	}
	var unzipped uint64
	for _, p := range []string{b.sheetPart, b.sstPart} {
		if f := b.parts[strings.ToLower(p)]; p != "" {
			unzipped += f.UncompressedSize64
		}
	}
	if unzipped > maxWorkbookUnzipped {
		return nil, &WorkbookError{File: file, Err: fmt.Errorf("its sheet and shared strings unpack to %d MiB; at most %d MiB are read: save it as CSV, or split it", unzipped>>20, maxWorkbookUnzipped>>20)}
	}
	if stylesPart != "" && b.parts[strings.ToLower(stylesPart)] != nil {
		if err := b.readStyles(stylesPart); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// open returns a part's unpacked XML, bounded: in bytes (limit), and in
// the length of any text or markup, so that the XML reader buffers little.
func (b *workbook) open(part string, limit int64) (io.ReadCloser, error) {
	f := b.parts[strings.ToLower(part)]
	if f == nil {
		return nil, &WorkbookError{File: b.file, Part: part, Err: errors.New("missing")}
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &WorkbookError{File: b.file, Part: part, Err: fmt.Errorf("unpacks to %d MiB; at most %d MiB are read", f.UncompressedSize64>>20, limit>>20)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &WorkbookError{File: b.file, Part: part, Err: err}
	}
	return &runLimiter{r: rc, c: rc}, nil
}

// runLimiter fails a read once more than maxMarkupRun bytes pass without
// a < or a >: no text, attribute or name may be longer.
type runLimiter struct {
	r   io.Reader
	c   io.Closer
	run int
}

var errLongRun = fmt.Errorf("a text or markup longer than %d KiB", maxMarkupRun>>10)

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '<' || c == '>' {
			l.run = 0
		} else if l.run++; l.run > maxMarkupRun {
			return 0, errLongRun
		}
	}
	return n, err
}

func (l *runLimiter) Close() error { return l.c.Close() }

// decoder reads a part's XML. Names are compared by their local part, so
// that the strict format's prefixed names read as the usual ones.
func (b *workbook) decoder(part string, limit int64) (*partDecoder, error) {
	rc, err := b.open(part, limit)
	if err != nil {
		return nil, err
	}
	d := xmlDecoder(rc)
	return &partDecoder{d: d, rc: rc, part: part, file: b.file}, nil
}

type relation struct{ id, typ, target string }

// relsOf is the relationships part of a part: xl/workbook.xml's is
// xl/_rels/workbook.xml.rels.
func relsOf(part string) string {
	dir, name := path.Split(part)
	return dir + "_rels/" + name + ".rels"
}

// rels reads a relationships part, resolving each target against the
// folder of the part it belongs to.
func (b *workbook) rels(part string) ([]relation, error) {
	d, err := b.decoder(part, maxWorkbookPart)
	if err != nil {
		return nil, err
	}
	defer d.close()
	base := path.Dir(path.Dir(part)) // xl/_rels/workbook.xml.rels -> xl
	var out []relation
	for {
		tok, err := d.token()
		if err != nil {
			return nil, err
		}
		if tok == nil {
			return out, nil
		}
		if se, ok := tok.(startElement); ok && se.local == "Relationship" {
			r := relation{id: se.attr("Id"), typ: se.attr("Type"), target: se.attr("Target")}
			if se.attr("TargetMode") == "External" {
				continue
			}
			if strings.HasPrefix(r.target, "/") {
				r.target = path.Clean(strings.TrimPrefix(r.target, "/"))
			} else {
				r.target = path.Join(base, r.target)
			}
			out = append(out, r)
		}
	}
}

// readWorkbook reads the first sheet's name and relationship id, and
// whether day counts are from 1904.
func (b *workbook) readWorkbook(part string) (sheetID string, err error) {
	d, err := b.decoder(part, maxWorkbookPart)
	if err != nil {
		return "", err
	}
	defer d.close()
	for {
		tok, err := d.token()
		if err != nil {
			return "", err
		}
		if tok == nil {
			return "", &WorkbookError{File: b.file, Part: part, Err: errors.New("the workbook has no sheet")}
		}
		se, ok := tok.(startElement)
		if !ok {
			continue
		}
		switch se.local {
		case "workbookPr":
			v := se.attr("date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			b.sheetName = se.attr("name")
			return se.attr("id"), nil
		}
	}
}

// readStyles learns which cell styles show a date or a time.
func (b *workbook) readStyles(part string) error {
	d, err := b.decoder(part, maxWorkbookPart)
	if err != nil {
		return err
	}
	defer d.close()
	custom := map[int]bool{} // custom number formats that show a date
	inXfs := false
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case nil:
			return nil
		case startElement:
			switch t.local {
			case "numFmt":
				if id, err := strconv.Atoi(t.attr("numFmtId")); err == nil {
					custom[id] = dateFormat(t.attr("formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(t.attr("numFmtId"))
					date, ok := custom[id]
					if !ok {
						date = builtinDate(id)
					}
					b.dates = append(b.dates, date)
				}
			}
		case endElement:
			if t.local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// builtinDate reports whether a built-in number format shows a date or a
// time: 14 to 22 and 45 to 47, and the East Asian ones, 27 to 36 and 50
// to 58.
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// dateFormat reports whether a number format code shows a date or a time:
// whether, outside quoted text, escaped characters and [colours], it has
// a d, m, y, h or s.
func dateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+1+j])
			if strings.Trim(inner, "hms") == "" { // an elapsed time, [h]:mm
				return true
			}
			i += j + 1
		case 'd', 'D', 'm', 'M', 'y', 'Y', 'h', 'H', 's', 'S', 'e':
			if c == 'e' && !(i+1 < len(code) && code[i+1] == 'e') {
				continue // E+ is a number's exponent; ee a year in some locales
			}
			return true
		}
	}
	return false
}

// isDate reports whether the style with index s shows a date.
func (b *workbook) isDate(s int) bool { return s >= 0 && s < len(b.dates) && b.dates[s] }

// scan reads the sheet once to learn which shared strings its rows use,
// keeps those, and returns a scanner of the sheet's rows. The first
// reading also meets any error in the sheet's XML before a row is
// rendered, so that a workbook is refused whole or read to its end.
func (b *workbook) scan() (*sheetScanner, error) {
	sh := &shared{}
	if b.sstPart != "" {
		// Each shared string takes at least the 5 bytes of <si/>.
		sh.max = int(min(b.parts[strings.ToLower(b.sstPart)].UncompressedSize64/5+1, maxWorkbookUnzipped))
	}
	s, err := b.sheet()
	if err != nil {
		return nil, err
	}
	for {
		r, ok, err := s.next()
		if err != nil {
			s.close()
			return nil, err
		}
		if !ok {
			break
		}
		for _, i := range r.shared {
			sh.want(i)
		}
	}
	s.close()
	if b.sstPart != "" {
		if err := b.readShared(sh); err != nil {
			return nil, err
		}
	}
	b.strings = sh
	if s, err = b.sheet(); err != nil {
		return nil, err
	}
	s.strings = b.strings
	return s, nil
}

func (b *workbook) sheet() (*sheetScanner, error) {
	d, err := b.decoder(b.sheetPart, maxWorkbookUnzipped)
	if err != nil {
		return nil, err
	}
	return &sheetScanner{book: b, d: d}, nil
}

// shared holds the shared strings the rows use: a bit for each string
// that says whether it is kept, and the kept strings' text in order.
type shared struct {
	max   int      // no string has this index or more
	bits  []uint64 // wanted strings, by index
	rank  []uint32 // the number of wanted strings before each word of bits
	ends  []uint32 // where each kept string's text ends in text
	text  []byte
	count int // strings the part holds
}

func (s *shared) want(i int) {
	if i < 0 || i >= s.max {
		return // no such string: the row fails when it reads it
	}
	w := i / 64
	if w >= len(s.bits) {
		s.bits = append(s.bits, make([]uint64, w+1-len(s.bits))...)
	}
	s.bits[w] |= 1 << (i % 64)
}

func (s *shared) wanted(i int) bool {
	w := i / 64
	return i >= 0 && w < len(s.bits) && s.bits[w]&(1<<(i%64)) != 0
}

// get returns shared string i, if the rows use it and the part has it.
func (s *shared) get(i int) (string, bool) {
	if s == nil || i >= s.count || !s.wanted(i) {
		return "", false
	}
	w := i / 64
	k := int(s.rank[w]) + bits.OnesCount64(s.bits[w]&(1<<(i%64)-1))
	start := uint32(0)
	if k > 0 {
		start = s.ends[k-1]
	}
	return string(s.text[start:s.ends[k]]), true
}

// readShared reads the shared strings part, keeping the strings wanted.
func (b *workbook) readShared(sh *shared) error {
	sh.rank = make([]uint32, len(sh.bits))
	n := uint32(0)
	for w, word := range sh.bits {
		sh.rank[w] = n
		n += uint32(bits.OnesCount64(word))
	}
	d, err := b.decoder(b.sstPart, maxWorkbookUnzipped)
	if err != nil {
		return err
	}
	defer d.close()
	var text []byte
	in, keep, phonetic := false, false, 0
	capture := false
	kept := 0
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case nil:
			return nil
		case startElement:
			switch t.local {
			case "si":
				in, keep, text = true, sh.wanted(sh.count), text[:0]
				if sh.count >= sh.max {
					return &WorkbookError{File: b.file, Part: b.sstPart, Err: errors.New("more shared strings than its size allows")}
				}
			case "rPh":
				phonetic++
			case "t":
				capture = in && keep && phonetic == 0
			}
		case endElement:
			switch t.local {
			case "si":
				if keep {
					s := unescapeXString(text)
					kept += len(s) + 8
					if kept > maxSharedText {
						return &WorkbookError{File: b.file, Part: b.sstPart, Err: fmt.Errorf("%w: the rows use more than %d MiB of text: save the sheet as CSV, or split it", ErrSharedStrings, maxSharedText>>20)}
					}
					sh.text = append(sh.text, s...)
					sh.ends = append(sh.ends, uint32(len(sh.text)))
				}
				in, keep, phonetic = false, false, 0
				sh.count++
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "t":
				capture = false
			}
		case charData:
			if capture {
				if len(text)+len(t) > maxCellText {
					return &WorkbookError{File: b.file, Part: b.sstPart, Err: fmt.Errorf("shared string %d is longer than %d KiB", sh.count, maxCellText>>10)}
				}
				text = append(text, t...)
			}
		}
	}
}

// unescapeXString undoes the escapes of the OOXML string type: _xHHHH_ is
// the character HHHH (a control character, or _x005F_ for an underscore
// that would otherwise start one).
func unescapeXString(b []byte) string {
	if !bytes.Contains(b, []byte("_x")) {
		return string(b)
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] == '_' && i+6 < len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				r := rune(n)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				out.WriteRune(r)
				i += 6
				continue
			}
		}
		out.WriteByte(b[i])
	}
	return out.String()
}

// sheetRow is one row of a sheet: its number, its cells by column (from
// 0), the shared strings it uses, or why it cannot be read.
type sheetRow struct {
	line   int
	cells  []cell
	shared []int
	err    error
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

// next returns the sheet's next row. A row whose cells cannot be read has
// its err set, and reading goes on; an error in the sheet's XML ends it.
func (s *sheetScanner) next() (sheetRow, bool, error) {
	if s.done {
		return sheetRow{}, false, nil
	}
	var (
		r       sheetRow
		inRow   bool
		cur     *cell
		curCol  int
		curErr  error
		sharedI = -1
		target  *[]byte
		value   []byte
		inline  bool
		phon    int
		col     int // the last cell's column
	)
	var errs diag.List
	fail := func(err error) {
		errs.Add(err)
	}
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
			switch t.local {
			case "row":
				inRow, r, col, errs = true, sheetRow{}, 0, diag.List{}
				s.line++
				if ref := t.attr("r"); ref != "" {
					n, err := strconv.Atoi(ref)
					if err != nil || n < 1 || n > maxSheetRows {
						fail(diag.Errorf(s.book.file, s.line, 0, "", "row %s of sheet %q: not a row number", diag.Quote(ref), s.book.sheetName))
					} else {
						s.line = n
					}
				}
				r.line = s.line
			case "c":
				if !inRow {
					continue
				}
				col++
				curErr = nil
				if ref := t.attr("r"); ref != "" {
					c, _, ok := parseCellRef(ref)
					if !ok {
						curErr = diag.Errorf(s.book.file, s.line, col, "", "cell %s: not a cell reference", diag.Quote(ref))
					} else {
						col = c
					}
				}
				cur, curCol, value, inline, phon, sharedI = &cell{}, col, value[:0], false, 0, -1
				switch t.attr("t") {
				case "", "n":
					cur.kind = cellNumber
				case "s":
					cur.kind, sharedI = cellString, 0
				case "inlineStr", "str":
					cur.kind = cellString
				case "b":
					cur.kind = cellBool
				case "e":
					cur.kind = cellError
				case "d":
					cur.kind = cellISODate
				default:
					curErr = diag.Errorf(s.book.file, s.line, col, "", "cell %s: unknown cell type %s", cellName(col, s.line), diag.Quote(t.attr("t")))
				}
				if st := t.attr("s"); st != "" {
					n, _ := strconv.Atoi(st)
					cur.date = s.book.isDate(n)
				}
			case "v":
				if cur != nil && !inline {
					target, value = &value, value[:0]
				}
			case "is":
				if cur != nil {
					inline, value = true, value[:0]
				}
			case "rPh":
				phon++
			case "t":
				if cur != nil && inline && phon == 0 {
					target = &value
				}
			}
		case endElement:
			switch t.local {
			case "v", "t":
				target = nil
			case "rPh":
				phon = max(phon-1, 0)
			case "c":
				if cur == nil {
					continue
				}
				c := *cur
				cur, target = nil, nil
				if curErr != nil {
					fail(curErr)
					continue
				}
				if len(value) == 0 {
					continue // an empty cell, perhaps only styled
				}
				if curCol > maxColumns {
					fail(diag.Errorf(s.book.file, s.line, curCol, "", "cell %s is past column %d; at most %d columns are read", cellName(curCol, s.line), maxColumns, maxColumns))
					continue
				}
				if sharedI >= 0 {
					i, err := strconv.Atoi(strings.TrimSpace(string(value)))
					if err != nil {
						fail(diag.Errorf(s.book.file, s.line, curCol, "", "cell %s: shared string %s is not a number", cellName(curCol, s.line), diag.Quote(string(value))))
						continue
					}
					if s.strings == nil {
						r.shared = append(r.shared, i)
						continue
					}
					str, ok := s.strings.get(i)
					if !ok {
						fail(diag.Errorf(s.book.file, s.line, curCol, "", "cell %s: the workbook has no shared string %d", cellName(curCol, s.line), i))
						continue
					}
					c.text = str
				} else if inline {
					c.text = unescapeXString(value)
				} else {
					c.text = string(value)
				}
				for len(r.cells) < curCol-1 {
					r.cells = append(r.cells, cell{})
				}
				if len(r.cells) == curCol-1 {
					r.cells = append(r.cells, c)
				} else {
					r.cells[curCol-1] = c // a column given twice: the last wins, as in Excel
				}
			case "row":
				if !inRow {
					continue
				}
				inRow, cur = false, nil
				r.err = errs.Err()
				return r, true, nil
			case "sheetData":
				s.done = true
				return sheetRow{}, false, nil
			}
		case charData:
			if target != nil {
				if len(*target)+len(t) > maxCellText {
					if curErr == nil {
						curErr = diag.Errorf(s.book.file, s.line, curCol, "", "cell %s holds more than %d KiB", cellName(curCol, s.line), maxCellText>>10)
					}
					continue
				}
				*target = append(*target, t...)
			}
		}
	}
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
