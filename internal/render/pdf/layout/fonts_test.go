package layout

import "testing"

// TestScripts checks the scripts docs/lawyer.md says the embedded fonts
// cover, on their character maps: every letter of each sample in all four
// text faces of both families, or, for the scripts they do not cover, in
// none of the Serif faces nor the Sans ones used for names (Regular and
// Bold). DejaVu Sans has Hebrew and Arabic letters, but the layout sets
// text left to right without shaping, so those scripts are not listed.
func TestScripts(t *testing.T) {
	for _, tc := range []struct {
		script, sample string
		covered        bool
	}{
		{"Latin, with Vietnamese", "AÆzßẞĀŁőřŽșțạầẫệ", true},
		{"Greek", "ΑΩαωάϊ", true},
		{"Cyrillic", "АЯаяЁёЇїҐґ", true},
		{"Armenian", "ԱՖաֆ", true},
		{"Georgian", "აჰ", true},
		{"Devanagari (Hindi)", "कगहि", false},
		{"Chinese and Japanese kanji", "株日本", false},
		{"Japanese kana", "あアグ", false},
		{"Korean", "가한", false},
		{"Thai", "กข", false},
	} {
		for _, fam := range []Family{Serif, Sans} {
			fonts, err := LoadFamily(fam)
			if err != nil {
				t.Fatal(err)
			}
			for face := Regular; face <= BoldItalic; face++ {
				for _, r := range tc.sample {
					if has := fonts.Has(face, r); tc.covered && !has {
						t.Errorf("%s: %s has no %q", tc.script, fonts.Name(face), r)
					} else if !tc.covered && has && (fam == Serif || face <= Bold) {
						t.Errorf("%s: %s has %q; docs/lawyer.md says the fonts do not cover it", tc.script, fonts.Name(face), r)
					}
				}
			}
		}
	}
}
