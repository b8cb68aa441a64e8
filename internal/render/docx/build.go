package docx

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/textmatch"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// md parses as every format does (mdext.New): quotes print typographic,
// as in the PDF.
var md = sync.OnceValue(func() goldmark.Markdown { return mdext.New() })

// Bounds on what the model holds. Word has nine list levels and at most 63
// table columns; deeper nesting stays at the deepest indent.
const (
	maxLevel   = 8
	maxColumns = 63
	maxQuote   = 6
)

// target is where a cross-reference can point: a bookmarked heading, and
// the section it opens when it is one.
type target struct {
	bookmark string
	section  *document.Section
}

// builder turns the AST of one document into blocks.
type builder struct {
	ctx      context.Context
	src      []byte
	doc      *document.Document
	pkg      *pkg
	headings map[int]document.Heading // numbered headings by offset
	targets  map[string]target        // by anchor
	marks    map[*ast.Heading]string  // each heading's bookmark
	contents []*para                  // the entries of a table of contents
	numbers  document.Numbers         // the paragraphs' numbers and list items' markers
	// cites are the numbered paragraphs and items by cite ("12.2(2)"),
	// heads the numbered headings' bookmarks by cite ("12.2",
	// "Appendix B"), and placeMarks the bookmarks of the paragraphs and
	// items a reference names, by cite.
	cites      map[string]document.Number
	heads      map[string]string
	placeMarks map[string]string
	// paraNum is the numbering instance of the numbered paragraphs below
	// the last heading, 0 before the first of them.
	paraNum int
	out     []block
	title   bool
	newPage bool // the next paragraph starts a page
	err     error
}

func build(ctx context.Context, doc *document.Document, p *pkg) ([]block, error) {
	b := &builder{
		ctx: ctx, src: doc.Markdown, doc: doc, pkg: p,
		headings: make(map[int]document.Heading, len(doc.Headings)),
		targets:  map[string]target{},
		marks:    map[*ast.Heading]string{},
		cites:    map[string]document.Number{}, heads: map[string]string{}, placeMarks: map[string]string{},
	}
	for _, h := range doc.Headings {
		b.headings[h.Offset] = h
	}
	root := mdext.Parse(md(), b.src)
	if err := mdext.Check(root, b.src); err != nil {
		return nil, err
	}
	// The numbers are the model's, or those its style gives the tree
	// just parsed: the Markdown is not parsed again for them.
	nums := doc.NumberedTree(root)
	b.numbers = document.IndexNumbers(nums)
	for _, n := range nums {
		if n.Cite != "" {
			b.cites[n.Cite] = n
		}
	}
	b.bookmarks(root)
	b.blocks(root, &nest{})
	if b.err != nil {
		return nil, b.err
	}
	b.pageBreak()
	return b.out, ctx.Err()
}

// bookmarks names a bookmark for every heading with an id, so that links
// to it (written before or after it) can find it.
func (b *builder) bookmarks(root ast.Node) {
	used := map[string]bool{}
	bySection := map[string]*document.Section{}
	for i := range b.doc.Sections {
		s := &b.doc.Sections[i]
		if s.Kind != document.Unnumbered {
			bySection[s.Anchor()] = s
		}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		id, _ := h.AttributeString("id")
		anchor, _ := id.([]byte)
		if len(anchor) == 0 {
			continue
		}
		// A numbered heading's bookmark is named after its clause, not
		// its number, which changes when the document does.
		base := string(anchor)
		if h.Lines().Len() > 0 {
			if nh, ok := b.headings[h.Lines().At(0).Start]; ok {
				base = b.doc.Sections[nh.Section].ClauseID
				if nh.Level > 2 {
					base += strings.TrimPrefix(string(anchor), mdext.Slug(nh.Prefix))
				}
			}
		}
		name := bookmarkName(base, used)
		b.marks[h] = name
		if h.Lines().Len() > 0 {
			if nh, ok := b.headings[h.Lines().At(0).Start]; ok {
				b.heads[headCite(b.doc, nh)] = name
			}
		}
		if h.Level == 2 {
			b.contents = append(b.contents, b.contentsEntry(h, name))
		}
		if _, ok := b.targets[string(anchor)]; !ok {
			b.targets[string(anchor)] = target{bookmark: name, section: bySection[string(anchor)]}
		}
	}
	b.placeBookmarks(root, used)
}

// headCite is how the paragraphs below heading h are cited: "12",
// "12.2", "Appendix B", "B.1".
func headCite(d *document.Document, h document.Heading) string {
	if h.Level == 2 && d.Sections[h.Section].Kind == document.Appendix {
		return "Appendix " + h.Number
	}
	return h.Number
}

// placeBookmarks names a bookmark for each numbered paragraph and list
// item a reference names ("Section 12.2(2)(b)"), and for each one whose
// number the reference's number continues (12.2(2)), so that the
// reference's fields can read each number.
func (b *builder) placeBookmarks(root ast.Node, used map[string]bool) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok || !strings.HasPrefix(string(l.Destination), "#") {
			return ast.WalkContinue, nil
		}
		chain, ok := b.place(linkWords(l, b.src))
		if !ok {
			return ast.WalkSkipChildren, nil
		}
		for _, c := range chain[1:] {
			if b.placeMarks[c] == "" {
				b.placeMarks[c] = bookmarkName("p_"+c, used)
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// linkWords returns the words of link l as written.
func linkWords(l *ast.Link, src []byte) string {
	var b strings.Builder
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		default:
			return "" // formatted words: no reference assembly writes
		}
	}
	return b.String()
}

// place reads a reference to a place within a section, as assembly
// writes it ("Section 12.2(2)(b)", "Appendix B(1)", "Appendix B.1(2)"),
// and returns the cites its number is made of: the heading's ("12.2"),
// then each paragraph's or item's ("12.2(2)", "12.2(2)(b)"). ok is false
// for any other text, and for a place the document does not number.
func (b *builder) place(label string) (chain []string, ok bool) {
	var num string
	switch {
	case strings.HasPrefix(label, "Section "):
		num = strings.TrimPrefix(label, "Section ")
	case strings.HasPrefix(label, "Appendix "):
		num = strings.TrimPrefix(label, "Appendix ")
		if head, _, _ := strings.Cut(num, "("); !strings.Contains(head, ".") {
			num = "Appendix " + num
		}
	default:
		return nil, false
	}
	head, rest, found := strings.Cut(num, "(")
	if _, ok := b.heads[head]; !ok {
		return nil, false
	}
	chain = []string{head}
	if !found && !strings.Contains(head, ".") {
		return nil, false // a whole section: a reference of its own kind
	}
	cite := head
	for found {
		var part string
		part, rest, found = strings.Cut(rest, ")")
		if !found || part == "" {
			return nil, false
		}
		cite += "(" + part + ")"
		if _, ok := b.cites[cite]; !ok {
			return nil, false
		}
		chain = append(chain, cite)
		rest, found = strings.CutPrefix(rest, "(")
		if !found && rest != "" {
			return nil, false
		}
	}
	return chain, true
}

// BookmarkStem is the bookmark a clause's heading gets, before any
// suffix that keeps it unique: "_Ref_" and the letters and digits of
// base, others as "_", at most 32 characters (Word allows 40). The
// leading underscore hides it in Word's bookmark list, as Word's own
// cross-reference bookmarks are. A returned file's clauses are found
// by it (package review).
func BookmarkStem(base string) string {
	var b strings.Builder
	b.WriteString("_Ref_")
	for _, r := range base {
		if b.Len() >= 32 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// bookmarkName makes a bookmark name from base's stem (BookmarkStem),
// unique in the document.
func bookmarkName(base string, used map[string]bool) string {
	stem := BookmarkStem(base)
	name := stem
	for i := 2; used[name]; i++ {
		name = stem + "_" + strconv.Itoa(i)
	}
	used[name] = true
	return name
}

// nest is where a block sits: its list and quote depth, and the list item
// whose first paragraph carries the number or bullet.
type nest struct {
	level  int    // list depth, 0 outside lists
	quote  int    // block quote depth
	numID  int    // the list of the item being filled
	marker bool   // the next paragraph is the item's first
	legal  bool   // the list is marked (a), (i): its text stands one step further in
	outer  bool   // a legal list that follows no numbered paragraph: its marker stands at the margin
	mark   string // the bookmark of the item being filled, where a reference names it
}

func (n nest) indent() int {
	in := 0
	if n.level > 0 {
		in = 567 * min(n.level, maxLevel+1)
	}
	if n.legal && !n.outer {
		in += 567
	}
	return in + 567*min(n.quote, maxQuote)
}

// add adds a paragraph, starting a page where a page break came before
// it.
func (b *builder) add(p *para) {
	if b.newPage {
		p.newPage, b.newPage = true, false
	}
	b.out = append(b.out, block{p: p})
}

// pageBreak writes a page break still to come as a paragraph of its own,
// before a block that is not a paragraph or at the end.
func (b *builder) pageBreak() {
	if b.newPage {
		b.newPage = false
		b.out = append(b.out, block{p: &para{runs: []run{{kind: pageRun}}}})
	}
}

// blocks builds the block children of n.
func (b *builder) blocks(n ast.Node, at *nest) {
	for c := n.FirstChild(); c != nil && b.err == nil; c = c.NextSibling() {
		if err := b.ctx.Err(); err != nil {
			b.err = err
			return
		}
		b.block(c, at)
	}
}

// marker gives a list item that opens with something other than a
// paragraph (a nested list, code, a table) its number or bullet on an
// empty paragraph of its own.
func (b *builder) marker(at *nest) {
	if at.marker {
		b.add(&para{style: "ListParagraph", numID: at.numID, ilvl: min(at.level-1, maxLevel), bookmark: at.mark})
		at.marker = false
	}
}

func (b *builder) block(n ast.Node, at *nest) {
	switch n := n.(type) {
	case *ast.Heading:
		b.heading(n)
	case *ast.Paragraph, *ast.TextBlock:
		p := b.paragraph(n, at)
		p.keepNext = leadsIn(n, p) || closing(n)
		b.add(p)
	case *ast.List:
		b.marker(at)
		b.list(n, *at)
	case *ast.Blockquote:
		inner := *at
		inner.quote++
		b.blocks(n, &inner)
		at.marker = inner.marker
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		b.marker(at)
		b.code(n, at)
	case *ast.ThematicBreak:
		b.paraNum = 0 // a rule ends the numbered paragraphs
		b.add(&para{style: "Rule"})
	case *ast.HTMLBlock:
		// Raw HTML is not part of the agreement's text, as in HTML output.
	case *east.Table:
		b.marker(at)
		b.pageBreak()
		b.table(n)
	case *mdext.PageBreak:
		// The next paragraph starts the page: no empty paragraph
		// at the top of it.
		b.pageBreak()
		b.newPage = true
	case *mdext.Signatures:
		b.pageBreak()
		b.signatures(n)
	default:
		if n.Type() == ast.TypeBlock && n.HasChildren() && n.FirstChild().Type() == ast.TypeBlock {
			b.blocks(n, at)
			return
		}
		b.add(b.paragraph(n, at))
	}
}

// heading maps Markdown levels to Word's: the title, then sections and
// appendices (level 2) and their subsections (levels 3 and 4). A heading
// assembly numbered loses its typed number to the list its style carries.
func (b *builder) heading(n *ast.Heading) {
	p := &para{keepNext: true, bookmark: b.marks[n]}
	b.paraNum = 0 // its paragraphs are numbered from (1)
	skip := 0
	numbered := false
	var dash []run
	if n.Lines().Len() > 0 {
		if h, ok := b.headings[n.Lines().At(0).Start]; ok && h.Level == n.Level {
			numbered = true
			skip = h.Offset + len(h.Prefix)
			if b.doc.Sections[h.Section].Kind == document.Appendix {
				p.style = "AppendixHeading" + strconv.Itoa(h.Level-1)
				// Word writes "Appendix A"; the dash after it stays
				// text, outside the bookmark a reference's title reads.
				if d, ok := strings.CutPrefix(h.Prefix, "Appendix "+h.Number+" "); ok && d != "" {
					dash = []run{{text: d}}
				}
			}
		}
	}
	switch {
	case n.Level == 1 && !b.title:
		b.title = true
		p.style = "Title"
		b.logo()
		p.runs = b.inlines(n, 0, skip, nil)
		b.add(p)
		b.titleBlock()
		return
	case p.style != "":
	case n.Level <= 4:
		p.style = "Heading" + strconv.Itoa(max(n.Level-1, 1))
		if !numbered {
			p.numID = -1
		}
	default:
		p.style = "Heading4"
	}
	p.runs = append(dash, b.inlines(n, 0, skip, nil)...)
	p.markFrom = len(dash)
	b.add(p)
}

// leadsIn reports whether paragraph n, built as p, is to stay on the page
// of what follows it: a heading in bold type, the words before a
// signature block, or a lead-in ending in a colon before a list or table.
func leadsIn(n ast.Node, p *para) bool {
	switch n.NextSibling().(type) {
	case nil:
		return false
	case *mdext.Signatures:
		return true
	case *ast.List, *east.Table:
		if strings.HasSuffix(strings.TrimSpace(p.text()), ":") {
			return true
		}
	}
	return len(p.runs) > 0 && strings.TrimSpace(p.text()) != "" && allBold(p.runs)
}

// maxClosing is the most paragraphs before a signature block that count
// as the agreement's closing words, as in the PDF.
const maxClosing = 4

// closing reports whether paragraph n is one of the agreement's closing
// words: a run of at most maxClosing paragraphs that ends in a signature
// block. Each keeps with the next, so the signatures never stand on a
// page of their own.
func closing(n ast.Node) bool {
	c := n
	for range maxClosing {
		if c.Kind() != ast.KindParagraph {
			return false
		}
		c = c.NextSibling()
		if _, ok := c.(*mdext.Signatures); ok {
			return true
		}
		if c == nil {
			return false
		}
	}
	return false
}

// allBold reports whether every run with text is bold: a paragraph that
// reads as a heading.
func allBold(rs []run) bool {
	for _, r := range rs {
		if r.kind != textRun || strings.TrimSpace(r.text) != "" && r.props&bold == 0 {
			return false
		}
	}
	return true
}

// paragraph builds a paragraph from n's inlines, numbered or indented as
// its place in lists and quotes asks.
func (b *builder) paragraph(n ast.Node, at *nest) *para {
	p := &para{runs: b.inlines(n, 0, 0, nil)}
	switch {
	case at.quote > 0:
		p.style = "Quote"
		p.indent = at.indent()
	case at.level > 0:
		p.style = "ListParagraph"
		p.indent = at.indent()
	}
	if at.marker {
		p.numID, p.ilvl = at.numID, min(at.level-1, maxLevel)
		p.bookmark = at.mark
		p.indent = 0
		if at.quote > 0 {
			p.indent = at.indent()
		}
		at.marker = false
	}
	if num, ok := b.numbers.Paragraph(n); ok && at.level == 0 && at.quote == 0 {
		if b.paraNum == 0 {
			b.paraNum = b.pkg.paragraphs()
		}
		p.numID = b.paraNum
		p.bookmark = b.placeMarks[num.Cite]
	}
	return p
}

// list builds a list: bullets share one numbering, and each ordered list
// is a numbering instance of its own that starts at the list's start, so
// numbering restarts where the Markdown restarts it; a list the document
// marks (a), (i), (A) is an instance of the legal numbering, from its
// first marker.
func (b *builder) list(n *ast.List, at nest) {
	at.level++
	at.numID = bulletNum
	if num, ok := b.numbers.Item(n.FirstChild()); ok && num.Kind == document.Legal {
		// A list at the top level after none of its heading's numbered
		// paragraphs stands at the margin, as in the PDF; under one, it
		// stands under the paragraph's text.
		if at.level == 1 && at.quote == 0 && b.paraNum == 0 {
			at.outer = true
		}
		at.numID, at.legal = b.pkg.legalList(min(at.level-1, maxLevel), at.outer), true
	} else if n.IsOrdered() {
		at.numID = b.pkg.orderedList(min(at.level-1, maxLevel), n.Start)
	}
	for item := n.FirstChild(); item != nil && b.err == nil; item = item.NextSibling() {
		inner := at
		inner.marker, inner.mark = true, ""
		if num, ok := b.numbers.Item(item); ok && num.Cite != "" {
			inner.mark = b.placeMarks[num.Cite]
		}
		b.blocks(item, &inner)
		b.marker(&inner) // an empty item still shows its marker
	}
}

// code builds a code block as one paragraph with a line break per line.
func (b *builder) code(n ast.Node, at *nest) {
	p := &para{style: "Code", indent: at.indent()}
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := strings.TrimRight(string(seg.Value(b.src)), "\r\n")
		if i > 0 {
			p.runs = append(p.runs, run{kind: breakRun})
		}
		if line != "" {
			p.runs = append(p.runs, run{text: expandTabs(line)})
		}
	}
	b.add(p)
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	return strings.ReplaceAll(s, "\t", "    ")
}

// inlines appends the runs of n's inline children, in formatting f. Source
// before skip is left out: the number typed into a heading.
func (b *builder) inlines(n ast.Node, f props, skip int, out []run) []run {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = b.inline(c, f, skip, out)
	}
	return out
}

func (b *builder) inline(n ast.Node, f props, skip int, out []run) []run {
	switch n := n.(type) {
	case *ast.Text:
		seg := n.Segment
		if seg.Stop <= skip {
			return out
		}
		if seg.Start < skip {
			seg = seg.WithStart(skip)
		}
		out = appendText(out, textmatch.Unescape(seg.Value(b.src)), f)
		switch {
		case n.HardLineBreak():
			out = append(out, run{kind: breakRun})
		case n.SoftLineBreak():
			out = appendText(out, " ", f)
		}
	case *ast.String:
		out = appendText(out, string(n.Value), f)
	case *ast.CodeSpan:
		var s strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				s.Write(t.Segment.Value(b.src))
			}
		}
		out = appendText(out, s.String(), f|code)
	case *ast.Emphasis:
		g := f | italic
		if n.Level >= 2 {
			g = f | bold
		}
		out = b.inlines(n, g, skip, out)
	case *east.Strikethrough:
		out = b.inlines(n, f|strike, skip, out)
	case *ast.Link:
		out = b.link(n, f, skip, out)
	case *ast.AutoLink:
		url := string(n.URL(b.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		out = append(out, run{text: string(n.Label(b.src)), props: f, link: b.pkg.externalLink(linkTarget(url))})
	case *ast.Image:
		// An image is not embedded: its description stands in its place.
		out = b.inlines(n, f, skip, out)
	case *ast.RawHTML:
		// Raw HTML is dropped, as in HTML output.
	default:
		out = b.inlines(n, f, skip, out)
	}
	return out
}

// link builds a link: a cross-reference to a section as REF fields, a link
// to another heading as an internal hyperlink, and any other as an
// external one.
func (b *builder) link(n *ast.Link, f props, skip int, out []run) []run {
	dest := string(n.Destination)
	inner := b.inlines(n, f, skip, nil)
	if anchor, ok := strings.CutPrefix(dest, "#"); ok {
		if chain, ok := b.place(linkWords(n, b.src)); ok {
			return append(out, b.placeRuns(chain, f)...)
		}
		t, found := b.targets[anchor]
		if !found {
			return append(out, inner...)
		}
		if t.section != nil {
			// The link's text is typeset (“curly” quotes), the
			// section's label as written.
			switch textmatch.FoldQuotes(plain(inner)) {
			case textmatch.FoldQuotes(t.section.Label()):
				return append(out, refRuns(t, true, f)...)
			case textmatch.FoldQuotes(t.section.Short()):
				return append(out, refRuns(t, false, f)...)
			}
		}
		b.linkRuns(inner, 0, t.bookmark)
		return append(out, inner...)
	}
	if dest != "" {
		b.linkRuns(inner, b.pkg.externalLink(linkTarget(dest)), "")
	}
	return append(out, inner...)
}

// linkTarget percent-encodes a link's destination as goldmark's HTML
// renderer does: a relationship's target must be a URI, and Word refuses
// a file whose target holds a space or a character outside ASCII.
func linkTarget(dest string) string { return string(util.URLEscape([]byte(dest), false)) }

func (b *builder) linkRuns(rs []run, link int, anchor string) {
	for i := range rs {
		rs[i].link, rs[i].anchor = link, anchor
	}
}

// The field instructions of a cross-reference: the referenced heading's
// number as Word numbers it (\n: this level's number, without a trailing
// period, with its own words such as "Appendix"), and its text. \h makes
// each a link. (\w and \t would give "4.2" for a subsection in Word, but
// LibreOffice ignores \t and prefixes the levels above an appendix.)
const (
	refNumber = `REF %s \n \h`
	refText   = `REF %s \h`
)

// refRuns writes a reference to a section as the engine did ("Section 14
// (Title)", or "Section 14" when short), with the number and the title as
// REF fields pre-filled with the engine's text. An appendix's number field
// reads "Appendix A" itself, as its list level writes it.
func refRuns(t target, label bool, f props) []run {
	s := t.section
	var rs []run
	if s.Kind == document.Appendix {
		rs = []run{{kind: fieldRun, instr: strings.Replace(refNumber, "%s", t.bookmark, 1), text: "Appendix " + s.Number, props: f}}
	} else {
		rs = []run{
			{text: "Section ", props: f},
			{kind: fieldRun, instr: strings.Replace(refNumber, "%s", t.bookmark, 1), text: s.Number, props: f},
		}
	}
	if label {
		rs = append(rs,
			run{text: " (", props: f},
			run{kind: fieldRun, instr: strings.Replace(refText, "%s", t.bookmark, 1), text: s.Title, props: f},
			run{text: ")", props: f})
	}
	return rs
}

// placeRuns writes a reference to a place within a section as assembly
// did ("Section 12.2(2)(b)"): the heading's number and each paragraph's
// and item's as REF fields, each pre-filled with the document's number,
// so that Word renumbers the reference with what it names. A field on an
// appendix's heading reads "Appendix B" itself, as its list level writes
// it.
func (b *builder) placeRuns(chain []string, f props) []run {
	head := chain[0]
	var rs []run
	switch {
	case strings.HasPrefix(head, "Appendix "):
	case head[0] < '0' || head[0] > '9':
		rs = append(rs, run{text: "Appendix ", props: f})
	default:
		rs = append(rs, run{text: "Section ", props: f})
	}
	rs = append(rs, run{kind: fieldRun, instr: strings.Replace(refNumber, "%s", b.heads[head], 1), text: head, props: f})
	for _, c := range chain[1:] {
		rs = append(rs, run{kind: fieldRun, instr: strings.Replace(refNumber, "%s", b.placeMarks[c], 1), text: b.cites[c].Marker, props: f})
	}
	return rs
}

// appendText appends text in formatting f, joining it to the last run when
// that is text in the same formatting.
func appendText(out []run, s string, f props) []run {
	if s == "" {
		return out
	}
	if k := len(out) - 1; k >= 0 && out[k].kind == textRun && out[k].props == f && out[k].link == 0 && out[k].anchor == "" {
		out[k].text += s
		return out
	}
	return append(out, run{text: s, props: f})
}

// plain is the text of runs.
func plain(rs []run) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.text)
	}
	return b.String()
}

// table builds a GFM table: a header row that repeats on each page, cells
// aligned as the Markdown aligns them, columns as wide as their text asks.
func (b *builder) table(n *east.Table) {
	t := &table{}
	ncol := 0
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		_, header := r.(*east.TableHeader)
		rw := row{header: header}
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			style := "TableText"
			if header {
				style = "TableHeading"
			}
			p := &para{style: style, runs: b.inlines(c, 0, 0, nil)}
			if tc, ok := c.(*east.TableCell); ok {
				switch tc.Alignment {
				case east.AlignCenter:
					p.align = "center"
				case east.AlignRight:
					p.align = "right"
				}
			}
			rw.cells = append(rw.cells, []*para{p})
		}
		ncol = max(ncol, len(rw.cells))
		t.rows = append(t.rows, rw)
	}
	if ncol > maxColumns {
		b.err = &TableError{Line: lineOf(b.src, n), Columns: ncol, Max: maxColumns}
		return
	}
	for i := range t.rows {
		for len(t.rows[i].cells) < ncol {
			t.rows[i].cells = append(t.rows[i].cells, []*para{{style: "TableText"}})
		}
	}
	t.widths = columnWidths(t.rows, ncol, b.pkg.textWidth())
	b.out = append(b.out, block{t: t})
}

// columnWidths shares width among the columns by the length of their
// text: each gets at least its longest word (up to a fifth of the width),
// the rest goes by each column's longest cell.
func columnWidths(rows []row, ncol, width int) []int {
	natural := make([]int, ncol)
	minimum := make([]int, ncol)
	for _, r := range rows {
		for j, c := range r.cells {
			for _, p := range c {
				s := p.text()
				natural[j] = max(natural[j], min(len([]rune(s)), 400))
				for _, w := range strings.Fields(s) {
					minimum[j] = max(minimum[j], min(len([]rune(w)), 400))
				}
			}
		}
	}
	// A character is about 100 twips at the table's size.
	const char = 100
	floor := min(width/ncol, 600)
	widths := make([]int, ncol)
	total, want := 0, 0
	for j := range widths {
		widths[j] = max(floor, min(minimum[j]*char, width/5))
		total += widths[j]
		want += max(0, natural[j]*char-widths[j])
	}
	if total > width {
		for j := range widths {
			widths[j] = width / ncol
		}
		return widths
	}
	left := width - total
	for j := range widths {
		extra := max(0, natural[j]*char-widths[j])
		if want > 0 {
			widths[j] += int(int64(left) * int64(extra) / int64(want))
		} else {
			widths[j] += left / ncol
		}
	}
	return widths
}

// signatures builds a signature block as a borderless table of two
// columns: each party's role and name, then a line to sign on for each
// label, with the label below it. Each is a row of its own, so the lines
// of the two parties stay level when one name takes more lines.
func (b *builder) signatures(n *mdext.Signatures) {
	type party struct{ role, name []run }
	var parties []party
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p, ok := c.(*mdext.Party); ok {
			parties = append(parties, party{role: []run{{text: p.Role, props: bold}}, name: b.inlines(p, 0, 0, nil)})
		}
	}
	// A party without a name gets a line to write it on.
	name := func(p party) []*para {
		if strings.TrimSpace(plain(p.name)) == "" {
			return []*para{{style: "SignatureBlank"}}
		}
		return []*para{{style: "SignatureParty", runs: p.name}}
	}
	if len(parties) == 0 {
		return
	}
	cols := min(len(parties), 2)
	width := b.pkg.textWidth()
	const gap = 567
	t := &table{sig: true}
	col := (width - gap*(cols-1)) / cols
	t.widths = []int{col}
	if cols == 2 {
		t.widths = []int{col, gap, col}
	}
	// line makes a row of one paragraph per party of the pair at i.
	line := func(i int, cell func(party) []*para) row {
		var r row
		for j := i; j < i+cols; j++ {
			if j > i {
				r.cells = append(r.cells, []*para{{style: "SignatureParty"}})
			}
			if j < len(parties) {
				r.cells = append(r.cells, cell(parties[j]))
			} else {
				r.cells = append(r.cells, []*para{{style: "SignatureParty"}})
			}
		}
		return r
	}
	for i := 0; i < len(parties); i += cols {
		t.rows = append(t.rows,
			line(i, func(p party) []*para { return []*para{{style: "SignatureParty", runs: p.role}} }),
			line(i, name))
		for _, l := range b.signatureLabels(n) {
			t.rows = append(t.rows, line(i, func(party) []*para {
				return []*para{{style: "SignatureLine"}, {style: "SignatureLabel", runs: []run{{text: l}}}}
			}))
		}
	}
	b.out = append(b.out, block{t: t})
}

// signatureLabels are the lines each party of n signs on: the place of
// signing first where the style asks for it ("Ort, Datum"), as in the PDF,
// then the block's own.
func (b *builder) signatureLabels(n *mdext.Signatures) []string {
	if place := b.pkg.house.place; place != "" {
		return append([]string{place}, n.Labels...)
	}
	return n.Labels
}

// lineOf returns the 1-based line of a block's first source line.
func lineOf(src []byte, n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return strings.Count(string(src[:c.Lines().At(0).Start]), "\n") + 1
		}
		if c.Type() == ast.TypeInline {
			if t, ok := c.(*ast.Text); ok {
				return strings.Count(string(src[:t.Segment.Start]), "\n") + 1
			}
		}
	}
	return 0
}
