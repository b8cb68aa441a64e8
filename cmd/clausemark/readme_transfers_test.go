package main

import (
	"bytes"
	"testing"
)

// TestREADMETransferTable keeps the README's transfer table equal to what
// the engine works out from templates/transfers.yaml and
// templates/authorities.yaml; -update rewrites it.
func TestREADMETransferTable(t *testing.T) {
	var table bytes.Buffer
	if err := transfersMarkdown(&table, embeddedLibrary(t)); err != nil {
		t.Fatal(err)
	}
	checkREADMESection(t, "transfers", table.Bytes(), "transfer table differs from what templates/transfers.yaml gives")
}
