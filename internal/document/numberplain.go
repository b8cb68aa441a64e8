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
// where the inline content could change them.
func numberBlocks(src []byte, rules Numbering) ([]Number, bool) {
	root := blockParser().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
	n := numberer{rules: rules, src: src, blocksOnly: true}
	_ = ast.Walk(root, n.visit)
	return n.out, !n.unsure
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
