package docx

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // the logo may be a JPEG
	_ "image/png"  // or a PNG
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/document"
)

// The house's page style, as the PDF sets it: the same family, text size
// and margins, a table of contents where the style asks for one, and the
// logo above the title.

// A family is a typeface family the document names, with what Word needs
// to find a stand-in where it is not installed: its generic family, pitch
// and PANOSE classification (fontTable.xml).
type family struct {
	name, generic, pitch, panose string
}

// The families of the PDF's embedded fonts. The PDF embeds them; a Word
// document names them, and Word or LibreOffice sets the text in them where
// they are installed, or in the closest serif, sans or monospaced face.
var (
	serif = family{name: "DejaVu Serif", generic: "roman", pitch: "variable", panose: "02060603050605020204"}
	sans  = family{name: "DejaVu Sans", generic: "swiss", pitch: "variable", panose: "020B0603030804020204"}
	mono  = family{name: "DejaVu Sans Mono", generic: "modern", pitch: "fixed", panose: "020B0609030804020204"}
)

// The PDF's defaults: DejaVu Serif at 10.5 pt, 25 mm margins.
const (
	defaultSize   = 10.5
	defaultMargin = 25.0 // mm
	// Logo bounds, as in the PDF: at most 50 mm wide and 20 mm high, at
	// 150 pixels to the inch where it is smaller.
	logoW, logoH   = 50.0, 20.0
	logoResolution = 150.0
)

// house is the page style a document is set in.
type house struct {
	text    family
	size    float64          // body text size in points
	margins document.Margins // in mm
	logo    *logo            // nil for none
	// noHyphens is the style's hyphenate: false: justified text breaks
	// no word at a line's end, as in the PDF; otherwise Word and
	// LibreOffice hyphenate as the PDF does.
	noHyphens bool
	place     string // the label of the line for the place of signing; "" for none
}

// logo is the house's logo: its bytes, its kind and its size on the page.
type logo struct {
	data          []byte
	ext           string // "png" or "jpeg": the part's extension
	width, height int    // in EMU
}

// LogoError reports a logo that cannot go into the document.
type LogoError struct{ Err error }

func (e *LogoError) Error() string { return "logo: " + e.Err.Error() }

func (e *LogoError) Unwrap() error { return e.Err }

// houseOf returns the page style st declares, the defaults where it says
// nothing.
func houseOf(st *document.Style) (house, error) {
	h := house{text: serif, size: defaultSize, margins: document.Margins{Top: defaultMargin, Right: defaultMargin, Bottom: defaultMargin, Left: defaultMargin}}
	if st == nil {
		return h, nil
	}
	if st.Font == "sans" {
		h.text = sans
	}
	h.noHyphens, h.place = st.NoHyphenation, st.SignaturePlace
	if st.Size > 0 {
		h.size = st.Size
	}
	if m := st.Margins; m != nil {
		h.margins = *m
	}
	if len(st.Logo) > 0 {
		l, err := newLogo(st.Logo)
		if err != nil {
			return h, &LogoError{Err: err}
		}
		h.logo = l
	}
	return h, nil
}

// newLogo reads a logo's kind and size: a PNG or JPEG at 150 pixels to the
// inch, scaled down to fit the logo's bounds.
func newLogo(data []byte) (*logo, error) {
	cfg, kind, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || kind != "png" && kind != "jpeg" {
		return nil, errNotImage
	}
	if cfg.Width < 1 || cfg.Height < 1 {
		return nil, errNotImage
	}
	const mmPerPixel = 25.4 / logoResolution
	w, h := float64(cfg.Width)*mmPerPixel, float64(cfg.Height)*mmPerPixel
	if k := min(1, logoW/w, logoH/h); k < 1 {
		w, h = w*k, h*k
	}
	return &logo{data: data, ext: kind, width: emu(w), height: emu(h)}, nil
}

var errNotImage = errors.New("not a PNG or JPEG image")

// emu converts millimetres to English Metric Units, DrawingML's measure.
func emu(mm float64) int { return int(math.Round(mm * 36000)) }

// halfPoints is a size in points as WordprocessingML writes it.
func halfPoints(pt float64) string { return strconv.Itoa(int(math.Round(pt * 2))) }

// stylesKey is what the styles part depends on.
type stylesKey struct {
	font      string
	size      float64
	width     int
	noHyphens bool
}

// stylesParts keeps the styles part of each style met, compressed once: a
// process renders documents of a few styles.
var stylesParts = struct {
	sync.Mutex
	m map[stylesKey]*deflated
}{m: map[stylesKey]*deflated{}}

// maxStylesParts bounds the styles parts kept.
const maxStylesParts = 64

// styles returns the styles part for the house style and a text width
// in twips: parts/styles.xml with the family, the text size, and the tab
// stops and indents that depend on the width.
func (h house) styles(width int) *deflated {
	k := stylesKey{font: h.text.name, size: h.size, width: width, noHyphens: h.noHyphens}
	stylesParts.Lock()
	defer stylesParts.Unlock()
	if d, ok := stylesParts.m[k]; ok {
		return d
	}
	r := strings.NewReplacer(
		"{{font}}", h.text.name,
		"{{size}}", halfPoints(h.size),
		"{{width}}", strconv.Itoa(width),
		"{{quarter}}", strconv.Itoa(width/4),
		"{{rule}}", strconv.Itoa(width*3/10),
		"{{hyphens}}", map[bool]string{true: "<w:suppressAutoHyphens/>"}[h.noHyphens],
	)
	d := deflate([]byte(r.Replace(string(stylesXML))))
	if len(stylesParts.m) < maxStylesParts {
		stylesParts.m[k] = d
	}
	return d
}

// fontTable names the document's families with what Word needs to choose
// a stand-in for one that is not installed.
func (h house) fontTable() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<w:fonts ` + nsW + `>`)
	for _, f := range []family{h.text, mono} {
		b.WriteString(`<w:font w:name="` + f.name + `"><w:panose1 w:val="` + f.panose + `"/><w:charset w:val="00"/>`)
		b.WriteString(`<w:family w:val="` + f.generic + `"/><w:pitch w:val="` + f.pitch + `"/></w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.Bytes()
}
