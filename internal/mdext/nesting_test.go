package mdext

import (
	"errors"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// nested returns n lines, line i (from 0) nested i+1 deep: prefix
// repeated i times, then marker and the text.
func nested(n int, prefix, marker string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(prefix, i) + marker + " item\n")
	}
	return b.String()
}

// depth is how deep lists and quotes nest in n.
func depth(n ast.Node) int {
	most := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		most = max(most, depth(c))
	}
	if n.Kind() == ast.KindList || n.Kind() == ast.KindBlockquote {
		most++
	}
	return most
}

// TestNesting parses lists and block quotes nested up to MaxNesting, and
// one level more: up to it the document parses whole, past it Check
// names the line of the level too many.
func TestNesting(t *testing.T) {
	m := MaxNesting
	for _, tc := range []struct {
		name      string
		src       string
		depth     int // deepest nesting parsed
		wantLine  int // 0: no error
		wantTrail bool
	}{
		{name: "lists at the limit", src: nested(m, "  ", "-"), depth: m},
		{name: "lists one past", src: nested(m+1, "  ", "-") + "after\n", depth: m, wantLine: m + 1},
		{name: "lists 4,000 deep", src: nested(4000, "  ", "-"), depth: m, wantLine: m + 1},
		{name: "ordered lists one past", src: nested(m+1, "   ", "1."), depth: m, wantLine: m + 1},
		{name: "quotes at the limit", src: strings.Repeat(">", m) + " deep\n", depth: m},
		{name: "quotes one past", src: "text\n\n" + strings.Repeat(">", m+1) + " deep\n", depth: m, wantLine: 3},
		{name: "quotes one past, a line each", src: nested(m+1, ">", ">"), depth: m, wantLine: m + 1},
		{name: "markers on one line", src: strings.Repeat("- ", m+1) + "x\n", depth: m, wantLine: 1},
		{name: "quote in list in quote", src: nested(m/2, "> - ", "> -") + "> " + strings.Repeat("> - ", m/2) + ">\n", depth: m, wantLine: m/2 + 1},
		{name: "items at the limit, many", src: nested(m, "  ", "-") + strings.Repeat(strings.Repeat("  ", m-1)+"- sibling\n", 50), depth: m},
		{name: "a rule at the limit", src: nested(m, "  ", "-") + strings.Repeat("  ", m) + "* * *\n", depth: m},
		{name: "quote markers in code", src: "```\n" + strings.Repeat(">", 4*m) + "\n```\n", depth: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			doc := parse(tc.src)
			if got := depth(doc); got != tc.depth {
				t.Errorf("nested %d deep, want %d", got, tc.depth)
			}
			err := Check(doc, src)
			if tc.wantLine == 0 {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				return
			}
			var ne *NestingError
			if !errors.As(err, &ne) || ne.Line != tc.wantLine || ne.Max != MaxNesting {
				t.Fatalf("error %v, want a NestingError at line %d", err, tc.wantLine)
			}
			// Check finds the document from any node in it.
			if err := Check(lastLeaf(doc), src); !errors.As(err, &ne) {
				t.Fatalf("Check from a leaf: %v", err)
			}
		})
	}
}

func lastLeaf(n ast.Node) ast.Node {
	for n.LastChild() != nil {
		n = n.LastChild()
	}
	return n
}

// TestNestingPastLimitCostsNothing parses lists 200 and 4,000 deep (16 MB):
// parsing stops at the first level too many, so the deeper document costs
// no more allocations than the shallower one. Before the limit, goldmark
// took 105 s for 4,000 levels.
func TestNestingPastLimitCostsNothing(t *testing.T) {
	allocs := func(src string) float64 {
		return testing.AllocsPerRun(2, func() {
			if Check(parse(src), []byte(src)) == nil {
				t.Fatal("no NestingError")
			}
		})
	}
	shallow, deep := allocs(nested(200, "  ", "-")), allocs(nested(4000, "  ", "-"))
	if deep > shallow*1.05+10 {
		t.Errorf("4,000 levels: %.0f allocations; 200 levels: %.0f", deep, shallow)
	}
}

// TestNestingAlone parses with the Nesting extension without the others.
func TestNestingAlone(t *testing.T) {
	src := []byte(strings.Repeat(">", MaxNesting+1) + " x\n")
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, Nesting))
	doc := md.Parser().Parse(text.NewReader(src))
	var ne *NestingError
	if err := Check(doc, src); !errors.As(err, &ne) || ne.Line != 1 {
		t.Fatalf("error %v, want a NestingError at line 1", err)
	}
}

// TestUnparsed: the source past the nesting limit, from the marker that
// would have opened one level too many; nil when all was parsed.
func TestUnparsed(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, Nesting))
	for _, tc := range []struct {
		src, want string
	}{
		{"plain\n", ""},
		{strings.Repeat(">", MaxNesting) + " x\n", ""},
		{strings.Repeat(">", MaxNesting+1) + " deepest\n", "> deepest\n"},
	} {
		src := []byte(tc.src)
		got := Unparsed(md.Parser().Parse(text.NewReader(src)), src)
		if string(got) != tc.want {
			t.Errorf("%.20q…: unparsed %q, want %q", tc.src, got, tc.want)
		}
	}
}
