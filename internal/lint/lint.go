// Package lint checks a loaded library for the mistakes that parsing alone
// does not catch: variables used but not declared (or declared but not
// used), references that do not resolve, processor names written into
// clauses instead of taken from variables, checklist claims no checklist
// defines, variants that do not render, and, in each variant, defined terms
// that are undefined, unused or defined twice, variables the web form
// could only name by their path, and a negotiation playbook that names
// variables, clauses or positions the library does not have or allows
// values a variable's own limits forbid.
//
// Call [Check] with a loaded library; it returns every problem at once as
// a diag.List.
package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/terms"
	"github.com/clausemark/clausemark/internal/vars"
)

// Check runs every check over lib and the files it was loaded from.
func Check(lib *library.Library) error {
	var errs diag.List
	checkVariables(lib, &errs)
	checkLabels(lib, &errs)
	checkRoles(lib, &errs)
	checkRefs(lib, &errs)
	checkLiterals(lib, lib.FS, &errs)
	checkVariants(lib, &errs)
	checkChecklists(lib, &errs)
	checkPlaybook(lib, &errs)
	checkRequired(lib, &errs)
	return errs.Err()
}

// checkRequired reports, where the house requires the check to pass
// (library.yaml's check: required), each variant whose own document, as
// the variant gives its values, fails it: every document of that house
// style would be held back until its values change.
func checkRequired(lib *library.Library, errs *diag.List) {
	if !lib.Check.Required() {
		return
	}
	c := check.NewChecker(lib)
	for _, name := range lib.VariantNames() {
		r, err := lib.Resolve(library.Request{Variant: name})
		if err != nil {
			continue // checkVariants reports it
		}
		doc, err := assemble.Assemble(r)
		if err != nil {
			continue
		}
		var re *check.RequiredError
		if errors.As(c.Required(doc, r.Tree), &re) {
			list := re.List()
			errs.Add(diag.Errorf(lib.Check.File, lib.Check.Line, 0, "", "check: required, and variant %s's own document fails the check with %d problems, the first: %v; every document of it is held back until its values change (a wording the check accepts, such as position: balanced, or check: notes)",
				name, len(list), list[0]))
		}
	}
}

// checkChecklists checks that every jurisdiction names a checklist that
// exists (or "none") and that every element a clause claims is in one.
func checkChecklists(lib *library.Library, errs *diag.List) {
	lists, err := lib.Checklists()
	errs.Add(err)
	elements := map[string]bool{}
	for _, l := range lists {
		for _, e := range l.Elements {
			elements[e.ID] = true
		}
	}
	codes := make([]string, 0, len(lib.Jurisdictions))
	for code := range lib.Jurisdictions {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		id, _ := lib.Jurisdictions[code]["checklist"].(string)
		if _, ok := lists[id]; !ok && id != "none" {
			errs.Add(diag.Errorf(library.JurisdictionsFile, 0, 0, "", "jurisdiction %q names checklist %q, which is not in %s (or \"none\")", code, id, checklist.Dir))
		}
	}
	for _, id := range lib.ClauseIDs() {
		c := lib.Clauses[id]
		for _, name := range c.Names {
			for _, e := range c.Alts[name].Covers {
				if !elements[e] {
					errs.Add(diag.Errorf(c.File, c.Alts[name].Line, 1, "", "alternative %q covers %q, an element no checklist defines", name, e))
				}
			}
		}
	}
}

// fieldVars maps a field path used in a template to the declared variables
// it reads: the longest declared prefix, or every variable of a group.
func fieldVars(s *vars.Schema, path string) []string {
	if v := s.Lookup(path); v != nil {
		return []string{v.Path}
	}
	var out []string
	for _, p := range s.Paths() {
		if strings.HasPrefix(p, path+".") {
			out = append(out, p)
		}
	}
	return out
}

func checkVariables(lib *library.Library, errs *diag.List) {
	usedAnywhere := map[string]bool{}
	for _, t := range lib.Templates {
		for p := range t.Schema.Vars {
			usedAnywhere[p] = true
		}
	}
	for _, id := range lib.ClauseIDs() {
		c := lib.Clauses[id]
		for _, name := range c.Names {
			a := c.Alts[name]
			declared := map[string]bool{}
			for _, p := range a.Variables {
				if lib.Schema.Vars[p] == nil {
					errs.Add(diag.Errorf(c.File, a.Line, 1, p, "alternative %q declares a variable that %s does not", name, library.VariablesFile))
				}
				declared[p] = true
			}
			used := map[string]bool{}
			for _, u := range a.Uses {
				if u.Ref {
					continue
				}
				ps := fieldVars(lib.Schema, u.Path)
				if len(ps) == 0 {
					errs.Add(diag.Errorf(c.File, u.Line, u.Col, u.Path, "undeclared variable (not in %s)", library.VariablesFile))
					continue
				}
				for _, p := range ps {
					if !declared[p] && !used[p] {
						errs.Add(diag.Errorf(c.File, u.Line, u.Col, p, "used but not listed in the variables of alternative %q", name))
					}
					used[p] = true
				}
			}
			for _, p := range a.Variables {
				if !used[p] {
					errs.Add(diag.Errorf(c.File, a.Line, 1, p, "listed in the variables of alternative %q but never used", name))
				}
			}
		}
	}
	for _, p := range lib.Schema.Paths() {
		if !usedAnywhere[p] {
			v := lib.Schema.Vars[p]
			errs.Add(diag.Errorf(v.File, v.Line, 1, p, "declared but used by no template"))
		}
	}
}

// checkLabels checks that every variable a template uses, and every field
// of a list's items, has a label: the name the web form shows a person,
// who does not know the paths.
func checkLabels(lib *library.Library, errs *diag.List) {
	used := map[string]bool{}
	for _, t := range lib.Templates {
		for p := range t.Schema.Vars {
			used[p] = true
		}
	}
	for _, p := range lib.Schema.Paths() {
		v := lib.Schema.Vars[p]
		if !used[p] {
			continue
		}
		if v.Label == "" {
			errs.Add(diag.Errorf(v.File, v.Line, 1, p, "has no label: the form would call it %q; add label: with the name a person knows it by", v.Title()))
		}
		for _, f := range v.Fields {
			if f.Label == "" {
				errs.Add(diag.Errorf(v.File, f.Line, 1, p, "field %s has no label: the form would call it %q; add label: with the name a person knows it by", f.Path, f.Title()))
			}
		}
	}
}

func checkRefs(lib *library.Library, errs *diag.List) {
	for _, tid := range lib.TemplateIDs() {
		t := lib.Templates[tid]
		for _, p := range t.Parts {
			var uses []clause.Use
			for _, a := range p.Wordings() {
				uses = append(uses, a.Uses...)
			}
			for _, u := range uses {
				if !u.Ref {
					continue
				}
				if lib.Clauses[u.Path] == nil {
					errs.Add(diag.Errorf(p.Clause.File, u.Line, u.Col, "", "ref %q: no such clause", u.Path))
					continue
				}
				target := t.Part(u.Path)
				switch {
				case target == nil:
					errs.Add(diag.Errorf(p.Clause.File, u.Line, u.Col, "", "ref %q: clause is not in template %s", u.Path, tid))
				case target.Kind == library.Unnumbered:
					errs.Add(diag.Errorf(p.Clause.File, u.Line, u.Col, "", "ref %q: clause is unnumbered in template %s", u.Path, tid))
				}
			}
		}
	}
}

// checkRoles reports each document template that uses no variable with a
// role every document needs.
func checkRoles(lib *library.Library, errs *diag.List) {
	for _, id := range lib.TemplateIDs() {
		t := lib.Templates[id]
		for _, r := range vars.Roles {
			if _, ok := t.Schema.RolePath(r.Role); ok || !r.Required {
				continue
			}
			hint := "declare \"role: " + string(r.Role) + "\" on one in " + library.VariablesFile
			if p, ok := lib.Schema.RolePath(r.Role); ok {
				hint = fmt.Sprintf("%q has it; use it in a clause or list it under variables:", p)
			}
			errs.Add(diag.Errorf(t.File, t.Line, 1, "", "template %s uses no variable with role %s (%s); %s", t.ID, r.Role, r.Purpose, hint))
		}
	}
}

// processorFields writes the template actions that print the processor's
// names, for a message.
func processorFields(s *vars.Schema) string {
	var out []string
	for _, r := range []vars.Role{vars.RoleProcessorName, vars.RoleProcessorLegalName} {
		if p, ok := s.RolePath(r); ok {
			out = append(out, "{{ ."+p+" }}")
		}
	}
	if len(out) == 0 {
		return "a variable"
	}
	return strings.Join(out, " or ")
}

// checkLiterals reports the variants' processor names written literally in
// clauses or templates outside the variant files.
func checkLiterals(lib *library.Library, fsys fs.FS, errs *diag.List) {
	var names []string
	for _, v := range lib.Variants {
		for _, r := range []vars.Role{vars.RoleProcessorName, vars.RoleProcessorLegalName} {
			p, ok := lib.Schema.RolePath(r)
			if !ok {
				continue
			}
			if val, ok := v.Values[p]; ok {
				if t, ok := val.V.(vars.Text); ok && t != "" {
					names = append(names, regexp.QuoteMeta(string(t)))
				}
			}
		}
	}
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	names = slices.Compact(names)
	re := regexp.MustCompile(`(?i)\b(` + strings.Join(names, "|") + `)\b`)
	_ = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if !strings.HasPrefix(path, library.ClausesDir+"/") && !strings.HasPrefix(path, "templates/") {
			return nil
		}
		if strings.HasPrefix(path, library.VariantsDir+"/") {
			return nil
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range re.FindAllStringIndex(line, -1) {
				errs.Add(diag.Errorf(path, i+1, m[0]+1, "", "processor name %q written literally; use %s", line[m[0]:m[1]], processorFields(lib.Schema)))
			}
		}
		return nil
	})
}

// checkVariants renders every variant and checks its defined terms. A
// problem the variants share is reported once, naming them all.
func checkVariants(lib *library.Library, errs *diag.List) {
	// A problem is the same in two variants when it is of the same kind,
	// about the same term, at the same place.
	type key struct {
		kind      terms.Kind
		term      string
		file      string
		line, col int
	}
	var order []*diag.Error
	keys := map[*diag.Error]key{}
	in := map[key][]string{}
	for _, name := range lib.VariantNames() {
		r, err := lib.Resolve(library.Request{Variant: name})
		var doc *assemble.Document
		if err == nil {
			doc, err = assemble.Assemble(r)
		}
		if err != nil {
			// A template past a bound of funcs is reported at the
			// clause, and no more variants are rendered: each could
			// spend a whole budget again.
			var le *funcs.LimitError
			var de *diag.Error
			if errors.As(err, &le) && errors.As(err, &de) {
				errs.Add(diag.Errorf(de.File, de.Line, de.Col, "", "%w [variant %s]", le, name))
				return
			}
			errs.Add(&diag.Error{File: lib.Variants[name].File, Err: fmt.Errorf("variant %s does not render: %w", name, err)})
			continue
		}
		for _, p := range terms.Document(doc, r.Tree, lib.Names).Problems {
			e := p.Err()
			k := key{p.Kind, p.Term, e.File, e.Line, e.Col}
			if in[k] == nil {
				order = append(order, e)
				keys[e] = k
			}
			in[k] = append(in[k], name)
		}
	}
	for _, e := range order {
		vs := in[keys[e]]
		errs.Add(diag.Errorf(e.File, e.Line, e.Col, "", "%v [variant %s]", e.Err, strings.Join(vs, ", ")))
	}
}
