package rows

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/vars"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// templateOf is the starting spreadsheet of every variable of schema, in
// the form's order, each with its example.
func templateOf(schema *vars.Schema) *Template {
	t := &Template{Schema: schema}
	for _, p := range schema.Ordered() {
		v := schema.Vars[p]
		t.Vars = append(t.Vars, v)
		t.Example = append(t.Example, v.Example)
	}
	return t
}

func writeTemplate(t testing.TB, tmpl *Template) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tmpl.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// shownCell is what a cell of the template's example row shows.
func shownCell(x any) string {
	if n, ok := x.(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	return x.(string)
}

// wantValidation is the data validation the template gives column col
// (from 1): a drop-down of opts, or a whole number from lo to hi.
type wantValidation struct {
	kind, title, message string
	opts                 []string
	lo, hi               int64
}

// TestTemplateWorkbook opens the workbook of every variable of the full
// template with excelize, an independent reader: the sheets Rows, Help
// and Lists (hidden), two frozen rows, the labels, paths and example row,
// and for every column the validation it should have (a drop-down whose
// range on Lists holds the options, or a range of whole numbers), with
// its error style, title and message, and no other.
func TestTemplateWorkbook(t *testing.T) {
	tmpl := templateOf(fullSchema(t))
	data := writeTemplate(t, tmpl)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Rows", "Help", "Lists"}) {
		t.Fatalf("sheets %q", got)
	}
	for sheet, want := range map[string]bool{"Rows": true, "Help": true, "Lists": false} {
		if visible, err := f.GetSheetVisible(sheet); err != nil || visible != want {
			t.Errorf("sheet %s visible %v (%v), want %v", sheet, visible, err, want)
		}
	}
	panes, err := f.GetPanes("Rows")
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 || panes.TopLeftCell != "A3" || panes.ActivePane != "bottomLeft" {
		t.Errorf("panes %+v, %v: want the first two rows frozen", panes, err)
	}

	cols := tmpl.columns()
	labels, paths, example := []string{"Example"}, []string{ExampleColumn}, []string{"yes"}
	wants := map[string]wantValidation{}
	for i, c := range cols {
		labels = append(labels, c.label)
		paths = append(paths, c.path)
		example = append(example, shownCell(tmpl.exampleCell(c.v, c.example)))
		col := colName(i + 2)
		if opts := tmpl.options(c.v); len(opts) > 0 {
			wants[col] = wantValidation{kind: "list", title: c.v.Title(), message: "Pick one of the values the list offers.", opts: opts}
		} else if c.v.Kind == vars.KindInteger && c.v.Min != nil && c.v.Max != nil {
			wants[col] = wantValidation{kind: "whole", title: c.v.Title(), message: fmt.Sprintf("A whole number from %d to %d.", *c.v.Min, *c.v.Max), lo: *c.v.Min, hi: *c.v.Max}
		}
	}
	if len(wants) < 10 {
		t.Fatalf("only %d columns with a validation: the schema is not the full one", len(wants))
	}
	for r, want := range [][]string{labels, paths, example} {
		for c, w := range want {
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			got, err := f.GetCellValue("Rows", name)
			if err != nil || got != w {
				t.Errorf("Rows!%s = %q (%v), want %q", name, got, err, w)
			}
		}
	}
	if rows, _ := f.GetRows("Rows"); len(rows) != 3 {
		t.Errorf("Rows has %d rows, want 3", len(rows))
	}

	dvs, err := f.GetDataValidations("Rows")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, dv := range dvs {
		from, to, _ := strings.Cut(dv.Sqref, ":")
		col := strings.TrimRight(from, "0123456789")
		if from != col+"3" || to != col+strconv.Itoa(checkedRows) {
			t.Errorf("validation over %s, want %s3:%s%d", dv.Sqref, col, col, checkedRows)
		}
		if seen[col] {
			t.Errorf("column %s has two validations", col)
		}
		seen[col] = true
		want, ok := wants[col]
		if !ok {
			t.Errorf("column %s (%s) has a validation it should not: %+v", col, paths[colIndex(col)], dv)
			continue
		}
		if dv.Type != want.kind || !dv.AllowBlank || !dv.ShowErrorMessage || deref(dv.ErrorStyle) != "stop" ||
			deref(dv.ErrorTitle) != want.title || deref(dv.Error) != want.message {
			t.Errorf("column %s: %s, stop %q, %q: %q, want %s, %q: %q", col, dv.Type, deref(dv.ErrorStyle), deref(dv.ErrorTitle), deref(dv.Error), want.kind, want.title, want.message)
		}
		switch want.kind {
		case "list":
			if got := listCells(t, f, dv.Formula1); !slices.Equal(got, want.opts) {
				t.Errorf("column %s: drop-down %s offers %q, want %q", col, dv.Formula1, got, want.opts)
			}
		case "whole":
			if dv.Operator != "between" || formula(dv.Formula1) != strconv.FormatInt(want.lo, 10) || formula(dv.Formula2) != strconv.FormatInt(want.hi, 10) {
				t.Errorf("column %s: %s %s and %s, want between %d and %d", col, dv.Operator, dv.Formula1, dv.Formula2, want.lo, want.hi)
			}
		}
	}
	for col := range wants {
		if !seen[col] {
			t.Errorf("column %s (%s) has no validation", col, paths[colIndex(col)])
		}
	}

	help, err := f.GetRows("Help")
	if err != nil || len(help) != len(cols)+2 {
		t.Fatalf("help has %d rows (%v), want %d", len(help), err, len(cols)+2)
	}
	for i, c := range cols {
		if r := help[i+2]; r[0] != colName(i+2) || r[1] != c.label || r[2] != c.path || r[4] != tmpl.takes(c.v) {
			t.Errorf("help row %d: %q", i+3, r)
		}
	}
}

func colIndex(col string) int {
	n, _ := excelize.ColumnNameToNumber(col)
	return n - 1
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// formula is a validation's formula without what excelize may keep of
// its element.
func formula(s string) string {
	return strings.NewReplacer("<formula1>", "", "</formula1>", "", "<formula2>", "", "</formula2>", "").Replace(s)
}

// listCells reads the cells a drop-down's formula, such as
// Lists!$B$1:$B$12, names: one column's rows.
func listCells(t *testing.T, f *excelize.File, ref string) []string {
	t.Helper()
	sheet, cells, ok := strings.Cut(strings.ReplaceAll(formula(ref), "$", ""), "!")
	if q, ok := strings.CutPrefix(sheet, "'"); ok {
		sheet = strings.ReplaceAll(strings.TrimSuffix(q, "'"), "''", "'")
	}
	from, to, ok2 := strings.Cut(cells, ":")
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if !ok || !ok2 || err1 != nil || err2 != nil || c1 != c2 || r1 != 1 {
		t.Errorf("drop-down formula %q is no range of one column from its first row", ref)
		return nil
	}
	var out []string
	for r := r1; r <= r2; r++ {
		name, _ := excelize.CoordinatesToCellName(c1, r)
		v, _ := f.GetCellValue(sheet, name)
		out = append(out, v)
	}
	if name, _ := excelize.CoordinatesToCellName(c1, r2+1); name != "" {
		if v, _ := f.GetCellValue(sheet, name); v != "" {
			t.Errorf("drop-down %s stops before %s!%s, %q", ref, sheet, name, v)
		}
	}
	return out
}

// TestTemplateWorkbookBytes: the same template gives the same bytes,
// its parts dated alike, and every part is XML a parser reads.
func TestTemplateWorkbookBytes(t *testing.T) {
	tmpl := templateOf(fullSchema(t))
	a, b := writeTemplate(t, tmpl), writeTemplate(t, tmpl)
	if !bytes.Equal(a, b) {
		t.Fatal("two writings of one template differ")
	}
	z, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s dated %v", f.Name, f.Modified)
		}
		wellFormed(t, f)
	}
}

// wellFormed fails t unless zip entry f is XML that encoding/xml reads to
// its end.
func wellFormed(t *testing.T, f *zip.File) {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			return
		}
	}
}

// hostile are texts a library's labels and help may hold: markup, quotes,
// entities, control characters XML does not allow, what looks like an
// _xHHHH_ escape, line ends, spaces at the ends, U+FFFE, a byte that is no
// UTF-8, and characters outside the BMP.
var hostile = []struct{ name, text, want string }{
	{"markup", `<b>Fees & "costs"</b> ]]> 'x'`, `<b>Fees & "costs"</b> ]]> 'x'`},
	{"entity", "&amp; &#0; &lt;", "&amp; &#0; &lt;"},
	{"controls", "a\x00b\x01c\x0bd\x1fe\x7f", "a\x00b\x01c\x0bd\x1fe\x7f"},
	{"escape-like", "_x0041_ _x005F_ _x00zz_ _x004", "_x0041_ _x005F_ _x00zz_ _x004"},
	{"line ends", "one\r\ntwo\rthree\nfour\tfive", "one\r\ntwo\rthree\nfour\tfive"},
	{"spaces", "  both ends \t", "  both ends \t"},
	{"non-characters", "a\uFFFEb\uFFFFc", "a\uFFFEb\uFFFFc"},
	{"not UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
	{"astral", "Zürich 😀 𝔸", "Zürich 😀 𝔸"},
}

// hostileBook is a workbook of the hostile texts: sheet Texts holds them
// in column A, Choices (hidden) in column A too, and column B of Texts
// has a drop-down of them and column C a range, titled and explained by
// each text in turn.
func hostileBook(t testing.TB) []byte {
	t.Helper()
	var b xlsxBook
	s, err := b.addSheet("Texts")
	if err != nil {
		t.Fatal(err)
	}
	choices, err := b.addSheet("Choices & more")
	if err != nil {
		t.Fatal(err)
	}
	choices.hidden = true
	s.frozenRows = 1
	s.setRow(1, []any{"Text", "Pick", "Number"})
	for i, h := range hostile {
		s.setText(i+2, 1, h.text)
		choices.setText(i+1, 1, h.text)
		s.addList(2, i+2, i+2, choices, 1, len(hostile), h.text, h.text)
		s.addWhole(3, i+2, i+2, -5, int64(i), h.text, h.text)
	}
	s.setNumber(len(hostile)+2, 3, -42)
	var out bytes.Buffer
	if err := b.write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestXLSXHostileTexts: texts that are markup, entities, control
// characters or escapes arrive as they were, through excelize and through
// this package's own reader; in a validation's title and message, whose
// attributes cannot hold them, the control characters are left out.
func TestXLSXHostileTexts(t *testing.T) {
	data := hostileBook(t)
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		wellFormed(t, f)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations("Texts")
	if err != nil || len(dvs) != 2*len(hostile) {
		t.Fatalf("%d validations (%v), want %d", len(dvs), err, 2*len(hostile))
	}
	for i, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			for _, sheet := range []string{"Texts", "Choices & more"} {
				cell := "A" + strconv.Itoa(i+2)
				if sheet != "Texts" {
					cell = "A" + strconv.Itoa(i+1)
				}
				if got, err := f.GetCellValue(sheet, cell); err != nil || got != h.want {
					t.Errorf("excelize reads %s!%s as %q (%v), want %q", sheet, cell, got, err, h.want)
				}
			}
			// excelize leaves an attribute's _xHHHH_ escapes as they
			// are; LibreOffice, like this package's reader, undoes them.
			attr := dropControls(h.want)
			for _, dv := range dvs[2*i : 2*i+2] {
				title, message := unescapeXString([]byte(deref(dv.ErrorTitle))), unescapeXString([]byte(deref(dv.Error)))
				if title != clip(attr, maxErrorTitle) || message != attr {
					t.Errorf("validation %s: title %q, message %q, want %q", dv.Sqref, title, message, attr)
				}
			}
			if got := listCells(t, f, dvs[2*i].Formula1); !slices.Equal(got, wantTexts()) {
				t.Errorf("drop-down %q offers %q", dvs[2*i].Formula1, got)
			}
		})
	}
	if got, _ := f.GetCellValue("Texts", fmt.Sprintf("C%d", len(hostile)+2)); got != "-42" {
		t.Errorf("the number reads %q", got)
	}
	got := ownCells(t, data)
	if want := append([]string{"Text"}, wantTexts()...); !slices.Equal(got, want) {
		t.Errorf("this package reads column A as\n%q, want\n%q", got, want)
	}
}

func wantTexts() []string {
	var out []string
	for _, h := range hostile {
		out = append(out, h.want)
	}
	return out
}

// dropControls is s without the characters XML does not allow, as a
// validation's title and message hold it; an attribute's whitespace is
// kept.
func dropControls(s string) string {
	return strings.Map(func(r rune) rune {
		if !xmlChar(r) {
			return -1
		}
		return r
	}, s)
}

// ownCells reads the first column of a workbook's first sheet with this
// package's reader, as a batch does.
func ownCells(t testing.TB, data []byte) []string {
	t.Helper()
	book, err := openWorkbook("hostile.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := book.scan()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	var out []string
	for {
		r, ok, err := s.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		if r.err != nil {
			t.Fatalf("row %d: %v", r.line, r.err)
		}
		if len(r.cells) > 0 && r.cells[0].text != "" {
			out = append(out, r.cells[0].text)
		}
	}
}

// TestXLSXGolden keeps the parts of the hostile workbook as text, so that
// a change to what is written shows in review; -update rewrites it.
func TestXLSXGolden(t *testing.T) {
	data := hostileBook(t)
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&got, "== %s\n%s\n", f.Name, b)
	}
	golden := filepath.Join("testdata", "hostile.xlsx.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the hostile workbook's parts differ from %s; run with -update and review the diff", golden)
	}
}

// TestXLSXLimits: a cell's text past 32,767 characters, a cell past a
// sheet's last row or column, a validation's formula past 255
// characters and a bad sheet name are errors errors.As finds, and
// nothing is written; a long error title or message is cut short.
func TestXLSXLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		fill func(s, lists *xlsxSheet)
		want WorkbookLimitError
	}{
		{"text", func(s, _ *xlsxSheet) { s.setText(2, 3, strings.Repeat("é", maxCellChars+1)) },
			WorkbookLimitError{Sheet: "S", Cell: "C2", What: "text", Size: maxCellChars + 1, Limit: maxCellChars}},
		{"astral text", func(s, _ *xlsxSheet) { s.setText(1, 1, strings.Repeat("😀", maxCellChars/2+1)) },
			WorkbookLimitError{Sheet: "S", Cell: "A1", What: "text", Size: maxCellChars + 1, Limit: maxCellChars}},
		{"row", func(s, _ *xlsxSheet) { s.setText(maxSheetRows+1, 1, "x") },
			WorkbookLimitError{Sheet: "S", What: "row", Size: maxSheetRows + 1, Limit: maxSheetRows}},
		{"row 0", func(s, _ *xlsxSheet) { s.setNumber(0, 1, 1) },
			WorkbookLimitError{Sheet: "S", What: "row", Size: 0, Limit: maxSheetRows}},
		{"column", func(_, l *xlsxSheet) { l.setText(1, maxSheetColumns+1, "x") },
			WorkbookLimitError{Sheet: strings.Repeat("L", 31), What: "column", Size: maxSheetColumns + 1, Limit: maxSheetColumns}},
		{"validation column", func(s, l *xlsxSheet) { s.addList(maxSheetColumns+1, 1, 2, l, 1, 1, "", "") },
			WorkbookLimitError{Sheet: "S", What: "column", Size: maxSheetColumns + 1, Limit: maxSheetColumns}},
		{"formula", func(s, _ *xlsxSheet) {
			s.validations = append(s.validations, xlsxValidation{col: 1, from: 1, to: 1, kind: "list", formula1: strings.Repeat("a", 256)})
		}, WorkbookLimitError{Sheet: "S", Cell: "A1", What: "formula", Size: 256, Limit: maxFormulaChars}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b xlsxBook
			s, err := b.addSheet("S")
			if err != nil {
				t.Fatal(err)
			}
			l, err := b.addSheet(strings.Repeat("L", 31))
			if err != nil {
				t.Fatal(err)
			}
			tc.fill(s, l)
			var out bytes.Buffer
			err = b.write(&out)
			var le *WorkbookLimitError
			if !errors.As(err, &le) || *le != tc.want {
				t.Fatalf("error %v, want %+v", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written", out.Len())
			}
		})
	}
	var b xlsxBook
	s, _ := b.addSheet("S")
	for _, name := range []string{"", strings.Repeat("x", 32), "a/b", "a[1]", "'quoted'", "tab\there", "s"} {
		var ne *SheetNameError
		if _, err := b.addSheet(name); !errors.As(err, &ne) || ne.Name != name {
			t.Errorf("sheet name %q: %v, want a SheetNameError", name, err)
		}
	}
	if _, err := b.addSheet(strings.Repeat("ü", 31)); err != nil {
		t.Errorf("31 characters: %v", err)
	}
	s.hidden = true
	var ne *SheetNameError
	if err := b.write(io.Discard); !errors.As(err, &ne) {
		t.Errorf("a hidden first sheet: %v", err)
	}
	long := strings.Repeat("Notice period ", 30)
	if got := clip(long, maxErrorTitle); utf16Len(got) != maxErrorTitle || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("clip: %q", got)
	}
	if got := clip("😀😀😀", 4); got != "😀…" {
		t.Errorf("clip of astral characters: %q", got)
	}
}

// FuzzXLSXText writes any text to a cell, a hidden sheet's list, and a
// validation's title and message: the workbook is XML a parser reads to
// its end, and this package reads the cell back as the text, with each
// byte that is not UTF-8 as U+FFFD.
func FuzzXLSXText(f *testing.F) {
	for _, h := range hostile {
		f.Add(h.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if text == "" {
			return // a blank cell
		}
		var b xlsxBook
		s, _ := b.addSheet("Rows")
		l, _ := b.addSheet("Lists")
		l.hidden = true
		s.setText(1, 1, text)
		l.setText(1, 1, text)
		s.addList(1, 2, 3, l, 1, 1, text, text)
		var out bytes.Buffer
		if err := b.write(&out); err != nil {
			var le *WorkbookLimitError
			if !errors.As(err, &le) {
				t.Fatal(err)
			}
			return
		}
		data := out.Bytes()
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range z.File {
			wellFormed(t, f)
		}
		want := validUTF8(text)
		if got := ownCells(t, data); len(got) != 1 || got[0] != want {
			t.Errorf("read %q, want %q", got, want)
		}
	})
}

// validUTF8 is s with each byte that is not UTF-8 replaced by U+FFFD.
func validUTF8(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		out.WriteRune(r)
		i += n
	}
	return out.String()
}

// TestTemplateLibreOffice converts the full template's workbook to CSV
// with LibreOffice, a third reader: its first sheet is the labels, the
// paths and the example row, read as UTF-8. Skipped without soffice, except under
// CI=true.
func TestTemplateLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs LibreOffice; skipped with -short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice is not installed; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice not installed")
	}
	tmpl := templateOf(fullSchema(t))
	dir := t.TempDir()
	file := filepath.Join(dir, "customers.xlsx")
	if err := os.WriteFile(file, writeTemplate(t, tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "customers.csv"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no CSV (is libreoffice-calc-nogui installed?): %v", err)
	}
	got, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := tmpl.columns()
	labels, paths, example := []string{"Example"}, []string{ExampleColumn}, []string{"yes"}
	for _, c := range cols {
		labels = append(labels, c.label)
		paths = append(paths, c.path)
		example = append(example, shownCell(tmpl.exampleCell(c.v, c.example)))
	}
	want := [][]string{labels, paths, example}
	if len(got) != len(want) {
		t.Fatalf("LibreOffice reads %d rows, want %d", len(got), len(want))
	}
	for r := range want {
		if !slices.Equal(got[r], want[r]) {
			t.Errorf("LibreOffice reads row %d as\n%q, want\n%q", r+1, got[r], want[r])
		}
	}
}

// TestProgramLinksNoExcelize: clausemark writes its workbooks with this
// package, so it does not link excelize, whose initialisation would run
// in every process; the tests alone use excelize, to read them back.
func TestProgramLinksNoExcelize(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/clausemark/clausemark/cmd/clausemark").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, "github.com/xuri/") {
			t.Errorf("clausemark links %s", d)
		}
	}
}
