// Package mdext provides the goldmark extensions for Clausemark's own
// Markdown constructs: an explicit page break, a signature block, and
// heading ids that match GitHub's, so that a cross-reference written as
// [Section 14 (Title)](#14-title) works in a Markdown viewer and in the PDF.
//
// Every reader of assembled Markdown (each renderer, compare, terms,
// textmatch) uses the one set-up [New] returns, GFM with
// [Extension] and [Typographer], adding only its own renderer, and parses
// with [Parse]:
//
//	md := mdext.New(goldmark.WithRenderer(r))
//	doc := mdext.Parse(md, src)
//
// Typography is decided there, once: every format prints “curly” quotes.
//
// # Constructs
//
// A page break is an HTML comment alone in its block:
//
//	<!-- pagebreak -->
//
// A signature block is the comment "signatures", naming the lines each
// party signs on, followed by a list with one item per party, "Role: Name":
//
//	<!-- signatures: Signature, Name, Title, Date -->
//
//	- For the Processor: Acme GmbH
//	- For the Customer: Globex Corporation
//
// Markdown viewers show the list; renderers that know [KindSignatures]
// draw the block.
package mdext

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type extender struct{}

// Extension adds the page break and signature block constructs, heading
// ids, and HTML rendering for both constructs.
var Extension goldmark.Extender = extender{}

func (extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(transformer{}, 500)),
	)
	Nesting.Extend(m)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 500)))
}

// NewContext returns a parser context whose heading ids follow GitHub's
// rules; use a new one for each document.
func NewContext() parser.Context {
	return parser.NewContext(parser.WithIDs(newIDs()))
}
