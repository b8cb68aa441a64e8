//go:build !nosnapshot

package library_test

import (
	"bytes"
	"fmt"
	"testing"

	clausemark "github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestSnapshotRenders: the library LoadLazy takes from the snapshot
// writes every template, from every variant, under every jurisdiction,
// byte for byte as the library loaded from the files does, and refuses
// what it refuses with the same error: the clauses and conditions parsed
// on first use call the same functions.
func TestSnapshotRenders(t *testing.T) {
	whole, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := library.LoadLazy(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	day := vars.RestoreDate(2026, 5, 29, vars.DateLayouts["long"])
	render := func(lib *library.Library, req library.Request) (string, error) {
		r, err := lib.Resolve(req)
		if err != nil {
			return "", err
		}
		doc, err := assemble.Assemble(r)
		if err != nil {
			return "", err
		}
		return string(doc.Markdown), nil
	}
	n := 0
	for _, tmpl := range whole.TemplateIDs() {
		for _, v := range whole.VariantNames() {
			for _, j := range append([]string{""}, whole.Schema.Vars["jurisdiction"].Values...) {
				req := library.Request{Template: tmpl, Variant: v, Date: day}
				if j != "" {
					req.Sets = []string{"jurisdiction=" + j}
				}
				want, wantErr := render(whole, req)
				got, gotErr := render(snap, req)
				name := fmt.Sprintf("%s/%s/%s", tmpl, v, j)
				if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Errorf("%s: error %v, want %v", name, gotErr, wantErr)
					continue
				}
				if !bytes.Equal([]byte(got), []byte(want)) {
					t.Errorf("%s: the snapshot's document differs from the files'", name)
				}
				if wantErr == nil {
					n++
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("only %d documents rendered", n)
	}
}
