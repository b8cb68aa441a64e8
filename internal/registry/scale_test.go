package registry_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/registry"
)

// BenchmarkScale times the registry's lookups over many documents:
// CLAUSEMARK_SCALE of them (default 100,000; scripts/registry-bench.sh
// runs 1,000,000), in an SQLite file kept in the system's temporary
// folder between runs. The documents are made from real records: 24
// documents are generated and recorded, and the rest copy their clause
// compositions with their own customers, dates and digests.
func BenchmarkScale(b *testing.B) {
	n := 100_000
	if s := os.Getenv("CLAUSEMARK_SCALE"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1000 {
			b.Fatalf("CLAUSEMARK_SCALE=%q: want a number of at least 1000", s)
		}
	}
	// A customer in the middle, whoever n is; its name less its last two
	// digits is a prefix a hundred customers share.
	middle := fmt.Sprintf("Customer %07d", n/2+1)
	// The file's name carries the schema it was made with.
	loc := filepath.Join(os.TempDir(), fmt.Sprintf("clausemark-scale-%d-v3.db", n))
	reg := scaleRegistry(b, loc, n)
	ctx := context.Background()
	deletion := ""
	if vs, err := reg.ClauseVersions(ctx, "deletion"); err != nil || len(vs) == 0 {
		b.Fatalf("deletion versions: %v %v", vs, err)
	} else {
		deletion = vs[0].Version
	}
	cur := lib(b).Clauses["deletion"]
	newer := edited(cur, "99.0.0", cur.Names...)
	cases := []struct {
		name string
		run  func() error
	}{
		{"list-by-customer", func() error {
			list, _, err := reg.List(ctx, registry.Filter{Customer: middle})
			if err == nil && len(list) == 0 {
				err = fmt.Errorf("no document found")
			}
			return err
		}},
		{"list-newest", func() error { _, _, err := reg.List(ctx, registry.Filter{Limit: 50}); return err }},
		{"affected", func() error {
			list, _, err := reg.List(ctx, registry.Filter{Wordings: []registry.Wording{{Clause: "deletion", Version: deletion}}, Limit: 50})
			if err == nil && len(list) == 0 {
				err = fmt.Errorf("no document found")
			}
			return err
		}},
		{"affected-command", func() error {
			// registry affected deletion, with a newer version in the
			// library that edits every wording.
			list, _, err := reg.Affected(ctx, newer, 50)
			if err == nil && len(list) == 0 {
				err = fmt.Errorf("no document found")
			}
			return err
		}},
		{"affected-rare", func() error {
			// A wording only one of the generated compositions carries.
			_, _, err := reg.List(ctx, registry.Filter{Wordings: []registry.Wording{{Clause: "deletion", Version: "0.0.0"}}, Limit: 50})
			return err
		}},
		{"verify", func() error {
			v, err := reg.Verify(ctx, []byte("not a document we issued"))
			if err == nil && v.Status != registry.Unknown {
				err = fmt.Errorf("status %v", v.Status)
			}
			return err
		}},
		{"customer-and-value", func() error {
			_, _, err := reg.List(ctx, registry.Filter{Customer: middle[:len(middle)-2], Values: []registry.ValueMatch{{Path: "deletion.days", JSON: "45"}}})
			return err
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var scaleOnce sync.Map

// scaleRegistry opens the registry at loc, filling it to n documents the
// first time.
func scaleRegistry(b *testing.B, loc string, n int) *registry.Registry {
	b.Helper()
	ctx := context.Background()
	reg, err := registry.Open(ctx, loc, registry.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { reg.Close() })
	if _, done := scaleOnce.Load(loc); done {
		return reg
	}
	db, err := sql.Open("sqlite", "file:"+loc+"?_pragma=busy_timeout(30000)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var have int
	if err := db.QueryRow(`SELECT COUNT(*) FROM documents`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have < n {
		start := time.Now()
		seed(b, reg, db, n-have, have)
		b.Logf("filled %s with %d documents in %s", loc, n, time.Since(start).Round(time.Second))
	}
	scaleOnce.Store(loc, true)
	return reg
}

// seed records 24 real documents, then adds count more that copy their
// compositions, in transactions of 10,000 rows.
func seed(b *testing.B, reg *registry.Registry, db *sql.DB, count, offset int) {
	b.Helper()
	l := lib(b)
	var comps []string
	var templates []string
	for i := range 24 {
		variant := l.VariantNames()[i%len(l.VariantNames())]
		res := gen(b, l, reg, generate.Origin{Source: "render"}, variant, []*format.Format{format.Markdown},
			fmt.Sprintf("customer.name=Seed %02d", i), fmt.Sprintf("deletion.days=%d", 20+i))
		var comp string
		if err := db.QueryRow(`SELECT composition FROM documents WHERE id = ?`, res.ID).Scan(&comp); err != nil {
			b.Fatal(err)
		}
		comps = append(comps, comp)
		templates = append(templates, res.Provenance.Template)
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const chunk = 10_000
	for done := 0; done < count; done += chunk {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		docs, _ := tx.Prepare(`INSERT INTO documents (id, library, library_version, template, template_version, variant, customer, customer_key, processor, processor_key, jurisdiction, document_date, variables_hash, vals, composition, first_issued, last_issued, issues) VALUES (?, 'Clausemark DPA library', '1.4.0', ?, '1.3.0', '', ?, ?, 'Acme GmbH', 'acme gmbh', 'eu', '2026-01-01', 'sha256:x', ?, ?, ?, ?, 1)`)
		iss, _ := tx.Prepare(`INSERT INTO issuances (document, issued_at, source, program, paper, batch_run, batch_row, outputs_digest, given) VALUES (?, ?, 'batch', 'clausemark bench', 'A4', '/bench/manifest.jsonl', ?, ?, '{}') RETURNING id`)
		outs, _ := tx.Prepare(`INSERT INTO outputs (issuance, format, sha256, bytes) VALUES (?, 'pdf', ?, 100000)`)
		for k := done; k < min(done+chunk, count); k++ {
			i := offset + k
			id := fmt.Sprintf("CM-B%03d-%04d-%04d-%04d", i/1_000_000_000%1000, i/100_000_000%10000, i/10000%10000, i%10000)
			customer := fmt.Sprintf("Customer %07d", i)
			at := base.Add(time.Duration(i) * time.Second).Format("2006-01-02T15:04:05.000000Z")
			vals := `{"customer.name":"` + customer + `","deletion.days":` + strconv.Itoa(30+i%60) + `}`
			c := i % len(comps)
			if _, err := docs.Exec(id, templates[c], customer, strings.ToLower(customer), vals, comps[c], at, at); err != nil {
				b.Fatal(err)
			}
			var issuance int64
			if err := iss.QueryRow(id, at, i, fmt.Sprintf("%064x", i)).Scan(&issuance); err != nil {
				b.Fatal(err)
			}
			if _, err := outs.Exec(issuance, fmt.Sprintf("%064x", i)); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
