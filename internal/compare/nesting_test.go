package compare

import (
	"strings"
	"testing"
)

// TestBlocksDeepNesting: a clause whose lists nest past the parser's
// limit keeps every word in its blocks, and 4,000 levels cost no more
// allocations than 200 give words (goldmark's parse of deep nesting is
// cubic: 105 s at 4,000 levels).
func TestBlocksDeepNesting(t *testing.T) {
	nested := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- w\n")
		}
		b.WriteString(strings.Repeat("  ", n) + "- deepest\n")
		return b.String()
	}
	count := func(bs []Block, word string) int {
		n := 0
		for _, b := range bs {
			for _, w := range b.Words {
				if w.Text() == word {
					n++
				}
			}
		}
		return n
	}
	bs := Blocks(nested(4000))
	if count(bs, "w") != 4000 || count(bs, "deepest") != 1 {
		t.Errorf("words lost: %d of 4000 w, %d deepest", count(bs, "w"), count(bs, "deepest"))
	}
	allocs := func(src string) float64 {
		return testing.AllocsPerRun(2, func() { Blocks(src) })
	}
	shallow, deep := allocs(nested(200)), allocs(nested(4000))
	// Past the limit each level is two words of text: "-" and "w".
	if perLevel := (deep - shallow) / 3800; perLevel > 8 {
		t.Errorf("4,000 levels: %.0f allocations; 200 levels: %.0f (%.1f a level past 200)", deep, shallow, perLevel)
	}
}
