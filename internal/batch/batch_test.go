package batch_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/filename"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/rows"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/xuri/excelize/v2"
)

// base is the request rows start from: the concise template with one
// processor, but no last_updated, so each row must give its date.
const base = `template: dpa-concise
processor:
  name: Acme
  legal_name: Acme GmbH
  contact:
    privacy_email: privacy@acme.example
liability:
  cap: {basis: fees, months: 12}
jurisdiction: eu
`

// runDay is the date of issue the tests' runs are prepared with, as the
// command's clock gives it (library.Request.Date).
var runDay = mustDate("2026-02-02")

func mustDate(s string) vars.Date {
	d, err := vars.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func prepare(t *testing.T) *library.Prepared {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Files: []library.Input{{Name: "base.yaml", Data: []byte(base)}}, Date: runDay})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, p *library.Prepared, kind, data, out string, mod func(*batch.Config)) (batch.Summary, error) {
	t.Helper()
	cfg := batch.Config{
		Base: p, Data: "customers." + kind, Input: strings.NewReader(data), Kind: kind, Out: out,
		Formats: []*format.Format{pdf.Format, format.Markdown}, Jobs: 2,
		Name: `{{ .customer.name }}`,
	}
	if mod != nil {
		mod(&cfg)
	}
	return batch.Run(context.Background(), cfg)
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	return out
}

const customers = `customer.name,deletion.days,jurisdiction,last_updated
Globex Corporation,45,de,2026-01-10
Initech,thirty,de,2026-01-11
Umbrella,60,mars,2026-01-12
Hooli,30,uk,
../evil,10,ie,2026-01-13
Globex Corporation,20,fr,2026-01-14
"Bad "quote,10,in,2026-01-15
Stark Industries,90,us-ca,2026-01-16
Müller & Søn,7,ch,2026-01-17
`

// TestBadRows: each bad row is recorded with its row number and the run
// goes on; every good row's files exist and validate; the manifest's
// hashes match the files.
func TestBadRows(t *testing.T) {
	out := t.TempDir()
	sum, err := run(t, prepare(t), rows.CSV, customers, out, nil)
	if !errors.Is(err, batch.ErrRowsFailed) {
		t.Fatalf("error %v, want ErrRowsFailed", err)
	}
	if sum.Written != 3 || sum.Failed != 6 || sum.Done != 9 {
		t.Errorf("summary %+v, want 3 written and 6 failed of 9", sum)
	}
	errs := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
	want := map[int]string{
		2: `row 3, column B (deletion.days): must be an integer from 1 to 365, got "thirty"`,
		3: `row 4, column C (jurisdiction): must be one of au (Australia), `,
		4: `variable "last_updated": required but has no value`,
		5: `file name "../evil" contains a path separator`,
		6: `row 7: file name "Globex Corporation" is already used by row 2`,
		7: `malformed CSV`,
	}
	if len(errs) != len(want) {
		t.Fatalf("errors file has %d records, want %d: %+v", len(errs), len(want), errs)
	}
	for _, e := range errs {
		if !strings.Contains(e.Error, want[e.Row]) {
			t.Errorf("row %d: error %q, want %q", e.Row, e.Error, want[e.Row])
		}
	}
	if errs[0].Variable != "deletion.days" || errs[0].Line != 3 {
		t.Errorf("first error %+v, want variable deletion.days on line 3", errs[0])
	}
	manifest := readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl"))
	if len(manifest) != 9 {
		t.Fatalf("manifest has %d records, want one per row", len(manifest))
	}
	for i, r := range manifest {
		if r.Row != i+1 {
			t.Fatalf("manifest out of row order: record %d is row %d", i, r.Row)
		}
		if r.Template != "dpa-concise" || r.LibraryVersion == "" {
			t.Errorf("row %d: template %q, library %q", r.Row, r.Template, r.LibraryVersion)
		}
		if r.Status != batch.Written {
			continue
		}
		for _, o := range r.Outputs {
			data, err := os.ReadFile(filepath.Join(out, o.Path))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if hex.EncodeToString(sum[:]) != o.SHA256 || int64(len(data)) != o.Bytes {
				t.Errorf("%s: manifest SHA-256 or size does not match the file", o.Path)
			}
			if strings.HasSuffix(o.Path, ".pdf") {
				conf := model.NewDefaultConfiguration()
				conf.ValidationMode = model.ValidationRelaxed
				if err := api.Validate(bytes.NewReader(data), conf); err != nil {
					t.Errorf("%s: invalid PDF: %v", o.Path, err)
				}
			}
		}
	}
	for _, name := range []string{"Globex Corporation", "Stark Industries", "Müller & Søn"} {
		md, err := os.ReadFile(filepath.Join(out, name+".md"))
		if err != nil {
			t.Fatalf("valid row's file missing: %v", err)
		}
		if !bytes.Contains(md, []byte("Acme")) {
			t.Errorf("%s.md lacks the processor", name)
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || strings.Contains(e.Name(), "evil") {
			t.Errorf("unexpected file %s in the output folder", e.Name())
		}
	}
}

// TestResume: a second run skips the rows that are up to date, renders a
// row whose file went missing or whose values changed, and --force
// renders all.
func TestResume(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	data := "customer.name,deletion.days,last_updated\nA,1,2026-01-01\nB,2,2026-01-01\nC,3,2026-01-01\n"
	md := func(c *batch.Config) { c.Formats = []*format.Format{format.Markdown} }
	if sum, err := run(t, p, rows.CSV, data, out, md); err != nil || sum.Written != 3 {
		t.Fatalf("first run: %+v, %v", sum, err)
	}
	if sum, err := run(t, p, rows.CSV, data, out, md); err != nil || sum.Written != 0 || sum.Skipped != 3 {
		t.Fatalf("second run: %+v, %v; want all skipped", sum, err)
	}
	os.Remove(filepath.Join(out, "B.md"))
	changed := strings.Replace(data, "C,3", "C,33", 1)
	sum, err := run(t, p, rows.CSV, changed, out, md)
	if err != nil || sum.Written != 2 || sum.Skipped != 1 {
		t.Fatalf("third run: %+v, %v; want B (missing) and C (changed) written", sum, err)
	}
	if c, _ := os.ReadFile(filepath.Join(out, "C.md")); !bytes.Contains(c, []byte("within 33 days")) {
		t.Error("changed row not re-rendered")
	}
	sum, err = run(t, p, rows.CSV, changed, out, func(c *batch.Config) { md(c); c.Force = true })
	if err != nil || sum.Written != 3 {
		t.Fatalf("--force: %+v, %v", sum, err)
	}
}

// TestShards: the shards of a batch cover every row exactly once, each
// with its own manifest.
func TestShards(t *testing.T) {
	p := prepare(t)
	out := t.TempDir()
	var b strings.Builder
	b.WriteString("customer.name,last_updated\n")
	for i := range 11 {
		b.WriteString("Customer " + string(rune('A'+i)) + ",2026-02-01\n")
	}
	var seen []int
	for s := range 3 {
		_, err := run(t, p, rows.CSV, b.String(), out, func(c *batch.Config) {
			c.Formats = []*format.Format{format.Markdown}
			c.Shard, c.Shards = s, 3
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range readJSONL[batch.Record](t, filepath.Join(out, "manifest.shard-"+string(rune('0'+s))+"-of-3.jsonl")) {
			if (r.Row-1)%3 != s {
				t.Errorf("shard %d rendered row %d", s, r.Row)
			}
			seen = append(seen, r.Row)
		}
	}
	sort.Ints(seen)
	if len(seen) != 11 || seen[0] != 1 || seen[10] != 11 {
		t.Errorf("shards covered rows %v, want 1 to 11 once each", seen)
	}
}

// TestFormats reads rows from JSON Lines and from a YAML list.
func TestFormats(t *testing.T) {
	p := prepare(t)
	for _, tc := range []struct{ kind, data string }{
		{rows.JSONL, `{"customer": {"name": "Json Co"}, "deletion.days": 12, "last_updated": "2026-03-01"}
{"customer.name": "Bad Co", "deletion": {"days": 0}, "last_updated": "2026-03-01"}

{"customer.name": "Cap Co", "liability": {"cap": {"basis": "amount", "amount": 5000, "currency": "USD"}}, "last_updated": "2026-03-01"}
`},
		{rows.YAML, `- customer: {name: Json Co}
  deletion: {days: 12}
  last_updated: 2026-03-01
- customer: {name: Bad Co}
  deletion: {days: 0}
  last_updated: 2026-03-01
- customer: {name: Cap Co}
  liability: {cap: {basis: amount, amount: 5000, currency: USD}}
  last_updated: 2026-03-01
`},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			out := t.TempDir()
			sum, err := run(t, p, tc.kind, tc.data, out, func(c *batch.Config) { c.Formats = []*format.Format{format.Markdown} })
			if !errors.Is(err, batch.ErrRowsFailed) || sum.Written != 2 || sum.Failed != 1 {
				t.Fatalf("%+v, %v", sum, err)
			}
			errs := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
			if len(errs) != 1 || errs[0].Row != 2 || errs[0].Variable != "deletion.days" {
				t.Errorf("errors %+v", errs)
			}
			if c, _ := os.ReadFile(filepath.Join(out, "Cap Co.md")); !bytes.Contains(c, []byte("USD 5,000")) {
				t.Error("Cap Co's amount cap not rendered")
			}
		})
	}
}

// TestHeaderErrors: a header naming an unknown variable stops the run before any row.
func TestHeaderErrors(t *testing.T) {
	out := t.TempDir()
	_, err := run(t, prepare(t), rows.CSV, "customer.nmae,venue,venue\nX,Y,Z\n", out, nil)
	if err == nil || !strings.Contains(err.Error(), `customers.csv: row 1, column A (customer.nmae): "customer.nmae" names no variable of this template`) ||
		!strings.Contains(err.Error(), `did you mean "customer.name"`) || !strings.Contains(err.Error(), `row 1, column C (venue): repeats column B (venue)`) {
		t.Fatalf("error %v", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("files written despite a bad header: %v", entries)
	}
}

// TestNameBounded: a name template cannot loop or build what it likes: range
// and sprig's list and repeat functions are refused before any row, and a
// name that grows past the bound stops there.
func TestNameBounded(t *testing.T) {
	for name, want := range map[string]string{
		`{{ range 100000000 }}x{{ end }}`:                  "range is not allowed",
		`{{ define "x" }}{{ range 9 }}{{ end }}{{ end }}a`: "range is not allowed",
		`{{ until 100000000 }}`:                            `function "until" not defined`,
		`{{ repeat 100000000 "x" }}`:                       `function "repeat" not defined`,
	} {
		_, err := run(t, prepare(t), "csv", "customer.name,customer.country,last_updated\nA,DE,2026-01-02\n", t.TempDir(), func(c *batch.Config) { c.Name = name })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--name %s: error %v, want %q", name, err, want)
		}
	}
	out := t.TempDir()
	_, err := run(t, prepare(t), "csv", "customer.name,customer.country,last_updated\nA,DE,2026-01-02\n", out, func(c *batch.Config) {
		c.Name = `{{ .customer.name }}{{ .customer.name | printf "%0100000s" }}`
	})
	if !errors.Is(err, batch.ErrRowsFailed) {
		t.Fatalf("error %v, want the row to fail", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "errors.jsonl")); !strings.Contains(string(data), "longer than 120 bytes") {
		t.Errorf("errors file %s", data)
	}
}

// TestDefaultNameFallback: a customer whose name has no Latin letters, or
// is as long as a name may be, still gets a file: row-N-dpa when the slug
// is empty, a slug cut to length when it is long.
func TestDefaultNameFallback(t *testing.T) {
	out := t.TempDir()
	long := strings.Repeat("Globex ", 28)
	data := "customer.name,customer.country,last_updated\n株式会社テスト,DE,2026-01-02\nشركة الأمل,DE,2026-01-02\n" + long + ",DE,2026-01-02\n"
	if _, err := run(t, prepare(t), "csv", data, out, func(c *batch.Config) {
		c.Name = ""
		c.Formats = []*format.Format{format.Markdown}
	}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"row-1-dpa.md", "row-2-dpa.md", filename.Slug(long) + "-dpa.md"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}

// TestNameOfUnsetVariable: an unset variable prints nothing in a name, not "<no value>".
func TestNameOfUnsetVariable(t *testing.T) {
	out := t.TempDir()
	_, err := run(t, prepare(t), rows.CSV, "deletion.days,last_updated\n5,2026-01-01\n", out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Name = `dpa{{ .customer.name }}-{{ .row }}`
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "dpa-1.md")); err != nil {
		t.Error(err)
	}
}

// TestDelimiters reads the same rows separated by commas, by semicolons
// (a spreadsheet's CSV where the comma is the decimal separator), by tabs,
// and with quoted fields holding the other separators; the delimiter comes
// from the header line unless the configuration gives it.
func TestDelimiters(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		delim      rune
		want       []string // file names written
		err        string
	}{
		{"commas", "customer.name,deletion.days,last_updated\nGlobex,45,2026-01-10\nInitech,30,2026-01-11\n", 0, []string{"Globex.md", "Initech.md"}, ""},
		{"semicolons", "customer.name;deletion.days;last_updated\r\nGlobex;45;2026-01-10\r\n\"Initech; Inc\";30;2026-01-11\r\n", 0, []string{"Globex.md", "Initech; Inc.md"}, ""},
		{"tabs", "customer.name\tdeletion.days\tlast_updated\nGlobex, Inc\t45\t2026-01-10\n", 0, []string{"Globex, Inc.md"}, ""},
		{"semicolons, given", "customer.name;last_updated\nGlobex;2026-01-10\n", ';', []string{"Globex.md"}, ""},
		{"semicolons read as commas", "customer.name;last_updated\nGlobex;2026-01-10\n", ',', nil, "read as separated by commas, but this column holds semicolons: give --delimiter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			_, err := run(t, prepare(t), rows.CSV, tc.data, out, func(c *batch.Config) {
				c.Delimiter = tc.delim
				c.Formats = []*format.Format{format.Markdown}
			})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range tc.want {
				if _, err := os.Stat(filepath.Join(out, name)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestBadNameOnce: a --name that names a variable or role the template
// lacks fails once, before any row, with the closest name; nothing is
// written.
func TestBadNameOnce(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{`{{ .customer.nmae }}`, `--name: no variable "customer.nmae" in this template; did you mean "customer.name"?`},
		{`{{ $.customer.nmae | slug }}-{{ .row }}`, `no variable "customer.nmae"`},
		{`{{ if .deletion.dayz }}x{{ end }}`, `did you mean "deletion.days"?`},
		{`{{ role $ "customer-nam" }}`, `role "customer-nam": no such role`},
	} {
		out := t.TempDir()
		var failed int
		_, err := run(t, prepare(t), rows.CSV, customers, out, func(c *batch.Config) {
			c.Name = tc.name
			c.OnError = func(error) { failed++ }
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 || failed != 0 {
			t.Errorf("%s: %d rows failed, %d files written", tc.name, failed, len(entries))
		}
	}
	// Groups of variables, the row and the default name are fine.
	for _, name := range []string{`{{ .customer.name }}-{{ .row }}`, `{{ with .customer }}{{ .name }}{{ end }}`, filename.Default} {
		if _, err := run(t, prepare(t), rows.CSV, "customer.name,last_updated\nGlobex,2026-01-01\n", t.TempDir(), func(c *batch.Config) {
			c.Name = name
			c.Formats = []*format.Format{format.Markdown}
		}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// workbook writes an .xlsx with excelize, as a spreadsheet user would
// save one: a header row, then rows of text, numbers, dates and booleans.
func workbook(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	// A date cell shown in a locale's format: stored as a day count.
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Sheet1", "C2", "C3", style)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestXLSX reads a workbook: values as stored (a number, a date cell, a
// name with a separator in it), an empty row skipped, and a bad cell
// named by its reference.
func TestXLSX(t *testing.T) {
	data := workbook(t, [][]any{
		{"customer.name", "deletion.days", "last_updated"},
		{"Globex; Inc", 45, time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)},
		{"Initech", "thirty", time.Date(2026, 1, 11, 0, 0, 0, 0, time.UTC)},
		{},
		{"Hooli", 30, "2026-01-12"},
	})
	out := t.TempDir()
	var errs []string
	sum, err := run(t, prepare(t), rows.XLSX, data, out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.OnError = func(err error) { errs = append(errs, err.Error()) }
	})
	if sum.Written != 2 || sum.Failed != 1 || err == nil {
		t.Fatalf("%+v, %v", sum, err)
	}
	if len(errs) != 1 || errs[0] != `row 3, column B (deletion.days): must be an integer from 1 to 365, got "thirty"` {
		t.Errorf("errors %q", errs)
	}
	md, err := os.ReadFile(filepath.Join(out, "Globex; Inc.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "45 days") || !strings.Contains(string(md), "2026") {
		t.Errorf("the document does not carry the row's values:\n%.600s", md)
	}
	if _, err := os.Stat(filepath.Join(out, "Hooli.md")); err != nil {
		t.Error(err)
	}
	for _, bad := range []struct{ data, want string }{
		{"not a zip", "not a readable .xlsx workbook"},
		{workbook(t, [][]any{{"customer.nmae"}, {"X"}}), `did you mean "customer.name"`},
		{workbook(t, nil), "is empty"},
	} {
		if _, err := run(t, prepare(t), rows.XLSX, bad.data, t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("error %v, want %q", err, bad.want)
		}
	}
}

// TestCSVReports: beside the JSON Lines, manifest.csv and errors.csv give
// each row's customer, and a failure's column by name, for a spreadsheet;
// a customer's name that a spreadsheet would run as a formula stays text.
func TestCSVReports(t *testing.T) {
	out := t.TempDir()
	data := "customer.name,deletion.days,last_updated\nGlobex,45,2026-01-10\nInitech,thirty,2026-01-11\n\"=HYPERLINK(\"\"http://x\"\")\",30,2026-01-12\n"
	if _, err := run(t, prepare(t), rows.CSV, data, out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Name = `row-{{ .row }}`
	}); err == nil {
		t.Fatal("no error for the bad row")
	}
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	m := read("manifest.csv")
	if len(m) != 4 || strings.Join(m[0], ",") != "row,line,status,customer,id,files,error" {
		t.Fatalf("manifest.csv %q", m)
	}
	if m[1][2] != "written" || m[1][3] != "Globex" || !strings.HasPrefix(m[1][4], "CM-") || m[1][5] != "row-1.md" {
		t.Errorf("row 1: %q", m[1])
	}
	if m[2][2] != "failed" || m[2][3] != "Initech" || !strings.Contains(m[2][6], "thirty") {
		t.Errorf("row 2: %q", m[2])
	}
	if m[3][3] != `'=HYPERLINK("http://x")` {
		t.Errorf("a formula as a customer's name: %q", m[3][3])
	}
	e := read("errors.csv")
	if len(e) != 2 || strings.Join(e[0], ",") != "row,line,customer,column,error,severity,element,article,problem" || e[1][0] != "3" || e[1][1] != "3" || e[1][2] != "Initech" || e[1][3] != "B (deletion.days)" ||
		e[1][4] != `row 3, column B (deletion.days): must be an integer from 1 to 365, got "thirty"` {
		t.Errorf("errors.csv %q", e)
	}
	for _, jr := range readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl")) {
		if jr.Customer == "" {
			t.Errorf("manifest.jsonl row %d has no customer", jr.Row)
		}
	}
}

// TestOrphans: over two shards' manifests, the documents no row claims are
// the orphans; non-document files and the batch's own files never are.
func TestOrphans(t *testing.T) {
	out := t.TempDir()
	data := "customer.name,last_updated\nGlobex,2026-01-10\nInitech,2026-01-11\nHooli,2026-01-12\n"
	for shard := range 2 {
		if _, err := run(t, prepare(t), rows.CSV, data, out, func(c *batch.Config) {
			c.Formats = []*format.Format{format.Markdown}
			c.Shard, c.Shards = shard, 2
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"Umbrella.md", "Umbrella.PDF", "notes.txt", ".hidden.md"} {
		if err := os.WriteFile(filepath.Join(out, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exts := []string{".md", ".pdf"}
	got, err := batch.Orphans(out, exts)
	if err != nil || strings.Join(got, " ") != "Umbrella.PDF Umbrella.md" {
		t.Fatalf("orphans %q, %v", got, err)
	}
	if _, err := batch.RemoveOrphans(out, exts); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]bool{"Umbrella.md": false, "Umbrella.PDF": false, "notes.txt": true, "Globex.md": true, "Hooli.md": true, "Initech.md": true} {
		if _, err := os.Stat(filepath.Join(out, n)); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", n, err == nil, want)
		}
	}
	if _, err := batch.Orphans(t.TempDir(), exts); err == nil {
		t.Error("a folder without a manifest has no error")
	}
}
