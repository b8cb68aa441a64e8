package registry

import (
	"context"
	"slices"

	"github.com/Masterminds/semver/v3"
	"github.com/clausemark/clausemark/internal/clause"
)

// Carried is one wording of a clause that a document carries, beside the
// library's wording of the same alternative now.
type Carried struct {
	Clause string `json:"clause"`
	// Alternative is the wording's name: a house style's ("concise"), or
	// a position's wording of it ("concise-balanced").
	Alternative string `json:"alternative"`
	Version     string `json:"version"` // the clause's version the document carries
	// Now is the clause's version in the library now; empty when the
	// library has no such clause, or the clause no such alternative.
	Now string `json:"now,omitempty"`
	// Changed: the library's wording of the alternative is not the one
	// the document carries, or the library has none.
	Changed bool `json:"changed"`
	// WordingUnknown: the document was recorded before the registry kept
	// each wording's hash, so Changed compares the whole clause: an older
	// version than the library's, or the same with its file edited, or
	// no such alternative now.
	WordingUnknown bool `json:"wording_unknown,omitempty"`
}

// AffectedDocument is a document as Affected and Carrying list it: with
// the wordings of the clause it carries.
type AffectedDocument struct {
	Summary
	Wordings []Carried `json:"wordings"`
}

// Affected returns the documents whose wording of clause cur, the clause
// as the library has it now, is not the library's: each alternative is
// compared with the library's text of that same alternative, so that an
// edit to one alternative (or to one position's wording) lists only the
// documents that carry it, whatever the version says. Documents recorded
// before the registry kept each wording's hash are compared by the
// clause's version and file, as a whole (Carried.WordingUnknown). Newest
// first, at most limit, and whether more match.
func (r *Registry) Affected(ctx context.Context, cur *clause.Clause, limit int) ([]AffectedDocument, bool, error) {
	return r.carrying(ctx, cur.ID, cur, func(c Carried) bool { return c.Changed }, limit)
}

// Carrying returns the documents that carry clause id at version (at any
// version if version is empty), each with the wordings of the clause it
// carries, compared with cur, the clause as the library has it now (nil
// if the library has no clause id). Newest first, at most limit, and
// whether more match.
func (r *Registry) Carrying(ctx context.Context, id, version string, cur *clause.Clause, limit int) ([]AffectedDocument, bool, error) {
	return r.carrying(ctx, id, cur, func(c Carried) bool { return version == "" || c.Version == version }, limit)
}

// carrying lists the documents that carry a wording of clause id that
// keep holds, with those wordings.
func (r *Registry) carrying(ctx context.Context, id string, cur *clause.Clause, keep func(Carried) bool, limit int) ([]AffectedDocument, bool, error) {
	fail := func(err error) ([]AffectedDocument, bool, error) {
		return nil, false, &Error{Location: r.location, Op: "affected", Err: r.d.classify(err)}
	}
	limit = min(max(limit, 1), MaxLimit)
	kept, err := r.carried(ctx, id, cur, keep)
	if err != nil {
		return fail(err)
	}
	comps := make([]string, 0, len(kept))
	for c := range kept {
		comps = append(comps, c)
	}
	slices.Sort(comps)
	docs, err := r.ofCompositions(ctx, nil, nil, comps, 0, limit+1)
	if err != nil {
		return fail(err)
	}
	more := len(docs) > limit
	out := make([]AffectedDocument, 0, min(len(docs), limit))
	for _, d := range docs[:min(len(docs), limit)] {
		out = append(out, AffectedDocument{Summary: d.Summary, Wordings: kept[d.comp]})
	}
	return out, more, nil
}

// carried reads the wordings of clause id that the compositions carry (a
// few rows per composition, however many documents there are) and returns
// those keep holds, by composition.
func (r *Registry) carried(ctx context.Context, id string, cur *clause.Clause, keep func(Carried) bool) (map[string][]Carried, error) {
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT composition, alternative, version, hash, wording FROM composition_clauses WHERE clause = ? ORDER BY composition, position`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]Carried{}
	for rows.Next() {
		var comp, alt, version, hash, wording string
		if err := rows.Scan(&comp, &alt, &version, &hash, &wording); err != nil {
			return nil, err
		}
		c := compare(id, cur, alt, version, hash, wording)
		if keep(c) && !slices.Contains(out[comp], c) {
			out[comp] = append(out[comp], c)
		}
	}
	return out, rows.Err()
}

// compare compares a recorded wording of clause id (its alternative, the
// clause's version and file hash, and the wording's own hash, empty if
// not recorded) with the library's clause cur, nil if it has none.
func compare(id string, cur *clause.Clause, alt, version, hash, wording string) Carried {
	c := Carried{Clause: id, Alternative: alt, Version: version, WordingUnknown: wording == ""}
	var now *clause.Alternative
	if cur != nil {
		now = cur.Alts[alt]
	}
	switch {
	case now == nil:
		c.Changed = true
	case wording != "":
		c.Now = cur.Version
		c.Changed = now.Hash != wording
	default:
		c.Now = cur.Version
		c.Changed = older(version, cur.Version) || (version == cur.Version && hash != cur.Hash)
	}
	return c
}

// older tells whether version is older than cur, as semantic versions; a
// version that is not one reads as older whenever it differs.
func older(version, cur string) bool {
	v, err := semver.NewVersion(version)
	c, curErr := semver.NewVersion(cur)
	if err != nil || curErr != nil {
		return version != cur
	}
	return v.LessThan(c)
}
