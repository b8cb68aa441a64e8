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

// TestBudget: alignments spend one budget; once it is spent LCS refuses
// and Align lines up only the equal head and tail, as past MaxCells.
func TestBudget(t *testing.T) {
	eq := func(a, b string) func(i, j int) bool { return func(i, j int) bool { return a[i] == b[j] } }
	bud := NewBudget(60)
	// Head "h", tail "dt": the middles, 7×7 cells, share a b c.
	a, b := "hxaxbxcxdt", "hyaybycydt"
	if got, want := bud.Align(len(a), len(b), eq(a, b)), [][2]int{{0, 0}, {2, 2}, {4, 4}, {6, 6}, {8, 8}, {9, 9}}; !slices.Equal(got, want) {
		t.Fatalf("Align within the budget = %v, want %v", got, want)
	}
	// 49 of 60 spent: another 7×7 middle does not fit.
	if got, want := bud.Align(len(a), len(b), eq(a, b)), [][2]int{{0, 0}, {8, 8}, {9, 9}}; !slices.Equal(got, want) {
		t.Fatalf("Align past the budget = %v, want %v", got, want)
	}
	if _, ok := bud.LCS(3, 3, eq("abc", "abc")); !ok {
		t.Fatal("LCS of 9 cells refused with 11 left")
	}
	if _, ok := bud.LCS(2, 2, eq("ab", "ab")); ok {
		t.Fatal("LCS of 4 cells went past the 2 left")
	}
	if !bud.Spend(2) || bud.Spend(1) {
		t.Fatal("Spend did not take the 2 left, or took more")
	}
	var unbounded *Budget
	if !unbounded.Spend(1 << 40) {
		t.Fatal("a nil budget refused")
	}
	if _, ok := unbounded.LCS(10, 10, eq("abcdefghij", "abcdefghij")); !ok {
		t.Fatal("a nil budget refused an LCS within MaxCells")
	}
}
