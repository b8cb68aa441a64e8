package rows

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// The kinds of cell a sheet stores.
type cellKind uint8

const (
	cellNumber  cellKind = iota // t="n" or none: a number, shown as a date when its style says so
	cellString                  // t="s", "inlineStr" or "str" (a formula's text)
	cellBool                    // t="b": TRUE or FALSE, stored 1 or 0
	cellError                   // t="e": a formula's error, such as #N/A
	cellISODate                 // t="d": a date in ISO 8601
)

// cell is one cell of a sheet as stored: its kind, whether its style
// shows it as a date, and its value (a shared string already looked up).
type cell struct {
	kind cellKind
	date bool
	text string
}

// describe names a cell's kind for a message.
func (c cell) describe() string {
	switch {
	case c.kind == cellBool:
		return "a TRUE/FALSE cell"
	case c.kind == cellError:
		return fmt.Sprintf("a formula error (%s)", diag.Quote(c.text))
	case c.kind == cellISODate || c.kind == cellNumber && c.date:
		return "a date cell"
	case c.kind == cellNumber:
		return fmt.Sprintf("a number cell (%s)", diag.Quote(c.text))
	}
	return "a text cell"
}

// expected says what a variable of v's kind takes, for a message.
func expected(v *vars.Var) string {
	switch v.Kind {
	case vars.KindInteger:
		return "a whole number"
	case vars.KindAmount:
		return "an amount"
	case vars.KindDate:
		return "a date"
	case vars.KindBool:
		return "TRUE or FALSE"
	case vars.KindList:
		return "a list"
	case vars.KindEnum, vars.KindJurisdiction:
		return "one of its values"
	case vars.KindCountry:
		return "a country"
	}
	return "text"
}

// CellKindError reports a cell of the wrong kind for its variable: a
// TRUE/FALSE cell where a number is expected, a date where text is, a
// number that is no date where a date is, a formula's error anywhere.
type CellKindError struct {
	Cell     string // what the cell is, as "a TRUE/FALSE cell"
	Expected string // what the variable takes, as "a whole number"
	Reason   string // why a number is no date, if it is not
}

func (e *CellKindError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%s where %s is expected: %s", e.Cell, e.Expected, e.Reason)
	}
	return fmt.Sprintf("%s where %s is expected", e.Cell, e.Expected)
}

// cellText turns a cell into the text variable v parses, checking that
// the cell's kind suits it: a date variable's day count becomes
// YYYY-MM-DD, a TRUE/FALSE cell true or false. Text cells are passed as
// they are, for the variable to parse as it parses a CSV's.
func cellText(v *vars.Var, c cell, date1904 bool) (string, error) {
	wrong := func(reason string) error {
		return &CellKindError{Cell: c.describe(), Expected: expected(v), Reason: reason}
	}
	switch c.kind {
	case cellError:
		return "", wrong("")
	case cellBool:
		if v.Kind != vars.KindBool {
			return "", wrong("")
		}
		if b, ok := oneZero(c.text); ok {
			return b, nil
		}
		return "", wrong(fmt.Sprintf("it holds %s, not 1 or 0", diag.Quote(c.text)))
	case cellISODate:
		if v.Kind != vars.KindDate {
			return "", wrong("")
		}
		day, _, _ := strings.Cut(strings.TrimSpace(c.text), "T")
		return day, nil
	case cellNumber:
		if v.Kind == vars.KindDate {
			day, reason := serialDate(c.text, date1904)
			if reason != "" {
				return "", wrong(reason)
			}
			return day, nil
		}
		if c.date {
			return "", wrong("")
		}
	}
	if b, ok := oneZero(c.text); ok && v.Kind == vars.KindBool {
		return b, nil
	}
	return c.text, nil
}

// oneZero reads 1 as true and 0 as false, as a TRUE/FALSE cell stores
// them.
func oneZero(text string) (string, bool) {
	switch strings.TrimSpace(text) {
	case "1":
		return "true", true
	case "0":
		return "false", true
	}
	return "", false
}

// The day counts of the dates a date cell may hold: 1900-03-01 (before
// it Excel counts a 29 February 1900 that never was) to 9999-12-31, or
// from 1904-01-01 in a workbook that counts from 1904.
const (
	minSerial1900 = 61
	maxSerial1900 = 2958465
	maxSerial1904 = 2957003
)

// serialDate turns a day count into YYYY-MM-DD, or says why it is no date.
// A fraction (a time of day) is dropped.
func serialDate(text string, date1904 bool) (day, reason string) {
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return "", "it is not a day count"
	}
	lo, hi, epoch := float64(minSerial1900), float64(maxSerial1900), time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		lo, hi, epoch = 0, maxSerial1904, time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if f < lo || f >= hi+1 {
		first, last := "1900-03-01", "9999-12-31"
		if date1904 {
			first = "1904-01-01"
		}
		shown := strconv.FormatFloat(f, 'g', -1, 64)
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			shown = strconv.FormatInt(int64(f), 10)
		}
		return "", fmt.Sprintf("day %s is outside %s to %s", shown, first, last)
	}
	return epoch.AddDate(0, 0, int(math.Floor(f))).Format("2006-01-02"), ""
}

// parseCellRef reads a reference such as B3 into its column and row
// (from 1); ok is false for anything else.
func parseCellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || col > maxSheetColumns {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > maxSheetRows || ref[i] == '+' || ref[i] == '-' {
		return 0, 0, false
	}
	return col, row, true
}

// An Excel sheet's size.
const (
	maxSheetColumns = 16384
	maxSheetRows    = 1048576
)
