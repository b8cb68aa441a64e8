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

// TestPlainTextConstructs: page breaks and signature blocks are mdext's
// nodes; a party reads "Role: Name", and quotes read as written.
func TestPlainTextConstructs(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"quotes as written", "The \"Customer's\" data, ‘curly’.\n", "The \"Customer's\" data, ‘curly’.\n"},
		{"page break", "Before.\n\n<!-- pagebreak -->\n\nAfter.\n", "Before.\n\nAfter.\n"},
		{"signatures", "<!-- signatures: Signature, Name -->\n\n- For the Processor: Acme *GmbH*\n- For the Customer: O'Brien Ltd\n",
			"For the Processor: Acme GmbH\nFor the Customer: O'Brien Ltd\n\n"},
	} {
		if got := PlainText([]byte(tc.src)); got != tc.want {
			t.Errorf("%s: PlainText = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestWordsFoldQuotes: a rendering's typographic quotes match the
// source's straight ones.
func TestWordsFoldQuotes(t *testing.T) {
	a := Words("the “Customer’s” data and ‘Agreement’")
	b := Words(`the "Customer's" data and 'Agreement'`)
	if r := Ratio(a, b); r != 1 {
		t.Errorf("Ratio(%q, %q) = %v, want 1", a, b, r)
	}
	if got := FoldQuotes("l’informatique “x”"); got != `l'informatique "x"` {
		t.Errorf("FoldQuotes = %q", got)
	}
}
