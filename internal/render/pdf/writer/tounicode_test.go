package writer

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var updateCMap = flag.Bool("update-cmap", false, "rewrite tounicode.cmap.zlib from toUnicodeCMapText")

// TestToUnicodeCMapKept checks that the compressed ToUnicode CMap kept in
// tounicode.cmap.zlib is what toUnicodeCMapText and deflate make;
// -update-cmap writes it.
func TestToUnicodeCMapKept(t *testing.T) {
	want := deflate(toUnicodeCMapText())
	if *updateCMap {
		if err := os.WriteFile("tounicode.cmap.zlib", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(toUnicodeCMap(), want) {
		t.Fatalf("tounicode.cmap.zlib (%d bytes) is not what toUnicodeCMapText compresses to (%d bytes): run go test -run ToUnicodeCMapKept -args -update-cmap", len(toUnicodeCMap()), len(want))
	}
}

func BenchmarkToUnicodeCMap(b *testing.B) {
	for b.Loop() {
		deflate(toUnicodeCMapText())
	}
}
