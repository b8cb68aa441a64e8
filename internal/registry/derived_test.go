package registry_test

import (
	"context"
	"errors"
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
