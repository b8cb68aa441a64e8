package library

import (
	"errors"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// Input is one variables file given by the user.
type Input struct {
	Name string // as the user named it, used in error messages
	Data []byte
}

// Request says which document to make and with which values. Later
// sources win: the variant, then Files in order, then Sets.
type Request struct {
	Template string   // template id; empty takes the variant's
	Variant  string   // variant name; empty takes the first "variant:" in Files
	Files    []Input  // variables files
	Sets     []string // "path=value" overrides
	// Date is the day of issue, which the edge that issues the document
	// reads from its clock: the value of the template's variable with
	// the document-date role wherever the files and overrides give it
	// none (a batch row may still), over the variant's, which is its
	// specimen's date. Zero supplies nothing: the variant's date, else
	// the request's own, is then the document's.
	Date vars.Date
}

// Resolved is a request checked against the library.
type Resolved struct {
	Library  *Library
	Template *Template
	Variant  *Variant // nil if none
	Tree     vars.Tree
	Values   vars.Set // every value with its source, defaults included
	Warnings []string // problems that do not stop rendering
}

// Resolve checks a request and builds the values for assembly. All problems
// are reported at once.
func (lib *Library) Resolve(req Request) (*Resolved, error) {
	p, err := lib.Prepare(req)
	if err != nil {
		return nil, err
	}
	return p.Resolve()
}

// Prepared is a request whose files and overrides have been read and whose
// template is chosen: the base that batch rows start from.
type Prepared struct {
	lib      *Library
	Template *Template
	Variant  *Variant
	layers   []vars.Set
}

// Library returns the library the request was prepared against.
func (p *Prepared) Library() *Library { return p.lib }

// Prepare reads the request's files and overrides and chooses its template.
// Every problem is reported at once.
func (lib *Library) Prepare(req Request) (*Prepared, error) {
	var errs diag.List
	var layers []vars.Set
	variant, template := req.Variant, req.Template
	var variantSrc vars.Source
	for _, f := range req.Files {
		set, meta, err := vars.ParseFile(lib.Schema, f.Name, f.Data)
		if err != nil {
			errs.Add(err)
		}
		if meta.Variant != "" {
			switch {
			case variant == "":
				variant, variantSrc = meta.Variant, meta.VariantSrc
			case variant != meta.Variant:
				errs.Add(diag.Errorf(f.Name, meta.VariantSrc.Line, meta.VariantSrc.Col, "", "variant %q conflicts with variant %q chosen before", meta.Variant, variant))
			}
		}
		if meta.Template != "" {
			if template == "" {
				template = meta.Template
			} else if template != meta.Template {
				errs.Add(diag.Errorf(f.Name, meta.TemplateSrc.Line, meta.TemplateSrc.Col, "", "template %q conflicts with template %q chosen before", meta.Template, template))
			}
		}
		layers = append(layers, set)
	}
	set := vars.Set{}
	for _, s := range req.Sets {
		p, v, err := vars.ParseAssignment(lib.Schema, s)
		if err != nil {
			errs.Add(err)
			continue
		}
		set[p] = v
	}
	layers = append(layers, set)

	var v *Variant
	if variant != "" {
		v = lib.Variants[variant]
		if v == nil {
			errs.Add(diag.Errorf(variantSrc.File, variantSrc.Line, variantSrc.Col, "", "no variant %q%s (variants: %s)", variant, DidYouMean(variant, lib.VariantNames()), strings.Join(lib.VariantNames(), ", ")))
		} else if template == "" {
			template = v.Meta.Template
		}
	}
	if template == "" {
		if len(lib.Templates) == 1 {
			template = lib.TemplateIDs()[0]
		} else if v == nil && variant == "" && len(errs) == 0 {
			errs.Add(fmt.Errorf("no template chosen: give a variant (%s) or a template (%s)", strings.Join(lib.VariantNames(), ", "), strings.Join(lib.TemplateIDs(), ", ")))
		}
	}
	t := lib.Templates[template]
	if t == nil && template != "" {
		errs.Add(fmt.Errorf("no template %q%s (templates: %s)", template, DidYouMean(template, lib.TemplateIDs()), strings.Join(lib.TemplateIDs(), ", ")))
	}
	if t == nil {
		return nil, errs.Err()
	}
	if d, ok := issueDate(t, req.Date); ok {
		layers = append([]vars.Set{d}, layers...)
	}
	if v != nil {
		// A variant written for another template gives only what this one uses.
		layers = append([]vars.Set{filter(t, v.Values)}, layers...)
	}
	for _, layer := range layers[boolInt(v != nil):] {
		errs.Add(unused(lib, t, layer))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &Prepared{lib: lib, Template: t, Variant: v, layers: layers}, nil
}

// IssueDateSource is the source of the date of issue an edge supplies
// (Request.Date), as messages and the registry's values name it.
const IssueDateSource = "the date of issue"

// issueDate returns the layer that gives t's document date the day of
// issue d, over the variant and under every file and override, if d is set and t has a
// variable with the document-date role.
func issueDate(t *Template, d vars.Date) (vars.Set, bool) {
	p, ok := t.Schema.RolePath(vars.RoleDate)
	if !ok || d.IsZero() {
		return nil, false
	}
	return vars.Set{p: {V: d, Src: vars.Source{File: IssueDateSource}}}, true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// filter returns the values of set that template t uses.
func filter(t *Template, set vars.Set) vars.Set {
	out := make(vars.Set, len(set))
	for p, val := range set {
		if _, ok := t.Schema.Vars[p]; ok {
			out[p] = val
		}
	}
	return out
}

// unused reports the values in set that the library knows but template t
// does not use.
func unused(lib *Library, t *Template, set vars.Set) error {
	var errs diag.List
	for p, val := range set {
		if _, ok := t.Schema.Vars[p]; !ok && lib.Schema.Vars[p] != nil {
			errs.Add(diag.Errorf(val.Src.File, val.Src.Line, val.Src.Col, p, "not used by template %s; remove it or choose a template that uses it", t.ID))
		}
	}
	return errs.Err()
}

// Resolve layers extra sets (a batch row, say) over the prepared values and
// builds the values for assembly. A Prepared may resolve from several
// goroutines at once.
func (p *Prepared) Resolve(extra ...vars.Set) (*Resolved, error) {
	var errs diag.List
	for _, set := range extra {
		errs.Add(unused(p.lib, p.Template, set))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	layers := append(append(make([]vars.Set, 0, len(p.layers)+len(extra)), p.layers...), extra...)
	tree, merged, err := vars.Resolve(p.Template.Schema, layers...)
	if err != nil {
		return nil, err
	}
	var warnings []string
	if p.Variant != nil {
		// A variant's value tied to another variable (its venue, tied to
		// its jurisdiction) is left out when that variable has changed:
		// the default applies, and a warning says so.
		if broken, ws := untie(p.Template.Schema, p.Variant, merged); len(broken) > 0 {
			warnings = ws
			for i, l := range layers {
				layers[i] = without(l, broken, p.Variant.File)
			}
			if tree, merged, err = vars.Resolve(p.Template.Schema, layers...); err != nil {
				return nil, explainUntied(err, broken)
			}
		}
	}
	if err := vars.CheckSeats(p.Template.Schema, tree, merged); err != nil {
		return nil, err
	}
	r := &Resolved{Library: p.lib, Template: p.Template, Variant: p.Variant, Tree: tree, Values: merged}
	var base []string
	if p.Variant != nil {
		base = append(base, p.Variant.File)
	}
	r.Warnings = append(warnings, vars.Ignored(p.Template.Schema, merged, base...)...)
	r.Warnings = append(r.Warnings, p.lib.transferWarnings(tree)...)
	return r, nil
}

// explainUntied adds to each problem about a variable that untie left out
// why the variant's value no longer applies.
func explainUntied(err error, broken map[string]string) error {
	var list diag.List
	if !errors.As(err, &list) {
		return err
	}
	out := make(diag.List, len(list))
	for i, e := range list {
		out[i] = e
		if why, ok := broken[e.Variable]; ok {
			c := *e
			c.Err = fmt.Errorf("%w (%s)", e.Err, why)
			out[i] = &c
		}
	}
	return out.Err()
}

// untie returns the variables whose value came from variant v while the
// variable they are tied to no longer has v's value, each with why, and a
// warning for each.
func untie(s *vars.Schema, v *Variant, merged vars.Set) (map[string]string, []string) {
	var broken map[string]string
	var warnings []string
	for _, p := range s.Paths() {
		sv := s.Vars[p]
		val, ok := merged[p]
		if len(sv.TiedTo) == 0 || !ok || val.V == nil || val.Src.File != v.File {
			continue
		}
		for _, t := range sv.TiedTo {
			now, had := merged[t], v.Values[t]
			if vars.Canonical(now.V) == vars.Canonical(had.V) {
				continue
			}
			if broken == nil {
				broken = map[string]string{}
			}
			broken[p] = fmt.Sprintf("variant %s's value goes with %s %s, not %s", v.Name, t, vars.Canonical(had.V), vars.Canonical(now.V))
			if sv.Default != nil {
				break // its neutral default takes its place: nothing of the variant's remains to warn of
			}
			warnings = append(warnings, fmt.Sprintf("%s %s from variant %s goes with %s %s, not %s; it is left out (set %s to choose one for %s)",
				p, display(val.V), v.Name, t, vars.Canonical(had.V), vars.Canonical(now.V), p, vars.Canonical(now.V)))
			break
		}
	}
	return broken, warnings
}

// without returns set less the values of paths that came from file.
func without(set vars.Set, paths map[string]string, file string) vars.Set {
	out := make(vars.Set, len(set))
	for k, val := range set {
		if _, ok := paths[k]; ok && val.Src.File == file {
			continue
		}
		out[k] = val
	}
	return out
}

func rawText(x any) string {
	if t, ok := x.(vars.Text); ok {
		return string(t)
	}
	return fmt.Sprint(x)
}

func display(x any) string {
	if l, ok := x.([]any); ok {
		parts := make([]string, len(l))
		for i, e := range l {
			parts[i] = rawText(e)
		}
		return fmt.Sprintf("%q", strings.Join(parts, " / "))
	}
	return fmt.Sprintf("%q", rawText(x))
}

// DidYouMean returns ": did you mean "x"?" for the name among names that
// is closest to s, or nothing if none is close.
func DidYouMean(s string, names []string) string {
	if m := vars.Closest(s, names); m != "" {
		return fmt.Sprintf(": did you mean %q?", m)
	}
	return ""
}
