// Package transfer decides which transfers of personal data a document
// must provide a mechanism for: from the customer to the processor, and
// from the processor to each subprocessor, under the transfer regime of
// the governing jurisdiction (the GDPR's Chapter V, the UK GDPR's, the
// FADP's).
//
// The rules are data: templates/transfers.yaml lists, for each regime, the
// countries inside its area, the countries with an adequacy finding (with
// the decision and its date) and the mechanism the documents use for any
// other country. Clauses and checklists reach the analysis through the
// template function transfers:
//
//	{{ $t := transfers .jurisdiction .processor.country .subprocessors .customer.country }}
//	{{ if $t.Module2 }}...{{ end }}
package transfer

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// File holds the regimes, relative to the library's root.
const File = "templates/transfers.yaml"

// The mechanisms a regime may name.
const (
	EUSCC      = "eu-scc"      // the EU Standard Contractual Clauses (Implementing Decision (EU) 2021/914)
	UKAddendum = "uk-addendum" // the EU SCCs with the UK International Data Transfer Addendum
	CHSCC      = "ch-scc"      // the EU SCCs with the adaptations the FDPIC recognises for Switzerland
)

var mechanisms = []string{EUSCC, UKAddendum, CHSCC}

// Regime is one law's rules for transfers out of its area.
type Regime struct {
	ID        string
	Name      string // "Chapter V of the GDPR"
	Area      string // "the European Economic Area (EEA)"
	Mechanism string // one of EUSCC, UKAddendum, CHSCC
	Authority string // supervisory authority for Annex I.C, or ""
	Within    []string
	Adequacy  []*Decision

	within   map[string]bool
	adequate map[string]*Decision
}

// Decision is one adequacy finding.
type Decision struct {
	Country  string    // ISO 3166-1 code
	Decision string    // the instrument, in full
	Date     vars.Date // its date
	Scope    string    // who it covers when not every recipient; "" for all
	// CertifiedOnly marks a decision that covers only organisations that
	// certify under a framework (the Data Privacy Framework): the
	// documents do not rely on it, since a party's certification is not
	// a variable, and use the mechanism instead.
	CertifiedOnly bool
}

// Table holds every regime by id.
type Table struct {
	Regimes map[string]*Regime
}

// Load reads the regimes from fsys, checking every country code against
// the country table.
func Load(fsys fs.FS, countries *vars.Countries) (*Table, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, &diag.Error{File: File, Err: fmt.Errorf("cannot read: %w", err)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, diag.YAML(File, 0, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, diag.Errorf(File, 1, 1, "", "must map regime ids to their rules")
	}
	t := &Table{Regimes: map[string]*Regime{}}
	var errs diag.List
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		var raw struct {
			Name      string   `yaml:"name"`
			Area      string   `yaml:"area"`
			Within    []string `yaml:"within"`
			Mechanism string   `yaml:"mechanism"`
			Authority string   `yaml:"authority"`
			Adequacy  []struct {
				Country  string `yaml:"country"`
				Decision string `yaml:"decision"`
				Date     string `yaml:"date"`
				Scope    string `yaml:"scope"`
				Cert     bool   `yaml:"certified_only"`
			} `yaml:"adequacy"`
		}
		if err := n.Decode(&raw); err != nil {
			errs.Add(diag.Errorf(File, n.Line, n.Column, "", "regime %q: %v", k.Value, err))
			continue
		}
		r := &Regime{ID: k.Value, Name: raw.Name, Area: raw.Area, Mechanism: raw.Mechanism, Authority: raw.Authority,
			within: map[string]bool{}, adequate: map[string]*Decision{}}
		if r.Name == "" || r.Area == "" {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q needs a name and an area", k.Value))
		}
		if !slices.Contains(mechanisms, r.Mechanism) {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: mechanism must be one of %s, got %q", k.Value, strings.Join(mechanisms, ", "), r.Mechanism))
		}
		for _, c := range raw.Within {
			if _, ok := countries.Get(c); !ok {
				errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: within: %q is not in the country table", k.Value, c))
			}
			r.within[c] = true
			r.Within = append(r.Within, c)
		}
		for _, a := range raw.Adequacy {
			if _, ok := countries.Get(a.Country); !ok {
				errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: adequacy: %q is not in the country table", k.Value, a.Country))
				continue
			}
			d, err := vars.ParseDate(a.Date)
			if err != nil || a.Decision == "" {
				errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: adequacy for %s needs a decision and a date written YYYY-MM-DD", k.Value, a.Country))
				continue
			}
			if r.within[a.Country] {
				errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: %s is within the area and needs no adequacy decision", k.Value, a.Country))
			}
			if _, dup := r.adequate[a.Country]; dup {
				errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: %s has two adequacy rows", k.Value, a.Country))
			}
			dec := &Decision{Country: a.Country, Decision: a.Decision, Date: d.WithLayout(vars.DateLayouts["day-month-year"]), Scope: a.Scope, CertifiedOnly: a.Cert}
			r.adequate[a.Country] = dec
			r.Adequacy = append(r.Adequacy, dec)
		}
		t.Regimes[r.ID] = r
	}
	return t, errs.Err()
}

// IDs returns the regime ids in sorted order.
func (t *Table) IDs() []string {
	out := make([]string, 0, len(t.Regimes))
	for id := range t.Regimes {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Destination is one recipient of personal data and what its country means
// under the regime.
type Destination struct {
	Party    string       // the processor's or subprocessor's name
	Country  vars.Country // where it processes the data
	Within   bool         // inside the regime's area: no transfer
	Adequacy *Decision    // the adequacy decision relied on, or nil
	Limited  *Decision    // a decision for certified organisations only, not relied on, or nil
}

// Restricted reports whether the transfer needs a mechanism.
func (d *Destination) Restricted() bool { return !d.Within && d.Adequacy == nil }

// Analysis is what a document's transfers need.
type Analysis struct {
	Regime        *Regime        // nil when the jurisdiction names none
	Processor     *Destination   // nil when the processor's country is not given
	Subprocessors []*Destination // those with a known country, in the document's order
	Module2       bool           // the customer's transfer to the processor needs the SCCs' Module Two
	Module3       bool           // some subprocessor needs the processor's onward transfer under Module Three
	Restricted    []*Destination // the subprocessors whose transfer needs a mechanism
	Customer      *vars.Country  // where the customer is established, or nil when not given
}

// SCC reports whether the document relies on the Standard Contractual
// Clauses at all.
func (a *Analysis) SCC() bool { return a.Module2 || a.Module3 }

// Mechanism returns the regime's mechanism, or "" without a regime.
func (a *Analysis) Mechanism() string {
	if a.Regime == nil {
		return ""
	}
	return a.Regime.Mechanism
}

// Analyze works out the transfers for a jurisdiction record (from
// jurisdictions.yaml, whose "transfers" field names the regime), the
// processor's country (a vars.Country, or nil when not given), the
// subprocessors (a list of objects with name and location) and the
// customer's country (a vars.Country, or nil when not given).
func (t *Table) Analyze(jurisdiction, processorCountry, subprocessors, customerCountry any) *Analysis {
	a := &Analysis{}
	if c, ok := customerCountry.(vars.Country); ok {
		a.Customer = &c
	}
	rec, _ := jurisdiction.(vars.Record)
	id, _ := rec["transfers"].(string)
	if t == nil || t.Regimes[id] == nil {
		return a
	}
	r := t.Regimes[id]
	a.Regime = r
	if c, ok := processorCountry.(vars.Country); ok {
		a.Processor = r.destination("", c)
		a.Module2 = a.Processor.Restricted()
	}
	list, _ := subprocessors.([]any)
	for _, item := range list {
		obj, _ := item.(map[string]any)
		c, ok := obj["location"].(vars.Country)
		if !ok {
			continue
		}
		d := r.destination(fmt.Sprint(obj["name"]), c)
		a.Subprocessors = append(a.Subprocessors, d)
		if d.Restricted() {
			a.Restricted = append(a.Restricted, d)
			a.Module3 = true
		}
	}
	return a
}

func (r *Regime) destination(party string, c vars.Country) *Destination {
	d := &Destination{Party: party, Country: c, Within: r.within[c.Code]}
	if dec := r.adequate[c.Code]; dec != nil && !d.Within {
		if dec.CertifiedOnly {
			d.Limited = dec
		} else {
			d.Adequacy = dec
		}
	}
	return d
}

// ErrNoState says that no country inside the regime's area can govern the
// Standard Contractual Clauses; MemberState returns it inside a
// *diag.Error that names customer.country.
var ErrNoState = fmt.Errorf("%w: the Standard Contractual Clauses need the EU Member State whose law governs them (Clause 17) and whose courts resolve disputes (Clause 18); give the country in the EEA where the Customer is established", vars.ErrRequired)

// MemberState returns the country whose law and courts govern the EU
// Standard Contractual Clauses (Clauses 17 and 18): the jurisdiction's
// own country, so that the SCCs follow the DPA's governing law, else (for
// the EU as a whole) the customer's country when it lies inside the
// regime's area. Without either it returns a *diag.Error wrapping
// ErrNoState.
// The error names countryPath, the customer's country variable.
func (t *Table) MemberState(jurisdiction, customerCountry any, countries *vars.Countries, countryPath string) (vars.Country, error) {
	rec, _ := jurisdiction.(vars.Record)
	id, _ := rec["transfers"].(string)
	var r *Regime
	if t != nil {
		r = t.Regimes[id]
	}
	if code, _ := rec["country"].(string); code != "" {
		if c, ok := countries.Get(code); ok && (r == nil || r.within[code]) {
			return c, nil
		}
	}
	if c, ok := customerCountry.(vars.Country); ok && r != nil && r.within[c.Code] {
		return c, nil
	}
	return vars.Country{}, &diag.Error{Variable: countryPath, Err: ErrNoState}
}

// Funcs returns the template functions over t: transfers, as the package
// documentation shows, and sccState, which gives [Table.MemberState] and
// names countryPath, the customer's country variable, when it fails.
func (t *Table) Funcs(countries *vars.Countries, countryPath string) map[string]any {
	return map[string]any{
		"transfers": t.Analyze,
		"sccState": func(jurisdiction, customerCountry any) (vars.Country, error) {
			return t.MemberState(jurisdiction, customerCountry, countries, countryPath)
		},
	}
}
