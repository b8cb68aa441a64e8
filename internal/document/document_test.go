package document_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
)

func TestSection(t *testing.T) {
	for _, tc := range []struct {
		s                             document.Section
		heading, label, short, anchor string
	}{
		{document.Section{Number: "14", Title: "Data Retention and Deletion", Kind: document.Numbered},
			"14. Data Retention and Deletion", "Section 14 (Data Retention and Deletion)", "Section 14", "14-data-retention-and-deletion"},
		{document.Section{Number: "A", Title: "Description of Processing", Kind: document.Appendix},
			"Appendix A – Description of Processing", "Appendix A (Description of Processing)", "Appendix A", "appendix-a--description-of-processing"},
	} {
		s := tc.s
		if s.Heading() != tc.heading || s.Label() != tc.label || s.Short() != tc.short || s.Anchor() != tc.anchor {
			t.Errorf("%+v: heading %q, label %q, short %q, anchor %q", s, s.Heading(), s.Label(), s.Short(), s.Anchor())
		}
	}
	// An unnumbered part's heading is its title.
	if s := (document.Section{Title: "Signatures", Kind: document.Unnumbered}); s.Heading() != "Signatures" || s.Anchor() != "signatures" {
		t.Errorf("unnumbered: heading %q, anchor %q", s.Heading(), s.Anchor())
	}
}

func TestPartyCalled(t *testing.T) {
	for _, tc := range []struct {
		p    document.Party
		want string
	}{
		{document.Party{Name: "Globex", Role: "Customer"}, "Globex"},
		{document.Party{Role: "Customer"}, "the Customer"},
		{document.Party{}, ""},
	} {
		if got := tc.p.Called(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestDated: the title block's date line is the date's label and the
// date as the document writes it; the date alone without a label; nothing
// without a date.
func TestDated(t *testing.T) {
	for _, tc := range []struct {
		m    document.Meta
		want string
	}{
		{document.Meta{DateText: "29/05/2026", DateLabel: "Date of the agreement"}, "Date of the agreement: 29/05/2026"},
		{document.Meta{DateText: "29 May 2026"}, "29 May 2026"},
		{document.Meta{DateLabel: "Date of the agreement"}, ""},
	} {
		if got := tc.m.Dated(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.m, got, tc.want)
		}
	}
}

// TestRenderersReadTheModel: the renderers and compare import the model,
// and neither the assembler nor the library.
func TestRenderersReadTheModel(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	const mod = "github.com/clausemark/clausemark/internal/"
	for _, pkg := range []string{"render/docx", "render/html", "compare"} {
		out, err := exec.Command(goTool, "list", "-deps", mod+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		for _, forbidden := range []string{"assemble", "library"} {
			for _, d := range deps {
				if d == mod+forbidden {
					t.Errorf("%s imports %s", pkg, forbidden)
				}
			}
		}
		if !slices.Contains(deps, mod+"document") {
			t.Errorf("%s does not read the document model", pkg)
		}
	}
}
