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
	"slices"
	"strings"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Record records one generated document: its document row the first time
// its id is seen, and an issuance with the outputs' digests each time. A
// batch row already recorded for the same run is not recorded twice, so a
// resumed run leaves one issuance per row. Record is the
// [generate.Recorder] method.
func (r *Registry) Record(ctx context.Context, res *generate.Result) error {
	return r.RecordAll(ctx, []*generate.Result{res})
}

// RecordAll records several documents in one transaction: all of them or,
// on an error, none. Batch records the rows that finish together this way,
// so that a commit serves many rows.
func (r *Registry) RecordAll(ctx context.Context, results []*generate.Result) error {
	if len(results) == 0 {
		return nil
	}
	op := "record " + results[0].ID
	if len(results) > 1 {
		op = fmt.Sprintf("record %d documents", len(results))
	}
	fail := func(err error) error {
		return &Error{Location: r.location, Op: op, Err: r.d.classify(err)}
	}
	if r.readOnly {
		return fail(fmt.Errorf("%w: it was opened read-only", ErrReadOnly))
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var w written
	for _, res := range results {
		if err := r.record(ctx, tx, res, &w); err != nil {
			if len(results) > 1 {
				err = fmt.Errorf("%s: %w", res.ID, err)
			}
			return fail(err)
		}
	}
	if err := r.fillWordings(ctx, tx, w.fill); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	for _, c := range w.comps {
		r.comps.Store(c, true)
	}
	return nil
}

// written is what a transaction recording documents makes sure of.
type written struct {
	comps []string            // the compositions recorded
	fill  map[string][]string // wording hashes for compositions recorded without them, by composition
}

// Queries recording runs, prepared when the registry is opened for writing.
const (
	insertComposition = `INSERT INTO compositions (id) VALUES (?) ON CONFLICT DO NOTHING`
	insertClause      = `INSERT INTO composition_clauses (composition, position, clause, alternative, version, hash, number, wording) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	unknownWordings   = `SELECT COUNT(*) FROM composition_clauses WHERE composition = ? AND wording = '' AND hash <> ''`
	fillWording       = `UPDATE composition_clauses SET wording = ? WHERE composition = ? AND position = ? AND wording = ''`
	insertDocument    = `INSERT INTO documents (id, library, library_version, template, template_version, variant, customer, customer_key, processor, processor_key, jurisdiction, document_date, variables_hash, vals, composition, first_issued, last_issued, last_issued_by, issues)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`
	insertIssuance = `INSERT INTO issuances (document, issued_at, source, program, paper, archival, batch_run, batch_row, outputs_digest, given, mode, issued_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_run, batch_row, document, outputs_digest) WHERE batch_run <> '' DO NOTHING RETURNING id`
	insertOutput  = `INSERT INTO outputs (issuance, format, sha256, bytes) VALUES (?, ?, ?, ?)`
	countIssue    = `UPDATE documents SET issues = issues + 1, last_issued_by = CASE WHEN last_issued <= ? THEN ? ELSE last_issued_by END, last_issued = CASE WHEN last_issued < ? THEN ? ELSE last_issued END WHERE id = ?`
	deleteErasure = `DELETE FROM erasures WHERE document = ?`
)

// prepare prepares the statements recording runs, once, before any
// transaction holds a connection: preparing later would need a
// connection of its own.
func (r *Registry) prepare(ctx context.Context) error {
	qs := []string{insertComposition, insertClause, unknownWordings, fillWording, insertDocument, insertIssuance, insertOutput, countIssue}
	if r.schema >= 2 {
		qs = append(qs, deleteErasure)
	}
	for _, q := range qs {
		st, err := r.db.PrepareContext(ctx, r.d.rebind(q))
		if err != nil {
			return err
		}
		r.stmts.Store(q, st)
	}
	return nil
}

// stmt returns query q as a statement of tx: the one prepared for it, on
// tx's connection.
func (r *Registry) stmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	st, ok := r.stmts.Load(q)
	if !ok {
		return tx.PrepareContext(ctx, r.d.rebind(q))
	}
	return tx.StmtContext(ctx, st.(*sql.Stmt)), nil
}

func (r *Registry) record(ctx context.Context, tx *sql.Tx, res *generate.Result, w *written) error {
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
	by := res.Origin.User
	if by == "" {
		by = r.issuedBy
	}
	date := ""
	if !doc.Meta.Date.IsZero() {
		date = doc.Meta.Date.Format("2006-01-02")
	}

	exec := func(q string, args ...any) (sql.Result, error) {
		st, err := r.stmt(ctx, tx, q)
		if err != nil {
			return nil, err
		}
		return st.ExecContext(ctx, args...)
	}
	if _, known := r.comps.Load(comp); !known {
		added, err := exec(insertComposition, comp)
		if err != nil {
			return err
		}
		hashes := wordings(res)
		if n, _ := added.RowsAffected(); n > 0 {
			for i, c := range p.Clauses {
				if _, err := exec(insertClause, comp, i, c.ID, c.Alternative, c.Version, c.Hash, c.Number, hashes[i]); err != nil {
					return err
				}
			}
		} else if _, filling := w.fill[comp]; !filling && slices.ContainsFunc(hashes, func(h string) bool { return h != "" }) {
			// Recorded before the registry kept each wording's hash: the
			// same clause files make the same composition, so these are
			// its wordings' hashes.
			st, err := r.stmt(ctx, tx, unknownWordings)
			if err != nil {
				return err
			}
			var unknown int
			if err := st.QueryRowContext(ctx, comp).Scan(&unknown); err != nil {
				return err
			}
			if unknown > 0 {
				if w.fill == nil {
					w.fill = map[string][]string{}
				}
				w.fill[comp] = hashes
			}
		}
		w.comps = append(w.comps, comp)
	}
	// A new document is issued once; one already recorded is counted again
	// below, once its issuance is known not to be a repeat.
	added, err := exec(insertDocument,
		res.ID, p.Library, p.LibraryVersion, p.Template, p.TemplateVersion, p.Variant,
		doc.Meta.Customer, key(doc.Meta.Customer), doc.Meta.Processor, key(doc.Meta.Processor),
		jurisdiction, date, p.VariablesHash, values, comp, now, now, by)
	if err != nil {
		return err
	}
	isNew, _ := added.RowsAffected()
	var issuance int64
	st, err := r.stmt(ctx, tx, insertIssuance)
	if err != nil {
		return err
	}
	err = st.QueryRowContext(ctx, res.ID, now, res.Origin.Source, p.Program, p.Paper, p.Archival, res.Origin.Run, res.Origin.Row, outputsDigest(p.Outputs), given, issuanceMode(res), by).Scan(&issuance)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // this batch row, with these very bytes, was recorded before the run was interrupted
	}
	if err != nil {
		return err
	}
	for _, o := range p.Outputs {
		if _, err := exec(insertOutput, issuance, o.Format, o.SHA256, o.Bytes); err != nil {
			return err
		}
	}
	if isNew == 0 {
		if _, err := exec(countIssue, now, by, now, now, res.ID); err != nil {
			return err
		}
	} else if r.schema >= 2 {
		// An erased document issued again has a record again: its row was
		// deleted, so it is new here. (Erasures came with schema version 2.)
		if _, err := exec(deleteErasure, res.ID); err != nil {
			return err
		}
	}
	return nil
}

// fillWordings records the wording hashes of compositions recorded
// without them, in the order of their ids, so that two transactions
// filling the same ones take their rows in the same order.
func (r *Registry) fillWordings(ctx context.Context, tx *sql.Tx, fill map[string][]string) error {
	comps := make([]string, 0, len(fill))
	for c := range fill {
		comps = append(comps, c)
	}
	slices.Sort(comps)
	for _, c := range comps {
		st, err := r.stmt(ctx, tx, fillWording)
		if err != nil {
			return err
		}
		for i, h := range fill[c] {
			if h == "" {
				continue
			}
			if _, err := st.ExecContext(ctx, h, c, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// wordings returns the hash of each clause wording res's document
// carries (clause.Alternative.Hash), in the order of its provenance's
// clauses; "" where it is not known.
func wordings(res *generate.Result) []string {
	cs := res.Provenance.Clauses
	out := make([]string, len(cs))
	if res.Document == nil || len(res.Document.Sections) != len(cs) {
		return out
	}
	for i, s := range res.Document.Sections {
		if a := s.Clause; a != nil && s.ClauseID == cs[i].ID && a.Name == cs[i].Alternative {
			out[i] = a.Hash
		}
	}
	return out
}

// The modes of an issuance: whose processor identity its document
// carries.
const (
	// ModeStandard: the library's, from the variant (the house style) or
	// the template.
	ModeStandard = "standard"
	// ModeHouse: the requester's, who entered the processor's identity
	// (the web form's house-style mode, processor values in an API
	// request, --set or --vars): the registry vouches for the bytes, not
	// for the processor they name.
	ModeHouse = "house"
)

// issuanceMode is the mode of res's request (see ResolvedMode).
func issuanceMode(res *generate.Result) string { return ResolvedMode(res.Resolved) }

// ResolvedMode tells whether a request entered any part of the
// processor's identity (ModeHouse): a variable marked identity, or one in
// the group of the processor's name, given by the request rather than by
// the variant or the template's default (as the web form's house-style
// mode tells them apart); else ModeStandard.
func ResolvedMode(r *library.Resolved) string {
	if r == nil || r.Template == nil {
		return ModeStandard
	}
	schema := r.Template.Schema
	for p, v := range r.Values {
		sv := schema.Vars[p]
		if sv == nil || !(sv.Identity || schema.InGroupOf(vars.RoleProcessorName, p)) {
			continue
		}
		if v.Src.File == sv.File && v.Src.Line == sv.Line {
			continue // its default
		}
		if r.Variant != nil && v.Src.File == r.Variant.File {
			continue
		}
		return ModeHouse
	}
	return ModeStandard
}

// outputsDigest identifies an issuance's files: each format and SHA-256.
// A batch row made again with other bytes (another paper, another format)
// is another issuance; the same bytes again, a resume, are not.
func outputsDigest(outs []generate.OutputDigest) string {
	h := sha256.New()
	for _, o := range outs {
		h.Write([]byte(o.Format + " " + o.SHA256 + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// key is a name as searched and matched: trimmed, in Unicode's composed
// form (NFC) and case-folded, so that "  ΟΔΟΣ AE", "οδος ae" and a
// decomposed "Ü" find what was recorded.
// A Caser keeps state, so each call takes its own.
func key(s string) string { return cases.Fold().String(norm.NFC.String(strings.TrimSpace(s))) }

// composition is the id of a list of clause wordings: a digest of each
// clause's id, alternative, version, hash and number in order.
func composition(cs []generate.ClauseUse) string {
	h := sha256.New()
	for _, c := range cs {
		// Ids, names, versions, hashes and numbers hold no NUL.
		for _, f := range [...]string{c.ID, c.Alternative, c.Version, c.Hash, c.Number} {
			h.Write([]byte(f))
			h.Write([]byte{0})
		}
		h.Write([]byte{'\n'})
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
