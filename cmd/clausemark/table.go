package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/term"
)

// writeTable writes rows (the first its head) as columns two spaces
// apart. A table wider than width (0 for no limit: not a terminal) has
// its free-text columns fit cut to fit: scripts and pipes get the whole
// text, a terminal lines that do not wrap.
func writeTable(w io.Writer, rows [][]string, width int, fit ...int) error {
	fitColumns(rows, width, fit...)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// minColumn is the narrowest fitColumns cuts a column to.
const minColumn = 8

// fitColumns cuts the columns fit of rows, with "…", so that the table,
// its columns two spaces apart, is at most width characters wide. The
// room left by the other columns is shared out narrowest first: a column
// narrower than its share keeps its width and leaves the rest to the
// wider ones, so the widest is cut most. Each keeps at least minColumn;
// a width of 0 leaves the table as it is.
func fitColumns(rows [][]string, width int, fit ...int) {
	if width <= 0 || len(rows) == 0 || len(fit) == 0 {
		return
	}
	var widths []int
	for _, r := range rows {
		for len(widths) < len(r) {
			widths = append(widths, 0)
		}
		for i, v := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(v))
		}
	}
	cut := map[int]bool{}
	var cols []int
	for _, c := range fit {
		if c >= 0 && c < len(widths) && !cut[c] {
			cut[c] = true
			cols = append(cols, c)
		}
	}
	room := width - 2*(len(widths)-1)
	need := 0
	for i, w := range widths {
		if !cut[i] {
			room -= w
		} else {
			need += w
		}
	}
	if need <= room {
		return
	}
	slices.SortStableFunc(cols, func(a, b int) int { return widths[a] - widths[b] })
	caps := map[int]int{}
	for k, c := range cols {
		share := max(minColumn, room/(len(cols)-k))
		caps[c] = min(widths[c], share)
		room -= caps[c]
	}
	for _, r := range rows {
		for c, limit := range caps {
			if c >= len(r) {
				continue
			}
			if v := []rune(r[c]); len(v) > limit {
				r[c] = string(v[:limit-1]) + "…"
			}
		}
	}
}

// terminalWidth is the width of w if it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}
