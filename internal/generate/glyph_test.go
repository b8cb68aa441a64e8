package generate_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// TestGlyphErrorNamesField renders PDFs whose values hold characters the
// embedded fonts cannot draw, and checks that the error names the
// variable and the character, as a diag.Error for that variable holding
// the GlyphError.
func TestGlyphErrorNamesField(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		set   string
		field string
		char  rune
	}{
		{"customer.name=株式会社グローベックス", "customer.name", '株'},
		{"customer.name=ग्लोबेक्स प्राइवेट लिमिटेड", "customer.name", 'ग'},
		{"processor.legal_name=Ojoo 日本", "processor.legal_name", '日'},
	} {
		t.Run(tc.field+" "+string(tc.char), func(t *testing.T) {
			r, err := lib.Resolve(library.Request{Variant: "ojoo", Sets: []string{tc.set}})
			if err != nil {
				t.Fatal(err)
			}
			g := &generate.Generator{Program: "clausemark test"}
			_, err = g.GenerateResolved(context.Background(), r, []*format.Format{pdf.Format}, generate.Origin{Source: "render"})
			var ge *pdf.GlyphError
			var de *diag.Error
			if !errors.As(err, &ge) || !errors.As(err, &de) {
				t.Fatalf("error %v, want a GlyphError in a diag.Error", err)
			}
			if ge.Field != tc.field || de.Variable != tc.field || ge.Rune != tc.char {
				t.Errorf("Field %q, Variable %q, Rune %q; want %q, %q", ge.Field, de.Variable, ge.Rune, tc.field, tc.char)
			}
			for _, want := range []string{fmt.Sprintf("variable %q", tc.field), fmt.Sprintf("%q (U+%04X)", tc.char, tc.char)} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %s", err, want)
				}
			}
		})
	}
}
