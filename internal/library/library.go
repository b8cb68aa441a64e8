// Package library loads a Clausemark library (clauses, document templates,
// the variable schema, the jurisdiction table and the variants) from an
// fs.FS, and resolves a request's variables against it.
//
// Call [Load] first, with the embedded library or a directory on disk; then
// [Library.Resolve] turns a variant, variables files and --set overrides
// into a template and a typed vars.Tree ready for assembly.
//
// # Layout
//
//	clauses/*.md                   one clause per file
//	templates/library.yaml         the library's name and version
//	templates/variables.yaml       every variable: type, constraints, default, description
//	templates/jurisdictions.yaml   statutes, governing law and courts by code
//	templates/countries.yaml       countries by ISO 3166-1 code, for country variables
//	templates/transfers.yaml       transfer regimes: areas, adequacy decisions, mechanisms
//	templates/authorities.yaml     supervisory authorities by country, for Annex I.C of the SCCs
//	templates/documents/*.yaml     document templates: clauses in order, with conditions
//	templates/variants/*.yaml      variants: one processor's values and house template
//	templates/checklists/*.yaml    what a processor contract must contain, by law
//	templates/terms.yaml           names the defined-terms check accepts
package library

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/clausemark/clausemark/internal/authority"
	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/transfer"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// Files of a library, relative to its root.
const (
	ClausesDir        = "clauses"
	DocumentsDir      = "templates/documents"
	VariantsDir       = "templates/variants"
	InfoFile          = "templates/library.yaml"
	VariablesFile     = "templates/variables.yaml"
	JurisdictionsFile = "templates/jurisdictions.yaml"
	CountriesFile     = "templates/countries.yaml"
)

// Library is a loaded clause library.
type Library struct {
	Name          string
	Version       string
	Schema        *vars.Schema
	Clauses       map[string]*clause.Clause
	Templates     map[string]*Template
	Jurisdictions map[string]vars.Record
	Countries     *vars.Countries
	Transfers     *transfer.Table
	Authorities   *authority.Table // supervisory authorities by country, for Annex I.C
	Variants      map[string]*Variant
	Check         CheckPolicy // library.yaml's check: whether the check must pass to issue
	Names         []string    // names the defined-terms check accepts, from NamesFile
	// Funcs are the functions its templates may call: every one from
	// Load; from the snapshot (LoadLazy) those its clauses and
	// conditions call.
	Funcs template.FuncMap
	FS    fs.FS // the files it was loaded from

	checklists func() (map[string]*checklist.Checklist, error) // see [Library.Checklists]
}

// Variant is a variables file that starts a document in one house style.
type Variant struct {
	Name   string
	File   string
	Values vars.Set
	Meta   vars.Meta
}

// Load reads and checks a whole library. Every problem in every file is
// reported at once.
func Load(fsys fs.FS) (*Library, error) { return load(fsys, false) }

// LoadLazy is [Load] for a library already known to load without a
// problem, such as the one embedded in the binary (TestEmbeddedLazy loads
// it both ways): everything is read and checked as by Load but the
// checklists, which are parsed on the first call of [Library.Checklists],
// so that a process that checks nothing does not pay for them.
//
// Where fsys holds exactly the files the snapshot of the embedded library
// was made from (snapshot.go), LoadLazy rebuilds the library from the
// snapshot instead, parsing no file, and each clause's template on its
// first use.
func LoadLazy(fsys fs.FS) (*Library, error) {
	if lib := fromSnapshot(fsys); lib != nil {
		return lib, nil
	}
	return load(fsys, true)
}

// Checklists returns the library's checklists by id. From [Load] they are
// parsed and checked already; from [LoadLazy] the first call parses them,
// and reports every problem in them as Load would have.
func (lib *Library) Checklists() (map[string]*checklist.Checklist, error) {
	if lib.checklists == nil {
		return nil, nil // a Library not made by Load
	}
	return lib.checklists()
}

func load(fsys fs.FS, lazy bool) (*Library, error) {
	lib := &Library{Clauses: map[string]*clause.Clause{}, Templates: map[string]*Template{}, Variants: map[string]*Variant{}, Funcs: funcs.Map(), FS: fsys}
	var errs diag.List

	if data, err := fs.ReadFile(fsys, InfoFile); err != nil {
		errs.Add(&diag.Error{File: InfoFile, Err: fmt.Errorf("cannot read: %w", err)})
	} else {
		var info struct{ Name, Version string }
		if err := yaml.Unmarshal(data, &info); err != nil || info.Version == "" {
			errs.Add(diag.Errorf(InfoFile, 0, 0, "", "must give the library's name and version"))
		}
		lib.Name, lib.Version = info.Name, info.Version
		pol, err := parseCheckPolicy(InfoFile, data)
		errs.Add(err)
		lib.Check = pol
	}

	juris, err := loadJurisdictions(fsys)
	errs.Add(err)
	lib.Jurisdictions = juris

	if data, err := fs.ReadFile(fsys, CountriesFile); err != nil {
		errs.Add(&diag.Error{File: CountriesFile, Err: fmt.Errorf("cannot read: %w", err)})
	} else if c, err := vars.LoadCountries(CountriesFile, data); err != nil {
		errs.Add(err)
	} else {
		lib.Countries = c
	}
	if lib.Countries != nil {
		t, err := transfer.Load(fsys, lib.Countries)
		errs.Add(err)
		lib.Transfers = t
		errs.Add(checkJurisdictionTables(juris, lib.Countries, t))
		a, err := authority.Load(fsys, lib.Countries)
		errs.Add(err)
		lib.Authorities = a
	}

	if data, err := fs.ReadFile(fsys, VariablesFile); err != nil {
		errs.Add(&diag.Error{File: VariablesFile, Err: fmt.Errorf("cannot read: %w", err)})
	} else if lib.Countries == nil {
		// reported above
	} else if s, err := vars.LoadSchema(VariablesFile, data, juris, lib.Countries); err != nil {
		errs.Add(err)
	} else {
		lib.Schema = s
	}
	// Functions over the library's own tables, before any clause parses.
	lib.addTableFuncs(lib.Funcs)

	broken := map[string]bool{} // clauses whose files did not parse
	files, _ := fs.Glob(fsys, ClausesDir+"/*.md")
	if len(files) == 0 {
		errs.Add(&diag.Error{File: ClausesDir, Err: fmt.Errorf("holds no clause files (*.md)")})
	}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs.Add(&diag.Error{File: f, Err: err})
			continue
		}
		c, err := clause.Parse(f, data, lib.Funcs)
		if err != nil {
			errs.Add(err)
			broken[strings.TrimSuffix(path.Base(f), ".md")] = true
			continue
		}
		if want := strings.TrimSuffix(path.Base(f), ".md"); c.ID != want {
			errs.Add(diag.Errorf(f, c.Line, 1, "", "id %q must match the file name %q", c.ID, want))
			continue
		}
		lib.Clauses[c.ID] = c
	}
	if lazy {
		lib.checklists = sync.OnceValues(func() (map[string]*checklist.Checklist, error) {
			return checklist.Load(fsys, lib.Funcs)
		})
	} else {
		lists, err := checklist.Load(fsys, lib.Funcs)
		errs.Add(err)
		lib.checklists = func() (map[string]*checklist.Checklist, error) { return lists, nil }
	}
	names, err := loadNames(fsys)
	errs.Add(err)
	lib.Names = append(names, lib.Authorities.Names()...)

	if lib.Schema == nil {
		return nil, errs.Err()
	}

	files, _ = fs.Glob(fsys, DocumentsDir+"/*.yaml")
	if len(files) == 0 {
		errs.Add(&diag.Error{File: DocumentsDir, Err: fmt.Errorf("holds no document templates (*.yaml)")})
	}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs.Add(&diag.Error{File: f, Err: err})
			continue
		}
		t, err := parseTemplate(lib, f, data, broken)
		if err != nil {
			if !errors.Is(err, errIncomplete) {
				errs.Add(err)
			}
			continue
		}
		lib.Templates[t.ID] = t
	}

	files, _ = fs.Glob(fsys, VariantsDir+"/*.yaml")
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs.Add(&diag.Error{File: f, Err: err})
			continue
		}
		set, meta, err := vars.ParseFile(lib.Schema, f, data)
		if err != nil {
			errs.Add(err)
			continue
		}
		name := strings.TrimSuffix(path.Base(f), ".yaml")
		if meta.Variant != "" {
			errs.Add(diag.Errorf(f, meta.VariantSrc.Line, meta.VariantSrc.Col, "", "a variant cannot start from another variant"))
		}
		if _, ok := lib.Templates[meta.Template]; !ok && len(errs) == 0 {
			errs.Add(diag.Errorf(f, meta.TemplateSrc.Line, meta.TemplateSrc.Col, "", "must name its template (template: ID), one of %s", strings.Join(lib.TemplateIDs(), ", ")))
		}
		lib.Variants[name] = &Variant{Name: name, File: f, Values: set, Meta: meta}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return lib, nil
}

// TemplateIDs returns the template ids in sorted order.
func (lib *Library) TemplateIDs() []string { return sortedKeys(lib.Templates) }

// VariantNames returns the variant names in sorted order.
func (lib *Library) VariantNames() []string { return sortedKeys(lib.Variants) }

// ClauseIDs returns the clause ids in sorted order.
func (lib *Library) ClauseIDs() []string { return sortedKeys(lib.Clauses) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jurisdictionFields are the keys every row of the jurisdiction table has.
var jurisdictionFields = []string{"name", "law", "law_short", "rights", "region", "governing_law", "courts", "gdpr", "checklist", "country", "transfers", "authority", "venues"}

// checkJurisdictionTables checks that each jurisdiction's country is in the
// country table and its transfer regime in the transfer table.
func checkJurisdictionTables(juris map[string]vars.Record, countries *vars.Countries, t *transfer.Table) error {
	var errs diag.List
	for _, code := range sortedKeys(juris) {
		row := juris[code]
		if c, _ := row["country"].(string); c != "" {
			if _, ok := countries.Get(c); !ok {
				errs.Add(diag.Errorf(JurisdictionsFile, 0, 0, "", "jurisdiction %q: country %q is not in %s", code, c, CountriesFile))
			}
		}
		if id, _ := row["transfers"].(string); id != "" && t != nil && t.Regimes[id] == nil {
			errs.Add(diag.Errorf(JurisdictionsFile, 0, 0, "", "jurisdiction %q: transfers %q is not a regime in %s (%s)", code, id, transfer.File, strings.Join(t.IDs(), ", ")))
		}
		if _, ok := row["venues"].([]any); !ok && row["venues"] != nil {
			errs.Add(diag.Errorf(JurisdictionsFile, 0, 0, "", "jurisdiction %q: venues must be a list of court seats", code))
		}
	}
	return errs.Err()
}

func loadJurisdictions(fsys fs.FS) (map[string]vars.Record, error) {
	data, err := fs.ReadFile(fsys, JurisdictionsFile)
	if err != nil {
		return nil, &diag.Error{File: JurisdictionsFile, Err: fmt.Errorf("cannot read: %w", err)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, diag.YAML(JurisdictionsFile, 0, err)
	}
	out := map[string]vars.Record{}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, diag.Errorf(JurisdictionsFile, 1, 1, "", "must map jurisdiction codes to their data")
	}
	var errs diag.List
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		var row map[string]any
		if err := n.Decode(&row); err != nil {
			errs.Add(diag.Errorf(JurisdictionsFile, n.Line, n.Column, "", "jurisdiction %q: %v", k.Value, err))
			continue
		}
		for _, f := range jurisdictionFields {
			if _, ok := row[f]; !ok {
				errs.Add(diag.Errorf(JurisdictionsFile, k.Line, k.Column, "", "jurisdiction %q has no %s", k.Value, f))
			}
		}
		for f, v := range row {
			if s, ok := v.(string); ok {
				row[f] = strings.TrimSpace(s)
			}
		}
		row["code"] = k.Value
		out[k.Value] = vars.Record(row)
	}
	return out, errs.Err()
}

// TemplatesUsing returns the ids of the templates that place clause id.
func (lib *Library) TemplatesUsing(id string) []string {
	var out []string
	for _, tid := range lib.TemplateIDs() {
		if lib.Templates[tid].Part(id) != nil {
			out = append(out, tid)
		}
	}
	return out
}

// VariantPaths maps each variant of template id to the variable paths it
// supplies, sorted.
func (lib *Library) VariantPaths(id string) map[string][]string {
	out := map[string][]string{}
	for name, v := range lib.Variants {
		if v.Meta.Template != id {
			continue
		}
		paths := make([]string, 0, len(v.Values))
		for p := range v.Values {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		out[name] = paths
	}
	return out
}
