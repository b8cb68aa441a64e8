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

// TestNumbers: a document's page prints the numbers of its paragraphs and
// the legal markers of its list items, as its style numbers them, and its
// lists so marked show no bullets; a document in the bullets style keeps
// its bullets and numbers no paragraph.
func TestNumbers(t *testing.T) {
	src := []byte("# T\n\n## 12.2 Notice\n\nFirst:\n\n- Alpha\n- Beta\n  - Gamma\n\nSecond.\n")
	for _, tc := range []struct {
		name     string
		style    *document.Style
		want     []string
		excluded []string
	}{
		{"legal", &document.Style{Lists: "legal", Paragraphs: "numbered"}, []string{
			"<p>(1) First:</p>", `<ul style="list-style-type:none">`, "<li>(a) Alpha</li>", "<li>(b) Beta\n", "<li>(i) Gamma</li>", "<p>(2) Second.</p>",
		}, nil},
		{"bullets", nil, []string{"<p>First:</p>", "<ul>\n<li>Alpha</li>"}, []string{"(1)", "(a)", "list-style"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := Format.Render(context.Background(), &document.Document{Title: "T", Markdown: src, Style: tc.style}, format.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if !strings.Contains(string(h), want) {
					t.Errorf("html lacks %q:\n%s", want, h)
				}
			}
			for _, not := range tc.excluded {
				if strings.Contains(string(h), not) {
					t.Errorf("html has %q:\n%s", not, h)
				}
			}
		})
	}
}

// TestTitleBlock: a document's page, and the fragment the form previews,
// name the parties under its title, each with its role, a line for a
// party without a name, and the agreement's date as the library labels
// and writes it; names are escaped; a document with neither parties nor
// date has no block.
func TestTitleBlock(t *testing.T) {
	src := []byte("# Terms\n\n## 1. One\n\nText.\n")
	m := document.Meta{Title: "Terms", Processor: "Acme <GmbH>", DateText: "29/05/2026", DateLabel: "Date of the agreement",
		Parties: []document.Party{{Name: "Acme <GmbH>", Role: "Processor"}, {Role: "Customer"}}}
	renders := []struct {
		name   string
		render func(*document.Document) ([]byte, error)
	}{
		{"page", func(d *document.Document) ([]byte, error) {
			return Format.Render(context.Background(), d, format.Options{})
		}},
		{"fragment", DocumentBody},
	}
	for _, r := range renders {
		t.Run(r.name, func(t *testing.T) {
			h, err := r.render(&document.Document{Title: "Terms", Markdown: src, Meta: m})
			if err != nil {
				t.Fatal(err)
			}
			s := string(h)
			want := []string{"</h1>\n<div class=\"title-block\">", "<em>between</em>", "<strong>Acme &lt;GmbH&gt;</strong><br>(the “Processor”)",
				"<em>and</em>", blankName + "<br>(the “Customer”)", `<p class="dated">Date of the agreement: 29/05/2026</p>`, "</div>\n<h2"}
			last := 0
			for _, w := range want {
				i := strings.Index(s[last:], w)
				if i < 0 {
					t.Fatalf("%s lacks %q after byte %d:\n%s", r.name, w, last, s)
				}
				last += i + len(w)
			}
			h, err = r.render(&document.Document{Title: "Terms", Markdown: src})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(h), "title-block\"") {
				t.Errorf("a document without parties or date has a title block:\n%s", h)
			}
		})
	}
}
