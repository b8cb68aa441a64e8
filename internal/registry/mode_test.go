package registry_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestIssuanceMode: an issuance records whether the request entered the
// processor's identity (house-style mode) or took the library's, and
// verify says which; the same bytes issued both ways verify as the
// library's.
func TestIssuanceMode(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		serve := generate.Origin{Source: "serve"}
		pdf := []*format.Format{pdf.Format}
		standard := gen(t, l, reg, serve, "opsium", pdf, "customer.name=Globex Corporation")
		house := gen(t, l, reg, serve, "opsium", pdf, "customer.name=Globex Corporation", "processor.legal_name=Evil Holdings Ltd")
		blank := gen(t, l, reg, serve, "opsium", pdf, "customer.name=Initech GmbH", "processor.contact.privacy_email=privacy@initech.example")
		if house.ID == standard.ID {
			t.Fatal("another legal name made the same document")
		}
		for _, tc := range []struct {
			name string
			res  *generate.Result
			want string
		}{
			{"the variant's identity", standard, registry.ModeStandard},
			{"a legal name entered", house, registry.ModeHouse},
			{"one identity field entered", blank, registry.ModeHouse},
		} {
			v, err := reg.Verify(ctx, tc.res.Outputs[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != registry.Issued || v.Issued == nil || v.Issued.Mode != tc.want {
				t.Errorf("%s: verify %s, issuance %+v; want mode %s", tc.name, v.Status, v.Issued, tc.want)
			}
			d, err := reg.Get(ctx, tc.res.ID)
			if err != nil || d.Issuances[0].Mode != tc.want {
				t.Errorf("%s: show %+v, %v", tc.name, d.Issuances, err)
			}
		}

		// The variant's own legal name entered, then the variant's: the
		// same bytes, and the library vouches for them.
		p, err := l.Prepare(library.Request{Variant: "opsium"})
		if err != nil {
			t.Fatal(err)
		}
		own, err := p.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		legal := fmt.Sprint(vars.Plain(own.Values["processor.legal_name"].V))
		first := gen(t, l, reg, serve, "opsium", pdf, "customer.name=Umbrella Corp", "processor.legal_name="+legal)
		again := gen(t, l, reg, serve, "opsium", pdf, "customer.name=Umbrella Corp")
		if !bytes.Equal(first.Outputs[0].Data, again.Outputs[0].Data) {
			t.Fatal("the variant's legal name entered made other bytes")
		}
		v, err := reg.Verify(ctx, first.Outputs[0].Data)
		if err != nil || v.Status != registry.Issued || v.Issued.Mode != registry.ModeStandard {
			t.Errorf("the same bytes issued both ways: %+v, %v", v.Issued, err)
		}
		d, err := reg.Get(ctx, first.ID)
		if err != nil || len(d.Issuances) != 2 || d.Issuances[0].Mode != registry.ModeStandard || d.Issuances[1].Mode != registry.ModeHouse {
			t.Errorf("issuances of both modes: %+v, %v", d.Issuances, err)
		}
	})
}
