package vars

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseFile feeds arbitrary bytes as a variables file: parsing may
// reject them but must never panic, and every value it accepts must have
// the declared type.
func FuzzParseFile(f *testing.F) {
	for _, seed := range []string{
		"processor:\n  name: Acme\ndeletion:\n  days: 30\n",
		"variant: ojoo\nlast_updated: 2026-01-02\n",
		"a: [\n", "- x\n", "processor: &a\n  name: *a\n", "liability:\n  cap:\n    basis: fees\n    months: 12\n",
		"processor:\n  name: !!binary aGVsbG8=\n", "deletion: {days: 1e3}\n", "jurisdiction: ~\n",
		// Seeds from bugs: a key twice, a second document, an alias bomb.
		"variant: a\nvariant: b\n", "a: 1\n---\nb: 2\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
	} {
		f.Add([]byte(seed))
	}
	s, err := LoadSchema("variables.yaml", []byte(testSchema), map[string]Record{"eu": {"name": "the European Union"}}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, _, err := ParseFile(s, "fuzz.yaml", data)
		if err != nil {
			return
		}
		for p, v := range set {
			if v.V == nil {
				continue
			}
			switch s.Vars[p].Kind {
			case KindText:
				txt := v.V.(Text)
				if !utf8.ValidString(string(txt)) || strings.ContainsAny(string(txt), "\n\r\x00") {
					t.Errorf("%s: accepted %q", p, txt)
				}
			case KindInteger:
				n := v.V.(Int)
				if n < 1 || n > 365 && p == "deletion.days" {
					t.Errorf("%s: accepted %d", p, n)
				}
			case KindDate:
				_ = v.V.(Date)
			case KindEnum:
				_ = v.V.(Enum)
			}
		}
		_, _, _ = Resolve(s, set)
	})
}

// FuzzParseString feeds arbitrary text to each kind of variable.
func FuzzParseString(f *testing.F) {
	for _, seed := range []string{"30", "-1", "Acme *x*", "2025-12-09", "1,000.50", "[a, b]", "[{name: x}]", "yes", "\xff",
		// Seeds from bugs: commas that are not thousands separators, an
		// amount too long to be one.
		"2500,50", "1,5", strings.Repeat("9", 400),
		// Seeds from issue 24: bidirectional controls, invisible characters,
		// noncharacters, and the joiners a script needs.
		"Acme\u202Eevil", "\uFEFFAcme", "Ac\u200Bme", "Acme\uFFFE", "a\U0010FFFFb", "می\u200Cخواهم", "क\u094D\u200Dष", "Ac\u200Dme",
		"Ac\u00ADme", "Acme\U000E0041", "\u3164", "Acme\uFE0F", "\u845B\U000E0100", "Ac\u2064me", "Ac\u180Eme", "Ac\u034Fme"} {
		f.Add(seed)
	}
	all := []*Var{days, name, email, website, basis, amount, date, flag, textList, objList}
	f.Fuzz(func(t *testing.T, in string) {
		for _, v := range all {
			x, err := v.ParseString(in)
			if err != nil {
				continue
			}
			if txt, ok := x.(Text); ok {
				for _, r := range string(txt) {
					invisible := r != 0x200C && r != 0x200D &&
						unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
					if invisible || (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE {
						t.Errorf("%s: accepted %U in %q", v.Path, r, txt)
					}
				}
			}
			if s, ok := x.(interface{ String() string }); ok {
				_ = s.String()
			}
		}
		_ = EscapeMarkdown(in)
	})
}
