package main

import (
	"encoding/json"
	"fmt"
	"github.com/clausemark/clausemark/internal/diag"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/lint"
	"github.com/clausemark/clausemark/internal/vars"
)

func newVars(e *env) *cobra.Command {
	var schema, markdown bool
	c := &cobra.Command{
		Use:   "vars [TEMPLATE]",
		Short: "List the variables a template takes, with type, default and description",
		Example: `  clausemark vars dpa-full
  clausemark vars            # every variable in the library
  clausemark vars dpa-full --json-schema > dpa-full.schema.json`,
		Args: maxArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			lib, err := e.load()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			return lib.TemplateIDs(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			s := lib.Schema
			if len(args) == 1 {
				t, ok := lib.Templates[args[0]]
				if !ok {
					return fmt.Errorf("no template %q%s (templates: %s)", args[0], library.DidYouMean(args[0], lib.TemplateIDs()), strings.Join(lib.TemplateIDs(), ", "))
				}
				s = t.Schema
				if schema {
					enc := json.NewEncoder(e.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(vars.JSONSchema(s, "", t.Title+" ("+t.ID+") variables", lib.VariantPaths(t.ID)))
				}
			} else if schema {
				return usagef("--json-schema needs a TEMPLATE")
			}
			if markdown {
				return varsMarkdown(e.stdout, lib, s)
			}
			return writeVars(e.stdout, s, e.outputWidth(e.stdout))
		},
	}
	c.Flags().BoolVar(&schema, "json-schema", false, "print the template's variables as a JSON Schema for editors and forms")
	c.Flags().BoolVar(&markdown, "markdown", false, "print the variables as a Markdown table, with the templates that use each")
	return c
}

// writeVars writes the variables of s as a table. When it is wider than
// width (0: any width), each description is written under its path, and
// a type, default or condition too long for its column under that.
func writeVars(w io.Writer, s *vars.Schema, width int) error {
	rows := [][]string{{"PATH", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION"}}
	for _, p := range s.Paths() {
		v := s.Vars[p]
		rows = append(rows, []string{p, typeOf(v), required(v), defaultOf(v), describe(v)})
	}
	return table{rows: rows, head: true, under: []int{4}, fit: []int{1, 2, 3}, labels: []string{"", "type", "required", "default"}}.write(w, width)
}

// varsMarkdown writes the variables of s as a Markdown table, with the
// templates of lib that take each. The README's variable reference is
// this table.
func varsMarkdown(w io.Writer, lib *library.Library, s *vars.Schema) error {
	cell := func(x string) string { return strings.ReplaceAll(x, "|", `\|`) }
	code := func(x string) string {
		if x == "-" || x == "" {
			return "-"
		}
		return "`" + x + "`"
	}
	var b strings.Builder
	b.WriteString("| path | type | required | default | templates | description |\n|---|---|---|---|---|---|\n")
	for _, p := range s.Paths() {
		v := s.Vars[p]
		var in []string
		for _, id := range lib.TemplateIDs() {
			if _, ok := lib.Templates[id].Schema.Vars[p]; ok {
				in = append(in, "`"+id+"`")
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", p, cell(code(typeOf(v))), cell(required(v)), cell(code(defaultOf(v))), strings.Join(in, ", "), cell(describe(v)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// describe is a variable's description, with its role when it has one.
func describe(v *vars.Var) string {
	if v.Role == "" {
		return v.Description
	}
	return v.Description + " (role: " + string(v.Role) + ")"
}

func typeOf(v *vars.Var) string {
	switch v.Kind {
	case vars.KindInteger:
		switch {
		case v.Min != nil && v.Max != nil:
			return fmt.Sprintf("integer %d-%d", *v.Min, *v.Max)
		case v.Min != nil:
			return fmt.Sprintf("integer >= %d", *v.Min)
		}
	case vars.KindEnum, vars.KindJurisdiction:
		return fmt.Sprintf("%s (%s)", v.Kind, strings.Join(v.Values, "|"))
	case vars.KindText:
		if v.Format != "" {
			return v.Format
		}
	case vars.KindList:
		if v.Items != nil {
			return "list of " + string(v.Items.Kind)
		}
		names := make([]string, len(v.Fields))
		for i, f := range v.Fields {
			names[i] = f.Path
		}
		return "list of {" + strings.Join(names, ", ") + "}"
	}
	return string(v.Kind)
}

func required(v *vars.Var) string {
	switch {
	case v.Required:
		return "yes"
	case len(v.RequiredIf) > 0:
		var conds []string
		for p, want := range v.RequiredIf {
			conds = append(conds, fmt.Sprintf("%s=%v", p, want))
		}
		slices.Sort(conds)
		return "if " + strings.Join(conds, ",")
	}
	return "no"
}

func defaultOf(v *vars.Var) string {
	if v.Default == nil {
		return "-"
	}
	return fmt.Sprint(v.Default)
}

func newTemplates(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "templates",
		Short:   "List the document templates and the variants that start from them",
		Example: `  clausemark templates`,
		Args:    noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			return writeTemplates(e.stdout, lib, e.outputWidth(e.stdout))
		},
	}
}

// writeTemplates writes lib's templates as a table, after the library's
// name. When it is wider than width (0: any width), each description is
// written under its template.
func writeTemplates(w io.Writer, lib *library.Library, width int) error {
	if _, err := fmt.Fprintf(w, "%s %s\n\n", lib.Name, lib.Version); err != nil {
		return err
	}
	rows := [][]string{{"TEMPLATE", "VERSION", "PARTS", "VARIANTS", "DESCRIPTION"}}
	for _, id := range lib.TemplateIDs() {
		t := lib.Templates[id]
		var vs []string
		for _, n := range lib.VariantNames() {
			if lib.Variants[n].Meta.Template == id {
				vs = append(vs, n)
			}
		}
		rows = append(rows, []string{id, t.Version, strconv.Itoa(len(t.Parts)), dash(strings.Join(vs, ", ")), t.Description})
	}
	return table{rows: rows, head: true, under: []int{4}, fit: []int{3}, labels: []string{"", "", "", "variants"}}.write(w, width)
}

// writeClauses writes lib's clauses as a table. When it is wider than
// width (0: any width), each description is written under its clause, and
// a list of alternatives too long for its column under that.
func writeClauses(w io.Writer, lib *library.Library, width int) error {
	rows := [][]string{{"CLAUSE", "VERSION", "ALTERNATIVES", "DESCRIPTION"}}
	for _, id := range lib.ClauseIDs() {
		cl := lib.Clauses[id]
		rows = append(rows, []string{id, cl.Version, strings.Join(cl.Names, ", "), cl.Description})
	}
	return table{rows: rows, head: true, under: []int{3}, fit: []int{2}, labels: []string{"", "", "alternatives"}}.write(w, width)
}

func newClauses(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "clauses [ID]",
		Short: "List the clauses, or show one clause's alternatives, variables and coverage",
		Example: `  clausemark clauses
  clausemark clauses deletion`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return writeClauses(e.stdout, lib, e.outputWidth(e.stdout))
			}
			cl, ok := lib.Clauses[args[0]]
			if !ok {
				return fmt.Errorf("no clause %q%s (clauses: %s)", args[0], library.DidYouMean(args[0], lib.ClauseIDs()), strings.Join(lib.ClauseIDs(), ", "))
			}
			printClause(e.stdout, lib, cl.ID)
			return nil
		},
	}
}

func printClause(w io.Writer, lib *library.Library, id string) {
	cl := lib.Clauses[id]
	fmt.Fprintf(w, "%s %s (%s)\n%s\n", cl.ID, cl.Version, cl.File, cl.Description)
	fmt.Fprintf(w, "templates: %s\n", dash(strings.Join(lib.TemplatesUsing(id), ", ")))
	for _, n := range cl.Names {
		a := cl.Alts[n]
		fmt.Fprintf(w, "\nalternative %s: %s\n", n, a.Title)
		if a.Description != "" {
			fmt.Fprintf(w, "  %s\n", a.Description)
		}
		fmt.Fprintf(w, "  variables: %s\n", dash(strings.Join(a.Variables, ", ")))
		fmt.Fprintf(w, "  covers:    %s\n", dash(strings.Join(a.Covers, ", ")))
	}
}

func newLint(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "lint",
		Short: "Check the clause library: parsing, variables, references, literal names, variants",
		Long: `Lint checks that every clause and template parses; that every variable a clause
uses is declared and every declared one is used; that every reference resolves in
every template that places the clause; that no processor name from a variant is
written literally in clauses/ or templates/; and that every variant renders.`,
		Example: `  clausemark lint --library .
  clausemark lint            # the embedded library`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			if err := lint.Check(lib); err != nil {
				return diag.Wrap("lint", err)
			}
			fmt.Fprintf(e.stdout, "%s: %d clauses, %d templates, %d variants: ok\n", name, len(lib.Clauses), len(lib.Templates), len(lib.Variants))
			return nil
		},
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func maxArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s takes at most %d argument, got %d", c.CommandPath(), n, len(args))
		}
		return nil
	}
}

// exactArgs accepts n arguments, described as what.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %s, got %s", c.CommandPath(), what, arguments(len(args)))
		}
		return nil
	}
}

// minArgs accepts n or more arguments, described as what.
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s needs at least %s", c.CommandPath(), what)
		}
		return nil
	}
}
