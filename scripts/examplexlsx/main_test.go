package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCommittedWorkbook: examples/customers.xlsx is what this generator
// writes from examples/customers.csv, so the workbook the docs batch holds
// the same customers as the CSV; after an edit of the CSV, run
// go run ./scripts/examplexlsx from the repository's root.
func TestCommittedWorkbook(t *testing.T) {
	src, err := os.ReadFile("../../examples/customers.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := workbook(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../examples/customers.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("examples/customers.xlsx is not what examples/customers.csv gives; run go run ./scripts/examplexlsx")
	}
}

// TestWorkbookCells: the workbook's cells, read back by excelize as a
// spreadsheet program shows them, are the CSV's cells, and a whole number
// is stored as a number.
func TestWorkbookCells(t *testing.T) {
	src := []byte("Customer name,Deletion period,Breach notice\nInitech,30,\n\"Globex, Inc.\",45,24\n")
	b, err := workbook(src)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheet}) {
		t.Fatalf("sheets %q, want [%s]", got, sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := csv.NewReader(bytes.NewReader(src)).ReadAll()
	want[1] = want[1][:2] // excelize leaves a row's trailing empty cells out
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	// A number cell has no type attribute (or t="n"); text is a shared
	// or inline string.
	isText := func(typ excelize.CellType) bool {
		return typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString
	}
	if typ, _ := f.GetCellType(sheet, "B3"); isText(typ) {
		t.Errorf("B3 (45) is stored as text, of type %v", typ)
	}
	if typ, _ := f.GetCellType(sheet, "A3"); !isText(typ) {
		t.Errorf("A3 (a name) is of type %v, not text", typ)
	}
}

// TestWorkbookRefusesBadCSV: a CSV with an unclosed quote is an error,
// not a half-written workbook.
func TestWorkbookRefusesBadCSV(t *testing.T) {
	if _, err := workbook([]byte("a,b\n\"x,1\n")); err == nil {
		t.Error("an unclosed quote gave a workbook")
	}
	if _, err := workbook(nil); err == nil {
		t.Error("an empty CSV gave a workbook")
	}
}
