package clause

import (
	"errors"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
)

// guard checks the templates parsed from a clause file for work without a
// bound, and prepares them to run within a funcs.Budget. It refuses, each
// at its file, line and column:
//
//   - a call of repeat, until, untilStep, seq, indent or nindent whose
//     literal arguments ask for more than funcs.MaxCount, or a repeat of a
//     literal text that would build more than funcs.MaxOutput bytes;
//   - a printf whose literal format asks for a width above funcs.MaxWidth;
//   - a range over a literal integer above funcs.MaxCount;
//   - a template that calls itself, directly or through others.
//
// Counts computed at execution are checked there, by the functions of
// funcs.Map. When there is nothing to refuse, guard puts a call of
// funcs.StepFunc at the start of every template body and every range body,
// so that a budget counts each template call and loop iteration, and
// funcs.PrintFunc at the end of every action that prints, so that a value
// is measured before text/template formats it whole ({{ $a }}, where $a
// shares its lists so that it prints as far more than it holds).
func guard(set *template.Template, file, text string) error {
	var errs diag.List
	at := func(n parse.Node, err error) {
		p := At(text, int(n.Position()))
		errs.Add(&diag.Error{File: file, Line: p.Line, Col: p.Col, Err: err})
	}
	calls := map[string][]*parse.TemplateNode{}
	names := templateNames(set)
	for _, name := range names {
		t := set.Lookup(name)
		funcs.WalkTree(t.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.PipeNode:
				for i, cmd := range n.Cmds {
					var piped parse.Node
					if i > 0 && len(n.Cmds[i-1].Args) == 1 {
						piped = n.Cmds[i-1].Args[0]
					}
					if err := literalBound(cmd, piped); err != nil {
						at(cmd, err)
					}
				}
			case *parse.RangeNode:
				if p := n.Pipe; p != nil && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
					if num, ok := p.Cmds[0].Args[0].(*parse.NumberNode); ok && num.IsInt && num.Int64 > funcs.MaxCount {
						at(n, &funcs.LimitError{Limit: funcs.LimitCount, Func: "range", Got: num.Int64, Max: funcs.MaxCount})
					}
				}
			case *parse.TemplateNode:
				if set.Lookup(n.Name) != nil {
					calls[name] = append(calls[name], n)
				}
			}
		})
	}
	for _, n := range recursion(names, calls) {
		at(n, &funcs.LimitError{Limit: funcs.LimitRecursion, Func: n.Name})
	}
	if err := errs.Err(); err != nil {
		return err
	}
	for _, name := range names {
		t := set.Lookup(name)
		funcs.WalkTree(t.Tree.Root, func(n parse.Node) {
			if a, ok := n.(*parse.ActionNode); ok {
				addPrint(t.Tree, a)
			}
		})
		addStep(t.Tree, t.Tree.Root)
		funcs.WalkTree(t.Tree.Root, func(n parse.Node) {
			if r, ok := n.(*parse.RangeNode); ok {
				addStep(t.Tree, r.List)
			}
		})
	}
	return nil
}

// templateNames lists the templates of set that have a body, sorted.
func templateNames(set *template.Template) []string {
	var names []string
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			names = append(names, t.Name())
		}
	}
	slices.Sort(names)
	return names
}

// literalBound checks one command whose function and count arguments are
// literals; piped is the literal, if any, that the pipeline passes it as
// its last argument.
func literalBound(cmd *parse.CommandNode, piped parse.Node) error {
	if len(cmd.Args) == 0 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	args := slices.Clone(cmd.Args[1:])
	if piped != nil {
		args = append(args, piped)
	}
	if id.Ident == "printf" && len(args) > 0 {
		if s, ok := args[0].(*parse.StringNode); ok {
			if w, _ := funcs.FormatWidth(s.Text); w > funcs.MaxWidth {
				return &funcs.LimitError{Limit: funcs.LimitWidth, Func: "printf", Got: w, Max: funcs.MaxWidth}
			}
		}
		return nil
	}
	var ints []int64
	for _, a := range args {
		num, ok := a.(*parse.NumberNode)
		if !ok || !num.IsInt {
			break
		}
		ints = append(ints, num.Int64)
	}
	// repeat's and indent's count is the first argument; the others need
	// all of theirs.
	if id.Ident != "repeat" && id.Ident != "indent" && id.Ident != "nindent" && len(ints) != len(args) {
		return nil
	}
	n, ok := funcs.LiteralCount(id.Ident, ints)
	if !ok {
		return nil
	}
	if n > funcs.MaxCount {
		return &funcs.LimitError{Limit: funcs.LimitCount, Func: id.Ident, Got: n, Max: funcs.MaxCount}
	}
	if id.Ident == "repeat" && len(args) == 2 {
		if s, ok := args[1].(*parse.StringNode); ok && n*int64(len(s.Text)) > funcs.MaxOutput {
			return &funcs.LimitError{Limit: funcs.LimitResult, Func: "repeat", Got: n * int64(len(s.Text)), Max: funcs.MaxOutput}
		}
	}
	return nil
}

// recursion returns, for each cycle of template calls, the call that closes
// it, found by a depth-first walk in name order.
func recursion(names []string, calls map[string][]*parse.TemplateNode) []*parse.TemplateNode {
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var out []*parse.TemplateNode
	var visit func(name string)
	visit = func(name string) {
		state[name] = open
		for _, c := range calls[name] {
			switch state[c.Name] {
			case unseen:
				visit(c.Name)
			case open:
				out = append(out, c)
			}
		}
		state[name] = done
	}
	for _, name := range names {
		if state[name] == unseen {
			visit(name)
		}
	}
	return out
}

// addStep puts a call of funcs.StepFunc, which prints nothing, first in
// list.
func addStep(tree *parse.Tree, list *parse.ListNode) {
	if list == nil {
		return
	}
	pos := list.Pos
	if len(list.Nodes) > 0 {
		pos = list.Nodes[0].Position()
	}
	id := parse.NewIdentifier(funcs.StepFunc).SetTree(tree).SetPos(pos)
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{id}}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Cmds: []*parse.CommandNode{cmd}}
	list.Nodes = slices.Insert(list.Nodes, 0, parse.Node(&parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Pipe: pipe}))
}

// addPrint puts funcs.PrintFunc at the end of the pipeline of action a if
// a prints: {{ .x }} becomes {{ .x | _print }}. An action that declares
// or assigns a variable prints nothing.
func addPrint(tree *parse.Tree, a *parse.ActionNode) {
	if a.Pipe == nil || len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) == 0 {
		return
	}
	id := parse.NewIdentifier(funcs.PrintFunc).SetTree(tree).SetPos(a.Pos)
	a.Pipe.Cmds = append(a.Pipe.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: a.Pos, Args: []parse.Node{id}})
}

// ErrNotCondition says a condition (a template's when:) is more than an
// expression: the text closed the {{ if }} it is put in and went on with
// other actions.
var ErrNotCondition = errors.New("must be one expression, such as .signature_block or (eq .jurisdiction.code \"eu\")")

// GuardCondition checks a condition parsed as "{{if COND}}1{{end}}" from
// text, the source padded to the line of file it is on: it must be that
// one {{ if }} and nothing else, so no loop, no template and no output, and
// its literal counts are checked as in a clause. Errors are *diag.Error at
// file and line.
func GuardCondition(t *template.Template, file, text string) error {
	var nodes []parse.Node // but the blank lines that place it
	if t.Tree != nil && t.Tree.Root != nil {
		for _, n := range t.Tree.Root.Nodes {
			if txt, ok := n.(*parse.TextNode); !ok || strings.TrimSpace(string(txt.Text)) != "" {
				nodes = append(nodes, n)
			}
		}
	}
	ok := len(t.Templates()) == 1 && len(nodes) == 1
	if ok {
		n, isIf := nodes[0].(*parse.IfNode)
		ok = isIf && n.ElseList == nil && n.List != nil && len(n.List.Nodes) == 1
		if ok {
			txt, isText := n.List.Nodes[0].(*parse.TextNode)
			ok = isText && strings.TrimSpace(string(txt.Text)) == "1"
		}
	}
	if !ok {
		return &diag.Error{File: file, Line: 1 + strings.Count(text, "\n"), Err: ErrNotCondition}
	}
	return guard(t, file, text)
}
