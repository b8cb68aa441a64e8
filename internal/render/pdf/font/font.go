// Package font holds the typefaces Clausemark sets documents in: the
// embedded DejaVu families, their metrics, and subsets of their TrueType
// programs holding only the characters a document draws. It knows nothing
// of PDF: the metrics come from golang.org/x/image/font/sfnt, in
// thousandths of an em, and a subset is a TrueType file.
//
// Call [LoadFamily] (or [LoadFonts] for the serif family) once per process
// and share the [Fonts] it returns; measure text with [Fonts.Measure], and
// cut a face down to the characters used with [Fonts.Subset].
package font

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

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

// Face is one of a family's typefaces: its four styles for text, and the
// monospaced face for code.
type Face int

// The faces: the family's four styles for text (DejaVu Serif or DejaVu
// Sans), DejaVu Sans Mono for code.
const (
	Regular Face = iota
	Bold
	Italic
	BoldItalic
	Mono
	NumFaces // the number of faces
)

var styleNames = [NumFaces]string{"Regular", "Bold", "Italic", "Bold Italic", "Mono"}

// String names the face's style, "Bold Italic"; [Fonts.Name] names the
// typeface of a family, "DejaVu Sans Bold Oblique".
func (f Face) String() string {
	if f < 0 || f >= NumFaces {
		return fmt.Sprintf("Face(%d)", int(f))
	}
	return styleNames[f]
}

// With returns the face with bold and italic added.
func (f Face) With(bold, italic bool) Face {
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

// Family is the typeface family that sets the text.
type Family int

// The families, both embedded.
const (
	Serif Family = iota // DejaVu Serif
	Sans                // DejaVu Sans

	// NumFamilies is how many families there are.
	NumFamilies Family = iota
)

// String names the family.
func (f Family) String() string {
	if f == Sans {
		return "DejaVu Sans"
	}
	return "DejaVu Serif"
}

// Fonts holds a family's embedded TrueType fonts and their metrics, each
// face parsed once, when it is first used. A Fonts is safe for concurrent
// use; share one across documents.
type Fonts struct {
	family Family
	ttf    [NumFaces][]byte
	once   [NumFaces]sync.Once
	err    [NumFaces]error // why a face could not be read
	faces  [NumFaces]*parsed
	cache  subsetCache
}

// parsed is a face read.
type parsed struct {
	prog   *program // the font program, for subsetting
	glyphs []uint16 // glyph id per rune in the Basic Multilingual Plane
	widths []uint16 // advance per rune in the Basic Multilingual Plane, in 1/1000 em; 0 means no glyph
	name   string   // full name, "DejaVu Serif Bold"
	desc   Metrics
}

var fontsOnce = [NumFamilies]func() (*Fonts, error){
	sync.OnceValues(func() (*Fonts, error) { return Parse(Serif) }),
	sync.OnceValues(func() (*Fonts, error) { return Parse(Sans) }),
}

// LoadFonts returns the embedded fonts of the Serif family with their
// metrics. The fonts are parsed on the first call only.
func LoadFonts() (*Fonts, error) { return fontsOnce[Serif]() }

// LoadFamily returns the embedded fonts of family f, parsed on the first
// call only.
func LoadFamily(f Family) (*Fonts, error) {
	if f < 0 || f >= NumFamilies {
		return nil, fmt.Errorf("pdf: no font family %d", int(f))
	}
	return fontsOnce[f]()
}

// Parse returns the fonts of family f, parsed now and not shared: each
// call has its own subset cache. [LoadFamily] shares one per process.
//
// It reads the regular face, which every document uses, and leaves the
// others until a document asks for them: a process that makes one
// document pays for every byte of font data it touches, in page faults.
func Parse(family Family) (*Fonts, error) {
	if family < 0 || family >= NumFamilies {
		return nil, fmt.Errorf("pdf: no font family %d", int(family))
	}
	fs := &Fonts{family: family, ttf: [NumFaces][]byte{dejavuserif.TTF, dejavuserifbold.TTF, dejavuserifitalic.TTF, dejavuserifbolditalic.TTF, dejavusansmono.TTF}}
	if family == Sans {
		fs.ttf = [NumFaces][]byte{dejavusans.TTF, dejavusansbold.TTF, dejavusansoblique.TTF, dejavusansboldoblique.TTF, dejavusansmono.TTF}
	}
	if err := fs.Load(Regular); err != nil {
		return nil, err
	}
	return fs, nil
}

// Family returns the family that sets the text.
func (fs *Fonts) Family() Family { return fs.family }

// TTF returns face's TrueType program as embedded, whole.
func (fs *Fonts) TTF(face Face) []byte { return fs.ttf[face] }

// Name returns the face's full name, "DejaVu Sans Bold Oblique", as its
// font names itself.
func (fs *Fonts) Name(face Face) string {
	if fs.Load(face) != nil {
		return fs.family.String() + " " + face.String()
	}
	return fs.faces[face].name
}

// Load parses face on its first use and returns why it could not be.
// The fonts are part of the binary, so a failure means a damaged build;
// the face then has no glyphs, and subsetting it reports the error.
func (fs *Fonts) Load(face Face) error {
	fs.once[face].Do(func() {
		if fs.faces[face], fs.err[face] = parse(fs.ttf[face]); fs.err[face] != nil {
			fs.err[face] = fmt.Errorf("font %s %s: %w", fs.family, face, fs.err[face])
			fs.faces[face] = &parsed{widths: make([]uint16, 0x10000), glyphs: make([]uint16, 0x10000)}
		}
	})
	return fs.err[face]
}

// widthsOf returns face's widths by rune, parsing the face if need be.
func (fs *Fonts) widthsOf(face Face) []uint16 {
	fs.Load(face)
	return fs.faces[face].widths
}

// ParseError is a font program that sfnt could not read without failing
// inside: golang.org/x/image/font/sfnt indexes some tables (GPOS lookups)
// without checking their lengths, so a damaged program panics there.
type ParseError struct {
	Panic any // what sfnt panicked with
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("font program damaged: its tables point outside it (%v)", e.Panic)
}

// parse reads a face's glyphs and widths, through sfnt, its descriptive
// metrics, and the tables its subsets are cut from. A panic inside sfnt on
// a damaged program is returned as a *ParseError.
func parse(ttf []byte) (p *parsed, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &ParseError{Panic: r}
		}
	}()
	return parseFont(ttf)
}

func parseFont(ttf []byte) (*parsed, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	p := &parsed{}
	if p.prog, err = parseProgram(ttf); err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm())
	// Widths are whole thousandths of an em, as a PDF writes them;
	// measuring with the same rounding makes measured and drawn text agree.
	p.glyphs, p.widths = make([]uint16, 0x10000), make([]uint16, 0x10000)
	// Only characters from space to U+FFFE outside the surrogates; of
	// them, only those in the ranges the cmap maps, where it can say.
	ranges, ok := cmapRanges(p.prog.tables["cmap"])
	if !ok {
		ranges = []cmapRange{{0, 0xFFFF}}
	}
	for _, rg := range ranges {
		for r := max(rg.first, 0x20); r <= min(rg.last, 0xFFFE); r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			g, err := f.GlyphIndex(&buf, r)
			if err != nil || g == 0 || int(g) >= p.prog.numGlyphs {
				continue
			}
			// At a size of one font unit to the 26.6 unit, the advance is
			// in font units.
			adv, err := f.GlyphAdvance(&buf, g, upem, 0)
			if err != nil {
				return nil, fmt.Errorf("glyph %d: %w", g, err)
			}
			p.glyphs[r], p.widths[r] = uint16(g), uint16(min(math.MaxUint16, max(1, math.Round(float64(adv)*1000/float64(upem)))))
		}
	}
	if p.name, err = f.Name(&buf, sfnt.NameIDFull); err != nil {
		return nil, err
	}
	if p.desc, err = describe(f, &buf, p.prog); err != nil {
		return nil, err
	}
	return p, nil
}

// Metrics returns the figures of face that describe it to a reader that
// does not open its program.
func (fs *Fonts) Metrics(face Face) Metrics {
	fs.Load(face)
	return fs.faces[face].desc
}

// Has reports whether face can draw r.
func (fs *Fonts) Has(face Face, r rune) bool {
	return r >= 0 && r < 0x10000 && fs.widthsOf(face)[r] != 0
}

// Width returns the advance of s in face, in thousandths of an em.
func (fs *Fonts) Width(face Face, s string) int {
	var units int
	w := fs.widthsOf(face)
	for _, r := range s {
		if r >= 0 && r < 0x10000 {
			units += int(w[r])
		}
	}
	return units
}

// Measure returns the advance of s in face, in thousandths of an em, and
// the first character the face cannot draw, or -1 if it draws them all.
func (fs *Fonts) Measure(face Face, s string) (int, rune) {
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
	return units, missing
}

// Metrics are the figures that describe a face, in thousandths of an em.
type Metrics struct {
	PostScriptName             string
	Ascent, Descent, CapHeight int    // Descent is negative, below the baseline
	BBox                       [4]int // the union of the glyphs' boxes: left, bottom, right, top
	ItalicAngle                float64
	FixedPitch                 bool // every glyph has the same advance
	Serif                      bool // the glyphs have serifs, by the face's PANOSE classification
	// StemV is the thickness of vertical stems, estimated from the OS/2
	// weight class, as font tools do when a font gives none.
	StemV int
}

// describe reads a face's metrics: through sfnt, and the weight class and
// PANOSE classification from its OS/2 table, which sfnt does not read.
func describe(f *sfnt.Font, buf *sfnt.Buffer, p *program) (Metrics, error) {
	name, err := f.Name(buf, sfnt.NameIDPostScript)
	if err != nil {
		return Metrics{}, err
	}
	upem := fixed.Int26_6(f.UnitsPerEm())
	scale := func(v fixed.Int26_6) int { return int(math.Round(float64(v) * 1000 / float64(upem))) }
	m, err := f.Metrics(buf, upem, 0)
	if err != nil {
		return Metrics{}, err
	}
	b, err := f.Bounds(buf, upem, 0)
	if err != nil {
		return Metrics{}, err
	}
	post, os2 := f.PostTable(), p.tables["OS/2"]
	if post == nil || len(os2) < 42 {
		return Metrics{}, fmt.Errorf("%w: no post table or a short OS/2 table", errTTF)
	}
	weight := int(binary.BigEndian.Uint16(os2[4:]))
	// sfnt measures the capitals of a font whose OS/2 table is older than
	// version 2 (DejaVu's) on the glyph H, with y growing downwards: a
	// height above the baseline comes out negative.
	abs := func(v int) int { return max(v, -v) }
	// PANOSE, from byte 32: family kind 2 is Latin text, whose serif
	// style (the next byte) from 11 on means sans serif; 0 and 1 say
	// nothing.
	panose := os2[32:42]
	return Metrics{
		PostScriptName: name,
		Ascent:         scale(m.Ascent),
		Descent:        -scale(m.Descent),
		CapHeight:      abs(scale(m.CapHeight)),
		BBox:           [4]int{scale(b.Min.X), -scale(b.Max.Y), scale(b.Max.X), -scale(b.Min.Y)},
		ItalicAngle:    post.ItalicAngle,
		FixedPitch:     post.IsFixedPitch,
		Serif:          panose[0] == 2 && panose[1] >= 2 && panose[1] <= 10,
		StemV:          50 + weight*weight/(65*65),
	}, nil
}
