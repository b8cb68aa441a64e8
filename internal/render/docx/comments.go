package docx

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// Word comments: a comments part (word/comments.xml) with its
// relationship and content type, and in the body a comment range around
// the text of the paragraph each comment is on, followed by a run with
// the comment's reference. A comment is by its author, with the
// author's initials, at the redline's revision date: the same inputs
// give the same bytes.

// commentStarts opens the ranges of p's comments, before its runs.
func (w *xw) commentStarts(p *para) {
	for _, c := range p.comments {
		w.str(`<w:commentRangeStart w:id="`)
		w.int(c)
		w.str(`"/>`)
	}
}

// commentEnds closes the ranges of p's comments, after its runs, each
// followed by its reference.
func (w *xw) commentEnds(p *para) {
	for _, c := range p.comments {
		w.str(`<w:commentRangeEnd w:id="`)
		w.int(c)
		w.str(`"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="`)
		w.int(c)
		w.str(`"/></w:r>`)
	}
}

const commentsType = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

// withComments adds the comments part to parts, its content type and
// its relationship from the body, when the file has comments.
func (p *pkg) withComments(parts []part) []part {
	if len(p.comments) == 0 {
		return parts
	}
	ext := ""
	if p.house.logo != nil {
		ext = p.house.logo.ext
	}
	out := make([]part, 0, len(parts)+1)
	for _, pt := range parts {
		switch pt.name {
		case "[Content_Types].xml":
			types := bytes.Replace(contentTypes(ext), []byte("</Types>"), []byte(`<Override PartName="/word/comments.xml" ContentType="`+commentsType+`"/></Types>`), 1)
			pt = part{name: pt.name, data: types}
		case "word/_rels/document.xml.rels":
			rels := bytes.Replace(pt.data, []byte("</Relationships>"), []byte(`<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>`), 1)
			pt = part{name: pt.name, data: rels}
		}
		out = append(out, pt)
	}
	return append(out, part{name: "word/comments.xml", data: p.commentsPart()})
}

// commentsPart is word/comments.xml: each comment with its id, author,
// initials and date, its text in paragraphs.
func (p *pkg) commentsPart() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<w:comments ` + nsW + `>`)
	date := ""
	if !p.rev.Date.IsZero() {
		date = p.rev.Date.UTC().Format(time.RFC3339)
	}
	for i, c := range p.comments {
		b.WriteString(`<w:comment w:id="` + strconv.Itoa(i) + `" w:author="`)
		escape(&b, c.Author)
		b.WriteString(`"`)
		if date != "" {
			b.WriteString(` w:date="` + date + `"`)
		}
		if c.Initials != "" {
			b.WriteString(` w:initials="`)
			escape(&b, c.Initials)
			b.WriteString(`"`)
		}
		b.WriteString(`>`)
		for k, line := range strings.Split(c.Text, "\n") {
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>`)
			if k == 0 {
				b.WriteString(`<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>`)
			}
			if line != "" {
				b.WriteString(`<w:r><w:t xml:space="preserve">`)
				escape(&b, line)
				b.WriteString(`</w:t></w:r>`)
			}
			b.WriteString(`</w:p>`)
		}
		b.WriteString(`</w:comment>`)
	}
	b.WriteString(`</w:comments>`)
	return b.Bytes()
}

// Initials returns the initials of a name as a comment shows them: the
// first letter of each of its first four words, "OSSP" for "OJOO
// SOFTWARE SERVICES PRIVATE LIMITED".
func Initials(name string) string {
	var b strings.Builder
	for i, w := range strings.Fields(name) {
		if i == 4 {
			break
		}
		for _, r := range w {
			b.WriteRune(r)
			break
		}
	}
	return strings.ToUpper(b.String())
}
