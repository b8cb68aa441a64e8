package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// wasPrefix begins the names of the hidden controls that carry, for each
// value tied to another (tied_to) and each value something is tied to,
// what the form held when it was drawn or last previewed. A tied value
// the person has not touched since, whose tie has changed, returns to
// its default for the new value, as a variant's value does in the
// command's Resolve.
const wasPrefix = "_was."

// reset is a tied value the form returned to its default because a value
// it is tied to changed.
type reset struct {
	Path    string `json:"path"`
	Value   string `json:"value"`   // the value the input now holds
	Message string `json:"message"` // said beside the field
}

// tiedPaths lists the variables of p's form that are tied to another and
// the ones they are tied to, each an input the form shows: not a list,
// not the locked identity.
func tiedPaths(p *library.Prepared, m formMode) map[string]bool {
	schema := p.Template.Schema
	editable := func(path string) bool {
		v := schema.Vars[path]
		return v != nil && v.Kind != vars.KindList && !(locked(p, m) && houseField(schema, path))
	}
	out := map[string]bool{}
	for _, path := range schema.Paths() {
		v := schema.Vars[path]
		if len(v.TiedTo) == 0 || !editable(path) {
			continue
		}
		for _, t := range v.TiedTo {
			if editable(t) {
				out[path], out[t] = true, true
			}
		}
	}
	return out
}

// untie returns to its default every tied value of form that was not
// changed while a value it is tied to was, and says so: the default is
// the variant's value where the variant's ties still hold, else the
// declared default, else blank. form is changed in place, so that the
// page draws and resolves the values reset.
func (s *srv) untie(p *library.Prepared, m formMode, form url.Values) []reset {
	schema := p.Template.Schema
	tied := tiedPaths(p, m)
	var out []reset
	for _, path := range slices.Sorted(maps.Keys(tied)) {
		v := schema.Vars[path]
		was, ok := form[wasPrefix+path]
		if len(v.TiedTo) == 0 || !ok || form.Get(path) != was[0] {
			continue
		}
		for _, t := range v.TiedTo {
			before, ok := form[wasPrefix+t]
			if !ok || !tied[t] || form.Get(t) == before[0] {
				continue
			}
			value := s.tiedDefault(p, v, form)
			form[path] = []string{value}
			out = append(out, reset{Path: path, Value: value, Message: s.resetMessage(v, value, schema.Vars[t], form.Get(t))})
			break
		}
	}
	return out
}

// tiedDefault is what v returns to: the variant's value when every value
// it is tied to is still the variant's, else v's default, else blank.
func (s *srv) tiedDefault(p *library.Prepared, v *vars.Var, form url.Values) string {
	if p.Variant != nil {
		if own, ok := p.Variant.Values[v.Path]; ok {
			holds := true
			for _, t := range v.TiedTo {
				if vars.Canonical(p.Variant.Values[t].V) != form.Get(t) {
					holds = false
				}
			}
			if holds {
				return inputText(own.V)
			}
		}
	}
	return inputText(v.Default)
}

// resetMessage says beside v that it returned to value because tie, which
// it goes with, is now now: "Courts reset to the usual courts for
// Germany (the courts of Berlin, Germany)."
func (s *srv) resetMessage(v *vars.Var, value string, tie *vars.Var, now string) string {
	what := value
	if v.SeatOf != "" && value == "" {
		what = "the usual courts"
		if courts := s.usualCourts(now); courts != "" {
			return fmt.Sprintf("%s reset to the usual courts for %s (%s).", v.Title(), s.tieName(tie, now), courts)
		}
	} else if value == "" {
		what = "blank"
	} else if v.Kind == vars.KindEnum {
		what = v.ValueLabel(value)
	}
	return fmt.Sprintf("%s reset to %s for %s.", v.Title(), what, s.tieName(tie, now))
}

// tieName names a value a tied variable goes with, in running text: a
// jurisdiction's name, an enum's label, or the value itself.
func (s *srv) tieName(v *vars.Var, val string) string {
	if v.Kind == vars.KindJurisdiction {
		if rec, ok := s.cfg.Library.Jurisdictions[val]; ok {
			return fmt.Sprint(rec["name"])
		}
	}
	return s.valueLabel(v, val)
}

// usualCourts is a jurisdiction's default courts, as its record writes
// them ("the courts of Berlin, Germany"), or "".
func (s *srv) usualCourts(code string) string {
	rec, ok := s.cfg.Library.Jurisdictions[code]
	if !ok {
		return ""
	}
	c, _ := rec["courts"].(string)
	return strings.TrimSpace(c)
}

// seats are a jurisdiction's court seats, as a venue's select offers
// them, and its usual courts, chosen by leaving the venue blank.
type seats struct {
	Usual string   `json:"usual"`
	Seats []string `json:"seats"`
}

// seatsOf returns the court seats of the jurisdiction code.
func (s *srv) seatsOf(code string) seats {
	rec := s.cfg.Library.Jurisdictions[code]
	out := seats{Usual: usualLabel(s.usualCourts(code)), Seats: []string{}}
	if l, ok := rec["venues"].([]any); ok {
		for _, e := range l {
			out.Seats = append(out.Seats, fmt.Sprint(e))
		}
	}
	return out
}

// usualLabel is the option that leaves a venue blank.
func usualLabel(courts string) string {
	if courts == "" {
		return "The usual courts"
	}
	return "The usual courts (" + courts + ")"
}

// seatInput makes f a choice among the court seats of the jurisdiction
// juris, cur selected; a value that is no seat (a variant's "Bengaluru,
// Karnataka", or one the check refuses) is kept as an option of its own,
// so that nothing is lost. The seats of every jurisdiction go with it,
// for the page's script to offer when the jurisdiction changes.
func (s *srv) seatInput(f *field, juris, cur string) {
	f.Input, f.Value = "select", cur
	st := s.seatsOf(juris)
	f.Options = append(f.Options, option{Value: "", Label: st.Usual, Selected: cur == ""})
	found := cur == ""
	for _, seat := range st.Seats {
		sel := !found && strings.EqualFold(seat, strings.TrimSpace(cur))
		found = found || sel
		f.Options = append(f.Options, option{Value: seat, Label: seat, Selected: sel})
	}
	if !found {
		f.Options = append(f.Options, option{Value: cur, Label: cur, Selected: true})
	}
	all := map[string]seats{}
	for code := range s.cfg.Library.Jurisdictions {
		all[code] = s.seatsOf(code)
	}
	b, _ := json.Marshal(all) // strings only: cannot fail
	f.Seats = string(b)
}
