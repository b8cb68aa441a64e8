package pdf

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansboldoblique"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavusansoblique"
	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifbolditalic"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Face is one of the embedded typefaces.
type Face int

// The faces: the family's four styles for text (DejaVu Serif or DejaVu
// Sans), DejaVu Sans Mono for code.
const (
	Regular Face = iota
	Bold
	Italic
	BoldItalic
	Mono
	numFaces
)

var faceNames = [numFaces]string{"DejaVu Serif", "DejaVu Serif Bold", "DejaVu Serif Italic", "DejaVu Serif Bold Italic", "DejaVu Sans Mono"}

// String names the face as the Serif family draws it.
func (f Face) String() string {
	if f < 0 || f >= numFaces {
		return fmt.Sprintf("Face(%d)", int(f))
	}
	return faceNames[f]
}

// Family is the typeface family that sets the text.
type Family int

// The families, both embedded.
const (
	Serif Family = iota // DejaVu Serif
	Sans                // DejaVu Sans
	numFamilies
)

// String names the family.
func (f Family) String() string {
	if f == Sans {
		return "DejaVu Sans"
	}
	return "DejaVu Serif"
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

// Fonts holds the embedded TrueType fonts and their metrics, each face
// parsed once, when it is first used. A Fonts is safe for concurrent use;
// share one across renderers.
type Fonts struct {
	family Family
	ttf    [numFaces][]byte
	once   [numFaces]sync.Once
	err    [numFaces]error        // why a face could not be read
	tables [numFaces]*fontProgram // the font programs, for subsetting
	glyphs [numFaces][]uint16     // glyph id per rune in the Basic Multilingual Plane
	widths [numFaces][]uint16     // advance per rune in the Basic Multilingual Plane, in 1/1000 em; 0 means no glyph
	desc   [numFaces]fontDescriptor
	cache  subsetCache
}

// fontDescriptor holds the figures of a PDF font descriptor, in 1/1000 em.
type fontDescriptor struct {
	name                       string // PostScript name
	ascent, descent, capHeight int
	bbox                       [4]int
	italicAngle                float64
	flags                      int
	stemV                      int // estimated from the OS/2 weight class, as font tools do when a font gives none
}

var fontsOnce = [numFamilies]func() (*Fonts, error){
	sync.OnceValues(func() (*Fonts, error) { return parseFonts(Serif) }),
	sync.OnceValues(func() (*Fonts, error) { return parseFonts(Sans) }),
}

// LoadFonts returns the embedded fonts of the Serif family with their
// metrics. The fonts are parsed on the first call only.
func LoadFonts() (*Fonts, error) { return fontsOnce[Serif]() }

// LoadFamily returns the embedded fonts of family f, parsed on the first
// call only.
func LoadFamily(f Family) (*Fonts, error) {
	if f < 0 || f >= numFamilies {
		return nil, fmt.Errorf("pdf: no font family %d", int(f))
	}
	return fontsOnce[f]()
}

// Family returns the family that sets the text.
func (fs *Fonts) Family() Family { return fs.family }

// parseFonts reads the regular face, which every document uses, and
// leaves the others until a document asks for them: a process that makes
// one document pays for every byte of font data it touches, in page faults.
func parseFonts(family Family) (*Fonts, error) {
	fs := &Fonts{family: family, ttf: [numFaces][]byte{dejavuserif.TTF, dejavuserifbold.TTF, dejavuserifitalic.TTF, dejavuserifbolditalic.TTF, dejavusansmono.TTF}}
	if family == Sans {
		fs.ttf = [numFaces][]byte{dejavusans.TTF, dejavusansbold.TTF, dejavusansoblique.TTF, dejavusansboldoblique.TTF, dejavusansmono.TTF}
	}
	if err := fs.load(Regular); err != nil {
		return nil, err
	}
	return fs, nil
}

// load parses face on its first use and returns why it could not be.
// The fonts are part of the binary, so a failure means a damaged build;
// the face then has no glyphs, and Output reports the error.
func (fs *Fonts) load(face Face) error {
	fs.once[face].Do(func() {
		if fs.err[face] = fs.parseFace(face); fs.err[face] != nil {
			fs.widths[face], fs.glyphs[face] = make([]uint16, 0x10000), make([]uint16, 0x10000)
		}
	})
	return fs.err[face]
}

// widthsOf returns face's widths by rune, parsing the face if need be.
func (fs *Fonts) widthsOf(face Face) []uint16 {
	fs.load(face)
	return fs.widths[face]
}

// parseFace reads one face's tables, glyphs, widths and metrics.
func (fs *Fonts) parseFace(face Face) error {
	var buf sfnt.Buffer
	f, err := sfnt.Parse(fs.ttf[face])
	if err != nil {
		return fmt.Errorf("font %s: %w", face, err)
	}
	if fs.tables[face], err = parseTTF(fs.ttf[face]); err != nil {
		return fmt.Errorf("font %s: %w", face, err)
	}
	upem := float64(f.UnitsPerEm())
	gids, err := fs.tables[face].characters()
	if err != nil {
		return fmt.Errorf("font %s: %w", face, err)
	}
	// Widths are whole thousandths of an em in the PDF; measure with
	// the same rounding so that measured and drawn text agree.
	prog := fs.tables[face]
	gw := make([]uint16, prog.numGlyphs)
	for g := range gw {
		gw[g] = uint16(max(1, math.Round(float64(prog.advance(uint16(g)))*1000/upem)))
	}
	w := make([]uint16, 0x10000)
	for r, g := range gids {
		if g == 0 || r < 0x20 || r >= 0xD800 && r < 0xE000 {
			gids[r] = 0
			continue
		}
		w[r] = gw[g]
	}
	fs.widths[face], fs.glyphs[face] = w, gids
	if fs.desc[face], err = describe(f, &buf, fs.tables[face], upem); err != nil {
		return fmt.Errorf("font %s: %w", face, err)
	}
	return nil
}

// has reports whether face can draw r.
func (fs *Fonts) has(face Face, r rune) bool {
	return r >= 0 && r < 0x10000 && fs.widthsOf(face)[r] != 0
}

// width returns the width of s in face at size points, in millimetres.
func (fs *Fonts) width(face Face, size float64, s string) float64 {
	var units int
	w := fs.widthsOf(face)
	for _, r := range s {
		if r >= 0 && r < 0x10000 {
			units += int(w[r])
		}
	}
	return float64(units) * size / 1000 * ptToMM
}

// measure returns the width of s in face at size points, in millimetres,
// and the first character the face cannot draw, or -1 if it draws them all.
func (fs *Fonts) measure(face Face, size float64, s string) (float64, rune) {
	var units int
	missing := rune(-1)
	w := fs.widthsOf(face)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf {
			units += int(w[c])
			if w[c] == 0 && missing < 0 {
				missing = rune(c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n - 1
		if r < 0x10000 && w[r] != 0 {
			units += int(w[r])
		} else if missing < 0 {
			missing = r
		}
	}
	return float64(units) * size / 1000 * ptToMM, missing
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

// describe reads the font descriptor's figures from the head, hhea, OS/2
// and post tables, scaled to 1/1000 em.
func describe(f *sfnt.Font, buf *sfnt.Buffer, t *fontProgram, upem float64) (fontDescriptor, error) {
	name, err := f.Name(buf, sfnt.NameIDPostScript)
	if err != nil {
		return fontDescriptor{}, err
	}
	head, hhea, os2, post := t.tables["head"], t.tables["hhea"], t.tables["OS/2"], t.tables["post"]
	if len(hhea) < 8 || len(os2) < 6 || len(post) < 16 {
		return fontDescriptor{}, fmt.Errorf("%w: short hhea, OS/2 or post table", errTTF)
	}
	scale := func(b []byte) int { return int(math.Round(float64(int16(binary.BigEndian.Uint16(b))) * 1000 / upem)) }
	d := fontDescriptor{
		name:        name,
		ascent:      scale(hhea[4:]),
		descent:     scale(hhea[6:]),
		bbox:        [4]int{scale(head[36:]), scale(head[38:]), scale(head[40:]), scale(head[42:])},
		italicAngle: float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536,
		stemV:       50 + int(binary.BigEndian.Uint16(os2[4:]))*int(binary.BigEndian.Uint16(os2[4:]))/(65*65),
		flags:       4, // symbolic: the font is addressed by glyph, not by a standard encoding
	}
	// The height of capitals: OS/2 has it from version 2; DejaVu's is
	// version 1, so measure the H.
	if len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		d.capHeight = scale(os2[88:])
	} else if gi, err := f.GlyphIndex(buf, 'H'); err == nil && gi != 0 {
		if bounds, _, err := f.GlyphBounds(buf, gi, fixed.Int26_6(f.UnitsPerEm()), 0); err == nil {
			d.capHeight = int(math.Round(float64(-bounds.Min.Y) * 1000 / upem))
		}
	}
	if binary.BigEndian.Uint32(post[12:]) != 0 {
		d.flags |= 1 // fixed pitch
	} else {
		d.flags |= 2 // serif
	}
	if d.italicAngle != 0 {
		d.flags |= 64
	}
	return d, nil
}
