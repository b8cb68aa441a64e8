package generate_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

type recorder struct {
	got []*generate.Result
	err error
}

func (r *recorder) Record(_ context.Context, res *generate.Result) error {
	r.got = append(r.got, res)
	return r.err
}

func base(t *testing.T, variant string) *library.Prepared {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Variant: variant})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGenerate(t *testing.T) {
	p := base(t, "opsium")
	rec := &recorder{}
	g := &generate.Generator{Program: "clausemark test", Recorder: rec}
	set := vars.Set{"customer.name": {V: vars.Text("Globex")}}
	res, err := g.Generate(context.Background(), generate.Request{Base: p, Values: set}, []*format.Format{html.Format, format.Markdown})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.got) != 1 || rec.got[0] != res {
		t.Fatalf("recorded %d results", len(rec.got))
	}
	pv := res.Provenance
	if pv.Program != "clausemark test" || pv.Template != "dpa-concise" || pv.Variant != "opsium" || pv.LibraryVersion != p.Library().Version || pv.TemplateVersion != p.Template.Version {
		t.Errorf("provenance %+v", pv)
	}
	if len(pv.Clauses) != len(res.Document.Sections) || pv.Clauses[0].Version == "" || pv.Clauses[0].Alternative == "" {
		t.Errorf("clauses %+v", pv.Clauses)
	}
	if len(res.Outputs) != 2 || res.Outputs[0].Format != html.Format || len(pv.Outputs) != 2 {
		t.Fatalf("outputs %+v", pv.Outputs)
	}
	for i, o := range res.Outputs {
		sum := sha256.Sum256(o.Data)
		if o.SHA256 != hex.EncodeToString(sum[:]) || pv.Outputs[i].SHA256 != o.SHA256 || pv.Outputs[i].Bytes != len(o.Data) {
			t.Errorf("%s: digest %s", o.Format.Name, o.SHA256)
		}
	}
	if string(res.Outputs[1].Data) != string(res.Document.Model().NumberedMarkdown()) {
		t.Error("md output is not the assembled Markdown with the document's numbers")
	}

	// The same values written another way hash the same; other values do not.
	again, err := (&generate.Generator{}).Generate(context.Background(), generate.Request{Base: p, Values: vars.Set{"customer.name": {V: vars.Text("Globex"), Src: vars.Source{File: "x.yaml", Line: 3}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	other, err := (&generate.Generator{}).Generate(context.Background(), generate.Request{Base: p, Values: vars.Set{"customer.name": {V: vars.Text("Initech")}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Provenance.VariablesHash != pv.VariablesHash || other.Provenance.VariablesHash == pv.VariablesHash {
		t.Errorf("variables hashes %s, %s, %s", pv.VariablesHash, again.Provenance.VariablesHash, other.Provenance.VariablesHash)
	}
}

func TestGenerateFailures(t *testing.T) {
	p := base(t, "ojoo")
	ctx := context.Background()

	// A recorder's error fails the generation.
	boom := errors.New("registry down")
	if _, err := (&generate.Generator{Recorder: &recorder{err: boom}}).Generate(ctx, generate.Request{Base: p}, []*format.Format{format.Markdown}); !errors.Is(err, boom) {
		t.Errorf("recorder error: %v", err)
	}

	// A format that fails names itself, and nothing is recorded.
	bad := &format.Format{Name: "bad", Render: func(context.Context, *document.Document, format.Options) ([]byte, error) { return nil, boom }}
	rec := &recorder{}
	_, err := (&generate.Generator{Recorder: rec}).Generate(ctx, generate.Request{Base: p}, []*format.Format{format.Markdown, bad})
	var fe *generate.FormatError
	if !errors.As(err, &fe) || fe.Format != "bad" || !errors.Is(err, boom) || len(rec.got) != 0 {
		t.Errorf("format error: %v, recorded %d", err, len(rec.got))
	}

	// Cancellation stops it.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := (&generate.Generator{}).Generate(cancelled, generate.Request{Base: p}, []*format.Format{pdf.Format}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}

	// Bad values are the library's errors, unchanged.
	if _, err := (&generate.Generator{}).Generate(ctx, generate.Request{Base: p, Values: vars.Set{"deletion.days": {V: vars.Text("x")}}}, nil); err == nil {
		t.Error("no error for a mistyped value")
	}
	if _, err := (&generate.Generator{}).Generate(ctx, generate.Request{}, nil); err == nil {
		t.Error("no error without a base")
	}
}
