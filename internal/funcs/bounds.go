package funcs

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
	"github.com/clausemark/clausemark/internal/limitio"
)

// The bounds on what a template may ask for. A library is edited in pull
// requests and linted in CI, so a clause must not be able to make
// Clausemark build gigabytes or run for hours: {{ repeat 2000000000 "x" }}
// and {{ range 100000000 }} are refused when the library loads, and the
// same counts computed at execution fail there.
const (
	// MaxCount is the largest count a template may give repeat, until,
	// untilStep, seq, indent and nindent, or a range over an integer, and
	// the most items a list that a function builds may have.
	MaxCount = 10_000
	// MaxOutput is the most bytes one function may return and one clause,
	// and the whole document, may write: the bound on one library file.
	MaxOutput = limitio.Library
	// MaxWidth is the largest width or precision a printf verb may ask for.
	MaxWidth = 1_000
	// MaxDepth is how deeply the lists and maps that a function returns,
	// or is given, may nest. A document's values nest a few levels deep
	// (JSON values at most 32).
	MaxDepth = 100
)

// Limit names the bound a template passed.
type Limit int

// The bounds.
const (
	LimitCount     Limit = iota + 1 // a count given to repeat, until, untilStep, seq, indent, or a range over an integer
	LimitWidth                      // a printf width or precision
	LimitResult                     // what one function returns
	LimitClause                     // what one clause writes
	LimitDocument                   // what the whole document writes
	LimitSteps                      // loop iterations and template calls in one document
	LimitWork                       // bytes that functions read and build in one document
	LimitTime                       // the time one document takes
	LimitRecursion                  // a template that calls itself
	LimitArgs                       // what one function is given, as printed
	LimitDepth                      // lists and maps nested within each other
)

// LimitError reports a template that passed one of the bounds, at load
// time or at execution. It carries no position: the clause package and
// [Budget.Execute] put it in a *diag.Error with the clause file and line.
type LimitError struct {
	Limit Limit
	Func  string // the function or action: "repeat", "range", "printf", or a template's name for LimitRecursion
	Got   int64  // the count or size asked for, 0 when not known
	Max   int64  // the bound
	Took  time.Duration
}

func (e *LimitError) Error() string {
	switch e.Limit {
	case LimitCount:
		return fmt.Sprintf("%s %d: more than %d, the most a template may ask for", e.Func, e.Got, e.Max)
	case LimitWidth:
		return fmt.Sprintf("%s: width or precision %d is more than %d, the most a template may ask for", e.Func, e.Got, e.Max)
	case LimitResult:
		if e.Max == MaxCount {
			return fmt.Sprintf("%s: result of %d items is more than %d, the most one function may build", e.Func, e.Got, e.Max)
		}
		if e.Got > 0 {
			return fmt.Sprintf("%s: result of %d bytes is more than %s, the most one function may build", e.Func, e.Got, limitio.Size(e.Max))
		}
		return fmt.Sprintf("%s: result would print as more than %s, the most one function may build", e.Func, limitio.Size(e.Max))
	case LimitArgs:
		return fmt.Sprintf("%s: arguments would print as more than %s, the most one function may be given", e.Func, limitio.Size(e.Max))
	case LimitDepth:
		return fmt.Sprintf("%s: lists and maps nested more than %d deep, the most a template may build", e.Func, e.Max)
	case LimitClause:
		if e.Func != "" {
			return fmt.Sprintf("%s would write more than %s, the most one clause may write", e.Func, limitio.Size(e.Max))
		}
		return fmt.Sprintf("writes more than %s, the most one clause may write", limitio.Size(e.Max))
	case LimitDocument:
		if e.Func != "" {
			return fmt.Sprintf("%s would make the document more than %s, the most one document may be", e.Func, limitio.Size(e.Max))
		}
		return fmt.Sprintf("the document is more than %s, the most one document may be", limitio.Size(e.Max))
	case LimitSteps:
		return fmt.Sprintf("runs more than %d loop iterations and template calls, the most one document may run", e.Max)
	case LimitWork:
		return fmt.Sprintf("%s: functions read and build more than %s, the most one document may", e.Func, limitio.Size(e.Max))
	case LimitTime:
		return fmt.Sprintf("took longer than %v, the most one document may take", e.Took)
	case LimitRecursion:
		return fmt.Sprintf("template %q calls itself; a template may not call itself, directly or through others", e.Func)
	}
	return "template bound passed"
}

func countErr(fn string, n int64) error {
	return &LimitError{Limit: LimitCount, Func: fn, Got: n, Max: MaxCount}
}

func resultErr(fn string, n int64) error {
	return &LimitError{Limit: LimitResult, Func: fn, Got: n, Max: MaxOutput}
}

// LiteralCount returns the count that a call of function name with the
// integer arguments args asks for, when name is one of the functions whose
// work grows with a count: repeat, until, untilStep, seq, indent, nindent.
// ok is false for any other function, or arguments it cannot judge. The
// clause package calls it on the literal arguments of every call when a
// library loads.
func LiteralCount(name string, args []int64) (n int64, ok bool) {
	switch name {
	case "repeat", "until", "indent", "nindent":
		if len(args) < 1 {
			return 0, false
		}
		if name == "until" {
			return absCount(args[0]), true
		}
		return max(args[0], 0), true
	case "untilStep":
		if len(args) != 3 {
			return 0, false
		}
		return int64(min(stepCount(args[0], args[1], args[2]), 1<<62)), true
	case "seq":
		start, end, step, ok := seqArgs(args)
		if !ok {
			return 0, false
		}
		return int64(min(inclusiveCount(start, end, step), 1<<62)), true
	}
	return 0, false
}

func absCount(n int64) int64 {
	if n < 0 {
		if n == -n { // the most negative int64
			return 1 << 62
		}
		return -n
	}
	return n
}

// stepCount is how many values sprig's untilStep(start, stop, step) lists:
// start, start+step, ... up to stop (excluded), empty when step points away
// from stop. It is computed without overflow.
func stepCount(start, stop, step int64) uint64 {
	var diff, s uint64
	switch {
	case stop > start && step > 0:
		diff, s = uint64(stop)-uint64(start), uint64(step)
	case stop < start && step < 0:
		diff, s = uint64(start)-uint64(stop), uint64(-(step+1))+1
	default:
		return 0
	}
	n := diff / s
	if diff%s != 0 {
		n++
	}
	return n
}

// inclusiveCount is how many values lie from start to end, end included,
// in steps of step; zero when step points away from end or is zero.
func inclusiveCount(start, end, step int64) uint64 {
	var diff, s uint64
	switch {
	case start == end:
		return 1
	case end > start && step > 0:
		diff, s = uint64(end)-uint64(start), uint64(step)
	case end < start && step < 0:
		diff, s = uint64(start)-uint64(end), uint64(-(step+1))+1
	default:
		return 0
	}
	return diff/s + 1
}

// seqArgs reads sprig's seq arguments: seq END (from 1), seq START END, seq
// START STEP END; the step of the first two is 1 or -1 as END lies.
func seqArgs(params []int64) (start, end, step int64, ok bool) {
	switch len(params) {
	case 1:
		start, end = 1, params[0]
	case 2:
		start, end = params[0], params[1]
	case 3:
		start, step, end = params[0], params[1], params[2]
		return start, end, step, true
	default:
		return 0, 0, 0, false
	}
	step = 1
	if end < start {
		step = -1
	}
	return start, end, step, true
}

// bounded returns the versions of sprig's functions whose work or output
// grows with an argument rather than with their input, each checking the
// argument before doing any work. Where sprig's own loop could overflow
// and run forever (untilStep with a step near the largest integer), the
// function is written again with the same results.
func bounded() template.FuncMap {
	sp := sprig.TxtFuncMap()
	indent := sp["indent"].(func(int, string) string)
	nindent := sp["nindent"].(func(int, string) string)
	wrapWith := sp["wrapWith"].(func(int, string, string) string)
	regexAll := sp["regexReplaceAll"].(func(string, string, string) string)
	regexLit := sp["regexReplaceAllLiteral"].(func(string, string, string) string)
	mustAll := sp["mustRegexReplaceAll"].(func(string, string, string) (string, error))
	mustLit := sp["mustRegexReplaceAllLiteral"].(func(string, string, string) (string, error))
	join := sp["join"].(func(string, any) string)
	return template.FuncMap{
		"repeat": func(count int, str string) (string, error) {
			if count > MaxCount {
				return "", countErr("repeat", int64(count))
			}
			if n := int64(max(count, 0)) * int64(len(str)); n > MaxOutput {
				return "", resultErr("repeat", n)
			}
			return strings.Repeat(str, max(count, 0)), nil
		},
		"until": func(count int) ([]int, error) {
			step := 1
			if count < 0 {
				step = -1
			}
			return untilStep("until", 0, count, step)
		},
		"untilStep": func(start, stop, step int) ([]int, error) {
			return untilStep("untilStep", start, stop, step)
		},
		"seq": func(params ...int) (string, error) {
			p := make([]int64, len(params))
			for i, v := range params {
				p[i] = int64(v)
			}
			start, end, step, ok := seqArgs(p)
			if !ok {
				return "", nil
			}
			n := inclusiveCount(start, end, step)
			if n > MaxCount {
				return "", countErr("seq", int64(min(n, 1<<62)))
			}
			s := make([]string, n)
			for i := range s {
				s[i] = strconv.FormatInt(start+int64(i)*step, 10)
			}
			return strings.Join(s, " "), nil
		},
		"indent": func(spaces int, v string) (string, error) {
			if err := indentBound("indent", spaces, v); err != nil {
				return "", err
			}
			return indent(spaces, v), nil
		},
		"nindent": func(spaces int, v string) (string, error) {
			if err := indentBound("nindent", spaces, v); err != nil {
				return "", err
			}
			return nindent(spaces, v), nil
		},
		"replace": func(old, new, src string) (string, error) {
			n := int64(strings.Count(src, old))
			if est := int64(len(src)) + n*int64(len(new)); est > MaxOutput {
				return "", resultErr("replace", est)
			}
			return strings.ReplaceAll(src, old, new), nil
		},
		"wrapWith": func(l int, sep, str string) (string, error) {
			// At most one separator after every character.
			if est := int64(len(str)) * int64(1+len(sep)); est > MaxOutput {
				return "", resultErr("wrapWith", est)
			}
			return wrapWith(l, sep, str), nil
		},
		"regexReplaceAll": func(regex, s, repl string) (string, error) {
			if err := regexBound("regexReplaceAll", s, repl); err != nil {
				return "", err
			}
			return regexAll(regex, s, repl), nil
		},
		"regexReplaceAllLiteral": func(regex, s, repl string) (string, error) {
			if err := regexBound("regexReplaceAllLiteral", s, repl); err != nil {
				return "", err
			}
			return regexLit(regex, s, repl), nil
		},
		"mustRegexReplaceAll": func(regex, s, repl string) (string, error) {
			if err := regexBound("mustRegexReplaceAll", s, repl); err != nil {
				return "", err
			}
			return mustAll(regex, s, repl)
		},
		"mustRegexReplaceAllLiteral": func(regex, s, repl string) (string, error) {
			if err := regexBound("mustRegexReplaceAllLiteral", s, repl); err != nil {
				return "", err
			}
			return mustLit(regex, s, repl)
		},
		"join": func(sep string, v any) (string, error) {
			if l := reflect.ValueOf(v); l.Kind() == reflect.Slice || l.Kind() == reflect.Array {
				if est := int64(l.Len()) * int64(len(sep)); est > MaxOutput {
					return "", resultErr("join", est)
				}
			}
			return join(sep, v), nil
		},
		// text/template's own printing functions, the same but bounded:
		// the result check of [Map] catches {{ $s = print $s $s }} in a
		// loop, and printf's widths are checked before formatting.
		"print":   fmt.Sprint,
		"println": fmt.Sprintln,
		"printf": func(format string, args ...any) (string, error) {
			if w, star := FormatWidth(format); star {
				return "", fmt.Errorf("printf %q: a width or precision of * is not allowed", format)
			} else if w > MaxWidth {
				return "", &LimitError{Limit: LimitWidth, Func: "printf", Got: w, Max: MaxWidth}
			}
			return fmt.Sprintf(format, args...), nil
		},
		"html":     template.HTMLEscaper,
		"js":       template.JSEscaper,
		"urlquery": template.URLQueryEscaper,
	}
}

func indentBound(fn string, spaces int, v string) error {
	if spaces > MaxCount {
		return countErr(fn, int64(spaces))
	}
	lines := int64(strings.Count(v, "\n") + 1)
	if est := int64(len(v)) + lines*int64(max(spaces, 0)) + 1; est > MaxOutput {
		return resultErr(fn, est)
	}
	return nil
}

// regexBound bounds a regular-expression replacement before it runs: every
// match (at most one per byte, and one at the end) may become repl, and a
// repl that names groups ($1, ${name}) may copy, for each name, up to the
// whole of s.
func regexBound(fn, s, repl string) error {
	matches := int64(len(s) + 1)
	est := int64(len(s)) + matches*int64(len(repl)) + int64(strings.Count(repl, "$"))*int64(len(s))
	if est > MaxOutput {
		return resultErr(fn, est)
	}
	return nil
}

func untilStep(fn string, start, stop, step int) ([]int, error) {
	n := stepCount(int64(start), int64(stop), int64(step))
	if n > MaxCount {
		return nil, countErr(fn, int64(min(n, 1<<62)))
	}
	v := make([]int, n)
	for i := range v {
		v[i] = start + i*step
	}
	return v, nil
}

// FormatWidth returns the largest width or precision that the verbs of a
// printf format ask for, and whether one of them is * (taken from an
// argument).
func FormatWidth(format string) (widest int64, star bool) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) {
			c := format[i]
			switch {
			case c == '*':
				star = true
			case c >= '0' && c <= '9':
				j := i
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					j++
				}
				n, err := strconv.ParseInt(format[i:j], 10, 64)
				if err != nil {
					n = 1 << 62
				}
				// An argument index [n] is not a width, but it is
				// small in any format that works.
				widest = max(widest, n)
				i = j - 1
			case strings.IndexByte("+-# .[]", c) >= 0:
			default:
				goto verb // the verb, or %% itself
			}
			i++
		}
	verb:
	}
	return widest, star
}

// isList reports whether v, past interfaces, is a list or a map, whose
// items a function builds one by one.
func isList(v reflect.Value) (int, bool) {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return v.Len(), true
	}
	return 0, false
}

// Size estimates the bytes that fmt prints for v, walking into lists,
// maps, pointers and structures all the way down: a list of lists counts
// what each inner list prints, however often the same inner list appears
// in it. Sprig's list, dict, append and concat share their arguments
// rather than copy them, so {{ $a = list $a $a }} forty times builds a
// value of a few hundred bytes that prints as terabytes; its size here is
// what it prints. Numbers count as their widest (20 bytes), texts their
// bytes, a structure that prints itself (a date, an amount) what its
// String method gives.
//
// The walk stops as soon as the count passes limit, returning a number
// above limit, and goes no deeper than MaxDepth: deep reports a value
// nested deeper, such as a map that holds itself ({{ set $d "k" $d }}).
// Every item visited adds at least one byte, so the walk visits at most
// limit+1 items.
func Size(v reflect.Value, limit int64) (n int64, deep bool) {
	s := sizer{limit: limit}
	s.walk(v, 0)
	return s.n, s.deep
}

// A sizer walks a value for [Size]. A list or map met again (the same
// items, shared) counts what it counted the first time without a second
// walk, so the walk costs what the value holds, not what it prints.
type sizer struct {
	limit, n int64
	deep     bool
	seen     map[shared]measured
}

// shared names a list (its items, length and type) or a map.
type shared struct {
	p   uintptr
	len int
	t   reflect.Type
}

// measured is what a shared list or map counts, and how deeply it nests.
type measured struct {
	n      int64
	height int
}

var stringerType = reflect.TypeFor[fmt.Stringer]()

// scalarSize is what fmt prints at most for a value of kind k that holds
// nothing else, or 0 for kinds that may.
func scalarSize(k reflect.Kind) int64 {
	switch k {
	case reflect.Bool:
		return 5 // false
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return 20 // -9223372036854775808
	case reflect.Float32, reflect.Float64:
		return 24 // -1.7976931348623157e+308
	case reflect.Complex64, reflect.Complex128:
		return 51
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return 18 // 0xc000012345678
	}
	return 0
}

// over reports whether the walk is done: past its limit, or too deep.
func (s *sizer) over() bool { return s.n > s.limit || s.deep }

// walk adds what v prints, v being depth levels down, and returns how
// deeply v nests.
func (s *sizer) walk(v reflect.Value, depth int) (height int) {
	if s.over() {
		return 0
	}
	if depth > MaxDepth {
		s.deep = true
		return 0
	}
	if !v.IsValid() {
		s.n += 5 // <nil>
		return 0
	}
	k := v.Kind()
	if n := scalarSize(k); n > 0 {
		s.n += n
		return 0
	}
	var key shared
	switch k {
	case reflect.String:
		s.n += int64(v.Len())
		return 0
	case reflect.Interface:
		if v.IsNil() {
			s.n += 5
			return 0
		}
		return s.walk(v.Elem(), depth)
	case reflect.Pointer:
		if v.IsNil() {
			s.n += 5
			return 0
		}
		s.n++ // &
		return 1 + s.walk(v.Elem(), depth+1)
	case reflect.Struct:
		if v.CanInterface() && v.Type().Implements(stringerType) {
			s.n += int64(len(v.Interface().(fmt.Stringer).String()))
			return 0
		}
		s.n += 2 // { }
		for i := range v.NumField() {
			if s.n++; s.over() {
				return 0
			}
			height = max(height, 1+s.walk(v.Field(i), depth+1))
		}
		return height
	case reflect.Slice, reflect.Map:
		if v.Len() > 0 {
			key = shared{p: v.Pointer(), len: v.Len(), t: v.Type()}
			if m, ok := s.seen[key]; ok {
				s.n += m.n
				if depth+m.height > MaxDepth {
					s.deep = true
				}
				return m.height
			}
		}
	}
	start := s.n
	switch k {
	case reflect.Slice, reflect.Array:
		s.n += 2 // [ ]
		if n := scalarSize(v.Type().Elem().Kind()); n > 0 {
			s.n += int64(v.Len()) * (n + 1)
			break
		}
		for i := range v.Len() {
			if s.n++; s.over() {
				return 0
			}
			height = max(height, 1+s.walk(v.Index(i), depth+1))
		}
	case reflect.Map:
		s.n += 5 // map[ ]
		for it := v.MapRange(); it.Next(); {
			if s.n += 2; s.over() {
				return 0
			}
			height = max(height, 1+s.walk(it.Key(), depth+1), 1+s.walk(it.Value(), depth+1))
		}
	}
	if key.p != 0 && !s.over() {
		if s.seen == nil {
			s.seen = map[shared]measured{}
		}
		s.seen[key] = measured{n: s.n - start, height: height}
	}
	return height
}

// sizeErr returns the bound that a value of size n, nested deeper than
// MaxDepth if deep, passes, or nil: for a function's arguments (limit
// LimitArgs) or its result (LimitResult).
func sizeErr(limit Limit, name string, v reflect.Value, n int64, deep bool) error {
	switch {
	case deep:
		return &LimitError{Limit: LimitDepth, Func: name, Max: MaxDepth}
	case n <= MaxOutput:
		return nil
	case limit == LimitResult:
		for v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() == reflect.String {
			return resultErr(name, int64(v.Len()))
		}
	}
	return &LimitError{Limit: limit, Func: name, Max: MaxOutput}
}

var errorType = reflect.TypeFor[error]()

// checked wraps fn so that a call whose arguments together, or whose
// result, would print as more than MaxOutput bytes (see [Size]), nest
// deeper than MaxDepth, or whose result is a list or map of more than
// MaxCount items, is an error: no chain of calls, {{ $s = print $s $s }}
// or {{ $a = list $a $a }} in a loop, or print (print $s $s) (print $s $s),
// can build more than one bound's worth at a time, and no function (print,
// toJson, deepCopy) is given a value that would make it build more. The
// arguments are measured before the call, the result after. The wrapped
// function returns an error beside its value, as text/template allows.
func checked(name string, fn any) any {
	return wrap(fn, func(call func([]reflect.Value) ([]reflect.Value, error), args []reflect.Value) ([]reflect.Value, error) {
		var total int64
		for _, a := range args {
			n, deep := Size(a, MaxOutput-total)
			total += n
			if err := sizeErr(LimitArgs, name, a, total, deep); err != nil {
				return nil, err
			}
		}
		res, err := call(args)
		if err != nil {
			return res, err
		}
		if n, ok := isList(res[0]); ok && n > MaxCount {
			return res, &LimitError{Limit: LimitResult, Func: name, Got: int64(n), Max: MaxCount}
		}
		n, deep := Size(res[0], MaxOutput)
		return res, sizeErr(LimitResult, name, res[0], n, deep)
	})
}

// wrap returns fn with its type, an error result added if it has none,
// running around instead of a plain call. around calls call to run fn,
// whose error result, if it has one, comes back as call's error.
func wrap(fn any, around func(call func([]reflect.Value) ([]reflect.Value, error), args []reflect.Value) ([]reflect.Value, error)) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	in := make([]reflect.Type, t.NumIn())
	for i := range in {
		in[i] = t.In(i)
	}
	out := []reflect.Type{t.Out(0), errorType}
	call := func(args []reflect.Value) ([]reflect.Value, error) {
		var res []reflect.Value
		if t.IsVariadic() {
			res = v.CallSlice(args)
		} else {
			res = v.Call(args)
		}
		if len(res) == 2 && !res[1].IsNil() {
			return res[:1], res[1].Interface().(error)
		}
		return res[:1], nil
	}
	return reflect.MakeFunc(reflect.FuncOf(in, out, t.IsVariadic()), func(args []reflect.Value) []reflect.Value {
		res, err := around(call, args)
		errV := reflect.Zero(errorType)
		if err != nil {
			errV = reflect.ValueOf(&err).Elem()
			if len(res) == 0 || !res[0].IsValid() {
				res = []reflect.Value{reflect.Zero(t.Out(0))}
			}
		}
		return []reflect.Value{res[0], errV}
	}).Interface()
}
