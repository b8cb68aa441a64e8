package seqalign

import (
	"slices"
	"strings"
	"testing"
)

func TestAlign(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want [][2]int
	}{
		{"", "", nil},
		{"abc", "", nil},
		{"abc", "abc", [][2]int{{0, 0}, {1, 1}, {2, 2}}},
		{"abxc", "abyc", [][2]int{{0, 0}, {1, 1}, {3, 3}}},
		{"xaby", "ab", [][2]int{{1, 0}, {2, 1}}},
		{"abc", "xyz", nil},
	} {
		got := Align(len(tc.a), len(tc.b), func(i, j int) bool { return tc.a[i] == tc.b[j] })
		if !slices.Equal(got, tc.want) {
			t.Errorf("Align(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestBound: past MaxCells LCS refuses, and Align still lines up the equal
// head and tail.
func TestBound(t *testing.T) {
	n := 3000
	if _, ok := LCS(n, n, func(i, j int) bool { return false }); ok {
		t.Errorf("LCS of %d×%d cells went past the bound of %d", n, n, MaxCells)
	}
	a := "h" + strings.Repeat("x", n) + "t"
	b := "h" + strings.Repeat("y", n) + "t"
	got := Align(len(a), len(b), func(i, j int) bool { return a[i] == b[j] })
	if want := [][2]int{{0, 0}, {n + 1, n + 1}}; !slices.Equal(got, want) {
		t.Errorf("Align past the bound = %v, want %v", got, want)
	}
}

func TestWalk(t *testing.T) {
	var log []string
	Walk([][2]int{{1, 0}}, 3, 2, func(i0, i1, j0, j1 int) {
		log = append(log, strings.Repeat("a", i1-i0)+"/"+strings.Repeat("b", j1-j0))
	}, func(i, j int) { log = append(log, "=") })
	if want := []string{"a/", "=", "a/b"}; !slices.Equal(log, want) {
		t.Errorf("Walk: %v, want %v", log, want)
	}
}
