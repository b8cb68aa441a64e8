package rows

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/vars"
	"github.com/xuri/excelize/v2"
)

// operatorSheet is a spreadsheet in the operator's words: the form's
// labels as headers (one with its group), a jurisdiction and a frequency
// by their labels, subprocessors in numbered columns, and a bad deletion
// period in row 6, column E.
var operatorSheet = [][]string{
	{"Customer name", "Governing law", "How often data is transferred", "Terms breach notice", "Deletion period", "Subprocessor 1 name", "subprocessors.1.purpose", "Subprocessor 1 country", "Subprocessor 2 name", "Subprocessor 2 purpose", "Subprocessor 2 country"},
	{"Globex", "Ireland", "Once", "48", "30", "AWS", "Hosting", "Ireland", "Zendesk", "Support", "US"},
	{"Initech", "germany", "continuously", "72", "45", "", "", "", "", "", ""},
	{"Umbrella", "The European Union", "", "", "60", "", "", "", "Stripe", "Payments", "Ireland"},
	{"Hooli", "ie", "", "", "90", "Mailgun", "", "", "", "", ""},
	{"Acme", "uk", "", "", "thirty", "", "", "", "", "", ""},
}

func csvText(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func book(t *testing.T, rows [][]string) string {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestOperatorWords reads the same sheet as CSV and as a workbook: the
// labels name the variables, the value labels the values, the numbered
// columns the subprocessors (an item left empty is no item), and the bad
// cell is "row 6, column E (Deletion period)" in both.
func TestOperatorWords(t *testing.T) {
	schema := fullSchema(t)
	for _, tc := range []struct{ kind, data string }{
		{CSV, csvText(operatorSheet)},
		{XLSX, book(t, operatorSheet)},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			src, err := Open(tc.kind, "customers", strings.NewReader(tc.data), schema, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for r, ok := src.Next(); ok; r, ok = src.Next() {
				if r.Err != nil {
					got = append(got, r.Err.Error())
					continue
				}
				got = append(got, describe(r.Set))
			}
			want := []string{
				"customer.name=Globex deletion.days=30 incident.notice_hours=48 jurisdiction=ie subprocessors=[AWS/Hosting/IE Zendesk/Support/US] transfer.frequency=one-off",
				"customer.name=Initech deletion.days=45 incident.notice_hours=72 jurisdiction=de transfer.frequency=continuous",
				"customer.name=Umbrella deletion.days=60 jurisdiction=eu subprocessors=[Stripe/Payments/IE]",
				"row 5, column F (Subprocessor 1 name): Subprocessor 1 needs its Purpose and Country too",
				`row 6, column E (Deletion period): must be an integer from 1 to 365, got "thirty"`,
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// describe prints a row's values in path order, a list of subprocessors
// as name/purpose/country.
func describe(set vars.Set) string {
	var out []string
	for p, v := range set {
		s := fmt.Sprint(vars.Plain(v.V))
		if l, ok := v.V.([]any); ok {
			var items []string
			for _, it := range l {
				m := it.(map[string]any)
				items = append(items, fmt.Sprintf("%v/%v/%v", vars.Plain(m["name"]), vars.Plain(m["purpose"]), m["location"].(vars.Country).Code))
			}
			s = "[" + strings.Join(items, " ") + "]"
		}
		out = append(out, p+"="+s)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestHeaderWords: every header that names nothing is reported at once,
// each with its cell and the closest name; a label two variables share,
// a list given both whole and item by item, and an item past the list's
// bound are refused.
func TestHeaderWords(t *testing.T) {
	schema := fullSchema(t)
	for _, tc := range []struct {
		head string
		want []string
	}{
		{"Custmer name,Deletion perod,jurisdiction", []string{
			`data: row 1, column A (Custmer name): "Custmer name" names no variable of this template (run 'clausemark vars TEMPLATE'); did you mean "Customer name"?`,
			`data: row 1, column B (Deletion perod): "Deletion perod" names no variable of this template (run 'clausemark vars TEMPLATE'); did you mean "Deletion period"?`,
		}},
		{"subprocessors,Subprocessor 1 name", []string{
			`data: row 1, column B (Subprocessor 1 name): gives subprocessors item by item, and column A (subprocessors) gives it whole: keep one or the other`,
		}},
		{"Address line 1", []string{
			`data: row 1, column A (Address line 1): could be a column of customer.address or of processor.address: write the path, such as customer.address.1`,
		}},
		{"customer.address.9", []string{
			`data: row 1, column A (customer.address.9): numbers item 9 of customer.address, which takes items 1 to 8`,
		}},
		{"CUSTOMER NAME,customer.name", []string{
			`data: row 1, column B (customer.name): repeats column A (CUSTOMER NAME)`,
		}},
	} {
		_, err := Open(CSV, "data", strings.NewReader(tc.head+"\n"), schema, 0)
		if err == nil {
			t.Errorf("%s: no error", tc.head)
			continue
		}
		if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n%s\nwant\n%s", tc.head, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// TestExampleRow: the row the example column marks is passed over, and
// the rows after it are numbered without it, unless IncludeExample; a
// workbook's header may be two rows, the labels above the paths.
func TestExampleRow(t *testing.T) {
	schema := fullSchema(t)
	sheet := [][]string{
		{"Example", "Customer name", "Deletion period"},
		{"example", "customer.name", "deletion.days"},
		{"yes", "Globex", "30"},
		{"", "Initech", "45"},
	}
	for _, tc := range []struct {
		kind, data string
	}{
		{CSV, csvText(append([][]string{sheet[1]}, sheet[2:]...))},
		{XLSX, book(t, sheet)},
	} {
		for _, include := range []bool{false, true} {
			src, err := OpenWith(tc.kind, "data", strings.NewReader(tc.data), schema, Options{IncludeExample: include})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for r, ok := src.Next(); ok; r, ok = src.Next() {
				got = append(got, fmt.Sprintf("%d %s %v", r.N, r.Pos, vars.Plain(r.Set["customer.name"].V)))
			}
			want := []string{"1 row 3 Initech"}
			if tc.kind == XLSX {
				want = []string{"1 row 4 Initech"}
			}
			if include {
				want = []string{"1 row 2 Globex", "2 row 3 Initech"}
				if tc.kind == XLSX {
					want = []string{"1 row 3 Globex", "2 row 4 Initech"}
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, include %v: %q, want %q", tc.kind, include, got, want)
			}
			if tt, ok := src.(Totaller); ok && tt.Total() != 2 {
				t.Errorf("%s: total %d, want 2 rows after the header", tc.kind, tt.Total())
			}
		}
	}
}

func fullSchema(t testing.TB) *vars.Schema {
	t.Helper()
	return schemaOf(t, "dpa-full")
}
