package compare

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/vars"
)

// heading names a clause as the document that has it numbers it.
func (c Clause) heading() string {
	s := c.A
	if s == nil {
		s = c.B
	}
	return s.Heading()
}

// renumbered says the clause's number in b, if it moved.
func (c Clause) renumbered(r *Result) string {
	if c.A == nil || c.B == nil || c.A.Number == c.B.Number {
		return ""
	}
	return fmt.Sprintf(" (numbered %s in %s)", number(c.B), r.NameB)
}

func number(s *assemble.Section) string {
	if s.Number == "" {
		return "without a number"
	}
	return s.Number
}

// Summary says in one sentence, without a full stop, how the documents
// compare: "identical: 15 clauses, word for word", or the counts that are
// not zero, changed first: "1 changed, 14 the same".
func Summary(r *Result) string {
	if r.Empty() {
		return fmt.Sprintf("identical: %d clauses, word for word", len(r.Clauses))
	}
	var parts []string
	for _, p := range []struct {
		st    State
		label string
	}{{Changed, "changed"}, {OnlyA, "only in " + r.NameA}, {OnlyB, "only in " + r.NameB}, {Same, "the same"}} {
		if n := r.Count(p.st); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, p.label))
		}
	}
	return strings.Join(parts, ", ")
}

// order is the order the clauses are listed in: what changed first.
var order = []State{Changed, OnlyA, OnlyB, Same}

// context keeps this many words of unchanged text around each change.
const context = 8

// Text writes the comparison for a terminal. With colour, deletions are
// red and insertions green; without, they are marked [-deleted-] and
// {+inserted+}.
func Text(w io.Writer, r *Result, colour bool) error {
	del, ins, end := "[-", "{+", ""
	delEnd, insEnd := "-]", "+}"
	if colour {
		del, ins, end = "\x1b[31m", "\x1b[32m", "\x1b[0m"
		delEnd, insEnd = end, end
	}
	ew := &errWriter{w: w}
	ew.printf("%s → %s: %s\n", r.NameA, r.NameB, Summary(r))
	for _, c := range r.Clauses {
		if c.State != Changed {
			continue
		}
		ew.printf("\nchanged: %s [%s]%s\n", c.heading(), c.ID, c.renumbered(r))
		for _, hunk := range hunks(c.Words) {
			var b strings.Builder
			for _, op := range hunk {
				t := strings.Join(op.Words, " ")
				switch op.Kind {
				case '-':
					b.WriteString(del + t + delEnd + " ")
				case '+':
					b.WriteString(ins + t + insEnd + " ")
				default:
					b.WriteString(t + " ")
				}
			}
			ew.printf("  … %s…\n", b.String())
		}
	}
	for _, st := range []State{OnlyA, OnlyB} {
		name := r.NameA
		if st == OnlyB {
			name = r.NameB
		}
		if r.Count(st) > 0 {
			ew.printf("\n")
		}
		for _, c := range r.Clauses {
			if c.State == st {
				ew.printf("only in %s: %s [%s]\n", name, c.heading(), c.ID)
			}
		}
	}
	return ew.err
}

// hunks cuts a word diff into changes with a little unchanged context each.
func hunks(ops []Op) [][]Op {
	var out [][]Op
	var cur []Op
	for i, op := range ops {
		if op.Kind != '=' {
			cur = append(cur, op)
			continue
		}
		if len(cur) == 0 && i < len(ops)-1 { // leading context of the next change
			cur = append(cur, Op{'=', tail(op.Words, context)})
			continue
		}
		if i == len(ops)-1 || len(op.Words) > 2*context {
			if len(cur) > 0 {
				cur = append(cur, Op{'=', head(op.Words, context)})
				out = append(out, cur)
			}
			cur = nil
			if i < len(ops)-1 {
				cur = append(cur, Op{'=', tail(op.Words, context)})
			}
			continue
		}
		cur = append(cur, op)
	}
	if len(cur) > 0 && hasChange(cur) {
		out = append(out, cur)
	}
	return out
}

func hasChange(ops []Op) bool {
	for _, op := range ops {
		if op.Kind != '=' {
			return true
		}
	}
	return false
}

func head(w []string, n int) []string { return w[:min(n, len(w))] }
func tail(w []string, n int) []string { return w[max(0, len(w)-n):] }

// Markdown writes the comparison as Markdown: a summary, the clauses each
// document has alone, and each changed clause in full with deletions struck
// through and insertions in bold.
func Markdown(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	ew.printf("# Differences: %s → %s\n\n", r.NameA, r.NameB)
	ew.printf("%s.\n", capitalize(Summary(r)))
	for _, st := range order {
		if r.Count(st) == 0 {
			continue
		}
		ew.printf("\n## %s\n", title(r, st))
		if st != Changed {
			ew.printf("\n")
			for _, c := range r.Clauses {
				if c.State == st {
					ew.printf("- %s (`%s`)\n", c.heading(), c.ID)
				}
			}
			continue
		}
		for _, c := range r.Clauses {
			if c.State != Changed {
				continue
			}
			ew.printf("\n### %s (`%s`)%s\n\n", c.heading(), c.ID, c.renumbered(r))
			var b strings.Builder
			for _, op := range c.Words {
				t := vars.EscapeMarkdown(strings.Join(op.Words, " "))
				switch op.Kind {
				case '-':
					b.WriteString("~~" + t + "~~ ")
				case '+':
					b.WriteString("**" + t + "** ")
				default:
					b.WriteString(t + " ")
				}
			}
			ew.printf("%s\n", strings.TrimSpace(b.String()))
		}
	}
	return ew.err
}

// HTML writes the comparison as a redline a lawyer can read: a standalone
// page with deletions struck through in red and insertions underlined in
// green.
func HTML(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	e := html.EscapeString
	ew.printf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Differences: %s → %s</title>
<style>
body { font: 16px/1.5 Georgia, "DejaVu Serif", serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d232b; }
del { color: #b3261e; text-decoration: line-through; }
ins { color: #1b6e2a; text-decoration: underline; }
.summary { color: #5b6573; }
code { font-size: .85em; }
</style></head><body>
<h1>Differences: %s → %s</h1>
<p class="summary">%s.</p>
`, e(r.NameA), e(r.NameB), e(r.NameA), e(r.NameB), e(capitalize(Summary(r))))
	for _, st := range order {
		if r.Count(st) == 0 {
			continue
		}
		ew.printf("<h2>%s</h2>\n", e(title(r, st)))
		if st != Changed {
			ew.printf("<ul>\n")
			for _, c := range r.Clauses {
				if c.State == st {
					ew.printf("<li>%s <code>%s</code></li>\n", e(c.heading()), e(c.ID))
				}
			}
			ew.printf("</ul>\n")
			continue
		}
		for _, c := range r.Clauses {
			if c.State != Changed {
				continue
			}
			ew.printf("<h3>%s <code>%s</code>%s</h3>\n<p>", e(c.heading()), e(c.ID), e(c.renumbered(r)))
			for _, op := range c.Words {
				t := e(strings.Join(op.Words, " "))
				switch op.Kind {
				case '-':
					ew.printf("<del>%s</del> ", t)
				case '+':
					ew.printf("<ins>%s</ins> ", t)
				default:
					ew.printf("%s ", t)
				}
			}
			ew.printf("</p>\n")
		}
	}
	ew.printf("</body></html>\n")
	return ew.err
}

// title heads the list of clauses in state st.
func title(r *Result, st State) string {
	switch st {
	case Changed:
		return "Changed"
	case OnlyA:
		return "Only in " + r.NameA
	case OnlyB:
		return "Only in " + r.NameB
	}
	return "The same"
}

// capitalize makes the first letter of a summary a capital.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
