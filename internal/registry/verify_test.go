package registry_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/registry/signtest"
	"github.com/clausemark/clausemark/internal/render/pdf"
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
		pdf := []*format.Format{pdf.Format}
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
		res := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex Corporation")
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

// TestVerifySigned: an issued PDF followed by an incremental update that
// signs it, as an e-signature tool appends one, is issued and unaltered,
// followed by one later revision, naming the signer; signed twice, by two
// revisions. A change of one byte inside the issued part, a damaged
// update, or garbage after the issued part, is altered.
func TestVerifySigned(t *testing.T) {
	l := lib(t)
	each(t, func(t *testing.T, loc string) {
		reg := open(t, loc, registry.Options{})
		ctx := context.Background()
		res := gen(t, l, reg, generate.Origin{Source: "render"}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex Corporation")
		issued := res.Outputs[0].Data
		once := sign(t, issued, signtest.Signature{Name: "Jane Customer", When: "D:20260302100000Z"})
		twice := sign(t, once, signtest.Signature{Name: "Zoë (Processor) \\ Ltd", When: "D:20260303100000Z"})
		unnamed := sign(t, issued, signtest.Signature{When: "D:20260302100000Z"})
		inside := slices.Clone(once)
		inside[len(issued)/2] ^= 1
		lastIssued := slices.Clone(once)
		lastIssued[len(issued)-3] ^= 1 // in "%%EOF"
		damaged := slices.Clone(once)
		i := len(issued) + bytes.Index(once[len(issued):], []byte("/Prev "))
		damaged[i+len("/Prev ")]++
		tests := []struct {
			name      string
			data      []byte
			status    registry.Status
			revisions int
			signers   []string
		}{
			{"signed once", once, registry.Issued, 1, []string{"Jane Customer"}},
			{"signed twice", twice, registry.Issued, 2, []string{"Jane Customer", "Zoë (Processor) \\ Ltd"}},
			{"a signature that names no one", unnamed, registry.Issued, 1, nil},
			{"one byte changed inside the issued part", inside, registry.Altered, 0, nil},
			{"its last marker changed", lastIssued, registry.Altered, 0, nil},
			{"an update whose /Prev is wrong", damaged, registry.Altered, 0, nil},
			{"garbage after the issued part", append(slices.Clone(issued), "1 0 obj\n(x)\nendobj\n%%EOF\n"...), registry.Altered, 0, nil},
		}
		for _, tc := range tests {
			v, err := reg.Verify(ctx, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != tc.status || v.ID != res.ID || v.Revisions != tc.revisions || !slices.Equal(v.Signers, tc.signers) {
				t.Errorf("%s: %s %s, %d revisions, signers %q; want %s %s, %d, %q", tc.name, v.Status, v.ID, v.Revisions, v.Signers, tc.status, res.ID, tc.revisions, tc.signers)
			}
			wantBytes := int64(0)
			if tc.status == registry.Issued {
				wantBytes = int64(len(issued))
				if v.Format != "pdf" || v.Issued == nil || v.Document == nil {
					t.Errorf("%s: format %q, issuance %v, document %v", tc.name, v.Format, v.Issued, v.Document)
				}
			}
			if v.IssuedBytes != wantBytes {
				t.Errorf("%s: issued bytes %d, want %d", tc.name, v.IssuedBytes, wantBytes)
			}
		}
		// The server verifies a file streamed through a Digester, in
		// pieces of any size.
		for _, size := range []int{1, 3, 4096} {
			var d registry.Digester
			for b := twice; len(b) > 0; b = b[min(size, len(b)):] {
				d.Write(b[:min(size, len(b))])
			}
			ids, more := docid.FindAll(twice)
			v, err := reg.VerifyFile(ctx, d.Digest(), ids, more)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != registry.Issued || v.Revisions != 2 || len(v.Signers) != 2 {
				t.Errorf("streamed in pieces of %d: %s, %d revisions, %q", size, v.Status, v.Revisions, v.Signers)
			}
		}
	})
}

// TestSignedPDFValid: the signed copies the tests verify are PDFs that
// qpdf reads without a warning, so that verify is tested on files as an
// e-signature tool makes them.
func TestSignedPDFValid(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("qpdf is not installed; .ci/run installs it")
		}
		t.Skip("qpdf not installed")
	}
	res := gen(t, lib(t), nil, generate.Origin{}, "opsium", []*format.Format{pdf.Format}, "customer.name=Globex Corporation")
	once := sign(t, res.Outputs[0].Data, signtest.Signature{Name: "Jane Customer", When: "D:20260302100000Z"})
	for name, data := range map[string][]byte{"once": once, "twice": sign(t, once, signtest.Signature{Name: "Zoë", When: "D:20260303100000Z"})} {
		path := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
		if err != nil || bytes.Contains(out, []byte("WARNING")) {
			t.Errorf("signed %s: qpdf --check: %v\n%s", name, err, out)
		}
		out, err = exec.Command("qpdf", "--show-xref", path).CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("uncompressed")) {
			t.Errorf("signed %s: qpdf --show-xref: %v\n%s", name, err, out)
		}
	}
}

func sign(t *testing.T, pdf []byte, sig signtest.Signature) []byte {
	t.Helper()
	out, err := signtest.Sign(pdf, sig)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
