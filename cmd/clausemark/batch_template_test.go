package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBatchTemplateListColumns: the template gives a list of records as
// numbered columns, one for each field of each item (subprocessors.1.name,
// "Subprocessor 1 name" in a workbook's labels), the example's items
// spread over them; batch reads them back into the list, so that the
// example's subprocessor is named in a document that lists them (Opsium's
// balanced wording), from CSV and workbook alike.
func TestBatchTemplateListColumns(t *testing.T) {
	for _, kind := range []string{"csv", "xlsx"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "customers."+kind)
			if _, stderr, err := runCmd(t, "batch", "template", "--variant", "opsium", "--format", kind, "-o", data); err != nil {
				t.Fatalf("template: %v\n%s", err, stderr)
			}
			head, example := templateRows(t, data, kind)
			cell := map[string]string{}
			for i, h := range head {
				if i < len(example) {
					cell[h] = example[i]
				}
			}
			if cell["subprocessors.1.name"] != "Amazon Web Services" || cell["subprocessors.1.location"] != "Ireland" || cell["subprocessors.2.name"] != "" {
				t.Errorf("numbered cells %q", cell)
			}
			if _, whole := cell["subprocessors"]; whole {
				t.Error("subprocessors is also one column")
			}
			setExample(t, data, kind, head, "position", "balanced") // the house's wording names no subprocessor
			out := filepath.Join(dir, "out")
			if _, stderr, err := runCmd(t, "batch", "--variant", "opsium", "--data", data, "--out", out, "--format", "md", "--include-example", "--no-record"); err != nil {
				t.Fatalf("batch: %v\n%s", err, stderr)
			}
			doc, err := os.ReadFile(filepath.Join(out, "globex-corporation-dpa.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(doc), "Amazon Web Services") {
				t.Errorf("the example's subprocessor is not in the document")
			}
		})
	}
}

// templateRows reads a template's header of paths and its example row.
func templateRows(t *testing.T, data, kind string) (head, example []string) {
	t.Helper()
	if kind == "xlsx" {
		f, err := excelize.OpenFile(data)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Rows")
		if err != nil || len(rows) != 3 {
			t.Fatalf("rows %q: %v", rows, err)
		}
		labels := strings.Join(rows[0], "|")
		if !strings.Contains(labels, "|Subprocessor 1 name|Subprocessor 1 purpose|") || !strings.Contains(labels, "|Subprocessor 2 name|") {
			t.Errorf("labels %q", labels)
		}
		return rows[1], rows[2]
	}
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %q: %v", rows, err)
	}
	return rows[0], rows[1]
}

// setExample sets the example row's cell of the column whose path is path.
func setExample(t *testing.T, data, kind string, head []string, path, value string) {
	t.Helper()
	col := slices.Index(head, path)
	if col < 0 {
		t.Fatalf("no column %s", path)
	}
	if kind == "xlsx" {
		f, err := excelize.OpenFile(data)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		name, _ := excelize.CoordinatesToCellName(col+1, 3)
		if err := f.SetCellStr("Rows", name, value); err != nil {
			t.Fatal(err)
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows[1][col] = value
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
