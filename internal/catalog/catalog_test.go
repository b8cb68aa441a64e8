package catalog_test

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
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
	}{{"md", format.Markdown}, {" PDF ", pdf.Format}, {"html", html.Format}, {"docx", docx.Format}, {"Word", docx.Format}, {"odt", nil}} {
		if f, _ := r.Lookup(tc.in); f != tc.want {
			t.Errorf("Lookup(%q) = %v", tc.in, f)
		}
	}
	for _, tc := range []struct {
		in   string
		want *format.Format
	}{{"a.html", html.Format}, {"a.PDF", pdf.Format}, {"a.DOCX", docx.Format}, {"a.odt", nil}} {
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

// TestAdaptersApart checks with go list that each format's package, and
// the registry's, imports no other format's renderer: the PDF's adapter
// lives with the PDF, so Word and HTML do not bring in the typesetter
// through format.Options.
func TestAdaptersApart(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not installed")
	}
	const base = "github.com/clausemark/clausemark/internal/"
	renderers := []string{"render/pdf", "render/docx", "render/html"}
	for _, pkg := range append([]string{"format"}, renderers...) {
		out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", base+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, r := range renderers {
				if r != pkg && (dep == base+r || strings.HasPrefix(dep, base+r+"/")) {
					t.Errorf("%s imports %s", pkg, dep)
				}
			}
		}
	}
}
