package textmatch

import (
	"strings"
	"testing"
)

func TestRatio(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"a b c", "a b c", 1},
		{"a b c", "x y z", 0},
		{"a b c d", "a c d", 6.0 / 7},
		{"1. Purpose and Scope", "Purpose and scope", 2.0 / 3},
	} {
		if got := Ratio(Words(tc.a), Words(tc.b)); got != tc.want {
			t.Errorf("Ratio(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	got := Words(PlainText([]byte("## 1. Title\n\nSome **bold** \\*text\\* \\& [a link](#x) `code` &amp;\n\n| Aa | Bb |\n|---|---|\n| c | d |\n")))
	want := []string{"Title", "Some", "bold", "text", "&", "a", "link", "code", "&", "Aa", "Bb", "c", "d"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

func TestWhole(t *testing.T) {
	for _, tc := range []struct {
		s, sub string
		want   bool
	}{
		{"the Customer’s data", "Customer", true},
		{"Customers", "Customer", false},
		{"Sub-Processors", "Processors", true}, // a hyphen separates words
		{"Zürich", "rich", false},
		{"Customer", "Customer", true},
		{"(“Customer”)", "Customer", true},
		{"Customer2", "Customer", false},
	} {
		i := strings.Index(tc.s, tc.sub)
		if got := Whole(tc.s, i, i+len(tc.sub)); got != tc.want {
			t.Errorf("Whole(%q, %q) = %v, want %v", tc.s, tc.sub, got, tc.want)
		}
	}
}
