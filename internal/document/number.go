package document

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/clausemark/clausemark/internal/mdext"
)

// This file decides the numbers of a document's paragraphs and the
// markers of its list items, once, from the house style, for every format
// to print: the PDF draws them, the DOCX numbers by them, the HTML and
// Markdown show them.

// NumberKind says what a [Number] numbers and how.
type NumberKind string

// The kinds of number.
const (
	Paragraph NumberKind = "paragraph" // a numbered paragraph: (1), (2)
	Legal     NumberKind = "legal"     // a list item with a legal marker: (a), (i), (A)
	Bullet    NumberKind = "bullet"    // a bullet list's item: •, ◦, ▪
	Ordered   NumberKind = "ordered"   // an ordered list's item in the bullets style: 1., 2.
)

// Number is the number of a paragraph or the marker of a list item, where
// the house style gives one.
type Number struct {
	// Offset is the byte offset in Markdown of the numbered block's text:
	// a paragraph's first character, a list item's first block's. With
	// Depth it is the key a format finds the block by; see [BlockKey].
	Offset int
	Depth  int // how many lists hold the item, less one; 0 for a paragraph
	Kind   NumberKind
	Marker string // "(2)", "(b)", "(ii)", "(A)", "•", "3."
	// Cite is how a reference names the paragraph or item: "12.2(2)(b)";
	// "" where it has no number of its own to cite (bullets, a part
	// without a number).
	Cite string
}

// Numbered returns the numbers of d's paragraphs and list items: d.Numbers,
// or, for a document made without them, those its style gives.
func (d *Document) Numbered() []Number {
	if d.Numbers != nil {
		return d.Numbers
	}
	return NumberMarkdown(d.Markdown, d.Style.Numbering())
}

// NumberedTree is [Document.Numbered] for a format that has parsed d's
// Markdown already, into root (as [mdext.Parse] with [mdext.New] does):
// d.Numbers, or else those its style gives root, without parsing again.
func (d *Document) NumberedTree(root ast.Node) []Number {
	if d.Numbers != nil {
		return d.Numbers
	}
	return NumberTree(root, d.Markdown, d.Style.Numbering())
}

// Numbering is how a house style numbers: [Style.Lists] and
// [Style.Paragraphs].
type Numbering struct {
	Legal      bool // every list's items are marked (a), (b); then (i), (ii); then (A), (B)
	Paragraphs bool // the paragraphs below a numbered heading are numbered (1), (2)
}

// Numbering returns how the style numbers; a nil style numbers no
// paragraphs and marks lists with bullets.
func (st *Style) Numbering() Numbering {
	if st == nil {
		return Numbering{}
	}
	return Numbering{Legal: st.Lists == "legal", Paragraphs: st.Paragraphs == "numbered"}
}

// NumberMarkdown returns the numbers of the paragraphs and list items of
// Markdown src as rules number them, in the order of the text. It parses
// src as every format does ([mdext.New]).
func NumberMarkdown(src []byte, rules Numbering) []Number {
	if nums, ok := numberBlocks(src, rules); ok {
		return nums
	}
	return NumberTree(mdext.Parse(mdext.New(), src), src, rules)
}

// NumberTree returns the numbers of the paragraphs and list items of the
// tree doc, parsed from src, as rules number them, in the order of the
// text.
//
// Under rules.Paragraphs, the paragraphs at the top level below a
// numbered heading ("3. Roles", "12.2 Notice", "Appendix B – Measures")
// are numbered (1), (2) when it has two or more before the next heading,
// thematic break or page break, or one that leads into subheadings; a
// thematic break ends the numbering until the next heading. A paragraph
// of images alone takes no number.
//
// Under rules.Legal, the items of every list are marked (a), (b), … (z),
// (aa) at the first level, (i), (ii) at the second, (A), (B) at the third,
// and so again below; otherwise bullet lists take •, ◦, ▪ by depth and
// ordered lists count from their start.
func NumberTree(doc ast.Node, src []byte, rules Numbering) []Number {
	n := numberer{rules: rules, src: src}
	_ = ast.Walk(doc, n.visit)
	return n.out
}

// numberer is the state of one walk of NumberTree.
type numberer struct {
	rules Numbering
	src   []byte
	out   []Number
	// cite is the number of the last heading, "" if it has none.
	cite   string
	titled bool // the title, the first heading of level 1, has been read
	// paras is on while the paragraphs below the last heading are
	// numbered; next is the number of the next one, last the cite of the
	// last one numbered, which a list after it belongs to.
	paras bool
	next  int
	last  string
	lists []*listCount // open lists
	// blocksOnly says the tree has no inline content (numberBlocks);
	// unsure is set where that content could change the numbers.
	blocksOnly, unsure bool
	// followedBy is the level of the heading that follows the tree's last
	// block in the document, where the tree is the first half of one cut
	// in two (numberBlocksSplit); 0 where the document ends with it.
	followedBy int
}

// listCount counts the items of an open list.
type listCount struct {
	items, next int
	ordered     bool
	base        string // the cite its items' cites extend
	current     string // the cite of its current item, which lists in it extend
}

func (n *numberer) visit(node ast.Node, entering bool) (ast.WalkStatus, error) {
	switch node := node.(type) {
	case *ast.Heading:
		if entering {
			n.heading(node)
		}
		return ast.WalkSkipChildren, nil
	case *ast.ThematicBreak:
		n.paras = false
	case *ast.Paragraph:
		if entering && n.paras && node.Parent() != nil && node.Parent().Kind() == ast.KindDocument && !n.imagesOnly(node) {
			if off, ok := BlockKey(node); ok {
				n.last = n.cite + "(" + strconv.Itoa(n.next) + ")"
				n.out = append(n.out, Number{Offset: off, Kind: Paragraph, Marker: "(" + strconv.Itoa(n.next) + ")", Cite: n.last})
				n.next++
			}
		}
	case *ast.List:
		n.list(node, entering)
	case *ast.ListItem:
		if entering {
			n.item(node)
		}
	}
	return ast.WalkContinue, nil
}

// heading starts the numbering of the paragraphs below h; the title
// block changes nothing.
func (n *numberer) heading(h *ast.Heading) {
	if h.Level == 1 && !n.titled {
		n.titled = true
		return
	}
	title := headingText(h, n.src)
	if n.blocksOnly && !plainNumber(title) {
		n.unsure = true
	}
	n.cite = citeOf(title)
	n.paras, n.next, n.last = false, 1, ""
	if !n.rules.Paragraphs || !numbered(title) {
		return
	}
	count, sub, last := 0, false, true
loop:
	for c := h.NextSibling(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Heading:
			sub, last = c.Level > h.Level, false
			break loop
		case *ast.ThematicBreak, *mdext.PageBreak:
			last = false
			break loop
		case *ast.Paragraph:
			count++
		}
	}
	if last && n.followedBy > 0 && h.Parent() != nil && h.Parent().Kind() == ast.KindDocument {
		// The tree is the first part of a document cut before a heading.
		sub = n.followedBy > h.Level
	}
	n.paras = count >= 2 || count == 1 && sub
}

// list opens or closes list l. A list at the top level after a numbered
// paragraph belongs to it: its items' cites extend the paragraph's.
func (n *numberer) list(l *ast.List, entering bool) {
	if !entering {
		n.lists = n.lists[:len(n.lists)-1]
		return
	}
	c := &listCount{next: l.Start, ordered: l.IsOrdered()}
	switch {
	case len(n.lists) > 0:
		c.base = n.lists[len(n.lists)-1].current
	case n.paras && n.next > 1 && l.Parent() != nil && l.Parent().Kind() == ast.KindDocument:
		c.base = n.last
	default:
		c.base = n.cite
	}
	n.lists = append(n.lists, c)
}

// item numbers list item it.
func (n *numberer) item(it *ast.ListItem) {
	if len(n.lists) == 0 {
		return
	}
	depth := len(n.lists) - 1
	l := n.lists[depth]
	num := Number{Depth: depth}
	switch {
	case n.rules.Legal:
		num.Kind, num.Marker = Legal, LegalMarker(depth, l.items)
		if l.base != "" {
			num.Cite = l.base + num.Marker
		}
	case l.ordered:
		num.Kind, num.Marker = Ordered, strconv.Itoa(l.next)+"."
		l.next++
	default:
		num.Kind, num.Marker = Bullet, bullets[depth%len(bullets)]
	}
	l.items++
	l.current = num.Cite // the lists nested in the item extend its cite
	if off, ok := BlockKey(it); ok {
		num.Offset = off
		n.out = append(n.out, num)
	}
}

var bullets = []string{"•", "◦", "▪"}

// BlockKey returns the offset in the Markdown of the text of block n, as
// [Number.Offset] keys it: a paragraph's first line, or the first line of
// the first block inside n that has lines. ok is false for a block
// without text (an empty list item).
func BlockKey(n ast.Node) (offset int, ok bool) {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() != ast.TypeBlock {
			return 0, false
		}
		if l := c.Lines(); l.Len() > 0 {
			return l.At(0).Start, true
		}
	}
	return 0, false
}

// imagesOnly is [imagesOnly] for the tree being numbered: without its
// inline content, a paragraph without an image's "!" holds none, and one
// with it is unsure.
func (n *numberer) imagesOnly(p ast.Node) bool {
	if !n.blocksOnly {
		return imagesOnly(p)
	}
	if mayHoldImage(p, n.src) {
		n.unsure = true
	}
	return false
}

// imagesOnly reports whether paragraph p holds images and nothing else to
// print, which the formats draw as figures, not as a paragraph.
func imagesOnly(p ast.Node) bool {
	images := false
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			images = true
		case *ast.Text:
			if !c.SoftLineBreak() && !c.HardLineBreak() && c.Segment.Len() > 0 {
				return false
			}
		default:
			return false
		}
	}
	return images
}

// headingText returns the text of heading h, its words joined by single
// spaces.
func headingText(h ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// numbered reports whether a heading's text starts with a number:
// "3. Roles", "12.2 Notice", "Appendix B – Measures".
func numbered(title string) bool {
	if rest, ok := strings.CutPrefix(title, "Appendix "); ok {
		return rest != ""
	}
	return title != "" && title[0] >= '0' && title[0] <= '9'
}

// citeOf returns the number a heading's paragraphs are cited under: "3"
// for "3. Roles", "12.2" for "12.2 Notice", "Appendix B" for "Appendix B –
// Measures"; "" for a heading without a number.
func citeOf(title string) string {
	if !numbered(title) {
		return ""
	}
	if rest, ok := strings.CutPrefix(title, "Appendix "); ok {
		f := strings.Fields(rest)
		return "Appendix " + strings.TrimSuffix(f[0], ".")
	}
	f := strings.Fields(title)
	return strings.TrimSuffix(f[0], ".")
}

// LegalMarker returns the marker of item i (from 0) of a list at depth:
// (a), (b), … (z), (aa), (bb) at the first level; (i), (ii) at the second;
// (A), (B) at the third; and so again below.
func LegalMarker(depth, i int) string {
	switch depth % 3 {
	case 1:
		return "(" + roman(i+1) + ")"
	case 2:
		return "(" + strings.ToUpper(letters(i)) + ")"
	}
	return "(" + letters(i) + ")"
}

// letters returns a, b, … z, aa, bb, … zz, aaa: item i's letter, repeated
// once for each time round the alphabet.
func letters(i int) string {
	i = max(i, 0)
	return strings.Repeat(string(rune('a'+i%26)), min(i/26+1, 8))
}

// roman returns n in lower-case Roman numerals, or in digits from 4000 on.
func roman(n int) string {
	if n < 1 || n >= 4000 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, r := range []struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for ; n >= r.v; n -= r.v {
			b.WriteString(r.s)
		}
	}
	return b.String()
}

// Numbers finds the number of a block of a tree parsed from the Markdown
// its numbers were made for: a format walking its own parse of
// [Document.Markdown] asks it for each paragraph and list item.
type Numbers map[numberKey]Number

// numberKey finds the number of a block: the offset of its text, the
// depth of a list item, and whether it is a paragraph's number.
type numberKey struct {
	offset, depth int
	paragraph     bool
}

// IndexNumbers returns nums by the blocks they number.
func IndexNumbers(nums []Number) Numbers {
	m := make(Numbers, len(nums))
	for _, n := range nums {
		m[numberKey{n.Offset, n.Depth, n.Kind == Paragraph}] = n
	}
	return m
}

// Paragraph returns the number of paragraph n, if it has one.
func (m Numbers) Paragraph(n ast.Node) (Number, bool) {
	if n.Kind() != ast.KindParagraph {
		return Number{}, false
	}
	off, ok := BlockKey(n)
	if !ok {
		return Number{}, false
	}
	num, ok := m[numberKey{off, 0, true}]
	return num, ok
}

// Item returns the marker of list item n, if it has one.
func (m Numbers) Item(n ast.Node) (Number, bool) {
	off, ok := BlockKey(n)
	if !ok {
		return Number{}, false
	}
	num, ok := m[numberKey{off, listDepth(n), false}]
	return num, ok
}

// listDepth returns how many lists hold n, less one.
func listDepth(n ast.Node) int {
	d := -1
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindList {
			d++
		}
	}
	return max(d, 0)
}

// NumberedMarkdown returns d's Markdown with the numbers its style gives
// written into the text, as every other format prints them: "(1) " before
// each numbered paragraph, "(a) " after the list marker of each item the
// style marks so ("- (a) text", the list kept a list). Bullets and an
// ordered list's numbers are the Markdown's own and stay as they are.
func (d *Document) NumberedMarkdown() []byte {
	return WriteNumbers(d.Markdown, d.Numbered())
}

// WriteNumbers returns src with the markers of the paragraphs and legal
// list items of nums, numbers made for src, written before their text.
func WriteNumbers(src []byte, nums []Number) []byte {
	out := make([]byte, 0, len(src)+8*len(nums))
	at := 0
	for _, n := range nums {
		if n.Kind != Paragraph && n.Kind != Legal || n.Offset < at || n.Offset > len(src) {
			continue
		}
		out = append(out, src[at:n.Offset]...)
		out = append(out, n.Marker...)
		out = append(out, ' ')
		at = n.Offset
	}
	return append(out, src[at:]...)
}
