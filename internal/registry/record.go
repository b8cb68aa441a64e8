package registry

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/vars"
)

// Record records one generated document: its document row the first time
// its id is seen, and an issuance with the outputs' digests each time. A
// batch row already recorded for the same run is not recorded twice, so a
// resumed run leaves one issuance per row. Record is the
// [generate.Recorder] method.
func (r *Registry) Record(ctx context.Context, res *generate.Result) error {
	if err := r.record(ctx, res); err != nil {
		return &Error{Location: r.location, Op: "record " + res.ID, Err: r.d.classify(err)}
	}
	return nil
}

func (r *Registry) record(ctx context.Context, res *generate.Result) error {
	if r.readOnly {
		return fmt.Errorf("%w: it was opened read-only", ErrReadOnly)
	}
	if res.ID == "" {
		return errors.New("the document has no id")
	}
	doc := res.Document
	p := res.Provenance
	values, given, err := valuesJSON(res)
	if err != nil {
		return err
	}
	comp := composition(p.Clauses)
	now := stamp(r.now())
	jurisdiction := ""
	if j := doc.Meta.Jurisdiction; j != nil {
		jurisdiction = fmt.Sprint(j["code"])
	}
	date := ""
	if !doc.Meta.Date.IsZero() {
		date = doc.Meta.Date.Format("2006-01-02")
	}

	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) (sql.Result, error) {
		return tx.ExecContext(ctx, r.d.rebind(q), args...)
	}
	added, err := exec(`INSERT INTO compositions (id) VALUES (?) ON CONFLICT DO NOTHING`, comp)
	if err != nil {
		return err
	}
	if n, _ := added.RowsAffected(); n > 0 {
		for i, c := range p.Clauses {
			if _, err := exec(`INSERT INTO composition_clauses (composition, position, clause, alternative, version, hash, number) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				comp, i, c.ID, c.Alternative, c.Version, c.Hash, c.Number); err != nil {
				return err
			}
		}
	}
	if _, err := exec(`INSERT INTO documents (id, library, library_version, template, template_version, variant, customer, customer_key, processor, processor_key, jurisdiction, document_date, variables_hash, vals, composition, first_issued, last_issued, issues)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING`,
		res.ID, p.Library, p.LibraryVersion, p.Template, p.TemplateVersion, p.Variant,
		doc.Meta.Customer, key(doc.Meta.Customer), doc.Meta.Processor, key(doc.Meta.Processor),
		jurisdiction, date, p.VariablesHash, values, comp, now, now); err != nil {
		return err
	}
	var issuance int64
	err = tx.QueryRowContext(ctx, r.d.rebind(`INSERT INTO issuances (document, issued_at, source, program, paper, batch_run, batch_row, given)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_run, batch_row, document) WHERE batch_run <> '' DO NOTHING RETURNING id`),
		res.ID, now, res.Origin.Source, p.Program, p.Paper, res.Origin.Run, res.Origin.Row, given).Scan(&issuance)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // this batch row was recorded before the run was interrupted
	}
	if err != nil {
		return err
	}
	for _, o := range p.Outputs {
		if _, err := exec(`INSERT INTO outputs (issuance, format, sha256, bytes) VALUES (?, ?, ?, ?)`, issuance, o.Format, o.SHA256, o.Bytes); err != nil {
			return err
		}
	}
	if _, err := exec(`UPDATE documents SET issues = issues + 1, last_issued = CASE WHEN last_issued < ? THEN ? ELSE last_issued END WHERE id = ?`, now, now, res.ID); err != nil {
		return err
	}
	// An erased document issued again has a record again. (Erasures came
	// with schema version 2.)
	if r.schema >= 2 {
		if _, err := exec(`DELETE FROM erasures WHERE document = ?`, res.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// key is a name as searched: lower case.
func key(s string) string { return strings.ToLower(s) }

// composition is the id of a list of clause wordings: a digest of each
// clause's id, alternative, version, hash and number in order.
func composition(cs []generate.ClauseUse) string {
	h := sha256.New()
	for _, c := range cs {
		fmt.Fprintf(h, "%q %q %q %q %q\n", c.ID, c.Alternative, c.Version, c.Hash, c.Number)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// valuesJSON returns a document's values as JSON objects by variable path:
// every value (defaults included) and the values the request gave, which
// leave out defaults and the variant's.
func valuesJSON(res *generate.Result) (values, given string, err error) {
	all := map[string]any{}
	asked := map[string]any{}
	r := res.Resolved
	for p, v := range r.Values {
		x := vars.Plain(v.V)
		all[p] = x
		if sv := r.Template.Schema.Vars[p]; sv != nil && v.Src.File == sv.File && v.Src.Line == sv.Line {
			continue // its default
		}
		if r.Variant != nil && v.Src.File == r.Variant.File {
			continue
		}
		asked[p] = x
	}
	a, err := encodeJSON(all)
	if err != nil {
		return "", "", err
	}
	g, err := encodeJSON(asked)
	return a, g, err
}

// encodeJSON writes x as compact JSON without HTML escapes, with map keys
// sorted: the same values give the same text.
func encodeJSON(x any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
