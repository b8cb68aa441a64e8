package vars

import (
	"regexp"
	"strings"
	"sync"
)

// autolinks are values that are one web address or e-mail address and
// nothing else. Escaped like other text, "my_page" would become "my\_page"
// and a Markdown reader's link detection would stop at the backslash,
// linking to half the address; written as an autolink, <https://…>, the
// address is taken whole and as it is (CommonMark reads no escapes inside
// one). A "|" stays out: it would split a table cell.
var autolinks = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:https?://[^\s<>|\x00-\x1f\x7f]+|[A-Za-z0-9.!#$%&'*+/=?^_{}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$`)
})

// EscapeMarkdown returns s with every character that CommonMark or GitHub
// Flavored Markdown could read as markup escaped with a backslash, so that s
// renders as the literal text it holds wherever it is placed in a line. A
// value that is a web or e-mail address alone is written as an autolink.
func EscapeMarkdown(s string) string {
	if len(s) <= 2048 && autolinks().MatchString(s) {
		return "<" + s + ">"
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '$':
			b.WriteByte('\\')
		case '&':
			// Only "&name;", "&#123;" or "&#x1F;" is an entity; "R&D",
			// "Procter & Gamble" read as written.
			if entityAt(s[i+1:]) {
				b.WriteByte('\\')
			}
		case '#', '+', '-', '=', '!':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1." or "1)" at the start of a line begins an ordered list;
			// "www." would begin a link GFM finds by itself.
			if isDigits(s[:i]) && i > 0 || r == '.' && hasSuffixFold(s[:i], "www") {
				b.WriteByte('\\')
			}
		case ':':
			// Text that holds an address is not made a link: only a value
			// that is an address alone is (see autolinks).
			if hasSuffixFold(s[:i], "http") || hasSuffixFold(s[:i], "https") {
				b.WriteByte('\\')
			}
		case '@':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// entityAt reports whether s, what follows an "&", would make it a
// character reference: letters or digits, after "#" for a number, then ";".
func entityAt(s string) bool {
	s = strings.TrimPrefix(s, "#")
	n := 0
	for n < len(s) && n <= 32 && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return n > 0 && n < len(s) && s[n] == ';'
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
