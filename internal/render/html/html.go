// Package html renders assembled Markdown as HTML: a fragment for a
// preview pane, or a whole standalone page.
//
// Parsing uses the one set-up every format reads with (mdext.New), so
// headings carry the ids cross-references link to and quotes print as the
// PDF prints them. Raw HTML in the source
// is dropped: values were escaped as Markdown when the document was
// assembled, and goldmark escapes them again as HTML here.
package html

import (
	"bytes"
	"html"

	"github.com/clausemark/clausemark/internal/mdext"
)

var md = mdext.New()

// Body renders Markdown source as an HTML fragment.
func Body(src []byte) ([]byte, error) {
	var b bytes.Buffer
	doc := mdext.Parse(md, src)
	if err := mdext.Check(doc, src); err != nil {
		return nil, err
	}
	if err := md.Renderer().Render(&b, src, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// pageStyle sets a standalone page for reading and printing: a measure of
// about 75 characters, serif text, tables with rules.
const pageStyle = `body{max-width:46rem;margin:2rem auto;padding:0 1rem;font-family:"DejaVu Serif",Georgia,serif;line-height:1.5;color:#111}` +
	`h1{text-align:center}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #888;padding:.3rem .5rem;vertical-align:top;text-align:left}` +
	`@media print{body{max-width:none;margin:0}}`

// Page renders Markdown source as a standalone UTF-8 HTML page with the
// given title.
func Page(title string, src []byte) ([]byte, error) {
	body, err := Body(src)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title>\n<style>" + pageStyle + "</style>\n</head><body>\n")
	b.Write(body)
	b.WriteString("</body></html>\n")
	return b.Bytes(), nil
}
