package batch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/batch"
)

// TestRunDate: a row without a date column is dated with the run's date
// of issue, one for every row, which the manifest keeps; a date cell
// gives the row its own; an empty date cell fails its row, naming the
// variable, rather than taking the run's date.
func TestRunDate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   string
		want   map[string]string // customer -> its PDF's date, YYYYMMDD; "" for a failed row
		failed int
	}{
		{"no date column", "customer.name,last_updated\nGlobex,2025-06-01\nInitech,2025-06-01\n",
			map[string]string{"Globex": "20260202", "Initech": "20260202"}, 0},
		{"a date column", "customer.name,last_updated,agreement.date\nGlobex,2025-06-01,2026-01-15\nInitech,2025-06-01,\nUmbrella,2025-06-01,2026-03-01\n",
			map[string]string{"Globex": "20260115", "Initech": "", "Umbrella": "20260301"}, 1},
		{"a labelled date column", "customer.name,last_updated,Date of the agreement\nGlobex,2025-06-01, \n",
			map[string]string{"Globex": ""}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			sum, err := run(t, prepare(t), "csv", tc.data, out, func(c *batch.Config) {
				c.Date = runDay
			})
			if sum.Failed != tc.failed {
				t.Fatalf("%d rows failed, want %d (%v)", sum.Failed, tc.failed, err)
			}
			for customer, date := range tc.want {
				data, err := os.ReadFile(filepath.Join(out, customer+".pdf"))
				if date == "" {
					if err == nil {
						t.Errorf("%s: written, want its row failed", customer)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(data), "/CreationDate (D:"+date+"000000") {
					t.Errorf("%s: the PDF is not dated %s", customer, date)
				}
			}
			for _, e := range errorRecords(t, out, tc.failed) {
				if e.Variable != "agreement.date" || !strings.Contains(e.Error, "required but has no value") {
					t.Errorf("error %+v, want agreement.date required", e)
				}
			}
			for _, r := range readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl")) {
				if r.Date != "2026-02-02" {
					t.Errorf("row %d: manifest date %q, want the run's, 2026-02-02", r.Row, r.Date)
				}
			}
			d, ok, err := batch.EarlierDate(out, 0, 1)
			if err != nil || !ok || d != runDay {
				t.Errorf("EarlierDate: %v, %v, %v; want the run's date", d, ok, err)
			}
		})
	}
}

// TestEarlierDateNone: a folder no run wrote to has no earlier date.
func TestEarlierDateNone(t *testing.T) {
	if d, ok, err := batch.EarlierDate(t.TempDir(), 0, 1); ok || err != nil {
		t.Errorf("EarlierDate of an empty folder: %v, %v, %v", d, ok, err)
	}
}

// errorRecords reads the errors file, which a run without failed rows
// does not leave.
func errorRecords(t *testing.T, out string, failed int) []batch.ErrorRecord {
	t.Helper()
	if failed == 0 {
		return nil
	}
	return readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
}
