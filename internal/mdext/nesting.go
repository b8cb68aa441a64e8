package mdext

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxNesting is the deepest that lists and block quotes may nest, counted
// together: a list in a quote in a list is three deep. goldmark checks
// every open list and quote again on each line, scanning the line's indent
// each time, so parsing a document nested n deep costs about n³: 4,000
// levels took 105 s. Where a list or quote would open past MaxNesting the
// parser stops, the document ends in a [TooDeep] block, and [Check]
// returns a [NestingError] naming the line, which every renderer reports.
// Word numbers nine list levels and the PDF stops indenting at about
// seventeen; no agreement nests near a hundred.
const MaxNesting = 100

// KindTooDeep is the kind of a [TooDeep] block.
var KindTooDeep = ast.NewNodeKind("TooDeep")

// TooDeep stands where a list or block quote would have opened past
// [MaxNesting]; the source after it is not parsed.
type TooDeep struct {
	ast.BaseBlock
	Offset int // byte offset in the source of the list marker or ">"
}

// Kind implements ast.Node.
func (*TooDeep) Kind() ast.NodeKind { return KindTooDeep }

// Dump implements ast.Node.
func (n *TooDeep) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Offset": strconv.Itoa(n.Offset)}, nil)
}

// tooDeepAttr is the attribute of the document that holds its TooDeep
// block: found without a walk, and kept when a transformer moves or drops
// the block.
var tooDeepAttr = []byte("clausemark-too-deep")

// Check returns a [NestingError] when the document n belongs to (parsed
// from source with [Extension]) nests lists and quotes past [MaxNesting],
// and nil otherwise. The renderers call it before drawing anything.
func Check(n ast.Node, source []byte) error {
	td := tooDeep(n)
	if td == nil {
		return nil
	}
	return &NestingError{Line: 1 + bytes.Count(source[:min(td.Offset, len(source))], []byte("\n")), Max: MaxNesting}
}

// Unparsed returns the source that parsing with [Nesting] left unparsed
// because lists and quotes nest past [MaxNesting] there, and nil when it
// parsed it all. A reader that must lose no words (a diff, the defined
// terms, text matching) takes it as plain text.
func Unparsed(n ast.Node, source []byte) []byte {
	td := tooDeep(n)
	if td == nil {
		return nil
	}
	return source[min(td.Offset, len(source)):]
}

// tooDeep returns the TooDeep block of the document n belongs to, or nil.
func tooDeep(n ast.Node) *TooDeep {
	for n.Parent() != nil {
		n = n.Parent()
	}
	v, ok := n.Attribute(tooDeepAttr)
	if !ok {
		return nil
	}
	td, _ := v.(*TooDeep)
	return td
}

// NestingError reports lists and block quotes nested past [MaxNesting]:
// Line holds the first that would be one level too deep.
type NestingError struct {
	Line int // 1-based line in the Markdown
	Max  int // MaxNesting
}

func (e *NestingError) Error() string {
	return fmt.Sprintf("line %d: lists and block quotes nest %d deep; at most %d", e.Line, e.Max+1, e.Max)
}

// Nesting is the extension that stops parsing where lists and quotes nest
// past [MaxNesting] ([Extension] includes it), for a goldmark.Markdown that
// does not use the others; call [Check] after parsing.
var Nesting goldmark.Extender = nestingExtender{}

type nestingExtender struct{}

// Extend adds the guards, tried just before goldmark's own parsers of lists
// (priority 300) and block quotes (800).
func (nestingExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		util.Prioritized(guard{parser.NewListParser()}, 299),
		util.Prioritized(guard{parser.NewBlockquoteParser()}, 799),
	))
}

// nestingKey holds, in the parser context, the depth of each list and
// quote opened so far.
var nestingKey = parser.NewContextKey()

// depths returns the depth of each list and quote opened so far in pc.
func depths(pc parser.Context) map[ast.Node]int {
	d, _ := pc.Get(nestingKey).(map[ast.Node]int)
	if d == nil {
		d = map[ast.Node]int{}
		pc.Set(nestingKey, d)
	}
	return d
}

// depthOf returns how many lists and quotes n is in, itself included. It
// walks up to the nearest list or quote whose depth is known, which is
// the first one met: every list and quote is opened through a guard,
// which records its depth.
func depthOf(d map[ast.Node]int, n ast.Node) int {
	extra := 0
	for ; n != nil; n = n.Parent() {
		if v, ok := d[n]; ok {
			return v + extra
		}
		switch n.Kind() {
		case ast.KindList, ast.KindBlockquote:
			extra++
		}
	}
	return extra
}

// guard opens lists or block quotes through goldmark's own parser, in
// whose place it is tried first (its priority is one less): within
// MaxNesting it opens what that parser opens, recording its depth; past
// it, where that parser would open one, it opens a TooDeep leaf instead.
// Continue and Close are that parser's, for the blocks it opened.
type guard struct {
	parser.BlockParser
}

func (g guard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if parent.Kind() == ast.KindList {
		// An item of an open list: the list item parser's.
		return nil, parser.NoChildren
	}
	d := depths(pc)
	depth := depthOf(d, parent)
	_, seg := reader.PeekLine()
	at := seg.Start + max(pc.BlockOffset(), 0)
	node, state := g.BlockParser.Open(parent, reader, pc)
	if node == nil {
		return nil, state
	}
	if depth >= MaxNesting {
		// The document is refused: parse no further, and note the
		// place on the document.
		td := &TooDeep{Offset: at}
		root := parent
		for root.Parent() != nil {
			root = root.Parent()
		}
		root.SetAttribute(tooDeepAttr, td)
		src := reader.Source()
		reader.SetPosition(lineNo(reader), text.NewSegment(len(src), len(src)))
		return td, parser.NoChildren
	}
	d[node] = depth + 1
	return node, state
}

// Continue implements parser.BlockParser: a TooDeep block ends with its
// line.
func (g guard) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if _, ok := node.(*TooDeep); ok {
		return parser.Close
	}
	return g.BlockParser.Continue(node, reader, pc)
}

// Close implements parser.BlockParser.
func (g guard) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if _, ok := node.(*TooDeep); ok {
		return
	}
	g.BlockParser.Close(node, reader, pc)
}

// lineNo is the reader's line number.
func lineNo(reader text.Reader) int {
	l, _ := reader.Position()
	return l
}
