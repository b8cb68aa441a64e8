// Command examplexlsx writes examples/customers.xlsx from
// examples/customers.csv: the same header and rows as a workbook, as an
// operator would keep them in Excel, with whole numbers stored as numbers.
//
//	go run ./scripts/examplexlsx                  # from the repository's root
//	go run ./scripts/examplexlsx -in a.csv -o a.xlsx
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"
)

func main() {
	in := flag.String("in", "examples/customers.csv", "read the rows from the CSV `FILE`")
	out := flag.String("o", "examples/customers.xlsx", "write the workbook to `FILE`")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "examplexlsx:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	b, err := workbook(src)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, b, 0o644)
}

// sheet is the name of the workbook's one sheet.
const sheet = "Customers"

// workbook returns the bytes of a workbook holding the CSV's rows on one
// sheet: the header row bold and frozen, each column wide enough for its
// longest cell, whole numbers as numbers and every other cell as text.
func workbook(src []byte) ([]byte, error) {
	rows, err := csv.NewReader(bytes.NewReader(src)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no header row")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	for i, row := range rows {
		if err := writeRow(f, i+1, row); err != nil {
			return nil, err
		}
	}
	if err := layout(f, rows); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeRow writes one row, a whole number as a number cell.
func writeRow(f *excelize.File, n int, row []string) error {
	for j, v := range row {
		cell, err := excelize.CoordinatesToCellName(j+1, n)
		if err != nil {
			return err
		}
		if i, err := strconv.Atoi(v); err == nil && n > 1 {
			err = f.SetCellInt(sheet, cell, int64(i))
			if err != nil {
				return err
			}
			continue
		}
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			return err
		}
	}
	return nil
}

// layout makes the header bold and frozen and sizes the columns.
func layout(f *excelize.File, rows [][]string) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(rows[0]), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return err
	}
	for j := range rows[0] {
		width := 8
		for _, row := range rows {
			if j < len(row) {
				width = max(width, len([]rune(row[j]))+2)
			}
		}
		col, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, float64(min(width, 60))); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
