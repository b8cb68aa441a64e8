package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
)

func TestLegalMarker(t *testing.T) {
	for _, tc := range []struct {
		depth, i int
		want     string
	}{
		{0, 0, "(a)"}, {0, 25, "(z)"}, {0, 26, "(aa)"}, {0, 27, "(bb)"}, {0, 1000, "(mmmmmmmm)"},
		{1, 0, "(i)"}, {1, 3, "(iv)"}, {1, 8, "(ix)"}, {1, 3998, "(mmmcmxcix)"}, {1, 3999, "(4000)"},
		{2, 0, "(A)"}, {3, 1, "(b)"}, {4, 1, "(ii)"},
	} {
		if got := document.LegalMarker(tc.depth, tc.i); got != tc.want {
			t.Errorf("LegalMarker(%d, %d) = %q, want %q", tc.depth, tc.i, got, tc.want)
		}
	}
}

// numbers lists the numbers of src as "text: marker cite" lines, the text
// being the first word at the number's offset.
func numbers(src string, rules document.Numbering) string {
	var b strings.Builder
	for _, n := range document.NumberMarkdown([]byte(src), rules) {
		word, _, _ := strings.Cut(src[n.Offset:], "\n")
		word, _, _ = strings.Cut(word, " ")
		fmt.Fprintf(&b, "%s: %s %s %s\n", word, n.Kind, n.Marker, n.Cite)
	}
	return b.String()
}

// TestNumberTree checks which paragraphs take numbers and how list items
// are marked and cited: the paragraphs of a numbered heading with two or
// more, the lead-in of one with subheadings; not a heading's only
// paragraph, not paragraphs after a rule, not those below an unnumbered
// heading, not a paragraph of images alone. A list after a numbered
// paragraph is cited under it; nested items extend their item's cite.
func TestNumberTree(t *testing.T) {
	const doc = `# Title

## 1. One

Alpha A.

Beta B.

## 2. Two

Only one.

## 3. Three

Lead in.

### 3.1 Sub

Sub para.

## 12. Twelve

### 12.2 Notice

First:

- Gamma
- Delta
  - Epsilon
  - Zeta
    - Eta

Second.

![figure](f.png)

* * *

Closing words.

## Appendix B – Measures

Theta one.

Iota two.

1. Kappa
2. Lambda

## Unnumbered

Free one.

Free two.

- Mu
`
	for _, tc := range []struct {
		name  string
		rules document.Numbering
		want  string
	}{
		{"legal and numbered", document.Numbering{Legal: true, Paragraphs: true}, `Alpha: paragraph (1) 1(1)
Beta: paragraph (2) 1(2)
Lead: paragraph (1) 3(1)
First:: paragraph (1) 12.2(1)
Gamma: legal (a) 12.2(1)(a)
Delta: legal (b) 12.2(1)(b)
Epsilon: legal (i) 12.2(1)(b)(i)
Zeta: legal (ii) 12.2(1)(b)(ii)
Eta: legal (A) 12.2(1)(b)(ii)(A)
Second.: paragraph (2) 12.2(2)
Theta: paragraph (1) Appendix B(1)
Iota: paragraph (2) Appendix B(2)
Kappa: legal (a) Appendix B(2)(a)
Lambda: legal (b) Appendix B(2)(b)
Mu: legal (a) 
`},
		{"legal lists only", document.Numbering{Legal: true}, `Gamma: legal (a) 12.2(a)
Delta: legal (b) 12.2(b)
Epsilon: legal (i) 12.2(b)(i)
Zeta: legal (ii) 12.2(b)(ii)
Eta: legal (A) 12.2(b)(ii)(A)
Kappa: legal (a) Appendix B(a)
Lambda: legal (b) Appendix B(b)
Mu: legal (a) 
`},
		{"bullets", document.Numbering{}, `Gamma: bullet • 
Delta: bullet • 
Epsilon: bullet ◦ 
Zeta: bullet ◦ 
Eta: bullet ▪ 
Kappa: ordered 1. 
Lambda: ordered 2. 
Mu: bullet • 
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := numbers(doc, tc.rules); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestNumberEdges checks the numbers at the edges of the rules: a page
// break ends the count but not the numbering, an empty item takes its
// letter but no number, an ordered list counts from its start, and a
// list nested at once in an item has a number of its own.
func TestNumberEdges(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		rules     document.Numbering
		want      string
	}{
		{"page break", "## 1. A\n\nOne.\n\n<!-- pagebreak -->\n\nTwo.\n", document.Numbering{Paragraphs: true}, ""},
		{"empty item", "- Alpha\n-\n- Gamma\n", document.Numbering{Legal: true}, "Alpha: legal (a) \nGamma: legal (c) \n"},
		{"ordered start", "3. Three\n4. Four\n", document.Numbering{}, "Three: ordered 3. \nFour: ordered 4. \n"},
		{"nested at once", "## 1. A\n\n- - Inner\n", document.Numbering{Legal: true}, "Inner: legal (a) 1(a)\nInner: legal (i) 1(a)(i)\n"},
		{"title kept", "# Title\n\n## 1. A\n\nOne.\n\nTwo.\n", document.Numbering{Paragraphs: true}, "One.: paragraph (1) 1(1)\nTwo.: paragraph (2) 1(2)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := numbers(tc.src, tc.rules); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestNumberedMarkdown checks that the Markdown a document is written as
// carries its numbers: "(1)" before each numbered paragraph, "(a)" and
// "(i)" after each legal item's marker, bullets and ordered lists as
// written; and that the result parses into the same blocks, so that the
// numbers written are the numbers of the text they stand in.
func TestNumberedMarkdown(t *testing.T) {
	const src = "# Title\n\n## 1. One\n\nAlpha:\n\n- first\n  - inner\n- second\n\nBeta.\n\n1. ordered\n\n## Unnumbered\n\nPlain.\n\nPlain too.\n"
	for _, tc := range []struct {
		name  string
		style *document.Style
		want  string
	}{
		{"legal and numbered", &document.Style{Lists: "legal", Paragraphs: "numbered"},
			"# Title\n\n## 1. One\n\n(1) Alpha:\n\n- (a) first\n  - (i) inner\n- (b) second\n\n(2) Beta.\n\n1. (a) ordered\n\n## Unnumbered\n\nPlain.\n\nPlain too.\n"},
		{"legal lists only", &document.Style{Lists: "legal"},
			"# Title\n\n## 1. One\n\nAlpha:\n\n- (a) first\n  - (i) inner\n- (b) second\n\nBeta.\n\n1. (a) ordered\n\n## Unnumbered\n\nPlain.\n\nPlain too.\n"},
		{"no style", nil, src},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &document.Document{Markdown: []byte(src), Style: tc.style}
			got := string(d.NumberedMarkdown())
			if got != tc.want {
				t.Fatalf("NumberedMarkdown:\n%s\nwant:\n%s", got, tc.want)
			}
			rules := tc.style.Numbering()
			before, after := document.NumberMarkdown([]byte(src), rules), document.NumberMarkdown([]byte(got), rules)
			if len(before) != len(after) {
				t.Fatalf("the numbered Markdown parses into %d numbered blocks, the document into %d", len(after), len(before))
			}
			for i := range before {
				if before[i].Marker != after[i].Marker || before[i].Cite != after[i].Cite {
					t.Errorf("block %d: %s %s after numbering, %s %s before", i, after[i].Marker, after[i].Cite, before[i].Marker, before[i].Cite)
				}
			}
		})
	}
}
