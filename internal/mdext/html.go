package mdext

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// htmlRenderer renders the constructs as HTML, for previews.
type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindPageBreak, renderPageBreak)
	reg.Register(KindSignatures, renderSignatures)
	reg.Register(KindParty, renderParty)
}

func renderPageBreak(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<hr class=\"page-break\">\n")
	}
	return ast.WalkContinue, nil
}

func renderSignatures(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"signatures\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func renderParty(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := n.(*Party)
	if entering {
		_, _ = w.WriteString("<div class=\"party\"><p class=\"role\">" + html.EscapeString(p.Role) + "</p><p class=\"name\">")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</p>")
	if sig, ok := p.Parent().(*Signatures); ok {
		for _, l := range sig.Labels {
			_, _ = w.WriteString("<p class=\"line\">" + html.EscapeString(l) + ": ____________________</p>")
		}
	}
	_, _ = w.WriteString("</div>\n")
	return ast.WalkContinue, nil
}
