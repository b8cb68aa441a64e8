package clause

import (
	"fmt"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/clausemark/clausemark/internal/diag"
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
	if check != nil {
		if err := check(set); err != nil {
			return nil, err
		}
	}
	used := template.FuncMap{}
	for _, t := range set.Templates() {
		if t.Tree == nil {
			continue
		}
		walkTree(t.Tree.Root, func(n parse.Node) {
			if id, ok := n.(*parse.IdentifierNode); ok {
				if fn, ok := f.m[id.Ident]; ok {
					used[id.Ident] = fn
				}
			}
		})
	}
	return set.Funcs(used), nil
}

// lazyBody parses a restored clause's body once, on first use.
type lazyBody struct {
	once  sync.Once
	funcs *Funcs
	tmpl  *template.Template
	err   error
}

// State is what [Restore] needs beside a clause's exported fields: the body
// as Parse parsed it, front matter blanked.
func (c *Clause) State() string { return c.text }

// Restore makes a clause from its exported fields and the state [State]
// gave, as Parse made it from a file that parsed without a problem: its
// alternatives point back at it, and its body is parsed with funcs on the
// first call that needs the template (Template, Find), once, safely from
// several goroutines. It is for a library already known to load.
func Restore(c *Clause, text string, funcs *Funcs) *Clause {
	for _, a := range c.Alts {
		a.Clause = c
	}
	c.text = text
	c.lazy = &lazyBody{funcs: funcs}
	return c
}

// set returns the clause's parsed template set, parsing a restored
// clause's body on first use.
func (c *Clause) set() *template.Template {
	if l := c.lazy; l != nil {
		l.once.Do(func() { l.tmpl, l.err = c.parseRestored(l.funcs) })
		return l.tmpl
	}
	return c.tmpl
}

// Err reports whether a restored clause's body failed to parse; its
// template then fails wherever it is executed. A clause from Parse never
// fails.
func (c *Clause) Err() error {
	if c.lazy == nil {
		return nil
	}
	c.set()
	return c.lazy.err
}

func (c *Clause) parseRestored(funcs *Funcs) (*template.Template, error) {
	t, err := funcs.Parse(c.File, c.text, func(t *template.Template) error {
		for _, name := range c.Names {
			if name != DefaultAlternative && t.Lookup(name) == nil {
				return fmt.Errorf("no {{ define %q }} block", name)
			}
		}
		// Checked and prepared to run within a budget as Parse does.
		return guard(t, c.File, c.text)
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
