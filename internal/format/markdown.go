package format

import (
	"context"

	"github.com/clausemark/clausemark/internal/document"
)

// Markdown is the assembled document: GitHub Flavored Markdown with
// numbered headings, cross-reference links, and the paragraphs' and list
// items' numbers as the style gives them ([document.Document.NumberedMarkdown]).
var Markdown = &Format{
	Name: "md", Title: "Markdown", Aliases: []string{"markdown"}, Extension: ".md",
	MediaType:   "text/markdown; charset=utf-8",
	Description: "Markdown, as assembled",
	Render: func(ctx context.Context, doc *document.Document, _ Options) ([]byte, error) {
		return doc.NumberedMarkdown(), ctx.Err()
	},
}
