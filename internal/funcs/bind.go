package funcs

import (
	"reflect"
	"runtime"
	"sync"
	"text/template"
	"text/template/parse"
	"weak"
)

// A clause's template runs with functions bound to the document's
// [Budget]. text/template reads a template's functions from the template
// itself, so binding them means executing a copy of the template whose
// functions are the budget's. Cloning the template and installing its
// functions for every execution costs more than most executions; instead
// each template keeps a few copies (one per execution under way at once),
// each with functions that call the budget its holder names for the
// execution running, and an execution takes one, points its holder at
// its budget, and gives it back.
//
// A copy's functions are bound to the names and types of the functions of
// the budget that made it; a budget whose functions differ in a name or
// a type executes a copy of its own, made for it alone, as every
// execution once did.

// holder names the budget of the execution running on a copy.
type holder struct{ b *Budget }

// bound is a template's copy whose functions call at.b's.
type bound struct {
	t    *template.Template
	at   *holder
	pool *copies // where it goes back; nil for a copy made for one execution
}

// release gives c back to its template's copies, if it came from them.
func (c *bound) release() {
	if c.pool == nil {
		return
	}
	select {
	case c.pool.free <- c:
	default: // as many are kept as executions ran at once; this one is dropped
	}
}

// copies are a template's copies not in use, and the functions they are
// bound to: by name, the type of each.
type copies struct {
	types map[string]reflect.Type
	free  chan *bound
}

// templates holds the copies of each template executed, by a weak
// pointer to the template, so that a library's templates, once unused,
// are collected and their copies with them (see bind).
var templates sync.Map // weak.Pointer[template.Template] -> *copies

// bind returns a copy of t with functions bound to b's: one of t's kept
// copies when b's functions are those they are bound to, else one made
// for b.
func bind(t *template.Template, b *Budget) (*bound, error) {
	key := weak.Make(t)
	v, ok := templates.Load(key)
	if !ok {
		p := &copies{types: make(map[string]reflect.Type, len(b.funcs)), free: make(chan *bound, 2*runtime.GOMAXPROCS(0))}
		for name, fn := range b.funcs {
			p.types[name] = fn.Type()
		}
		var loaded bool
		if v, loaded = templates.LoadOrStore(key, p); !loaded {
			runtime.AddCleanup(t, func(k weak.Pointer[template.Template]) { templates.Delete(k) }, key)
		}
	}
	p := v.(*copies)
	if !p.fits(b) {
		return newBound(t, b.funcs, nil)
	}
	select {
	case c := <-p.free:
		return c, nil
	default:
		return newBound(t, b.funcs, p)
	}
}

// fits reports whether b's functions have the names and types of the
// functions p's copies are bound to.
func (p *copies) fits(b *Budget) bool {
	if len(p.types) != len(b.funcs) {
		return false
	}
	for name, fn := range b.funcs {
		if p.types[name] != fn.Type() {
			return false
		}
	}
	return true
}

// newBound clones t and installs in the clone, for each function of fns
// that t's templates call and for StepFunc and PrintFunc, one that calls
// the budget its holder names. A clause calls a handful of the library's
// functions; binding only those keeps a copy cheap to make. The clone
// holds no reference to t, to fns or to a budget once released, so that
// keeping it keeps nothing else alive.
func newBound(t *template.Template, fns map[string]reflect.Value, pool *copies) (*bound, error) {
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	at := &holder{}
	fm := template.FuncMap{}
	for _, tt := range c.Templates() {
		if tt.Tree == nil {
			continue
		}
		WalkTree(tt.Tree.Root, func(n parse.Node) {
			id, ok := n.(*parse.IdentifierNode)
			if !ok || fm[id.Ident] != nil {
				return
			}
			if fn, ok := fns[id.Ident]; ok {
				fm[id.Ident] = callThrough(at, id.Ident, fn.Type())
			}
		})
	}
	fm[StepFunc] = func() (string, error) { return at.b.step() }
	fm[PrintFunc] = func(v any) (any, error) { return at.b.print(v) }
	c.Funcs(fm)
	return &bound{t: c, at: at, pool: pool}, nil
}

// callThrough returns a function of type fn (with an error result added
// where it has none) that runs the function name of the budget at names,
// through [Budget.call].
func callThrough(at *holder, name string, fn reflect.Type) any {
	in := make([]reflect.Type, fn.NumIn())
	for i := range in {
		in[i] = fn.In(i)
	}
	out0 := fn.Out(0)
	return reflect.MakeFunc(reflect.FuncOf(in, []reflect.Type{out0, errorType}, fn.IsVariadic()), func(args []reflect.Value) []reflect.Value {
		res, err := at.b.call(name, fn, args)
		errV := reflect.Zero(errorType)
		if err != nil {
			errV = reflect.ValueOf(&err).Elem()
			if len(res) == 0 || !res[0].IsValid() {
				res = []reflect.Value{reflect.Zero(out0)}
			}
		}
		return []reflect.Value{res[0], errV}
	}).Interface()
}
