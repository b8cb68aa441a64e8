package rows

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// rawBook zips a workbook from its parts' XML: the sheet's sheetData, the
// shared strings' si elements, and the workbook's workbookPr attributes.
func rawBook(t testing.TB, sheetData, sst, workbookPr string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr ` + workbookPr + `/>` +
			`<sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\.mm\.yyyy"/></numFmts>` +
			`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
		"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sst + `</sst>`,
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, body := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func conciseSchema(t testing.TB) *vars.Schema {
	t.Helper()
	return schemaOf(t, "dpa-concise")
}

// schemaOf is the schema of the library's template id.
func schemaOf(t testing.TB, id string) *vars.Schema {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	return lib.Templates[id].Schema
}

// readAll reads every row of a workbook: each row's values as text, or
// its error.
func readAll(t *testing.T, data []byte) ([]string, error) {
	t.Helper()
	src, err := Open(XLSX, "book.xlsx", bytes.NewReader(data), conciseSchema(t), 0)
	if err != nil {
		return nil, err
	}
	var out []string
	for {
		r, ok := src.Next()
		if !ok {
			return out, nil
		}
		if r.Err != nil {
			out = append(out, fmt.Sprintf("%d@%d error: %v", r.N, r.Pos.Line, r.Err))
			continue
		}
		var cells []string
		for _, p := range []string{"customer.name", "deletion.days", "last_updated", "signature_block"} {
			if v, ok := r.Set[p]; ok {
				cells = append(cells, fmt.Sprintf("%s=%v", p, vars.Plain(v.V)))
			}
		}
		out = append(out, fmt.Sprintf("%d@%d %s", r.N, r.Pos.Line, strings.Join(cells, " ")))
	}
}

// TestXLSXRaw reads what spreadsheet programs write besides what excelize
// does: inline and rich text, phonetic runs, escaped characters, rows
// and cells without references, styles with custom date formats, a
// workbook counting days from 1904, a missing shared string.
func TestXLSXRaw(t *testing.T) {
	const head = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>last_updated</t></is></c><c r="D1" t="s"><v>2</v></c></row>`
	const sst = `<si><t>customer.name</t></si><si><r><t>deletion</t></r><r><rPr><b/></rPr><t>.days</t></r></si><si><t>signature_block</t></si>` +
		`<si><t>Kanji Co</t><rPh sb="0" eb="1"><t>カンジ</t></rPh></si><si><t xml:space="preserve">Esc_x0041_pe Co</t></si><si><t>Unused string</t></si>`
	tests := []struct {
		name, rows, workbookPr string
		want                   []string
	}{
		{"styles and kinds", `<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>30</v></c><c r="C2" s="2"><v>46032</v></c><c r="D2" t="b"><v>0</v></c></row>` +
			`<row r="4"><c t="s"><v>4</v></c><c><v>7</v></c><c t="str"><f>TEXT(1)</f><v>2026-02-01</v></c></row>`, "",
			[]string{"1@2 customer.name=Kanji Co deletion.days=30 last_updated=2026-01-10 signature_block=false", "2@4 customer.name=EscApe Co deletion.days=7 last_updated=2026-02-01"}},
		{"1904", `<row r="2"><c r="A2" t="inlineStr"><is><r><t>Mac</t></r><r><t> Co</t></r></is></c><c r="C2" s="1"><v>44570</v></c></row>`, `date1904="1"`,
			[]string{"1@2 customer.name=Mac Co last_updated=2026-01-10"}},
		{"missing shared string", `<row r="2"><c r="A2" t="s"><v>99</v></c></row><row r="3"><c r="A3" t="s"><v>3</v></c></row>`, "",
			[]string{`1@2 error: row 2, column A (customer.name): the workbook has no shared string 99`, "2@3 customer.name=Kanji Co"}},
		{"wide and bad references", `<row r="2"><c r="A2" t="s"><v>3</v></c><c r="AMK2" t="s"><v>4</v></c></row><row r="3"><c r="A-3" t="s"><v>3</v></c></row><row r="4"><c r="XFD4" s="1"/><c r="A4" t="s"><v>4</v></c></row>`, "",
			[]string{`1@2 error: row 2, column AMK: lies past column 1024: at most 1024 columns are read`, `2@3 error: row 3, column A (customer.name): "A-3" is not a cell reference`, "3@4 customer.name=EscApe Co"}},
		{"a formula error", `<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="e"><v>#N/A</v></c></row>`, "",
			[]string{`1@2 error: row 2, column B (deletion.days): a formula error ("#N/A") where a whole number is expected`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, rawBook(t, head+tt.rows, sst, tt.workbookPr))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestSharedStringsKeptByUse: of a workbook's shared strings only those
// its rows use are kept, however many it holds.
func TestSharedStringsKeptByUse(t *testing.T) {
	var sst strings.Builder
	sst.WriteString(`<si><t>customer.name</t></si>`)
	for i := range 100000 {
		fmt.Fprintf(&sst, "<si><t>Customer number %d of many</t></si>", i)
	}
	rows := `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>77777</v></c></row>`
	src, err := Open(XLSX, "book.xlsx", bytes.NewReader(rawBook(t, rows, sst.String(), "")), conciseSchema(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	sh := src.(*xlsxReader).book.strings
	if sh.count != 100001 || len(sh.ends) != 2 || string(sh.text) != "customer.nameCustomer number 77776 of many" {
		t.Errorf("kept %d strings (%q) of %d; want the 2 the rows use", len(sh.ends), sh.text, sh.count)
	}
	r, ok := src.Next()
	if !ok || r.Err != nil || vars.Plain(r.Set["customer.name"].V) != "Customer number 77776 of many" {
		t.Errorf("row %+v", r)
	}
}

// TestSharedStringsBound: rows that use more shared text than is kept are
// refused with ErrSharedStrings, before any row.
func TestSharedStringsBound(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	var sst, rows strings.Builder
	sst.WriteString(`<si><t>customer.name</t></si>`)
	rows.WriteString(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
	n := maxSharedText/len(long) + 2
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sst, "<si><t>%s%d</t></si>", long, i)
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>`, i+1, i+1, i)
	}
	_, err := Open(XLSX, "book.xlsx", bytes.NewReader(rawBook(t, rows.String(), sst.String(), "")), conciseSchema(t), 0)
	var we *WorkbookError
	if !errors.As(err, &we) || !errors.Is(err, ErrSharedStrings) || we.Part != "xl/sharedStrings.xml" {
		t.Fatalf("error %v, want a WorkbookError wrapping ErrSharedStrings", err)
	}
}

// TestXLSXLongText: a cell's text longer than a cell may hold fails its
// row; a text longer than the XML reader buffers refuses the workbook
// before any row is read.
func TestXLSXLongText(t *testing.T) {
	const head = `<row r="1"><c r="A1" t="inlineStr"><is><t>customer.name</t></is></c></row>`
	cellRow := func(n int, text string) string {
		return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>`, n, n, text)
	}
	got, err := readAll(t, rawBook(t, head+cellRow(2, strings.Repeat("y", maxCellText+1))+cellRow(3, "After Co"), "", ""))
	want := []string{"1@2 error: row 2, column A (customer.name): holds more than 128 KiB", "2@3 customer.name=After Co"}
	if err != nil || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows %q, %v; want %q", got, err, want)
	}
	_, err = readAll(t, rawBook(t, head+cellRow(2, "Before Co")+cellRow(3, strings.Repeat("y", maxMarkupRun+1)), "", ""))
	var we *WorkbookError
	if !errors.As(err, &we) || !errors.Is(err, errLongRun) || we.Part != "xl/worksheets/sheet1.xml" {
		t.Errorf("error %v, want a WorkbookError for the long text", err)
	}
}
