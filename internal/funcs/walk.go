package funcs

import "text/template/parse"

// WalkTree calls f on n and every node of a template's parse tree below
// it, the templates it calls excepted.
func WalkTree(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		f(n)
		for _, c := range n.Nodes {
			WalkTree(c, f)
		}
		return
	case *parse.PipeNode:
		if n == nil {
			return
		}
		f(n)
		for _, c := range n.Cmds {
			WalkTree(c, f)
		}
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ActionNode:
		WalkTree(n.Pipe, f)
	case *parse.CommandNode:
		for _, a := range n.Args {
			WalkTree(a, f)
		}
	case *parse.ChainNode:
		WalkTree(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		WalkTree(n.Pipe, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	WalkTree(b.Pipe, f)
	WalkTree(b.List, f)
	WalkTree(b.ElseList, f)
}
