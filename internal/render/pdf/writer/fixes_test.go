package writer

import (
	"bytes"
	"image"
	"image/jpeg"
	"regexp"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// write draws a page of text in face on a writer set up by s, then what
// draw draws, and returns the file.
func write(t testing.TB, s pdfdoc.Setup, face font.Face, draw func(d *Writer)) []byte {
	t.Helper()
	if s.Fonts == nil {
		fonts, err := font.LoadFonts()
		if err != nil {
			t.Fatal(err)
		}
		s.Fonts = fonts
	}
	if s.Page.Width == 0 {
		s.Page = pdfdoc.A4
	}
	d := newWriter(s)
	d.AddPage()
	d.SetFont(face, 10)
	d.Text(20, 20, "Text")
	if draw != nil {
		draw(d)
	}
	var b bytes.Buffer
	if err := d.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// validate reads data with pdfcpu's strict validation.
func validate(data []byte) (*model.Context, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	return api.ReadAndValidate(bytes.NewReader(data), conf)
}

func jpegOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestJPEGPassedThrough checks that a JPEG is embedded as it is, for
// DCTDecode, in colour and in grey, also in PDF/A: not decoded and
// compressed again, which made a photo up to three bytes a pixel.
func TestJPEGPassedThrough(t *testing.T) {
	rgb := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range rgb.Pix {
		rgb.Pix[i] = byte(i * 7)
	}
	gray := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range gray.Pix {
		gray.Pix[i] = byte(i)
	}
	for _, tc := range []struct {
		name  string
		img   image.Image
		space string
		pdfa  bool
	}{
		{"colour", rgb, "DeviceRGB", false},
		{"grey", gray, "DeviceGray", false},
		{"colour in PDF/A", rgb, "DeviceRGB", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := jpegOf(t, tc.img)
			img, err := pdfdoc.NewImage(file)
			if err != nil {
				t.Fatal(err)
			}
			data := write(t, pdfdoc.Setup{PDFA: tc.pdfa}, font.Regular, func(d *Writer) { d.Image(20, 30, 40, 30, img) })
			ctx, err := validate(data)
			if err != nil {
				t.Fatalf("pdfcpu: %v", err)
			}
			found := false
			for _, e := range ctx.XRefTable.Table {
				sd, ok := e.Object.(types.StreamDict)
				if !ok || sd.Dict.NameEntry("Subtype") == nil || *sd.Dict.NameEntry("Subtype") != "Image" {
					continue
				}
				found = true
				if f := sd.Dict.NameEntry("Filter"); f == nil || *f != "DCTDecode" {
					t.Errorf("filter %v, want DCTDecode", f)
				}
				if cs := sd.Dict.NameEntry("ColorSpace"); cs == nil || *cs != tc.space {
					t.Errorf("colour space %v, want %s", cs, tc.space)
				}
				if !bytes.Equal(sd.Raw, file) {
					t.Errorf("the stream is %d bytes, not the JPEG file's %d", len(sd.Raw), len(file))
				}
			}
			if !found {
				t.Fatal("no image in the file")
			}
		})
	}
}

// TestFontFlags checks the font descriptors' flags: serif only for the
// faces with serifs, fixed pitch for the monospaced one, italic for the
// slanted ones; all symbolic.
func TestFontFlags(t *testing.T) {
	for _, tc := range []struct {
		family font.Family
		face   font.Face
		want   int
	}{
		{font.Serif, font.Regular, flagSymbolic | flagSerif},
		{font.Serif, font.Italic, flagSymbolic | flagSerif | flagItalic},
		{font.Sans, font.Regular, flagSymbolic},
		{font.Sans, font.BoldItalic, flagSymbolic | flagItalic},
		{font.Sans, font.Mono, flagSymbolic | flagFixedPitch},
	} {
		fonts, err := font.LoadFamily(tc.family)
		if err != nil {
			t.Fatal(err)
		}
		data := write(t, pdfdoc.Setup{Fonts: fonts}, tc.face, nil)
		m := regexp.MustCompile(`/Type /FontDescriptor /FontName /\w+\+(\S+) /Flags (\d+) `).FindSubmatch(data)
		if m == nil {
			t.Fatalf("%v %v: no font descriptor", tc.family, tc.face)
		}
		if got := string(m[2]); got != strconv.Itoa(tc.want) {
			t.Errorf("%s: flags %s, want %d", m[1], got, tc.want)
		}
	}
}

func TestURIASCII(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/a?b=c&d=%20", "https://example.com/a?b=c&d=%20"},
		{"https://example.com/ä b", "https://example.com/%C3%A4%20b"},
		{"mailto:jürgen@exämple.de", "mailto:j%C3%BCrgen@ex%C3%A4mple.de"},
		{"https://x/\x7f\t\n", "https://x/%7F%09%0A"},
		{"https://x/(a)\\", "https://x/(a)\\"}, // escaped as a literal, not here
		{"", ""},
	} {
		if got := uriASCII(tc.in); got != tc.want {
			t.Errorf("uriASCII(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	data := write(t, pdfdoc.Setup{}, font.Regular, func(d *Writer) { d.LinkString(20, 20, 10, 5, "https://exämple.com/a b") })
	if !bytes.Contains(data, []byte("/URI (https://ex%C3%A4mple.com/a%20b)")) {
		t.Errorf("the link's URI is not percent-encoded: %q", regexp.MustCompile(`/URI \([^)]*\)`).Find(data))
	}
}

// TestLang checks the catalog's /Lang: the document's language, English
// unless Info names another.
func TestLang(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{{"", "/Lang (en)"}, {"de", "/Lang (de)"}, {"en-GB", "/Lang (en-GB)"}} {
		data := write(t, pdfdoc.Setup{Info: pdfdoc.Info{Lang: tc.lang}}, font.Regular, nil)
		if !bytes.Contains(data, []byte(tc.want)) {
			t.Errorf("Lang %q: no %q in the catalog", tc.lang, tc.want)
		}
		if _, err := validate(data); err != nil {
			t.Errorf("Lang %q: pdfcpu: %v", tc.lang, err)
		}
	}
}
