package mdext

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

type transformer struct{}

// Transform replaces the page break and signature comments, and the list
// after a signature comment, with their nodes.
func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	for n := doc.FirstChild(); n != nil; {
		next := n.NextSibling()
		html, ok := n.(*ast.HTMLBlock)
		if !ok {
			n = next
			continue
		}
		comment := htmlComment(html, src)
		switch {
		case comment == "pagebreak":
			doc.ReplaceChild(doc, n, &PageBreak{})
		case strings.HasPrefix(comment, "signatures"):
			list, ok := next.(*ast.List)
			if !ok {
				break
			}
			sig := &Signatures{Labels: splitLabels(strings.TrimPrefix(strings.TrimPrefix(comment, "signatures"), ":"))}
			for item := list.FirstChild(); item != nil; item = item.NextSibling() {
				sig.AppendChild(sig, party(item, src))
			}
			next = list.NextSibling()
			doc.RemoveChild(doc, list)
			doc.ReplaceChild(doc, n, sig)
		}
		n = next
	}
}

// htmlComment returns the text of an HTML block that is a single comment, or "".
func htmlComment(n *ast.HTMLBlock, src []byte) string {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	s := strings.TrimSpace(b.String())
	if len(s) < len("<!---->") || !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return ""
	}
	return strings.TrimSpace(s[4 : len(s)-3])
}

func splitLabels(s string) []string {
	var out []string
	for _, l := range strings.Split(s, ",") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// party turns a list item "Role: Name" into a Party whose children are the
// inlines of the name.
func party(item ast.Node, src []byte) *Party {
	p := &Party{}
	block := item.FirstChild()
	if block == nil {
		return p
	}
	// Move the inlines over, splitting the role off the first text.
	for c := block.FirstChild(); c != nil; {
		next := c.NextSibling()
		block.RemoveChild(block, c)
		p.AppendChild(p, c)
		c = next
	}
	// The role is the text up to the first colon, which the parser may
	// have split over several text nodes ("For", " B:"); those before the
	// colon's node go, and that node keeps what follows the colon.
	var role strings.Builder
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if s, ok := c.(*ast.String); ok {
			role.Write(s.Value) // a typographic quote: "For the Customer's Agent"
			continue
		}
		t, ok := c.(*ast.Text)
		if !ok || t.SoftLineBreak() || t.HardLineBreak() && bytes.IndexByte(t.Segment.Value(src), ':') < 0 {
			break
		}
		v := t.Segment.Value(src)
		i := bytes.IndexByte(v, ':')
		if i < 0 {
			role.Write(v)
			continue
		}
		role.Write(v[:i])
		p.Role = strings.TrimSpace(role.String())
		for p.FirstChild() != c {
			p.RemoveChild(p, p.FirstChild())
		}
		rest := t.Segment.WithStart(t.Segment.Start + i + 1)
		rest = rest.TrimLeftSpace(src)
		if rest.Len() == 0 && !t.SoftLineBreak() {
			p.RemoveChild(p, t)
		} else {
			t.Segment = rest
		}
		break
	}
	return p
}
