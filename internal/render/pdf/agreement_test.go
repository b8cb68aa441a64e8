package pdf_test

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// agreement assembles a variant of the shipped library with sets, or the
// variables file of one of assembly's cases when variant is "case:NAME".
func agreement(t *testing.T, variant string, sets ...string) *assemble.Document {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	req := library.Request{Variant: variant, Sets: sets}
	if name, ok := strings.CutPrefix(variant, "case:"); ok {
		file := "../../assemble/testdata/cases/" + name + "/vars.yaml"
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		req = library.Request{Files: []library.Input{{Name: file, Data: data}}, Sets: sets}
	}
	r, err := lib.Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

var contentsLine = regexp.MustCompile(`(?m)^((?:\d+\.|Appendix [A-Z]+ –) [^\n]*?)[ .]+ (\d+)$`)

// TestAgreementPDF reads the PDFs of both house styles, and of other
// processors, customers and jurisdictions, as a lawyer would: the parties in
// the title block and the running header, a footer with the reference and
// the date, a table of contents whose pages are right, obligations lettered,
// paragraphs numbered where the house numbers them, every appendix on a
// page of its own, typographic quotes, and a blank line for a customer
// without a name.
func TestAgreementPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("typesets whole agreements")
	}
	for _, tc := range []struct {
		name, variant string
		sets          []string
		customer      string // "" for none
		date          string
		contents      bool // the house style has a table of contents and numbered paragraphs
		margin        float64
	}{
		{"ojoo", "ojoo", []string{"customer.name=Globex Corporation"}, "Globex Corporation", "29/05/2026", true, 25},
		{"ojoo unnamed", "ojoo", nil, "", "29/05/2026", true, 25},
		{"ojoo's style for a Swiss processor", "case:zurich-ch", []string{"customer.name=Initech SARL"}, "Initech SARL", "", true, 25},
		{"opsium's style for a German processor", "case:acme-de", nil, "Globex Corporation", "1 March 2026", false, 22},
		{"opsium", "opsium", []string{"customer.name=Globex Corporation"}, "Globex Corporation", "", false, 22},
		{"opsium in California", "opsium", []string{"customer.name=Hooli Inc.", "jurisdiction=us-ca", "venue=San Francisco"}, "Hooli Inc.", "", false, 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := agreement(t, tc.variant, tc.sets...)
			const id = "CM-TEST-0000-0000-0001"
			data, err := pdf.Format.Render(context.Background(), doc.Model(), format.Options{Creator: "test", DocumentID: id})
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("CLAUSEMARK_KEEP_PDF"); dir != "" {
				_ = os.WriteFile(dir+"/"+strings.ReplaceAll(tc.name, " ", "-")+".pdf", data, 0o644)
			}
			body, err := pdftext.Read(data, pdf.A4.Height, tc.margin)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := pdftext.Read(data, pdf.A4.Height, 0)
			if err != nil {
				t.Fatal(err)
			}
			processor := doc.Meta.Processor

			// The title block: both parties, or a line for the unnamed one.
			first := body.Page[0]
			for _, want := range []string{doc.Title, "between", processor, "(the “Processor”)", "and", "(the “Customer”)"} {
				if !strings.Contains(first, want) {
					t.Errorf("title page lacks %q:\n%s", want, first)
				}
			}
			if tc.customer != "" && !strings.Contains(first, tc.customer) {
				t.Errorf("title page lacks the customer %q", tc.customer)
			}

			// Running header from page 2, footer on every page.
			customer := tc.customer
			if customer == "" {
				customer = "the Customer"
			}
			footer := "Ref. " + id
			if tc.date == "" {
				tc.date = doc.Meta.DateText
			}
			footer += " · " + tc.date
			for i, p := range whole.Page {
				if !strings.Contains(p, footer) || !strings.Contains(p, "Page "+strconv.Itoa(i+1)+" of "+strconv.Itoa(whole.Pages)) {
					t.Errorf("page %d's footer lacks %q", i+1, footer)
				}
				if i > 0 && !strings.Contains(p, processor+" and "+customer) {
					t.Errorf("page %d's header lacks the parties %q", i+1, processor+" and "+customer)
				}
			}
			for _, bad := range []string{"Clausemark DPA library", doc.Meta.Template + " "} {
				if strings.Contains(whole.Text, bad) {
					t.Errorf("the running text names the software: %q", bad)
				}
			}

			// Contents: each entry's page holds its heading.
			entries := contentsLine.FindAllStringSubmatch(first, -1)
			if tc.contents != (len(entries) > 0) || tc.contents != strings.Contains(first, "Contents") {
				t.Errorf("%d contents entries, want contents %v", len(entries), tc.contents)
			}
			for _, e := range entries {
				page, _ := strconv.Atoi(e[2])
				if page < 2 || page > body.Pages || !strings.Contains(strings.Join(strings.Fields(body.Page[page-1]), " "), e[1]) {
					t.Errorf("contents put %q on page %d, which does not hold it", e[1], page)
				}
			}

			// Every appendix starts a page.
			oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			appendices := 0
			for _, h := range doc.Headings {
				if h.Level == 2 && strings.HasPrefix(h.Prefix, "Appendix") {
					appendices++
					title := h.Prefix + doc.Sections[h.Section].Title
					found := false
					for _, p := range body.Page[1:] {
						found = found || strings.HasPrefix(oneLine(p), title)
					}
					if !found {
						t.Errorf("%q does not start a page", title)
					}
				}
			}
			if tc.contents && appendices < 3 {
				t.Errorf("%d appendices, want at least 3", appendices)
			}

			// Obligations lettered; paragraphs numbered where the house
			// style numbers them.
			if !regexp.MustCompile(`(?m)^\(a\) `).MatchString(body.Text) || !regexp.MustCompile(`(?m)^\(b\) `).MatchString(body.Text) {
				t.Error("no list lettered (a), (b)")
			}
			if strings.Contains(body.Text, "• ") {
				t.Error("a bullet in a house style that letters its lists")
			}
			if numbered := regexp.MustCompile(`(?m)^\(2\) `).MatchString(body.Text); numbered != tc.contents {
				t.Errorf("numbered paragraphs %v, want %v", numbered, tc.contents)
			}

			// Typographic quotes and apostrophes, none straight.
			if !strings.Contains(body.Text, "“") || strings.ContainsAny(body.Text, `"`) {
				t.Error("straight quotes in the text, or no typographic ones")
			}

			// The signature block: the parties side by side, their roles on
			// one line and their names below; a blank line, not "the
			// Customer", for an unnamed customer.
			if i := strings.LastIndex(body.Text, "For the Processor For the Customer\n"); i >= 0 {
				names, _, _ := strings.Cut(body.Text[i+len("For the Processor For the Customer\n"):], "\n")
				if tc.customer == "" && strings.Contains(names, "the Customer") {
					t.Errorf("an unnamed customer signs as %q", names)
				}
				if tc.customer != "" && !strings.Contains(oneLine(body.Text[i:]), tc.customer+" ") {
					t.Errorf("the signature block lacks the customer %q", tc.customer)
				}
			} else if tc.contents {
				t.Error("no signature block")
			}
		})
	}
}
