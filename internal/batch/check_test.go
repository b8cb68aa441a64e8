package batch_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/rows"
)

// smallChecklist replaces the GDPR checklist of the fixture library: one
// element every document covers and one limit on the row's values, so
// that a row passes or fails by its values alone.
const smallChecklist = `id: gdpr-art28
name: Small checklist
source: a test
elements:
  - id: duration
    ref: Art. 28(3)
    title: Duration of the processing
    explain: The contract must say how long the processing lasts.
    patterns: ['duration']
limits:
  - id: breach-notice-hours
    ref: Art. 33(1), (2)
    title: Breach notice within 48 hours at the latest
    value: incident.notice_hours
    fails: and .incident.notice_hours (gt .incident.notice_hours 48)
    why: a processor's notice later than 48 hours leaves the controller less than a day
`

// checkRows: Globex passes the check, Initech's 72-hour breach notice
// fails it.
const checkRows = `customer.name,incident.notice_hours,last_updated
Globex,24,2026-01-10
Initech,72,2026-01-11
`

// prepareChecked prepares the fixture library, with smallChecklist for
// the GDPR's and edits applied to the copy.
func prepareChecked(t *testing.T, edits ...func(fstest.MapFS)) *library.Prepared {
	t.Helper()
	m := librarytest.Copy(t)
	m["templates/checklists/gdpr-art28.yaml"] = &fstest.MapFile{Data: []byte(smallChecklist)}
	for _, edit := range edits {
		edit(m)
	}
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Files: []library.Input{{Name: "base.yaml", Data: []byte(strings.Replace(base, "jurisdiction: eu", "jurisdiction: de", 1))}}, Date: runDay})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCheckFail: with --check, the row whose document fails the check is
// failed, not written, and its errors record names the limit, the article
// and the value; the other row is written. The next run tries it again.
func TestCheckFail(t *testing.T) {
	p := prepareChecked(t)
	out := t.TempDir()
	mod := func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Check = batch.CheckFail
	}
	sum, err := run(t, p, rows.CSV, checkRows, out, mod)
	if !errors.Is(err, batch.ErrRowsFailed) {
		t.Fatalf("error %v, want ErrRowsFailed", err)
	}
	if sum.Written != 1 || sum.Failed != 1 || sum.Warned != 0 {
		t.Errorf("summary %+v, want 1 written and 1 failed", sum)
	}
	if _, err := os.Stat(filepath.Join(out, "Globex.md")); err != nil {
		t.Errorf("the row that passes is not written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "Initech.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the row that fails the check is written: %v", err)
	}
	errs := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
	if len(errs) != 1 {
		t.Fatalf("errors file %+v, want one record", errs)
	}
	e := errs[0]
	if e.Row != 2 || e.Customer != "Initech" || e.Warning || len(e.Check) != 1 {
		t.Fatalf("errors record %+v, want row 2, Initech, one check problem", e)
	}
	if c := e.Check[0]; c.Element != "breach-notice-hours" || c.Ref != "Art. 33(1), (2)" || c.Problem != "limit: incident.notice_hours is 72" {
		t.Errorf("check problem %+v, want the breach-notice limit with its value", c)
	}
	if !strings.Contains(e.Error, "check failed: breach-notice-hours (Art. 33(1), (2)) limit: incident.notice_hours is 72") {
		t.Errorf("error %q does not name the limit", e.Error)
	}
	recs := readJSONL[batch.Record](t, filepath.Join(out, "manifest.jsonl"))
	if len(recs) != 2 || recs[0].Status != batch.Written || recs[1].Status != batch.Failed || !strings.HasPrefix(recs[1].Error, "check failed: ") {
		t.Errorf("manifest %+v, want row 1 written and row 2 failed by the check", recs)
	}
	lines := readCSV(t, filepath.Join(out, "errors.csv"))
	if len(lines) != 2 || strings.Join(lines[0], ",") != "row,line,customer,column,error,severity,element,article,problem" ||
		strings.Join(lines[1][5:], "|") != "error|breach-notice-hours|Art. 33(1), (2)|limit: incident.notice_hours is 72" {
		t.Errorf("errors.csv %q", lines)
	}

	// Resume: the failed row is tried again, the written one skipped.
	sum, err = run(t, p, rows.CSV, checkRows, out, mod)
	if !errors.Is(err, batch.ErrRowsFailed) || sum.Skipped != 1 || sum.Failed != 1 {
		t.Errorf("second run: %+v, %v; want 1 skipped and 1 failed again", sum, err)
	}
	// Without the failing value, the row is written.
	sum, err = run(t, p, rows.CSV, strings.Replace(checkRows, "Initech,72", "Initech,48", 1), out, mod)
	if err != nil || sum.Skipped != 1 || sum.Written != 1 {
		t.Errorf("third run: %+v, %v; want 1 skipped and 1 written", sum, err)
	}
}

// TestCheckWarn: with --check=warn both rows are written and recorded, and
// the one that fails the check is listed as a warning with its problems.
func TestCheckWarn(t *testing.T) {
	p := prepareChecked(t)
	out := t.TempDir()
	var warned []string
	sum, err := run(t, p, rows.CSV, checkRows, out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Check = batch.CheckWarn
		c.OnCheckWarning = func(err error) { warned = append(warned, err.Error()) }
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Written != 2 || sum.Failed != 0 || sum.Warned != 1 {
		t.Errorf("summary %+v, want 2 written, 1 with warnings", sum)
	}
	for _, n := range []string{"Globex.md", "Initech.md"} {
		if _, err := os.Stat(filepath.Join(out, n)); err != nil {
			t.Errorf("%s not written: %v", n, err)
		}
	}
	errs := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
	if len(errs) != 1 || errs[0].Row != 2 || !errs[0].Warning || len(errs[0].Check) != 1 || errs[0].Check[0].Element != "breach-notice-hours" {
		t.Fatalf("errors file %+v, want row 2 as a warning naming breach-notice-hours", errs)
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "row 3: ") {
		t.Errorf("warnings %q", warned)
	}
	lines := readCSV(t, filepath.Join(out, "errors.csv"))
	if len(lines) != 2 || lines[1][5] != "warning" || lines[1][6] != "breach-notice-hours" {
		t.Errorf("errors.csv %q", lines)
	}
	// Unchecked, the same rows are written without a word.
	out2 := t.TempDir()
	if sum, err := run(t, p, rows.CSV, checkRows, out2, markdownOnly); err != nil || sum.Written != 2 {
		t.Errorf("unchecked: %+v, %v", sum, err)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
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

// uncheckedRows: Globex under German law is checked and passes; Tata under
// Indian law, to which no checklist of processor rules applies once
// TestCheckUnchecked takes India's out of the library, is unchecked.
const uncheckedRows = `customer.name,jurisdiction,incident.notice_hours,last_updated
Globex,de,24,2026-01-10
Tata,in,24,2026-01-11
`

// TestCheckUnchecked: with --check, a row no checklist of processor rules
// applies to fails the check as "unchecked", naming its jurisdiction, and
// is not written; with --allow-unchecked too it is written; with
// --check=warn it is written with the warning.
func TestCheckUnchecked(t *testing.T) {
	p := prepareChecked(t, func(m fstest.MapFS) {
		librarytest.Replace(t, m, "templates/jurisdictions.yaml", "\n  checklist: dpdp-processor\n", "\n  checklist: none\n")
	})
	out := t.TempDir()
	sum, err := run(t, p, rows.CSV, uncheckedRows, out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Check = batch.CheckFail
	})
	if !errors.Is(err, batch.ErrRowsFailed) || sum.Written != 1 || sum.Failed != 1 {
		t.Fatalf("summary %+v, %v; want 1 written and 1 failed", sum, err)
	}
	if _, err := os.Stat(filepath.Join(out, "Tata.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the unchecked row is written: %v", err)
	}
	const says = "no checklist of processor rules for India (in): this document's obligations are unchecked"
	errs := readJSONL[batch.ErrorRecord](t, filepath.Join(out, "errors.jsonl"))
	if len(errs) != 1 || errs[0].Customer != "Tata" || len(errs[0].Check) != 1 || errs[0].Check[0].Problem != "unchecked" ||
		errs[0].Check[0].Message != says || errs[0].Error != "check failed: "+says {
		t.Fatalf("errors file %+v, want Tata unchecked", errs)
	}
	lines := readCSV(t, filepath.Join(out, "errors.csv"))
	if len(lines) != 2 || lines[1][2] != "Tata" || lines[1][5] != "error" || lines[1][8] != "unchecked" {
		t.Errorf("errors.csv %q", lines)
	}

	// --allow-unchecked: the row is written, and nothing is listed for it.
	sum, err = run(t, p, rows.CSV, uncheckedRows, out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Check = batch.CheckFail
		c.AllowUnchecked = true
	})
	if err != nil || sum.Failed != 0 || sum.Warned != 0 {
		t.Fatalf("allowed: %+v, %v", sum, err)
	}
	if _, err := os.Stat(filepath.Join(out, "Tata.md")); err != nil {
		t.Errorf("allowed, the unchecked row is not written: %v", err)
	}
	// Allowing it is part of the row's hash: a run that does not allow
	// it checks the row again, and it fails.
	sum, err = run(t, p, rows.CSV, uncheckedRows, out, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Check = batch.CheckFail
	})
	if !errors.Is(err, batch.ErrRowsFailed) || sum.Failed != 1 {
		t.Errorf("not allowed again: %+v, %v; want Tata failed, not skipped", sum, err)
	}

	// --check=warn without it: written, with the warning.
	out2 := t.TempDir()
	sum, err = run(t, p, rows.CSV, uncheckedRows, out2, func(c *batch.Config) {
		c.Formats = []*format.Format{format.Markdown}
		c.Check = batch.CheckWarn
	})
	if err != nil || sum.Written != 2 || sum.Warned != 1 {
		t.Fatalf("warn: %+v, %v", sum, err)
	}
	errs = readJSONL[batch.ErrorRecord](t, filepath.Join(out2, "errors.jsonl"))
	if len(errs) != 1 || errs[0].Customer != "Tata" || !errs[0].Warning || errs[0].Check[0].Problem != "unchecked" {
		t.Errorf("warn: errors file %+v", errs)
	}
}
