package html

import (
	"context"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
)

// Format is the HTML format: a standalone page of the document, its
// paragraphs and list items numbered as its model numbers them.
var Format = &format.Format{
	Name: "html", Title: "HTML", Extension: ".html",
	MediaType:   "text/html; charset=utf-8",
	Description: "a standalone HTML page",
	Render: func(ctx context.Context, doc *document.Document, _ format.Options) ([]byte, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return DocumentPage(doc)
	},
}
