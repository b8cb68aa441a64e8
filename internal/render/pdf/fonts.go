package pdf

import (
	"fmt"
	"math"
	"sync"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifbolditalic"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Face is one of the embedded typefaces.
type Face int

// The faces: DejaVu Serif in four styles for text, DejaVu Sans Mono for code.
const (
	Regular Face = iota
	Bold
	Italic
	BoldItalic
	Mono
	numFaces
)

var faceNames = [numFaces]string{"DejaVu Serif", "DejaVu Serif Bold", "DejaVu Serif Italic", "DejaVu Serif Bold Italic", "DejaVu Sans Mono"}

// String names the face.
func (f Face) String() string {
	if f < 0 || f >= numFaces {
		return fmt.Sprintf("Face(%d)", int(f))
	}
	return faceNames[f]
}

// with returns the face with bold and italic added.
func (f Face) with(bold, italic bool) Face {
	if f == Mono {
		return Mono
	}
	b := bold || f == Bold || f == BoldItalic
	i := italic || f == Italic || f == BoldItalic
	switch {
	case b && i:
		return BoldItalic
	case b:
		return Bold
	case i:
		return Italic
	}
	return Regular
}

// Fonts holds the embedded TrueType fonts and their metrics, parsed once.
// A Fonts is safe for concurrent use; share one across renderers.
type Fonts struct {
	ttf    [numFaces][]byte
	widths [numFaces][]uint16 // advance per rune in the Basic Multilingual Plane, in 1/1000 em; 0 means no glyph
	ascent [numFaces]float64  // in 1/1000 em
}

var fontsOnce = sync.OnceValues(parseFonts)

// LoadFonts returns the embedded fonts with their metrics. The fonts are
// parsed on the first call only.
func LoadFonts() (*Fonts, error) { return fontsOnce() }

func parseFonts() (*Fonts, error) {
	fs := &Fonts{ttf: [numFaces][]byte{dejavuserif.TTF, dejavuserifbold.TTF, dejavuserifitalic.TTF, dejavuserifbolditalic.TTF, dejavusansmono.TTF}}
	var buf sfnt.Buffer
	for face := range numFaces {
		f, err := sfnt.Parse(fs.ttf[face])
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", face, err)
		}
		upem := float64(f.UnitsPerEm())
		ppem := fixed.Int26_6(f.UnitsPerEm())
		w := make([]uint16, 0x10000)
		for r := rune(0x20); r < 0x10000; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				continue
			}
			adv, err := f.GlyphAdvance(&buf, gi, ppem, 0)
			if err != nil {
				continue
			}
			// fpdf rounds widths to whole thousandths of an em; do the same so
			// that measured and drawn text agree.
			w[r] = uint16(max(1, math.Round(float64(adv)*1000/upem)))
		}
		fs.widths[face] = w
		m, err := f.Metrics(&buf, ppem, 0)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", face, err)
		}
		fs.ascent[face] = float64(m.Ascent) * 1000 / upem
	}
	return fs, nil
}

// has reports whether face can draw r.
func (fs *Fonts) has(face Face, r rune) bool {
	return r >= 0 && r < 0x10000 && fs.widths[face][r] != 0
}

// width returns the width of s in face at size points, in millimetres.
func (fs *Fonts) width(face Face, size float64, s string) float64 {
	var units int
	w := fs.widths[face]
	for _, r := range s {
		if r >= 0 && r < 0x10000 {
			units += int(w[r])
		}
	}
	return float64(units) * size / 1000 * ptToMM
}

// check returns an error naming the first character of s that face cannot draw.
func (fs *Fonts) check(face Face, s string) error {
	for _, r := range s {
		if !fs.has(face, r) {
			return &GlyphError{Rune: r, Face: face, Text: s}
		}
	}
	return nil
}

// GlyphError reports a character that the font cannot draw.
type GlyphError struct {
	Rune rune
	Face Face
	Text string // the word it appears in
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("character %q (U+%04X) in %s cannot be drawn: the %s font has no glyph for it", e.Rune, e.Rune, diag.Quote(e.Text), e.Face)
}

const ptToMM = 25.4 / 72
