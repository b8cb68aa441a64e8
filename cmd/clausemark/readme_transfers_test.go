package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

// TestREADMETransferTable keeps the README's transfer table equal to what
// the engine works out from templates/transfers.yaml and
// templates/authorities.yaml; -update rewrites it.
func TestREADMETransferTable(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := transfersMarkdown(&table, lib); err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- transfers:begin -->\n", "<!-- transfers:end -->"
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README has no %q ... %q markers", begin, end)
	}
	if *update {
		out := append(append(append([]byte{}, readme[:i+len(begin)]...), table.Bytes()...), readme[j:]...)
		if err := os.WriteFile(readmePath, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(readme[i+len(begin):j], table.Bytes()) {
		t.Errorf("the README's transfer table differs from what templates/transfers.yaml gives; run go test ./cmd/clausemark -run README -update")
	}
}
