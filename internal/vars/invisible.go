package vars

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// invisible names the characters a text value may not contain: the
// controls of bidirectional text, which make a name read otherwise than
// it is stored ("Acme" followed by U+202E shows the rest reversed), and the
// characters that print as nothing, which make two names that look the
// same differ.
var invisible = map[rune]string{
	0x061C: "ARABIC LETTER MARK",
	0x200B: "ZERO WIDTH SPACE",
	0x200C: "ZERO WIDTH NON-JOINER",
	0x200D: "ZERO WIDTH JOINER",
	0x200E: "LEFT-TO-RIGHT MARK",
	0x200F: "RIGHT-TO-LEFT MARK",
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2060: "WORD JOINER",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
	0xFEFF: "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
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
// control, invisible character or noncharacter in s, valid UTF-8.
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
		name, bad := invisible[r]
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
