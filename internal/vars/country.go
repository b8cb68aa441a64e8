package vars

import (
	"fmt"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Country is a country of the library's country table, which a country
// variable selects by ISO 3166-1 code or by name. It prints as the name
// running text uses ("the Netherlands").
type Country struct {
	Code string // ISO 3166-1 alpha-2 code, upper case
	Name string // as running text names it
}

// String returns the country's name, escaped for Markdown.
func (c Country) String() string { return EscapeMarkdown(c.Name) }

// Countries is the table of countries a country variable accepts.
type Countries struct {
	byCode map[string]Country
	byName map[string]string // lower-case code, name (with and without "the") or alias, to code
	names  []string          // every accepted name, for "did you mean"
}

// maxCountries bounds the table; ISO 3166-1 has fewer than 250 codes.
const maxCountries = 400

// LoadCountries reads a YAML mapping of ISO 3166-1 alpha-2 codes to
// {name, aliases}. A name or alias that two countries share is an error,
// so that every input names one country.
func LoadCountries(file string, data []byte) (*Countries, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, diag.Errorf(file, 1, 1, "", "must map ISO 3166-1 codes to {name, aliases}")
	}
	doc := root.Content[0]
	if len(doc.Content)/2 > maxCountries {
		return nil, diag.Errorf(file, doc.Line, doc.Column, "", "has %d countries; at most %d are read", len(doc.Content)/2, maxCountries)
	}
	t := &Countries{byCode: map[string]Country{}, byName: map[string]string{}}
	var errs diag.List
	add := func(n *yaml.Node, code, name string) {
		key := strings.ToLower(strings.TrimSpace(name))
		if key == "" {
			return
		}
		if other, ok := t.byName[key]; ok && other != code {
			errs.Add(diag.Errorf(file, n.Line, n.Column, "", "%s: name %q already names %s", code, name, other))
			return
		}
		if _, ok := t.byName[key]; !ok {
			t.names = append(t.names, strings.TrimSpace(name))
		}
		t.byName[key] = code
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		code := k.Value
		if len(code) != 2 || strings.ToUpper(code) != code || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			errs.Add(diag.Errorf(file, k.Line, k.Column, "", "%q is not an ISO 3166-1 alpha-2 code (two capital letters)", code))
			continue
		}
		var row struct {
			Name    string   `yaml:"name"`
			Aliases []string `yaml:"aliases"`
		}
		if err := n.Decode(&row); err != nil || strings.TrimSpace(row.Name) == "" {
			errs.Add(diag.Errorf(file, n.Line, n.Column, "", "%s: must give a name and, optionally, aliases", code))
			continue
		}
		if _, dup := t.byCode[code]; dup {
			errs.Add(diag.Errorf(file, k.Line, k.Column, "", "%s is listed twice", code))
			continue
		}
		t.byCode[code] = Country{Code: code, Name: strings.TrimSpace(row.Name)}
		add(k, code, code)
		add(n, code, row.Name)
		if bare, ok := strings.CutPrefix(row.Name, "the "); ok {
			add(n, code, bare)
		}
		for _, a := range row.Aliases {
			add(n, code, a)
		}
	}
	sort.Strings(t.names)
	return t, errs.Err()
}

// Get returns the country with the given ISO 3166-1 code.
func (t *Countries) Get(code string) (Country, bool) {
	if t == nil {
		return Country{}, false
	}
	c, ok := t.byCode[code]
	return c, ok
}

// Lookup finds the country that s names: a code, a name or an alias,
// regardless of case.
func (t *Countries) Lookup(s string) (Country, bool) {
	if t == nil {
		return Country{}, false
	}
	code, ok := t.byName[strings.ToLower(strings.TrimSpace(s))]
	if !ok {
		return Country{}, false
	}
	return t.byCode[code], true
}

// Codes returns every code in sorted order.
func (t *Countries) Codes() []string {
	if t == nil {
		return nil
	}
	out := make([]string, 0, len(t.byCode))
	for c := range t.byCode {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func (t *Countries) parse(s string) (any, error) {
	if c, ok := t.Lookup(s); ok {
		return c, nil
	}
	msg := fmt.Sprintf("must be a country, by name or ISO 3166-1 code (Germany or DE), got %s", diag.Quote(s))
	if t != nil && len(s) <= 100 {
		if m := closest(strings.TrimSpace(s), t.names); m != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", m)
		}
	}
	return nil, fmt.Errorf("%s", msg)
}

// CheckSeats checks each value of a variable declared seat_of against the
// court seats (venues) of the jurisdiction it names: the value's part
// before the first comma must be one of them, and no later part may name
// a country other than the jurisdiction's own. A jurisdiction without
// seats takes no venue at all. A place the jurisdiction's record lists
// under refused_venues (a city where no competent court sits) is refused
// with the record's reason, which says which seat to use instead.
func CheckSeats(s *Schema, tree Tree, merged Set) error {
	var errs diag.List
	for _, p := range s.Paths() {
		v := s.Vars[p]
		val, ok := merged[p]
		if v.SeatOf == "" || !ok {
			continue
		}
		venue := strings.TrimSpace(fmt.Sprint(plainText(val.V)))
		if venue == "" {
			continue
		}
		rec, _ := tree[v.SeatOf].(Record)
		if rec == nil {
			continue
		}
		bad := func(format string, a ...any) {
			errs.Add(diag.Errorf(val.Src.File, val.Src.Line, val.Src.Col, p, format, a...))
		}
		seats := stringList(rec["venues"])
		if len(seats) == 0 {
			bad("%s %s (%s) has no court seats, so %s takes no value; leave it blank (got %s)", v.SeatOf, rec["code"], rec, p, diag.Quote(venue))
			continue
		}
		parts := strings.Split(venue, ",")
		city := strings.TrimSpace(parts[0])
		found := false
		for _, seat := range seats {
			if strings.EqualFold(seat, city) {
				found = true
				break
			}
		}
		if !found {
			if why := refusedSeat(rec, city); why != "" {
				bad("must name a court seat in %s (%s %s): %s; the seats are %s; got %s", rec, v.SeatOf, rec["code"], why, strings.Join(seats, ", "), diag.Quote(venue))
				continue
			}
			msg := fmt.Sprintf("must name a court seat in %s (%s %s): one of %s; got %s", rec, v.SeatOf, rec["code"], strings.Join(seats, ", "), diag.Quote(venue))
			if m := closest(city, seats); m != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", m)
			}
			bad("%s", msg)
			continue
		}
		own, _ := rec["country"].(string)
		for _, part := range parts[1:] {
			if c, ok := s.Countries.Lookup(part); ok && c.Code != own {
				bad("names %s, but the courts must be in %s (%s %s); got %s", c.Name, rec, v.SeatOf, rec["code"], diag.Quote(venue))
				break
			}
		}
	}
	return errs.Err()
}

// refusedSeat returns why the record refuses city as a court seat (its
// refused_venues entry, matched regardless of case), or "".
func refusedSeat(rec Record, city string) string {
	m, _ := rec["refused_venues"].(map[string]any)
	for place, why := range m {
		if w, ok := why.(string); ok && strings.EqualFold(strings.TrimSpace(place), city) {
			return strings.TrimSpace(w)
		}
	}
	return ""
}

func plainText(x any) any {
	if t, ok := x.(Text); ok {
		return string(t)
	}
	return x
}

func stringList(x any) []string {
	l, _ := x.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
