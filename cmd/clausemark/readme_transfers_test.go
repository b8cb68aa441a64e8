package main

import (
	"bytes"
	"testing"
)

// TestDocsTransferTable keeps the transfer table in
// docs/reference/variables.md equal to what the engine works out from
// templates/transfers.yaml and templates/authorities.yaml; -update
// rewrites it.
func TestDocsTransferTable(t *testing.T) {
	var table bytes.Buffer
	if err := transfersMarkdown(&table, embeddedLibrary(t)); err != nil {
		t.Fatal(err)
	}
	checkDocSection(t, variablesPage, "transfers", table.Bytes(), "transfer table differs from what templates/transfers.yaml gives")
}
