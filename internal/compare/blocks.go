package compare

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/textmatch"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// BlockKind says what a block of a clause is.
type BlockKind int

// The kinds of block.
const (
	Paragraph BlockKind = iota // a paragraph, or a later paragraph of a list item
	Heading                    // a sub-heading inside the clause
	Item                       // the first paragraph of a list item
	Row                        // a table row; cells are parted by a Word with Cell set
	Title                      // the clause's own title
)

// Style is the formatting of a piece of a word.
type Style uint8

// The styles, which may be combined.
const (
	Bold Style = 1 << iota
	Italic
	Code
)

// Piece is a stretch of a word in one style: "**Agreement**," is the
// pieces "Agreement" (bold) and "," (plain).
type Piece struct {
	Text  string
	Style Style
}

// Word is a word as a reader sees it, with its formatting. A Word with
// Cell set has no text: it parts two cells of a table row.
type Word struct {
	Pieces []Piece
	Cell   bool
}

// Text returns the word without its formatting.
func (w Word) Text() string {
	if len(w.Pieces) == 1 {
		return w.Pieces[0].Text
	}
	var b strings.Builder
	for _, p := range w.Pieces {
		b.WriteString(p.Text)
	}
	return b.String()
}

// Block is one block of a clause: a paragraph, a sub-heading, a list
// item or a table row, with the words it holds.
type Block struct {
	Kind   BlockKind
	Level  int    // a heading's level, 1 to 6
	Depth  int    // how many list items enclose the block; an Item counts its own
	Marker string // an item's marker: "-", or its number and delimiter ("3.")
	// Number is the number the document's style gives the block: "(2)"
	// for a numbered paragraph, "(b)" or "(ii)" for a legal list item;
	// "" for none. It is shown, not compared: a block renumbered by an
	// insertion before it is still the same block.
	Number string
	Header bool // a table's header row
	Words  []Word
}

// maxDepth bounds the nesting of lists and quotes a block keeps; deeper
// blocks are shown at this depth.
const maxDepth = 16

// md parses as every format does (mdext.New), so quotes read as printed.
// It stops parsing where lists and quotes nest past mdext.MaxNesting,
// whose parse costs goldmark cubic time; Blocks keeps the rest as words.
var md = sync.OnceValue(func() goldmark.Markdown { return mdext.New() })

// Blocks splits a clause's Markdown into the blocks a reader sees, in
// order. A signature block gives an item per party, "Role: Name"; page
// breaks, raw HTML and thematic breaks hold no words and give no block.
func Blocks(src string) []Block { return numberedBlocks(src, nil) }

// numberedBlocks is [Blocks], each paragraph and list item with its number
// in nums, numbers made for src.
func numberedBlocks(src string, nums document.Numbers) []Block {
	b := []byte(src)
	doc := mdext.Parse(md(), b)
	p := &blockParser{src: b, nums: nums}
	p.container(doc, 0)
	if rest := mdext.Unparsed(doc, b); len(rest) > 0 {
		// Nested too deep to parse: its words, as one plain paragraph.
		bl := Block{Kind: Paragraph, Depth: maxDepth}
		for _, w := range strings.Fields(string(rest)) {
			bl.Words = append(bl.Words, Word{Pieces: []Piece{{Text: w}}})
		}
		p.emit(bl)
	}
	return p.out
}

type blockParser struct {
	src  []byte
	nums document.Numbers // the numbers of src's paragraphs and items; nil for none
	out  []Block
	item *Block // a list item's marker, waiting for the item's first block
}

// emit appends bl. The first block of a list item is the item when it is
// a paragraph; otherwise the item's marker goes first, as a block of its
// own (a Depth of -1 asks for the marker alone).
func (p *blockParser) emit(bl Block) {
	if it := p.item; it != nil {
		p.item = nil
		if bl.Kind == Paragraph && bl.Depth == it.Depth {
			it.Words = bl.Words
			p.out = append(p.out, *it)
			return
		}
		p.out = append(p.out, *it)
	}
	if bl.Depth >= 0 {
		p.out = append(p.out, bl)
	}
}

// container adds the blocks under n, which sits depth list items deep. The recursion follows the parsed
// tree, which is finite, so it ends.
func (p *blockParser) container(n ast.Node, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			bl := Block{Kind: Paragraph, Depth: depth}
			if num, ok := p.nums.Paragraph(c); ok {
				bl.Number = num.Marker
			}
			p.add(bl, c)
		case *ast.Heading:
			p.add(Block{Kind: Heading, Level: c.Level, Depth: depth}, c)
		case *ast.List:
			num := c.Start
			for item := c.FirstChild(); item != nil; item = item.NextSibling() {
				marker := "-"
				if c.IsOrdered() {
					marker = strconv.Itoa(num) + string(c.Marker)
					if num < 1<<30 {
						num++
					}
				}
				d := min(depth+1, maxDepth)
				p.item = &Block{Kind: Item, Depth: d, Marker: marker}
				if num, ok := p.nums.Item(item); ok && num.Kind == document.Legal {
					p.item.Number = num.Marker
				}
				p.container(item, d)
				if p.item != nil { // an empty item still shows its marker
					p.emit(Block{Kind: Paragraph, Depth: -1})
				}
			}
		case *ast.Blockquote:
			p.container(c, depth)
		case *mdext.Signatures:
			p.signatures(c, depth)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			bl := Block{Kind: Paragraph, Depth: depth}
			lines := c.Lines()
			var sb strings.Builder
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				sb.Write(seg.Value(p.src))
			}
			bl.Words = split([]Piece{{Text: sb.String(), Style: Code}})
			if len(bl.Words) > 0 {
				p.emit(bl)
			}
		case *east.Table:
			for r := c.FirstChild(); r != nil; r = r.NextSibling() {
				_, header := r.(*east.TableHeader)
				bl := Block{Kind: Row, Depth: depth, Header: header}
				for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
					if cell != r.FirstChild() {
						bl.Words = append(bl.Words, Word{Cell: true})
					}
					bl.Words = append(bl.Words, split(p.inline(cell, nil, 0))...)
				}
				p.emit(bl)
			}
		default:
			if c.Type() == ast.TypeBlock && c.HasChildren() && c.Kind() != ast.KindHTMLBlock {
				p.container(c, depth)
			}
		}
	}
}

// signatures adds an item per party of a signature block, "Role: Name",
// as the list it is written as reads.
func (p *blockParser) signatures(n *mdext.Signatures, depth int) {
	d := min(depth+1, maxDepth)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		party, ok := c.(*mdext.Party)
		if !ok {
			continue
		}
		var pieces []Piece
		if party.Role != "" {
			pieces = append(pieces, Piece{Text: party.Role + ": "})
		}
		bl := Block{Kind: Item, Depth: d, Marker: "-"}
		bl.Words = split(p.inline(party, pieces, 0))
		p.emit(bl)
	}
}

// add appends bl with the words of n's inline content, if it has any.
func (p *blockParser) add(bl Block, n ast.Node) {
	bl.Words = split(p.inline(n, nil, 0))
	if len(bl.Words) > 0 {
		p.emit(bl)
	}
}

// inline appends the text under n to out, each stretch with its style.
func (p *blockParser) inline(n ast.Node, out []Piece, st Style) []Piece {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			out = append(out, Piece{Text: textmatch.Unescape(c.Segment.Value(p.src)), Style: st})
			if c.SoftLineBreak() || c.HardLineBreak() {
				out = append(out, Piece{Text: " ", Style: st})
			}
		case *ast.String:
			out = append(out, Piece{Text: string(c.Value), Style: st})
		case *ast.CodeSpan:
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(p.src))
				}
			}
			out = append(out, Piece{Text: b.String(), Style: st | Code})
		case *ast.AutoLink:
			out = append(out, Piece{Text: string(c.Label(p.src)), Style: st})
		case *ast.Emphasis:
			s := Italic
			if c.Level >= 2 {
				s = Bold
			}
			out = p.inline(c, out, st|s)
		case *ast.RawHTML:
		default:
			out = p.inline(c, out, st)
		}
	}
	return out
}

// split cuts styled text into words at white space.
func split(ps []Piece) []Word {
	var words []Word
	var cur []Piece
	flush := func() {
		if len(cur) > 0 {
			words = append(words, Word{Pieces: cur})
			cur = nil
		}
	}
	for _, p := range ps {
		s := p.Text
		for s != "" {
			i := strings.IndexFunc(s, unicode.IsSpace)
			if i < 0 {
				cur = append(cur, Piece{Text: s, Style: p.Style})
				break
			}
			if i > 0 {
				cur = append(cur, Piece{Text: s[:i], Style: p.Style})
			}
			flush()
			s = strings.TrimLeftFunc(s[i:], unicode.IsSpace)
		}
	}
	flush()
	// Pieces of one word in one style are one piece.
	for i, w := range words {
		k := 0
		for _, p := range w.Pieces {
			if k > 0 && w.Pieces[k-1].Style == p.Style {
				w.Pieces[k-1].Text += p.Text
				continue
			}
			w.Pieces[k] = p
			k++
		}
		words[i].Pieces = w.Pieces[:k]
	}
	return words
}
