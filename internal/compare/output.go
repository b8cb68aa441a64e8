package compare

import (
	"cmp"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/vars"
)

// heading names a clause as the document that has it numbers it.
func (c Clause) heading() string {
	s := c.A
	if s == nil {
		s = c.B
	}
	return s.Heading()
}

// renumbered says the clause's number in b, if it moved.
func (c Clause) renumbered(r *Result) string {
	if c.A == nil || c.B == nil || c.A.Number == c.B.Number {
		return ""
	}
	return fmt.Sprintf(" (numbered %s in %s)", number(c.B), r.NameB)
}

func number(s *document.Section) string {
	if s.Number == "" {
		return "without a number"
	}
	return s.Number
}

// Summary says in one sentence, without a full stop, how the documents
// compare: "identical: 15 clauses, word for word", or the counts that are
// not zero, changed first: "1 changed, 14 the same".
func Summary(r *Result) string {
	if r.Empty() {
		return fmt.Sprintf("identical: %d clauses, word for word", len(r.Clauses))
	}
	var parts []string
	for _, p := range []struct {
		st    State
		label string
	}{{Changed, "changed"}, {OnlyA, "only in " + r.NameA}, {OnlyB, "only in " + r.NameB}, {Same, "the same"}} {
		if n := r.Count(p.st); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, p.label))
		}
	}
	return strings.Join(parts, ", ")
}

// order is the order the clauses are listed in: what changed first.
var order = []State{Changed, OnlyA, OnlyB, Same}

// context keeps this many words of unchanged text around each change.
const context = 8

// Text writes the comparison for a terminal: each changed block of each
// changed clause on a line of its own, as a list item with its marker or a
// sub-heading with its #s, with a little unchanged context around its
// changes. With colour, deletions are red, insertions green, and bold and
// italic words shown so; without, changes are marked [-deleted-] and
// {+inserted+}.
func Text(w io.Writer, r *Result, colour bool) error {
	m := plainMarks
	if colour {
		m = colourMarks
	}
	ew := &errWriter{w: w}
	ew.printf("%s → %s: %s\n", r.NameA, r.NameB, Summary(r))
	for _, c := range r.Clauses {
		if c.State != Changed {
			continue
		}
		ew.printf("\nchanged: %s [%s]%s\n", c.heading(), c.ID, c.renumbered(r))
		for _, bl := range c.Blocks {
			if bl.Kind == '=' {
				continue
			}
			prefix := "  " + strings.Repeat("  ", max(0, bl.Block.Depth-1))
			switch b := bl.Block; b.Kind {
			case Title:
				prefix += "title: "
			case Heading:
				prefix += strings.Repeat("#", b.Level) + " "
			case Item:
				prefix += cmp.Or(b.Number, b.Marker) + " "
			case Row:
				prefix += "| "
			case Paragraph:
				if b.Number != "" {
					prefix += b.Number + " "
				}
			}
			if bl.Block.Kind == Row {
				var cs []string
				for _, cell := range cells(bl.Edits) {
					cs = append(cs, m.inline(cell))
				}
				ew.printf("%s%s |\n", prefix, strings.Join(cs, " | "))
				continue
			}
			for i, h := range hunks(bl.Edits) {
				if i > 0 {
					prefix = strings.Repeat(" ", utf8.RuneCountInString(prefix))
				}
				ew.printf("%s%s\n", prefix, m.inline(h))
			}
		}
	}
	for _, st := range []State{OnlyA, OnlyB} {
		name := r.NameA
		if st == OnlyB {
			name = r.NameB
		}
		if r.Count(st) > 0 {
			ew.printf("\n")
		}
		for _, c := range r.Clauses {
			if c.State == st {
				ew.printf("only in %s: %s [%s]\n", name, c.heading(), c.ID)
			}
		}
	}
	return ew.err
}

// ellipsis stands for unchanged words a hunk leaves out.
var ellipsis = Word{Pieces: []Piece{{Text: "…"}}}

// hunks cuts a block's edits into changes with a little unchanged context
// each; "…" stands where unchanged words are left out.
func hunks(edits []Edit) [][]Edit {
	var out [][]Edit
	var cur []Edit
	for i, e := range edits {
		switch {
		case e.Kind != '=':
			cur = append(cur, e)
		case len(cur) == 0 && i == len(edits)-1:
			// trailing context of nothing
		case len(cur) == 0: // leading context of the first change
			cur = append(cur, Edit{'=', cutHead(e.Words, context)})
		case i == len(edits)-1:
			cur = append(cur, Edit{'=', cutTail(e.Words, context)})
		case len(e.Words) > 2*context:
			cur = append(cur, Edit{'=', cutTail(e.Words, context)})
			out = append(out, cur)
			cur = []Edit{{'=', cutHead(e.Words, context)}}
		default:
			cur = append(cur, e)
		}
	}
	if hasChange(cur) {
		out = append(out, cur)
	}
	return out
}

func hasChange(es []Edit) bool {
	for _, e := range es {
		if e.Kind != '=' {
			return true
		}
	}
	return false
}

// cutHead keeps the last n words, with "…" for those before.
func cutHead(w []Word, n int) []Word {
	if len(w) <= n {
		return w
	}
	return append([]Word{ellipsis}, w[len(w)-n:]...)
}

// cutTail keeps the first n words, with "…" for those after.
func cutTail(w []Word, n int) []Word {
	if len(w) <= n {
		return w
	}
	return append(w[:n:n], ellipsis)
}

// cells cuts the edits of a table row at the cell boundaries of B's row;
// A's own boundaries are dropped, their cells' words running on.
func cells(edits []Edit) [][]Edit {
	out := [][]Edit{nil}
	for _, e := range edits {
		var run []Word
		flush := func() {
			if len(run) > 0 {
				out[len(out)-1] = append(out[len(out)-1], Edit{e.Kind, run})
				run = nil
			}
		}
		for _, w := range e.Words {
			switch {
			case !w.Cell:
				run = append(run, w)
			case e.Kind != '-':
				flush()
				out = append(out, nil)
			}
		}
		flush()
	}
	return out
}

// marks is how one output marks changes and formatting within a block.
type marks struct {
	del, delEnd, ins, insEnd string
	style                    [3][2]string // Bold, Italic, Code: open and close
	escape                   func(Piece) string
}

var plainMarks = marks{del: "[-", delEnd: "-]", ins: "{+", insEnd: "+}", escape: func(p Piece) string { return p.Text }}

var colourMarks = marks{
	del: "\x1b[31m", delEnd: "\x1b[0m", ins: "\x1b[32m", insEnd: "\x1b[0m",
	style:  [3][2]string{{"\x1b[1m", "\x1b[22m"}, {"\x1b[3m", "\x1b[23m"}},
	escape: func(p Piece) string { return p.Text },
}

var markdownMarks = marks{
	del: "~~", delEnd: "~~", ins: "<ins>", insEnd: "</ins>",
	style: [3][2]string{{"**", "**"}, {"*", "*"}, {"`", "`"}},
	escape: func(p Piece) string {
		if p.Style&Code != 0 {
			return p.Text
		}
		return vars.EscapeMarkdown(p.Text)
	},
}

var htmlMarks = marks{
	del: "<del>", delEnd: "</del>", ins: "<ins>", insEnd: "</ins>",
	style:  [3][2]string{{"<strong>", "</strong>"}, {"<em>", "</em>"}, {"<code>", "</code>"}},
	escape: func(p Piece) string { return html.EscapeString(p.Text) },
}

// inline writes edits as one line of marked text. A mark is closed before
// the space that follows its last word, and the marks of a change enclose
// those of formatting.
func (m marks) inline(edits []Edit) string {
	var b strings.Builder
	kind, style := byte('='), Style(0)
	closeStyle := func() {
		for k := 2; k >= 0; k-- {
			if style&(1<<k) != 0 {
				b.WriteString(m.style[k][1])
			}
		}
		style = 0
	}
	set := func(k byte, st Style, space bool) {
		if k == kind && st == style {
			if space {
				b.WriteByte(' ')
			}
			return
		}
		closeStyle()
		if k != kind {
			switch kind {
			case '-':
				b.WriteString(m.delEnd)
			case '+':
				b.WriteString(m.insEnd)
			}
		}
		if space {
			b.WriteByte(' ')
		}
		if k != kind {
			switch k {
			case '-':
				b.WriteString(m.del)
			case '+':
				b.WriteString(m.ins)
			}
			kind = k
		}
		for s := 0; s < 3; s++ {
			if st&(1<<s) != 0 {
				b.WriteString(m.style[s][0])
			}
		}
		style = st
	}
	first := true
	for _, e := range edits {
		for _, w := range e.Words {
			for i, p := range w.Pieces {
				st := p.Style
				if m.style[2][0] == "`" && strings.Contains(p.Text, "`") {
					st &^= Code // a code span cannot hold its own backtick
				}
				set(e.Kind, st, i == 0 && !first)
				b.WriteString(m.escape(Piece{Text: p.Text, Style: st}))
			}
			if len(w.Pieces) > 0 {
				first = false
			}
		}
	}
	set('=', 0, false)
	return b.String()
}

// Markdown writes the comparison as Markdown: a summary, the clauses each
// document has alone, and each changed clause in full, in its structure
// (paragraphs, sub-headings, list items, tables), with deletions struck
// through and insertions underlined (<ins>).
func Markdown(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	ew.printf("# Differences: %s → %s\n\n", r.NameA, r.NameB)
	ew.printf("%s.\n", capitalize(Summary(r)))
	for _, st := range order {
		if r.Count(st) == 0 {
			continue
		}
		ew.printf("\n## %s\n", title(r, st))
		if st != Changed {
			ew.printf("\n")
			for _, c := range r.Clauses {
				if c.State == st {
					ew.printf("- %s (`%s`)\n", c.heading(), c.ID)
				}
			}
			continue
		}
		for _, c := range r.Clauses {
			if c.State != Changed {
				continue
			}
			ew.printf("\n### %s (`%s`)%s\n", c.heading(), c.ID, c.renumbered(r))
			ew.printf("%s", markdownBlocks(c.Blocks))
		}
	}
	return ew.err
}

// markdownBlocks writes a clause's redline as Markdown blocks, each
// after a blank line but for list items and table rows that follow their
// own kind. Indentation is worked out here, from the markers written, so
// that items nest as they are numbered.
func markdownBlocks(bs []BlockDiff) string {
	var b strings.Builder
	var cols []int // the content column of each open list item
	for i := 0; i < len(bs); i++ {
		bl := bs[i]
		if bl.Block.Kind == Title && bl.Kind == '=' {
			continue
		}
		d := bl.Block.Depth
		if bl.Block.Kind == Item {
			d--
		}
		cols = cols[:min(len(cols), max(d, 0))]
		indent := ""
		if len(cols) > 0 {
			indent = strings.Repeat(" ", cols[len(cols)-1])
		}
		prev := i > 0 && bs[i-1].Block.Kind == bl.Block.Kind && (bl.Block.Kind == Item || bl.Block.Kind == Row)
		if !prev {
			b.WriteString("\n")
		}
		switch bl.Block.Kind {
		case Title:
			b.WriteString("#### " + markdownMarks.inline(bl.Edits) + "\n")
		case Heading:
			b.WriteString(indent + strings.Repeat("#", redlineLevel(bl.Block.Level)) + " " + markdownMarks.inline(bl.Edits) + "\n")
		case Item:
			b.WriteString(indent + bl.Block.Marker + " " + numbered(bl.Block) + markdownMarks.inline(bl.Edits) + "\n")
			cols = append(cols, len(indent)+len(bl.Block.Marker)+1)
		case Row:
			j := tableEnd(bs, i)
			b.WriteString(markdownTable(bs[i:j], indent))
			i = j - 1
		default:
			b.WriteString(indent + numbered(bl.Block) + markdownMarks.inline(bl.Edits) + "\n")
		}
	}
	return b.String()
}

// tableEnd returns the end of the table whose first row is bs[i]: the
// rows up to the next head row.
func tableEnd(bs []BlockDiff, i int) int {
	j := i + 1
	for j < len(bs) && bs[j].Block.Kind == Row && !bs[j].Block.Header {
		j++
	}
	return j
}

// markdownTable writes table rows as a table whose first row is its head,
// every row as wide as the widest.
func markdownTable(rows []BlockDiff, indent string) string {
	var all [][]string
	width := 0
	for _, r := range rows {
		var cs []string
		for _, c := range cells(r.Edits) {
			cs = append(cs, markdownMarks.inline(c))
		}
		width = max(width, len(cs))
		all = append(all, cs)
	}
	var b strings.Builder
	for i, cs := range all {
		for len(cs) < width {
			cs = append(cs, "")
		}
		b.WriteString(indent + "| " + strings.Join(cs, " | ") + " |\n")
		if i == 0 {
			b.WriteString(indent + "|" + strings.Repeat(" --- |", width) + "\n")
		}
	}
	return b.String()
}

// HTML writes the comparison as a redline a lawyer can read: a standalone
// page with each changed clause in its structure (paragraphs, sub-headings,
// lists, tables), deletions struck through in red and insertions
// underlined in green.
func HTML(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	e := html.EscapeString
	ew.printf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Differences: %s → %s</title>
<style>
body { font: 16px/1.5 Georgia, "DejaVu Serif", serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d232b; }
del { color: #b3261e; text-decoration: line-through; }
ins { color: #1b6e2a; text-decoration: underline; }
.summary { color: #5b6573; }
code { font-size: .85em; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c5cbd3; padding: .25rem .5rem; text-align: left; vertical-align: top; }
tr.del td, tr.del th { background: #fbeaea; }
tr.ins td, tr.ins th { background: #e8f5ea; }
li.del::marker { color: #b3261e; }
li.ins::marker { color: #1b6e2a; }
</style></head><body>
<h1>Differences: %s → %s</h1>
<p class="summary">%s.</p>
`, e(r.NameA), e(r.NameB), e(r.NameA), e(r.NameB), e(capitalize(Summary(r))))
	for _, st := range order {
		if r.Count(st) == 0 {
			continue
		}
		ew.printf("<h2>%s</h2>\n", e(title(r, st)))
		if st != Changed {
			ew.printf("<ul>\n")
			for _, c := range r.Clauses {
				if c.State == st {
					ew.printf("<li>%s <code>%s</code></li>\n", e(c.heading()), e(c.ID))
				}
			}
			ew.printf("</ul>\n")
			continue
		}
		for _, c := range r.Clauses {
			if c.State != Changed {
				continue
			}
			ew.printf("<h3>%s <code>%s</code>%s</h3>\n", e(c.heading()), e(c.ID), e(c.renumbered(r)))
			ew.printf("%s", htmlBlocks(c.Blocks))
		}
	}
	ew.printf("</body></html>\n")
	return ew.err
}

// htmlBlocks writes a clause's redline as HTML blocks, opening and
// closing lists as items nest.
func htmlBlocks(bs []BlockDiff) string {
	var b strings.Builder
	type list struct {
		tag    string
		openLI bool
	}
	var lists []list
	closeTo := func(d int) {
		for len(lists) > d {
			l := lists[len(lists)-1]
			if l.openLI {
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + l.tag + ">\n")
			lists = lists[:len(lists)-1]
		}
	}
	class := func(kind byte) string {
		switch kind {
		case '-':
			return ` class="del"`
		case '+':
			return ` class="ins"`
		}
		return ""
	}
	for i := 0; i < len(bs); i++ {
		bl := bs[i]
		k := bl.Block.Kind
		if k == Title && bl.Kind == '=' {
			continue
		}
		if k != Item {
			closeTo(bl.Block.Depth)
		}
		switch k {
		case Title:
			b.WriteString("<h4>" + htmlMarks.inline(bl.Edits) + "</h4>\n")
		case Heading:
			n := strconv.Itoa(redlineLevel(bl.Block.Level))
			b.WriteString("<h" + n + ">" + htmlMarks.inline(bl.Edits) + "</h" + n + ">\n")
		case Item:
			tag, value := "ul", ""
			if m := bl.Block.Marker; m != "-" && m != "" {
				tag, value = "ol", ` value="`+html.EscapeString(m[:len(m)-1])+`"`
			}
			d := bl.Block.Depth
			closeTo(d)
			if len(lists) == d && lists[d-1].tag != tag {
				closeTo(d - 1)
			}
			if len(lists) == d && lists[d-1].openLI {
				b.WriteString("</li>\n")
				lists[d-1].openLI = false
			}
			for len(lists) < d {
				if len(lists) == d-1 {
					b.WriteString("<" + tag + ">\n")
					lists = append(lists, list{tag: tag})
					continue
				}
				// An item nested with no item around it: an unmarked one.
				b.WriteString(`<ul style="list-style: none">` + "\n<li>")
				lists = append(lists, list{tag: "ul", openLI: true})
			}
			b.WriteString("<li" + class(bl.Kind) + value + ">" + html.EscapeString(numbered(bl.Block)) + htmlMarks.inline(bl.Edits))
			lists[d-1].openLI = true
		case Row:
			j := tableEnd(bs, i)
			b.WriteString("<table>\n")
			for _, r := range bs[i:j] {
				cell := "td"
				if r.Block.Header {
					cell = "th"
				}
				b.WriteString("<tr" + class(r.Kind) + ">")
				for _, c := range cells(r.Edits) {
					b.WriteString("<" + cell + ">" + htmlMarks.inline(c) + "</" + cell + ">")
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
			i = j - 1
		default:
			b.WriteString("<p>" + html.EscapeString(numbered(bl.Block)) + htmlMarks.inline(bl.Edits) + "</p>\n")
		}
	}
	closeTo(0)
	return b.String()
}

// numbered returns the number the document gives bl, and a space, to
// write before its words; "" for a block without one.
func numbered(bl Block) string {
	if bl.Number == "" {
		return ""
	}
	return bl.Number + " "
}

// title heads the list of clauses in state st.
func title(r *Result, st State) string {
	switch st {
	case Changed:
		return "Changed"
	case OnlyA:
		return "Only in " + r.NameA
	case OnlyB:
		return "Only in " + r.NameB
	}
	return "The same"
}

// capitalize makes the first letter of a summary a capital.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// redlineLevel is the level a clause's sub-heading of level l takes in a
// redline, below the clause's own heading (level 3).
func redlineLevel(l int) int { return min(max(l+2, 4), 6) }
