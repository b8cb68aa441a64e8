package server

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// unusedPaths lists the variables of doc's template that doc does not
// use as its values stand, which the form hides: those that no section
// placed declares, that the template does not use itself (its own
// variables and the roles), and that no part's condition reads, since a
// change to those decides which sections are placed. A change elsewhere
// (a subprocessor outside the EEA) may place a section that uses them.
func unusedPaths(t *library.Template, doc *assemble.Document) []string {
	schema := t.Schema
	used := map[string]bool{}
	use := func(path string) {
		if v := schema.Lookup(path); v != nil {
			used[v.Path] = true
		}
	}
	for _, p := range t.Extra {
		use(p)
	}
	for _, p := range schema.Roles {
		use(p)
	}
	for _, part := range t.Parts {
		if part.Cond != nil && part.Cond.Tree != nil {
			fieldsRead(part.Cond.Tree.Root, use)
		}
	}
	for _, s := range doc.Sections {
		if s.Clause != nil {
			for _, p := range s.Clause.Variables {
				use(p)
			}
		}
	}
	var out []string
	for _, p := range schema.Paths() {
		if !used[p] {
			out = append(out, p)
		}
	}
	return out
}

// fieldsRead calls use with the path of each field a template's parse
// tree reads: .a.b, $.a.b, and a field of a variable's value.
func fieldsRead(n parse.Node, use func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			fieldsRead(c, use)
		}
	case *parse.ActionNode:
		fieldsRead(n.Pipe, use)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			fieldsRead(c, use)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			fieldsRead(a, use)
		}
	case *parse.FieldNode:
		use(strings.Join(n.Ident, "."))
	case *parse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" {
			use(strings.Join(n.Ident[1:], "."))
		}
	case *parse.ChainNode:
		fieldsRead(n.Node, use)
	case *parse.IfNode:
		fieldsRead(n.Pipe, use)
		fieldsRead(n.List, use)
		fieldsRead(n.ElseList, use)
	case *parse.RangeNode:
		fieldsRead(n.Pipe, use)
		fieldsRead(n.List, use)
		fieldsRead(n.ElseList, use)
	case *parse.WithNode:
		fieldsRead(n.Pipe, use)
		fieldsRead(n.List, use)
		fieldsRead(n.ElseList, use)
	}
}

// hideUnused hides the fields of the page at paths, except one with an
// error or a note, which the person must see.
func (p *formPage) hideUnused(paths []string) {
	for gi := range p.Groups {
		for fi := range p.Groups[gi].Fields {
			f := &p.Groups[gi].Fields[fi]
			f.Unused = slices.Contains(paths, f.Path) && f.Error == "" && f.Box == nil && f.Note == ""
		}
	}
}

// usedIf is the condition, "path=value", under which the document uses
// v, shown by the page only then; or "" when it always may.
func usedIf(v *vars.Var) string {
	conds := v.UsedIf
	if len(conds) == 0 {
		conds = v.RequiredIf
	}
	for _, path := range slices.Sorted(maps.Keys(conds)) {
		return path + "=" + fmt.Sprint(conds[path])
	}
	return ""
}
