package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

// TestTableWrites: a table that fits is a row to a line; one that does
// not has its under columns written beneath each row, wrapped, and a cell
// too long for the room left beneath that, named by its label; nothing is
// cut.
func TestTableWrites(t *testing.T) {
	head := []string{"PATH", "TYPE", "DESCRIPTION"}
	long := "enum (" + strings.Repeat("x|", 12) + "y)"
	for _, tc := range []struct {
		name  string
		t     table
		width int
		want  []string
	}{
		{"fits", table{rows: [][]string{head, {"a.b", "text", "The name."}}, head: true, under: []int{2}}, 80,
			[]string{"PATH  TYPE  DESCRIPTION", "a.b   text  The name."}},
		{"any width", table{rows: [][]string{head, {"a.b", "text", strings.Repeat("word ", 30)}}, head: true, under: []int{2}}, 0,
			[]string{"PATH  TYPE  DESCRIPTION", "a.b   text  " + strings.TrimSpace(strings.Repeat("word ", 30))}},
		{"description under", table{rows: [][]string{head, {"a.b", "text", "one two three four five six"}}, head: true, under: []int{2}}, 20,
			[]string{"PATH  TYPE", "a.b   text", "    one two three", "    four five six"}},
		{"a long cell under, named", table{rows: [][]string{head, {"a", "text", "Short."}, {"b", long, "Other."}}, head: true, under: []int{2}, fit: []int{1}, labels: []string{"", "type"}}, 20,
			[]string{"PATH  TYPE", "a     text", "    Short.", "b", "    Other.", "    type: enum", "    (x|x|x|x|x|x|x|x|x|x|x|x|y)"}},
		{"a word longer than a line stays whole", table{rows: [][]string{{"k", strings.Repeat("z", 30)}}, under: []int{1}}, 12,
			[]string{"k", "    " + strings.Repeat("z", 30)}},
		{"an empty or dash cell says nothing", table{rows: [][]string{{"k", "-", strings.Repeat("v", 20)}, {"l", "", "w"}}, under: []int{1, 2}, labels: []string{"", "default"}}, 10,
			[]string{"k", "    " + strings.Repeat("v", 20), "l", "    w"}},
		{"labelled cells follow the bare ones", table{rows: [][]string{{"k", "first one", "second one"}}, under: []int{1, 2}, labels: []string{"", "x", ""}}, 16,
			[]string{"k", "    second one", "    x: first one"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.t.write(&b, tc.width); err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n"); !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestTablesFitWidths: vars, clauses and templates of the built-in
// library fit every width from 60 to 120, and hold every word they hold
// at any width (but the head of the descriptions written under rows).
func TestTablesFitWidths(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(*bytes.Buffer, int) error{
		"vars":      func(b *bytes.Buffer, w int) error { return writeVars(b, lib.Schema, w) },
		"clauses":   func(b *bytes.Buffer, w int) error { return writeClauses(b, lib, w) },
		"templates": func(b *bytes.Buffer, w int) error { return writeTemplates(b, lib, w) },
	} {
		var whole bytes.Buffer
		if err := write(&whole, 0); err != nil {
			t.Fatal(err)
		}
		words := slices.DeleteFunc(strings.Fields(whole.String()), func(w string) bool { return w == "DESCRIPTION" })
		for width := 60; width <= 120; width += 20 {
			var b bytes.Buffer
			if err := write(&b, width); err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(b.String(), "\n") {
				if n := utf8.RuneCountInString(l); n > width && !strings.Contains(strings.TrimSpace(l), " ") {
					continue // a single word longer than the line, whole
				} else if n > width {
					t.Errorf("%s at %d: %d characters: %q", name, width, n, l)
				}
			}
			got := sorted(strings.Fields(b.String()))
			for _, w := range words {
				if _, ok := slices.BinarySearch(got, w); !ok {
					t.Errorf("%s at %d: lost %q", name, width, w)
					break
				}
			}
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestOutputWidth: $COLUMNS wins; off a terminal, 80.
func TestOutputWidth(t *testing.T) {
	for _, tc := range []struct {
		columns string
		want    int
	}{
		{"", 80}, {"120", 120}, {" 40 ", 40}, {"0", 80}, {"-5", 80}, {"wide", 80},
	} {
		e := &env{getenv: func(k string) string {
			if k == "COLUMNS" {
				return tc.columns
			}
			return ""
		}}
		if got := e.outputWidth(&bytes.Buffer{}); got != tc.want {
			t.Errorf("COLUMNS=%q: width %d, want %d", tc.columns, got, tc.want)
		}
	}
}
