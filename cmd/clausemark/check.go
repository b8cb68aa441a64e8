package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/terms"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/spf13/cobra"
)

func newCheck(e *env) *cobra.Command {
	var in inputFlags
	c := &cobra.Command{
		Use:   "check",
		Short: "Check that a document contains every element a processor contract must (GDPR Art. 28)",
		Long: `Check assembles a document and reports, for each element that the law of its
jurisdiction requires of a processor contract (GDPR Article 28, or the UK GDPR's),
which section covers it. A clause covers an element when its front matter claims
it and its text carries the words the checklist asks for. Missing elements are
listed with what the law requires; the exit status is 1 when one is missing or
a clause claims an element its text does not carry. Jurisdictions without a
checklist say so.

It also checks the document's defined terms: each capitalized term defined
(in the Definitions, or inline as ("Term")) is used and defined once, and
each capitalized phrase used as a term is defined. Names that are not terms
(other documents, product categories) are listed in templates/terms.yaml.
Problems name the clause file and line and make the exit status 1.`,
		Example: `  clausemark check --variant opsium
  clausemark check --vars acme.yaml --set jurisdiction=uk`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			_, fsys, p, err := in.prepare(e, "check")
			if err != nil {
				return err
			}
			lists, err := check.Load(fsys)
			if err != nil {
				return fmt.Errorf("check: %w", err)
			}
			r, err := p.Resolve()
			if err != nil {
				return fmt.Errorf("check: %w", err)
			}
			doc, err := assemble.Assemble(r)
			if err != nil {
				return fmt.Errorf("check: %w", err)
			}
			names, err := terms.Load(fsys)
			if err != nil {
				return fmt.Errorf("check: %w", err)
			}
			var errs []string
			if list := check.Select(lists, r.Tree); list != nil {
				errs = elements(e, r, check.Document(doc, list))
			} else {
				j, _ := r.Tree["jurisdiction"].(vars.Record)
				fmt.Fprintf(e.stdout, "%s %s: no processor-contract checklist is defined for %s (%v); no elements to check\n",
					r.Template.ID, r.Template.Version, j, j["law_short"])
			}
			errs = append(errs, definedTerms(e, terms.Document(doc, r.Tree, names))...)
			if len(errs) > 0 {
				return fmt.Errorf("check: %s", strings.Join(errs, "\n"))
			}
			return nil
		},
	}
	in.register(c, e)
	return c
}

// elements prints the Art. 28 report and returns its failures.
func elements(e *env, r *library.Resolved, rep *check.Report) []string {
	list := rep.Checklist
	fmt.Fprintf(e.stdout, "%s %s against %s\n%s\n\n", r.Template.ID, r.Template.Version, list.Name, list.Source)
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, it := range rep.Items {
		status, where := "ok", ""
		if it.Covered() {
			var names []string
			for _, s := range it.By {
				names = append(names, s.Heading())
			}
			where = strings.Join(names, "; ")
		} else {
			status = "MISSING"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", status, it.Element.Ref, it.Element.Title, where)
	}
	w.Flush()
	missing := rep.Missing()
	for _, m := range missing {
		fmt.Fprintf(e.stdout, "\nmissing: %s (%s): %s\n", m.Title, m.Ref, m.Explain)
	}
	fmt.Fprintf(e.stdout, "\n%d of %d elements covered.\n", len(rep.Items)-len(missing), len(rep.Items))
	var errs []string
	for _, m := range missing {
		errs = append(errs, fmt.Sprintf("missing %s: %s", m.Ref, m.Title))
	}
	for _, f := range rep.False {
		errs = append(errs, f.String())
	}
	return errs
}

// definedTerms prints the defined-terms report and returns its problems.
func definedTerms(e *env, rep *terms.Report) []string {
	used := 0
	for _, t := range rep.Terms {
		if t.Uses > 0 {
			used++
		}
	}
	fmt.Fprintf(e.stdout, "\nDefined terms: %d defined, %d used", len(rep.Terms), used)
	if len(rep.Problems) == 0 {
		fmt.Fprintf(e.stdout, "; none undefined or defined twice.\n")
		return nil
	}
	noun := "problems"
	if len(rep.Problems) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(e.stdout, "; %d %s:\n", len(rep.Problems), noun)
	var errs []string
	for _, p := range rep.Problems {
		msg := p.Err().Error()
		fmt.Fprintf(e.stdout, "  %s\n", msg)
		errs = append(errs, msg)
	}
	return errs
}
