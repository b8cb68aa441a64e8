package pdf

import "time"

// PageSize is a paper size in millimetres.
type PageSize struct {
	Name          string
	Width, Height float64
}

// The page sizes.
var (
	A4     = PageSize{"A4", 210, 297}
	Letter = PageSize{"Letter", 215.9, 279.4}
)

// Info is the document's metadata and running text.
type Info struct {
	Title    string    // document title: metadata, running header
	Author   string    // the processor: metadata, and under the title
	Subject  string    // metadata
	Keywords string    // metadata
	Creator  string    // the program and its version, e.g. "clausemark v1.2.0"
	Footer   string    // right side of the footer, e.g. the template and library versions
	Date     time.Time // creation date in the metadata; zero gives a fixed date
	ID       string    // the document's id: under the page number in the footer; empty for none
}

// Config holds the renderer's settings. The zero value is not useful; start
// from [NewConfig].
type Config struct {
	Page     PageSize // paper size; default A4
	Margin   float64  // page margin in mm on every side; default 25
	BodySize float64  // body text size in points; default 10.5
	Leading  float64  // line height as a multiple of the text size; default 1.35
	Info     Info
	Fonts    *Fonts // the fonts; default LoadFonts()
	PDFA     bool   // write PDF/A-2b: an sRGB output intent and XMP metadata
}

// NewConfig returns the default configuration: A4, 25 mm margins, 10.5 pt
// text with 1.35 leading.
func NewConfig() Config {
	return Config{Page: A4, Margin: 25, BodySize: 10.5, Leading: 1.35}
}

// Option changes the configuration.
type Option func(*Config)

// WithPageSize sets the paper size.
func WithPageSize(p PageSize) Option { return func(c *Config) { c.Page = p } }

// WithInfo sets the metadata and running text.
func WithInfo(i Info) Option { return func(c *Config) { c.Info = i } }

// WithFonts shares parsed fonts between renderers.
func WithFonts(f *Fonts) Option { return func(c *Config) { c.Fonts = f } }

// WithPDFA makes the output PDF/A-2b (ISO 19005-2, level B), for archives.
func WithPDFA(on bool) Option { return func(c *Config) { c.PDFA = on } }
