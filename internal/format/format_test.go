package format_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/format"
)

func TestRegistry(t *testing.T) {
	r := format.Default()
	if got := strings.Join(r.Names(), ","); got != "md,html,pdf,docx" {
		t.Errorf("names %s", got)
	}
	if got := r.List(); got != "md, html, pdf or docx" {
		t.Errorf("list %q", got)
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"md", format.Markdown}, {"Markdown", format.Markdown}, {" PDF ", format.PDF}, {"html", format.HTML}, {"docx", format.DOCX}, {"Word", format.DOCX}, {"odt", nil}, {"", nil}} {
		f, ok := r.Lookup(tc.in)
		if f != tc.want || ok != (tc.want != nil) {
			t.Errorf("Lookup(%q) = %v, %v", tc.in, f, ok)
		}
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"out/a.PDF", format.PDF}, {"a.markdown", format.Markdown}, {"a.html", format.HTML}, {"a.DOCX", format.DOCX}, {"a.odt", nil}, {"a", nil}} {
		if f, _ := r.ByExtension(tc.in); f != tc.want {
			t.Errorf("ByExtension(%q) = %v", tc.in, f)
		}
	}
	if f, _ := r.ByMediaType("text/html"); f != format.HTML {
		t.Errorf("ByMediaType(text/html) = %v", f)
	}
	fs, err := r.Parse("pdf, md,pdf,markdown")
	if err != nil || len(fs) != 2 || fs[0] != format.PDF || fs[1] != format.Markdown {
		t.Errorf("Parse: %v, %v", fs, err)
	}
	_, err = r.Parse("pdf,odt")
	var ue *format.UnknownError
	if !errors.As(err, &ue) || ue.Name != "odt" || ue.Known != "md, html, pdf or docx" {
		t.Errorf("Parse of an unknown format: %v", err)
	}
	if _, err := format.NewRegistry(format.PDF, &format.Format{Name: "pdf"}); err == nil {
		t.Error("a name taken twice was accepted")
	}
	if _, err := format.NewRegistry(&format.Format{Name: "PDF"}); err == nil {
		t.Error("an upper-case name was accepted")
	}
}

func TestFormats(t *testing.T) {
	doc := &assemble.Document{Title: `Terms <&> "DPA"`, Markdown: []byte("# Terms\n\n## 1. One\n\nText <b>raw</b>.\n"),
		Meta: assemble.Meta{Title: "Terms", Processor: "Acme GmbH", Customer: "Globex", Law: "GDPR", Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), Template: "t", TemplateVer: "1.0.0", Library: "L", LibraryVersion: "2.0.0"}}
	ctx := context.Background()
	md, err := format.Markdown.Render(ctx, doc, format.Options{})
	if err != nil || !bytes.Equal(md, doc.Markdown) {
		t.Errorf("md: %q, %v", md, err)
	}
	md[0] = 'X'
	if doc.Markdown[0] != '#' {
		t.Error("md shares the document's bytes")
	}
	h, err := format.HTML.Render(ctx, doc, format.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Terms &lt;&amp;&gt; &#34;DPA&#34;</title>", `<h2 id="1-one">1. One</h2>`, "<!-- raw HTML omitted -->"} {
		if !bytes.Contains(h, []byte(want)) {
			t.Errorf("html lacks %q:\n%s", want, h)
		}
	}
	p, err := format.PDF.Render(ctx, doc, format.Options{Creator: "test"})
	if err != nil || !bytes.HasPrefix(p, []byte("%PDF-")) {
		t.Fatalf("pdf: %v", err)
	}
	info := format.Info(doc.Meta, format.Options{Creator: "test", DocumentID: "CM-0000-0000-0000-0000"})
	if info.Subject != "Terms between Acme GmbH and Globex" || info.Author != "Acme GmbH" || info.Footer != "Ref. CM-0000-0000-0000-0000 · March 4, 2026" || info.Header != "Terms · Acme GmbH and Globex" || info.ID != "CM-0000-0000-0000-0000" || !strings.HasSuffix(info.Keywords, ", CM-0000-0000-0000-0000, t 1.0.0, L 2.0.0") || len(info.Parties) != 2 || info.Parties[1].Name != "Globex" || !info.Date.Equal(doc.Meta.Date) {
		t.Errorf("info %+v", info)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, f := range format.Default().All() {
		if _, err := f.Render(cancelled, doc, format.Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", f.Name, err)
		}
	}
}
