package batch_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/rows"
)

// operatorRows is a sheet in the operator's words: the form's labels as
// headers, Ireland as a jurisdiction, the subprocessors in numbered
// columns, and a deletion period in words in row 6, column E.
var operatorRows = [][]any{
	{"Customer name", "Governing law", "Last updated", "Courts", "Deletion period", "Subprocessor 1 name", "Subprocessor 1 purpose", "Subprocessor 1 country"},
	{"Globex", "Ireland", "2026-01-15", "Cork", "30", "Amazon Web Services", "Hosting", "Ireland"},
	{"Initech", "Germany", "2026-01-15", "", "45", "", "", ""},
	{"Umbrella", "the European Union", "2026-01-15", "", "60", "Stripe", "Payments", "Ireland"},
	{"Hooli", "ie", "2026-01-15", "", "90", "", "", ""},
	{"Acme", "Ireland", "2026-01-15", "", "thirty", "", "", ""},
}

func operatorCSV() string {
	var b strings.Builder
	for _, r := range operatorRows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(c.(string))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestOperatorWords runs a batch on the same sheet as CSV and as a
// workbook: the labelled columns, Ireland and the numbered subprocessor
// columns render; the bad cell is named "row 6, column E (Deletion
// period)" on the command line and in errors.csv, alike for both.
func TestOperatorWords(t *testing.T) {
	for _, tc := range []struct{ kind, data string }{
		{rows.CSV, operatorCSV()},
		{rows.XLSX, workbook(t, operatorRows)},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			out := t.TempDir()
			var errs []string
			sum, err := run(t, prepare(t), tc.kind, tc.data, out, func(c *batch.Config) {
				c.Formats = []*format.Format{format.Markdown}
				c.OnError = func(err error) { errs = append(errs, err.Error()) }
			})
			if sum.Written != 4 || sum.Failed != 1 || err == nil {
				t.Fatalf("%+v, %v, %q; want 4 written and 1 failed", sum, err, errs)
			}
			want := `row 6, column E (Deletion period): must be an integer from 1 to 365, got "thirty"`
			if !slices.Equal(errs, []string{want}) {
				t.Errorf("errors %q, want %q", errs, want)
			}
			md, err := os.ReadFile(filepath.Join(out, "Globex.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"Amazon Web Services", "laws of Ireland", "Cork"} {
				if !strings.Contains(string(md), s) {
					t.Errorf("Globex's document lacks %q", s)
				}
			}
			if md, _ := os.ReadFile(filepath.Join(out, "Umbrella.md")); !strings.Contains(string(md), "Stripe") {
				t.Error("Umbrella's document lacks its subprocessor")
			}
			lines := readCSV(t, filepath.Join(out, "errors.csv"))
			if len(lines) != 2 || lines[1][0] != "6" || lines[1][3] != "E (Deletion period)" || lines[1][4] != want {
				t.Errorf("errors.csv %q", lines)
			}
		})
	}
}
