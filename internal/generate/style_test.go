package generate_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// TestStyleHyphenationAndPlace renders Opsium's PDF with its house style
// as shipped and with hyphenate: false and signature_place added, and
// checks that the style reaches the PDF's settings through the document
// model, and the place line the PDF's text.
func TestStyleHyphenationAndPlace(t *testing.T) {
	for _, tc := range []struct {
		name, add string
		hyphens   bool
		place     string
	}{
		{"as shipped", "", true, ""},
		{"no hyphens, a place line", "  hyphenate: false\n  signature_place: \"Ort, Datum\"\n", false, "Ort, Datum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			f := "templates/documents/dpa-concise.yaml"
			src := string(m[f].Data)
			i := strings.Index(src, "parts:")
			m[f] = &fstest.MapFile{Data: []byte(src[:i] + tc.add + src[i:])}
			lib, err := library.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			r, err := lib.Resolve(library.Request{Variant: "opsium", Sets: []string{"signature_block=true"}})
			if err != nil {
				t.Fatal(err)
			}
			g := &generate.Generator{Program: "clausemark test"}
			res, err := g.GenerateResolved(context.Background(), r, []*format.Format{pdf.Format}, generate.Origin{Source: "render"})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := pdftext.Read(res.Outputs[0].Data, 297, 22)
			if err != nil {
				t.Fatal(err)
			}
			// pdftext reads a hyphenated word whole, so hyphenation is
			// checked on the PDF's settings; the layout's tests check
			// what it does.
			cfg := pdf.NewConfig()
			for _, o := range pdf.StyleOptions(res.Document.Model().Style) {
				o(&cfg)
			}
			if cfg.Hyphenate != tc.hyphens || cfg.SignaturePlace != tc.place {
				t.Errorf("PDF settings: Hyphenate %v, SignaturePlace %q; want %v, %q", cfg.Hyphenate, cfg.SignaturePlace, tc.hyphens, tc.place)
			}
			n := 0
			if tc.place != "" {
				n = 2 // one for each party
			}
			if got := strings.Count(doc.Text, "Ort, Datum"); got != n {
				t.Errorf("%d place lines, want %d", got, n)
			}
		})
	}
}
