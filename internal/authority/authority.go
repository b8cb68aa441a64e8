// Package authority names the supervisory authority of the country where
// the data exporter is established, for Annex I.C of the Standard
// Contractual Clauses (Clause 13(a)): the authority follows from the
// exporter's establishment, not from the law the parties choose.
//
// The authorities are data: templates/authorities.yaml lists them by ISO
// 3166-1 code, each with its own name, its English name and its website;
// a country whose supervision is regional (Germany's Länder) lists its
// regions instead, each with the places whose postal address shows the
// region beyond doubt. Clauses reach the table through the template
// function authority:
//
//	{{ $a := (authority .customer.country .customer.address).EEA }}
//	{{ if $a.Name }}The {{ $a }}, ...{{ end }}
//
// authority fails, naming the customer's country variable, when the
// country is not given.
package authority

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// File holds the authorities, relative to the library's root.
const File = "templates/authorities.yaml"

// The values of an entry's state: what the SCCs call the country.
const (
	MemberState = "Member State" // one of the 27 Member States of the EU
	EEAState    = "EEA State"    // Iceland, Liechtenstein or Norway
)

// Body is one supervisory authority.
type Body struct {
	Name    string // as it names itself, without an article
	English string // its English name, or "" where Name is English
	Short   string // its abbreviation, or ""
	Website string
}

// String names the authority as running text does: its own name, then
// its English name and abbreviation in brackets ("Österreichische
// Datenschutzbehörde (Austrian Data Protection Authority)"), escaped for
// Markdown.
func (b Body) String() string {
	var extra []string
	for _, s := range []string{b.English, b.Short} {
		if s != "" {
			extra = append(extra, s)
		}
	}
	s := b.Name
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return vars.EscapeMarkdown(s)
}

// Region is a part of a country with an authority of its own.
type Region struct {
	Code      string // ISO 3166-2 code, such as DE-BY
	Name      string // as the country names it (Bayern)
	English   string // in English (Bavaria)
	Authority Body
	Places    []Place
	// Postal lists the first characters of the alphanumeric postal codes
	// that lie in the region (Canada's G, H and J for Québec); a region
	// with postal prefixes is shown by an address's postal code, or,
	// where the address has none, by one of Names written as the
	// address's province ("Montréal, Québec", "Montréal QC").
	Postal []string
	Names  []string
}

// Place is a city whose postal address shows its region: an address line
// "80331 München" is in the city's region when both the city (or an
// alias) and the postcode match.
type Place struct {
	City    string
	Aliases []string
	Ranges  [][2]int // inclusive postcode ranges
}

// Entry is a country's supervision.
type Entry struct {
	Country   vars.Country
	State     string // MemberState, EEAState or "" outside the EEA
	Authority *Body  // the national authority; nil where supervision is regional
	Regional  string // what a region is called ("Land") where supervision is regional
	// Regions are the parts of the country with authorities of their own:
	// all of it where Authority is nil, or else some provinces beside the
	// national authority (Canada's Québec).
	Regions []*Region
	AsOf    vars.Date
	Source  string
}

// Table holds the entries by ISO 3166-1 code.
type Table struct {
	entries map[string]*Entry
}

// Load reads the authorities from fsys, checking every country code
// against the country table. A library without the file has no
// authorities: the template function then fails wherever it is called.
func Load(fsys fs.FS, countries *vars.Countries) (*Table, error) {
	t := &Table{entries: map[string]*Entry{}}
	data, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return t, &diag.Error{File: File, Err: fmt.Errorf("cannot read: %w", err)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return t, diag.YAML(File, 0, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return t, diag.Errorf(File, 1, 1, "", "must map ISO 3166-1 codes to the authorities of those countries")
	}
	var errs diag.List
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		e, err := entry(k, n, countries)
		if err != nil {
			errs.Add(err)
			continue
		}
		if _, dup := t.entries[e.Country.Code]; dup {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "%s is listed twice", k.Value))
			continue
		}
		t.entries[e.Country.Code] = e
	}
	return t, errs.Err()
}

type rawBody struct {
	Name    string `yaml:"name"`
	English string `yaml:"english"`
	Short   string `yaml:"short"`
	Website string `yaml:"website"`
}

func (r rawBody) body() Body {
	return Body{Name: strings.TrimSpace(r.Name), English: strings.TrimSpace(r.English), Short: strings.TrimSpace(r.Short), Website: strings.TrimSpace(r.Website)}
}

// check reports what a body lacks, or "".
func (b Body) check() string {
	switch {
	case b.Name == "":
		return "needs a name"
	case !strings.HasPrefix(b.Website, "https://"):
		return fmt.Sprintf("needs a website starting https://, got %q", b.Website)
	}
	return ""
}

func entry(k, n *yaml.Node, countries *vars.Countries) (*Entry, error) {
	var raw struct {
		rawBody  `yaml:",inline"`
		State    string    `yaml:"state"`
		Regional string    `yaml:"regional"`
		AsOf     string    `yaml:"as_of"`
		Source   string    `yaml:"source"`
		Regions  yaml.Node `yaml:"regions"`
	}
	if err := n.Decode(&raw); err != nil {
		return nil, diag.Errorf(File, n.Line, n.Column, "", "%s: %v", k.Value, err)
	}
	at := func(format string, a ...any) error {
		return diag.Errorf(File, k.Line, k.Column, "", "%s: %s", k.Value, fmt.Sprintf(format, a...))
	}
	c, ok := countries.Get(k.Value)
	if !ok {
		return nil, at("is not in the country table")
	}
	e := &Entry{Country: c, State: raw.State, Regional: strings.TrimSpace(raw.Regional), Source: strings.TrimSpace(raw.Source)}
	var errs diag.List
	if e.State != MemberState && e.State != EEAState && e.State != "" {
		errs.Add(at("state must be %q, %q or empty, got %q", MemberState, EEAState, e.State))
	}
	d, err := vars.ParseDate(raw.AsOf)
	if err != nil {
		errs.Add(at("as_of %v", err))
	}
	e.AsOf = d
	if e.Source == "" {
		errs.Add(at("needs a source"))
	}
	b := raw.body()
	switch {
	case e.Regional == "":
		if msg := b.check(); msg != "" {
			errs.Add(at("%s", msg))
		}
		if raw.Regions.Kind != 0 {
			errs.Add(at("lists regions but does not say what a region is called (regional)"))
		}
		e.Authority = &b
	default:
		// A national authority beside the regions' own: the regions
		// listed have their own, the rest of the country the national one.
		if b != (Body{}) {
			if msg := b.check(); msg != "" {
				errs.Add(at("%s", msg))
			}
			e.Authority = &b
		}
		regions, err := regionList(k.Value, &raw.Regions)
		errs.Add(err)
		e.Regions = regions
	}
	return e, errs.Err()
}

var (
	postcodeRange = lazyRegexp(`^(\d{5})-(\d{5})$`)
	postalPrefix  = lazyRegexp(`^[A-Z0-9]{1,3}$`)
)

// lazyRegexp returns expr compiled on its first use, not when the program
// starts.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

func regionList(country string, n *yaml.Node) ([]*Region, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil, diag.Errorf(File, n.Line, n.Column, "", "%s: regions must map ISO 3166-2 codes to the regions' authorities", country)
	}
	var errs diag.List
	var out []*Region
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		at := func(format string, a ...any) {
			errs.Add(diag.Errorf(File, k.Line, k.Column, "", "%s: %s", k.Value, fmt.Sprintf(format, a...)))
		}
		var raw struct {
			Name      string  `yaml:"name"`
			English   string  `yaml:"english"`
			Authority rawBody `yaml:"authority"`
			Places    []struct {
				City      string   `yaml:"city"`
				Aliases   []string `yaml:"aliases"`
				Postcodes []string `yaml:"postcodes"`
			} `yaml:"places"`
			Postal []string `yaml:"postal_prefixes"`
			Names  []string `yaml:"names"`
			AsOf   string   `yaml:"as_of"`
			Source string   `yaml:"source"`
		}
		if err := v.Decode(&raw); err != nil {
			at("%v", err)
			continue
		}
		if !strings.HasPrefix(k.Value, country+"-") {
			at("is not an ISO 3166-2 code of %s", country)
		}
		r := &Region{Code: k.Value, Name: strings.TrimSpace(raw.Name), English: strings.TrimSpace(raw.English), Authority: raw.Authority.body(), Names: raw.Names}
		if r.Name == "" || r.English == "" {
			at("needs a name and an English name")
		}
		switch {
		case len(raw.Places) > 0 && len(raw.Postal) > 0:
			at("shows its places either by city and postcode (places) or by postal prefix (postal_prefixes), not both")
		case len(raw.Places) == 0 && len(raw.Postal) == 0:
			at("needs places or postal_prefixes, to recognise an address in the region")
		case len(raw.Postal) == 0 && len(raw.Names) > 0:
			at("names are read only with postal_prefixes")
		}
		for _, p := range raw.Postal {
			if !postalPrefix().MatchString(p) {
				at("postal prefix %q must be one to three letters and digits, upper case", p)
				continue
			}
			r.Postal = append(r.Postal, p)
		}
		for _, n := range raw.Names {
			if strings.TrimSpace(n) == "" || strings.Contains(n, ",") {
				at("name %q must be a word or words without a comma", n)
			}
		}
		if msg := r.Authority.check(); msg != "" {
			at("authority %s", msg)
		}
		if _, err := vars.ParseDate(raw.AsOf); err != nil {
			at("as_of %v", err)
		}
		if strings.TrimSpace(raw.Source) == "" {
			at("needs a source")
		}
		for _, p := range raw.Places {
			pl := Place{City: strings.TrimSpace(p.City), Aliases: p.Aliases}
			if pl.City == "" || len(p.Postcodes) == 0 {
				at("each place needs a city and its postcodes")
				continue
			}
			for _, pc := range p.Postcodes {
				m := postcodeRange().FindStringSubmatch(pc)
				if m == nil {
					at("%s: postcodes must be ranges written 01067-01328, got %q", pl.City, pc)
					continue
				}
				from, _ := strconv.Atoi(m[1])
				to, _ := strconv.Atoi(m[2])
				if from > to {
					at("%s: postcode range %s runs backwards", pl.City, pc)
					continue
				}
				pl.Ranges = append(pl.Ranges, [2]int{from, to})
			}
			r.Places = append(r.Places, pl)
		}
		out = append(out, r)
	}
	return out, errs.Err()
}

// Get returns the entry for an ISO 3166-1 code.
func (t *Table) Get(code string) (*Entry, bool) {
	if t == nil {
		return nil, false
	}
	e, ok := t.entries[code]
	return e, ok
}

// Codes returns the codes of the countries listed, sorted.
func (t *Table) Codes() []string {
	if t == nil {
		return nil
	}
	out := make([]string, 0, len(t.entries))
	for c := range t.entries {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Names returns every name the table gives running text: the authorities'
// own and English names and abbreviations, the regions' names, what a
// region is called and the states' labels, for the defined-terms check,
// which would otherwise read them as undefined terms.
func (t *Table) Names() []string {
	if t == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	for _, code := range t.Codes() {
		e := t.entries[code]
		// "the EEA State" too: the check masks the longest name first,
		// and a value "the EEA" would otherwise leave "State" behind.
		add(e.State, e.Regional)
		if e.State != "" {
			add("the " + e.State)
		}
		if e.Authority != nil {
			add(e.Authority.Name, e.Authority.English, e.Authority.Short)
		}
		for _, r := range e.Regions {
			add(r.Name, r.English, r.Authority.Name, r.Authority.English, r.Authority.Short)
		}
	}
	return out
}

// Authority is what the template function gives a clause: the authority
// competent for an exporter established in Country, as far as the table
// and the exporter's address tell.
type Authority struct {
	Body       // the authority; Name is "" when it is not known
	Country    vars.Country
	State      string // MemberState, EEAState or "" outside the EEA
	Region     string // the region, in English, where supervision is regional and the address shows it
	RegionCode string // the region's ISO 3166-2 code (DE-BY, CA-QC) where the address shows it, else ""
	RegionKind string // what a region is called ("Land") where supervision is regional, else ""

	listed      bool
	countryPath string
}

// Listed reports whether the table has an entry for the country.
func (a Authority) Listed() bool { return a.listed }

// ErrNoCountry says that the customer's country, which decides the
// supervisory authority, is not given; the template function returns it
// inside a *diag.Error that names the customer's country variable.
var ErrNoCountry = fmt.Errorf("%w: Annex I.C of the Standard Contractual Clauses names the supervisory authority competent for the Customer as data exporter, which follows from the country where the Customer is established (Clause 13(a)); give that country", vars.ErrRequired)

// ErrNotEEA says that the Customer is not established in the EEA, so that
// no authority of the EEA follows from its establishment.
var ErrNotEEA = errors.New("not in the EEA, where the data exporter of the EU Standard Contractual Clauses must be established for Annex I.C to name the supervisory authority of its establishment (Clause 13(a)); for a data exporter established outside the EEA, give the competent supervisory authority for Annex I.C instead (that of the Member State where its representative under Art. 27 GDPR is established, or else of one in which the data subjects are)")

// EEA returns a unchanged when the country is in the EEA, and otherwise a
// *diag.Error wrapping ErrNotEEA that names the customer's country.
func (a Authority) EEA() (Authority, error) {
	if a.listed && a.State != "" {
		return a, nil
	}
	return a, &diag.Error{Variable: a.countryPath, Err: fmt.Errorf("%s: %w", a.Country.Name, ErrNotEEA)}
}

// Lookup returns the authority for an exporter established in country
// (a vars.Country, or an ISO 3166-1 code) at address (the lines of its
// postal address: a list, or nil). Without a country it returns a
// *diag.Error wrapping ErrNoCountry that names countryPath.
func (t *Table) Lookup(country, address any, countries *vars.Countries, countryPath string) (Authority, error) {
	var c vars.Country
	switch v := country.(type) {
	case vars.Country:
		c = v
	case string:
		got, ok := countries.Get(v)
		if !ok {
			return Authority{}, fmt.Errorf("authority: %q is not a country code of the country table", v)
		}
		c = got
	}
	if c.Code == "" {
		return Authority{}, &diag.Error{Variable: countryPath, Err: ErrNoCountry}
	}
	a := Authority{Country: c, countryPath: countryPath}
	e, ok := t.Get(c.Code)
	if !ok {
		return a, nil
	}
	a.listed, a.State = true, e.State
	if e.Authority != nil {
		a.Body = *e.Authority
	} else {
		a.RegionKind = e.Regional
	}
	if r := e.region(lines(address)); r != nil {
		a.Body, a.Region, a.RegionCode = r.Authority, r.English, r.Code
	}
	return a, nil
}

// lines returns the text of an address given as a list or a string.
func lines(address any) []string {
	switch v := address.(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, l := range v {
			out = append(out, plain(l))
		}
		return out
	case []string:
		return v
	case nil:
		return nil
	}
	return []string{plain(address)}
}

func plain(x any) string {
	if t, ok := x.(vars.Text); ok {
		return string(t)
	}
	if s, ok := x.(string); ok {
		return s
	}
	return fmt.Sprint(x)
}

// postcodeCity is a part of an address line that gives a German postcode
// and the city: "80331 München", "D-80331 München".
var postcodeCity = lazyRegexp(`^(?:D-|DE-|DE )?(\d{5})\s+(\S.*)$`)

// postalCode is a Canadian-style alphanumeric postal code: "H3B 4W5".
var postalCode = lazyRegexp(`(?i)\b([A-Z]\d[A-Z])[ -]?(\d[A-Z]\d)\b`)

// region returns the one region that the address shows, or nil when none
// does or the address's parts disagree.
func (e *Entry) region(address []string) *Region {
	if len(e.Regions) == 0 {
		return nil
	}
	if len(e.Regions[0].Postal) > 0 {
		return e.postalRegion(address)
	}
	var found *Region
	for _, line := range address {
		for _, part := range strings.Split(line, ",") {
			m := postcodeCity().FindStringSubmatch(strings.TrimSpace(part))
			if m == nil {
				continue
			}
			code, _ := strconv.Atoi(m[1])
			for _, r := range e.Regions {
				if !r.has(code, m[2]) {
					continue
				}
				if found != nil && found != r {
					return nil
				}
				found = r
			}
		}
	}
	return found
}

// postalRegion returns the region of the address's postal codes, or,
// where it has none, of the province the address names: one of a
// region's Names as a comma-separated part of a line, or as the last
// word of one ("Montréal QC").
func (e *Entry) postalRegion(address []string) *Region {
	var found *Region
	codes, outside := false, false
	add := func(r *Region) bool {
		if found != nil && found != r {
			return false
		}
		found = r
		return true
	}
	for _, line := range address {
		for _, m := range postalCode().FindAllStringSubmatch(line, -1) {
			codes = true
			fsa := strings.ToUpper(m[1])
			r := e.prefixRegion(fsa)
			if r == nil {
				// A postal code outside every region listed: the
				// national authority's.
				outside = true
				continue
			}
			if !add(r) {
				return nil
			}
		}
	}
	if codes {
		if outside {
			return nil
		}
		return found
	}
	for _, line := range address {
		for _, part := range strings.Split(line, ",") {
			words := strings.Fields(part)
			if len(words) == 0 {
				continue
			}
			for _, r := range e.Regions {
				if r.named(strings.Join(words, " ")) || r.named(words[len(words)-1]) {
					if !add(r) {
						return nil
					}
				}
			}
		}
	}
	return found
}

func (e *Entry) prefixRegion(code string) *Region {
	for _, r := range e.Regions {
		for _, p := range r.Postal {
			if strings.HasPrefix(code, p) {
				return r
			}
		}
	}
	return nil
}

func (r *Region) named(s string) bool {
	for _, n := range r.Names {
		if strings.EqualFold(strings.Join(strings.Fields(n), " "), s) {
			return true
		}
	}
	return false
}

func (r *Region) has(postcode int, city string) bool {
	for _, p := range r.Places {
		if p.matches(postcode, city) {
			return true
		}
	}
	return false
}

func (p Place) matches(postcode int, city string) bool {
	in := false
	for _, rg := range p.Ranges {
		if postcode >= rg[0] && postcode <= rg[1] {
			in = true
		}
	}
	if !in {
		return false
	}
	city = strings.Join(strings.Fields(strings.ToLower(city)), " ")
	for _, name := range append([]string{p.City}, p.Aliases...) {
		name = strings.ToLower(name)
		if city == name {
			return true
		}
		// "Berlin-Mitte", "Frankfurt am Main", "München (Schwabing)".
		if rest, ok := strings.CutPrefix(city, name); ok && strings.ContainsAny(rest[:1], " -/(") {
			return true
		}
	}
	return false
}

// ErrNeeded says that the annexes of the Standard Contractual Clauses
// need a value that is optional elsewhere; the template function needed
// returns it inside a *diag.Error that names the variable.
var ErrNeeded = fmt.Errorf("%w for the annexes of the Standard Contractual Clauses", vars.ErrRequired)

// Needed returns value when it has one (funcs.HasValue), and otherwise a
// *diag.Error about the variable path wrapping ErrNeeded, with why, the
// clause's reason, as its explanation.
func Needed(path string, value any, why string) (any, error) {
	if funcs.HasValue(value) {
		return value, nil
	}
	return nil, &diag.Error{Variable: path, Err: fmt.Errorf("%w: %s", ErrNeeded, why)}
}

// Funcs returns the template functions of the SCCs' annexes: authority
// over t, which given the customer's country and address returns their
// [Authority], or a *diag.Error naming countryPath, the customer's country
// variable, when the country is not given (the country may also be an
// ISO 3166-1 code, "CH", for the authority a regime names); and needed,
// which is [Needed]: {{ serial (needed "transfer.data_subjects"
// .transfer.data_subjects "Annex I.B lists them") }}.
func (t *Table) Funcs(countries *vars.Countries, countryPath string) map[string]any {
	return map[string]any{
		"needed": Needed,
		"authority": func(country any, address ...any) (Authority, error) {
			var addr any
			if len(address) > 1 {
				return Authority{}, fmt.Errorf("authority takes a country and, optionally, an address, got %d arguments", 1+len(address))
			}
			if len(address) == 1 {
				addr = address[0]
			}
			return t.Lookup(country, addr, countries, countryPath)
		},
	}
}
