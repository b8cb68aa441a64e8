package mdext

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Slug returns the anchor GitHub gives a heading with this text: lower
// case, letters, digits, hyphens and underscores kept, spaces turned into
// hyphens, everything else dropped. "14. Data Retention and Deletion"
// becomes "14-data-retention-and-deletion".
func Slug(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-':
			b.WriteRune(unicode.ToLower(r))
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// ids generates heading ids with Slug, numbering repeats as GitHub does
// ("title", "title-1", "title-2"). next remembers, for each base, the
// number to try first, so that n headings alike take n steps, not n²/2.
type ids struct {
	used map[string]bool
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if s.used[id] {
		i := max(s.next[base], 1)
		for ; s.used[base+"-"+strconv.Itoa(i)]; i++ {
		}
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
