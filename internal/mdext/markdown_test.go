package mdext

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestNew parses with the one set-up: the constructs are nodes, quotes
// are typographic, and Written gives back what the source holds.
func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name, src     string
		kinds         string // top-level kinds
		text, written string // the text of the first paragraph, as printed and as written
	}{
		{
			name:    "quotes and apostrophes",
			src:     "The \"Customer's\" data and 'Agreement'.\n",
			kinds:   "Paragraph",
			text:    "The “Customer’s” data and ‘Agreement’.",
			written: "The \"Customer's\" data and 'Agreement'.",
		},
		{
			name:    "dashes and dots as written",
			src:     "a -- b --- c...\n",
			kinds:   "Paragraph",
			text:    "a -- b --- c...",
			written: "a -- b --- c...",
		},
		{
			name:    "code keeps straight quotes",
			src:     "`\"x\"` it's\n",
			kinds:   "Paragraph",
			text:    "\"x\" it’s",
			written: "\"x\" it's",
		},
		{
			name:  "constructs",
			src:   "<!-- pagebreak -->\n\n<!-- signatures: Signature -->\n\n- For the Processor: Acme\n\n| a |\n|---|\n| b |\n",
			kinds: "PageBreak Signatures Table",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			doc := Parse(New(), src)
			var kinds []string
			for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
				kinds = append(kinds, c.Kind().String())
			}
			if got := strings.Join(kinds, " "); got != tc.kinds {
				t.Errorf("kinds %q, want %q", got, tc.kinds)
			}
			if tc.text == "" {
				return
			}
			printed, written := texts(doc.FirstChild(), src)
			if printed != tc.text || written != tc.written {
				t.Errorf("text %q, written %q; want %q, %q", printed, written, tc.text, tc.written)
			}
		})
	}
}

// texts returns n's inline text as printed and as written.
func texts(n ast.Node, src []byte) (printed, written string) {
	var p, w bytes.Buffer
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			p.Write(n.Segment.Value(src))
			w.Write(n.Segment.Value(src))
		case *ast.String:
			p.Write(n.Value)
			w.Write(Written(n))
		}
		return ast.WalkContinue, nil
	})
	return p.String(), w.String()
}

// TestWrittenLeavesOtherStrings: a string the typographer did not make
// is its value, even when it is a quote.
func TestWrittenLeavesOtherStrings(t *testing.T) {
	if got := string(Written(ast.NewString([]byte("’")))); got != "’" {
		t.Errorf("Written = %q, want the value", got)
	}
}
