package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
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

// defaultWidth is the width tables fit when standard output is not a
// terminal and $COLUMNS does not say otherwise.
const defaultWidth = 80

// outputWidth is the width the tables written to w fit: $COLUMNS when it
// is a positive number, else the width of the terminal w is, else
// defaultWidth.
func (e *env) outputWidth(w io.Writer) int {
	if n, err := strconv.Atoi(strings.TrimSpace(e.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if n := terminalWidth(w); n > 0 {
		return n
	}
	return defaultWidth
}

// table is a table that fits a width by writing some of its cells under
// their row, as kubectl explain writes a field's description under its
// name, rather than cutting them: nothing is lost to a narrow terminal or
// a pipe.
type table struct {
	rows [][]string // the first is the head when head is set
	head bool
	// under are the columns written under their row, in this order, when
	// the table is wider than the width.
	under []int
	// fit are the columns whose cells, once under's are gone, are written
	// under their row when too long for the room the others leave.
	fit []int
	// labels name the cells written under a row ("type: integer");
	// a column without a label, such as a description, is written bare.
	labels []string
}

// underIndent is how far the lines under a row are indented.
const underIndent = 4

// write writes t to w, fitting width characters (0: any width). A table
// that fits is written a row to a line, its columns two spaces apart.
func (t table) write(w io.Writer, width int) error {
	widths := columnWidths(t.rows, nil)
	if width <= 0 || tableWidth(widths) <= width {
		return writeAligned(w, t.rows, widths, nil, nil)
	}
	away := map[int]bool{}
	for _, c := range t.under {
		away[c] = true
	}
	caps := t.caps(width, away)
	inline := make([][]string, len(t.rows))
	below := make([][]string, len(t.rows))
	for i, r := range t.rows {
		inline[i] = make([]string, len(r))
		var moved []int
		for c, v := range r {
			switch limit, capped := caps[c]; {
			case away[c]:
				// always under its row
			case !(t.head && i == 0) && capped && utf8.RuneCountInString(v) > limit:
				moved = append(moved, c)
			default:
				inline[i][c] = v
			}
		}
		if t.head && i == 0 {
			continue
		}
		for _, c := range t.belowOrder(moved) {
			if c < len(r) && r[c] != "" && r[c] != "-" {
				below[i] = append(below[i], wrapText(t.label(c)+r[c], width-underIndent)...)
			}
		}
	}
	return writeAligned(w, inline, columnWidths(inline, away), away, below)
}

// belowOrder is the order of the cells written under a row: the columns
// under and moved, those without a label (a description) first, then the
// others as they stand in the table.
func (t table) belowOrder(moved []int) []int {
	cols := append(slices.Clone(t.under), moved...)
	slices.SortStableFunc(cols, func(a, b int) int {
		la, lb := t.label(a) != "", t.label(b) != ""
		switch {
		case la != lb && !la:
			return -1
		case la != lb:
			return 1
		}
		return a - b
	})
	return cols
}

// label is how a cell of column c is introduced under its row.
func (t table) label(c int) string {
	if c < len(t.labels) && t.labels[c] != "" {
		return t.labels[c] + ": "
	}
	return ""
}

// caps returns, for the columns fit, the widths their cells may have
// inline so that the columns not away fit width. The room the others
// leave is shared out as fitColumns shares it, by the width that nine in
// ten of a column's cells have, so that a few long cells go under their
// rows and the column stays narrow.
func (t table) caps(width int, away map[int]bool) map[int]int {
	rows := t.rows
	if t.head && len(rows) > 0 {
		rows = rows[1:]
	}
	all := columnWidths(t.rows, away)
	fit := map[int]bool{}
	for _, c := range t.fit {
		if c < len(all) && !away[c] {
			fit[c] = true
		}
	}
	room, cols := width, 0
	for c, w := range all {
		if away[c] {
			continue
		}
		cols++
		if !fit[c] {
			room -= w
		}
	}
	room -= 2 * (cols - 1)
	want := map[int]int{}
	need := 0
	var order []int
	for c := range fit {
		want[c] = max(typicalWidth(rows, c), headWidth(t, c))
		need += all[c]
		order = append(order, c)
	}
	if need <= room {
		return nil
	}
	slices.SortFunc(order, func(a, b int) int {
		if d := want[a] - want[b]; d != 0 {
			return d
		}
		return a - b
	})
	caps := map[int]int{}
	for k, c := range order {
		share := max(minColumn, headWidth(t, c), room/(len(order)-k))
		caps[c] = min(want[c], share)
		room -= caps[c]
	}
	// What room is left widens the columns, the narrowest first, so that
	// fewer of their cells leave the row.
	for _, c := range order {
		if room <= 0 {
			break
		}
		more := min(room, all[c]-caps[c])
		caps[c] += more
		room -= more
	}
	return caps
}

// headWidth is the width of column c's head, 0 without one.
func headWidth(t table, c int) int {
	if !t.head || len(t.rows) == 0 || c >= len(t.rows[0]) {
		return 0
	}
	return utf8.RuneCountInString(t.rows[0][c])
}

// typicalWidth is the width that nine in ten of the cells of column c
// have at most.
func typicalWidth(rows [][]string, c int) int {
	var ws []int
	for _, r := range rows {
		if c < len(r) {
			ws = append(ws, utf8.RuneCountInString(r[c]))
		}
	}
	if len(ws) == 0 {
		return 0
	}
	slices.Sort(ws)
	return ws[(len(ws)-1)*9/10]
}

// columnWidths is the width of each column of rows, leaving out those
// skip holds.
func columnWidths(rows [][]string, skip map[int]bool) []int {
	var widths []int
	for _, r := range rows {
		for len(widths) < len(r) {
			widths = append(widths, 0)
		}
		for c, v := range r {
			if !skip[c] {
				widths[c] = max(widths[c], utf8.RuneCountInString(v))
			}
		}
	}
	return widths
}

// tableWidth is the width of a table of columns this wide, two spaces
// apart.
func tableWidth(widths []int) int {
	n := 0
	for _, w := range widths {
		n += w
	}
	return n + 2*max(0, len(widths)-1)
}

// writeAligned writes rows with each cell padded to its column's width
// and two spaces, as text/tabwriter does, leaving out the columns skip
// holds and the spaces at the end of a line; below[i], if any, are lines
// written under row i, indented.
func writeAligned(w io.Writer, rows [][]string, widths []int, skip map[int]bool, below [][]string) error {
	var b strings.Builder
	for i, r := range rows {
		var line strings.Builder
		for c, v := range r {
			if skip[c] {
				continue
			}
			line.WriteString(v)
			if c < len(r)-1 && c < len(widths) {
				line.WriteString(strings.Repeat(" ", max(0, widths[c]-utf8.RuneCountInString(v))+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
		if i < len(below) {
			for _, l := range below[i] {
				b.WriteString(strings.Repeat(" ", underIndent) + l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapText breaks s into lines of at most width characters at spaces; a
// word longer than a line has a line of its own, whole.
func wrapText(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
