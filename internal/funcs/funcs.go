// Package funcs provides the functions that clause and document templates
// may call: Sprig's deterministic functions plus Clausemark's legal-style
// helpers, each with a typed signature.
//
// Functions that would make output depend on anything but the inputs (the
// clock, randomness, the environment, the network) are left out, so the
// same inputs always give the same bytes.
package funcs

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/clausemark/clausemark/internal/vars"
)

// excluded lists Sprig functions that read the clock, randomness, the
// environment or the network, or that make keys.
var excluded = []string{
	"env", "expandenv", "getHostByName", "now", "ago", "date_modify", "dateModify", "mustDateModify",
	"randAlpha", "randAlphaNum", "randAscii", "randNumeric", "randBytes", "randInt", "uuidv4", "shuffle",
	"genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey", "genSelfSignedCert",
	"genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES",
	"bcrypt", "htpasswd",
}

// Map returns a fresh FuncMap with every function a template may call.
//
// Every function is bounded: the ones whose work grows with a count
// (repeat, until, untilStep, seq, indent, nindent) refuse a count above
// [MaxCount], the ones that can build more than they are given (replace,
// wrapWith, the regular-expression replacements, join, printf) refuse
// before building more than [MaxOutput] bytes, and any result over its
// bound is an error. text/template's print, printf, println, html, js and
// urlquery are replaced by the same functions, bounded. [StepFunc] is
// here too, doing nothing: a [Budget] gives it its work.
func Map() template.FuncMap { return build(nil) }

// MapOf is [Map] with only the functions named, and [StepFunc] and
// [PrintFunc]; a name Map does not have is left out. Each function is
// wrapped through reflect as the map is made, a microsecond or more
// apiece: a process that runs templates known beforehand, such as the
// embedded library's, wraps only the few they call.
func MapOf(names ...string) template.FuncMap {
	return build(func(name string) bool { return slices.Contains(names, name) })
}

// build makes [Map]'s functions, or those of them that want keeps.
func build(want func(name string) bool) template.FuncMap {
	m := sprig.TxtFuncMap()
	for _, name := range excluded {
		delete(m, name)
	}
	for name, fn := range bounded() {
		m[name] = fn
	}
	if want != nil {
		maps.DeleteFunc(m, func(name string, _ any) bool { return !want(name) })
	}
	for name, fn := range m {
		m[name] = typed(fn)
	}
	for name, fn := range legal() {
		if want == nil || want(name) {
			m[name] = fn
		}
	}
	for name, fn := range m {
		m[name] = checked(name, fn)
	}
	m[StepFunc] = func() string { return "" }
	m[PrintFunc] = printBound
	return m
}

// printBound is [PrintFunc] outside a budget: a value that would print as
// more than [MaxOutput] bytes, or nests deeper than [MaxDepth], is
// refused.
func printBound(v any) (any, error) {
	n, deep := Size(reflect.ValueOf(v), MaxOutput)
	switch {
	case deep:
		return nil, &LimitError{Limit: LimitDepth, Func: "the value printed", Max: MaxDepth}
	case n > MaxOutput:
		return nil, &LimitError{Limit: LimitClause, Func: "the value printed", Max: MaxOutput}
	}
	return v, nil
}

// legal returns Clausemark's own functions.
func legal() template.FuncMap {
	return template.FuncMap{
		"ref":      Ref,
		"refShort": RefShort,
		"capfirst": CapFirst,
		"words":    Words,
		"money":    Money,
		"serial":   Serial,
		"serialOr": SerialOr,
		"plural":   Plural,
		"hasValue": HasValue,
	}
}

// RefMarker opens and closes the placeholder that [Ref] writes. Assembly
// replaces it with the section number and title once the whole document is
// numbered; no value can contain these control characters.
const (
	RefOpen  = "\x1eref:"
	RefClose = "\x1f"
)

// Ref refers to the clause with the given id: assembly turns
// {{ ref "retention" }} into "Section 14 (Data Retention and Deletion)".
//
// A place within the clause, written as the clause's number continues,
// refers to a subsection, a numbered paragraph or a list item of it:
// {{ ref "deletion" "2" }} gives "Section 12.2", {{ ref "deletion" "(3)" }}
// "Section 12(3)", {{ ref "deletion" "2(2)(b)" }} "Section 12.2(2)(b)".
// Assembly checks that the document has the place.
func Ref(id string, at ...string) (string, error) {
	place, err := refPlace("ref", id, at)
	if err != nil {
		return "", err
	}
	return RefOpen + id + place + RefClose, nil
}

// RefShort refers to a clause by number alone: {{ refShort "subprocessor-list" }}
// gives "Appendix C", {{ refShort "retention" }} "Section 14". With a
// place it is [Ref] with one.
func RefShort(id string, at ...string) (string, error) {
	place, err := refPlace("refShort", id, at)
	if err != nil {
		return "", err
	}
	return RefOpen + id + RefShortSuffix + place + RefClose, nil
}

// RefShortSuffix marks a short reference inside the placeholder, and
// RefPlaceSep a place within the clause.
const (
	RefShortSuffix = "|short"
	RefPlaceSep    = "|at:"
)

// refPlace checks the place at a reference gives, if any, and returns it
// as the placeholder carries it.
func refPlace(fn, id string, at []string) (string, error) {
	switch {
	case len(at) == 0:
		return "", nil
	case len(at) > 1:
		return "", fmt.Errorf("%s %q: one place within the clause, got %d", fn, id, len(at))
	case !ValidPlace(at[0]):
		return "", fmt.Errorf("%s %q %q: a place is a subsection, a paragraph or a list item as the clause's number continues: 2, (3), 2(2)(b)", fn, id, at[0])
	}
	return RefPlaceSep + at[0], nil
}

// ValidPlace reports whether at is a place within a clause: a subsection
// number ("2", "2.1"), then any number of parenthesized numbers or
// letters ("(2)", "(b)", "(iv)"), one at least in all.
func ValidPlace(at string) bool {
	sub, rest := at, ""
	if i := strings.IndexByte(at, '('); i >= 0 {
		sub, rest = at[:i], at[i:]
	}
	if sub == "" && rest == "" {
		return false
	}
	if sub != "" {
		for _, n := range strings.Split(sub, ".") {
			if n == "" || strings.TrimLeft(n, "0123456789") != "" {
				return false
			}
		}
	}
	for rest != "" {
		end := strings.IndexByte(rest, ')')
		if rest[0] != '(' || end < 2 {
			return false
		}
		for _, r := range rest[1:end] {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
		rest = rest[end+1:]
	}
	return true
}

// CapFirst upper-cases the first letter: "the courts of Ireland" becomes
// "The courts of Ireland", for library text that starts a sentence.
func CapFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// Words writes n as contracts do: {{ words 5 }} gives "five (5)".
func Words(n int64) string { return vars.Int(n).Words() }

// Money writes an amount with its ISO 4217 currency code:
// {{ money .liability.cap.amount .liability.cap.currency }} gives "EUR 1,000,000".
func Money(a vars.Amount, currency vars.Enum) string {
	return string(currency) + " " + a.String()
}

// Serial joins items with commas and a serial comma before "and":
// "a", "a and b", "a, b, and c".
func Serial(items []any) string { return join(items, "and") }

// SerialOr is [Serial] with "or".
func SerialOr(items []any) string { return join(items, "or") }

func join(items []any, conj string) string {
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = fmt.Sprint(it)
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	case 2:
		return s[0] + " " + conj + " " + s[1]
	}
	return strings.Join(s[:len(s)-1], ", ") + ", " + conj + " " + s[len(s)-1]
}

// Plural returns one when n is 1 and many otherwise: {{ plural .deletion.days "day" "days" }}.
func Plural(n vars.Int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// HasValue reports whether a variable has a value: false for nil, an empty
// text and an empty list.
func HasValue(x any) bool {
	switch v := x.(type) {
	case nil:
		return false
	case vars.Text:
		return v != ""
	case []any:
		return len(v) > 0
	}
	return true
}
