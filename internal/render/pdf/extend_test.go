package pdf_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestNodeFuncFromOutside draws a node kind with a function defined
// outside the package, registered both ways: Register, and goldmark's
// renderer options through AddOptions.
func TestNodeFuncFromOutside(t *testing.T) {
	src := []byte("Before.\n\n---\n\nAfter the rule.\n")
	ornament := func(s *pdf.State, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			s.Text("* * * ornament * * *", pdf.Italic)
		}
		return ast.WalkContinue, nil
	}

	t.Run("Register", func(t *testing.T) {
		r := pdf.NewRenderer()
		r.Register(ast.KindThematicBreak, ornament)
		var buf bytes.Buffer
		if err := r.Convert(src, &buf); err != nil {
			t.Fatal(err)
		}
		if got := check(t, buf.Bytes(), pdf.A4).Text; !strings.Contains(got, "* * * ornament * * *") || !strings.Contains(got, "After the rule.") {
			t.Errorf("text:\n%s", got)
		}
	})

	t.Run("WithNodeFunc", func(t *testing.T) {
		// A paragraph that starts with "Note:" is drawn by the extension,
		// through State.Paragraph, after a marker line.
		note := func(s *pdf.State, n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			if bytes.HasPrefix(n.Lines().Value(s.Source()), []byte("Note:")) {
				s.Text("NOTE", pdf.Bold)
			}
			s.Paragraph(n)
			return ast.WalkSkipChildren, nil
		}
		md := goldmark.New(
			goldmark.WithExtensions(extension.GFM, mdext.Extension),
			goldmark.WithRenderer(pdf.NewRenderer()),
			goldmark.WithRendererOptions(pdf.WithNodeFunc(ast.KindParagraph, note), pdf.WithNodeFunc(ast.KindThematicBreak, ornament)),
		)
		in := []byte("Plain.\n\nNote: mind the gap.\n\n---\n")
		doc := md.Parser().Parse(text.NewReader(in), parser.WithContext(mdext.NewContext()))
		var buf bytes.Buffer
		if err := md.Renderer().Render(&buf, in, doc); err != nil {
			t.Fatal(err)
		}
		got := check(t, buf.Bytes(), pdf.A4).Text
		for _, want := range []string{"Plain.", "NOTE", "Note: mind the gap.", "ornament"} {
			if !strings.Contains(got, want) {
				t.Errorf("no %q in:\n%s", want, got)
			}
		}
		if strings.Index(got, "NOTE") > strings.Index(got, "Note: mind") {
			t.Errorf("the marker comes after its paragraph:\n%s", got)
		}
	})

	t.Run("Fail", func(t *testing.T) {
		boom := errors.New("no rules allowed")
		r := pdf.NewRenderer()
		r.Register(ast.KindThematicBreak, func(s *pdf.State, n ast.Node, entering bool) (ast.WalkStatus, error) {
			s.Fail(boom)
			return ast.WalkContinue, nil
		})
		if err := r.Convert(src, &bytes.Buffer{}); !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
	})
}
