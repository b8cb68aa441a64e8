package vars

import "strings"

// EscapeMarkdown returns s with every character that CommonMark or GitHub
// Flavored Markdown could read as markup escaped with a backslash, so that s
// renders as the literal text it holds wherever it is placed in a line.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '$':
			b.WriteByte('\\')
		case '#', '+', '-', '=', '!':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1." or "1)" at the start of a line begins an ordered list.
			if isDigits(s[:i]) && i > 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
