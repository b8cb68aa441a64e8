// Package html renders assembled Markdown as HTML: a fragment for a
// preview pane, or a whole standalone page.
//
// Parsing uses the same extensions as the PDF renderer (GFM and mdext), so
// headings carry the ids cross-references link to. Raw HTML in the source
// is dropped: values were escaped as Markdown when the document was
// assembled, and goldmark escapes them again as HTML here.
package html

import (
	"bytes"
	"html"

	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var md = goldmark.New(goldmark.WithExtensions(extension.GFM, mdext.Extension))

// Body renders Markdown source as an HTML fragment.
func Body(src []byte) ([]byte, error) {
	var b bytes.Buffer
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
	if err := md.Renderer().Render(&b, src, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Page renders Markdown source as a standalone UTF-8 HTML page with the
// given title.
func Page(title string, src []byte) ([]byte, error) {
	body, err := Body(src)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title></head><body>\n")
	b.Write(body)
	b.WriteString("</body></html>\n")
	return b.Bytes(), nil
}
