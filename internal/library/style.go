package library

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/clausemark/clausemark/internal/diag"
)

// Style is a house's page style, set by the style: block of a document
// template. The zero value is the renderer's default: DejaVu Serif,
// 25 mm margins, bullets, plain paragraphs, no table of contents, no logo,
// hyphenated justified text, no place line in the signature block.
type Style struct {
	Font       string   // "serif" or "sans": which embedded family sets the text
	Size       float64  // body text size in points; 0 for the default
	Margins    *Margins // page margins in millimetres; nil for the default
	Lists      string   // "legal": (a), (b) and (i), (ii); "bullets"
	Paragraphs string   // "numbered": (1), (2) within a numbered part; "plain"
	Contents   bool     // a table of contents after the title block
	Logo       string   // image file in the library, drawn above the title
	LogoData   []byte   // the logo's bytes, read when the library loads
	// NoHyphenation is hyphenate: false: justified text breaks no word at
	// a line's end.
	NoHyphenation bool
	// SignaturePlace is the label of a line for the place of signing
	// above each party's signature lines ("Ort, Datum", as German
	// practice has it); empty for none.
	SignaturePlace string
	// Language is the BCP 47 tag of the language the documents are
	// written in ("en", "de"), which a tagged PDF declares for screen
	// readers; empty for English.
	Language string
}

// Margins are page margins in millimetres.
type Margins struct {
	Top    float64 `yaml:"top"`
	Right  float64 `yaml:"right"`
	Bottom float64 `yaml:"bottom"`
	Left   float64 `yaml:"left"`
}

type rawStyle struct {
	Font       string   `yaml:"font"`
	Size       float64  `yaml:"size"`
	Margins    *Margins `yaml:"margins"`
	Lists      string   `yaml:"lists"`
	Paragraphs string   `yaml:"paragraphs"`
	Contents   bool     `yaml:"contents"`
	Logo       string   `yaml:"logo"`
	Hyphenate  *bool    `yaml:"hyphenate"`
	Place      string   `yaml:"signature_place"`
	Language   string   `yaml:"language"`
}

// The bounds of a style's figures: text from 7 to 16 points, margins from
// 10 to 60 mm (an A4 or Letter page keeps a column of at least 90 mm), and
// a logo of at most 2 MiB and 4096 pixels a side.
const (
	minTextSize, maxTextSize = 7, 16
	minMargin, maxMargin     = 10, 60
	maxLogoBytes             = 2 << 20
	maxLogoSide              = 4096
	maxPlaceLabel            = 60 // characters of a signature_place label
)

// parseStyle checks a template's style: block, at line, and reads its logo
// from fsys.
func parseStyle(fsys fs.FS, file string, line int, raw *rawStyle) (*Style, error) {
	if raw == nil {
		return &Style{}, nil
	}
	var errs diag.List
	bad := func(field, format string, args ...any) {
		errs.Add(diag.Errorf(file, line, 1, "style."+field, format, args...))
	}
	st := &Style{Font: raw.Font, Size: raw.Size, Margins: raw.Margins, Lists: raw.Lists, Paragraphs: raw.Paragraphs, Contents: raw.Contents, Logo: raw.Logo,
		NoHyphenation: raw.Hyphenate != nil && !*raw.Hyphenate, SignaturePlace: strings.TrimSpace(raw.Place), Language: raw.Language}
	if raw.Language != "" {
		if tag, err := language.Parse(raw.Language); err != nil {
			bad("language", "want a BCP 47 language tag, such as en or de-CH, got %q", raw.Language)
		} else {
			st.Language = tag.String()
		}
	}
	if p := st.SignaturePlace; strings.ContainsAny(p, "\r\n") || utf8.RuneCountInString(p) > maxPlaceLabel {
		bad("signature_place", "want the label of one line, at most %d characters, such as \"Place, date\"", maxPlaceLabel)
	}
	switch raw.Font {
	case "", "serif", "sans":
	default:
		bad("font", "want serif or sans (DejaVu Serif or DejaVu Sans, both embedded), got %q", raw.Font)
	}
	if raw.Size != 0 && (raw.Size < minTextSize || raw.Size > maxTextSize) {
		bad("size", "want a text size from %d to %d points, got %g", minTextSize, maxTextSize, raw.Size)
	}
	if m := raw.Margins; m != nil {
		for _, side := range []struct {
			name string
			v    float64
		}{{"top", m.Top}, {"right", m.Right}, {"bottom", m.Bottom}, {"left", m.Left}} {
			if side.v < minMargin || side.v > maxMargin {
				bad("margins."+side.name, "want a margin from %d to %d mm, got %g", minMargin, maxMargin, side.v)
			}
		}
	}
	switch raw.Lists {
	case "", "legal", "bullets":
	default:
		bad("lists", "want legal ((a), (b), then (i), (ii)) or bullets, got %q", raw.Lists)
	}
	switch raw.Paragraphs {
	case "", "numbered", "plain":
	default:
		bad("paragraphs", "want numbered or plain, got %q", raw.Paragraphs)
	}
	if raw.Logo != "" {
		data, err := readLogo(fsys, raw.Logo)
		if err != nil {
			bad("logo", "%v", err)
		}
		st.LogoData = data
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return st, nil
}

// readLogo reads a PNG or JPEG image from the library, refusing paths that
// leave it, files over maxLogoBytes and images over maxLogoSide pixels.
func readLogo(fsys fs.FS, name string) ([]byte, error) {
	clean := path.Clean(name)
	if !fs.ValidPath(clean) || strings.HasPrefix(name, "/") {
		return nil, fmt.Errorf("%q: want a path inside the library, such as templates/assets/logo.png", name)
	}
	f, err := fsys.Open(clean)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", name, err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, maxLogoBytes+1)); err != nil {
		return nil, fmt.Errorf("%q: %w", name, err)
	}
	if buf.Len() > maxLogoBytes {
		return nil, fmt.Errorf("%q: larger than %d MiB", name, maxLogoBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(buf.Bytes()))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, fmt.Errorf("%q: want a PNG or JPEG image", name)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxLogoSide || cfg.Height > maxLogoSide {
		return nil, fmt.Errorf("%q: %d×%d pixels, want at most %d a side", name, cfg.Width, cfg.Height, maxLogoSide)
	}
	return buf.Bytes(), nil
}
