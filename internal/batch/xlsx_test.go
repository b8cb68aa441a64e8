package batch_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/rows"
)

// TestXLSXWideRow: a row with a cell past the last column read (row 4 of
// 7) fails alone, naming the cell; the rows after it are written, and the
// counts add up to the rows in the sheet.
func TestXLSXWideRow(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := [][]any{
		{"customer.name", "deletion.days", "last_updated"},
		{"Row Two", 10, "2026-01-02"},
		{"Row Three", 11, "2026-01-03"},
		{"Row Four", 12, "2026-01-04"},
		{"Row Five", 13, "2026-01-05"},
		{"Row Six", 14, "2026-01-06"},
		{"Row Seven", 15, "2026-01-07"},
	}
	for i, r := range sheet {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	wide, _ := excelize.CoordinatesToCellName(1025, 4)
	if err := f.SetCellValue("Sheet1", wide, "too far"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var errs []string
	sum, err := run(t, prepare(t), rows.XLSX, b.String(), out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.OnError = func(err error) { errs = append(errs, err.Error()) }
	})
	if sum.Written != 5 || sum.Failed != 1 || sum.Done != 6 || err == nil {
		t.Fatalf("%+v, %v; want 5 written and row 4 failed", sum, err)
	}
	if len(errs) != 1 || errs[0] != "row 4, column AMK: lies past column 1024: at most 1024 columns are read" {
		t.Errorf("errors %q", errs)
	}
	for _, name := range []string{"Row Two", "Row Three", "Row Five", "Row Six", "Row Seven"} {
		if _, err := os.Stat(filepath.Join(out, name+".md")); err != nil {
			t.Error(err)
		}
	}
	manifest := readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl"))
	if len(manifest) != 6 || manifest[2].Status != batch.Failed || manifest[2].Line != 4 || manifest[5].Line != 7 {
		t.Errorf("manifest %+v", manifest)
	}
}

// TestXLSXCellKinds: TRUE in a whole-number column and a date cell
// holding 1e-300 fail their rows, naming the cell, rather than becoming
// "1 day" and "30 December 1899"; numbers, date cells and text in the
// same columns are read as before.
func TestXLSXCellKinds(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := [][]any{
		{"customer.name", "deletion.days", "last_updated"},
		{"Good Numbers", 30, 46032},
		{"Good Text", "45", "2026-01-11"},
		{"Boolean Days", true, 46032},
		{"Tiny Date", 30, 1e-300},
	}
	for i, r := range sheet {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err := f.SetCellStyle("Sheet1", "C2", "C5", style); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var errs []string
	sum, _ := run(t, prepare(t), rows.XLSX, b.String(), out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.OnError = func(err error) { errs = append(errs, err.Error()) }
	})
	if sum.Written != 2 || sum.Failed != 2 {
		t.Fatalf("%+v; want 2 written and 2 failed", sum)
	}
	want := []string{
		`row 4, column B (deletion.days): a TRUE/FALSE cell where a whole number is expected`,
		`row 5, column C (last_updated): a date cell where a date is expected: day 1e-300 is outside 1900-03-01 to 9999-12-31`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	md, err := os.ReadFile(filepath.Join(out, "Good Numbers.md"))
	if err != nil || !strings.Contains(string(md), "30 days") || !strings.Contains(string(md), "2026") {
		t.Errorf("Good Numbers: %v\n%.400s", err, md)
	}
	if md, err := os.ReadFile(filepath.Join(out, "Good Text.md")); err != nil || !strings.Contains(string(md), "45 days") {
		t.Errorf("Good Text: %v", err)
	}
}
