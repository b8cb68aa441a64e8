package format_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
)

func TestRegistry(t *testing.T) {
	html := &format.Format{Name: "html", Extension: ".html", MediaType: "text/html; charset=utf-8"}
	pdf := &format.Format{Name: "pdf", Extension: ".pdf", MediaType: "application/pdf"}
	r, err := format.NewRegistry(format.Markdown, html, pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Names(), ","); got != "md,html,pdf" {
		t.Errorf("names %s", got)
	}
	if got := r.List(); got != "md, html or pdf" {
		t.Errorf("list %q", got)
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"md", format.Markdown}, {"Markdown", format.Markdown}, {" PDF ", pdf}, {"html", html}, {"odt", nil}, {"", nil}} {
		f, ok := r.Lookup(tc.in)
		if f != tc.want || ok != (tc.want != nil) {
			t.Errorf("Lookup(%q) = %v, %v", tc.in, f, ok)
		}
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"out/a.PDF", pdf}, {"a.markdown", format.Markdown}, {"a.html", html}, {"a.odt", nil}, {"a", nil}} {
		if f, _ := r.ByExtension(tc.in); f != tc.want {
			t.Errorf("ByExtension(%q) = %v", tc.in, f)
		}
	}
	if f, _ := r.ByMediaType("text/html"); f != html {
		t.Errorf("ByMediaType(text/html) = %v", f)
	}
	fs, err := r.Parse("pdf, md,pdf,markdown")
	if err != nil || len(fs) != 2 || fs[0] != pdf || fs[1] != format.Markdown {
		t.Errorf("Parse: %v, %v", fs, err)
	}
	_, err = r.Parse("pdf,odt")
	var ue *format.UnknownError
	if !errors.As(err, &ue) || ue.Name != "odt" || ue.Known != "md, html or pdf" {
		t.Errorf("Parse of an unknown format: %v", err)
	}
	if _, err := format.NewRegistry(pdf, &format.Format{Name: "pdf"}); err == nil {
		t.Error("a name taken twice was accepted")
	}
	if _, err := format.NewRegistry(&format.Format{Name: "PDF"}); err == nil {
		t.Error("an upper-case name was accepted")
	}
}

// meta describes a document with both parties named.
func meta() document.Meta {
	return document.Meta{Title: "Terms", Processor: "Acme GmbH", Customer: "Globex", Law: "GDPR",
		Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), DateText: "March 4, 2026",
		Template: "t", TemplateVer: "1.0.0", Library: "L", LibraryVersion: "2.0.0",
		Parties: []document.Party{{Name: "Acme GmbH", Role: "Processor"}, {Name: "Globex", Role: "Customer"}}}
}

// TestMarkdown: the Markdown format gives the document's bytes, a copy of
// them, and stops with a cancelled context's error.
func TestMarkdown(t *testing.T) {
	doc := &document.Document{Title: `Terms <&> "DPA"`, Markdown: []byte("# Terms\n\n## 1. One\n\nText <b>raw</b>.\n"), Meta: meta()}
	ctx := context.Background()
	md, err := format.Markdown.Render(ctx, doc, format.Options{})
	if err != nil || !bytes.Equal(md, doc.Markdown) {
		t.Errorf("md: %q, %v", md, err)
	}
	md[0] = 'X'
	if doc.Markdown[0] != '#' {
		t.Error("md shares the document's bytes")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := format.Markdown.Render(cancelled, doc, format.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("md with a cancelled context: %v", err)
	}
}

// TestInfo: what a document says about itself, and a party without a
// name called by the role the library gives it.
func TestInfo(t *testing.T) {
	m := meta()
	info := format.NewInfo(m, format.Options{Creator: "test", DocumentID: "CM-0000-0000-0000-0000"})
	if info.Subject != "Terms between Acme GmbH and Globex" || info.Author != "Acme GmbH" || info.Footer != "Ref. CM-0000-0000-0000-0000 · March 4, 2026" || info.Header != "Terms · Acme GmbH and Globex" || info.ID != "CM-0000-0000-0000-0000" || !strings.HasSuffix(info.Keywords, ", CM-0000-0000-0000-0000, t 1.0.0, L 2.0.0") || len(info.Parties) != 2 || info.Parties[1].Name != "Globex" || !info.Date.Equal(m.Date) {
		t.Errorf("info %+v", info)
	}
	for _, tc := range []struct {
		name    string
		parties []document.Party
		subject string
	}{
		{"customer unnamed", []document.Party{{Name: "Acme GmbH", Role: "Processor"}, {Role: "Client"}}, "Terms between Acme GmbH and the Client"},
		{"none named", []document.Party{{Role: "Processor"}, {Role: "Customer"}}, "Terms"},
		{"no parties", nil, "Terms"},
	} {
		m := meta()
		m.Parties = tc.parties
		if got := format.NewInfo(m, format.Options{}).Subject; got != tc.subject {
			t.Errorf("%s: subject %q, want %q", tc.name, got, tc.subject)
		}
	}
}

// TestPaper: paged formats print on A4 unless the options say otherwise.
func TestPaper(t *testing.T) {
	if got := (format.Options{}).Paper(); got != "A4" {
		t.Errorf("default paper %q", got)
	}
	if got := (format.Options{PageSize: format.Letter}).Paper(); got != "Letter" {
		t.Errorf("letter paper %q", got)
	}
}
