package vars

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A text value may not contain a character that prints as nothing or
// changes how the rest prints: the controls of bidirectional text, which
// make a name read otherwise than it is stored ("Acme" followed by U+202E
// shows the rest reversed), and the characters that print as nothing,
// which make two names that look the same differ. That is the whole of
// Unicode's format category (Cf: the bidirectional controls, the zero
// width characters, the soft hyphen, the byte order mark, the tags
// U+E0000 to U+E007F, U+180E MONGOLIAN VOWEL SEPARATOR, the invisible
// operators U+2061 to U+2064, ...), the other default-ignorable characters
// (the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, U+034F COMBINING
// GRAPHEME JOINER, ...), and the variation selectors (U+FE00 to U+FE0F,
// U+E0100 to U+E01EF, the Mongolian ones). The variation selectors pick
// an emoji or an ideograph's glyph variant: no font of the documents has
// emoji, and a registered name is written without the rare ideographic
// variation sequences, so refusing them costs nothing a name needs.
// Noncharacters are refused as well.
var invisibleTables = []*unicode.RangeTable{unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector}

// names gives the characters met most often their Unicode names; the
// others are named by their kind (see isInvisible), without a table of
// every Unicode name (golang.org/x/text/unicode/runenames would add 1 MB
// to the program).
var names = map[rune]string{
	0x00AD:  "SOFT HYPHEN",
	0x034F:  "COMBINING GRAPHEME JOINER",
	0x061C:  "ARABIC LETTER MARK",
	0x115F:  "HANGUL CHOSEONG FILLER",
	0x1160:  "HANGUL JUNGSEONG FILLER",
	0x180E:  "MONGOLIAN VOWEL SEPARATOR",
	0x200B:  "ZERO WIDTH SPACE",
	0x200C:  "ZERO WIDTH NON-JOINER",
	0x200D:  "ZERO WIDTH JOINER",
	0x200E:  "LEFT-TO-RIGHT MARK",
	0x200F:  "RIGHT-TO-LEFT MARK",
	0x202A:  "LEFT-TO-RIGHT EMBEDDING",
	0x202B:  "RIGHT-TO-LEFT EMBEDDING",
	0x202C:  "POP DIRECTIONAL FORMATTING",
	0x202D:  "LEFT-TO-RIGHT OVERRIDE",
	0x202E:  "RIGHT-TO-LEFT OVERRIDE",
	0x2060:  "WORD JOINER",
	0x2061:  "FUNCTION APPLICATION",
	0x2062:  "INVISIBLE TIMES",
	0x2063:  "INVISIBLE SEPARATOR",
	0x2064:  "INVISIBLE PLUS",
	0x2066:  "LEFT-TO-RIGHT ISOLATE",
	0x2067:  "RIGHT-TO-LEFT ISOLATE",
	0x2068:  "FIRST STRONG ISOLATE",
	0x2069:  "POP DIRECTIONAL ISOLATE",
	0x3164:  "HANGUL FILLER",
	0xFEFF:  "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
	0xFFA0:  "HALFWIDTH HANGUL FILLER",
	0xE0001: "LANGUAGE TAG",
	0xE007F: "CANCEL TAG",
}

// isInvisible reports whether a text value may not contain r (see
// invisibleTables), the joiners apart, and names it.
func isInvisible(r rune) (string, bool) {
	if !unicode.In(r, invisibleTables...) {
		return "", false
	}
	if name, ok := names[r]; ok {
		return name, true
	}
	switch {
	case r >= 0xFE00 && r <= 0xFE0F:
		return fmt.Sprintf("VARIATION SELECTOR-%d", r-0xFE00+1), true
	case r >= 0xE0100 && r <= 0xE01EF:
		return fmt.Sprintf("VARIATION SELECTOR-%d", r-0xE0100+17), true
	case r >= 0x180B && r <= 0x180F:
		return "a Mongolian variation selector", true
	case r >= 0xE0000 && r <= 0xE007F:
		return "a tag character", true
	case unicode.Is(unicode.Cf, r):
		return "an invisible format character", true
	}
	return "an invisible character", true
}

// InvisibleError reports a character that a text value may not contain.
type InvisibleError struct {
	Rune rune
	Name string // the character's Unicode name, or "a noncharacter"
}

func (e *InvisibleError) Error() string {
	return fmt.Sprintf("contains U+%04X %s, which is not allowed", e.Rune, e.Name)
}

// isNoncharacter reports whether r is one of Unicode's 66 noncharacters:
// U+FDD0 to U+FDEF, and the last two code points of every plane.
func isNoncharacter(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || (r&0xFFFE == 0xFFFE && r <= unicode.MaxRune)
}

// checkInvisible returns an *InvisibleError for the first bidirectional
// control, invisible character or noncharacter in s, valid UTF-8 (see
// invisibleTables).
//
// The two joiners are the exception where a script needs them: ZERO WIDTH
// NON-JOINER and ZERO WIDTH JOINER after a virama (Devanagari, Malayalam
// and the other Indic scripts spell with them), and ZERO WIDTH NON-JOINER
// between two Arabic-script letters (Persian writes "می‌خواهم" with one),
// the contexts in which IDNA (RFC 5892, CONTEXTJ) allows them in domain
// names. Between Latin letters, or at either end, they are refused.
func checkInvisible(s string) error {
	prev := rune(-1)
	for i, r := range s {
		if isNoncharacter(r) {
			return &InvisibleError{Rune: r, Name: "a noncharacter"}
		}
		name, bad := isInvisible(r)
		if bad && (r == 0x200C || r == 0x200D) {
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			bad = !joinerAllowed(r, prev, next)
		}
		if bad {
			return &InvisibleError{Rune: r, Name: name}
		}
		prev = r
	}
	return nil
}

// joinerAllowed reports whether joiner j between prev and next is part of
// the spelling (see checkInvisible).
func joinerAllowed(j, prev, next rune) bool {
	if prev < 0 {
		return false
	}
	if norm.NFC.PropertiesString(string(prev)).CCC() == 9 { // a virama
		return true
	}
	return j == 0x200C && unicode.Is(unicode.Arabic, prev) && unicode.IsLetter(prev) &&
		unicode.Is(unicode.Arabic, next) && unicode.IsLetter(next)
}
