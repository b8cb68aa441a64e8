package assemble_test

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// load loads the embedded library or fails the test.
func load(t testing.TB) *library.Library {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatalf("load library: %v", err)
	}
	return lib
}

// render resolves req and assembles it, failing the test on error.
func render(t testing.TB, lib *library.Library, req library.Request) string {
	t.Helper()
	r, err := lib.Resolve(req)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatalf("assemble: %v", err)
	}
	return string(doc.Markdown)
}

var md = goldmark.New(goldmark.WithExtensions(extension.GFM))

// plainText strips Markdown markup, leaving the words a reader sees.
func plainText(src []byte) string {
	doc := md.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			// Resolve backslash escapes and entities as a Markdown reader does.
			var buf bytes.Buffer
			w := bufio.NewWriter(&buf)
			gmhtml.DefaultWriter.Write(w, n.Segment.Value(src))
			w.Flush()
			b.WriteString(html.UnescapeString(buf.String()))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.URL(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

var sectionNumber = regexp.MustCompile(`^(\d+|[A-Z])(\.\d+)*\.?$`)

// words splits text into words with surrounding punctuation removed,
// dropping section numbers, which the engine writes and the seeds type.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		w := strings.Trim(f, `.,;:()“”"'’!?*`)
		if w == "" || w == "–" || w == "-" || w == "—" || w == "·" || sectionNumber.MatchString(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// ratio is 2*M/T, where M is the length of the longest common subsequence
// of a and b and T their total length: 1 for identical sequences.
func ratio(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}
