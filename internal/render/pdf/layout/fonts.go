package layout

import (
	"fmt"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// Face is one of the fonts' faces.
type Face = pdfdoc.Face

// The faces: the family's four styles for text (DejaVu Serif or DejaVu
// Sans), DejaVu Sans Mono for code.
const (
	Regular    = pdfdoc.Regular
	Bold       = pdfdoc.Bold
	Italic     = pdfdoc.Italic
	BoldItalic = pdfdoc.BoldItalic
	Mono       = pdfdoc.Mono
)

// Fonts are the faces of a family with their metrics; see package font.
type Fonts = font.Fonts

// Family is the typeface family that sets the text.
type Family = font.Family

// The families, both embedded.
const (
	Serif = font.Serif // DejaVu Serif
	Sans  = font.Sans  // DejaVu Sans
)

// LoadFonts returns the embedded fonts of the Serif family with their
// metrics. The fonts are parsed on the first call only.
func LoadFonts() (*Fonts, error) { return font.LoadFonts() }

// LoadFamily returns the embedded fonts of family f, parsed on the first
// call only.
func LoadFamily(f Family) (*Fonts, error) { return font.LoadFamily(f) }

const ptToMM = 25.4 / 72

// textWidth returns the width of s in face at size points, in millimetres.
func textWidth(fonts *Fonts, face Face, size float64, s string) float64 {
	return float64(fonts.Width(face, s)) * size / 1000 * ptToMM
}

// measure returns the width of s in face at size points, in millimetres,
// and the first character the face cannot draw, or -1 if it draws them all.
func measure(fonts *Fonts, face Face, size float64, s string) (float64, rune) {
	units, missing := fonts.Measure(face, s)
	return float64(units) * size / 1000 * ptToMM, missing
}

// check returns an error naming the first character of s that face cannot draw.
func check(fonts *Fonts, face Face, s string) error {
	for _, r := range s {
		if !fonts.Has(face, r) {
			return glyphError(fonts, r, face, s)
		}
	}
	return nil
}

func glyphError(fonts *Fonts, r rune, face Face, text string) *GlyphError {
	return &GlyphError{Rune: r, Face: face, Font: fonts.Name(face), Text: text}
}

// GlyphError reports a character that the font cannot draw. The layout
// knows the text, not where it came from: a caller that knows the values
// the document was made from names the variable in Field, and says so
// where it prints the error (package generate wraps it in a diag.Error
// for that variable).
type GlyphError struct {
	Rune  rune
	Face  Face
	Font  string // the face's name, "DejaVu Sans Bold"
	Text  string // the word it appears in
	Field string // the variable whose value holds it, "customer.name"; empty if unknown
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("character %q (U+%04X) in %s cannot be drawn: the %s font has no glyph for it", e.Rune, e.Rune, diag.Quote(e.Text), e.Font)
}
