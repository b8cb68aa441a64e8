package mdext

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// New returns the goldmark.Markdown that every reader of assembled
// Markdown parses with, so that every format reads one document alike:
// GFM (tables, strikethrough, autolinks), [Extension]'s constructs and
// heading ids, and [Typographer]'s quotes. opts are applied after that
// set-up: a renderer (goldmark.WithRenderer), renderer options, or
// further extensions.
//
//	md := mdext.New(goldmark.WithRenderer(r))
//	doc := mdext.Parse(md, src)
func New(opts ...goldmark.Option) goldmark.Markdown {
	setup := []goldmark.Option{goldmark.WithExtensions(extension.GFM, Extension, Typographer)}
	return goldmark.New(append(setup, opts...)...)
}

// Parse parses src with md in a new context from [NewContext], so that
// heading ids follow GitHub's rules and repeat in no other document.
func Parse(md goldmark.Markdown, src []byte) ast.Node {
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(NewContext()))
}

// Typographer turns straight quotes and apostrophes into typographic ones
// (“ ” ‘ ’), as a typeset agreement prints them; dashes and dots stay as
// written. Each one it turns is an ast.String in the tree; [Written]
// gives back the straight one.
var Typographer goldmark.Extender = extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
	extension.LeftSingleQuote:  []byte(leftSingle),
	extension.RightSingleQuote: []byte(rightSingle),
	extension.LeftDoubleQuote:  []byte(leftDouble),
	extension.RightDoubleQuote: []byte(rightDouble),
	extension.Apostrophe:       []byte(rightSingle),
	extension.EnDash:           nil,
	extension.EmDash:           nil,
	extension.Ellipsis:         nil,
	extension.LeftAngleQuote:   nil,
	extension.RightAngleQuote:  nil,
}))

// The typographic quotes [Typographer] writes.
const (
	leftSingle  = "‘"
	rightSingle = "’"
	leftDouble  = "“"
	rightDouble = "”"
)

// Written returns the text s stands for as written in the source: the
// straight quote or apostrophe where [Typographer] put a typographic one,
// and s's value otherwise. Readers that place what they find in the
// source (a defined term's line, a value to mask) read strings with it.
func Written(s *ast.String) []byte {
	if !s.IsCode() {
		return s.Value
	}
	switch string(s.Value) {
	case leftSingle, rightSingle:
		return []byte("'")
	case leftDouble, rightDouble:
		return []byte(`"`)
	}
	return s.Value
}
