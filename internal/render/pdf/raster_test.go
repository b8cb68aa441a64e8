package pdf_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// seedPDF renders a seed variant of the embedded library as PDF, the way
// `clausemark render --variant <variant> -o x.pdf` does: through the
// generator, in the variant's house style, with its document id in the
// footer.
func seedPDF(t *testing.T, variant string) []byte {
	t.Helper()
	g := &generate.Generator{Program: "clausemark test", Options: format.Options{Creator: "clausemark test"}}
	res, err := g.GenerateResolved(context.Background(), resolved(t, variant), []*format.Format{pdf.Format}, generate.Origin{Source: "render"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Outputs[0].Data
}

// rasterHashes rasterises every page of data with pdftoppm (50 dpi, grey,
// without anti-aliasing) and returns one line per page: its number and the
// SHA-256 of its pixels.
func rasterHashes(t *testing.T, data []byte) []string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-r", "50", "-gray", "-aa", "no", "-aaVector", "no", file, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, err := filepath.Glob(filepath.Join(dir, "page-*.pgm"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("pdftoppm wrote no pages: %v", err)
	}
	// page-01.pgm, page-02.pgm ...: zero-padded, so sorted by name is by number.
	slices.Sort(pages)
	var lines []string
	for i, p := range pages {
		img, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(pixels(t, img))
		lines = append(lines, fmt.Sprintf("page %d %s", i+1, hex.EncodeToString(sum[:])))
	}
	return lines
}

// pixels returns the samples of a binary PGM (P5) image, its header left out.
func pixels(t *testing.T, pgm []byte) []byte {
	t.Helper()
	// The header is four tokens: P5, width, height, maximum; then one
	// whitespace byte before the samples.
	at, tokens := 0, 0
	for tokens < 4 && at < len(pgm) {
		for at < len(pgm) && strings.ContainsRune(" \t\r\n", rune(pgm[at])) {
			at++
		}
		for at < len(pgm) && !strings.ContainsRune(" \t\r\n", rune(pgm[at])) {
			at++
		}
		tokens++
	}
	if tokens < 4 || at >= len(pgm) || string(pgm[:2]) != "P5" {
		t.Fatalf("not a binary PGM image: %.20q", pgm)
	}
	return pgm[at+1:]
}

// TestSeedsRaster renders both seeds' PDFs, rasterises each page with
// poppler's pdftoppm and compares the pages' pixels with the hashes in
// testdata/raster: a change to the layout or the writer that moves a
// single pixel of either seed shows up here, whatever the bytes. Run with
// -update to accept a change, and say in the commit why the pages changed.
func TestSeedsRaster(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftoppm is not installed; .ci/run installs poppler-utils")
		}
		t.Skip("pdftoppm not installed")
	}
	for _, variant := range []string{"opsium", "ojoo"} {
		t.Run(variant, func(t *testing.T) {
			t.Parallel()
			got := rasterHashes(t, seedPDF(t, variant))
			golden := filepath.Join("testdata", "raster", variant+".txt")
			if updating() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			want := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("%s: page %d's pixels differ from %s", variant, i+1, golden)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d pages, %s has %d", variant, len(got), golden, len(want))
			}
		})
	}
}
