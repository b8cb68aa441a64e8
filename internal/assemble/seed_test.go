package assemble_test

import (
	"os"
	"testing"

	"github.com/clausemark/clausemark/internal/library"
)

// TestSeedsReproduced checks that each variant renders its house's original
// text: stripped of markup and section numbers, the words match at a ratio
// of at least 0.98. The intended differences are listed in the README.
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
			got := words(plainText([]byte(render(t, lib, library.Request{Variant: tc.variant}))))
			want := words(string(seed))
			r := ratio(got, want)
			t.Logf("%s: %d words rendered, %d in the seed, ratio %.4f", tc.variant, len(got), len(want), r)
			if r < 0.98 {
				t.Errorf("%s: word ratio %.4f against the seed, want at least 0.98", tc.variant, r)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"a b c", "a b c", 1},
		{"a b c", "x y z", 0},
		{"a b c d", "a c d", 6.0 / 7},
	} {
		if got := ratio(words(tc.a), words(tc.b)); got != tc.want {
			t.Errorf("ratio(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
