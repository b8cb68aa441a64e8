package registry_test

import (
	"context"
	"slices"
	"testing"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/registry"
)

// TestIssuedBy: each issuance records who asked for it, the request's
// user or else the registry's (the system user at the command line); a
// document lists whoever issued it last.
func TestIssuedBy(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{IssuedBy: "ops"})
		ctx := context.Background()
		first := gen(t, l, reg, generate.Origin{Source: "serve", User: "alice@example.com"}, "opsium", md, "customer.name=Globex")
		gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", md, "customer.name=Globex")
		d, err := reg.Get(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		var by []string
		for _, is := range d.Issuances {
			by = append(by, is.IssuedBy)
		}
		if want := []string{"ops", "alice@example.com"}; !slices.Equal(by, want) || d.IssuedBy != "ops" {
			t.Errorf("issued by %q, document by %q; want %q, last ops", by, d.IssuedBy, want)
		}
		gen(t, l, reg, generate.Origin{Source: "serve", User: "bob"}, "opsium", md, "customer.name=Globex")
		list, _, err := reg.List(ctx, registry.Filter{})
		if err != nil || len(list) != 1 || list[0].IssuedBy != "bob" {
			t.Errorf("listed %+v, %v; want issued last by bob", list, err)
		}
		v, err := reg.Verify(ctx, first.Outputs[0].Data)
		if err != nil || v.Issued == nil || v.Issued.IssuedBy != "alice@example.com" {
			t.Errorf("verify: %+v, %v; want the first issuance's user", v, err)
		}
	})
}

// TestListVariantOffset: a listing narrows to a house style and pages on
// past its limit, with and without a clause wording.
func TestListVariantOffset(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		serve := generate.Origin{Source: "serve"}
		var opsium []string // newest first
		for _, c := range []string{"A", "B", "C", "D", "E"} {
			opsium = append([]string{gen(t, l, reg, serve, "opsium", md, "customer.name="+c).ID}, opsium...)
		}
		ojoo := gen(t, l, reg, serve, "ojoo", md, "customer.name=F").ID
		got, more, err := reg.List(ctx, registry.Filter{Variant: "ojoo"})
		if err != nil || more || !slices.Equal(ids(got), []string{ojoo}) {
			t.Errorf("ojoo: %q more %v, %v", ids(got), more, err)
		}
		d, err := reg.Get(ctx, opsium[0])
		if err != nil {
			t.Fatal(err)
		}
		clause := d.Clauses[0].ID
		for _, f := range []registry.Filter{
			{Variant: "opsium"},
			{Variant: "opsium", Wordings: []registry.Wording{{Clause: clause}}},
		} {
			var pages [][]string
			for off := 0; off < 6; off += 2 {
				f.Limit, f.Offset = 2, off
				got, more, err := reg.List(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if wantMore := off+2 < len(opsium); more != wantMore {
					t.Errorf("%+v: more %v", f, more)
				}
				pages = append(pages, ids(got))
			}
			if all := slices.Concat(pages...); !slices.Equal(all, opsium) {
				t.Errorf("wordings %v: pages %q, want %q", f.Wordings, pages, opsium)
			}
		}
	})
}
