package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
)

func newCheck(e *env) *cobra.Command {
	var in inputFlags
	var format string
	var allowUnchecked bool
	c := &cobra.Command{
		Use:   "check",
		Short: "Check that a document contains every element a processor contract must (GDPR Art. 28)",
		Long: `Check assembles a document and reports, for each element that the law of its
jurisdiction requires of a processor contract (GDPR Article 28, or the UK GDPR's),
which section covers it. A clause covers an element when its front matter claims
it and its text carries the words the checklist asks for. Missing elements are
listed with what the law requires; the exit status is 1 when one is missing or
a clause claims an element its text does not carry. A jurisdiction to which
no checklist of processor rules applies (a transfers checklist alone does
not count) says so: "no checklist of processor rules for Utopia (xx): this
document's obligations are unchecked", and the exit status is 1 unless
--allow-unchecked is given. Every jurisdiction of the embedded library has
one; a library of your own may add a jurisdiction without.

It also checks the document's defined terms: each capitalized term defined
(in the Definitions, or inline as ("Term")) is used and defined once, and
each capitalized phrase used as a term is defined. Names that are not terms
(other documents, product categories) are listed in templates/terms.yaml.
Problems name the clause file and line and make the exit status 1.

With --format json the report is written as the JSON that POST /api/v1/check
answers, with the same exit status.`,
		Example: `  clausemark check --variant opsium
  clausemark check --vars acme.yaml --set jurisdiction=uk
  clausemark check --variant ojoo --allow-unchecked --format json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usagef("--format must be text or json, got %q", format)
			}
			lib, p, err := in.prepare(e, "check")
			if err != nil {
				return err
			}
			checker := check.NewChecker(lib)
			if err := checker.Err(); err != nil {
				return diag.Wrap("check", err)
			}
			r, err := p.Resolve()
			if err != nil {
				return diag.Wrap("check", err)
			}
			doc, err := assemble.Assemble(r)
			if err != nil {
				return diag.Wrap("check", err)
			}
			s := checker.Check(doc, r.Tree)
			if allowUnchecked {
				s.AllowUnchecked()
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(s); err != nil {
					return err
				}
			} else {
				printSummary(e.stdout, s, e.outputWidth(e.stdout))
			}
			err = s.Err()
			// On a terminal the report has just listed every problem: it
			// is not listed a second time as errors, only counted.
			if err != nil && format == "text" && isTerminal(e.stdout) && isTerminal(e.stderr) {
				n := len(diag.Lines(err))
				what := "problems"
				if n == 1 {
					what = "problem"
				}
				fmt.Fprintf(e.stderr, "%s: check: %d %s, listed above\n", name, n, what)
				return exitStatus(1)
			}
			return diag.Wrap("check", err)
		},
	}
	in.register(c, e)
	c.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text or json")
	c.Flags().BoolVar(&allowUnchecked, "allow-unchecked", false, "exit 0 when no checklist of processor rules applies to the document's jurisdiction (it still says so)")
	return c
}

// printSummary prints the report for a reader. A checklist's table wider
// than width (0: any width) has each element's sections written under it,
// and a reference or title too long for its column under that.
func printSummary(w io.Writer, s *check.Summary, width int) {
	if s.Unchecked {
		fmt.Fprintf(w, "%s %s: %s\n", s.Template, s.Version, s.UncheckedMessage())
		if len(s.Checklists) > 0 {
			fmt.Fprintln(w)
		}
	}
	if len(s.Checklists) > 0 {
		required := 0
		for i, list := range s.Checklists {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s %s against %s\n%s\n\n", s.Template, s.Version, list.Name, list.Source)
			var rows [][]string
			for _, el := range s.Elements {
				if el.Checklist != list.ID {
					continue
				}
				status := "ok"
				switch {
				case !el.Required:
					status = "n/a"
				case !el.Covered && el.Blank:
					status = "BLANK"
				case el.Weak:
					status = "WEAK"
				case !el.Covered:
					status = "MISSING"
				}
				if el.Required {
					required++
				}
				rows = append(rows, []string{status, el.Ref, el.Title, strings.Join(el.Sections, "; ")})
			}
			if err := (table{rows: rows, under: []int{3}, fit: []int{1, 2}, labels: []string{"", "reference", "", "sections"}}).write(w, width); err != nil {
				return
			}
		}
		missing := s.Missing()
		for _, m := range missing {
			what := "missing"
			if m.Blank {
				what = "to complete"
			}
			fmt.Fprintf(w, "\n%s: %s (%s): %s\n", what, m.Title, m.Ref, m.Explain)
		}
		weak := 0
		shown := make([]bool, len(s.Weak))
		for _, el := range s.Elements {
			if el.Required && el.Weak {
				weak++
				fmt.Fprintf(w, "\nweak: %s (%s): %s\n", el.Title, el.Ref, el.Explain)
				for i, x := range s.Weak {
					if x.Checklist == el.Checklist && x.Element == el.ID {
						fmt.Fprintf(w, "  %s\n", weakLine(x))
						shown[i] = true
					}
				}
			}
		}
		// Weak wording of an element not required here is a problem too.
		for i, x := range s.Weak {
			if !shown[i] {
				fmt.Fprintf(w, "\nweak: %s (%s), not required here:\n  %s\n", x.Title, x.Ref, weakLine(x))
			}
		}
		for _, l := range s.Limits {
			fmt.Fprintf(w, "\nfails: %s\n", l.Message)
		}

		fmt.Fprintf(w, "\n%d of %d required elements covered", required-len(missing)-weak, required)
		if weak > 0 {
			fmt.Fprintf(w, "; %d weak", weak)
		}
		fmt.Fprintln(w, ".")
		for _, n := range s.Notes {
			fmt.Fprintf(w, "note: %s\n", n)
		}
	}
	for _, f := range s.FalseClaims {
		fmt.Fprintf(w, "\nclaims what its text does not say: %s\n", f.Message)
	}
	if len(s.LawProblems) > 0 {
		fmt.Fprintf(w, "\nFacts of another jurisdiction's law:\n")
		for _, l := range s.LawProblems {
			fmt.Fprintf(w, "  %s\n", l.Message)
		}
	}
	used := 0
	for _, t := range s.Terms {
		if t.Uses > 0 {
			used++
		}
	}
	fmt.Fprintf(w, "\nDefined terms: %d defined, %d used", len(s.Terms), used)
	switch n := len(s.TermProblems); n {
	case 0:
		fmt.Fprintf(w, "; none undefined or defined twice.\n")
	case 1:
		fmt.Fprintf(w, "; 1 problem:\n")
	default:
		fmt.Fprintf(w, "; %d problems:\n", n)
	}
	for _, p := range s.TermProblems {
		fmt.Fprintf(w, "  %s\n", p.Message)
	}
}

// weakLine places one weakness in its clause file: the line, the quote and why.
func weakLine(x check.WeakInfo) string {
	at := x.File
	if x.Line > 0 {
		at = fmt.Sprintf("%s:%d", at, x.Line)
	}
	if x.Quote == "" {
		return fmt.Sprintf("%s: %s", at, x.Why)
	}
	return fmt.Sprintf("%s: %q: %s", at, x.Quote, x.Why)
}
