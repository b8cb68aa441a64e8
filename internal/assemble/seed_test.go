package assemble_test

import (
	"os"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/textmatch"
)

// TestSeedsReproduced checks that each variant renders its house's original
// text: stripped of markup and section numbers, the words match at a ratio
// of at least 0.98, compared without regard to case (the defined-terms
// check capitalizes a defined term where the original did not, and writes
// an undefined one in lower case). The intended differences are listed in
// docs/lawyer.md ("Differences from the original texts").
func TestSeedsReproduced(t *testing.T) {
	lib := load(t)
	for _, tc := range []struct{ variant, seed string }{
		{"opsium", "testdata/seeds/opsium.txt"},
		{"ojoo", "testdata/seeds/ojoo.txt"},
	} {
		t.Run(tc.variant, func(t *testing.T) {
			seed, err := os.ReadFile(tc.seed)
			if err != nil {
				t.Fatal(err)
			}
			got := textmatch.Words(strings.ToLower(textmatch.PlainText([]byte(render(t, lib, library.Request{Variant: tc.variant})))))
			want := textmatch.Words(strings.ToLower(string(seed)))
			r := textmatch.Ratio(got, want)
			t.Logf("%s: %d words rendered, %d in the seed, ratio %.4f", tc.variant, len(got), len(want), r)
			if r < 0.98 {
				t.Errorf("%s: word ratio %.4f against the seed, want at least 0.98", tc.variant, r)
			}
		})
	}
}
