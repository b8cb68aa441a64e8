package funcs

import (
	"errors"
	"fmt"
	"github.com/clausemark/clausemark/internal/vars"
	"io"
	"reflect"
	"text/template"
	"time"

	"github.com/clausemark/clausemark/internal/diag"
)

// StepFunc is the function that the clause package puts at the start of
// every template body and every range body when a library loads, so that
// each template call and each loop iteration is counted and the clock
// checked. Outside a [Budget] it does nothing.
const StepFunc = "_step"

// PrintFunc is the function that the clause package puts at the end of
// every action that prints ({{ .x }}, {{ $a }}, {{ list 1 2 }}), so that
// what it prints is measured before text/template formats it: fmt builds
// a value's whole text before writing any of it, so a value that would
// print as terabytes (see [Size]) must be stopped before it is formatted,
// not by the writer. It returns its argument unchanged, or an error when
// the value would print as more than a clause may write or nests deeper
// than [MaxDepth].
const PrintFunc = "_print"

// Limits bound the execution of one document's templates.
type Limits struct {
	Output  int64         // bytes one clause, and the whole document, may write
	Steps   int64         // loop iterations and template calls one document may run
	Work    int64         // bytes that functions may read and build in one document
	Timeout time.Duration // time one document may take
}

// DefaultLimits are the bounds every command uses, far above what a
// document of the shipped library needs (tens of KiB, milliseconds).
var DefaultLimits = Limits{Output: MaxOutput, Steps: 250_000, Work: 64 << 20, Timeout: 10 * time.Second}

// Budget bounds the execution of one document: every clause of it runs
// through [Budget.Execute], which counts what they write, the steps they
// run and the work their functions do, against one set of [Limits], and
// checks the clock at each. The first bound passed stops the execution
// and every later one. A Budget is for one goroutine.
//
// Why this bounds the time as well as the memory: every loop iteration
// and every template call runs [StepFunc] first, which fails past
// Limits.Steps or the deadline; between two steps a template runs only
// the actions of one body, each a bounded function call (see [Map]) or a
// write. A range over a list cannot go on forever either: a list is a
// value of the document (bounded by its schema) or the result of a
// function, of at most [MaxCount] items, and integer ranges over a
// literal above MaxCount are refused when the library loads.
type Budget struct {
	limits   Limits
	funcs    map[string]reflect.Value // the functions the templates call, by name
	deadline time.Time
	steps    int64
	work     int64
	written  int64
	clause   *limitWriter // the writer of the clause running
	err      error        // the first bound passed
	needed   []error      // values the clause running needs and lacks (vars.ErrRequired)
}

// maxNeeded bounds the missing values one clause reports together.
const maxNeeded = 64

// NewBudget returns a budget for one document whose templates were parsed
// with the functions fm. Each function runs bound to the budget: the
// clock is checked before each call, and the text it reads and the
// result it builds are charged to Limits.Work.
func NewBudget(fm template.FuncMap, l Limits) *Budget {
	b := &Budget{limits: l, funcs: make(map[string]reflect.Value, len(fm)), deadline: time.Now().Add(l.Timeout)}
	for name, fn := range fm {
		if v := reflect.ValueOf(fn); v.Kind() == reflect.Func && name != StepFunc && name != PrintFunc {
			b.funcs[name] = v
		}
	}
	return b
}

// call runs the function name with args, bound to the budget: the clock
// is checked first, and what it is given and what it builds are charged
// to the work. fn is the function's type as the template was bound to it
// (see bound); a budget whose function of that name has another type
// does not run it.
func (b *Budget) call(name string, fn reflect.Type, args []reflect.Value) ([]reflect.Value, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	v, ok := b.funcs[name]
	if !ok || v.Type() != fn {
		return nil, fmt.Errorf("function %q is not the one the template was bound to", name)
	}
	// What the function is given and what it builds are measured
	// all the way down (see Size), up to what is left of the work:
	// the walk itself is work. Arguments past MaxOutput are refused
	// by the function (see checked), so none is walked further.
	left := b.limits.Work - b.work
	var n int64
	for _, a := range args {
		s, _ := Size(a, min(left-n, MaxOutput))
		n += s
	}
	var res []reflect.Value
	if fn.IsVariadic() {
		res = v.CallSlice(args)
	} else {
		res = v.Call(args)
	}
	var err error
	if len(res) == 2 && !res[1].IsNil() {
		err = res[1].Interface().(error)
	}
	res = res[:1]
	// A value the document needs and lacks (a library function's
	// vars.ErrRequired) is noted, and the clause goes on with none, so
	// that every value it needs is reported together (see Execute).
	if err != nil && errors.Is(err, vars.ErrRequired) && len(b.needed) < maxNeeded {
		b.needed = append(b.needed, err)
		return []reflect.Value{reflect.Zero(fn.Out(0))}, nil
	}
	if res[0].IsValid() {
		s, _ := Size(res[0], min(left-n, MaxOutput))
		n += s
	}
	if b.work += n; b.work > b.limits.Work {
		b.err = &LimitError{Limit: LimitWork, Func: name, Got: b.work, Max: b.limits.Work}
		return res, b.err
	}
	return res, err
}

// check returns the bound passed, if one was, checking the clock.
func (b *Budget) check() error {
	if b.err == nil && time.Now().After(b.deadline) {
		b.err = &LimitError{Limit: LimitTime, Took: b.limits.Timeout}
	}
	return b.err
}

// step is [StepFunc] in a budget.
func (b *Budget) step() (string, error) {
	if b.steps++; b.steps > b.limits.Steps && b.err == nil {
		b.err = &LimitError{Limit: LimitSteps, Got: b.steps, Max: b.limits.Steps}
	}
	return "", b.check()
}

// print is [PrintFunc] in a budget: the value is refused when it would
// print as more than the clause, or the document, has left to write.
func (b *Budget) print(v any) (any, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	var written int64
	if b.clause != nil {
		written = b.clause.n
	}
	left := min(b.limits.Output-written, b.limits.Output-b.written)
	n, deep := Size(reflect.ValueOf(v), left)
	switch {
	case deep:
		b.err = &LimitError{Limit: LimitDepth, Func: "the value printed", Max: MaxDepth}
	case written+n > b.limits.Output:
		b.err = &LimitError{Limit: LimitClause, Func: "the value printed", Got: written + n, Max: b.limits.Output}
	case b.written+n > b.limits.Output:
		b.err = &LimitError{Limit: LimitDocument, Func: "the value printed", Got: b.written + n, Max: b.limits.Output}
	}
	return v, b.err
}

// Execute runs template t (a clause's wording, parsed from file) with data,
// writing to w, within the budget. A bound passed is returned as a
// *diag.Error at file and, where the template names one, the line and
// column of the action that passed it, wrapping the *LimitError; other
// errors are returned as text/template gives them.
func (b *Budget) Execute(t *template.Template, w io.Writer, data any, file string) error {
	if err := b.check(); err != nil {
		return &diag.Error{File: file, Err: err}
	}
	c, err := bind(t, b)
	if err != nil {
		return err
	}
	b.clause = &limitWriter{w: w, b: b}
	c.at.b = b
	err = c.t.Execute(b.clause, data)
	c.at.b = nil
	b.clause = nil
	c.release()
	needed := b.needed
	b.needed = nil
	var le *LimitError
	if err == nil || !errors.As(err, &le) {
		if len(needed) > 0 {
			// The values the clause lacks, every one it asked for; an
			// error after them may come of their being left empty.
			var l diag.List
			for _, e := range needed {
				l.Add(e)
			}
			return l
		}
		return err
	}
	// text/template places an execution error only in its message;
	// diag.Template is where such a message is read. Its column counts
	// bytes from 0; a diag.Error's counts from 1.
	pos := diag.Template(file, err)
	if pos.Line > 0 {
		pos.Col++
	}
	return &diag.Error{File: file, Line: pos.Line, Col: pos.Col, Err: le}
}

// limitWriter counts what one clause writes, failing once the clause or
// the document would pass Limits.Output. text/template stops at the
// first write error and returns it as it is.
type limitWriter struct {
	w io.Writer
	b *Budget
	n int64
}

func (lw *limitWriter) Write(p []byte) (int, error) {
	b := lw.b
	if err := b.check(); err != nil {
		return 0, err
	}
	switch n := int64(len(p)); {
	case lw.n+n > b.limits.Output:
		b.err = &LimitError{Limit: LimitClause, Got: lw.n + n, Max: b.limits.Output}
		return 0, b.err
	case b.written+n > b.limits.Output:
		b.err = &LimitError{Limit: LimitDocument, Got: b.written + n, Max: b.limits.Output}
		return 0, b.err
	}
	n, err := lw.w.Write(p)
	lw.n += int64(n)
	b.written += int64(n)
	return n, err
}
