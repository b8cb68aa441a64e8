package html

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/mdext"
)

// TestNesting renders lists and quotes nested to mdext.MaxNesting, and one
// level more: the page, then an error naming the line, and no page.
func TestNesting(t *testing.T) {
	list := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		src  string
		line int // of the error; 0 for none
	}{
		{"lists at the limit", list(mdext.MaxNesting), 0},
		{"lists one past", list(mdext.MaxNesting + 1), mdext.MaxNesting + 1},
		{"quotes one past", "# T\n\n" + strings.Repeat("> ", mdext.MaxNesting+1) + "x\n", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := Page("T", []byte(tc.src))
			if tc.line == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Count(string(page), "<ul>"); got != mdext.MaxNesting {
					t.Fatalf("%d lists, want %d", got, mdext.MaxNesting)
				}
				return
			}
			var ne *mdext.NestingError
			if !errors.As(err, &ne) || ne.Line != tc.line || page != nil {
				t.Fatalf("error %v and %d bytes, want a NestingError at line %d and no page", err, len(page), tc.line)
			}
		})
	}
}

// TestQuotes: the HTML prints quotes and apostrophes as the PDF does,
// typographic, and code as written.
func TestQuotes(t *testing.T) {
	body, err := Body([]byte("The \"Customer's\" data, `\"as typed\"`.\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "<p>The “Customer’s” data, <code>&quot;as typed&quot;</code>.</p>\n"
	if string(body) != want {
		t.Errorf("body %q, want %q", body, want)
	}
}

// TestFormat renders a page through the format: the title escaped, the
// heading's id, raw HTML left out.
func TestFormat(t *testing.T) {
	doc := &document.Document{Title: `Terms <&> "DPA"`, Markdown: []byte("# Terms\n\n## 1. One\n\nText <b>raw</b>.\n")}
	h, err := Format.Render(context.Background(), doc, format.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Terms &lt;&amp;&gt; &#34;DPA&#34;</title>", `<h2 id="1-one">1. One</h2>`, "<!-- raw HTML omitted -->"} {
		if !strings.Contains(string(h), want) {
			t.Errorf("html lacks %q:\n%s", want, h)
		}
	}
}
