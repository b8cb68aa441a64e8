package html

import (
	"bytes"
	"html"
	"strings"

	"github.com/clausemark/clausemark/internal/document"
)

// blankName stands for the name of a party the document names none, a
// line to write it on, as the PDF draws one.
const blankName = "________________________________"

// titleBlock returns what follows the title, as in the PDF and the Word
// copy: "between" and the parties joined by "and", each name with its role
// below, a line for a party without a name; without parties, the
// processor; then the line naming the agreement's date. Nil where the
// document has none of these.
func titleBlock(m document.Meta) []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	if len(m.Parties) == 0 && m.Processor != "" {
		b.WriteString("<p><strong>" + esc(m.Processor) + "</strong></p>\n")
	}
	for i, p := range m.Parties {
		join := "between"
		if i > 0 {
			join = "and"
		}
		b.WriteString("<p><em>" + join + "</em></p>\n<p>")
		if name := strings.TrimSpace(p.Name); name != "" {
			b.WriteString("<strong>" + esc(name) + "</strong>")
		} else {
			b.WriteString(blankName)
		}
		if p.Role != "" {
			b.WriteString("<br>(the “" + esc(p.Role) + "”)")
		}
		b.WriteString("</p>\n")
	}
	if d := m.Dated(); d != "" {
		b.WriteString(`<p class="dated">` + esc(d) + "</p>\n")
	}
	if b.Len() == 0 {
		return nil
	}
	return append(append([]byte("<div class=\"title-block\">\n"), b.Bytes()...), "</div>\n"...)
}

// withTitleBlock puts block after the first top-level heading of body, the
// document's title, or before everything where it has none.
func withTitleBlock(body, block []byte) []byte {
	if len(block) == 0 {
		return body
	}
	at := 0
	if i := bytes.Index(body, []byte("</h1>\n")); i >= 0 {
		at = i + len("</h1>\n")
	}
	out := make([]byte, 0, len(body)+len(block))
	out = append(out, body[:at]...)
	out = append(out, block...)
	return append(out, body[at:]...)
}
