package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/registry"
)

// TestDiffExitStatus checks diff's exit status, as diff(1) gives it: 0
// for identical documents, 1 when they differ (with nothing said on
// standard error, the output having said how), 2 for a usage error and
// when the documents cannot be compared, so that `diff A B || echo
// deviates` is not fooled by a file name mistyped.
func TestDiffExitStatus(t *testing.T) {
	vars := filepath.Join(t.TempDir(), "globex.yaml")
	if err := os.WriteFile(vars, []byte("variant: opsium\ndeletion:\n  days: 45\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"opsium", "opsium"}, 0, ""},
		{[]string{"opsium", "opsium", "--format", "html"}, 0, ""},
		{[]string{"opsium", vars}, 1, ""},
		{[]string{"opsium", "ojoo", "--format", "md"}, 1, ""},
		{[]string{"opsium", "ojoo", "--format", "odt"}, 2, "--format must be"},
		{[]string{"opsium"}, 2, "compares two documents, got 1 argument\n"},
		{[]string{"opsium", "nothing.yaml"}, 2, "neither a variant"},
		{[]string{"opsium", "ojoo", "--set", "deletion.days=many"}, 2, "deletion.days"},
		{[]string{"opsium", "ojoo", "-o", filepath.Join(vars, "in-a-file")}, 2, "create output folder"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"diff"}, tc.args...), testEnv(t), strings.NewReader(""), &stdout, &stderr)
		if got := exitCode(err, &stderr); got != tc.status {
			t.Errorf("diff %v: status %d, want %d; stderr %q", tc.args, got, tc.status, stderr.String())
		}
		if tc.stderr == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("diff %v: stderr %q, want %q", tc.args, stderr.String(), tc.stderr)
		}
	}
}

// TestNamesLookedUp checks that a mistyped name is answered with the
// closest one, and a malformed --set is a usage error (status 2).
func TestNamesLookedUp(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"render", "--variant", "opsium", "--set", "foo"}, 2, `--set "foo": must be written path=value`},
		{[]string{"render", "--variant", "opsium", "--set", "=45"}, 2, `must be written path=value`},
		{[]string{"render", "--variant", "opsiu"}, 1, `no variant "opsiu": did you mean "opsium"?`},
		{[]string{"render", "--template", "dpa-ful"}, 1, `no template "dpa-ful": did you mean "dpa-full"?`},
		{[]string{"clauses", "deleton"}, 1, `no clause "deleton": did you mean "deletion"?`},
		{[]string{"vars", "dpa-concis"}, 1, `did you mean "dpa-concise"?`},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, testEnv(t), strings.NewReader(""), &stdout, &stderr)
		if got := exitCode(err, &stderr); got != tc.status || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", tc.args, got, stderr.String(), tc.status, tc.stderr)
		}
	}
}

// TestCompletion asks for completions as a shell does: variable paths for
// --set, an enum's values once its = is typed, variants, formats; and
// the completion scripts are there.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
		not  string
	}{
		{[]string{"render", "--variant", "ojoo", "--set", "deletion"}, []string{"deletion.days="}, "customer.name="},
		{[]string{"render", "--variant", "ojoo", "--set", "jurisdiction=i"}, []string{"jurisdiction=ie", "jurisdiction=in"}, "jurisdiction=de"},
		{[]string{"batch", "--set", "customer.na"}, []string{"customer.name="}, ""},
		{[]string{"render", "--variant", "o"}, []string{"ojoo", "opsium"}, ""},
		{[]string{"render", "--format", ""}, []string{"pdf", "docx", "md"}, ""},
	} {
		var stdout bytes.Buffer
		if err := run(context.Background(), append([]string{"__complete"}, tc.args...), testEnv(t), strings.NewReader(""), &stdout, &bytes.Buffer{}); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		lines := strings.Split(stdout.String(), "\n")
		for _, w := range tc.want {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.Split(l, "\t")[0] == w }) {
				t.Errorf("%v: no %q in\n%s", tc.args, w, stdout.String())
			}
		}
		if tc.not != "" && strings.Contains(stdout.String(), tc.not) {
			t.Errorf("%v: offers %q", tc.args, tc.not)
		}
	}
	var script bytes.Buffer
	if err := run(context.Background(), []string{"completion", "bash"}, testEnv(t), strings.NewReader(""), &script, &bytes.Buffer{}); err != nil || !strings.Contains(script.String(), "bash completion") {
		t.Errorf("completion bash: %v\n%.200s", err, script.String())
	}
}

// TestListFitsTerminal: on a terminal of 100 columns, a long customer's
// name is cut so that no line of the table is wider; elsewhere it is whole
// (up to the cell's own bound).
func TestListFitsTerminal(t *testing.T) {
	list := []registry.Summary{{ID: "CM-0000-0000-0000-0001", Customer: strings.Repeat("Globex Corporation ", 3), Template: "dpa-full", TemplateVersion: "1.3.0", Jurisdiction: "eu", LibraryVersion: "1.4.0", Issues: 2}}
	var b bytes.Buffer
	if err := writeList(&b, list, false, false, 100); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("%d characters: %q", n, l)
		}
	}
	if !strings.Contains(b.String(), "Globex Corporation G…") || !strings.Contains(b.String(), "…") {
		t.Errorf("the customer is not cut to fit:\n%s", b.String())
	}
	b.Reset()
	if err := writeList(&b, list, false, false, 0); err != nil || strings.Count(b.String(), "Globex") != 2 {
		t.Errorf("without a terminal: %v\n%s", err, b.String())
	}
}

// TestListReplies: on a terminal, under the table, the list names each
// reply it lists with the document the reply answers, and nothing for a
// list without one; the table itself is unchanged and still fits.
// Elsewhere (width 0: a pipe) the table's rows are all there is.
func TestListReplies(t *testing.T) {
	doc := registry.Summary{ID: "CM-0000-0000-0000-0001", Customer: "Globex Corporation", Template: "dpa-full", TemplateVersion: "1.3.0", Jurisdiction: "eu", LibraryVersion: "1.4.0", Issues: 1}
	reply := doc
	reply.ID, reply.DerivedFrom = "CM-0000-0000-0000-0002", doc.ID
	tests := []struct {
		name string
		list []registry.Summary
		tail []string // the lines after the table's rows
	}{
		{"no reply", []registry.Summary{doc}, nil},
		{"a reply", []registry.Summary{reply, doc}, []string{"CM-0000-0000-0000-0002 is the reply to the customer's redline of CM-0000-0000-0000-0001"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeList(&b, tc.list, false, false, 100); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(b.String()), "\n")
			if !strings.HasSuffix(lines[0], "TIMES") {
				t.Errorf("the table's head is %q", lines[0])
			}
			for _, l := range lines {
				if n := utf8.RuneCountInString(l); n > 100 {
					t.Errorf("%d characters: %q", n, l)
				}
			}
			if got := lines[1+len(tc.list):]; !slices.Equal(got, tc.tail) {
				t.Errorf("under the table:\n%q\nwant\n%q", got, tc.tail)
			}
			b.Reset()
			if err := writeList(&b, tc.list, false, false, 0); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(b.String(), "\n"); n != 1+len(tc.list) {
				t.Errorf("piped, %d lines, want the head and %d rows:\n%s", n, len(tc.list), b.String())
			}
		})
	}
}

// TestTablesFitTerminal: at 80 or 100 columns, the tables of clauses,
// templates, vars and check have no line wider, their descriptions
// wrapped under their rows, whole, never cut with "…"; at any width (0)
// the descriptions are whole on their rows' lines.
func TestTablesFitTerminal(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: "opsium"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	summary := check.NewChecker(lib).Check(doc, r.Tree)
	if len(summary.Elements) == 0 {
		t.Fatal("opsium's check has no table to fit")
	}
	longest := func(texts []string) string {
		return slices.MaxFunc(texts, func(a, b string) int { return len(a) - len(b) })
	}
	var clauseDesc, templateDesc, varDesc, elementTitle []string
	for _, id := range lib.ClauseIDs() {
		clauseDesc = append(clauseDesc, lib.Clauses[id].Description)
	}
	for _, id := range lib.TemplateIDs() {
		templateDesc = append(templateDesc, lib.Templates[id].Description)
	}
	for _, p := range lib.Schema.Paths() {
		varDesc = append(varDesc, describe(lib.Schema.Vars[p]))
	}
	for _, el := range summary.Elements {
		elementTitle = append(elementTitle, el.Title)
	}
	isRow := func(l string) bool { return true }
	for _, tc := range []struct {
		name  string
		write func(w *bytes.Buffer, width int) error
		whole string                 // a long text the table holds whole off a terminal
		row   func(line string) bool // which lines are the table's
	}{
		{"clauses", func(w *bytes.Buffer, width int) error { return writeClauses(w, lib, width) }, longest(clauseDesc), isRow},
		{"templates", func(w *bytes.Buffer, width int) error { return writeTemplates(w, lib, width) }, longest(templateDesc), func(l string) bool { return !strings.HasPrefix(l, lib.Name) }},
		{"vars", func(w *bytes.Buffer, width int) error { return writeVars(w, lib.Schema, width) }, longest(varDesc), isRow},
		{"check", func(w *bytes.Buffer, width int) error { printSummary(w, summary, width); return nil }, longest(elementTitle), func(l string) bool {
			return strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "n/a ") || strings.HasPrefix(l, "MISSING ") || strings.HasPrefix(l, "BLANK ")
		}},
	} {
		for _, width := range []int{80, 100, 0} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, width), func(t *testing.T) {
				var b bytes.Buffer
				if err := tc.write(&b, width); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				if width == 0 {
					if !strings.Contains(out, tc.whole) {
						t.Errorf("off a terminal, %q is not whole:\n%s", tc.whole, out)
					}
					return
				}
				rows := 0
				for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
					if !tc.row(l) {
						continue
					}
					rows++
					if n := utf8.RuneCountInString(l); n > width {
						t.Errorf("%d characters on a terminal of %d: %q", n, width, l)
					}
				}
				if rows == 0 || strings.Contains(out, "…") || !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(tc.whole), " ")) {
					t.Errorf("at %d columns, %q is not whole, wrapped:\n%s", width, tc.whole, out)
				}
			})
		}
	}
}

// TestFitColumns: the room the other columns leave is shared out, the
// narrowest column first, each keeping at least eight characters.
func TestFitColumns(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rows  [][]string
		width int
		fit   []int
		want  []string
	}{
		{"fits already", [][]string{{"a", "bb", "ccc"}}, 20, []int{2}, []string{"a  bb  ccc"}},
		{"not a terminal", [][]string{{"a", strings.Repeat("x", 50)}}, 0, []int{1}, []string{"a  " + strings.Repeat("x", 50)}},
		{"one column cut", [][]string{{"id", "a long description here"}}, 15, []int{1}, []string{"id  a long des…"}},
		{"the widest cut most", [][]string{{"k", "short one", strings.Repeat("y", 40)}}, 30, []int{1, 2}, []string{"k  short one  " + strings.Repeat("y", 15) + "…"}},
		{"at least eight", [][]string{{strings.Repeat("k", 30), strings.Repeat("z", 20)}}, 20, []int{1}, []string{strings.Repeat("k", 30) + "  " + strings.Repeat("z", 7) + "…"}},
		{"a column past the rows", [][]string{{"a", "b"}}, 3, []int{5}, []string{"a  b"}},
		{"rows of unequal length", [][]string{{"a"}, {"b", strings.Repeat("w", 30)}}, 12, []int{1}, []string{"a", "b  wwwwwwww…"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeTable(&b, tc.rows, tc.width, tc.fit...); err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimRight(b.String(), "\n"), "\n"); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBatchSummaryTime: the last line of a batch gives its time in tenths
// of a second, or in milliseconds under one, never "0s".
func TestBatchSummaryTime(t *testing.T) {
	for _, tc := range []struct {
		elapsed time.Duration
		want    string
	}{
		{20123 * time.Millisecond, "2 written, 0 skipped, 0 failed in 20.1s (0.1 docs/s)"},
		{1049 * time.Millisecond, "in 1s (1.9 docs/s)"},
		{45400 * time.Microsecond, "in 45ms (44.1 docs/s)"},
		{0, "in 0s (0.0 docs/s)"},
	} {
		var b bytes.Buffer
		printBatchSummary(&b, batch.Summary{Written: 2, Elapsed: tc.elapsed}, false)
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%v: %q, want %q", tc.elapsed, b.String(), tc.want)
		}
	}
}
