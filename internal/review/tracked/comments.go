package tracked

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

// comment is one comment of the comments part.
type comment struct {
	author, date, text string
}

// comments reads the comments part, by id.
func (p *pkg) comments(part string) (map[string]comment, error) {
	out := map[string]comment{}
	if part == "" {
		return out, nil
	}
	rc, err := p.open(part, MaxPart)
	if err != nil || rc == nil {
		return out, err
	}
	defer rc.Close()
	d := newDecoder(rc, part)
	var id string
	var c comment
	var text strings.Builder
	inText, paras := false, 0
	for {
		tok, err := d.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case nil:
			return out, nil
		case xml.StartElement:
			switch t.Name.Local {
			case "comment":
				id, c, paras = attr(t, "id"), comment{author: attr(t, "author"), date: attr(t, "date")}, 0
				text.Reset()
			case "p":
				if paras++; paras > 1 {
					text.WriteString("\n")
				}
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "comment":
				if len(out) >= MaxChanges {
					return nil, &Error{Part: part, Err: fmt.Errorf("more than %d comments", MaxChanges)}
				}
				c.text = text.String()
				out[id] = c
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		}
	}
}

// addComments adds a Change for each comment anchored in the body, in
// the order their ranges start.
func (w *walker) addComments(comments map[string]comment) {
	doc := w.doc
	for _, r := range w.ranges {
		id := w.order[r[0]]
		c, ok := comments[id]
		if !ok || len(doc.Changes) >= MaxChanges {
			continue
		}
		start, end := r[1], r[2]
		if end < start {
			end = start
		}
		para := doc.paragraphAt(start)
		ch := Change{Kind: Comment, ID: id, Author: c.author, Date: c.date, Comment: c.text, Para: para, Text: doc.textOf(start, end)}
		if para < len(doc.Paragraphs) {
			ch.Bookmark, ch.Table = doc.Paragraphs[para].Bookmark, doc.Paragraphs[para].Table
		}
		doc.Changes = append(doc.Changes, ch)
	}
}

// paragraphAt returns the paragraph that piece i is in.
func (d *Document) paragraphAt(i int) int {
	return sort.Search(len(d.Paragraphs), func(k int) bool { return d.Paragraphs[k].End > i })
}

// textOf is the text of pieces [start, end) as the customer left it.
func (d *Document) textOf(start, end int) string {
	var b strings.Builder
	for _, p := range d.Pieces[start:min(end, len(d.Pieces))] {
		if p.Change >= 0 && d.Changes[p.Change].Kind.Removes() {
			continue
		}
		if p.Break {
			b.WriteString("\n")
		}
		b.WriteString(p.Text)
	}
	return strings.TrimSpace(b.String())
}
