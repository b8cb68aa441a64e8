package writer

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// TestOutlineTree checks the outline's links for levels that rise and
// fall, and a level that jumps two deeper.
func TestOutlineTree(t *testing.T) {
	d := newWriter(pdfdoc.Setup{Page: pdfdoc.A4})
	d.AddPage()
	for i, level := range []int{0, 1, 1, 0, 2, 1, 0} {
		d.Bookmark(strconv.Itoa(i), level, 0)
	}
	var got []string
	for _, it := range d.outlineTree() {
		got = append(got, fmt.Sprintf("%s: parent %d prev %d next %d first %d last %d children %d", it.title, it.parent, it.prev, it.next, it.first, it.last, it.children))
	}
	want := []string{
		"0: parent -1 prev -1 next 3 first 1 last 2 children 2",
		"1: parent 0 prev -1 next 2 first -1 last -1 children 0",
		"2: parent 0 prev 1 next -1 first -1 last -1 children 0",
		"3: parent -1 prev 0 next 6 first 4 last 5 children 2",
		"4: parent 3 prev -1 next 5 first -1 last -1 children 0", // level 2 under a level 0: one deeper
		"5: parent 3 prev 4 next -1 first -1 last -1 children 0",
		"6: parent -1 prev 3 next -1 first -1 last -1 children 0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAppendNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0, "0"}, {1, "1"}, {0.5, "0.5"}, {841.889, "841.89"}, {-12.345, "-12.35"}, {70.9, "70.9"}, {100.004, "100"}, {-0.001, "0"}} {
		if got := string(appendNum(nil, tc.v)); got != tc.want {
			t.Errorf("appendNum(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
