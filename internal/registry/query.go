package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/vars"
)

// Summary is a document as listed.
type Summary struct {
	ID              string    `json:"id"`
	Customer        string    `json:"customer"`
	Processor       string    `json:"processor"`
	Template        string    `json:"template"`
	TemplateVersion string    `json:"template_version"`
	Library         string    `json:"library"`
	LibraryVersion  string    `json:"library_version"`
	Variant         string    `json:"variant,omitempty"`
	Jurisdiction    string    `json:"jurisdiction,omitempty"`
	Date            string    `json:"date,omitempty"` // the document's date, YYYY-MM-DD
	FirstIssued     time.Time `json:"first_issued"`
	LastIssued      time.Time `json:"last_issued"`
	Issues          int       `json:"issues"` // times generated
	// IssuedBy names who issued it last (see Issuance.IssuedBy); empty
	// when nobody was named.
	IssuedBy string `json:"issued_by,omitempty"`
	// DerivedFrom is the document this one was made from, as a reply
	// to a customer's redline is ([Registry.RecordDerived]); empty for
	// one made from values alone.
	DerivedFrom string `json:"derived_from,omitempty"`
}

// Document is everything recorded of one document, with a page of its
// issuances: a document issued many thousand times is not one answer of
// many megabytes.
type Document struct {
	Summary
	VariablesHash string          `json:"variables_hash"`
	Values        json.RawMessage `json:"values"` // every value by variable path, defaults included
	Clauses       []Clause        `json:"clauses"`
	// Formats are the formats it was issued in, by name.
	Formats []string `json:"formats"`
	// Issuances are a page of its issuances, newest first: at most
	// Page.Limit after skipping IssuancesOffset newer ones, of
	// IssuancesTotal.
	Issuances       []Issuance `json:"issuances"`
	IssuancesTotal  int        `json:"issuances_total"`
	IssuancesOffset int        `json:"issuances_offset"`
	// Latest is the newest issuance in each format, whatever page
	// Issuances holds: the one a reissue must match.
	Latest map[string]*Issuance `json:"-"`
}

// The issuances one answer holds: DefaultIssuances unless a Page asks
// for others, never more than MaxIssuances.
const (
	DefaultIssuances = 50
	MaxIssuances     = 500
)

// Page chooses a page of a document's issuances, newest first.
type Page struct {
	Limit  int // at most this many: 0 is DefaultIssuances, more than MaxIssuances is MaxIssuances
	Offset int // after skipping this many newer ones
}

// Clause is one clause wording a document carries.
type Clause struct {
	ID          string `json:"id"`
	Alternative string `json:"alternative"`
	Version     string `json:"version"`
	Hash        string `json:"hash"`
	Number      string `json:"number,omitempty"`
	// Wording is the hash of the alternative's own wording
	// (clause.Alternative.Hash); empty when recorded before the registry
	// kept it.
	Wording string `json:"wording,omitempty"`
}

// Issuance is one time a document was generated.
type Issuance struct {
	At      time.Time `json:"at"`
	Source  string    `json:"source"` // render, batch or serve
	Program string    `json:"program"`
	Paper   string    `json:"paper"` // A4 or Letter
	// Archival is the archival standard its PDF was made to ("PDF/A-2b"),
	// empty for a plain PDF.
	Archival string `json:"archival,omitempty"`
	// Mode says whose processor identity the document carries: ModeStandard,
	// the library's; ModeHouse, entered by the requester; empty when
	// recorded before the registry kept it.
	Mode string `json:"mode,omitempty"`
	// IssuedBy names who asked for it: the user the server's access rule
	// named (a single sign-on proxy's header, a token's name) or the
	// system user at the command line; empty when nobody was named, and
	// for an issuance recorded before the registry kept it.
	IssuedBy string          `json:"issued_by,omitempty"`
	Run      string          `json:"run,omitempty"` // a batch run's manifest
	Row      int             `json:"row,omitempty"`
	Given    json.RawMessage `json:"given"` // the values the request gave
	Outputs  []Output        `json:"outputs"`
}

// Output is one file an issuance wrote.
type Output struct {
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// Wording matches a clause at a version (any version if Version is
// empty), and at a hash if Hash is set.
type Wording struct {
	Clause, Version, Hash string
}

// ValueMatch matches a variable's value, as the JSON that Plain gives it.
type ValueMatch struct {
	Path string
	JSON string // such as 45 or "Globex"
}

// Match is the filter for variable path having the typed value x, in the
// JSON the registry records values as.
func Match(path string, x any) (ValueMatch, error) {
	js, err := encodeJSON(vars.Plain(x))
	return ValueMatch{Path: path, JSON: js}, err
}

// Filter chooses documents. Every field set must match; the zero Filter
// matches every document.
type Filter struct {
	ID           string       // this document alone; "" for any
	Customer     string       // the customer's name starts with this, in any case
	Processor    string       // the processor's legal name starts with this, in any case
	Template     string       // template id
	Jurisdiction string       // jurisdiction code
	Variant      string       // the house style (variant) it started from
	Wordings     []Wording    // carries at least one of these wordings
	Values       []ValueMatch // each of these values
	Since, Until time.Time    // issued at least once in [Since, Until); zero for no bound
	Limit        int          // at most this many, newest first; 0 means 50
	Offset       int          // after skipping this many newer ones
}

// MaxLimit bounds a listing.
const MaxLimit = 10000

// List returns the documents that f matches, most recently issued first,
// and whether more match than f.Offset and f.Limit take.
func (r *Registry) List(ctx context.Context, f Filter) ([]Summary, bool, error) {
	out, more, err := r.list(ctx, f)
	if err != nil {
		return nil, false, &Error{Location: r.location, Op: "list", Err: r.d.classify(err)}
	}
	return out, more, nil
}

const summaryColumns = `d.id, d.customer, d.processor, d.template, d.template_version, d.library, d.library_version, d.variant, d.jurisdiction, d.document_date, d.first_issued, d.last_issued, d.issues, d.last_issued_by, d.derived_from`

// scanSummary reads summaryColumns, then the columns of more.
func scanSummary(sc interface{ Scan(...any) error }, s *Summary, more ...any) error {
	var first, last string
	if err := sc.Scan(append([]any{&s.ID, &s.Customer, &s.Processor, &s.Template, &s.TemplateVersion, &s.Library, &s.LibraryVersion, &s.Variant, &s.Jurisdiction, &s.Date, &first, &last, &s.Issues, &s.IssuedBy, &s.DerivedFrom}, more...)...); err != nil {
		return err
	}
	s.FirstIssued, s.LastIssued = parseStamp(first), parseStamp(last)
	return nil
}

func (r *Registry) list(ctx context.Context, f Filter) ([]Summary, bool, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, MaxLimit)
	var where []string
	var args []any
	prefix := func(col, s string) {
		// A range on the lower-cased column, which its index serves.
		k := key(s)
		where = append(where, col+" >= ? AND "+col+" < ?")
		args = append(args, k, k+"\U0010FFFF")
	}
	if f.ID != "" {
		where = append(where, "d.id = ?")
		args = append(args, f.ID)
	}
	if f.Customer != "" {
		prefix("d.customer_key", f.Customer)
	}
	if f.Processor != "" {
		prefix("d.processor_key", f.Processor)
	}
	if f.Template != "" {
		where = append(where, "d.template = ?")
		args = append(args, f.Template)
	}
	if f.Jurisdiction != "" {
		where = append(where, "d.jurisdiction = ?")
		args = append(args, f.Jurisdiction)
	}
	if f.Variant != "" {
		where = append(where, "d.variant = ?")
		args = append(args, f.Variant)
	}
	for _, v := range f.Values {
		where = append(where, r.d.valueEquals())
		args = append(args, r.d.valuePath(v.Path), v.JSON)
	}
	if !f.Since.IsZero() || !f.Until.IsZero() {
		cond := "EXISTS (SELECT 1 FROM issuances i WHERE i.document = d.id"
		if !f.Since.IsZero() {
			cond += " AND i.issued_at >= ?"
			args = append(args, stamp(f.Since))
		}
		if !f.Until.IsZero() {
			cond += " AND i.issued_at < ?"
			args = append(args, stamp(f.Until))
		}
		where = append(where, cond+")")
	}
	offset := max(f.Offset, 0)
	var out []Summary
	if len(f.Wordings) == 0 {
		var err error
		if out, err = r.query(ctx, where, args, offset, limit+1); err != nil {
			return nil, false, err
		}
	} else {
		comps, err := r.compositions(ctx, f.Wordings)
		if err != nil {
			return nil, false, err
		}
		got, err := r.ofCompositions(ctx, where, args, comps, offset, limit+1)
		if err != nil {
			return nil, false, err
		}
		for _, g := range got {
			out = append(out, g.Summary)
		}
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// composed is a document listed with its composition.
type composed struct {
	Summary
	comp string
}

// ofCompositions returns the documents of compositions comps that match
// where, newest first, from offset, at most limit: the documents of each
// composition newest first from the (composition, last_issued) index,
// merged, a few short index reads however many documents there are.
func (r *Registry) ofCompositions(ctx context.Context, where []string, args []any, comps []string, offset, limit int) ([]composed, error) {
	var out []composed
	for _, c := range comps {
		got, err := r.query(ctx, append(slices.Clip(where), "d.composition = ?"), append(slices.Clone(args), c), 0, offset+limit)
		if err != nil {
			return nil, err
		}
		for _, s := range got {
			out = append(out, composed{s, c})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].LastIssued.Equal(out[j].LastIssued) {
			return out[i].LastIssued.After(out[j].LastIssued)
		}
		return out[i].ID < out[j].ID
	})
	out = out[min(offset, len(out)):]
	return out[:min(limit, len(out))], nil
}

// query runs a listing with conditions where, newest first, from offset.
func (r *Registry) query(ctx context.Context, where []string, args []any, offset, limit int) ([]Summary, error) {
	q := `SELECT ` + summaryColumns + ` FROM documents d`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY d.last_issued DESC, d.id LIMIT ? OFFSET ?`
	rows, err := r.db.QueryContext(ctx, r.d.rebind(q), append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var s Summary
		if err := scanSummary(rows, &s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// compositions returns the compositions that carry one of ws.
func (r *Registry) compositions(ctx context.Context, ws []Wording) ([]string, error) {
	var alts []string
	var args []any
	for _, w := range ws {
		switch {
		case w.Version == "":
			alts = append(alts, "(clause = ?)")
			args = append(args, w.Clause)
		case w.Hash != "":
			alts = append(alts, "(clause = ? AND version = ? AND hash = ?)")
			args = append(args, w.Clause, w.Version, w.Hash)
		default:
			alts = append(alts, "(clause = ? AND version = ?)")
			args = append(args, w.Clause, w.Version)
		}
	}
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT DISTINCT composition FROM composition_clauses WHERE `+strings.Join(alts, " OR ")+` ORDER BY composition`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Get returns everything recorded of document id, with its newest
// DefaultIssuances issuances, or a *NotFoundError.
func (r *Registry) Get(ctx context.Context, id string) (*Document, error) {
	return r.GetPage(ctx, id, Page{})
}

// GetPage returns everything recorded of document id, with the page of
// its issuances p chooses, or a *NotFoundError.
func (r *Registry) GetPage(ctx context.Context, id string, p Page) (*Document, error) {
	d, err := r.get(ctx, id, p)
	if err != nil {
		var nf *NotFoundError
		if errors.As(err, &nf) {
			return nil, err
		}
		return nil, &Error{Location: r.location, Op: "show " + id, Err: r.d.classify(err)}
	}
	return d, nil
}

// issuanceColumns are an issuance's, of issuances i, as scanIssuance reads them.
const issuanceColumns = `i.id, i.issued_at, i.source, i.program, i.paper, i.archival, i.batch_run, i.batch_row, i.given, i.mode, i.issued_by`

func scanIssuance(sc interface{ Scan(...any) error }, n *int64, is *Issuance, more ...any) error {
	var at, given string
	if err := sc.Scan(append([]any{n, &at, &is.Source, &is.Program, &is.Paper, &is.Archival, &is.Run, &is.Row, &given, &is.Mode, &is.IssuedBy}, more...)...); err != nil {
		return err
	}
	is.At, is.Given = parseStamp(at), json.RawMessage(given)
	return nil
}

func (r *Registry) get(ctx context.Context, id string, p Page) (*Document, error) {
	if p.Limit <= 0 {
		p.Limit = DefaultIssuances
	}
	p.Limit = min(p.Limit, MaxIssuances)
	p.Offset = max(p.Offset, 0)
	d := &Document{IssuancesOffset: p.Offset, Issuances: []Issuance{}, Formats: []string{}, Latest: map[string]*Issuance{}}
	var vals, comp string
	row := r.db.QueryRowContext(ctx, r.d.rebind(`SELECT `+summaryColumns+`, d.variables_hash, d.vals, d.composition FROM documents d WHERE d.id = ?`), id)
	err := scanSummary(row, &d.Summary, &d.VariablesHash, &vals, &comp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{ID: id}
	}
	if err != nil {
		return nil, err
	}
	d.Values = json.RawMessage(vals)

	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT clause, alternative, version, hash, number, wording FROM composition_clauses WHERE composition = ? ORDER BY position`), comp)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c Clause
		if err := rows.Scan(&c.ID, &c.Alternative, &c.Version, &c.Hash, &c.Number, &c.Wording); err != nil {
			rows.Close()
			return nil, err
		}
		d.Clauses = append(d.Clauses, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if err := r.db.QueryRowContext(ctx, r.d.rebind(`SELECT COUNT(*) FROM issuances WHERE document = ?`), id).Scan(&d.IssuancesTotal); err != nil {
		return nil, err
	}
	if d.Issuances, err = r.issuances(ctx, `SELECT `+issuanceColumns+` FROM issuances i WHERE i.document = ? ORDER BY i.issued_at DESC, i.id DESC LIMIT ? OFFSET ?`, id, p.Limit, p.Offset); err != nil {
		return nil, err
	}

	// The formats, and the newest issuance in each: a few short reads of
	// the (document, issued_at) index however many issuances there are.
	fs, err := r.issuedFormats(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	d.Formats = append(d.Formats, fs[id]...)
	for _, f := range d.Formats {
		got, err := r.issuances(ctx, `SELECT `+issuanceColumns+` FROM issuances i WHERE i.document = ? AND EXISTS (SELECT 1 FROM outputs o WHERE o.issuance = i.id AND o.format = ?) ORDER BY i.issued_at DESC, i.id DESC LIMIT 1`, id, f)
		if err != nil {
			return nil, err
		}
		if len(got) == 1 {
			d.Latest[f] = &got[0]
		}
	}
	return d, nil
}

// issuances runs query q, which selects issuanceColumns of issuances i,
// and returns those issuances with their outputs, in the query's order.
func (r *Registry) issuances(ctx context.Context, q string, args ...any) ([]Issuance, error) {
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT `+issuanceColumns+`, o.format, o.sha256, o.bytes FROM (`+q+`) i
		LEFT JOIN outputs o ON o.issuance = i.id ORDER BY i.issued_at DESC, i.id DESC, o.format`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Issuance{}
	last := int64(-1)
	for rows.Next() {
		var n int64
		var is Issuance
		var format, sum sql.NullString
		var size sql.NullInt64
		if err := scanIssuance(rows, &n, &is, &format, &sum, &size); err != nil {
			return nil, err
		}
		if n != last {
			is.Outputs = []Output{}
			out = append(out, is)
			last = n
		}
		if format.Valid {
			cur := &out[len(out)-1]
			cur.Outputs = append(cur.Outputs, Output{Format: format.String, SHA256: sum.String, Bytes: size.Int64})
		}
	}
	return out, rows.Err()
}

// IssuedFormats returns the formats each of documents ids was issued in,
// by name, in one query: what the history page offers to download.
// Documents the registry does not hold are left out.
func (r *Registry) IssuedFormats(ctx context.Context, ids []string) (map[string][]string, error) {
	out, err := r.issuedFormats(ctx, ids)
	if err != nil {
		return nil, &Error{Location: r.location, Op: "formats", Err: r.d.classify(err)}
	}
	return out, nil
}

func (r *Registry) issuedFormats(ctx context.Context, ids []string) (map[string][]string, error) {
	return r.grouped(ctx, ids, func(in string) string {
		return `SELECT DISTINCT i.document, o.format FROM issuances i JOIN outputs o ON o.issuance = i.id WHERE i.document IN ` + in + ` ORDER BY i.document, o.format`
	})
}

// groupChunk is how many ids one query of [Registry.grouped] binds: well
// under the parameter limits of SQLite (32,766) and PostgreSQL (65,535).
const groupChunk = 500

// grouped runs the query that query makes of a parenthesised list of
// placeholders, for groupChunk ids at a time, and gathers the second
// column of its rows under the first, in the rows' order.
func (r *Registry) grouped(ctx context.Context, ids []string, query func(in string) string) (map[string][]string, error) {
	out := map[string][]string{}
	for len(ids) > 0 {
		n := min(len(ids), groupChunk)
		chunk := ids[:n]
		ids = ids[n:]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := query(`(?` + strings.Repeat(", ?", len(chunk)-1) + `)`)
		rows, err := r.db.QueryContext(ctx, r.d.rebind(q), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key, v string
			if err := rows.Scan(&key, &v); err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = append(out[key], v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ClauseVersion is one wording of a clause found in the registry.
type ClauseVersion struct {
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// ClauseVersions returns the wordings of clause id that recorded
// documents carry (or carried: a composition outlives the documents of a
// customer erased). It reads the compositions only, a few dozen rows
// however many documents there are.
func (r *Registry) ClauseVersions(ctx context.Context, id string) ([]ClauseVersion, error) {
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT DISTINCT version, hash FROM composition_clauses WHERE clause = ? ORDER BY version, hash`), id)
	if err != nil {
		return nil, &Error{Location: r.location, Op: "clause versions", Err: r.d.classify(err)}
	}
	defer rows.Close()
	var out []ClauseVersion
	for rows.Next() {
		var v ClauseVersion
		if err := rows.Scan(&v.Version, &v.Hash); err != nil {
			return nil, &Error{Location: r.location, Op: "clause versions", Err: err}
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, &Error{Location: r.location, Op: "clause versions", Err: err}
	}
	return out, nil
}

// Status is what verification found.
type Status int

const (
	// Issued: the file's SHA-256 is one the registry recorded.
	Issued Status = iota + 1
	// Altered: the file names a document the registry holds, but its
	// bytes are not any the registry recorded.
	Altered
	// Erased: the file names a document whose record was erased on
	// request.
	Erased
	// Unknown: the registry has no record of the file.
	Unknown
)

func (s Status) String() string {
	switch s {
	case Issued:
		return "issued"
	case Altered:
		return "altered"
	case Erased:
		return "erased"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText writes the status as its name, for JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Verdict is the result of verifying a file.
type Verdict struct {
	Status   Status    `json:"status"`
	SHA256   string    `json:"sha256"`             // the file's
	ID       string    `json:"id,omitempty"`       // the document it is, or names
	Document *Summary  `json:"document,omitempty"` // Issued and Altered
	Issued   *Issuance `json:"issuance,omitempty"` // Issued: the issuance that wrote these bytes
	Format   string    `json:"format,omitempty"`   // Issued: the format of these bytes
	Recorded []Output  `json:"recorded,omitempty"` // Altered: the outputs recorded for the document, newest first
	// RecordedMore says the document has more outputs recorded than
	// Recorded lists (MaxRecorded).
	RecordedMore bool      `json:"recorded_more,omitempty"`
	ErasedAt     time.Time `json:"erased_at,omitzero"` // Erased
	// Names are the ids the file names (unless Issued), in the order they
	// first appear, each with what the registry holds of it: an issued
	// file with another id added names two, and ID is then the first the
	// registry holds (Altered), else the first erased (Erased).
	Names []Named `json:"names,omitempty"`
	// NamesMore says the file names more ids than Names lists
	// (docid.MaxFound).
	NamesMore bool `json:"names_more,omitempty"`
	// Revisions, for an Issued PDF, is how many incremental updates
	// follow the bytes issued, as an e-signature tool appends them (0:
	// the file is the bytes issued). IssuedBytes is then the size of the
	// part issued, and Signers the names that the updates' signature
	// dictionaries give, at most MaxSigners.
	Revisions   int      `json:"revisions,omitempty"`
	IssuedBytes int64    `json:"issued_bytes,omitempty"`
	Signers     []string `json:"signers,omitempty"`
}

// Named is an id a file names and what the registry holds of it.
type Named struct {
	ID string `json:"id"`
	// Status is Altered for a document the registry holds (the file is
	// not any of its recorded outputs), Erased for one whose record was
	// erased, Unknown for an id this registry never recorded.
	Status   Status    `json:"status"`
	Document *Summary  `json:"document,omitempty"` // Altered
	ErasedAt time.Time `json:"erased_at,omitzero"` // Erased
}

// OtherNames describes the ids the file names besides the verdict's own,
// each with what the registry holds of it ("CM-… (never recorded here)"),
// and "and more" when the file names more than Names lists; nil when it
// names no other. dateLayout formats the day an erased record was erased.
func (v *Verdict) OtherNames(dateLayout string) []string {
	var parts []string
	for _, n := range v.Names {
		if n.ID == v.ID {
			continue
		}
		switch n.Status {
		case Altered:
			parts = append(parts, n.ID+" (a document this registry holds)")
		case Erased:
			parts = append(parts, n.ID+" (its record erased on "+n.ErasedAt.Format(dateLayout)+")")
		default:
			parts = append(parts, n.ID+" (never recorded here)")
		}
	}
	if v.NamesMore {
		parts = append(parts, "and more")
	}
	return parts
}

// revisionsRead bounds the bytes verification reads as incremental
// updates, for all the parts of a file it tries as the part issued.
const revisionsRead = 4 * MaxTail

// MaxRecorded bounds the outputs an Altered verdict lists.
const MaxRecorded = 20

// Verify tells whether data is a file the registry recorded, unaltered,
// or a PDF the registry recorded followed by incremental updates, as an
// e-signature tool appends them (see [Digester]).
func (r *Registry) Verify(ctx context.Context, data []byte) (*Verdict, error) {
	var d Digester
	d.Write(data)
	ids, more := docid.FindAll(data)
	return r.VerifyFile(ctx, d.Digest(), ids, more)
}

// VerifyDigest is [Registry.Verify] for a file read elsewhere: its
// SHA-256, in hex, and the ids it names with [docid.FindAll]. Only the
// file's whole bytes are looked up: [Registry.VerifyFile] also finds an
// issued PDF's bytes at the start of a signed copy.
func (r *Registry) VerifyDigest(ctx context.Context, sha256Hex string, ids []string, more bool) (*Verdict, error) {
	return r.VerifyFile(ctx, &Digest{SHA256: sha256Hex}, ids, more)
}

// VerifyFile is [Registry.Verify] for a file read elsewhere, through a
// [Digester], with the ids it names ([docid.FindAll]).
func (r *Registry) VerifyFile(ctx context.Context, d *Digest, ids []string, more bool) (*Verdict, error) {
	v, err := r.verify(ctx, d, ids, more)
	if err != nil {
		return nil, &Error{Location: r.location, Op: "verify", Err: r.d.classify(err)}
	}
	return v, nil
}

func (r *Registry) verify(ctx context.Context, d *Digest, ids []string, more bool) (*Verdict, error) {
	v := &Verdict{SHA256: d.SHA256}
	if found, err := r.issued(ctx, v, d.SHA256, ""); found || err != nil {
		return v, err
	}
	if found, err := r.revised(ctx, v, d); found || err != nil {
		return v, err
	}
	v.Status = Unknown
	v.NamesMore = more
	for _, named := range ids {
		n, err := r.named(ctx, named)
		if err != nil {
			return nil, err
		}
		v.Names = append(v.Names, *n)
	}
	for _, want := range []Status{Altered, Erased} {
		for _, n := range v.Names {
			if n.Status == want {
				v.Status, v.ID, v.Document, v.ErasedAt = want, n.ID, n.Document, n.ErasedAt
				break
			}
		}
		if v.Status != Unknown {
			break
		}
	}
	if v.Status == Altered {
		var err error
		if v.Recorded, v.RecordedMore, err = r.recorded(ctx, v.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// issued looks up the output whose SHA-256 is sum (and whose format is
// format, unless ""), and if there is one makes v its Issued verdict.
func (r *Registry) issued(ctx context.Context, v *Verdict, sum, format string) (bool, error) {
	var issuance int64
	var id, got, at string
	is := &Issuance{Outputs: []Output{}}
	// The first issuance of these bytes, in the library's identity if any
	// was: the same bytes carry the same processor, whoever entered it.
	where, args := `o.sha256 = ?`, []any{sum}
	if format != "" {
		where, args = where+` AND o.format = ?`, append(args, format)
	}
	err := r.db.QueryRowContext(ctx, r.d.rebind(`SELECT i.id, i.document, o.format, i.issued_at, i.source, i.program, i.paper, i.archival, i.batch_run, i.batch_row, i.mode, i.issued_by
		FROM outputs o JOIN issuances i ON i.id = o.issuance WHERE `+where+`
		ORDER BY CASE i.mode WHEN 'standard' THEN 0 WHEN '' THEN 1 ELSE 2 END, i.issued_at, i.id LIMIT 1`), args...).
		Scan(&issuance, &id, &got, &at, &is.Source, &is.Program, &is.Paper, &is.Archival, &is.Run, &is.Row, &is.Mode, &is.IssuedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	s, err := r.summary(ctx, id)
	if err != nil {
		return false, err
	}
	is.At = parseStamp(at)
	if is.Outputs, err = r.outputs(ctx, issuance); err != nil {
		return false, err
	}
	v.Status, v.ID, v.Document, v.Format, v.Issued = Issued, id, s, got, is
	return true, nil
}

// revised looks for a PDF the registry recorded at the start of the file
// digested, followed by incremental updates, and if it finds one makes v
// its Issued verdict, with the updates. The longest such part wins. The
// bytes read as updates, for all the parts tried, are at most
// revisionsRead.
func (r *Registry) revised(ctx context.Context, v *Verdict, d *Digest) (bool, error) {
	budget := int64(revisionsRead)
	for i := len(d.prefixes) - 1; i >= 0; i-- {
		p := d.prefixes[i]
		tail, ok := d.after(p)
		if !ok {
			continue
		}
		if int64(len(tail)) > budget {
			break
		}
		revs, err := readRevisions(tail, p.bytes, p.startxref)
		var re *RevisionError
		switch {
		case errors.As(err, &re):
			budget -= re.Offset - p.bytes
			continue // not updates: the file is not this part revised
		case err != nil:
			return false, err
		}
		budget -= int64(len(tail))
		found, err := r.issued(ctx, v, p.sha256, "pdf")
		if err != nil {
			return false, err
		}
		if !found {
			continue
		}
		v.Revisions, v.Signers, v.IssuedBytes = revs.Count, revs.Signers, p.bytes
		return true, nil
	}
	return false, nil
}

// named looks up an id a file names.
func (r *Registry) named(ctx context.Context, id string) (*Named, error) {
	n := &Named{ID: id, Status: Unknown}
	s, err := r.summary(ctx, id)
	var nf *NotFoundError
	switch {
	case err == nil:
		n.Status, n.Document = Altered, s
		return n, nil
	case !errors.As(err, &nf):
		return nil, err
	}
	var at string
	err = r.db.QueryRowContext(ctx, r.d.rebind(`SELECT erased_at FROM erasures WHERE document = ?`), id).Scan(&at)
	switch {
	case err == nil:
		n.Status, n.ErasedAt = Erased, parseStamp(at)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	return n, nil
}

// summary returns document id as listed, or a *NotFoundError.
func (r *Registry) summary(ctx context.Context, id string) (*Summary, error) {
	s := &Summary{}
	err := scanSummary(r.db.QueryRowContext(ctx, r.d.rebind(`SELECT `+summaryColumns+` FROM documents d WHERE d.id = ?`), id), s)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{ID: id}
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// outputs returns the files one issuance wrote, by format.
func (r *Registry) outputs(ctx context.Context, issuance int64) ([]Output, error) {
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT format, sha256, bytes FROM outputs WHERE issuance = ? ORDER BY format`), issuance)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Output{}
	for rows.Next() {
		var o Output
		if err := rows.Scan(&o.Format, &o.SHA256, &o.Bytes); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// recorded returns the distinct outputs recorded for document id, newest
// first, at most MaxRecorded, and whether there are more.
func (r *Registry) recorded(ctx context.Context, id string) ([]Output, bool, error) {
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT o.format, o.sha256, MAX(o.bytes) FROM issuances i JOIN outputs o ON o.issuance = i.id
		WHERE i.document = ? GROUP BY o.format, o.sha256 ORDER BY MAX(i.issued_at) DESC, o.format, o.sha256 LIMIT ?`), id, MaxRecorded+1)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []Output
	for rows.Next() {
		var o Output
		if err := rows.Scan(&o.Format, &o.SHA256, &o.Bytes); err != nil {
			return nil, false, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if len(out) > MaxRecorded {
		return out[:MaxRecorded], true, nil
	}
	return out, false, nil
}

// Erase deletes the records of documents: their values, issuances and
// outputs, keeping only each id and when it was erased. It returns the
// number of documents erased.
func (r *Registry) Erase(ctx context.Context, ids []string) (int, error) {
	n, err := r.erase(ctx, ids)
	if err != nil {
		return n, &Error{Location: r.location, Op: "erase", Err: r.d.classify(err)}
	}
	return n, nil
}

func (r *Registry) erase(ctx context.Context, ids []string) (int, error) {
	if r.readOnly {
		return 0, fmt.Errorf("%w: it was opened read-only", ErrReadOnly)
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	now := stamp(r.now())
	n := 0
	for _, id := range ids {
		res, err := tx.ExecContext(ctx, r.d.rebind(`DELETE FROM documents WHERE id = ?`), id)
		if err != nil {
			return 0, err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		n++
		if _, err := tx.ExecContext(ctx, r.d.rebind(`INSERT INTO erasures (document, erased_at) VALUES (?, ?) ON CONFLICT (document) DO UPDATE SET erased_at = excluded.erased_at`), id, now); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	// The erased values are overwritten in the database file (secure
	// delete); the write-ahead log still holds the pages as they were
	// until a checkpoint copies it back and truncates it.
	if n > 0 {
		if err := r.d.afterErase(ctx, r.db); err != nil {
			return n, err
		}
	}
	return n, nil
}

// CustomerIDs returns the ids of every document whose customer is name,
// in any case: the documents to erase for a customer.
func (r *Registry) CustomerIDs(ctx context.Context, name string) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, r.d.rebind(`SELECT id FROM documents WHERE customer_key = ? ORDER BY id`), key(name))
	if err != nil {
		return nil, &Error{Location: r.location, Op: "find customer", Err: r.d.classify(err)}
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
