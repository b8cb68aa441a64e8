package rows

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// A workbook is written as SpreadsheetML with archive/zip and the
// standard library alone: the parts a spreadsheet program needs and no
// more (the content types, the relationships, the workbook, a style
// sheet of one style, the shared strings, one part for each sheet). The
// template uses text and whole-number cells, a hidden sheet, frozen
// rows, and data validations of two kinds: a drop-down whose entries
// are a range of cells, and a whole number between two bounds. The same
// book gives the same bytes: its parts are written in a fixed order with
// a fixed time, its cells row by row, its shared strings in the order of
// their first use.

// Bounds of a workbook, as Excel sets them (with maxSheetRows and
// maxSheetColumns).
const (
	maxCellChars     = 32767 // characters of a cell's text, as UTF-16 units
	maxSheetName     = 31    // characters of a sheet's name
	maxFormulaChars  = 255   // characters of a validation's formula
	maxErrorTitle    = 32    // characters of a validation's error title
	maxErrorMessage  = 255   // characters of a validation's error message
	workbookModified = 1980  // the year every part of the zip is dated
)

// WorkbookLimitError reports a workbook that cannot be written because
// it exceeds what a spreadsheet holds: a cell's text longer than 32,767
// characters, a cell past the last row or column, a formula too long.
type WorkbookLimitError struct {
	Sheet string
	Cell  string // the cell, such as B3, if the bound is a cell's
	What  string // what is too large: "text", "row", "column", "formula"
	Size  int
	Limit int
}

func (e *WorkbookLimitError) Error() string {
	where := "sheet " + strconv.Quote(e.Sheet)
	if e.Cell != "" {
		where += ", cell " + e.Cell
	}
	switch e.What {
	case "row", "column":
		return fmt.Sprintf("%s: %s %d is past the last a sheet has (%d)", where, e.What, e.Size, e.Limit)
	}
	return fmt.Sprintf("%s: %s of %d characters, more than the %d a workbook holds", where, e.What, e.Size, e.Limit)
}

// SheetNameError reports a sheet name a workbook cannot hold: empty,
// longer than 31 characters, with one of []:*?/\, starting or ending
// with an apostrophe, or given twice.
type SheetNameError struct {
	Name   string
	Reason string
}

func (e *SheetNameError) Error() string {
	return fmt.Sprintf("sheet name %q: %s", e.Name, e.Reason)
}

// xlsxBook is a workbook being written.
type xlsxBook struct {
	sheets []*xlsxSheet
}

// xlsxSheet is one sheet: its cells, in the order they were set, the
// rows frozen at its top, and its data validations.
type xlsxSheet struct {
	name        string
	hidden      bool
	frozenRows  int
	cells       []xlsxCell
	validations []xlsxValidation
}

// xlsxCell is one cell: text, or a whole number when num is set.
type xlsxCell struct {
	row, col int // from 1
	text     string
	n        int64
	num      bool
}

// xlsxValidation is a data validation over rows from to to of column
// col: a drop-down (list) of the cells formula1 names, or a whole number
// (whole) from formula1 to formula2; a value that fails stops with the
// error's title and message.
type xlsxValidation struct {
	col, from, to      int
	kind               string // "list" or "whole"
	formula1, formula2 string
	title, message     string
}

// addSheet adds a sheet named name, after those added before it.
func (b *xlsxBook) addSheet(name string) (*xlsxSheet, error) {
	if err := checkSheetName(name); err != nil {
		return nil, err
	}
	for _, s := range b.sheets {
		if strings.EqualFold(s.name, name) {
			return nil, &SheetNameError{Name: name, Reason: "given twice"}
		}
	}
	s := &xlsxSheet{name: name}
	b.sheets = append(b.sheets, s)
	return s, nil
}

func checkSheetName(name string) error {
	switch n := utf16Len(name); {
	case n == 0:
		return &SheetNameError{Name: name, Reason: "empty"}
	case n > maxSheetName:
		return &SheetNameError{Name: name, Reason: fmt.Sprintf("longer than %d characters", maxSheetName)}
	case !utf8.ValidString(name):
		return &SheetNameError{Name: name, Reason: "not UTF-8"}
	case strings.ContainsAny(name, `[]:*?/\`):
		return &SheetNameError{Name: name, Reason: `holds one of []:*?/\`}
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return &SheetNameError{Name: name, Reason: "starts or ends with an apostrophe"}
	}
	for _, r := range name {
		if !xmlChar(r) || r < 0x20 {
			return &SheetNameError{Name: name, Reason: "holds a control character"}
		}
	}
	return nil
}

// setText sets the cell at row and col (from 1) to text; an empty text
// leaves the cell blank.
func (s *xlsxSheet) setText(row, col int, text string) {
	s.cells = append(s.cells, xlsxCell{row: row, col: col, text: text})
}

// setNumber sets the cell at row and col to the whole number n.
func (s *xlsxSheet) setNumber(row, col int, n int64) {
	s.cells = append(s.cells, xlsxCell{row: row, col: col, n: n, num: true})
}

// setRow sets row's cells from column A on: each a string or an int64.
func (s *xlsxSheet) setRow(row int, cells []any) {
	for i, c := range cells {
		switch c := c.(type) {
		case int64:
			s.setNumber(row, i+1, c)
		case string:
			s.setText(row, i+1, c)
		default:
			s.setText(row, i+1, fmt.Sprint(c))
		}
	}
}

// addList adds a drop-down over rows from to to of column col, offering
// the cells of rows 1 to n of column listCol of sheet list.
func (s *xlsxSheet) addList(col, from, to int, list *xlsxSheet, listCol, n int, title, message string) {
	c := colName(listCol)
	s.validations = append(s.validations, xlsxValidation{col: col, from: from, to: to, kind: "list",
		formula1: fmt.Sprintf("%s!$%s$1:$%s$%d", sheetRef(list.name), c, c, n), title: title, message: message})
}

// addWhole adds a range over rows from to to of column col: a whole
// number from lo to hi.
func (s *xlsxSheet) addWhole(col, from, to int, lo, hi int64, title, message string) {
	s.validations = append(s.validations, xlsxValidation{col: col, from: from, to: to, kind: "whole",
		formula1: strconv.FormatInt(lo, 10), formula2: strconv.FormatInt(hi, 10), title: title, message: message})
}

// sheetRef is a sheet's name as a formula names it: quoted, unless it
// is letters, digits and underscores, starting with a letter.
func sheetRef(name string) string {
	plain := true
	for i, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// write writes the workbook as an .xlsx file. Every bound is checked
// before the first byte is written, so that nothing is half-written.
func (b *xlsxBook) write(w io.Writer) error {
	if len(b.sheets) == 0 {
		return &SheetNameError{Reason: "a workbook needs a sheet"}
	}
	if b.sheets[0].hidden {
		return &SheetNameError{Name: b.sheets[0].name, Reason: "the first sheet, shown when the workbook opens, is hidden"}
	}
	sst := &sharedStrings{index: map[string]int{}}
	sheets := make([][]byte, len(b.sheets))
	for i, s := range b.sheets {
		var err error
		if sheets[i], err = s.xml(sst, i == 0); err != nil {
			return err
		}
	}
	type part struct {
		name string
		data []byte
	}
	parts := []part{
		{"[Content_Types].xml", b.contentTypes()},
		{"_rels/.rels", []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`)},
		{"xl/workbook.xml", b.workbook()},
		{"xl/_rels/workbook.xml.rels", b.workbookRels()},
		{"xl/styles.xml", []byte(xmlHeader + stylesXML)},
		{"xl/sharedStrings.xml", sst.xml()},
	}
	for i, data := range sheets {
		parts = append(parts, part{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), data})
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	modified := time.Date(workbookModified, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if _, err := f.Write(p.data); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// stylesXML is the style sheet: one font, the two fills every workbook
// has, one border, and the one cell format, Normal, every cell uses.
const stylesXML = `<styleSheet xmlns="` + nsMain + `">` +
	`<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

func (b *xlsxBook) contentTypes() []byte {
	var x bytes.Buffer
	x.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	for i := range b.sheets {
		fmt.Fprintf(&x, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	x.WriteString(`</Types>`)
	return x.Bytes()
}

func (b *xlsxBook) workbook() []byte {
	var x bytes.Buffer
	x.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range b.sheets {
		x.WriteString(`<sheet name="`)
		escapeAttr(&x, s.name)
		fmt.Fprintf(&x, `" sheetId="%d"`, i+1)
		if s.hidden {
			x.WriteString(` state="hidden"`)
		}
		fmt.Fprintf(&x, ` r:id="rId%d"/>`, i+1)
	}
	x.WriteString(`</sheets></workbook>`)
	return x.Bytes()
}

// workbookRels relates the workbook to its sheets (rId1 to rIdN, in
// order), its styles and its shared strings.
func (b *xlsxBook) workbookRels() []byte {
	var x bytes.Buffer
	x.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := range b.sheets {
		fmt.Fprintf(&x, `<Relationship Id="rId%d" Type="`+nsRel+`/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	n := len(b.sheets)
	fmt.Fprintf(&x, `<Relationship Id="rId%d" Type="`+nsRel+`/styles" Target="styles.xml"/>`, n+1)
	fmt.Fprintf(&x, `<Relationship Id="rId%d" Type="`+nsRel+`/sharedStrings" Target="sharedStrings.xml"/>`, n+2)
	x.WriteString(`</Relationships>`)
	return x.Bytes()
}

// xml is the sheet's part; its text cells are added to sst. selected
// marks the sheet the workbook opens on.
func (s *xlsxSheet) xml(sst *sharedStrings, selected bool) ([]byte, error) {
	cells, err := s.sortedCells()
	if err != nil {
		return nil, err
	}
	var x bytes.Buffer
	x.WriteString(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	dim := "A1"
	if len(cells) > 0 {
		last := 1
		for _, c := range cells {
			last = max(last, c.col)
		}
		dim = "A1:" + colName(last) + strconv.Itoa(cells[len(cells)-1].row)
	}
	fmt.Fprintf(&x, `<dimension ref="%s"/><sheetViews><sheetView`, dim)
	if selected {
		x.WriteString(` tabSelected="1"`)
	}
	x.WriteString(` workbookViewId="0"`)
	if s.frozenRows > 0 {
		top := "A" + strconv.Itoa(s.frozenRows+1)
		fmt.Fprintf(&x, `><pane ySplit="%d" topLeftCell="%s" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="%s" sqref="%s"/></sheetView>`, s.frozenRows, top, top, top)
	} else {
		x.WriteString(`/>`)
	}
	x.WriteString(`</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`)
	for i, c := range cells {
		if i == 0 || cells[i-1].row != c.row {
			if i > 0 {
				x.WriteString(`</row>`)
			}
			fmt.Fprintf(&x, `<row r="%d">`, c.row)
		}
		ref := colName(c.col) + strconv.Itoa(c.row)
		if c.num {
			fmt.Fprintf(&x, `<c r="%s"><v>%d</v></c>`, ref, c.n)
			continue
		}
		if n := utf16Len(c.text); n > maxCellChars {
			return nil, &WorkbookLimitError{Sheet: s.name, Cell: ref, What: "text", Size: n, Limit: maxCellChars}
		}
		fmt.Fprintf(&x, `<c r="%s" t="s"><v>%d</v></c>`, ref, sst.add(c.text))
	}
	if len(cells) > 0 {
		x.WriteString(`</row>`)
	}
	x.WriteString(`</sheetData>`)
	if len(s.validations) > 0 {
		fmt.Fprintf(&x, `<dataValidations count="%d">`, len(s.validations))
		for _, v := range s.validations {
			if err := s.validationXML(&x, v); err != nil {
				return nil, err
			}
		}
		x.WriteString(`</dataValidations>`)
	}
	x.WriteString(`</worksheet>`)
	return x.Bytes(), nil
}

// sortedCells are the sheet's cells that are not blank, row by row and
// column by column, the last set of a cell set twice; an error if one
// is past a sheet's last row or column.
func (s *xlsxSheet) sortedCells() ([]xlsxCell, error) {
	cells := make([]xlsxCell, 0, len(s.cells))
	for _, c := range s.cells {
		if err := s.checkCell(c.row, c.col); err != nil {
			return nil, err
		}
		cells = append(cells, c)
	}
	slices.SortStableFunc(cells, func(a, b xlsxCell) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	out := cells[:0]
	for i, c := range cells {
		if i+1 < len(cells) && cells[i+1].row == c.row && cells[i+1].col == c.col {
			continue // set again later
		}
		if !c.num && c.text == "" {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *xlsxSheet) checkCell(row, col int) error {
	if row < 1 || row > maxSheetRows {
		return &WorkbookLimitError{Sheet: s.name, What: "row", Size: row, Limit: maxSheetRows}
	}
	if col < 1 || col > maxSheetColumns {
		return &WorkbookLimitError{Sheet: s.name, What: "column", Size: col, Limit: maxSheetColumns}
	}
	return nil
}

func (s *xlsxSheet) validationXML(x *bytes.Buffer, v xlsxValidation) error {
	if err := s.checkCell(v.from, v.col); err != nil {
		return err
	}
	if err := s.checkCell(v.to, v.col); err != nil {
		return err
	}
	sqref := colName(v.col) + strconv.Itoa(v.from)
	if v.to != v.from {
		sqref += ":" + colName(v.col) + strconv.Itoa(v.to)
	}
	for _, f := range []string{v.formula1, v.formula2} {
		if n := utf16Len(f); n > maxFormulaChars {
			return &WorkbookLimitError{Sheet: s.name, Cell: sqref, What: "formula", Size: n, Limit: maxFormulaChars}
		}
	}
	fmt.Fprintf(x, `<dataValidation type="%s" errorStyle="stop"`, v.kind)
	if v.kind == "whole" {
		x.WriteString(` operator="between"`)
	}
	x.WriteString(` allowBlank="1" showErrorMessage="1" errorTitle="`)
	escapeAttr(x, clip(v.title, maxErrorTitle))
	x.WriteString(`" error="`)
	escapeAttr(x, clip(v.message, maxErrorMessage))
	fmt.Fprintf(x, `" sqref="%s"><formula1>`, sqref)
	escapeText(x, v.formula1)
	x.WriteString(`</formula1>`)
	if v.formula2 != "" {
		x.WriteString(`<formula2>`)
		escapeText(x, v.formula2)
		x.WriteString(`</formula2>`)
	}
	x.WriteString(`</dataValidation>`)
	return nil
}

// sharedStrings are the texts of the workbook's cells, each once, in the
// order of their first use.
type sharedStrings struct {
	index map[string]int
	texts []string
	count int // the cells that use them
}

func (s *sharedStrings) add(text string) int {
	s.count++
	if i, ok := s.index[text]; ok {
		return i
	}
	s.index[text] = len(s.texts)
	s.texts = append(s.texts, text)
	return len(s.texts) - 1
}

func (s *sharedStrings) xml() []byte {
	var x bytes.Buffer
	fmt.Fprintf(&x, xmlHeader+`<sst xmlns="`+nsMain+`" count="%d" uniqueCount="%d">`, s.count, len(s.texts))
	for _, t := range s.texts {
		x.WriteString(`<si><t`)
		if t != strings.TrimSpace(t) {
			x.WriteString(` xml:space="preserve"`)
		}
		x.WriteString(`>`)
		escapeXString(x.WriteString, t, true)
		x.WriteString(`</t></si>`)
	}
	x.WriteString(`</sst>`)
	return x.Bytes()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// escapeText writes s as XML character data.
func escapeText(x *bytes.Buffer, s string) {
	escapeXString(x.WriteString, s, true)
}

// escapeAttr writes s as the value of an attribute in double quotes;
// characters XML does not allow are left out.
func escapeAttr(x *bytes.Buffer, s string) {
	escapeXString(x.WriteString, s, false)
}

// escapeXString writes s escaped for XML as the OOXML string type
// (ST_Xstring) reads it: &, <, > and " as entities; a carriage return,
// and in an attribute a tab and a line feed, as character references
// (a reader would otherwise turn them into a line feed or a space); a
// character XML 1.0 does not allow (a control character, U+FFFE,
// U+FFFF) as _xHHHH_ in text, or left out in an attribute; an
// underscore that would start such an escape as _x005F_; a byte that is
// not UTF-8 as U+FFFD.
func escapeXString(write func(string) (int, error), s string, text bool) {
	last := 0
	flush := func(i int, with string) {
		write(s[last:i])
		write(with)
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var with string
		switch {
		case r == utf8.RuneError && n == 1:
			with = "\uFFFD"
		case r == '&':
			with = "&amp;"
		case r == '<':
			with = "&lt;"
		case r == '>':
			with = "&gt;"
		case r == '"':
			with = "&quot;"
		case r == '\r':
			with = "&#13;"
		case r == '\n' && !text:
			with = "&#10;"
		case r == '\t' && !text:
			with = "&#9;"
		case r == '_' && escapeLike(s[i:]):
			with = "_x005F_"
		case xmlChar(r):
			i += n
			continue
		case text:
			with = fmt.Sprintf("_x%04X_", r)
		}
		flush(i, with)
		i += n
		last = i
	}
	write(s[last:])
}

// escapeLike reports whether s starts as an _xHHHH_ escape does.
func escapeLike(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// utf16Len is the length of s in UTF-16 units, as Excel counts a text's
// characters.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// clip shortens s to at most limit UTF-16 units, ending it with an
// ellipsis if it is cut; an error dialog's title and message have
// bounds.
func clip(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > limit-1 {
			return s[:i] + "…"
		}
		n += utf16.RuneLen(r)
	}
	return s
}
