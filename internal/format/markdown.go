package format

import (
	"bytes"
	"context"

	"github.com/clausemark/clausemark/internal/document"
)

// Markdown is the assembled document as it is: GitHub Flavored Markdown
// with numbered headings and cross-reference links.
var Markdown = &Format{
	Name: "md", Title: "Markdown", Aliases: []string{"markdown"}, Extension: ".md",
	MediaType:   "text/markdown; charset=utf-8",
	Description: "Markdown, as assembled",
	Render: func(ctx context.Context, doc *document.Document, _ Options) ([]byte, error) {
		return bytes.Clone(doc.Markdown), ctx.Err()
	},
}
