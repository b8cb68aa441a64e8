package rows

import (
	"bytes"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/xuri/excelize/v2"
)

// FuzzReaders feeds arbitrary data to the CSV, JSON Lines, YAML and
// Excel readers: rows may be bad, but reading never panics and always ends.
func FuzzReaders(f *testing.F) {
	f.Add("customer.name,deletion.days\nA,1\n\"B,2\nC,x,y\n")
	f.Add("{\"customer\": {\"name\": \"A\"}}\n{bad\n")
	f.Add("- customer: {name: A}\n- 5\n")
	// Seeds from bugs: an unclosed quote, YAML where JSON is due, JSON
	// that YAML misreads, a duplicate key, a blank line between records.
	f.Add("customer.name\nA\n\"B\nC\n")
	f.Add("customer: {name: B}\n{\"customer\": {\"name\": \"C\\/D \\ud83d\\ude00\"}}\n")
	f.Add("{\"a\": 1, \"a\": 2}\n\n{\"customer\": {\"name\": \"E\"}}")
	// Seeds in the operator's words: labels, value labels, numbered list
	// columns (one past its bound, one given twice), the example column.
	f.Add("example,Customer name,Governing law,Subprocessor 1 name,subprocessors.1.location\nyes,A,Ireland,B,IE\n,C,eu,,\n")
	f.Add("Subprocessor 201 name,customer.address.1,Address line 1\nx,y,z\n")
	f.Add("Subprocessor 1 name,subprocessors.1.name\nA,B\n")
	book := excelize.NewFile()
	book.SetSheetRow("Sheet1", "A1", &[]any{"customer.name", "deletion.days", "last_updated"})
	book.SetSheetRow("Sheet1", "A2", &[]any{"A", 30, 46032})
	book.SetSheetRow("Sheet1", "A4", &[]any{"B", "x", true, "beyond"})
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	// Seeds from the workbook reader: rows after a row too wide, cells of
	// every kind, rich and inline text, a missing shared string.
	head := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>deletion.days</t></is></c><c r="C1" t="inlineStr"><is><t>last_updated</t></is></c></row>`
	f.Add(string(rawBook(f, head+`<row r="2"><c r="AMK2" t="s"><v>1</v></c></row><row><c t="s"><v>1</v></c><c t="b"><v>1</v></c><c s="1"><v>1e-300</v></c></row>`,
		`<si><t>customer.name</t></si><si><r><t>A</t></r><rPh><t>a</t></rPh></si>`, "")))
	f.Add(string(rawBook(f, head+`<row r="2"><c r="A2" t="s"><v>9</v></c><c r="B2" t="e"><v>#REF!</v></c><c r="C2" t="d"><v>2026-01-10</v></c></row>`,
		`<si><t>customer.name</t></si>`, `date1904="1"`)))
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		f.Fatal(err)
	}
	schema := lib.Templates["dpa-full"].Schema
	f.Fuzz(func(t *testing.T, data string) {
		for _, kind := range []string{CSV, JSONL, YAML, XLSX} {
			src, err := Open(kind, "data", strings.NewReader(data), schema, 0)
			if err != nil {
				continue
			}
			for i := 0; ; i++ {
				// A workbook is a zip, which may unpack to more rows than it
				// has bytes; its bound is the size it may unpack to.
				if i > len(data)+1 && kind != XLSX || i > maxWorkbookUnzipped {
					t.Fatalf("%s: more rows than bytes", kind)
				}
				if _, ok := src.Next(); !ok {
					break
				}
			}
		}
	})
}
