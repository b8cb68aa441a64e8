package lint

import (
	"slices"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/playbook"
	"github.com/clausemark/clausemark/internal/vars"
)

// checkPlaybook checks the negotiation playbook against the library: each
// range is of an integer variable and inside its own limits, and each
// clause, position and alternative it names exists.
func checkPlaybook(lib *library.Library, errs *diag.List) {
	pb, err := lib.Playbook()
	if err != nil {
		errs.Add(err)
		return
	}
	for _, p := range pb.VariablePaths() {
		checkRange(lib.Schema, pb.File, pb.Variables[p], errs)
	}
	for _, id := range pb.ClauseIDs() {
		r := pb.Clauses[id]
		c := lib.Clauses[id]
		if c == nil {
			errs.Add(diag.Errorf(pb.File, r.Line, r.Col, "", "clause %s: no such clause in %s", id, library.ClausesDir))
			continue
		}
		names := wordingNames(c.Names, func(n string) string { return c.Alts[n].Position })
		for _, a := range r.Accept {
			if !slices.Contains(names, a) {
				errs.Add(diag.Errorf(pb.File, r.Line, r.Col, "", "clause %s: accepts %q, which is neither a position nor an alternative of the clause (%s)", id, a, strings.Join(names, ", ")))
			}
		}
		if r.Fallback != "" && !slices.Contains(names, r.Fallback) {
			errs.Add(diag.Errorf(pb.File, r.Line, r.Col, "", "clause %s: offers %q, which is neither a position nor an alternative of the clause (%s)", id, r.Fallback, strings.Join(names, ", ")))
		}
	}
}

// wordingNames lists what a playbook may name of a clause: "house", the
// positions of its wordings and its alternatives' names.
func wordingNames(alts []string, position func(string) string) []string {
	out := []string{playbook.House}
	for _, n := range alts {
		if p := position(n); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, n := range alts {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// checkRange checks one variable's range against its declaration.
func checkRange(s *vars.Schema, file string, r *playbook.Range, errs *diag.List) {
	v := s.Lookup(r.Path)
	switch {
	case v == nil || v.Path != r.Path:
		errs.Add(diag.Errorf(file, r.Line, r.Col, r.Path, "no such variable in %s", library.VariablesFile))
		return
	case v.Kind != vars.KindInteger:
		errs.Add(diag.Errorf(file, r.Line, r.Col, r.Path, "is a %s; a playbook gives ranges of integer variables only", v.Kind))
		return
	}
	out := func(x *int64, name string) {
		if x == nil {
			return
		}
		if v.Min != nil && *x < *v.Min || v.Max != nil && *x > *v.Max {
			errs.Add(diag.Errorf(file, r.Line, r.Col, r.Path, "%s %d is outside the variable's own limits (%s in %s)", name, *x, limits(v), library.VariablesFile))
		}
	}
	out(r.Min, "min")
	out(r.Max, "max")
	out(r.Fallback, "fallback")
}

func limits(v *vars.Var) string {
	return (&playbook.Range{Min: v.Min, Max: v.Max}).String()
}
