// Package transfer decides which transfers of personal data a document
// must provide a mechanism for: from the customer to the processor under
// the transfer regime of the governing jurisdiction (the GDPR's Chapter V,
// the UK GDPR's, the FADP's, the LGPD's); from the processor to each
// subprocessor under the processor's own law where it lies in a regime's
// area (a UK processor's onward transfers are the UK GDPR's), else under
// the jurisdiction's; and back from a processor inside a regime's area to
// a customer outside it (Module Four).
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
	"errors"
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
	// ANPDSCC is Brazil's standard contractual clauses, which the library
	// does not carry: a document that would need them in its own text is
	// refused (see [Table.Require]).
	ANPDSCC = "anpd-scc"
)

var mechanisms = []string{EUSCC, UKAddendum, CHSCC, ANPDSCC}

// Carried reports whether the library's documents can set out mechanism
// m: the EU Standard Contractual Clauses, alone or with the UK Addendum or
// the Swiss adaptations.
func Carried(m string) bool { return m == EUSCC || m == UKAddendum || m == CHSCC }

// ErrNotCarried says that a transfer the document must provide for needs
// a mechanism the library does not carry; Require returns it inside a
// *diag.Error that names the variable whose value calls for it.
var ErrNotCarried = errors.New("the library does not carry the transfer mechanism this document needs")

// Regime is one law's rules for transfers out of its area.
type Regime struct {
	ID        string
	Name      string // "Chapter V of the GDPR"
	Area      string // "the European Economic Area (EEA)"
	Mechanism string // one of EUSCC, UKAddendum, CHSCC, ANPDSCC
	// MechanismName names the mechanism in full, for running text and for
	// the error that refuses a document needing a mechanism the library
	// does not carry.
	MechanismName string
	// Approval is how the law approves a destination when it is not by a
	// decision that "finds an adequate level of protection" (the UK's
	// transfers "approved by regulations"), or "".
	Approval string
	// ProcessorDuties cites the duties the law lays on a processor in its
	// area, for running text ("Articles 28(2) to (4), 32 and 33(2) of the
	// GDPR ..."), or "".
	ProcessorDuties string
	Authority       string // supervisory authority for Annex I.C, or ""
	Within          []string
	Adequacy        []*Decision
	Facts           []*Fact // the dated facts of this regime, adequacy rows included

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
	AsOf          vars.Date // the date at which the row was last checked
	Source        string    // where the instrument is published
}

// Fact is one dated statement of the transfer table: an adequacy row, a
// regime's supervisory authority or its mechanism. `clausemark facts
// --stale DATE` lists those checked before DATE.
type Fact struct {
	File    string    // the table's file
	Line    int       // where the fact is written
	Regime  string    // the regime's id
	What    string    // "adequacy JP", "authority", "mechanism"
	Value   string    // what the table states
	AsOf    vars.Date // when it was last checked
	Source  string    // its source
	Recheck string    // what to check next, or ""
}

// Table holds every regime by id.
type Table struct {
	Regimes map[string]*Regime

	countries *vars.Countries
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
	t := &Table{Regimes: map[string]*Regime{}, countries: countries}
	var errs diag.List
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		var raw struct {
			Name           string    `yaml:"name"`
			Area           string    `yaml:"area"`
			Within         []string  `yaml:"within"`
			Mechanism      string    `yaml:"mechanism"`
			MechanismName  string    `yaml:"mechanism_name"`
			Approval       string    `yaml:"approval"`
			Duties         string    `yaml:"processor_duties"`
			AsOf           string    `yaml:"as_of"`
			Source         string    `yaml:"source"`
			Authority      yaml.Node `yaml:"authority"`
			AdequacyAsOf   string    `yaml:"adequacy_as_of"`
			AdequacySource string    `yaml:"adequacy_source"`
			Adequacy       []struct {
				Country  string `yaml:"country"`
				Decision string `yaml:"decision"`
				Date     string `yaml:"date"`
				Scope    string `yaml:"scope"`
				Cert     bool   `yaml:"certified_only"`
				AsOf     string `yaml:"as_of"`
				Source   string `yaml:"source"`
			} `yaml:"adequacy"`
		}
		if err := n.Decode(&raw); err != nil {
			errs.Add(diag.Errorf(File, n.Line, n.Column, "", "regime %q: %v", k.Value, err))
			continue
		}
		r := &Regime{ID: k.Value, Name: raw.Name, Area: raw.Area, Mechanism: raw.Mechanism, MechanismName: raw.MechanismName,
			Approval: raw.Approval, ProcessorDuties: raw.Duties, within: map[string]bool{}, adequate: map[string]*Decision{}}
		if r.Name == "" || r.Area == "" {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q needs a name and an area", k.Value))
		}
		if !slices.Contains(mechanisms, r.Mechanism) {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: mechanism must be one of %s, got %q", k.Value, strings.Join(mechanisms, ", "), r.Mechanism))
		} else if !Carried(r.Mechanism) && r.MechanismName == "" {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: mechanism %s is not carried by the library and needs a mechanism_name for the error that refuses it", k.Value, r.Mechanism))
		}
		// The regime's own facts: its area and mechanism, dated and sourced.
		// A fact without as_of is undated: Stale lists it whatever the
		// date (the library's own table dates every fact; small fixture
		// libraries need not).
		fact := func(line int, what, value, asOf, source, recheck string) {
			f := &Fact{File: File, Line: line, Regime: r.ID, What: what, Value: value, Source: source, Recheck: recheck}
			if asOf != "" {
				d, err := vars.ParseDate(asOf)
				if err != nil {
					errs.Add(diag.Errorf(File, line, 1, "", "regime %q: %s: as_of must be a date written YYYY-MM-DD, got %q", k.Value, what, asOf))
					return
				}
				f.AsOf = d
			}
			r.Facts = append(r.Facts, f)
		}
		fact(k.Line, "mechanism", r.Mechanism, raw.AsOf, raw.Source, "")
		// authority: a name, or {name, as_of, source, recheck}.
		switch raw.Authority.Kind {
		case 0:
		case yaml.ScalarNode:
			r.Authority = raw.Authority.Value
		case yaml.MappingNode:
			var a struct {
				Name    string `yaml:"name"`
				AsOf    string `yaml:"as_of"`
				Source  string `yaml:"source"`
				Recheck string `yaml:"recheck"`
			}
			if err := raw.Authority.Decode(&a); err != nil {
				errs.Add(diag.Errorf(File, raw.Authority.Line, raw.Authority.Column, "", "regime %q: authority: %v", k.Value, err))
				break
			}
			r.Authority = a.Name
			fact(raw.Authority.Line, "authority", a.Name, a.AsOf, a.Source, a.Recheck)
		default:
			errs.Add(diag.Errorf(File, raw.Authority.Line, raw.Authority.Column, "", "regime %q: authority must be a name or {name, as_of, source, recheck}", k.Value))
		}
		for _, c := range raw.Within {
			if _, ok := countries.Get(c); !ok {
				errs.Add(diag.Errorf(File, k.Line, k.Column, "", "regime %q: within: %q is not in the country table", k.Value, c))
			}
			r.within[c] = true
			r.Within = append(r.Within, c)
		}
		rows := adequacyRows(n)
		for i, a := range raw.Adequacy {
			line := k.Line
			if i < len(rows) {
				line = rows[i]
			}
			if _, ok := countries.Get(a.Country); !ok {
				errs.Add(diag.Errorf(File, line, 1, "", "regime %q: adequacy: %q is not in the country table", k.Value, a.Country))
				continue
			}
			d, err := vars.ParseDate(a.Date)
			if err != nil || a.Decision == "" {
				errs.Add(diag.Errorf(File, line, 1, "", "regime %q: adequacy for %s needs a decision and a date written YYYY-MM-DD", k.Value, a.Country))
				continue
			}
			if r.within[a.Country] {
				errs.Add(diag.Errorf(File, line, 1, "", "regime %q: %s is within the area and needs no adequacy decision", k.Value, a.Country))
			}
			if _, dup := r.adequate[a.Country]; dup {
				errs.Add(diag.Errorf(File, line, 1, "", "regime %q: %s has two adequacy rows", k.Value, a.Country))
			}
			asOf, source := a.AsOf, a.Source
			if asOf == "" {
				asOf = raw.AdequacyAsOf
			}
			if source == "" {
				source = raw.AdequacySource
			}
			dec := &Decision{Country: a.Country, Decision: a.Decision, Date: d.WithLayout(vars.DateLayouts["day-month-year"]), Scope: a.Scope, CertifiedOnly: a.Cert, Source: source}
			n := len(r.Facts)
			fact(line, "adequacy "+a.Country, a.Decision, asOf, source, "")
			if len(r.Facts) > n {
				dec.AsOf = r.Facts[n].AsOf
			}
			r.adequate[a.Country] = dec
			r.Adequacy = append(r.Adequacy, dec)
		}
		t.Regimes[r.ID] = r
	}
	return t, errs.Err()
}

// adequacyRows returns the line of each item of a regime's adequacy list.
func adequacyRows(n *yaml.Node) []int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "adequacy" && n.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, it := range n.Content[i+1].Content {
				out = append(out, it.Line)
			}
			return out
		}
	}
	return nil
}

// Facts returns every dated fact of the table, by regime id and then in
// the order written.
func (t *Table) Facts() []*Fact {
	var out []*Fact
	for _, id := range t.IDs() {
		out = append(out, t.Regimes[id].Facts...)
	}
	return out
}

// Dated reports whether the fact has an as_of date.
func (f *Fact) Dated() bool { return !f.AsOf.Time().IsZero() }

// Stale returns the facts last checked before date, and those never
// dated.
func (t *Table) Stale(date vars.Date) []*Fact {
	var out []*Fact
	for _, f := range t.Facts() {
		if !f.Dated() || f.AsOf.Time().Before(date.Time()) {
			out = append(out, f)
		}
	}
	return out
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
	Regime        *Regime        // the jurisdiction's regime; nil when the jurisdiction names none
	Processor     *Destination   // nil when the processor's country is not given or there is no Regime
	Subprocessors []*Destination // those with a known country, in the document's order, under Onward
	// Module2 says that the customer's transfer to the processor needs the
	// SCCs' Module Two (with the Regime's UK Addendum or Swiss
	// adaptations).
	Module2 bool
	// Module3 says that some subprocessor needs the processor's onward
	// transfer under the SCCs' Module Three, with Onward's adaptations.
	Module3    bool
	Restricted []*Destination // the subprocessors whose transfer needs a mechanism under Onward
	Customer   *vars.Country  // where the customer is established, or nil when not given
	// ProcessorCountry is where the processor processes the data, or nil
	// when not given (Processor says what it means under Regime).
	ProcessorCountry *vars.Country

	// Home is the regime of the processor's own country, or nil when the
	// country is not given or lies in no regime's area.
	Home *Regime
	// Onward is the regime whose rules govern the processor's transfers
	// to its subprocessors: the processor's own law (Home) where it has
	// one, else the jurisdiction's (Clause 8.8 of Module Two carries the
	// exporter's rules onward); nil when neither applies.
	Onward *Regime
	// Exporter is the regime of the customer's own country, or nil.
	Exporter *Regime
	// Module4 says that a processor inside its own regime's area returns
	// the personal data to a customer outside it, in a country without an
	// adequacy decision under Home: the SCCs' Module Four.
	Module4 bool
	// ReturnTo is the country the processor returns the data to under
	// Module Four: the customer's, else the jurisdiction's.
	ReturnTo *Destination
	// Missing says that the customer's transfer to the processor needs
	// the Regime's mechanism and the library does not carry it (Brazil's
	// standard contractual clauses): Require refuses the document.
	Missing bool
	// OnwardMissing says that the processor's onward transfers need
	// Onward's mechanism, which the library does not carry: the document
	// binds the processor to adopt it with each Subprocessor concerned.
	OnwardMissing bool
}

// SCC reports whether the document relies on the Standard Contractual
// Clauses at all.
func (a *Analysis) SCC() bool { return a.Module2 || a.Module3 || a.Module4 }

// Mechanism returns the regime's mechanism, or "" without a regime.
func (a *Analysis) Mechanism() string {
	if a.Regime == nil {
		return ""
	}
	return a.Regime.Mechanism
}

// OnwardMechanism returns the mechanism of the processor's onward
// transfers, or "" without one.
func (a *Analysis) OnwardMechanism() string {
	if a.Onward == nil {
		return ""
	}
	return a.Onward.Mechanism
}

// ReturnMechanism returns the mechanism of the processor's return of the
// data under Module Four, or "" without one.
func (a *Analysis) ReturnMechanism() string {
	if a.Home == nil || !a.Module4 {
		return ""
	}
	return a.Home.Mechanism
}

// Uses reports whether one of the SCC modules the document relies on
// takes mechanism m (EUSCC, UKAddendum or CHSCC): Module Two under the
// jurisdiction's regime, Module Three under the onward regime, Module Four
// under the processor's.
func (a *Analysis) Uses(m string) bool {
	return (a.Module2 && a.Mechanism() == m) || (a.Module3 && a.OnwardMechanism() == m) || (a.Module4 && a.ReturnMechanism() == m)
}

// SCCRegime returns the regime under whose rules the document first
// relies on the SCCs (Module Two's, else Module Three's, else Module
// Four's), or nil when it relies on none. No document combines two.
func (a *Analysis) SCCRegime() *Regime {
	switch {
	case a.Module2:
		return a.Regime
	case a.Module3:
		return a.Onward
	case a.Module4:
		return a.Home
	}
	return nil
}

// SCCMechanism returns the mechanism of SCCRegime, or "".
func (a *Analysis) SCCMechanism() string {
	if r := a.SCCRegime(); r != nil {
		return r.Mechanism
	}
	return ""
}

// OwnLaw reports whether the processor's own country lies in a regime's
// area other than the jurisdiction's: a German processor under
// Californian law keeps its duties under the GDPR.
func (a *Analysis) OwnLaw() bool { return a.Home != nil && a.Home != a.Regime }

// Diverges reports whether the customer is established in a regime's
// area other than the jurisdiction's: an Austrian customer under UK or
// Californian law.
func (a *Analysis) Diverges() bool { return a.Exporter != nil && a.Exporter != a.Regime }

// Analyze works out the transfers for a jurisdiction record (from
// jurisdictions.yaml, whose "transfers" field names the regime), the
// processor's country (a vars.Country, or nil when not given), the
// subprocessors (a list of objects with name and location) and the
// customer's country (a vars.Country, or nil when not given).
func (t *Table) Analyze(jurisdiction, processorCountry, subprocessors, customerCountry any) *Analysis {
	a := &Analysis{}
	if t == nil {
		return a
	}
	rec, _ := jurisdiction.(vars.Record)
	id, _ := rec["transfers"].(string)
	a.Regime = t.Regimes[id]
	if c, ok := customerCountry.(vars.Country); ok {
		a.Customer = &c
		a.Exporter = t.regimeOf(c.Code)
	}
	pc, known := processorCountry.(vars.Country)
	if known {
		a.ProcessorCountry = &pc
		a.Home = t.regimeOf(pc.Code)
	}
	if r := a.Regime; r != nil && known {
		a.Processor = r.destination("", pc)
		if a.Processor.Restricted() {
			if Carried(r.Mechanism) {
				a.Module2 = true
			} else {
				a.Missing = true
			}
		}
	}
	// The processor's own law governs its onward transfers; a processor
	// outside every regime's area carries the jurisdiction's onward.
	a.Onward = a.Home
	if a.Onward == nil {
		a.Onward = a.Regime
	}
	if r := a.Onward; r != nil {
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
			}
		}
		if len(a.Restricted) > 0 {
			if Carried(r.Mechanism) {
				a.Module3 = true
			} else {
				a.OnwardMissing = true
			}
		}
	}
	// A processor inside its own regime's area returns the data to a
	// customer outside it under Module Four.
	if h := a.Home; h != nil && Carried(h.Mechanism) {
		var to vars.Country
		switch {
		case a.Customer != nil:
			to = *a.Customer
		default:
			code, _ := rec["country"].(string)
			to, _ = t.countries.Get(code)
		}
		if to.Code != "" {
			if d := h.destination("", to); d.Restricted() {
				a.ReturnTo = d
				a.Module4 = true
			}
		}
	}
	return a
}

// regimeOf returns the regime whose area holds country code, or nil. A
// country inside two areas (none today) goes with the first by id.
func (t *Table) regimeOf(code string) *Regime {
	for _, id := range t.IDs() {
		if t.Regimes[id].within[code] {
			return t.Regimes[id]
		}
	}
	return nil
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

// Require returns a *diag.Error wrapping ErrNotCarried when the analysis
// needs, in the document itself, a mechanism the library does not carry:
// the customer's transfer to a processor outside Brazil and outside the
// countries Brazil finds adequate needs Brazil's standard contractual
// clauses. The error names processorPath, the processor's country
// variable, and the mechanism in full.
func (a *Analysis) Require(processorPath string) error {
	if a == nil || !a.Missing {
		return nil
	}
	return &diag.Error{Variable: processorPath, Err: fmt.Errorf("%w: under %s, the Customer's transfer of personal data to a processor in %s needs %s; the library does not carry them, so it renders no document that would claim them (adopt them in a contract of their own, or choose a processor country that those rules allow)",
		ErrNotCarried, a.Regime.Name, a.Processor.Country.Name, a.Regime.MechanismName)}
}

// ErrNoState says that no country inside the regime's area can govern the
// Standard Contractual Clauses; MemberState returns it inside a
// *diag.Error that names customer.country.
var ErrNoState = fmt.Errorf("%w: the Standard Contractual Clauses need the EU Member State whose law governs them (Clause 17) and whose courts resolve disputes (Clause 18); give the country in the EEA where the Customer is established", vars.ErrRequired)

// ErrStateOutside says that the customer's country, which would choose
// the law and courts of the Standard Contractual Clauses under the EU's
// law as a whole, lies outside the regime's area; MemberState returns it
// inside a *diag.Error that names customer.country.
var ErrStateOutside = errors.New("not a country whose law can govern the Standard Contractual Clauses")

// MemberState returns the country whose law and courts govern the EU
// Standard Contractual Clauses (Clauses 17 and 18): the jurisdiction's
// own country, so that the SCCs follow the DPA's governing law, else (for
// the EU as a whole) the customer's country when it lies inside the
// regime's area. Without either it returns a *diag.Error wrapping
// ErrNoState, or ErrStateOutside where the customer's country is given
// but outside the area.
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
	if c, ok := customerCountry.(vars.Country); ok && r != nil {
		if r.within[c.Code] {
			return c, nil
		}
		return vars.Country{}, &diag.Error{Variable: countryPath, Err: fmt.Errorf("%w: %s is outside %s; the Standard Contractual Clauses need the law and courts of an EU Member State (Clauses 17 and 18): choose a Member State's law as the jurisdiction", ErrStateOutside, c.Name, r.Area)}
	}
	return vars.Country{}, &diag.Error{Variable: countryPath, Err: ErrNoState}
}

// Funcs returns the template functions over t: transfers, as the package
// documentation shows; sccState, which gives [Table.MemberState] and
// names countryPath, the customer's country variable, when it fails; and
// requireMechanism, which gives [Analysis.Require] for an analysis and the
// path of the processor's country variable:
//
//	{{ requireMechanism $t "processor.country" }}
func (t *Table) Funcs(countries *vars.Countries, countryPath string) map[string]any {
	return map[string]any{
		"transfers": t.Analyze,
		"requireMechanism": func(a *Analysis, processorPath string) (string, error) {
			return "", a.Require(processorPath)
		},
		"sccState": func(jurisdiction, customerCountry any) (vars.Country, error) {
			return t.MemberState(jurisdiction, customerCountry, countries, countryPath)
		},
	}
}
