package vars

import (
	"fmt"
	"strings"
	"time"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/shopspring/decimal"
)

// Text is a single line of user-supplied text. It prints as Markdown with
// all markup characters escaped; compare it with eq as a plain string.
type Text string

// String returns the text escaped for Markdown.
func (t Text) String() string { return EscapeMarkdown(string(t)) }

// Int is a whole number. It prints as digits; [Int.Words] gives the legal
// style "thirty (30)".
type Int int64

// String returns the number in digits.
func (n Int) String() string { return fmt.Sprint(int64(n)) }

// Words returns the number in words followed by digits: "thirty (30)".
func (n Int) Words() string { return fmt.Sprintf("%s (%d)", NumberWords(int64(n)), int64(n)) }

// Amount is a non-negative sum of money without its currency, kept as an
// exact decimal. It prints with thousands separators: "1,000,000" or
// "2,500.50".
type Amount struct{ d decimal.Decimal }

// MaxAmountDigits bounds the digits of an amount, before and after the
// point together: far more than any sum in a contract, and few enough that
// no arithmetic or number-to-words on it costs anything.
const MaxAmountDigits = 24

// ParseAmount parses a decimal such as "1000000", "1,000,000", "2500.5" or
// "1,000.50". Commas are accepted only as thousands separators, between
// groups of three digits; "2500,50" and "1,5" are errors rather than
// guesses.
func ParseAmount(s string) (Amount, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	intPart, frac, hasPoint := strings.Cut(strings.TrimPrefix(t, "-"), ".")
	bad := func() (Amount, error) {
		return Amount{}, fmt.Errorf("must be an amount such as 250000, 1,000,000 or 2500.50, got %s", diag.Quote(s))
	}
	if intPart == "" || (hasPoint && frac == "") {
		return bad()
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return Amount{}, fmt.Errorf("must use a point for decimals (2500.50) and commas only between groups of three digits (1,000,000), got %s", diag.Quote(s))
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return Amount{}, fmt.Errorf("must use a point for decimals (2500.50) and commas only between groups of three digits (1,000,000), got %s", diag.Quote(s))
			}
		}
		intPart = strings.Join(groups, "")
	}
	if !isDigits(intPart) || (hasPoint && !isDigits(frac)) {
		return bad()
	}
	if len(frac) > 2 {
		return Amount{}, fmt.Errorf("must have at most two decimal places, got %s", diag.Quote(s))
	}
	if len(strings.TrimLeft(intPart, "0"))+len(frac) > MaxAmountDigits {
		return Amount{}, fmt.Errorf("must have at most %d digits, got %d", MaxAmountDigits, len(intPart)+len(frac))
	}
	clean := intPart
	if neg {
		clean = "-" + clean
	}
	if hasPoint {
		clean += "." + frac
	}
	d, err := decimal.NewFromString(clean)
	if err != nil {
		return bad()
	}
	return Amount{d}, nil
}

// String formats the amount with comma thousands separators and two
// decimals when it has a fractional part.
func (a Amount) String() string {
	places := int32(0)
	if !a.d.Equal(a.d.Truncate(0)) {
		places = 2
	}
	s := a.d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Sign reports -1, 0 or +1 for a negative, zero or positive amount.
func (a Amount) Sign() int { return a.d.Sign() }

// Date is a calendar day that prints itself in the document's date format.
type Date struct {
	t      time.Time
	layout string
}

// DateLayouts maps the names accepted by a date_format variable to Go time
// layouts.
var DateLayouts = map[string]string{
	"long":           "January 2, 2006",
	"short":          "Jan 2, 2006",
	"day-month-year": "2 January 2006",
	"dd/mm/yyyy":     "02/01/2006",
	"mm/dd/yyyy":     "01/02/2006",
	"iso":            "2006-01-02",
}

const isoLayout = "2006-01-02"

// ParseDate parses a date written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(isoLayout, strings.TrimSpace(s))
	if err != nil {
		if isoShaped(strings.TrimSpace(s)) {
			return Date{}, fmt.Errorf("must be a day of the calendar, got %s: written YYYY-MM-DD, but no such month or day", diag.Quote(s))
		}
		return Date{}, fmt.Errorf("must be a date written YYYY-MM-DD, got %s", diag.Quote(s))
	}
	return Date{t: t, layout: DateLayouts["long"]}, nil
}

// isoShaped reports whether s is written as YYYY-MM-DD is, digits and
// dashes, whether or not it names a day (2026-02-30 does not).
func isoShaped(s string) bool {
	if len(s) != len(isoLayout) {
		return false
	}
	for i := range len(s) {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// DayOf returns the calendar day that t falls on where t is: the day of
// issue of a document issued at t, read in the issuer's time zone. Its
// clock time and zone are dropped, so the same day gives the same Date
// wherever it was read.
func DayOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), layout: DateLayouts["long"]}
}

// IsZero reports whether d is the zero Date, which no value holds.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats the date in its layout.
func (d Date) String() string { return d.t.Format(d.layout) }

// Format formats the date with a named layout from [DateLayouts] or, failing
// that, a Go time layout.
func (d Date) Format(layout string) string {
	if l, ok := DateLayouts[layout]; ok {
		layout = l
	}
	return d.t.Format(layout)
}

// ISO returns the date as YYYY-MM-DD.
func (d Date) ISO() string { return d.t.Format(isoLayout) }

// Time returns the date as a time.Time at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// WithLayout returns a copy of d that prints with layout.
func (d Date) WithLayout(layout string) Date { d.layout = layout; return d }

// Enum is one of a variable's declared values.
type Enum string

// String returns the value.
func (e Enum) String() string { return string(e) }

// Record is a row of a library data table, such as a jurisdiction: fixed
// keys with Markdown text written by the library's authors, plus its code.
type Record map[string]any

// String returns the record's name, so that printing a jurisdiction gives
// "Ireland" rather than a map.
func (r Record) String() string {
	if s, ok := r["name"].(string); ok {
		return s
	}
	return fmt.Sprint(r["code"])
}
