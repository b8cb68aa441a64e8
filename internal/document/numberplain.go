package document

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/clausemark/clausemark/internal/mdext"
)

// Numbering a document needs its blocks, from the same block parsers,
// paragraph transformers and constructs as every format's parse, and of
// their inline content only two things: the first words of each heading
// (its number) and whether a numbered paragraph holds images alone. Most
// of goldmark's work is the inline content, so [NumberMarkdown] first
// parses the blocks alone, with no inline parser, and numbers from them
// where nothing inline could change the answer: a heading whose number
// has no character an inline parser acts on, and no "!" (an image's
// start) in a paragraph it numbers. Anywhere else it parses in full.

// blockParser returns a Markdown set-up with the block structure of
// [mdext.New] and no inline parsers.
func blockParser() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(extension.Table, mdext.Extension))
}

// numberBlocks returns the numbers of src from its blocks alone, and false
// where the inline content could change them. A document of
// [splitMinimum] bytes or more is parsed in two halves side by side where
// [splitAt] finds it can be.
func numberBlocks(src []byte, rules Numbering) ([]Number, bool) {
	return numberBlocksSplit(src, rules, splitMinimum)
}

// splitMinimum is the size from which numberBlocks parses a document in
// two halves: a long agreement's blocks parse in a millisecond or two,
// and a second core halves that.
const splitMinimum = 32 << 10

// numberBlocksSplit is numberBlocks, splitting src from minimum bytes.
func numberBlocksSplit(src []byte, rules Numbering, minimum int) ([]Number, bool) {
	parse := func(src []byte) ast.Node {
		return blockParser().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
	}
	at := -1
	if len(src) >= minimum {
		at = splitAt(src)
	}
	if at < 0 {
		n := numberer{rules: rules, src: src, blocksOnly: true}
		_ = ast.Walk(parse(src), n.visit)
		return n.out, !n.unsure
	}
	second := make(chan ast.Node, 1)
	go func() { second <- parse(src[at:]) }()
	n := numberer{rules: rules, src: src[:at], blocksOnly: true, followedBy: 2}
	first := parse(src[:at])
	_ = ast.Walk(first, n.visit)
	if mdext.Check(first, src[:at]) != nil {
		// Nested too deep: the whole would not be parsed past it.
		<-second
		return n.out, !n.unsure
	}
	// The second half starts at a heading, which starts the numbering
	// afresh; only the title, read or not, carries over.
	from := len(n.out)
	n.src, n.followedBy = src[at:], 0
	_ = ast.Walk(<-second, n.visit)
	for i := from; i < len(n.out); i++ {
		n.out[i].Offset += at
	}
	return n.out, !n.unsure
}

// opensHTML reports whether line, which starts with "<", may start an HTML
// block (CommonMark 0.31, 4.6): anything but a tag name followed by a
// character no tag allows there, as an autolink's scheme or an e-mail
// address's name is ("<https://…>", "<support@…>").
func opensHTML(line []byte) bool {
	name := line[1:]
	if len(name) == 0 || !('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		return true // "<!", "<?", "</" and the rest
	}
	i := 1
	for i < len(name) && (isAlnum(name[i]) || name[i] == '-') {
		i++
	}
	if i == len(name) {
		return true
	}
	// goldmark ends a tag name at any white space (\s), the form feed too;
	// any control character is taken as one.
	return name[i] <= ' ' || name[i] == '>' || name[i] == '/'
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// splitAt returns an offset near the middle of src where it can be cut so
// that each part parses into the blocks it holds in the whole, or -1. The
// cut is before a line "## " (a section heading, as assembly writes it),
// which ends every block open before it: a paragraph, a list, a quote, a
// table, an indented code block. What could hold such a line (a fenced
// code block, an HTML block but a comment on one line) is not cut
// through: a document with any is not cut at all.
func splitAt(src []byte) int {
	if bytes.Contains(src, []byte("```")) || bytes.Contains(src, []byte("~~~")) || bytes.IndexByte(src, '\r') >= 0 {
		return -1
	}
	for line := range bytes.SplitSeq(src, []byte("\n")) {
		rest := bytes.TrimLeft(line, " ")
		if len(line)-len(rest) > 3 || len(rest) == 0 || rest[0] != '<' || !opensHTML(rest) {
			continue
		}
		if !bytes.HasPrefix(rest, []byte("<!--")) || !bytes.Contains(rest[4:], []byte("-->")) {
			return -1
		}
	}
	mid := len(src) / 2
	i := bytes.Index(src[mid:], []byte("\n## "))
	if i < 0 {
		return -1
	}
	return mid + i + 1
}

// inlineMarks are the characters an inline parser (goldmark's, GFM's
// and the typographer's) starts at, or an autolink holds.
const inlineMarks = "`[]!<>*_~'\"\\&@:()"

// plainNumber reports whether the words of title that its number is read
// from (the first, and the second after "Appendix") are the same in a
// parse of the inline content: none holds a character an inline parser
// acts on, or starts a web address.
func plainNumber(title string) bool {
	f := strings.Fields(title)
	if len(f) > 2 {
		f = f[:2]
	}
	if len(f) == 2 && f[0] != "Appendix" {
		f = f[:1]
	}
	for _, w := range f {
		if strings.ContainsAny(w, inlineMarks) || strings.Contains(strings.ToLower(w), "www.") {
			return false
		}
	}
	return true
}

// mayHoldImage reports whether block b's text has an image's "!".
func mayHoldImage(b ast.Node, src []byte) bool {
	lines := b.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		if bytes.IndexByte(seg.Value(src), '!') >= 0 {
			return true
		}
	}
	return false
}
