package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// clock returns a clock that reads day at 23:30 in a zone five hours
// behind UTC, where the day in UTC is already the next: the date of issue
// is the local day.
func clock(day string) func() time.Time {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		panic(err)
	}
	zone := time.FixedZone("UTC-5", -5*3600)
	at := time.Date(d.Year(), d.Month(), d.Day(), 23, 30, 0, 0, zone)
	return func() time.Time { return at }
}

// runOn runs clausemark on the clock of day, with getenv.
func runOn(day string, getenv func(string) string, args ...string) (string, string, error) {
	var stdout, stderr bytes.Buffer
	err := runAt(context.Background(), clock(day), args, getenv, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

var recordedID = regexp.MustCompile(`recorded as (CM-[0-9A-Z-]+)`)

// TestRenderDatedTheDayOfIssue renders a document without a date on one
// day and wants it dated that day, in the local time zone, and recorded:
// registry get, the next day, makes the same bytes again. A date given
// wins over the day of issue.
func TestRenderDatedTheDayOfIssue(t *testing.T) {
	for _, tc := range []struct {
		name, day string
		sets      []string
		want      string // the date the document carries, YYYY-MM-DD
	}{
		{"the day of issue", "2026-12-06", nil, "2026-12-06"},
		{"another day of issue", "2027-02-01", nil, "2027-02-01"},
		{"a date given", "2026-12-06", []string{"agreement.date=2026-11-30"}, "2026-11-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			env := testEnv(t)
			out := filepath.Join(dir, "globex.md")
			// Ojoo, in India, to a customer in the UK under UK law: the
			// UK Addendum, signed, whose start date is the agreement's.
			args := []string{"render", "--variant", "ojoo", "--set", "customer.name=Globex", "--set", "jurisdiction=uk", "--set", "customer.country=GB",
				"--set", "transfer.data_subjects=[Employees]", "--set", "transfer.data_categories=[Contact details]", "-o", out}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			_, stderr, err := runOn(tc.day, env, args...)
			if err != nil {
				t.Fatalf("render: %v\n%s", err, stderr)
			}
			m := recordedID.FindStringSubmatch(stderr)
			if m == nil {
				t.Fatalf("render did not say it recorded the document: %q", stderr)
			}
			issued, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			// The seeds' "Last updated" stays the house's date; the UK
			// Addendum starts on the agreement's.
			for _, want := range []string{"Last Updated: 29/05/2026", "Start date: " + ojooDate(t, tc.want) + ", the date of this DPA"} {
				if !bytes.Contains(issued, []byte(want)) {
					t.Errorf("the document lacks %q", want)
				}
			}
			again := filepath.Join(dir, "again.md")
			if _, stderr, err := runOn(nextDay(t, tc.day), env, "registry", "get", m[1], "-o", again); err != nil {
				t.Fatalf("registry get the next day: %v\n%s", err, stderr)
			}
			got, err := os.ReadFile(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, issued) {
				t.Errorf("registry get the next day made other bytes than those issued")
			}
			list, _, err := runOn(tc.day, env, "registry", "show", m[1], "--json")
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Date string `json:"date"`
			}
			if err := json.Unmarshal([]byte(list), &doc); err != nil {
				t.Fatalf("registry show --json: %v\n%s", err, list)
			}
			if doc.Date != tc.want {
				t.Errorf("recorded date %q, want %q", doc.Date, tc.want)
			}
		})
	}
}

// TestRenderEmptyDate wants --set with an empty date refused, naming the
// variable, on every day: never the day of issue in its place.
func TestRenderEmptyDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.md")
	_, stderr, err := runOn("2026-12-06", testEnv(t), "render", "--variant", "ojoo", "--set", "agreement.date=", "-o", out)
	var de *diag.Error
	if !errors.As(err, &de) || de.Variable != "agreement.date" || !errors.Is(err, vars.ErrRequired) {
		t.Fatalf("render with an empty date: %v, want agreement.date required\n%s", err, stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("render with an empty date wrote %s", out)
	}
}

// ojooDate writes an ISO date as Ojoo's house style does, dd/mm/yyyy.
func ojooDate(t *testing.T, iso string) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		t.Fatal(err)
	}
	return d.Format("02/01/2006")
}

func nextDay(t *testing.T, day string) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatal(err)
	}
	return d.AddDate(0, 0, 1).Format("2006-01-02")
}
