package main

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/registry"
)

// completionTimeout bounds how long completing a registry id may take: a
// shell waits for it at every Tab.
const completionTimeout = 2 * time.Second

// completionIDs is how many of the newest documents' ids are offered.
const completionIDs = 100

// addCompletions gives the commands' arguments and flags their shell
// completions, in one place: registry ids, clause ids, template and
// variant names, and the files diff and pdf read. A completion that
// cannot be worked out offers nothing, and says nothing.
func addCompletions(e *env, root *cobra.Command) {
	find := func(path ...string) *cobra.Command {
		c, _, err := root.Find(path)
		if err != nil || c.Name() != path[len(path)-1] {
			return nil
		}
		return c
	}
	for _, path := range [][]string{{"registry", "show"}, {"registry", "get"}} {
		if c := find(path...); c != nil {
			c.ValidArgsFunction = firstArg(e.completeDocumentIDs)
		}
	}
	if c := find("registry", "erase"); c != nil {
		c.ValidArgsFunction = e.completeDocumentIDs
		_ = c.RegisterFlagCompletionFunc("customer", noCompletion)
	}
	if c := find("registry", "affected"); c != nil {
		c.ValidArgsFunction = firstArg(e.completeClauseIDs)
	}
	if c := find("registry", "list"); c != nil {
		_ = c.RegisterFlagCompletionFunc("clause", e.completeClauseIDs)
		_ = c.RegisterFlagCompletionFunc("template", e.completeTemplateIDs)
		_ = c.RegisterFlagCompletionFunc("jurisdiction", e.completeJurisdictions)
		_ = c.RegisterFlagCompletionFunc("var", e.completeSchemaSets)
	}
	if c := find("clauses"); c != nil {
		c.ValidArgsFunction = firstArg(e.completeClauseIDs)
	}
	if c := find("diff"); c != nil {
		c.ValidArgsFunction = e.completeDiffArgs
		_ = c.RegisterFlagCompletionFunc("format", fixed("text", "md", "html", "docx"))
		_ = c.RegisterFlagCompletionFunc("set", e.completeSchemaSets)
	}
	if c := find("check"); c != nil {
		_ = c.RegisterFlagCompletionFunc("format", fixed("text", "json"))
	}
	if c := find("pdf"); c != nil {
		c.ValidArgsFunction = firstArg(func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"md", "markdown"}, cobra.ShellCompDirectiveFilterFileExt
		})
		_ = c.RegisterFlagCompletionFunc("font", fixed("serif", "sans"))
		_ = c.RegisterFlagCompletionFunc("lists", fixed("bullets", "legal"))
	}
	for _, c := range []*cobra.Command{find("render"), find("pdf")} {
		if c != nil {
			_ = c.RegisterFlagCompletionFunc("page-size", fixed("a4", "letter"))
		}
	}
	if c := find("library", "export"); c != nil {
		c.ValidArgsFunction = firstArg(func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		})
	}
	_ = root.MarkPersistentFlagDirname("library")
}

// completion is how cobra asks for the completions of an argument or a
// flag's value.
type completion = func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// firstArg completes the first argument with f and offers nothing after.
func firstArg(f completion) completion {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f(c, args, toComplete)
	}
}

// fixed offers these values.
func fixed(values ...string) completion {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// noCompletion offers nothing, not even files.
func noCompletion(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// completeDocumentIDs offers the ids of the newest documents in the
// registry that start with what is typed, each described by its customer
// and date. It only reads, within completionTimeout, and a registry that
// cannot be read offers nothing.
func (e *env) completeDocumentIDs(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	ctx, cancel := context.WithTimeout(e.ctx, completionTimeout)
	defer cancel()
	loc, err := e.registryLocation()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	reg, err := registry.Open(ctx, loc, registry.Options{ReadOnly: true})
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer reg.Close()
	list, _, err := reg.List(ctx, registry.Filter{Limit: completionIDs})
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	typed := strings.ToUpper(toComplete)
	var out []string
	for _, s := range list {
		if strings.HasPrefix(s.ID, typed) {
			desc := s.LastIssued.Format("2006-01-02")
			if s.Customer != "" {
				desc = cell(s.Customer) + ", " + desc
			}
			out = append(out, s.ID+"\t"+desc)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeClauseIDs offers the library's clause ids, each described by
// its version.
func (e *env) completeClauseIDs(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	lib, err := e.load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, id := range lib.ClauseIDs() {
		if strings.HasPrefix(id, toComplete) {
			out = append(out, id+"\t"+lib.Clauses[id].Version)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeTemplateIDs offers the library's template ids.
func (e *env) completeTemplateIDs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	lib, err := e.load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return lib.TemplateIDs(), cobra.ShellCompDirectiveNoFileComp
}

// completeJurisdictions offers the library's jurisdiction codes.
func (e *env) completeJurisdictions(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	lib, err := e.load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	codes := slices.Sorted(maps.Keys(lib.Jurisdictions))
	return codes, cobra.ShellCompDirectiveNoFileComp
}

// completeSchemaSets offers path=value assignments over every variable
// of the library, as --set does.
func (e *env) completeSchemaSets(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	lib, err := e.load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return setCompletions(lib, "", "", toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeDiffArgs offers, for each of diff's two documents, the
// variants; where none matches what is typed, the shell offers files, for
// a variables file.
func (e *env) completeDiffArgs(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) >= 2 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	lib, err := e.load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []string
	for _, n := range lib.VariantNames() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n+"\tvariant")
		}
	}
	return out, cobra.ShellCompDirectiveDefault
}
