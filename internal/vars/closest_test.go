package vars

import (
	"strings"
	"testing"
)

// TestClosest: a likely typo of a name is suggested, a transposition
// counting as one edit; a text far from every name, or too long to be a
// mistyped name, gets no suggestion.
func TestClosest(t *testing.T) {
	names := []string{"India", "Ireland", "Germany", "deletion.days", "fees"}
	tests := []struct{ in, want string }{
		{"Indai", "India"},    // two letters swapped
		{"Germny", "Germany"}, // one left out
		{"IRLAND", "Ireland"}, // case does not count
		{"deletoin.days", "deletion.days"},
		{"feez", "fees"},
		{"Atlantis", ""},
		{"", ""},
		{strings.Repeat("India", 40), ""}, // 200 bytes: no name is that long
	}
	for _, tt := range tests {
		if got := Closest(tt.in, names); got != tt.want {
			t.Errorf("Closest(%.20q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
