package docx

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// TestEscape checks the writer's escaping against encoding/xml's, for the
// characters XML gives meaning to and those it cannot hold.
func TestEscape(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<w:t>`, "]]>", `a & b "c" 'd'`, "tab\tnew\nline\rcr",
		"\x00\x01\x1f\x7f", "\xff\xfe bad", "\uFFFE\uFFFF", "\U0001F600 ü – 株", "\xed\xa0\x80",
	} {
		var got, want bytes.Buffer
		escape(&got, s)
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("escape(%q) = %q, encoding/xml gives %q", s, got.String(), want.String())
		}
	}
}
