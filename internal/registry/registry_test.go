package registry_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/pgtest"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// backend opens registries of one kind.
type backend struct {
	name string
	loc  func(t *testing.T) string // a new, empty registry's location
}

var backends = []backend{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "reg", "registry.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.URL(t) }},
}

// each runs f against a fresh registry of every backend.
func each(t *testing.T, f func(t *testing.T, loc string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b.loc(t)) })
	}
}

// clock is a registry clock that moves a second at each reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func open(t *testing.T, loc string, opts registry.Options) *registry.Registry {
	t.Helper()
	if opts.Now == nil {
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		opts.Now = c.now
	}
	r, err := registry.Open(context.Background(), loc, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

var libOnce = sync.OnceValues(func() (*library.Library, error) { return library.Load(clausemark.Library) })

func lib(t testing.TB) *library.Library {
	t.Helper()
	l, err := libOnce()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// gen generates a document of variant with sets ("path=value") in formats,
// recording it in rec.
func gen(t testing.TB, l *library.Library, rec generate.Recorder, origin generate.Origin, variant string, formats []*format.Format, sets ...string) *generate.Result {
	t.Helper()
	p, err := l.Prepare(library.Request{Variant: variant, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	g := &generate.Generator{Program: "clausemark test", Recorder: rec, Options: format.Options{Creator: "clausemark test"}}
	res, err := g.Generate(context.Background(), generate.Request{Base: p, Origin: origin}, formats)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var md = []*format.Format{format.Markdown}

func ids(list []registry.Summary) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.ID
	}
	return out
}

func TestRecordListShow(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		cli := generate.Origin{Source: "render"}
		globex := gen(t, l, reg, cli, "opsium", []*format.Format{format.Markdown, pdf.Format}, "customer.name=Globex Corporation", "deletion.days=45")
		initech := gen(t, l, reg, cli, "opsium", md, "customer.name=Initech GmbH", "deletion.days=30")
		ojoo := gen(t, l, reg, generate.Origin{Source: "serve"}, "ojoo", md, "customer.name=Globex India Pvt Ltd")
		again := gen(t, l, reg, cli, "opsium", []*format.Format{format.Markdown, pdf.Format}, "customer.name=Globex Corporation", "deletion.days=45")
		if again.ID != globex.ID {
			t.Fatalf("the same document got ids %s and %s", globex.ID, again.ID)
		}
		if !docid.Valid(globex.ID) || globex.ID == initech.ID || globex.ID == ojoo.ID {
			t.Fatalf("ids %s %s %s", globex.ID, initech.ID, ojoo.ID)
		}

		ojooDate := func() time.Time {
			d, err := reg.Get(ctx, ojoo.ID)
			if err != nil {
				t.Fatal(err)
			}
			return d.FirstIssued
		}()
		deletionVersion := ""
		for _, c := range globex.Provenance.Clauses {
			if c.ID == "deletion" {
				deletionVersion = c.Version
			}
		}
		if deletionVersion == "" {
			t.Fatal("opsium has no deletion clause")
		}
		var withDeletion []string // newest first
		for _, res := range []*generate.Result{globex, ojoo, initech} {
			for _, c := range res.Provenance.Clauses {
				if c.ID == "deletion" && c.Version == deletionVersion {
					withDeletion = append(withDeletion, res.ID)
				}
			}
		}
		tests := []struct {
			name string
			f    registry.Filter
			want []string
		}{
			{"all, newest first", registry.Filter{}, []string{globex.ID, ojoo.ID, initech.ID}},
			{"customer prefix, any case", registry.Filter{Customer: "globex"}, []string{globex.ID, ojoo.ID}},
			{"customer full name", registry.Filter{Customer: "Initech GmbH"}, []string{initech.ID}},
			{"customer not there", registry.Filter{Customer: "Umbrella"}, nil},
			{"processor", registry.Filter{Processor: ojoo.Document.Meta.Processor}, []string{ojoo.ID}},
			{"template", registry.Filter{Template: ojoo.Provenance.Template}, []string{ojoo.ID}},
			{"jurisdiction", registry.Filter{Jurisdiction: fmt.Sprint(ojoo.Document.Meta.Jurisdiction["code"])}, []string{ojoo.ID}},
			{"value", registry.Filter{Values: []registry.ValueMatch{{Path: "deletion.days", JSON: "45"}}}, []string{globex.ID}},
			{"text value", registry.Filter{Values: []registry.ValueMatch{{Path: "customer.name", JSON: `"Initech GmbH"`}}}, []string{initech.ID}},
			{"two values", registry.Filter{Values: []registry.ValueMatch{{Path: "deletion.days", JSON: "30"}, {Path: "customer.name", JSON: `"Globex Corporation"`}}}, nil},
			{"clause at version", registry.Filter{Wordings: []registry.Wording{{Clause: "deletion", Version: deletionVersion}}}, withDeletion},
			{"clause at another version", registry.Filter{Wordings: []registry.Wording{{Clause: "deletion", Version: "0.0.1"}}}, nil},
			{"since", registry.Filter{Since: ojooDate}, []string{globex.ID, ojoo.ID}},
			{"until", registry.Filter{Until: ojooDate}, []string{globex.ID, initech.ID}},
			{"limit", registry.Filter{Limit: 2}, []string{globex.ID, ojoo.ID}},
		}
		for _, tc := range tests {
			got, more, err := reg.List(ctx, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, ids(got), tc.want)
			}
			if more != (tc.name == "limit") {
				t.Errorf("%s: more = %v", tc.name, more)
			}
		}

		// Affected: by the library's current wording of the clause.
		cur := l.Clauses["deletion"]
		vs, err := reg.ClauseVersions(ctx, "deletion")
		if err != nil || len(vs) != 1 || vs[0].Version != cur.Version || vs[0].Hash != cur.Hash {
			t.Errorf("clause versions %+v, %v", vs, err)
		}
		// Each wording is compared with the library's text of the same
		// alternative: Globex's and Initech's are concise, Globex India's
		// (Ojoo) full.
		concise := []string{globex.ID, initech.ID}
		for _, tc := range []struct {
			name string
			cur  *clause.Clause
			want []string
		}{
			{"current", cur, nil},
			{"a newer version, every wording edited", edited(cur, "99.0.0", cur.Names...), withDeletion},
			{"a newer version, no wording edited", edited(cur, "99.0.0"), nil},
			{"edited without a new version", edited(cur, cur.Version, cur.Names...), withDeletion},
			{"only the concise wording edited", edited(cur, "99.0.0", "concise"), concise},
			{"only the full wording edited", edited(cur, "99.0.0", "full"), []string{ojoo.ID}},
			{"only a position's wording edited", edited(cur, "99.0.0", "concise-balanced", "full-balanced"), nil},
		} {
			got, _, err := reg.Affected(ctx, tc.cur, 50)
			if err != nil || fmt.Sprint(affectedIDs(got)) != fmt.Sprint(tc.want) {
				t.Errorf("affected, %s: %v, %v; want %v", tc.name, affectedIDs(got), err, tc.want)
			}
		}

		d, err := reg.Get(ctx, globex.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Customer != "Globex Corporation" || d.Issues != 2 || len(d.Issuances) != 2 || d.Template != globex.Provenance.Template || d.Variant != "opsium" || d.VariablesHash != globex.Provenance.VariablesHash {
			t.Errorf("show: %+v", d.Summary)
		}
		if len(d.Clauses) != len(globex.Provenance.Clauses) || d.Clauses[0].Hash == "" || !strings.HasPrefix(d.Clauses[0].Hash, "sha256:") {
			t.Errorf("clauses: %+v", d.Clauses)
		}
		is := d.Issuances[0]
		if is.Source != "render" || is.Program != "clausemark test" || is.Paper != "A4" || len(is.Outputs) != 2 {
			t.Errorf("issuance: %+v", is)
		}
		for _, o := range is.Outputs {
			found := false
			for _, out := range globex.Outputs {
				found = found || (out.Format.Name == o.Format && out.SHA256 == o.SHA256 && int64(len(out.Data)) == o.Bytes)
			}
			if !found {
				t.Errorf("output %+v was not generated", o)
			}
		}
		var given, all map[string]any
		if err := json.Unmarshal(is.Given, &given); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(d.Values, &all); err != nil {
			t.Fatal(err)
		}
		if len(given) != 2 || given["deletion.days"] != 45.0 || given["customer.name"] != "Globex Corporation" {
			t.Errorf("given values hold %s; want the --set values without the variant's", is.Given)
		}
		if all["processor.name"] == nil || all["deletion.days"] != 45.0 {
			t.Errorf("values %s lack the variant's", d.Values)
		}
		var nf *registry.NotFoundError
		if _, err := reg.Get(ctx, "CM-0000-0000-0000-0000"); !errors.As(err, &nf) {
			t.Errorf("get of an unknown id: %v", err)
		}
	})
}

func TestVerify(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		res := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format, docx.Format}, "customer.name=Globex Corporation")
		other := gen(t, l, nil, generate.Origin{}, "opsium", []*format.Format{pdf.Format}, "customer.name=Hooli")
		for _, out := range res.Outputs {
			v, err := reg.Verify(ctx, out.Data)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != registry.Issued || v.ID != res.ID || v.Format != out.Format.Name || v.Document.Customer != "Globex Corporation" || v.Issued == nil {
				t.Errorf("%s: %+v", out.Format.Name, v)
			}
			if got := docid.Find(out.Data); got != res.ID {
				t.Errorf("%s carries id %q, want %s", out.Format.Name, got, res.ID)
			}
			altered := bytes.Clone(out.Data)
			altered[len(altered)/2] ^= 1
			v, err = reg.Verify(ctx, altered)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != registry.Altered || v.ID != res.ID || len(v.Recorded) != 2 {
				t.Errorf("%s altered by one byte: %+v", out.Format.Name, v)
			}
		}
		v, err := reg.Verify(ctx, other.Outputs[0].Data)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != registry.Unknown || v.ID != "" {
			t.Errorf("never issued: %+v", v)
		}
		v, err = reg.Verify(ctx, []byte("%PDF-1.7 not ours"))
		if err != nil || v.Status != registry.Unknown {
			t.Errorf("a stranger's file: %+v, %v", v, err)
		}

		// Erasing a customer keeps only the id: verify says the record is gone.
		found, err := reg.CustomerIDs(ctx, "globex corporation")
		if err != nil || len(found) != 1 || found[0] != res.ID {
			t.Fatalf("customer ids %v, %v", found, err)
		}
		if n, err := reg.Erase(ctx, found); n != 1 || err != nil {
			t.Fatalf("erase: %d, %v", n, err)
		}
		v, err = reg.Verify(ctx, res.Outputs[0].Data)
		if err != nil || v.Status != registry.Erased || v.ID != res.ID || v.ErasedAt.IsZero() {
			t.Errorf("erased: %+v, %v", v, err)
		}
		if list, _, err := reg.List(ctx, registry.Filter{Customer: "globex"}); err != nil || len(list) != 0 {
			t.Errorf("erased documents still listed: %v, %v", ids(list), err)
		}
	})
}

func TestReissue(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		g := &generate.Generator{Program: "clausemark test", Options: format.Options{Creator: "clausemark test"}}
		for _, variant := range []string{"opsium", "ojoo"} {
			res := gen(t, l, reg, generate.Origin{Source: "render"}, variant, []*format.Format{pdf.Format, docx.Format, format.Markdown},
				"customer.name=Globex Corporation", "deletion.days=45", "last_updated=2026-02-03")
			d, err := reg.Get(ctx, res.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, out := range res.Outputs {
				data, err := registry.Reissue(ctx, l, g, d, out.Format)
				if err != nil {
					t.Fatalf("%s %s: %v", variant, out.Format.Name, err)
				}
				if !bytes.Equal(data, out.Data) {
					t.Errorf("%s %s: reissued bytes differ", variant, out.Format.Name)
				}
			}
			var no *registry.NoOutputError
			if _, err := registry.Reissue(ctx, l, g, d, html.Format); !errors.As(err, &no) {
				t.Errorf("a format never issued: %v", err)
			}
			// Another program version: the record says why the bytes cannot match.
			other := *g
			other.Program = "clausemark v9"
			if _, err := registry.Reissue(ctx, l, &other, d, format.Markdown); err != nil {
				t.Errorf("Markdown does not depend on the program: %v", err)
			}
		}

		// The library changed since: a clause edited, and its version bumped.
		res := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=Globex Corporation")
		d, err := reg.Get(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := librarytest.Copy(t)
		file, version := clauseFile(t, l, "deletion")
		librarytest.Replace(t, m, file, "version: "+version, "version: 9.9.9")
		librarytest.Replace(t, m, file, "delete", "erase")
		changed, err := library.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		_, err = registry.Reissue(ctx, changed, g, d, format.Markdown)
		var mm *registry.MismatchError
		if !errors.As(err, &mm) || !strings.Contains(err.Error(), "clause deletion is at 9.9.9 now, the document carries "+version) {
			t.Errorf("changed library: %v", err)
		}
	})
}

// clauseFile returns the file and version of clause id.
func clauseFile(t *testing.T, l *library.Library, id string) (string, string) {
	t.Helper()
	c := l.Clauses[id]
	if c == nil {
		t.Fatalf("no clause %s", id)
	}
	return c.File, c.Version
}

func TestValuesRoundTrip(t *testing.T) {
	// Every variant's values, read back from their JSON, are the values
	// resolved: what registry get re-renders from.
	l := lib(t)
	reg := open(t, backends[0].loc(t), registry.Options{})
	ctx := context.Background()
	for _, v := range l.VariantNames() {
		res := gen(t, l, reg, generate.Origin{Source: "render"}, v, md)
		d, err := reg.Get(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		set, err := registry.Values(res.Resolved.Template.Schema, d)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if len(set) != len(res.Resolved.Values) {
			t.Errorf("%s: %d values read back, %d resolved", v, len(set), len(res.Resolved.Values))
		}
		for p, val := range res.Resolved.Values {
			if got := vars.Canonical(set[p].V); got != vars.Canonical(val.V) {
				t.Errorf("%s %s: read back %s, resolved %s", v, p, got, vars.Canonical(val.V))
			}
		}
	}
}

func TestBatchRowsOnce(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		run := generate.Origin{Source: "batch", Run: "/out/manifest.jsonl", Row: 3}
		a := gen(t, l, reg, run, "opsium", md, "customer.name=Globex")
		gen(t, l, reg, run, "opsium", md, "customer.name=Globex") // the same row, resumed
		d, err := reg.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Issues != 1 || len(d.Issuances) != 1 || d.Issuances[0].Run != run.Run || d.Issuances[0].Row != 3 {
			t.Errorf("a resumed row recorded %d times: %+v", d.Issues, d.Issuances)
		}
		// The same row made again with other bytes (another format, as
		// --force with --format md,html): issued again, listed first.
		gen(t, l, reg, run, "opsium", []*format.Format{format.Markdown, html.Format}, "customer.name=Globex")
		if d, err = reg.Get(ctx, a.ID); err != nil || d.Issues != 2 || len(d.Issuances[0].Outputs) != 2 {
			t.Errorf("a row made again with another format: %d issues, %v", d.Issues, err)
		}
		run.Run = "/elsewhere/manifest.jsonl"
		gen(t, l, reg, run, "opsium", md, "customer.name=Globex") // another run
		if d, err = reg.Get(ctx, a.ID); err != nil || d.Issues != 3 {
			t.Errorf("another run: %d issues, %v", d.Issues, err)
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	// Two registries open on one database, as two processes would be,
	// each with many goroutines recording at once.
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		a := open(t, loc, registry.Options{})
		b := open(t, loc, registry.Options{})
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				reg := a
				if i%2 == 1 {
					reg = b
				}
				p, err := l.Prepare(library.Request{Variant: "opsium", Sets: []string{fmt.Sprintf("customer.name=Customer %02d", i%20)}})
				if err != nil {
					errs <- err
					return
				}
				g := &generate.Generator{Program: "clausemark test", Recorder: reg}
				if _, err := g.Generate(ctx, generate.Request{Base: p, Origin: generate.Origin{Source: "serve"}}, md); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		list, _, err := a.List(ctx, registry.Filter{Customer: "customer", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, s := range list {
			total += s.Issues
		}
		if len(list) != 20 || total != 40 {
			t.Errorf("%d documents with %d issues, want 20 with 40", len(list), total)
		}
	})
}

// downgrade takes a registry back to schema version 4, as the previous
// release left it: issuances without who issued them.
func downgrade(t *testing.T, loc string) {
	t.Helper()
	driver, dsn := "sqlite", "file:"+loc
	if registry.IsURL(loc) {
		driver, dsn = "pgx", loc
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DROP INDEX documents_derived_from`, `ALTER TABLE documents DROP COLUMN derived_from`, `DELETE FROM schema_migrations WHERE version = 7`, `DROP INDEX documents_variant`, `ALTER TABLE issuances DROP COLUMN issued_by`, `ALTER TABLE documents DROP COLUMN last_issued_by`, `DELETE FROM schema_migrations WHERE version = 5`,
		`ALTER TABLE composition_clauses DROP COLUMN wording`, `DELETE FROM schema_migrations WHERE version = 6`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestMigrations(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		// A registry of the previous schema, with a document in it: this
		// program records through its current statements, so the document
		// is recorded now and the last migration undone after.
		old := open(t, loc, registry.Options{IssuedBy: "alice"})
		res := gen(t, l, old, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex")
		old.Close()
		downgrade(t, loc)
		if _, err := registry.Open(ctx, loc, registry.Options{ReadOnly: true}); !errors.Is(err, registry.ErrSchema) {
			t.Errorf("read-only open of an old schema: %v", err)
		}
		reg := open(t, loc, registry.Options{})
		v, err := reg.Verify(ctx, res.Outputs[0].Data)
		if err != nil || v.Status != registry.Issued || v.Issued.Mode != registry.ModeStandard || v.Issued.IssuedBy != "" || v.Document.IssuedBy != "" {
			t.Fatalf("after migration: %+v, %v", v, err)
		}
		// Recorded without its wordings' hashes, the document is matched
		// by the clause's version, as a whole: a newer version that edits
		// only the full wording affects it though it carries the concise.
		fullOnly := edited(l.Clauses["deletion"], "99.0.0", "full")
		got, _, err := reg.Affected(ctx, fullOnly, 50)
		if err != nil || len(got) != 1 || got[0].ID != res.ID || !got[0].Wordings[0].WordingUnknown || got[0].Wordings[0].Alternative != "concise" {
			t.Errorf("affected, recorded before per-wording hashes: %+v, %v", got, err)
		}
		// Issued again, its composition learns its wordings' hashes.
		gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex")
		if got, _, err := reg.Affected(ctx, fullOnly, 50); err != nil || len(got) != 0 {
			t.Errorf("affected, issued again: %+v, %v", got, err)
		}
		if d, err := reg.Get(ctx, res.ID); err != nil || d.Clauses[0].Wording == "" || d.Clauses[0].Wording != l.Clauses[d.Clauses[0].ID].Alts[d.Clauses[0].Alternative].Hash {
			t.Errorf("show, issued again: %+v, %v", d, err)
		}
		if n, err := reg.Erase(ctx, []string{res.ID}); n != 1 || err != nil {
			t.Errorf("erase after migration: %d, %v", n, err)
		}
		// Opening again applies nothing and keeps what is there.
		reg.Close()
		again := open(t, loc, registry.Options{ReadOnly: true})
		if v, err := again.Verify(ctx, res.Outputs[0].Data); err != nil || v.Status != registry.Erased {
			t.Errorf("reopened: %+v, %v", v, err)
		}
		if err := again.Record(ctx, res); !errors.Is(err, registry.ErrReadOnly) {
			t.Errorf("record into a read-only registry: %v", err)
		}
	})
}

func TestReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	dir := t.TempDir()
	loc := filepath.Join(dir, "registry.db")
	open(t, loc, registry.Options{}).Close()
	if err := os.Chmod(loc, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err := registry.Open(context.Background(), loc, registry.Options{})
	var re *registry.Error
	if !errors.Is(err, registry.ErrReadOnly) || !errors.As(err, &re) || re.Location != loc {
		t.Errorf("open of a read-only file for writing: %v", err)
	}
	if r, err := registry.Open(context.Background(), loc, registry.Options{ReadOnly: true}); err != nil {
		t.Errorf("read-only open: %v", err)
	} else {
		r.Close()
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, loc string
		opts      registry.Options
		want      string
	}{
		{"a folder", dir, registry.Options{}, "is a folder"},
		{"missing, read-only", filepath.Join(dir, "none.db"), registry.Options{ReadOnly: true}, "does not exist"},
		{"not a database", writeFile(t, dir, "junk.db", "this is not SQLite, it is a long enough line of text to be read as a header"), registry.Options{}, "registry " + filepath.Join(dir, "junk.db")},
		{"no server", "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", registry.Options{}, "xxxxx"},
		{"upper-case scheme", "POSTGRES://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", registry.Options{}, "xxxxx"},
		{"password in the query", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2&password=secret", registry.Options{}, "password=xxxxx"},
		{"another scheme", "sqlite:///tmp/x.db", registry.Options{}, "give a file path or a postgres:// URL"},
		{"a tilde", "~/registry.db", registry.Options{}, "only a shell expands"},
		{"a device", "/dev/null", registry.Options{}, "not a regular file"},
		{"another program's database", foreignDB(t, dir), registry.Options{}, "not a clausemark registry: it holds other tables (accounts)"},
	}
	for _, tc := range tests {
		_, err := registry.Open(context.Background(), tc.loc, tc.opts)
		var re *registry.Error
		if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error shows the password: %v", tc.name, err)
		}
	}
}

// foreignDB makes an SQLite database with a table of its own.
func foreignDB(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE accounts (id INTEGER)`); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNamesMatch(t *testing.T) {
	// Names are matched trimmed, composed and case-folded: what a person
	// types finds what was recorded.
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		umlaut := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=\u00dcn\u00efcode GmbH")
		greek := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=ΟΔΟΣ AE")
		percent := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=50% Off_Co")
		for _, tc := range []struct{ search, want string }{
			{"  u\u0308n\u0131", ""}, // a dotless ı is another letter
			{"  U\u0308NI\u0308CODE gmbh ", umlaut.ID},
			{"οδος", greek.ID},
			{"50%", percent.ID},
			{"5_%", ""},
		} {
			list, _, err := reg.List(ctx, registry.Filter{Customer: tc.search})
			got := ""
			if len(list) == 1 {
				got = list[0].ID
			}
			if err != nil || got != tc.want || len(list) > 1 {
				t.Errorf("customer %q: %v, %v; want %q", tc.search, ids(list), err, tc.want)
			}
		}
		if found, err := reg.CustomerIDs(ctx, " οδος ae "); err != nil || len(found) != 1 || found[0] != greek.ID {
			t.Errorf("customer ids: %v, %v", found, err)
		}
	})
}

func TestEraseOverwrites(t *testing.T) {
	// An erased customer's values are not left readable in the file.
	l := lib(t)
	loc := filepath.Join(t.TempDir(), "registry.db")
	reg := open(t, loc, registry.Options{})
	ctx := context.Background()
	gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=Zyxwv Secretname GmbH")
	gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=Globex")
	found, err := reg.CustomerIDs(ctx, "zyxwv secretname gmbh")
	if err != nil || len(found) != 1 {
		t.Fatalf("%v %v", found, err)
	}
	if n, err := reg.Erase(ctx, found); n != 1 || err != nil {
		t.Fatalf("erase: %d %v", n, err)
	}
	reg.Close()
	for _, f := range []string{loc, loc + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if bytes.Contains(bytes.ToLower(data), []byte("secretname")) {
			t.Errorf("%s still holds the erased name", filepath.Base(f))
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadOnlyDatabase(t *testing.T) {
	// A PostgreSQL replica, or a database whose transactions are read-only:
	// recording there is an error at open, naming the problem.
	loc := pgtest.URL(t)
	open(t, loc, registry.Options{}).Close()
	ro := loc + "&default_transaction_read_only=on"
	_, err := registry.Open(context.Background(), ro, registry.Options{})
	if !errors.Is(err, registry.ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("open of a read-only database for writing: %v", err)
	}
	r := open(t, ro, registry.Options{ReadOnly: true})
	if _, _, err := r.List(context.Background(), registry.Filter{}); err != nil {
		t.Errorf("list from a read-only database: %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		goos string
		env  func(string) string
		want string
	}{
		{"linux", env("HOME", "/home/a"), "/home/a/.local/share/clausemark/registry.db"},
		{"linux", env("HOME", "/home/a", "XDG_DATA_HOME", "/data"), "/data/clausemark/registry.db"},
		{"linux", env("HOME", "/home/a", "XDG_DATA_HOME", "relative"), "/home/a/.local/share/clausemark/registry.db"},
		{"darwin", env("HOME", "/Users/a"), "/Users/a/Library/Application Support/clausemark/registry.db"},
		{"windows", env("AppData", "/appdata"), filepath.Join("/appdata", "clausemark", "registry.db")},
		{"linux", env(), ""},
	}
	for _, tc := range tests {
		got, err := registry.DefaultPath(tc.env, tc.goos)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("%s: %q, %v; want %q", tc.goos, got, err, tc.want)
		}
	}
}

// BenchmarkRecord records one document per iteration, as a batch row
// does: what recording adds to each row. Each iteration is a new
// document (its id and customer changed), as rows of a spreadsheet are.
func BenchmarkRecord(b *testing.B) {
	l := lib(b)
	reg, err := registry.Open(context.Background(), filepath.Join(b.TempDir(), "registry.db"), registry.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer reg.Close()
	res := gen(b, l, nil, generate.Origin{}, "ojoo", []*format.Format{format.Markdown}, "customer.name=Globex")
	res.Origin = generate.Origin{Source: "batch", Run: "/bench/manifest.jsonl"}
	ctx := context.Background()
	i := 0
	id := res.ID
	for b.Loop() {
		i++
		res.Origin.Row = i
		res.ID = docid.New(id, strconv.Itoa(i))
		res.Document.Meta.Customer = "Customer " + strconv.Itoa(i)
		if err := reg.Record(ctx, res); err != nil {
			b.Fatal(err)
		}
	}
}
