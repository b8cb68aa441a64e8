package docx

import (
	"context"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/seqalign"
)

// A composed redline is a redline between two versions each put together
// from stretches of several documents: the stretches start at a clause's
// bookmarked heading (one of the marks) and run to the next one. A reply
// to a customer's redline is one: the customer's version is the issued
// document with the clauses the customer changed read as the customer
// left them, the counter-draft takes some clauses from the document the
// library makes with the values the house accepts and keeps others as
// the customer left them.

// Stretch is one part of a composed version: the blocks of document Doc
// from the paragraph bookmarked Start ("" for the document's start) up to
// the next paragraph bookmarked with a mark.
type Stretch struct {
	Doc   int    // the index of the document in the docs composed
	Start string // a mark, or "" for what stands before the first mark
	// Lines, when not nil, are the paragraphs the stretch reads as
	// instead, in order: a paragraph whose text is a line's (white space
	// aside) stays as the document writes it, another takes the line's
	// text in its own style and numbering, a line with no paragraph is a
	// new paragraph in the style of the one before it, and a paragraph
	// with no line is left out. Empty lines are ignored, as are the
	// entries of a table of contents.
	Lines []string
}

// Comment is a Word comment in a composed redline, on a paragraph of the
// stretch starting at Start in the second version: the first whose text,
// changes aside, holds Near; else the first with a tracked change; else
// its first.
type Comment struct {
	Start    string
	Near     string
	Author   string
	Initials string
	Text     string // its paragraphs, separated by "\n"
}

// ComposeError is a composition that names what the documents lack.
type ComposeError struct {
	Doc    int    // the index of the document; -1 for none
	Start  string // the stretch's start
	Reason string
}

func (e *ComposeError) Error() string {
	if e.Doc < 0 {
		return "compose: " + e.Reason
	}
	at := "the start"
	if e.Start != "" {
		at = "bookmark " + e.Start
	}
	return fmt.Sprintf("compose: document %d, stretch at %s: %s", e.Doc, at, e.Reason)
}

// maxComments bounds the comments of one file.
const maxComments = 10000

// RedlineComposed writes version b as a DOCX file with Word tracked
// changes against version a, both put together from stretches of docs,
// split at the paragraphs bookmarked with marks, with comments on b's
// stretches. Changes and comments are by rev's author at rev's date. The
// file is in the first document's house style.
func RedlineComposed(ctx context.Context, docs []*document.Document, marks []string, a, b []Stretch, comments []Comment, o Options, rev Revision) ([]byte, error) {
	if len(docs) == 0 {
		return nil, &ComposeError{Doc: -1, Reason: "no documents"}
	}
	if len(comments) > maxComments {
		return nil, &ComposeError{Doc: -1, Reason: fmt.Sprintf("%d comments; at most %d", len(comments), maxComments)}
	}
	p, err := newPackage(o, docs[0].Style)
	if err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	p.track = true
	isMark := map[string]bool{}
	for _, m := range marks {
		isMark[m] = true
	}
	split := make([]map[string][]block, len(docs))
	for i, d := range docs {
		bl, err := build(ctx, d, p)
		if err != nil {
			return nil, fmt.Errorf("compose: document %d: %w", i, err)
		}
		split[i] = stretches(bl, isMark)
	}
	ba, err := compose(split, a)
	if err != nil {
		return nil, err
	}
	bb, err := compose(split, b)
	if err != nil {
		return nil, err
	}
	p.rev = rev
	body, err := redline(ctx, ba, bb)
	if err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	p.comments = anchorComments(body, comments, isMark)
	return p.write(ctx, body)
}

// stretches splits blocks at the paragraphs bookmarked with a mark.
func stretches(bl []block, isMark map[string]bool) map[string][]block {
	out := map[string][]block{}
	cur := ""
	for _, b := range bl {
		if b.p != nil && isMark[b.p.bookmark] {
			cur = b.p.bookmark
		}
		out[cur] = append(out[cur], b)
	}
	return out
}

func compose(split []map[string][]block, v []Stretch) ([]block, error) {
	var out []block
	for _, s := range v {
		if s.Doc < 0 || s.Doc >= len(split) {
			return nil, &ComposeError{Doc: s.Doc, Start: s.Start, Reason: "no such document"}
		}
		bl, ok := split[s.Doc][s.Start]
		if !ok {
			return nil, &ComposeError{Doc: s.Doc, Start: s.Start, Reason: "the document has no such stretch"}
		}
		if s.Lines != nil {
			bl = reword(bl, s.Lines)
		}
		out = append(out, bl...)
	}
	return out, nil
}

// slot is a paragraph of a stretch that lines can replace: a paragraph of
// the body or of a table's cell.
type slot struct {
	block int   // its block
	p     *para // the paragraph, a copy of the document's
}

// fold is a text with its runs of white space made one space.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// reword returns the blocks bl reading as lines (see Stretch.Lines). The
// document's blocks are not changed: those changed are copies.
func reword(bl []block, lines []string) []block {
	out := make([]block, len(bl))
	copy(out, bl)
	var slots []slot
	for i := range out {
		switch {
		case out[i].p != nil:
			if fold(out[i].p.text()) != "" {
				q := *out[i].p
				out[i].p = &q
				slots = append(slots, slot{block: i, p: &q})
			}
		case out[i].t != nil:
			t := *out[i].t
			t.rows = make([]row, len(out[i].t.rows))
			for r, rw := range out[i].t.rows {
				nr := rw
				nr.cells = make([][]*para, len(rw.cells))
				for c, cell := range rw.cells {
					nr.cells[c] = make([]*para, len(cell))
					for k, p := range cell {
						q := *p
						nr.cells[c][k] = &q
						if fold(q.text()) != "" {
							slots = append(slots, slot{block: i, p: &q})
						}
					}
				}
				t.rows[r] = nr
			}
			out[i].t = &t
		}
	}
	var want []string
	for _, l := range lines {
		if f := fold(l); f != "" {
			want = append(want, f)
		}
	}
	have := make([]string, len(slots))
	for i, s := range slots {
		have[i] = fold(s.p.text())
	}
	drop := map[int]bool{}           // body paragraphs left out, by block
	after := map[int][]*para{}       // new body paragraphs, after a block
	before := []*para(nil)           // new paragraphs before every slot
	appendTo := map[*para][]string{} // lines joined to a cell's paragraph
	pairs := seqalign.Align(len(have), len(want), func(i, j int) bool { return have[i] == want[j] })
	seqalign.Walk(pairs, len(have), len(want), func(i0, i1, j0, j1 int) {
		n := min(i1-i0, j1-j0)
		for k := range n {
			setText(slots[i0+k].p, want[j0+k])
		}
		for k := i0 + n; k < i1; k++ {
			s := slots[k]
			if out[s.block].p != nil {
				drop[s.block] = true
			} else {
				setText(s.p, "")
			}
		}
		if j1-j0 <= n {
			return
		}
		extra := want[j0+n : j1]
		at := i0 + n - 1 // the slot the new lines follow
		if n == 0 {
			at = i0 - 1
		}
		if at < 0 {
			for _, l := range extra {
				q := newPara(firstPara(slots), l)
				before = append(before, q)
			}
			return
		}
		s := slots[at]
		if out[s.block].p == nil {
			appendTo[s.p] = append(appendTo[s.p], extra...)
			return
		}
		for _, l := range extra {
			after[s.block] = append(after[s.block], newPara(s.p, l))
		}
	}, func(int, int) {})
	for p, ls := range appendTo {
		setText(p, fold(p.text()+" "+strings.Join(ls, " ")))
	}
	var res []block
	for _, q := range before {
		res = append(res, block{p: q})
	}
	for i, b := range out {
		if !drop[i] {
			res = append(res, b)
		}
		for _, q := range after[i] {
			res = append(res, block{p: q})
		}
	}
	return res
}

func firstPara(slots []slot) *para {
	if len(slots) == 0 {
		return &para{}
	}
	return slots[0].p
}

// setText makes p read as text, its bookmark kept: the runs at its
// start and end whose text stands there in text keep their formatting
// and fields, and the rest of text is one plain run between them.
func setText(p *para, text string) {
	if text == "" {
		p.runs, p.markFrom = nil, 0
		return
	}
	rs := p.runs
	words := func(r run) bool { return (r.kind == textRun || r.kind == fieldRun) && r.text != "" }
	i, pre := 0, 0
	for i < len(rs) && words(rs[i]) && strings.HasPrefix(text[pre:], rs[i].text) {
		pre += len(rs[i].text)
		i++
	}
	j, suf := len(rs), 0
	for j > i && words(rs[j-1]) && strings.HasSuffix(text[pre:len(text)-suf], rs[j-1].text) {
		suf += len(rs[j-1].text)
		j--
	}
	runs := make([]run, 0, i+1+len(rs)-j)
	runs = append(runs, rs[:i]...)
	if mid := text[pre : len(text)-suf]; mid != "" {
		runs = append(runs, run{kind: textRun, text: mid})
	}
	p.runs = append(runs, rs[j:]...)
	if p.markFrom > i {
		p.markFrom = 0
	}
}

// newPara is a paragraph reading text in like's style and numbering,
// without its bookmark.
func newPara(like *para, text string) *para {
	q := &para{style: like.style, numID: like.numID, ilvl: like.ilvl, indent: like.indent, align: like.align}
	if strings.HasPrefix(q.style, "Heading") {
		q.style, q.numID, q.ilvl = "", 0, 0
	}
	setText(q, text)
	return q
}

// anchorComments sets each comment on its paragraph of body and returns
// them in order; a comment whose stretch body lacks is set on the first
// paragraph.
func anchorComments(body []block, comments []Comment, isMark map[string]bool) []Comment {
	if len(comments) == 0 {
		return nil
	}
	type at struct {
		block int
		p     *para
	}
	byStart := map[string][]at{}
	cur := ""
	for i, b := range body {
		if b.p == nil {
			continue
		}
		if isMark[b.p.bookmark] {
			cur = b.p.bookmark
		}
		byStart[cur] = append(byStart[cur], at{i, b.p})
	}
	pick := func(c Comment) int {
		ps := byStart[c.Start]
		if near := fold(c.Near); near != "" {
			for _, a := range ps {
				if strings.Contains(fold(liveText(a.p)), near) {
					return a.block
				}
			}
		}
		for _, a := range ps {
			if changed(a.p) {
				return a.block
			}
		}
		if len(ps) > 0 {
			return ps[0].block
		}
		for i, b := range body {
			if b.p != nil {
				return i
			}
		}
		return -1
	}
	copied := map[int]bool{}
	for i, c := range comments {
		bi := pick(c)
		if bi < 0 {
			continue
		}
		if !copied[bi] {
			q := *body[bi].p
			q.comments = nil
			body[bi].p = &q
			copied[bi] = true
		}
		body[bi].p.comments = append(body[bi].p.comments, i)
	}
	return comments
}

// liveText is p's text with its deleted runs left out.
func liveText(p *para) string {
	var b strings.Builder
	for _, r := range p.runs {
		if r.change != deleted {
			b.WriteString(r.text)
		}
	}
	return b.String()
}

func changed(p *para) bool {
	if p.mark != kept || p.was != nil {
		return true
	}
	for _, r := range p.runs {
		if r.change != kept {
			return true
		}
	}
	return false
}
