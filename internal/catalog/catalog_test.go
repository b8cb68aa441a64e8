package catalog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/html"
)

// TestFormats: every format Clausemark ships with, found by name, alias,
// file extension and media type.
func TestFormats(t *testing.T) {
	r := catalog.Formats()
	if got := strings.Join(r.Names(), ","); got != "md,html,pdf,docx" {
		t.Errorf("names %s", got)
	}
	if got := r.List(); got != "md, html, pdf or docx" {
		t.Errorf("list %q", got)
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"md", format.Markdown}, {" PDF ", format.PDF}, {"html", html.Format}, {"docx", docx.Format}, {"Word", docx.Format}, {"odt", nil}} {
		if f, _ := r.Lookup(tc.in); f != tc.want {
			t.Errorf("Lookup(%q) = %v", tc.in, f)
		}
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"a.html", html.Format}, {"a.DOCX", docx.Format}, {"a.odt", nil}} {
		if f, _ := r.ByExtension(tc.in); f != tc.want {
			t.Errorf("ByExtension(%q) = %v", tc.in, f)
		}
	}
	if f, _ := r.ByMediaType("text/html"); f != html.Format {
		t.Errorf("ByMediaType(text/html) = %v", f)
	}
}

// TestCancelled: every format stops with a cancelled context's error.
func TestCancelled(t *testing.T) {
	doc := &document.Document{Title: "T", Markdown: []byte("# T\n\nText.\n")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range catalog.Formats().All() {
		if _, err := f.Render(ctx, doc, format.Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", f.Name, err)
		}
	}
}
