package vars

import (
	"fmt"
	"time"
)

// This file lets a library be saved as Go source and rebuilt without
// parsing its files (package library's snapshot of the embedded library):
// each type whose state is not all exported fields gives that state out
// and takes it back.

// CountriesState is everything a country table holds.
type CountriesState struct {
	ByCode map[string]Country
	ByName map[string]string // lower-case code, name or alias, to code
	Names  []string          // every accepted name, sorted
}

// State returns the table's contents, for a snapshot.
func (t *Countries) State() CountriesState {
	return CountriesState{ByCode: t.byCode, ByName: t.byName, Names: t.names}
}

// RestoreCountries is the table whose State is s.
func RestoreCountries(s CountriesState) *Countries {
	return &Countries{byCode: s.ByCode, byName: s.ByName, names: s.Names}
}

// CountryTable returns the country table a country variable selects from,
// nil for other variables.
func (v *Var) CountryTable() *Countries { return v.countries }

// RestoreVar gives v, made from its exported fields, the country table it
// selects from (nil but for a country variable) and returns it.
func RestoreVar(v *Var, countries *Countries) *Var {
	v.countries = countries
	return v
}

// DateState is a date's day, at midnight UTC, and the layout it prints in.
func (d Date) DateState() (year int, month time.Month, day int, layout string, err error) {
	t := d.t
	year, month, day = t.Date()
	if t.Location() != time.UTC || t != time.Date(year, month, day, 0, 0, 0, 0, time.UTC) {
		return 0, 0, 0, "", fmt.Errorf("date %s is not a day at midnight UTC", t)
	}
	return year, month, day, d.layout, nil
}

// RestoreDate is the date whose DateState is year, month, day and layout.
func RestoreDate(year int, month time.Month, day int, layout string) Date {
	return Date{t: time.Date(year, month, day, 0, 0, 0, 0, time.UTC), layout: layout}
}
