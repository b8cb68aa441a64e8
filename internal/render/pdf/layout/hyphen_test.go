package layout

import (
	"slices"
	"strings"
	"testing"
)

// hyphenated writes word with its breaks marked, "hy-phen-ation".
func hyphenated(word string) string {
	at := loadHyphenator().breaks(word)
	var b strings.Builder
	for i := range len(word) {
		if slices.Contains(at, i) {
			b.WriteByte('-')
		}
		b.WriteByte(word[i])
	}
	return b.String()
}

// TestHyphenation checks the patterns' breaks against those printed
// dictionaries give, the exceptions, and the words left whole.
func TestHyphenation(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		{"hyphenation", "hy-phen-a-tion"}, // TUGboat's exceptions
		{"agreement", "agree-ment"},
		{"processor", "pro-ces-sor"},
		{"Processing", "Pro-cess-ing"},
		{"confidentiality", "con-fi-den-tial-ity"},
		{"organization", "or-ga-ni-za-tion"},
		{"associate", "as-so-ciate"}, // plain TeX's exceptions
		{"table", "ta-ble"},          // also
		{"academy", "acad-e-my"},     // TUGboat's exceptions
		{"project", "project"},       // an exception with no break
		{"data", "data"},             // shorter than five letters
		{"LIMITED", "LIMITED"},       // capitals
		{"Zürich", "Zürich"},         // not ASCII letters only
		{"GDPR2016", "GDPR2016"},     // digits
		{"Subprocessor", "Sub-pro-ces-sor"},
	} {
		if got := hyphenated(tc.word); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.word, got, tc.want)
		}
	}
}

// TestHyphenPoints checks the places a piece of text may break: within
// words, after a hyphen it holds, and never within its first two or last
// three letters.
func TestHyphenPoints(t *testing.T) {
	h := loadHyphenator()
	for _, tc := range []struct {
		text string
		want []hyphenPoint
	}{
		{"sub-processor,", []hyphenPoint{{4, false}, {7, true}, {10, true}}},
		{"“agreement”", []hyphenPoint{{8, true}}},
		{"-", nil},
		{"a-", nil},
		{"", nil},
	} {
		if got := h.hyphenPoints(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestHyphenationKnown: a word's breaks, looked up again (from the words
// known) or in another case, are those found afresh; past maxKnown words
// no more are kept, and the breaks still come.
func TestHyphenationKnown(t *testing.T) {
	h := loadHyphenator()
	for _, w := range []string{"hyphenation", "agreement", "Processing", "processing", "LIMITED", "project", "data", "Zürich"} {
		first, again := h.breaks(w), h.breaks(w)
		if fresh := h.find(w); !slices.Equal(first, fresh) || !slices.Equal(again, fresh) {
			t.Errorf("%s: breaks %v then %v, found afresh %v", w, first, again, fresh)
		}
	}
	// Words of letters from a counter, more than maxKnown of them.
	word := func(i int) string {
		b := []byte("processor")
		for ; i > 0; i /= 26 {
			b = append(b, byte('a'+i%26))
		}
		return string(b)
	}
	for i := range maxKnown + 100 {
		w := word(i)
		if got, want := h.breaks(w), h.find(w); !slices.Equal(got, want) {
			t.Fatalf("%s: breaks %v, found afresh %v", w, got, want)
		}
	}
	h.mu.RLock()
	n := len(h.known)
	h.mu.RUnlock()
	if n > maxKnown {
		t.Errorf("%d words kept, more than %d", n, maxKnown)
	}
}
