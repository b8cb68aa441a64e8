package registry_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// TestRecordDerived: a document recorded as derived from another shows
// it; one derived from a document the registry lacks is refused with
// nothing recorded; a read-only registry records nothing.
func TestRecordDerived(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		reg := open(t, loc, registry.Options{})
		orig := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex")
		reply := gen(t, l, nil, generate.Origin{Source: "review"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex", "deletion.days=45")
		if err := reg.RecordDerived(ctx, reply, "CM-0000-0000-0000-0000"); !errors.As(err, new(*registry.NotFoundError)) {
			t.Errorf("derived from a document not recorded: %v", err)
		}
		if _, err := reg.Get(ctx, reply.ID); !errors.As(err, new(*registry.NotFoundError)) {
			t.Errorf("recorded though refused: %v", err)
		}
		if err := reg.RecordDerived(ctx, reply, orig.ID); err != nil {
			t.Fatal(err)
		}
		d, err := reg.Get(ctx, reply.ID)
		if err != nil || d.DerivedFrom != orig.ID || d.Issues != 1 {
			t.Errorf("derived: %+v, %v", d, err)
		}
		if d, err := reg.Get(ctx, orig.ID); err != nil || d.DerivedFrom != "" {
			t.Errorf("the original: %+v, %v", d, err)
		}
		ro := open(t, loc, registry.Options{ReadOnly: true})
		if err := ro.RecordDerived(ctx, reply, orig.ID); !errors.Is(err, registry.ErrReadOnly) {
			t.Errorf("read-only: %v", err)
		}
	})
}

// TestReplies: the listing names the document each reply was derived
// from, and Replies gives each original its replies, the first issued
// first, and nothing for a document without any or one not recorded.
func TestReplies(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		reg := open(t, loc, registry.Options{})
		orig := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex")
		other := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Initech")
		var replies []string
		for _, days := range []string{"45", "14"} {
			reply := gen(t, l, nil, generate.Origin{Source: "review"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex", "deletion.days="+days)
			if err := reg.RecordDerived(ctx, reply, orig.ID); err != nil {
				t.Fatal(err)
			}
			replies = append(replies, reply.ID)
		}
		list, _, err := reg.List(ctx, registry.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		from := map[string]string{}
		for _, s := range list {
			from[s.ID] = s.DerivedFrom
		}
		want := map[string]string{orig.ID: "", other.ID: "", replies[0]: orig.ID, replies[1]: orig.ID}
		if fmt.Sprint(from) != fmt.Sprint(want) {
			t.Errorf("listed as derived from %v, want %v", from, want)
		}
		got, err := reg.Replies(ctx, []string{orig.ID, other.ID, replies[0], "CM-0000-0000-0000-0000"})
		if err != nil {
			t.Fatal(err)
		}
		if w := map[string][]string{orig.ID: replies}; fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("replies %v, want %v", got, w)
		}
		if one, _, err := reg.List(ctx, registry.Filter{ID: replies[1]}); err != nil || len(one) != 1 || one[0].ID != replies[1] || one[0].DerivedFrom != orig.ID {
			t.Errorf("the reply alone: %+v, %v", one, err)
		}
		if none, _, err := reg.List(ctx, registry.Filter{ID: replies[1], Customer: "Initech"}); err != nil || len(none) != 0 {
			t.Errorf("the reply as Initech's: %+v, %v", none, err)
		}
		if got, err := reg.Replies(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("replies of no documents: %v, %v", got, err)
		}
		// More ids than one query binds: the original past the first
		// two chunks, the other on the boundary.
		many := make([]string, 0, 1100)
		for i := range 999 {
			many = append(many, fmt.Sprintf("CM-0000-0000-0000-%04d", i))
		}
		many = append(many, other.ID, orig.ID)
		if got, err := reg.Replies(ctx, many); err != nil || fmt.Sprint(got) != fmt.Sprint(map[string][]string{orig.ID: replies}) {
			t.Errorf("replies among %d ids: %v, %v", len(many), got, err)
		}
	})
}
