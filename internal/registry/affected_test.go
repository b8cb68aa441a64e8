package registry_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/registry"
)

// edited returns a copy of c at version whose alternatives alts have
// another wording: the clause as a library edited since would load it.
func edited(c *clause.Clause, version string, alts ...string) *clause.Clause {
	e := *c
	e.Version = version
	e.Hash = c.Hash + "-edited"
	e.Alts = map[string]*clause.Alternative{}
	for n, a := range c.Alts {
		e.Alts[n] = a
	}
	for _, n := range alts {
		a := *c.Alts[n]
		a.Hash += "-edited"
		e.Alts[n] = &a
	}
	return &e
}

func affectedIDs(list []registry.AffectedDocument) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.ID
	}
	return out
}

// wordings prints each document's wordings as "alternative version→now
// changed" for the test's messages and comparisons.
func wordings(list []registry.AffectedDocument) map[string]string {
	out := map[string]string{}
	for _, d := range list {
		s := ""
		for _, w := range d.Wordings {
			s += fmt.Sprintf("%s %s→%s changed=%v unknown=%v;", w.Alternative, w.Version, w.Now, w.Changed, w.WordingUnknown)
		}
		out[d.ID] = s
	}
	return out
}

// TestAffectedPerWording: a library whose deletion clause is edited in
// one alternative only, with a new version, flags only the documents
// that carry that alternative: the concise wording Opsium's documents
// carry, not the full wording of Ojoo's; a position's wording flags only
// the documents of that position.
func TestAffectedPerWording(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		cli := generate.Origin{Source: "render"}
		opsium := gen(t, l, reg, cli, "opsium", md, "customer.name=Globex Corporation")
		opsiumBalanced := gen(t, l, reg, cli, "opsium", md, "customer.name=Initech GmbH", "position=balanced")
		ojoo := gen(t, l, reg, cli, "ojoo", md, "customer.name=Globex India Pvt Ltd")
		ojooBalanced := gen(t, l, reg, cli, "ojoo", md, "customer.name=Hooli", "position=balanced")
		version := l.Clauses["deletion"].Version

		edit := func(t *testing.T, old, new string) *clause.Clause {
			t.Helper()
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, "clauses/deletion.md", "version: "+version, "version: 9.0.0")
			librarytest.Replace(t, m, "clauses/deletion.md", old, new)
			edited, err := library.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			return edited.Clauses["deletion"]
		}
		tests := []struct {
			name     string
			cur      *clause.Clause
			want     []string
			wordings map[string]string
		}{
			{"only the concise wording edited",
				edit(t, "will provide a written certification of deletion upon request.", "will certify the deletion in writing on request."),
				[]string{opsium.ID},
				map[string]string{opsium.ID: "concise " + version + "→9.0.0 changed=true unknown=false;"}},
			{"only the full wording's description edited",
				edit(t, "Comprehensive house style", "Comprehensive house style, edited in its description only"),
				nil, map[string]string{}},
			{"only the balanced position of the concise wording edited",
				edit(t, "When the Services end,", "When the Services come to an end,"),
				[]string{opsiumBalanced.ID},
				map[string]string{opsiumBalanced.ID: "concise-balanced " + version + "→9.0.0 changed=true unknown=false;"}},
			{"the full wording's title edited",
				edit(t, "title: Data Retention and Deletion", "title: Retention and Deletion of Data"),
				[]string{ojoo.ID},
				map[string]string{ojoo.ID: "full " + version + "→9.0.0 changed=true unknown=false;"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, more, err := reg.Affected(ctx, tc.cur, 50)
				if err != nil || more {
					t.Fatal(err, more)
				}
				if fmt.Sprint(affectedIDs(got)) != fmt.Sprint(tc.want) {
					t.Errorf("got %v, want %v", affectedIDs(got), tc.want)
				}
				if w := wordings(got); fmt.Sprint(w) != fmt.Sprint(tc.wordings) {
					t.Errorf("wordings %v, want %v", w, tc.wordings)
				}
			})
		}

		// Carrying lists every document at a version, each saying whether
		// its wording changed.
		cur := edit(t, "will provide a written certification of deletion upon request.", "will certify the deletion in writing on request.")
		got, _, err := reg.Carrying(ctx, "deletion", version, cur, 50)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			opsium.ID:         "concise " + version + "→9.0.0 changed=true unknown=false;",
			opsiumBalanced.ID: "concise-balanced " + version + "→9.0.0 changed=false unknown=false;",
			ojoo.ID:           "full " + version + "→9.0.0 changed=false unknown=false;",
			ojooBalanced.ID:   "full-balanced " + version + "→9.0.0 changed=false unknown=false;",
		}
		if w := wordings(got); fmt.Sprint(w) != fmt.Sprint(want) {
			t.Errorf("carrying %s: %v, want %v", version, w, want)
		}
		if got, _, err := reg.Carrying(ctx, "deletion", "0.0.1", cur, 50); err != nil || len(got) != 0 {
			t.Errorf("carrying 0.0.1: %v, %v", affectedIDs(got), err)
		}
		if got, _, err := reg.Carrying(ctx, "deletion", version, nil, 50); err != nil || len(got) != 4 || got[0].Wordings[0].Now != "" || !got[0].Wordings[0].Changed {
			t.Errorf("carrying a clause the library no longer has: %v, %v", wordings(got), err)
		}
		if got, more, err := reg.Affected(ctx, edited(cur, "9.0.0", cur.Names...), 2); err != nil || len(got) != 2 || !more {
			t.Errorf("affected, limit 2: %v, %v, %v", affectedIDs(got), more, err)
		}

		// An alternative the library no longer has: its documents are
		// affected, with nothing to compare with.
		gone := edited(cur, "9.0.0")
		delete(gone.Alts, "full")
		got, _, err = reg.Affected(ctx, gone, 50)
		if w := wordings(got); err != nil || fmt.Sprint(w) != fmt.Sprint(map[string]string{opsium.ID: want[opsium.ID], ojoo.ID: "full " + version + "→ changed=true unknown=false;"}) {
			t.Errorf("an alternative removed: %v, %v", w, err)
		}
	})
}
