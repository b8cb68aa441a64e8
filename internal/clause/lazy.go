package clause

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
)

// Funcs is a function map that many clauses and conditions parse
// against, each in a template set of its own. Where template.Funcs would
// check and copy the whole map into every set, [Funcs.Parse] installs
// into a set only the functions its templates name.
type Funcs struct {
	m template.FuncMap
}

// NewFuncs prepares m for the clauses restored with it. m may still gain
// functions until the first clause parses.
func NewFuncs(m template.FuncMap) *Funcs { return &Funcs{m: m} }

// Parse parses text as a template set named name, as
// template.New(name).Option("missingkey=error").Funcs(m).Parse(text)
// would, for a text known to parse: check, which may change the parsed
// trees as guard does, runs before the functions the trees name are
// installed. A function neither in m nor built in is not reported here;
// executing it fails.
func (f *Funcs) Parse(name, text string, check func(*template.Template) error) (*template.Template, error) {
	set, err := f.parseTrees(name, text)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(set); err != nil {
			return nil, err
		}
	}
	f.install(set)
	return set, nil
}

// parseTrees parses text into a template set named name that executes
// with missingkey=error, without checking or installing its functions.
func (f *Funcs) parseTrees(name, text string) (*template.Template, error) {
	trees := map[string]*parse.Tree{}
	root := parse.New(name)
	root.Mode = parse.SkipFuncCheck
	if _, err := root.Parse(text, "", "", trees); err != nil {
		return nil, err
	}
	set := template.New(name).Option("missingkey=error")
	for n, tree := range trees {
		if _, err := set.AddParseTree(n, tree); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// parseChecked is parseTrees with every function the text names checked
// as template.Parse checks it: a text that names a function neither in m
// nor built in, or does not parse, gets the error template.Parse gives.
func (f *Funcs) parseChecked(name, text string) (*template.Template, error) {
	set, err := f.parseTrees(name, text)
	if err == nil && f.known(set) {
		return set, nil
	}
	_, perr := template.New(name).Option("missingkey=error").Funcs(f.m).Parse(text)
	if perr == nil {
		perr = err
	}
	if perr == nil {
		perr = fmt.Errorf("template: %s: a function is not defined", name)
	}
	return nil, perr
}

// known reports whether every function set's templates name is in m or
// built into text/template.
func (f *Funcs) known(set *template.Template) bool {
	ok := true
	f.each(set, func(name string) {
		if _, in := f.m[name]; !in && !builtin(name) {
			ok = false
		}
	})
	return ok
}

// install installs into set the functions of m its templates name.
func (f *Funcs) install(set *template.Template) {
	used := template.FuncMap{}
	f.each(set, func(name string) {
		if fn, ok := f.m[name]; ok {
			used[name] = fn
		}
	})
	set.Funcs(used)
}

// each calls fn with the name of every function set's templates call.
func (f *Funcs) each(set *template.Template, fn func(string)) {
	for _, t := range set.Templates() {
		if t.Tree == nil {
			continue
		}
		funcs.WalkTree(t.Tree.Root, func(n parse.Node) {
			if id, ok := n.(*parse.IdentifierNode); ok {
				fn(id.Ident)
			}
		})
	}
}

// builtins caches whether a name is one of text/template's own functions.
var builtins sync.Map // string -> bool

// builtin reports whether text/template defines the function name itself.
func builtin(name string) bool {
	if v, ok := builtins.Load(name); ok {
		return v.(bool)
	}
	_, err := template.New("").Parse("{{" + name + "}}")
	builtins.Store(name, err == nil)
	return err == nil
}

// lazyBody parses a restored clause's body on first use: the whole body
// once, and each alternative alone once, from the spans of the body that
// define it and the wordings it calls.
type lazyBody struct {
	funcs *Funcs
	whole lazySet
	alts  map[string]*lazySet // by alternative, for those with spans
}

// lazySet is one template set, parsed once.
type lazySet struct {
	once  sync.Once
	spans []Span // the byte ranges of the body it holds; nil for all
	tmpl  *template.Template
	err   error
}

// Span is a byte range [Start, End) of a clause's body.
type Span struct{ Start, End int }

// State is what [Restore] needs beside a clause's exported fields: the body
// as Parse parsed it, front matter blanked, and for each alternative the
// spans of the body that hold its {{ define }} block and those of the
// wordings it calls, where parsing those alone gives the very templates
// the whole body gives (checked here).
func (c *Clause) State() (text string, spans map[string][]Span) {
	if c.tmpl == nil || c.Alts[DefaultAlternative] != nil {
		return c.text, nil
	}
	starts := defineAt.FindAllStringIndex(c.text, -1)
	blocks := map[string]Span{}
	for i, m := range starts {
		end := len(c.text)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		name := defineAt.FindStringSubmatch(c.text[m[0]:m[1]])[1]
		if _, dup := blocks[name]; dup || m[0] > 0 && c.text[m[0]-1] != '\n' {
			return c.text, nil // not one block a line, as the check needs
		}
		blocks[name] = Span{m[0], end}
	}
	for _, name := range c.Names {
		var sp []Span
		for _, n := range append([]string{name}, c.calls(name)...) {
			b, ok := blocks[n]
			if !ok {
				sp = nil
				break
			}
			sp = append(sp, b)
		}
		if sp == nil {
			continue
		}
		slices.SortFunc(sp, func(a, b Span) int { return a.Start - b.Start })
		if c.sameAlone(name, sp) {
			if spans == nil {
				spans = map[string][]Span{}
			}
			spans[name] = sp
		}
	}
	return c.text, spans
}

// defineAt finds the {{ define "name" }} actions that start the blocks of
// a body with alternatives.
var defineAt = regexp.MustCompile(`\{\{-?\s*define\s+"([^"]*)"\s*-?\}\}`)

// sameAlone reports whether parsing only spans of the body gives, for the
// alternative name and every wording it calls, the templates Parse gave.
func (c *Clause) sameAlone(name string, spans []Span) bool {
	text := only(c.text, spans)
	t, err := (&Funcs{}).Parse(c.File, text, func(t *template.Template) error { return guard(t, c.File, text) })
	if err != nil {
		return false
	}
	for _, n := range append([]string{name}, c.calls(name)...) {
		a, b := c.tmpl.Lookup(n), t.Lookup(n)
		if a == nil || b == nil || a.Tree == nil || b.Tree == nil || a.Tree.Root.String() != b.Tree.Root.String() {
			return false
		}
	}
	return true
}

// only returns text with every byte outside spans but its newlines turned
// into spaces: what remains parses at the offsets, lines and columns it
// has in text.
func only(text string, spans []Span) string {
	b := []byte(text)
	next := 0
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	for _, s := range spans {
		blank(next, s.Start)
		next = s.End
	}
	blank(next, len(b))
	return string(b)
}

// Restore makes a clause from its exported fields and the state [State]
// gave, as Parse made it from a file that parsed without a problem: its
// alternatives point back at it, and its body is parsed with funcs on the
// first call that needs a template: Template(name) parses only what
// alternative name needs, where spans give it. Each parse happens once,
// safely from several goroutines. It is for a library already known to
// load.
func Restore(c *Clause, text string, spans map[string][]Span, funcs *Funcs) *Clause {
	for _, a := range c.Alts {
		a.Clause = c
	}
	c.text = text
	c.lazy = &lazyBody{funcs: funcs}
	for name, sp := range spans {
		if c.lazy.alts == nil {
			c.lazy.alts = map[string]*lazySet{}
		}
		c.lazy.alts[name] = &lazySet{spans: sp}
	}
	return c
}

// set returns the clause's parsed template set, parsing a restored
// clause's whole body on first use.
func (c *Clause) set() *template.Template {
	if l := c.lazy; l != nil {
		return c.parsed(&l.whole)
	}
	return c.tmpl
}

// parsed returns s's template set, parsing it on first use.
func (c *Clause) parsed(s *lazySet) *template.Template {
	s.once.Do(func() { s.tmpl, s.err = c.parseRestored(c.lazy.funcs, s.spans) })
	return s.tmpl
}

// Err reports whether a restored clause's body failed to parse; its
// template then fails wherever it is executed. A clause from Parse never
// fails.
func (c *Clause) Err() error {
	if c.lazy == nil {
		return nil
	}
	c.set()
	for _, s := range c.lazy.alts {
		c.parsed(s)
		if s.err != nil {
			return s.err
		}
	}
	return c.lazy.whole.err
}

func (c *Clause) parseRestored(funcs *Funcs, spans []Span) (*template.Template, error) {
	text := c.text
	if spans != nil {
		text = only(text, spans)
	}
	t, err := funcs.Parse(c.File, text, func(t *template.Template) error {
		if spans == nil {
			for _, name := range c.Names {
				if name != DefaultAlternative && t.Lookup(name) == nil {
					return fmt.Errorf("no {{ define %q }} block", name)
				}
			}
		}
		// Checked and prepared to run within a budget as Parse does.
		return guard(t, c.File, text)
	})
	if err == nil {
		return t, nil
	}
	err = diag.Template(c.File, err)
	// A template that fails, with the reason, wherever the clause is
	// executed: the caller gets an error, never a nil template.
	fail := template.FuncMap{"restoreFailed": func() (string, error) { return "", err }}
	var b strings.Builder
	b.WriteString("{{restoreFailed}}")
	for _, name := range c.Names {
		if idPattern.MatchString(name) {
			fmt.Fprintf(&b, "{{define %q}}{{restoreFailed}}{{end}}", name)
		}
	}
	t, perr := template.New(c.File).Funcs(fail).Parse(b.String())
	if perr != nil {
		return nil, err
	}
	return t, err
}
