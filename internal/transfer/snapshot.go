package transfer

import "github.com/clausemark/clausemark/internal/vars"

// Countries returns the country table t was loaded against, for a
// snapshot of the library (see [Restore]).
func (t *Table) Countries() *vars.Countries { return t.countries }

// Restore is the table of these regimes, made from their exported fields,
// against the country table: the indexes Load builds beside each regime's
// Within and Adequacy are built again from them.
func Restore(regimes map[string]*Regime, countries *vars.Countries) *Table {
	for _, r := range regimes {
		r.within = make(map[string]bool, len(r.Within))
		for _, c := range r.Within {
			r.within[c] = true
		}
		r.adequate = make(map[string]*Decision, len(r.Adequacy))
		for _, d := range r.Adequacy {
			r.adequate[d.Country] = d
		}
	}
	return &Table{Regimes: regimes, countries: countries}
}
