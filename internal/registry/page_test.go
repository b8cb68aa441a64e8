package registry_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/html"
)

// TestGetPagesIssuances: a document issued many times is shown a page of
// its issuances at a time, newest first, with their count; its formats
// and the newest issuance in each are known whatever the page; the
// history's formats are one query over many documents.
func TestGetPagesIssuances(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		cli := generate.Origin{Source: "render"}
		res := gen(t, l, reg, cli, "opsium", []*format.Format{docx.Format}, "customer.name=Globex Corporation")
		other := gen(t, l, reg, cli, "opsium", []*format.Format{format.Markdown, html.Format}, "customer.name=Initech GmbH")
		const n = registry.DefaultIssuances + 70 // the first, then these
		for i := range n {
			again := *res
			again.Provenance.Outputs = []generate.OutputDigest{{Format: "pdf", SHA256: fmt.Sprintf("%064x", i), Bytes: i}}
			if err := reg.Record(ctx, &again); err != nil {
				t.Fatal(err)
			}
		}
		d, err := reg.Get(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.IssuancesTotal != n+1 || d.Issues != n+1 || len(d.Issuances) != registry.DefaultIssuances || d.IssuancesOffset != 0 {
			t.Fatalf("total %d, issues %d, page of %d at %d", d.IssuancesTotal, d.Issues, len(d.Issuances), d.IssuancesOffset)
		}
		if got := d.Issuances[0].Outputs[0]; got.Bytes != n-1 {
			t.Errorf("the first listed is %+v, want the newest", got)
		}
		if !slices.Equal(d.Formats, []string{"docx", "pdf"}) {
			t.Errorf("formats %v", d.Formats)
		}
		if is := d.Latest["docx"]; is == nil || is.Outputs[0].SHA256 != res.Outputs[0].SHA256 {
			t.Errorf("the newest docx issuance, the oldest of all, not found: %+v", is)
		}
		if is := d.Latest["pdf"]; is == nil || is.Outputs[0].Bytes != n-1 {
			t.Errorf("the newest pdf issuance: %+v", is)
		}

		// Every page, in turn, holds each issuance once, newest first.
		var all []int64
		for off := 0; ; off += 40 {
			p, err := reg.GetPage(ctx, res.ID, registry.Page{Limit: 40, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			if p.IssuancesOffset != off || p.IssuancesTotal != n+1 {
				t.Fatalf("page at %d: offset %d, total %d", off, p.IssuancesOffset, p.IssuancesTotal)
			}
			if len(p.Issuances) == 0 {
				break
			}
			for i, is := range p.Issuances {
				if i > 0 && is.At.After(p.Issuances[i-1].At) {
					t.Errorf("page at %d: not newest first", off)
				}
				all = append(all, is.Outputs[0].Bytes)
			}
		}
		if len(all) != n+1 || all[0] != n-1 || all[n-1] != 0 {
			t.Errorf("pages hold %d issuances: %v", len(all), all)
		}
		if p, err := reg.GetPage(ctx, res.ID, registry.Page{Limit: 1 << 20}); err != nil || len(p.Issuances) != min(registry.MaxIssuances, n+1) {
			t.Errorf("a limit above the bound: %d issuances, %v", len(p.Issuances), err)
		}

		// Reissue finds the newest docx, the oldest issuance, past the page.
		data, err := registry.Reissue(ctx, l, &generate.Generator{Program: "clausemark test", Options: format.Options{Creator: "clausemark test"}}, d, docx.Format)
		if err != nil || len(data) == 0 {
			t.Errorf("reissue of a format issued before the page: %v", err)
		}

		got, err := reg.IssuedFormats(ctx, []string{res.ID, other.ID, "CM-0000-0000-0000-0000"})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string][]string{res.ID: {"docx", "pdf"}, other.ID: {"html", "md"}}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("formats %v, want %v", got, want)
		}
	})
}
