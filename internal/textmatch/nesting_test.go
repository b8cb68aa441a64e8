package textmatch

import (
	"strings"
	"testing"
)

// TestPlainTextDeepNesting: lists nested past the parser's limit keep
// every word, and 4,000 levels cost no more to read than 200 with their
// words as text (goldmark's parse of deep nesting is cubic: 105 s at
// 4,000 levels).
func TestPlainTextDeepNesting(t *testing.T) {
	nested := func(n int) []byte {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- w\n")
		}
		b.WriteString(strings.Repeat("  ", n) + "- deepest\n")
		return []byte(b.String())
	}
	if got := PlainText(nested(4000)); !strings.Contains(got, "deepest") || strings.Count(got, "w") != 4000 {
		t.Errorf("words lost: %d of 4000, deepest %v", strings.Count(got, "w"), strings.Contains(got, "deepest"))
	}
	allocs := func(src []byte) float64 {
		return testing.AllocsPerRun(2, func() { PlainText(src) })
	}
	shallow, deep := allocs(nested(200)), allocs(nested(4000))
	if deep > shallow*1.5+50 {
		t.Errorf("4,000 levels: %.0f allocations; 200 levels: %.0f", deep, shallow)
	}
}
