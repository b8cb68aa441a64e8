package rows

import (
	"errors"
	"testing"

	"github.com/clausemark/clausemark/internal/vars"
)

// TestCellText: a cell's kind is checked against its variable's: what
// works stays (whole numbers stored as numbers, dates as day counts, text
// holding numbers or dates, TRUE/FALSE for a yes/no), and a cell of the
// wrong kind is a CellKindError rather than a value nobody typed.
func TestCellText(t *testing.T) {
	var (
		integer = &vars.Var{Path: "deletion.days", Kind: vars.KindInteger}
		amount  = &vars.Var{Path: "liability.cap.amount", Kind: vars.KindAmount}
		date    = &vars.Var{Path: "last_updated", Kind: vars.KindDate}
		boolean = &vars.Var{Path: "signature_block", Kind: vars.KindBool}
		text    = &vars.Var{Path: "customer.name", Kind: vars.KindText}
	)
	num := func(s string) cell { return cell{kind: cellNumber, text: s} }
	dateCell := func(s string) cell { return cell{kind: cellNumber, date: true, text: s} }
	str := func(s string) cell { return cell{kind: cellString, text: s} }
	tf := func(s string) cell { return cell{kind: cellBool, text: s} }
	tests := []struct {
		name     string
		v        *vars.Var
		c        cell
		date1904 bool
		want     string // the text, or the error's message
		wrong    bool   // a CellKindError
	}{
		{"integer as a number", integer, num("30"), false, "30", false},
		{"integer as text", integer, str("30"), false, "30", false},
		{"TRUE for an integer", integer, tf("1"), false, "a TRUE/FALSE cell where a whole number is expected", true},
		{"a date for an integer", integer, dateCell("30"), false, "a date cell where a whole number is expected", true},
		{"a formula error", integer, cell{kind: cellError, text: "#N/A"}, false, `a formula error ("#N/A") where a whole number is expected`, true},
		{"TRUE for an amount", amount, tf("1"), false, "a TRUE/FALSE cell where an amount is expected", true},
		{"amount as a number", amount, num("250000.5"), false, "250000.5", false},
		{"date cell", date, dateCell("46032"), false, "2026-01-10", false},
		{"date cell with a time", date, dateCell("46032.75"), false, "2026-01-10", false},
		{"unstyled day count", date, num("46032"), false, "2026-01-10", false},
		{"date as text", date, str("2026-01-10"), false, "2026-01-10", false},
		{"1904 workbook", date, dateCell("44570"), true, "2026-01-10", false},
		{"1e-300", date, dateCell("1e-300"), false, "a date cell where a date is expected: day 1e-300 is outside 1900-03-01 to 9999-12-31", true},
		{"negative day", date, num("-5"), false, `a number cell ("-5") where a date is expected: day -5 is outside 1900-03-01 to 9999-12-31`, true},
		{"not finite", date, num("NaN"), false, `a number cell ("NaN") where a date is expected: it is not a day count`, true},
		{"infinite", date, num("+Inf"), false, `a number cell ("+Inf") where a date is expected: it is not a day count`, true},
		{"past 9999", date, num("2958466"), false, `a number cell ("2958466") where a date is expected: day 2958466 is outside 1900-03-01 to 9999-12-31`, true},
		{"Excel's 29 February 1900", date, dateCell("60"), false, "a date cell where a date is expected: day 60 is outside 1900-03-01 to 9999-12-31", true},
		{"TRUE for a date", date, tf("1"), false, "a TRUE/FALSE cell where a date is expected", true},
		{"TRUE", boolean, tf("1"), false, "true", false},
		{"FALSE", boolean, tf("0"), false, "false", false},
		{"TRUE holding 2", boolean, tf("2"), false, `a TRUE/FALSE cell where TRUE or FALSE is expected: it holds "2", not 1 or 0`, true},
		{"1 as a number", boolean, num("1"), false, "true", false},
		{"false as text", boolean, str("false"), false, "false", false},
		{"TRUE for text", text, tf("1"), false, "a TRUE/FALSE cell where text is expected", true},
		{"a date for text", text, dateCell("46032"), false, "a date cell where text is expected", true},
		{"a number for text", text, num("12345"), false, "12345", false},
		{"ISO date cell", date, cell{kind: cellISODate, text: "2026-01-10T00:00:00Z"}, false, "2026-01-10", false},
		{"ISO date cell for an integer", integer, cell{kind: cellISODate, text: "2026-01-10"}, false, "a date cell where a whole number is expected", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cellText(tt.v, tt.c, tt.date1904)
			var ke *CellKindError
			switch {
			case tt.wrong && (!errors.As(err, &ke) || err.Error() != tt.want):
				t.Errorf("cellText = %q, %v; want the error %q", got, err, tt.want)
			case !tt.wrong && (err != nil || got != tt.want):
				t.Errorf("cellText = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, "d/m/yy": true, "[$-409]mmmm d, yyyy": true, "h:mm AM/PM": true, "[h]:mm": true,
		"General": false, "0.00": false, "#,##0 \"days\"": false, "0.00E+00": false, "[Red]0.00": false, `0\d`: false, "@": false,
	} {
		if got := dateFormat(code); got != want {
			t.Errorf("dateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}
