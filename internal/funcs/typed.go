package funcs

import (
	"fmt"
	"reflect"

	"github.com/clausemark/clausemark/internal/vars"
)

// The templates hold typed values ([vars.Text], [vars.Int], [vars.Amount],
// [vars.Date], [vars.Enum]), which text/template will not pass where a
// function wants a string. typed adapts such a function: each string
// parameter takes any value, a typed value arriving as its plain text,
// and a string result that was computed from a Text comes back as a Text,
// so that it is escaped as Markdown when printed, exactly as the value
// itself would be. A value's Markdown characters therefore never reach the
// document unescaped, whichever function it passes through.
func typed(fn any) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func || !takesString(t) {
		return fn
	}
	in := make([]reflect.Type, t.NumIn())
	for i := range in {
		in[i] = t.In(i)
		switch {
		case in[i] == stringType:
			in[i] = anyType
		case t.IsVariadic() && i == len(in)-1 && in[i].Elem() == stringType:
			in[i] = reflect.SliceOf(anyType)
		}
	}
	out := make([]reflect.Type, t.NumOut())
	for i := range out {
		out[i] = t.Out(i)
		if out[i] == stringType {
			out[i] = anyType
		}
	}
	wrapped := reflect.FuncOf(in, out, t.IsVariadic())
	return reflect.MakeFunc(wrapped, func(args []reflect.Value) []reflect.Value {
		fromText := false
		call := make([]reflect.Value, len(args))
		for i, a := range args {
			want := t.In(i)
			switch {
			case want == stringType:
				s, isText := plain(a.Interface())
				fromText = fromText || isText
				call[i] = reflect.ValueOf(s)
			case t.IsVariadic() && i == len(args)-1 && want.Elem() == stringType:
				ss := make([]string, a.Len())
				for j := range ss {
					s, isText := plain(a.Index(j).Interface())
					fromText = fromText || isText
					ss[j] = s
				}
				call[i] = reflect.ValueOf(ss)
			default:
				call[i] = a
			}
		}
		var res []reflect.Value
		if t.IsVariadic() {
			res = v.CallSlice(call)
		} else {
			res = v.Call(call)
		}
		for i, r := range res {
			if t.Out(i) != stringType {
				continue
			}
			if fromText {
				res[i] = reflect.ValueOf(any(vars.Text(r.String())))
			} else {
				res[i] = reflect.ValueOf(any(r.String()))
			}
			res[i] = res[i].Convert(anyType)
		}
		return res
	}).Interface()
}

var (
	stringType = reflect.TypeFor[string]()
	anyType    = reflect.TypeFor[any]()
)

func takesString(t reflect.Type) bool {
	for i := range t.NumIn() {
		in := t.In(i)
		if in == stringType || (t.IsVariadic() && i == t.NumIn()-1 && in.Elem() == stringType) {
			return true
		}
	}
	return false
}

// plain returns x as plain text, and whether it was a Text, whose result
// must be escaped again. A typed value other than Text prints as it would
// in the document; a string is passed as it is.
func plain(x any) (string, bool) {
	switch v := x.(type) {
	case string:
		return v, false
	case vars.Text:
		return string(v), true
	case nil:
		return "", false
	case fmt.Stringer:
		return v.String(), false
	}
	return fmt.Sprint(x), false
}
