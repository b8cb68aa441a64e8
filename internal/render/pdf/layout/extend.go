package layout

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// Source returns the Markdown source the document was parsed from, for
// the segments of n's lines.
func (s *State) Source() []byte { return s.src }

// Paragraph lays out n's inline children (text, emphasis, code, links) as
// a justified paragraph of body text, breaking pages as needed, followed
// by the space between paragraphs.
func (s *State) Paragraph(n ast.Node) {
	spans := s.inlines(n, Regular, "", nil)
	s.tagged(pdfdoc.P, func() { s.paragraph(spans, textStyle{size: s.cfg.BodySize, align: alignJustify}) })
	s.space(2.8)
}

// Text lays out plain text as a paragraph in face, left-aligned.
func (s *State) Text(text string, face Face) {
	s.tagged(pdfdoc.P, func() {
		s.paragraph([]span{{text: text, face: face}}, textStyle{size: s.cfg.BodySize, align: alignLeft})
	})
	s.space(2.8)
}

// Space asks for at least mm millimetres of space before the next block.
func (s *State) Space(mm float64) { s.space(mm) }

// Fail stops the document with err; the first error wins.
func (s *State) Fail(err error) { s.fail(err) }

// nodeFuncs is the renderer option key under which WithNodeFunc collects
// functions.
const nodeFuncs renderer.OptionName = "clausemark/pdf.NodeFuncs"

type nodeFunc struct {
	kind ast.NodeKind
	f    NodeFunc
}

type nodeFuncOption nodeFunc

// SetConfig implements renderer.Option.
func (o nodeFuncOption) SetConfig(c *renderer.Config) {
	list, _ := c.Options[nodeFuncs].([]nodeFunc)
	c.Options[nodeFuncs] = append(list, nodeFunc(o))
}

// WithNodeFunc is a goldmark renderer option that draws nodes of kind with
// f, in place of the renderer's own function, as goldmark's HTML renderer
// takes node renderers:
//
//	md := goldmark.New(goldmark.WithRenderer(pdf.NewRenderer()),
//		goldmark.WithRendererOptions(pdf.WithNodeFunc(KindNote, drawNote)))
func WithNodeFunc(kind ast.NodeKind, f NodeFunc) renderer.Option {
	return nodeFuncOption{kind: kind, f: f}
}
