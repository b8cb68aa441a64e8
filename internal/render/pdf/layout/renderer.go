// Package layout typesets a goldmark Markdown AST as the pages of an
// agreement a lawyer would sign: justified text, numbered headings kept
// with what follows, lists, tables whose header repeats on each page, a
// running header and "Page X of Y" footer, an outline, clickable
// cross-references, signature blocks and explicit page breaks. It draws
// through the [Doc] seam of package pdfdoc and measures text with package
// font; it does not know how the file is written. Package pdf puts it
// together with the PDF writer.
//
// [NewRenderer] returns a goldmark renderer.Renderer; pass it to goldmark
// with goldmark.WithRenderer, or call [Renderer.Render] with a parsed
// document. Parse with the mdext extension so that page breaks, signature
// blocks and heading ids are in the tree.
//
//	fonts, _ := layout.LoadFonts() // once per process
//	r := layout.NewRenderer(layout.WithDoc(newDoc), layout.WithFonts(fonts), layout.WithInfo(info))
//	err := r.Render(w, source, doc)
//
// # Structure
//
// As in goldmark's HTML renderer, each node kind has a function, registered
// by kind in [Renderer.RegisterFuncs]; the walk calls it on entering and on
// leaving the node. Block functions lay out their inline children
// themselves. Layout state (indent, lists, quotes) lives on stacks pushed on
// entering and popped on leaving. Drawing goes through the [Doc] interface,
// made for each document by the function [WithDoc] gives.
//
// A Renderer holds no per-document state and is safe for concurrent use.
// Output is deterministic: the same input gives the same bytes.
package layout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// NodeFunc draws one node kind. It is called on entering and on leaving the
// node; returning ast.WalkSkipChildren on entering means it drew the
// children itself. Register one with [Renderer.Register] or the goldmark
// option [WithNodeFunc]; it draws through the [State]'s methods.
type NodeFunc func(s *State, n ast.Node, entering bool) (ast.WalkStatus, error)

// Renderer renders Markdown ASTs to PDF.
type Renderer struct {
	cfg   Config
	funcs []NodeFunc // indexed by ast.NodeKind
}

// NewRenderer returns a renderer with the default configuration changed by opts.
func NewRenderer(opts ...Option) *Renderer {
	r := &Renderer{cfg: NewConfig()}
	for _, o := range opts {
		o(&r.cfg)
	}
	r.RegisterFuncs()
	return r
}

// Register sets the function that draws kind.
func (r *Renderer) Register(kind ast.NodeKind, f NodeFunc) {
	for int(kind) >= len(r.funcs) {
		r.funcs = append(r.funcs, nil)
	}
	r.funcs[kind] = f
}

// RegisterFuncs registers the functions for every kind the renderer draws:
// blocks, then the constructs of the GFM and mdext extensions. Inline kinds
// are laid out by the block that holds them.
func (r *Renderer) RegisterFuncs() {
	r.Register(ast.KindDocument, renderDocument)
	r.Register(ast.KindHeading, renderHeading)
	r.Register(ast.KindParagraph, renderParagraph)
	r.Register(ast.KindTextBlock, renderParagraph)
	r.Register(ast.KindList, renderList)
	r.Register(ast.KindListItem, renderListItem)
	r.Register(ast.KindBlockquote, renderBlockquote)
	r.Register(ast.KindThematicBreak, renderThematicBreak)
	r.Register(ast.KindFencedCodeBlock, renderCodeBlock)
	r.Register(ast.KindCodeBlock, renderCodeBlock)
	r.Register(ast.KindHTMLBlock, renderSkip)
	r.Register(east.KindTable, renderTable)
	r.Register(mdext.KindPageBreak, renderPageBreak)
	r.Register(mdext.KindSignatures, renderSignatures)
}

// AddOptions implements renderer.Renderer: it registers the functions of
// each [WithNodeFunc] option. goldmark's other renderer options (node
// renderers for HTML) do not apply to PDF and are ignored.
func (r *Renderer) AddOptions(opts ...renderer.Option) {
	c := renderer.NewConfig()
	for _, o := range opts {
		o.SetConfig(c)
	}
	list, _ := c.Options[nodeFuncs].([]nodeFunc)
	for _, nf := range list {
		r.Register(nf.kind, nf.f)
	}
}

// Markdown returns a goldmark Markdown that parses as every reader of
// assembled Markdown does, with mdext.New (GFM tables, links and
// strikethrough, mdext's constructs, typographic quotes and apostrophes
// “ ” ‘ ’, dashes and dots as written), and renders with r.
func (r *Renderer) Markdown() goldmark.Markdown {
	return mdext.New(goldmark.WithRenderer(r))
}

// Convert parses Markdown source and writes it to w as PDF.
func (r *Renderer) Convert(source []byte, w io.Writer) error {
	return r.ConvertContext(context.Background(), source, w)
}

// ConvertContext is [Renderer.Convert] that stops, returning ctx.Err()
// wrapped, when ctx is done: layout checks it before each block and as it
// draws the lines of a block.
//
// Source of more than MaxLines lines is refused with a *LineLimitError
// before it is parsed.
func (r *Renderer) ConvertContext(ctx context.Context, source []byte, w io.Writer) error {
	if n := bytes.Count(source, []byte("\n")); n > MaxLines {
		return fmt.Errorf("pdf: %w", &LineLimitError{Lines: n, Max: MaxLines})
	}
	doc := mdext.Parse(r.Markdown(), source)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return r.RenderContext(ctx, w, source, doc)
}

// Render typesets the document n, parsed from source, and writes the PDF to w.
func (r *Renderer) Render(w io.Writer, source []byte, n ast.Node) error {
	return r.RenderContext(context.Background(), w, source, n)
}

// RenderContext is [Renderer.Render] that stops, returning ctx.Err()
// wrapped, when ctx is done: layout checks it before each block and as it
// draws the lines of a block.
func (r *Renderer) RenderContext(ctx context.Context, w io.Writer, source []byte, n ast.Node) error {
	fonts := r.cfg.Fonts
	if fonts == nil || fonts.Family() != r.cfg.family {
		var err error
		if fonts, err = LoadFamily(r.cfg.family); err != nil {
			return err
		}
	}
	if r.cfg.newDoc == nil {
		return ErrNoDoc
	}
	doc := r.cfg.newDoc(pdfdoc.Setup{Fonts: fonts, Page: r.cfg.Page, Info: r.cfg.Info, PDFA: r.cfg.PDFA, Tagged: r.cfg.Tagged})
	if err := r.render(ctx, doc, fonts, source, n); err != nil {
		return err
	}
	return doc.Output(w)
}

// ErrNoDoc is why a renderer made without [WithDoc] cannot render.
var ErrNoDoc = errors.New("pdf: no backend to draw on: give one with WithDoc")

// render draws n on doc.
func (r *Renderer) render(ctx context.Context, doc Doc, fonts *Fonts, source []byte, n ast.Node) error {
	if err := mdext.Check(n, source); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	s := newState(ctx, r, doc, fonts, source)
	s.numbers = document.IndexNumbers(r.cfg.numbering(n, source))
	s.collectAnchors(n)
	doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Document})
	err := ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock {
			if err := ctx.Err(); err != nil {
				return ast.WalkStop, err
			}
			if s.err != nil {
				return ast.WalkStop, nil // the first error is the one reported
			}
		}
		if k := int(n.Kind()); k < len(r.funcs) && r.funcs[k] != nil {
			return r.funcs[k](s, n, entering)
		}
		return ast.WalkContinue, nil
	})
	doc.EndTag()
	if err == nil {
		s.finishContents()
		err = s.err
	}
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}
