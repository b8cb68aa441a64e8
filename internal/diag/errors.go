// Package diag provides the position-carrying error used across Clausemark.
//
// An [Error] names the file, line and column of a problem and, where one is
// involved, the variable path; a [List] gathers every problem found in one
// pass so that a user sees them all at once rather than one per run.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem at a position in an input file, optionally about one
// variable. It prints as "file:line:col: variable "path": message"; the
// parts that are unknown are left out.
type Error struct {
	File     string // path of the input, relative to the library or as given by the user
	Line     int    // 1-based line, 0 if unknown
	Col      int    // 1-based column, 0 if unknown
	Variable string // variable path such as "deletion.days", empty if none
	Err      error
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	if e.Variable != "" {
		fmt.Fprintf(&b, "variable %q: ", e.Variable)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error so that [errors.Is] and [errors.As]
// see through the position.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error at file:line:col about variable, with a formatted
// message. The %w verb wraps as with [fmt.Errorf].
func Errorf(file string, line, col int, variable, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Col: col, Variable: variable, Err: fmt.Errorf(format, args...)}
}

// List is a set of problems found together. The zero value is ready to use.
type List []*Error

// Add appends err to the list. A nil err is ignored; an error that is not an
// *Error (or a List) is kept without a position.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var list List
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) && e == err {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Err: err})
}

// Error joins the problems, one per line.
func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the problems so that [errors.Is] and [errors.As] look at each.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Err returns nil for an empty list, and otherwise the list sorted by file,
// line and column (problems without a file keep their order at the end).
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	sorted := append(List(nil), l...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if (a.File == "") != (b.File == "") {
			return a.File != ""
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return sorted
}

// MaxQuote is the number of characters of a value that [Quote] keeps: an
// error message quotes enough of a bad value to find it, never all of it.
const MaxQuote = 100

// Quote returns s as a Go-quoted string, cut to its first [MaxQuote]
// characters with the full length noted when it is longer.
func Quote(s string) string {
	n := 0
	for i := range s {
		if n == MaxQuote {
			return strconv.Quote(s[:i]) + fmt.Sprintf("… (%d characters)", utf8.RuneCountInString(s))
		}
		n++
	}
	return strconv.Quote(s)
}

// Context is an error with what was being done when it happened: the
// command ("render"), the flag ("--vars") or the input ("row 3"). It is
// the one wrapper that adds words to an error; [Lines] puts its words
// before each problem of a List inside it.
type Context struct {
	Context string
	Err     error
}

// Wrap returns err in context, or nil if err is nil.
func Wrap(context string, err error) error {
	if err == nil {
		return nil
	}
	return &Context{Context: context, Err: err}
}

// Error implements the error interface: "context: error".
func (c *Context) Error() string { return c.Context + ": " + c.Err.Error() }

// Unwrap returns the error in context.
func (c *Context) Unwrap() error { return c.Err }

// Lines returns err as the lines a person reads, one per problem: each
// problem of a List on its own line, with the contexts around the list
// before it, and multi-line messages split into their non-blank lines.
func Lines(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	switch e := err.(type) {
	case *Context:
		for _, l := range Lines(e.Err) {
			out = append(out, e.Context+": "+l)
		}
		return out
	case List:
		for _, p := range e {
			out = append(out, Lines(p)...)
		}
		return out
	}
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
