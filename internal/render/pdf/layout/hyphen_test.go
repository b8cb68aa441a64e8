package layout

import (
	"reflect"
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

// BenchmarkHyphenatorLoad builds the hyphenator from the embedded TeX
// files, as the first hyphenated word of a process does.
func BenchmarkHyphenatorLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if h := newHyphenator(); len(h.patterns) == 0 {
			b.Fatal("no patterns")
		}
	}
}

// TestHyphenatorTables reads the TeX files as plainly as can be (lines,
// comments cut, words split by strings.Fields) and checks newHyphenator
// holds the same patterns, values and exceptions.
func TestHyphenatorTables(t *testing.T) {
	patterns, exceptions := map[string][]uint8{}, map[string][]int{}
	maxPattern := 0
	for _, src := range []string{hyphenTeX, hyphenexTeX} {
		group := ""
		for _, line := range strings.Split(src, "\n") {
			line, _, _ = strings.Cut(line, "%")
			for _, f := range strings.Fields(line) {
				for _, g := range []string{"patterns", "hyphenation"} {
					if rest, ok := strings.CutPrefix(f, `\`+g+`{`); ok {
						group, f = g, rest
					}
				}
				word, end := strings.CutSuffix(f, "}")
				switch {
				case word == "":
				case group == "patterns":
					var letters []byte
					values := []uint8{0}
					for _, c := range []byte(word) {
						if c >= '0' && c <= '9' {
							values[len(values)-1] = c - '0'
						} else {
							letters, values = append(letters, c), append(values, 0)
						}
					}
					patterns[string(letters)] = values
					maxPattern = max(maxPattern, len(letters))
				case group == "hyphenation":
					var at []int
					plain := strings.ReplaceAll(word, "-", "")
					for i, n := 0, 0; i < len(word); i++ {
						if word[i] == '-' {
							at = append(at, n)
						} else {
							n++
						}
					}
					exceptions[strings.ToLower(plain)] = at
				}
				if end {
					group = ""
				}
			}
		}
	}
	h := newHyphenator()
	if len(patterns) < 4000 || len(exceptions) < 300 {
		t.Fatalf("the reading found %d patterns and %d exceptions", len(patterns), len(exceptions))
	}
	if !reflect.DeepEqual(h.patterns, patterns) || h.maxPattern != maxPattern {
		t.Errorf("newHyphenator: %d patterns, the longest %d letters; the TeX files: %d, %d", len(h.patterns), h.maxPattern, len(patterns), maxPattern)
	}
	if !reflect.DeepEqual(h.exceptions, exceptions) {
		t.Errorf("newHyphenator: %d exceptions; the TeX files: %d", len(h.exceptions), len(exceptions))
	}
}
