package registry_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/registry"
)

// TestVerifyNamesEveryID: an issued PDF with another id appended is
// altered, naming every id found with what the registry holds of each,
// not "never issued" as when only the last id was looked up.
func TestVerifyNamesEveryID(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		cli := generate.Origin{Source: "render"}
		pdf := []*format.Format{format.PDF}
		issued := gen(t, l, reg, cli, "opsium", pdf, "customer.name=Globex Corporation")
		second := gen(t, l, reg, cli, "opsium", pdf, "customer.name=Initech GmbH")
		erased := gen(t, l, reg, cli, "opsium", pdf, "customer.name=Erased Ltd")
		stranger := gen(t, l, nil, generate.Origin{}, "opsium", pdf, "customer.name=Hooli")
		if n, err := reg.Erase(ctx, []string{erased.ID}); n != 1 || err != nil {
			t.Fatalf("erase: %d, %v", n, err)
		}
		appended := func(res *generate.Result, ids ...string) []byte {
			data := slices.Clone(res.Outputs[0].Data)
			for _, id := range ids {
				data = append(data, []byte("\n"+id+"\n")...)
			}
			return data
		}
		type name struct {
			id     string
			status registry.Status
		}
		tests := []struct {
			name   string
			data   []byte
			status registry.Status
			id     string
			names  []name
		}{
			{"issued, with an unrecorded id appended", appended(issued, stranger.ID), registry.Altered, issued.ID,
				[]name{{issued.ID, registry.Altered}, {stranger.ID, registry.Unknown}}},
			{"unrecorded, with an issued id appended", appended(stranger, issued.ID), registry.Altered, issued.ID,
				[]name{{stranger.ID, registry.Unknown}, {issued.ID, registry.Altered}}},
			{"issued, with another issued id appended", appended(issued, second.ID), registry.Altered, issued.ID,
				[]name{{issued.ID, registry.Altered}, {second.ID, registry.Altered}}},
			{"issued, with an erased id appended", appended(issued, erased.ID), registry.Altered, issued.ID,
				[]name{{issued.ID, registry.Altered}, {erased.ID, registry.Erased}}},
			{"unrecorded, with an erased id appended", appended(stranger, erased.ID), registry.Erased, erased.ID,
				[]name{{stranger.ID, registry.Unknown}, {erased.ID, registry.Erased}}},
			{"unrecorded, with another unrecorded id", appended(stranger, "CM-0000-0000-0000-0000"), registry.Unknown, "",
				[]name{{stranger.ID, registry.Unknown}, {"CM-0000-0000-0000-0000", registry.Unknown}}},
			{"issued unaltered", issued.Outputs[0].Data, registry.Issued, issued.ID, nil},
		}
		for _, tc := range tests {
			v, err := reg.Verify(ctx, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			var got []name
			for _, n := range v.Names {
				got = append(got, name{n.ID, n.Status})
				if (n.Status == registry.Altered) != (n.Document != nil) || (n.Status == registry.Erased) == n.ErasedAt.IsZero() {
					t.Errorf("%s: %s %s with document %v, erased at %v", tc.name, n.ID, n.Status, n.Document, n.ErasedAt)
				}
			}
			if v.Status != tc.status || v.ID != tc.id || !slices.Equal(got, tc.names) {
				t.Errorf("%s: %s %q names %v; want %s %q names %v", tc.name, v.Status, v.ID, got, tc.status, tc.id, tc.names)
			}
			if v.Status == registry.Altered && (v.Document == nil || v.Document.ID != tc.id || len(v.Recorded) != 1) {
				t.Errorf("%s: document %+v, recorded %v", tc.name, v.Document, v.Recorded)
			}
		}
	})
}

// TestVerifyRecordedBounded: an altered verdict lists at most
// MaxRecorded of a document's outputs, newest first, and says there are
// more.
func TestVerifyRecordedBounded(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		res := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{format.PDF}, "customer.name=Globex Corporation")
		for i := range registry.MaxRecorded + 5 {
			again := *res
			again.Provenance.Outputs = []generate.OutputDigest{{Format: "pdf", SHA256: fmt.Sprintf("%064x", i), Bytes: 100 + i}}
			if err := reg.Record(ctx, &again); err != nil {
				t.Fatal(err)
			}
		}
		altered := slices.Clone(res.Outputs[0].Data)
		altered[len(altered)/2] ^= 1
		v, err := reg.Verify(ctx, altered)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != registry.Altered || len(v.Recorded) != registry.MaxRecorded || !v.RecordedMore {
			t.Fatalf("%s, %d recorded, more %v", v.Status, len(v.Recorded), v.RecordedMore)
		}
		if want := fmt.Sprintf("%064x", registry.MaxRecorded+4); v.Recorded[0].SHA256 != want || v.Recorded[0].Bytes != int64(100+registry.MaxRecorded+4) {
			t.Errorf("newest recorded %+v, want sha256 %s", v.Recorded[0], want)
		}
	})
}
