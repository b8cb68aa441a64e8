package library

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestStyles checks the shipped templates' page styles.
func TestStyles(t *testing.T) {
	lib, err := Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	full, concise := lib.Templates["dpa-full"].Style, lib.Templates["dpa-concise"].Style
	if full.Lists != "legal" || full.Paragraphs != "numbered" || !full.Contents || full.Font != "serif" {
		t.Errorf("dpa-full style %+v", full)
	}
	if full.Language != "en" || concise.Language != "en" {
		t.Errorf("languages %q and %q, want en", full.Language, concise.Language)
	}
	if concise.Font != "sans" || concise.Margins == nil || concise.Margins.Left != 22 || concise.Contents {
		t.Errorf("dpa-concise style %+v", concise)
	}
}

// TestStyleErrors checks that each bad value of a style is reported at the
// style's line, naming the field and what is wanted, all at once; and that
// a logo is read from the library.
func TestStyleErrors(t *testing.T) {
	var logo bytes.Buffer
	if err := png.Encode(&logo, image.NewGray(image.Rect(0, 0, 40, 10))); err != nil {
		t.Fatal(err)
	}
	huge := new(bytes.Buffer)
	if err := png.Encode(huge, image.NewGray(image.Rect(0, 0, 5000, 1))); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, style string
		want        []string // one problem each, as "style.field: text"
	}{
		{"good", "style:\n  font: sans\n  size: 11\n  logo: templates/assets/logo.png\n", nil},
		{"font", "style:\n  font: comic\n", []string{"style.font", `want serif or sans`}},
		{"size", "style:\n  size: 40\n", []string{"style.size", "from 7 to 16 points, got 40"}},
		{"margins", "style:\n  margins: {top: 5, right: 25, bottom: 25, left: 70}\n", []string{"style.margins.top", "style.margins.left", "from 10 to 60 mm"}},
		{"lists", "style:\n  lists: roman\n", []string{"style.lists", `got "roman"`}},
		{"paragraphs", "style:\n  paragraphs: all\n", []string{"style.paragraphs"}},
		{"language", "style:\n  language: english!\n", []string{"style.language", "BCP 47"}},
		{"signature place", "style:\n  signature_place: \"" + strings.Repeat("Ort ", 20) + "\"\n", []string{"style.signature_place", "at most 60 characters"}},
		{"logo missing", "style:\n  logo: templates/assets/none.png\n", []string{"style.logo", "does not exist"}},
		{"logo outside", "style:\n  logo: ../logo.png\n", []string{"style.logo", "inside the library"}},
		{"logo not an image", "style:\n  logo: templates/library.yaml\n", []string{"style.logo", "PNG or JPEG"}},
		{"logo too large", "style:\n  logo: templates/assets/huge.png\n", []string{"style.logo", "5000×1 pixels"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			m["templates/assets/logo.png"] = &fstest.MapFile{Data: logo.Bytes()}
			m["templates/assets/huge.png"] = &fstest.MapFile{Data: huge.Bytes()}
			f := "templates/documents/dpa-concise.yaml"
			src := string(m[f].Data)
			i := strings.Index(src, "style:")
			j := strings.Index(src, "parts:")
			m[f] = &fstest.MapFile{Data: []byte(src[:i] + tc.style + src[j:])}
			line := strings.Count(src[:i], "\n") + 1
			lib, err := Load(m)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if st := lib.Templates["dpa-concise"].Style; st.Font != "sans" || len(st.LogoData) != logo.Len() {
					t.Errorf("style %+v", st)
				}
				return
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Load: %v, want a diag.List", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			for _, e := range list {
				if e.File == f && e.Line != line {
					t.Errorf("%v at line %d, want the style's line %d", e, e.Line, line)
				}
			}
		})
	}
}

// TestStyleHyphenationAndPlace reads hyphenate: false and signature_place,
// and their defaults: hyphenated text, no place line.
func TestStyleHyphenationAndPlace(t *testing.T) {
	for _, tc := range []struct {
		name, style string
		noHyphens   bool
		place       string
	}{
		{"defaults", "style:\n  font: sans\n", false, ""},
		{"hyphenate true", "style:\n  hyphenate: true\n", false, ""},
		{"hyphenate false", "style:\n  hyphenate: false\n", true, ""},
		{"place", "style:\n  signature_place: \"Ort, Datum\"\n", false, "Ort, Datum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			f := "templates/documents/dpa-concise.yaml"
			src := string(m[f].Data)
			i, j := strings.Index(src, "style:"), strings.Index(src, "parts:")
			m[f] = &fstest.MapFile{Data: []byte(src[:i] + tc.style + src[j:])}
			lib, err := Load(m)
			if err != nil {
				t.Fatal(err)
			}
			st := lib.Templates["dpa-concise"].Style
			if st.NoHyphenation != tc.noHyphens || st.SignaturePlace != tc.place {
				t.Errorf("NoHyphenation %v, SignaturePlace %q; want %v, %q", st.NoHyphenation, st.SignaturePlace, tc.noHyphens, tc.place)
			}
		})
	}
}
