// Package html renders assembled Markdown as HTML: a fragment for a
// preview pane, or a whole standalone page.
//
// A document's page ([DocumentPage]) prints the numbers of its paragraphs
// and the legal markers of its list items, (1), (a), as its model carries
// them, before their text; a list so marked shows no bullets.
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
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
)

var md = sync.OnceValue(func() goldmark.Markdown { return mdext.New() })

// Body renders Markdown source as an HTML fragment.
func Body(src []byte) ([]byte, error) {
	return body(src, nil)
}

// DocumentBody renders doc as an HTML fragment, its paragraphs and list
// items numbered as its model numbers them ([document.Document.Numbered]),
// its title followed by the parties and the agreement's date as in the
// PDF and the Word copy.
func DocumentBody(doc *document.Document) ([]byte, error) {
	b, err := body(doc.Markdown, doc.Numbered())
	if err != nil {
		return nil, err
	}
	return withTitleBlock(b, titleBlock(doc.Meta)), nil
}

// body renders src as an HTML fragment, with nums before the paragraphs
// and list items they number.
func body(src []byte, nums []document.Number) ([]byte, error) {
	var b bytes.Buffer
	doc := mdext.Parse(md(), src)
	if err := mdext.Check(doc, src); err != nil {
		return nil, err
	}
	if len(nums) > 0 {
		number(doc, document.IndexNumbers(nums))
	}
	if err := md().Renderer().Render(&b, src, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// number writes each numbered paragraph's number and each legal list
// item's marker before its text, and takes the bullets off the lists so
// marked: the HTML prints the numbers the PDF draws.
func number(doc ast.Node, nums document.Numbers) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph:
			if num, ok := nums.Paragraph(n); ok {
				prefix(n, num.Marker)
			}
		case ast.KindListItem:
			num, ok := nums.Item(n)
			if !ok || num.Kind != document.Legal {
				break
			}
			n.Parent().SetAttributeString("style", []byte("list-style-type:none"))
			if first := n.FirstChild(); first.Kind() == ast.KindParagraph || first.Kind() == ast.KindTextBlock {
				prefix(first, num.Marker)
			}
		}
		return ast.WalkContinue, nil
	})
}

// prefix puts marker and a space before the text of block n.
func prefix(n ast.Node, marker string) {
	s := ast.NewString([]byte(marker + " "))
	if first := n.FirstChild(); first != nil {
		n.InsertBefore(n, first, s)
	} else {
		n.AppendChild(n, s)
	}
}

// pageStyle sets a standalone page for reading and printing: a measure of
// about 75 characters, serif text, tables with rules.
const pageStyle = `body{max-width:46rem;margin:2rem auto;padding:0 1rem;font-family:"DejaVu Serif",Georgia,serif;line-height:1.5;color:#111}` +
	`h1,.title-block{text-align:center}.title-block{margin-bottom:2rem}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #888;padding:.3rem .5rem;vertical-align:top;text-align:left}` +
	`@media print{body{max-width:none;margin:0}}`

// Page renders Markdown source as a standalone UTF-8 HTML page with the
// given title.
func Page(title string, src []byte) ([]byte, error) {
	body, err := Body(src)
	if err != nil {
		return nil, err
	}
	return page(title, body), nil
}

// DocumentPage renders doc as a standalone UTF-8 HTML page titled with its
// title, numbered as [DocumentBody] numbers it, the title followed by the
// parties and the agreement's date as in the PDF.
func DocumentPage(doc *document.Document) ([]byte, error) {
	body, err := DocumentBody(doc)
	if err != nil {
		return nil, err
	}
	return page(doc.Title, body), nil
}

// page wraps the fragment body in a page titled title.
func page(title string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title>\n<style>" + pageStyle + "</style>\n</head><body>\n")
	b.Write(body)
	b.WriteString("</body></html>\n")
	return b.Bytes()
}
