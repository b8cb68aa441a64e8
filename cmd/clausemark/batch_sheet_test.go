package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBatchTemplateRenders: for every variant, the starting spreadsheet
// batch template writes, as CSV and as a workbook, renders its example
// row as it is with --include-example, and no row without it.
func TestBatchTemplateRenders(t *testing.T) {
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, kind := range []string{"csv", "xlsx"} {
			t.Run(variant+"/"+kind, func(t *testing.T) {
				dir := t.TempDir()
				data := filepath.Join(dir, "customers."+kind)
				if _, stderr, err := runCmd(t, "batch", "template", "--variant", variant, "--format", kind, "-o", data); err != nil {
					t.Fatalf("template: %v\n%s", err, stderr)
				}
				with := filepath.Join(dir, "with")
				if _, stderr, err := runCmd(t, "batch", "--variant", variant, "--data", data, "--out", with, "--format", "md", "--include-example", "--no-record"); err != nil {
					t.Fatalf("batch --include-example: %v\n%s", err, stderr)
				}
				if docs := documents(t, with); !slices.Equal(docs, []string{"globex-corporation-dpa.md"}) {
					t.Errorf("with --include-example: %v, want the example's document", docs)
				}
				without := filepath.Join(dir, "without")
				_, stderr, err := runCmd(t, "batch", "--variant", variant, "--data", data, "--out", without, "--format", "md", "--no-record")
				if err != nil {
					t.Fatalf("batch: %v\n%s", err, stderr)
				}
				if docs := documents(t, without); len(docs) != 0 {
					t.Errorf("without --include-example: %v, want none", docs)
				}
				if !strings.HasPrefix(lastLine(stderr), "clausemark: batch: 0 written, 0 skipped, 0 failed") {
					t.Errorf("stderr %q, want the summary last", stderr)
				}
				if !strings.Contains(string(stderr), "the data has no rows to render; a row marked yes in the example column") {
					t.Errorf("stderr %q does not say the example row was passed over", stderr)
				}
			})
		}
	}
}

// documents lists the .md files in dir.
func documents(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestBatchTemplateColumns: the template's columns come in the form's
// order, the example column first, then the customer's.
func TestBatchTemplateColumns(t *testing.T) {
	out, _, err := runCmd(t, "batch", "template", "--variant", "ojoo")
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Split(strings.SplitN(string(out), "\n", 2)[0], ",")
	if head[0] != "example" || head[1] != "customer.name" || head[2] != "customer.address" {
		t.Errorf("header starts %q, want example, customer.name, customer.address", head[:3])
	}
	at := func(p string) int { return slices.Index(head, p) }
	if !(at("customer.country") < at("jurisdiction") && at("jurisdiction") < at("deletion.days") && at("deletion.days") < at("subprocessors.1.name")) {
		t.Errorf("columns not in the form's order: %q", head)
	}
	// A list of records is numbered columns, field by field, as batch
	// reads them, never YAML in one cell.
	if at("subprocessors") >= 0 || at("subprocessors.1.name")+1 != at("subprocessors.1.purpose") || at("subprocessors.1.location") < 0 || at("subprocessors.2.name") < 0 {
		t.Errorf("subprocessors' columns: %q", head)
	}
	if slices.Contains(head, "processor.name") {
		t.Error("the processor's identity is a column without --all")
	}
	// The run dates its rows: a date column the operator leaves empty
	// would fail every row, and one filled in the template would date
	// every customer with the day the template was made.
	if slices.Contains(head, "agreement.date") {
		t.Error("the agreement's date is a column of the template")
	}
}

// TestBatchTemplateWorkbook opens the workbook batch template writes and
// finds the form's labels above the paths, a drop-down for each choice
// (enums, jurisdiction, countries, yes/no), a range for bounded numbers,
// and a help sheet.
func TestBatchTemplateWorkbook(t *testing.T) {
	data := filepath.Join(t.TempDir(), "customers.xlsx")
	if _, stderr, err := runCmd(t, "batch", "template", "--variant", "opsium", "--format", "xlsx", "-o", data); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	f, err := excelize.OpenFile(data)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) < 2 || sheets[0] != "Rows" || sheets[1] != "Help" {
		t.Fatalf("sheets %q, want Rows then Help", sheets)
	}
	rows, err := f.GetRows("Rows")
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %q, %v: want labels, paths and the example", rows, err)
	}
	col := map[string]string{} // path to column letter
	for i, p := range rows[1] {
		name, _ := excelize.ColumnNumberToName(i + 1)
		col[p] = name
	}
	if rows[0][1] != "Customer name" || rows[1][1] != "customer.name" || rows[2][0] != "yes" {
		t.Errorf("first columns %q / %q / %q", rows[0][:2], rows[1][:2], rows[2][:1])
	}
	dvs, err := f.GetDataValidations("Rows")
	if err != nil {
		t.Fatal(err)
	}
	byCol := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		byCol[strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")] = dv
	}
	lists := func(path string) []string {
		dv := byCol[col[path]]
		if dv == nil || dv.Type != "list" {
			t.Errorf("%s (column %s): no drop-down: %+v", path, col[path], dv)
			return nil
		}
		ref := strings.TrimPrefix(dv.Formula1, "=")
		ref = strings.NewReplacer("$", "", "<formula1>", "", "</formula1>", "").Replace(ref)
		sheet, cells, _ := strings.Cut(ref, "!")
		from, to, _ := strings.Cut(cells, ":")
		var out []string
		for r := 0; ; r++ {
			c1, r1, _ := excelize.CellNameToCoordinates(from)
			_, r2, _ := excelize.CellNameToCoordinates(to)
			if r1+r > r2 {
				break
			}
			name, _ := excelize.CoordinatesToCellName(c1, r1+r)
			v, _ := f.GetCellValue(sheet, name)
			out = append(out, v)
		}
		return out
	}
	if got := lists("jurisdiction"); !slices.Contains(got, "Ireland") || !slices.Contains(got, "The European Union") {
		t.Errorf("jurisdiction's drop-down %q", got)
	}
	if got := lists("liability.cap.basis"); !slices.Equal(got, []string{"Fees paid over a number of months", "A fixed amount", "As the main agreement says"}) {
		t.Errorf("liability.cap.basis's drop-down %q", got)
	}
	if got := lists("customer.country"); !slices.Contains(got, "Germany") || len(got) < 100 {
		t.Errorf("customer.country's drop-down has %d entries", len(got))
	}
	if got := lists("signature_block"); !slices.Equal(got, []string{"yes", "no"}) {
		t.Errorf("signature_block's drop-down %q", got)
	}
	if dv := byCol[col["deletion.days"]]; dv == nil || dv.Type != "whole" || !strings.Contains(dv.Formula1, "1") || !strings.Contains(dv.Formula2, "365") {
		t.Errorf("deletion.days: %+v, want a whole number from 1 to 365", dv)
	}
	help, err := f.GetRows("Help")
	if err != nil || len(help) < 10 || help[0][3] != "Help" {
		t.Fatalf("help sheet %q, %v", help, err)
	}
}

// TestBatchDryRun: --dry-run reads, resolves and checks every row, and
// reports the bad ones in the errors files and on stderr with the
// spreadsheet's row and column, but writes no document, records nothing
// and writes no manifest.
func TestBatchDryRun(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(data, []byte("Customer name,Governing law,Deletion period\nGlobex,Ireland,30\nInitech,Germany,thirty\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	env := testEnv(t)
	var stdout, stderr strings.Builder
	err := run(context.Background(), []string{"batch", "--variant", "opsium", "--data", data, "--out", out, "--format", "pdf", "--dry-run", "--check=warn"}, env, strings.NewReader(""), &stdout, &stderr)
	if err == nil {
		t.Fatalf("a dry run with a bad row succeeded:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), `clausemark: error: row 3, column C (Deletion period): must be an integer from 1 to 365, got "thirty"`) {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if l := lastLine(stderr.String()); !strings.HasPrefix(l, "clausemark: batch: dry run: 1 rows would be written, 1 failed") {
		t.Errorf("last line %q, want the dry run's summary", l)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"errors.csv", "errors.jsonl"}) {
		t.Errorf("the dry run left %q, want the errors files only", names)
	}
	if _, err := os.Stat(env(registryEnv)); err == nil {
		t.Error("the dry run opened the registry")
	}
}
