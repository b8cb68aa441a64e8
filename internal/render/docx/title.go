package docx

import (
	"strings"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/textmatch"
	"github.com/yuin/goldmark/ast"
)

// This file holds what makes the Word copy open as the PDF does: the logo
// above the title, the parties below it and the table of contents.

// pageRef is the instruction of a contents entry's page number: the page
// of the heading's bookmark, a link to it (\h).
const pageRef = `PAGEREF %s \h`

// logo writes the house's logo, centred above the title. In a redline
// the file holds the second document's logo, and the first document shows
// it where its own style has a logo too.
func (b *builder) logo() {
	if st := b.doc.Style; st != nil && len(st.Logo) > 0 && b.pkg.house.logo != nil {
		b.add(&para{style: "Logo", runs: []run{{kind: logoRun, text: b.doc.Meta.Processor}}})
	}
}

// titleBlock writes what follows the title, as in the PDF: "between" and
// the parties joined by "and", each name centred with its role below, a
// line to write the name on for a party without one; without parties,
// the processor; then the agreement's date, as the library labels and
// writes it. A short rule ends the block, and the table of contents
// follows where the house style has one, the text starting on the next
// page.
func (b *builder) titleBlock() {
	ps := b.doc.Meta.Parties
	if len(ps) == 0 && b.doc.Meta.Processor != "" {
		b.add(&para{style: "Party", runs: []run{{text: b.doc.Meta.Processor}}})
	}
	for i, p := range ps {
		join := "between"
		if i > 0 {
			join = "and"
		}
		b.add(&para{style: "PartiesJoin", runs: []run{{text: join}}})
		if strings.TrimSpace(p.Name) == "" {
			b.add(&para{style: "PartyBlank"})
		} else {
			b.add(&para{style: "Party", runs: []run{{text: p.Name}}})
		}
		if p.Role != "" {
			b.add(&para{style: "PartyRole", runs: []run{{text: "(the “" + p.Role + "”)"}}})
		}
	}
	if d := b.doc.Meta.Dated(); d != "" {
		b.add(&para{style: "Dated", runs: []run{{text: d}}})
	}
	b.add(&para{style: "TitleRule"})
	if st := b.doc.Style; st == nil || !st.Contents || len(b.contents) == 0 {
		return
	}
	b.add(&para{style: "TOCHeading", runs: []run{{text: "Contents"}}})
	b.out = append(b.out, block{toc: &toc{entries: b.contents}})
	b.newPage = true
}

// contentsEntry is the entry of the contents for heading h, bookmarked
// as mark, as Word writes one: a link to the heading holding its text as
// printed, a tab to the dot leader of the TOC1 style and the heading's
// page, a PAGEREF field, all set as the text around them, as the PDF
// sets its contents, not in the Hyperlink style. LibreOffice computes the page as it lays the
// text out; Word computes it on opening, the field being dirty, and until
// then shows it empty. As in the entries Word writes, the number is a run
// of its own, which Word takes from the heading's list ("1.",
// "Appendix A").
func (b *builder) contentsEntry(h *ast.Heading, mark string) *para {
	text := headingText(h, b.src)
	number := ""
	if h.Lines().Len() > 0 {
		if nh, ok := b.headings[h.Lines().At(0).Start]; ok && nh.Level == h.Level {
			number = nh.Number + "."
			if b.doc.Sections[nh.Section].Kind == document.Appendix {
				number = "Appendix " + nh.Number
			}
		}
	}
	runs := []run{{text: text, props: unmarked, anchor: mark}}
	if rest, ok := strings.CutPrefix(text, number); number != "" && ok {
		runs = []run{{text: number, props: unmarked, anchor: mark}, {text: rest, props: unmarked, anchor: mark}}
	}
	runs = append(runs,
		run{kind: tabRun, anchor: mark},
		run{kind: fieldRun, instr: strings.Replace(pageRef, "%s", mark, 1), dirty: true, props: unmarked, anchor: mark})
	return &para{style: "TOC1", runs: runs}
}

// headingText is the text of heading h as printed, its number included:
// "3. Roles of the Parties", "Appendix A – Measures".
func headingText(h *ast.Heading, src []byte) string {
	var s strings.Builder
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			s.WriteString(textmatch.Unescape(n.Segment.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				s.WriteByte(' ')
			}
		case *ast.String:
			s.Write(n.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(s.String()), " ")
}
